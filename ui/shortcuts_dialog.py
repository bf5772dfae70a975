"""The keyboard shortcuts dialog (Help ▸ Keyboard shortcuts) and the list of keys it shows."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout

VIEWER_KEYS = [("Document ▸ Zoom in", "Ctrl++"), ("Document ▸ Zoom out", "Ctrl+-"),
               ("Document ▸ Fit width", "Ctrl+0"), ("Document ▸ Close tab", "Ctrl+W"),
               ("Library ▸ Open the selected document", "Enter"),
               ("Search ▸ Open the selected result", "Enter"), ("Any list ▸ Move between panels", "Tab"),
               ("Document ▸ Tag the selection as a commitment", "1"),
               ("Document ▸ Tag the selection as a claim", "2"),
               ("Document ▸ Tag the selection as a rebuttal", "3"),
               ("Document ▸ Tag the selection as questions (one per question mark)", "4"),
               ("Document ▸ Clear the selection", "Esc"),
               ("Passages ▸ Delete the selected passage", "Delete"),
               ("Timeline ▸ Zoom in and out", "Mouse wheel"), ("Timeline ▸ Pan", "Drag"),
               ("Timeline ▸ Scroll through the lanes", "Shift+Mouse wheel")]


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut, as a table."""

    def __init__(self, rows: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 560)
        v = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Command", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (label, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(label))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnToContents(0)
        v.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)


def shortcut_rows(menu_bar) -> list[tuple[str, str]]:
    """Every menu action with its keys, then the document viewer's own keys."""
    rows = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        stack = [(menu, menu_action.text().replace("&", ""))]
        while stack:
            current, path = stack.pop(0)
            for act in current.actions():
                if act.isSeparator():
                    continue
                label = f"{path} ▸ {act.text().replace('&', '')}"
                if act.menu() is not None:
                    stack.append((act.menu(), label))
                    continue
                keys = ", ".join(t for k in act.shortcuts()
                                 if _typable(t := k.toString(QKeySequence.SequenceFormat.NativeText)))
                rows.append((label, keys or act.property("keys_hint") or "menu only"))
    rows += VIEWER_KEYS
    return rows


def _typable(keys: str) -> bool:
    """Standard shortcuts include keys most keyboards lack (F14, a dedicated Undo key): list
    only what people can press."""
    last = keys.split("+")[-1]
    return not (last.startswith("F") and last[1:].isdigit() and int(last[1:]) > 12) and \
        last not in ("Undo", "Redo", "Copy", "Cut", "Paste", "Find", "Help", "Open", "Save", "Close")
