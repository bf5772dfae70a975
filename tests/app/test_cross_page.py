"""Passages that run across a page break: tagged, cited, re-anchored, exported and quote-checked as one."""
import json
import sqlite3

import pytest

from app import passages, timeline
from app.draft import check_draft, build_draft
from app.quotes import check_quote, find_quote
from app.reextract import replace_pages
from archive import DB_NAME, Archive, documents
from archive.errors import NotFound
from tests.app.rights_letter import CONFIDENTIALITY, NSO_2020, PAGES, ingest_letters
from tests.conftest import old_archive


@pytest.fixture
def letters(archive, tmp_path):
    return ingest_letters(archive, tmp_path / "in")


def test_find_quote_runs_on_over_the_page_number_to_the_next_page():
    found = find_quote(PAGES, "limited to reviewing available metadata, which fails to provide")
    assert len(found) == 1
    o = found[0]
    assert (o.page, o.end_page) == (3, 4)
    assert PAGES[2][o.start:].startswith("limited to reviewing") and PAGES[3][:o.end].endswith("fails to provide")
    assert "3" not in o.quote.split() and "4" not in o.quote.split()   # page numbers left out
    # Quotes wholly on one page are found once, on that page.
    assert [(x.page, x.end_page) for x in find_quote(PAGES, "which fails to provide")] == [(4, None)]


def test_tag_across_pages_on_the_command_line_and_its_spans(archive, letters):
    p = passages.tag(archive, letters["letter"], NSO_2020, "claim", by="NSO Group", on="2020-06")
    assert (p["page"], p["end_page"]) == (3, 4)
    assert [s["page"] for s in p["spans"]] == [3, 4]
    assert p["spans"][1]["start"] == PAGES[3].index("which")          # not the page number above it
    assert p["spans"][0]["end"] == PAGES[2].index("metadata,") + len("metadata,")
    texts = documents.page_texts(archive.db, letters["letter"])
    assert texts[2][p["spans"][0]["start"]:].startswith("absent customer")
    assert texts[3][:p["spans"][1]["end"]].endswith("any misuse")
    q = passages.tag(archive, letters["letter"], CONFIDENTIALITY, "claim", by="NSO Group")
    assert (q["page"], q["end_page"]) == (1, 2)
    assert passages.get(archive, q["id"])["end_page"] == 2


def test_tag_from_a_selection_across_pages(archive, letters):
    texts = documents.page_texts(archive.db, letters["letter"])
    start = texts[2].index("absent")
    end = texts[3].index("misuse") + len("misuse")
    p = passages.tag(archive, letters["letter"], "", "claim", by="NSO Group", page=3, start=start, end=end,
                     end_page=4)
    assert p["quote"].startswith("absent customer") and p["quote"].endswith("any misuse")
    assert "\n3\n" not in p["quote"] and "\n4\n" not in p["quote"]
    assert check_quote(p["quote"], texts).status == "verified"


def test_not_found_does_not_blame_the_wording_and_shows_the_nearest_text(archive, letters):
    with pytest.raises(NotFound) as exc:
        passages.tag(archive, letters["letter"], "we will never publish anything about it at all", "claim")
    assert "check its wording" not in str(exc.value) and "across a page break" in str(exc.value)
    with pytest.raises(NotFound, match="nearest text .pp. 3–4. reads") as exc:
        passages.tag(archive, letters["letter"], "limited to reviewing available metadata, which fails to give "
                     "detailed insights into any misuse", "claim")
    # The document's own brackets are no reason to refuse: the words are there.
    p = passages.tag(archive, letters["letter"], "absent customer cooperation, NSO is limited to reviewing", "claim")
    assert "[NSO is]" in p["quote"]


def test_reanchored_after_reextraction(archive, letters):
    p = passages.tag(archive, letters["letter"], NSO_2020, "claim", by="NSO Group")
    texts = documents.page_texts(archive.db, letters["letter"])
    # An OCR pass puts a running head on every page and words before the passage.
    texts = ["Page 3 of 4\n\n" + t for t in texts]
    texts[2] = texts[2].replace("The letter said", "The letter, dated June 2020, said")
    pages = [{"number": n, "text": t, "words": None, "width": 595, "height": 842, "rotation": 0,
              "source": "ocr", "problem": ""} for n, t in enumerate(texts, 1)]
    report = replace_pages(archive, letters["letter"], pages)
    assert report["moved"] == [p["id"]]
    again = passages.get(archive, p["id"])
    assert not again["orphaned"] and (again["page"], again["end_page"]) == (3, 4)
    new = documents.page_texts(archive.db, letters["letter"])
    assert new[3][:again["end"]].endswith("any misuse")


def test_web_annotation_range_selector(archive, letters):
    passages.tag(archive, letters["letter"], NSO_2020, "claim", by="NSO Group")
    item = json.loads(timeline.annotations(archive))["first"]["items"][0]
    quote, rng = item["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"].endswith("any misuse")
    assert rng["type"] == "RangeSelector"
    assert rng["startSelector"]["value"] == "page=3" and rng["endSelector"]["value"] == "page=4"
    # Each page's piece leaves out its page number.
    assert rng["endSelector"]["refinedBy"]["start"] == PAGES[3].index("which")


def test_draft_cites_both_pages_and_its_check_verifies(archive, letters):
    p = passages.tag(archive, letters["letter"], NSO_2020, "claim", by="NSO Group", on="2020-06")
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "Oversight", passage_ids=[p["id"]])
    assert "pp. 3–4" in draft.quotes()[0].citation.text()
    assert [r["status"] for r in check_draft(archive, draft)] == ["verified"]


def test_old_archive_gets_the_new_columns_and_keeps_its_passages(tmp_path):
    folder = old_archive(tmp_path / "old")
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("INSERT INTO documents (id, file_name, size, title, pages, added_at, updated_at) "
                 "VALUES ('d1', 'a.pdf', 1, 'A letter', 1, '2021', '2021')")
    conn.execute("INSERT INTO pages (doc_id, page, text, source) VALUES ('d1', 1, 'We will publish it.', 'text')")
    conn.execute("INSERT INTO passages (id, doc_id, page, start, end, quote, kind, created_at, updated_at) "
                 "VALUES ('abcdef01', 'd1', 1, 0, 19, 'We will publish it.', 'claim', '2021', '2021')")
    conn.commit()
    conn.close()
    with Archive.open(folder) as archive:
        p = passages.get(archive, "abcdef01")
    assert (p["page"], p["end_page"]) == (1, 1) and p["spans"] == [{"page": 1, "start": 0, "end": 19}]
    assert p["words_by"] is None and p["manner"] == "written"


def test_every_timeline_export_reflows_the_quotes(archive, letters):
    from tests.app.rights_letter import NOVALPINA
    p = passages.tag(archive, letters["letter"], NOVALPINA, "commitment", by="Novalpina Capital", on="2019-02")
    assert "(HRIA) of\nNSO Group" in p["quote"]
    tl = timeline.build(archive)
    for fmt in timeline.FORMATS:
        out = timeline.export(tl, fmt)
        assert "(HRIA) of\nNSO" not in out and "(HRIA) of\\nNSO" not in out, fmt
        assert "(HRIA) of NSO Group" in out, fmt
    # The Web Annotation keeps the document's exact text for its TextQuoteSelector.
    exact = json.loads(timeline.annotations(archive))["first"]["items"][0]["target"]["selector"][0]["exact"]
    assert exact == p["quote"]


def test_a_selection_running_into_the_page_number_stops_at_the_running_text(archive, letters):
    texts = documents.page_texts(archive.db, letters["letter"])
    start = texts[1].index("No such")
    p = passages.tag(archive, letters["letter"], "", "claim", page=2, start=start, end=len(texts[1]))
    assert p["quote"] == "No such assessment has been published."
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "HRIA", passage_ids=[p["id"]])
    assert [r["status"] for r in check_draft(archive, draft)] == ["verified"]


def test_a_passage_across_pages_travels_in_a_bundle_with_whose_words_it_quotes(archive, letters, tmp_path):
    from app.bundle import export_bundle, import_bundle
    p = passages.tag(archive, letters["letter"], NSO_2020, "claim", by="NSO Group", on="2020-06",
                     words_by="NSO Group", manner="written", said_in="letter to David Kaye")
    out = tmp_path / "share.zip"
    export_bundle(archive, out, passages=[p["id"]])
    with Archive.open(tmp_path / "colleague") as other:
        report = import_bundle(other, out)
        assert report["passages_added"] and not report["passages_not_found"]
        got = passages.get(other, report["passages_added"][0])
        assert (got["page"], got["end_page"]) == (3, 4)
        assert [s["page"] for s in got["spans"]] == [3, 4]
        assert (got["words_by"], got["manner"], got["said_in"]) == ("NSO Group", "written", "letter to David Kaye")
