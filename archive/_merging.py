"""Which index segments a commit merges; a private helper of archive/index.py.

Whoosh's own policy (MERGE_SMALL) merges every segment up to a "merge point" found with a
Fibonacci rule on the segments' sizes, and with segments of equal size the point is only found
once there are 21 of them, and then all of them merge at once. Ingest writes a segment every
1,000 letters, so at 20,000 letters the commit that added 300 more letters read the whole index
(8 million postings) through a pool spilled to disk: seven of that ingest's seven and a half
minutes, and 430 MB of memory.

Here Whoosh's rule is kept for what it does well, gathering the small segments that single
changes leave (a passage tagged, a date corrected), but only segments that together hold at most
MERGE_LIMIT index documents (pages and passages) take part: their postings fit the writer's
in-memory pool; when more than SMALL_SEGMENTS small ones pile up, the smallest merge up to that
limit. Larger segments stay as they are: a search over the twenty segments of 20,000 letters
takes 8 to 13 ms (`bench/bench_archive.py`). Segments whose documents were all
deleted (every page of a re-read archive is indexed anew) are dropped without being read.
"""
from __future__ import annotations

from whoosh.reading import SegmentReader
from whoosh.util import fib

MERGE_LIMIT = 2500      # index documents; about 400,000 postings, 25 MB in the pool
SMALL_SEGMENTS = 8      # more small segments than this: the smallest merge anyway


def merge_bounded(writer, segments: list) -> list:
    """A Whoosh merge policy: add the segments to merge to `writer`, return those kept."""
    live = [s for s in segments if s.doc_count() > 0]
    small = sorted((s for s in live if s.doc_count_all() <= MERGE_LIMIT), key=lambda s: s.doc_count_all())
    chosen = _chosen(small)
    if len(chosen) < 2:
        return live
    for seg in chosen:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for s in live if s not in chosen]


def _chosen(small: list) -> list:
    """The smallest segments, together at most MERGE_LIMIT documents, once MERGE_SMALL's rule
    finds its merge point among them, or once there are more than SMALL_SEGMENTS small ones
    (segments of a few hundred pages, as adding a day's letters leaves, never meet the rule
    below the limit and would pile up)."""
    chosen, total = [], 0
    for i, seg in enumerate(small):
        if total + seg.doc_count_all() > MERGE_LIMIT:
            break
        total += seg.doc_count_all()
        chosen.append(seg)
        if i > 3 and total < fib(i + 5):
            return chosen
    return chosen if len(small) > SMALL_SEGMENTS else []
