"""A lead-in ("On 27 April 2021, Access Now et al. recorded a commitment …:") never ends a page whose quotation
starts the next one: in the PDF the page ends above it, in the DOCX it is kept with the next paragraph."""
import shutil
import subprocess

import docx
import pymupdf
import pytest

from app.draft.export import export_draft
from app.draft.model import Citation, Draft, Paragraph, Quote, Run

LEAD_IN = "On 27 April 2021, Access Now et al. recorded a commitment made by NSO Group and Novalpina Capital:"
QUOTED = "Novalpina Capital undertook to publish the Human Rights Impact Assessment"
LAST_FILLER = "and that is where the record stood."
FILLER = ("The company’s public statements on this matter have changed several times, and we set out below "
          "what was said, when, and by whom, so that the record is clear. ")


def _letter(words: int, heading: bool = False) -> Draft:
    """A letter whose lead-in moves down page 1 as words are added before it."""
    citation = Citation(passage_id="p1", doc_id="d1", said_by="Novalpina Capital", said_on="2019-02",
                        doc_title="NSO Group continues to fail in human rights compliance", doc_date="2021-04-27",
                        page=2, doc_authors=["Access Now", "Amnesty International"])
    text = (FILLER * 30).split()
    blocks = [Paragraph([Run(" ".join(text[:60]))]) for _ in range(4)]
    blocks.append(Paragraph([Run(" ".join(text[:words]) + " " + LAST_FILLER)]))
    if heading:
        blocks.append(Paragraph([Run("The assessment")], style="heading1"))
    blocks.append(Paragraph([Run(LEAD_IN)]))
    blocks.append(Quote(QUOTED + " (HRIA) of NSO Group during the acquisition process. " + FILLER * 2,
                        citation, block=True))
    blocks.append(Paragraph([Run(FILLER * 2)]))
    return Draft(to="NSO Group", from_=["Access Now"], date="2021-06-01", subject="The HRIA",
                 salutation="Dear Mr. Gelfand,", closing="Yours sincerely,", blocks=blocks)


def _text(page) -> str:
    flags = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES
    return " ".join(page.get_text(flags=flags).split())


def _page_of(pdf, words: str) -> int:
    return next(n for n, page in enumerate(pdf) if words in _text(page))


@pytest.mark.parametrize("heading", [False, True])
def test_pdf_keeps_the_lead_in_on_the_page_of_its_quotation(heading, tmp_path):
    moved = 0
    for words in range(150, 400, 8):
        export_draft(_letter(words, heading), "pdf", tmp_path / "letter.pdf")
        with pymupdf.open(tmp_path / "letter.pdf") as pdf:
            lead_in = _page_of(pdf, "Access Now et al. recorded a commitment")
            assert lead_in == _page_of(pdf, QUOTED[:40]), words
            if heading:
                assert _page_of(pdf, "The assessment") == lead_in, words
            if _page_of(pdf, "stood.") < lead_in:
                moved += 1
                # The page ends above the lead-in, not with it: it starts the next page.
                page = pdf[lead_in]
                top = page.search_for("The assessment" if heading else "Access Now et al. recorded")[0]
                assert not [w for w in page.get_text("words") if w[3] < top.y0 - 1 and not w[4].isdigit()]
    assert moved >= 2   # some lengths put the lead-in at the foot of page 1, and it went over


def test_docx_keeps_the_lead_in_with_its_quotation(tmp_path):
    export_draft(_letter(200, heading=True), "docx", tmp_path / "letter.docx")
    paragraphs = docx.Document(str(tmp_path / "letter.docx")).paragraphs
    lead_in = next(i for i, p in enumerate(paragraphs) if p.text == LEAD_IN)
    assert paragraphs[lead_in + 1].text.startswith(QUOTED)
    assert paragraphs[lead_in].paragraph_format.keep_with_next is True
    assert paragraphs[lead_in - 1].text == "The assessment"
    assert paragraphs[lead_in - 1].paragraph_format.keep_with_next is True
    # Only the lead-in and its heading: the other paragraphs flow as usual.
    assert paragraphs[lead_in - 2].text.endswith(LAST_FILLER)
    assert paragraphs[lead_in - 2].paragraph_format.keep_with_next is None
    assert paragraphs[lead_in + 1].paragraph_format.keep_with_next is None
    # (but the body's last paragraph, which keeps with the closing)
    assert paragraphs[lead_in + 3].text == "Yours sincerely,"
    assert paragraphs[lead_in + 2].paragraph_format.keep_with_next is True


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_lead_in_shares_a_page_with_its_quotation_in_libreoffice(tmp_path):
    lengths = range(150, 400, 16)
    for words in lengths:
        export_draft(_letter(words), "docx", tmp_path / f"letter{words}.docx")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to", "pdf",
                    "--outdir", str(tmp_path)] + [str(tmp_path / f"letter{words}.docx") for words in lengths],
                   check=True, capture_output=True, timeout=300)
    moved = 0
    for words in lengths:
        with pymupdf.open(tmp_path / f"letter{words}.pdf") as pdf:
            lead_in = _page_of(pdf, "Access Now et al. recorded a commitment")
            assert lead_in == _page_of(pdf, QUOTED[:40]), words
            moved += _page_of(pdf, "stood.") < lead_in
    assert moved >= 1
