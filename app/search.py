"""Search: the query language (words, phrases, OR/NOT, wildcards, fuzzy, field filters) and hits with snippets."""
from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from archive import Archive
from archive import index as ix
from archive.dates import DateError, parse_date, parse_range
from archive.errors import QueryError
from archive.parties import matching_party_ids

DOC_KINDS = ("letter", "memo", "report", "statement", "email")
PASSAGE_KINDS = ("commitment", "claim", "rebuttal", "question")
STATUSES = ("open", "fulfilled", "partly-fulfilled", "broken", "withdrawn",            # commitments
            "unanswered", "answered", "partly-answered", "declined")                 # questions
FILTER_FIELDS = ("from", "to", "kind", "date", "by", "status", "state", "thread")

# field:value, field:"quoted value", field:[a to b]; optionally negated with - or NOT.
_FILTER = re.compile(
    r'(?P<phrase>"[^"]*")'
    r'|(?P<neg>(?:(?<=\s)|^)(?:-|NOT\s+))?\b(?P<field>[A-Za-z]+):'
    r'(?P<value>"[^"]*"|\[[^\]]*\]|[^\s()"]+)')


@dataclass
class Hit:
    doc_id: str
    title: str
    date: str | None
    page: int
    score: float
    snippet: str
    matches: list[tuple[int, int]] = field(default_factory=list)
    passage_id: str | None = None

    def to_dict(self) -> dict:
        d = {"doc_id": self.doc_id, "title": self.title, "date": self.date, "page": self.page,
             "score": round(self.score, 4), "snippet": self.snippet, "matches": self.matches}
        if self.passage_id:
            d["passage_id"] = self.passage_id
        return d


class Results:
    """The hits asked for and the exact number of all hits. For a phrase (when the hits are
    limited) the best pages are found by checking only a few candidates, and the number is
    counted the first time `total` is read."""

    def __init__(self, query: str, total, hits: list[Hit]):
        self.query, self._total, self.hits = query, total, hits

    @property
    def total(self) -> int:
        if not isinstance(self._total, int):
            self._total = int(self._total)
        return self._total

    def __repr__(self) -> str:
        return f"Results(query={self.query!r}, total={self.total}, hits={len(self.hits)})"

    def to_dict(self) -> dict:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits]}


def split_filters(text: str, hole: str = " ") -> tuple[str, list[tuple[str, str, bool]]]:
    """Pull field filters out of the query; returns the remaining text (each filter replaced by
    `hole`) and (field, value, negated)."""
    filters = []

    def take(m: re.Match) -> str:
        if m.group("phrase"):
            return m.group("phrase")
        fld = m.group("field").lower()
        fld = "status" if fld == "state" else fld        # a question's state is its status
        if fld not in FILTER_FIELDS:
            raise QueryError(f"unknown field {m.group('field')!r}: use one of "
                             + ", ".join(f + ":" for f in FILTER_FIELDS))
        value = m.group("value")
        if value.startswith('"'):
            value = value[1:-1]
        if not value.strip():
            raise QueryError(f"{fld}: needs a value, e.g. {fld}:{_example(fld)}")
        filters.append((fld, value.strip(), bool(m.group("neg"))))
        return hole

    rest = _FILTER.sub(take, text)
    stray = re.search(r"\b([A-Za-z]+):(?=\s|$)", re.sub(r'"[^"]*"', " ", rest))
    if stray:
        fld = stray.group(1).lower()
        if fld in FILTER_FIELDS:
            raise QueryError(f"{fld}: needs a value, e.g. {fld}:{_example(fld)}")
        raise QueryError(f"unknown field {stray.group(1)!r}: use one of " + ", ".join(f + ":" for f in FILTER_FIELDS))
    return rest, filters


_HOLE = " \x00 "                     # where a field filter stood (NUL is removed from queries first)
_BINARY = ("AND", "OR", "ANDNOT", "ANDMAYBE")
_TOKEN = re.compile(r'-?"[^"]*"|-?\(|\)|[^\s()"]+')


def words_for_index(text: str) -> str:
    """The words part of a query as the index's parser reads it: `-word`, `-"phrase"` and `-(…)`
    become NOT, and an operator with nothing to join is a QueryError (Whoosh would search it as
    the word "and" or "or"). Filters (marked by _HOLE) join with AND only, so an AND beside one is
    dropped and an OR beside one is refused."""
    tokens = []
    for tok in _TOKEN.findall(text):
        if tok == "-":
            raise QueryError('a lone "-" excludes nothing: write it against the word, as in -draft')
        if tok.startswith("-") and len(tok) > 1 and tok[1] != "-":
            tokens += ["NOT", tok[1:]]
        elif tok.startswith("-") and tok.strip("-") == "":
            raise QueryError(f'"{tok}" excludes nothing: write one "-" against the word, as in -draft')
        else:
            tokens.append(tok)
    words = [t for t in tokens if t not in _BINARY + ("NOT", "(", ")", "\x00")]
    if not words and any(t in _BINARY + ("NOT",) for t in tokens):
        raise QueryError("the query has only operators (AND/OR/NOT): add words to search for")
    out = []
    for i, tok in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in _BINARY:
            if "\x00" in (before, after):
                if tok != "AND":
                    raise QueryError(f"{tok} cannot join a field filter: filters always narrow the search "
                                     "(all of them apply); search the alternatives separately")
                continue
            if before is None or before in _BINARY or before in ("NOT", "("):
                raise QueryError(f"{tok} needs words on both sides, as in assessment {tok} oversight; "
                                 f"nothing comes before it")
            if after is None or after in _BINARY or after == ")":
                raise QueryError(f"{tok} needs words on both sides, as in assessment {tok} oversight; "
                                 f"nothing comes after it")
        elif tok == "NOT":
            if after is None or after in _BINARY or after in (")", "\x00"):
                raise QueryError("NOT needs a word after it, as in assessment NOT draft")
        if tok != "\x00":
            out.append(tok)
    return " ".join(out)


def _example(fld: str) -> str:
    return {"from": '"NSO Group"', "to": "Kaye", "kind": "memo", "date": "2019 or date:[2019-03 to 2020-06]",
            "by": '"NSO Group"', "status": "open", "thread": '"HRIA publication"'}[fld]


def build_query(archive: Archive, text: str):
    """(whoosh query, filter queries, passage_only) for a query string, or QueryError."""
    if len(text) > 2000:
        raise QueryError("the query is too long (over 2,000 characters): shorten it")
    text = text.replace("\x00", " ")
    rest, filters = split_filters(text, _HOLE)
    ix.check_query_text(rest)
    rest = words_for_index(rest)
    flts = []
    passage_only = False
    for fld, value, neg in filters:
        q = _filter_query(archive, fld, value)
        if fld in ("by", "status", "thread") or (fld == "kind" and value.lower() in PASSAGE_KINDS):
            passage_only = True
        flts.append(ix.negate(q) if neg else q)
    words = rest.strip()
    if re.fullmatch(r"[\s()]*(?:(?:AND|OR|NOT)[\s()]*)*", words):
        if words.strip():
            raise QueryError("the query has only operators (AND/OR/NOT): add words to search for")
        if not filters:
            raise QueryError("the query is empty: type words to search for, or a filter such as from:NSO")
        q = ix.every()
    else:
        # The languages the index holds words in (asking the database means reading every
        # document's row).
        languages = archive.index.languages()
        try:
            q = archive.index.parse(words, languages)
        except Exception as exc:  # noqa: BLE001 - Whoosh's parser errors are not a public type
            raise QueryError(f"cannot read the query: {exc}") from None
    return q, flts, passage_only


def _filter_query(archive: Archive, fld: str, value: str):
    if fld in ("from", "to", "by"):
        pids = matching_party_ids(archive.db, value)
        target = {"from": "sender", "to": "recipient", "by": "by"}[fld]
        return ix.any_of(target, [f"p{p}" for p in pids])
    if fld == "kind":
        v = value.lower()
        if v in DOC_KINDS:
            return ix.term("kind", v)
        if v in PASSAGE_KINDS:
            return ix.term("pkind", v)
        raise QueryError(f"unknown kind {value!r}: use one of {', '.join(DOC_KINDS + PASSAGE_KINDS)}")
    if fld == "status":
        v = value.lower()
        if v not in STATUSES:
            raise QueryError(f"unknown status {value!r}: use one of {', '.join(STATUSES)}")
        return ix.term("status", v)
    if fld == "thread":
        return ix.term("thread", value.lower())
    if fld == "date":
        try:
            if value.startswith("[") or ".." in value or " to " in value.lower():
                lo, hi = parse_range(value)
            else:
                lo = hi = parse_date(value)
        except DateError as exc:
            raise QueryError(f"date: {exc}") from None
        return ix.date_range(lo.sort_key(), _range_end(hi))
    raise QueryError(f"unknown field {fld!r}")


def _range_end(d) -> int:
    if d.day:
        return d.sort_key()
    if d.month:
        return d.year * 10000 + d.month * 100 + 99
    return d.year * 10000 + 9999


def search(archive: Archive, text: str, limit: int = 20, sort: str = "relevance") -> Results:
    if sort not in ("relevance", "date"):
        raise QueryError("sort must be relevance or date")
    # Lone surrogates (undecodable command-line bytes, pasted half emoji) cannot match anything
    # and would break JSON and SQLite downstream.
    text = re.sub("[\ud800-\udfff]", "\ufffd", text) if isinstance(text, str) else text
    with archive.index.searching():     # a check running in the background waits meanwhile
        q, flts, passage_only = build_query(archive, text)
        total, raw, matched = archive.index.search(q, flts, limit if limit and limit > 0 else None, sort,
                                                 passages=passage_only)
        return Results(text, total, _hits(archive, raw, matched))


def _hits(archive: Archive, raw, matched) -> list[Hit]:
    page_keys = [(h.key.rsplit(":", 1)[0], int(h.key.rsplit(":", 1)[1]), h.score)
                 for h in raw if not h.key.startswith("passage:")]
    passage_keys = [(h.key.split(":", 1)[1], h.score) for h in raw if h.key.startswith("passage:")]
    docs = {}
    ids = {d for d, _, _ in page_keys}
    passages = {}
    if passage_keys:
        rows = archive.db.execute(
            f"SELECT id, doc_id, page, start, end FROM passages WHERE id IN ({','.join('?' * len(passage_keys))})",
            [p for p, _ in passage_keys]).fetchall()
        passages = {r[0]: r[1:] for r in rows}
        ids |= {r[1] for r in rows}
    if ids:
        for row in archive.db.execute(
                f"SELECT id, title, date, language FROM documents WHERE id IN ({','.join('?' * len(ids))})",
                list(ids)).fetchall():
            docs[row[0]] = row
    texts = {}
    wanted_pages = {(d, p) for d, p, _ in page_keys} | {(v[0], v[1]) for v in passages.values()}
    for doc_id, page in wanted_pages:
        row = archive.db.execute("SELECT text FROM pages WHERE doc_id = ? AND page = ?", [doc_id, page]).fetchone()
        texts[(doc_id, page)] = row[0] if row else ""
    hits = []
    for h in raw:
        if h.key.startswith("passage:"):
            pid = h.key.split(":", 1)[1]
            if pid not in passages:
                continue
            doc_id, page, start, end = passages[pid]
            focus = (start, end)
        else:
            doc_id, page_s = h.key.rsplit(":", 1)
            page, pid, focus = int(page_s), None, None
        doc = docs.get(doc_id)
        if doc is None:
            continue   # the index is ahead of the database; `check` reports it
        text = texts.get((doc_id, page), "")
        spans = ix.match_spans(text, doc[3], matched)
        hits.append(Hit(doc_id, doc[1], doc[2], page, h.score, make_snippet(text, spans, focus), spans, pid))
    return hits


def make_snippet(text: str, spans: list[tuple[int, int]], focus: tuple[int, int] | None = None,
                 width: int = 220) -> str:
    """About `width` characters of text around the densest cluster of matches, matches in <mark>.
    Everything else is HTML-escaped."""
    if not text:
        return ""
    if focus:
        center = (focus[0] + focus[1]) // 2
    elif spans:
        best, best_n = spans[0][0], 0
        starts = [s for s, _ in spans]          # in order: count those within reach by bisecting
        for i, s in enumerate(starts):
            n = bisect_left(starts, s + width * 0.7, i) - i
            if n > best_n:
                best, best_n = s, n
        center = best + width // 4
    else:
        center = width // 2
    lo = max(0, center - width // 2)
    hi = min(len(text), lo + width)
    lo = max(0, hi - width)
    if lo > 0:
        sp = text.find(" ", lo)
        lo = sp + 1 if 0 <= sp < lo + 25 else lo
    if hi < len(text):
        sp = text.rfind(" ", hi - 25, hi)
        hi = sp if sp > lo else hi
    out = ["…" if lo > 0 else ""]
    pos = lo
    for s, e in spans:
        if e <= lo or s >= hi:
            continue
        s, e = max(s, lo), min(e, hi)
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:hi]))
    out.append("…" if hi < len(text) else "")
    return " ".join("".join(out).split())
