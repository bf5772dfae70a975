"""Dialogs for sharing letters: what to share, and what an imported bundle added or conflicted with."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QListWidget, QListWidgetItem, QRadioButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)


class ShareDialog(QDialog):
    """Choose what goes into a bundle: every letter, or the passages of some threads and their letters."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Share letters")
        self.resize(480, 420)
        v = QVBoxLayout(self)
        v.setSpacing(10)
        intro = QLabel("A bundle holds the letters with their passages, links and threads. A colleague "
                       "adds it to their archive with File ▸ Import shared letters…")
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.everything = QRadioButton("&Everything in this archive")
        self.by_thread = QRadioButton("Only the passages of these &threads, with their letters:")
        group = QButtonGroup(self)
        group.addButton(self.everything)
        group.addButton(self.by_thread)
        self.by_thread.setChecked(True)
        v.addWidget(self.everything)
        v.addWidget(self.by_thread)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Threads to share")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        v.addWidget(self.list, 1)
        self.note = QLabel("Loading the threads…")
        self.note.setObjectName("mutedLabel")
        self.note.setWordWrap(True)
        v.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.share_button = self.buttons.addButton("&Share…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.everything.toggled.connect(self._update)
        self.list.itemChanged.connect(self._update)
        self._loaded = False
        self._update()
        from app.passages import threads
        session.read(lambda archive, _job: threads(archive), self._on_threads_loaded, self._on_threads_failed)

    def _on_threads_loaded(self, rows: list[dict]) -> None:
        self._loaded = True
        self.list.blockSignals(True)
        for row in rows:
            n = row["passages"]
            item = QListWidgetItem(f"{row['name']}  ({n} passage{'s' if n != 1 else ''})")
            item.setData(Qt.ItemDataRole.UserRole, row["name"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if not rows:
            self.everything.setChecked(True)
            self.by_thread.setEnabled(False)
        self._update()

    def _on_threads_failed(self, message: str) -> None:
        self._loaded = True
        self.everything.setChecked(True)
        self.by_thread.setEnabled(False)
        self.note.setText(f"The threads cannot be listed ({message}); you can still share everything.")
        self.share_button.setEnabled(True)

    def _update(self, *_args) -> None:
        picking = self.by_thread.isChecked()
        self.list.setEnabled(picking)
        if not self._loaded:
            self.share_button.setEnabled(self.everything.isChecked())
            return
        if not self.by_thread.isEnabled():
            self.note.setText("This archive has no threads yet: add passages to threads in the inspector, "
                              "or share everything.")
        elif picking and not self.chosen_threads():
            self.note.setText("Tick one or more threads.")
        else:
            self.note.setText("")
        self.share_button.setEnabled(not picking or bool(self.chosen_threads()))

    def set_checked(self, name: str, on: bool = True) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen_threads(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def selection(self) -> dict:
        """export_bundle's keyword arguments for the choice made."""
        if self.everything.isChecked():
            return {"everything": True}
        return {"threads": self.chosen_threads()}


class ImportSummaryDialog(QDialog):
    """What an imported bundle added, what was already here, and every conflict with its reason."""

    def __init__(self, report: dict, source: str, parent=None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Shared letters imported")
        self.resize(760, 420)
        v = QVBoxLayout(self)
        v.setSpacing(10)
        self.headline = QLabel(headline(report))
        self.headline.setObjectName("dialogHeadline")
        self.headline.setWordWrap(True)
        v.addWidget(self.headline)
        detail = QLabel(f"From {source}. Nothing in this archive was overwritten: where the bundle "
                        "disagrees, this archive's version was kept.")
        detail.setWordWrap(True)
        v.addWidget(detail)
        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName("What the import did")
        self.table.setHorizontalHeaderLabels(["Result", "Details"])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for result, text in summary_rows(report):
            self._row(result, text)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()   # wrapped messages need the final column width

    def _row(self, result: str, text: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = (QTableWidgetItem(result), QTableWidgetItem(text))
        cells[1].setToolTip(text)
        if result == "Conflict":
            cells[0].setForeground(self.palette().brush(QPalette.ColorRole.BrightText))   # the theme's error colour
        for col, cell in enumerate(cells):
            self.table.setItem(row, col, cell)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def headline(report: dict) -> str:
    conflicts = len(report["conflicts"]) + len(report["party_conflicts"])
    parts = [f"{_n(len(report['documents_added']), 'letter')} added",
             f"{_n(len(report['passages_added']), 'passage')} added",
             f"{_n(conflicts, 'conflict')}"]
    return " · ".join(parts)


def summary_rows(report: dict) -> list[tuple[str, str]]:
    """(result, details) for each line of the summary, conflicts first."""
    rows = []
    for c in report["conflicts"]:
        rows.append(("Conflict", f"Passage “{c['quote']}”: {c['field']} is {_shown(c['here'])} here and "
                                 f"{_shown(c['bundle'])} in the bundle; kept {_shown(c['here'])}"))
    for c in report["party_conflicts"]:
        rows.append(("Conflict", f"Party {c['name']!r}: {c['message']}; not merged (merge them with the "
                                 "party-alias command if they are the same)"))
    for n in report.get("passages_not_found", []):
        rows.append(("Not imported", f"Passage “{n['quote']}”: its words are not in the text Papertrail reads "
                                     "in the letter's original"))
    for m in report.get("metadata_from_bundle", []):
        fields = ", ".join(f"{f} {_shown(v['bundle'])} (Papertrail read {_shown(v['read'])})"
                           for f, v in m["fields"].items())
        which = "" if "title" in m["fields"] else f"“{m['title']}”: "
        rows.append(("Colleague's", f"{which}{'k' if which else 'K'}ept as the colleague set it: {fields}"))
    if report["passages_orphaned"]:
        rows.append(("Orphaned", f"{_n(len(report['passages_orphaned']), 'passage')} could not be found in this "
                                 "archive's text of their letter; they are listed as orphaned in Passages"))
    rows.append(("Added", f"{_n(len(report['documents_added']), 'letter')}, "
                          f"{_n(len(report['passages_added']), 'passage')}, {_n(report['links_added'], 'link')}"))
    if report.get("already_imported"):
        rows.append(("Already imported", "this archive already has every letter and passage of the file"))
    rows.append(("Already here", f"{_n(len(report['documents_present']), 'letter')}, "
                                 f"{_n(len(report['passages_present']), 'passage')}"))
    return rows


def _shown(value) -> str:
    return f"“{value}”" if value else "empty"
