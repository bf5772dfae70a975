"""Every shortcut the menus list is unique and reaches its command; Ctrl+E opens the details."""
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from ui.metadata_dialog import MetadataDialog


def _menu_actions(menu_bar) -> list[QAction]:
    found, stack = [], [a.menu() for a in menu_bar.actions()]
    while stack:
        for act in stack.pop().actions():
            if act.menu() is not None:
                stack.append(act.menu())
            elif not act.isSeparator():
                found.append(act)
    return found


class _Catch(QObject):
    """Swallows shortcut events (so no dialog opens and Quit does not quit) and notes who got them."""

    def __init__(self):
        super().__init__()
        self.got: list[tuple[QObject, bool]] = []

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            self.got.append((obj, event.isAmbiguous()))
            return True
        return False


def _press(qtbot, widget, seq: QKeySequence) -> None:
    combo = seq[0]
    qtbot.keyClick(widget, combo.key(), combo.keyboardModifiers())


def _prepare(window, qtbot):
    """A document open and a search with hits, so that every command is available."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    doc_id = window.library.model.docs[0]["id"]
    view = window.open_document(doc_id)
    with qtbot.waitSignal(window.search.results_changed, timeout=20000):
        window.search.run_query("assessment")
    return view


def test_every_menu_shortcut_is_unique_and_reaches_its_command(window, qtbot):
    view = _prepare(window, qtbot)
    actions = [a for a in _menu_actions(window.menuBar()) if a.shortcuts()]
    assert len(actions) > 20
    everything = window.findChildren(QAction) + window.findChildren(QShortcut)
    catch = _Catch()
    for obj in everything:
        obj.installEventFilter(catch)
    try:
        for act in actions:
            key = act.shortcuts()[0]
            others = [o for o in everything if o is not act and (o.shortcuts() if isinstance(o, QAction)
                                                                 else [o.key()]) and
                      key in (o.shortcuts() if isinstance(o, QAction) else [o.key()])]
            assert not others, f"{act.text()} ({key.toString()}) shares its key with {others}"
            assert act.receivers("2triggered(bool)") > 0 or act.receivers("2triggered()") > 0, act.text()
            enabled = act.isEnabled()
            act.setEnabled(True)     # Undo with nothing to undo: the key must still be its own
            for where in (window.library.table, view.canvas):
                catch.got.clear()
                where.setFocus()
                _press(qtbot, where, key)
                assert catch.got == [(act, False)], f"{key.toString()} in {type(where).__name__}: {catch.got}"
            act.setEnabled(enabled)
        # the keys the menus show as hints belong to the document view, which must have them
        hints = [a.property("keys_hint") for a in _menu_actions(window.menuBar()) if a.property("keys_hint")]
        assert {"Ctrl++", "Ctrl+-", "Ctrl+0", "1", "2", "3"} <= set(hints)
        for hint in hints:
            key = QKeySequence(hint)
            owners = [o for o in everything if key in (o.shortcuts() if isinstance(o, QAction) else [o.key()])]
            assert owners, f"nothing in the window has the key {hint} that the menu shows"
            for o in owners:
                o.setEnabled(True)     # the tag keys wait for a selection
            catch.got.clear()
            view.canvas.setFocus()
            _press(qtbot, view.canvas, key)
            assert len(catch.got) == 1 and catch.got[0][0] in owners and not catch.got[0][1], (hint, catch.got)
    finally:
        for obj in everything:
            obj.removeEventFilter(catch)


def test_ctrl_e_in_the_library_opens_the_details_of_the_selected_document(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    table = window.library.table
    table.setFocus()
    table.selectRow(0)
    doc_id = window.library.current_doc_id()
    qtbot.keyClick(table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(MetadataDialog)
    assert dialog is not None and dialog.isVisible()
    assert window.details_dialog is dialog and doc_id
    dialog.reject()
