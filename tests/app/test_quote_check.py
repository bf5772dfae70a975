"""quote-check on hand-written letters: what counts as a faithful quotation and what does not."""

import json
import zipfile

import pytest

from app.cli import main
from app.draft import check_file
from app.ingest import ingest
from app.library import edit_doc
from tests.conftest import make_pdf

REPLY = """Veridian Signals Ltd
London, 9 October 2020

Ms. Anna Lindqvist
Open Rights Watch

Dear Ms. Lindqvist,

Our products are “only sold to vetted government agencies” and are not used
against journalists. The independant review will be completed within 6 months
of this letter, and its findings will be shared with civil society in full.

We will publish a human rights impact assessment before the end of 2021.

Yours sincerely,

Marta Kessler
Chief Executive Officer"""

OTHER = """Northgate Telecom
Oslo, 2 February 2021

Dear colleagues,

Northgate Telecom does not sell interception equipment to any government.

Kind regards,

Per Olsen"""

# Each paragraph holds one quotation; EXPECTED gives its verdict in order.
LETTER_MD = """Dear Ms. Kessler,

You assured us that “Our products are "only sold to vetted government agencies" and are not used against journalists.”[^1]

In the same letter you said "We will publish a human rights impact assessment before the end of 2021." in plain quotes.

You wrote that “the independant [sic] review will be completed within 6 months
of this letter”.

> The independant review will be completed […] and its findings will be shared
> with civil society in full.

Northgate told us: “Northgate Telecom does not sell interception equipment to any government.”

You promised that “We will publish a human rights impact study before the end of 2021.”

You claimed “Our products are only sold to vetted government agencies and are used against journalists.”

You wrote that “the independant review will be completed within 9 months of this letter”.

You also said “we have stopped all sales to the region as of last year”.

[^1]: Veridian Signals Ltd, Reply of 9 October 2020, 9 October 2020, p. 1.
"""
EXPECTED = ["verified"] * 5 + ["altered"] * 3 + ["unsourced"]


@pytest.fixture
def docs(archive, tmp_path):
    paths = [make_pdf(tmp_path / "in" / "reply.pdf", [REPLY], metadata={"title": "Reply of 9 October 2020"}),
             make_pdf(tmp_path / "in" / "other.pdf", [OTHER], metadata={"title": "Northgate statement"})]
    report = ingest(archive, paths, ocr=False)
    titles = {"reply": "Reply of 9 October 2020", "other": "Northgate statement"}  # given by the user
    for added in report.added:
        edit_doc(archive, added["id"], title=titles[added["title"]])
    return {titles[a["title"]]: a["id"] for a in report.added}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_typography_line_breaks_elisions_and_sic_pass_but_changed_words_do_not(archive, docs, tmp_path):
    letter = tmp_path / "letter.md"
    letter.write_text(LETTER_MD, encoding="utf-8")
    results = check_file(archive, letter)
    assert [r["status"] for r in results] == EXPECTED
    reply, other = docs["Reply of 9 October 2020"], docs["Northgate statement"]
    assert [r["doc_id"] for r in results] == [reply] * 4 + [other] + [reply] * 3 + [None]
    assert [r["doc_title"] for r in results][3:5] == ["Reply of 9 October 2020", "Northgate statement"]
    assert all(r["page"] == 1 for r in results[:8])
    first = results[0]
    assert first["quote"].startswith('Our products are "only sold') and first["quote"].endswith("journalists.")
    assert first["citation"] == "Veridian Signals Ltd, Reply of 9 October 2020, 9 October 2020, p. 1"
    assert first["changes"] == [] and first["source_text"].startswith("Our products are “only sold")
    assert "\n" in results[2]["source_text"] and "[sic]" in results[2]["quote"]
    assert any(e["op"] == "elided" for e in results[3]["diff"])
    assert results[5]["changes"] == [{"op": "replace", "quote": "study", "source": "assessment"}]
    assert results[6]["changes"] == [{"op": "delete", "quote": "", "source": "not"}]
    assert results[7]["changes"] == [{"op": "replace", "quote": "9", "source": "6"}]
    assert results[8]["doc_id"] is None and results[8]["page"] is None


def test_quote_check_command_output_json_and_exit_codes(archive, docs, tmp_path, capsys):
    arch = tmp_path / "archive"
    letter = tmp_path / "letter.md"
    letter.write_text(LETTER_MD, encoding="utf-8")
    code, out, err = run(capsys, "--archive", arch, "quote-check", letter, "--json")
    assert code == 1 and err == ""
    report = json.loads(out)
    assert set(report) == {"file", "quotations", "verified", "altered", "unsourced", "not_in_cited",
                           "wrong_page"}
    assert (report["verified"], report["altered"], report["unsourced"], report["not_in_cited"]) == (5, 3, 1, 0)
    assert set(report["quotations"][0]) == {"quote", "status", "doc_id", "doc_title", "page", "end_page", "diff",
                                            "changes", "source_text", "citation", "location", "cited_doc_ids",
                                            "cited_doc_id", "cited_doc_title", "cited_doc_date", "in_cited",
                                            "citation_note", "cited_pages", "page_ok"}
    # The footnote names the reply by its sender, title and date; the second quotation cites nothing.
    first, second = report["quotations"][:2]
    assert first["cited_doc_id"] == first["doc_id"] and first["in_cited"] is True
    assert first["cited_doc_title"] == "Reply of 9 October 2020" and first["citation_note"] is None
    assert second["citation"] is None and second["in_cited"] is None and second["cited_doc_ids"] == []
    assert report["quotations"][0]["end_page"] is None     # set when the source runs on to the next page

    code, out, err = run(capsys, "--archive", arch, "quote-check", letter)
    assert code == 1
    assert "6. ALTERED" in out and "   - assessment\n   + study\n" in out
    assert "   - not\n" in out and "[-not-]" in out
    assert "   - 6\n   + 9\n" in out
    assert "9. UNSOURCED" in out and "none found" in out
    assert out.rstrip().endswith("5 verified, 3 altered, 1 unsourced")

    good = tmp_path / "good.txt"
    good.write_text("You wrote: “We will publish a human rights impact assessment before the end of 2021.” "
                    "(Reply of 9 October 2020, p. 1)\n", encoding="utf-8")
    code, out, err = run(capsys, "--archive", arch, "quote-check", good)
    assert code == 0 and out.startswith("1. verified") and "cited as: Reply of 9 October 2020, p. 1" in out
    none = tmp_path / "none.html"
    none.write_text("<p>Thank you for your letter.</p>", encoding="utf-8")
    code, out, err = run(capsys, "--archive", arch, "quote-check", none, "--json")
    assert code == 0 and json.loads(out)["quotations"] == []


def test_quote_check_shows_every_word_a_paraphrase_replaced(archive, tmp_path, capsys):
    source = ("Open Rights Watch\nLondon, 3 March 2021\n\nDear Ms. Kessler,\n\nOur members believe that a "
              "public commitment to remedy would go a long way towards restoring trust.\n\nYours sincerely,\n\n"
              "Anna Lindqvist")
    ingest(archive, [make_pdf(tmp_path / "in" / "members.pdf", [source])], ocr=False)
    letter = tmp_path / "letter.md"
    letter.write_text("They wrote that “a public commitment to remedy would help restore trust.”\n\n"
                      "They also wrote that “a public commitment to remedy would, in our view, go a long way "
                      "towards restoring trust.”\n", encoding="utf-8")
    code, out, err = run(capsys, "--archive", tmp_path / "archive", "quote-check", letter, "--json")
    assert code == 1 and err == ""
    first, second = json.loads(out)["quotations"]
    assert first["status"] == second["status"] == "altered"
    assert first["changes"] == [{"op": "replace", "quote": "help restore", "source": "go a long way towards restoring"}]
    assert first["diff"][-1] == {"op": "equal", "quote": "trust.", "source": "trust."}
    assert second["changes"] == [{"op": "insert", "quote": "in our view,", "source": ""}]
    assert second["diff"][-1]["quote"] == "go a long way towards restoring trust."

    code, out, err = run(capsys, "--archive", tmp_path / "archive", "quote-check", letter)
    assert code == 1
    assert "   - go a long way towards restoring\n   + help restore\n" in out
    assert "[-go a long way towards restoring-]{+help restore+} trust." in out
    assert "   + in our view,\n" in out and "would, {+in our view,+} go a long way" in out
    assert out.rstrip().endswith("0 verified, 2 altered, 0 unsourced")


@pytest.mark.parametrize("name, content, message", [
    ("missing.md", None, "no file"),
    ("letter.pdf", b"%PDF-1.7\n", "use a .docx, .md, .html or .txt file"),
    ("letter.docx", b"this is not a zip file", "not a Word document"),
    ("empty-zip.docx", "zip", "not a Word document"),
])
def test_unreadable_files_fail_with_one_error_line(archive, tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "no document in here")
    elif content is not None:
        path.write_bytes(content)
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "--archive", tmp_path / "archive", "quote-check", path, *extra)
        assert code == 1 and out == ""
        assert err.startswith("error: ") and message in err and err.count("\n") == 1
