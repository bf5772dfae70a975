"""Tagging as a person does it in the main window: drag over words, press 1, edit in the inspector, undo, redo."""
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from app import passages
from archive import Archive
from tests.ui.conftest import open_window
from ui.highlights import KIND_COLORS
from ui.viewer.page_canvas import PX_PER_PT


def word_point(view, page: int, word: str, nth: int = 0) -> QPoint:
    """Viewport position of the centre of a word, computed from the stored layout."""
    c = view.canvas
    t = c.text(page)
    matches = [w for w in t.words if t.text[w[0]:w[1]] == word]
    s, e, x0, y0, x1, y1 = matches[nth]
    p = t.transform.map(QPointF((x0 + x1) / 2, (y0 + y1) / 2))
    r = c.page_viewport_rect(page)
    scale = c.zoom * PX_PER_PT
    return QPoint(round(r.left() + p.x() * scale), round(r.top() + p.y() * scale))


def drag(qtbot, view, a: QPoint, b: QPoint) -> None:
    vp = view.canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(vp, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)


def db_passages(window) -> list[dict]:
    with Archive.open(window.session.path, create=False, migrate=False) as archive:
        return passages.query(archive)


def open_reply(qtbot, window):
    """Open the 2020 reply from Veridian and give its page the keyboard focus."""
    with Archive.open(window.session.path, create=False, migrate=False) as archive:
        doc = next(d for d in archive.db.execute("SELECT id, file_name FROM documents").fetchall()
                   if d[1].startswith("2020"))[0]
    view = window.open_document(doc)
    with qtbot.waitActive(window):
        window.activateWindow()
    view.canvas.setFocus()
    qtbot.waitUntil(lambda: view.canvas.hasFocus(), timeout=5000)
    return view


def tag_by_keys(qtbot, window, view, first: str, last: str, key: str = "1") -> dict:
    drag(qtbot, view, word_point(view, 1, first), word_point(view, 1, last))
    assert view.selection() is not None
    with qtbot.waitSignal(window.commands.tagged, timeout=10000) as signal:
        qtbot.keyClick(view.canvas, key)
    pid = signal.args[0]
    qtbot.waitUntil(lambda: any(h.key == pid for h in view.highlights()), timeout=10000)
    return next(p for p in db_passages(window) if p["id"] == pid)


def test_drag_and_press_1_tags_a_highlighted_commitment_with_the_letters_sender_and_date(qtbot, window):
    view = open_reply(qtbot, window)
    drag(qtbot, view, word_point(view, 1, "We"), word_point(view, 1, "2020."))
    # The floating toolbar appears next to the selection, offering all three kinds.
    tagging = window.tagging.tagging_for(view)
    qtbot.waitUntil(lambda: tagging.toolbar.isVisible(), timeout=3000)
    assert set(tagging.toolbar.buttons) == {"commitment", "claim", "rebuttal", "question"}
    with qtbot.waitSignal(window.commands.tagged, timeout=10000) as signal:
        qtbot.keyClick(view.canvas, "1")
    pid = signal.args[0]
    p = next(p for p in db_passages(window) if p["id"] == pid)
    assert p["kind"] == "commitment" and p["status"] == "open"
    assert p["quote"].startswith("We will publish") and p["quote"].endswith("2020.")
    assert p["by"] == "Veridian Signals Ltd" and p["said_on"] == "2020-04-26"
    assert view.selection() is None and not tagging.toolbar.isVisible()
    qtbot.waitUntil(lambda: any(h.key == pid for h in view.highlights()), timeout=10000)
    h = next(h for h in view.highlights() if h.key == pid)
    assert QColor(h.color.rgb()).name().upper() == KIND_COLORS["commitment"].upper() and h.color.alpha() < 255
    assert "Veridian Signals Ltd" in h.tooltip and "26 April 2020" in h.tooltip and "Open" in h.tooltip
    # The inspector shows it at once, ready for said-by and said-on to be corrected.
    qtbot.waitUntil(lambda: window.inspector.current_id() == pid, timeout=10000)
    assert window.inspector_dock.isVisible()
    assert window.inspector.by_box.currentText() == "Veridian Signals Ltd"
    assert window.inspector.on_edit.text() == "2020-04-26"


def test_keys_2_and_3_tag_claims_and_rebuttals_and_without_a_selection_explain(qtbot, window):
    view = open_reply(qtbot, window)
    claim = tag_by_keys(qtbot, window, view, "Thank", "letter.", "2")
    assert claim["kind"] == "claim" and claim["status"] is None
    rebuttal = tag_by_keys(qtbot, window, view, "Dear", "Lindqvist,", "3")
    assert rebuttal["kind"] == "rebuttal"
    colors = {h.kind: QColor(h.color.rgb()).name().upper() for h in view.highlights()}
    assert colors == {"claim": KIND_COLORS["claim"].upper(), "rebuttal": KIND_COLORS["rebuttal"].upper()}
    with qtbot.waitSignal(window.tagging.message, timeout=3000) as said:
        window.tag_actions[0].trigger()          # Passage ▸ Tag as commitment, nothing selected
    assert "Select the words" in said.args[0]
    assert len(db_passages(window)) == 2


def test_context_menu_offers_the_tag_actions_with_their_keys(qtbot, window):
    view = open_reply(qtbot, window)
    drag(qtbot, view, word_point(view, 1, "Thank"), word_point(view, 1, "letter."))
    actions = view.canvas.selection_actions
    assert [a.text() for a in actions] == ["Tag as commitment", "Tag as claim", "Tag as rebuttal", "Tag as question"]
    assert [a.shortcut().toString() for a in actions] == ["1", "2", "3", "4"]
    assert all(a.isEnabled() for a in actions)
    with qtbot.waitSignal(window.commands.tagged, timeout=10000):
        actions[1].trigger()
    assert [p["kind"] for p in db_passages(window)] == ["claim"]
    assert not any(a.isEnabled() for a in actions)


def test_change_said_by_in_inspector_then_undo_and_redo(qtbot, window):
    view = open_reply(qtbot, window)
    p = tag_by_keys(qtbot, window, view, "We", "2020.")
    insp = window.inspector
    qtbot.waitUntil(lambda: insp.current_id() == p["id"], timeout=10000)
    insp.by_box.lineEdit().setFocus()
    insp.by_box.lineEdit().selectAll()
    qtbot.keyClicks(insp.by_box.lineEdit(), "Veridian Board")
    assert "New party" in insp.by_hint.text()
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        qtbot.keyClick(insp.by_box.lineEdit(), Qt.Key.Key_Return)
    assert db_passages(window)[0]["by"] == "Veridian Board"
    qtbot.waitUntil(lambda: insp.passage and insp.passage["by"] == "Veridian Board", timeout=10000)

    assert window.undo_action.text().replace("&", "") == "Undo Change said-by to Veridian Board"
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        window.undo_action.trigger()
    assert db_passages(window)[0]["by"] == "Veridian Signals Ltd"
    qtbot.waitUntil(lambda: insp.by_box.currentText() == "Veridian Signals Ltd", timeout=10000)
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        window.redo_action.trigger()
    assert db_passages(window)[0]["by"] == "Veridian Board"


def test_undo_tag_removes_passage_and_highlight_redo_brings_the_same_passage_back(qtbot, window):
    view = open_reply(qtbot, window)
    p = tag_by_keys(qtbot, window, view, "We", "2020.")
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_passages(window) == []
    qtbot.waitUntil(lambda: view.highlights() == [], timeout=10000)
    qtbot.waitUntil(lambda: window.inspector.current_id() is None, timeout=10000)
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    again = db_passages(window)
    assert [q["id"] for q in again] == [p["id"]] and again[0]["quote"] == p["quote"]
    qtbot.waitUntil(lambda: any(h.key == p["id"] for h in view.highlights()), timeout=10000)


def test_clicking_a_highlight_selects_the_passage_in_the_inspector(qtbot, window):
    view = open_reply(qtbot, window)
    first = tag_by_keys(qtbot, window, view, "We", "2020.")
    second = tag_by_keys(qtbot, window, view, "Thank", "letter.", "2")
    qtbot.waitUntil(lambda: window.inspector.current_id() == second["id"], timeout=10000)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=word_point(view, 1, "publish"))
    qtbot.waitUntil(lambda: window.inspector.current_id() == first["id"], timeout=10000)
    chosen = next(h for h in view.highlights() if h.key == first["id"])
    other = next(h for h in view.highlights() if h.key == second["id"])
    assert chosen.color.alpha() > other.color.alpha()


def test_a_failed_tag_leaves_nothing_to_undo(qtbot, window):
    view = open_reply(qtbot, window)
    with qtbot.waitSignal(window.commands.command_failed, timeout=10000) as failed:
        window.commands.tag(view.doc_id, 1, 5, 2, "", "commitment")     # an empty span
    assert "empty" in failed.args[0]
    qtbot.waitUntil(lambda: not window.commands.stack.canUndo(), timeout=5000)
    assert db_passages(window) == []


def test_demo_from_the_welcome_screen_comes_tagged(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERTRAIL_ARCHIVE", str(tmp_path / "data" / "archive"))
    window = open_window(qtbot, tmp_path / "data" / "archive")
    with qtbot.waitSignal(window.ingest.ingest_finished, timeout=120000):
        window.welcome.demo_button.click()
    assert window.session.path == tmp_path / "data" / "demo-archive"
    assert len(db_passages(window)) > 20
    window.close()
