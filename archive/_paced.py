"""Reading the index through without keeping the window waiting; a private helper of
archive/index.py.

A full check (Archive.quick_index_repair with `stale`, Archive.index_problems) asks whether the
index opens, which documents and passages it holds and the revision of every entry: at 20,000
letters two thirds of a second of Python, in the background, and at the first opening of the
window after a change it ran beside the first search and the window's painting. The window's
thread needs the GIL many times a frame (PySide takes it for every virtual call Qt makes into a
widget written in Python, to look for an override); while another thread runs Python that does
not let go of it, each time it gets it back only after a switch interval (5 ms). Measured at
20,000 letters (and in tests/archive/test_index_pacing.py): walking the documents' lexicon kept
another thread waiting 5 ms a time, reading the stored entries and opening segments 0.1 to
0.5 ms (they let go of it on their own). And the first search took twice as long, sharing the
GIL and both cores with the check that opened the same segments at the same moment. So:

- every loop over the index's entries, and the opening of its segments, offers the GIL about
  every SLICE_S (Pace; with another thread waiting, time.sleep(0) hands it over at once: 0.07 ms
  instead of 5);
- these background reads step aside while a search runs in this process (`searching()`): the
  user waits for the search, not for the check;
- the steps of one check read through one searcher (`Held`) instead of opening every segment
  again for each (five times on opening the window, 70 ms of Python each time);
- a segment's file is read through once (`warm`) before it is first opened in a process. Whoosh
  maps a segment's file into memory and copies its terms out of the mapping (1.6 MB a segment
  at 20,000 letters), holding the GIL while the pages come from the disk: on an archive whose
  files were not in the system's cache (the first opening after the machine started) the window
  stood still for up to 0.7 s. Plain reads let go of the GIL while the disk works.
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import contextmanager

from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

SLICE_S = 0.001     # the longest stretch of pure Python between two offers of the GIL
GIVE_WAY_S = 2.0    # the longest a background read waits at once for searches to finish
_WAIT_STEP_S = 0.002

_searches = 0
_searches_lock = threading.Lock()


@contextmanager
def searching():
    """Mark a search running in this process: background reads step aside until it is done."""
    global _searches
    with _searches_lock:
        _searches += 1
    try:
        yield
    finally:
        with _searches_lock:
            _searches -= 1


def searches_running() -> int:
    return _searches


class Pace:
    """Call tick() once per item of a loop: about every SLICE_S it lets other threads run, and,
    with `give_way`, waits while a search runs (at most GIVE_WAY_S at a time)."""

    __slots__ = ("_due", "give_way")

    def __init__(self, give_way: bool = True):
        self.give_way = give_way
        self._due = time.perf_counter() + SLICE_S

    def tick(self) -> None:
        if time.perf_counter() >= self._due:
            time.sleep(0)       # releases the GIL; a thread waiting for it takes it
            if self.give_way and _searches:
                waited = 0.0
                while _searches and waited < GIVE_WAY_S:
                    time.sleep(_WAIT_STEP_S)
                    waited += _WAIT_STEP_S
            self._due = time.perf_counter() + SLICE_S


def paced(items, pace: Pace | None = None):
    """The items, with the GIL offered between them about every SLICE_S (a background read)."""
    pace = pace or Pace()
    for item in items:
        yield item
        pace.tick()


def live(s, field: str, terms: list[str]) -> set[str]:
    """Terms that still have a document: deleted documents keep their terms until a merge."""
    if not s.reader().has_deletions():
        return set(terms)
    return {t for t in paced(terms) if s.document_number(**{field: t}) is not None}


_warmed: set[tuple[str, int, int]] = set()     # (path, size, modification time) read through
_WARM_CHUNK = 1 << 20


def warm(storage, segment) -> bool:
    """Read a segment's file through once in this process, so that the system's cache holds it
    before Whoosh maps it (see the module's notes); False when there was nothing to read (a
    segment in separate files, an index in memory, a file already read or gone)."""
    folder = getattr(storage, "folder", None)
    if folder is None or not segment.is_compound():
        return False
    path = os.path.join(folder, segment.make_filename(segment.COMPOUND_EXT))
    try:
        info = os.stat(path)
        key = (path, info.st_size, info.st_mtime_ns)
        if key in _warmed:
            return False
        buffer = bytearray(_WARM_CHUNK)
        with open(path, "rb", buffering=0) as fh:
            while fh.readinto(buffer):
                pass
    except OSError:
        return False        # opening the segment will say what is wrong
    _warmed.add(key)
    return True


def open_searcher(ix, pace: Pace | None = None, **kwargs) -> Searcher:
    """ix.searcher(**kwargs), opening the segments one at a time with the GIL offered between
    them (each is 1.5 to 5 ms of Python at 20,000 letters). As Whoosh's FileIndex.reader: a
    segment a writer's merge removed just then makes it read the table of contents again."""
    pace = pace or Pace()
    for attempt in range(10):
        info = ix._read_toc()
        readers = []
        try:
            for segment in info.segments:
                warm(ix.storage, segment)
                readers.append(SegmentReader(ix.storage, info.schema, segment, generation=info.generation))
                pace.tick()
        except OSError:
            for reader in readers:
                reader.close()
            if attempt == 9:
                raise
            time.sleep(0.05)
            continue
        if not readers:
            reader = EmptyReader(info.schema)
        elif len(readers) == 1:
            reader = readers[0]
        else:
            reader = MultiReader(readers, generation=info.generation)
        return Searcher(reader, fromindex=ix, **kwargs)
    raise AssertionError("unreachable")


class Held:
    """The one searcher the reads of a check share (SearchIndex.reading): kept while the index's
    committed files are those it was opened on (SearchIndex.state(), read just before opening),
    so it reads exactly what a searcher opened afresh would; opened again once they changed."""

    def __init__(self):
        self.searcher: Searcher | None = None
        self.state: str | None = None

    def searcher_for(self, index, create: bool) -> Searcher:
        state = index.state()
        if self.searcher is not None and state == self.state:
            return self.searcher
        self.drop()
        ix = index.open(create=create)
        self.state = state
        self.searcher = open_searcher(ix)
        return self.searcher

    def drop(self) -> None:
        if self.searcher is not None:
            self.searcher.close()
        self.searcher = self.state = None
