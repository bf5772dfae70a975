"""Questions in the window on a real archive: a paragraph of questions tagged in one step with key 4,
their state, addressee, subject and answers in the inspector, the questions asked of a party, the
passage list's filters, the timeline's marks, and questions written directly (in no letter)."""
import re
from pathlib import Path

import pytest

from app import passages, questions
from app.ingest import ingest
from app.library import edit_doc
from archive import Archive
from tests.app.test_questions import ASK_PAGE, QUESTIONS, REPLY_PAGE
from tests.conftest import make_pdf
from tests.ui.conftest import open_window
from ui.passage_picker import PassagePicker
from ui.question_tagging import QuestionTagDialog
from ui.questions_dialog import QuestionsDialog

PROMISE = "Novalpina Capital undertook to publish the HRIA of NSO Group."


def make_archive(path: Path, tmp: Path) -> dict:
    ask = make_pdf(tmp / "in" / "ask.pdf", [ASK_PAGE])
    reply = make_pdf(tmp / "in" / "reply.pdf", [REPLY_PAGE])
    with Archive.open(path) as archive:
        report = ingest(archive, [ask, reply], ocr=False)
        ids = {Path(a["file"]).stem: a["id"] for a in report.added}
        edit_doc(archive, ids["ask"], title="Questions on the HRIA", senders=["Access Now"],
                 recipients=["NSO Group"], date="2021-04-27")
        edit_doc(archive, ids["reply"], title="Reply on the HRIA", senders=["NSO Group"],
                 recipients=["Access Now"], date="2021-06-10")
    return ids


@pytest.fixture
def letters(tmp_path):
    path = tmp_path / "questions"
    return {"path": path, **make_archive(path, tmp_path)}


@pytest.fixture
def asked(letters):
    """A commitment two parties made, the letter's three questions about it, and a reply answering
    the first; plus one question written directly."""
    with Archive.open(letters["path"]) as archive:
        c = passages.tag(archive, letters["ask"], PROMISE, "commitment", by=["Novalpina Capital"])
        q1, q2, q3 = questions.tag_questions(archive, letters["ask"], QUESTIONS, about=[c["id"]])
        yearly = passages.tag(archive, letters["reply"], "A summary of the HRIA will be published each year.",
                              "commitment")
        cannot = passages.tag(archive, letters["reply"], "We cannot describe our reporting plan.", "claim")
        passages.link(archive, yearly["id"], "answers", q1["id"])
        written = questions.ask(archive, "Who reviewed the HRIA?", to="NSO Group", on="2021-05-03")
    return {**letters, "c": c["id"], "q": [q1["id"], q2["id"], q3["id"]], "yearly": yearly["id"],
            "cannot": cannot["id"], "written": written["id"]}


def get(path, pid):
    with Archive.open(path, create=False, migrate=False) as archive:
        return passages.get(archive, pid)


def all_passages(path):
    with Archive.open(path, create=False, migrate=False) as archive:
        return passages.query(archive)


def inspect(qtbot, window, pid):
    window.inspector.show_passage(pid)
    qtbot.waitUntil(lambda: window.inspector.current_id() == pid, timeout=10000)
    return window.inspector


def test_key_4_on_a_paragraph_of_questions_tags_each_one_asked_of_the_letters_recipient(qtbot, letters):
    window = open_window(qtbot, letters["path"])
    view = window.open_document(letters["ask"])
    text = view.page_text(1)
    start = text.index("We therefore ask")
    end = text.index("plan?") + len("plan?")
    with qtbot.waitActive(window):
        window.activateWindow()
    view.canvas.setFocus()
    qtbot.waitUntil(lambda: view.canvas.hasFocus(), timeout=5000)
    view.set_selection(1, start, end)
    tagging = window.tagging.tagging_for(view)
    assert tagging.actions["question"].isEnabled() and tagging.actions["question"].shortcut().toString() == "4"
    qtbot.keyClick(view.canvas, "4")
    dialog = window.tagging.question_dialog
    assert isinstance(dialog, QuestionTagDialog) and dialog.isVisible()
    assert dialog.found == ["Will the public be provided a copy of the HRIA?", "How often?",
                            "What is the external reporting plan?"]
    assert dialog.split_box.isChecked() and dialog.tag_button.text() == "Tag 3 questions"
    qtbot.waitUntil(lambda: dialog.to_box.currentText() == "NSO Group", timeout=10000)  # the first recipient
    with qtbot.waitSignal(window.commands.tagged, timeout=10000):
        dialog.tag_button.click()
    made = [p for p in all_passages(letters["path"]) if p["kind"] == "question"]
    assert sorted(" ".join(p["quote"].split()) for p in made) == sorted(dialog.found)
    assert {p["to"] for p in made} == {"NSO Group"} and {p["status"] for p in made} == {"unanswered"}
    ids = {p["id"] for p in made}
    # One step, undone as one and redone with the same questions.
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        window.undo_action.trigger()
    assert not [p for p in all_passages(letters["path"]) if p["kind"] == "question"]
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        window.redo_action.trigger()
    assert {p["id"] for p in all_passages(letters["path"]) if p["kind"] == "question"} == ids

    # Not split, and asked of someone else: the selected words become one question.
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    view.canvas.setFocus()
    qtbot.waitUntil(lambda: view.canvas.hasFocus(), timeout=5000)
    view.set_selection(1, start, end)
    qtbot.keyClick(view.canvas, "4")
    dialog = window.tagging.question_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.to_box.currentText() == "NSO Group", timeout=10000)
    dialog.split_box.setChecked(False)
    assert dialog.tag_button.text() == "Tag as one question"
    dialog.to_box.setEditText("Novalpina Capital")
    with qtbot.waitSignal(window.commands.tagged, timeout=10000) as signal:
        dialog.tag_button.click()
    one = get(letters["path"], signal.args[0])
    assert one["kind"] == "question" and one["to"] == "Novalpina Capital" and one["quote"].startswith("We therefore")
    window.close()


def test_the_inspector_shows_a_questions_state_addressee_subject_and_answer(qtbot, asked):
    window = open_window(qtbot, asked["path"])
    insp = inspect(qtbot, window, asked["q"][0])
    assert insp.status_section.header.text() == "STATE"
    assert "Answered" in insp.status_section.current.text()
    history = [insp.status_section.history.item(i).text() for i in range(insp.status_section.history.count())]
    assert history[0].startswith("Answered · 10 June 2021") and history[-1].startswith("Unanswered")
    assert [insp.status_section.status_box.itemData(i) for i in range(insp.status_section.status_box.count())] \
        == list(passages.QUESTION_STATES)
    assert insp.form.isRowVisible(insp.to_box) and insp.to_box.currentText() == "NSO Group"
    assert insp.form.labelForField(insp.by_box).text() == "Asked by"
    section = insp.questions_section
    assert not section.isHidden() and "Asked on 27 April 2021 in “Questions on the HRIA”" in section.asked.text()
    texts = [t for t, _pid in section.items()]
    assert texts[0].startswith("Asks about the commitment “Novalpina Capital undertook")
    assert texts[1].startswith("Answered by “A summary of the HRIA")
    with qtbot.waitSignal(window.tagging.passage_revealed, timeout=10000) as opened:
        section._on_list_item_activated(section.list.item(1))     # opens the reply at the answer
    assert opened.args == [asked["yearly"]] and window.tabs.current_view().doc_id == asked["reply"]

    # Asked of someone else: an undoable edit.
    insp = inspect(qtbot, window, asked["q"][1])
    assert section.asked.text().endswith("days ago")        # still waiting
    insp.to_box.setEditText("Novalpina Capital")
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        insp.to_box.lineEdit().editingFinished.emit()
    assert get(asked["path"], asked["q"][1])["to"] == "Novalpina Capital"

    # A commitment lists the questions that ask about it, with their states; it names a second party.
    insp = inspect(qtbot, window, asked["c"])
    assert not insp.form.isRowVisible(insp.to_box) and insp.form.labelForField(insp.by_box).text() == "Said by"
    assert section.header.text() == "QUESTIONS ABOUT THIS"
    states = [t.split(":")[0] for t, _pid in section.items()]
    assert states == ["Answered · asked of NSO Group", "Unanswered · asked of Novalpina Capital",
                      "Unanswered · asked of NSO Group"]
    assert [pid for _t, pid in section.items()] == asked["q"]
    insp.also_edit.setText("NSO Group")
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        insp.also_edit.editingFinished.emit()
    assert get(asked["path"], asked["c"])["by_all"] == ["Novalpina Capital", "NSO Group"]
    qtbot.waitUntil(lambda: insp.also_edit.text() == "NSO Group", timeout=10000)
    # Changing the first party keeps the second.
    insp.by_box.setEditText("Access Now")
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        insp.by_box.lineEdit().editingFinished.emit()
    assert get(asked["path"], asked["c"])["by_all"] == ["Access Now", "NSO Group"]
    window.close()


def test_the_link_picker_offers_the_question_links_and_refuses_nonsense(qtbot, asked):
    window = open_window(qtbot, asked["path"])
    insp = inspect(qtbot, window, asked["c"])
    links = insp.links_section
    labels = {links.relation_box.itemData(i): links.relation_box.itemText(i) for i in range(links.relation_box.count())}
    assert labels["asks-about"] == "This question asks about…" and labels["answers"] == "This answers the question…"
    assert labels["declines"] == "This declines to answer the question…"
    reply = get(asked["path"], asked["cannot"])
    insp.pick_passage = lambda _title: reply
    links.relation_box.setCurrentIndex(links.relation_box.findData("asks-about"))
    links.add_button.click()
    qtbot.waitUntil(lambda: not links.refusal.isHidden(), timeout=10000)
    assert "only a question asks about something" in links.refusal.text()
    assert not [ln for ln in get(asked["path"], asked["c"])["links"] if ln["passage_id"] == asked["cannot"]]

    # The reply declines the third question: the question's state moves.
    insp = inspect(qtbot, window, asked["cannot"])
    third = get(asked["path"], asked["q"][2])
    insp.pick_passage = lambda _title: third
    links.relation_box.setCurrentIndex(links.relation_box.findData("declines"))
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        links.add_button.click()
    assert get(asked["path"], asked["q"][2])["status"] == "declined"
    assert links.refusal.isHidden()
    window.close()


def test_the_questions_asked_of_a_party_oldest_first_open_at_their_place(qtbot, qtmodeltester, asked):
    window = open_window(qtbot, asked["path"])
    window.questions_action.trigger()
    dialog = window.work.questions_dialog
    assert isinstance(dialog, QuestionsDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10000)
    qtmodeltester.check(dialog.model)
    # Still waiting (the default): the answered first question is left out; oldest asked first.
    rows = dialog.model.rows
    assert [q["id"] for q in rows] == [asked["q"][1], asked["q"][2], asked["written"]]
    assert dialog.model.text(rows[0], 4) == "Questions on the HRIA"
    assert dialog.model.text(rows[2], 4) == "Written directly"
    assert re.fullmatch(r"asked \d+ days ago", dialog.model.text(rows[0], 3))
    assert dialog.summary.text().startswith("4 questions asked; 3 still waiting for an answer, the oldest asked ")
    dialog.party_box.setCurrentIndex(dialog.party_box.findData("NSO Group"))
    dialog.show_box.setCurrentIndex(dialog.show_box.findData(""))
    assert len(dialog.model.rows) == 4 and dialog.model.text(dialog.model.rows[0], 5) == "Answered"
    assert "asked of NSO Group" in dialog.summary.text()

    # A question in a letter opens at its place there.
    dialog.table.selectRow(1)
    with qtbot.waitSignal(window.tagging.passage_revealed, timeout=10000):
        dialog.open_button.click()
    assert window.tabs.current_view().doc_id == asked["ask"]
    qtbot.waitUntil(lambda: window.inspector.current_id() == asked["q"][1], timeout=10000)
    # One written directly opens in the inspector only.
    dialog.table.selectRow(3)
    with qtbot.waitSignal(window.tagging.passage_revealed, timeout=10000):
        dialog.open_button.click()
    insp = window.inspector
    qtbot.waitUntil(lambda: insp.current_id() == asked["written"], timeout=10000)
    assert insp.source.text().startswith("Written directly") and not insp.show_button.isEnabled()
    assert insp.words_section.isHidden()        # nothing to cite: it is in no letter
    assert not insp.kind_box.isEnabled()

    # Write a question directly: it is listed at once (undated ones last).
    dialog.ask_button.click()
    assert dialog.ask_form.isVisible() and dialog.ask_to.currentText() == "NSO Group"
    dialog.save_button.click()
    assert dialog.ask_hint.isVisible() and dialog.ask_hint.text() == "Type the question first"
    qtbot.keyClicks(dialog.ask_text, "Will the HRIA be updated?")
    dialog.ask_on.setText("sometime")
    dialog.save_button.click()
    assert dialog.ask_hint.isVisible() and "Asked on" in dialog.ask_hint.text()
    dialog.ask_on.clear()
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 5, timeout=10000)
    last = dialog.model.rows[-1]
    assert last["quote"] == "Will the HRIA be updated?" and last["doc_id"] is None and last["to"] == "NSO Group"
    assert dialog.model.text(last, 2) == "not asked yet"
    dialog.close()
    window.close()


def test_the_passage_list_filters_questions_by_state_and_addressee(qtbot, asked):
    window = open_window(qtbot, asked["path"])
    panel = window.passages_panel
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_scope("archive")
    assert panel.kind_box.findData("question") > 0
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("question"))
    offered = [panel.status_box.itemData(i) for i in range(1, panel.status_box.count())]
    assert offered == list(passages.QUESTION_STATES) and panel.status_box.itemText(0) == "Any state"
    assert panel.proxy.rowCount() == 4
    panel.status_box.setCurrentIndex(panel.status_box.findData("unanswered"))
    assert panel.proxy.rowCount() == 3
    assert panel.to_box.findData("NSO Group") > 0
    panel.to_box.setCurrentIndex(panel.to_box.findData("NSO Group"))
    assert panel.proxy.rowCount() == 3
    # The written question shows where it lives, and selecting it inspects it without a crash.
    row = next(r for r in range(panel.proxy.rowCount())
               if panel.proxy.index(r, 1).data() == "Who reviewed the HRIA?")
    assert panel.proxy.index(row, 5).data() == "Written directly"
    panel.table.selectRow(row)
    qtbot.waitUntil(lambda: window.inspector.current_id() == asked["written"], timeout=10000)
    # Back to every kind: commitment statuses again.
    panel.kind_box.setCurrentIndex(0)
    assert panel.status_box.itemData(1) == "open" and panel.status_box.itemText(0) == "Any status"
    # The passage list's Questions… opens the questions asked of the chosen party.
    panel.questions_button.click()
    dialog = window.work.questions_dialog
    assert dialog is not None and dialog.party_box.currentData() == "NSO Group"
    dialog.close()
    window.close()


def test_the_timeline_marks_questions_and_answers_apart(qtbot, asked):
    window = open_window(qtbot, asked["path"])
    with qtbot.waitSignal(window.timeline.loaded, timeout=10000):
        window.work.show_timeline()
    view = window.timeline.view
    qtbot.waitUntil(lambda: view.marker_for(asked["written"]) is not None, timeout=10000)
    first, second = view.marker_for(asked["q"][0]), view.marker_for(asked["q"][1])
    assert first.question and not first.waiting        # answered: drawn filled
    assert second.question and second.waiting          # still waiting: hollow
    assert view.marker_for(asked["yearly"]).answer == "answers"
    assert view.marker_for(asked["c"]).answer is None and not view.marker_for(asked["c"]).question
    assert any(link.relation == "answers" for link in view.links)
    written = view.marker_for(asked["written"])
    assert "Written directly" in written.tooltip() and "State: Unanswered" in written.tooltip()
    assert "Asked by" in first.tooltip()
    assert "an answer" in window.timeline.question_legend.accessibleName()
    grab = view.viewport().grab().toImage()
    assert not grab.isNull()
    # Clicking the written question inspects it (it has no letter to open).
    with qtbot.waitSignal(window.tagging.passage_revealed, timeout=10000):
        window.timeline.passage_activated.emit(asked["written"])
    qtbot.waitUntil(lambda: window.inspector.current_id() == asked["written"], timeout=10000)
    # The status filter offers the question states too.
    box = window.timeline.status_box
    with qtbot.waitSignal(window.timeline.loaded, timeout=10000):
        box.setCurrentIndex(box.findData("unanswered"))
    assert box.currentText() == "Unanswered (question)"
    assert {m.passage_id for m in view.markers} == {asked["q"][1], asked["q"][2], asked["written"]}
    window.close()


def test_the_drafts_passage_picker_leaves_out_questions_written_directly(qtbot, asked):
    window = open_window(qtbot, asked["path"])
    picker = PassagePicker(window.session, window)
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.loaded, timeout=10000):
        pass
    ids = [p["id"] for p in picker.model.rows]
    assert asked["q"][0] in ids and asked["written"] not in ids
    kinds = {picker.model.index(r, 3).data() for r in range(picker.model.rowCount())}
    assert "Question · answered" in kinds
    picker.close()
    window.close()


def test_a_question_written_directly_is_deleted_and_brought_back_from_the_inspector(qtbot, asked):
    window = open_window(qtbot, asked["path"])
    insp = inspect(qtbot, window, asked["written"])
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        insp.delete_button.click()
    assert asked["written"] not in {p["id"] for p in all_passages(asked["path"])}
    assert insp.current_id() is None
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        window.undo_action.trigger()
    back = get(asked["path"], asked["written"])
    assert back["doc_id"] is None and back["to"] == "NSO Group" and back["status"] == "unanswered"
    window.close()
