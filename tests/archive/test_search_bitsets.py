"""Best-first search (archive/_bitsets.py, limited phrases), the block format and the caches,
against the dictionary evaluator and Whoosh's own search on the index of test_search_engine."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import index as ix
from tests.archive.test_search_engine import PHRASES, QUERIES, VOCAB, _both, _fill, index  # noqa: F401


def _limited(index, text: str, limit: int, filters=(), sort="relevance", passages=False):
    s = index._current_searcher()
    q = ix._prune(index.parse(text, ("en", "fr")), s.reader())
    total, top = ix._fast_search(s, q, list(filters), limit, sort, passages)
    return total, [(s.stored_fields(d)["key"], score) for d, score in top]


@pytest.mark.parametrize("text", PHRASES + ['"workers"', '"nothinglikethis impact"'])
@pytest.mark.parametrize("limit", [1, 5, 20, 1000])
def test_a_limited_phrase_checks_few_pages_and_counts_exactly_when_asked(index, text, limit):
    # Best-first checking of a phrase's candidates gives the first pages of the full answer,
    # in the same order; the total, counted on demand, is the full one.
    s = index._current_searcher()
    q = ix._prune(index.parse(text, ("en", "fr")), s.reader())
    full_total, full = ix._fast_search(s, q, [], None, "relevance", False)
    slow_total, _ = ix._whoosh_search(s, q, [], None, "relevance", False)
    total, top = ix._fast_search(s, q, [], limit, "relevance", False)
    assert top == full[:limit]
    assert int(total) == full_total == slow_total


def test_a_limited_phrase_is_checked_page_by_page_only(index, monkeypatch):
    from archive import _postings
    checked = []
    real = _postings.Evaluator._in_sequence

    def counting(self, field, words, cand, values=None):
        checked.append(len(cand))
        return real(self, field, words, cand, values)
    monkeypatch.setattr(_postings.Evaluator, "_in_sequence", counting)
    total, top = _limited(index, '"human rights"', 3)
    assert len(top) == 3 and checked and max(checked) == 1 and len(checked) < 10
    candidates = len(_limited(index, "human rights", 1000)[1])
    assert int(total) < candidates and max(checked) == candidates - len(checked[:-1])


def test_limited_phrases_with_filters_dates_and_passages_agree(index):
    flts = [ix.any_of("sender", ["p1", "p2"]), ix.negate(ix.term("kind", "memo"))]
    for text in ['"human rights"', '"impact assessment"', '"rights of workers"']:
        for sort in ("relevance", "date"):
            fast_total, fast, slow_total, slow = _both(index, text, flts, sort)
            total, top = _limited(index, text, 4, flts, sort)
            assert int(total) == fast_total == slow_total
            if sort == "date":
                assert [k for k, _ in top] == [k for k, _ in slow][:4]
            else:
                assert top == fast[:4]
    total, top = _limited(index, '"human rights impact"', 2, passages=True)
    assert int(total) == 3 and len(top) == 2 and all(k.startswith("passage:") for k, _ in top)


def test_new_blocks_keep_positions_packed_until_read(index):
    from archive import _writing
    s = index._current_searcher()
    reader = s.leaf_searchers()[0][0].reader()
    m = reader._terms.matcher("c_en", b"right", reader.schema["c_en"].format)
    m._read_data()
    gaps, weights, values = m._data
    assert isinstance(values, _writing.PackedValues) and values._data is None
    assert gaps.typecode in "BHI" and weights.typecode in "Bf"
    assert list(m.value_as("positions")) and values._data is not None
    assert list(values) == [values[i] for i in range(len(values))] == values[:]
    assert not index.outdated()


def test_an_index_with_older_blocks_is_outdated_and_still_agrees(tmp_path, monkeypatch):
    from whoosh.codec.whoosh3 import W3PostingsWriter

    from archive import _writing
    real_init = _writing.Codec.__init__

    def old_init(self, inline=8):
        real_init(self, inline)
        del self.block_format
    monkeypatch.setattr(_writing.Codec, "__init__", old_init)
    monkeypatch.setattr(_writing._PostingsWriter, "_write_block", W3PostingsWriter._write_block)
    old = _fill(tmp_path / "old", pages=120)
    monkeypatch.undo()
    new = _fill(tmp_path / "new", pages=120)
    assert old.outdated() and not new.outdated()
    for text in QUERIES + PHRASES:
        a = old.search(old.parse(text, ("en",)), [], 5)
        b = new.search(new.parse(text, ("en",)), [], 5)
        assert int(a[0]) == int(b[0]) and [h.key for h in a[1]] == [h.key for h in b[1]], text
    old._whoosh_writer().commit(optimize=True)   # a merge reads the older blocks, writes new ones
    assert not old.outdated()
    assert int(old.search(old.parse('"human rights"', ("en",)), [], 5)[0]) == \
        int(new.search(new.parse('"human rights"', ("en",)), [], 5)[0])
    old.close()
    new.close()


def test_fuzzy_words_are_those_whoosh_and_the_one_edit_variants_give(tmp_path):
    from whoosh import query as wq
    index = ix.SearchIndex(tmp_path / "index")
    texts = ["Covid19 and covid-19 reports", "Naïve assessments and assesment errors", "Asessments of oversigth",
             "The rights of workers", "Remediation plans", "assessment2 assessmen assessments"]
    with index.writer() as w:
        for page, text in enumerate(texts, 1):
            w.add_page(doc_id="d", page=page, rev=1, text=text, language="en", senders=[], recipients=[],
                       kind="letter", date_sort=0)
    reader = index._current_searcher().reader()
    words, _, _ = ix._lexicon(reader, "c_en")
    term = ix._NORMALISE["en"].term
    for typed in ["covid19", "covid1", "assessment", "asessment", "oversigth", "naive", "workres", "remediaton"]:
        q = ix._Fuzzy("c_en", typed, prefixlength=1)
        ix._FUZZY_FOUND.clear()
        got = set(q._btexts(reader))
        expected = set(wq.FuzzyTerm._btexts(q, reader))          # Whoosh's own list ...
        for variant in ix._one_edit(typed):                       # ... and every edit, stemmed or not
            if variant in words:
                expected.add(variant)
            elif term(variant) in words:
                expected.add(term(variant))
        assert got == expected, typed
    index.close()


def test_postings_read_once_are_kept_for_the_next_searches_within_a_budget(tmp_path, monkeypatch):
    from archive import _postings
    index = _fill(tmp_path / "index", pages=120)
    walked = []
    real = _postings.Evaluator._walk

    def counting(reader, offset, field, btext):
        walked.append(btext)
        return real(reader, offset, field, btext)
    monkeypatch.setattr(_postings.Evaluator, "_walk", staticmethod(counting))
    first = index.search(index.parse("human rights", ("en",)), [], 5)
    assert walked and set(walked) <= {b"human", b"right", b"passage"}
    walked.clear()
    again = index.search(index.parse("human rights", ("en",)), [], 5)
    assert walked == [] and int(first[0]) == int(again[0]) and first[1] == again[1]
    cache = index._cache
    assert cache.size > 0 and index._bits.size > 0
    with index.writer() as w:           # a new state of the index starts afresh
        w.add_page(doc_id="new", page=1, rev=1, text="human rights", language="en", senders=[],
                   recipients=[], kind="letter", date_sort=0)
    after = index.search(index.parse("human rights", ("en",)), [], None)
    assert index._cache is not cache and "new:1" in {h.key for h in after[1]}
    assert after[0] == int(first[0]) + 1
    index.close()


def test_the_caches_keep_the_latest_words_within_their_budget():
    from archive import _bitsets, _postings
    loads = []

    def load(n):
        def run():
            loads.append(n)
            return [(list(range(n)), [1.0] * n, [b""] * n)]
        return run
    cache = _postings.PostingsCache(budget=25)
    for key, n in [("a", 10), ("b", 10), ("a", 10), ("c", 10), ("b", 10), ("huge", 30)]:
        blocks = cache.get(key, load(n))
        assert len(blocks[0][0]) == n
    assert loads == [10, 10, 10, 10, 30]          # "a" came from the cache once; "b" was evicted
    assert cache.size == 20 and list(cache._terms) == ["c", "b"]    # "huge" is never kept
    bits = _bitsets.LevelCache(budget=300)
    for key in "abcab":
        bits.get(key, lambda: ([(1.0, (1 << 800) - 1)], (1 << 800) - 1, 800))
    assert bits.size <= 300 and list(bits._terms) == ["b"]


@pytest.mark.parametrize("limit", [None, 1, 7])
@pytest.mark.parametrize("text", QUERIES + PHRASES + ["asessment~ OR remediaton~", "human^2 rights", "(assess* OR board) rights"])
def test_bit_sets_and_dictionaries_give_the_same_hits_scores_and_order(index, text, limit):
    s = index._current_searcher()
    q = ix._prune(index.parse(text, ("en", "fr")), s.reader())
    bits_total, bits = ix._fast_search(s, q, [], limit, "relevance", False, use_bits=True)
    dict_total, dicts = ix._fast_search(s, q, [], limit, "relevance", False, use_bits=False)
    assert int(bits_total) == int(dict_total)
    assert bits == dicts


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(VOCAB[:16]), min_size=1, max_size=4),
       st.sampled_from(["and", "or", "phrase", "fuzzy", "mixed"]), st.sampled_from([None, 3, 20]))
def test_random_queries_agree_between_bit_sets_and_dictionaries(index, words, shape, limit):
    if shape == "and":
        text = " ".join(words)
    elif shape == "or":
        text = " OR ".join(words)
    elif shape == "phrase":
        text = '"' + " ".join(words) + '"'
    elif shape == "fuzzy":
        text = " ".join(w + "~" for w in words)
    else:
        text = f"({words[0]} OR {words[-1]}~) " + " ".join(words[1:-1])
    s = index._current_searcher()
    q = ix._prune(index.parse(text, ("en",)), s.reader())
    a = ix._fast_search(s, q, [], limit, "relevance", False, use_bits=True)
    b = ix._fast_search(s, q, [], limit, "relevance", False, use_bits=False)
    assert int(a[0]) == int(b[0]) and a[1] == b[1], text


def test_page_numbers_come_out_of_bit_sets_in_order():
    from archive import _bitsets
    pages = [0, 1, 7, 8, 9, 63, 64, 1000, 4097]
    bits = sum(1 << d for d in pages)
    assert _bitsets.docs_of(bits) == list(_bitsets._iter_docs(bits)) == pages
    assert _bitsets.docs_of(0) == [] and list(_bitsets._iter_docs(0)) == []
