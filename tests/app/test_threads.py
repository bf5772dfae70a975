"""Threads as a person manages them: create, rename, merge and delete, with search kept in step."""
import pytest

from app import passages
from app.search import search
from archive.errors import BadInput, NotFound
from tests.conftest import make_pdf

LETTER = ("Veridian Signals Ltd\n\nLondon, 3 December 2019\n\nMs. Anna Lindqvist\nOpen Rights Watch\n\n"
          "Dear Ms. Lindqvist,\n\nWe will publish a human rights impact assessment before the end of 2020.\n"
          "An oversight board will be appointed in 2020.\nOur products are only sold to vetted agencies.\n\n"
          "Yours sincerely,\n\nMarta Kessler\nVeridian Signals Ltd")


@pytest.fixture
def tagged(archive, tmp_path):
    from app.ingest import ingest
    report = ingest(archive, [make_pdf(tmp_path / "in" / "letter.pdf", [LETTER])], ocr=False)
    doc = report.added[0]["id"]
    a = passages.tag(archive, doc, "We will publish a human rights impact assessment", "commitment",
                     threads=["HRIA"])
    b = passages.tag(archive, doc, "An oversight board will be appointed", "commitment",
                     threads=["Oversight", "HRIA"])
    c = passages.tag(archive, doc, "only sold to vetted agencies", "claim", threads=["Sales"])
    return doc, a["id"], b["id"], c["id"]


def names(archive):
    return {t["name"]: t["passages"] for t in passages.threads(archive)}


def test_create_thread_is_listed_empty_and_refuses_duplicates_and_blanks(archive, tagged):
    assert passages.create_thread(archive, "  Grievance   mechanism ") == "Grievance mechanism"
    assert names(archive)["Grievance mechanism"] == 0
    with pytest.raises(BadInput, match="already exists"):
        passages.create_thread(archive, "grievance mechanism")
    with pytest.raises(BadInput, match="needs a name"):
        passages.create_thread(archive, "   ")


def test_rename_keeps_passages_and_updates_search(archive, tagged):
    _doc, a, b, _c = tagged
    assert passages.rename_thread(archive, "HRIA", "Impact assessment") == "Impact assessment"
    assert names(archive) == {"Impact assessment": 2, "Oversight": 1, "Sales": 1}
    assert {p["id"] for p in passages.query(archive, thread="Impact assessment")} == {a, b}
    assert passages.get(archive, a)["threads"] == ["Impact assessment"]
    hits = search(archive, 'thread:"impact assessment"')
    assert {h.passage_id for h in hits.hits if getattr(h, "passage_id", None)} >= {a, b}


def test_rename_changes_case_but_refuses_another_threads_name(archive, tagged):
    assert passages.rename_thread(archive, "HRIA", "hria") == "hria"
    with pytest.raises(BadInput, match="merge"):
        passages.rename_thread(archive, "hria", "Oversight")
    with pytest.raises(NotFound, match="no thread called"):
        passages.rename_thread(archive, "Nope", "Other")
    assert names(archive) == {"hria": 2, "Oversight": 1, "Sales": 1}


def test_merge_moves_passages_without_duplicates_and_deletes_sources(archive, tagged):
    _doc, a, b, c = tagged
    result = passages.merge_threads(archive, ["HRIA", "Oversight"], "Oversight")
    assert result == {"thread": "Oversight", "passages": 2}
    assert names(archive) == {"Oversight": 2, "Sales": 1}
    assert passages.get(archive, b)["threads"] == ["Oversight"]
    result = passages.merge_threads(archive, ["Oversight", "Sales"], "Company promises")
    assert result == {"thread": "Company promises", "passages": 3}
    assert names(archive) == {"Company promises": 3}
    assert {p["id"] for p in passages.query(archive, thread="Company promises")} == {a, b, c}


def test_merge_rejects_unknown_or_empty_input_and_changes_nothing(archive, tagged):
    with pytest.raises(NotFound):
        passages.merge_threads(archive, ["HRIA", "Nope"], "X")
    with pytest.raises(BadInput):
        passages.merge_threads(archive, [], "X")
    with pytest.raises(BadInput):
        passages.merge_threads(archive, ["HRIA"], "  ")
    assert names(archive) == {"HRIA": 2, "Oversight": 1, "Sales": 1}


def test_delete_thread_keeps_its_passages(archive, tagged):
    _doc, a, b, _c = tagged
    assert passages.delete_thread(archive, "HRIA") == 2
    assert names(archive) == {"Oversight": 1, "Sales": 1}
    assert passages.get(archive, a)["threads"] == [] and passages.get(archive, b)["threads"] == ["Oversight"]
