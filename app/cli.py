"""The command line: `python main.py [--archive DIR] COMMAND`; a stable contract for scripts."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from archive.errors import Ambiguous, BadInput, NotFound, PapertrailError, QueryError

COMMANDS: dict[str, Callable] = {}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line on stderr, exit 2
        raise UsageError(f"{message} (see: {self.prog} --help)")


def emit_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def fail(message: str) -> None:
    sys.stderr.write("error: " + " ".join(str(message).split()) + "\n")


def open_archive(args, create: bool = True, repair: bool = True):
    """Open the archive; commands that use the search index repair it first (a crash may have
    left it behind the database). Listing commands skip that and start faster."""
    from archive import Archive
    archive = Archive.open(args.archive, create=create, before_migrate=backup_before_upgrade)
    if repair:
        archive.quick_index_repair()
    return archive


def backup_before_upgrade(archive) -> None:
    """An archive written by an older Papertrail is backed up before its schema is upgraded."""
    from .backup import automatic_backup
    made = automatic_backup(archive, "before-upgrade")
    sys.stderr.write(f"Backed up the archive to {made} before upgrading it.\n")


def build_parser() -> argparse.ArgumentParser:
    from . import cli_archive, cli_commands, cli_draft, cli_metadata, cli_passages  # noqa: F401 - they register the subcommands
    from . import __version__
    prog = "papertrail" if getattr(sys, "frozen", False) else "main.py"   # the packaged app's command
    p = _Parser(prog=prog, description="Papertrail: an offline archive of correspondence. "
                "Run without a command to open the window.")
    p.add_argument("--archive", metavar="DIR", help="archive folder (default: $PAPERTRAIL_ARCHIVE or "
                   "the user's data folder)")
    p.add_argument("--version", action="version", version=f"Papertrail {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, fn in COMMANDS.items():
        fn.configure(sub)
    return p


def wants_gui(argv: list[str]) -> bool:
    """No command, or only existing files/folders (which the window then adds): open the window."""
    rest, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--archive":
            skip = True
        elif not arg.startswith("--archive="):
            rest.append(arg)
    return all(not a.startswith("-") and a not in COMMANDS and Path(a).exists() for a in rest)


def main(argv: list[str]) -> int:
    try:
        parser = build_parser()
        if wants_gui(argv):
            from ui.app import run_gui   # imported here so the command line never loads Qt
            return run_gui(argv)
        args = parser.parse_args(argv)
    except UsageError as exc:
        fail(str(exc))
        return 2
    try:
        return COMMANDS[args.command](args) or 0
    except UsageError as exc:
        fail(str(exc))
        return 2
    except (BadInput, QueryError) as exc:
        fail(str(exc))
        return 2
    except (NotFound, Ambiguous) as exc:
        fail(str(exc))
        return 1
    except PapertrailError as exc:
        fail(str(exc))
        return 1
    except KeyboardInterrupt:
        fail("interrupted; the archive is unchanged except for what was already committed")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        fail(f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}")
        return 1


class Command:
    """A subcommand: `configure` adds its parser, calling it runs it."""

    def __init__(self, name: str, help: str, fn: Callable, setup: Callable):
        self.name, self.help, self.fn, self.setup = name, help, fn, setup

    def configure(self, sub) -> None:
        p = sub.add_parser(self.name, help=self.help, description=self.help)
        self.setup(p)

    def __call__(self, args):
        return self.fn(args)


def subcommand(name: str, help: str, setup: Callable = lambda p: None):
    def deco(fn):
        COMMANDS[name] = Command(name, help, fn, setup)
        return fn
    return deco


def progress_bar(label: str):
    """A terminal progress bar on stderr (nothing when stderr is not a terminal)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, current: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        name = Path(current).name[:40] if current else ""
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show
