"""Where a page's running text begins and ends (page numbers and running headers left out), and the
text of two pages joined at the break, so a sentence that runs on to the next page can be found."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# "3", "- 3 -", "Page 3", "Page 3 of 4", "p. 3", "3/4", "Seite 3 von 4", "Página 3 de 4"
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:(?:page|p\.|pg\.|seite|página|pagina)\s*)?\d{1,4}(?:\s*(?:of|/|de|von|sur|di)\s*\d{1,4})?[\W_]*$",
    re.I)
_EDGE_LINES = 3         # at most this many lines at a page's top or bottom are furniture
_MAX_FURNITURE = 90     # characters: a running header is a short line


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n\r]*\S[^\n\r]*", text)]


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


@lru_cache(maxsize=256)
def _repeated(page_texts: tuple[str, ...]) -> frozenset[str]:
    """Lines (digits folded) that stand at the top or bottom of two or more pages: running heads."""
    seen: Counter = Counter()
    for text in page_texts:
        lines = _lines(text)
        edge = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        seen.update({_shape(text[a:b]) for a, b in edge if b - a <= _MAX_FURNITURE})
    return frozenset(s for s, n in seen.items() if n >= 2)


def _furniture(line: str, repeated: frozenset[str]) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= _MAX_FURNITURE and (
        bool(_PAGE_NUMBER.match(line)) or _shape(line) in repeated)


def body_span(page_texts: list[str] | tuple[str, ...], p: int) -> tuple[int, int]:
    """Offsets in page p (0-based) where its running text starts and ends."""
    text = page_texts[p]
    repeated = _repeated(tuple(page_texts)) if len(page_texts) > 2 else frozenset()
    lines = _lines(text)
    first, last = 0, len(lines)
    while first < min(_EDGE_LINES, last) and _furniture(text[slice(*lines[first])], repeated):
        first += 1
    while last > max(first, len(lines) - _EDGE_LINES) and _furniture(text[slice(*lines[last - 1])], repeated):
        last -= 1
    if first >= last:
        return 0, len(text.rstrip())
    return lines[first][0], lines[last - 1][1]


def joined_pages(page_texts: list[str], p: int, reach: int) -> tuple[str, int, int, int] | None:
    """The end of page p's running text, a line break, and the start of page p+1's: (text, where the
    first part starts in page p, where the break is in the text, where the second part starts in
    page p+1). reach limits each part to about that many characters; None on the last page."""
    if p + 1 >= len(page_texts):
        return None
    a_lo, a_hi = body_span(page_texts, p)
    b_lo, b_hi = body_span(page_texts, p + 1)
    head = max(a_lo, a_hi - reach)
    tail = min(b_hi, b_lo + reach)
    first, second = page_texts[p][head:a_hi], page_texts[p + 1][b_lo:tail]
    if not first.strip() or not second.strip():
        return None
    return first + "\n" + second, head, len(first), b_lo


def span_text(page_texts: list[str], page: int, start: int, end_page: int, end: int) -> str:
    """The running text from (page, start) to (end_page, end), 1-based pages, page furniture left
    out between the pages and the pages joined by a line break."""
    if end_page == page:
        return page_texts[page - 1][start:end]
    parts = []
    for p in range(page, end_page + 1):
        lo, hi = body_span(page_texts, p - 1)
        a = start if p == page else lo
        b = end if p == end_page else hi
        parts.append(page_texts[p - 1][a:max(a, b)])
    return "\n".join(part for part in parts if part)


# "assess-\nment": a word broken at a line end and continued in lower case on the next line.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")


def reflow(raw: str) -> str:
    """A passage's words as they should read in a letter: the page's line breaks and line-end
    hyphenation undone, paragraph breaks kept. check_quote accepts either form."""
    # Lower case after the break means a hyphenated word ("assess-ment"); otherwise the hyphen
    # belongs to the word ("Anti-Corruption") and only the line break goes.
    text = _LINE_END_HYPHEN.sub(lambda m: "" if m.string[m.end()].islower() else "-", raw)
    paragraphs = re.split(r"\n[ \t]*\n\s*", text.strip())
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


_OPENING = "“«„"
_CLOSING = "”»"
_NEAR = 600     # characters either side looked at for the enclosing quotation marks


def _paragraph_tail(text: str) -> str:
    text = text[-_NEAR:]
    cut = max(text.rfind("\n\n"), text.rfind("\n \n"))
    return text[cut + 1:] if cut >= 0 else text


def _paragraph_head(text: str) -> str:
    text = text[:_NEAR]
    cut = text.find("\n\n")
    return text[:cut] if cut >= 0 else text


def in_quotation_marks(before: str, quote: str, after: str) -> bool:
    """Whether the quote is (part of) a direct quotation inside quotation marks in its document:
    a quotation mark is open in the paragraph before it and closes after it, or it carries its own."""
    q = quote.strip()
    inner = q.strip("\"“”«»„ .,;:")
    if len(q) > 1 and q[0] in _OPENING + '"' and q.rstrip(".,;:)")[-1:] in _CLOSING + '"':
        return not any(c in inner for c in _OPENING + _CLOSING + '"')
    if any(c in q for c in _OPENING + _CLOSING + '"'):
        return False    # the selection crosses a quotation's edge: part quotation, part not
    head, tail = _paragraph_tail(before), _paragraph_head(after)
    curly_open = max(head.rfind(c) for c in _OPENING) > max(head.rfind(c) for c in _CLOSING)
    straight_open = head.count('"') % 2 == 1
    if curly_open:
        closes = [i for i in (tail.find(c) for c in _CLOSING) if i >= 0]
        opens = [i for i in (tail.find(c) for c in _OPENING) if i >= 0]
        return bool(closes) and (not opens or min(closes) < min(opens))
    if straight_open:
        return '"' in tail
    return False
