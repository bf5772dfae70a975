"""Document and page rows: insert in bulk, read, correct metadata."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .db import fetch_all
from .errors import Ambiguous, BadInput, NotFound
from .parties import clean_name, ensure_party, prune_unused

KINDS = ("letter", "memo", "report", "statement", "email")
_HEX = re.compile(r"^[0-9a-f]+$")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def resolve_id(db: sqlite_utils.Database, table: str, prefix: str, what: str) -> str:
    """Full id from a unique prefix of at least 6 hex characters."""
    prefix = (prefix or "").strip().lower()
    if len(prefix) < 6 or not _HEX.match(prefix):
        raise BadInput(f"{what} id {prefix!r} is not valid: give at least 6 hex characters of the id")
    rows = db.execute(f"SELECT id FROM {table} WHERE id >= ? AND id < ? LIMIT 11",
                      [prefix, prefix + "g"]).fetchall()
    if not rows:
        raise NotFound(f"no {what} with id {prefix}")
    if len(rows) > 1:
        shown = ", ".join(r[0][:12] for r in rows[:10])
        raise Ambiguous(f"{what} id {prefix} is ambiguous; it matches {shown}: give more characters")
    return rows[0][0]


def insert_documents(db: sqlite_utils.Database, docs: list[dict]) -> None:
    """Insert documents with their pages and parties (inside the caller's transaction).

    Each dict: the documents columns plus "senders"/"recipients" (names) and "page_rows"."""
    stamp = now_iso()
    doc_rows, page_rows, party_rows = [], [], []
    for d in docs:
        d = dict(d)
        pages = d.pop("page_rows")
        senders = d.pop("senders", [])
        recipients = d.pop("recipients", [])
        d.setdefault("added_at", stamp)
        d.setdefault("updated_at", stamp)
        doc_rows.append(d)
        page_rows.extend(pages)
        party_rows.extend(_party_rows(db, d["id"], senders, recipients))
    db["documents"].insert_all(doc_rows)
    _insert_plain(db, "pages", page_rows)
    if party_rows:
        db["document_parties"].insert_all(party_rows)


_PLAIN = (str, bytes, int, float, type(None))


def _insert_plain(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert rows as insert_all does, in one executemany when every row has the same columns
    and every value is one SQLite stores as it is (text, blobs, numbers, NULL): the pages of a
    batch of letters, where insert_all's checking of each value cost more than the inserting."""
    if not rows:
        return
    columns = tuple(rows[0])
    values = [tuple(row.values()) for row in rows]
    if any(tuple(row) != columns for row in rows) or \
            not all(type(v) in _PLAIN for row in values for v in row):
        db[table].insert_all(rows, batch_size=500)
        return
    names = ", ".join(f'"{c}"' for c in columns)
    db.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})', values)


def _party_rows(db, doc_id: str, senders: list[str], recipients: list[str]) -> list[dict]:
    rows = []
    for role, names in (("sender", senders), ("recipient", recipients)):
        seen = set()
        for name in names:
            name = clean_name(name)
            if not name:
                continue
            pid = ensure_party(db, name)
            if pid in seen:
                continue
            seen.add(pid)
            rows.append({"doc_id": doc_id, "party_id": pid, "role": role, "position": len(seen)})
    return rows


def doc_parties(db: sqlite_utils.Database, doc_ids: list[str] | None = None) -> dict[str, dict]:
    """{doc_id: {"sender": [(pid, name)], "recipient": [...]}}"""
    return {doc_id: {role: list(named.items()) for role, named in roles.items()}
            for doc_id, roles in _parties_by_doc(db, doc_ids).items()}


def _parties_by_doc(db, doc_ids: list[str] | None) -> dict[str, dict[str, dict[int, str]]]:
    """{doc_id: {"sender": {pid: name}, "recipient": {...}}} in position order; a dict per role,
    so that merged parties (aliases) appear once at their first place."""
    sql = """SELECT dp.doc_id, dp.role, dp.party_id, p.name FROM document_parties dp
             JOIN parties p ON p.id = dp.party_id"""
    params: list = []
    if doc_ids is not None:
        sql += f" WHERE dp.doc_id IN ({','.join('?' * len(doc_ids))})"
        params = doc_ids
    sql += " ORDER BY dp.doc_id, dp.role, dp.position"
    out: dict[str, dict] = {}
    for doc_id, role, pid, name in fetch_all(db, sql, params)[1]:
        entry = out.get(doc_id)
        if entry is None:
            entry = out[doc_id] = {"sender": {}, "recipient": {}}
        entry[role].setdefault(pid, name)
    return out


_DOC_COLUMNS = ("id, title, title_conf, date, date_conf, senders_conf, recipients_conf, kind, kind_conf, "
                "language, pages, file_name, added_at, updated_at, ocr_pages, needs_ocr_pages, no_text, "
                "text_problem, confirmed, revision, date_sort, size")


def list_documents(db: sqlite_utils.Database, doc_ids: list[str] | None = None,
                   limit: int | None = None) -> list[dict]:
    """Documents, newest first (only the first `limit` when given)."""
    sql = f"SELECT {_DOC_COLUMNS} FROM documents"
    params: list = []
    if doc_ids is not None:
        sql += f" WHERE id IN ({','.join('?' * len(doc_ids))})"
        params = list(doc_ids)
    sql += " ORDER BY date_sort DESC, title COLLATE NOCASE, id"     # the order of listing.listing()
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    names, rows = fetch_all(db, sql, params)
    docs = [dict(zip(names, row)) for row in rows]
    parties = _parties_by_doc(db, [d["id"] for d in docs] if limit is not None else doc_ids)
    nobody: dict[str, dict] = {"sender": {}, "recipient": {}}
    for d in docs:
        p = parties.get(d["id"], nobody)
        senders, recipients = p["sender"], p["recipient"]
        d["senders"] = list(senders.values())
        d["recipients"] = list(recipients.values())
        d["sender_ids"] = list(senders)
        d["recipient_ids"] = list(recipients)
        d["ocr_pages"] = _page_list(d["ocr_pages"])
        d["needs_ocr_pages"] = _page_list(d["needs_ocr_pages"])
    return docs


def _page_list(stored: str) -> list[int]:
    return [] if stored == "[]" else json.loads(stored)   # most documents: no such page


def citation_rows(db: sqlite_utils.Database):
    """(id, title, date, pages, file_name) of every document: what a citation can name it by."""
    return db.execute("SELECT id, title, date, pages, file_name FROM documents")


def get_document(db: sqlite_utils.Database, doc_id: str) -> dict:
    docs = list_documents(db, [doc_id])
    if not docs:
        raise NotFound(f"no document with id {doc_id}")
    return docs[0]


def page_texts(db: sqlite_utils.Database, doc_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT text FROM pages WHERE doc_id = ? ORDER BY page", [doc_id]).fetchall()]


def get_page(db: sqlite_utils.Database, doc_id: str, page: int) -> dict:
    cur = db.execute("SELECT * FROM pages WHERE doc_id = ? AND page = ?", [doc_id, page])
    row = cur.fetchone()
    if not row:
        raise NotFound(f"document {doc_id[:12]} has no page {page}")
    return dict(zip([c[0] for c in cur.description], row))


def update_metadata(db: sqlite_utils.Database, doc_id: str, *, title: str | None = None,
                    date=None, date_clear: bool = False, senders: list[str] | None = None,
                    recipients: list[str] | None = None, kind: str | None = None) -> None:
    """Correct metadata by hand (inside a transaction); hand-set fields get confidence 1."""
    changes: dict = {}
    if title is not None:
        title = " ".join(title.split())
        if not title:
            raise BadInput("the title cannot be empty")
        changes.update(title=title, title_conf=1.0)
    if date is not None:
        changes.update(date=date.iso(), date_sort=date.sort_key(), date_conf=1.0)
    elif date_clear:
        changes.update(date=None, date_sort=0, date_conf=1.0)
    if kind is not None:
        if kind not in KINDS:
            raise BadInput(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        changes.update(kind=kind, kind_conf=1.0)
    dropped: list[int] = []
    for role, names in (("sender", senders), ("recipient", recipients)):
        if names is None:
            continue
        dropped += [r[0] for r in db.execute(
            "SELECT party_id FROM document_parties WHERE doc_id = ? AND role = ?", [doc_id, role])]
        db.execute("DELETE FROM document_parties WHERE doc_id = ? AND role = ?", [doc_id, role])
        rows = _party_rows(db, doc_id, names if role == "sender" else [],
                           names if role == "recipient" else [])
        if rows:
            db["document_parties"].insert_all(rows)
        changes[f"{role}s_conf"] = 1.0
    changes["updated_at"] = now_iso()
    db.execute(
        f"UPDATE documents SET {', '.join(f'{k} = ?' for k in changes)}, revision = revision + 1 WHERE id = ?",
        [*changes.values(), doc_id])
    if dropped:
        prune_unused(db, dropped)  # a sender corrected away is no party any more if nothing else names it


def replace_read_metadata(db: sqlite_utils.Database, doc_id: str, fields: dict) -> None:
    """Store metadata read again by the machine (inside a transaction): `fields` maps title,
    date (PartialDate or None), senders, recipients and kind to (value, confidence); fields left
    out are kept. Parties no longer named by anything are removed."""
    changes: dict = {}
    if "title" in fields:
        changes.update(title=fields["title"][0], title_conf=fields["title"][1])
    if "date" in fields:
        date, conf = fields["date"]
        changes.update(date=date.iso() if date else None, date_sort=date.sort_key() if date else 0,
                       date_conf=conf if date else 0.0)
    if "kind" in fields:
        changes.update(kind=fields["kind"][0], kind_conf=fields["kind"][1])
    dropped: list[int] = []
    for role in ("sender", "recipient"):
        if f"{role}s" not in fields:
            continue
        names, conf = fields[f"{role}s"]
        dropped += [r[0] for r in db.execute(
            "SELECT party_id FROM document_parties WHERE doc_id = ? AND role = ?", [doc_id, role])]
        db.execute("DELETE FROM document_parties WHERE doc_id = ? AND role = ?", [doc_id, role])
        rows = _party_rows(db, doc_id, names if role == "sender" else [], names if role == "recipient" else [])
        if rows:
            db["document_parties"].insert_all(rows)
        changes[f"{role}s_conf"] = conf
    if changes:
        changes["updated_at"] = now_iso()
        db.execute(
            f"UPDATE documents SET {', '.join(f'{k} = ?' for k in changes)}, revision = revision + 1 WHERE id = ?",
            [*changes.values(), doc_id])
    if dropped:
        prune_unused(db, dropped)
