"""The pool an index writer collects a segment's postings in; a private helper of
archive/_writing.py (which writes them out a term at a time)."""
from __future__ import annotations

import sys
from array import array

from whoosh import writing


def split(blob: bytes, sizes) -> list[bytes]:
    """Values laid one after another in blob, cut at their sizes."""
    values, at = [], 0
    for size in sizes:
        values.append(blob[at:at + size])
        at += size
    return values


class _Postings:
    """One term's postings in the pool other than the words of a page or passage with their
    positions (_PagePositions): those of its id, parties, kind and date, and those a merge
    reads back from the segments merged. Packed: page number, weight and size of the value of each in one array of
    doubles (exact for integers below 2**53), the values one after another in one bytearray."""
    __slots__ = ("nums", "values")

    def __init__(self):
        self.nums = array("d")
        self.values = bytearray()

    def add(self, docnum: int, weight, value: bytes | None) -> None:
        if value:
            self.nums.extend((docnum, weight, len(value)))
            self.values += value
        else:
            self.nums.extend((docnum, weight, 0))

    def lists(self) -> tuple[list[int], list[float], list[bytes]]:
        """The page numbers, weights and values, one of each per posting."""
        nums = self.nums.tolist()
        values = split(bytes(self.values), map(int, nums[2::3]))
        return list(map(int, nums[0::3])), nums[1::3], values


class _PagePositions:
    """One term's postings from pages (archive._analysis._PagePostings), packed: page numbers,
    frequencies and the word positions one page after another in arrays of 32-bit integers, as
    the index stores positions (_Positions); weights only once one differs from its frequency
    (a boosted field). No bytes object is made for a posting until its block is written."""
    __slots__ = ("ids", "freqs", "pos", "weights")

    def __init__(self):
        self.ids = array("I")
        self.freqs = array("I")
        self.pos = array("I")
        self.weights: array | None = None

    def weigh(self, weight) -> None:
        """The weight of the posting just added."""
        if self.weights is None:
            if weight == self.freqs[-1]:
                return
            self.weights = array("d", self.freqs[:-1])
        self.weights.append(weight)

    def add(self, docnum: int, weight, value: bytes | None) -> None:
        """One posting with its positions encoded (a merge's)."""
        got = array("I")
        got.frombytes(value or b"")
        if _BIG_ENDIAN:
            got.byteswap()
        self.ids.append(docnum)
        self.freqs.append(len(got))
        self.pos.extend(got)
        self.weigh(weight)

    def in_order(self) -> bool:
        ids = self.ids.tolist()
        return ids == sorted(ids)

    def encoded(self) -> bytes:
        """All the positions, encoded as _Positions encodes them."""
        if _BIG_ENDIAN:
            swapped = array("I", self.pos)
            swapped.byteswap()
            return swapped.tobytes()
        return self.pos.tobytes()

    def lists(self) -> tuple[list[int], list, list[bytes]]:
        """The page numbers, weights and values, one of each per posting."""
        values = split(self.encoded(), [4 * f for f in self.freqs])
        weights = self.freqs.tolist() if self.weights is None else self.weights.tolist()
        return self.ids.tolist(), weights, values


_BIG_ENDIAN = sys.byteorder == "big"


class _ByTerm:
    def __init__(self, fields: dict):
        self.fields = fields


# What a posting costs in the pool (an estimate, compared with the pool's limit): its page
# number, weight and size in an array and its positions, and for each term new to the pool its
# entry and arrays.
_POSTING_BYTES = 24
_TERM_BYTES = 400


class Pool(writing.PostingPool):
    """Postings grouped by field and term as they arrive, instead of one list of tuples sorted
    at the end: a page's words with their positions as _PagePositions, any other posting as
    _Postings. The pages of 870 real letters took 11 MB at most here, against 29 MB with a list
    entry and a bytes object for each posting. Past its size limit (a big merge) it turns back
    into Whoosh's pool, which sorts runs on disk. The size is an estimate: it only decides when
    to do that. (The field-name set Whoosh's pool keeps is read only by its multiprocess
    writer.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields: dict[str, dict[bytes, _Postings]] | None = {}

    def add(self, item):
        """One (field, term, docnum, weight, value) posting (merges; fields added one posting
        at a time)."""
        fields = self.fields
        if fields is None:
            self.currentsize += 110 + 2 * len(item[1]) + len(item[4] or b"")
            if self.currentsize > self.limit:
                self.save()
            self.current.append(item)
            return
        terms = fields.get(item[0])
        if terms is None:
            terms = fields[item[0]] = {}
        postings = terms.get(item[1])
        if postings is None:
            postings = terms[item[1]] = _Postings()
            self.currentsize += _TERM_BYTES + len(item[1])
        postings.add(item[2], item[3], item[4])
        self.currentsize += _POSTING_BYTES + len(item[4] or b"")
        if self.currentsize > self.limit:
            self._spill()

    def add_field(self, fieldname: str, docnum: int, items, boost: float = 1.0) -> int:
        """A document's (term, frequency, weight, value) items for one field, as Whoosh's
        add_document adds them one by one; returns the field's length (the frequencies' sum)."""
        fields = self.fields
        if fields is None:
            length = 0
            for tbytes, freq, weight, vbytes in items:
                length += freq
                self.add((fieldname, tbytes, docnum, weight if boost == 1.0 else weight * boost, vbytes))
            return length
        terms = fields.get(fieldname)
        if terms is None:
            terms = fields[fieldname] = {}
        positions = getattr(items, "positions", None)
        if positions is not None:
            return self._add_page(terms, docnum, items, positions, boost)
        length = size = 0
        new = _Postings
        for tbytes, freq, weight, vbytes in items:
            length += freq
            postings = terms.get(tbytes)
            if postings is None:
                postings = terms[tbytes] = new()
                size += _TERM_BYTES + len(tbytes)
            if boost != 1.0:
                weight *= boost
            if vbytes:
                n = len(vbytes)
                postings.nums.extend((docnum, weight, n))
                postings.values += vbytes
                size += _POSTING_BYTES + n
            else:
                postings.nums.extend((docnum, weight, 0))
                size += _POSTING_BYTES
        self.currentsize += size
        if self.currentsize > self.limit:
            self._spill()
        return length

    def _add_page(self, terms: dict, docnum: int, items, positions: dict[bytes, list[int]],
                  boost: float) -> int:
        """add_field for a page's terms with their positions (archive._analysis._PagePostings)."""
        field_boost = items.field_boost
        plain = field_boost == 1.0 and boost == 1.0
        length = size = 0
        for tbytes, ps in positions.items():
            n = len(ps)
            length += n
            postings = terms.get(tbytes)
            if postings is None:
                postings = terms[tbytes] = _PagePositions()
                size += _TERM_BYTES + len(tbytes)
            elif type(postings) is not _PagePositions:     # the term came from a merge first
                weight = n if field_boost == 1.0 else n * field_boost
                postings.add(docnum, weight if boost == 1.0 else weight * boost, items.encode(ps))
                continue
            postings.ids.append(docnum)
            postings.freqs.append(n)
            postings.pos.extend(ps)
            if not plain or postings.weights is not None:
                weight = n if field_boost == 1.0 else n * field_boost
                postings.weigh(weight if boost == 1.0 else weight * boost)
        self.currentsize += size + _POSTING_BYTES * len(positions) + 4 * length
        if self.currentsize > self.limit:
            self._spill()
        return length

    def _spill(self) -> None:
        """Over the limit: hand everything to Whoosh's pool, which sorts it in runs on disk."""
        fields, self.fields = self.fields, None
        self.current = [(f, t, *posting) for f, terms in fields.items() for t, postings in terms.items()
                        for posting in zip(*postings.lists())]
        self.save()

    def iter_postings(self):
        if self.fields is not None:
            return _ByTerm(self.fields)
        return super().iter_postings()
