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

