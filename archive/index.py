"""The full-text index: the one module the rest of the program uses for Whoosh (with its private
helpers _analysis, _query_words, _postings, _bitsets, _writing and _paced). Derived from SQLite;
always rebuildable."""
from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh import fields, index, qparser, query, scoring, sorting

from . import _bitsets, _paced, _postings, _writing
from ._analysis import (_NORMALISE, ANALYZERS, LANGS, STOPWORDS, Matched, _Analysed,  # noqa: F401
                        _Normalise, _Positions, _Text, lang_field, match_spans)
from ._query_words import (_FUZZY_FOUND, _LEXICONS, _ExactPhrase, _ExactPhraseMatcher, _Fuzzy,  # noqa: F401
                           _fuzzy_keeps_first_letter, _lexicon, _one_edit, _prune)
from ._merging import merge_bounded
from .errors import ArchiveBusy, QueryError

CONTENT_FIELDS = tuple(f"c_{lang}" for lang in LANGS)
WRITER_WAIT_S = 30
POOL_MB = 128       # Whoosh sorts postings on disk beyond this (slowly) ...
FLUSH_MB = 64       # ... so a writer commits a segment before its postings get there
INLINE_LIMIT = 8    # terms on fewer pages than this keep their postings in the term table
CACHE_POSTINGS = 2_000_000      # decoded postings kept for the next searches (about 30 MB at most)
CACHE_BITS_MB = 32              # and words' pages as bit sets (archive/_bitsets.py)
_OWN_FILES = ("_MAIN_", "MAIN_")    # Whoosh's files for the index named MAIN: its TOCs and segments
_LOCK_FILE = "MAIN_WRITELOCK"


def _schema() -> fields.Schema:
    content = {f"c_{lang}": _Text(lang) for lang in LANGS}
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),   # "<doc>:<page>" or "passage:<id>"
        doc=fields.ID(),
        type=fields.ID(),                           # page | passage
        rev=fields.STORED(),                        # document revision when indexed
        sender=fields.KEYWORD(),                    # party ids "p12"
        recipient=fields.KEYWORD(),
        kind=fields.ID(),                           # document kind
        date=fields.NUMERIC(int, bits=32, sortable=True),   # yyyymmdd, 0 unknown
        by=fields.KEYWORD(),                        # passages: party ids
        pkind=fields.ID(),                          # passages: commitment | claim | rebuttal
        status=fields.ID(),
        thread=fields.KEYWORD(commas=True, lowercase=True),
        **content,
    )


@dataclass
class RawHit:
    key: str
    score: float


class SearchIndex:
    """Whoosh index in a folder; one writer at a time (Whoosh's lock), any number of readers."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._ix = None
        self._searcher = None
        self._cache = self._bits = None
        self._held: _paced.Held | None = None     # while reading() holds one searcher

    # -- lifecycle -----------------------------------------------------------
    def open(self, create: bool = True):
        if self._ix is None:
            if index.exists_in(str(self.folder)):
                self._ix = index.open_dir(str(self.folder))
            elif create:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._ix = index.create_in(str(self.folder), _schema())
            else:
                raise FileNotFoundError(self.folder)
        return self._ix

    def exists(self) -> bool:
        """Whether an index was ever written here (readable or not)."""
        return self.folder.is_dir() and any(self.folder.glob("*.toc"))

    def healthy(self) -> str:
        """"" when the index opens and reads, else why not."""
        try:
            with self._reader(create=False) as s:
                s.doc_count()
            return ""
        except Exception as exc:  # noqa: BLE001 - any damage means "rebuild"
            self._let_go()
            self._ix = None
            return f"{type(exc).__name__}: {exc}"[:200]

    def outdated(self) -> bool:
        """Whether the index predates the current way of storing word positions or posting
        blocks (it still answers everything, more slowly); `reindex` brings it up to date."""
        try:
            ix = self.open(create=False)
            if not isinstance(ix.schema["c_en"].format, _Positions):
                return True
            return any(vars(seg.codec()).get("block_format", 1) < _writing.BLOCK_FORMAT
                       for seg in ix._segments())
        except Exception:  # noqa: BLE001 - unreadable or absent is healthy()'s business
            return False

    def hold_lock(self):
        """Take the write lock of the index here (waiting up to WRITER_WAIT_S for another
        process's writer, then ArchiveBusy), for the caller to release(); None when there is
        no readable index to lock."""
        from whoosh.util.filelock import try_for
        self._let_go()      # a rebuild follows: no need to keep the segments open meanwhile
        try:
            ix = self.open(create=False)
        except Exception:  # noqa: BLE001 - absent or unreadable: nobody can be writing it
            self._ix = None
            return None
        lock = ix.lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=WRITER_WAIT_S, delay=0.25):
            raise ArchiveBusy("the search index is busy: another Papertrail window or command is "
                              "updating it; try again when it has finished")
        return lock

    def close(self) -> None:
        self._let_go()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._cache = self._bits = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    # -- writing -------------------------------------------------------------
    def writer(self) -> "IndexWriter":
        """Waits up to WRITER_WAIT_S for another process's writer, then raises ArchiveBusy."""
        self._let_go()      # what reading() read is about to change: no need to keep it open
        return IndexWriter(self._whoosh_writer)

    def _whoosh_writer(self):
        try:
            return _writing.SegmentWriter(self.open(), timeout=WRITER_WAIT_S, limitmb=POOL_MB,
                                          codec=_writing.Codec(INLINE_LIMIT))
        except index.LockError:
            raise ArchiveBusy("the search index is busy: another Papertrail window or command is "
                              "updating it; try again when it has finished") from None

    # -- reading -------------------------------------------------------------
    @contextmanager
    def reading(self):
        """Within: healthy(), doc_ids(), keys_and_revs() and passage_ids() read through one
        searcher, opened at the first of them and again only if the index changed since (or a
        writer was opened here); closed at the end. A full check asks all of them in turn."""
        if self._held is not None:
            yield self
            return
        self._held = _paced.Held()
        try:
            yield self
        finally:
            held, self._held = self._held, None
            held.drop()

    def _let_go(self) -> None:
        if self._held is not None:
            self._held.drop()

    @contextmanager
    def _reader(self, create: bool = True):
        """A searcher to read the index through (reading()'s, or one of its own, closed after),
        its segments opened with the GIL offered between them (archive/_paced.py)."""
        if self._held is not None:
            yield self._held.searcher_for(self, create)
            return
        with _paced.open_searcher(self.open(create=create)) as s:
            yield s

    def keys_and_revs(self) -> dict[str, int]:
        with self._reader() as s:
            return {f["key"]: f.get("rev", 0) for f in _paced.paced(s.all_stored_fields())}

    def state(self) -> str:
        """The index's files as committed (names, sizes, modification times) and the format this
        Papertrail writes, as one string: it changes with every commit, with any file lost,
        replaced or cut short, and with a new format ("" when there is no index). Read from the
        folder alone: the index is not opened."""
        try:
            with os.scandir(self.folder) as entries:
                files = sorted((e.name, e.stat()) for e in entries
                               if e.name.startswith(_OWN_FILES) and e.name != _LOCK_FILE and e.is_file())
        except OSError:
            return ""
        if not any(name.endswith(".toc") for name, _ in files):
            return ""
        return ";".join([f"format:{_writing.BLOCK_FORMAT}"] + [f"{name}:{st.st_size}:{st.st_mtime_ns}"
                                                                for name, st in files])

    def doc_ids(self) -> set[str]:
        with self._reader() as s:
            return _paced.live(s, "doc", [t.decode() for t in _paced.paced(s.lexicon("doc"))])

    def passage_ids(self) -> set[str]:
        with self._reader() as s:
            keys = [t.decode() for t in _paced.paced(s.reader().expand_prefix("key", "passage:"))]
            return {k[len("passage:"):] for k in _paced.live(s, "key", keys)}

    def languages(self) -> tuple[str, ...]:
        """The languages (of LANGS) whose content field holds any words: those to search in."""
        reader = self._current_searcher().reader()
        return tuple(f[2:] for f in CONTENT_FIELDS if reader.field_length(f))

    def parse(self, text: str, languages: tuple[str, ...] = LANGS) -> query.Query:
        """Parse against the content fields of the given languages (those the archive holds)."""
        fields_ = tuple(sorted({lang_field(lang) for lang in languages})) or (lang_field("en"),)
        # < and > are never part of a word; Whoosh's comparison syntax would read them as an
        # operator and fail on text pasted from a web page (<script>).
        text = text.replace("<", " ").replace(">", " ")
        if not text.strip():
            raise QueryError("the query has no words to search for: type words, or a filter such as from:NSO")
        return _parser(fields_).parse(text).accept(_fuzzy_keeps_first_letter)

    @staticmethod
    def searching():
        """Around a search someone waits for: a full check in another thread steps aside meanwhile."""
        return _paced.searching()

    def _current_searcher(self):
        # Opening a searcher costs several ms: keep one until a writer commits. Not through
        # Searcher.refresh(): whoosh-reloaded 2.7.5's reader reuse keeps the old segments'
        # deletions (and a merge's old segments), so replaced pages would still be found.
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = _paced.open_searcher(self.open(), _paced.Pace(give_way=False),
                                                  weighting=scoring.TF_IDF())
            self._cache = _postings.PostingsCache(CACHE_POSTINGS)     # for this state of the index
            self._bits = _bitsets.LevelCache(CACHE_BITS_MB * 1024 * 1024)
        return self._searcher

    def search(self, q: query.Query, filters: list[query.Query], limit: int | None,
               sort: str = "relevance", passages: bool = False) -> tuple["int | Total", list[RawHit], Matched]:
        """Run a query over pages (or over passages); returns total, hits and what matched, to
        mark on the pages. The total is an int, or (a phrase's, when limited) a Total that
        counts the exact number of pages the first time int() is asked of it: finding the best
        pages needs the phrase checked on a few, counting them on every candidate."""
        s = self._current_searcher()
        if isinstance(q, query.Every) or q is query.NullQuery:
            q = query.Every()
        else:
            q = _prune(q, s.reader())
        try:
            total, top = _fast_search(s, q, filters, limit, sort, passages, self._cache, self._bits)
            hits = [RawHit(s.stored_fields(docnum)["key"], score) for docnum, score in top]
            if not isinstance(total, int):
                total = Total(total)
        except _postings.Unsupported:
            total, hits = _whoosh_search(s, q, filters, limit, sort, passages)
        return total, hits, _matched(q, s.reader())


class Total:
    """An exact number of hits, counted when first asked for (int(total)). It reads only
    postings the search already read, so it stays right after the index changes."""

    def __init__(self, count):
        self._count = count

    def __int__(self) -> int:
        return int(self._count)

    def __repr__(self) -> str:
        return f"Total({int(self)})"


def _matched(q: query.Query, reader) -> Matched:
    """The terms and phrases to mark on a hit's page (not the words a page must not have)."""
    matched = Matched()

    def walk(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.Phrase) and node.fieldname in CONTENT_FIELDS and len(node.words) > 1:
            matched.phrases.setdefault(node.fieldname, set()).add(tuple(node.words))
            return
        if node.is_leaf():
            for fld, text in node.existing_terms(reader, expand=True):
                if fld in CONTENT_FIELDS:
                    matched.terms.setdefault(fld, set()).add(text.decode() if isinstance(text, bytes) else text)
            return
        for child in node.children():
            walk(child)
    try:
        walk(q)
    except Exception:  # noqa: BLE001 - marking matches is best effort; the hits stand
        pass
    return matched


def _fast_search(s, q, filters, limit, sort, passages, cache=None, bits=None,
                 use_bits=True) -> tuple["int | _postings.PhraseCount", list]:
    """(total, [(docnum, score)] best first). For a phrase on its own, with a limit, the total
    is a PhraseCount: exact, counted when int() is asked of it. Pages by relevance without
    filters go through bit sets (_bitsets) where the query allows, else dictionaries."""
    ev = _postings.Evaluator(s, cache)
    if use_bits and not filters and not passages and sort == "relevance" and not isinstance(q, query.Every):
        try:
            return _bitsets.search(ev, bits, q, limit)
        except _postings.Unsupported:
            pass
    check = None
    if isinstance(q, query.Every):
        scores = ev.every()
    elif limit and _postings.is_phrase(q):
        scores, check = ev.phrase_candidates(q)
    else:
        scores = ev.scores(q)
    passage_docs = set(ev.term_scores("type", b"passage"))
    if passages:
        scores = {d: scores[d] for d in passage_docs if d in scores}
    elif passage_docs:
        for d in passage_docs:          # few: quicker than copying every other page
            scores.pop(d, None)
    for flt in filters:
        negated = type(flt) is query.Not
        docs = _docset(s, ev, flt.query if negated else flt)
        if negated:
            scores = {d: sc for d, sc in scores.items() if d not in docs}
        elif len(docs) < len(scores):
            scores = {d: scores[d] for d in docs if d in scores}
        else:
            scores = {d: sc for d, sc in scores.items() if d in docs}
    order = scores
    if sort == "date":
        dates = s.reader().column_reader("date")
        order = {d: dates[d] for d in scores}           # newest first, ties as Whoosh: index order
    top = _postings.ranked(scores, order, limit, check)
    if check is None:
        return len(scores), top
    if len(top) < limit:
        return len(top), top                            # every candidate was checked
    return _postings.PhraseCount(check, scores), top


def _docset(s, ev, q) -> set[int]:
    try:
        return set(ev.scores(q))
    except _postings.Unsupported:
        return set(s.docs_for_query(q))


def _whoosh_search(s, q, filters, limit, sort, passages) -> tuple[int, list[RawHit]]:
    flt = list(filters)
    mask = None
    if passages:
        flt.append(query.Term("type", "passage"))
    else:
        mask = query.Term("type", "passage")   # passages are few: masking them is cheap
    kwargs = {"limit": None, "filter": query.And(flt) if flt else None, "mask": mask}
    if sort == "date":
        kwargs["sortedby"] = sorting.FieldFacet("date", reverse=True)
    # One pass over every match gives the exact total and the top hits; asking Whoosh for
    # a limited result and then its length runs the query twice.
    results = s.search(q, **kwargs)
    top = results[:limit] if limit else results
    return len(results), [RawHit(h["key"], float(h.score or 0.0)) for h in top]


class IndexWriter:
    """Adds pages and passages. A large batch is written as several segments: when the postings
    held in memory reach FLUSH_MB they are committed and a new Whoosh writer takes over, which
    keeps memory bounded and is several times faster than Whoosh spilling sorted runs to disk.
    (The index is derived: a batch cut short is repaired from the database like any other.)"""

    def __init__(self, open_writer):
        self._open = open_writer
        self._w = open_writer()
        # An index from before _Text (see outdated()) takes plain text through its analyzer.
        self._analyse = isinstance(self._w.schema["c_en"], _Text)

    def _flush_if_full(self) -> None:
        if self._w.pool.currentsize > FLUSH_MB * 1024 * 1024:
            self._w.commit(merge=False)
            self._w = self._open()

    def _content(self, language: str, text: str) -> dict:
        field = lang_field(language)
        return {field: _Analysed(field[2:], text) if self._analyse else text}

    # Pages and passages are added, not updated: a document is re-indexed whole, after
    # delete_doc() took its earlier pages and passages away (or it was never indexed).
    def add_page(self, *, doc_id: str, page: int, rev: int, text: str, language: str,
                 senders: list[str], recipients: list[str], kind: str, date_sort: int) -> None:
        self._w.add_document(
            key=f"{doc_id}:{page}", doc=doc_id, type="page", rev=rev,
            sender=" ".join(senders), recipient=" ".join(recipients), kind=kind,
            date=date_sort, **self._content(language, text))
        self._flush_if_full()

    def add_passage(self, *, passage_id: str, doc_id: str, rev: int, text: str, language: str,
                    by: list[str], kind: str, status: str, threads: list[str], date_sort: int,
                    senders: list[str], recipients: list[str], doc_kind: str) -> None:
        self._w.add_document(
            key=f"passage:{passage_id}", doc=doc_id, type="passage", rev=rev,
            sender=" ".join(senders), recipient=" ".join(recipients), kind=doc_kind,
            by=" ".join(by), pkind=kind, status=status or "", thread=",".join(threads),
            date=date_sort, **self._content(language, text))
        self._flush_if_full()

    def delete_doc(self, doc_id: str) -> None:
        self._w.delete_by_term("doc", doc_id)

    def delete_key(self, key: str) -> None:
        self._w.delete_by_term("key", key)

    def commit(self) -> None:
        self._w.commit(mergetype=merge_bounded)

    def cancel(self) -> None:
        self._w.cancel()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            self.commit()
        else:
            self.cancel()


@lru_cache(maxsize=16)
def _parser(fields_: tuple[str, ...] = CONTENT_FIELDS) -> qparser.QueryParser:
    p = qparser.MultifieldParser(list(fields_), _schema(), group=qparser.AndGroup)
    p.remove_plugin_class(qparser.FieldsPlugin)     # field filters are handled before Whoosh
    p.remove_plugin_class(qparser.BoostPlugin)
    p.add_plugin(qparser.FuzzyTermPlugin())
    p.add_plugin(qparser.GtLtPlugin())
    return p


# -- query building blocks for filters -------------------------------------------
def term(field: str, value: str) -> query.Query:
    return query.Term(field, value)


def any_of(field: str, values: list[str]) -> query.Query:
    if not values:
        return query.NullQuery
    return query.Or([query.Term(field, v) for v in values])


def date_range(lo: int, hi: int) -> query.Query:
    return query.NumericRange("date", lo, hi)


def every() -> query.Query:
    return query.Every()


def negate(q: query.Query) -> query.Query:
    return query.Not(q)


def check_query_text(text: str) -> None:
    """Reject what Whoosh would silently misread."""
    if text.count('"') % 2:
        raise QueryError('unbalanced quotes: close the phrase with a second " or remove it')
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise QueryError('a ")" has no matching "(": remove it or add the "("')
    if depth:
        raise QueryError('a "(" is never closed: add ")" or remove it')
