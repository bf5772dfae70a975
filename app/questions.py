"""Questions that wait for answers: tag them in a letter (one paragraph of questions in one step),
write them directly, link what they ask about and what answers them, and list them with their state.

A question is a passage of kind "question". Its state (unanswered, answered, partly-answered,
declined) has a history, as a commitment's status does. Linking a reply "answers", "partly-answers"
or "declines" a question moves its state; removing the link moves it back."""
from __future__ import annotations

import re
import uuid
from datetime import date

from archive import Archive, documents
from archive import passages as store
from archive.dates import PartialDate
from archive.errors import BadInput, NotFound
from archive.parties import ensure_party

from . import passages

STATES = store.QUESTION_STATES
OPEN_STATES = ("unanswered", "partly-answered")      # still waiting for (a full) answer
ANSWERING = store.ANSWERING                           # relation -> the state it gives
_STRENGTH = ("answered", "partly-answered", "declined")   # the strongest answering link wins

# -- splitting a paragraph of questions ----------------------------------------------------
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "prof", "no", "st", "e.g", "i.e", "etc", "vs", "art", "para", "cf"}
_END = re.compile(r"\?[\"”’»)\]]*")
_BOUNDARY = re.compile(r"[.!:;][\"”’»)\]]*\s+|\n\s*\n|\n(?=\s*(?:\d{1,2}[.)]|[a-zA-Z][.)]|\([a-zA-Z0-9]{1,4}\)|[•·▪‣\-–—*])\s)")
_MARKER = re.compile(r"\s*(?:(?:\d{1,2}[.)]|[a-zA-Z][.)]|\([a-zA-Z0-9]{1,4}\)|[•·▪‣\-–—*])\s+)+")


def question_spans(text: str) -> list[tuple[int, int]]:
    """Where each question in text starts and ends: a question runs from the last sentence break
    (or list marker) before its question mark to the mark itself; text that asks nothing (an
    introduction such as "We ask:") is left out."""
    out = []
    floor = 0
    for m in _END.finditer(text):
        start = floor
        for b in _BOUNDARY.finditer(text, floor, m.start()):
            word = re.search(r"([\w.]+)\.$", text[max(floor, b.start() - 6):b.start() + 1])
            if text[b.start()] == "." and word and word.group(1).lower().lstrip(".") in _ABBREVIATIONS:
                continue
            start = b.end()
        marker = _MARKER.match(text, start)
        if marker:
            start = marker.end()
        while start < m.start() and text[start].isspace():
            start += 1
        if re.search(r"\w", text[start:m.start()]):
            out.append((start, m.end()))
        floor = m.end()
    return out


def _flatten(texts: list[str], occ: dict) -> tuple[str, list[tuple[int, int, int]]]:
    """The occurrence's text joined over its pages, and (offset in the joined text, page, offset
    on the page) where each page's piece starts."""
    pieces, marks, offset = [], [], 0
    first, last = occ["page"], occ.get("end_page") or occ["page"]
    for page in range(first, last + 1):
        text = texts[page - 1]
        lo = occ["start"] if page == first else 0
        hi = occ["end"] if page == last else len(text)
        marks.append((offset, page, lo))
        pieces.append(text[lo:hi])
        offset += hi - lo + 1
    return "\n".join(pieces), marks


def _at(marks: list[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    for joined, page, lo in reversed(marks):
        if offset >= joined:
            return page, lo + offset - joined
    return marks[0][1], marks[0][2]


def tag_questions(archive: Archive, doc_ref: str, quote: str = "", *, to: str | None = None,
                  by: str | list[str] | None = None, on: str | None = None, occurrence: int | None = None,
                  page: int | None = None, start: int | None = None, end: int | None = None,
                  end_page: int | None = None, threads: list[str] = (), note: str = "",
                  about: list[str] = ()) -> list[dict]:
    """Tag each question in a paragraph (found by its words, or by a selection's offsets) as a
    question of its own; about: passages each one asks about."""
    doc, texts, occ = passages.locate(archive, doc_ref, quote, occurrence, page, start, end, end_page)
    doc_id = doc["id"]
    joined, marks = _flatten(texts, occ)
    found = question_spans(joined)
    if not found:
        raise BadInput("these words hold no question mark, so there is no question to tag: select the "
                       "questions themselves, or tag the words as another kind")
    about_ids = [passages.resolve(archive, a) for a in about]
    made = []
    for lo, hi in found:
        p1, s1 = _at(marks, lo)
        p2, s2 = _at(marks, hi)
        made.append(passages.tag(archive, doc_id, "", "question", to=to, by=by, on=on, page=p1, start=s1,
                                 end=s2, end_page=p2, threads=threads, note=note))
    for q in made:
        for target in about_ids:
            link(archive, q["id"], "asks-about", target)
    return [passages.get(archive, q["id"]) for q in made]


# -- questions written directly ------------------------------------------------------------
def ask(archive: Archive, text: str, *, to: str | None = None, by: str | list[str] | None = None,
        on: str | None = None, about: list[str] = (), threads: list[str] = (), note: str = "") -> dict:
    """A question we mean to ask (or asked somewhere not in the archive), with no document: its
    words are its own. on: when it was asked (none: not yet)."""
    words = " ".join((text or "").split())
    if not words:
        raise BadInput("a question needs its words: type the question")
    said = passages._date(on, "--on") if on else None
    about_ids = [passages.resolve(archive, a) for a in about]
    pid = uuid.uuid4().hex
    stamp = documents.now_iso()
    with archive.transaction():
        ids = [ensure_party(archive.db, n) for n in passages._names(by)]
        archive.db["passages"].insert({
            "id": pid, "doc_id": None, "page": 0, "end_page": 0, "start": 0, "end": len(words), "quote": words,
            "prefix": "", "suffix": "", "kind": "question", "by_party": ids[0] if ids else None,
            "to_party": ensure_party(archive.db, to) if to and to.strip() else None,
            "said_on": said.iso() if said else None, "said_on_sort": said.sort_key() if said else 0,
            "note": note or "", "created_at": stamp, "updated_at": stamp})
        if len(ids) > 1:
            store.set_parties(archive.db, pid, ids)
        passages._add_status(archive, pid, "unanswered", None, "written", None)
        store.set_threads(archive.db, pid, list(threads))
    for target in about_ids:
        link(archive, pid, "asks-about", target)
    return passages.get(archive, pid)


# -- links that move a question's state ----------------------------------------------------
def _kind(archive: Archive, pid: str) -> str:
    return archive.db.execute("SELECT kind FROM passages WHERE id = ?", [pid]).fetchone()[0]


def check_link(archive: Archive, src: str, relation: str, dst: str) -> None:
    """Refuse links that cannot mean anything: a question asks about a commitment or claim; what
    answers (or declines) is a reply to a question."""
    if relation == "asks-about":
        if _kind(archive, src) != "question":
            raise BadInput("only a question asks about something: the first passage must be a question "
                           "(link QUESTION asks-about COMMITMENT)")
        if _kind(archive, dst) == "question":
            raise BadInput("a question asks about a commitment, claim or rebuttal, not another question")
    elif relation in ANSWERING:
        if _kind(archive, dst) != "question":
            raise BadInput(f"only a question can be answered: the second passage must be a question "
                           f"(link REPLY {relation} QUESTION)")


def settle(archive: Archive, question_id: str, reason: str = "", evidence: str | None = None) -> None:
    """After an answering link was added or removed: give the question the state its links say
    (answered beats partly answered beats declined; none left: unanswered), with a history row,
    unless it already has that state. Runs inside the caller's transaction."""
    rows = archive.db.execute(
        "SELECT relation, source_id FROM links WHERE target_id = ? AND relation IN (?, ?, ?)",
        [question_id, *ANSWERING]).fetchall()
    states = {ANSWERING[rel]: src for rel, src in rows}
    state = next((s for s in _STRENGTH if s in states), None)
    current = archive.db.execute(
        "SELECT status FROM status_history WHERE passage_id = ? ORDER BY id DESC LIMIT 1", [question_id]).fetchone()
    current = current[0] if current else None
    if state is None:
        if current in _STRENGTH and reason == "removed":
            passages._add_status(archive, question_id, "unanswered", None, "the answer's link was removed", None)
        return
    if state == current:
        return
    src = evidence if evidence and states.get(state) == evidence else states[state]
    reply = archive.db.execute(
        "SELECT p.said_on, d.title FROM passages p LEFT JOIN documents d ON d.id = p.doc_id WHERE p.id = ?",
        [src]).fetchone()
    on = PartialDate.from_iso(reply[0]) if reply and reply[0] else None
    verb = {"answered": "answered", "partly-answered": "partly answered", "declined": "not addressed"}[state]
    note = f"{verb} in “{reply[1]}”" if reply and reply[1] else verb
    passages._add_status(archive, question_id, state, on, note, src)


def link(archive: Archive, a: str, relation: str, b: str) -> dict:
    return passages.link(archive, a, relation, b)


# -- listing -------------------------------------------------------------------------------
def _days_since(iso: str | None, today: date) -> int | None:
    if not iso:
        return None
    d = PartialDate.from_iso(iso)
    try:
        return (today - date(d.year, d.month or 1, d.day or 1)).days
    except ValueError:
        return None


def describe(archive: Archive, q: dict, everything: dict[str, dict] | None = None,
             today: date | None = None) -> dict:
    """A question with what it asks about, what answered it and how long it has waited."""
    today = today or date.today()
    look = everything if everything is not None else {}

    def brief(pid: str) -> dict:
        p = look.get(pid)
        if p is None:
            try:
                p = look[pid] = passages.get(archive, pid)
            except NotFound:
                return {"id": pid}
        return {"id": p["id"], "kind": p["kind"], "quote": p["quote"], "by": p["by"], "by_all": p["by_all"],
                "said_on": p["said_on"], "doc_id": p["doc_id"], "doc_title": p["doc_title"],
                "status": p["status"]}

    about = [brief(ln["passage_id"]) for ln in q["links"]
             if ln["relation"] == "asks-about" and ln["direction"] == "out"]
    answers = [{"relation": ln["relation"], **brief(ln["passage_id"])} for ln in q["links"]
               if ln["relation"] in ANSWERING and ln["direction"] == "in"]
    waiting = q["status"] in OPEN_STATES
    return {**q, "state": q["status"], "asked_on": q["said_on"],
            "asked_in": ({"doc_id": q["doc_id"], "title": q["doc_title"], "date": q["doc_date"]}
                         if q["doc_id"] else None),
            "about": about, "answers": answers,
            "days_waiting": _days_since(q["said_on"], today) if waiting else None}


def sort_asked(archive: Archive, rows: list[dict]) -> None:
    """Oldest asked first, in the order a letter asks them; those not asked yet last, in the
    order they were written (two written in the same second keep it too)."""
    seq = dict(archive.db.execute("SELECT id, rowid FROM passages WHERE kind = 'question'").fetchall())
    rows.sort(key=lambda q: (q["said_on"] is None, q["said_on"] or "", q["doc_id"] or "", q["page"], q["start"],
                             q["created_at"], seq.get(q["id"], 0)))


def list_questions(archive: Archive, *, to: str | None = None, state: str | None = None,
                   about: str | None = None, thread: str | None = None, by: str | None = None,
                   today: date | None = None) -> list[dict]:
    """Questions, oldest asked first (those not asked yet last), each described."""
    if state is not None and state not in STATES + ("open",):
        raise BadInput(f"unknown state {state!r}: use one of {', '.join(STATES)}, or open (not fully answered)")
    rows = passages.query(archive, kind="question", to=to, thread=thread, by=by,
                          status=state if state in STATES else None)
    if state == "open":
        rows = [r for r in rows if r["status"] in OPEN_STATES]
    if about:
        target = passages.resolve(archive, about)
        rows = [r for r in rows if any(ln["relation"] == "asks-about" and ln["passage_id"] == target
                                       and ln["direction"] == "out" for ln in r["links"])]
    everything = {r["id"]: r for r in rows}
    sort_asked(archive, rows)
    return [describe(archive, r, everything, today) for r in rows]


def questions_about(archive: Archive, passage_id: str, today: date | None = None) -> list[dict]:
    """The questions that ask about a passage (a commitment or claim), oldest first."""
    pid = passages.resolve(archive, passage_id)
    ids = [r[0] for r in archive.db.execute(
        "SELECT source_id FROM links WHERE target_id = ? AND relation = 'asks-about'", [pid])]
    rows = [passages.get(archive, i) for i in ids]
    sort_asked(archive, rows)
    return [describe(archive, r, None, today) for r in rows]


def open_questions_about(archive: Archive, passage_id: str) -> list[dict]:
    return [q for q in questions_about(archive, passage_id) if q["state"] in OPEN_STATES]
