"""Backups: a consistent snapshot of an archive as one zip (database + originals + manifest), and restore."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from archive import DB_NAME, Archive
from archive import db as dbmod
from archive.atomic import atomic_path
from archive.errors import BadInput, PapertrailError
from archive.leftovers import clean as clean_leftovers
from archive.leftovers import owner_tag
from archive.store import sha256_bytes

from .files import checked_members, open_zip, read_member, safe_member_name, stream_member
from .progress import Cancel

FORMAT = "papertrail-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BACKUPS_DIR = "backups"
AUTO_PREFIX = "auto-"
KEEP_AUTOMATIC = 5
MAX_MANIFEST_BYTES = 64 * 1024 ** 2
MAX_ORIGINAL_BYTES = 1024 ** 3     # as ingest

Progress = Callable[[int, int, str], None]


class Cancelled(PapertrailError):
    """The operation stopped because its Cancel was set; nothing was written or changed."""


def stop_if_cancelled(cancel: Cancel | None, message: str) -> None:
    """Raise Cancelled(message) once cancel is set: called between files, never in the middle of one."""
    if cancel is not None and cancel.is_set():
        raise Cancelled(message)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _snapshot_db(archive: Archive, target: Path) -> None:
    """Copy the live database with SQLite's online backup API: consistent even while others write."""
    dst = sqlite3.connect(str(target))
    try:
        archive.db.conn.backup(dst, pages=1024)
        dst.execute("PRAGMA journal_mode=DELETE")   # a single self-contained file
    finally:
        dst.close()


class DatabaseDamaged(PapertrailError):
    """The archive's database fails SQLite's integrity check: no backup of it was written."""


def create_backup(archive: Archive, output: Path | str, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> dict:
    """Write a zip with the database snapshot, every original it refers to and manifest.json
    (counts and the sha256 of each member). The zip appears complete or not at all: a failure,
    or `cancel` set before the last file is in (Cancelled), leaves any file at `output` as it was.
    The snapshot must pass PRAGMA integrity_check (DatabaseDamaged otherwise, saying how to
    recover). Originals that are missing or damaged are left out, listed in the manifest and in
    the summary ("missing_originals"), so that one lost file does not stop every backup."""
    stopped = "backup cancelled; no backup file was written"
    output = Path(output).expanduser()
    if output.exists() and output.is_dir():
        raise BadInput(f"{output} is a folder: give a file name such as papertrail-backup.zip")
    if not output.parent.is_dir():
        raise BadInput(f"folder {output.parent} does not exist: create it first or choose another place")
    stop_if_cancelled(cancel, stopped)
    # What a killed backup to this same place left behind goes first.
    clean_leftovers(output.parent, (f".{output.name}.snapshot-*", f".{output.name}.*.part"))
    with tempfile.TemporaryDirectory(prefix=f".{output.name}.snapshot-{owner_tag()}-", dir=output.parent) as tmp:
        snap = Path(tmp) / DB_NAME
        _snapshot_db(archive, snap)
        _verify_snapshot(archive, snap)
        conn = sqlite3.connect(str(snap))
        try:
            doc_ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
            counts = {"documents": len(doc_ids), "pages": _count(conn, "pages"),
                      "passages": _count(conn, "passages"), "parties": _count(conn, "parties")}
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
            titles = dict(conn.execute("SELECT id, title FROM documents").fetchall())
        finally:
            conn.close()
        absent: list[dict] = []
        with atomic_path(output) as part:
            members: dict[str, str] = {}
            with zipfile.ZipFile(part, "w", allowZip64=True) as zf:
                members[DB_NAME] = _sha256_file(snap)
                zf.write(snap, DB_NAME, compress_type=zipfile.ZIP_DEFLATED)
                for i, digest in enumerate(doc_ids, 1):
                    stop_if_cancelled(cancel, stopped)
                    name = f"files/{digest[:2]}/{digest}.pdf"
                    data = archive.store.read(digest) if archive.store.has(digest) else None
                    problem = "missing" if data is None else "damaged" if sha256_bytes(data) != digest else ""
                    if problem:
                        absent.append({"id": digest, "title": titles.get(digest, ""), "problem": problem})
                    else:
                        zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)
                        members[name] = digest
                    if progress:
                        progress(i, len(doc_ids), name)
                # The last chance: once the manifest is in, the zip is renamed into place.
                stop_if_cancelled(cancel, stopped)
                manifest = {"format": FORMAT, "version": FORMAT_VERSION, "created_at": _now(),
                            "schema_version": schema, "counts": counts, "files": members,
                            "missing": {a["id"]: a["problem"] for a in absent}}
                zf.writestr(MANIFEST, json.dumps(manifest, indent=2), compress_type=zipfile.ZIP_DEFLATED)
    return {"output": str(output), "size": output.stat().st_size, **counts, "schema_version": schema,
            "missing_originals": absent}


def _verify_snapshot(archive: Archive, snap: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{snap}?mode=ro", uri=True)
        try:
            found = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    if found == ["ok"]:
        return
    lines = [ln for row in found for ln in row.splitlines() if ln.strip() and not ln.startswith("***")]
    first = (lines or ["unknown damage"])[0][:120]
    raise DatabaseDamaged(
        f"the archive's database is damaged (SQLite's integrity check found {len(lines)} problem(s), first: "
        f"{first}); no backup was written, since it could not be restored. `check` reports it too. "
        f"Recover what can still be read into a new archive with: main.py --archive {archive.path} recover "
        "NEW-FOLDER (then check the new archive and back it up); or restore an earlier backup")


def _sha256_file(path: Path) -> str:
    import hashlib
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _count(conn: sqlite3.Connection, table: str) -> int:
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:   # an old schema without this table
        return 0


# -- reading a backup ------------------------------------------------------------------------

def _safe_member(name: str) -> bool:
    return safe_member_name(name)


def read_manifest(zf: zipfile.ZipFile, source: str) -> dict:
    """The manifest after checking the zip's shape and sizes; BadInput with the reason otherwise."""
    def fail(reason: str):
        raise BadInput(f"{source} cannot be restored: {reason}; nothing was restored")

    infos = checked_members(zf, lambda name: MAX_MANIFEST_BYTES if name == MANIFEST else
                            MAX_ORIGINAL_BYTES if name.startswith("files/") else 1 << 62, 1 << 62, fail)
    names = list(infos)
    if MANIFEST not in names:
        raise BadInput(f"{source} is not a Papertrail backup (no {MANIFEST}); nothing was restored")
    try:
        manifest = json.loads(read_member(zf, infos[MANIFEST], fail))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadInput(f"{source}: {MANIFEST} is not valid JSON; nothing was restored") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BadInput(f"{source} is not a Papertrail backup; nothing was restored")
    if not isinstance(manifest.get("version"), int) or manifest["version"] > FORMAT_VERSION:
        raise BadInput(f"{source} was made by a newer Papertrail (backup format {manifest.get('version')}): "
                       "update the app to restore it")
    files = manifest.get("files")
    if not isinstance(files, dict) or DB_NAME not in files:
        raise BadInput(f"{source}: the manifest lists no database; nothing was restored")
    for name, digest in files.items():
        if not isinstance(name, str) or not isinstance(digest, str) or not _safe_member(name):
            raise BadInput(f"{source}: the manifest has a bad entry {name!r}; nothing was restored")
        if name not in names:
            raise BadInput(f"{source} is incomplete: {name} is listed but missing; nothing was restored")
        if name != DB_NAME and not (name.startswith("files/") and name == f"files/{digest[:2]}/{digest}.pdf"):
            raise BadInput(f"{source}: unexpected member {name!r}; nothing was restored")
    missing = manifest.setdefault("missing", {})
    if not isinstance(missing, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in missing.items()):
        raise BadInput(f"{source}: the manifest's list of missing originals is not valid; nothing was restored")
    manifest["_infos"] = infos
    return manifest


def restore_backup(source: Path | str, target: Path | str, progress: Progress | None = None,
                   cancel: Cancel | None = None) -> dict:
    """Recreate an archive from a backup zip in an empty or new folder; every file's hash is
    checked, the index is rebuilt and the result checked. Nothing is left behind on failure, or
    when `cancel` is set before the restored archive is moved into place (Cancelled)."""
    from .check import check
    stopped = "restore cancelled; nothing was restored"
    source, target = Path(source).expanduser(), Path(target).expanduser()
    if target.is_symlink() and target.is_dir():
        target = target.resolve()   # restore into the folder the link points to
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BadInput(f"{target} is not empty: restore into a new or empty folder "
                       "(restoring never overwrites an archive)")
    zf = open_zip(source, "backup", str(source), "restored")
    made = _missing_folders(target.parent)
    existed = target.exists()
    work = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(target.parent, (f".{target.name}.restoring-*",))
        with zf:
            manifest = read_manifest(zf, source.name)
            files = manifest["files"]
            infos = manifest.pop("_infos")
            _check_free_space(target.parent, sum(infos[n].file_size for n in files), source.name)
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-{owner_tag()}-", dir=target.parent))
            for i, (name, digest) in enumerate(sorted(files.items()), 1):
                stop_if_cancelled(cancel, stopped)
                dest = work / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                if _copy_member(zf, infos[name], dest, source.name) != digest:
                    raise BadInput(f"{source.name} is damaged: {name} does not match its checksum; "
                                   "nothing was restored")
                if name != DB_NAME:
                    os.chmod(dest, 0o444)
                if progress:
                    progress(i, len(files), name)
        stop_if_cancelled(cancel, stopped)
        _check_database(work / DB_NAME, source.name)
        archive = Archive.open(work, create=False)
        try:
            # Rebuilding the index of a large archive takes a while: Cancel is honoured between batches.
            archive.rebuild_index(lambda _done, _total: stop_if_cancelled(cancel, stopped))
            stop_if_cancelled(cancel, stopped)
            absent = manifest["missing"]
            problems = [p for p in check(archive)
                        if not (p["kind"] == "missing-file" and any(p["message"].endswith(f"{d[:12]} is missing")
                                                                    for d in absent))]
            counts = {t: _count(archive.db.conn, t) for t in ("documents", "passages")}
        finally:
            archive.close()
        if problems:
            raise PapertrailError(f"the restored archive does not check out: {problems[0]['message']}; "
                                  "nothing was restored")
        stop_if_cancelled(cancel, stopped)     # the last chance: from here on the restore completes
        if target.exists():
            target.rmdir()      # empty (checked above); rename cannot replace it on every OS
        os.replace(work, target)
    except BaseException:
        zf.close()
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if existed and not target.exists():
            target.mkdir()      # the empty folder chosen is left as it was
        for folder in reversed(made):      # folders made for the restore go too, innermost first
            try:
                folder.rmdir()
            except OSError:
                break
        raise
    return {"archive": str(target), "created_at": manifest.get("created_at"), **counts,
            "missing_originals": sorted(manifest["missing"])}


def _missing_folders(folder: Path) -> list[Path]:
    """folder and those of its parents that do not exist yet, outermost first."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def _check_free_space(folder: Path, need: int, source: str) -> None:
    free = shutil.disk_usage(folder).free
    if need > free:
        raise BadInput(f"{source} needs {need // 1024 ** 2} MB to restore and {folder} has {free // 1024 ** 2} MB "
                       "free: free some space or restore elsewhere; nothing was restored")


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, source: str) -> str:
    """Stream a member to dest (never whole in memory); returns its sha256."""
    import hashlib

    def fail(reason: str):
        raise BadInput(f"{source} is damaged: {reason}; nothing was restored")
    h = hashlib.sha256()
    with open(dest, "wb") as fh:
        for chunk in stream_member(zf, info, fail):
            h.update(chunk)
            fh.write(chunk)
    return h.hexdigest()


def _check_database(path: Path, source: str) -> None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BadInput(f"{source}: the database in the backup cannot be read ({exc}); nothing was restored") from None
    if ok != "ok":
        raise BadInput(f"{source}: the database in the backup is damaged ({ok}); nothing was restored")


# -- automatic backups -------------------------------------------------------------------------

def automatic_backup(archive: Archive, reason: str = "manual", keep: int = KEEP_AUTOMATIC,
                     summary: bool = False):
    """A backup in <archive>/backups/, keeping only the newest `keep` automatic ones; returns its
    path (with `summary`: the path and create_backup's summary)."""
    folder = archive.path / BACKUPS_DIR
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%f")
    tag = "".join(c if c.isalnum() or c == "-" else "-" for c in reason)[:40] or "backup"
    out = folder / f"{AUTO_PREFIX}{stamp}-{tag}.zip"
    info = create_backup(archive, out)
    prune_automatic(archive.path, keep)
    return (out, info) if summary else out


def automatic_backups(archive_path: Path | str) -> list[Path]:
    """Automatic backups of an archive, oldest first."""
    folder = Path(archive_path) / BACKUPS_DIR
    return sorted(folder.glob(f"{AUTO_PREFIX}*.zip")) if folder.is_dir() else []


def prune_automatic(archive_path: Path | str, keep: int = KEEP_AUTOMATIC) -> list[Path]:
    old = automatic_backups(archive_path)
    doomed = old[:max(0, len(old) - max(keep, 1))]
    for p in doomed:
        p.unlink(missing_ok=True)
    return doomed


def backup_before_migration(archive_path: Path | str, keep: int = KEEP_AUTOMATIC) -> Path | None:
    """If opening this archive would upgrade its database, back it up first; returns the backup
    (None when nothing is pending, or the archive does not exist yet)."""
    path = Path(archive_path).expanduser()
    if not (path / DB_NAME).exists():
        return None
    archive = Archive.open(path, create=False, migrate=False)
    try:
        version = dbmod.schema_version(archive.db)
        if version == 0 or dbmod.pending_migrations(archive.db) <= 0:
            return None
        return automatic_backup(archive, f"before-upgrade-from-schema-{version}", keep)
    finally:
        archive.close()


def open_with_backup(path: Path | str | None = None, keep: int = KEEP_AUTOMATIC,
                     create: bool = True) -> tuple[Archive, Path | None]:
    """Archive.open, with an automatic backup first when the database is about to be upgraded."""
    from archive import default_archive_dir
    path = Path(path).expanduser() if path else default_archive_dir()
    made = backup_before_migration(path, keep)
    archive = Archive.open(path, create=create)
    archive.quick_index_repair()
    return archive, made
