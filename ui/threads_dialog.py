"""Threads: list them with their passage counts; create, rename, merge, delete, and open one's timeline."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel,
                               QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout)

from app import passages

from .labels import intro_label

NameRole = Qt.ItemDataRole.UserRole + 41


def ask_text(parent, title: str, label: str, text: str = "") -> str:
    """A one-line question (a function so tests can answer it); "" when cancelled."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok else ""


def confirm(parent, title: str, text: str) -> bool:
    """A yes/no question (a function so tests can answer it)."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class ManageDialog(QDialog):
    """A dialog that lists things of the archive beside buttons that change them; reads and
    changes run on the archive's readers and writer, and results that arrive after the dialog
    closed are dropped. Subclasses lay out their list, then call _finish_layout, and define
    reload(select)."""

    changed = Signal()   # after any change

    def __init__(self, session, title: str, intro: str, size: tuple[int, int], parent=None):
        super().__init__(parent)
        self.session = session
        self._open = True
        self.setWindowTitle(title)
        self.resize(*size)
        self.layout_ = QVBoxLayout(self)
        label = intro_label(intro, self)
        self.layout_.addWidget(label)

    def _finish_layout(self) -> None:
        """The status line and the Close button, under what the subclass laid out."""
        self.status = QLabel(self)
        self.status.setObjectName("countLabel")
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        self.layout_.addWidget(close)

    def _button(self, text: str, slot, layout) -> QPushButton:
        b = QPushButton(text, self)
        b.clicked.connect(slot)
        layout.addWidget(b)
        return b

    def done(self, result: int) -> None:
        self._open = False
        super().done(result)

    def _write(self, fn, done_text, select=None, name: str = "") -> None:
        def finished(result) -> None:
            if not self._open:
                return
            self.status.setText(done_text(result))
            self.reload(select(result) if callable(select) else select)
            self.changed.emit()
        self.session.write(lambda archive, _job: fn(archive), finished,
                           lambda m: self._open and self.status.setText(m[:1].upper() + m[1:]),
                           name=name or self.windowTitle().lower())


class ThreadsDialog(ManageDialog):
    """Manage the archive's threads; every change runs on the archive's writer."""

    timeline_requested = Signal(str)    # show this thread's timeline
    loaded = Signal(int)

    def __init__(self, session, parent=None):
        super().__init__(session, "Threads", "A thread gathers the passages of one issue across letters (e.g. "
                         "“HRIA publication”). Select two or more threads to merge them.", (460, 420), parent)
        self.threads_changed = self.changed   # after a create, rename, merge or delete
        v = self.layout_
        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName("Threads")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(lambda _i: self.show_timeline())
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.new_button = self._button("New…", self.create, buttons)
        self.rename_button = self._button("Rename…", self.rename, buttons)
        self.merge_button = self._button("Merge…", self.merge, buttons)
        self.delete_button = self._button("Delete", self.delete, buttons)
        buttons.addSpacing(12)
        self.timeline_button = self._button("Show timeline", self.show_timeline, buttons)
        buttons.addStretch(1)
        row.addLayout(buttons)
        v.addLayout(row)
        self._finish_layout()
        self._update_buttons()
        self.reload()

    def reload(self, select: list[str] | None = None) -> None:
        self.session.read(lambda archive, _job: passages.threads(archive),
                          lambda rows: self._on_loaded(rows, select),
                          lambda m: self._open and self.status.setText(f"The threads could not be read: {m}"))

    def _on_loaded(self, rows: list[dict], select: list[str] | None) -> None:
        if not self._open:
            return
        keep = set(select if select is not None else self.selected())
        self.list.clear()
        for t in rows:
            n = t["passages"]
            item = QListWidgetItem(f"{t['name']}  ({n} passage{'s' if n != 1 else ''})")
            item.setData(NameRole, t["name"])
            self.list.addItem(item)
            item.setSelected(t["name"] in keep)
        if not rows:
            self.status.setText("No threads yet. Create one here, or add a passage to a thread in the inspector.")
        self._update_buttons()
        self.loaded.emit(len(rows))

    def selected(self) -> list[str]:
        return [i.data(NameRole) for i in self.list.selectedItems()]

    def _update_buttons(self) -> None:
        n = len(self.selected())
        self.rename_button.setEnabled(n == 1)
        self.timeline_button.setEnabled(n == 1)
        self.merge_button.setEnabled(n >= 2)
        self.delete_button.setEnabled(n >= 1)

    # -- actions -------------------------------------------------------------------------------------------------
    def create(self) -> None:
        name = ask_text(self, "New thread", "Name of the new thread:")
        if name:
            self._write(lambda a: passages.create_thread(a, name), lambda n: f"Created “{n}”", lambda n: [n])

    def rename(self) -> None:
        names = self.selected()
        if len(names) != 1:
            return
        new = ask_text(self, "Rename thread", f"New name for “{names[0]}”:", names[0])
        if new and new != names[0]:
            self._write(lambda a: passages.rename_thread(a, names[0], new),
                        lambda n: f"Renamed “{names[0]}” to “{n}”", lambda n: [n])

    def merge(self) -> None:
        names = self.selected()
        if len(names) < 2:
            return
        into = ask_text(self, "Merge threads", f"Merge {', '.join('“' + n + '”' for n in names)} into the thread "
                        "named:", names[0])
        if into:
            self._write(lambda a: passages.merge_threads(a, names, into),
                        lambda r: f"Merged into “{r['thread']}” ({r['passages']} passages)", lambda r: [r["thread"]])

    def delete(self) -> None:
        names = self.selected()
        if names and confirm(self, "Delete threads", f"Delete {', '.join('“' + n + '”' for n in names)}? "
                             "The passages stay; they are only taken out of the thread."):
            self._write(lambda a: sum(passages.delete_thread(a, n) for n in names),
                        lambda n: f"Deleted {len(names)} thread{'s' if len(names) != 1 else ''}", [])

    def show_timeline(self) -> None:
        names = self.selected()
        if len(names) == 1:
            self.timeline_requested.emit(names[0])
