"""Find, re-find and verify quoted passages in the page texts of extracted documents."""
from __future__ import annotations

import re

# The work lives in one module per task; callers keep importing it all from here.
from .anchor import ORPHAN_BELOW, reanchor
from .check import UNSOURCED_BELOW, WILDCARD_WORDS, QuoteVerdict, best_source, check_quote
from .find import CONTEXT_CHARS, Occurrence, find_quote
from .text import normalise

__all__ = [
    "CONTEXT_CHARS", "ORPHAN_BELOW", "UNSOURCED_BELOW", "WILDCARD_WORDS", "Occurrence", "QuoteVerdict",
    "best_source", "check_quote", "extract_quotations", "find_quote", "normalise", "reanchor",
]

_INLINE = [re.compile(r"“([^“”]+)”"), re.compile(r"«\s*([^«»]+?)\s*»"),
           re.compile(r'(?<![\w"])"(?=\S)([^"]+?)(?<=\S)"(?!\w)')]
_BLOCK = re.compile(r"(?m)^ {0,3}>[^\n]*(?:\n {0,3}>[^\n]*)*")
_MIN_WORDS = 4


def extract_quotations(text: str) -> list[tuple[str, int, int]]:
    """Quotations in a plain-text draft as (quotation, start, end).

    Inline quotations ("…" or “…”, at least four words) give the offsets of the text inside the
    marks. Markdown block quotes give the whole block's offsets and its text without the "> ".
    """
    if not isinstance(text, str):
        raise TypeError(f"the draft must be text, not {type(text).__name__}")
    found, blocks = [], []
    for m in _BLOCK.finditer(text):
        lines = [re.sub(r"^ {0,3}(?:> ?)+", "", line) for line in m.group().split("\n")]
        body = "\n".join(lines).strip()
        if body:
            found.append((body, m.start(), m.end()))
            blocks.append((m.start(), m.end()))
    for pattern in _INLINE:
        for m in pattern.finditer(text):
            inner = m.group(1)
            if len(inner.split()) < _MIN_WORDS or re.search(r"\n\s*\n", inner):
                continue
            if any(a <= m.start() < b for a, b in blocks):
                continue
            found.append((inner, m.start(1), m.end(1)))
    return sorted(found, key=lambda f: f[1])
