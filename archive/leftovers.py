"""Temporary files and folders that name the process that made them, so that the leftovers of a
killed backup, restore, import or ingest can be told from the work of one still running."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

# Without a living owner a leftover is removed at once; one whose name names no owner (made by
# an older Papertrail) only after this long.
STALE_AFTER_S = 3600
_MARK = "~pid"


def owner_tag() -> str:
    """A name part unique to this process and call: '~pid<pid>-<random>'."""
    return f"{_MARK}{os.getpid()}-{os.urandom(4).hex()}"


def owner_pid(name: str) -> int | None:
    """The process id an owner_tag() in `name` names (None when there is none)."""
    at = name.rfind(_MARK)
    if at < 0:
        return None
    digits = name[at + len(_MARK):].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True     # someone else's process: not ours to judge
    return True


def abandoned(path: Path, stale_after_s: float = STALE_AFTER_S) -> bool:
    """Whether a leftover's owner is gone (or, with no owner in its name, it is old)."""
    pid = owner_pid(path.name)
    if pid is not None:
        return not _alive(pid)
    try:
        return time.time() - path.lstat().st_mtime > stale_after_s
    except FileNotFoundError:
        return False


def remove(path: Path) -> int:
    """Delete a leftover file or folder; returns the bytes freed (0 when it was already gone)."""
    try:
        if path.is_dir() and not path.is_symlink():
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            shutil.rmtree(path, ignore_errors=True)
            return size
        size = path.lstat().st_size
        path.unlink()
        return size
    except FileNotFoundError:
        return 0


def clean(folder: Path, patterns: tuple[str, ...], stale_after_s: float = STALE_AFTER_S) -> int:
    """Remove the abandoned leftovers matching `patterns` in `folder`; returns how many."""
    n = 0
    if not folder.is_dir():
        return 0
    for pattern in patterns:
        for p in folder.glob(pattern):
            if abandoned(p, stale_after_s):
                remove(p)
                n += 1
    return n
