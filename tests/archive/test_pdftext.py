import pymupdf
import pytest

from archive.pdftext import ExtractionError, extract, rects_for_span, saslprep, tesseract_available
from tests.conftest import make_pdf


def test_text_offsets_map_to_word_rectangles(tmp_path):
    path = make_pdf(tmp_path / "a.pdf", ["Hello there world\nsecond line of text"])
    ex = extract(path.read_bytes(), ocr=False)
    page = ex.pages[0]
    assert page.source == "text"
    start = page.text.index("world")
    rects = rects_for_span(page.words, start, start + len("world"))
    assert len(rects) == 1
    doc = pymupdf.open(path)
    found = doc[0].search_for("world")[0]
    x0, y0, x1, y1 = rects[0]
    assert abs(x0 - found.x0) < 2 and abs(x1 - found.x1) < 2 and abs(y0 - found.y0) < 3


def test_span_over_a_line_break_gives_one_rectangle_per_line(tmp_path):
    path = make_pdf(tmp_path / "a.pdf", ["alpha beta gamma\ndelta epsilon"])
    page = extract(path.read_bytes(), ocr=False).pages[0]
    start = page.text.index("gamma")
    end = page.text.index("delta") + len("delta")
    assert len(rects_for_span(page.words, start, end)) == 2


def test_not_a_pdf_and_empty_file_fail_with_reason():
    with pytest.raises(ExtractionError, match="not a PDF"):
        extract(b"hello, I am a text file")
    with pytest.raises(ExtractionError, match="empty"):
        extract(b"")


def test_truncated_pdf_is_damaged_or_partially_read(tmp_path):
    data = make_pdf(tmp_path / "a.pdf", ["some text here"]).read_bytes()
    with pytest.raises(ExtractionError, match="damaged"):
        extract(data[:200])


def test_encrypted_pdf_needs_password(tmp_path):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret letter text")
    path = tmp_path / "enc.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner")
    data = path.read_bytes()
    with pytest.raises(ExtractionError, match="encrypted: needs a password"):
        extract(data)
    with pytest.raises(ExtractionError, match="wrong"):
        extract(data, password="nope")
    assert "secret letter" in extract(data, password="s3cret", ocr=False).pages[0].text


def test_saslprep_maps_spaces_and_drops_soft_hyphen():
    assert saslprep("pa\u00adss\u00a0word") == "pass word"
    assert saslprep("ﬁ") == "fi"


def test_image_only_page_is_marked_needing_ocr_without_ocr(tmp_path):
    src = make_pdf(tmp_path / "t.pdf", ["Scanned letter text"], fontsize=20)
    pix = pymupdf.open(src)[0].get_pixmap(dpi=100)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    ex = extract(doc.tobytes(), ocr=False)
    assert ex.needs_ocr_pages == [1]
    assert ex.pages[0].text == ""


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_scanned_page_is_ocred(tmp_path):
    src = make_pdf(tmp_path / "t.pdf", ["We undertake to publish the assessment\nin December 2020."], fontsize=18)
    pix = pymupdf.open(src)[0].get_pixmap(dpi=200)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    ex = extract(doc.tobytes(), ocr=True)
    assert ex.ocr_pages == [1]
    assert "publish the assessment" in " ".join(ex.pages[0].text.split())
    # OCR words carry boxes too, so tagged passages on scans can be highlighted.
    start = ex.pages[0].text.index("publish")
    assert rects_for_span(ex.pages[0].words, start, start + 7)


def _scan(tmp_path, lines: list[str], rotate: int = 0) -> bytes:
    src = make_pdf(tmp_path / "t.pdf", lines, fontsize=18)
    pix = pymupdf.open(src)[0].get_pixmap(dpi=200)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    page.set_rotation(rotate)
    return doc.tobytes()


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_words_found_by_ocr_sit_where_they_stand_on_the_page(tmp_path):
    # The words come back in the page's own coordinates: inside the boxes of the text layer the
    # scan was made from (which reach to the next letter's start), covering most of them.
    src = make_pdf(tmp_path / "src.pdf", ["We undertake to publish the assessment."], fontsize=18)
    want = [w for w in pymupdf.open(src)[0].get_text("words") if w[4] == "publish"][0]
    ex = extract(_scan(tmp_path, ["We undertake to publish the assessment."]), ocr=True)
    text = ex.pages[0].text
    start = text.index("publish")
    (x0, y0, x1, y1), = rects_for_span(ex.pages[0].words, start, start + 7)
    assert want[0] - 2 < x0 < x1 < want[2] + 2 and want[1] - 2 < y0 < y1 < want[3] + 2
    assert x1 - x0 > 0.75 * (want[2] - want[0]) and y1 - y0 > 0.5 * (want[3] - want[1])


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_a_tesseract_that_fails_leaves_the_page_marked_with_its_reason(tmp_path, monkeypatch):
    from archive import pdftext
    monkeypatch.setattr(pdftext, "_TESS_LANGS", {"en": "zzz"})     # no such language data
    ex = extract(_scan(tmp_path, ["We undertake to publish the assessment."]), ocr=True)
    page = ex.pages[0]
    assert page.source == "none" and page.text == ""
    assert page.problem.startswith("OCR failed: ") and len(page.problem) > len("OCR failed: ")


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_a_tesseract_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    from archive import pdftext
    monkeypatch.setattr(pdftext, "TESSERACT_TIMEOUT_S", 0.01)
    ex = extract(_scan(tmp_path, ["We undertake to publish the assessment."]), ocr=True)
    assert ex.pages[0].problem == "OCR failed: Tesseract took longer than 0.01 s"
