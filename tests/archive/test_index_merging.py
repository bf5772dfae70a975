"""Which segments a commit merges (archive/_merging.py), on a real Whoosh index: small ones are
gathered, a large archive is never merged whole, segments of deleted documents go, and searches
find the same pages before and after."""
from __future__ import annotations

import pytest
from whoosh import writing

from archive import _merging
from archive import index as ix


@pytest.fixture
def small_limit(monkeypatch):
    """Segment sizes scaled down a hundredfold, so that a test builds dozens of segments quickly."""
    monkeypatch.setattr(_merging, "MERGE_LIMIT", 25)


def _commit(index: ix.SearchIndex, first: int, pages: int, word: str = "undertaking") -> None:
    with index.writer() as w:
        for n in range(first, first + pages):
            w.delete_doc(f"d{n:05d}")           # as Archive.index_documents re-indexes a document
            w.add_page(doc_id=f"d{n:05d}", page=1, rev=1, text=f"An {word} number {n} of the board.",
                       language="en", senders=["p1"], recipients=["p2"], kind="letter", date_sort=20200101)


def _segments(index: ix.SearchIndex) -> list[int]:
    return sorted(s.doc_count_all() for s in index.open()._segments())


def _hits(index: ix.SearchIndex, text: str) -> int:
    total, _hits, _ = index.search(index.parse(text), [], limit=None)
    return int(total)


@pytest.fixture
def index(tmp_path):
    idx = ix.SearchIndex(tmp_path / "index")
    idx.open()
    yield idx
    idx.close()


def test_a_large_index_is_never_merged_whole(index, small_limit):
    # Whoosh's own policy merges all of 21 equal segments at once: the archive-wide rewrite
    # that took seven minutes at 20,000 letters.
    for k in range(22):
        _commit(index, k * 20, 20)
    assert _segments(index) == [20] * 22
    assert _hits(index, "undertaking") == 440


def test_small_segments_are_gathered(index, small_limit):
    for k in range(6):              # six single changes: Whoosh's rule merges the first five
        _commit(index, k, 1)
    assert len(_segments(index)) < 6 and sum(_segments(index)) == 6
    assert _hits(index, "undertaking") == 6


def test_small_segments_that_never_meet_whoosh_s_rule_do_not_pile_up(index, small_limit):
    for k in range(_merging.SMALL_SEGMENTS + 4):     # a day's letters at a time, 6 pages each
        _commit(index, k * 6, 6)
    sizes = _segments(index)
    assert len(sizes) <= _merging.SMALL_SEGMENTS + 1
    assert max(sizes) <= _merging.MERGE_LIMIT + 6 and sum(sizes) == 6 * (_merging.SMALL_SEGMENTS + 4)   # + the commit's own
    assert _hits(index, "undertaking") == 6 * (_merging.SMALL_SEGMENTS + 4)


def test_a_segment_whose_pages_were_all_replaced_is_dropped(index, small_limit):
    for k in range(3):
        _commit(index, k * 20, 20, word="promise")
    for k in range(3):              # every page indexed anew (a re-read archive)
        _commit(index, k * 20, 20, word="undertaking")
    assert _segments(index) == [20, 20, 20]
    assert _hits(index, "promise") == 0 and _hits(index, "undertaking") == 60


def test_the_policy_is_used_by_every_commit(index, small_limit, monkeypatch):
    called = []
    real = _merging.merge_bounded

    def spy(writer, segments):
        called.append(len(segments))
        return real(writer, segments)
    monkeypatch.setattr(ix, "merge_bounded", spy)
    monkeypatch.setattr(writing, "MERGE_SMALL", lambda *a: pytest.fail("Whoosh's policy was used"))
    _commit(index, 0, 3)
    _commit(index, 3, 3)
    assert called == [0, 1]
