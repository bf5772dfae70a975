"""Draft exports as other programs read them: Word's document properties, Markdown table cells
without raw HTML, and PDF text that copies out without ligature characters."""
import re
import zipfile
from datetime import datetime, timedelta, timezone

import docx
import pymupdf

from app.draft.export import export_draft
from app.draft.model import Quote
from tests.app.test_draft_export import QUOTES, realistic_draft


def test_docx_properties_are_the_letters_own(tmp_path):
    export_draft(realistic_draft(), "docx", tmp_path / "letter.docx")
    props = docx.Document(str(tmp_path / "letter.docx")).core_properties
    assert props.title == "Re: Your commitments of June 2020 & the “independent review”"
    assert props.author == props.last_modified_by == "Maya Okafor; Tomás Rivera"
    assert props.comments == "" and "python-docx" not in (props.author + props.comments + props.keywords)
    now = datetime.now(timezone.utc)
    assert now - timedelta(minutes=5) < props.created <= now and props.modified == props.created
    with zipfile.ZipFile(tmp_path / "letter.docx") as z:
        names = z.namelist()
        app_xml = z.read("docProps/app.xml").decode()
        rels = z.read("_rels/.rels").decode()
    assert not any("thumbnail" in n for n in names) and "thumbnail" not in rels
    assert "<Application>Papertrail</Application>" in app_xml and "Macintosh" not in app_xml


def test_markdown_table_cells_have_no_raw_html(tmp_path):
    export_draft(realistic_draft(), "md", tmp_path / "letter.md")
    text = (tmp_path / "letter.md").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln.startswith("| ")]
    assert rows and not any("<br" in row for row in rows)
    first = rows[1]   # the header, then the first commitment (the rule starts "|---")
    assert "| Veridian Signals, 3 June 2020 |" in first
    assert ("**Not met**, as of May 2021; Evidence: No report found on the company's website \\| checked 12 May 2021"
            in first)


def test_pdf_text_copies_out_without_ligature_characters(tmp_path):
    draft = realistic_draft()
    draft.blocks.insert(0, Quote("The commitment remains unfulfilled; the first office flagged it affably.",
                                 QUOTES[0].citation))
    export_draft(draft, "pdf", tmp_path / "letter.pdf")
    with pymupdf.open(tmp_path / "letter.pdf") as pdf:
        text = "".join(page.get_text() for page in pdf)
    assert not re.search("[\ufb00-\ufb06]", text)
    assert "The commitment remains unfulfilled; the first office flagged it affably." in " ".join(text.split())
    assert "Veridian Signals, letter to Open Rights Watch" in text    # notes too, and no stray spaces
