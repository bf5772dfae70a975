"""Reply links between documents, found from e-mail headers and "your letter of …", and the
conversations (documents exchanged between two parties) they belong to."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .db import add_migration
from .documents import now_iso


def _m8(db: sqlite_utils.Database) -> None:
    """Documents by exact date: "your letter of 14 March" looks up that day's letters for every
    document added, which without an index read the whole table (76 ms at 12,000 letters)."""
    db.execute("CREATE INDEX IF NOT EXISTS documents_date_text ON documents(date, id)")


add_migration(8, _m8)


def _rejected(db, doc_id: str, target: str) -> bool:
    return db.execute("SELECT 1 FROM reply_rejections WHERE doc_id = ? AND replies_to = ?",
                      [doc_id, target]).fetchone() is not None


def _add(db, doc_id: str, target: str, how: str) -> bool:
    if doc_id == target or _rejected(db, doc_id, target):
        return False
    if db.execute("SELECT 1 FROM replies WHERE doc_id = ?", [doc_id]).fetchone():
        return False        # one earlier document per reply; a person can change it
    db.execute("INSERT OR IGNORE INTO replies (doc_id, replies_to, how, created_at) VALUES (?, ?, ?, ?)",
               [doc_id, target, how, now_iso()])
    return True


def _by_message_id(db, ids: list[str]) -> dict[str, str]:
    ids = [i for i in ids if i]
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(db.execute(f"SELECT message_id, doc_id FROM correspondence WHERE message_id IN ({marks})",
                           ids).fetchall())


def _parties(db, doc_id: str) -> tuple[set[int], set[int]]:
    senders, recipients = set(), set()
    for role, pid in db.execute("SELECT role, party_id FROM document_parties WHERE doc_id = ?", [doc_id]):
        (senders if role == "sender" else recipients).add(pid)
    return senders, recipients


def _letter_match(db, doc_id: str, iso: str) -> str | None:
    """The archive's document of that date sent by one of this document's recipients, best if it
    was also sent to one of its senders."""
    senders, recipients = _parties(db, doc_id)
    best, best_score = None, 0
    for (cand,) in db.execute("SELECT id FROM documents WHERE date = ? AND id != ? ORDER BY id", [iso, doc_id]):
        c_senders, c_recipients = _parties(db, cand)
        if not c_senders & recipients:
            continue
        score = 1 + (1 if c_recipients & senders else 0)
        if score > best_score:
            best, best_score = cand, score
    return best


def link_replies(db: sqlite_utils.Database, doc_ids: list[str]) -> int:
    """Find reply links for new documents, both ways: what each answers, and which documents
    already in the archive answer it. Inside the caller's transaction; returns links made."""
    made = 0
    citing = _citing(db, doc_ids)
    for doc_id in doc_ids:
        row = db.execute("SELECT message_id, in_reply_to, refs, letter_refs FROM correspondence WHERE doc_id = ?",
                         [doc_id]).fetchone()
        if row:
            message_id, in_reply_to, refs, letters = row[0], row[1], json.loads(row[2]), json.loads(row[3])
            known = _by_message_id(db, [in_reply_to, *refs])
            target = known.get(in_reply_to) or next((known[r] for r in reversed(refs) if r in known), None)
            if target:
                made += _add(db, doc_id, target, "headers")
            for iso in letters:
                target = _letter_match(db, doc_id, iso)
                if target:
                    made += _add(db, doc_id, target, "letter")
                    break
            if message_id:
                for (later,) in db.execute("SELECT doc_id FROM correspondence WHERE in_reply_to = ? AND doc_id != ?",
                                           [message_id, doc_id]).fetchall():
                    made += _add(db, later, doc_id, "headers")
        date = db.execute("SELECT date FROM documents WHERE id = ?", [doc_id]).fetchone()
        if date and date[0] and len(date[0]) == 10:
            for later in citing.get(date[0], []):
                if later != doc_id and _letter_match(db, later, date[0]) == doc_id:
                    made += _add(db, later, doc_id, "letter")
    return made


def _citing(db, doc_ids: list[str]) -> dict[str, list[str]]:
    """{ISO date: documents whose "your letter of" names it} for the dates of these documents;
    one pass over the archive for a whole batch rather than one per document."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    dates = [r[0] for r in db.execute(f"SELECT DISTINCT date FROM documents WHERE id IN ({marks}) "
                                      "AND length(date) = 10", doc_ids)]
    if not dates:
        return {}
    out: dict[str, list[str]] = {}
    rows = db.execute("SELECT c.doc_id, r.value FROM correspondence c, json_each(c.letter_refs) r "
                      "WHERE c.letter_refs != '[]' AND json_valid(c.letter_refs) "
                      f"AND r.value IN ({','.join('?' * len(dates))})", dates)
    for doc_id, date in rows.fetchall():
        if doc_id not in out.setdefault(date, []):
            out[date].append(doc_id)
    return out


def replies_to(db: sqlite_utils.Database, doc_id: str) -> dict | None:
    row = db.execute("""SELECT r.replies_to, r.how, d.title, d.date FROM replies r JOIN documents d ON d.id = r.replies_to
                        WHERE r.doc_id = ?""", [doc_id]).fetchone()
    return dict(zip(("id", "how", "title", "date"), row)) if row else None


def answered_by(db: sqlite_utils.Database, doc_id: str) -> list[dict]:
    rows = db.execute("""SELECT r.doc_id, r.how, d.title, d.date FROM replies r JOIN documents d ON d.id = r.doc_id
                         WHERE r.replies_to = ? ORDER BY d.date_sort, d.id""", [doc_id]).fetchall()
    return [dict(zip(("id", "how", "title", "date"), r)) for r in rows]


def unlink(db: sqlite_utils.Database, doc_id: str) -> str | None:
    """Remove a document's reply link and remember it, so it is not guessed again; returns the
    document it was linked to (None when it had no link). Inside the caller's transaction."""
    row = db.execute("SELECT replies_to FROM replies WHERE doc_id = ?", [doc_id]).fetchone()
    if not row:
        return None
    db.execute("DELETE FROM replies WHERE doc_id = ?", [doc_id])
    db.execute("INSERT OR IGNORE INTO reply_rejections (doc_id, replies_to) VALUES (?, ?)", [doc_id, row[0]])
    return row[0]


def link(db: sqlite_utils.Database, doc_id: str, target: str) -> None:
    """Link by hand: doc_id answers target (replaces its current link; forgets an earlier unlink)."""
    db.execute("DELETE FROM replies WHERE doc_id = ?", [doc_id])
    db.execute("DELETE FROM reply_rejections WHERE doc_id = ? AND replies_to = ?", [doc_id, target])
    db.execute("INSERT INTO replies (doc_id, replies_to, how, created_at) VALUES (?, ?, 'hand', ?)",
               [doc_id, target, now_iso()])
