"""Writing index segments (archive/_writing.py): the pool that groups postings by term, the writer
that adds a document's fields to it in one call each, its spill to Whoosh's own pool past its
limit, and merges, all give the postings Whoosh's own writer gives for the same pages."""
from __future__ import annotations

import pytest
from whoosh import writing

from archive import _writing
from archive import index as ix

PAGES = [
    ("d1", "The company undertook to publish its human rights policy by March."),
    ("d2", "We undertake to publish the policy, and to answer the coalition's questions."),
    ("d3", "Les engagements pris en mars : publier la politique, répondre aux questions."),
    ("d4", "Undertaking, undertakings, undertaken: the policy the policy the policy."),
    ("d5", "No reply was ever received to the questions of 12 March 2021."),
]


def _add(index: ix.SearchIndex, pages) -> None:
    with index.writer() as w:
        for doc, text in pages:
            w.add_page(doc_id=doc, page=1, rev=1, text=text, language="fr" if doc == "d3" else "en",
                       senders=["p1"], recipients=["p2", "p3"], kind="letter", date_sort=20210312)


def _postings(index: ix.SearchIndex) -> dict:
    """Every term's postings as (page key, weight, value), and every page's field lengths."""
    out = {}
    with index.open().searcher() as s:
        r = s.reader()
        keys = {d: f["key"] for d, f in r.iter_docs()}
        for field in r.indexed_field_names():
            for btext in r.lexicon(field):
                m = r.postings(field, btext)
                got = []
                while m.is_active():
                    got.append((keys[m.id()], float(m.weight()), bytes(m.value() or b"")))
                    m.next()
                out[(field, btext)] = sorted(got)
            for d, key in keys.items():
                out[("length", field, key)] = r.doc_field_length(d, field)
    return out


@pytest.fixture
def whoosh_own(tmp_path, monkeypatch):
    """The same pages written by Whoosh's SegmentWriter and pool (our codec kept)."""
    return _whoosh_postings(tmp_path / "whoosh", PAGES, monkeypatch)


def test_pages_give_the_postings_whoosh_s_own_writer_gives(tmp_path, whoosh_own):
    index = ix.SearchIndex(tmp_path / "ours")
    index.open()
    w = index.writer()
    assert isinstance(w._w, _writing.SegmentWriter)
    w.cancel()
    _add(index, PAGES)
    ours = _postings(index)
    assert ours == whoosh_own
    assert [(key, weight) for key, weight, _ in ours[("c_en", b"polici")]] == [("d1:1", 1.0), ("d2:1", 1.0), ("d4:1", 3.0)]


def test_a_pool_over_its_limit_spills_to_whoosh_s_pool_with_the_same_result(tmp_path, whoosh_own, monkeypatch):
    spilled = []
    real = _writing.Pool._spill

    def spy(self):
        spilled.append(True)
        real(self)
    monkeypatch.setattr(_writing.Pool, "_spill", spy)
    monkeypatch.setattr(ix, "POOL_MB", 0.0005)          # 500 bytes: the second page spills
    index = ix.SearchIndex(tmp_path / "ours")
    index.open()
    _add(index, PAGES)
    assert spilled
    assert _postings(index) == whoosh_own


def test_merged_segments_keep_every_posting(tmp_path, whoosh_own, monkeypatch):
    from archive import _merging
    monkeypatch.setattr(_merging, "SMALL_SEGMENTS", 1)      # the third commit merges the others
    index = ix.SearchIndex(tmp_path / "ours")
    index.open()
    for page in PAGES:
        _add(index, [page])
    assert len(list(index.open()._segments())) < len(PAGES)
    assert _postings(index) == whoosh_own


def test_a_boosted_field_weighs_its_postings_as_whoosh_does(tmp_path):
    index = ix.SearchIndex(tmp_path / "ours")
    index.open()
    with index.writer() as w:
        w._w.add_document(key="x:1", doc="x", type="page", rev=1, c_en="policy policy", _c_en_boost=2.5)
    with index.open().searcher() as s:
        m = s.reader().postings("c_en", b"polici")
        assert m.weight() == pytest.approx(5.0)


def _whoosh_postings(folder, pages, monkeypatch) -> dict:
    """The postings of pages written by Whoosh's SegmentWriter and pool (our codec kept)."""
    index = ix.SearchIndex(folder)
    index.open()

    def plain(self):
        return writing.SegmentWriter(self.open(), codec=_writing.Codec(ix.INLINE_LIMIT))
    with monkeypatch.context() as m:
        m.setattr(ix.SearchIndex, "_whoosh_writer", plain)
        _add(index, pages)
    try:
        return _postings(index)
    finally:
        index.close()


def test_a_word_on_more_pages_than_a_block_holds_keeps_every_position(tmp_path, monkeypatch):
    # "policy" on every page: its postings fill more than one block, written from the pool's
    # packed positions in one piece a block; rarer words stay inside the term table.
    words = ["policy", "commitment", "rights", "answer", "coalition", "march", "publish"]
    pages = [(f"p{i}", " ".join(words[(i + k) % len(words)] for k in range(i % 5 + 3)) + " policy")
             for i in range(_writing.BLOCK_POSTINGS + 300)]
    index = ix.SearchIndex(tmp_path / "ours")
    index.open()
    _add(index, pages)
    ours = _postings(index)
    assert ours == _whoosh_postings(tmp_path / "whoosh", pages, monkeypatch)
    assert len(ours[("c_en", b"polici")]) == len(pages)
    with index.open().searcher() as s:
        assert s.reader().postings("c_en", b"polici").supports("positions")
    index.close()


def test_a_merge_into_pages_just_added_keeps_every_posting(tmp_path, whoosh_own, monkeypatch):
    # The commit that adds the last pages also merges the earlier segments: the same words get
    # postings from the new pages first, then from the segments read back.
    from archive import _merging
    monkeypatch.setattr(_merging, "SMALL_SEGMENTS", 1)
    merged = []
    real = _writing._PagePositions.add

    def spy(self, *args):
        merged.append(args[0])
        real(self, *args)
    monkeypatch.setattr(_writing._PagePositions, "add", spy)
    index = ix.SearchIndex(tmp_path / "ours")
    index.open()
    _add(index, PAGES[:2])
    _add(index, PAGES[2:3])
    _add(index, PAGES[3:])
    assert merged
    assert _postings(index) == whoosh_own


def test_a_boosted_page_weighs_its_postings_as_whoosh_does(tmp_path):
    index = ix.SearchIndex(tmp_path / "ours")
    index.open()
    with index.writer() as w:
        w._w.add_document(key="x:1", doc="x", type="page", rev=1,
                          c_en=ix._Analysed("en", "policy policy rights"), _c_en_boost=2.5)
        w._w.add_document(key="y:1", doc="y", type="page", rev=1, c_en=ix._Analysed("en", "policy"))
    with index.open().searcher() as s:
        m = s.reader().postings("c_en", b"polici")
        assert (m.id(), m.weight()) == (0, pytest.approx(5.0))
        m.next()
        assert (m.id(), m.weight()) == (1, 1.0)
        assert list(s.reader().postings("c_en", b"right").value_as("positions")) == [2]
