"""Tag passages, record who said them and when, track commitment status, thread and link them."""
from __future__ import annotations

import uuid

from archive import Archive, documents
from archive import passages as store
from archive.dates import DateError, PartialDate, parse_date
from archive.errors import BadInput, NotFound
from archive.parties import ensure_party, matching_party_ids

from .draft.model import same_party
from .passage_text import QuoteAmbiguous, add_bodies, occurrence_at, pick_occurrence, spans, surroundings  # noqa: F401
from .quotes.pages import in_quotation_marks
from .quotes import reanchor

KINDS = store.KINDS
MANNERS = store.MANNERS
AUTHOR = "author"       # --words-by author: the words are the document author's own
STATUSES = store.STATUSES
QUESTION_STATES = store.QUESTION_STATES
RELATIONS = store.RELATIONS
ORPHAN_BELOW = 0.8


def resolve(archive: Archive, ref: str) -> str:
    return documents.resolve_id(archive.db, "passages", ref, "passage")


def _date(value: str | None, what: str) -> PartialDate | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        raise BadInput(f"{what}: {exc}") from None


def _check_choice(value: str | None, choices: tuple, what: str) -> None:
    if value is not None and value not in choices:
        raise BadInput(f"unknown {what} {value!r}: use one of {', '.join(choices)}")


def _names(by) -> list[str]:
    """One name or several (a passage made by a company and its owner together), tidied."""
    names = [by] if isinstance(by, str) else list(by or [])
    return list(dict.fromkeys(" ".join(n.split()) for n in names if n and n.strip()))


def _check_status(kind: str, status: str | None) -> None:
    if not status:
        return
    allowed = store.statuses_for(kind)
    if not allowed:
        raise BadInput(f"a {kind} has no status: only commitments (open, fulfilled, …) and questions "
                       "(unanswered, answered, …) have one")
    if status not in allowed:
        raise BadInput(f"unknown status {status!r} for a {kind}: use one of {', '.join(allowed)}")


def _initial_status(kind: str) -> str | None:
    return {"commitment": "open", "question": "unanswered"}.get(kind)


def tag(archive: Archive, doc_ref: str, quote: str, kind: str, *, by: str | list[str] | None = None,
        on: str | None = None, status: str | None = None, threads: list[str] = (),
        note: str = "", occurrence: int | None = None, page: int | None = None,
        start: int | None = None, end: int | None = None, end_page: int | None = None,
        words_by: str | None = None, manner: str | None = None, said_in: str = "",
        to: str | None = None) -> dict:
    """Create a passage by finding the quote in the document (or from exact offsets, as the
    viewer's selection gives them; end_page when the selection runs on to a later page).

    words_by says whose words the quotation is: None works it out (the party itself when the
    passage stands inside quotation marks in the document, else the document's author), "author"
    is the document's author, anything else a party. manner is written, said or reported (None:
    worked out from who said it and whose words they are). by may name several parties; to is
    whom a question is addressed to (default: the document's first recipient)."""
    _check_choice(kind, KINDS, "kind")
    _check_choice(manner or None, MANNERS, "manner")
    _check_status(kind, status)
    if to and kind != "question":
        raise BadInput("only questions are addressed to a party: drop --to or use --kind question")
    names = _names(by)
    doc, texts, occ = locate(archive, doc_ref, quote, occurrence, page, start, end, end_page)
    doc_id = doc["id"]
    said_on = _date(on, "--on") if on else (PartialDate.from_iso(doc["date"]) if doc["date"] else None)
    # Inside a quoted earlier message, the passage was said by that message's author on its date.
    from .correspondence import quoted_speaker
    quoted = quoted_speaker(archive, doc_id, occ["page"], occ["start"], occ["end"])
    if quoted:
        names = names or ([quoted[0]] if quoted[0] else [])
        said_on = said_on if on else (quoted[1] or said_on)
    pid = uuid.uuid4().hex
    stamp = documents.now_iso()
    with archive.transaction():
        party_ids = [ensure_party(archive.db, n) for n in names]
        by_party = party_ids[0] if party_ids else (doc["sender_ids"][0] if doc["sender_ids"] else None)
        to_party = None
        if kind == "question":
            to_party = ensure_party(archive.db, to) if to and to.strip() else (
                doc["recipient_ids"][0] if doc["recipient_ids"] else None)
        if words_by is None:
            quoted = in_quotation_marks(*surroundings(texts, occ))
            words_party = by_party if quoted and by_party not in doc["sender_ids"] else None
        else:
            words_party = _words_party(archive, words_by)
            words_party = None if words_party in doc["sender_ids"] else words_party   # the author's own
        archive.db["passages"].insert({
            "id": pid, "doc_id": doc_id, "page": occ["page"], "start": occ["start"], "end": occ["end"],
            "end_page": occ.get("end_page") or occ["page"],
            "quote": occ["quote"], "prefix": occ["prefix"], "suffix": occ["suffix"], "kind": kind,
            "by_party": by_party, "said_on": said_on.iso() if said_on else None,
            "said_on_sort": said_on.sort_key() if said_on else 0, "note": note or "",
            "words_by": words_party, "manner": manner or "", "said_in": " ".join((said_in or "").split()),
            "to_party": to_party, "created_at": stamp, "updated_at": stamp})
        if len(party_ids) > 1:
            store.set_parties(archive.db, pid, party_ids)
        if _initial_status(kind):
            _add_status(archive, pid, status or _initial_status(kind), None, "tagged" if not status else "", None)
        store.set_threads(archive.db, pid, list(threads))
    archive.index_documents([doc_id])
    return get(archive, pid)


def locate(archive: Archive, doc_ref: str, quote: str, occurrence: int | None, page: int | None,
           start: int | None, end: int | None, end_page: int | None) -> tuple[dict, list[str], dict]:
    """The document, its page texts and the occurrence: a selection's offsets when given, else
    the typed words found in the text."""
    doc = documents.get_document(archive.db, archive.resolve_doc(doc_ref))
    texts = documents.page_texts(archive.db, doc["id"])
    if page is not None and start is not None and end is not None:
        return doc, texts, occurrence_at(texts, page, start, end, end_page)
    return doc, texts, pick_occurrence(texts, quote, occurrence, doc["title"])


def _words_party(archive: Archive, words_by: str) -> int | None:
    name = " ".join(words_by.split())
    return None if not name or name.lower() == AUTHOR else ensure_party(archive.db, name)


def _add_status(archive: Archive, pid: str, status: str, on: PartialDate | None, note: str,
                evidence: str | None) -> None:
    archive.db.execute(
        "INSERT INTO status_history (passage_id, status, on_date, note, evidence_id, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [pid, status, on.iso() if on else None, note or "", evidence, documents.now_iso()])


def get(archive: Archive, ref: str) -> dict:
    pid = resolve(archive, ref)
    rows = store.select_passages(archive.db, "p.id = ?", [pid])
    if not rows:
        raise NotFound(f"no passage with id {ref}")
    add_bodies(archive, rows)
    p = public(rows[0], store.links_of(archive.db, [pid]).get(pid, []))
    p["history"] = store.status_history(archive.db, pid)
    return p


_PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


def public(p: dict, links: list[dict]) -> dict:
    """The documented shape of a passage."""
    # Stored dates are exact ISO ("YYYY", "YYYY-MM", "YYYY-MM-DD"), so the length gives the precision.
    precision = _PRECISION_BY_LENGTH.get(len(p["said_on"])) if p["said_on"] else None
    written = p["doc_id"] is None            # a question written directly, in no document yet
    return {
        "id": p["id"], "doc_id": p["doc_id"], "doc_title": p["doc_title"], "doc_date": p["doc_date"],
        "page": p["page"], "start": p["start"], "end": p["end"], "quote": p["quote"],
        "prefix": p["prefix"], "suffix": p["suffix"], "kind": p["kind"], "by": p["by_name"],
        "said_on": p["said_on"], "date_precision": precision,
        "end_page": p["end_page"], "spans": [] if written else spans(p), "doc_authors": p["doc_senders"],
        "doc_recipients": p["doc_recipients"], "words_by": p["words_by_name"],
        "manner": p["manner"] or default_manner(p), "manner_set": bool(p["manner"]), "said_in": p["said_in"],
        "by_all": p["by_names"], "to": p["to_name"],
        "status": p["status"], "threads": p["threads"], "note": p["note"], "orphaned": p["orphaned"],
        "anchor_confidence": p["anchor_conf"], "created_at": p["created_at"], "updated_at": p["updated_at"],
        "links": links,
    }


def default_manner(p: dict) -> str:
    """Written, unless the document's author reports what another party committed to or claimed."""
    if p.get("words_by_name") or not p.get("by_name"):
        return "written"
    return "written" if same_party(p["by_name"], p.get("doc_senders") or []) else "reported"


def query(archive: Archive, *, kind: str | None = None, by: str | None = None, thread: str | None = None,
          status: str | None = None, orphaned: bool | None = None, doc: str | None = None,
          date_from: str | None = None, date_to: str | None = None, to: str | None = None) -> list[dict]:
    """Passages matching every given filter, ordered by when they were said. to: questions
    addressed to a party."""
    _check_choice(kind, KINDS, "kind")
    _check_choice(status, STATUSES + QUESTION_STATES, "status")
    where, params = [], []
    if kind:
        where.append("p.kind = ?")
        params.append(kind)
    if by:
        ids = matching_party_ids(archive.db, by)
        marks = ",".join("?" * len(ids)) or "NULL"
        where.append(f"(p.by_party IN ({marks}) OR p.id IN (SELECT passage_id FROM passage_parties "
                     f"WHERE party_id IN ({marks})))")
        params += ids + ids
    if to:
        ids = matching_party_ids(archive.db, to)
        where.append(f"p.to_party IN ({','.join('?' * len(ids)) or 'NULL'})")
        params += ids
    if thread:
        where.append("p.id IN (SELECT x.passage_id FROM passage_threads x JOIN threads t "
                     "ON t.id = x.thread_id WHERE t.name = ?)")
        params.append(" ".join(thread.split()))
    if status:
        where.append(f"{store.CURRENT_STATUS_SQL} = ?")
        params.append(status)
    if orphaned is not None:
        where.append("p.orphaned = ?")
        params.append(int(orphaned))
    if doc:
        where.append("p.doc_id = ?")
        params.append(archive.resolve_doc(doc))
    lo = _date(date_from, "--from")
    hi = _date(date_to, "--to")
    if lo or hi:
        # Undated passages are kept (listed apart by the timeline), never dropped by a date range.
        cond = []
        if lo:
            cond.append("p.said_on_sort >= ?")
            params.append(lo.sort_key())
        if hi:
            cond.append("p.said_on_sort <= ?")
            params.append(_end_key(hi))
        where.append(f"(p.said_on IS NULL OR ({' AND '.join(cond)}))")
    rows = store.select_passages(archive.db, " AND ".join(where), params)
    add_bodies(archive, rows)
    links = store.links_of(archive.db, [r["id"] for r in rows]) if rows else {}
    return [public(r, links.get(r["id"], [])) for r in rows]


def _end_key(d: PartialDate) -> int:
    return d.sort_key() if d.day else d.year * 10000 + (d.month or 99) * 100 + 99


def edit(archive: Archive, ref: str, *, kind: str | None = None, by: str | list[str] | None = None,
         on: str | None = None, status: str | None = None, status_note: str = "",
         status_on: str | None = None, evidence: str | None = None, threads: list[str] | None = None,
         note: str | None = None, words_by: str | None = None, manner: str | None = None,
         said_in: str | None = None, to: str | None = None) -> dict:
    """Change a passage. words_by "author" (or "") gives the words back to the document's author;
    manner "" lets Papertrail work it out again. by may name several parties ("" or [] clears);
    to is a question's addressee ("" clears)."""
    pid = resolve(archive, ref)
    current = get(archive, pid)
    _check_choice(kind, KINDS, "kind")
    _check_choice(manner or None, MANNERS, "manner")
    new_kind = kind or current["kind"]
    if current["doc_id"] is None and new_kind != "question":
        raise BadInput("a question written directly has no document, so it can only be a question: "
                       "tag the words in a letter to make a commitment, claim or rebuttal")
    _check_status(new_kind, status)
    if to and to.strip() and new_kind != "question":
        raise BadInput("only questions are addressed to a party: drop --to or use --kind question")
    said = _date(on, "--on") if on else None
    status_date = _date(status_on, "--status-on")
    evidence_id = resolve(archive, evidence) if evidence else None
    if evidence_id == pid:
        raise BadInput("a passage cannot be the evidence for its own status")
    changes: dict = {}
    with archive.transaction():
        if kind:
            changes["kind"] = kind
        if by is not None:
            store.set_parties(archive.db, pid, [ensure_party(archive.db, n) for n in _names(by)])
        if to is not None:
            changes["to_party"] = ensure_party(archive.db, to) if to.strip() else None
        if on is not None:
            changes.update(said_on=said.iso() if said else None, said_on_sort=said.sort_key() if said else 0)
        if note is not None:
            changes["note"] = note
        if words_by is not None:
            changes["words_by"] = _words_party(archive, words_by)
        if manner is not None:
            changes["manner"] = manner
        if said_in is not None:
            changes["said_in"] = " ".join(said_in.split())
        if changes:
            changes["updated_at"] = documents.now_iso()
            archive.db["passages"].update(pid, changes)
        if (_initial_status(new_kind) and current["status"] not in store.statuses_for(new_kind)
                and not status):
            _add_status(archive, pid, _initial_status(new_kind), None, "", None)
        if status:
            _add_status(archive, pid, status, status_date, status_note, evidence_id)
        elif status_note or evidence:
            raise BadInput("--status-note and --evidence go with --status")
        if threads is not None:
            store.set_threads(archive.db, pid, threads)
    if current["doc_id"]:
        archive.index_documents([current["doc_id"]])
    return get(archive, pid)


def untag(archive: Archive, ref: str) -> dict:
    """Delete a passage (with its links and history); returns what was deleted, for undo
    (including "evidence_for": the status-history rows of other passages that cited it)."""
    pid = resolve(archive, ref)
    gone = get(archive, pid)
    gone["evidence_for"] = [r[0] for r in archive.db.execute(
        "SELECT id FROM status_history WHERE evidence_id = ? AND passage_id <> ?", [pid, pid])]
    from .questions import ANSWERING, settle
    answered = [ln["passage_id"] for ln in gone["links"] if ln["relation"] in ANSWERING and ln["direction"] == "out"]
    with archive.transaction():
        archive.db.execute("DELETE FROM passages WHERE id = ?", [pid])
        for q in answered:
            settle(archive, q, "removed")
    archive.index_documents([gone["doc_id"]] + [get(archive, q)["doc_id"] for q in answered])
    return gone


def restore(archive: Archive, passage: dict) -> dict:
    """Put a passage back exactly as a dict from get() or untag() describes it: its span, kind,
    said-by/said-on, note, threads, status history and links (links to passages that no longer
    exist are skipped). Re-creates a deleted passage under its old id; used to undo and redo."""
    missing = {"id", "doc_id", "page", "start", "end", "quote", "kind"} - passage.keys()
    if missing:
        raise BadInput(f"cannot restore the passage: it lacks {', '.join(sorted(missing))}")
    pid = passage["id"]
    written = passage["doc_id"] is None and passage["kind"] == "question"
    if not written and not archive.db.execute("SELECT 1 FROM documents WHERE id = ?",
                                              [passage["doc_id"]]).fetchone():
        raise NotFound(f"the document of passage {pid[:8]} is no longer in the archive, so the passage "
                       "cannot be restored")
    _check_choice(passage["kind"], KINDS, "kind")
    said = PartialDate.from_iso(passage["said_on"]) if passage.get("said_on") else None
    stamp = documents.now_iso()
    row = {"id": pid, "doc_id": passage["doc_id"], "page": passage["page"], "start": passage["start"],
           "end": passage["end"], "quote": passage["quote"], "prefix": passage.get("prefix", ""),
           "suffix": passage.get("suffix", ""), "kind": passage["kind"], "note": passage.get("note") or "",
           "said_on": said.iso() if said else None, "said_on_sort": said.sort_key() if said else 0,
           "orphaned": int(bool(passage.get("orphaned"))), "end_page": passage.get("end_page") or passage["page"],
           "manner": passage.get("manner") or "" if passage.get("manner_set") else "",
           "said_in": passage.get("said_in") or "",
           "anchor_conf": passage.get("anchor_confidence", 1.0) if passage.get("anchor_confidence") is not None
           else 1.0, "created_at": passage.get("created_at") or stamp, "updated_at": stamp}
    with archive.transaction():
        row["by_party"] = ensure_party(archive.db, passage["by"]) if passage.get("by") else None
        row["words_by"] = ensure_party(archive.db, passage["words_by"]) if passage.get("words_by") else None
        row["to_party"] = ensure_party(archive.db, passage["to"]) if passage.get("to") else None
        archive.db["passages"].upsert(row, pk="id")
        store.set_parties(archive.db, pid, [ensure_party(archive.db, n)
                                            for n in (passage.get("by_all") or _names(passage.get("by")))])
        archive.db.execute("DELETE FROM status_history WHERE passage_id = ?", [pid])
        for h in passage.get("history", []):
            evidence = h.get("evidence_id")
            if evidence and not _exists(archive, evidence):
                evidence = None
            archive.db.execute(
                "INSERT INTO status_history (passage_id, status, on_date, note, evidence_id, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [pid, h["status"], h.get("on_date"), h.get("note") or "", evidence, h.get("recorded_at") or stamp])
        store.set_threads(archive.db, pid, list(passage.get("threads", [])))
        archive.db.execute("DELETE FROM links WHERE source_id = ? OR target_id = ?", [pid, pid])
        for ln in passage.get("links", []):
            other = ln["passage_id"]
            if other == pid or not _exists(archive, other):
                continue
            src, dst = (pid, other) if ln["direction"] == "out" else (other, pid)
            archive.db.execute("INSERT OR IGNORE INTO links (source_id, relation, target_id, created_at) "
                               "VALUES (?, ?, ?, ?)", [src, ln["relation"], dst, stamp])
            if ln["direction"] == "out" and ln["relation"] in store.ANSWERING:
                from .questions import settle
                settle(archive, other, "added", pid)
        for row_id in passage.get("evidence_for", []):
            archive.db.execute("UPDATE status_history SET evidence_id = ? WHERE id = ? AND evidence_id IS NULL",
                               [pid, row_id])
    archive.index_documents([passage["doc_id"]])
    return get(archive, pid)


def _exists(archive: Archive, pid: str) -> bool:
    return archive.db.execute("SELECT 1 FROM passages WHERE id = ?", [pid]).fetchone() is not None


def link(archive: Archive, a: str, relation: str, b: str) -> dict:
    _check_choice(relation, RELATIONS, "relation")
    src, dst = resolve(archive, a), resolve(archive, b)
    if src == dst:
        raise BadInput("a passage cannot be linked to itself")
    from .questions import ANSWERING, check_link, settle
    check_link(archive, src, relation, dst)
    with archive.transaction():
        archive.db.execute("INSERT OR IGNORE INTO links (source_id, relation, target_id, created_at) "
                           "VALUES (?, ?, ?, ?)", [src, relation, dst, documents.now_iso()])
        if relation in ANSWERING:
            settle(archive, dst, "added", src)
    if relation in ANSWERING:
        archive.index_documents([get(archive, dst)["doc_id"]])
    return {"source": src, "relation": relation, "target": dst}


def has_link(archive: Archive, a: str, relation: str, b: str) -> bool:
    src, dst = resolve(archive, a), resolve(archive, b)
    return archive.db.execute("SELECT 1 FROM links WHERE source_id = ? AND relation = ? AND target_id = ?",
                              [src, relation, dst]).fetchone() is not None


def unlink(archive: Archive, a: str, relation: str, b: str) -> dict:
    _check_choice(relation, RELATIONS, "relation")
    src, dst = resolve(archive, a), resolve(archive, b)
    from .questions import ANSWERING, settle
    with archive.transaction():
        n = archive.db.execute("DELETE FROM links WHERE source_id = ? AND relation = ? AND target_id = ?",
                               [src, relation, dst]).rowcount
        if n and relation in ANSWERING:
            settle(archive, dst, "removed")
    if not n:
        raise NotFound(f"there is no link {src[:8]} {relation} {dst[:8]}")
    if relation in ANSWERING:
        archive.index_documents([get(archive, dst)["doc_id"]])
    return {"source": src, "relation": relation, "target": dst}


def threads(archive: Archive) -> list[dict]:
    rows = archive.db.execute("""SELECT t.name, COUNT(x.passage_id) FROM threads t
        LEFT JOIN passage_threads x ON x.thread_id = t.id GROUP BY t.id ORDER BY t.name COLLATE NOCASE""")
    return [{"name": n, "passages": c} for n, c in rows.fetchall()]


def _thread_id(archive: Archive, name: str) -> int:
    row = archive.db.execute("SELECT id FROM threads WHERE name = ?", [" ".join((name or "").split())]).fetchone()
    if row is None:
        raise NotFound(f"there is no thread called “{name}”: check the name in the list of threads")
    return row[0]


def _thread_docs(archive: Archive, thread_ids: list[int]) -> list[str]:
    marks = ",".join("?" * len(thread_ids))
    return [r[0] for r in archive.db.execute(
        f"SELECT DISTINCT p.doc_id FROM passages p JOIN passage_threads x ON x.passage_id = p.id "
        f"WHERE x.thread_id IN ({marks})", thread_ids)]


def create_thread(archive: Archive, name: str) -> str:
    """A new, empty thread; returns its name as stored (spaces tidied)."""
    clean = " ".join((name or "").split())
    if not clean:
        raise BadInput("a thread needs a name")
    if archive.db.execute("SELECT 1 FROM threads WHERE name = ?", [clean]).fetchone():
        raise BadInput(f"a thread called “{clean}” already exists")
    with archive.transaction():
        store.ensure_thread(archive.db, clean)
    return clean


def rename_thread(archive: Archive, old: str, new: str) -> str:
    """Rename a thread; its passages keep it. Renaming onto another thread's name is refused
    (merge them instead). Returns the new name."""
    tid = _thread_id(archive, old)
    clean = " ".join((new or "").split())
    if not clean:
        raise BadInput("a thread needs a name")
    other = archive.db.execute("SELECT id FROM threads WHERE name = ?", [clean]).fetchone()
    if other and other[0] != tid:
        raise BadInput(f"a thread called “{clean}” already exists: merge the two threads instead")
    with archive.transaction():
        archive.db.execute("UPDATE threads SET name = ? WHERE id = ?", [clean, tid])
    archive.index_documents(_thread_docs(archive, [tid]))
    return clean


def merge_threads(archive: Archive, names: list[str], into: str) -> dict:
    """Move every passage of the threads `names` into the thread `into` (created if new) and
    delete the merged threads. Returns {"thread": into, "passages": count in the result}."""
    target = " ".join((into or "").split())
    if not target:
        raise BadInput("name the thread to merge into")
    sources = [_thread_id(archive, n) for n in names]
    if not sources:
        raise BadInput("choose at least one thread to merge")
    with archive.transaction():
        tid = store.ensure_thread(archive.db, target)
        sources = [s for s in dict.fromkeys(sources) if s != tid]
        if sources:
            marks = ",".join("?" * len(sources))
            archive.db.execute(
                f"INSERT OR IGNORE INTO passage_threads (passage_id, thread_id) "
                f"SELECT passage_id, ? FROM passage_threads WHERE thread_id IN ({marks})", [tid, *sources])
            archive.db.execute(f"DELETE FROM threads WHERE id IN ({marks})", sources)
    archive.index_documents(_thread_docs(archive, [tid]))
    count = archive.db.execute("SELECT COUNT(*) FROM passage_threads WHERE thread_id = ?", [tid]).fetchone()[0]
    return {"thread": target, "passages": count}


def delete_thread(archive: Archive, name: str) -> int:
    """Delete a thread; its passages stay, without it. Returns how many passages were in it."""
    tid = _thread_id(archive, name)
    docs = _thread_docs(archive, [tid])
    with archive.transaction():
        n = archive.db.execute("SELECT COUNT(*) FROM passage_threads WHERE thread_id = ?", [tid]).fetchone()[0]
        archive.db.execute("DELETE FROM threads WHERE id = ?", [tid])
    archive.index_documents(docs)
    return n


def reanchor_document(archive: Archive, doc_id: str) -> dict:
    """After a document's text changed, find each passage again; unsure ones become orphaned."""
    texts = documents.page_texts(archive.db, doc_id)
    moved, orphaned, kept = [], [], []
    rows = archive.db.execute(
        "SELECT id, quote, prefix, suffix, page, start FROM passages WHERE doc_id = ?", [doc_id]).fetchall()
    with archive.transaction():
        for pid, quote, prefix, suffix, page, start in rows:
            occ, conf = reanchor(texts, quote, prefix, suffix, page, start)
            if occ is None or conf < ORPHAN_BELOW:
                archive.db.execute("UPDATE passages SET orphaned = 1, anchor_conf = ? WHERE id = ?",
                                   [conf, pid])
                orphaned.append(pid)
                continue
            if (occ.page, occ.start) != (page, start) or occ.quote != quote:
                moved.append(pid)
            else:
                kept.append(pid)
            archive.db.execute(
                "UPDATE passages SET page = ?, start = ?, end = ?, end_page = ?, quote = ?, prefix = ?, "
                "suffix = ?, orphaned = 0, anchor_conf = ? WHERE id = ?",
                [occ.page, occ.start, occ.end, occ.last_page, occ.quote, occ.prefix, occ.suffix, conf, pid])
    return {"kept": kept, "moved": moved, "orphaned": orphaned}
