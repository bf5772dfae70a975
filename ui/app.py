"""The QApplication: organisation names for settings, light and dark themes, and `run_gui(argv)`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from . import resources, settings

LIGHT = {
    "window": "#f5f6f8", "base": "#ffffff", "alt": "#f7f8fa", "text": "#1f2328", "muted": "#5f6670",
    "border": "#d5d9df", "button": "#ffffff", "accent": "#2f6fdb", "accent_text": "#ffffff",
    "highlight": "#d6e4fb", "highlight_text": "#1f2328", "error": "#b42318", "error_bg": "#fdecea",
    "unsure": "#fff1c2", "mark_bg": "#ffe066", "mark_text": "#1d1d1d", "icon": "#3b4252",
    "icon_disabled": "#a9afb8", "sidebar": "#eef0f3", "tooltip": "#ffffff",
}
DARK = {
    "window": "#1f2124", "base": "#17181a", "alt": "#1c1e21", "text": "#e6e8eb", "muted": "#9aa1ab",
    "border": "#3a3e44", "button": "#2a2d31", "accent": "#5b93f0", "accent_text": "#0f1115",
    "highlight": "#2d4a7a", "highlight_text": "#f2f4f7", "error": "#ff8a7a", "error_bg": "#3a1d1a",
    "unsure": "#4a3f1a", "mark_bg": "#d9a400", "mark_text": "#111111", "icon": "#d5d9df",
    "icon_disabled": "#5d636b", "sidebar": "#1a1c1f", "tooltip": "#2a2d31",
}


def resolve_theme(choice: str | None = None) -> str:
    """'light' or 'dark': the manual choice, else what the system asks for."""
    choice = choice or settings.theme()
    if choice in ("light", "dark"):
        return choice
    app = QApplication.instance()
    scheme = app.styleHints().colorScheme() if app else Qt.ColorScheme.Unknown
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def theme_colors(choice: str | None = None) -> dict[str, str]:
    return DARK if resolve_theme(choice) == "dark" else LIGHT


def _palette(c: dict[str, str]) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    pairs = {role.Window: c["window"], role.WindowText: c["text"], role.Base: c["base"],
             role.AlternateBase: c["alt"], role.Text: c["text"], role.Button: c["button"],
             role.ButtonText: c["text"], role.Highlight: c["highlight"], role.HighlightedText: c["highlight_text"],
             role.ToolTipBase: c["tooltip"], role.ToolTipText: c["text"], role.PlaceholderText: c["muted"],
             role.Link: c["accent"], role.BrightText: c["error"], role.Mid: c["border"],
             role.Midlight: c["border"], role.Dark: c["border"], role.Light: c["base"], role.Shadow: c["border"],
             role.Accent: c["accent"]}
    for r, value in pairs.items():
        p.setColor(r, QColor(value))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(c["muted"]))
    return p


def apply_theme(app: QApplication, choice: str | None = None) -> dict[str, str]:
    """Apply the chosen (or the system's) theme to the whole application; returns its colours."""
    colors = theme_colors(choice)
    if app.property("papertrail_theme") == resolve_theme(choice):
        return colors   # restyling every widget again costs a noticeable fraction of a second
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(_palette(colors))
    app.setStyleSheet(resources.stylesheet(colors))
    app.setProperty("papertrail_theme", resolve_theme(choice))
    return colors


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("Papertrail")
    app.setWindowIcon(resources.icon("library", "#2f6fdb"))
    apply_theme(app)
    return app


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="main.py", add_help=False)
    p.add_argument("--archive", metavar="DIR")
    p.add_argument("paths", nargs="*")
    args, _unknown = p.parse_known_args(argv)
    return args


def startup_archive(explicit: str | None) -> Path:
    """--archive, else $PAPERTRAIL_ARCHIVE, else the archive used last, else the default folder."""
    import os

    from archive import ENV_VAR, default_archive_dir
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return default_archive_dir()
    last = settings.LAST_ARCHIVE.get()
    if last and Path(last).is_dir():
        return Path(last)
    return default_archive_dir()


def run_gui(argv: list[str]) -> int:
    """Open the window (on the given archive) and add any files named on the command line."""
    args = _parse(argv)
    app = make_app([sys.argv[0]])
    paths = [str(Path(p).expanduser().resolve()) for p in args.paths]
    from archive import default_archive_dir

    from .single_instance import InstanceServer, hand_over, same_folder
    # One channel per user and data folder (a test or a second profile with its own data folder
    # gets its own window).
    scope = str(default_archive_dir())
    if hand_over(paths, Path(args.archive) if args.archive else None, scope=scope):
        return 0            # the window already open took the files and came forward
    from .main_window import MainWindow
    first = startup_archive(args.archive)
    window = MainWindow(first)

    def accepts(archive: str | None) -> bool:
        return archive is None or same_folder(archive, window.session.path if window.session else first)

    def deliver(more: list[str]) -> None:
        window.showNormal() if window.isMinimized() else window.show()
        window.raise_()
        window.activateWindow()
        if more:
            window.add_paths(more)

    window.instance_server = InstanceServer(accepts, deliver, window, scope=scope)
    window.show()
    if paths:
        window.add_paths(paths)
    return app.exec()
