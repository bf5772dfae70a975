"""The draft window and the archive's questions: the appendix shows every party and the questions still open,
Insert unanswered questions asks a party again, and refreshing drops a question once a reply answers it while
keeping a question typed into the draft."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from app import passages
from app.draft.model import Draft, Paragraph, Quote, Run
from archive import Archive
from tests.app import seed_letter as seed
from tests.ui.conftest import opened_session


@pytest.fixture
def seeded(tmp_path):
    path = tmp_path / "archive"
    with Archive.open(path) as archive:
        ids = seed.seed_archive(archive, tmp_path / "in")
    return path, ids


@pytest.fixture
def session(qtbot, seeded):
    with opened_session(qtbot, seeded[0]) as s:
        yield s


@pytest.fixture
def editor(qtbot, session):
    from ui.app import theme_colors
    from ui.draft.editor import DraftEditor
    draft = Draft(to="Mr. Chaim Gelfand\nNSO Group", from_=["Access Now"], date="2021-06-30",
                  subject="Our questions", salutation="Dear Mr. Gelfand,", closing="Yours sincerely,",
                  blocks=[Paragraph([Run("We write again about your undertakings.")])])
    e = DraftEditor(session, draft)
    e.set_colors(theme_colors("light"))
    qtbot.addWidget(e)
    e.resize(1200, 800)
    e.show()
    yield e
    e.checker.wait()
    e.flush()


def cell_text(table, row: int, col: int) -> str:
    cell = table.cellAt(row, col)
    c = cell.firstCursorPosition()
    c.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return c.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")


def test_the_appendix_shows_every_party_and_the_questions_and_refresh_drops_an_answered_one(
        qtbot, editor, session, seeded, tmp_path):
    from ui.draft.format import appendix_tables
    _path, ids = seeded
    with qtbot.waitSignal(editor.appendix_changed, timeout=10000):
        editor.insert_appendix(["Appendix"])
    table = appendix_tables(editor.body.document())[0]
    assert cell_text(table, 1, 0) == seed.UNDERTAKINGS[0][0]
    assert cell_text(table, 1, 1) == "NSO Group and Novalpina Capital\nFebruary 2019"
    assert cell_text(table, 3, 1) == "NSO Group\nFebruary 2019"
    assert cell_text(table, 1, 4).splitlines() == seed.split_questions(seed.UNDERTAKINGS[0][2])

    # The author adds a question of their own under the archive's (Enter after the last one, then type).
    body = editor.body
    body.setTextCursor(table.cellAt(1, 4).lastCursorPosition())
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "Who will review it?")
    row = editor.draft().blocks[-1].rows[0]
    assert [q.passage_id for q in row.questions] == ids["questions"][0]
    assert row.open_questions == "Who will review it?"

    with Archive.open(seeded[0]) as archive:
        reply = seed.add_reply(archive, tmp_path / "in")
    how_often = ids["questions"][0][1]
    with qtbot.waitSignal(session.write(lambda archive, job: passages.link(
            archive, reply["how_often"], "answers", how_often)).finished, timeout=10000):
        pass
    with qtbot.waitSignal(editor.appendix_changed, timeout=10000):
        editor.toolbar.refresh_appendix_action.trigger()
    table = appendix_tables(editor.body.document())[0]
    assert cell_text(table, 1, 4).splitlines() == ["Will the public be provided a copy of the HRIA?",
                                                   "What is the external reporting plan?", "Who will review it?"]
    assert f"Answered in NSO Group, {seed.REPLY_TITLE}, 10 June 2021, p. 1: How often?" in cell_text(table, 1, 3)
    row = editor.draft().blocks[-1].rows[0]
    assert how_often not in [q.passage_id for q in row.questions] and row.open_questions == "Who will review it?"


def test_insert_unanswered_questions_puts_them_in_grouped_by_commitment(qtbot, editor, seeded, monkeypatch):
    from ui.draft import dialogs as draft_dialogs
    offered = []
    monkeypatch.setattr(draft_dialogs, "ask_question_party",
                        lambda parent, parties: offered.append(parties) or "NSO Group")
    assert [a.text() for a in editor.toolbar.insert_menu.actions()] == [
        "Passage…", "Appendix of commitments…", "Unanswered questions…"]
    editor.body.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(editor.questions_inserted, timeout=10000) as inserted:
        editor.toolbar.insert_questions_action.trigger()
    assert offered == [[("NSO Group", 7)]] and inserted.args == [7]
    blocks = editor.draft().blocks
    texts = ["".join(r.text for r in b.runs) for b in blocks if isinstance(b, Paragraph)]
    assert "Questions that remain unanswered" in texts
    first = texts.index("Will the public be provided a copy of the HRIA? (first asked on 27 April 2021 in "
                        f"{seed.TITLE})")
    lead = [b for b in blocks if isinstance(b, Paragraph)][first - 1]
    assert lead.runs[0].text == "On the commitment by NSO Group and Novalpina Capital (February 2019), "
    [quoted] = [r for r in lead.runs if isinstance(r, Quote)]
    assert quoted.citation.passage_id == seeded[1]["undertakings"][0]        # the commitment, cited
    bullets = [b for b in blocks if isinstance(b, Paragraph) and b.style == "bullet"]
    assert len(bullets) == 7 and all(b.runs[-2].italic for b in bullets)     # the letter's title in italics
    qtbot.waitUntil(lambda: editor.checker.is_current(), timeout=10000)
    assert editor.check_counts()["altered"] == 0 and editor.check_counts()["unsourced"] == 0
