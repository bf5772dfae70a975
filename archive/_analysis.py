"""How text becomes index terms (stop words, stemming, accents, positions) and where a search's
terms are on a page; a private helper of archive/index.py, which holds the schema.

The classes here are pickled into every index's schema: they must stay importable under these
names (archive.index re-exports them, for indexes written when they lived there)."""
from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from whoosh import fields, formats
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map

LANGS = ("en", "es", "fr", "xx")
_WORD = r"\w+(?:['’]\w+)*"


_STOPLISTS = {"en": "english", "es": "spanish", "fr": "french"}


STOPWORDS = {lang: frozenset(stopwords_for_language(name)) for lang, name in _STOPLISTS.items()}


class _Normalise(Filter):
    """Lowercase, drop stop words, stem and fold accents in one step, remembering each word:
    the same terms as LowercaseFilter | StopFilter | StemFilter | CharsetFilter(accent_map) at a
    fraction of the cost (every word of every page passes here when indexing)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._setup()

    def _setup(self) -> None:
        self.stops = STOPWORDS.get(self.lang)
        self.stem = stemmer_for_language(self.lang) if self.stops is not None else None
        self.cache: dict[str, str | None] = {}
        self.bcache: dict[str, bytes | None] = {}  # the same, encoded: what pages are indexed with

    def __getstate__(self):          # Whoosh pickles the schema into the index: not the cache
        return {"lang": self.lang}

    def __setstate__(self, state):
        self.lang = state["lang"]
        self._setup()

    def __eq__(self, other):
        return isinstance(other, _Normalise) and other.lang == self.lang

    def term(self, word: str) -> str | None:
        """The index term for one word (None for a stop word), remembered."""
        term = self.cache.get(word, _UNSEEN)
        if term is _UNSEEN:
            if len(self.cache) > 200_000:
                self.cache.clear()
            term = self.cache[word] = self._term(word)
        return term

    def _term(self, text: str) -> str | None:
        if not text.isascii():
            # Ligatures and other compatibility characters ("suﬃcient", "ﬁnd", full-width letters)
            # give the same terms as their plain spelling, on pages and in queries alike.
            text = unicodedata.normalize("NFKC", text)
        low = text.lower()
        if self.stops is not None:
            if len(low) < 2 or low in self.stops:
                return None
            low = self.stem(low)
        return low.translate(accent_map)

    def __call__(self, tokens):
        cache = self.cache
        pos = None
        for t in tokens:
            text = t.text
            term = cache.get(text, _UNSEEN)
            if term is _UNSEEN:
                if len(cache) > 200_000:
                    cache.clear()
                term = cache[text] = self._term(text)
            if term is None:                       # a stop word
                if not t.removestops:
                    t.text = text.lower()
                    t.stopped = True
                    yield t
                continue
            if t.positions:                        # close the gaps stop words leave, as StopFilter does
                if pos is None:
                    pos = t.pos
                else:
                    pos += 1
                    t.pos = pos
            t.stopped = False
            t.text = term
            yield t


_UNSEEN = object()


_NORMALISE = {lang: _Normalise(lang) for lang in LANGS}
ANALYZERS = {lang: RegexTokenizer(_WORD) | _NORMALISE[lang] for lang in LANGS}
_TOKEN = re.compile(_WORD)


def lang_field(language: str) -> str:
    return f"c_{language}" if language in LANGS else "c_xx"


class _Analysed:
    """A page's index terms in order (stop words dropped), UTF-8 encoded as the index holds
    them: the same terms and positions ANALYZERS give, without building a Whoosh token object
    per word."""
    __slots__ = ("first", "terms")

    def __init__(self, lang: str, text: str):
        norm = _NORMALISE[lang]
        cache = norm.bcache
        if len(cache) > 200_000:
            cache.clear()
        words = _TOKEN.findall(text)
        # Looked up all at once (most words of a page have been seen before), then the new ones.
        terms = list(map(cache.get, words, repeat(_UNSEEN)))
        if _UNSEEN in terms:
            term_of = norm._term
            for i, term in enumerate(terms):
                if term is _UNSEEN:
                    term = term_of(words[i])
                    terms[i] = cache[words[i]] = None if term is None else term.encode("utf-8")
        # Positions start where the analyzer's would: at the first word that is not a stop word.
        self.first = next((i for i, term in enumerate(terms) if term is not None), 0)
        self.terms = [term for term in terms if term is not None]


class _PagePostings:
    """What _Text.index gives for an _Analysed page: each term's positions, and the field's
    boost. The pool takes the positions as they are (archive/_writing.py); iterated, it gives the
    (term, frequency, weight, value) items of Whoosh's own fields."""
    __slots__ = ("positions", "field_boost", "_format")

    def __init__(self, positions: dict[bytes, list[int]], fmt: "_Positions"):
        self.positions, self.field_boost, self._format = positions, fmt.field_boost, fmt

    def encode(self, positions: list[int]) -> bytes:
        return self._format.encode(positions)

    def __iter__(self):
        encode, boost = self._format.encode, self.field_boost
        # The weight is the frequency as an int (no float object for each of a page's words)
        # unless the field is boosted.
        return iter([(t, len(ps), len(ps) if boost == 1.0 else len(ps) * boost, encode(ps))
                     for t, ps in self.positions.items()])


class _Positions(formats.Positions):
    """Word positions as an array of 32-bit integers (little-endian) rather than Whoosh's
    pickled list of gaps: about as small for the few times a word occurs on a page, and
    several times quicker to read back when a phrase has thousands of candidate pages."""
    ARRAY_TYPECODE = "I"

    def encode(self, poslist) -> bytes:
        a = array(self.ARRAY_TYPECODE, poslist)
        if _BIG_ENDIAN:
            a.byteswap()
        return a.tobytes()

    def decode_positions(self, valuestring: bytes) -> array:
        a = array(self.ARRAY_TYPECODE, valuestring)
        if _BIG_ENDIAN:
            a.byteswap()
        return a

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4


_BIG_ENDIAN = sys.byteorder == "big"


class _Text(fields.TEXT):
    """TEXT with _Positions, indexing an _Analysed page directly (plain strings still go
    through the analyzer)."""

    def __init__(self, lang: str):
        super().__init__(analyzer=ANALYZERS[lang], phrase=True)
        self.format = _Positions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if not isinstance(value, _Analysed):
            return super().index(value, **kwargs)
        where: dict[bytes, list[int]] = {}
        for pos, t in enumerate(value.terms, value.first):
            where.setdefault(t, []).append(pos)
        return _PagePostings(where, self.format)


# -- snippets without Whoosh's (slow) highlighter ---------------------------------


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=200_000)
def _analyzed(lang: str, word: str) -> str | None:
    toks = [t.text for t in ANALYZERS[lang](word)]
    return toks[0] if toks else None


@dataclass
class Matched:
    """What a search matched, to mark on a page: index terms matched on their own, and phrases
    (their terms in order), per content field."""
    terms: dict[str, set[str]] = field(default_factory=dict)
    phrases: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)


def match_spans(text: str, language: str, matched: Matched | dict[str, set[str]]) -> list[tuple[int, int]]:
    """Character spans of the words in text that a search matched: words whose analyzed form
    is a matched term, and the words of a matched phrase where they stand together."""
    fld = lang_field(language)
    if isinstance(matched, Matched):
        loose, phrases = matched.terms.get(fld, set()), matched.phrases.get(fld, set())
    else:
        loose, phrases = matched.get(fld, set()), set()
    wanted = loose | {w for phrase in phrases for w in phrase}
    if not wanted:
        return []
    lang = fld[2:]
    spans = _term_spans(text, lang, wanted)
    if not phrases:
        return [(a, b) for a, b, _ in spans]
    keep = {(a, b) for a, b, t in spans if t in loose}
    terms = [t for _, _, t in spans]
    for phrase in phrases:
        n, words = len(phrase), list(phrase)
        for i in range(len(spans) - n + 1):
            if terms[i] != words[0] or terms[i:i + n] != words:      # compared as lists, in C
                continue
            run = spans[i:i + n]
            if all(_only_stop_words(text[run[k][1]:run[k + 1][0]], lang) for k in range(n - 1)):
                keep.update((a, b) for a, b, _ in run)
    return sorted(keep)


def _only_stop_words(gap: str, lang: str) -> bool:
    return all(_analyzed(lang, w) is None for w in _TOKEN.findall(gap))


def _term_spans(text: str, lang: str, wanted: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of the words in text whose analyzed form is wanted, in order."""
    folded = _fold_letters(text) if all(w.isascii() for w in wanted) else None
    if folded is None:
        found = ((m.start(), m.end(), _analyzed(lang, m.group())) for m in _TOKEN.finditer(text))
        return [span for span in found if span[2] in wanted]
    # Stems are (nearly) prefixes of their words: look only at words that start with one,
    # found with str.find in a lower-case copy of the text with accents dropped letter for
    # letter (only ASCII letters are left, so every offset still fits the original).
    low = folded.lower()
    spans = set()
    for prefix in _prefixes(frozenset(wanted)):
        i = low.find(prefix)
        while i >= 0:
            if not i or not (low[i - 1].isalnum() or low[i - 1] == "_"):
                end = _WORD_TAIL.match(low, i).end()
                term = _analyzed(lang, text[i:end])
                if term in wanted:
                    spans.add((i, end, term))
            i = low.find(prefix, i + 1)
    return sorted(spans)


_WORD_TAIL = re.compile(r"[\w'’]*")


@lru_cache(maxsize=256)
def _prefixes(wanted: frozenset) -> tuple[str, ...]:
    return tuple(sorted({w[:max(2, len(w) - 1)].lower() for w in wanted}))


def _fold_letters(text: str) -> str | None:
    """text with each accented letter replaced by its plain letter, the same length; None when
    some letter has no one-letter plain form (ß, æ, or a non-Latin script)."""
    if text.isascii():
        return text
    for ch in set(_NON_ASCII.findall(text)):
        if ch.isalpha():
            plain = ch.translate(accent_map)
            if len(plain) != 1 or not plain.isascii():
                return None
            text = text.replace(ch, plain)      # a few letters: quicker than str.translate
    return text
