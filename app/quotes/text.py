"""Quote matching's view of a page: normalised text with offsets back to the original, its words, likely pages."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache

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
            if alt == core and ("[" in core or "]" in core):
                # The document's own editorial brackets ("[W]e" in a letter quoting someone):
                # a quotation of it reads the word without them.
                alt = core.replace("[", "").replace("]", "")
            tk.cores.append(core), tk.alts.append(alt), tk.starts.append(start), tk.ends.append(end)
        pos += len(raw) + 1
    return tk


_STOPWORDS = set("""a an and are as at be been but by for from had has have he her his i if in into is it its
of on or our she so that the their them they this to was we were which who will with would you your""".split())


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
