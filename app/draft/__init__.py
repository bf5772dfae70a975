"""Follow-up letters: build a draft from tagged passages, keep its appendix current, store drafts,
and check every quotation word for word against the archive's text."""
from __future__ import annotations

import json
import re
from datetime import date as _today
from typing import Iterable

from archive import Archive
from archive import drafts as store
from archive.dates import DateError, parse_date
from archive.errors import BadInput, NotFound, PapertrailError
from archive.letter.names import attached_after_comma

from .. import passages as passages_app
from .model import CITATION_STYLES, Appendix, Citation, Draft, DraftError, Paragraph, Quote, Run, human_date
# The appendix lives in draft_appendix; callers keep importing it from here.
from .appendix import (APPENDIX_TITLE, STATUS_LABELS, appendix_row, appendix_rows,  # noqa: F401
                             as_of_date, commitments_appendix, inconsistent_row, keep_authors_words, refresh_appendix,
                             status_as_of)
# Checking quotations lives in draft_check; callers keep importing it from here.
from .asks import questions_blocks
from .check import _passage_or_none  # one lookup for the checks and the citations
from .check import (all_page_texts, check_draft, check_file, check_typed_quotation,  # noqa: F401
                          diff_entries, document_titles, not_in_cited, summary, wrong_page)
from .cited import Catalogue  # noqa: F401
from ..quotes.pages import reflow as quote_text

FURTHER_STATEMENTS = "Further statements"
_SENTENCE_END = set(".!?…:;\"'”’)]")
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"}


# ---------------------------------------------------------------- building a letter

def citation_for(passage: dict) -> Citation:
    """Where a tagged passage comes from: the document's authors, title, date and pages, whose
    commitment or claim it is and when it was made, and whose words the quotation is."""
    return Citation(passage_id=passage.get("id"), doc_id=passage.get("doc_id") or "", said_by=passage.get("by") or "",
                    said_on=passage.get("said_on"), doc_title=passage.get("doc_title") or "",
                    doc_date=passage.get("doc_date"), page=passage["page"],
                    end_page=passage.get("end_page") if (passage.get("end_page") or 0) > passage["page"] else None,
                    doc_authors=list(passage.get("doc_authors") or []), words_by=passage.get("words_by") or "",
                    manner=passage.get("manner") or "", said_in=passage.get("said_in") or "",
                    also_by=[n for n in passage.get("by_all") or [] if n != passage.get("by")])


def lead_in(passage: dict) -> str:
    """The sentence before a quotation: "On 3 December 2019, Veridian Signals wrote:"."""
    return "".join(run.text for run in _lead_in_runs(passage))


_VERBS = {"written": "wrote", "said": "said", "reported": "wrote"}
_RECORDED = {"commitment": "a commitment made by", "claim": "a claim made by", "rebuttal": "a rebuttal by"}


def _when(iso: str | None, capital: bool = True) -> str:
    """"On 3 June 2020" for a day, "In June 2020" for a month or year; "" when undated."""
    if not iso:
        return ""
    word = "on" if len(iso) == 10 else "in"
    return f"{word.capitalize() if capital else word} {human_date(iso)}"


def _lead_in_runs(passage: dict) -> list[Run]:
    # An unknown author is named by the document's title, in italics rather than quotation marks so
    # that quote-check does not take the title for a quotation.
    citation = citation_for({"page": 1, **passage})   # whose words and whose author; the page is not used
    author = citation.author()
    if citation.words_by:
        # The party's own words, quoted in someone else's document.
        runs = [Run(f"{citation.words_by} {_VERBS.get(citation.manner, 'wrote')}, as quoted by ")]
        runs += [Run(author)] if author else [Run("the author of "), _title_run(passage)]
        if passage.get("doc_date"):
            runs.append(Run(f" {_when(passage['doc_date'], capital=False)}"))
        runs.append(Run(":"))
        return _opening(_when(passage.get("said_on")), runs)
    if citation.reports_another():
        made = f" {_RECORDED.get(passage.get('kind'), 'a statement by')} {citation.made_by()}"
        if passage.get("said_on") and passage["said_on"] != passage.get("doc_date"):
            made += " " + _when(passage["said_on"], capital=False)
        return _opening(_when(passage.get("doc_date")), [Run(author + " recorded" + made + ":")])
    if passage.get("by"):
        who = [Run(citation.made_by())]
    elif author:
        who = [Run(author)]
    else:
        who = [Run("the author of "), _title_run(passage)]
    return _opening(_when(passage.get("said_on")), who + [Run(f" {_VERBS.get(citation.manner, 'wrote')}:")])


def _title_run(passage: dict) -> Run:
    return Run(passage.get("doc_title") or "an untitled document", italic=True)


def _opening(when: str, runs: list[Run]) -> list[Run]:
    """"In June 2020, " before the runs, or the runs with a capital first letter; runs of one style merged."""
    if when:
        runs = [Run(when + ", ")] + runs
    else:
        runs = [Run(runs[0].text[:1].upper() + runs[0].text[1:], italic=runs[0].italic)] + runs[1:]
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].italic == run.italic:
            merged[-1] = Run(merged[-1].text + run.text, italic=run.italic)
        else:
            merged.append(run)
    return merged


def address_lines(to: str) -> list[str]:
    """The address block for an addressee: "Mr. Chaim Gelfand, Vice-President, Compliance, NSO Group"
    gives the name, the role ("Vice-President, Compliance") and the organisation on lines of their
    own; an addressee already written on several lines is kept as it is."""
    lines = [line.strip() for line in (to or "").strip().splitlines() if line.strip()]
    if len(lines) != 1:
        return lines
    parts: list[str] = []
    for part in (p.strip() for p in lines[0].split(",")):
        if part and parts and attached_after_comma(part):
            parts[-1] = f"{parts[-1]}, {part}"     # "Walmart Stores, Inc.", "Martin Luther King, Jr."
        elif part:
            parts.append(part)
    if len(parts) <= 2:
        return parts
    return [parts[0], ", ".join(parts[1:-1]), parts[-1]]


_BOARD = re.compile(r"(?:the\s+)?board(?:\s+of\s+(?:directors|trustees|governors|management))?", re.I)


def salutation_for(to: str) -> str:
    """"Dear Ms. Kessler," for "Ms. Marta Kessler" (or "Ms. Marta Kessler, Chief Executive Officer,
    Veridian Signals Ltd"): a title with a full name keeps only the surname ("Dr. Jan van der Berg"
    gives "Dr. van der Berg"); a board is greeted "Dear Members of the Board,", and anything else
    is used as it is, without a leading "The" ("Dear Editor," for "The Editor")."""
    lines = address_lines(to)
    name = lines[0].rstrip(",") if lines else ""
    while "," in name and attached_after_comma(name.rsplit(",", 1)[1]):
        name = name.rsplit(",", 1)[0].rstrip()     # "Dear Mr. King," for "…, Jr.", not "Dear Mr. Jr.,"
    if _BOARD.fullmatch(name):
        return "Dear Members of the Board,"     # "The Board of Directors", "Board of Trustees"
    name = re.sub(r"^the\s+(?=\S)", "", name, flags=re.I)     # "The Editor" is greeted "Dear Editor,"
    words = name.split()
    if len(words) >= 3 and words[0].rstrip(".").lower() in _TITLES:
        particle = next((i for i in range(2, len(words) - 1) if words[i].islower()), len(words) - 1)
        name = " ".join([words[0]] + words[particle:])
    return f"Dear {name},"


def block_quote_text(raw: str) -> str:
    """quote_text, with "[…]" where the passage starts or stops in the middle of a sentence."""
    text = quote_text(raw)
    if text and text[0].islower():
        text = "[…] " + text
    if text and text[-1] not in _SENTENCE_END:
        text += " […]"
    return text


def build_draft(archive: Archive, to: str, from_: list[str] | str, subject: str, threads: Iterable[str] = (),
                passage_ids: Iterable[str] = (), appendix: bool = False, citation_style: str = "footnotes",
                date: str | None = None, salutation: str | None = None, closing: str | None = None,
                address: Iterable[str] | None = None, questions_to: Iterable[str] = ()) -> Draft:
    """A letter skeleton quoting the chosen threads' passages (a section each, in the order said) and
    the chosen passages, with a commitments appendix when asked for. The address block is made
    from `to` (name, role, organisation) unless address lines are given; the salutation from the
    addressee's title and surname unless given. questions_to: parties whose questions still
    unanswered as of the letter's date are asked again, grouped by commitment."""
    to = (to or "").strip()
    if not to:
        raise BadInput("say who the letter is to (e.g. --to \"Ms. Marta Kessler\")")
    signatories = [from_] if isinstance(from_, str) else list(from_ or [])
    signatories = [s.strip() for s in signatories if s and s.strip()]
    subject = " ".join((subject or "").split())
    if not subject:
        raise BadInput("give the letter a subject")
    if citation_style not in CITATION_STYLES:
        raise BadInput(f"unknown citation style {citation_style!r}: use one of {', '.join(CITATION_STYLES)}")
    threads, passage_ids = list(threads or []), list(passage_ids or [])
    questions_to = [" ".join(p.split()) for p in (questions_to or []) if p and p.strip()]
    if not threads and not passage_ids and not questions_to:
        raise BadInput("choose at least one thread or passage to quote, or a party whose questions to ask again")
    letter_date = _letter_date(date)
    sections = _sections(archive, threads, passage_ids)

    blocks: list = [Paragraph([Run(
        f"We write to follow up on our correspondence about {_in_sentence(subject)}. The statements on "
        "which this letter relies are quoted below word for word, each with its source.")])]
    for heading, rows in sections:
        blocks.append(Paragraph([Run(heading)], style="heading1"))
        for p in rows:
            blocks.append(Paragraph(_lead_in_runs(p)))
            blocks.append(Quote(block_quote_text(p["quote"]), citation_for(p), block=True))
    for party in questions_to:
        blocks.extend(questions_blocks(archive, party, letter_date, heading=party == questions_to[0]))
    chosen = [p for _, rows in sections for p in rows]
    if appendix:
        blocks.append(Paragraph([Run(
            "The appendix to this letter lists each commitment quoted above with its current status. We "
            "would be grateful for your response to the points above and to the open questions set out there.")]))
    else:
        blocks.append(Paragraph([Run("We would be grateful for your response to the points above.")]))
    if appendix:
        blocks.append(Appendix(APPENDIX_TITLE, appendix_rows(archive, chosen, letter_date)))
    lines = [" ".join(line.split()) for line in (address or []) if line and line.strip()]
    return Draft(to="\n".join(lines or address_lines(to)), from_=signatories, date=letter_date, subject=subject,
                 salutation=(salutation or "").strip() or salutation_for(to),
                 closing=(closing or "").strip() or "Yours sincerely,",
                 blocks=blocks, citation_style=citation_style)


def _letter_date(value: str | None) -> str:
    if value is None or not str(value).strip():
        return _today.today().isoformat()
    try:
        return parse_date(str(value)).iso()
    except DateError as exc:
        raise BadInput(f"the letter's date: {exc}") from None


def _in_sentence(subject: str) -> str:
    # "Publication of the assessment" reads as "publication of the assessment" mid-sentence; "HRIA" stays.
    first = subject.split()[0]
    return subject[:1].lower() + subject[1:] if first[1:] == first[1:].lower() and first.isalpha() else subject


def _by_said_on(rows: list[dict]) -> list[dict]:
    # ISO partial dates sort as text ("2019" < "2019-12" < "2019-12-03"); undated passages go last.
    # Made the same day and tagged in the same second (a script): in the order the letter has them.
    return sorted(rows, key=lambda p: (p["said_on"] is None, p["said_on"] or "", (p["created_at"] or "")[:19],
                                       p.get("page") or 0, p.get("start") or 0))


def _sections(archive: Archive, threads: list[str], passage_ids: list[str]) -> list[tuple[str, list[dict]]]:
    """(heading, passages) in letter order: the chosen threads, then the threads of passages chosen one
    by one, then those without a thread under "Further statements". Each passage is quoted once."""
    known = {t["name"].lower(): t for t in passages_app.threads(archive)}
    sections: list[tuple[str, list[dict]]] = []
    seen: set[str] = set()
    for name in threads:
        clean = " ".join(str(name).split())
        thread = known.get(clean.lower())
        if thread is None or not thread["passages"]:
            names = ", ".join(sorted(t["name"] for t in known.values() if t["passages"])) or "none yet"
            raise NotFound(f"no passages in a thread called {clean!r} (threads: {names})")
        rows = [p for p in passages_app.query(archive, thread=clean) if p["id"] not in seen]
        seen.update(p["id"] for p in rows)
        if rows:
            sections.append((thread["name"], _by_said_on(rows)))
    extra: dict[str, list[dict]] = {}
    for ref in passage_ids:
        p = passages_app.get(archive, str(ref))
        if p["id"] in seen:
            continue
        seen.add(p["id"])
        extra.setdefault(p["threads"][0] if p["threads"] else FURTHER_STATEMENTS, []).append(p)
    further = extra.pop(FURTHER_STATEMENTS, None)
    sections += [(heading, _by_said_on(rows)) for heading, rows in extra.items()]
    if further:
        sections.append((FURTHER_STATEMENTS, _by_said_on(further)))
    return sections


def refresh_citations(archive: Archive, draft: Draft) -> Draft:
    """A copy of the draft whose every citation (footnotes and appendix sources) is built again
    from the archive, so a corrected title, date or author shows everywhere at once. Citations
    whose passage was deleted are left as they were."""
    fresh = Draft.from_dict(draft.to_dict())
    found: dict[str, dict | None] = {}

    def current(citation: Citation) -> Citation:
        pid = citation.passage_id
        if not pid:
            return citation
        if pid not in found:
            found[pid] = _passage_or_none(archive, pid)
        return citation if found[pid] is None else citation_for(found[pid])

    for quote in fresh.quotes():
        quote.citation = current(quote.citation)
    for block in fresh.blocks:
        if isinstance(block, Appendix):
            for row in block.rows:
                row.source = current(row.source)
    return fresh


# ---------------------------------------------------------------- stored drafts

def _linked_passages(draft: Draft) -> list[str]:
    ids = [q.citation.passage_id for q in draft.quotes()]
    ids += [pid for b in draft.blocks if isinstance(b, Appendix) for r in b.rows
            for pid in [r.source.passage_id, *r.others]]
    return [i for i in ids if i]


def draft_title(draft: Draft) -> str:
    return draft.subject.strip() or "Untitled draft"


def save_draft(archive: Archive, draft: Draft, draft_id: int | str | None = None) -> int:
    """Store a draft (new when draft_id is None); one short transaction, so autosave can call it often."""
    if not isinstance(draft, Draft):
        raise TypeError(f"save_draft needs a Draft, not {type(draft).__name__}")
    try:
        draft.__post_init__()   # its blocks may have been edited since it was made
        body = draft.to_dict()
    except DraftError as exc:
        raise BadInput(f"the draft cannot be saved: {exc}") from None
    did = None if draft_id is None else store.parse_id(draft_id)
    with archive.transaction():
        return store.save(archive.db, draft_title(draft), body, _linked_passages(draft), did)


def load_draft(archive: Archive, draft_id: int | str) -> Draft:
    row = store.get(archive.db, store.parse_id(draft_id))
    try:
        return Draft.from_dict(json.loads(row["body"]))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:   # DraftError is a ValueError
        raise PapertrailError(f"draft {row['id']} is damaged and cannot be opened ({exc})") from None


def list_drafts(archive: Archive) -> list[dict]:
    """Stored drafts, most recently changed first: id, title, created_at, updated_at, passages."""
    return store.list_all(archive.db)


def delete_draft(archive: Archive, draft_id: int | str) -> None:
    did = store.parse_id(draft_id)
    with archive.transaction():
        store.delete(archive.db, did)
