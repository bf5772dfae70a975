"""The commitments appendix of a follow-up letter: a row per commitment or per set of inconsistent
statements, each with its parties, its status as of the letter's date, the questions about it still
open then and what answered the others; refreshing keeps the author's own words."""
from __future__ import annotations

from archive import Archive
from archive.dates import DateError, parse_date

from .. import passages as passages_app
from .. import questions as questions_app
from .check import _passage_or_none
from .model import Appendix, AppendixQuestion, AppendixRow, Draft, human_date
from ..quotes.pages import reflow as quote_text

APPENDIX_TITLE = "Appendix: Commitments and their status"
STATUS_LABELS = {"open": "Open", "fulfilled": "Fulfilled", "partly-fulfilled": "Partly fulfilled",
                 "broken": "Broken", "withdrawn": "Withdrawn"}
INCONSISTENT = "Inconsistent statements"
# Links that make two claims one row: they cannot both be true.
SET_RELATIONS = ("contradicts",)
# The note the tagger records on a commitment's first status; it says nothing to the reader.
_AUTOMATIC_NOTES = {"tagged"}
_ANSWER_VERBS = {"answered": "Answered", "partly-answered": "Partly answered", "declined": "Not addressed"}


def as_of_date(letter_date: str | None) -> str | None:
    """The letter's date, when it can be read: what statuses are shown as of."""
    try:
        return parse_date(letter_date).iso() if letter_date and letter_date.strip() else None
    except DateError:
        return None


def made_after(said_on: str | None, as_of: str | None) -> bool:
    """Whether something dated said_on (an ISO date, perhaps only a month or a year) came wholly after
    the letter's date: a letter cannot list it. Undated, or no letter date: no. "2020" and "2020-06" do
    not come after 30 June 2020; "2020-07" does."""
    return bool(as_of and said_on and said_on[:len(as_of)] > as_of)


def _effective(change: dict) -> str:
    # A change given a date holds from that date; one recorded without a date is only known to
    # hold from the day it was recorded (a letter dated earlier cannot have known of it).
    return change.get("on_date") or (change.get("recorded_at") or "")[:10]


def status_as_of(history: list[dict], as_of: str | None) -> dict | None:
    """The history row in force on a date: the last change on or before it (by its date, or the
    day it was recorded when it has none). The first row, made when the passage was tagged, holds
    from the start. No date: the latest change."""
    if not history:
        return None
    if not as_of:
        return history[-1]
    dated = [(_effective(h), i) for i, h in enumerate(history) if i and _effective(h) <= as_of]
    return history[max(dated)[1]] if dated else history[0]


def _made_order(p: dict) -> tuple:
    # ISO partial dates sort as text ("2019" < "2019-12" < "2019-12-03"); undated passages go last;
    # made the same day: in the order they were tagged, then where they stand in the letter.
    return (p["said_on"] is None, p["said_on"] or "", (p.get("created_at") or "")[:19], p.get("page") or 0,
            p.get("start") or 0)


def _by_said_on(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=_made_order)


def _citation(archive: Archive, pid: str | None) -> str | None:
    from . import citation_for
    cited = _passage_or_none(archive, pid) if pid else None
    return citation_for(cited).text() if cited is not None else None


def row_questions(archive: Archive, ids: list[str], as_of: str | None, dropped: list[str] = ()
                  ) -> tuple[list[AppendixQuestion], list[str]]:
    """The questions asking about these passages that were open as of the date (asked by then, or not
    asked yet), and a line for each one answered, partly answered or declined by then."""
    seen: set[str] = set()
    open_: list[AppendixQuestion] = []
    answers: list[str] = []
    found = [q for pid in ids for q in questions_app.questions_about(archive, pid)]
    questions_app.sort_asked(archive, found)
    for q in found:
        if q["id"] in seen or q["id"] in dropped:
            continue
        seen.add(q["id"])
        if made_after(q["said_on"], as_of):
            continue                   # asked after the letter's date
        change = status_as_of(q.get("history") or passages_app.get(archive, q["id"])["history"], as_of)
        state = change["status"] if change else q["status"]
        words = quote_text(q["quote"])
        if state in questions_app.OPEN_STATES:
            open_.append(AppendixQuestion(q["id"], words, state, q["said_on"],
                                          q["doc_title"] if q["doc_id"] else ""))
        if state in _ANSWER_VERBS:
            where = _citation(archive, change.get("evidence_id")) if change else None
            when = human_date(change.get("on_date")) if change else ""
            head = _ANSWER_VERBS[state] + (f" in {where}" if where else f" on {when}" if when else "")
            answers.append(f"{head}: {words}")
    return open_, answers


def appendix_row(archive: Archive, passage: dict, open_questions: str = "", as_of: str | None = None,
                 dropped: list[str] = ()) -> AppendixRow:
    """One commitment with its parties, its status as of the letter's date (as_of) with the date,
    note and evidence of that change, and its questions. A change recorded without a date is shown
    as of the letter's date."""
    from . import citation_for
    history = passage.get("history")
    if history is None:
        history = passages_app.get(archive, passage["id"])["history"]
    last = status_as_of(history, as_of)
    raw = last["status"] if last else passage["status"]
    status = STATUS_LABELS.get(raw or "", raw or "")
    status_date = evidence = note = None
    if last:
        status_date = last["on_date"] or as_of or None
        if last["evidence_id"]:
            evidence = _citation(archive, last["evidence_id"])
        if last["note"] and last["note"].strip() not in _AUTOMATIC_NOTES:
            note = last["note"].strip()
    asked, answers = row_questions(archive, [passage["id"]], as_of, list(dropped))
    parties = list(passage.get("by_all") or ([passage["by"]] if passage.get("by") else []))
    return AppendixRow(undertaking=quote_text(passage["quote"]), made_by=passage.get("by") or "",
                       made_on=passage.get("said_on"), source=citation_for(passage), status=status,
                       status_date=status_date, status_evidence=evidence, open_questions=open_questions,
                       status_note=note, parties=parties, questions=asked, dropped_questions=list(dropped),
                       answers=answers)


def statement_set(archive: Archive, claim: dict, known: dict[str, dict] | None = None,
                  as_of: str | None = None) -> list[dict]:
    """The claims that cannot all be true together with this one: those joined to it, directly or
    through each other, by a contradicts link; [] when it has none. Oldest first. With a letter's
    date (as_of), only claims made by then (or undated) count, and only they join others."""
    known = known if known is not None else {}
    known.setdefault(claim["id"], claim)
    members, todo = {claim["id"]}, [claim]
    while todo:
        p = todo.pop()
        for ln in p["links"]:
            other = ln["passage_id"]
            if ln["relation"] not in SET_RELATIONS or other in members:
                continue
            q = known.get(other) or _passage_or_none(archive, other)
            if q is None or q["kind"] != "claim" or made_after(q["said_on"], as_of):
                continue
            known[other] = q
            members.add(other)
            todo.append(q)
    return _by_said_on([known[m] for m in members]) if len(members) > 1 else []


def inconsistent_row(archive: Archive, statements: list[dict], as_of: str | None = None,
                     dropped: list[str] = ()) -> AppendixRow:
    """One row for a set of inconsistent statements: their words side by side, the first one's
    source, and in the status column the citation of each other statement (its words are already
    in the undertaking column)."""
    from . import citation_for
    first, rest = statements[0], statements[1:]
    parties: list[str] = []
    for s in statements:
        for name in s.get("by_all") or ([s["by"]] if s.get("by") else []):
            if name not in parties:
                parties.append(name)
    asked, answers = row_questions(archive, [s["id"] for s in statements], as_of, list(dropped))
    return AppendixRow(
        undertaking=" / ".join(quote_text(s["quote"]) for s in statements), made_by=parties[0] if parties else "",
        made_on=first.get("said_on"), source=citation_for(first), status=INCONSISTENT, status_date=None,
        status_evidence=None, open_questions="", parties=parties, kind="inconsistent", questions=asked,
        dropped_questions=list(dropped), answers=answers, others=[s["id"] for s in rest],
        inconsistent_with=[f"Inconsistent with {citation_for(s).text()}" for s in rest])


def appendix_rows(archive: Archive, chosen: list[dict], as_of: str | None) -> list[AppendixRow]:
    """A row for each chosen commitment and one for each set of inconsistent statements a chosen
    claim belongs to, in the order they were made; what was made after the letter's date (as_of)
    is left out, as the letter cannot know of it."""
    chosen = [p for p in chosen if not made_after(p.get("said_on"), as_of)]
    known = {p["id"]: p for p in chosen}
    entries: list[tuple[dict, list[dict] | None]] = []
    in_a_set: set[str] = set()
    for p in chosen:
        if p["kind"] == "commitment":
            entries.append((p, None))
        elif p["kind"] == "claim" and p["id"] not in in_a_set:
            members = statement_set(archive, p, known, as_of)
            if members:
                in_a_set.update(m["id"] for m in members)
                entries.append((members[0], members))
    entries = sorted(entries, key=lambda e: _made_order(e[0]))
    return [appendix_row(archive, p, as_of=as_of) if members is None else inconsistent_row(archive, members, as_of)
            for p, members in entries]


def commitments_appendix(archive: Archive, threads: list[str], as_of: str | None = None) -> Appendix:
    """An appendix row for each commitment, and each set of inconsistent claims, in these threads
    (everything when none are named); statuses as of the letter's date (as_of)."""
    if threads:
        found: dict[str, dict] = {}
        for name in threads:
            for kind in ("commitment", "claim"):
                for p in passages_app.query(archive, kind=kind, thread=name):
                    found.setdefault(p["id"], p)
        rows = list(found.values())
    else:
        rows = passages_app.query(archive, kind="commitment") + passages_app.query(archive, kind="claim")
    return Appendix(APPENDIX_TITLE, appendix_rows(archive, rows, as_of_date(as_of)))


def keep_authors_words(old: AppendixRow, new: AppendixRow, undertaking: bool = True) -> AppendixRow:
    """The refreshed row with what the author wrote in the old one: the wording of the undertaking
    (unless undertaking=False), the questions typed in, the rewording of the archive's questions and
    those taken out."""
    if undertaking:
        new.undertaking = old.undertaking
    new.open_questions = old.open_questions
    new.dropped_questions = list(old.dropped_questions)
    worded = {q.passage_id: q.text for q in old.questions if q.passage_id}
    new.questions = [q for q in new.questions if q.passage_id not in old.dropped_questions]
    for q in new.questions:
        q.text = worded.get(q.passage_id, q.text)
    return new


def refresh_row(archive: Archive, row: AppendixRow, as_of: str | None) -> AppendixRow | None:
    """The row built again from the archive with the author's words kept; the row as it was when its
    passage was deleted or is no longer what made the row; None when what it lists was made after
    the letter's date (a commitment made later, or a set with fewer than two statements made by
    then): it leaves the appendix, as it would be left out of one made afresh."""
    p = _passage_or_none(archive, row.source.passage_id)
    if p is None:
        return row
    if row.kind == "commitment":
        if p["kind"] != "commitment":
            return row
        if made_after(p["said_on"], as_of):
            return None
        fresh = appendix_row(archive, p, as_of=as_of, dropped=row.dropped_questions)
    else:
        members = statement_set(archive, p) if p["kind"] == "claim" else []
        if not members:
            return row
        by_then = [m for m in members if not made_after(m["said_on"], as_of)]
        members = statement_set(archive, by_then[0], as_of=as_of) if by_then else []
        if not members:
            return None
        fresh = inconsistent_row(archive, members, as_of, dropped=row.dropped_questions)
        # The author's wording of the statements holds only while they are the same statements.
        return keep_authors_words(row, fresh, undertaking=fresh.others == row.others
                                  and fresh.source.passage_id == row.source.passage_id)
    return keep_authors_words(row, fresh)


def refresh_appendix(archive: Archive, draft: Draft) -> Draft:
    """A copy of the draft whose appendix rows show their status as of the letter's date, their
    sources, parties and the questions still open, and whose citations are rebuilt from the archive
    (refresh_citations). Answered questions leave the questions column and show under the status;
    the wording of each undertaking and the questions the author typed are kept; rows whose
    passage was deleted, or no longer makes the row, are left as they were; rows of what was made
    after the letter's date are taken out."""
    from . import refresh_citations
    fresh = refresh_citations(archive, draft)
    as_of = as_of_date(draft.date)
    for block in fresh.blocks:
        if isinstance(block, Appendix):
            block.rows = [r for r in (refresh_row(archive, row, as_of) for row in block.rows) if r is not None]
    return fresh
