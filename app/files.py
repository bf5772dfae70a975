"""Writing user-visible files safely: complete or not at all."""
from __future__ import annotations

from pathlib import Path

from archive.atomic import atomic_path, write_bytes


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and rename, so a failure (full disk,
    interruption) never leaves a half-written file."""
    write_bytes(Path(path), data)


__all__ = ["atomic_path", "write_atomic"]
