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


def agrees(index, state: str, digest: str) -> bool:
    """Whether a full check found the index, in this state, agreeing with a database of this digest."""
    if not state:
        return False
    try:
        mark = json.loads((index.folder / MARK_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(mark, dict) and mark.get("index") == state and mark.get("database") == digest


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
