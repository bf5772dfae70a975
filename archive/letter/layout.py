"""The page as a reader sees it: text lines with their size, weight and place, running heads and
page furniture removed, wrapped lines joined, so that letter metadata is read from the layout."""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

# Pages whose layout is read: where a letter's head and its signatures are.
HEAD_PAGES = 3
TAIL_PAGES = 3

_BOLD_FLAG = 16
_BAND = 0.075  # top and bottom margins where running heads, footers and browser print lines sit


class Line(NamedTuple):
    """One line of a page: its text, box, dominant font size, weight and colour, and 1-based page."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    color: int
    page: int


def layout_pages(page_count: int) -> list[int]:
    """0-based numbers of the pages whose layout is worth reading."""
    head = list(range(min(page_count, HEAD_PAGES)))
    tail = list(range(max(HEAD_PAGES, page_count - TAIL_PAGES), page_count))
    return head + tail


def page_lines(textpage, page_number: int) -> list[tuple]:
    """The lines of one page from a PyMuPDF text page, as plain tuples (cheap to send between
    processes); see Line for the fields."""
    out: list[tuple] = []
    for block in textpage.extractDICT().get("blocks", ()):
        for line in block.get("lines", ()):
            spans = [s for s in line.get("spans", ()) if s.get("text", "").strip()]
            if not spans:
                continue
            if len(spans) == 1:     # most lines of a typeset page: nothing to join or choose between
                main = spans[0]
                text = " ".join(main["text"].split())
            else:
                text = " ".join(_span_text(spans).split())
                main = max(spans, key=_visible_length)
            if not text:
                continue
            bold = bool(main.get("flags", 0) & _BOLD_FLAG) or "bold" in main.get("font", "").lower()
            x0, y0, x1, y1 = line["bbox"]
            out.append((text, round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1),
                        round(float(main.get("size", 0.0)), 1), bold, int(main.get("color", 0)), page_number))
    return out


def _visible_length(span: dict) -> int:
    return len(span["text"].strip())


def _span_text(spans: list[dict]) -> str:
    """A line's spans joined, with a space where spans stand apart (OCR gives one span a word)."""
    parts: list[str] = []
    prev = None
    for span in spans:
        text = span["text"]
        if prev is not None and parts and not parts[-1].endswith(" ") and not text.startswith(" "):
            if span["bbox"][0] - prev["bbox"][2] > 0.15 * max(float(span.get("size", 0.0)), 1.0):
                parts.append(" ")
        parts.append(text)
        prev = span
    return "".join(parts)


# ---------------------------------------------------------------- page furniture

_PAGE_NUMBER = re.compile(
    r"(?:(?:page|página|pagina|p\.)\s*)?\d{1,3}(?:\s*(?:/|of|de|sur|of the)\s*\d{1,3})?|-\s*\d{1,3}\s*-", re.I
)
_URL_ONLY = re.compile(r"(?:https?://|www\.)\S+(?:\s+\d{1,3}\s*/\s*\d{1,3})?", re.I)
_PRINT_STAMP = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?", re.I)
_TRAILING_PAGE = re.compile(r".*(?:\bpage\s+\d+(?:\s+of\s+\d+)?|\s\d{1,3}\s*/\s*\d{1,3})", re.I)


def _furniture(line: Line) -> bool:
    text = line.text
    return bool(_PAGE_NUMBER.fullmatch(text) or _URL_ONLY.fullmatch(text) or _PRINT_STAMP.match(text)
                or _TRAILING_PAGE.fullmatch(text))


def body_size(lines: list[Line]) -> float:
    """The size most of the text is set in (weighted by characters)."""
    sizes: Counter = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _drop_furniture(pages: dict[int, list[Line]], heights: dict[int, float], body: float) -> dict[int, list[Line]]:
    """Without running heads and footers, page numbers, print stamps and the URL lines browsers add."""
    repeated: Counter | None = None  # counted when a line in a margin first needs it: most pages have none
    kept: dict[int, list[Line]] = {}
    for number, lines in pages.items():
        height = heights.get(number) or max((l.y1 for l in lines), default=0.0) or 1.0
        top, bottom = _BAND * height, (1 - _BAND) * height
        out = []
        for line in lines:
            in_band = line.y1 < top or line.y0 > bottom
            # The cheap tests first: the patterns only matter for a line in a margin or a short one.
            if (in_band or len(line.text) < 12) and _furniture(line):
                continue
            if in_band:
                if body and line.size < 0.9 * body:
                    continue
                if number > 1 and len(pages) > 1:
                    if repeated is None:
                        repeated = _repeated(pages)
                    if repeated[_fold(line.text)] > 1:
                        continue
            out.append(line)
        kept[number] = out
    return kept


def _repeated(pages: dict[int, list[Line]]) -> Counter:
    """How many lines (each text once a page) each folded text has: a running head repeats."""
    return Counter(_fold(line.text) for lines in pages.values() for line in {l.text: l for l in lines}.values())


_DIGITS = re.compile(r"\d+")


def _fold(text: str) -> str:
    return _DIGITS.sub("#", text.lower())


# ---------------------------------------------------------------- joining wrapped lines

# A line ending in one of these words goes on on the next. Searched for only in a line's last few
# characters (the longest word and a line end): a joined paragraph is long, and a pattern that
# tries every position of it was most of the time spent joining lines.
_CONNECTOR_END = re.compile(
    r"\b(?:and|of|for|the|on|in|to|at|with|de|del|des|du|la|le|les|et|y|e|para|pour|sur|en|von|van|und|"
    r"&)$",
    re.I,
)
_CONNECTOR_TAIL = 6


def _ends_with_connector(text: str) -> bool:
    return _CONNECTOR_END.search(text, max(0, len(text) - _CONNECTOR_TAIL)) is not None


_LABEL = re.compile(r"(?:cc|bcc|c\.c\.|encl|enc|p\.\s?s|ps|re|ref|attn|tel|fax|e-?mail|www)\b\s*[.:]|"
                    r"(?:p\.\s?p|i\.\s?a)\.\s", re.I)   # "p.p. John Sauven" signs for someone: a line of its own


def _continues(a: Line, b: Line, body: float, right: float) -> bool:
    """Whether line b carries on line a (a wrapped name, heading or title)."""
    if b.page != a.page or abs(b.size - a.size) > 0.6 or b.bold != a.bold:
        return False
    gap = b.y0 - a.y1
    # Boxes of large type set solid overlap a little: a 15-point headline's by 1.2 points.
    if gap < -max(1.0, 0.12 * a.size) or gap > 0.75 * max(a.size, 1.0):
        return False
    if abs(b.x0 - a.x0) > 3 and not (b.x0 > a.x0 and b.x0 - a.x0 < 40):
        centred = abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) < 6
        if not centred:
            return False
    if _LABEL.match(b.text):
        return False  # "cc: …", "encl.: …", "p.s." start lines of their own
    if b.text[:1].islower() and not a.text.endswith((".", ":", ";")) or _ends_with_connector(a.text):
        return True
    if a.text.count("(") > a.text.count(")") or b.text.startswith("(") and len(b.text) <= 40:
        return True  # "Agora International Human Rights Group" / "(Russia)"
    # A heading set larger or bolder than the text, wrapped over two lines.
    heading = a.size >= 1.12 * body or a.bold
    return (heading and len(a.text) >= 40 and not a.text.endswith((".", ":", ";")) and len(a.text.split()) >= 5
            and a.x1 >= 0.8 * right)  # a heading wraps only where its line is full


def _tight(lines: list[Line]) -> set[int]:
    """Indices of lines set closer to the line above than the entries of their column are to each
    other: the second line of a wrapped table cell or list entry."""
    pitches: dict[int, list[tuple[int, float]]] = {}
    for k in range(1, len(lines)):
        a, b = lines[k - 1], lines[k]
        if abs(a.x0 - b.x0) <= 3 and abs(a.size - b.size) <= 0.6 and 0 < b.y0 - a.y0 < 2.2 * max(a.size, 1.0):
            pitches.setdefault(round(a.x0 / 6), []).append((k, b.y0 - a.y0))
    tight: set[int] = set()
    for column in pitches.values():
        if len(column) < 4:
            continue
        ordered = sorted(p for _, p in column)
        median = ordered[len(ordered) // 2]
        tight.update(k for k, p in column if p <= 0.8 * median)
    return tight


def _wrapped_cells(lines: list[Line]) -> set[int]:
    """Indices of lines that carry on a table cell's text ("Cairo Institute for Human Rights" /
    "Studies" in a table of signatories): among the lines of a table (those with a cell beside
    them, and the lines right under these), the ones set closer to the line above in their column
    than the column's rows are to each other. The cells of a row come one after the other in the
    reading order, so _tight, which compares neighbours in that order, does not see them."""
    rows: dict[int, list[int]] = {}
    for k, line in enumerate(lines):
        rows.setdefault(round(line.y0 / 2), []).append(k)

    def beside(k: int) -> bool:
        line = lines[k]
        key = round(line.y0 / 2)
        return any(abs(lines[j].x0 - line.x0) > 20 and lines[j].page == line.page
                   for near in (key - 1, key, key + 1) for j in rows.get(near, ()))

    columns: dict[tuple[int, int], list[int]] = {}
    for k, line in enumerate(lines):
        columns.setdefault((line.page, round(line.x0 / 6)), []).append(k)
    out: set[int] = set()
    for members in columns.values():
        members.sort(key=lambda k: lines[k].y0)
        table, pitches = [], []
        for i, k in enumerate(members):
            prev = members[i - 1] if i else None
            under = prev is not None and prev in table and -2 <= lines[k].y0 - lines[prev].y1 <= 0.5 * max(lines[k].size, 1.0)
            if beside(k) or under:
                if table and table[-1] == prev and abs(lines[k].size - lines[prev].size) <= 0.6:
                    pitches.append((k, lines[k].y0 - lines[prev].y0))
                table.append(k)
        if len(pitches) < 4:
            continue
        ordered = sorted(p for _, p in pitches)
        median = ordered[len(ordered) // 2]
        # Joined to the line before it in the reading order, which must be the cell's line above.
        out.update(k for k, p in pitches if p <= 0.8 * median and abs(lines[k - 1].x0 - lines[k].x0) <= 3
                   and 0 < lines[k].y0 - lines[k - 1].y0 == p and not lines[k - 1].text.endswith((".", ":", ";")))
    return out


def _join(lines: list[Line], body: float) -> list[Line]:
    out: list[Line] = []
    tight = _tight(lines)
    right = max((line.x1 for line in lines), default=0.0)
    tight |= _wrapped_cells(lines)
    for k, line in enumerate(lines):
        if out and (k in tight and out[-1].page == line.page or _continues(out[-1], line, body, right)):
            a = out[-1]
            glue = "" if a.text.endswith("-") and line.text[:1].islower() else " "
            out[-1] = a._replace(text=f"{a.text}{glue}{line.text}", x1=max(a.x1, line.x1), y1=line.y1)
        else:
            out.append(line)
    return out


def clean_pages(raw: dict[int, list[tuple]], heights: dict[int, float]) -> tuple[dict[int, list[Line]], float]:
    """Per page, the logical lines a reader would see; and the body text size."""
    pages = {number: [Line(*t) for t in lines] for number, lines in raw.items()}
    body = body_size([line for lines in pages.values() for line in lines])
    pages = _drop_furniture(pages, heights, body)
    out = {}
    for number, lines in pages.items():
        lines = _order_columns(lines)
        out[number] = _join(lines, body)
    return out, body


def _order_columns(lines: list[Line]) -> list[Line]:
    """Lines in reading order: runs of lines going down one column are kept together and placed
    where their first line stands, so a footer or banner drawn first, or a date drawn last, goes
    where it is on the page, and a side-by-side list is read column by column."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            prev = blocks[-1][-1]
            if 0 <= line.y0 - prev.y0 <= 3 * max(prev.size, 1.0) and abs(line.x0 - prev.x0) <= 40:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    # Blocks whose first lines stand level (within a few points: a bold label and its value are
    # rarely set on the same top) make a row, read left to right.
    blocks.sort(key=lambda block: block[0].y0)
    rows: list[list[list[Line]]] = []
    for block in blocks:
        if rows and block[0].y0 - rows[-1][0][0].y0 <= min(4.0, 0.5 * max(block[0].size, 1.0)):
            rows[-1].append(block)
        else:
            rows.append([block])
    return [line for row in rows for block in sorted(row, key=lambda b: b[0].x0) for line in block]
