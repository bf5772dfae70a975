"""Files that appear complete or not at all: write beside the target, fsync, rename."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(target: Path, mode: int | None = None, prefix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path in target's folder; when the block succeeds the file is synced,
    given `mode` (default: an ordinary file's permissions) and renamed over target. On any
    failure (full disk, interruption, a bug in the writer) the temporary file is removed and
    target is left as it was."""
    from .leftovers import owner_tag
    target = Path(target)
    # The name says which process writes it: a killed writer's leftover is cleaned up later.
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=prefix or f".{target.name}.{owner_tag()}.",
                                suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, _default_mode() if mode is None else mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(target: Path, data: bytes, mode: int | None = None, prefix: str | None = None) -> None:
    with atomic_path(target, mode, prefix) as tmp:
        tmp.write_bytes(data)
