"""Re-finding a tagged passage after re-extraction from its quote, context and former position."""
from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from .find import Occurrence, _occurrence, find_quote
from .text import _EDGE, _likely_pages, _norm, _tokens

ORPHAN_BELOW = 0.8          # reanchor confidence under this means "orphaned"


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context(page_text: str, start: int, end: int, prefix: str, suffix: str, end_text: str | None = None) -> float:
    scores = []
    want = _norm(prefix).text
    if want:
        have = _norm(page_text[max(0, start - 2 * len(prefix) - 8):start]).text
        scores.append(_similarity(want, have[-len(want):]))
    want = _norm(suffix).text
    if want:
        have = _norm((page_text if end_text is None else end_text)[end:end + 2 * len(suffix) + 8]).text
        scores.append(_similarity(want, have[:len(want)]))
    return sum(scores) / len(scores) if scores else 1.0


def _proximity(occ: Occurrence, page: int, start: int) -> float:
    if occ.page == page:
        return 1.0 / (1.0 + abs(occ.start - start) / 1000.0)
    return 0.5 / (1.0 + abs(occ.page - page))


def reanchor(page_texts: list[str], quote: str, prefix: str, suffix: str,
             page: int, start: int) -> tuple[Occurrence | None, float]:
    """Find a tagged passage again after re-extraction; confidence under 0.8 means orphaned."""
    occurrences = find_quote(page_texts, quote)
    if occurrences:
        ranked = []
        for occ in occurrences:
            ctx = _context(page_texts[occ.page - 1], occ.start, occ.end, prefix, suffix,
                           page_texts[occ.last_page - 1])
            ranked.append((0.7 * ctx + 0.3 * _proximity(occ, page, start), ctx, occ))
        ranked.sort(key=lambda r: -r[0])
        score, ctx, best = ranked[0]
        confidence = 0.9 + 0.1 * ctx
        if len(ranked) > 1:
            # Two equally plausible copies: let the user choose rather than guess.
            confidence = min(confidence, 0.6 + 3.0 * (score - ranked[1][0]))
        return best, round(confidence, 3)
    return _reanchor_fuzzy(page_texts, quote, prefix, suffix, page, start)


def _reanchor_fuzzy(page_texts, quote, prefix, suffix, page, start) -> tuple[Occurrence | None, float]:
    words = _tokens(quote).folded
    if not words:
        return None, 0.0
    n = len(words)
    at: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        at.setdefault(w, []).append(i)
    quote_tokens = _tokens(quote)
    pairs = [f"{a} {b}" for a, b in zip(quote_tokens.cores, quote_tokens.cores[1:])]
    look = _likely_pages(quote_tokens.cores, pairs, page_texts, 0.3, 6)
    if 0 < page <= len(page_texts) and page - 1 not in look:
        look.append(page - 1)
    votes: Counter = Counter()
    pages = {p: _tokens(page_texts[p]) for p in look}
    for p, tk in pages.items():
        for j, w in enumerate(tk.folded):
            for i in at.get(w, ()):
                votes[(p, j - i)] += 1
    # An OCR word split or merge shifts the diagonal by one or two, so neighbours count together.
    smoothed = {(p, d): sum(votes.get((p, d + k), 0) for k in range(-2, 3)) for (p, d) in votes}
    candidates = sorted(smoothed.items(), key=lambda kv: -kv[1])[:12]
    wanted = _norm(quote).text.strip(_EDGE)
    margin = max(3, n // 5)
    best: tuple[float, float, Occurrence | None] = (-1.0, 0.0, None)
    for (p, d), count in candidates:
        if count < max(1, 0.3 * n):
            break
        tk = pages[p]
        lo, hi = max(0, d - margin), min(len(tk.cores), d + n + margin)
        blocks = [b for b in SequenceMatcher(None, words, tk.folded[lo:hi], autojunk=False)
                  .get_matching_blocks() if b.size]
        if not blocks:
            continue
        first, last = blocks[0], blocks[-1]
        s = max(lo, lo + first.b - first.a)
        e = min(hi, lo + last.b + last.size + (n - last.a - last.size))
        found = tk.norm.text[tk.starts[s]:tk.ends[e - 1]]
        sim = _similarity(wanted, found) if len(wanted) < 3000 else 2.0 * sum(b.size for b in blocks) / (n + e - s)
        o_start, o_end = tk.norm.orig_start(tk.starts[s]), tk.norm.orig_end(tk.ends[e - 1] - 1)
        occ = _occurrence(page_texts, p, o_start, o_end)
        ctx = _context(page_texts[p], o_start, o_end, prefix, suffix)
        confidence = min(0.99, sim * (0.9 + 0.1 * ctx))
        rank = confidence + 0.01 * _proximity(occ, page, start)
        if rank > best[0]:
            best = (rank, confidence, occ)
    return best[2], round(best[1], 3)
