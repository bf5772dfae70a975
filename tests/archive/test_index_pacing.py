"""Reading the whole index in the background, as a full check does, leaves the GIL to the other
threads (the window's, a search's) and steps aside while a search runs: archive/_paced.py."""
import sys
import threading
import time

import pytest

from archive import _paced
from archive.index import SearchIndex

PAGES = 4000


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    index = SearchIndex(tmp_path_factory.mktemp("paced") / "index")
    with index.writer() as w:
        for i in range(PAGES):
            w.add_page(doc_id=f"d{i:05}", page=1, rev=1, text=f"letter {i} about exports", language="en",
                       senders=[], recipients=[], kind="letter", date_sort=0)
    yield index
    index.close()


def _median_wait_for_the_gil(index, read, seconds: float = 0.5) -> float:
    """While another thread keeps calling read() on one searcher (index.reading()): how long
    this thread waits, in the middle, to run again after each 1 ms sleep (as the window's thread
    does between Qt's calls into Python). The switch interval is made ten times Python's
    default for the test, so a thread that holds on to the GIL shows plainly."""
    stop = threading.Event()

    def keep_reading():
        with index.reading():
            while not stop.is_set():
                read()
    old = sys.getswitchinterval()
    sys.setswitchinterval(0.05)
    reader = threading.Thread(target=keep_reading)
    reader.start()
    waits = []
    try:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            start = time.perf_counter()
            time.sleep(0.001)
            waits.append(time.perf_counter() - start - 0.001)
    finally:
        stop.set()
        reader.join()
        sys.setswitchinterval(old)
    return sorted(waits)[len(waits) // 2]


def test_reading_every_entry_leaves_the_gil_to_other_threads(big_index):
    def unpaced():          # the documents' lexicon straight through Whoosh: pure Python
        with big_index._reader() as s:
            for _ in range(4):  # one walk is under 5 ms on a fast machine: a read long enough to show
                [t.decode() for t in s.lexicon("doc")]
    held = _median_wait_for_the_gil(big_index, unpaced)
    assert held > 0.005       # what the window met (15 ms)
    assert len(big_index.doc_ids()) == PAGES
    # Paced, the wait is the sleep's own overshoot (0.07 ms on an idle machine; a few ms on a
    # machine busy with other work, which adds as much to the unpaced wait).
    for read in (big_index.doc_ids, big_index.keys_and_revs):
        assert _median_wait_for_the_gil(big_index, read) < min(0.005, held / 3)


def test_a_background_read_waits_while_a_search_runs(big_index):
    done = []
    with big_index.searching():
        reader = threading.Thread(target=lambda: done.append((big_index.keys_and_revs(), time.perf_counter())))
        reader.start()
        time.sleep(0.3)
        assert not done, "the read waits for the search"
        ended = time.perf_counter()
    reader.join(10)
    entries, finished = done[0]
    assert len(entries) == PAGES and finished >= ended
    assert _paced.searches_running() == 0


def test_a_search_does_not_wait_for_searches(big_index):
    q = big_index.parse("exports")
    with big_index.searching():
        start = time.perf_counter()
        total, hits, _matched = big_index.search(q, [], 10)      # its searcher opened meanwhile
        assert time.perf_counter() - start < 0.4 * _paced.GIVE_WAY_S
    assert int(total) == PAGES and len(hits) == 10


def _segment_files(index) -> set[str]:
    return {str(p) for p in (index.folder).glob("*.seg")}


def test_each_segment_file_is_read_through_once_before_whoosh_maps_it(tmp_path):
    index = SearchIndex(tmp_path / "index")
    for batch in range(2):      # two commits: two segments
        with index.writer() as w:
            w.add_page(doc_id=f"d{batch}", page=1, rev=1, text="letter about exports", language="en",
                       senders=[], recipients=[], kind="letter", date_sort=0)
    try:
        first = _segment_files(index)
        assert len(first) == 2
        _paced.open_searcher(index.open()).close()
        warmed = {key[0] for key in _paced._warmed}
        assert first <= warmed
        ix = index.open()
        segments = ix._read_toc().segments
        assert [_paced.warm(ix.storage, s) for s in segments] == [False, False]   # not read again
        with index.writer() as w:
            w.add_page(doc_id="d2", page=1, rev=1, text="a third letter", language="en",
                       senders=[], recipients=[], kind="letter", date_sort=0)
        new = _segment_files(index) - first
        with _paced.open_searcher(index.open()) as s:
            assert s.doc_count() == 3
        assert new and new <= {key[0] for key in _paced._warmed}
    finally:
        index.close()


def test_a_segment_file_that_is_gone_is_left_to_whoosh_to_report(tmp_path):
    index = SearchIndex(tmp_path / "index")
    with index.writer() as w:
        w.add_page(doc_id="d0", page=1, rev=1, text="letter", language="en",
                   senders=[], recipients=[], kind="letter", date_sort=0)
    try:
        ix = index.open()
        segment = ix._read_toc().segments[0]
        for path in _segment_files(index):
            (tmp_path / "index" / path.rsplit("/", 1)[-1]).unlink()
        assert _paced.warm(ix.storage, segment) is False
    finally:
        index.close()
