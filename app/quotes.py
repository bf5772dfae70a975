"""Find, re-find and verify quoted passages in the page texts of extracted documents."""
from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable

CONTEXT_CHARS = 32
ORPHAN_BELOW = 0.8          # reanchor confidence under this means "orphaned"
UNSOURCED_BELOW = 0.6       # share of a quote's words that must be found in order
WILDCARD_WORDS = 6          # a "[bracketed substitution]" stands for at most this many words

_MAP = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u00b4`\u2039\u203a"}
_MAP |= {c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036"}
_MAP |= {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"}
_MAP_TABLE = str.maketrans(_MAP)
# One-for-one replacements keep offsets unchanged, so they are done for the whole page at once.
_ONE_TO_ONE = list((_MAP | {chr(c): " " for c in range(0x3001) if chr(c).isspace() and c != 32}).items())
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_LINE_BREAKS = set("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
# What is left after those: space runs, a hyphen before spaces (maybe a line-end hyphenation), and
# chars that NFKC changes or that are dropped. Separate simple scans are much faster than one regex.
_SPACES = re.compile("  +")
_HYPHEN = re.compile("- +")
# Non-ASCII chars except the Latin letters that are already in NFKC form (é, ß, œ, ł ...).
_NON_ASCII = re.compile("[\x80-\xbf\u0132\u0133\u013f\u0140\u0149\u017f\u0180-\U0010ffff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
_EDGE = "\"'.,;:!?()[]{}<>*_/\\-|~^"


class _Norm:
    """A normalised text with the segment map back to the original and its hyphenation joins."""

    __slots__ = ("source", "text", "seg_norm", "seg_orig", "seg_step", "joins")

    def orig_start(self, k: int) -> int:
        i = bisect_right(self.seg_norm, k) - 1
        return self.seg_orig[i] + (k - self.seg_norm[i]) * self.seg_step[i]

    def orig_end(self, k: int) -> int:
        """Exclusive original end of normalised char k, including combining marks that follow it."""
        end = self.orig_start(k) + 1
        while end < len(self.source) and unicodedata.combining(self.source[end]):
            end += 1
        return end


@lru_cache(maxsize=4096)
def _canonical_run(run: str) -> tuple[tuple[str, int], ...] | None:
    """None if a run of unusual chars is already canonical, else its (text or " ", offset) pieces."""
    if unicodedata.is_normalized("NFKC", run) and not _INVISIBLE.search(run):
        return None
    pieces, i = [], 0
    while i < len(run):
        j = i + 1
        while j < len(run) and unicodedata.combining(run[j]):
            j += 1
        cluster = run[i:j]
        if unicodedata.category(cluster[0]) not in ("Cf", "Cc"):
            for piece in re.split(r"(\s+)", unicodedata.normalize("NFKC", cluster).translate(_MAP_TABLE)):
                if piece:
                    pieces.append((" " if piece.isspace() else piece, i))
        i = j
    return tuple(pieces)


@lru_cache(maxsize=2048)
def _norm(text: str) -> _Norm:
    parts: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_step: list[int] = []
    joins: list[int] = []
    n = 0
    pending = -1  # original index of a whitespace run not yet written (dropped at the ends)

    def emit(s: str, orig: int, step: int) -> None:
        nonlocal n, pending
        if pending >= 0:
            if n:
                parts.append(" ")
                seg_norm.append(n), seg_orig.append(pending), seg_step.append(0)
                n += 1
            pending = -1
        parts.append(s)
        seg_norm.append(n), seg_orig.append(orig), seg_step.append(step)
        n += len(s)

    def retract() -> None:
        """Take back the last char written: a letter that a combining mark turns out to follow."""
        nonlocal n
        parts[-1] = parts[-1][:-1]
        n -= 1
        if not parts[-1]:
            parts.pop(), seg_norm.pop(), seg_orig.pop(), seg_step.pop()

    def plain(chunk: str, o: int) -> None:
        nonlocal pending
        if chunk[0] == " ":
            if pending < 0:
                pending = o
            chunk, o = chunk[1:], o + 1
        if not chunk:
            return
        trailing = chunk[-1] == " "
        if trailing:
            chunk = chunk[:-1]
        if chunk:
            emit(chunk, o, 1)
        if trailing and pending < 0:
            pending = o + len(chunk)

    def other(run: str, o: int) -> None:
        nonlocal pending
        if run.isspace():   # whitespace that NFKC does not map to a plain space
            pending = o if pending < 0 else pending
            return
        if unicodedata.combining(run[0]) and n and parts[-1][-1].isascii() and parts[-1][-1].isalpha():
            retract()   # compose "e" + U+0301 into "é"
            run, o = flat[o - 1] + run, o - 1
        pieces = _canonical_run(run)
        if pieces is None:
            emit(run, o, 1)
            return
        for piece, i in pieces:
            if piece != " ":
                emit(piece, o + i, 0)
            elif pending < 0:
                pending = o + i

    flat = text
    for char, replacement in _ONE_TO_ONE:
        if char in flat:
            flat = flat.replace(char, replacement)
    events = [(m.start(), m.end(), "space") for m in _SPACES.finditer(flat)]
    events += [(m.start(), m.end(), "hyphen") for m in _HYPHEN.finditer(flat)]
    if not flat.isascii():
        events += [(m.start(), m.end(), "other") for m in _NON_ASCII.finditer(flat)]
    if _CONTROL.search(flat):
        events += [(m.start(), m.end(), "other") for m in _CONTROL.finditer(flat)]
    events.sort()
    pos = 0
    for start, end, kind in events:
        if start < pos:     # spaces already taken by a hyphen before them
            continue
        if start > pos:
            plain(flat[pos:start], pos)
        if kind == "space":
            if pending < 0:
                pending = start
        elif kind == "hyphen":
            if ((start == 0 or flat[start - 1].isalpha()) and end < len(flat) and flat[end].isalpha()
                    and _LINE_BREAKS.intersection(text[start + 1:end])):
                if n:   # "commit-\nment": joined, and the join remembered for typed hyphens
                    joins.append(n)
            else:   # a hyphen and spaces on one line: "pre- and post-war"
                emit("-", start, 1)
                if pending < 0:
                    pending = start + 1
        else:
            other(flat[start:end], start)
            if flat[end - 1] == "\u00ad" and (end == 1 or flat[end - 2].isalpha()):
                after = end   # a soft hyphen before a line break joins the word like a hyphen does
                while after < len(flat) and flat[after] == " ":
                    after += 1
                if after < len(flat) and flat[after].isalpha():
                    if n:
                        joins.append(n)
                    end = after
        pos = end
    if pos < len(flat):
        plain(flat[pos:], pos)

    norm = _Norm()
    norm.source, norm.text = text, "".join(parts)
    norm.seg_norm, norm.seg_orig, norm.seg_step, norm.joins = seg_norm, seg_orig, seg_step, joins
    return norm


def normalise(text: str) -> tuple[str, list[int]]:
    """Canonical matching form (case kept) and, for each of its chars, the original char index."""
    if not isinstance(text, str):
        raise TypeError(f"normalise needs text, not {type(text).__name__}")
    norm = _norm(text)
    offsets: list[int] = []
    bounds = norm.seg_norm[1:] + [len(norm.text)]
    for start, end, orig, step in zip(norm.seg_norm, bounds, norm.seg_orig, norm.seg_step):
        offsets.extend(range(orig, orig + end - start) if step else [orig] * (end - start))
    return norm.text, offsets


def _check_pages(page_texts) -> None:
    if isinstance(page_texts, str) or not hasattr(page_texts, "__len__"):
        raise TypeError("page texts must be a list of strings, one per page")
    for i, text in enumerate(page_texts):
        if not isinstance(text, str):
            raise TypeError(f"page {i + 1} has no text ({type(text).__name__} instead of a string)")


# ---------------------------------------------------------------- finding a typed quote

@dataclass(frozen=True)
class Occurrence:
    page: int      # 1-based
    start: int     # offsets in the original page text
    end: int
    quote: str     # page_texts[page - 1][start:end]
    prefix: str
    suffix: str


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
    for p, text in enumerate(page_texts):
        norm = _norm(text)
        for ns, ne in _find_in(norm, q, pattern):
            found.append(_occurrence(page_texts, p, norm.orig_start(ns), norm.orig_end(ne - 1)))
    return found


# ---------------------------------------------------------------- words of a page

class _Tokens:
    """Words of a normalised page: edge punctuation stripped, with positions in the normalised text."""

    __slots__ = ("norm", "cores", "alts", "starts", "ends", "_folded")

    @property
    def folded(self) -> list[str]:
        if self._folded is None:
            self._folded = [c.casefold() for c in self.cores]
        return self._folded


@lru_cache(maxsize=1024)
def _tokens(text: str) -> _Tokens:
    norm = _norm(text)
    tk = _Tokens()
    tk.norm, tk._folded = norm, None
    tk.cores, tk.alts, tk.starts, tk.ends = [], [], [], []
    joins, pos = norm.joins, 0
    for raw in norm.text.split(" "):
        core = raw.strip(_EDGE)
        if core:
            start = pos + len(raw) - len(raw.lstrip(_EDGE))
            end = start + len(core)
            alt = core
            # "commit-\nment" is stored joined; keep the hyphenated spelling as an accepted variant.
            for j in reversed(joins[bisect_right(joins, start):bisect_left(joins, end)]):
                alt = alt[:j - start] + "-" + alt[j - start:]
            tk.cores.append(core), tk.alts.append(alt), tk.starts.append(start), tk.ends.append(end)
        pos += len(raw) + 1
    return tk


def _likely_pages(words: list[str], pairs: list[str], page_texts: list[str], share: float, limit: int) -> list[int]:
    """Pages (0-based, best first) holding at least `share` of the words, ranked by word pairs found.

    Substring tests on the normalised text are cheap and make the detailed comparison run on a
    handful of pages only; a page counts together with the next one, as a quote may run on.
    Short and very common words are assumed present: they are on every page anyway.
    """
    texts = [_norm(t).text for t in page_texts]
    tested = sorted({w for w in words if len(w) > 3 and w.lower() not in _STOPWORDS})
    assumed = sum(1 for w in words if len(w) <= 3 or w.lower() in _STOPWORDS)
    weight = Counter(words)
    present = [{w for w in tested if w in text} for text in texts]
    scored = []
    for p in range(len(texts)):
        found = present[p] | present[p + 1] if p + 1 < len(texts) else present[p]
        hits = assumed + sum(weight[w] for w in found)
        if hits >= share * len(words):
            scored.append((-(hits + 2 * sum(1 for pair in pairs if pair in texts[p])), p))
    return [p for _, p in sorted(scored)[:limit]]


# ---------------------------------------------------------------- re-anchoring a tagged passage

def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context(page_text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    scores = []
    want = _norm(prefix).text
    if want:
        have = _norm(page_text[max(0, start - 2 * len(prefix) - 8):start]).text
        scores.append(_similarity(want, have[-len(want):]))
    want = _norm(suffix).text
    if want:
        have = _norm(page_text[end:end + 2 * len(suffix) + 8]).text
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
            ctx = _context(page_texts[occ.page - 1], occ.start, occ.end, prefix, suffix)
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


# ---------------------------------------------------------------- checking a quotation in a draft

@dataclass
class QuoteVerdict:
    """How a quotation compares with its source.

    diff is a list of (op, text), in quote order:
      ("equal", quote words)              words quoted exactly
      ("replace:<quote words>", source)   source words the quote changed
      ("insert", quote words)             words the quote adds
      ("delete", source words)            source words left out without an elision mark, or hidden
                                          negations ("not") under a short elision
      ("elided", source words)            words left out with "[...]", "..." or "…"
      ("editorial:<[bracketed]>", source) an editorial substitution and the source words it stands for
    """
    status: str                         # "verified" | "altered" | "unsourced"
    source_text: str
    diff: list[tuple[str, str]] = field(default_factory=list)
    page: int | None = None
    start: int | None = None
    end: int | None = None
    end_page: int | None = None         # set when the source span runs onto the next page


_RANK = {"verified": 2, "altered": 1, "unsourced": 0}
_NEGATIONS = {"not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "cannot", "without"}
_QTOKEN = re.compile(
    r"(?P<gap>\[\s*(?:\.\s*){3,}\]|\.(?:\s?\.){2,})"
    r"|(?P<drop>[\[(](?:sic!?|emphasis (?:added|supplied|mine|in original)|italics added)[\])])"
    r"|(?P<bracket>[^\s\[]*\[[^\]]*\][^\s\[]*)"
    r"|(?P<word>(?:[^\s\[.]|\.(?!\s?\.\s?\.))+)"
    r"|(?P<stray>\S)", re.I)


@dataclass
class _Item:
    kind: str           # "word" | "wild" | "gap"
    text: str           # as written in the quote
    core: str = ""
    free_case: bool = False
    lo: int = 0
    hi: int = 0


def _parse_quote(quoted: str) -> list[_Item]:
    items: list[_Item] = []
    norm = _norm(quoted)
    text = norm.text
    for j in reversed(norm.joins):   # keep a pasted line-end hyphen so it can meet the page's
        text = text[:j] + "-" + text[j:]
    text = re.sub(r"(?<=[^\W\d_])- (?=[^\W\d_])", "-", text)   # "commit- ment" pasted from a viewer
    for m in _QTOKEN.finditer(text):
        tok, kind = m.group(), m.lastgroup
        if kind == "gap":
            items.append(_Item("gap", tok))
        elif kind == "word":
            if tok.strip(_EDGE):
                items.append(_Item("word", tok, tok.strip(_EDGE)))
        elif kind == "bracket":
            pre, content, post = re.fullmatch(r"([^\[]*)\[([^\]]*)\](.*)", tok).groups()
            pre_core, post_core = pre.strip(_EDGE), post.strip(_EDGE)
            if content.strip(". ") == "":
                items.append(_Item("gap", tok))
            elif content.lower() in ("sic", "sic!"):
                if (pre + post).strip(_EDGE):
                    items.append(_Item("word", tok, (pre + post).strip(_EDGE)))
            elif not pre_core and len(content) == 1 and content.isalpha() and post_core:
                items.append(_Item("word", tok, content + post_core, free_case=True))   # "[W]e"
            elif not pre_core and not post_core:
                items.append(_Item("wild", tok, lo=0, hi=WILDCARD_WORDS))
            else:
                items.append(_Item("wild", tok, lo=1, hi=1))   # an altered word form, "commit[s]"
    while items and items[0].kind == "gap":
        items.pop(0)
    while items and items[-1].kind == "gap":
        items.pop()
    cleaned: list[_Item] = []
    for item in items:
        if item.kind == "gap" and cleaned[-1].kind == "gap":
            continue
        if item.kind == "word" and (not cleaned or cleaned[-1].kind == "gap"):
            item.free_case = True   # "we will" for "We will", also after an elision
        cleaned.append(item)
    return cleaned


def _lower_first(word: str) -> str:
    return word[:1].lower() + word[1:]


_MATCH, _SUB, _INS, _DEL = 1, 2, 3, 4
# A changed word costs less than an added or dropped one, so "2025" -> "2026" reads as a replacement.
_SUB_COST, _GAP_COST = 2, 3


def _align(items: list[_Item], cores: list[str], alts: list[str]) -> tuple[int, list]:
    """Edit-distance alignment of the quote against a window of source words, free at both ends.

    Returns the cost and the steps (kind, item index, first token, token count) in quote order.
    """
    W = len(cores)
    at: dict[str, set[int]] = {}
    at_lower: dict[str, set[int]] = {}
    for j, (c, a) in enumerate(zip(cores, alts)):
        for word in {c, a}:
            at.setdefault(word, set()).add(j)
            at_lower.setdefault(_lower_first(word), set()).add(j)
    big = 10 ** 9
    prev = [0] * (W + 1)
    back: list[list[int]] = []
    for item in items:
        cur, bp = [big] * (W + 1), [0] * (W + 1)
        if item.kind == "word":
            same = at.get(item.core, set())
            if "-" in item.core:   # hyphenation is not an alteration
                same = same | at.get(item.core.replace("-", ""), set())
            if item.free_case:
                same = same | at_lower.get(_lower_first(item.core), set())
            cur[0], bp[0] = prev[0] + _GAP_COST, _INS
            for j in range(1, W + 1):
                v, b = (prev[j - 1], _MATCH) if j - 1 in same else (prev[j - 1] + _SUB_COST, _SUB)
                if prev[j] + _GAP_COST < v:
                    v, b = prev[j] + _GAP_COST, _INS
                if cur[j - 1] + _GAP_COST < v:
                    v, b = cur[j - 1] + _GAP_COST, _DEL
                cur[j], bp[j] = v, b
        elif item.kind == "wild":
            order = [k for k in [1, 0] + list(range(2, item.hi + 1)) if item.lo <= k <= item.hi]
            for j in range(W + 1):
                v, b = big, 0
                for k in order:
                    if k <= j and prev[j - k] < v:
                        v, b = prev[j - k], -(k + 1)
                if item.lo and prev[j] + _GAP_COST < v:
                    v, b = prev[j] + _GAP_COST, _INS
                if j and cur[j - 1] + _GAP_COST < v:
                    v, b = cur[j - 1] + _GAP_COST, _DEL
                cur[j], bp[j] = v, b
        else:   # an elision skips any number of source words at no cost
            best_i = 0
            for j in range(W + 1):
                if prev[j] <= prev[best_i]:
                    best_i = j
                cur[j], bp[j] = prev[best_i], -(j - best_i + 1)
        back.append(bp)
        prev = cur
    j = min(range(W + 1), key=lambda x: prev[x])
    cost, steps = prev[j], []
    r = len(items)
    while r > 0:
        b = back[r - 1][j]
        if b in (_MATCH, _SUB):
            steps.append(("match" if b == _MATCH else "sub", r - 1, j - 1, 1))
            r, j = r - 1, j - 1
        elif b == _INS:
            steps.append(("ins", r - 1, j, 0))
            r -= 1
        elif b == _DEL:
            steps.append(("del", r - 1, j - 1, 1))
            j -= 1
        else:
            k = -b - 1
            steps.append((items[r - 1].kind, r - 1, j - k, k))
            r, j = r - 1, j - k
    steps.reverse()
    return cost, steps


def _merge(diff: list[tuple[str, str]], op: str, text: str) -> None:
    if diff and op in ("equal", "insert", "delete") and diff[-1][0] == op:
        diff[-1] = (op, diff[-1][1] + " " + text)
    elif diff and op.startswith("replace:") and diff[-1][0].startswith("replace:"):
        diff[-1] = (diff[-1][0] + " " + op[8:], diff[-1][1] + " " + text)
    else:
        diff.append((op, text))


def _region(items: list[_Item], cores: list[str], alts: list[str]) -> tuple[int, int]:
    """The stretch of a page worth aligning: around the best diagonal of each unelided segment."""
    at: dict[str, list[int]] = {}
    for j, (c, a) in enumerate(zip(cores, alts)):
        at.setdefault(c, []).append(j)
        if a != c:
            at.setdefault(a, []).append(j)
    segments, votes, offset = [], Counter(), 0
    for item in items:
        if item.kind == "gap":
            segments.append((votes, offset))
            votes, offset = Counter(), 0
            continue
        if item.kind == "word":
            for j in at.get(item.core, at.get(item.core.replace("-", ""), ())):
                votes[j - offset] += 1
        offset += 1
    segments.append((votes, offset))
    lo, hi = len(cores), 0
    for votes, length in segments:
        if votes:
            # Neighbouring diagonals count together: a bracketed insertion shifts the words after it.
            best = max(votes, key=lambda d: (sum(votes.get(d + k, 0) for k in range(-3, 4)), -d))
            lo, hi = min(lo, best), max(hi, best + length)
    slack = 8 + WILDCARD_WORDS * sum(1 for it in items if it.kind == "wild")
    return max(0, lo - slack), min(len(cores), hi + slack)


def _judge(items: list[_Item], window: list[tuple[_Tokens, int, int]], page_texts: list[str]) -> QuoteVerdict:
    """Align the quote with a window of (page tokens, token index, page index) and grade it."""
    cost, steps = _align(items, [tk.cores[i] for tk, i, _ in window], [tk.alts[i] for tk, i, _ in window])

    def words(first: int, count: int) -> str:
        return " ".join(window[x][0].cores[window[x][1]] for x in range(first, first + count))

    diff: list[tuple[str, str]] = []
    matched, used = 0, []
    for kind, r, first, count in steps:
        item = items[r]
        if count:
            used += [first, first + count - 1]
        source = words(first, count)
        hidden = any(w.lower() in _NEGATIONS or w.lower().endswith("n't") for w in source.split())
        if kind == "match":
            matched += 1
            _merge(diff, "equal", item.text)
        elif kind == "sub":
            _merge(diff, "replace:" + item.text, source)
        elif kind == "ins":
            _merge(diff, "insert", item.text)
        elif kind == "del":
            _merge(diff, "delete", source)
        elif kind == "gap":
            # An elision may shorten a quote but must not hide a "not".
            if hidden and count <= 3:
                cost += 1
                _merge(diff, "delete", source)
            else:
                diff.append(("elided", source))
        elif hidden and not any(w.lower().strip(_EDGE) in _NEGATIONS for w in item.text.split()):
            cost += 1
            _merge(diff, "replace:" + item.text, source)
        else:
            diff.append(("editorial:" + item.text, source))
    total = sum(1 for it in items if it.kind == "word")
    if not used or not total or matched / total < UNSOURCED_BELOW:
        status = "unsourced"
    else:
        status = "verified" if cost == 0 else "altered"
    if not used:
        return QuoteVerdict(status, "", diff)
    tk_a, ia, pa = window[min(used)]
    tk_b, ib, pb = window[max(used)]
    start, end = tk_a.norm.orig_start(tk_a.starts[ia]), tk_b.norm.orig_end(tk_b.ends[ib] - 1)
    if pa == pb:
        return QuoteVerdict(status, page_texts[pa][start:end], diff, pa + 1, start, end)
    text = page_texts[pa][start:] + "\n" + page_texts[pb][:end]
    return QuoteVerdict(status, text, diff, pa + 1, start, end, pb + 1)


def check_quote(quoted: str, page_texts: list[str]) -> QuoteVerdict:
    """Compare a quotation in a draft with a source document, allowing the usual editorial marks."""
    _check_pages(page_texts)
    if not isinstance(quoted, str):
        raise TypeError(f"the quotation must be text, not {type(quoted).__name__}")
    items = _parse_quote(quoted)
    word_items = [it for it in items if it.kind == "word"]
    nothing = QuoteVerdict("unsourced", "", [("insert", " ".join(it.text for it in items))] if items else [])
    if not word_items:
        return nothing
    if len(word_items) == len(items):
        # A plain quotation found as it stands is verified, wherever repetitive text might
        # otherwise mislead the word alignment below.
        plain = quoted.strip().strip("\"'“”‘’«» \t\n")
        found = find_quote(page_texts, plain) if plain else []
        if found:
            o = found[0]
            return QuoteVerdict("verified", o.quote, [("equal", o.quote)], o.page, o.start, o.end)
    # The longest hyphen-free piece: "commit-ment" may be printed "commit-\nment" and stored joined.
    words = [max((it.core[1:] if it.free_case else it.core).split("-"), key=len) for it in word_items]
    pairs = [a.text.lstrip(_EDGE)[int(a.free_case):] + " " + b.text.rstrip(_EDGE)
             for a, b in zip(items, items[1:]) if a.kind == b.kind == "word"]
    likely = _likely_pages(words, pairs, page_texts, UNSOURCED_BELOW, 3)
    best = nothing
    spill = 2 * len(items) + 20
    for p in likely:
        here = _tokens(page_texts[p])
        window = [(here, i, p) for i in range(len(here.cores))]
        if p + 1 < len(page_texts):
            after = _tokens(page_texts[p + 1])
            window += [(after, i, p + 1) for i in range(min(spill, len(after.cores)))]
        lo, hi = _region(items, [tk.cores[i] for tk, i, _ in window], [tk.alts[i] for tk, i, _ in window])
        if hi <= lo:
            continue
        verdict = _judge(items, window[lo:hi], page_texts)
        if _RANK[verdict.status] > _RANK[best.status] or (
                verdict.status == best.status and _score(verdict) > _score(best)):
            best = verdict
        if best.status == "verified":
            break
    return best


def _score(verdict: QuoteVerdict) -> float:
    equal = sum(len(t.split()) for op, t in verdict.diff if op == "equal")
    other = sum(len(t.split()) for op, t in verdict.diff if op not in ("equal", "elided"))
    return equal / (equal + other) if equal + other else 0.0


_STOPWORDS = set("""a an and are as at be been but by for from had has have he her his i if in into is it its
of on or our she so that the their them they this to was we were which who will with would you your""".split())


def best_source(quoted: str, documents: Iterable[tuple[str, list[str]]]) -> tuple[str | None, QuoteVerdict]:
    """The document a quotation most likely comes from and its verdict; (None, unsourced) if none.

    Documents are first screened on the raw page text for the quote's longer words (letters and
    digits only, so typography does not matter); only the best few are compared in detail.
    """
    if not isinstance(quoted, str):
        raise TypeError(f"the quotation must be text, not {type(quoted).__name__}")
    items = _parse_quote(quoted)
    pieces = set()
    for it in items:
        if it.kind == "word":
            for piece in re.findall(r"[^\W_]{4,}", it.core):
                if piece.lower() not in _STOPWORDS:
                    pieces.add(piece[1:] if it.free_case and it.core.startswith(piece) else piece)
    rare = sorted(pieces, key=lambda w: (-len(w), w))[:8]
    pairs = [a.text.lstrip(_EDGE)[int(a.free_case):] + " " + b.text.rstrip(_EDGE)
             for a, b in zip(items, items[1:]) if a.kind == b.kind == "word"][:12]
    candidates = []
    for order, (doc_id, pages) in enumerate(documents):
        _check_pages(pages)
        hits = sum(1 for w in rare if any(w in t for t in pages))
        if hits >= math.ceil(0.5 * len(rare)):
            together = sum(1 for pair in pairs if any(pair in t for t in pages))
            candidates.append((-hits, -together, order, doc_id, pages))
    best: tuple[str | None, QuoteVerdict] = (None, check_quote(quoted, []))
    for *_, doc_id, pages in sorted(candidates, key=lambda c: c[:3])[:5]:
        verdict = check_quote(quoted, pages)
        current = best[1]
        if _RANK[verdict.status] > _RANK[current.status] or (
                verdict.status == current.status != "unsourced" and _score(verdict) > _score(current)):
            best = (doc_id, verdict)
        if verdict.status == "verified":
            break
    return best


# ---------------------------------------------------------------- quotations in a draft

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
