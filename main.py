#!/usr/bin/env python3
"""Papertrail: an offline archive of correspondence. No command opens the window; commands script the archive."""
import sys
from pathlib import Path

from app.bootstrap import ensure_environment


def main() -> int:
    ensure_environment(Path(__file__))
    from app.cli import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
