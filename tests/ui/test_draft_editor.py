"""The follow-up letter editor over the tagged demo archive: picking passages, the live quote check, the
appendix, export, autosave and reopening."""
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor

from app import passages as passages_app
from app.draft import load_draft
from app.draft.model import Appendix, Draft, Paragraph, Quote, Run
from app.draft.read import read_quotations
from archive import Archive
from tests.ui.conftest import opened_session, shown_editor

GRIEVANCE = "Our grievance mechanism will open by 31 October 2020."


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory) -> Path:
    """The demo letters ingested and tagged once; each test works on its own copy."""
    from app.demo_archive import load_demo
    path = tmp_path_factory.mktemp("demo") / "archive"
    with Archive.open(path) as archive:
        load_demo(archive)
    return path


@pytest.fixture
def demo_path(tmp_path, demo_source) -> Path:
    path = tmp_path / "archive"
    shutil.copytree(demo_source, path)
    return path


@pytest.fixture
def session(qtbot, demo_path):
    with opened_session(qtbot, demo_path) as s:
        yield s


def blank_draft() -> Draft:
    return Draft(to="Ms. Marta Kessler", from_=["Anna Lindqvist\nDirector, Open Rights Watch"], date="2022-05-04",
                 subject="The grievance mechanism", salutation="Dear Ms. Kessler,", closing="Yours sincerely,",
                 blocks=[Paragraph([Run("We write about the grievance mechanism.")])])


@pytest.fixture
def editor(qtbot, session):
    with shown_editor(qtbot, session, blank_draft()) as e:
        yield e


def quote_status(editor):
    return [r["status"] if r else None for r in editor.checker.results]


def insert_with_picker(qtbot, editor, words: str):
    picker = editor.choose_passages()
    with qtbot.waitSignal(picker.loaded, timeout=10000):
        pass
    qtbot.keyClicks(picker.search, words)
    assert picker.proxy.rowCount() == 1, "the search should find exactly one passage"
    with qtbot.waitSignal(editor.passages_inserted, timeout=5000):
        qtbot.mouseClick(picker.insert_button, Qt.MouseButton.LeftButton)
    return picker.model.rows


def test_passage_from_the_picker_goes_in_as_a_cited_quotation_that_checks_verified(qtbot, editor):
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    qtbot.waitUntil(lambda: quote_status(editor) == ["verified"], timeout=10000)
    quotes = editor.draft().quotes()
    assert [q.text for q in quotes] == [GRIEVANCE]
    c = quotes[0].citation
    assert (c.said_by, c.said_on, c.doc_title, c.page) == ("Veridian Signals Ltd", "2020-03-30",
                                                            "Your letter of 15 January 2020", 1)
    assert editor.panel.status_of(0) == "verified"
    assert "1 verified" in editor.panel.summary.text()
    assert "Verified" in editor.panel.browser.toPlainText()


def test_changing_one_word_of_a_quotation_shows_it_as_altered_with_that_word(qtbot, editor):
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    qtbot.waitUntil(lambda: quote_status(editor) == ["verified"], timeout=10000)
    body = editor.body
    cursor = body.textCursor()
    cursor.setPosition(body.toPlainText().index("31 October"))
    cursor.setPosition(cursor.position() + 2, QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "30")
    qtbot.waitUntil(lambda: quote_status(editor) == ["altered"], timeout=10000)
    changes = editor.checker.results[0]["changes"]
    assert [(c["quote"], c["source"]) for c in changes] == [("30", "31")]
    html = editor.panel.browser.toHtml()
    assert "Altered" in editor.panel.browser.toPlainText()
    assert "line-through" in html and ">31<" in html and ">30<" in html
    span = body.spans()[0]
    (start, end), = body.marks[0].changed
    assert span.text[start:end] == "30"
    # The change is also marked in the text itself.
    marked = [s.cursor.selectedText() for s in body.extraSelections()]
    assert "30" in marked


def test_editorial_marks_keep_a_quotation_verified(qtbot, editor):
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    qtbot.waitUntil(lambda: quote_status(editor) == ["verified"], timeout=10000)
    body = editor.body
    cursor = body.textCursor()
    cursor.setPosition(body.toPlainText().index("mechanism will"))
    cursor.setPosition(body.toPlainText().index("by 31"), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "[...] ")
    qtbot.waitUntil(lambda: editor.draft().quotes()[0].text == "Our grievance [...] by 31 October 2020.")
    editor.run_check()
    qtbot.waitUntil(lambda: quote_status(editor) == ["verified"], timeout=10000)


def test_enter_inside_a_quotation_keeps_one_quotation_and_enter_at_its_end_starts_a_paragraph(qtbot, editor):
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    body = editor.body
    cursor = body.textCursor()
    cursor.setPosition(body.toPlainText().index("will open"))
    body.setTextCursor(cursor)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    assert editor.draft().quotes()[0].text == "Our grievance mechanism \nwill open by 31 October 2020."
    cursor.setPosition(body.spans()[0].end)
    body.setTextCursor(cursor)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "Our own words.")
    blocks = editor.draft().blocks
    assert isinstance(blocks[-1], Paragraph) and blocks[-1].runs == [Run("Our own words.")]
    assert len(editor.draft().quotes()) == 1


def test_dropping_a_passage_inserts_it_where_it_was_dropped(qtbot, editor, demo_path):
    with Archive.open(demo_path) as archive:
        (p,) = [p for p in passages_app.query(archive, kind="commitment") if "grievance mechanism will open"
                in p["quote"]]
    data = QMimeData()
    data.setData("application/x-papertrail-passage", p["id"].encode())
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(editor.passages_inserted, timeout=10000):
        editor.body.insertFromMimeData(data)
    assert [q.citation.passage_id for q in editor.draft().quotes()] == [p["id"]]


def test_appendix_rows_match_the_threads_commitments_and_refresh_keeps_open_questions(qtbot, editor, session,
                                                                                        demo_path):
    with qtbot.waitSignal(editor.appendix_changed, timeout=10000):
        editor.insert_appendix(["Remediation"])
    with Archive.open(demo_path) as archive:
        expected = passages_app.query(archive, kind="commitment", thread="Remediation")
    appendix = editor.draft().blocks[-1]
    assert isinstance(appendix, Appendix)
    commitments = [r for r in appendix.rows if r.kind == "commitment"]
    assert sorted(r.source.passage_id for r in commitments) == sorted(p["id"] for p in expected)
    assert {r.status for r in commitments} == {"Partly fulfilled", "Broken"}
    n = appendix.rows.index(commitments[0]) + 1        # the table's row of the first commitment

    body = editor.body
    from ui.draft.format import appendix_tables
    table = appendix_tables(body.document())[0]
    body.setTextCursor(table.cellAt(n, 0).firstCursorPosition())
    qtbot.keyClicks(body, "X")      # the undertaking comes from the archive: typing is refused
    pasted = QMimeData()
    pasted.setText("pasted")
    with qtbot.waitSignal(body.edit_refused):
        body.insertFromMimeData(pasted)
    assert editor.draft().blocks[-1].rows[n - 1].undertaking == commitments[0].undertaking
    body.setTextCursor(table.cellAt(n, 4).lastCursorPosition())
    qtbot.keyClicks(body, "When will it open?")
    assert editor.draft().blocks[-1].rows[n - 1].open_questions == "When will it open?"

    first = commitments[0].source.passage_id
    with qtbot.waitSignal(session.write(lambda archive, job: passages_app.edit(
            archive, first, status="fulfilled", status_on="2022-04-08", status_note="opened")).finished,
            timeout=10000):
        pass
    with qtbot.waitSignal(editor.appendix_changed, timeout=10000):
        editor.refresh_appendix()
    fresh = editor.draft().blocks[-1].rows[n - 1]
    assert (fresh.status, fresh.status_date, fresh.open_questions) == ("Fulfilled", "2022-04-08",
                                                                       "When will it open?")


def test_export_docx_gives_the_quotation_back(qtbot, editor, tmp_path):
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    target = tmp_path / "letter.docx"
    with qtbot.waitSignal(editor.exported, timeout=20000):
        editor.export("docx", str(target))
    quotes = [q["quote"] for q in read_quotations(target)]
    assert GRIEVANCE in quotes


def test_exporting_altered_quotations_asks_first(qtbot, editor, tmp_path, monkeypatch):
    from ui.draft import dialogs as draft_dialogs
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    body = editor.body
    cursor = body.textCursor()
    cursor.setPosition(body.toPlainText().index("October"))
    cursor.setPosition(cursor.position() + len("October"), QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "November")
    asked = []
    monkeypatch.setattr(draft_dialogs, "confirm_export", lambda parent, counts: asked.append(counts) or False)
    target = tmp_path / "letter.md"
    editor.export("md", str(target))       # waits for the pending check, then asks
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert asked[0]["altered"] == 1 and not target.exists()
    monkeypatch.setattr(draft_dialogs, "confirm_export", lambda parent, counts: True)
    with qtbot.waitSignal(editor.exported, timeout=20000):
        editor.export("md", str(target))
    assert "November" in target.read_text(encoding="utf-8")


def test_export_to_a_missing_folder_reports_the_failure(qtbot, editor, tmp_path, monkeypatch):
    from ui.draft import dialogs as draft_dialogs
    shown = []
    monkeypatch.setattr(draft_dialogs, "show_error", lambda parent, title, message: shown.append(message))
    with qtbot.waitSignal(editor.export_failed, timeout=20000) as failed:
        editor.export("pdf", str(tmp_path / "no-such-folder" / "letter.pdf"))
    assert "does not exist" in failed.args[0] and shown


def test_autosave_then_reopen_restores_the_text(qtbot, editor, session, demo_path):
    from ui.draft.editor import DraftEditor
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.body, "The mechanism is still not open.")
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    with qtbot.waitSignal(editor.saved, timeout=10000):
        pass                                            # the autosave timer fires on its own
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=10000)
    with Archive.open(demo_path) as archive:
        stored = load_draft(archive, editor.draft_id)
    assert stored == editor.draft()
    reopened = DraftEditor(session, stored, editor.draft_id)
    qtbot.addWidget(reopened)
    assert reopened.body.toPlainText() == editor.body.toPlainText().rstrip("\n")
    assert reopened.draft() == editor.draft()
    assert reopened.save_label.text() == "All changes saved"


def test_closing_the_window_saves_what_was_just_typed(qtbot, session, demo_path):
    from ui.draft.window import DraftWindow
    window = DraftWindow(session, blank_draft())
    qtbot.addWidget(window)
    window.show()
    window.editor.body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.editor.body, " Typed just before closing.")
    assert window.editor.is_dirty()
    assert window.close()
    with Archive.open(demo_path) as archive:
        from app.draft import list_drafts
        (row,) = list_drafts(archive)
        stored = load_draft(archive, row["id"])
    assert stored.blocks[0].runs[0].text.endswith("Typed just before closing.")


def test_drafts_panel_lists_saved_drafts_and_reopens_them(qtbot, session):
    from PySide6.QtWidgets import QMainWindow
    from ui.draft.window import DraftsController
    main = QMainWindow()
    qtbot.addWidget(main)
    drafts = DraftsController(main)
    with qtbot.waitSignal(drafts.panel.loaded, timeout=10000):
        drafts.set_session(session)
    window = drafts.show_draft(blank_draft(), None)
    with qtbot.waitSignal(drafts.panel.loaded, timeout=10000):
        pass
    qtbot.waitUntil(lambda: drafts.panel.list.count() == 1, timeout=10000)
    assert drafts.panel.list.item(0).text().startswith("The grievance mechanism")
    assert drafts.close_all() and not drafts.open_windows()
    drafts.panel.list.setCurrentRow(0)
    qtbot.mouseClick(drafts.panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(drafts.open_windows()) == 1, timeout=10000)
    reopened = drafts.open_windows()[0]
    assert reopened is not window and reopened.editor.draft() == blank_draft()
    assert drafts.close_all()


def _letter_from_dialog(qtbot, session, to: str, thread: str | None = None):
    """The draft the new-letter dialog makes for `to` (subject "Remediation", with `thread` ticked)."""
    from ui.draft.window import NewLetterDialog
    dialog = NewLetterDialog(session)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.threads.count() == 3, timeout=10000)
    dialog.to_edit.setText(to)
    dialog.subject_edit.setText("Remediation")
    if thread is not None:
        dialog.threads.item([dialog.threads.item(i).data(Qt.ItemDataRole.UserRole)
                             for i in range(3)].index(thread)).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.create()
    return dialog.result_draft


def test_new_letter_dialog_builds_a_draft_from_a_thread(qtbot, session):
    draft = _letter_from_dialog(qtbot, session, "Ms. Marta Kessler", "Remediation")
    assert draft.quotes() and isinstance(draft.blocks[-1], Appendix)


def test_new_letter_dialog_keeps_a_company_suffix_on_its_line(qtbot, session):
    draft = _letter_from_dialog(qtbot, session, "President and CEO, Walmart Stores, Inc.")
    assert draft.to == "President and CEO\nWalmart Stores, Inc."
    assert draft.salutation == "Dear President and CEO,"


def test_new_letter_dialog_shows_why_it_cannot_build(qtbot, session):
    from ui.draft.window import NewLetterDialog
    dialog = NewLetterDialog(session)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.threads.count() == 3, timeout=10000)
    dialog.threads.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.create()                         # no addressee: build_draft refuses
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=10000)
    assert "who the letter is to" in dialog.error.text()
    assert dialog.result_draft is None


def test_passage_model_is_a_well_behaved_item_model(qtbot, qtmodeltester, session):
    from ui.passage_picker import PassagePicker
    picker = PassagePicker(session)
    qtbot.addWidget(picker)
    with qtbot.waitSignal(picker.loaded, timeout=10000):
        pass
    qtmodeltester.check(picker.model)
    qtmodeltester.check(picker.proxy)
    total = picker.model.rowCount()
    picker.kind.setCurrentIndex(picker.kind.findData("commitment"))
    assert 0 < picker.proxy.rowCount() < total
    picker.thread.setCurrentIndex(picker.thread.findData("Remediation"))
    assert all("Remediation" in picker.model.rows[picker.proxy.mapToSource(picker.proxy.index(r, 0)).row()]
               ["threads"] for r in range(picker.proxy.rowCount()))
    data = picker.model.mimeData([picker.model.index(0, 0)])
    assert bytes(data.data("application/x-papertrail-passage")).decode() == picker.model.rows[0]["id"]


def test_a_quotation_whose_words_are_not_in_the_source_is_unsourced(qtbot, editor):
    with Archive.open(editor.session.path) as archive:
        p = passages_app.query(archive, kind="commitment")[0]
    from app.draft import citation_for
    draft = blank_draft()
    draft.blocks.append(Quote("Nothing like this sentence appears anywhere in the letters.", citation_for(p)))
    editor.set_draft(draft)
    qtbot.waitUntil(lambda: quote_status(editor) == ["unsourced"], timeout=10000)
    assert "Unsourced" in editor.panel.browser.toPlainText()
    waves = [s for s in editor.body.extraSelections() if s.format.underlineStyle().name == "WaveUnderline"]
    assert waves


def test_main_window_starts_a_letter_and_saves_it_when_the_app_closes(qtbot, demo_path):
    from tests.ui.conftest import open_window
    window = open_window(qtbot, demo_path)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.drafts.new_action in file_menu.actions() and window.drafts.new_action.isEnabled()
    view_menu = window.menuBar().actions()[2].menu()
    (panels,) = [a.menu() for a in view_menu.actions() if a.menu() is not None and "Panels" in a.text()]
    assert window.drafts_dock.toggleViewAction() in panels.actions()
    window.drafts.new_action.trigger()
    dialog = window.drafts.new_dialog
    qtbot.waitUntil(lambda: dialog.threads.count() == 3, timeout=10000)
    dialog.to_edit.setText("Ms. Marta Kessler")
    dialog.subject_edit.setText("Independent oversight")
    dialog.threads.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.create()
    qtbot.waitUntil(lambda: len(window.drafts.open_windows()) == 1, timeout=10000)
    letter = window.drafts.open_windows()[0]
    qtbot.waitUntil(lambda: letter.editor.draft_id is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.drafts.panel.list.count() == 1, timeout=10000)
    letter.editor.body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(letter.editor.body, "A closing thought.")
    window.close()
    assert not window.drafts.open_windows()
    with Archive.open(demo_path) as archive:
        from app.draft import list_drafts
        (row,) = list_drafts(archive)
        stored = load_draft(archive, row["id"])
    assert stored.subject == "Independent oversight" and stored.quotes()
    assert stored.blocks[-1].runs[-1].text.endswith("A closing thought.")


def test_refresh_from_archive_puts_a_corrected_title_in_every_citation_and_export_uses_it(qtbot, editor, session,
                                                                                           tmp_path):
    from app.library import edit_doc
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    quote = editor.draft().quotes()[-1]
    old_title = quote.citation.doc_title
    with qtbot.waitSignal(session.write(lambda archive, job: edit_doc(
            archive, quote.citation.doc_id, title="Corrected title of the letter")).finished, timeout=10000):
        pass
    target = tmp_path / "letter.md"
    with qtbot.waitSignal(editor.exported, timeout=20000):
        editor.export("md", str(target))
    exported = target.read_text(encoding="utf-8")
    assert "Corrected title of the letter" in exported and old_title not in exported
    said = []
    editor.message.connect(said.append)
    with qtbot.waitSignal(editor.appendix_changed, timeout=10000):
        editor.refresh_appendix()
    assert editor.draft().quotes()[-1].citation.doc_title == "Corrected title of the letter"
    assert said[-1] == "Citations refreshed: 1 citation brought up to date"


def test_typed_quotations_are_checked_as_quote_check_checks_the_exported_file(qtbot, editor, session, tmp_path,
                                                                               demo_path, monkeypatch):
    from app.draft import check_file
    from ui.draft import dialogs as draft_dialogs
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    insert_with_picker(qtbot, editor, "mechanism will open by 31 October")
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.body, 'As they put it, "our grievance mechanism will open by 31 October 2020", and ')
    # Curly quotation marks are pasted (the test keyboard has none).
    editor.body.textCursor().insertText("later “Our grievance mechanism will open by 30 November 2020.”")
    with qtbot.waitSignal(editor.checked, timeout=20000):
        editor.run_check()
    qtbot.waitUntil(editor.checker.is_current, timeout=20000)
    assert quote_status(editor) == ["verified", "verified", "altered"]
    assert editor.check_counts() == {"verified": 2, "altered": 1, "unsourced": 0, "pending": 0, "miscited": 0,
                                     "wrong_page": 0}
    assert "Typed quotation, no source cited" in editor.panel.browser.toPlainText()
    asked = []
    monkeypatch.setattr(draft_dialogs, "confirm_export", lambda parent, counts: asked.append(counts) or True)
    target = tmp_path / "letter.md"
    with qtbot.waitSignal(editor.exported, timeout=20000):
        editor.export("md", str(target))
    with Archive.open(demo_path, create=False, migrate=False) as archive:
        from_file = check_file(archive, target)
    assert [r["status"] for r in from_file] == quote_status(editor)
    assert asked == [{"verified": 2, "altered": 1, "unsourced": 0, "pending": 0, "miscited": 0, "wrong_page": 0}]
