"""Which documents a quotation's citation names: read from its title, date, sender and page, as Papertrail
writes citations ("Human Rights Watch, 006, 14 January 2013, p. 1") and as people write them."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from archive import Archive, documents, parties
from archive.dates import DateError, PartialDate, find_dates, parse_date

from .model import human_date

# A title this long (letters and digits, two words or more) names its document on its own; a shorter one
# ("006", "Letter", a file name) counts only as a whole word beside a date or a sender that also match.
_DISTINCT_TITLE = 12
_MIN_NAME = 3               # shorter sender names ("UN") are not read as naming a sender
_CACHE_SIZE = 2000
_PAGE = re.compile(r"\b(?:pp?|pages?|págs?|pgs?)\.?\s*(\d{1,5})(?:\s*[-–—]\s*(\d{1,5}))?\b", re.I)
_REPORTING = re.compile(r"\((?:reporting|citing)\b[^()]*\)", re.I)
_QUOTED_IN = re.compile(r"\b(?:as )?(?:quoted|cited) (?:in|by)\b|\bcité (?:dans|par)\b|\bcitado (?:en|por)\b", re.I)
_PARTS = re.compile(r"[,;()\[\]]|\s[–—]\s")
_WORDS = re.compile(r"[^\W_]+")
# Words before an addressee ("letter to …", "lettre à …", "carta al …"); "à" is folded to "to" first, as
# the Spanish "a" cannot be told from the English article.
_TO = {"to", "al", "au", "aux", "para"}
_A_GRAVE = re.compile(r"(?<!\w)à(?!\w)")


def _fold(text: str) -> str:
    """Case, accents and punctuation ignored: the words as one space-padded string (" human rights watch ")."""
    text = text.casefold()
    if not text.isascii():
        text = _A_GRAVE.sub("to", text)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " " + " ".join(_WORDS.findall(text)) + " "


@dataclass(frozen=True)
class _Doc:
    id: str
    title: str
    date: str | None
    pages: int
    title_key: str          # folded title, " human rights reporting "
    distinct: bool          # the title alone names the document
    short_keys: tuple[str, ...]     # the title and file name, when too short to name it alone
    span: tuple | None      # the date's first and last day
    senders: tuple[str, ...]        # folded sender names and aliases


class Catalogue:
    """The facts a citation can name, for every document in the archive, read in two queries. Names
    and titles are looked up by their first word, so a citation costs a few string searches, and
    each citation's answer is remembered."""

    def __init__(self, docs: list[_Doc]):
        self._docs = docs
        self._by_id = {d.id: d for d in docs}
        self._cache: dict[str, list[str]] = {}
        self._senders: dict[str, list[tuple[int, str]]] = {}
        self._titles: dict[str, list[tuple[int, str]]] = {}
        self._short: dict[str, list[tuple[int, str]]] = {}
        self._spans = [(i, d.span[0], d.span[1]) for i, d in enumerate(docs) if d.span]
        for i, d in enumerate(docs):
            for key in d.senders:
                self._senders.setdefault(key.split()[0], []).append((i, key))
            if d.distinct:
                self._titles.setdefault(d.title_key.split()[0], []).append((i, d.title_key))
            for key in d.short_keys:
                self._short.setdefault(key.split()[0], []).append((i, key))

    @classmethod
    def of(cls, archive: Archive) -> Catalogue:
        senders: dict[str, set[str]] = {}
        folded: dict[str, str] = {}
        for doc_id, name in parties.sender_names(archive.db):
            key = folded.get(name)
            if key is None:
                key = folded[name] = _fold(name or "")
            if len(key) - key.count(" ") >= _MIN_NAME:
                senders.setdefault(doc_id, set()).add(key)
        found = [(doc_id, title or "", _fold(title or ""), date, pages, file_name) for doc_id, title, date, pages,
                 file_name in documents.citation_rows(archive.db)]
        counts: dict[str, int] = {}
        for row in found:
            counts[row[2]] = counts.get(row[2], 0) + 1
        docs = []
        for doc_id, title, key, date, pages, file_name in found:
            stem = _fold(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name or ""))
            # A title two documents share ("Open letter") does not tell them apart.
            distinct = len(key) - key.count(" ") >= _DISTINCT_TITLE and key.count(" ") >= 3 and counts[key] == 1
            short = tuple(k for k in dict.fromkeys([key, stem]) if k.strip() and not (k == key and distinct))
            docs.append(_Doc(doc_id, title, date, pages or 0, key, distinct, short, _span(date),
                             tuple(sorted(senders.get(doc_id, ())))))
        return cls(docs)

    def describe(self, doc_id: str) -> tuple[str, str | None]:
        """(title, date) of a document."""
        d = self._by_id.get(doc_id)
        return (d.title, d.date) if d else ("", None)

    def page_count(self, doc_id: str) -> int:
        d = self._by_id.get(doc_id)
        return d.pages if d else 0

    def cited_pages(self, citation: str | None) -> tuple[int, int] | None:
        """The first and last page the citation gives ("p. 4": (4, 4); "pp. 2–3": (2, 3)), None when
        it gives none."""
        if not citation:
            return None
        return _pages(_own_part(citation)[:600])

    def label(self, doc_id: str) -> str:
        """"006, 14 January 2013": how a note names a document."""
        title, date = self.describe(doc_id)
        return ", ".join(p for p in (title, human_date(date)) if p)

    def named_by(self, citation: str | None) -> list[str]:
        """The documents the citation names, best first; [] when it names none clearly.

        A document is named by its title (when distinctive), or by two of: its title or file name as a
        whole word, its date (the citation's date overlaps it: "June 2020" names a letter of 3 June
        2020), one of its senders. A page number past a document's last page rules it out, unless it rules
        out every document named (the page is then wrong, which the quotation check says). Only the
        documents with the most matching facts are returned."""
        if not citation or not citation.strip():
            return []
        hit = self._cache.get(citation)
        if hit is None:
            hit = self._match(citation)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[citation] = hit
        return list(hit)

    def _match(self, citation: str) -> list[str]:
        text = _own_part(citation)[:600]
        page = (_pages(text) or (None,))[0]
        text = _PAGE.sub(" , ", text)
        dates, plain = _dates(text)
        whole, bare = _fold(text), _fold(plain)
        title: dict[int, int] = {}
        for word in set(whole.split()):
            for i, key in self._titles.get(word, ()):
                if key in whole:
                    title[i] = 2
        for word in set(bare.split()):
            for i, key in self._short.get(word, ()):
                if i not in title and key in bare:
                    title[i] = 1
        sender: set[int] = set()
        for word in set(whole.split()):
            for i, key in self._senders.get(word, ()):
                if i not in sender and _names_sender(whole, key):
                    sender.add(i)
        when: set[int] = set()
        for lo, hi in dates:
            when.update(i for i, first, last in self._spans if first <= hi and lo <= last)
        scored = [(title.get(i, 0) + (i in sender) + (i in when), self._docs[i])
                  for i in sorted(set(title) | sender | when)]
        scored = [(score, d) for score, d in scored if score >= 2]
        fits = [(score, d) for score, d in scored if not (page and d.pages and page > d.pages)]
        best = max((score for score, _ in fits or scored), default=0)
        return [d.id for score, d in fits or scored if score == best]


def _own_part(citation: str) -> str:
    """The part of a citation that names the document cited: after "as quoted in" (the words' first
    source is named before it), without a "(reporting …)" aside (whose date is when the words were said)."""
    parts = _QUOTED_IN.split(citation)
    return _REPORTING.sub(" ", parts[-1])


def _pages(text: str) -> tuple[int, int] | None:
    m = _PAGE.search(text)
    if not m:
        return None
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) else first
    return (first, last) if last >= first else (first, first)


def _span(date: str | None) -> tuple | None:
    if not date:
        return None
    try:
        d = PartialDate.from_iso(date)
    except DateError:
        return None
    return d.start(), d.end()


def _dates(text: str) -> tuple[list[tuple], str]:
    """Every date the text gives (as first and last day), and the text without them. A date is a
    comma-separated part that reads as a date on its own ("14 January 2013", "2013-01-14", "June 2020",
    "2013"), two parts that do together ("January 14, 2013"), or a full date inside running text."""
    spans, taken = [], []
    pieces, pos = [], 0
    for m in _PARTS.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    i = 0
    while i < len(pieces):
        for width in (2, 1):
            if i + width > len(pieces):
                continue
            a, b = pieces[i][0], pieces[i + width - 1][1]
            chunk = text[a:b].strip()
            if not any(ch.isdigit() for ch in chunk) or len(chunk) > 40:
                continue
            try:
                date = parse_date(chunk)
            except DateError:
                continue
            spans.append((date.start(), date.end()))
            taken.append((a, b))
            i += width - 1
            break
        i += 1
    for date, a, b in find_dates(text):
        if not any(x <= a and b <= y for x, y in taken):
            spans.append((date.start(), date.end()))
            taken.append((a, b))
    plain = text
    for a, b in sorted(taken, reverse=True):
        plain = plain[:a] + " , " + plain[b:]
    return spans, plain


def _names_sender(whole: str, key: str) -> bool:
    """The folded citation names this sender, other than as an addressee ("letter to Open Rights Watch")."""
    at = whole.find(key)
    while at >= 0:
        before = whole[:at].split()
        if not before or before[-1] not in _TO:
            return True
        at = whole.find(key, at + 1)
    return False
