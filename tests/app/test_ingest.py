import pymupdf
import pytest

from app.ingest import ingest
from app.progress import Cancel
from archive.pdftext import tesseract_available
from tests.conftest import LETTER, make_pdf


def test_ingest_reads_letter_metadata_and_keeps_original(archive, pdf_factory):
    path = pdf_factory("letter.pdf", [LETTER])
    report = ingest(archive, [path], ocr=False)
    assert not report.failed
    [added] = report.added
    assert added["date"] == "2021-04-27"
    assert "Open Rights Watch" in added["senders"]
    assert any("Kessler" in r or "Veridian" in r for r in added["recipients"])
    assert "impact assessment" in added["title"].lower()
    assert added["kind"] == "letter"
    assert archive.store.read(added["id"]) == path.read_bytes()


def test_same_content_twice_is_a_duplicate(archive, pdf_factory, tmp_path):
    a = pdf_factory("a.pdf", [LETTER])
    b = tmp_path / "copy.pdf"
    b.write_bytes(a.read_bytes())
    report = ingest(archive, [a, b], ocr=False)
    assert len(report.added) == 1 and len(report.duplicates) == 1
    again = ingest(archive, [a], ocr=False)
    assert again.duplicates[0]["id"] == report.added[0]["id"]
    assert archive.db["documents"].count == 1


def test_folder_is_recursive_and_bad_files_fail_alone(archive, tmp_path):
    make_pdf(tmp_path / "box" / "one.pdf", ["First letter about oversight"])
    make_pdf(tmp_path / "box" / "sub" / "two.pdf", ["Second letter about remediation"])
    (tmp_path / "box" / "sub" / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage garbage")
    (tmp_path / "box" / "empty.pdf").write_bytes(b"")
    (tmp_path / "box" / "notes.txt").write_text("ignored: not a PDF in a folder")
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "locked")
    doc.save(tmp_path / "box" / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    report = ingest(archive, [tmp_path / "box", tmp_path / "nowhere.pdf"], ocr=False)
    assert sorted(a["file"].rsplit("/", 1)[1] for a in report.added) == ["one.pdf", "two.pdf"]
    reasons = {f["file"].rsplit("/", 1)[1]: f["error"] for f in report.failed}
    assert reasons["locked.pdf"] == "encrypted: needs a password"
    assert reasons["empty.pdf"].startswith("not a PDF")
    assert reasons["broken.pdf"].startswith("damaged")
    assert reasons["nowhere.pdf"].startswith("not found")
    # Nothing half-written: only the two good documents are stored.
    assert archive.store.digests() == {a["id"] for a in report.added}
    assert archive.db["pages"].count == 2


def test_encrypted_with_password(archive, tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "confidential reply from the company")
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pässwort", owner_pw="o")
    report = ingest(archive, [path], password="pässwort", ocr=False)
    assert len(report.added) == 1
    # The stored original stays encrypted and byte-identical; the password is stored nowhere.
    assert archive.store.read(report.added[0]["id"]) == path.read_bytes()
    dump = "\n".join(str(r) for t in archive.db.table_names() for r in archive.db[t].rows)
    assert "pässwort" not in dump


def test_progress_and_cancel(archive, tmp_path):
    for i in range(6):
        make_pdf(tmp_path / "many" / f"{i}.pdf", [f"Letter number {i} about the assessment"])
    seen = []
    cancel = Cancel()

    def progress(done, total, current):
        seen.append((done, total))
        if done >= 1:
            cancel.set()

    report = ingest(archive, [tmp_path / "many"], progress=progress, cancel=cancel, ocr=False)
    assert seen[0] == (0, 6)
    assert report.cancelled
    assert 1 <= len(report.added) < 6
    assert archive.db["documents"].count == len(report.added)


def test_scanned_without_ocr_is_added_and_marked(archive, tmp_path):
    src = make_pdf(tmp_path / "t.pdf", ["Scanned letter"], fontsize=20)
    pix = pymupdf.open(src)[0].get_pixmap(dpi=72)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    doc.save(tmp_path / "scan.pdf")
    report = ingest(archive, [tmp_path / "scan.pdf"], ocr=False)
    assert report.added[0]["needs_ocr_pages"] == [1]


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_scanned_letter_is_ocred_and_searchable(archive, tmp_path):
    from app.search import search
    src = make_pdf(tmp_path / "t.pdf", ["Veridian Signals\n\nWe commit to independent oversight\nof all sales."],
                   fontsize=18)
    pix = pymupdf.open(src)[0].get_pixmap(dpi=200)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    doc.save(tmp_path / "scan.pdf")
    report = ingest(archive, [tmp_path / "scan.pdf"], ocr=True)
    assert report.added[0]["ocr_pages"] == [1]
    hits = search(archive, "oversight").hits
    assert hits and hits[0].page == 1 and "<mark>oversight</mark>" in hits[0].snippet


def test_spanish_and_french_letters(archive, pdf_factory):
    es = pdf_factory("es.pdf", ["Coalición por los Derechos Digitales\n\nMadrid, 27 de abril de 2021\n\n"
                                "Estimada Sra. Kessler:\n\nLes escribimos para solicitar la publicación de las "
                                "evaluaciones de impacto en derechos humanos que la empresa prometió publicar.\n\n"
                                "Atentamente,\n\nLucía Fernández"])
    fr = pdf_factory("fr.pdf", ["Ligue des Droits Numériques\n\nParis, le 27 avril 2021\n\nMadame,\n\n"
                                "Nous vous écrivons au sujet des engagements pris par votre entreprise et de la "
                                "publication des évaluations promises.\n\nCordialement,\n\nJeanne Martin"])
    report = ingest(archive, [es, fr], ocr=False)
    dates = sorted(a["date"] for a in report.added)
    assert dates == ["2021-04-27", "2021-04-27"]
    langs = {r[0] for r in archive.db.execute("SELECT language FROM documents")}
    assert langs == {"es", "fr"}
    from app.search import search
    # Stemming per language: "evaluación" finds "evaluaciones"; "engagement" finds "engagements".
    assert search(archive, "evaluación").total == 1
    assert search(archive, "engagement").total == 1


@pytest.mark.parametrize("repair_index", [False, True])
def test_a_letter_the_index_still_holds_is_not_indexed_twice(archive, pdf_factory, repair_index):
    # New letters are added to the index without looking for earlier pages of theirs, which
    # is only right for letters the index does not hold: here one whose row was lost while its
    # pages stayed in the index (a crash between the two).
    path = pdf_factory("letter.pdf", [LETTER])
    [added] = ingest(archive, [path], ocr=False).added
    with archive.transaction():
        archive.db.execute("DELETE FROM document_parties WHERE doc_id = ?", [added["id"]])
        archive.db.execute("DELETE FROM pages WHERE doc_id = ?", [added["id"]])
        archive.db.execute("DELETE FROM documents WHERE id = ?", [added["id"]])

    def pages_found() -> int:
        total, _hits, _ = archive.index.search(archive.index.parse("assessment"), [], None)
        return int(total)
    assert pages_found() == 1
    report = ingest(archive, [path], ocr=False, repair_index=repair_index)
    assert [a["id"] for a in report.added] == [added["id"]]
    assert pages_found() == 1
    assert archive.index_problems() == []


def test_the_letters_of_the_last_stretch_are_indexed_in_a_segment_of_their_own(archive, pdf_factory, monkeypatch):
    # The segment of what came before is written while the readers finish the last files.
    from app import ingest as ingest_module
    from app.check import check
    monkeypatch.setattr(ingest_module, "TAIL_SHARE", 0.5)
    monkeypatch.setattr(ingest_module, "DB_BATCH", 5)
    words = ["oversight", "remedy", "grievance", "audit", "moratorium", "export", "licence", "training",
             "disclosure", "divestment", "safeguard", "retention", "consent", "appeal", "inquiry", "review",
             "register", "tender", "warrant", "budget"]
    paths = [pdf_factory(f"{i:02d}.pdf", [f"Dear Ms Rivera,\n\nOn the {w} you asked about in March.\n\nYours,\nAna"])
             for i, w in enumerate(words)]
    commits = []
    real = ingest_module._index

    def spy(archive, ids, writer, commit, indexed=frozenset()):
        if commit:
            commits.append(True)
        return real(archive, ids, writer, commit, indexed)
    monkeypatch.setattr(ingest_module, "_index", spy)
    report = ingest(archive, paths, ocr=False, workers=2)
    assert len(report.added) == len(words) and len(commits) == 2
    from app.search import search
    assert all(search(archive, w).total == 1 for w in words)
    assert check(archive) == []
