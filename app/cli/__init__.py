"""The command line: `python main.py [--archive DIR] COMMAND`; a stable contract for scripts."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Callable

from archive.errors import Ambiguous, BadInput, NotFound, PapertrailError, QueryError

COMMANDS: dict[str, Callable] = {}
USAGE_HINTS: dict[str, str] = {}     # a command's advice for its usual slip, added to its usage errors


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line on stderr, exit 2
        hint = USAGE_HINTS.get(self.prog.split()[-1], "") if "required" in message else ""
        raise UsageError(f"{message}{'; ' + hint if hint else ''} (see: {self.prog} --help)")


def json_flag(p) -> None:
    """The --json option every command that prints has."""
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def emit_json(obj) -> None:
    if isinstance(obj, list) and len(obj) > 50:
        # A long listing (docs, passages): one item a line. The same JSON, written by the json
        # module's C encoder, which indent= would turn off (most of `docs` at 20,000 letters);
        # one encoder for every item, as json.dumps with options builds a new one per call.
        encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
        sys.stdout.write("[\n  " + ",\n  ".join(map(encode, obj)) + "\n]\n")
        return
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


# Control characters (escape sequences above all) in a title or a file name would be obeyed by
# a terminal: they can rewrite the screen or the window title. On a terminal they are shown as
# \x1b and the like; output to files and pipes keeps them as they are.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str, stream=None) -> str:
    """text with control characters escaped when `stream` (stdout) is a terminal."""
    stream = stream or sys.stdout
    if not stream.isatty() or not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def out(line: str = "", raw: bool = False) -> None:
    """Print a line; with `raw` the caller has made it terminal-safe itself (it adds styles)."""
    sys.stdout.write((line if raw else terminal_safe(line)) + "\n")


def out_lines(lines) -> None:
    """Print many lines at once (a long listing): one write, one terminal check."""
    text = "\n".join(lines)
    sys.stdout.write(terminal_safe(text) + "\n" if text else "")


def fail(message: str) -> None:
    sys.stderr.write("error: " + terminal_safe(" ".join(str(message).split()), sys.stderr) + "\n")


def open_archive(args, create: bool = False, repair: bool = True):
    """Open the archive; commands that use the search index repair it first (a crash may have
    left it behind the database). Listing commands skip that and start faster. Only commands that
    add something pass `create`: reading a mistyped folder must not leave a new archive there.
    Listing commands also leave the original files an interrupted ingest staged to the next
    command that writes (or the window)."""
    from archive import Archive
    archive = Archive.open(args.archive, create=create, before_migrate=backup_before_upgrade, recover=repair)
    if repair:
        archive.quick_index_repair()
    return archive


def backup_before_upgrade(archive) -> None:
    """An archive written by an older Papertrail is backed up before its schema is upgraded."""
    from ..backup import automatic_backup
    made = automatic_backup(archive, "before-upgrade")
    sys.stderr.write(f"Backed up the archive to {made} before upgrading it.\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser. Given `argv`, only what that run needs: the command it
    names, or (no command, an unknown one, --help) every command's name and help without their
    options. Building all forty commands took a tenth of a second of every command's start."""
    # The modules register their subcommands on import.
    from . import conversations, core, drafts, metadata, passages, questions, whole_archive  # noqa: F401
    from .. import __version__
    prog = "papertrail" if getattr(sys, "frozen", False) else "main.py"   # the packaged app's command
    p = _Parser(prog=prog, description="Papertrail: an offline archive of correspondence. "
                "Run without a command to open the window.")
    p.add_argument("--archive", metavar="DIR", help="archive folder (default: $PAPERTRAIL_ARCHIVE or "
                   "the user's data folder)")
    p.add_argument("--version", action="version", version=f"Papertrail {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    named = None if argv is None else next((a for a in _without_archive(argv) if not a.startswith("-")), "")
    if named in COMMANDS:
        COMMANDS[named].configure(sub)        # the only command this run can parse
        return p
    for fn in COMMANDS.values():
        fn.configure(sub, options=named is None)
    return p


def _without_archive(argv: list[str]) -> list[str]:
    rest, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--archive":
            skip = True
        elif not arg.startswith("--archive="):
            rest.append(arg)
    return rest


def wants_gui(argv: list[str]) -> bool:
    """No command, or only existing files/folders (which the window then adds): open the window."""
    return all(not a.startswith("-") and a not in COMMANDS and Path(a).exists() for a in _without_archive(argv))


def missing_files(argv: list[str]) -> list[str]:
    """The arguments that name files or folders to open (not a command) and do not exist:
    `main.py leter.pdf` is a mistyped file name, not an unknown command."""
    rest = _without_archive(argv)
    if not rest or rest[0].startswith("-") or rest[0] in COMMANDS:
        return []
    looks_like_path = [a for a in rest if Path(a).suffix or "/" in a or "\\" in a or Path(a).exists()]
    if len(looks_like_path) != len(rest):
        return []
    return [a for a in rest if not Path(a).exists()]


def main(argv: list[str]) -> int:
    try:
        parser = build_parser(argv)
        if wants_gui(argv):
            from ui.display import display_problem   # before Qt, which aborts without a display
            problem = display_problem()
            if problem:
                fail(f"cannot open the window: {problem}")
                return 1
            from ui.app import run_gui   # imported here so the command line never loads Qt
            return run_gui(argv)
        missing = missing_files(argv)
        if missing:
            fail(f"no such file or folder: {', '.join(missing)}; check the name (to open the window and add "
                 f"files, name existing PDF files or folders; for the commands see: main.py --help)")
            return 1
        args, extra = parser.parse_known_args(argv)
        if extra:
            hint = USAGE_HINTS.get(args.command or "", "")
            raise UsageError(f"unrecognized arguments: {' '.join(extra)}{'; ' + hint if hint else ''} "
                             f"(see: {parser.prog} --help)")
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
        fail(os_error_message(exc))
        return 1
    except UnicodeEncodeError:
        fail("an argument is not valid UTF-8 text (a terminal or script set to another encoding?): "
             "retype it, or set the terminal to UTF-8; nothing was changed")
        return 2
    except Exception as exc:  # noqa: BLE001 - sqlite3 errors, mapped to what to do
        import sqlite3
        if not isinstance(exc, sqlite3.Error):
            raise
        fail(database_error_message(exc))
        return 1


def os_error_message(exc: OSError) -> str:
    import errno
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk is full{where}: free some space and try again; what was saved before is kept, "
                "the step that failed was not saved")
    if exc.errno == errno.EROFS:
        return f"the archive is on a read-only disk{where}: copy it to a writable place to change it"
    return f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}"


def database_error_message(exc: Exception) -> str:
    """What an SQLite error means for the user, and what to do."""
    text = str(exc)
    low = text.lower()
    if "full" in low:
        return ("the disk is full: free some space and try again; what was saved before is kept, "
                "the step that failed was not saved")
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        return ("the archive cannot be written (a read-only disk or folder, or no permission): "
                "copy it to a writable place, or fix its permissions")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return (f"the archive's database is damaged ({text}): restore a backup, or copy what can still be "
                "read into a new archive with `recover NEW-FOLDER`")
    if "disk i/o" in low:
        return ("the archive could not be read or written (disk I/O error: a full disk, a file size "
                "limit or a failing drive): check the disk and try again; what was saved before is kept")
    return f"the archive's database reported an error ({text}): run `check`"


class Command:
    """A subcommand: `configure` adds its parser, calling it runs it."""

    def __init__(self, name: str, help: str, fn: Callable, setup: Callable):
        self.name, self.help, self.fn, self.setup = name, help, fn, setup

    def configure(self, sub, options: bool = True) -> None:
        p = sub.add_parser(self.name, help=self.help, description=self.help)
        if options:
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
        name = terminal_safe(Path(current).name[:40], sys.stderr) if current else ""
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show
