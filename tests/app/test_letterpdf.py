"""Tests for the letter renderer: real PDFs, read back with PyMuPDF."""

import pymupdf
import pytest

from app.letterpdf import Letter, LetterRenderError, Style, render_letter, render_scanned


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> tuple[int, list[str]]:
    with pymupdf.open("pdf", data) as doc:
        return doc.page_count, [page.get_text() for page in doc]


def make_letter(paragraphs: list[str], **changes) -> Letter:
    fields = dict(
        letterhead="Open Rights Watch\n12 Carrow Lane, London N1 4QT",
        place_date="London, 27 April 2021",
        addressee=["Mr. Boris Gelfand", "Chief Executive Officer", "Northwind Mining plc"],
        subject="Community consultation at the Tallis mine",
        salutation="Dear Mr. Gelfand,",
        paragraphs=paragraphs,
        closing="Yours faithfully,",
        signatories=["Helen Marsh", "Executive Director", "", "Tomas Verbeek", "Director, Privacy Frontline"],
    )
    fields.update(changes)
    return Letter(**fields)


LONG_PARAGRAPH = (
    "The company undertook to complete an independent assessment of the resettlement plan and to "
    "share its findings with the affected communities before construction resumed. We have seen no "
    "evidence that the assessment was completed, and community representatives tell us that they "
    "were not consulted about its terms of reference."
)


def test_every_part_of_the_letter_is_in_the_text_layer(tmp_path):
    letter = make_letter(["We write about the consultation held on 3 March.", "We ask for a reply by 30 May."])
    path = tmp_path / "letter.pdf"
    data = render_letter(letter, path)
    assert path.read_bytes() == data
    pages, texts = pdf_text(data)
    assert pages == 1
    text = squash(texts[0])
    for expected in ["Open Rights Watch", "12 Carrow Lane, London N1 4QT", "London, 27 April 2021",
                     "Mr. Boris Gelfand Chief Executive Officer Northwind Mining plc",
                     "Re: Community consultation at the Tallis mine", "Dear Mr. Gelfand,",
                     "We write about the consultation held on 3 March.", "We ask for a reply by 30 May.",
                     "Yours faithfully,", "Helen Marsh Executive Director", "Director, Privacy Frontline"]:
        assert expected in text
    # A one-page letter carries no page number.
    assert "Page 1" not in text


def test_text_appears_in_reading_order():
    letter = make_letter(["Alpha paragraph.", "Bravo paragraph.", "Charlie paragraph."])
    text = squash(pdf_text(render_letter(letter))[1][0])
    positions = [text.index(s) for s in ["Open Rights Watch", "Dear Mr. Gelfand,", "Alpha", "Bravo",
                                         "Charlie", "Yours faithfully,", "Helen Marsh"]]
    assert positions == sorted(positions)


def test_long_letters_wrap_paginate_and_number_their_pages():
    paragraphs = [f"Paragraph {n}. {LONG_PARAGRAPH}" for n in range(1, 25)]
    pages, texts = pdf_text(render_letter(make_letter(paragraphs)))
    assert pages >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    # Every paragraph survives wrapping and page breaks word for word (once the footers are removed).
    joined = squash(" ".join(text.replace(f"Page {n} of {pages}", "") for n, text in enumerate(texts, 1)))
    for paragraph in paragraphs:
        assert paragraph in joined
    # Lines are wrapped: no extracted line is anywhere near a whole paragraph long.
    assert max(len(line) for text in texts for line in text.splitlines()) < 120
    # The signature block ends the letter.
    assert "Director, Privacy Frontline" in texts[-1]


def test_page_numbers_follow_the_language():
    paragraphs = [LONG_PARAGRAPH] * 12
    _, texts = pdf_text(render_letter(make_letter(paragraphs, language="es")))
    assert "Página 1 de 2" in texts[0]
    _, texts = pdf_text(render_letter(make_letter(paragraphs, language="fr")))
    assert "Page 2 sur 2" in texts[1]


def test_accents_and_typographic_quotes_survive_extraction():
    tricky = ("Señora Ibáñez said “we will publish it” — à l’époque, l’Observatoire était déçu; "
              "‘naïve’ cooperation… costs €5,000 – Ærø, Œuvre, façade.")
    letter = make_letter([tricky], salutation="Estimada Sra. Ibáñez:", language="es",
                         subject="Asunto: Evaluación de impacto")
    text = squash(pdf_text(render_letter(letter))[1][0])
    assert tricky in text
    assert "Estimada Sra. Ibáñez:" in text
    # A subject that already has its own prefix is not given a second one.
    assert "Asunto: Evaluación de impacto" in text
    assert "Asunto: Asunto:" not in text


def test_subject_gets_the_language_prefix():
    text = squash(pdf_text(render_letter(make_letter(["Body."], language="fr", subject="Étude d’impact")))[1][0])
    assert "Objet : Étude d’impact" in text


def test_memo_has_a_memorandum_header():
    memo = make_letter(["The assessment will be late."], kind="memo", salutation="", closing="",
                       addressee=["Marta Kessler, CEO"], signatories=["Daniel Okafor, Head of Corporate Affairs"],
                       subject="Assessment timetable", place_date="3 February 2020")
    lines = [line.strip() for line in pdf_text(render_letter(memo))[1][0].splitlines()]
    assert "MEMORANDUM" in lines
    for label, value in [("To:", "Marta Kessler, CEO"), ("From:", "Daniel Okafor, Head of Corporate Affairs"),
                         ("Date:", "3 February 2020"), ("Re:", "Assessment timetable")]:
        assert label in lines and value in lines
    assert "The assessment will be late." in lines


def test_long_words_are_split_rather_than_overflowing():
    url = "https://example.org/" + "a" * 300
    with pymupdf.open("pdf", render_letter(make_letter([url]))) as doc:
        page = doc[0]
        assert all(block[2] <= page.rect.width - 50 for block in page.get_text("blocks"))
        assert "a" * 300 in "".join(page.get_text().split())


def test_nine_signatories_stay_together_and_complete():
    signatories = []
    for n in range(1, 10):
        signatories += [f"Signatory Person {n}, Director", f"Organisation Number {n}", ""]
    letter = make_letter([LONG_PARAGRAPH] * 6, signatories=signatories)
    _, texts = pdf_text(render_letter(letter))
    joined = squash(" ".join(texts))
    for n in range(1, 10):
        assert f"Signatory Person {n}, Director Organisation Number {n}" in joined


def test_styles_change_fonts_but_not_text():
    letter = make_letter(["Same words either way."])
    serif = render_letter(letter)
    sans = render_letter(letter, style=Style(body_font="sans", letterhead_align="center", date_align="left"))
    assert serif != sans
    assert squash(pdf_text(serif)[1][0]) == squash(pdf_text(sans)[1][0])
    with pymupdf.open("pdf", sans) as doc:
        used = {span["font"] for block in doc[0].get_text("dict")["blocks"]
                for line in block["lines"] for span in line["spans"]}
    assert not any("Times" in name for name in used)


def test_rendering_is_deterministic():
    letter = make_letter([LONG_PARAGRAPH] * 10)
    assert render_letter(letter) == render_letter(letter)


def test_scanned_letter_has_images_but_no_text_layer():
    letter = make_letter([LONG_PARAGRAPH] * 12)
    text_pages, _ = pdf_text(render_letter(letter))
    with pymupdf.open("pdf", render_scanned(letter)) as doc:
        assert doc.page_count == text_pages
        for page in doc:
            assert page.get_text().strip() == ""
            images = page.get_images()
            assert len(images) == 1
            info = doc.extract_image(images[0][0])
            # A4 at about 150 dpi is roughly 1240 x 1754 pixels.
            assert 1200 <= info["width"] <= 1280 and 1700 <= info["height"] <= 1800


@pytest.mark.parametrize("change, message", [
    ({"kind": "postcard"}, "kind must be one of"),
    ({"language": "de"}, "language must be one of"),
    ({"letterhead": "  "}, "letterhead is empty"),
    ({"paragraphs": "just a string"}, "paragraphs must be a list"),
    ({"paragraphs": ["Zażółć gęślą jaźń"]}, "paragraph 1 contains characters"),
    ({"salutation": None}, "salutation must be text"),
    ({"addressee": ["Ms A", "bad\x07bell"]}, "addressee line 2"),
])
def test_bad_input_gives_a_clear_error(change, message):
    with pytest.raises(LetterRenderError, match=message):
        render_letter(make_letter(**{"paragraphs": ["Body."], **change}))


def test_bad_style_gives_a_clear_error():
    with pytest.raises(LetterRenderError, match="body_font"):
        render_letter(make_letter(["Body."]), style=Style(body_font="comic"))


# --- The benchmark corpus is built on the renderer, so its checks live here.

def test_corpus_is_deterministic_and_made_of_valid_letters(tmp_path):
    from bench.corpus import generate_corpus

    first = generate_corpus(tmp_path / "a", 12, seed=3, processes=1)
    second = generate_corpus(tmp_path / "b", 12, seed=3, processes=1)
    other = generate_corpus(tmp_path / "c", 12, seed=4, processes=1)
    assert [p.name for p in first] == [f"letter_{n:05d}.pdf" for n in range(1, 13)]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]
    for path in first:
        with pymupdf.open(path) as doc:
            assert 1 <= doc.page_count <= 5
            text = " ".join(page.get_text() for page in doc)
            assert len(text.split()) > 80
    manifest = (tmp_path / "a" / "manifest.json").read_text(encoding="utf-8")
    assert manifest == (tmp_path / "b" / "manifest.json").read_text(encoding="utf-8")


def test_corpus_letters_vary_like_real_correspondence():
    from bench.corpus import make_letter

    made = [make_letter(index, seed=1) for index in range(300)]
    languages = [meta["language"] for _, _, meta in made]
    assert 0.04 <= (len(languages) - languages.count("en")) / len(languages) <= 0.2
    assert {meta["signatories"] for _, _, meta in made} == set(range(1, 10))
    years = {meta["date"][:4] for _, _, meta in made}
    assert years == {str(year) for year in range(2015, 2025)}
    assert len({letter.letterhead.split("\n")[0] for letter, _, _ in made}) >= 30
    assert len({letter.place_date[:2].isdigit() for letter, _, _ in made}) == 2  # "14 March…" and "London, …"
    assert {letter.kind for letter, _, _ in made} == {"letter", "memo"}
    # Three-page letters are the most common length.
    lengths = [len(pymupdf.open("pdf", render_letter(letter, style=style))) for letter, style, _ in made[:60]]
    assert max(set(lengths), key=lengths.count) == 3


def test_corpus_rejects_a_negative_count(tmp_path):
    from bench.corpus import generate_corpus

    with pytest.raises(ValueError, match="number of letters"):
        generate_corpus(tmp_path, -1)


def test_corpus_command_line_reports_what_it_wrote(tmp_path, capsys):
    from bench.corpus import main

    assert main([str(tmp_path / "out"), "--letters", "3", "--seed", "2", "--processes", "1"]) == 0
    output = capsys.readouterr().out
    assert output.startswith("wrote 3 letters") and " s (" in output
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
