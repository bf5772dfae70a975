"""Whose words a quotation is and whose commitment: detected, changeable, and what lead-ins and
citations make of it, on the command line and in drafts; citations rebuilt from the archive."""
import json

import pytest

from app import passages
from app.cli import main
from app.draft import build_draft, lead_in, load_draft, refresh_citations, save_draft
from app.library import edit_doc
from archive import Archive
from tests.app.rights_letter import CEO_CLAIM, NOVALPINA, NSO_2020, ingest_letters


@pytest.fixture
def letters(archive, tmp_path):
    return ingest_letters(archive, tmp_path / "in")


def test_a_report_of_another_partys_commitment_names_the_real_author(archive, letters):
    p = passages.tag(archive, letters["letter"], NOVALPINA, "commitment", by="Novalpina Capital", on="2019-02")
    assert p["words_by"] is None and p["manner"] == "reported" and not p["manner_set"]
    assert lead_in(p) == ("On 27 April 2021, Access Now et al. recorded a commitment made by Novalpina Capital "
                          "in February 2019:")
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "HRIA", passage_ids=[p["id"]])
    assert draft.quotes()[0].citation.text() == (
        "Access Now et al., NSO Group continues to fail in human rights compliance, 27 April 2021, p. 2 "
        "(reporting Novalpina Capital, February 2019)")


def test_a_direct_quotation_in_quotation_marks_is_the_partys_own_words(archive, letters):
    p = passages.tag(archive, letters["letter"], NSO_2020, "claim", by="NSO Group", on="2020-06",
                     said_in="letter to David Kaye")
    assert p["words_by"] == "NSO Group" and p["manner"] == "written"
    assert lead_in(p) == "In June 2020, NSO Group wrote, as quoted by Access Now et al. on 27 April 2021:"
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "Oversight", passage_ids=[p["id"]])
    assert draft.quotes()[0].citation.text() == (
        "NSO Group, letter to David Kaye, June 2020, as quoted in Access Now et al., NSO Group continues to "
        "fail in human rights compliance, 27 April 2021, pp. 3–4")
    # The user can say otherwise: the rights groups' words after all, and said rather than written.
    q = passages.edit(archive, p["id"], words_by="author", manner="said")
    assert q["words_by"] is None and q["manner"] == "said" and q["manner_set"]
    assert "(reporting NSO Group, June 2020)" in build_draft(
        archive, "X", [], "Oversight", passage_ids=[p["id"]]).quotes()[0].citation.text()
    r = passages.edit(archive, p["id"], words_by="NSO Group", manner="")
    assert r["words_by"] == "NSO Group" and not r["manner_set"]


def test_own_words_said_in_an_interview_read_said(archive, letters):
    p = passages.tag(archive, letters["ceo"], CEO_CLAIM, "claim", manner="said")
    assert p["by"] == "NSO Group" and p["words_by"] is None
    assert lead_in(p) == "On 14 March 2019, NSO Group said:"
    with pytest.raises(Exception, match="unknown manner"):
        passages.tag(archive, letters["ceo"], CEO_CLAIM, "claim", manner="sung")


def test_tag_and_passage_edit_take_words_by_manner_and_said_in(tmp_path, capsys):
    folder = tmp_path / "arch"
    with Archive.open(folder) as archive:
        ids = ingest_letters(archive, tmp_path / "in")
    base = ["--archive", str(folder)]
    assert main(base + ["tag", ids["letter"][:12], "--quote", NSO_2020, "--kind", "claim", "--by", "NSO Group",
                        "--on", "2020-06", "--said-in", "letter to David Kaye", "--json"]) == 0
    p = json.loads(capsys.readouterr().out)
    assert (p["words_by"], p["manner"], p["said_in"], p["end_page"]) == ("NSO Group", "written",
                                                                         "letter to David Kaye", 4)
    assert main(base + ["passage-edit", p["id"][:8], "--manner", "said", "--words-by", "author"]) == 0
    assert "pp. 3–4" in capsys.readouterr().out
    assert main(base + ["passage", p["id"][:8]]) == 0
    shown = capsys.readouterr().out
    assert "words     Access Now, Amnesty International, Privacy International (the document's author), said" in shown
    assert "page 3 char" in shown and "to page 4 char" in shown
    assert main(base + ["passage-edit", p["id"][:8], "--manner", "automatic", "--json"]) == 0
    edited = json.loads(capsys.readouterr().out)
    assert (edited["manner"], edited["manner_set"]) == ("reported", False)


def test_citations_are_rebuilt_from_the_archive_on_refresh_and_export(archive, letters, tmp_path, capsys):
    p = passages.tag(archive, letters["letter"], NOVALPINA, "commitment", by="Novalpina Capital", on="2019-02")
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "HRIA", passage_ids=[p["id"]], appendix=True)
    did = save_draft(archive, draft)
    edit_doc(archive, letters["letter"], title="Open letter on human rights compliance")
    fresh = refresh_citations(archive, load_draft(archive, did))
    texts = [fresh.quotes()[0].citation.text()] + [r.source.text() for r in fresh.blocks[-1].rows]
    assert all("Open letter on human rights compliance" in t for t in texts)
    target = tmp_path / "letter.md"
    archive.close()
    assert main(["--archive", str(archive.path), "draft-export", str(did), "--format", "md",
                 "--output", str(target)]) == 0
    exported = target.read_text(encoding="utf-8")
    assert "NSO Group continues to fail" not in exported
    assert exported.count("Open letter on human rights compliance") == 2   # the footnote and the appendix


def test_quotation_marks_are_detected_across_a_page_break_and_only_around_the_words():
    from app.quotes.pages import in_quotation_marks
    assert in_quotation_marks("The letter said that “absent customer cooperation, ", "limited to reviewing",
                              " available metadata,\nwhich fails to provide insights.” We ask")
    assert in_quotation_marks('He said "we will ', "publish the report", ' by June" and left.')
    assert in_quotation_marks("It read: ", "“we will publish it.”", " Nothing came of it.")
    assert not in_quotation_marks("Novalpina Capital ", "undertook to publish", " the assessment.")
    assert not in_quotation_marks("“We will publish.” Later ", "they said nothing", " at all.")
    # A selection that runs out of the quotation is part quotation, part the author's words.
    assert not in_quotation_marks("said “we will ", "publish it” and then left", ".")
    # A quotation closed in an earlier paragraph does not count.
    assert not in_quotation_marks("“We will\n\nNew paragraph about ", "something else", " here.")


def test_the_author_is_recognised_under_a_longer_name_and_listed_once():
    from app.draft.model import Citation, same_party
    assert same_party("UN Special Rapporteur on the right to privacy", ["Special Rapporteur on the right to privacy"])
    assert not same_party("Novalpina Capital", ["Access Now", "Amnesty International"])
    assert not same_party("Now Access", ["Access Now"])     # whole words, in order
    c = Citation(None, "d", "UN Special Rapporteur on the right to privacy", "2019-07-22", "AL OTH 14/2019",
                 "2019-07-22", 1, doc_authors=["Special Rapporteur on the right to privacy"])
    assert c.text() == "UN Special Rapporteur on the right to privacy, AL OTH 14/2019, 22 July 2019, p. 1"
