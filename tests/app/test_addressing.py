"""Addressing a follow-up letter: salutation and address block from "Title Given Family, Role,
Organisation", the command line's --salutation/--closing/--address, statuses as of the letter's date
and a status note under its own label."""
from datetime import date

import pytest

from app import passages
from app.cli import main
from app.draft import address_lines, build_draft, salutation_for
from app.draft.export import export_draft
from app.draft.model import human_date
from archive import Archive
from tests.app.rights_letter import NOVALPINA, ingest_letters


@pytest.mark.parametrize("to, salutation, lines", [
    ("Mr. Chaim Gelfand, Vice-President, Compliance, NSO Group", "Dear Mr. Gelfand,",
     ["Mr. Chaim Gelfand", "Vice-President, Compliance", "NSO Group"]),
    ("Ms Marta Kessler, Chief Executive Officer, Veridian Signals Ltd", "Dear Ms Kessler,",
     ["Ms Marta Kessler", "Chief Executive Officer", "Veridian Signals Ltd"]),
    ("Dr. Jan van der Berg, Rapporteur", "Dear Dr. van der Berg,", ["Dr. Jan van der Berg", "Rapporteur"]),
    ("Ms. Marta Kessler\nChief Executive Officer", "Dear Ms. Kessler,", ["Ms. Marta Kessler", "Chief Executive Officer"]),
    ("The Board of Directors, NSO Group", "Dear Members of the Board,", ["The Board of Directors", "NSO Group"]),
    # A company's legal form or a "Jr." after a comma stays with the name it belongs to.
    ("Mr. Doug McMillon, President and CEO, Walmart Stores, Inc.", "Dear Mr. McMillon,",
     ["Mr. Doug McMillon", "President and CEO", "Walmart Stores, Inc."]),
    ("President and CEO, Walmart Stores, Inc.", "Dear President and CEO,", ["President and CEO", "Walmart Stores, Inc."]),
    ("Mr. Martin Luther King, Jr., Director, Acme Holdings, S.A.", "Dear Mr. King,",
     ["Mr. Martin Luther King, Jr.", "Director", "Acme Holdings, S.A."]),
    # Any case, with or without dots, two forms in a row, and a name with none stays as it was.
    ("Legal Department, Samsung Electronics Co., Ltd.", "Dear Legal Department,",
     ["Legal Department", "Samsung Electronics Co., Ltd."]),
    ("Board of Directors, Acme Widgets, l.l.c", "Dear Members of the Board,", ["Board of Directors", "Acme Widgets, l.l.c"]),
    ("Compliance Officer, Shell, PLC", "Dear Compliance Officer,", ["Compliance Officer", "Shell, PLC"]),
    ("Ms. Ana Ruiz, Legal Counsel, Minera Andina, S.A., Santiago", "Dear Ms. Ruiz,",
     ["Ms. Ana Ruiz", "Legal Counsel, Minera Andina, S.A.", "Santiago"]),
    ("Mr. John Smith, Esq.", "Dear Mr. Smith,", ["Mr. John Smith, Esq."]),
    ("Dr. Kofi Mensah, et al, Kumasi", "Dear Dr. Mensah,", ["Dr. Kofi Mensah, et al", "Kumasi"]),
    ("Royal Philips, N.V., Amsterdam", "Dear Royal Philips,", ["Royal Philips, N.V.", "Amsterdam"]),
    ("Coalition, Co-ordination, Ag Policy", "Dear Coalition,", ["Coalition", "Co-ordination", "Ag Policy"]),
    # No name: a board is greeted as its members, a role without its "The".
    ("The Editor, The Guardian", "Dear Editor,", ["The Editor", "The Guardian"]),
    ("Board of Trustees, Wellcome Trust", "Dear Members of the Board,", ["Board of Trustees", "Wellcome Trust"]),
    ("Theodore Roosevelt Foundation", "Dear Theodore Roosevelt Foundation,", ["Theodore Roosevelt Foundation"]),
    ("Boardwalk Holdings, Ltd", "Dear Boardwalk Holdings,", ["Boardwalk Holdings, Ltd"]),
])
def test_salutation_and_address_block(to, salutation, lines):
    assert salutation_for(to) == salutation
    assert address_lines(to) == lines


def test_statuses_hold_as_of_the_letters_date_and_the_note_has_its_own_label(archive, tmp_path):
    ids = ingest_letters(archive, tmp_path / "in")
    p = passages.tag(archive, ids["letter"], NOVALPINA, "commitment", by="Novalpina Capital", on="2019-02")
    passages.edit(archive, p["id"], status="broken", status_note="no assessment was ever published")
    draft = build_draft(archive, "Mr. Chaim Gelfand, Vice-President, Compliance, NSO Group", ["Access Now"], "HRIA",
                        passage_ids=[p["id"]], appendix=True, date="2021-06-01")
    row = draft.blocks[-1].rows[0]
    # Recorded today without a date: a letter dated 2021 could not know of it, so the row stays Open.
    assert (row.status, row.status_date, row.status_note) == ("Open", "2021-06-01", None)
    today = date.today().isoformat()
    draft = build_draft(archive, "Mr. Chaim Gelfand, Vice-President, Compliance, NSO Group", ["Access Now"], "HRIA",
                        passage_ids=[p["id"]], appendix=True, date=today)
    row = draft.blocks[-1].rows[0]
    assert (row.status, row.status_date) == ("Broken", today)     # as of the letter's date
    assert row.status_note == "no assessment was ever published" and row.status_evidence is None
    target = tmp_path / "letter.md"
    export_draft(draft, "md", target)
    text = target.read_text(encoding="utf-8")
    assert f"as of {human_date(today)}" in text and "Note: no assessment was ever published" in text
    assert "Evidence:" not in text
    assert "Mr. Chaim Gelfand\\\nVice-President, Compliance\\\nNSO Group" in text and "Dear Mr. Gelfand," in text


def _archive_with_a_commitment(tmp_path) -> tuple:
    """An archive folder holding the rights letters with one tagged commitment, and its id."""
    folder = tmp_path / "arch"
    with Archive.open(folder) as archive:
        ids = ingest_letters(archive, tmp_path / "in")
        pid = passages.tag(archive, ids["letter"], NOVALPINA, "commitment", by="Novalpina Capital")["id"]
    return folder, pid


def test_draft_takes_salutation_closing_and_address(tmp_path, capsys):
    folder, pid = _archive_with_a_commitment(tmp_path)
    target = tmp_path / "letter.html"
    assert main(["--archive", str(folder), "draft", "--to", "Mr. Chaim Gelfand", "--subject", "HRIA",
                 "--passage", pid[:8], "--salutation", "Dear Chaim,", "--closing", "With best regards,",
                 "--address", "Mr. Chaim Gelfand", "--address", "NSO Group", "--address", "Herzliya",
                 "--format", "html", "--output", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "Dear Chaim," in page and "With best regards," in page
    assert "Mr. Chaim Gelfand<br>NSO Group<br>Herzliya" in page


def test_draft_to_keeps_a_company_suffix_on_its_line(tmp_path, capsys):
    folder, pid = _archive_with_a_commitment(tmp_path)
    target = tmp_path / "letter.html"
    assert main(["--archive", str(folder), "draft", "--to", "President and CEO, Walmart Stores, Inc.",
                 "--subject", "HRIA", "--passage", pid[:8], "--format", "html", "--output", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert '<p class="to">President and CEO<br>Walmart Stores, Inc.</p>' in page
    assert "Dear President and CEO," in page
    target = tmp_path / "letter.md"
    assert main(["--archive", str(folder), "draft", "--to", "Mr. Doug McMillon, President and CEO, Walmart Stores, inc",
                 "--subject", "HRIA", "--passage", pid[:8], "--format", "md", "--output", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "Mr. Doug McMillon\\\nPresident and CEO\\\nWalmart Stores, inc\n" in text and "Dear Mr. McMillon," in text
