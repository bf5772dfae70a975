"""Stored follow-up letter drafts (their body as JSON) and the passages each one quotes."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .db import add_migration
from .documents import now_iso
from .errors import BadInput, NotFound


def _m4(db: sqlite_utils.Database) -> None:
    # AUTOINCREMENT so a deleted draft's id is never handed out again: a window autosaving
    # under an old id must not overwrite a different, newer draft.
    db.execute("""
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            body TEXT NOT NULL,             -- the draft as JSON (app.draft.model.Draft.to_dict)
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE draft_passages (
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            passage_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            PRIMARY KEY (draft_id, passage_id)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX draft_passages_passage ON draft_passages(passage_id)")


add_migration(4, _m4)


def parse_id(ref) -> int:
    """A draft id as typed ("3") or passed (3)."""
    if isinstance(ref, bool):
        raise BadInput(f"draft id {ref!r} is not valid: give the draft's number")
    if isinstance(ref, int):
        return ref
    text = str(ref).strip()
    if not text.isdigit():
        raise BadInput(f"draft id {ref!r} is not valid: give the draft's number (see: drafts)")
    return int(text)


def save(db: sqlite_utils.Database, title: str, body: dict, passage_ids: list[str],
         draft_id: int | None = None) -> int:
    """Insert or update one draft and its passage links (inside the caller's transaction).

    Saving an unchanged body again leaves updated_at alone, so autosave does not make an
    untouched draft look recently edited."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    stamp = now_iso()
    if draft_id is None:
        draft_id = db.execute("INSERT INTO drafts (title, body, created_at, updated_at) VALUES (?, ?, ?, ?)",
                              [title, text, stamp, stamp]).lastrowid
    else:
        row = db.execute("SELECT title, body FROM drafts WHERE id = ?", [draft_id]).fetchone()
        if row is None:
            raise NotFound(f"no draft with id {draft_id}: it may have been deleted; save it as a new draft")
        if tuple(row) == (title, text):
            return draft_id
        db.execute("UPDATE drafts SET title = ?, body = ?, updated_at = ? WHERE id = ?",
                   [title, text, stamp, draft_id])
        db.execute("DELETE FROM draft_passages WHERE draft_id = ?", [draft_id])
    wanted = sorted(set(passage_ids))
    for start in range(0, len(wanted), 400):
        chunk = wanted[start:start + 400]
        # Only passages that still exist: a quote may outlive the passage it was taken from.
        db.execute(f"INSERT INTO draft_passages (draft_id, passage_id) SELECT ?, id FROM passages "
                   f"WHERE id IN ({','.join('?' * len(chunk))})", [draft_id, *chunk])
    return draft_id


def get(db: sqlite_utils.Database, draft_id: int) -> dict:
    cur = db.execute("SELECT id, title, body, created_at, updated_at FROM drafts WHERE id = ?", [draft_id])
    row = cur.fetchone()
    if row is None:
        raise NotFound(f"no draft with id {draft_id} (see: drafts)")
    d = dict(zip([c[0] for c in cur.description], row))
    d["passage_ids"] = [r[0] for r in db.execute(
        "SELECT passage_id FROM draft_passages WHERE draft_id = ? ORDER BY passage_id", [draft_id])]
    return d


def list_all(db: sqlite_utils.Database) -> list[dict]:
    cur = db.execute("""SELECT d.id, d.title, d.created_at, d.updated_at,
                               (SELECT COUNT(*) FROM draft_passages x WHERE x.draft_id = d.id) AS passages
                        FROM drafts d ORDER BY d.updated_at DESC, d.id DESC""")
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def delete(db: sqlite_utils.Database, draft_id: int) -> None:
    if not db.execute("DELETE FROM drafts WHERE id = ?", [draft_id]).rowcount:
        raise NotFound(f"no draft with id {draft_id} (see: drafts)")
