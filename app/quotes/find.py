"""Finding a typed or pasted quote in a document's page texts, however its layout and typography differ."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .pages import joined_pages
from .text import _check_pages, _Norm, _norm

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Occurrence:
    page: int      # 1-based
    start: int     # offsets in the original page text
    end: int
    quote: str     # page_texts[page - 1][start:end], or the running text across the page break
    prefix: str
    suffix: str
    end_page: int | None = None    # set when the quote runs on to the next page; end is then on that page

    @property
    def last_page(self) -> int:
        return self.end_page or self.page


def _occurrence(page_texts: list[str], p: int, start: int, end: int) -> Occurrence:
    text = page_texts[p]
    return Occurrence(p + 1, start, end, text[start:end],
                      text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS])


def _quote_pattern(q: _Norm) -> re.Pattern | None:
    """A regex for quotes whose hyphens may face a line-end hyphenation in the page, else None."""
    text, joins = q.text, set(q.joins)
    if "-" not in text and not joins:
        return None
    out, buf, skip = [], [], False
    for k, ch in enumerate(text):
        if skip:
            skip = False
            continue
        if k in joins:  # the quote itself was pasted with a line-end hyphenation
            out += [re.escape("".join(buf)), "(?:- ?)?"]
            buf = []
        before = text[k - 1].isalpha() if k else None
        after = text[k + 1].isalpha() if k + 1 < len(text) else None
        if ch == "-" and before and text[k + 1:k + 2] == " " and text[k + 2:k + 3].isalpha():
            out += [re.escape("".join(buf)), "(?:- ?)?"]   # "commit- ment", as PDF viewers copy it
            buf, skip = [], True
        elif ch == "-" and (before or after) and before is not False and after is not False:
            out += [re.escape("".join(buf)), "(-|)"]
            buf = []
        else:
            buf.append(ch)
    out.append(re.escape("".join(buf)))
    return re.compile("".join(out))


def _find_in(norm: _Norm, q: _Norm, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    hay, spans = norm.text, []
    if pattern is None:
        i = hay.find(q.text)
        while i >= 0:
            spans.append((i, i + len(q.text)))
            i = hay.find(q.text, i + 1)
        return spans
    joins = set(norm.joins)
    m = pattern.search(hay)
    while m:
        # A hyphen typed in the quote may only vanish where the page had a line-end hyphenation.
        if m.end() > m.start() and all(m.group(g) or m.start(g) in joins for g in range(1, pattern.groups + 1)):
            spans.append((m.start(), m.end()))
        m = pattern.search(hay, m.start() + 1)
    return spans


def find_quote(page_texts: list[str], quote: str) -> list[Occurrence]:
    """Every occurrence of a typed or pasted quote, case-sensitive, tolerant of layout and typography."""
    _check_pages(page_texts)
    if not isinstance(quote, str):
        raise TypeError(f"the quote must be text, not {type(quote).__name__}")
    q = _norm(quote)
    if not q.text:
        raise ValueError("the quote is empty")
    pattern = _quote_pattern(q)
    found = []
    reach = 2 * len(quote) + 64
    head, tail = _ends(q.text)
    norms = [_norm(text) for text in page_texts]
    for p, norm in enumerate(norms):
        for ns, ne in _find_in(norm, q, pattern):
            found.append(_occurrence(page_texts, p, norm.orig_start(ns), norm.orig_end(ne - 1)))
        # Joining two pages costs more than searching one: only where the quote's first word ends
        # this page and its last word begins the next.
        if p + 1 < len(norms) and head in norm.text[-reach:] and tail in norms[p + 1].text[:reach]:
            found += _across_break(page_texts, p, q, pattern, reach)
    return found


def _ends(text: str) -> tuple[str, str]:
    """Letters and digits that begin the quote's first word and end its last: present, whatever the
    hyphenation or punctuation around them, in any text the quote matches."""
    words = text.split(" ")
    first = re.match(r"\w{0,6}", words[0].lstrip("\"'([")).group()
    last = re.search(r"\w{0,6}$", words[-1].rstrip("\"').,;:!?]")).group()
    return first, last


def _across_break(page_texts: list[str], p: int, q: _Norm, pattern, reach: int) -> list[Occurrence]:
    """Occurrences that start on page p and end on page p+1 (page numbers and running heads between
    them do not count)."""
    joined = joined_pages(page_texts, p, reach)
    if joined is None:
        return []
    text, head, cut, second = joined
    norm = _norm(text)
    out = []
    for ns, ne in _find_in(norm, q, pattern):
        start, end = norm.orig_start(ns), norm.orig_end(ne - 1)
        if start >= cut or end <= cut + 1:
            continue    # wholly on one page: found there already
        a, b = head + start, second + end - cut - 1
        first, after = page_texts[p], page_texts[p + 1]
        out.append(Occurrence(p + 1, a, b, text[start:end], first[max(0, a - CONTEXT_CHARS):a],
                              after[b:b + CONTEXT_CHARS], p + 2))
    return out
