"""Query evaluation straight from Whoosh's posting blocks; a private helper of archive/index.py.

Whoosh scores a query by walking every matching page one posting at a time through a tree
of Python matcher objects (about 10 us a page). Here each term's postings are read a block
at a time into dicts (docnum -> score) and combined with set operations that run in C, which
gives the same pages, the same TF-IDF scores and the same exact total several times faster.
Positions are decoded only for the pages all of a phrase's words occur on.

A phrase on its own is answered best-first: its candidate pages (those with all of its words)
are scored first, and word positions are compared only until enough pages are found; the
exact number of pages with the phrase is counted when it is asked for (PhraseCount).

Queries with anything else in them (a bare NOT, a phrase with slop, ...) raise Unsupported,
and the caller falls back to Whoosh's own search.
"""
from __future__ import annotations

import heapq
import struct
import sys
import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from functools import partial
from itertools import accumulate
from pickle import loads

from whoosh import formats, query
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound

_INT_SIZE = 4
_SINGLE = struct.Struct("<I") if array("I").itemsize == 4 else None    # one stored position


class Unsupported(Exception):
    """The query has a node this evaluator does not handle."""


class PostingsCache:
    """The decoded postings of the words searched lately, for one state of the index (one
    searcher): words come back while a query is typed and refined. Page numbers are kept as
    4-byte arrays and positions still packed, so `budget` postings take about 10-20 bytes
    each; the least recently used words go first. Safe to share between threads."""

    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self._terms: OrderedDict[tuple, list] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, load) -> list[tuple]:
        with self._lock:
            blocks = self._terms.get(key)
            if blocks is not None:
                self._terms.move_to_end(key)
                return blocks
        blocks = [(array("I", ids), weights, values) for ids, weights, values in load()]
        n = sum(len(ids) for ids, _, _ in blocks)
        with self._lock:
            if key not in self._terms and n <= self.budget:
                self._terms[key] = blocks
                self.size += n
                while self.size > self.budget:
                    _, old = self._terms.popitem(last=False)
                    self.size -= sum(len(ids) for ids, _, _ in old)
        return blocks


class Evaluator:
    """One evaluation per searcher state; cheap to create. With a PostingsCache (the
    searcher's), postings read by earlier searches are not read again."""

    def __init__(self, searcher, cache: PostingsCache | None = None):
        self.s = searcher
        self.leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        self._read: dict[tuple, list] = {}
        self._cache = cache

    # -- leaves ------------------------------------------------------------------
    def _blocks(self, reader, offset: int, field: str, btext: bytes) -> list[tuple]:
        """(ids, weights, values) per posting block of a term in one segment, the ids as page
        numbers of the whole index, read once per search (a phrase needs a word's postings
        twice: to score, then for positions)."""
        key = (id(reader), field, btext)
        blocks = self._read.get(key)
        if blocks is None:
            load = partial(self._walk, reader, offset, field, btext)
            blocks = self._read[key] = self._cache.get(key, load) if self._cache else list(load())
        return blocks

    @staticmethod
    def _walk(reader, offset: int, field: str, btext: bytes):
        try:
            m = reader._terms.matcher(field, btext, reader.schema[field].format)
        except (KeyError, TermNotFound):        # not in this segment
            return
        if isinstance(m, W3LeafMatcher) and not m._byteids and m._fixedsize is None:
            while not m._atend:
                m._read_data()              # one unpickling gives ids, weights and values
                gaps, weights, values = m._data
                n = m._blocklength
                if weights is None or isinstance(weights, float):
                    weights = (1.0 if weights is None else weights,) * n
                ids = list(accumulate(gaps, initial=offset))
                del ids[0]
                yield ids, weights, values
                m._next_block()
            return
        if isinstance(m, W3LeafMatcher):
            while not m._atend:
                m._read_ids()
                m._read_weights()
                m._read_values()
                yield _shifted(m._ids, offset), m._weights, m._values
                m._next_block()
        elif isinstance(m, ListMatcher):
            weights = m._weights if m._weights is not None else [1.0] * len(m._ids)
            yield _shifted(m._ids, offset), weights, m._values
        else:                               # some other codec: the generic (slow) walk
            ids, ws, vs = [], [], []
            while m.is_active():
                ids.append(m.id())
                ws.append(m.weight())
                vs.append(m.value())
                m.next()
            yield _shifted(ids, offset), ws, vs

    def term_scores(self, field: str, btext: bytes, boost: float = 1.0) -> dict[int, float]:
        out: dict[int, float] = {}
        if (field, btext) not in self.s.reader():
            return out
        factor = self.s.idf(field, btext) * boost
        for reader, offset in self.leaves:
            for ids, weights, _ in self._blocks(reader, offset, field, btext):
                out.update(zip(ids, [w * factor for w in weights]))
            deleted = reader.deleted_docs_set
            if deleted:
                for d in deleted:
                    out.pop(d + offset, None)
        return out

    # -- the query tree ----------------------------------------------------------------
    def scores(self, q: query.Query) -> dict[int, float]:
        t = type(q)
        if t is query.Term:
            return self.term_scores(q.fieldname, _bytes(self.s, q.fieldname, q.text), q.boost)
        if q is query.NullQuery or t is query.NullQuery.__class__:
            return {}
        if t is query.And:
            return self._and(q.subqueries, q.boost)
        if t is query.Or:
            return self._or([self.scores(sub) for sub in q.subqueries], q.boost)
        if isinstance(q, query.Phrase) and getattr(q, "slop", 1) == 1:
            return self._phrase(q)
        if isinstance(q, (query.Prefix, query.Wildcard, query.FuzzyTerm)):
            reader = self.s.reader()
            words = [_bytes(self.s, q.fieldname, w) for w in q._btexts(reader) if w]
            return self._or([self.term_scores(q.fieldname, w) for w in words if w], q.boost)
        raise Unsupported(t.__name__)

    def _and(self, subs, boost: float) -> dict[int, float]:
        pos = [s for s in subs if type(s) is not query.Not]
        neg = [s.query for s in subs if type(s) is query.Not]
        if not pos:
            raise Unsupported("NOT alone")
        parts = sorted((self.scores(s) for s in pos), key=len)
        out = parts[0]
        for other in parts[1:]:
            if not out:
                break
            out = {d: sc + other[d] for d, sc in out.items() if d in other}
        for sub in neg:
            if not out:
                break
            drop = self.scores(sub)
            # Whoosh scores a NOT clause inside AND as a match worth 1: the same ranking, kept
            # so that both ways of searching give identical scores.
            out = {d: sc + 1.0 for d, sc in out.items() if d not in drop}
        return _boosted(out, boost)

    @staticmethod
    def _or(parts: list[dict[int, float]], boost: float) -> dict[int, float]:
        parts = [p for p in parts if p]
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
        out = dict(parts[0])
        for other in parts[1:]:
            for d, sc in other.items():
                out[d] = out.get(d, 0.0) + sc
        return _boosted(out, boost)

    def _phrase(self, q: query.Phrase) -> dict[int, float]:
        scores, check = self.phrase_candidates(q)
        if check is None or not scores:
            return scores
        found = check.all(scores)
        return {d: sc for d, sc in scores.items() if d in found}

    def phrase_candidates(self, q: query.Query) -> tuple[dict[int, float], "PhraseCheck | AnyCheck | None"]:
        """The pages with every word of the phrase, scored as the phrase would score them, and
        the check of which have the words in sequence (None when every candidate has them).
        The phrase may be asked in several language fields at once (an OR of the same phrase):
        a page is in one of them only."""
        if type(q) is query.Or:
            parts = [self.phrase_candidates(sub) for sub in q.subqueries]
            parts = [(sc, check) for sc, check in parts if sc]
            scores: dict[int, float] = {}
            for sc, _ in parts:
                scores.update(sc)
            if sum(len(sc) for sc, _ in parts) != len(scores):
                return self.scores(q), None         # a page in two fields: not a case for this
            checks = [(sc, check) for sc, check in parts if check is not None]
            return _boosted(scores, q.boost), (AnyCheck(checks) if checks else None)
        if not is_phrase(q):
            raise Unsupported(type(q).__name__)
        field = q.fieldname
        words = [_bytes(self.s, field, w) for w in q.words]
        if any(w is None for w in words):
            return {}, None
        parts = [self.term_scores(field, w) for w in words]
        if not all(parts):
            return {}, None
        parts.sort(key=len)
        scores = parts[0]
        for other in parts[1:]:
            scores = {d: sc + other[d] for d, sc in scores.items() if d in other}
            if not scores:
                break
        check = PhraseCheck(self, field, words) if len(words) > 1 else None
        return _boosted(scores, q.boost), check

    def _in_sequence(self, field: str, words: list[bytes], cand, values=None) -> set[int]:
        """The pages among cand where the words occur one right after the other."""
        decode = _decoder(self.s.schema[field].format)
        values = values or [self._values(field, w) for w in words]
        first, rest = values[0], [(v, (-k).__add__) for k, v in enumerate(values[1:], 1)]
        found = set()
        if len(words) == 2 and isinstance(decode, partial) and _SINGLE:
            # Two words each once on the page (most pages): compare the two positions.
            later, fits = values[1], _SINGLE.unpack
            for d in cand:
                a, b = first[d], later[d]
                if len(a) == 4 == len(b):
                    if fits(b)[0] - fits(a)[0] == 1:
                        found.add(d)
                elif not set(decode(a)).isdisjoint(map(rest[0][1], decode(b))):
                    found.add(d)
            return found
        for d in cand:
            starts = set(decode(first[d]))
            for later, back in rest:
                starts.intersection_update(map(back, decode(later[d])))
                if not starts:
                    break
            else:
                found.add(d)
        return found

    def _values(self, field: str, word: bytes) -> dict[int, bytes]:
        """A term's posting values (its encoded positions) by page."""
        out: dict[int, bytes] = {}
        for reader, offset in self.leaves:
            for ids, _, values in self._blocks(reader, offset, field, word):
                out.update(zip(ids, values))
        return out

    def value_of(self, field: str, word: bytes, docnum: int) -> bytes:
        """One page's posting value (its encoded positions) for a word the page has."""
        for reader, offset in reversed(self.leaves):
            if docnum >= offset:
                break
        blocks = self._blocks(reader, offset, field, word)
        firsts = [ids[0] for ids, _, _ in blocks]
        ids, _, values = blocks[bisect_right(firsts, docnum) - 1]
        return values[bisect_right(ids, docnum) - 1]

    def every(self) -> dict[int, float]:
        out: dict[int, float] = {}
        for reader, offset in self.leaves:
            deleted = reader.deleted_docs_set
            out.update((d + offset, 1.0) for d in range(reader.doc_count_all()) if d not in deleted)
        return out


def _shifted(ids, offset: int):
    return [i + offset for i in ids] if offset else ids


def _bytes(searcher, field: str, text) -> bytes | None:
    if isinstance(text, bytes):
        return text
    try:
        return searcher.schema[field].to_bytes(text)
    except (KeyError, ValueError):
        return None


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {d: sc * boost for d, sc in scores.items()}


def _decoder(fmt):
    """A function from a posting's value to its word positions."""
    if type(fmt) is formats.Positions:         # indexes from before archive.index._Positions
        def decode(value: bytes) -> list[int]:
            if not value.endswith(b"."):
                value += b"."
            return list(accumulate(loads(value[_INT_SIZE:])))
        return decode
    if getattr(fmt, "ARRAY_TYPECODE", None) and sys.byteorder == "little":
        return partial(array, fmt.ARRAY_TYPECODE)     # the same, without a Python call a page
    return fmt.decode_positions


class PhraseCheck:
    """Which candidate pages have a phrase's words in sequence: page by page (looking up just
    that page's positions), or all at once; what is found is remembered."""

    def __init__(self, ev: Evaluator, field: str, words: list[bytes]):
        self.ev, self.field, self.words = ev, field, words
        self.known: dict[int, bool] = {}

    def __call__(self, docnum: int) -> bool:
        known = self.known.get(docnum)
        if known is None:
            values = [{docnum: self.ev.value_of(self.field, w, docnum)} for w in self.words]
            known = self.known[docnum] = bool(self.ev._in_sequence(self.field, self.words, (docnum,), values))
        return known

    def all(self, docs) -> set[int]:
        unknown = [d for d in docs if d not in self.known]
        if unknown:
            found = self.ev._in_sequence(self.field, self.words, unknown)
            self.known.update((d, d in found) for d in unknown)
        return {d for d in docs if self.known[d]}


class AnyCheck:
    """The check of whichever phrase a page is a candidate for (see phrase_candidates)."""

    def __init__(self, parts: list[tuple[dict[int, float], PhraseCheck]]):
        self.parts = parts

    def __call__(self, docnum: int) -> bool:
        for scores, check in self.parts:
            if docnum in scores:
                return check(docnum)
        return True                 # a candidate of a one-word phrase

    def all(self, docs) -> set[int]:
        docs = set(docs)
        found = set(docs)
        for scores, check in self.parts:
            mine = docs.intersection(scores)
            found -= mine - check.all(mine)
        return found


def is_phrase(q: query.Query) -> bool:
    """An exact phrase, or the same asked in several fields (an OR of exact phrases)."""
    if type(q) is query.Or:
        return bool(q.subqueries) and all(is_phrase(sub) for sub in q.subqueries)
    return isinstance(q, query.Phrase) and getattr(q, "slop", 1) == 1


class PhraseCount:
    """The exact number of candidate pages that have the phrase, counted on first use (int());
    candidates may be a function giving them."""

    def __init__(self, check: PhraseCheck, candidates):
        self._check, self._candidates, self._n = check, candidates, None

    def __int__(self) -> int:
        if self._n is None:
            candidates = self._candidates() if callable(self._candidates) else self._candidates
            self._n = len(self._check.all(candidates))
            self._check = self._candidates = None
        return self._n


def top(scores: dict[int, float], limit: int | None, check=None) -> list[tuple[int, float]]:
    """Best first; ties go to the earlier page in index order, as in Whoosh. With check, only
    pages for which check(docnum) is true, checked best first until limit are found."""
    return ranked(scores, scores, limit, check)


def ranked(items: dict[int, float], order: dict[int, float], limit: int | None, check=None) -> list:
    """The items (docnum: score) with the highest order[docnum] first, ties to the lower docnum,
    at most limit of them, and only those passing check when given. Picks a threshold from the
    order values (a C-level heap over numbers) rather than sorting every (docnum, value) pair."""
    def key(d):
        return -order[d], d
    if not limit or limit >= len(items) and check is None:
        return [(d, items[d]) for d in sorted(items, key=key)]
    found: list[tuple[int, float]] = []
    want = limit if check is None else limit + limit // 2
    seen = 0
    while True:
        if want >= len(items):
            batch = sorted(items, key=key)[seen:]
        else:
            values = items.values() if order is items else map(order.__getitem__, items)
            threshold = heapq.nlargest(want, values)[-1]
            batch = sorted([d for d, v in order.items() if v >= threshold], key=key)[seen:]
        for d in batch:
            if check is None or check(d):
                found.append((d, items[d]))
                if len(found) == limit:
                    return found
        seen += len(batch)
        if want >= len(items):
            return found
        want *= 4
