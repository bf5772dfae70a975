"""Shared layout of an exported letter: what goes where, and the appendix's cells."""

from __future__ import annotations

from app.draft.model import Appendix, AppendixRow, Draft, Paragraph, Quote, human_date

APPENDIX_HEADERS = ("Undertaking", "Made by / when", "Source",
                    "Status (date, evidence)", "Open questions")
HEADINGS = ("heading1", "heading2")


def letter_order(draft: Draft) -> tuple[list, list[Appendix]]:
    """Blocks that go before the closing, and appendices that follow the signatures."""
    blocks = list(draft.blocks)
    trailing: list[Appendix] = []
    while blocks and isinstance(blocks[-1], Appendix):
        trailing.insert(0, blocks.pop())
    return blocks, trailing


def kept_with_next(blocks: list) -> dict[int, int]:
    """The blocks that must share a page with the block quotation after them: the paragraph leading in
    to it ("On 27 April 2021, Access Now et al. recorded a commitment …:") and any headings just before
    that. Maps the index of each group's first block to the index of its quotation."""
    kept: dict[int, int] = {}
    for i, block in enumerate(blocks):
        if not (isinstance(block, Quote) and block.block) or not i or not isinstance(blocks[i - 1], Paragraph):
            continue
        first = i - 1
        while first and isinstance(blocks[first - 1], Paragraph) and blocks[first - 1].style in HEADINGS:
            first -= 1
        kept[first] = i
    return kept


def sender_lines(draft: Draft) -> list[str]:
    """The organisations heading the letter."""
    # The last line of a signatory entry is usually the organisation; show each once.
    seen: list[str] = []
    for entry in draft.from_:
        lines = [line.strip() for line in entry.splitlines() if line.strip()]
        if lines and lines[-1] not in seen:
            seen.append(lines[-1])
    return seen


def status_parts(row: AppendixRow) -> tuple[str, str, str, str]:
    """The status, "as of" its date, its evidence and the note on it, each empty when unknown."""
    when = f"as of {human_date(row.status_date)}" if row.status_date else ""
    evidence = f"Evidence: {row.status_evidence}" if row.status_evidence else ""
    note = f"Note: {row.status_note}" if row.status_note else ""
    return row.status, when, evidence, note


def status_details(row: AppendixRow) -> list[str]:
    """The lines under the status: its date, evidence and note, the statements it is inconsistent
    with, and what answered the row's questions."""
    _status, *details = status_parts(row)
    return [d for d in details if d] + list(row.inconsistent_with) + list(row.answers)


def parties_text(names: list[str]) -> str:
    """"NSO Group", "NSO Group and Novalpina Capital", "A, B and C"."""
    names = [n.strip() for n in names if n and n.strip()]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def made_parts(row: AppendixRow) -> list[str]:
    """Who made the undertaking (every party, when several made it together) and when, leaving out
    what is unknown."""
    return [p for p in (parties_text(row.all_parties()), human_date(row.made_on)) if p]


def curly(text: str) -> str:
    """text in curly double quotation marks."""
    return f"\u201c{text}\u201d"
