"""The appendix's rules: which status change is in force on the letter's date, how stored rows read (old
drafts too), questions the author took out stay out, and a set of inconsistent statements keeps its row."""
import json

import docx
import pytest

from app import passages, questions
from app.draft import build_draft, citation_for, load_draft, refresh_appendix, save_draft, status_as_of
from app.draft.export import export_draft
from app.draft.model import AppendixQuestion, AppendixRow, Draft
from tests.app.rights_letter import CEO_CLAIM, NOVALPINA, NSO_2020, ingest_letters


def _change(status, on=None, recorded="2021-01-01T10:00:00"):
    return {"status": status, "on_date": on, "note": "", "evidence_id": None, "recorded_at": recorded}


def test_the_change_in_force_on_a_date():
    history = [_change("open", recorded="2026-01-05T09:00:00"),          # tagged long after it was made
               _change("broken", on="2021-04"),
               _change("fulfilled", recorded="2022-03-01T08:00:00"),     # no date: as of the day recorded
               _change("partly-fulfilled", on="2021-12-24", recorded="2026-01-06T09:00:00")]
    at = {d: status_as_of(history, d)["status"] for d in
          ("2020-01-01", "2021-04-01", "2021-05-02", "2021-12-24", "2022-02-28", "2022-03-01", "2030-01-01")}
    assert at == {"2020-01-01": "open",           # the tagging row holds from the start
                  "2021-04-01": "broken",         # a month-only date holds from its month
                  "2021-05-02": "broken", "2021-12-24": "partly-fulfilled", "2022-02-28": "partly-fulfilled",
                  "2022-03-01": "fulfilled", "2030-01-01": "fulfilled"}
    assert status_as_of(history, None)["status"] == "partly-fulfilled"       # no date: the last one recorded
    assert status_as_of([], "2021-01-01") is None


def test_old_stored_rows_load_and_new_ones_round_trip():
    citation = {"passage_id": "p1", "doc_id": "d", "said_by": "NSO Group", "said_on": None, "doc_title": "T",
                "doc_date": None, "page": 1}
    old = {"undertaking": "publish it", "made_by": "NSO Group", "made_on": "2019", "source": citation,
           "status": "Open", "status_date": None, "status_evidence": None, "open_questions": "When?\nWho?"}
    draft = Draft.from_dict({"to": "X", "from": [], "date": "2021-05-01", "subject": "S", "salutation": "",
                             "closing": "", "blocks": [{"type": "appendix", "title": "A", "rows": [old]}]})
    row = draft.blocks[0].rows[0]
    assert (row.open_questions, row.questions, row.parties, row.kind) == ("When?\nWho?", [], [], "commitment")
    assert row.all_parties() == ["NSO Group"] and row.question_lines() == ["When?", "Who?"]
    row.questions = [AppendixQuestion("q1", "How often?", "partly-answered", "2021-04-27", "Open letter")]
    row.parties = ["NSO Group", "Novalpina Capital"]
    again = AppendixRow.from_dict(json.loads(json.dumps(row.to_dict())))
    assert again == row and again.question_lines() == ["How often? (partly answered)", "When?", "Who?"]
    with pytest.raises(ValueError, match="kind"):
        AppendixRow.from_dict({**old, "kind": "poem"})


def test_refresh_keeps_questions_taken_out_and_the_statements_row(archive, tmp_path):
    ids = ingest_letters(archive, tmp_path / "in")
    c = passages.tag(archive, ids["letter"], NOVALPINA, "commitment", by=["Novalpina Capital", "NSO Group"],
                     on="2019-02")
    q = questions.ask(archive, "Will the HRIA be published?", to="NSO Group", about=[c["id"]], on="2021-04-27")
    q2 = questions.ask(archive, "When will it be published?", to="NSO Group", about=[c["id"]], on="2021-04-27")
    later = questions.ask(archive, "Was it published?", to="NSO Group", about=[c["id"]], on="2021-08-01")
    old = passages.tag(archive, ids["ceo"], CEO_CLAIM, "claim", by="NSO Group")
    new = passages.tag(archive, ids["letter"], NSO_2020, "claim", by="NSO Group", on="2020-06")
    passages.link(archive, new["id"], "contradicts", old["id"])
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "HRIA", passage_ids=[c["id"], new["id"]],
                        appendix=True, date="2021-06-01")
    commitment_row, pair = sorted(draft.blocks[-1].rows, key=lambda r: r.kind)
    assert commitment_row.all_parties() == ["Novalpina Capital", "NSO Group"]
    # Asked after the letter's date: not in it.
    assert {x.passage_id for x in commitment_row.questions} == {q["id"], q2["id"]}
    assert later["id"] not in {x.passage_id for x in commitment_row.questions}
    assert "reporting Novalpina Capital and NSO Group, February 2019" in commitment_row.source.text()
    assert (pair.kind, pair.others, pair.source.passage_id) == ("inconsistent", [new["id"]], old["id"])
    assert pair.inconsistent_with == [f"Inconsistent with {citation_for(passages.get(archive, new['id'])).text()}"]

    commitment_row.dropped_questions = [q2["id"]]           # the author took this one out of the draft
    commitment_row.questions = [x for x in commitment_row.questions if x.passage_id == q["id"]]
    commitment_row.questions[0].text = "Will you publish the HRIA?"     # and reworded this one
    draft_id = save_draft(archive, draft)
    fresh = refresh_appendix(archive, load_draft(archive, draft_id))
    commitment_row, pair_again = sorted(fresh.blocks[-1].rows, key=lambda r: r.kind)
    assert [(x.passage_id, x.text) for x in commitment_row.questions] == [(q["id"], "Will you publish the HRIA?")]
    assert pair_again == pair

    passages.unlink(archive, new["id"], "contradicts", old["id"])
    fresh = refresh_appendix(archive, load_draft(archive, draft_id))
    assert sorted(fresh.blocks[-1].rows, key=lambda r: r.kind)[1] == pair     # no longer linked: left as it was
    target = tmp_path / "letter.html"
    export_draft(fresh, "html", target)
    page = target.read_text(encoding="utf-8")
    assert "Novalpina Capital and NSO Group" in page and '<p class="question">Will you publish the HRIA?</p>' in page
    assert "Inconsistent statements" in page and "When will it be published?" not in page
    export_draft(fresh, "md", tmp_path / "letter.md")
    md = (tmp_path / "letter.md").read_text(encoding="utf-8")
    assert "| Will you publish the HRIA? |" in md and "**Inconsistent statements**; Inconsistent with" in md


def test_the_command_lines_appendix_is_the_windows(archive, tmp_path):
    from app.draft import commitments_appendix
    from tests.app import seed_letter as seed
    seed.seed_archive(archive, tmp_path / "in", undertakings=4)
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "Undertakings", threads=["Appendix"],
                        appendix=True, date="2021-06-30")
    window = commitments_appendix(archive, ["Appendix"], "2021-06-30")
    assert draft.blocks[-1] == window and len(window.rows) == 4
    assert [len(r.questions) for r in window.rows] == [3, 2, 2, 2]
    assert Draft.from_dict(json.loads(json.dumps(draft.to_dict()))) == draft


def test_an_inconsistent_row_cites_the_other_statement_without_quoting_it_again(archive, tmp_path):
    ids = ingest_letters(archive, tmp_path / "in")
    old = passages.tag(archive, ids["ceo"], CEO_CLAIM, "claim", by="NSO Group")
    new = passages.tag(archive, ids["letter"], NSO_2020, "claim", by="NSO Group", on="2020-06")
    passages.link(archive, new["id"], "contradicts", old["id"])
    draft = build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "HRIA", passage_ids=[new["id"]],
                        appendix=True, date="2021-06-01")
    [pair] = draft.blocks[-1].rows
    cited = citation_for(passages.get(archive, new["id"])).text()
    assert "NSO Group" in cited and "June 2020" in cited
    # Both statements' words are in the undertaking column; the status column only says where the other is.
    assert pair.undertaking.startswith(CEO_CLAIM) and "absent customer cooperation" in pair.undertaking
    assert (pair.status, pair.inconsistent_with) == ("Inconsistent statements", [f"Inconsistent with {cited}"])
    export_draft(draft, "docx", tmp_path / "letter.docx")
    [table] = [t for t in docx.Document(str(tmp_path / "letter.docx")).tables
               if t.rows[0].cells[0].text == "Undertaking"]
    undertaking, _made, _source, status, _questions = [c.text for c in table.rows[1].cells]
    assert status == f"Inconsistent statements\nInconsistent with {cited}"
    assert "absent customer" not in status and undertaking.count("absent customer cooperation") == 1
