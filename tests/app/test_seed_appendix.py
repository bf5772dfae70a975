"""From the rights groups' open letter to the next letter, on the command line: nine undertakings (several made
by two parties) and their questions tagged a paragraph at a time, two inconsistent statements linked, a DOCX and
a PDF draft whose appendix has a row each with parties, statuses as of the letter's date and questions; then a
reply answers two questions and the refreshed appendix drops them and shows the answers."""
import json
from pathlib import Path

import docx
import pymupdf
import pytest

from app.cli import main
from app.draft import load_draft, save_draft
from archive import Archive
from tests.app import seed_letter as seed

TO = "Mr. Chaim Gelfand, Vice-President, Compliance, NSO Group"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def _docx_rows(path: Path) -> list[list[str]]:
    """The appendix table's rows (header first), each cell's text."""
    document = docx.Document(str(path))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Undertaking"]
    return [[c.text for c in row.cells] for row in table.rows]


def _pdf_questions_column(path: Path) -> tuple[str, str]:
    """All the appendix pages' text, and the text of the questions column alone."""
    with pymupdf.open(path) as pdf:
        pages = [p for p in pdf if p.rect.width > p.rect.height]         # the landscape appendix
        assert pages, "the PDF has no appendix page"
        header = pages[0].search_for("Open questions")[0]
        column = []
        for page in pages:
            for x0, _y0, _x1, _y1, word, *_ in page.get_text("words"):
                if x0 >= header.x0 - 2:
                    column.append(word)
        return " ".join(" ".join(p.get_text().split()) for p in pages), " ".join(column)


@pytest.fixture
def seeded(tmp_path, capsys):
    """The open letter ingested and tagged on the command line: ids of what was tagged."""
    arch = tmp_path / "archive"
    letter = seed.make_letter(tmp_path / "in")
    added = run_json(capsys, "--archive", arch, "ingest", "--no-ocr", letter)
    doc = added["added"][0]["id"]
    code, _out, err = run(capsys, "--archive", arch, "edit", doc, "--title", seed.TITLE, "--date", "2021-04-27",
                          *[a for s in seed.SENDERS for a in ("--sender", s)], "--recipient", "NSO Group",
                          "--kind", "letter")
    assert code == 0, err
    ids = {"doc": doc, "arch": arch, "undertakings": [], "questions": []}
    for words, who, asks in seed.UNDERTAKINGS:
        made = run_json(capsys, "--archive", arch, "tag", doc, "--quote", words, "--kind", "commitment",
                        *[a for w in who for a in ("--by", w)], "--on", "2019-02", "--thread", "Appendix")
        assert made["by_all"] == list(who)
        ids["undertakings"].append(made["id"])
        asked = run_json(capsys, "--archive", arch, "tag", doc, "--quote", asks, "--kind", "question", "--split",
                         "--about", made["id"])
        assert [" ".join(q["quote"].split()) for q in asked] == seed.split_questions(asks)   # one step a paragraph
        assert all(q["to"] == "NSO Group" and q["said_on"] == "2021-04-27" for q in asked)
        ids["questions"].append([q["id"] for q in asked])
    monitors = run_json(capsys, "--archive", arch, "tag", doc, "--quote", seed.MONITORS, "--kind", "claim",
                        "--by", "NSO Group", "--on", "2019", "--thread", "Appendix")
    no_insight = run_json(capsys, "--archive", arch, "tag", doc, "--quote", seed.NO_INSIGHT, "--kind", "claim",
                          "--by", "NSO Group", "--on", "2020-06", "--thread", "Appendix")
    code, _out, err = run(capsys, "--archive", arch, "link", no_insight["id"], "contradicts", monitors["id"])
    assert code == 0, err
    claim_qs = run_json(capsys, "--archive", arch, "tag", doc, "--quote", seed.CLAIM_QUESTIONS, "--kind", "question",
                        "--split", "--about", monitors["id"], "--about", no_insight["id"])
    ids.update(monitors=monitors["id"], no_insight=no_insight["id"], claim_questions=[q["id"] for q in claim_qs])
    # What became of the undertakings: broken before the letter's date, fulfilled only after it, and one
    # recorded without a date today (after the letter's date, so the letter cannot report it).
    u = ids["undertakings"]
    for args in ([u[0], "--status", "broken", "--status-on", "2021-04-27", "--status-note", "no HRIA published"],
                 [u[2], "--status", "fulfilled", "--status-on", "2021-09-01"],
                 [u[4], "--status", "withdrawn"]):
        code, _out, err = run(capsys, "--archive", arch, "passage-edit", *args)
        assert code == 0, err
    return ids


def test_the_appendix_from_the_open_letter_to_the_refreshed_draft(seeded, tmp_path, capsys):
    arch, u, qs = seeded["arch"], seeded["undertakings"], seeded["questions"]
    made = run_json(capsys, "--archive", arch, "draft", "--to", TO, "--from", "Access Now", "--subject",
                    "NSO Group's undertakings", "--thread", "Appendix", "--appendix", "--date", "2021-06-30",
                    "--format", "docx", "--output", tmp_path / "letter.docx", "--save")
    assert (made["appendix_rows"], made["inconsistent_sets"], made["appendix_questions"]) == (10, 1, 21)
    code, _out, err = run(capsys, "--archive", arch, "draft-export", str(made["draft_id"]), "--format", "pdf",
                          "--output", tmp_path / "letter.pdf")
    assert code == 0, err

    rows = _docx_rows(tmp_path / "letter.docx")
    assert rows[0] == ["Undertaking", "Made by / when", "Source", "Status (date, evidence)", "Open questions"]
    body = rows[1:]
    assert len(body) == 10
    by_words = {r[0]: r for r in body}
    hria = by_words[seed.UNDERTAKINGS[0][0]]
    assert hria[1] == "NSO Group and Novalpina Capital\nFebruary 2019"
    assert hria[3] == "Broken\nas of 27 April 2021\nNote: no HRIA published"
    assert hria[4] == ("Will the public be provided a copy of the HRIA?\nHow often?\n"
                       "What is the external reporting plan?")
    assert by_words[seed.UNDERTAKINGS[2][0]][3].startswith("Open\n")          # fulfilled only in September
    assert by_words[seed.UNDERTAKINGS[4][0]][3] == "Open\nas of 30 June 2021"  # withdrawn only today
    assert by_words[seed.UNDERTAKINGS[5][0]][1] == "Novalpina Capital\nFebruary 2019"
    [pair] = [r for r in body if r[3].startswith("Inconsistent statements")]
    assert pair[0] == f"{seed.MONITORS} / {seed.NO_INSIGHT}"
    assert pair[3].splitlines()[1].startswith("Inconsistent with ") and "June 2020" in pair[3]
    assert seed.NO_INSIGHT not in pair[3]            # its words are in the undertaking column already
    assert pair[4].splitlines() == seed.split_questions(seed.CLAIM_QUESTIONS)
    text, column = _pdf_questions_column(tmp_path / "letter.pdf")
    assert "NSO Group and Novalpina Capital" in text and "Broken" in text and "Inconsistent statements" in text
    assert "How often?" in column and "Who may use the grievance mechanism?" in column

    # The author rewords an undertaking and types a question of their own into the stored draft.
    with Archive.open(arch) as archive:
        draft = load_draft(archive, made["draft_id"])
        appendix = draft.blocks[-1]
        row = next(r for r in appendix.rows if r.source.passage_id == u[0])
        row.undertaking = "Publish the HRIA"
        row.open_questions = "When will the summary appear?"
        save_draft(archive, draft, made["draft_id"])

    # NSO's reply answers two of the questions.
    reply = seed.make_reply(tmp_path / "in")
    added = run_json(capsys, "--archive", arch, "ingest", "--no-ocr", reply)
    rdoc = added["added"][0]["id"]
    assert run(capsys, "--archive", arch, "edit", rdoc, "--title", seed.REPLY_TITLE, "--date", "2021-06-10",
               "--sender", "NSO Group", "--recipient", "Access Now")[0] == 0
    how_often, who_may = qs[0][1], qs[2][0]
    for words, question in ((seed.ANSWER_HOW_OFTEN, how_often), (seed.ANSWER_WHO_MAY, who_may)):
        answer = run_json(capsys, "--archive", arch, "tag", rdoc, "--quote", words, "--kind", "claim")
        code, out, err = run(capsys, "--archive", arch, "link", answer["id"], "answers", question)
        assert code == 0, err

    for fmt in ("docx", "pdf"):
        code, _out, err = run(capsys, "--archive", arch, "draft-export", str(made["draft_id"]), "--format", fmt,
                              "--output", tmp_path / f"fresh.{fmt}", "--refresh-appendix")
        assert code == 0, err
    with Archive.open(arch) as archive:     # the stored draft is left as it was ...
        stored = load_draft(archive, made["draft_id"]).blocks[-1].rows
        assert how_often in [q.passage_id for r in stored for q in r.questions]
    code, out, err = run(capsys, "--archive", arch, "draft-export", str(made["draft_id"]), "--format", "md",
                         "--output", tmp_path / "fresh.md", "--refresh-appendix", "--save")
    assert code == 0 and out.endswith(f"saved draft {made['draft_id']}\n"), err
    with Archive.open(arch) as archive:     # ... unless saved
        stored = load_draft(archive, made["draft_id"]).blocks[-1].rows
        assert how_often not in [q.passage_id for r in stored for q in r.questions]
        assert "When will the summary appear?" in [r.open_questions for r in stored]
    fresh = {r[0]: r for r in _docx_rows(tmp_path / "fresh.docx")[1:]}
    hria = fresh["Publish the HRIA"]                                        # the author's wording kept
    assert hria[4] == ("Will the public be provided a copy of the HRIA?\nWhat is the external reporting plan?\n"
                       "When will the summary appear?")
    assert hria[3].startswith("Broken\nas of 27 April 2021")
    assert f"Answered in NSO Group, {seed.REPLY_TITLE}, 10 June 2021, p. 1: How often?" in hria[3]
    grievance = fresh[seed.UNDERTAKINGS[2][0]]
    assert grievance[4] == "How many complaints has it received?"
    assert "Answered in NSO Group" in grievance[3] and "Who may use the grievance mechanism?" in grievance[3]
    code, out, err = run(capsys, "--archive", arch, "quote-check", tmp_path / "fresh.docx")
    assert code == 0 and out.endswith(" verified, 0 altered, 0 unsourced\n"), out    # the appendix's quotes too
    text, column = _pdf_questions_column(tmp_path / "fresh.pdf")
    assert "How often?" not in column and "Who may use" not in column
    assert "What is the external reporting plan?" in column and "When will the summary appear?" in column
    assert "Answered in NSO Group" in text

    # The next letter asks again what is still unanswered, grouped by undertaking.
    made = run_json(capsys, "--archive", arch, "draft", "--to", TO, "--subject", "Our questions",
                    "--questions-to", "NSO Group", "--date", "2021-07-15", "--format", "docx",
                    "--output", tmp_path / "next.docx")
    assert made["questions_asked_again"] == 19
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "next.docx")).paragraphs]
    assert "Questions that remain unanswered" in paragraphs
    at = paragraphs.index("What is the external reporting plan? (first asked on 27 April 2021 in "
                          f"{seed.TITLE})")
    assert seed.UNDERTAKINGS[0][0] in paragraphs[at - 2] and paragraphs[at - 2].startswith("On the commitment by "
                                                                                         "NSO Group and Novalpina")
    assert not any(p.startswith("How often?") for p in paragraphs)
    code, out, err = run(capsys, "--archive", arch, "draft", "--to", TO, "--subject", "S", "--questions-to",
                         "Amnesty", "--format", "md", "--output", tmp_path / "none.md")
    assert code == 1 and "no unanswered questions to 'Amnesty'" in err and "NSO Group (19)" in err
    assert not (tmp_path / "none.md").exists()
