"""The next letter asks again: a party's questions still unanswered as of the letter's date, grouped by
the commitment (or statement) they ask about, each with when and in which letter it was first asked."""
from __future__ import annotations

from archive import Archive
from archive import passages as store
from archive.errors import BadInput, NotFound

from .. import questions as questions_app
from .appendix import as_of_date, status_as_of
from .export_layout import parties_text
from .model import Paragraph, Quote, Run, human_date
from ..quotes.pages import reflow as quote_text

QUESTIONS_HEADING = "Questions that remain unanswered"
OTHER_QUESTIONS = "Further questions"
_KIND_WORDS = {"commitment": "the commitment", "claim": "the statement", "rebuttal": "the rebuttal"}


def _words(text: str) -> str:
    return " ".join(quote_text(text).split())


def _state_as_of(archive: Archive, q: dict, as_of: str | None) -> str:
    history = q.get("history") or store.status_history(archive.db, q["id"])
    change = status_as_of(history, as_of)
    return change["status"] if change else q["status"]


def unanswered_questions(archive: Archive, party: str, as_of: str | None = None) -> list[dict]:
    """The party's questions open as of the date (asked by then, or not asked yet), grouped by what
    they ask about: [{"about": brief passage or None, "questions": [{"id", "text", "state",
    "first_asked_on", "first_asked_in"}]}], groups in the order their subject was made (questions
    about nothing last). A question asked again in a later letter (same words) is listed once, with
    the date and letter it was first asked in."""
    party = " ".join((party or "").split())
    if not party:
        raise BadInput("say whose unanswered questions to insert (the party they were addressed to)")
    as_of = as_of_date(as_of) if as_of else None
    asked = questions_app.list_questions(archive, to=party)
    first: dict[str, dict] = {}
    for q in asked:                       # oldest first: the first one seen is the first asked
        if q["said_on"] or q["doc_id"]:
            first.setdefault(_words(q["quote"]).casefold(), q)
    groups: dict[str | None, dict] = {}
    listed: set[str] = set()
    for q in asked:
        if as_of and q["said_on"] and q["said_on"] > as_of:
            continue
        state = _state_as_of(archive, q, as_of)
        key = _words(q["quote"]).casefold()
        if state not in questions_app.OPEN_STATES or key in listed:
            continue
        listed.add(key)
        origin = first.get(key, q)
        about = q["about"][0] if q["about"] and q["about"][0].get("kind") else None
        group = groups.setdefault(about["id"] if about else None, {"about": about, "questions": []})
        group["questions"].append({
            "id": q["id"], "text": _words(q["quote"]), "state": state, "first_asked_on": origin["said_on"],
            "first_asked_in": ({"doc_id": origin["doc_id"], "title": origin["doc_title"], "date": origin["doc_date"]}
                               if origin["doc_id"] else None)})
    ordered = sorted((g for k, g in groups.items() if k is not None),
                     key=lambda g: (g["about"]["said_on"] is None, g["about"]["said_on"] or ""))
    return ordered + ([groups[None]] if None in groups else [])


def parties_asked(archive: Archive, as_of: str | None = None) -> list[tuple[str, int]]:
    """(party, questions open as of the date) for every party some open question is addressed to."""
    as_of = as_of_date(as_of) if as_of else None
    counts: dict[str, int] = {}
    for q in questions_app.list_questions(archive):
        if q["to"] and _state_as_of(archive, q, as_of) in questions_app.OPEN_STATES \
                and not (as_of and q["said_on"] and q["said_on"] > as_of):
            counts[q["to"]] = counts.get(q["to"], 0) + 1
    return sorted(counts.items(), key=lambda kv: kv[0].casefold())


def _first_asked(q: dict) -> list[Run]:
    when = q["first_asked_on"]
    origin = q["first_asked_in"]
    if not when and not origin:
        return [Run(" (not asked before)")]
    # The letter's title in italics, not in quotation marks: quote-check would take it for a quotation.
    runs = [Run(" (first asked" + (f" on {human_date(when)}" if when and len(when) == 10 else
                                   f" in {human_date(when)}" if when else ""))]
    if origin:
        runs += [Run(" in "), Run(origin["title"] or "an untitled letter", italic=True)]
    if q["state"] == "partly-answered":
        runs.append(Run("; partly answered so far"))
    return runs + [Run(")")]


def _group_lead(archive: Archive, about: dict | None) -> Paragraph:
    if about is None:
        return Paragraph([Run(OTHER_QUESTIONS + ":")])
    from . import citation_for
    from .check import _passage_or_none
    passage = _passage_or_none(archive, about["id"])
    what = _KIND_WORDS.get(about["kind"], "the passage")
    who = parties_text(about.get("by_all") or ([about["by"]] if about.get("by") else []))
    lead = f"On {what}" + (f" by {who}" if who else "")
    if about.get("said_on"):
        lead += f" ({human_date(about['said_on'])})"
    if passage is None:
        return Paragraph([Run(lead + ":")])
    return Paragraph([Run(lead + ", "), Quote(quote_text(passage["quote"]), citation_for(passage), block=False),
                      Run(":")])


def questions_blocks(archive: Archive, party: str, as_of: str | None = None, heading: bool = True
                     ) -> list[Paragraph]:
    """Paragraphs asking the party's open questions again: a heading, then for each commitment a
    line quoting it and its questions as bullets ("… (first asked on 27 April 2021 in <letter>)").
    NotFound when the party has no open question."""
    groups = unanswered_questions(archive, party, as_of)
    if not groups:
        waiting = ", ".join(f"{name} ({n})" for name, n in parties_asked(archive, as_of)) or "none"
        raise NotFound(f"no unanswered questions to {party!r} as of the letter's date (parties with open "
                       f"questions: {waiting}); questions are tagged with: tag --kind question --to PARTY")
    blocks: list[Paragraph] = []
    if heading:
        blocks.append(Paragraph([Run(QUESTIONS_HEADING)], style="heading1"))
        blocks.append(Paragraph([Run("We asked the following questions earlier and have not yet had an answer:")]))
    for group in groups:
        blocks.append(_group_lead(archive, group["about"]))
        for q in group["questions"]:
            blocks.append(Paragraph([Run(q["text"])] + _first_asked(q), style="bullet"))
    return blocks


def count_questions(blocks: list[Paragraph]) -> int:
    return sum(1 for b in blocks if b.style == "bullet")
