"""Parties: list them with their aliases and what names them; rename, merge and delete."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from app import parties

from .threads_dialog import ManageDialog, ask_text, confirm

NameRole = Qt.ItemDataRole.UserRole + 42


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class _Row(QTreeWidgetItem):
    """A party's row; the counts sort as numbers."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        if column in (2, 3):
            return int(self.text(column) or 0) < int(other.text(column) or 0)
        return self.text(column).lower() < other.text(column).lower()


class PartiesDialog(ManageDialog):
    """Correct the archive's parties (organisations and people); every change runs on the writer."""

    loaded = Signal(int)

    def __init__(self, session, parent=None):
        super().__init__(session, "Parties", "Senders, recipients and speakers. Rename a party to show a better "
                         "name (searches still find the old one), merge two spellings of one organisation, or "
                         "delete a name read in error.", (820, 480), parent)
        self.parties_changed = self.changed  # after a rename, merge or delete
        v = self.layout_
        row = QHBoxLayout()
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Parties")
        self.list.setColumnCount(4)
        self.list.setHeaderLabels(["Name", "Also known as", "Documents", "Passages"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.list.setColumnWidth(column, 100)
        header.setStretchLastSection(False)
        self.list.setColumnWidth(0, 260)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.rename_button = self._button("Rename…", self.rename, buttons)
        self.merge_button = self._button("Merge…", self.merge, buttons)
        self.delete_button = self._button("Delete", self.delete, buttons)
        buttons.addStretch(1)
        row.addLayout(buttons)
        v.addLayout(row)
        self._finish_layout()
        self._update_buttons()
        self.reload()

    def reload(self, select: list[str] | None = None) -> None:
        self.session.read(lambda archive, _job: parties.list_parties(archive),
                          lambda rows: self._on_loaded(rows, select),
                          lambda m: self._open and self.status.setText(f"The parties could not be read: {m}"))

    def _on_loaded(self, rows: list[dict], select: list[str] | None) -> None:
        if not self._open:
            return
        keep = set(select if select is not None else self.selected())
        self.list.clear()
        for p in rows:
            item = _Row([p["name"], ", ".join(p["aliases"]), str(p["documents"]), str(p.get("passages", 0))])
            item.setData(0, NameRole, p["name"])
            item.setToolTip(1, ", ".join(p["aliases"]))
            for column in (2, 3):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
            item.setSelected(p["name"] in keep)
        if not rows:
            self.status.setText("No parties yet: they are read from the letters you add.")
        self._update_buttons()
        self.loaded.emit(len(rows))

    def selected(self) -> list[str]:
        return [i.data(0, NameRole) for i in self.list.selectedItems()]

    def _update_buttons(self) -> None:
        n = len(self.selected())
        self.rename_button.setEnabled(n == 1)
        self.merge_button.setEnabled(n >= 2)
        self.delete_button.setEnabled(n >= 1)

    def rename(self) -> None:
        names = self.selected()
        if len(names) != 1:
            return
        new = ask_text(self, "Rename party", f"New name for “{names[0]}” (the old one stays an alias):", names[0])
        if new and new != names[0]:
            self._write(lambda a: parties.rename_party(a, names[0], new),
                        lambda r: f"Renamed “{r['old_name']}” to “{r['name']}”", lambda r: [r["name"]])

    def merge(self) -> None:
        names = self.selected()
        if len(names) < 2:
            return
        into = ask_text(self, "Merge parties", f"Merge {', '.join('“' + n + '”' for n in names)} into the "
                        "party named (one of them):", names[0])
        if not into:
            return

        def merge_all(archive) -> str:
            target = next((n for n in names if n.lower() == into.lower()), into)
            for name in names:
                if name != target:
                    parties.merge_parties(archive, name, target)
            return target
        self._write(merge_all, lambda t: f"Merged into “{t}”", lambda t: [t])

    def delete(self) -> None:
        names = self.selected()
        if names and confirm(self, "Delete parties", f"Delete {', '.join('“' + n + '”' for n in names)}? They "
                             "are taken off every letter that lists them as sender or recipient."):
            self._write(lambda a: [parties.delete_party(a, n) for n in names],
                        lambda r: f"Deleted {_plural(len(r), 'party').replace('partys', 'parties')}", [])
