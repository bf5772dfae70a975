import sqlite3

import pytest

from archive import Archive
from archive.db import MIGRATIONS, schema_version
from archive.errors import Ambiguous, BadInput, NotFound, PapertrailError
from archive.store import FileStore, sha256_bytes


def test_open_creates_archive_in_wal_mode_with_schema(tmp_path):
    a = Archive.open(tmp_path / "arch")
    assert (tmp_path / "arch" / "papertrail.db").exists()
    assert a.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(a.db) == len(MIGRATIONS)
    a.close()
    # Re-opening runs no migration again.
    b = Archive.open(tmp_path / "arch")
    assert schema_version(b.db) == len(MIGRATIONS)
    b.close()


def test_refuses_to_turn_a_non_empty_folder_into_an_archive(tmp_path):
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "notes.txt").write_text("x")
    with pytest.raises(PapertrailError, match="other files"):
        Archive.open(tmp_path / "stuff")


def test_newer_schema_is_refused(tmp_path):
    a = Archive.open(tmp_path / "arch")
    a.db.execute("PRAGMA user_version=999")
    a.close()
    with pytest.raises(PapertrailError, match="newer Papertrail"):
        Archive.open(tmp_path / "arch")


def test_store_is_content_addressed_and_read_only(tmp_path):
    store = FileStore(tmp_path / "files")
    digest = sha256_bytes(b"%PDF-1.4 hello")
    path = store.put(digest, b"%PDF-1.4 hello")
    assert path.read_bytes() == b"%PDF-1.4 hello"
    assert store.verify(digest)
    assert not (path.stat().st_mode & 0o222)
    assert store.digests() == {digest}


def test_id_prefix_resolution(archive):
    archive.db["documents"].insert_all([
        dict(id="abcdef0011" + "0" * 54, file_name="a", size=1, title="a", pages=0, added_at="x", updated_at="x"),
        dict(id="abcdef0022" + "0" * 54, file_name="b", size=1, title="b", pages=0, added_at="x", updated_at="x"),
    ])
    assert archive.resolve_doc("abcdef001").startswith("abcdef0011")
    with pytest.raises(Ambiguous, match="abcdef0011"):
        archive.resolve_doc("abcdef")
    with pytest.raises(NotFound):
        archive.resolve_doc("ffffff")
    with pytest.raises(BadInput, match="at least 6"):
        archive.resolve_doc("abc")


def test_busy_archive_gives_clear_message(tmp_path, monkeypatch):
    from archive import db as dbmod
    a = Archive.open(tmp_path / "arch")
    other = sqlite3.connect(str(tmp_path / "arch" / "papertrail.db"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_S", 0.3)
    a.db.conn.execute("PRAGMA busy_timeout=100")
    with pytest.raises(PapertrailError, match="busy"):
        with a.transaction():
            pass
    other.execute("ROLLBACK")
    with a.transaction():
        pass


def test_index_repair_finds_documents_changed_since_indexing(archive, tmp_path):
    from app.ingest import ingest
    from app.search import search
    from tests.conftest import make_pdf
    ingest(archive, [make_pdf(tmp_path / "a.pdf", ["A letter about oversight"])], ocr=False)
    doc_id = archive.db.execute("SELECT id FROM documents").fetchone()[0]
    # As after a crash between a metadata edit and its re-indexing.
    archive.db.execute("UPDATE documents SET kind = 'memo', revision = revision + 1 WHERE id = ?", [doc_id])
    assert search(archive, "oversight kind:memo").total == 0
    assert archive.quick_index_repair() == 0            # the cheap check does not read revisions
    assert archive.quick_index_repair(stale=True) == 1
    assert search(archive, "oversight kind:memo").total == 1
    assert archive.index_problems() == []


def test_listing_keeps_party_order_drops_aliases_and_survives_a_byte_that_is_not_utf8(archive):
    from archive import documents
    base = dict(size=1, pages=1, added_at="x", updated_at="x")
    archive.db["documents"].insert_all([
        dict(id="aa" * 32, file_name="a.pdf", title="Older", date="2019-01-02", date_sort=20190102,
             ocr_pages="[]", **base),
        dict(id="bb" * 32, file_name="b.pdf", title="Newer", date="2020-05-06", date_sort=20200506,
             ocr_pages="[2]", **base)])
    archive.db["parties"].insert_all([dict(id=1, name="Zeta Org"), dict(id=2, name="Alpha Org")])
    # Stored out of order, and party 1 twice (two names merged into one party): listed by
    # position, once.
    archive.db["document_parties"].insert_all([
        dict(doc_id="aa" * 32, party_id=2, role="sender", position=2),
        dict(doc_id="aa" * 32, party_id=1, role="sender", position=1),
        dict(doc_id="aa" * 32, party_id=1, role="sender", position=3),
        dict(doc_id="aa" * 32, party_id=2, role="recipient", position=1)])
    docs = documents.list_documents(archive.db)
    assert [d["title"] for d in docs] == ["Newer", "Older"]
    assert docs[0]["ocr_pages"] == [2] and docs[0]["senders"] == [] and docs[0]["needs_ocr_pages"] == []
    assert docs[1]["senders"] == ["Zeta Org", "Alpha Org"] and docs[1]["sender_ids"] == [1, 2]
    assert docs[1]["recipients"] == ["Alpha Org"] and docs[1]["recipient_ids"] == [2]
    assert documents.doc_parties(archive.db)["aa" * 32]["sender"] == [(1, "Zeta Org"), (2, "Alpha Org")]
    archive.db.execute("UPDATE documents SET title = CAST(X'4f6c64ff6572' AS TEXT) WHERE id = ?", ["aa" * 32])
    archive.db.execute("UPDATE parties SET name = CAST(X'5aff' AS TEXT) WHERE id = 1")
    docs = documents.list_documents(archive.db)
    assert docs[1]["title"] == "Old\ufffder" and docs[1]["senders"] == ["Z\ufffd", "Alpha Org"]
    assert archive.db.execute("SELECT title FROM documents WHERE id = ?", ["aa" * 32]).fetchone()[0] == "Old\ufffder"
