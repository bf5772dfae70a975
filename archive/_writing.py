"""Writing Whoosh segments faster; a private helper of archive/index.py.

Whoosh (2.7) collects every posting as a tuple, sorts them all, then hands them one at a time
through three layers of Python calls to the block writer. Here the pool groups postings by
term as they arrive, packed in arrays (a page's word positions are never made into a bytes
object of their own), and the field writer hands each term's postings to the block writer a
block at a time. The files written are Whoosh's own format, read by Whoosh's own readers.

Posting blocks are written so that reading one costs little when its word positions are not
needed (every search but a phrase's): the page numbers and weights are plain arrays, outside
any compression, and the positions are compressed on their own and unpacked only when read
(PackedValues). Whoosh's reader reads such blocks as its own (it sees an uncompressed block
holding sequences). Blocks written before (one compressed pickle) are still read.

Segments keep a reference to the codec class, and blocks to PackedValues and _unpack: they must
stay importable under these names.
"""
from __future__ import annotations

import zlib
from array import array
from itertools import accumulate
from pickle import dumps

from whoosh import fields as whoosh_fields
from whoosh import writing
from whoosh.codec.whoosh3 import (WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3PostingsWriter,
                                  W3TermInfo)
from whoosh.system import emptybytes
from whoosh.util.numeric import length_to_byte

from ._pool import Pool, _ByTerm, _PagePositions, split

PICKLE_PROTOCOL = 5     # Whoosh's reader unpickles whatever protocol it finds
BLOCK_FORMAT = 2        # 1: Whoosh's (one compressed pickle a block); 2: see PackedValues
BLOCK_POSTINGS = 1024


class Codec(W3Codec):
    """Whoosh's codec, writing terms found on fewer than `inline` pages inside the term table,
    and without per-block field-length statistics, which only BM25's shortcuts read (gathering
    them costs a column lookup for every posting written)."""
    length_stats = False

    def __init__(self, inline: int = 8):
        # Blocks of BLOCK_POSTINGS rather than Whoosh's 128: reading a common word's postings
        # costs a fixed amount per block, and a search here reads every block of its words
        # (skipping within a term, what small blocks are for, is left to Whoosh's own search).
        super().__init__(blocklimit=BLOCK_POSTINGS, inlinelimit=inline)
        # Pickled with every segment: segments written before this attribute existed lack it.
        self.block_format = BLOCK_FORMAT

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)


class _TermInfo(W3TermInfo):
    def to_bytes(self):
        # Whoosh's, with the inlined postings pickled with PICKLE_PROTOCOL (see _write_block).
        if not self.is_inlined():
            return super().to_bytes()
        head = self._struct.pack(True, self._weight, self._df,
                                 0 if self._minlength is None else length_to_byte(self._minlength),
                                 length_to_byte(self._maxlength), self._maxweight,
                                 0xFFFFFFFF if self._minid is None else self._minid,
                                 0xFFFFFFFF if self._maxid is None else self._maxid)
        return head + dumps(self._inlined, PICKLE_PROTOCOL)


class _PostingsWriter(W3PostingsWriter):
    def _write_block(self, last=False):
        # Whoosh's block writer, except for what goes into the block: page numbers (as gaps)
        # and weights as the smallest arrays that hold them, values as PackedValues, pickled
        # with protocol 5 (protocol 2 rebuilds every bytes value through a function call), and
        # the pickle itself not compressed.
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = dumps((self._packed_ids(), self._packed_weights(), self._packed_values()), PICKLE_PROTOCOL)
        ids = self._ids
        infobytes = dumps((len(ids), ids[-1], self._maxweight, 0, length_to_byte(self._minlength),
                           length_to_byte(self._maxlength)), PICKLE_PROTOCOL)
        blocklength = len(infobytes) + len(databytes)
        self._postfile.write_int(-blocklength if last else blocklength)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _packed_ids(self):
        if self._byteids:
            return self._mini_ids()
        ids = self._ids
        gaps = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])]
        return array(_smallest(max(gaps)), gaps)

    def _packed_weights(self):
        weights = self._mini_weights()
        if not isinstance(weights, tuple):
            return weights              # None (all 1.0) or one float for all
        try:
            integral = all(map(float.is_integer, weights))
        except TypeError:                            # ints, read back from a block in a merge
            integral = all(w == int(w) for w in weights)
        if integral and min(weights) >= 0 and max(weights) < 256:
            return array("B", map(int, weights))     # term frequencies: the usual case
        return array("f", weights)

    def _packed_values(self):
        if self._packed is not None:
            blob, sizes = self._packed
            if sum(sizes) >= 64:
                return PackedValues(blob, array(_smallest(max(sizes)), sizes), self._compression)
            self._unpacked()
        values = self._mini_values()
        if not isinstance(values, tuple) or not values:
            return values
        sizes = [len(v) for v in values]
        if sum(sizes) < 64:
            return values
        return PackedValues(emptybytes.join(values), array(_smallest(max(sizes)), sizes), self._compression)

    def finish_postings(self):
        # Whoosh 2.7 means to keep a term's few postings in its term-table entry ("inlining")
        # but calls a method that does not exist, so it never does; every term then costs a
        # compressed block of its own. Word pairs make many such terms.
        if not self.written() and len(self._ids) < self._inlinelimit:
            self._unpacked()
            terminfo, self._terminfo = self._terminfo, None
            terminfo.add_block(self)
            # A field without values (word pairs) stores empty ones: Whoosh's in-memory matcher
            # would otherwise hand a merge "" where it needs bytes.
            values = self._values if len(self._values) == len(self._ids) else [b""] * len(self._ids)
            terminfo.set_inlined(self._ids, self._weights, values)
            return terminfo
        return super().finish_postings()

    def _new_block(self):
        super()._new_block()
        self._packed = None         # (values as one piece, their sizes), from add_packed_block

    def add_packed_block(self, ids: list[int], weights: list, blob: bytes, sizes: list[int]) -> None:
        """add_block with the values given as one piece and the size of each."""
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        if self._ids:                   # a block begun otherwise: the values one by one
            return self.add_block(ids, weights, split(blob, sizes))
        self._ids.extend(ids)
        self._weights.extend(map(float, weights))
        self._packed = (blob, sizes)
        self._maxweight = max(self._maxweight, float(max(weights)))

    def _unpacked(self) -> None:
        """The packed values of the block, one by one as Whoosh's own methods want them."""
        if self._packed is not None:
            self._values = [v for v in split(*self._packed) if v]
            self._packed = None

    def _mini_values(self):
        self._unpacked()
        return super()._mini_values()

    def add_block(self, ids: list[int], weights: list, values: list) -> None:
        """Buffer up to a block of postings at once, as add_posting() would one by one (a full
        buffer is written first)."""
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.extend(ids)
        # Pages' frequencies wait in the pool as ints (no float object each); blocks get floats.
        self._weights.extend(map(float, weights))
        self._values.extend(filter(None, values))
        self._maxweight = max(self._maxweight, float(max(weights)))


def _smallest(largest: int) -> str:
    return "B" if largest < 256 else "H" if largest < 65536 else "I"


class PackedValues:
    """A block's posting values (word positions), kept compressed as one piece until one is
    read: a search that only scores pages never pays for unpacking them, and a phrase that
    checks a few pages slices out only theirs."""
    __slots__ = ("_blob", "_sizes", "_compression", "_data", "_ends")

    def __init__(self, blob: bytes, sizes: array, compression: int = 0):
        self._blob = zlib.compress(blob, compression) if compression else blob
        self._sizes, self._compression, self._data, self._ends = sizes, compression, None, None

    def __reduce__(self):
        return _unpack, (self._blob, self._sizes, self._compression)

    def _open(self) -> tuple[bytes, list[int]]:
        if self._data is None:
            self._data = zlib.decompress(self._blob) if self._compression else self._blob
            self._ends = list(accumulate(self._sizes))
        return self._data, self._ends

    def __getitem__(self, i):
        data, ends = self._open()
        if isinstance(i, slice):
            return list(self)[i]
        end = ends[i]
        return data[end - self._sizes[i]:end]

    def __len__(self) -> int:
        return len(self._sizes)

    def __iter__(self):
        data, ends = self._open()
        return (data[end - size:end] for end, size in zip(ends, self._sizes))


def _unpack(blob: bytes, sizes: array, compression: int) -> PackedValues:
    """Rebuilds PackedValues from a block (still packed)."""
    values = PackedValues.__new__(PackedValues)
    values._blob, values._sizes, values._compression = blob, sizes, compression
    values._data = values._ends = None
    return values


class _FieldWriter(W3FieldWriter):
    def start_term(self, btext):
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, _TermInfo())

    def add_postings(self, schema, lengths, items):
        if not isinstance(items, _ByTerm):
            return super().add_postings(schema, lengths, items)   # after a spill to disk
        for field in sorted(items.fields):
            self.start_field(field, schema[field])
            pw, size = self._postwriter, self._postwriter._blocklimit
            terms = items.fields[field]
            for btext in sorted(terms):
                postings = terms[btext]
                if type(postings) is _PagePositions and postings.in_order():
                    self._add_page_positions(btext, postings)
                    continue
                ids, weights, values = postings.lists()
                if ids != sorted(ids):          # in order, unless a merge interleaved
                    order = sorted(range(len(ids)), key=ids.__getitem__)
                    ids, weights, values = ([seq[i] for i in order] for seq in (ids, weights, values))
                self.start_term(btext)
                for start in range(0, len(ids), size):
                    end = start + size
                    pw.add_block(ids[start:end], weights[start:end], values[start:end])
                self.finish_term()
            self.finish_field()

    def _add_page_positions(self, btext: bytes, postings: "_PagePositions") -> None:
        """A term's postings from pages, a block at a time, each block's positions handed over
        as the one piece they already are."""
        pw, size = self._postwriter, self._postwriter._blocklimit
        ids, freqs = postings.ids.tolist(), postings.freqs
        weights = freqs.tolist() if postings.weights is None else postings.weights.tolist()
        blob = postings.encoded()
        self.start_term(btext)
        at = 0
        for start in range(0, len(ids), size):
            end = start + size
            sizes = [4 * f for f in freqs[start:end]]
            nbytes = sum(sizes)
            pw.add_packed_block(ids[start:end], weights[start:end], blob[at:at + nbytes], sizes)
            at += nbytes
        self.finish_term()


class SegmentWriter(writing.SegmentWriter):
    """Whoosh's writer with the pool above, adding each field of a document to it in one call
    (Whoosh adds every posting through two calls and a tuple of its own)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = Pool(self._tempstorage, self.newsegment, limitmb=kwargs.get("limitmb", 128))
        self._plain = not any(f.separate_spelling() or f.vector for _, f in self.schema.items())
        # Fields whose terms depend on the value alone, and whose values repeat from page to
        # page (a letter's id, parties, kind and date; "page"): their terms are worked out once
        # per value. Whoosh's classes exactly, not subclasses, which could analyse otherwise;
        # not a unique field (a page's key), whose values never repeat.
        self._same_terms = {name for name, f in self.schema.items()
                            if type(f) in (whoosh_fields.ID, whoosh_fields.KEYWORD, whoosh_fields.NUMERIC)
                            and not getattr(f, "unique", False)}
        self._terms_of: dict[tuple, tuple] = {}

    def add_document(self, **fields):
        if not self._plain:
            return super().add_document(**fields)
        self._check_state()
        perdocwriter, schema, docnum, pool = self.perdocwriter, self.schema, self.docnum, self.pool
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    if fieldname in self._same_terms and type(value) in (str, int):
                        items = self._terms_of.get((fieldname, value))
                        if items is None:
                            if len(self._terms_of) > 4096:
                                self._terms_of.clear()
                            items = self._terms_of[(fieldname, value)] = tuple(field.index(value))
                    else:
                        items = field.index(value)
                    length = pool.add_field(fieldname, docnum, items, boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1
