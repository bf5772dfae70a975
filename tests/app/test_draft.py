"""Follow-up letters built from a real archive: structure, appendix, stored drafts, checks and commands."""

import json
from pathlib import Path

import docx
import pytest

from app import passages
from app.cli import COMMANDS, build_parser, main
from app.draft import (FURTHER_STATEMENTS, _lead_in_runs, block_quote_text, build_draft, check_draft, check_file, citation_for,
                       delete_draft, lead_in, list_drafts, load_draft, refresh_appendix, salutation_for, save_draft)
from app.draft.export import QUOTE_STYLE, export_draft
from app.draft.model import Appendix, Paragraph, Quote
from app.ingest import ingest
from app.library import edit_doc
from archive.errors import BadInput, NotFound, PapertrailError
from tests.conftest import make_pdf

VERIDIAN_2019 = """Veridian Signals Ltd
London, 3 December 2019

Ms. Anna Lindqvist
Open Rights Watch

Dear Ms. Lindqvist,

We will publish a human rights impact assessment of our products before the
end of 2020. Our products are “only sold to vetted government agencies” and are
not used against journalists.

We will also set up a grievance mechanism open to anyone affected by 30 June 2020.

Yours sincerely,

Marta Kessler
Chief Executive Officer"""

VERIDIAN_2020 = """Veridian Signals Ltd
London, 9 October 2020

Ms. Anna Lindqvist
Open Rights Watch

Dear Ms. Lindqvist,

We do not control who our clients are. The impact assess-
ment will be published in due course, once the independant
review is complete, which we expect within 6 months.

Yours sincerely,

Veridian Signals Ltd"""

ORW_2021 = """Open Rights Watch
London, 27 April 2021

Ms. Marta Kessler
Veridian Signals Ltd

Dear Ms. Kessler,

As of today no impact assessment has been published on your website or
elsewhere, although the end of 2020 has passed.

Sincerely,

Anna Lindqvist
Open Rights Watch"""


@pytest.fixture
def tagged(archive, tmp_path):
    """Three letters ingested from real PDFs, with commitments and claims tagged in two threads."""
    letters = [("v2019", VERIDIAN_2019, "Letter on the impact assessment"),
               ("v2020", VERIDIAN_2020, "Reply on the review"),
               ("orw2021", ORW_2021, "Follow-up on the assessment")]
    paths = [make_pdf(tmp_path / "in" / f"{name}.pdf", [text], metadata={"title": title})
             for name, text, title in letters]
    report = ingest(archive, paths, ocr=False)
    docs = {Path(a["file"]).stem: a["id"] for a in report.added}
    for name, _text, title in letters:  # the letters bear no title of their own: the user gives one
        edit_doc(archive, docs[name], title=title)
    t = {
        "hria_2019": passages.tag(archive, docs["v2019"], "We will publish a human rights impact assessment of "
                                  "our products before the end of 2020.", "commitment", threads=["HRIA"]),
        "hria_2020": passages.tag(archive, docs["v2020"], "The impact assessment will be published in due course",
                                  "commitment", threads=["HRIA"]),
        "sales": passages.tag(archive, docs["v2019"], "Our products are “only sold to vetted government "
                              "agencies” and are not used against journalists.", "claim", threads=["Sales"]),
        "control": passages.tag(archive, docs["v2020"], "We do not control who our clients are.", "claim",
                                threads=["Sales"]),
        "grievance": passages.tag(archive, docs["v2019"], "We will also set up a grievance mechanism open to "
                                  "anyone affected by 30 June 2020.", "commitment"),
        "not_published": passages.tag(archive, docs["orw2021"], "no impact assessment has been published",
                                      "claim"),
    }
    return {"docs": docs, **{k: v["id"] for k, v in t.items()}}


def _headings(draft):
    return [b.runs[0].text for b in draft.blocks if isinstance(b, Paragraph) and b.style == "heading1"]


def _section(draft, heading):
    """The blocks under one heading, up to the next heading."""
    blocks, inside = [], False
    for b in draft.blocks:
        if isinstance(b, Paragraph) and b.style == "heading1":
            inside = b.runs[0].text == heading
        elif inside:
            blocks.append(b)
    return blocks


# -- building a letter ----------------------------------------------------------------

def test_letter_quotes_each_thread_in_date_order_with_lead_ins_and_citations(archive, tagged):
    draft = build_draft(archive, "Ms. Marta Kessler\nVeridian Signals Ltd", ["Anna Lindqvist\nOpen Rights Watch"],
                        "Publication of the impact assessment", threads=["hria", "Sales"],
                        passage_ids=[tagged["grievance"][:8], tagged["sales"]], date="2022-03-14")
    assert draft.salutation == "Dear Ms. Kessler," and draft.closing == "Yours sincerely,"
    assert draft.date == "2022-03-14" and draft.from_ == ["Anna Lindqvist\nOpen Rights Watch"]
    assert "publication of the impact assessment" in draft.blocks[0].runs[0].text
    # The sales passage was chosen by id too, but is quoted once, in its thread's section.
    assert _headings(draft) == ["HRIA", "Sales", FURTHER_STATEMENTS]
    hria = _section(draft, "HRIA")
    assert [b.runs[0].text for b in hria[0::2]] == ["On 3 December 2019, Veridian Signals Ltd wrote:",
                                                    "On 9 October 2020, Veridian Signals Ltd wrote:"]
    assert [q.citation.passage_id for q in hria[1::2]] == [tagged["hria_2019"], tagged["hria_2020"]]
    assert hria[1].text == ("We will publish a human rights impact assessment of our products before the "
                            "end of 2020.")
    # Hyphenation undone; the passage stops mid-sentence, so the quotation says so.
    assert hria[3].text == "The impact assessment will be published in due course […]"
    assert hria[3].citation.text() == "Veridian Signals Ltd, Reply on the review, 9 October 2020, p. 1"
    further = _section(draft, FURTHER_STATEMENTS)
    assert [q.citation.passage_id for q in further if isinstance(q, Quote)] == [tagged["grievance"]]
    assert not any(isinstance(b, Appendix) for b in draft.blocks)
    # Every quotation the letter makes is word for word what the archive holds.
    assert [r["status"] for r in check_draft(archive, draft)] == ["verified"] * 5


def test_lead_ins_keep_the_date_precision_and_name_the_author():
    base = {"by": "Veridian Signals", "doc_title": "Annual report"}
    assert lead_in({**base, "said_on": "2019-12-03"}) == "On 3 December 2019, Veridian Signals wrote:"
    assert lead_in({**base, "said_on": "2019-12"}) == "In December 2019, Veridian Signals wrote:"
    assert lead_in({**base, "said_on": "2019"}) == "In 2019, Veridian Signals wrote:"
    assert lead_in({**base, "said_on": None}) == "Veridian Signals wrote:"
    anonymous = {"by": None, "doc_title": "Annual report 2021", "said_on": "2021"}
    assert lead_in(anonymous) == "In 2021, the author of Annual report 2021 wrote:"
    # The title is set in italics, not in quotation marks that quote-check would take for a quotation.
    assert [(r.text, r.italic) for r in _lead_in_runs(anonymous)] == [
        ("In 2021, the author of ", False), ("Annual report 2021", True), (" wrote:", False)]
    assert lead_in({**anonymous, "said_on": None}) == "The author of Annual report 2021 wrote:"


def test_salutations_and_quotation_text():
    assert salutation_for("Ms. Marta Kessler\nChief Executive Officer") == "Dear Ms. Kessler,"
    assert salutation_for("Dr. Jan van der Berg") == "Dear Dr. van der Berg,"
    assert salutation_for("Ms. Kessler") == "Dear Ms. Kessler,"
    assert salutation_for("Veridian Signals Ltd") == "Dear Veridian Signals Ltd,"
    assert salutation_for("Sir John Major") == "Dear Sir John Major,"
    assert block_quote_text("impact assess-\nment will be\npublished") == "[…] impact assessment will be published […]"
    assert block_quote_text("We will publish.\n\nIt is “agreed”") == "We will publish.\nIt is “agreed”"
    assert block_quote_text("the Anti-\nCorruption Act.") == "[…] the Anti-Corruption Act."


def test_citation_for_a_passage(archive, tagged):
    c = citation_for(passages.get(archive, tagged["hria_2019"]))
    assert (c.passage_id, c.doc_id, c.said_by, c.said_on, c.doc_title, c.doc_date, c.page) == (
        tagged["hria_2019"], tagged["docs"]["v2019"], "Veridian Signals Ltd", "2019-12-03",
        "Letter on the impact assessment", "2019-12-03", 1)


def test_bad_choices_say_what_to_do(archive, tagged):
    with pytest.raises(BadInput, match="at least one thread or passage"):
        build_draft(archive, "Ms. Kessler", [], "Subject")
    with pytest.raises(NotFound, match="no passages in a thread called 'Nope'.*HRIA, Sales"):
        build_draft(archive, "Ms. Kessler", [], "Subject", threads=["Nope"])
    with pytest.raises(NotFound):
        build_draft(archive, "Ms. Kessler", [], "Subject", passage_ids=["abcdef12"])
    with pytest.raises(BadInput, match="subject"):
        build_draft(archive, "Ms. Kessler", [], "  ", threads=["HRIA"])
    with pytest.raises(BadInput, match="date"):
        build_draft(archive, "Ms. Kessler", [], "S", threads=["HRIA"], date="31/31/2021")


# -- the appendix ------------------------------------------------------------------------

def test_appendix_lists_commitments_with_status_and_refresh_keeps_open_questions(archive, tagged):
    passages.edit(archive, tagged["hria_2019"], status="broken", status_on="2021-04-27",
                  evidence=tagged["not_published"], status_note="not on the website")
    draft = build_draft(archive, "Ms. Kessler", [], "Commitments", threads=["HRIA", "Sales"],
                        passage_ids=[tagged["grievance"]], appendix=True)
    [appendix] = [b for b in draft.blocks if isinstance(b, Appendix)]
    assert draft.blocks[-1] is appendix
    rows = {r.source.passage_id: r for r in appendix.rows}
    assert list(rows) == [tagged["hria_2019"], tagged["grievance"], tagged["hria_2020"]]   # said-on order
    broken = rows[tagged["hria_2019"]]
    assert (broken.status, broken.status_date, broken.made_by, broken.made_on) == (
        "Broken", "2021-04-27", "Veridian Signals Ltd", "2019-12-03")
    assert broken.status_evidence == "Open Rights Watch, Follow-up on the assessment, 27 April 2021, p. 1"
    assert broken.status_note == "not on the website"     # printed under its own label, not "Evidence:"
    assert broken.undertaking.startswith("We will publish a human rights impact assessment")
    assert rows[tagged["grievance"]].status == "Open" and rows[tagged["grievance"]].open_questions == ""

    draft_id = save_draft(archive, draft)
    stored = load_draft(archive, draft_id)
    stored_rows = [b for b in stored.blocks if isinstance(b, Appendix)][0].rows
    stored_rows[1].open_questions = "Who may use the mechanism?"
    passages.edit(archive, tagged["grievance"], status="fulfilled", status_on="2020-07-01")
    fresh = refresh_appendix(archive, stored)
    fresh_rows = {r.source.passage_id: r for r in [b for b in fresh.blocks if isinstance(b, Appendix)][0].rows}
    grievance = fresh_rows[tagged["grievance"]]
    assert (grievance.status, grievance.status_date, grievance.open_questions) == (
        "Fulfilled", "2020-07-01", "Who may use the mechanism?")
    assert fresh_rows[tagged["hria_2019"]].status == "Broken"
    assert stored_rows[1].status == "Open"    # the draft given is left unchanged


# -- stored drafts -----------------------------------------------------------------------

def test_save_load_list_and_delete_drafts(archive, tagged):
    draft = build_draft(archive, "Ms. Kessler", ["Anna Lindqvist"], "HRIA follow-up", threads=["HRIA"])
    draft_id = save_draft(archive, draft)
    assert load_draft(archive, draft_id).to_dict() == draft.to_dict()
    [listed] = list_drafts(archive)
    assert (listed["id"], listed["title"], listed["passages"]) == (draft_id, "HRIA follow-up", 2)
    first_update = listed["updated_at"]

    # Autosaving the same draft again keeps its id and links; editing it replaces both.
    assert save_draft(archive, draft, draft_id) == draft_id
    assert list_drafts(archive)[0]["updated_at"] == first_update
    draft.blocks = [b for b in draft.blocks
                    if not (isinstance(b, Quote) and b.citation.passage_id == tagged["hria_2020"])]
    draft.subject = "HRIA: second go"
    assert save_draft(archive, draft, str(draft_id)) == draft_id
    [listed] = list_drafts(archive)
    assert (listed["title"], listed["passages"]) == ("HRIA: second go", 1)

    other = save_draft(archive, draft)
    assert other != draft_id and len(list_drafts(archive)) == 2
    delete_draft(archive, draft_id)
    assert [d["id"] for d in list_drafts(archive)] == [other]
    with pytest.raises(NotFound, match="no draft with id"):
        load_draft(archive, draft_id)
    with pytest.raises(NotFound, match="deleted"):
        save_draft(archive, draft, draft_id)
    with pytest.raises(BadInput, match="not valid"):
        load_draft(archive, "seven")


def test_a_damaged_stored_draft_gives_a_clear_error(archive, tagged):
    draft_id = save_draft(archive, build_draft(archive, "Ms. Kessler", [], "S", threads=["HRIA"]))
    with archive.transaction():
        archive.db.execute("UPDATE drafts SET body = ? WHERE id = ?", ['{"blocks": [{"type": "poem"}]}', draft_id])
    with pytest.raises(PapertrailError, match=f"draft {draft_id} is damaged"):
        load_draft(archive, draft_id)


def test_check_draft_finds_an_edited_quote_and_unknown_sources(archive, tagged):
    draft = build_draft(archive, "Ms. Kessler", [], "S", threads=["Sales"])
    quotes = draft.quotes()
    quotes[0].text = quotes[0].text.replace("not used", "never used")
    quotes[1].citation.passage_id = None
    quotes[1].citation.doc_id = "gone"     # a document the archive no longer has: searched everywhere
    results = check_draft(archive, draft)
    assert [r["status"] for r in results] == ["altered", "verified"]
    assert {"op": "replace", "quote": "never", "source": "not"} in results[0]["changes"]
    assert results[0]["doc_id"] == tagged["docs"]["v2019"] and results[0]["page"] == 1
    assert results[1]["doc_id"] == tagged["docs"]["v2020"]
    assert set(results[0]) >= {"quote", "status", "doc_id", "page", "diff", "source_text"}


def test_check_file_reports_unreadable_files(archive, tmp_path):
    with pytest.raises(PapertrailError, match="no file"):
        check_file(archive, tmp_path / "missing.docx")
    bad = tmp_path / "letter.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PapertrailError, match="not a Word document"):
        check_file(archive, bad)


# -- the command line ----------------------------------------------------------------------

def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_new_commands_have_help(capsys):
    build_parser()
    for name in ("draft", "quote-check", "drafts", "draft-export"):
        assert name in COMMANDS
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_draft_docx_round_trips_through_quote_check(archive, tagged, tmp_path, capsys):
    arch, letter = tmp_path / "archive", tmp_path / "letter.docx"
    code, out, err = run(capsys, "--archive", arch, "draft", "--to", "Ms. Marta Kessler", "--from", "Anna Lindqvist",
                         "--subject", "Your commitments", "--thread", "HRIA", "--thread", "Sales", "--passage",
                         tagged["grievance"][:10], "--appendix", "--format", "docx", "--output", letter, "--save")
    assert code == 0, err
    assert out.splitlines() == [f"wrote {letter} with 5 quotation(s) and 3 commitment(s) in the appendix",
                                "saved as draft 1"]
    code, out, err = run(capsys, "--archive", arch, "quote-check", letter, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["verified"], report["altered"], report["unsourced"]) == (5, 0, 0)
    assert [q["doc_id"] for q in report["quotations"]][:2] == [tagged["docs"]["v2019"], tagged["docs"]["v2020"]]
    assert report["quotations"][0]["citation"] == (
        "Veridian Signals Ltd, Letter on the impact assessment, 3 December 2019, p. 1")

    # Change one word of one quotation, as someone editing the letter in Word might.
    document = docx.Document(str(letter))
    quoted = [p for p in document.paragraphs if p.style.name == QUOTE_STYLE]
    assert len(quoted) == 5
    target = next(p for p in quoted if "due course" in p.text)
    target.runs[0].text = target.runs[0].text.replace("due course", "early course")
    document.save(str(letter))

    code, out, err = run(capsys, "--archive", arch, "quote-check", letter, "--json")
    assert code == 1
    results = json.loads(out)["quotations"]
    assert [r["status"] for r in results].count("altered") == 1
    [altered] = [r for r in results if r["status"] == "altered"]
    assert "early course" in altered["quote"]
    assert altered["changes"] == [{"op": "replace", "quote": "early", "source": "due"}]
    code, out, err = run(capsys, "--archive", arch, "quote-check", letter)
    assert code == 1
    assert "   - due\n   + early\n" in out and "[-due-]{+early+}" in out
    assert out.rstrip().endswith("4 verified, 1 altered, 0 unsourced")


def test_draft_usage_errors_and_exports_of_stored_drafts(archive, tagged, tmp_path, capsys):
    arch = tmp_path / "archive"
    code, out, err = run(capsys, "--archive", arch, "draft", "--to", "X", "--subject", "S", "--format", "md",
                         "--output", tmp_path / "x.md")
    assert code == 2 and err.startswith("error: say what to quote") and err.count("\n") == 1
    assert not (tmp_path / "x.md").exists()
    code, out, err = run(capsys, "--archive", arch, "draft", "--to", "X", "--subject", "S", "--thread", "HRIA",
                         "--format", "rtf", "--output", tmp_path / "x.rtf")
    assert code == 2 and err.startswith("error:")
    code, out, err = run(capsys, "--archive", arch, "draft", "--to", "X", "--subject", "S", "--thread", "Nope",
                         "--format", "md", "--output", tmp_path / "x.md")
    assert code == 1 and err.startswith("error: no passages in a thread")
    code, out, err = run(capsys, "--archive", arch, "draft", "--to", "X", "--subject", "S", "--thread", "HRIA",
                         "--format", "md", "--output", tmp_path / "no" / "such" / "x.md")
    assert code == 1 and err.startswith("error:") and "does not exist" in err

    code, out, err = run(capsys, "--archive", arch, "drafts", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, err = run(capsys, "--archive", arch, "draft", "--to", "Ms. Kessler", "--subject", "HRIA",
                         "--thread", "HRIA", "--appendix", "--citations", "inline", "--date", "2021-05-01",
                         "--format", "md", "--output", tmp_path / "first.md", "--save", "--json")
    assert code == 0
    made = json.loads(out)
    assert made == {"output": str(tmp_path / "first.md"), "format": "md", "quotations": 2, "appendix_rows": 2,
                    "draft_id": 1, "inconsistent_sets": 0, "appendix_questions": 0, "questions_asked_again": None}
    code, out, err = run(capsys, "--archive", arch, "drafts", "--json")
    [listed] = json.loads(out)
    assert set(listed) == {"id", "title", "created_at", "updated_at", "passages"}
    assert (listed["id"], listed["title"], listed["passages"]) == (1, "HRIA", 2)
    code, out, err = run(capsys, "--archive", arch, "drafts")
    assert code == 0 and "HRIA  (2 passage(s))" in out

    passages.edit(archive, tagged["hria_2020"], status="withdrawn", status_on="2021-04-10")
    # A change after the letter's date (1 May 2021) is not what the letter could report.
    passages.edit(archive, tagged["hria_2020"], status="fulfilled", status_on="2022-01-10")
    code, out, err = run(capsys, "--archive", arch, "draft-export", "1", "--format", "md",
                         "--output", tmp_path / "same.md")
    assert code == 0
    assert "Withdrawn" not in (tmp_path / "same.md").read_text(encoding="utf-8")
    code, out, err = run(capsys, "--archive", arch, "draft-export", "1", "--format", "html",
                         "--output", tmp_path / "fresh.html", "--refresh-appendix")
    assert code == 0 and out == f"wrote {tmp_path / 'fresh.html'}\n"
    html = (tmp_path / "fresh.html").read_text(encoding="utf-8")
    assert "Withdrawn" in html and "10 April 2021" in html
    assert "Fulfilled" not in html and "10 January 2022" not in html
    code, out, err = run(capsys, "--archive", arch, "draft-export", "9", "--format", "md", "--output",
                         tmp_path / "n.md")
    assert code == 1 and err == "error: no draft with id 9 (see: drafts)\n"
    code, out, err = run(capsys, "--archive", arch, "draft-export", "first", "--format", "md", "--output",
                         tmp_path / "n.md")
    assert code == 2 and err.startswith("error: draft id 'first' is not valid")
