"""Tests for the draft model, its exporters and reading quotations back out of exports."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pymupdf
import pytest

from app.draft import export as draft_export
from app.draft.export import export_draft
from app.draft.model import (Appendix, AppendixRow, Citation, Draft, DraftError, Paragraph,
                             Quote, Run, human_date)
from app.draft.read import read_quotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _citation(page: int, doc_date: str | None, title: str = "letter to Open Rights Watch"):
    return Citation(passage_id=f"p{page}", doc_id="doc-veridian-1", said_by="Veridian Signals",
                    said_on=doc_date, doc_title=title, doc_date=doc_date, page=page)


QUOTES = [
    Quote("We will publish a full human-rights due diligence report, covering every "
          "customer in the Gulf region, by the end of 2020.", _citation(2, "2020-06-03")),
    Quote("Our products are sold only to vetted government agencies […] and are never "
          "used against journalists.", _citation(3, "2020-06"), block=False),
    Quote("The independant review will be completed within six months [sic] of this letter "
          "& shared with civil society <in full>.", _citation(1, "2021", "Annual report 2021")),
]


def realistic_draft(style: str = "footnotes") -> Draft:
    rows = [
        AppendixRow("Publish a human-rights due diligence report", "Veridian Signals", "2020-06-03",
                    _citation(2, "2020-06-03"), "Not met", "2021-05", "No report found on the "
                    "company's website | checked 12 May 2021", "When will it appear?"),
        AppendixRow("Sell only to vetted agencies", "Veridian Signals", "2020-06",
                    _citation(3, "2020-06"), "Disputed", None, "Forensic traces in Togo & Mexico",
                    "Which <vetting> criteria apply?"),
        AppendixRow("Commission an independent review", "Veridian Signals", "2021",
                    _citation(1, "2021", "Annual report 2021"), "Partly met", "2022-01-15",
                    "Terms of reference published", "Who chairs the *review*?"),
        AppendixRow("Set up a grievance mechanism", "Veridian Signals (CEO, Ms. Håkansson)", None,
                    _citation(4, "2020-06-03"), "Open", None, None,
                    "Is it open to non-customers?"),
    ]
    return Draft(
        to="Ms. Ingrid Håkansson\nChief Executive Officer\nVeridian Signals Ltd\nLondon",
        from_=["Maya Okafor\nDirector\nOpen Rights Watch", "Tomás Rivera\nResearcher\nOpen Rights Watch"],
        date="2022-03-14",
        subject="Your commitments of June 2020 & the “independent review”",
        salutation="Dear Ms. Håkansson,",
        closing="Yours sincerely,",
        blocks=[
            Paragraph([Run("We write to follow up on your letter of 3 June 2020, in which you "
                           "gave Open Rights Watch several undertakings. "),
                       Run("Almost two years later,", bold=True),
                       Run(" we have been unable to confirm that any of them was met.")]),
            Paragraph([Run("What you promised")], style="heading1"),
            Paragraph([Run("In your letter you stated:")]),
            QUOTES[0],
            Paragraph([Run("You also wrote that "), QUOTES[1],
                       Run(" Our research <2021> shows otherwise; see the "),
                       Run("forensic report", italic=True, link="https://example.org/report?a=1&b=2"),
                       Run(".")]),
            Paragraph([Run("Points that remain open | for discussion")], style="heading2"),
            Paragraph([Run("Whether the *review* is independent at all;")], style="bullet"),
            Paragraph([Run("who the “vetted” agencies are (a list, not a promise).")],
                      style="bullet"),
            Paragraph([Run("Your 2021 annual report adds:")]),
            QUOTES[2],
            Paragraph([Run("We would be grateful for a reply by 15 April 2022, which we intend "
                           "to publish in full alongside this letter — café talk will not do.")]),
            Appendix("Appendix: Commitments and their status", rows),
        ],
        citation_style=style,
    )


@pytest.fixture
def draft() -> Draft:
    return realistic_draft()


def _read_back(path: Path) -> list[tuple[str, str | None]]:
    return [(q["quote"], q["citation"]) for q in read_quotations(path)]


def _expected() -> list[tuple[str, str]]:
    return [(q.text, q.citation.text()) for q in QUOTES]


def _pdf_text(page) -> str:
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    return " ".join(page.get_text(flags=flags).split())


# -- the model -------------------------------------------------------------------

def test_human_dates_keep_their_precision():
    assert human_date("2020") == "2020"
    assert human_date("2020-06") == "June 2020"
    assert human_date("2020-06-03") == "3 June 2020"
    assert human_date("Spring 2021") == "Spring 2021"
    assert human_date(None) == ""


def test_citation_text_reads_like_a_reference():
    assert QUOTES[0].citation.text() == "Veridian Signals, letter to Open Rights Watch, 3 June 2020, p. 2"
    assert QUOTES[1].citation.text() == "Veridian Signals, letter to Open Rights Watch, June 2020, p. 3"
    undated = Citation(None, "d", "Veridian Signals", None, "briefing note", None, 7)
    assert undated.text() == "Veridian Signals, briefing note, n.d., p. 7"


@pytest.mark.parametrize("bad", ["2020-13", "2020-02-30", "20-06-03", "June 2020"])
def test_citation_rejects_impossible_dates(bad):
    with pytest.raises(DraftError, match="date"):
        Citation(None, "d", "X", bad, "letter", None, 1)


def test_citation_rejects_page_zero():
    with pytest.raises(DraftError, match="page"):
        Citation(None, "d", "X", None, "letter", None, 0)


def test_block_quote_cannot_sit_inside_a_paragraph():
    with pytest.raises(DraftError, match="block quotation"):
        Paragraph([Run("see "), QUOTES[0]])


def test_draft_survives_json_round_trip(draft):
    import json
    stored = json.loads(json.dumps(draft.to_dict()))
    assert Draft.from_dict(stored) == draft
    assert Draft.from_dict(stored).quotes() == QUOTES


def test_from_dict_explains_bad_stored_drafts(draft):
    stored = draft.to_dict()
    stored["blocks"].append({"type": "picture"})
    with pytest.raises(DraftError, match="unknown type 'picture'"):
        Draft.from_dict(stored)
    stored = draft.to_dict()
    del stored["blocks"][3]["citation"]["page"]
    with pytest.raises(DraftError, match="no 'page' field"):
        Draft.from_dict(stored)


# -- DOCX -------------------------------------------------------------------------

def test_docx_has_real_footnotes_and_the_appendix_table(draft, tmp_path):
    path = tmp_path / "letter.docx"
    export_draft(draft, "docx", path)
    document = docx.Document(str(path))
    notes_parts = [rel.target_part for rel in document.part.rels.values()
                   if rel.reltype.endswith("/footnotes")]
    assert len(notes_parts) == 1
    assert notes_parts[0].content_type == ("application/vnd.openxmlformats-officedocument."
                                           "wordprocessingml.footnotes+xml")
    root = pymupdf_free_xml(notes_parts[0].blob)
    ids = [n.get(W + "id") for n in root.iter(W + "footnote")]
    assert ids == ["-1", "0", "1", "2", "3"]
    refs = document.element.body.findall(f".//{W}footnoteReference")
    assert [r.get(W + "id") for r in refs] == ["1", "2", "3"]
    assert "FootnoteReference" in {s.style_id for s in document.styles}

    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == list(draft_export.APPENDIX_HEADERS)
    assert len(table.rows) == 5
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert "No report found on the company's website | checked 12 May 2021" in table.rows[1].cells[3].text
    assert table.rows[3].cells[1].text == "Veridian Signals\n2021"
    assert document.sections[-1].page_width > document.sections[-1].page_height  # landscape
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Re: Your commitments of June 2020 & the “independent review”" in text
    assert "14 March 2022" in text


def pymupdf_free_xml(blob: bytes):
    from lxml import etree
    return etree.fromstring(blob)


def test_docx_endnotes_and_inline_citations(tmp_path):
    path = tmp_path / "endnotes.docx"
    export_draft(realistic_draft("endnotes"), "docx", path)
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert "word/endnotes.xml" in names and "word/footnotes.xml" not in names
        assert package.read("word/document.xml").count(b"<w:endnoteReference") == 3
        assert b"endnotes+xml" in package.read("[Content_Types].xml")

    path = tmp_path / "inline.docx"
    export_draft(realistic_draft("inline"), "docx", path)
    with zipfile.ZipFile(path) as package:
        assert not {"word/endnotes.xml", "word/footnotes.xml"} & set(package.namelist())
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "by the end of 2020. (Veridian Signals, letter to Open Rights Watch, 3 June 2020, p. 2)" in text
    assert "“Our products are sold only to vetted government agencies […] and are never used " \
           "against journalists.” (Veridian Signals" in text


def test_docx_drops_control_characters_pasted_from_pdfs(tmp_path):
    draft = realistic_draft()
    draft.blocks.insert(0, Paragraph([Run("Form\x0cfeed and\x00 null")]))
    export_draft(draft, "docx", tmp_path / "letter.docx")
    paragraphs = docx.Document(str(tmp_path / "letter.docx")).paragraphs
    assert "Formfeed and null" in [p.text for p in paragraphs]


def soffice(tmp_path) -> list[str]:
    """Headless LibreOffice with a profile of its own in the test's folder, never the user's."""
    return ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"]


def test_libreoffice_gets_a_profile_in_the_test_folder(tmp_path):
    [arg] = [a for a in soffice(tmp_path) if a.startswith("-env:UserInstallation=")]
    assert arg == "-env:UserInstallation=file://" + str(tmp_path / "lo-profile")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice_with_footnotes_at_the_page_bottom(draft, tmp_path):
    export_draft(draft, "docx", tmp_path / "letter.docx")
    subprocess.run(soffice(tmp_path) + ["--convert-to", "pdf", "--outdir", str(tmp_path),
                                        str(tmp_path / "letter.docx")], check=True, capture_output=True, timeout=180)
    with pymupdf.open(tmp_path / "letter.pdf") as pdf:
        first = pdf[0]
        notes = [b for b in first.get_text("blocks") if "letter to Open Rights Watch, 3 June 2020, p. 2." in b[4]]
        assert notes and notes[0][1] > first.rect.height * 0.7
        assert "Page 1 of 2" in _pdf_text(first)
        assert "Commitments and their status" in _pdf_text(pdf[1])


# -- reading quotations back ---------------------------------------------------------

@pytest.mark.parametrize("style", ["footnotes", "endnotes", "inline"])
@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_round_trip_gives_back_the_quotes_and_citations(fmt, style, tmp_path):
    path = tmp_path / f"letter.{fmt}"
    export_draft(realistic_draft(style), fmt, path)
    assert _read_back(path) == _expected()
    assert all(q["location"].startswith("paragraph ") for q in read_quotations(path))


def test_reads_quotations_from_a_word_file_written_by_hand(tmp_path):
    document = docx.Document()
    document.add_paragraph("Dear Sir,")
    document.add_paragraph("They promised a “full and frank review of all contracts” (Annual report, p. 4), "
                           "and called it “their priority”.")
    document.add_paragraph("We will not sell to abusive regimes.", style="Quote")
    document.save(str(tmp_path / "hand.docx"))
    assert read_quotations(tmp_path / "hand.docx") == [
        {"quote": "full and frank review of all contracts", "citation": "Annual report, p. 4",
         "location": "paragraph 2"},
        {"quote": "We will not sell to abusive regimes.", "citation": None, "location": "paragraph 3"},
    ]


def test_reads_quotations_from_markdown_html_and_text_written_by_hand(tmp_path):
    (tmp_path / "a.md").write_text(
        "# Notes\n\nThey said \"we take privacy very seriously\"[^a] and *more*.\n\n"
        "> We *will* publish\n> the list.\n\n[^a]: Press release, 2019.\n", encoding="utf-8")
    assert _read_back(tmp_path / "a.md") == [("we take privacy very seriously", "Press release, 2019"),
                                             ("We will publish the list.", None)]
    (tmp_path / "a.html").write_text(
        "<html><body><p>As noted, <q>audits happen every single year</q>.</p>"
        "<blockquote><p>Our tools &amp; services are lawful.</p>"
        "<footer><cite>CEO speech, 2021</cite></footer></blockquote></body></html>", encoding="utf-8")
    assert _read_back(tmp_path / "a.html") == [("audits happen every single year", None),
                                               ("Our tools & services are lawful.", "CEO speech, 2021")]
    (tmp_path / "a.txt").write_text(
        "They wrote:\n\n    No data is ever shared with third parties.[1]\n\n"
        "[1] Letter of 4 May 2020, p. 2.\n", encoding="utf-8")
    assert _read_back(tmp_path / "a.txt") == [("No data is ever shared with third parties.",
                                               "Letter of 4 May 2020, p. 2")]


def test_reading_bad_files_explains_the_problem(tmp_path):
    with pytest.raises(FileNotFoundError, match="no file"):
        read_quotations(tmp_path / "missing.docx")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(ValueError, match=r"\.docx, \.md, \.html"):
        read_quotations(tmp_path / "scan.pdf")
    (tmp_path / "broken.docx").write_bytes(b"not a zip file")
    with pytest.raises(ValueError, match="not a Word document"):
        read_quotations(tmp_path / "broken.docx")


# -- Markdown and HTML ---------------------------------------------------------------

def test_markdown_escapes_and_tables(draft, tmp_path):
    export_draft(draft, "md", tmp_path / "letter.md")
    text = (tmp_path / "letter.md").read_text(encoding="utf-8")
    assert "> We will publish a full human-rights due diligence report" in text
    assert "[^1]: Veridian Signals, letter to Open Rights Watch, 3 June 2020, p. 2." in text
    assert "company's website \\| checked 12 May 2021" in text
    assert "Who chairs the \\*review\\*?" in text
    table_rows = [ln for ln in text.splitlines() if ln.startswith("| ")]
    assert len(table_rows) == 5
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 6 for row in table_rows)


def test_html_is_standalone_and_escaped(draft, tmp_path):
    export_draft(draft, "html", tmp_path / "letter.html")
    page = (tmp_path / "letter.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<link" not in page
    assert "Our research &lt;2021&gt; shows" in page
    assert "<in full>" not in page and "&lt;in full&gt;" in page
    assert 'href="https://example.org/report?a=1&amp;b=2"' in page
    assert page.count("<blockquote>") == 2 and "<thead>" in page
    assert '<li id="fn3">Veridian Signals, Annual report 2021, 2021, p. 1.' in page


# -- PDF ----------------------------------------------------------------------------

def test_pdf_has_the_quotes_notes_and_page_numbers(draft, tmp_path):
    export_draft(draft, "pdf", tmp_path / "letter.pdf")
    with pymupdf.open(tmp_path / "letter.pdf") as pdf:
        pages = [_pdf_text(page) for page in pdf]
        assert pdf.metadata["title"] == f"Re: {draft.subject}"
        assert pdf[0].rect.width < pdf[0].rect.height < pdf[-1].rect.height + 300
        assert pdf[-1].rect.width > pdf[-1].rect.height  # the appendix is landscape
    for n, text in enumerate(pages, start=1):
        assert text.endswith(f"Page {n} of {len(pages)}") or f"Page {n} of {len(pages)}" in text
    everything = " ".join(pages)
    for quote in QUOTES:
        assert " ".join(quote.text.split()) in everything
    assert "3 Veridian Signals, Annual report 2021, 2021, p. 1." in pages[0]
    assert "Forensic traces in Togo & Mexico" in pages[-1]


def test_pdf_footnotes_sit_on_the_page_of_their_reference(tmp_path):
    filler = ("The company’s public statements on this matter have changed several times, and "
              "we set out below what was said, when, and by whom, so that the record is clear. ")
    blocks = []
    for n in range(1, 15):
        blocks.append(Paragraph([Run(filler * 3)]))
        blocks.append(Quote(f"Statement number {n} was made in good faith.",
                            _citation(10 + n, "2020-06-03")))
    letter = Draft(to="Veridian Signals", from_=["Open Rights Watch"], date="2022-03-14",
                   subject="Long letter", salutation="Dear Sirs,", closing="Yours faithfully,",
                   blocks=blocks)
    export_draft(letter, "pdf", tmp_path / "long.pdf")
    with pymupdf.open(tmp_path / "long.pdf") as pdf:
        assert pdf.page_count >= 4
        placed = {}
        for number, page in enumerate(pdf):
            text = _pdf_text(page)
            for n in range(1, 15):
                if f"Statement number {n} was made" in text:
                    placed.setdefault(n, set()).add(("quote", number))
                if f"3 June 2020, p. {10 + n}." in text:
                    placed.setdefault(n, set()).add(("note", number))
    for n in range(1, 15):
        pages_seen = {page for _, page in placed[n]}
        assert len(placed[n]) == 2 and len(pages_seen) == 1, (n, placed[n])


# -- keeping the closing with the signatures --------------------------------------

LAST_WORDS = "We look forward to your reply."


def _letter_of_length(words: int, signatories: int = 2) -> Draft:
    """A one-to-two page letter whose closing moves down the page as words are added."""
    filler = ("The company’s public statements on this matter have changed several times, and "
              "we set out below what was said, when, and by whom, so that the record is clear. ")
    text = (filler * 20).split()
    blocks = [Paragraph([Run(" ".join(text[:45]))]) for _ in range(5)]
    blocks.insert(2, Paragraph([Run("You wrote that "), QUOTES[1]]))  # a footnote on page 1
    blocks.append(Paragraph([Run(" ".join(text[:words]))]))
    blocks.append(Paragraph([Run(LAST_WORDS)]))  # one line, so never split over two pages
    people = [f"Signatory Number{n}\nPosition {n}\nOpen Rights Watch"
              for n in range(1, signatories + 1)]
    return Draft(to="Veridian Signals", from_=people, date="2022-03-14", subject="Long letter",
                 salutation="Dear Sirs,", closing="Yours faithfully,", blocks=blocks)


def _pages_with(pdf, text: str) -> list[int]:
    return [n for n, page in enumerate(pdf) if text in _pdf_text(page)]


def _first_page_with(pdf, text: str) -> int:
    return _pages_with(pdf, text)[0]


def test_pdf_never_ends_a_page_with_the_closing(tmp_path):
    moved = 0
    # The letter grows a dozen words at a time, so at some lengths the closing falls
    # at the foot of page 1 with no room left for the signatures.
    for words in range(60, 340, 12):
        export_draft(_letter_of_length(words), "pdf", tmp_path / "letter.pdf")
        with pymupdf.open(tmp_path / "letter.pdf") as pdf:
            closing = _first_page_with(pdf, "Yours faithfully,")
            assert closing == _first_page_with(pdf, "Signatory Number1"), words
            assert closing == _first_page_with(pdf, "Signatory Number2"), words
            # The closing never starts a page alone: the body's last lines come with it.
            assert _first_page_with(pdf, LAST_WORDS) == closing, words
            closing_box = pdf[closing].search_for("Yours faithfully,")[0]
            assert pdf[closing].search_for(LAST_WORDS)[0].y1 < closing_box.y0
            if closing > 0:
                moved += 1
                signature = pdf[closing].search_for("Signatory Number1")[0]
                assert closing_box.y1 < signature.y0
            assert "Veridian Signals, letter to Open Rights Watch, June 2020, p. 3." \
                in _pdf_text(pdf[0])  # the footnote still sits under its reference
        unsigned = _letter_of_length(words, signatories=0)
        export_draft(unsigned, "pdf", tmp_path / "unsigned.pdf")
        with pymupdf.open(tmp_path / "unsigned.pdf") as pdf:
            # With no signatures to keep it company, the closing goes over only when it
            # does not fit under the last paragraph, above the footnote.
            if _first_page_with(pdf, "Yours faithfully,") != _first_page_with(pdf, LAST_WORDS):
                line = pdf[0].search_for(LAST_WORDS)[0]
                note = pdf[0].search_for("Veridian Signals, letter to")[0]
                assert note.y0 - line.y1 < 3 * line.height, words
    assert moved >= 3  # the body ended on page 1 and the closing went over with the signatures


def _closing_letter(words: int, last_words: int, signed: bool) -> Draft:
    """A letter whose body nearly fills page 1, ending with a paragraph of some lines."""
    text = (("The company’s public statements on this matter have changed several times, and we set "
             "out below what was said, when, and by whom, so that the record is clear. ") * 30).split()
    blocks = [Paragraph([Run(f"Point {n}: " + " ".join(text[:45]))]) for n in range(1, 5)]
    blocks.append(Paragraph([Run("Point 5: " + " ".join(text[:words]))]))
    blocks.append(Paragraph([Run("Finally, " + " ".join(text[:last_words]) + " We await your reply.")]))
    people = ["Signatory Number1\nPosition 1\nOpen Rights Watch"] if signed else []
    return Draft(to="Veridian Signals", from_=people, date="2022-03-14", subject="Long letter",
                 salutation="Dear Sirs,", closing="Yours faithfully,", blocks=blocks)


def _body_lines(page, above: float | None = None) -> list[float]:
    """The heights at which the page has lines of text (above `above`), its page number left out."""
    bottom = page.rect.height - 70
    return sorted({round(w[3]) for w in page.get_text("words") if w[3] < (above or bottom)})


@pytest.mark.parametrize("last_words, signed", [(70, True), (70, False), (30, True), (30, False)])
def test_pdf_closing_goes_over_with_the_last_lines_of_the_body(tmp_path, last_words, signed):
    """Like a word processor's keep-with-next: a closing that does not fit on the page takes at
    least the last two lines of the body's last paragraph with it (all of it when it is short), and
    no word is lost or written twice."""
    moved = 0
    for words in range(262, 400, 9):
        draft = _closing_letter(words, last_words, signed)
        export_draft(draft, "pdf", tmp_path / "letter.pdf")
        with pymupdf.open(tmp_path / "letter.pdf") as pdf:
            pages = [_pdf_text(page) for page in pdf]
            closing = next(n for n, text in enumerate(pages) if "Yours faithfully," in text)
            everything = " ".join(" ".join(re.sub(r"Page \d of \d", "", text) for text in pages).split())
            for block in draft.blocks:
                assert everything.count(block.runs[0].text) == 1, (words, block.runs[0].text[:9])
            assert everything.count("Yours faithfully,") == 1
            if closing == 0:
                continue
            moved += 1
            page = pdf[closing]
            kept = _body_lines(page, above=page.search_for("Yours faithfully,")[0].y0)
            assert len(kept) >= 2, words                      # body text stands above the closing
            if "Finally," not in pages[closing]:              # the last paragraph runs over pages
                start = pdf[closing - 1].search_for("Finally,")[0].y1
                assert len([y for y in _body_lines(pdf[closing - 1]) if y >= round(start)]) >= 2, words
                assert last_words > 30, words                 # a short one goes over whole
            if signed:
                assert "Signatory Number1" in pages[closing]
    assert moved >= 4     # the sweep crossed the page's foot


def test_docx_keeps_the_closing_with_the_signatures(tmp_path):
    export_draft(_letter_of_length(100, signatories=4), "docx", tmp_path / "letter.docx")
    document = docx.Document(str(tmp_path / "letter.docx"))
    closing = next(p for p in document.paragraphs if p.text == "Yours faithfully,")
    assert closing.paragraph_format.keep_with_next and closing.paragraph_format.keep_together
    assert closing._p.getnext() is document.tables[0]._tbl  # the signatures follow directly
    # Nor does it start a page alone: the body's last paragraph holds on to it.
    last = closing._p.getprevious()
    assert last is not None and last.xpath("string(.)") == LAST_WORDS
    assert docx.text.paragraph.Paragraph(last, closing._parent).paragraph_format.keep_with_next
    rows = document.tables[0].rows
    assert [len([c for c in row.cells if c.text]) for row in rows] == [3, 1]
    for number, row in enumerate(rows):
        assert row._tr.find(f"{W}trPr/{W}cantSplit") is not None
        for cell in row.cells:
            if not cell.text:
                continue
            paragraph = cell.paragraphs[0].paragraph_format
            assert paragraph.keep_together
            # Every row but the last holds on to the next one.
            assert paragraph.keep_with_next == (True if number < len(rows) - 1 else None)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_closing_and_whole_signatures_share_a_page_in_libreoffice(tmp_path):
    lengths = range(100, 300, 25)
    for words in lengths:
        export_draft(_letter_of_length(words), "docx", tmp_path / f"letter{words}.docx")
    subprocess.run(soffice(tmp_path) + ["--convert-to", "pdf", "--outdir", str(tmp_path)]
                   + [str(tmp_path / f"letter{words}.docx") for words in lengths],
                   check=True, capture_output=True, timeout=300)
    moved = 0
    for words in lengths:
        with pymupdf.open(tmp_path / f"letter{words}.pdf") as pdf:
            closing = _first_page_with(pdf, "Yours faithfully,")
            assert closing == _first_page_with(pdf, "Signatory Number1"), words
            # The signatures' last lines too (the sender's name also heads page 1).
            assert closing == _pages_with(pdf, "Open Rights Watch")[-1], words
            # The closing never starts a page alone: the body's last paragraph is there too.
            assert _first_page_with(pdf, LAST_WORDS) == closing, words
            moved += closing > 0
    assert moved >= 1   # the closing went over to page 2 at some lengths


# -- writing safely ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["docx", "pdf", "md", "html"])
def test_a_failed_export_leaves_the_old_file_untouched(fmt, tmp_path):
    target = tmp_path / f"letter.{fmt}"
    target.write_bytes(b"the previous export")
    draft = realistic_draft()
    draft.blocks[-1].rows[2].source = None  # damaged after it was made: fails mid-export
    with pytest.raises(AttributeError):
        export_draft(draft, fmt, target)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_export_refuses_unknown_formats_and_missing_folders(draft, tmp_path):
    with pytest.raises(ValueError, match="odt"):
        export_draft(draft, "odt", tmp_path / "letter.odt")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        export_draft(draft, "md", tmp_path / "nowhere" / "letter.md")
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_an_existing_file_with_normal_permissions(draft, tmp_path):
    target = tmp_path / "letter.md"
    target.write_text("old")
    export_draft(draft, "md", target)
    assert target.read_text(encoding="utf-8").startswith("Open Rights Watch")
    assert target.stat().st_mode & 0o044  # readable by others, unlike a private temp file


def test_pdf_appendix_running_over_pages_repeats_its_header_and_keeps_each_row_whole(tmp_path):
    draft = realistic_draft()
    rows = [AppendixRow(f"Commitment number {i}: publish the assessment of site {i} with its annexes",
                        "Veridian Signals", "2020-06-03", _citation(2, "2020-06-03"), "Not met", "2021-05",
                        f"Checked {i}", f"When will item {i} appear?") for i in range(40)]
    draft.blocks[-1] = Appendix("Appendix: Commitments and their status", rows)
    export_draft(draft, "pdf", tmp_path / "letter.pdf")
    with pymupdf.open(tmp_path / "letter.pdf") as pdf:
        pages = [_pdf_text(page) for page in pdf if page.rect.width > page.rect.height]
    assert len(pages) >= 3
    on = {i: [n for n, text in enumerate(pages) if f"number {i}: publish the assessment of site {i} with" in text]
          for i in range(40)}
    assert all(len(found) == 1 for found in on.values()), on        # each row once, never cut in two
    assert [found[0] for found in on.values()] == sorted(found[0] for found in on.values())
    for text in pages:
        assert text.count("Undertaking Made by / when Source") == 1, text[:200]
    assert pages[0].startswith("Appendix: Commitments and their status") and \
        not any("Appendix: Commitments" in text for text in pages[1:])
