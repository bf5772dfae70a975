"""What a full check of the search index leaves behind: the state of the index and a digest of
the database it found in agreement. While neither has changed since, the index still agrees, and
opening the archive need not read every stored index entry again (half a second of work at
20,000 letters, on the thread that keeps the window answering)."""
from __future__ import annotations

import hashlib
import json
import os

from . import leftovers

MARK_NAME = "papertrail-checked.json"

# What the index is checked against (Archive.quick_index_repair, Archive.index_problems): every
# document's revision (bumped at each change, stored with each page indexed) and every passage.
_WANTED = ("SELECT group_concat(id || ':' || revision, ',') FROM (SELECT id, revision FROM documents ORDER BY id)",
           "SELECT group_concat(id || ':' || doc_id, ',') FROM "
           "(SELECT id, doc_id FROM passages WHERE doc_id IS NOT NULL ORDER BY id)")


def database_digest(db) -> str:
    """A digest of what the index must hold: it changes with any document added, removed or
    changed and any passage added or removed. (Worked out by SQLite, which lets other threads
    run meanwhile: 60 ms at 20,000 letters.)"""
    digest = hashlib.sha256()
    for sql in _WANTED:
        digest.update((db.execute(sql).fetchone()[0] or "").encode())
        digest.update(b"\n")
    return digest.hexdigest()


def marked(index, state: str) -> str | None:
    """The database digest the last full check found the index, in this state, agreeing with
    (None when there is no mark for this state: the index changed since, or was never checked)."""
    if not state:
        return None
    try:
        mark = json.loads((index.folder / MARK_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(mark, dict) or mark.get("index") != state:
        return None
    return mark.get("database")


def agrees(index, state: str, db) -> bool:
    """Whether a full check found the index, in this state, agreeing with the database as it is
    (the digest is worked out only when the index is as it was then)."""
    wanted = marked(index, state)
    return wanted is not None and wanted == database_digest(db)


def record(index, state: str, digest: str) -> None:
    """Leave the mark (best effort: without it the next opening checks everything again)."""
    if not state:
        return
    path = index.folder / MARK_NAME
    part = path.with_name(f".{MARK_NAME}.{leftovers.owner_tag()}.part")     # Archive.clean_leftovers
    try:
        part.write_text(json.dumps({"index": state, "database": digest}), encoding="utf-8")
        os.replace(part, path)
    except OSError:
        try:
            part.unlink()
        except OSError:
            pass
