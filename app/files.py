"""Writing user-visible files safely: complete or not at all."""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Callable, Iterator, NoReturn

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


# -- reading zips that may be hostile ------------------------------------------------------------
# A zip says how large each member is before it is read; that is checked first (size, the
# expansion from its compressed size, the total), then every member is read in chunks that
# stop at the size it declared, so a lying or exploding zip never fills memory or the disk.

CHUNK = 1024 ** 2
MAX_RATIO = 200             # a member may expand at most this much ...
RATIO_FLOOR = 4 * 1024 ** 2  # ... once it is larger than this (small text expands a lot)

Fail = Callable[[str], NoReturn]


def safe_member_name(name: str) -> bool:
    """A relative path with no '..', drive letter or backslash."""
    parts = name.split("/")
    return (not name.startswith("/") and "\\" not in name and ":" not in name
            and all(p not in ("", ".", "..") for p in parts))


def checked_members(zf: zipfile.ZipFile, limit: Callable[[str], int], total: int,
                    fail: Fail) -> dict[str, zipfile.ZipInfo]:
    """The members by name, after refusing (with `fail`) a zip with an unsafe or repeated
    name, or a member larger than `limit(name)`, expanding more than MAX_RATIO times, or
    members adding up to more than `total` bytes."""
    infos: dict[str, zipfile.ZipInfo] = {}
    size = 0
    for info in zf.infolist():
        name = info.filename
        if not safe_member_name(name):
            fail(f"the path {name!r} points outside the zip")
        if name in infos:
            fail(f"it holds {name} twice (which one is meant cannot be told)")
        infos[name] = info
        mb = info.file_size / 1024 ** 2
        if info.file_size > limit(name):
            fail(f"{name} is too large ({mb:.0f} MB; the limit is {limit(name) // 1024 ** 2} MB)")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            fail(f"{name} would expand from {info.compress_size // 1024} KB to {mb:.0f} MB "
                 "(a zip bomb?)")
        size += info.file_size
    if size > total:
        fail(f"its contents add up to {size // 1024 ** 2} MB (the limit is {total // 1024 ** 2} MB)")
    return infos


def stream_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, fail: Fail) -> Iterator[bytes]:
    """A member's bytes in chunks of at most CHUNK; reading stops at the size the zip declared
    (its CRC is checked at the end), so memory stays bounded whatever the member holds."""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    return
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error) as exc:
        fail(f"cannot read {info.filename} ({exc})")


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, fail: Fail) -> bytes:
    """A (size-checked) member whole: for the small JSON parts."""
    return b"".join(stream_member(zf, info, fail))


__all__ = ["atomic_path", "checked_members", "open_zip", "read_member", "safe_member_name",
           "stream_member", "write_atomic"]
