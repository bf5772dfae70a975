"""Conversations: the documents exchanged between two parties, in order, with their reply links
and the gaps where one side waited for an answer ("no reply for 214 days")."""
from __future__ import annotations

import datetime as dt
import re

from archive import Archive
from archive import conversations as store
from archive.dates import PartialDate
from archive.errors import Ambiguous, BadInput, NotFound
from archive.parties import matching_party_ids

GAP_DAYS = 30       # a wait this long or longer is shown as a gap
_ID = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


def _sides(archive: Archive) -> dict[str, tuple[int, int]]:
    """Each document's first sender and first recipient (party ids)."""
    firsts: dict[str, dict[str, int]] = {}
    for doc_id, role, pid in archive.db.execute(
            "SELECT doc_id, role, party_id FROM document_parties ORDER BY doc_id, role, position"):
        firsts.setdefault(doc_id, {}).setdefault(role, pid)
    return {d: (r["sender"], r["recipient"]) for d, r in firsts.items()
            if "sender" in r and "recipient" in r and r["sender"] != r["recipient"]}


def _names(archive: Archive) -> dict[int, str]:
    return dict(archive.db.execute("SELECT id, name FROM parties").fetchall())


def conversation_id(a: int, b: int) -> str:
    return f"{min(a, b)}-{max(a, b)}"


def list_conversations(archive: Archive, today: dt.date | None = None) -> list[dict]:
    """Every pair of parties that wrote to each other, most recent first."""
    names = _names(archive)
    sides = _sides(archive)
    groups: dict[str, list[str]] = {}
    for doc_id, (s, r) in sides.items():
        groups.setdefault(conversation_id(s, r), []).append(doc_id)
    out = []
    for cid, ids in groups.items():
        view = _view(archive, cid, ids, names, today, sides)
        out.append({k: view[k] for k in ("id", "parties", "documents", "first", "last", "waiting")})
    out.sort(key=lambda c: (c["last"] or "", c["id"]), reverse=True)
    return out


def resolve(archive: Archive, ref: str) -> str:
    """A conversation id ("3-7") from an id or the name of one of its parties."""
    m = _ID.match(ref or "")
    if m:
        return conversation_id(int(m[1]), int(m[2]))
    pids = set(matching_party_ids(archive.db, ref)) if ref and ref.strip() else set()
    if not pids:
        raise NotFound(f"no conversation {ref!r}: give an id from `conversations` (e.g. 3-7) or a party's name")
    found = sorted({conversation_id(s, r) for s, r in _sides(archive).values() if s in pids or r in pids})
    if not found:
        raise NotFound(f"no conversation with {ref!r}: no document was sent between it and another party")
    if len(found) > 1:
        names = _names(archive)
        shown = "; ".join(f"{c} ({' ↔ '.join(names.get(int(p), '?') for p in c.split('-'))})" for c in found[:10])
        raise Ambiguous(f"{ref!r} has {len(found)} conversations: {shown}; give one of their ids")
    return found[0]


def get_conversation(archive: Archive, ref: str, today: dt.date | None = None) -> dict:
    cid = resolve(archive, ref)
    sides = _sides(archive)
    ids = [d for d, (s, r) in sides.items() if conversation_id(s, r) == cid]
    if not ids:
        raise NotFound(f"no conversation {cid}: see `conversations` for the ids")
    return _view(archive, cid, ids, _names(archive), today, sides)


def _day(iso: str | None) -> dt.date | None:
    return PartialDate.from_iso(iso).start() if iso else None


def _view(archive: Archive, cid: str, ids: list[str], names: dict[int, str], today: dt.date | None,
          sides: dict[str, tuple[int, int]]) -> dict:
    from archive.documents import list_documents
    today = today or dt.date.today()
    docs = list_documents(archive.db, ids)
    sent = _sent_times(archive, ids)
    # Within a day, e-mails go by the time they were sent (in UTC, whatever their time zones).
    dated = sorted((d for d in docs if d["date"]),
                   key=lambda d: (d["date_sort"], sent.get(d["id"], ""), d["added_at"], d["id"]))
    undated = sorted((d for d in docs if not d["date"]), key=lambda d: (d["added_at"], d["id"]))
    links = dict(archive.db.execute(
        f"SELECT doc_id, replies_to FROM replies WHERE doc_id IN ({','.join('?' * len(ids))})", ids).fetchall())
    how = dict(archive.db.execute(
        f"SELECT doc_id, how FROM replies WHERE doc_id IN ({','.join('?' * len(ids))})", ids).fetchall())
    titles = {d["id"]: d["title"] for d in docs}
    entries = []
    prev = None
    for d in dated + undated:
        s, r = sides[d["id"]]
        entry = {"id": d["id"], "date": d["date"], "title": d["title"], "kind": d["kind"],
                 "from": names.get(s, "?"), "to": names.get(r, "?"), "from_id": s}
        target = links.get(d["id"])
        if target:
            entry["replies_to"] = {"id": target, "title": titles.get(target) or _title(archive, target),
                                   "how": how[d["id"]]}
        if prev is not None and d["date"] and prev["date"]:
            days = (_day(d["date"]) - _day(prev["date"])).days
            if days >= GAP_DAYS:
                waiting = prev["from"]
                gap = f"no reply for {days} days"
                if prev["from_id"] == s:
                    gap += f"; {entry['from']} wrote again"
                entry["gap_before"] = {"days": days, "waiting": waiting, "text": gap}
        entries.append(entry)
        prev = entry if d["date"] else prev
    waiting = None
    if prev is not None and prev["date"]:
        days = (today - _day(prev["date"])).days
        if days >= GAP_DAYS:
            waiting = {"days": days, "waiting": prev["from"], "text": f"no reply for {days} days so far"}
    a, b = (int(x) for x in cid.split("-"))
    return {"id": cid, "parties": [names.get(a, "?"), names.get(b, "?")], "documents": len(entries),
            "first": dated[0]["date"] if dated else None, "last": dated[-1]["date"] if dated else None,
            "entries": entries, "waiting": waiting}


def _sent_times(archive: Archive, ids: list[str]) -> dict[str, str]:
    out = {}
    rows = archive.db.execute(f"SELECT doc_id, sent_at FROM correspondence WHERE sent_at IS NOT NULL "
                              f"AND doc_id IN ({','.join('?' * len(ids))})", ids).fetchall()
    for doc_id, iso in rows:
        try:
            when = dt.datetime.fromisoformat(iso)
        except ValueError:
            continue
        if when.tzinfo is not None:
            when = when.astimezone(dt.timezone.utc)
        out[doc_id] = when.isoformat()
    return out


def _title(archive: Archive, doc_id: str) -> str:
    row = archive.db.execute("SELECT title FROM documents WHERE id = ?", [doc_id]).fetchone()
    return row[0] if row else ""


def unlink_reply(archive: Archive, doc_ref: str) -> dict:
    """Remove a wrong reply link (remembered: it is not guessed again)."""
    doc_id = archive.resolve_doc(doc_ref)
    with archive.transaction():
        target = store.unlink(archive.db, doc_id)
    if target is None:
        raise BadInput(f"document {doc_id[:12]} is not linked as a reply to anything: nothing to unlink")
    return {"id": doc_id, "unlinked_from": target}


def link_reply(archive: Archive, doc_ref: str, to_ref: str) -> dict:
    """Say by hand that a document answers another."""
    doc_id = archive.resolve_doc(doc_ref)
    target = archive.resolve_doc(to_ref)
    if doc_id == target:
        raise BadInput("a document cannot reply to itself: give two different documents")
    with archive.transaction():
        store.link(archive.db, doc_id, target)
    return {"id": doc_id, "replies_to": target}
