"""Recovering a damaged archive into a new one: every row that can still be read is copied into a
fresh database (indexes rebuilt), the originals are copied over by hash and the search index is
built from scratch."""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from archive import DB_NAME, Archive
from archive import db as dbmod
from archive import listing
from archive.errors import BadInput, PapertrailError
from archive.leftovers import clean as clean_leftovers
from archive.leftovers import owner_tag
from archive.store import FileStore


def recover_archive(source: Path | str, target: Path | str) -> dict:
    """Copy what can be read of the archive at `source` into a new archive at `target` (a new or
    empty folder); `source` is only read. Returns counts, the rows that could not be read, the
    originals that could not be copied, and the problems `check` still finds in the new archive."""
    from .check import check
    source, target = Path(source).expanduser(), Path(target).expanduser()
    if not (source / DB_NAME).is_file():
        raise BadInput(f"no archive at {source}: give the damaged archive with --archive")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BadInput(f"{target} is not empty: recover into a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(target.parent, (f".{target.name}.recovering-*",))
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.recovering-{owner_tag()}-", dir=target.parent))
    try:
        try:
            old = sqlite3.connect(f"file:{source / DB_NAME}?mode=ro", uri=True)
        except sqlite3.DatabaseError as exc:
            raise PapertrailError(f"the database at {source} cannot be opened at all ({exc}): restore a backup") from None
        old.text_factory = dbmod.read_text
        try:
            version = _user_version(old)
            if not 1 <= version <= len(dbmod.MIGRATIONS):
                raise PapertrailError(f"the database at {source} has no readable schema version: restore a backup")
            new = dbmod.connect(work / DB_NAME)
            try:
                # The schema the damaged archive had; opening the result brings it up to date.
                for n, migration in enumerate(dbmod.MIGRATIONS[:version], start=1):
                    with dbmod.transaction(new):
                        migration(new)
                        new.execute(f"PRAGMA user_version={n}")
                new.execute("PRAGMA foreign_keys=OFF")
                copied, lost = _copy_rows(old, new)
            finally:
                new.conn.close()
        finally:
            old.close()
        archive = Archive.open(work, create=False)
        try:
            with archive.transaction():
                listing.refresh_all(archive.db)   # the names of documents whose party rows were lost
            store = FileStore(source / "files")
            missing = []
            for (doc_id,) in archive.db.execute("SELECT id FROM documents ORDER BY id").fetchall():
                if store.verify(doc_id):
                    archive.store.put(doc_id, store.read(doc_id))
                else:
                    missing.append(doc_id)
            archive.rebuild_index()
            problems = check(archive)
            counts = {t: archive.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                      for t in ("documents", "pages", "passages")}
        finally:
            archive.close()
        if target.exists():
            target.rmdir()      # empty (checked above); rename cannot replace it on every OS
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return {"archive": str(target), **counts, "unreadable_tables": lost, "missing_originals": missing,
            "problems": problems}


def _copy_rows(old: sqlite3.Connection, new) -> tuple[int, list[str]]:
    """Every row of every table that can still be read (tables read without their indexes,
    which are rebuilt on insert); returns (rows copied, tables read only in part)."""
    names = [r[0] for r in new.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
    copied, partial = 0, []
    for table in names:
        cols = [r[1] for r in new.execute(f'PRAGMA table_info("{table}")')]
        try:
            have = {r[1] for r in old.execute(f'PRAGMA table_info("{table}")')}
        except sqlite3.DatabaseError:
            partial.append(table)
            continue
        cols = [c for c in cols if c in have]
        if not cols:
            continue
        quoted = ", ".join(f'"{c}"' for c in cols)
        insert = f'INSERT OR IGNORE INTO "{table}" ({quoted}) VALUES ({", ".join("?" * len(cols))})'
        rows = []
        try:
            for row in old.execute(f'SELECT {quoted} FROM "{table}" NOT INDEXED'):
                rows.append(row)
        except sqlite3.DatabaseError:
            partial.append(table)      # the rows before the damage are kept
        with dbmod.transaction(new):
            new.conn.executemany(insert, rows)
        copied += len(rows)
    return copied, partial


def _user_version(conn: sqlite3.Connection) -> int:
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0
