"""Questions: tagged a paragraph at a time, written directly, addressed to a party, moved by the
links of the replies that answer them; passages made by several parties; the migration."""
import json
from datetime import date
from pathlib import Path

import pytest

from app import passages, questions
from app.cli import main
from app.ingest import ingest
from app.library import edit_doc
from tests.conftest import make_pdf

ASK_PAGE = ("Access Now\n\n27 April 2021\n\nNSO Group\n\nDear Mr. Gelfand,\n\n"
            "Novalpina Capital undertook to publish the HRIA of NSO Group.\n\n"
            "We therefore ask: Will the public be provided a copy of the HRIA? How often? What is\n"
            "the external reporting plan?\n\nYours sincerely,\n\nAccess Now")
QUESTIONS = ("We therefore ask: Will the public be provided a copy of the HRIA? How often? "
             "What is the external reporting plan?")
REPLY_PAGE = ("NSO Group\n\n10 June 2021\n\nAccess Now\n\nDear colleagues,\n\n"
              "A summary of the HRIA will be published each year. We cannot describe our reporting plan.\n\n"
              "Yours sincerely,\n\nNSO Group")


@pytest.fixture
def letters(archive, tmp_path):
    ask = make_pdf(tmp_path / "in" / "ask.pdf", [ASK_PAGE])
    reply = make_pdf(tmp_path / "in" / "reply.pdf", [REPLY_PAGE])
    report = ingest(archive, [ask, reply], ocr=False)
    ids = {Path(a["file"]).stem: a["id"] for a in report.added}
    edit_doc(archive, ids["ask"], title="Questions on the HRIA", senders=["Access Now"],
             recipients=["NSO Group"], date="2021-04-27")
    edit_doc(archive, ids["reply"], title="Reply on the HRIA", senders=["NSO Group"],
             recipients=["Access Now"], date="2021-06-10")
    return ids


@pytest.mark.parametrize("text, expected", [
    ("We ask: Will you publish it? How often?", ["Will you publish it?", "How often?"]),
    ("1. Will you publish it?\n2. When?\n(c) Who reviews it?", ["Will you publish it?", "When?", "Who reviews it?"]),
    ("Thank you. Did Mr. Hulio approve the sale? We look forward to your reply.",
     ["Did Mr. Hulio approve the sale?"]),
    ("• Is the policy public?” — and does it bind clients?", ["Is the policy public?”", "and does it bind clients?"]),
    ("No question here.", []),
])
def test_question_spans_split_at_question_marks(text, expected):
    assert [text[a:b] for a, b in questions.question_spans(text)] == expected


def test_a_paragraph_of_questions_is_tagged_in_one_step(archive, letters):
    made = questions.tag_questions(archive, letters["ask"], QUESTIONS)
    assert [" ".join(q["quote"].split()) for q in made] == [
        "Will the public be provided a copy of the HRIA?", "How often?", "What is the external reporting plan?"]
    for q in made:
        assert q["kind"] == "question" and q["status"] == "unanswered"
        assert q["to"] == "NSO Group" and q["by"] == "Access Now" and q["said_on"] == "2021-04-27"
        page_text = archive.db.execute("SELECT text FROM pages WHERE doc_id = ? AND page = 1",
                                       [letters["ask"]]).fetchone()[0]
        assert page_text[q["start"]:q["end"]] == q["quote"]     # anchored exactly in the letter
    with pytest.raises(Exception, match="no question mark"):
        questions.tag_questions(archive, letters["ask"], "Novalpina Capital undertook to publish the HRIA")


def test_answers_move_the_state_and_removing_them_moves_it_back(archive, letters):
    c = passages.tag(archive, letters["ask"], "Novalpina Capital undertook to publish the HRIA of NSO Group",
                     "commitment", by=["Novalpina Capital", "NSO Group"])
    q1, q2, q3 = questions.tag_questions(archive, letters["ask"], QUESTIONS, about=[c["id"]])
    yearly = passages.tag(archive, letters["reply"], "A summary of the HRIA will be published each year.",
                          "commitment")
    cannot = passages.tag(archive, letters["reply"], "We cannot describe our reporting plan.", "claim")
    passages.link(archive, yearly["id"], "answers", q1["id"])
    passages.link(archive, yearly["id"], "partly-answers", q2["id"])
    passages.link(archive, cannot["id"], "declines", q3["id"])

    got = {q["id"]: q for q in questions.list_questions(archive, to="NSO", today=date(2021, 7, 1))}
    assert got[q1["id"]]["state"] == "answered" and got[q1["id"]]["days_waiting"] is None
    assert got[q2["id"]]["state"] == "partly-answered" and got[q2["id"]]["days_waiting"] == 65
    assert got[q3["id"]]["state"] == "declined"
    last = passages.get(archive, q1["id"])["history"][-1]
    assert (last["status"], last["on_date"], last["evidence_id"]) == ("answered", "2021-06-10", yearly["id"])
    assert "Reply on the HRIA" in last["note"]
    assert [a["id"] for a in got[q1["id"]]["about"]] == [c["id"]]
    assert [(a["relation"], a["id"]) for a in got[q1["id"]]["answers"]] == [("answers", yearly["id"])]

    # A full answer beats a partial one; taking it away leaves the partial one.
    passages.link(archive, cannot["id"], "answers", q2["id"])
    assert passages.get(archive, q2["id"])["status"] == "answered"
    passages.unlink(archive, cannot["id"], "answers", q2["id"])
    assert passages.get(archive, q2["id"])["status"] == "partly-answered"
    passages.unlink(archive, yearly["id"], "answers", q1["id"])
    assert passages.get(archive, q1["id"])["status"] == "unanswered"

    # Deleting the reply's passage reopens the question; undoing the deletion settles it again.
    gone = passages.untag(archive, cannot["id"])
    assert passages.get(archive, q3["id"])["status"] == "unanswered"
    passages.restore(archive, gone)
    assert passages.get(archive, q3["id"])["status"] == "declined"

    assert [q["id"] for q in questions.list_questions(archive, state="open")] == [q1["id"], q2["id"]]
    assert [q["id"] for q in questions.open_questions_about(archive, c["id"])] == [q1["id"], q2["id"]]
    assert questions.list_questions(archive, to="Access Now") == []


def test_links_that_mean_nothing_are_refused(archive, letters):
    c = passages.tag(archive, letters["ask"], "Novalpina Capital undertook to publish the HRIA of NSO Group",
                     "commitment")
    q = questions.tag_questions(archive, letters["ask"], QUESTIONS)[0]
    with pytest.raises(Exception, match="only a question asks about"):
        passages.link(archive, c["id"], "asks-about", q["id"])
    with pytest.raises(Exception, match="only a question can be answered"):
        passages.link(archive, q["id"], "answers", c["id"])
    with pytest.raises(Exception, match="unknown status 'fulfilled' for a question"):
        passages.edit(archive, q["id"], status="fulfilled")
    assert passages.edit(archive, q["id"], status="declined", status_note="refused at the meeting")["status"] == \
        "declined"


def test_a_question_written_directly_has_no_document(archive, letters):
    c = passages.tag(archive, letters["ask"], "Novalpina Capital undertook to publish the HRIA of NSO Group",
                     "commitment")
    q = questions.ask(archive, "Who audits the HRIA?", to="NSO Group", about=[c["id"]])
    assert q["doc_id"] is None and q["spans"] == [] and q["to"] == "NSO Group" and q["status"] == "unanswered"
    listed = questions.list_questions(archive)
    assert listed[-1]["id"] == q["id"] and listed[-1]["asked_in"] is None and listed[-1]["asked_on"] is None
    assert [x["id"] for x in questions.questions_about(archive, c["id"])] == [q["id"]]
    with pytest.raises(Exception, match="can only be a question"):
        passages.edit(archive, q["id"], kind="claim")
    from app.check import check
    assert check(archive) == []
    passages.restore(archive, passages.untag(archive, q["id"]))
    assert passages.get(archive, q["id"])["links"][0]["passage_id"] == c["id"]


def test_a_passage_made_by_several_parties(archive, letters):
    c = passages.tag(archive, letters["ask"], "Novalpina Capital undertook to publish the HRIA of NSO Group",
                     "commitment", by=["Novalpina Capital", "NSO Group"])
    assert c["by"] == "Novalpina Capital" and c["by_all"] == ["Novalpina Capital", "NSO Group"]
    assert [p["id"] for p in passages.query(archive, by="NSO Group")] == [c["id"]]
    edited = passages.edit(archive, c["id"], by=["NSO Group"])
    assert edited["by_all"] == ["NSO Group"]
    passages.edit(archive, c["id"], by=["NSO Group", "Novalpina Capital"])
    from app.parties import merge_parties
    merge_parties(archive, "Novalpina Capital", "NSO Group")
    assert passages.get(archive, c["id"])["by_all"] == ["NSO Group"]


def test_archives_from_before_questions_keep_their_passages(tmp_path):
    """Migration 7 rebuilds the passages table; what refers to passages must survive it."""
    from archive import Archive
    from tests.conftest import database_at
    folder = tmp_path / "old"
    db = database_at(folder, 6)
    db.execute("INSERT INTO documents (id, file_name, size, title, pages, added_at, updated_at) "
               "VALUES ('d1', 'a.pdf', 1, 'A letter', 1, '2021', '2021')")
    for pid in ("p1", "p2"):
        db.execute("INSERT INTO passages (id, doc_id, page, start, end, quote, kind, created_at, updated_at, "
                   "end_page) VALUES (?, 'd1', 1, 0, 4, 'text', 'commitment', '2021', '2021', 1)", [pid])
    db.execute("INSERT INTO status_history (passage_id, status, recorded_at) VALUES ('p1', 'open', '2021')")
    db.execute("INSERT INTO links (source_id, relation, target_id, created_at) VALUES ('p2', 'rebuts', 'p1', '2021')")
    db.conn.close()
    archive = Archive.open(folder)
    assert archive.db.execute("SELECT COUNT(*) FROM status_history").fetchone()[0] == 1
    assert archive.db.execute("SELECT COUNT(*) FROM links").fetchone()[0] == 1
    assert archive.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    archive.db.execute("DELETE FROM passages WHERE id = 'p1'")      # the references still cascade
    assert archive.db.execute("SELECT COUNT(*) FROM links").fetchone()[0] == 0
    archive.close()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_command_line(archive, letters, capsys):
    arch = archive.path
    archive.close()
    code, out, _ = run(capsys, "--archive", arch, "tag", letters["ask"][:8], "--quote",
                       "Novalpina Capital undertook to publish the HRIA of NSO Group", "--kind", "commitment",
                       "--by", "Novalpina Capital", "--by", "NSO Group", "--json")
    assert code == 0
    commitment = json.loads(out)
    assert commitment["by_all"] == ["Novalpina Capital", "NSO Group"]
    code, out, _ = run(capsys, "--archive", arch, "tag", letters["ask"][:8], "--quote", QUESTIONS,
                       "--kind", "question", "--split", "--about", commitment["id"][:8], "--json")
    assert code == 0
    made = json.loads(out)
    assert len(made) == 3 and all(q["links"][0]["relation"] == "asks-about" for q in made)
    code, out, _ = run(capsys, "--archive", arch, "tag", letters["reply"][:8], "--quote",
                       "A summary of the HRIA will be published each year.", "--kind", "commitment", "--json")
    reply = json.loads(out)
    code, out, _ = run(capsys, "--archive", arch, "link", reply["id"][:8], "answers", made[0]["id"][:8])
    assert code == 0
    code, out, _ = run(capsys, "--archive", arch, "ask", "Who audits the HRIA?", "--to", "NSO Group", "--json")
    assert code == 0 and json.loads(out)["asked_in"] is None
    code, out, _ = run(capsys, "--archive", arch, "questions", "--to", "NSO", "--state", "open", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["state"] for r in rows] == ["unanswered", "unanswered", "unanswered"]
    assert rows[0]["asked_in"]["title"] == "Questions on the HRIA"
    code, out, _ = run(capsys, "--archive", arch, "questions")
    assert "answered" in out and "days ago" in out and "not asked yet" in out and "4 question(s), 3 still" in out
    code, out, _ = run(capsys, "--archive", arch, "passages", "--kind", "question", "--status", "answered", "--json")
    assert [p["id"] for p in json.loads(out)] == [made[0]["id"]]
    code, _, err = run(capsys, "--archive", arch, "link", commitment["id"][:8], "asks-about", made[1]["id"][:8])
    assert code == 2 and err.startswith("error: only a question asks about")
    code, _, err = run(capsys, "--archive", arch, "tag", letters["ask"][:8], "--quote", "HRIA", "--kind", "claim",
                       "--split")
    assert code == 2 and "--split and --about go with --kind question" in err
    code, out, _ = run(capsys, "--archive", arch, "check")
    assert code == 0


def test_search_filters_questions_by_state_and_addressee(archive, letters):
    from app.search import search
    q1, q2, q3 = questions.tag_questions(archive, letters["ask"], QUESTIONS)
    passages.edit(archive, q2["id"], to="Novalpina Capital")
    reply = passages.tag(archive, letters["reply"], "A summary of the HRIA will be published each year.",
                         "commitment")
    passages.link(archive, reply["id"], "answers", q1["id"])
    found = search(archive, "kind:question state:unanswered to:NSO", limit=20)
    assert [h.passage_id for h in found.hits] == [q3["id"]]
    assert search(archive, "HRIA kind:question status:answered", limit=20).hits[0].passage_id == q1["id"]
    assert [h.passage_id for h in search(archive, "kind:question to:Novalpina", limit=20).hits] == [q2["id"]]


def test_exports_and_bundles_carry_questions(archive, letters, tmp_path):
    from app.bundle import export_bundle, import_bundle
    from app.timeline import annotations, build, export
    from archive import Archive
    c = passages.tag(archive, letters["ask"], "Novalpina Capital undertook to publish the HRIA of NSO Group",
                     "commitment", by=["Novalpina Capital", "NSO Group"])
    q1, q2, _ = questions.tag_questions(archive, letters["ask"], QUESTIONS, about=[c["id"]])
    reply = passages.tag(archive, letters["reply"], "A summary of the HRIA will be published each year.",
                         "commitment")
    passages.link(archive, reply["id"], "answers", q1["id"])
    written = questions.ask(archive, "Who audits the HRIA?", to="NSO Group")

    tl = build(archive)
    csv_text = export(tl, "csv")
    header = csv_text.splitlines()[0].split(",")
    assert header[-2:] == ["Made by (all)", "Asked of"]
    assert "answered" in csv_text and "Novalpina Capital; NSO Group" in csv_text and ",NSO Group\r\n" in csv_text
    assert "not yet in a letter" in export(tl, "md") and "Access Now to NSO Group" in export(tl, "html")

    items = {a["id"]: a for a in json.loads(annotations(archive))["first"]["items"]}
    by_passage = {p: items[f"urn:uuid:{p[:8]}-{p[8:12]}-{p[12:16]}-{p[16:20]}-{p[20:]}"]
                  for p in (q1["id"], q2["id"], reply["id"], c["id"])}
    assert by_passage[q1["id"]]["motivation"] == "questioning"
    assert by_passage[reply["id"]]["motivation"] == "replying"
    assert by_passage[reply["id"]]["target"][1] == by_passage[q1["id"]]["id"]
    assert {"type": "TextualBody", "value": "by:NSO Group", "purpose": "tagging", "format": "text/plain"} in \
        by_passage[c["id"]]["body"]
    assert len(items) == 5          # the question written directly annotates no letter

    bundle = tmp_path / "share.zip"
    result = export_bundle(archive, bundle, everything=True)
    assert result["passages"] == 5
    other = Archive.open(tmp_path / "colleague")
    report = import_bundle(other, bundle)
    assert len(report["passages_added"]) == 5
    theirs = {q["quote"]: q for q in questions.list_questions(other)}
    assert theirs["Will the public be provided a copy of the HRIA?"]["state"] == "answered"
    assert theirs["How often?"]["to"] == "NSO Group"
    assert passages.query(other, kind="commitment", by="NSO Group")[0]["by_all"] == ["Novalpina Capital", "NSO Group"]
    assert written["id"] not in {p["id"] for p in passages.query(other)}
    other.close()


def test_questions_written_in_the_same_second_keep_the_order_they_were_written(archive, letters):
    made = [questions.ask(archive, f"Question number {i}?", to="NSO Group")["id"] for i in range(6)]
    assert [q["id"] for q in questions.list_questions(archive)] == made

