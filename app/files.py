"""Writing user-visible files safely: complete or not at all."""
from __future__ import annotations

import zipfile
from pathlib import Path

from archive.atomic import atomic_path, write_bytes
from archive.errors import BadInput


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and rename, so a failure (full disk,
    interruption) never leaves a half-written file."""
    write_bytes(Path(path), data)


def open_zip(source: Path, kind: str, shown: str, nothing: str) -> zipfile.ZipFile:
    """Open a backup or bundle; a missing or unreadable file is BadInput naming it (as `shown`)
    and saying nothing was `nothing` (restored, imported)."""
    try:
        return zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BadInput(f"no such {kind} file: {source}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadInput(f"{shown} is not a readable zip file ({exc}); nothing was {nothing}") from None


__all__ = ["atomic_path", "open_zip", "write_atomic"]
