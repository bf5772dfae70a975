"""Inserting documents with their pages (archive.documents.insert_documents): pages stored as
given, whichever way they are written."""
from __future__ import annotations

import pytest

from archive import Archive, documents
from tests.archive.test_listing import _doc


def _pages(archive: Archive) -> list[tuple]:
    return archive.db.execute(
        "SELECT doc_id, page, text, words, width, source, problem FROM pages ORDER BY doc_id, page").fetchall()


def test_pages_are_stored_as_given(tmp_path):
    a = Archive.open(tmp_path / "a")
    rows = [{"doc_id": "a" * 64, "page": n, "text": f"Page {n} — «texte»", "words": b"\x00\x01" * n,
             "width": 595.5, "height": 842, "rotation": 0, "source": "text", "problem": ""}
            for n in (1, 2)]
    with a.transaction():
        documents.insert_documents(a.db, [_doc("a" * 64, "Letter", ["Access Now"], ["NSO Group"], page_rows=rows)])
    assert _pages(a) == [("a" * 64, 1, "Page 1 — «texte»", b"\x00\x01", 595.5, "text", ""),
                         ("a" * 64, 2, "Page 2 — «texte»", b"\x00\x01\x00\x01", 595.5, "text", "")]


def test_pages_with_other_columns_or_values_are_stored_as_sqlite_utils_stores_them(tmp_path):
    a = Archive.open(tmp_path / "a")
    rows = [{"doc_id": "b" * 64, "page": 1, "text": "one", "source": "text", "problem": ""},
            {"doc_id": "b" * 64, "page": 2, "text": "two", "source": "ocr", "problem": ["a", "b"],
             "words": b"\x01"}]
    with a.transaction():
        documents.insert_documents(a.db, [_doc("b" * 64, "Letter", [], [], page_rows=rows)])
    assert [(p[1], p[2], p[5], p[6]) for p in _pages(a)] == [(1, "one", "text", ""), (2, "two", "ocr", '["a", "b"]')]


def test_a_failed_insert_leaves_no_page(tmp_path):
    a = Archive.open(tmp_path / "a")
    rows = [{"doc_id": "c" * 64, "page": 1, "text": "one", "source": "text"},
            {"doc_id": "c" * 64, "page": 1, "text": "the same page again", "source": "text"}]
    with pytest.raises(Exception):
        with a.transaction():
            documents.insert_documents(a.db, [_doc("c" * 64, "Letter", [], [], page_rows=rows)])
    assert _pages(a) == []
    assert a.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
