"""PDF writer for letter drafts: the letter's HTML laid out page by page with MuPDF's Story."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pymupdf

from app.draft.export_text import HtmlNotes, html_parts
from app.draft.model import Draft

_PDF_CSS = """
body { font-family: serif; font-size: 10.5pt; line-height: 1.38; color: #1b1b1b; }
p { margin: 0 0 7pt 0; }
.sender { text-align: right; margin: 0 0 2pt 0; }
.date { text-align: right; margin: 0 0 22pt 0; }
.to { margin: 0 0 20pt 0; }
.subject { font-weight: bold; margin-bottom: 10pt; }
blockquote { margin: 2pt 30pt 9pt 30pt; font-size: 10pt; line-height: 1.3; }
blockquote p { margin: 0 0 4pt 0; }
cite { font-style: normal; }
sup { font-size: 7pt; }
a { color: #1f4e99; text-decoration: none; }
sup a { color: #1b1b1b; }
h2 { font-size: 12.5pt; color: #1f2a44; margin: 12pt 0 5pt 0; }
h3 { font-size: 11pt; color: #1f2a44; margin: 10pt 0 4pt 0; }
ul { margin: 0 0 7pt 0; }
.closing { margin-top: 10pt; }
.signatures td { padding: 30pt 40pt 0 0; vertical-align: top; }
.notes { margin-top: 16pt; font-size: 9pt; }
.notes h2 { font-size: 10pt; }
.backref { display: none; }
.appendix table { border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 1.25; }
.appendix th, .appendix td { border: 0.6pt solid #777777; padding: 3pt 4pt; text-align: left;
  vertical-align: top; }
.appendix th { background-color: #e7eaf0; }
.appendix p.question { margin: 0 0 3pt 0; }
.fn p { font-size: 8.5pt; line-height: 1.25; margin: 0 0 2pt 0; }
"""
_PDF_MARGINS = (65, 62, 65, 70)  # left, top, right, bottom in points
_PDF_APPENDIX_WIDTHS = (30, 15, 20, 18, 17)  # percent of the table width


_LIGATURE_F = re.compile(r"f(?=[fijlt])")
_TEXT_NODE = re.compile(r">([^<]+)<")


def _no_ligatures(markup: str) -> str:
    """Keep "fi", "fl", "ff"… as separate letters: MuPDF's shaper would draw them as ligature
    glyphs that copy out of the PDF as "ﬁ" (a quote pasted from it reads "unfulﬁlled"). A shaping
    run ends at an element, so each such "f" gets a span of its own (a zero-width non-joiner
    would copy out as a space)."""
    return _TEXT_NODE.sub(lambda m: ">" + _LIGATURE_F.sub("<span>f</span>", m.group(1)) + "<", markup)


def _pdf_place(story, previous: list, rect):
    """Lay the story out up to and including a page in rect; report what landed there."""
    story.reset()
    for earlier in previous:
        story.place(earlier)
        story.draw(None)  # MuPDF only moves on to the next page's content once drawn
    more, filled = story.place(rect)
    refs: list[int] = []
    links: list[tuple] = []
    ends: dict[str, pymupdf.Rect] = {}

    def seen(pos) -> None:
        if pos.id and pos.id.startswith("fnref") and pos.open_close & 1:
            if int(pos.id[5:]) not in refs:
                refs.append(int(pos.id[5:]))
        if pos.href and pos.href.startswith(("http:", "https:", "mailto:")) and pos.open_close & 1:
            links.append((pymupdf.Rect(pos.rect), pos.href))
        if pos.id in ("closing", "signature1") and pos.open_close & 2:
            ends[pos.id] = pymupdf.Rect(pos.rect)
        if pos.id == "lastblock":   # the body's last block: where it starts, where it ends
            ends["lastblock" if pos.open_close & 1 else "lastblock_end"] = pymupdf.Rect(pos.rect)
        if pos.id and pos.id.startswith(("keep", "next")) and pos.open_close & 1:
            ends[pos.id] = pymupdf.Rect(pos.rect)  # where a lead-in, or its quotation, starts
        if pos.id and pos.id.startswith("arow") and pos.open_close & 2:
            ends[pos.id] = pymupdf.Rect(pos.rect)  # an appendix row, where it ends

    story.element_positions(seen)
    return more, pymupdf.Rect(filled), refs, links, ends


def _pdf_orphaned_closing(ends: dict, content, signed: bool) -> pymupdf.Rect | None:
    """Where the closing sits if it ends this page without the first signature under it."""
    closing = ends.get("closing")
    if closing is None or not signed or "signature1" in ends:
        return None
    if closing.y0 <= content.y0 + 1:
        return None  # already at the top of a page: moving it on would gain nothing
    return closing


# The height of a line of the body, and of a block quotation's (as _PDF_CSS sets them).
_BODY_LINE, _QUOTE_LINE = 10.5 * 1.38, 10 * 1.3


def _kept_with_closing(ends: dict, after: dict | None, rect, filled, line: float) -> float | None:
    """Where to end this page so that the closing goes over with at least the last two lines of the
    body's last block, as a word processor's keep-with-next does (the whole block when it has three
    lines or fewer, or when only one line of it would stay behind), or None to leave the page as
    it is. `ends` is what this page holds, `after` what the next one would hold (None when the
    closing ends this page without its signatures and goes over whatever follows)."""
    start, end = ends.get("lastblock"), ends.get("lastblock_end")
    if start is None and end is None:
        return None         # the body's last block is not on this page
    over = 0
    if after is not None:
        if after.get("closing") is None or "lastblock" in after:
            return None     # the closing is further on, or the whole block goes over with it already
        if "lastblock_end" in after:
            over = round((after["lastblock_end"].y1 - rect.y0) / line)
    if over >= 2:
        return None
    top = start.y0 if start is not None else rect.y0
    here = round(((end.y1 if end is not None else filled.y1) - top) / line)
    keep = here - (2 - over)
    if start is not None and top > rect.y0 + 1 and (keep < 2 or here + over <= 3):
        return top - 1
    if keep < 1:
        return None
    return top + keep * line + 0.5


def _next_page(story, done: list, rect, content) -> dict:
    """What the next page would hold, as it would be laid out after this one (the story is left
    laid out up to this page again)."""
    ends = _pdf_place(story, [*done, rect], content)[4]
    _pdf_place(story, done, rect)
    return ends


def _pdf_parted_lead_in(ends: dict, content) -> tuple[str, pymupdf.Rect] | None:
    """The lead-in (with any headings above it) and where it starts, if this page ends before the
    quotation it introduces starts."""
    for key, where in ends.items():
        if key.startswith("keep") and "next" + key[4:] not in ends and where.y0 > content.y0 + 1:
            return key, where  # (at the top of a page already, moving it on would gain nothing)
    return None


def _table_rows(piece: str) -> tuple[str, str, list[str], str] | None:
    """An appendix's table cut up: the markup before it, what opens it (from <table> through
    <tbody>, the header row included), its rows, each given an id ("arow0", …) to find where it
    ends on a page, and the markup after them; None when the piece holds no such table."""
    start, end = piece.find("<table"), piece.rfind("</tbody>")
    body = piece.find("<tbody>")
    if start < 0 or body < 0 or end < body:
        return None
    rows = [row + "</tr>" for row in piece[body + len("<tbody>"):end].split("</tr>") if row.strip()]
    if not all(row.startswith("<tr>") for row in rows):
        return None
    rows = [f'<tr id="arow{i}">' + row[len("<tr>"):] for i, row in enumerate(rows)]
    return piece[:start], piece[start:body + len("<tbody>")], rows, piece[end:]


def _last_whole_row(ends: dict, bottom: float) -> int | None:
    """The number of the last appendix row laid out whole above `bottom`."""
    done = [int(key[4:]) for key, where in ends.items() if key.startswith("arow") and where.y1 <= bottom + 0.5]
    return max(done) if done else None


def _pdf_end_above(story, done: list, rect, bottom: float, moved) -> tuple[bool, object, tuple]:
    """The page laid out again to end at `bottom`, kept when `moved(ends)` says what was to go
    to the next page went; otherwise laid out in full again (MuPDF keeps a box whose top is
    exactly the page's bottom, so it can stay), losing nothing. Returns whether it was kept,
    the page's rect and the placement."""
    shorter = pymupdf.Rect(rect.x0, rect.y0, rect.x1, bottom)
    placed = _pdf_place(story, done, shorter)
    if moved(placed[4]):
        return True, shorter, placed
    return False, rect, _pdf_place(story, done, rect)


def _pdf_notes(refs: list[int], texts: list[str], width: float):
    """A story holding the page-bottom notes for refs, and its height."""
    body = "".join(f'<p><sup>{n}</sup> {html.escape(texts[n - 1])}</p>' for n in refs)
    notes_html = _no_ligatures(f'<div class="fn">{body}</div>')
    story = pymupdf.Story(notes_html, user_css=_PDF_CSS)
    _, filled = story.place(pymupdf.Rect(0, 0, width, 2000))
    return notes_html, pymupdf.Rect(filled).y1 + 2


def _pdf_flow(writer, piece: str, mediabox, notes: list[str] | None, marks: dict,
              appendix: bool = False) -> None:
    """Write one portrait letter or landscape appendix run of pages."""
    left, top, right, bottom = _PDF_MARGINS
    content = pymupdf.Rect(mediabox.x0 + left, mediabox.y0 + top,
                           mediabox.x1 - right, mediabox.y1 - bottom)
    for share in _PDF_APPENDIX_WIDTHS:  # MuPDF sizes columns from the header cells, in points
        width = content.width * share / 100 - 12  # less the padding and borders
        piece = piece.replace("<th>", f'<th style="width: {width:.0f}pt">', 1)
    piece = _no_ligatures(piece)
    # An appendix's table that runs on to another page starts it again with its header row:
    # each page then lays out a table of its own, of the rows that did not fit before.
    table = _table_rows(piece) if appendix else None
    if table is not None:
        piece = table[0] + table[1] + "".join(table[2]) + table[3]
    story = pymupdf.Story(piece, user_css=_PDF_CSS)
    signed = 'id="signature1"' in piece
    line = _QUOTE_LINE if '<div id="lastblock"><blockquote' in piece else _BODY_LINE
    done: list = []
    more = True
    while more:
        rect = content
        more, filled, refs, links, ends = _pdf_place(story, done, rect)
        if notes is not None and refs:
            # Reserve room for this page's notes, then lay the page out again; the
            # notes of any reference pushed to the next page simply go there.
            _, height = _pdf_notes(refs, notes, content.width)
            rect = pymupdf.Rect(content.x0, content.y0, content.x1, content.y1 - height - 10)
            more, filled, refs, links, ends = _pdf_place(story, done, rect)
        parted = _pdf_parted_lead_in(ends, content)
        if parted is not None:
            # End the page above the lead-in, so it starts the next page with its quotation.
            key, lead_in = parted
            _, rect, (more, filled, refs, links, ends) = _pdf_end_above(
                story, done, rect, lead_in.y0 - 2, lambda placed: key not in placed)
        closing = _pdf_orphaned_closing(ends, content, signed)
        bottom = None
        if closing is not None:
            # The closing would end this page without its signatures: it goes over, and the body's
            # last lines with it (or it alone when the body has too little on this page).
            bottom = _kept_with_closing(ends, None, rect, filled, line) or closing.y0 - 2
        elif more and "closing" not in ends and 'id="closing"' in piece:
            # The closing goes to the next page: it takes the body's last lines with it.
            bottom = _kept_with_closing(ends, _next_page(story, done, rect, content), rect, filled, line)
        if bottom is not None:
            _, rect, (more, filled, refs, links, ends) = _pdf_end_above(
                story, done, rect, bottom, lambda placed: "closing" not in placed)
        carry_on = None
        if table is not None and more:
            last = _last_whole_row(ends, rect.y1)
            if last is not None and last + 1 < len(table[2]):
                # End the page under the last whole row; the next starts the header again.
                under = ends[f"arow{last}"].y1 + 1
                kept, rect, (more, filled, refs, links, ends) = _pdf_end_above(
                    story, done, rect, under, lambda placed: _last_whole_row(placed, under) == last)
                if kept:
                    carry_on = ('<section class="appendix">' + table[1] + "".join(table[2][last + 1:])
                                + "</tbody></table></section>")
        note_story = None
        if notes is not None and refs:
            notes_html, height = _pdf_notes(refs, notes, content.width)
            note_story = pymupdf.Story(notes_html, user_css=_PDF_CSS)
            note_rect = pymupdf.Rect(content.x0, content.y1 - height, content.x1, content.y1 + 4)
            note_story.place(note_rect)
        if more and filled.is_empty:
            raise ValueError("the letter has an element too large to fit on a page")
        device = writer.begin_page(mediabox)
        story.draw(device)
        page_no = marks["pages"]
        if note_story is not None:
            note_story.draw(device)
            marks["rules"].append((page_no, content.x0, note_rect.y0 - 5))
        writer.end_page()
        marks["links"].extend((page_no, r, uri) for r, uri in links)
        marks["pages"] += 1
        done.append(rect)
        if carry_on is not None:
            story, done, more = pymupdf.Story(carry_on, user_css=_PDF_CSS), [], True


def write_pdf(draft: Draft, path: Path) -> None:
    """Write draft as an A4 PDF with page numbers and a landscape appendix."""
    # The PDF's notes are not clickable: they sit at the foot of the same page.
    notes = HtmlNotes(draft.citation_style, linked=False)
    parts = html_parts(draft, notes, notes_section=draft.citation_style == "endnotes", keep_marks=True)
    page_notes = notes.texts if draft.citation_style == "footnotes" else None
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    marks = {"pages": 0, "rules": [], "links": []}
    for kind, piece in parts:
        mediabox = pymupdf.paper_rect("a4-l" if kind == "appendix" else "a4")
        _pdf_flow(writer, piece, mediabox, page_notes, marks, appendix=kind == "appendix")
    writer.close()

    # Second pass: things that need the finished page count or absolute positions.
    document = pymupdf.open("pdf", buffer.getvalue())
    total = document.page_count
    for number, page in enumerate(document, start=1):
        label = f"Page {number} of {total}"
        width = pymupdf.get_text_length(label, fontname="tiro", fontsize=8.5)
        page.insert_text(((page.rect.width - width) / 2, page.rect.height - 32), label,
                         fontname="tiro", fontsize=8.5, color=(0.4, 0.4, 0.4))
    for page_no, x, y in marks["rules"]:
        document[page_no].draw_line((x, y), (x + 140, y), color=(0.45, 0.45, 0.45), width=0.5)
    for page_no, rect, uri in marks["links"]:
        document[page_no].insert_link({"kind": pymupdf.LINK_URI, "from": rect, "uri": uri})
    document.set_metadata({"title": f"Re: {draft.subject}", "author": "; ".join(
        e.splitlines()[0] for e in draft.from_ if e.strip()), "creator": "Papertrail"})
    document.save(str(path), garbage=3, deflate=True)
    document.close()
