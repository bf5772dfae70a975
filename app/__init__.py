"""Papertrail's use cases (no Qt), and the one version string of the app."""

__version__ = "0.1.0"
