"""quote-check against the document a quotation CITES: when a later letter repeats the words, the one the
citation names is the source; when the cited letter lacks them, the check says so and fails."""

import json

import pytest

from app.cli import main
from app.draft import Catalogue, check_file
from app.draft.export import export_draft
from app.draft.model import Citation, Draft, Paragraph, Quote, Run
from tests.app.cited_letters import PROMISE, add_letters


@pytest.fixture
def letters(archive, tmp_path):
    return add_letters(archive, tmp_path / "in")


def run(capsys, tmp_path, *argv):
    code = main(["--archive", str(tmp_path / "archive"), *[str(a) for a in argv]])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _letter(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_cited_one_of_two_letters_holding_the_words_is_the_source(letters, tmp_path, capsys):
    md = _letter(tmp_path, "follow-up.md",
                 f"In 2013 you told us: “{PROMISE}”[^1]\n\nA year later you repeated: “{PROMISE}”[^2]\n\n"
                 "[^1]: Northgate Telecom, 006, 14 January 2013, p. 1.\n"
                 "[^2]: Northgate Telecom, 007, 20 March 2014, p. 1.\n")
    code, out, err = run(capsys, tmp_path, "quote-check", md, "--json")
    assert code == 0 and err == ""
    report = json.loads(out)
    first, second = report["quotations"]
    assert (first["doc_id"], second["doc_id"]) == (letters["006"], letters["007"])
    assert first["status"] == second["status"] == "verified"
    assert first["cited_doc_id"] == letters["006"] and first["cited_doc_ids"] == [letters["006"]]
    assert second["cited_doc_id"] == letters["007"] and second["cited_doc_title"] == "007"
    assert second["cited_doc_date"] == "2014-03-20" and second["in_cited"] is True
    assert first["citation_note"] is None and report["not_in_cited"] == 0

    code, out, err = run(capsys, tmp_path, "quote-check", md)
    assert code == 0 and "note:" not in out
    assert out.count("   source:   006, p. 1 (document ") == 1 and out.count("   source:   007, p. 1 (document ") == 1
    assert out.index("006, p. 1 (document") < out.index("007, p. 1 (document")


def test_a_word_document_papertrail_exported_names_the_letter_it_quotes(letters, tmp_path, capsys):
    citation = Citation(passage_id=None, doc_id=letters["007"], said_by="Northgate Telecom", said_on="2014-03-20",
                        doc_title="007", doc_date="2014-03-20", page=1, doc_authors=["Northgate Telecom"])
    assert citation.text() == "Northgate Telecom, 007, 20 March 2014, p. 1"
    draft = Draft(to="Mr. Per Olsen", from_=["Anna Lindqvist"], date="2014-05-02", subject="The audit",
                  salutation="Dear Mr. Olsen,", closing="Yours sincerely,",
                  blocks=[Paragraph([Run("In March you wrote:")]), Quote(PROMISE, citation)])
    docx = tmp_path / "follow-up.docx"
    export_draft(draft, "docx", docx)
    code, out, err = run(capsys, tmp_path, "quote-check", docx, "--json")
    assert code == 0, out
    (result,) = json.loads(out)["quotations"]
    assert result["citation"] == "Northgate Telecom, 007, 20 March 2014, p. 1"
    assert result["doc_id"] == result["cited_doc_id"] == letters["007"] and result["in_cited"] is True


def test_a_citation_naming_a_letter_without_the_words_is_reported_and_fails(letters, tmp_path, capsys):
    md = _letter(tmp_path, "wrong.md", f"You promised: “{PROMISE}”[^1]\n\n"
                                       "[^1]: Ligue des droits de l'Homme et al., 012, 8 January 2004, p. 1.\n")
    code, out, err = run(capsys, tmp_path, "quote-check", md, "--json")
    assert code == 1 and err == ""
    report = json.loads(out)
    (result,) = report["quotations"]
    # The verdict of the letter that holds the words is kept, and the cited one is named beside it.
    assert result["status"] == "verified" and result["doc_id"] in (letters["006"], letters["007"])
    assert result["in_cited"] is False and result["cited_doc_id"] == letters["012"]
    assert (result["cited_doc_title"], result["cited_doc_date"]) == ("012", "2004-01-08")
    found = "006, 14 January 2013" if result["doc_id"] == letters["006"] else "007, 20 March 2014"
    assert result["citation_note"] == f"not in the cited document (012, 8 January 2004); found in {found}"
    assert (report["verified"], report["altered"], report["unsourced"], report["not_in_cited"]) == (1, 0, 0, 1)

    code, out, err = run(capsys, tmp_path, "quote-check", md)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("1. verified  “We will publish")
    assert lines[1] == "   at:       paragraph 1"
    assert lines[2] == "   cited as: Ligue des droits de l'Homme et al., 012, 8 January 2004, p. 1"
    assert lines[3].startswith("   source:   0") and lines[3].endswith(")")
    assert lines[4] == f"   note:     not in the cited document (012, 8 January 2004); found in {found}"
    assert lines[-2:] == ["1 quotation(s) not in the document their citation names", "1 verified, 0 altered, 0 unsourced"]


def test_a_citation_that_names_no_document_is_checked_as_before(letters, tmp_path, capsys):
    txt = _letter(tmp_path, "vague.txt", f"You wrote: “{PROMISE}” (a letter we received, p. 1)\n\n"
                                         f"And again: “{PROMISE}”\n")
    code, out, err = run(capsys, tmp_path, "quote-check", txt, "--json")
    assert code == 0
    for result in json.loads(out)["quotations"]:
        assert result["status"] == "verified" and result["doc_id"] in (letters["006"], letters["007"])
        assert result["cited_doc_ids"] == [] and result["cited_doc_id"] is None and result["in_cited"] is None
        assert result["citation_note"] is None
    code, out, err = run(capsys, tmp_path, "quote-check", txt)
    assert code == 0 and "note:" not in out and "citation names" not in out
    assert "   cited as: a letter we received, p. 1" in out


@pytest.mark.parametrize("citation", ["006", "006, p. 1", "(006)", "Letter 006 of the file"])
def test_a_short_title_alone_names_nothing(archive, letters, tmp_path, citation):
    md = _letter(tmp_path, "short.md", f"You wrote “{PROMISE}”[^1]\n\n[^1]: {citation}\n")
    (result,) = check_file(archive, md)
    assert result["citation"] == citation.rstrip(".")
    assert result["cited_doc_ids"] == [] and result["in_cited"] is None
    assert result["status"] == "verified"


def test_the_catalogue_reads_titles_dates_senders_and_pages_as_people_write_them(archive, letters):
    first, second, other = letters["006"], letters["007"], letters["012"]
    named = Catalogue.of(archive).named_by
    # Papertrail's own form, and the same facts in other orders and date forms.
    assert named("Northgate Telecom, 006, 14 January 2013, p. 1") == [first]
    assert named("Northgate Telecom, 007, 20 March 2014, pp. 1–2") == [second]
    assert named("Northgate Telecom, letter of 2014-03-20") == [second]
    assert named("Northgate Telecom, March 20, 2014") == [second]
    assert named("Northgate Telecom, letter of 20/03/2014, page 1") == [second]
    assert named("Northgate Telecom, March 2014") == [second]
    assert named("Northgate Telecom (2013)") == [first]
    assert named("northgate telecom, 14 janvier 2013") == [first]
    assert named("007, 20 March 2014") == [second]          # a short title with its date
    assert named("Northgate Telecom, 007") == [second]      # or with its sender
    # A citation whose facts fit two letters equally names both.
    assert sorted(named("Northgate Telecom, 006, 20 March 2014")) == sorted([first, second])
    assert named("Ligue des droits de l'Homme et al., 012, 8 January 2004, p. 1") == [other]
    assert named("Ligue des droits de l’Homme, 8 janvier 2004") == [other]
    # The words' first source before "as quoted in" and a reported party's date do not count.
    assert named("Ligue des droits de l'Homme, 8 January 2004, as quoted in Northgate Telecom, "
                 "20 March 2014, p. 1") == [second]
    assert named("Northgate Telecom, 20 March 2014, p. 1 (reporting Per Olsen, January 2013)") == [second]
    # Not named: only a sender, only a date, an addressee, nothing at all.
    assert named("Northgate Telecom") == [] and named("20 March 2014") == []
    assert named("Ligue des droits de l'Homme, letter to Northgate Telecom, 20 March 2014") == []
    assert named("Ligue des droits de l'Homme, lettre à Northgate Telecom, 20 mars 2014") == []
    assert named("in a Northgate Telecom letter of 20 March 2014") == [second]
    # A page past the end is a wrong page of the letter named, which the check reports.
    assert named("Northgate Telecom, 007, 20 March 2014, p. 4") == [second]
    assert named("") == [] and named(None) == []


def test_a_sender_is_named_by_any_of_its_aliases(archive, letters, tmp_path, capsys):
    code, _, _ = run(capsys, tmp_path, "party-alias", "Ligue des droits de l'Homme", "LDH")
    assert code == 0
    assert Catalogue.of(archive).named_by("LDH, 8 January 2004") == [letters["012"]]


LATER = "The audit will cover every supplier with more than fifty workers in the region."


@pytest.fixture
def two_pages(archive, letters, tmp_path):
    """A two-page letter of Northgate Telecom's, 008, with LATER on its second page."""
    from app.ingest import ingest
    from app.library import edit_doc
    from tests.conftest import make_pdf
    path = make_pdf(tmp_path / "in2" / "008.pdf", [
        "Northgate Telecom\nOslo, 3 May 2015\n\nDear colleagues,\n\nWe write about the audit's scope.",
        f"{LATER}\n\nKind regards,\n\nPer Olsen"])
    (added,) = ingest(archive, [path], ocr=False).added
    edit_doc(archive, added["id"], title="008", date="3 May 2015", senders=["Northgate Telecom"])
    return {**letters, "008": added["id"]}


def test_a_quotation_on_other_pages_than_cited_is_reported_and_fails(two_pages, tmp_path, capsys):
    md = _letter(tmp_path, "pages.md",
                 f"You wrote: “{LATER}”[^1] and: “{PROMISE}”[^2] and again: “{LATER}”[^3]\n\n"
                 "[^1]: Northgate Telecom, 008, 3 May 2015, p. 1.\n"
                 "[^2]: Northgate Telecom, 007, 20 March 2014, p. 4.\n"
                 "[^3]: Northgate Telecom, 008, 3 May 2015, pp. 1–2.\n")
    code, out, err = run(capsys, tmp_path, "quote-check", md, "--json")
    assert code == 1 and err == ""
    report = json.loads(out)
    first, second, third = report["quotations"]
    assert report["wrong_page"] == 2 and report["not_in_cited"] == 0 and report["verified"] == 3
    assert first["doc_id"] == two_pages["008"] and first["in_cited"] is True and first["page"] == 2
    assert first["cited_pages"] == [1, 1] and first["page_ok"] is False
    assert first["citation_note"] == "cited at p. 1; the words are on p. 2"
    # A page past the end still names the letter: the page is what is wrong.
    assert second["doc_id"] == second["cited_doc_id"] == two_pages["007"] and second["page_ok"] is False
    assert second["citation_note"] == "cited at p. 4, but the document has 1 page; the words are on p. 1"
    assert third["cited_pages"] == [1, 2] and third["page_ok"] is True and third["citation_note"] is None

    code, out, err = run(capsys, tmp_path, "quote-check", md)
    assert code == 1
    assert "   note:     cited at p. 1; the words are on p. 2" in out
    assert "2 quotation(s) not on the pages their citation gives" in out


def test_a_citation_without_a_page_or_naming_nothing_says_nothing_of_pages(two_pages, tmp_path, capsys):
    md = _letter(tmp_path, "nopage.md", f"You wrote: “{LATER}”[^1] and “{LATER}”[^2]\n\n"
                                        "[^1]: Northgate Telecom, 008, 3 May 2015.\n"
                                        "[^2]: a letter we received, p. 1.\n")
    code, out, err = run(capsys, tmp_path, "quote-check", md, "--json")
    assert code == 0, out
    first, second = json.loads(out)["quotations"]
    assert first["in_cited"] is True and first["cited_pages"] is None and first["page_ok"] is None
    assert second["in_cited"] is None and second["cited_pages"] is None and second["page_ok"] is None
