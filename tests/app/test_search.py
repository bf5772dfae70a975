import pytest

from app.ingest import ingest
from app.library import edit_doc
from app.search import make_snippet, search
from archive.errors import QueryError
from tests.conftest import make_pdf

LETTERS = {
    "nso2019.pdf": ["Veridian Signals Ltd\n\nLondon, 3 December 2019\n\nMr. David Kaye\nUN Special Rapporteur\n\n"
                    "Dear Mr. Kaye,\n\nWe will publish a human rights impact assessment in 2020.\n"
                    "Independent oversight of our sales is a priority.\n\nYours sincerely,\n\nMarta Kessler\n"
                    "Chief Executive Officer"],
    "ngo2021.pdf": ["Open Rights Watch\n\nLondon, 27 April 2021\n\nMs. Marta Kessler\nVeridian Signals Ltd\n\n"
                    "Dear Ms. Kessler,\n\nThe promised impact assessment was never published.\n\nSincerely,\n\n"
                    "Anna Lindqvist\nOpen Rights Watch",
                    "Page two discusses remediation and grievance mechanisms for victims."],
    "memo2020.pdf": ["MEMORANDUM\n\nTo: Board of Directors\nFrom: Harbourline Capital\nDate: 15 June 2020\n"
                     "Re: Governance summaries\n\nThe governance summaries will not be published this year."],
}


def _fill(folder):
    from archive import Archive
    archive = Archive.open(folder / "archive")
    paths = [make_pdf(folder / "in" / name, pages) for name, pages in LETTERS.items()]
    report = ingest(archive, paths, ocr=False)
    assert not report.failed
    return archive


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """Read-only tests share one archive."""
    archive = _fill(tmp_path_factory.mktemp("search"))
    yield archive
    archive.close()


def ids(res):
    return [(h.title, h.page) for h in res.hits]


def test_words_are_anded_and_stemmed(filled):
    res = search(filled, "publishing assessments")
    assert res.total == 2
    assert all(h.page == 1 for h in res.hits)
    assert "<mark>" in res.hits[0].snippet


def test_phrase_or_not_wildcard_fuzzy(filled):
    assert search(filled, '"impact assessment"').total == 2
    assert search(filled, '"assessment impact"').total == 0
    assert search(filled, "remediation OR governance").total == 2
    assert search(filled, "assessment NOT oversight").total == 1
    assert search(filled, "remed*").hits[0].page == 2
    assert search(filled, "asessment~").total == 2
    assert search(filled, "grievanse~").hits[0].page == 2


def test_hit_names_its_page_and_marks_matches(filled):
    [hit] = search(filled, "grievance").hits
    assert hit.page == 2
    assert "<mark>grievance</mark>" in hit.snippet
    page_text = filled.db.execute("SELECT text FROM pages WHERE doc_id = ? AND page = 2", [hit.doc_id]).fetchone()[0]
    s, e = hit.matches[0]
    assert page_text[s:e] == "grievance"


def test_field_filters(filled):
    assert search(filled, "assessment from:Veridian").total == 1
    assert search(filled, 'assessment from:"Open Rights Watch"').total == 1
    assert search(filled, "to:Kaye").total == 1
    assert search(filled, "kind:memo").total == 1
    assert search(filled, "date:2019").total == 1
    assert search(filled, "date:[2020-01 to 2021-12]").total == 3   # memo + both pages of the 2021 letter
    assert search(filled, "assessment -from:Veridian").total == 1


def test_minus_excludes_a_word_a_phrase_or_a_group(filled):
    assert search(filled, "assessment").total == 2
    assert search(filled, "assessment -oversight").total == 1      # the 2019 letter has "oversight"
    assert search(filled, "assessment -oversight").total == search(filled, "assessment NOT oversight").total
    assert search(filled, "assessment -xylophone").total == 2      # excluding an absent word keeps all
    assert search(filled, 'assessment -"independent oversight"').total == 1
    assert search(filled, "assessment -(oversight OR xylophone)").total == 1
    assert search(filled, "published -assessment").total == 1      # only the memo is left


def test_an_and_beside_a_filter_joins_it(filled):
    assert search(filled, "assessment AND from:Veridian").total == 1


def test_sort_by_date(filled):
    res = search(filled, "published OR publish", sort="date")
    dates = [h.date for h in res.hits]
    assert dates == sorted(dates, reverse=True)


def test_edit_is_reflected_in_search_at_once(tmp_path):
    filled = _fill(tmp_path)
    hit = search(filled, "grievance").hits[0]
    assert search(filled, "grievance from:Amnesty").total == 0
    edit_doc(filled, hit.doc_id, senders=["Amnesty Tech"], date="2022-01-05")
    assert search(filled, "grievance from:Amnesty").total == 1
    assert search(filled, "grievance date:2022").total == 1


@pytest.mark.parametrize("bad, message", [
    ('"unclosed phrase', "unbalanced quotes"),
    ("foo:bar", "unknown field"),
    ("date:yesterday", "date:"),
    ("kind:poem", "unknown kind"),
    ("(oversight", "never closed"),
    ("oversight)", "no matching"),
    ("AND OR", "only operators"),
    ("NOT", "only operators"),
    ("assessment AND", "AND needs words on both sides"),
    ("assessment OR", "OR needs words on both sides"),
    ("AND assessment", "nothing comes before it"),
    ("assessment NOT", "NOT needs a word after it"),
    ("(assessment OR) oversight", "nothing comes after it"),
    ("-", 'lone "-"'),
    ("assessment -", 'lone "-"'),
    ("assessment OR from:Veridian", "cannot join a field filter"),
    ("", "empty"),
    ("from:", "needs a value"),
])
def test_malformed_queries_get_messages(filled, bad, message):
    with pytest.raises(QueryError, match=message):
        search(filled, bad)


def test_snippet_escapes_html():
    text = "Before <script>alert(1)</script> the word oversight appears"
    s = text.index("oversight")
    snippet = make_snippet(text, [(s, s + 9)])
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>oversight</mark>" in snippet


def test_a_word_found_nowhere_makes_an_and_query_match_nothing(filled):
    # Regression: dropping absent words from the per-language alternatives once dropped the
    # word from the AND as well.
    assert search(filled, "assessment").total == 2
    assert search(filled, "assessment xylophone").total == 0
    assert search(filled, "assessment OR xylophone").total == 2


def test_an_index_in_the_older_format_is_reported_and_rebuilt(tmp_path, monkeypatch):
    from app.check import check
    from archive import index as ix
    from tests.archive.test_search_engine import _plain_schema
    archive = _fill(tmp_path)
    monkeypatch.setattr(ix, "_schema", _plain_schema)
    archive.rebuild_index()
    monkeypatch.undo()
    assert archive.index.outdated()
    assert search(archive, '"impact assessment"').total == 2          # right, only slower
    edit_doc(archive, search(archive, "governance").hits[0].doc_id, title="Governance memo")
    assert search(archive, "governance").hits[0].title == "Governance memo"
    assert [p["message"] for p in check(archive)] == [
        "search index is in an older format (searches are slower)"]
    assert archive.quick_index_repair() == 0                            # commands leave it to check
    assert archive.quick_index_repair(stale=True) == 3                  # the app rebuilds it
    assert not archive.index.outdated() and check(archive) == []
    assert search(archive, '"impact assessment"').total == 2
    archive.close()


def test_ligatures_in_queries_and_pages_give_the_plain_spelling(archive, tmp_path):
    plain = make_pdf(tmp_path / "in" / "plain.pdf", ["The assessment was not sufficient for the board."])
    odd = make_pdf(tmp_path / "in" / "odd.pdf", ["Oversight of exports remains insuﬃcient; we ﬁnd no review."])
    added = {a["file"].rsplit("/", 1)[1]: a["id"] for a in ingest(archive, [plain, odd], ocr=False).added}
    assert {h.doc_id for h in search(archive, "suﬃcient").hits} == {added["plain.pdf"]}
    assert {h.doc_id for h in search(archive, "sufficient").hits} == {added["plain.pdf"]}
    assert {h.doc_id for h in search(archive, "insufficient").hits} == {added["odd.pdf"]}
    assert {h.doc_id for h in search(archive, "find review").hits} == {added["odd.pdf"]}
    assert {h.doc_id for h in search(archive, '"ﬁnd no review"').hits} == {added["odd.pdf"]}


def test_a_phrase_total_stays_exact_when_few_hits_are_asked_for(filled):
    import json
    res = search(filled, '"impact assessment"', limit=1)
    assert len(res.hits) == 1 and res.total == 2
    assert json.loads(json.dumps(res.to_dict()))["total"] == 2
    assert search(filled, '"impact assessment" NOT oversight', limit=1).total == 1
    assert search(filled, '"assessment impact"', limit=1).total == 0


def test_an_index_with_older_posting_blocks_is_rebuilt_when_the_app_opens_it(tmp_path, monkeypatch):
    from whoosh.codec.whoosh3 import W3PostingsWriter

    from app.check import check
    from archive import _writing
    archive = _fill(tmp_path)
    real_init = _writing.Codec.__init__

    def old_init(self, inline=8):
        real_init(self, inline)
        del self.block_format
    monkeypatch.setattr(_writing.Codec, "__init__", old_init)
    monkeypatch.setattr(_writing._PostingsWriter, "_write_block", W3PostingsWriter._write_block)
    archive.rebuild_index()
    monkeypatch.undo()
    assert archive.index.outdated()
    assert search(archive, '"impact assessment"', limit=1).total == 2      # right, only slower
    assert [p["message"] for p in check(archive)] == ["search index is in an older format (searches are slower)"]
    assert archive.quick_index_repair(stale=True) == 3
    assert not archive.index.outdated() and check(archive) == []
    assert search(archive, '"impact assessment"', limit=1).total == 2
    archive.close()
