"""Best-first search over sets of pages held as bits of one Python integer; a private helper of
archive/index.py, beside the dictionary evaluator of _postings.py.

A word's pages are grouped by how often the word occurs on them (its weight there): one bit
set per weight. A query of words, AND, OR, phrases and word~ then becomes a short list of
(score, pages) groups, combined with integer AND/OR, which run in C whatever the number of
pages: the best pages are the lowest page numbers of the best groups, and the number of hits
is a count of bits. The scores are the dictionary evaluator's, added up in the same order, so
both give the same pages, scores and order; a query it does not handle (NOT, filters, dates,
a phrase inside other words) raises Unsupported and goes to the dictionary evaluator.
"""
from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict, deque
from itertools import repeat
from operator import setitem

from whoosh import query

from ._postings import Evaluator, PhraseCheck, PhraseCount, Unsupported, _bytes, is_phrase

MAX_GROUPS = 4000       # beyond this many (score, pages) groups the dictionaries are quicker


class LevelCache:
    """Per state of the index (one searcher): each word's pages by weight, as bit sets.
    A bit set costs a bit per page of the index, whatever the word; `budget` bytes in all."""

    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self._terms: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, load) -> tuple[list[tuple[float, int]], int, int]:
        with self._lock:
            found = self._terms.get(key)
            if found is not None:
                self._terms.move_to_end(key)
                return found
        found = load()
        size = sum(bits.bit_length() // 8 + 32 for _, bits in found[0]) + found[1].bit_length() // 8
        with self._lock:
            if key not in self._terms and size <= self.budget:
                self._terms[key] = found + (size,)
                self.size += size
                while self.size > self.budget:
                    _, old = self._terms.popitem(last=False)
                    self.size -= old[3]
        return found[:3]


class BitEvaluator:
    """Evaluates a query into disjoint (score, pages) groups."""

    def __init__(self, ev: Evaluator, cache: LevelCache | None):
        self.ev, self.s, self.cache = ev, ev.s, cache
        self.live = _live(self.s, ev.leaves)

    # -- words -----------------------------------------------------------------------
    def _levels(self, field: str, btext: bytes) -> tuple[list[tuple[float, int]], int, int]:
        """The word's pages by weight (weight, bits), heaviest first; all its pages; how many."""
        key = (field, btext)
        if self.cache is None:
            return self._load(field, btext)
        return self.cache.get(key, lambda: self._load(field, btext))[:3]

    def _load(self, field: str, btext: bytes):
        n = self.s.doc_count_all()
        # One byte per page holding the word's weight there (blocks of term frequencies, the
        # usual case), filled by a loop that runs in C; then one bit set per weight, through
        # a translation of those bytes into a binary numeral.
        weight_of = bytearray(n)
        bufs: dict = {}
        for reader, offset in self.ev.leaves:
            for ids, weights, _ in self.ev._blocks(reader, offset, field, btext):
                if isinstance(weights, array) and weights.typecode == "B":
                    deque(map(setitem, repeat(weight_of), ids, weights), maxlen=0)
                    continue
                size = (n + 8) // 8                     # other weights: page by page
                for d, w in zip(ids, weights):
                    buf = bufs.get(w)
                    if buf is None:
                        buf = bufs[w] = bytearray(size)
                    buf[d >> 3] |= 1 << (d & 7)
        found = {w: int.from_bytes(buf, "little") for w, buf in bufs.items()}
        for w in set(weight_of) - {0}:
            table = bytearray(b"0" * 256)
            table[w] = ord("1")
            found[w] = found.get(w, 0) | int(weight_of.translate(table)[::-1], 2)
        live = self.live
        levels = sorted(((w, bits & live) for w, bits in found.items() if bits & live), key=lambda wb: -wb[0])
        union = 0
        for _, bits in levels:
            union |= bits
        return levels, union, union.bit_count()

    def _term(self, field: str, btext: bytes | None, boost: float) -> tuple[list, int, int]:
        if btext is None or (field, btext) not in self.s.reader():
            return [], 0, 0
        factor = self.s.idf(field, btext) * boost
        levels, union, count = self._levels(field, btext)
        return [(w * factor, bits) for w, bits in levels], union, count

    # -- the query tree ------------------------------------------------------------------
    def groups(self, q: query.Query) -> tuple[list[tuple[float, int]], int, int]:
        """(groups, all their pages, how many pages)."""
        t = type(q)
        if t is query.Term:
            return self._term(q.fieldname, _bytes(self.s, q.fieldname, q.text), q.boost)
        if q is query.NullQuery or t is query.NullQuery.__class__:
            return [], 0, 0
        if t is query.And:
            if any(type(sub) is query.Not for sub in q.subqueries) or not q.subqueries:
                raise Unsupported("NOT")
            return _boost(self._and([self.groups(sub) for sub in q.subqueries]), q.boost)
        if t is query.Or:
            return _boost(self._or([self.groups(sub) for sub in q.subqueries]), q.boost)
        if isinstance(q, (query.Prefix, query.Wildcard, query.FuzzyTerm)):
            words = [_bytes(self.s, q.fieldname, w) for w in q._btexts(self.s.reader()) if w]
            return _boost(self._or([self._term(q.fieldname, w, 1.0) for w in words if w]), q.boost)
        if isinstance(q, query.Phrase) and len(q.words) == 1:
            field = q.fieldname
            return _boost(self._and([self._term(field, _bytes(self.s, field, q.words[0]), 1.0)]), q.boost)
        raise Unsupported(t.__name__)

    @staticmethod
    def _and(parts: list[tuple]) -> tuple[list, int, int]:
        parts = sorted(parts, key=lambda p: p[2])        # as the dictionary evaluator: fewest first
        out, union, _ = parts[0]
        for groups, other_union, _ in parts[1:]:
            if not out:
                break
            out = [(a + b, ga & gb) for a, ga in out if ga & other_union for b, gb in groups if ga & gb]
            union &= other_union
            if len(out) > MAX_GROUPS:
                raise Unsupported("too many groups")
        return out, union, union.bit_count() if out else 0

    @staticmethod
    def _or(parts: list[tuple]) -> tuple[list, int, int]:
        parts = sorted((p for p in parts if p[2]), key=lambda p: -p[2])   # most pages first
        if not parts:
            return [], 0, 0
        out, union, _ = parts[0]
        for groups, other_union, _ in parts[1:]:
            both = union & other_union
            if not both:                    # another language field: no page in both
                out = out + groups
            else:
                merged = [(a, ga & ~other_union) for a, ga in out if ga & ~other_union]
                merged += [(a + b, ga & gb) for a, ga in out if ga & both for b, gb in groups if ga & gb]
                merged += [(b, gb & ~union) for b, gb in groups if gb & ~union]
                out = merged
            union |= other_union
            if len(out) > MAX_GROUPS:
                raise Unsupported("too many groups")
        return out, union, union.bit_count()

    def phrase(self, q: query.Query) -> tuple[list, int, "PhraseCheck | _Checks | None"]:
        """A phrase's candidate groups (pages with all its words, scored as the phrase), all
        candidates, and the check of which have the words in sequence."""
        if type(q) is query.Or:
            parts = [self.phrase(sub) for sub in q.subqueries]
            parts = [p for p in parts if p[1]]
            union, groups = 0, []
            for g, u, _ in parts:
                if union & u:
                    raise Unsupported("a page in two fields")
                union |= u
                groups += g
            checks = [(u, c) for _, u, c in parts if c is not None]
            return _boost((groups, union, 0), q.boost)[:2] + ((_Checks(checks) if checks else None),)
        field = q.fieldname
        words = [_bytes(self.s, field, w) for w in q.words]
        if any(w is None for w in words):
            return [], 0, None
        parts = [self._term(field, w, 1.0) for w in words]
        if not all(p[2] for p in parts):
            return [], 0, None
        groups, union, _ = _boost(self._and(parts), q.boost)
        check = PhraseCheck(self.ev, field, words) if len(words) > 1 else None
        return groups, union, check


class _Checks:
    """The check of whichever phrase (language field) a page is a candidate of."""

    def __init__(self, parts: list[tuple[int, PhraseCheck]]):
        self.parts = parts

    def __call__(self, docnum: int) -> bool:
        for union, check in self.parts:
            if union >> docnum & 1:
                return check(docnum)
        return True

    def all(self, docs) -> set[int]:
        found = set(docs)
        for union, check in self.parts:
            mine = found.intersection(docs_of(union))
            found -= mine - check.all(mine)
        return found


def search(ev: Evaluator, cache: LevelCache | None, q: query.Query, limit: int | None):
    """(total, [(docnum, score)] best first) over pages (not passages), or Unsupported."""
    bev = BitEvaluator(ev, cache)
    passages = bev._term("type", b"passage", 1.0)[1]
    mask = bev.live & ~passages
    if limit and is_phrase(q) and (type(q) is query.Or or len(q.words) > 1):
        groups, union, check = bev.phrase(q)
    else:
        groups, union, _ = bev.groups(q)
        check = None
    top = _ranked(groups, mask, limit, check)
    if check is None:
        return (union & mask).bit_count(), top
    if len(top) < limit:
        return len(top), top                             # every candidate was checked
    return PhraseCount(check, lambda: docs_of(union & mask)), top


def _ranked(groups, mask: int, limit: int | None, check) -> list[tuple[int, float]]:
    by_score: dict[float, int] = {}
    for score, bits in groups:
        by_score[score] = by_score.get(score, 0) | bits
    found = []
    for score in sorted(by_score, reverse=True):
        bits = by_score[score] & mask
        if not bits:
            continue
        for d in _iter_docs(bits):                      # ties: the lower page number first
            if check is None or check(d):
                found.append((d, score))
                if len(found) == limit:
                    return found
    return found


def _boost(result: tuple, boost: float) -> tuple:
    if boost == 1.0:
        return result
    groups, union, count = result
    return [(sc * boost, bits) for sc, bits in groups], union, count


_BITS = [tuple(i for i in range(8) if byte >> i & 1) for byte in range(256)]


def docs_of(bits: int) -> list[int]:
    """The page numbers whose bits are set, in order."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    table = _BITS
    return [base + i for base, byte in zip(range(0, 8 * len(data), 8), data) if byte for i in table[byte]]


_NONZERO = re.compile(b"[^\x00]")


def _iter_docs(bits: int):
    """docs_of, one at a time: the scan for the next set bit stops where the caller does."""
    table = _BITS
    for m in _NONZERO.finditer(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        base = 8 * m.start()
        for i in table[m.group()[0]]:
            yield base + i


def _live(searcher, leaves) -> int:
    """Bits of every page of the index but the deleted ones."""
    n = searcher.doc_count_all()
    deleted = [(reader, offset) for reader, offset in leaves if reader.deleted_docs_set]
    if not deleted:
        return (1 << n) - 1
    buf = bytearray(b"\xff") * ((n + 7) // 8)
    for reader, offset in deleted:
        for d in reader.deleted_docs_set:
            d += offset
            buf[d >> 3] &= 0xFF ^ (1 << (d & 7))
    return int.from_bytes(buf, "little") & ((1 << n) - 1)
