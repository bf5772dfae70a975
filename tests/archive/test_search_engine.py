"""The posting-block evaluator (archive/_postings.py) against Whoosh's own search on a real index:
the same pages, the same totals and, outside phrases, the same scores."""
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import index as ix

VOCAB = ["human", "rights", "impact", "assessment", "independent", "oversight", "board",
         "publish", "workers", "consultation", "grievance", "remediation", "company", "due",
         "diligence", "investors", "of", "the", "and"]


def _page(rng: random.Random) -> str:
    words = [rng.choice(VOCAB) for _ in range(rng.randint(5, 60))]
    if rng.random() < 0.4:
        at = rng.randrange(len(words))
        words[at:at] = rng.choice([["human", "rights"], ["impact", "assessment"],
                                   ["human", "rights", "impact", "assessment"], ["rights", "of", "workers"]])
    return " ".join(words).capitalize() + "."


def _fill(folder, pages: int = 240, seed: int = 7, segments: int = 3) -> ix.SearchIndex:
    """Pages in several segments, some replaced (deleted postings stay in the old segment), and
    passages, which page searches must not return."""
    rng = random.Random(seed)
    index = ix.SearchIndex(folder)
    index.open()
    per = pages // segments
    for seg in range(segments):
        with index.writer() as w:
            for n in range(seg * per, (seg + 1) * per):
                doc = f"d{n // 3:04d}"
                w.add_page(doc_id=doc, page=n % 3 + 1, rev=1, text=_page(rng), language="en",
                           senders=[f"p{n % 4}"], recipients=["p9"], kind="letter" if n % 5 else "memo",
                           date_sort=20190101 + (n % 40) * 100)
            if seg:
                for n in rng.sample(range(seg * per), 10):
                    w.add_page(doc_id=f"d{n // 3:04d}", page=n % 3 + 1, rev=2, text=_page(rng),
                               language="en", senders=["p1"], recipients=["p9"], kind="letter",
                               date_sort=20200101)
            w.add_passage(passage_id=f"x{seg}", doc_id="d0000", rev=1, text="human rights impact",
                          language="en", by=["p1"], kind="commitment", status="open", threads=[],
                          date_sort=20190101, senders=["p1"], recipients=["p9"], doc_kind="letter")
    return index


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    index = _fill(tmp_path_factory.mktemp("engine") / "index")
    assert len(index._current_searcher().leaf_searchers()) > 1
    yield index
    index.close()


def _both(index, text: str, filters=(), sort="relevance", passages=False):
    s = index._current_searcher()
    q = ix._prune(index.parse(text, ("en",)), s.reader())
    fast_total, fast = ix._fast_search(s, q, list(filters), None, sort, passages)
    slow_total, slow = ix._whoosh_search(s, q, list(filters), None, sort, passages)
    fast = [(s.stored_fields(d)["key"], score) for d, score in fast]
    return fast_total, fast, slow_total, [(h.key, h.score) for h in slow]


QUERIES = ["assessment", "human rights", "rights OR workers", "impact NOT board", "(board OR investors) NOT due",
           "assess*", "asessment~", "grievence~", "publish AND (workers OR consultation)", "nothinglikethis",
           "human nothinglikethis"]
PHRASES = ['"human rights"', '"impact assessment"', '"human rights impact assessment"', '"rights of workers"',
           '"rights workers"', '"assessment impact"', '"human rights" board', '"due diligence" OR oversight']


@pytest.mark.parametrize("text", QUERIES)
def test_same_pages_totals_and_scores_as_whoosh(index, text):
    fast_total, fast, slow_total, slow = _both(index, text)
    assert fast_total == slow_total == len(fast)
    assert dict((k, round(v, 4)) for k, v in fast) == dict((k, round(v, 4)) for k, v in slow)
    assert [k for k, _ in fast] == [k for k, _ in slow]          # ties broken the same way


@pytest.mark.parametrize("text", PHRASES)
def test_phrases_find_the_same_pages(index, text):
    fast_total, fast, slow_total, slow = _both(index, text)
    assert fast_total == slow_total
    assert {k for k, _ in fast} == {k for k, _ in slow}
    assert [score for _, score in fast] == sorted((score for _, score in fast), reverse=True)


def test_phrases_are_exact(tmp_path):
    index = ix.SearchIndex(tmp_path / "index")
    with index.writer() as w:
        for page, text in enumerate(["human rights then rights impact", "human rights impact here",
                                     "The rights of workers", "rights granted to workers"], 1):
            w.add_page(doc_id="d", page=page, rev=1, text=text, language="en", senders=[], recipients=[],
                       kind="letter", date_sort=0)
    s = index._current_searcher()
    for text, pages in [('"human rights impact"', {"d:2"}), ('"rights of workers"', {"d:3"}),
                        ('"rights workers"', {"d:3"}), ('"human rights"', {"d:1", "d:2"})]:
        total, top = ix._fast_search(s, index.parse(text, ("en",)), [], None, "relevance", False)
        assert {s.stored_fields(d)["key"] for d, _ in top} == pages, text
    index.close()


def test_filters_sorting_and_passages_agree(index):
    flts = [ix.any_of("sender", ["p1", "p2"]), ix.negate(ix.term("kind", "memo")),
            ix.date_range(20190101, 20191231)]
    for text in ["assessment", '"human rights"', "rights OR board"]:
        for sort in ("relevance", "date"):
            fast_total, fast, slow_total, slow = _both(index, text, flts, sort)
            assert fast_total == slow_total
            if sort == "date":
                assert [k for k, _ in fast] == [k for k, _ in slow]
            else:
                assert {k for k, _ in fast} == {k for k, _ in slow}
    fast_total, fast, slow_total, slow = _both(index, '"human rights impact"', passages=True)
    assert fast_total == slow_total == 3 and all(k.startswith("passage:") for k, _ in fast)
    assert not any(k.startswith("passage:") for k, _ in _both(index, '"human rights impact"')[1])


def test_limit_gives_the_best_pages_first(index):
    s = index._current_searcher()
    q = index.parse("rights OR board", ("en",))
    total, everything = ix._fast_search(s, q, [], None, "relevance", False)
    total20, top20 = ix._fast_search(s, q, [], 20, "relevance", False)
    assert total20 == total and top20 == everything[:20]


def test_what_the_evaluator_cannot_do_goes_to_whoosh(index):
    # A bare NOT and a sloppy phrase are left to Whoosh; search() still answers them.
    total, hits, _ = index.search(index.parse("NOT assessment", ("en",)), [], 5)
    s = index._current_searcher()
    assert total == ix._whoosh_search(s, index.parse("NOT assessment", ("en",)), [], None, "relevance", False)[0]
    assert total > 0 and len(hits) == 5
    total, hits, _ = index.search(index.parse('"human impact"~3', ("en",)), [], None)
    assert total >= index.search(index.parse('"human rights impact"', ("en",)), [], None)[0] > 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(VOCAB[:16]), min_size=1, max_size=4),
       st.sampled_from(["and", "or", "not", "phrase", "prefix", "fuzzy"]))
def test_random_queries_agree_with_whoosh(index, words, shape):
    if shape == "and":
        text = " ".join(words)
    elif shape == "or":
        text = " OR ".join(words)
    elif shape == "not":
        text = words[0] + "".join(f" NOT {w}" for w in words[1:])
    elif shape == "phrase":
        text = '"' + " ".join(words) + '"'
    elif shape == "prefix":
        text = " ".join(w[:3] + "*" for w in words)
    else:
        text = " ".join(w + "~" for w in words)
    fast_total, fast, slow_total, slow = _both(index, text)
    assert fast_total == slow_total, text
    assert {k for k, _ in fast} == {k for k, _ in slow}, text


_SCHEMA = ix._schema


def _plain_schema():
    """The schema indexes had before archive.index._Text: Whoosh's TEXT and its pickled positions."""
    from whoosh import fields
    schema = _SCHEMA()
    for lang in ix.LANGS:
        schema.remove(f"c_{lang}")
        schema.add(f"c_{lang}", fields.TEXT(analyzer=ix.ANALYZERS[lang], phrase=True))
    return schema


def test_an_index_in_the_older_format_still_finds_phrases(tmp_path, monkeypatch):
    monkeypatch.setattr(ix, "_schema", _plain_schema)
    index = _fill(tmp_path / "old", pages=90)
    monkeypatch.undo()
    assert index.outdated()
    reference = _fill(tmp_path / "new", pages=90)
    assert not reference.outdated()
    for text in QUERIES + PHRASES:
        old = index.search(index.parse(text, ("en",)), [], None)
        new = reference.search(reference.parse(text, ("en",)), [], None)
        assert old[0] == new[0] and {h.key for h in old[1]} == {h.key for h in new[1]}, text
    index.close()
    reference.close()


def test_big_batches_are_written_as_segments(tmp_path, monkeypatch):
    monkeypatch.setattr(ix, "FLUSH_MB", 0.05)
    flushed = []
    commit = ix.IndexWriter._flush_if_full

    def counting(self):
        before = self._w
        commit(self)
        if self._w is not before:
            flushed.append(self._w.generation)
    monkeypatch.setattr(ix.IndexWriter, "_flush_if_full", counting)
    index = _fill(tmp_path / "small", pages=120, segments=1)
    assert len(flushed) > 2          # (the final commit may merge such small segments again)
    reference = _fill(tmp_path / "one", pages=120, segments=1)
    monkeypatch.undo()

    def agree():
        for text in QUERIES + PHRASES:
            a = index.search(index.parse(text, ("en",)), [], None)
            b = reference.search(reference.parse(text, ("en",)), [], None)
            assert a[0] == b[0] and sorted(h.key for h in a[1]) == sorted(h.key for h in b[1]), text
    agree()
    index.open().optimize()       # a merge reads every segment back, inlined terms included
    assert len(index._current_searcher().leaf_searchers()) == 1
    agree()
    index.close()
    reference.close()


def test_highlights_in_text_with_accents_and_curly_quotes():
    terms = {"c_en": {"consult", "worker"}}
    text = "José Müller’s consultation with workers’ representatives — naïve Consultations."
    spans = ix.match_spans(text, "en", terms)
    assert [text[a:b] for a, b in spans] == ["consultation", "workers’", "Consultations"]
    text = "Straße consultation"          # ß has no one-letter plain form: every word is looked at
    assert [text[a:b] for a, b in ix.match_spans(text, "en", terms)] == ["consultation"]
    es = {"c_es": {"evalu"}}
    text = "La evaluación de impacto"
    assert [text[a:b] for a, b in ix.match_spans(text, "es", es)] == ["evaluación"]


def test_a_kept_searcher_sees_replaced_and_merged_pages(tmp_path):
    """The index object lives as long as the app; after a page is replaced (or segments are
    merged) searching must not find the old version any more."""
    index = ix.SearchIndex(tmp_path / "index")

    def add(w, doc, text):
        w.add_page(doc_id=doc, page=1, rev=1, text=text, language="en", senders=[], recipients=[],
                   kind="letter", date_sort=0)

    def keys(text):
        total, hits, _ = index.search(index.parse(text, ("en",)), [], None)
        assert total == len(hits)
        return sorted(h.key for h in hits)

    with index.writer() as w:
        add(w, "a", "alpha beta")
        add(w, "b", "alpha gamma")
    assert keys("alpha") == ["a:1", "b:1"]
    with index.writer() as w:
        w.delete_doc("a")
        add(w, "a", "alpha delta")
    assert keys("alpha") == ["a:1", "b:1"] and keys("beta") == [] and keys("delta") == ["a:1"]
    index.open().optimize()
    assert keys("alpha") == ["a:1", "b:1"] and keys("gamma") == ["b:1"]
    index.close()


def test_phrases_are_marked_where_their_words_stand_together(tmp_path):
    index = ix.SearchIndex(tmp_path / "index")
    text = ("The assessment is late. We will publish the impact assessment, and the rights of "
            "workers and the workers' rights. Impact matters.")
    with index.writer() as w:
        w.add_page(doc_id="d", page=1, rev=1, text=text, language="en", senders=[], recipients=[],
                   kind="letter", date_sort=0)

    def marked(query_text):
        _, _, matched = index.search(index.parse(query_text, ("en",)), [], None)
        return [text[a:b] for a, b in ix.match_spans(text, "en", matched)]

    assert marked('"impact assessment"') == ["impact", "assessment"]
    assert marked('"rights of workers"') == ["rights", "workers"]
    assert marked('"impact assessment" late') == ["late", "impact", "assessment"]
    assert marked('assessment "impact assessment"') == ["assessment", "impact", "assessment"]
    assert marked("assessment NOT nothinglikethis") == ["assessment", "assessment"]
    assert marked("late NOT impact") == ["late"]
    index.close()


def test_fuzzy_finds_typos_the_stemmer_would_hide(tmp_path):
    index = ix.SearchIndex(tmp_path / "index")
    with index.writer() as w:
        for page, text in enumerate(["Remediation for the victims", "Independent oversight of sales",
                                     "The impact assessment was published", "A grievance mechanism",
                                     "Organic farming"], 1):
            w.add_page(doc_id="d", page=page, rev=1, text=text, language="en", senders=[], recipients=[],
                       kind="letter", date_sort=0)
    s = index._current_searcher()

    def pages(text):
        q = ix._prune(index.parse(text, ("en",)), s.reader())
        fast = ix._fast_search(s, q, [], None, "relevance", False)
        slow = ix._whoosh_search(s, q, [], None, "relevance", False)
        assert fast[0] == slow[0], text                      # both ways of searching agree
        return sorted(s.stored_fields(d)["key"] for d, _ in fast[1])

    assert pages("remediaton~") == ["d:1"]        # the stemmer does not recognise "-aton"
    assert pages("oversigth~") == ["d:2"]         # two letters swapped
    assert pages("asessment~") == ["d:3"]
    assert pages("grievence~") == ["d:4"]
    assert pages("xylophone~") == []
    assert pages("remediation") == ["d:1"] and pages("remediaton") == []   # without ~ no guessing
    index.close()


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
