import re

import pymupdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

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



def _scanned_pages(tmp_path, pages: list[str]) -> bytes:
    src = pymupdf.open(make_pdf(tmp_path / "src.pdf", pages, fontsize=16))
    doc = pymupdf.open()
    for source in src:
        page = doc.new_page()
        page.insert_image(page.rect, pixmap=source.get_pixmap(dpi=200))
    return doc.tobytes()


_SPANISH_SCAN = ["Acción urgente ante el presidente.\nLa posición de las organizaciones firmantes\n"
                 "merece especial atención. Nos preocupa la relación\nentre la votación y los años.",
                 "Tomamos nota del papel desempeñado por la Comisión\nen este asunto. Quedamos a su "
                 "disposición\npara una reunión en la fecha que usted considere."]


def _counting_tesseract(monkeypatch) -> list[str]:
    from archive import pdftext
    languages: list[str] = []
    real = pdftext._tesseract_pdf

    def counted(png, lang):
        languages.append(lang)
        return real(png, lang)

    monkeypatch.setattr(pdftext, "_tesseract_pdf", counted)
    return languages


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_a_spanish_scan_is_read_in_spanish(tmp_path, monkeypatch):
    """English data reads "Acción" as "Acci6n" and "desempeñado" as "desempefiado": the first page
    read in English shows the language, is read again in it, and the next page only in it."""
    from archive import pdftext
    if not pdftext._has_language_data("es"):
        pytest.skip("Tesseract has no Spanish data")
    languages = _counting_tesseract(monkeypatch)
    ex = extract(_scanned_pages(tmp_path, _SPANISH_SCAN), ocr=True)
    text = " ".join(" ".join(p.text for p in ex.pages).split())
    for word in ("Acción", "posición", "atención", "relación", "años", "desempeñado", "Comisión", "reunión"):
        assert word in text
    assert languages == ["eng", "spa", "spa"]
    # A scan after a page with a text layer is read in that page's language at once.
    typed = pymupdf.open(make_pdf(tmp_path / "typed.pdf", [_SPANISH_SCAN[1] * 2]))
    typed.insert_pdf(pymupdf.open(stream=_scanned_pages(tmp_path, _SPANISH_SCAN[:1])))
    languages.clear()
    ex = extract(typed.tobytes(), ocr=True)
    assert ex.ocr_pages == [2] and "Acción" in ex.pages[1].text and languages == ["spa"]


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_an_english_scan_is_read_once_and_a_given_language_is_kept(tmp_path, monkeypatch):
    languages = _counting_tesseract(monkeypatch)
    extract(_scanned_pages(tmp_path, ["We undertake to publish the assessment\nin December 2020.",
                                      "The company has not answered our questions."]), ocr=True)
    assert languages == ["eng", "eng"]
    languages.clear()
    extract(_scan(tmp_path, ["We undertake to publish the assessment."]), ocr=True, language_hint="fr")
    assert languages == ["fra"]

def test_usable_text_problem_tells_placeholder_garbage_and_real_text():
    from archive.pdftext import usable_text_problem
    xfa = ("Please wait...\n\nIf this message is not eventually replaced by the proper contents of the "
           "document, your PDF viewer may not be able to display this type of document.")
    assert usable_text_problem(xfa) == "placeholder text (XFA form)"
    assert usable_text_problem(xfa.replace("eventually", "finally")) == ""
    assert usable_text_problem("\x01\x02\x03 \x04\x05\x06 " * 30) == "garbage text layer"
    assert usable_text_problem("·· ·· -- ** ·· ,, " * 10) == "garbage text layer"
    assert usable_text_problem("Señora Directora, le escribimos en relación con la evaluación pública. " * 5) == ""
    assert usable_text_problem("这封信是关于对记者的监视。" * 20) == ""
    assert usable_text_problem(" \n\t " * 50) == "needs OCR"


@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=80)
       | st.text(alphabet="ab_ 9.-\n²½Ⅻé中ß\u0301", max_size=80))
def test_letters_are_counted_as_the_word_pattern_counts_them(text):
    from archive.pdftext import _alnum_count
    assert _alnum_count(text) == sum(map(len, re.findall(r"[^\W_]+", text)))


def test_word_boxes_pack_as_float32_and_unpack():
    import array
    import zlib

    from archive.pdftext import pack_words, unpack_words
    boxes = [(0, 4, 72.5, 100.25, 101.0, 112.0), (5, 2 ** 24 + 3, 1e-3, 2.0, 3.0, 4.0)]
    flat = [v for box in boxes for v in box]
    assert pack_words(boxes) == pack_words(flat) == zlib.compress(array.array("f", flat).tobytes(), 1)
    assert unpack_words(pack_words(boxes))[0] == (0, 4, 72.5, 100.25, 101.0, 112.0)
    huge = [0, 1, 1e39, -1e39, 0.0, 0.0]   # beyond float32: infinite, as array("f") makes it
    assert pack_words(huge) == zlib.compress(array.array("f", huge).tobytes(), 1)
    assert pack_words([]) == zlib.compress(b"", 1) and unpack_words(b"") == []
