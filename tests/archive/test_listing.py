"""The document listing: party names kept on each document by triggers, read without the join,
and the same listing the join gives, whatever changed the parties."""
from __future__ import annotations

import sqlite3

from archive import Archive, DB_NAME, documents, listing, parties
from archive import db as dbmod
from app.library import list_docs, public_doc, public_docs
from tests.conftest import database_at


def _doc(doc_id: str, title: str, senders: list[str], recipients: list[str], date: str | None = "2021-04-27",
         **extra) -> dict:
    day = {"2021-04-27": 20210427, "2021-04-28": 20210428, None: 0}[date]
    return {"id": doc_id, "file_name": f"{doc_id}.pdf", "size": 1, "title": title, "pages": 1, "date": date,
            "date_sort": day, "date_conf": 1.0, "senders_conf": 1.0, "recipients_conf": 1.0, "title_conf": 1.0,
            "no_text": 0, "text_problem": "", "needs_ocr_pages": "[]", "confirmed": 0,
            "senders": senders, "recipients": recipients,
            "page_rows": [{"doc_id": doc_id, "page": 1, "text": title, "source": "text"}]} | extra


def _names(archive: Archive, doc_id: str) -> tuple[list[str], list[str]]:
    d = next(d for d in public_docs(archive) if d["id"] == doc_id)
    return d["senders"], d["recipients"]


def _same_as_the_join(archive: Archive) -> None:
    assert public_docs(archive) == [public_doc(d) for d in list_docs(archive)]


def test_names_follow_every_change_to_the_parties(tmp_path):
    a = Archive.open(tmp_path / "a")
    with a.transaction():
        documents.insert_documents(a.db, [
            _doc("a" * 64, "Open letter", ["Access Now", "Amnesty International", "Citizen Lab"], ["NSO Group"]),
            _doc("b" * 64, "Reply", ["NSO Group"], ["Access Now"], date="2021-04-28")])
    assert _names(a, "a" * 64) == (["Access Now", "Amnesty International", "Citizen Lab"], ["NSO Group"])

    with a.transaction():      # a correction by hand
        documents.update_metadata(a.db, "a" * 64, senders=["Citizen Lab", "Access Now"])
    assert _names(a, "a" * 64) == (["Citizen Lab", "Access Now"], ["NSO Group"])

    with a.transaction():      # a rename reaches every document naming the party
        parties.rename_party(a.db, "NSO Group", "NSO Group Technologies")
    assert _names(a, "a" * 64)[1] == ["NSO Group Technologies"]
    assert _names(a, "b" * 64)[0] == ["NSO Group Technologies"]

    with a.transaction():      # merged into a party the letter already names: once, at its first place
        parties.merge_parties(a.db, "Access Now", "Citizen Lab")
    assert _names(a, "a" * 64)[0] == ["Citizen Lab"]
    assert _names(a, "b" * 64)[1] == ["Citizen Lab"]

    with a.transaction():
        parties.delete_party(a.db, "NSO Group Technologies")
    assert _names(a, "a" * 64)[1] == [] and _names(a, "b" * 64)[0] == []
    assert "recipients" in next(d for d in public_docs(a) if d["id"] == "a" * 64)["unsure"]
    _same_as_the_join(a)


def test_listing_matches_the_join_in_order_and_every_field(tmp_path):
    a = Archive.open(tmp_path / "a")
    with a.transaction():
        documents.insert_documents(a.db, [
            _doc("c" * 64, "same title", ["Ana"], ["Bo"]),
            _doc("a" * 64, "Same Title", ["Ana"], ["Bo"]),          # NOCASE ties break by id
            _doc("b" * 64, "Émilie's letter", [], ["Bo"], date=None, title_conf=0.3),
            _doc("d" * 64, "Scanned", ["Ana"], [], no_text=1, text_problem="no text layer",
                 needs_ocr_pages="[1, 2]", senders_conf=0.2),
            _doc("e" * 64, "Checked", [], [], confirmed=1, date=None)])
    listed = public_docs(a)
    assert [d["id"][0] for d in listed] == ["a", "c", "d", "e", "b"]    # undated last, "C" before "É"
    by_id = {d["id"][0]: d for d in listed}
    assert by_id["b"]["unsure"] == ["date", "senders", "title"]
    assert by_id["d"]["text_problem"] == "no text layer" and by_id["d"]["needs_ocr_pages"] == [1, 2]
    assert by_id["d"]["unsure"] == ["senders", "recipients"]
    assert by_id["e"]["unsure"] == []
    _same_as_the_join(a)
    assert public_docs(a, limit=2) == listed[:2]


def test_an_archive_from_before_gets_its_names_on_upgrade(tmp_path):
    folder = tmp_path / "old"
    db = database_at(folder, 8)
    with dbmod.transaction(db):
        documents.insert_documents(db, [_doc("a" * 64, "Letter", ["Access Now", "Citizen Lab"], ["NSO Group"])])
        # positions stored out of insertion order: the names follow the letter's order
        db.execute("UPDATE document_parties SET position = 9 WHERE role = 'sender' AND position = 1")
    db.conn.close()
    a = Archive.open(folder)
    assert dbmod.schema_version(a.db) == len(dbmod.MIGRATIONS)
    assert _names(a, "a" * 64) == (["Citizen Lab", "Access Now"], ["NSO Group"])
    _same_as_the_join(a)


def test_the_listing_reads_one_index_without_sorting(tmp_path):
    a = Archive.open(tmp_path / "a")
    plan = " ".join(r[-1] for r in a.db.execute("EXPLAIN QUERY PLAN " + listing._LISTING_SQL, {"low": 0.6}))
    assert "COVERING INDEX documents_listing" in plan and "TEMP B-TREE" not in plan


def test_recover_rebuilds_names_whose_party_rows_were_lost(tmp_path):
    from app.recover import recover_archive
    a = Archive.open(tmp_path / "a")
    with a.transaction():
        documents.insert_documents(a.db, [_doc("a" * 64, "Letter", ["Access Now"], ["NSO Group"])])
    a.close()
    conn = sqlite3.connect(tmp_path / "a" / DB_NAME)
    conn.execute("DROP TRIGGER document_parties_listed_delete")     # as if the rows were unreadable
    conn.execute("DELETE FROM document_parties")
    conn.commit()
    conn.close()
    recover_archive(tmp_path / "a", tmp_path / "b")
    b = Archive.open(tmp_path / "b")
    assert _names(b, "a" * 64) == ([], [])


def test_the_list_of_parties_reads_through_indexes(tmp_path):
    # Without them, each party's aliases were found by reading every alias (1.3 s at 2,700 parties).
    a = Archive.open(tmp_path / "a")
    with a.transaction():
        documents.insert_documents(a.db, [_doc("a" * 64, "Letter", ["Access Now", "Citizen Lab"], ["NSO Group"]),
                                          _doc("b" * 64, "Reply", ["NSO Group"], ["Access Now"])])
        parties.rename_party(a.db, "NSO Group", "NSO Group Technologies")
    listed = {p["name"]: p for p in parties.list_parties(a.db)}
    assert listed["NSO Group Technologies"]["aliases"] == ["NSO Group"]
    assert listed["NSO Group Technologies"]["documents"] == 2 and listed["Citizen Lab"]["documents"] == 1
    plan = " ".join(r[-1] for r in a.db.execute("EXPLAIN QUERY PLAN " + parties._LIST_SQL))
    assert "USING INDEX party_aliases_party" in plan and "COVERING INDEX document_parties_party_doc" in plan
    assert "TEMP B-TREE" not in plan
