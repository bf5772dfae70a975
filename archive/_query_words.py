"""Query words Whoosh's parser gives that are answered differently here: word~ (typos the
stemmer would hide, and a quicker way to the same words), exact phrases, and the language fields
a word never occurs in (_prune); a private helper of archive/index.py."""
from __future__ import annotations

import weakref
from bisect import bisect_left

from whoosh import query
from whoosh.matching import NullMatcher, WrappingMatcher
from whoosh.query.spans import SpanNear2
from whoosh.support.levenshtein import distance

from ._analysis import _NORMALISE, LANGS

CONTENT_FIELDS = tuple(f"c_{lang}" for lang in LANGS)


def _fuzzy_keeps_first_letter(q: query.Query) -> query.Query:
    # Typos rarely hit the first letter; fixing it spares comparing the query with every word
    # of the vocabulary (a pure-Python edit distance each). _Fuzzy then adds the words one
    # typo away from what was typed, first letter included.
    if isinstance(q, query.FuzzyTerm) and type(q) is not _Fuzzy:
        return _Fuzzy(q.fieldname, q.text, boost=q.boost, maxdist=q.maxdist, prefixlength=max(1, q.prefixlength))
    if type(q) is query.Phrase and q.slop == 1 and len(q.words) > 1:
        return _ExactPhrase(q.fieldname, q.words, slop=1, boost=q.boost)
    return q


class _Fuzzy(query.FuzzyTerm):
    """word~ : Whoosh compares the typed word, stemmed, with the stems in the index, so a typo
    that stops the stemmer from recognising an ending finds nothing ("remediaton" stays
    "remediaton", far from "remedi"), and a swap of two letters counts as two edits. This also
    takes every word one edit away from the typed one (a letter dropped, added, changed, or
    two swapped), stemmed as the index's words are, where the index has it."""

    def _btexts(self, ixreader):
        key = (id(ixreader), self.fieldname, self.text, self.maxdist, self.prefixlength)
        if _FUZZY_FOUND.get(ixreader, {}).get(key) is None:
            if self.maxdist == 1 and len(self.text) >= 4 and self.fieldname in CONTENT_FIELDS:
                found = self._one_edit_words(ixreader)
            else:
                found = set(super()._btexts(ixreader))
            known = _FUZZY_FOUND.setdefault(ixreader, {})
            if len(known) > 5000:
                known.clear()
            known[key] = sorted(found)
        return _FUZZY_FOUND[ixreader][key]

    def _one_edit_words(self, ixreader) -> set[str]:
        """Whoosh's words within one edit (sharing the first prefixlength letters), and the
        words one edit away whatever their first letter, stemmed or not. Whoosh's own list
        compares the typed word with every word of the vocabulary that starts the same way;
        the edits of the typed word with the letters a-z find the same words, except those with
        some other character (digits, other scripts), which are compared as Whoosh does."""
        text = self.text
        term = _NORMALISE[self.fieldname[2:]].term
        words, heads, odd = _lexicon(ixreader, self.fieldname)
        found = {text} & words
        start = text[:self.prefixlength]
        for i in range(bisect_left(odd, start), len(odd)):
            w = odd[i]
            if not w.startswith(start):
                break
            if abs(len(w) - len(text)) <= 1 and distance(w, text, limit=1) <= 1:
                found.add(w)
        # ok[p]: text[:k] is a word of the index, or one less its last letter, for some k in
        # 2..p; a variant edited at position p starts with text[:p].
        ok, seen = [], False
        for k in range(len(text) + 1):
            seen = seen or (k >= 2 and text[:k] in heads)
            ok.append(seen)
        for variant, at in _one_edit(text).items():       # letters only: no tokenizing needed
            if variant in words:
                found.add(variant)
            # A stem is the start of its word (give or take the last letter): stemming
            # (slow, in French and Spanish above all) is worth it only for a variant
            # that starts with a word of the index.
            elif ok[min(at, len(variant) - 1)] or any(variant[:k] in heads for k in range(max(2, at + 1), len(variant))):
                t = term(variant)
                if t in words:
                    found.add(t)
        return found


# Per reader (a reader is one state of the index): its words per field; and the fuzzy
# expansions found (asked for to score, then again to mark the matches, and again when a
# query is refined).
_LEXICONS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_FUZZY_FOUND: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _lexicon(reader, field: str) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """The field's words; the same with their last letter dropped as well; and the words with
    a character other than a-z."""
    per_field = _LEXICONS.setdefault(reader, {})
    if field not in per_field:
        # The union of each segment's words: the same words as the whole reader's sorted
        # lexicon, without merging the segments' lists in order (a Python heap).
        found: set[bytes] = set()
        for leaf, _ in reader.leaf_readers():
            found.update(leaf.lexicon(field))
        words = frozenset(t.decode("utf-8") for t in found)
        odd = tuple(sorted(w for w in words if not (w.isascii() and w.isalpha() and w.islower())))
        per_field[field] = words, words | {w[:-1] for w in words if len(w) > 2}, odd
    return per_field[field]


def _one_edit(word: str) -> dict[str, int]:
    """The words one edit away (a letter a-z dropped, added, changed, or two swapped), each with
    the position of the edit (the last, where several edits give it): it starts with word[:at]."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out: dict[str, int] = {}
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            out[a + b[1:]] = i
            for c in letters:
                out[a + c + b[1:]] = i
        if len(b) > 1:
            out[a + b[1] + b[0] + b[2:]] = i
        for c in letters:
            out[a + c + b] = i
    out.pop(word, None)
    return out


class _ExactPhraseMatcher(SpanNear2.SpanNear2Matcher):
    """Whoosh's phrase matcher builds a Span object per word occurrence in every candidate
    page; for an exact phrase, comparing the position lists as integers gives the same answer
    several times faster."""

    def _get_spans(self):
        starts = set(self.ms[0].value_as("positions"))
        for offset, m in enumerate(self.ms[1:], 1):
            if not starts:
                break
            starts &= {p - offset for p in m.value_as("positions")}
        return sorted(starts)


class _ExactPhrase(query.Phrase):
    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, word) not in reader:
                return NullMatcher()
            terms.append(query.Term(self.fieldname, word))
        m = _ExactPhraseMatcher([t.matcher(searcher, context) for t in terms])
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


_PRESENT: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()     # (field, word) -> in the index


def _prune(q: query.Query, reader) -> query.Query:
    """Drop, from alternatives, the language fields a word never occurs in. The parser asks
    every language field for every word; a union of fields costs a pass over each, even where
    only one matches. A word found nowhere stays (matching nothing), so AND keeps its meaning."""
    known = _PRESENT.setdefault(reader, {})
    if len(known) > 20000:
        known.clear()

    def present(field: str, text) -> bool:
        # Asked of every segment, again at each search of the same word: remembered per reader.
        found = known.get((field, text))
        if found is None:
            found = known[(field, text)] = bool(reader.doc_frequency(field, text))
        return found

    def absent(node: query.Query) -> bool:
        if isinstance(node, query.Term) and node.fieldname in CONTENT_FIELDS:
            return not present(node.fieldname, node.text)
        if isinstance(node, query.Phrase) and node.fieldname in CONTENT_FIELDS:
            return not all(present(node.fieldname, w) for w in node.words)
        return False

    def fn(node: query.Query) -> query.Query:
        if type(node) is query.Or:
            kept = [sub for sub in node.subqueries if not absent(sub)]
            if not kept:
                return node.subqueries[0] if node.subqueries else node
            if len(kept) == 1:
                return kept[0]
            return query.Or(kept, boost=node.boost)
        return node
    return q.accept(fn)
