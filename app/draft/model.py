"""The follow-up letter draft: paragraphs, cited quotations and a commitments appendix."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date

CITATION_STYLES = ("footnotes", "endnotes", "inline")
PARAGRAPH_STYLES = ("body", "heading1", "heading2", "bullet")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DraftError(ValueError):
    """A draft (or its stored form) that cannot be used as it is."""


def check_partial_date(value: str | None, what: str) -> None:
    """Raise DraftError unless value is None or a valid "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    if value is None:
        return
    match = _PARTIAL_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        raise DraftError(f"{what} must be a date like 2020, 2020-06 or 2020-06-03, not {value!r}")
    year, month, day = match.groups()
    try:
        _date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise DraftError(f"{what} {value!r} is not a real calendar date") from None


def human_date(value: str | None) -> str:
    """Render a partial ISO date keeping its precision: "2020" / "June 2020" / "3 June 2020".

    Text that is not an ISO date (e.g. "Spring 2021") is returned unchanged.
    """
    if not value:
        return ""
    match = _PARTIAL_DATE.match(value)
    if match is None:
        return value
    year, month, day = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return value
    if day is None:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def _require(d: dict, key: str, kind: str):
    if not isinstance(d, dict):
        raise DraftError(f"a stored {kind} must be a mapping, not {type(d).__name__}")
    if key not in d:
        raise DraftError(f"the stored {kind} has no {key!r} field")
    return d[key]


def author_names(names: list[str]) -> str:
    """How a document's authors are named in a citation: "A", "A and B", "A et al."."""
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


def same_party(name: str, names: list[str]) -> bool:
    """Whether name is one of names, or one contains the other as whole words ("UN Special
    Rapporteur on the right to privacy" and "Special Rapporteur on the right to privacy")."""
    want = f" {' '.join(name.casefold().split())} "
    for other in names:
        have = f" {' '.join(other.casefold().split())} "
        if want.strip() and have.strip() and (want in have or have in want):
            return True
    return False


def pages_label(page: int, end_page: int | None) -> str:
    return f"pp. {page}–{end_page}" if end_page and end_page > page else f"p. {page}"


@dataclass
class Citation:
    """Where a quoted statement comes from, precisely enough to find it again, and whose words it is.

    doc_authors are the document's senders (its real author, always named); said_by is whose
    commitment or claim it is; words_by is set when the quotation is that party's own words quoted
    in the document, with said_in describing where they were first written or said."""

    passage_id: str | None
    doc_id: str
    said_by: str
    said_on: str | None
    doc_title: str
    doc_date: str | None
    page: int
    end_page: int | None = None
    doc_authors: list[str] = field(default_factory=list)
    words_by: str = ""
    manner: str = ""
    said_in: str = ""
    also_by: list[str] = field(default_factory=list)     # further parties who made it with said_by

    def __post_init__(self) -> None:
        check_partial_date(self.said_on, "said_on")
        check_partial_date(self.doc_date, "doc_date")
        if isinstance(self.page, bool) or not isinstance(self.page, int) or self.page < 1:
            raise DraftError(f"a citation's page must be a whole number from 1, not {self.page!r}")
        if self.end_page is not None and (isinstance(self.end_page, bool) or not isinstance(self.end_page, int)
                                          or self.end_page < self.page):
            raise DraftError(f"a citation's last page must be a whole number from {self.page}, not {self.end_page!r}")
        if not isinstance(self.doc_authors, list) or not all(isinstance(a, str) for a in self.doc_authors):
            raise DraftError("a citation's document authors must be a list of names")

    def author(self) -> str:
        """The document's author as cited: the party the passage is by when it is one of the senders
        (a letter's senders often list the organisation and its signatory), else all of them."""
        authors = [a.strip() for a in self.doc_authors if a and a.strip()]
        by = self.said_by.strip()
        if by and same_party(by, authors) and not self.words_by:
            return f"{by} et al." if len(authors) > 2 else by
        return author_names(authors)

    def made_by(self) -> str:
        """Every party who made it: "NSO Group and Novalpina Capital"."""
        names = [n.strip() for n in [self.said_by, *self.also_by] if n and n.strip()]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""

    def reports_another(self) -> bool:
        """The document's author reports (in the author's own words) what another party said."""
        if self.words_by or not self.said_by.strip() or not self.doc_authors:
            return False
        return not same_party(self.said_by, self.doc_authors)

    def source_text(self) -> str:
        """The document: "Access Now et al., <title>, 27 April 2021, pp. 3–4"."""
        # The document's own date is what a reader needs to find it; fall back to
        # when the words were said for undated documents.
        when = human_date(self.doc_date or self.said_on) or "n.d."
        author = self.author() or ("" if self.words_by else self.said_by)
        parts = [p.strip() for p in (author, self.doc_title) if p and p.strip()]
        return ", ".join(parts + [when, pages_label(self.page, self.end_page)])

    def text(self) -> str:
        """"Veridian Signals, letter to Open Rights Watch, 3 June 2020, p. 2"; a party reported by the
        document's author: "… p. 2 (reporting Novalpina Capital, February 2019)"; a direct quotation:
        "NSO Group, letter to David Kaye, June 2020, as quoted in Access Now et al., …, pp. 3–4"."""
        source = self.source_text()
        if self.words_by:
            original = [p.strip() for p in (self.words_by, self.said_in, human_date(self.said_on)) if p and p.strip()]
            return ", ".join(original) + ", as quoted in " + source
        if self.reports_another():
            # When the document's own date: already in the citation, not repeated.
            when = human_date(self.said_on) if self.said_on != self.doc_date else ""
            said = ", ".join(p for p in (self.made_by(), when) if p)
            return f"{source} (reporting {said})"
        return source

    def to_dict(self) -> dict:
        return {"passage_id": self.passage_id, "doc_id": self.doc_id, "said_by": self.said_by,
                "said_on": self.said_on, "doc_title": self.doc_title,
                "doc_date": self.doc_date, "page": self.page, "end_page": self.end_page,
                "doc_authors": list(self.doc_authors), "words_by": self.words_by, "manner": self.manner,
                "said_in": self.said_in, "also_by": list(self.also_by)}

    @classmethod
    def from_dict(cls, d: dict) -> Citation:
        return cls(passage_id=d.get("passage_id") if isinstance(d, dict) else None,
                   doc_id=_require(d, "doc_id", "citation"),
                   said_by=_require(d, "said_by", "citation"),
                   said_on=d.get("said_on"), doc_title=_require(d, "doc_title", "citation"),
                   doc_date=d.get("doc_date"), page=_require(d, "page", "citation"),
                   end_page=d.get("end_page"), doc_authors=list(d.get("doc_authors") or []),
                   words_by=d.get("words_by") or "", manner=d.get("manner") or "", said_in=d.get("said_in") or "",
                   also_by=[str(n) for n in d.get("also_by") or []])


@dataclass
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None

    def to_dict(self) -> dict:
        return {"type": "run", "text": self.text, "bold": self.bold,
                "italic": self.italic, "link": self.link}

    @classmethod
    def from_dict(cls, d: dict) -> Run:
        return cls(text=_require(d, "text", "run"), bold=bool(d.get("bold", False)),
                   italic=bool(d.get("italic", False)), link=d.get("link"))


@dataclass
class Quote:
    """Words quoted from a source, exactly as the author wants them (may hold "[…]", "[sic]").

    block=True sets it off as an indented block quotation; block=False puts it in
    typographic quotation marks, either as its own paragraph (when it is a block of
    the draft) or inside a sentence (when it is one of a Paragraph's runs).
    """

    text: str
    citation: Citation
    block: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise DraftError("a quotation needs some quoted words")
        if not isinstance(self.citation, Citation):
            raise DraftError("a quotation needs a Citation saying where it comes from")

    def to_dict(self) -> dict:
        return {"type": "quote", "text": self.text, "citation": self.citation.to_dict(),
                "block": self.block}

    @classmethod
    def from_dict(cls, d: dict) -> Quote:
        return cls(text=_require(d, "text", "quotation"),
                   citation=Citation.from_dict(_require(d, "citation", "quotation")),
                   block=bool(d.get("block", True)))


@dataclass
class Paragraph:
    """A paragraph of the author's own words; it may embed inline (block=False) quotes."""

    runs: list[Run | Quote]
    style: str = "body"

    def __post_init__(self) -> None:
        if self.style not in PARAGRAPH_STYLES:
            raise DraftError(f"unknown paragraph style {self.style!r}; "
                             f"use one of {', '.join(PARAGRAPH_STYLES)}")
        for run in self.runs:
            if isinstance(run, Quote) and run.block:
                raise DraftError("a block quotation cannot sit inside a paragraph; "
                                 "make it a block of the draft or set block=False")
            if not isinstance(run, (Run, Quote)):
                raise DraftError(f"a paragraph holds runs and inline quotes, not {run!r}")

    def to_dict(self) -> dict:
        return {"type": "paragraph", "style": self.style,
                "runs": [r.to_dict() for r in self.runs]}

    @classmethod
    def from_dict(cls, d: dict) -> Paragraph:
        runs = [Quote.from_dict(r) if isinstance(r, dict) and r.get("type") == "quote"
                else Run.from_dict(r) for r in _require(d, "runs", "paragraph")]
        return cls(runs=runs, style=d.get("style", "body"))


QUESTION_LABELS = {"unanswered": "", "partly-answered": "partly answered"}


@dataclass
class AppendixQuestion:
    """A question from the archive that asks about a row's commitment or statements, as the draft
    shows it: its words (which the author may reword) and its state as of the letter's date."""

    passage_id: str | None
    text: str
    state: str = "unanswered"
    asked_on: str | None = None
    asked_in: str = ""               # the title of the letter it was asked in

    def __post_init__(self) -> None:
        check_partial_date(self.asked_on, "asked_on")
        if not isinstance(self.text, str):
            raise DraftError("a question's words must be text")

    def label(self) -> str:
        """The question as its cell shows it: "How often? (partly answered)"."""
        state = QUESTION_LABELS.get(self.state, self.state.replace("-", " "))
        return f"{self.text} ({state})" if state else self.text

    def to_dict(self) -> dict:
        return {"passage_id": self.passage_id, "text": self.text, "state": self.state,
                "asked_on": self.asked_on, "asked_in": self.asked_in}

    @classmethod
    def from_dict(cls, d: dict) -> AppendixQuestion:
        return cls(passage_id=d.get("passage_id") if isinstance(d, dict) else None,
                   text=_require(d, "text", "appendix question"), state=d.get("state") or "unanswered",
                   asked_on=d.get("asked_on"), asked_in=d.get("asked_in") or "")


ROW_KINDS = ("commitment", "inconsistent")


def _names_list(value, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DraftError(f"an appendix row's {what} must be a list of text")
    return list(value)


@dataclass
class AppendixRow:
    """One commitment (or one set of inconsistent statements) and what became of it.

    parties: everyone who made it (made_by is the first, kept for older readers); questions: the
    archive's questions about it that were still open as of the letter's date; open_questions: the
    questions the author typed in the draft; dropped_questions: archive questions the author took
    out of the draft, which a refresh leaves out; answers: what answered its questions, one line
    each; others and inconsistent_with: for a set of inconsistent statements, the other statements'
    passage ids and how the row cites them."""

    undertaking: str
    made_by: str
    made_on: str | None
    source: Citation
    status: str
    status_date: str | None
    status_evidence: str | None
    open_questions: str
    status_note: str | None = None      # why the status changed, in the recorder's words
    parties: list[str] = field(default_factory=list)
    kind: str = "commitment"
    questions: list[AppendixQuestion] = field(default_factory=list)
    dropped_questions: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    inconsistent_with: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_partial_date(self.made_on, "made_on")
        check_partial_date(self.status_date, "status_date")
        if self.kind not in ROW_KINDS:
            raise DraftError(f"unknown appendix row kind {self.kind!r}; use one of {', '.join(ROW_KINDS)}")
        if not isinstance(self.open_questions, str):
            raise DraftError("an appendix row's typed questions must be text")
        for what in ("parties", "dropped_questions", "answers", "others", "inconsistent_with"):
            _names_list(getattr(self, what), what.replace("_", " "))
        if not all(isinstance(q, AppendixQuestion) for q in self.questions):
            raise DraftError("an appendix row's questions must be AppendixQuestion objects")

    def all_parties(self) -> list[str]:
        return [p for p in self.parties if p.strip()] or ([self.made_by] if self.made_by.strip() else [])

    def question_lines(self) -> list[str]:
        """The questions column, line by line: the archive's questions, then the typed ones."""
        typed = [line.strip() for line in self.open_questions.splitlines() if line.strip()]
        return [q.label() for q in self.questions if q.text.strip()] + typed

    def to_dict(self) -> dict:
        return {"undertaking": self.undertaking, "made_by": self.made_by,
                "made_on": self.made_on, "source": self.source.to_dict(),
                "status": self.status, "status_date": self.status_date,
                "status_evidence": self.status_evidence,
                "open_questions": self.open_questions, "status_note": self.status_note,
                "parties": list(self.parties), "kind": self.kind,
                "questions": [q.to_dict() for q in self.questions],
                "dropped_questions": list(self.dropped_questions), "answers": list(self.answers),
                "others": list(self.others), "inconsistent_with": list(self.inconsistent_with)}

    @classmethod
    def from_dict(cls, d: dict) -> AppendixRow:
        typed = d.get("open_questions") if isinstance(d, dict) else ""
        if isinstance(typed, list):          # a list of lines is read as the lines typed
            typed = "\n".join(str(t) for t in typed)
        return cls(undertaking=_require(d, "undertaking", "appendix row"),
                   made_by=d.get("made_by", ""), made_on=d.get("made_on"),
                   source=Citation.from_dict(_require(d, "source", "appendix row")),
                   status=d.get("status", ""), status_date=d.get("status_date"),
                   status_evidence=d.get("status_evidence"),
                   open_questions=typed or "", status_note=d.get("status_note"),
                   parties=list(d.get("parties") or []), kind=d.get("kind") or "commitment",
                   questions=[AppendixQuestion.from_dict(q) for q in d.get("questions") or []],
                   dropped_questions=list(d.get("dropped_questions") or []),
                   answers=list(d.get("answers") or []), others=list(d.get("others") or []),
                   inconsistent_with=list(d.get("inconsistent_with") or []))


@dataclass
class Appendix:
    """A table of commitments at the end of the letter."""

    title: str
    rows: list[AppendixRow]

    def to_dict(self) -> dict:
        return {"type": "appendix", "title": self.title, "rows": [r.to_dict() for r in self.rows]}

    @classmethod
    def from_dict(cls, d: dict) -> Appendix:
        return cls(title=_require(d, "title", "appendix"),
                   rows=[AppendixRow.from_dict(r) for r in d.get("rows", [])])


Block = Paragraph | Quote | Appendix
_BLOCK_TYPES = {"paragraph": Paragraph, "quote": Quote, "appendix": Appendix}


@dataclass
class Draft:
    """A follow-up letter as the author composed it."""

    to: str
    from_: list[str]
    date: str
    subject: str
    salutation: str
    closing: str
    blocks: list[Block] = field(default_factory=list)
    citation_style: str = "footnotes"

    def __post_init__(self) -> None:
        if self.citation_style not in CITATION_STYLES:
            raise DraftError(f"unknown citation style {self.citation_style!r}; "
                             f"use one of {', '.join(CITATION_STYLES)}")
        if isinstance(self.from_, str):
            raise DraftError("from_ is a list of signatories, not a single string")
        for block in self.blocks:
            if not isinstance(block, (Paragraph, Quote, Appendix)):
                raise DraftError(f"a draft holds paragraphs, quotes and appendices, not {block!r}")

    def quotes(self) -> list[Quote]:
        """Every quotation in reading order (the order their notes are numbered in)."""
        found: list[Quote] = []
        for block in self.blocks:
            if isinstance(block, Quote):
                found.append(block)
            elif isinstance(block, Paragraph):
                found.extend(r for r in block.runs if isinstance(r, Quote))
        return found

    def to_dict(self) -> dict:
        return {"to": self.to, "from": list(self.from_), "date": self.date,
                "subject": self.subject, "salutation": self.salutation,
                "closing": self.closing, "citation_style": self.citation_style,
                "blocks": [b.to_dict() for b in self.blocks]}

    @classmethod
    def from_dict(cls, d: dict) -> Draft:
        blocks = []
        for raw in _require(d, "blocks", "draft"):
            kind = raw.get("type") if isinstance(raw, dict) else None
            if kind not in _BLOCK_TYPES:
                raise DraftError(f"the stored draft has a block of unknown type {kind!r}")
            blocks.append(_BLOCK_TYPES[kind].from_dict(raw))
        return cls(to=d.get("to", ""), from_=list(d.get("from", [])), date=d.get("date", ""),
                   subject=d.get("subject", ""), salutation=d.get("salutation", ""),
                   closing=d.get("closing", ""), blocks=blocks,
                   citation_style=d.get("citation_style", "footnotes"))
