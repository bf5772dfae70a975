"""The draft window's live check of typed quotations uses the citation typed after them: a quotation that is
only in another letter than the one cited is shown as a wrong citation, as quote-check reports it."""
import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor

from app.draft.model import Draft, Paragraph, Run
from archive import Archive
from tests.app.cited_letters import PROMISE, add_letters
from tests.ui.conftest import opened_session, shown_editor

WRONG = "Ligue des droits de l'Homme et al., 012, 8 January 2004, p. 1"
RIGHT = "Northgate Telecom, 007, 20 March 2014, p. 1"


@pytest.fixture
def letters_path(tmp_path):
    path = tmp_path / "archive"
    with Archive.open(path) as archive:
        ids = add_letters(archive, tmp_path / "in")
    return path, ids


@pytest.fixture
def editor(qtbot, letters_path):
    draft = Draft(to="Mr. Per Olsen", from_=["Anna Lindqvist"], date="2014-05-02", subject="The audit",
                  salutation="Dear Mr. Olsen,", closing="Yours sincerely,",
                  blocks=[Paragraph([Run("We write about the audit.")])])
    with opened_session(qtbot, letters_path[0]) as session, shown_editor(qtbot, session, draft) as e:
        yield e


def _type_and_check(qtbot, editor, text: str) -> None:
    """Type at the end of the letter (curly quotation marks pasted: the test keyboard has none) and
    wait for the live check."""
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    editor.body.textCursor().insertText(text)
    with qtbot.waitSignal(editor.checked, timeout=20000):
        editor.run_check()
    qtbot.waitUntil(editor.checker.is_current, timeout=20000)


def test_a_typed_quotation_citing_a_letter_without_its_words_shows_a_wrong_citation(qtbot, editor, letters_path,
                                                                                     tmp_path, monkeypatch):
    from app.draft import check_file
    from ui.draft import dialogs as draft_dialogs
    _type_and_check(qtbot, editor, f"You promised “{PROMISE}” ({WRONG}) and later “{PROMISE}” ({RIGHT}).")
    wrong, right = editor.checker.results
    ids = letters_path[1]
    assert wrong["status"] == "verified" and wrong["in_cited"] is False and wrong["doc_id"] != ids["012"]
    assert right["status"] == "verified" and right["in_cited"] is True and right["doc_id"] == ids["007"]
    assert editor.check_counts() == {"verified": 2, "altered": 0, "unsourced": 0, "pending": 0, "miscited": 1,
                                     "wrong_page": 0}
    shown = editor.panel.browser.toPlainText()
    assert f"Typed quotation, cited as {WRONG}" in shown and f"Typed quotation, cited as {RIGHT}" in shown
    assert shown.count("Check the citation: not in the cited document (012, 8 January 2004); found in 00") == 1
    assert "1 wrong citation: not in the document cited" in editor.panel.summary.text()
    # In the text the quotation is marked as its card is: a wavy underline like an unsourced one.
    assert [(m.status, m.miscited) for m in editor.body.marks] == [("verified", True), ("verified", False)]
    waved = [sel for sel in editor.body.extraSelections()
             if sel.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
    assert len(waved) == 1 and waved[0].cursor.selectedText() == PROMISE

    # Exporting asks first, and quote-check reads the same verdicts back from the file.
    asked = []
    monkeypatch.setattr(draft_dialogs, "confirm_export", lambda parent, counts: asked.append(counts) or True)
    target = tmp_path / "letter.md"
    with qtbot.waitSignal(editor.exported, timeout=20000):
        editor.export("md", str(target))
    assert asked and asked[0]["miscited"] == 1
    with Archive.open(letters_path[0], create=False, migrate=False) as archive:
        from_file = check_file(archive, target)
    assert [(r["citation"], r["in_cited"], r["citation_note"]) for r in from_file] == \
        [(WRONG, False, wrong["citation_note"]), (RIGHT, True, None)]


def test_correcting_the_typed_citation_clears_the_warning(qtbot, editor):
    _type_and_check(qtbot, editor, f"You promised “{PROMISE}” ({WRONG}).")
    assert editor.check_counts()["miscited"] == 1
    cursor = editor.body.document().find("012, 8 January 2004")
    cursor.insertText("007, 20 March 2014")
    editor.body.setTextCursor(cursor)
    editor.run_check()
    qtbot.waitUntil(lambda: editor.checker.is_current() and editor.check_counts()["miscited"] == 0
                    and editor.check_counts()["verified"] == 1, timeout=20000)
    assert "Check the citation" not in editor.panel.browser.toPlainText()
    assert editor.checker.results[0]["in_cited"] is True


def test_a_typed_quotation_cited_at_a_page_its_letter_does_not_have_shows_a_wrong_citation(qtbot, editor):
    _type_and_check(qtbot, editor, f"You promised “{PROMISE}” (Northgate Telecom, 007, 20 March 2014, p. 3).")
    (result,) = editor.checker.results
    assert result["in_cited"] is True and result["page_ok"] is False
    counts = editor.check_counts()
    assert counts["miscited"] == counts["wrong_page"] == 1
    assert "Check the citation: cited at p. 3, but the document has 1 page; the words are on p. 1" in \
        editor.panel.browser.toPlainText()
    assert "1 wrong citation: not on the pages cited" in editor.panel.summary.text()
    assert [(m.status, m.miscited) for m in editor.body.marks] == [("verified", True)]
