"""SQLite schema and migrations (PRAGMA user_version), opened through sqlite-utils in WAL mode."""
from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .errors import ArchiveBusy

BUSY_TIMEOUT_S = 15


def _m1(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,            -- SHA-256 of the original file
            file_name TEXT NOT NULL,
            size INTEGER NOT NULL,
            title TEXT NOT NULL,
            title_conf REAL NOT NULL DEFAULT 1,
            date TEXT,                      -- partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD
            date_sort INTEGER NOT NULL DEFAULT 0,
            date_conf REAL NOT NULL DEFAULT 0,
            senders_conf REAL NOT NULL DEFAULT 0,
            recipients_conf REAL NOT NULL DEFAULT 0,
            kind TEXT NOT NULL DEFAULT 'letter',
            kind_conf REAL NOT NULL DEFAULT 0,
            language TEXT NOT NULL DEFAULT 'en',
            pages INTEGER NOT NULL,
            ocr_pages TEXT NOT NULL DEFAULT '[]',        -- JSON list of page numbers
            needs_ocr_pages TEXT NOT NULL DEFAULT '[]',
            no_text INTEGER NOT NULL DEFAULT 0,          -- 1 when no page has usable text
            text_problem TEXT NOT NULL DEFAULT '',
            pdf_meta TEXT NOT NULL DEFAULT '{}',
            confirmed INTEGER NOT NULL DEFAULT 0,        -- metadata checked by a person
            revision INTEGER NOT NULL DEFAULT 1,         -- bumped on every change; the index stores it
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE pages (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            text TEXT NOT NULL,
            words BLOB,
            width REAL, height REAL, rotation INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL,           -- text | ocr | none
            problem TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (doc_id, page)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE parties (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        )""")
    db.execute("""
        CREATE TABLE party_aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE,
            party_id INTEGER NOT NULL REFERENCES parties(id) ON DELETE CASCADE,
            key TEXT NOT NULL DEFAULT ''    -- spelling-insensitive form, see parties.name_key
        )""")
    db.execute("CREATE INDEX party_aliases_key ON party_aliases(key)")
    db.execute("""
        CREATE TABLE document_parties (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            party_id INTEGER NOT NULL REFERENCES parties(id),
            role TEXT NOT NULL,             -- sender | recipient
            position INTEGER NOT NULL,
            PRIMARY KEY (doc_id, role, position)
        )""")
    db.execute("CREATE INDEX document_parties_party ON document_parties(party_id)")
    db.execute("CREATE INDEX documents_date ON documents(date_sort)")


MIGRATIONS = [_m1]
_REBUILDS: set[int] = set()     # versions that rebuild a table other tables refer to


def add_migration(version: int, fn, *, rebuilds_table: bool = False) -> None:
    """Storage modules register their migration under a fixed version number (1-based).
    archive/__init__.py imports every such module, so all processes see the same list.

    rebuilds_table: the migration replaces a table that others refer to (SQLite's way to change
    a constraint: create the new table, copy, drop the old, rename). Foreign keys are then off
    while it runs, so dropping the old table does not cascade into the rows that refer to it,
    and every reference is checked before the migration commits."""
    if version != len(MIGRATIONS) + 1:
        raise RuntimeError(f"migration {version} registered out of order (next is {len(MIGRATIONS) + 1})")
    MIGRATIONS.append(fn)
    if rebuilds_table:
        _REBUILDS.add(version)


class Database:
    """The archive's connection: raw SQL through `execute`, and sqlite-utils (bulk inserts,
    table helpers) loaded on first use, so read-only commands start fast."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils = None

    def execute(self, sql: str, params=None) -> sqlite3.Cursor:
        return self.conn.execute(sql, params or [])

    def load_helpers(self) -> None:
        """Load sqlite-utils now, for a caller with time to spare before its first write (an
        ingest waiting for its first letter to be read)."""
        self._db()

    def _db(self):
        if self._utils is None:
            import sqlite_utils
            self._utils = sqlite_utils.Database(self.conn)
        return self._utils

    def __getitem__(self, table: str):
        return self._db()[table]

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]

    def __getattr__(self, name: str):
        return getattr(self._db(), name)


def read_text(raw: bytes) -> str:
    """Text from the database; bytes that are not UTF-8 (a damaged or hand-edited file) become
    U+FFFD instead of making every read of that row fail. `check` reports such rows."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def fetch_all(db: Database, sql: str, params=()) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of a query, with text decoded by SQLite's own C code rather than
    read_text for every value (most of a 20,000-letter listing). A value that is not UTF-8 makes
    that fast read fail, and the query is read again the forgiving way."""
    conn = db.conn
    forgiving = conn.text_factory
    conn.text_factory = str
    try:
        cur = conn.execute(sql, params)
        rows = cur.fetchall()
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
        conn.text_factory = forgiving
        cur = conn.execute(sql, params)
        rows = cur.fetchall()
    finally:
        conn.text_factory = forgiving
    return [c[0] for c in cur.description], rows


def connect(path: Path) -> Database:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                           check_same_thread=False)
    conn.text_factory = read_text
    db = Database(conn)
    db.execute("PRAGMA journal_mode=WAL")
    # FULL: every commit (a tag, an edit) is on disk before it is reported saved, even through
    # a power cut; in WAL mode NORMAL may lose the last commits. The cost is measured in the
    # README (Reliability).
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def pending_migrations(db: sqlite_utils.Database) -> int:
    return len(MIGRATIONS) - schema_version(db)


def migrate(db: sqlite_utils.Database) -> int:
    """Apply pending migrations, each in its own transaction; returns how many ran."""
    ran = 0
    while True:
        version = schema_version(db)
        if version > len(MIGRATIONS):
            raise ArchiveBusy(
                f"this archive was written by a newer Papertrail (schema {version}); update the app to open it")
        if version == len(MIGRATIONS):
            return ran
        rebuild = version + 1 in _REBUILDS
        if rebuild:
            db.execute("PRAGMA foreign_keys=OFF")      # no effect inside a transaction
        try:
            with transaction(db):
                # Re-read inside the write lock: another process may have migrated meanwhile.
                if schema_version(db) != version:
                    continue
                MIGRATIONS[version](db)
                if rebuild:
                    broken = db.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration {version + 1} left {len(broken)} broken reference(s), "
                                           f"first in table {broken[0][0]}")
                db.execute(f"PRAGMA user_version={version + 1}")
        finally:
            if rebuild:
                db.execute("PRAGMA foreign_keys=ON")
        ran += 1


@contextmanager
def transaction(db: sqlite_utils.Database):
    """BEGIN IMMEDIATE with a clear message when another program holds the write lock."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise ArchiveBusy(
                    "the archive is busy: another Papertrail window or command is writing to it; "
                    "try again when it has finished") from None
            time.sleep(0.1)
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")
