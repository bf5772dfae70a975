"""The inspector's lower sections: status with its history, threads, and links to other passages."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from app import passages
from archive.dates import DateError, parse_date

from ..highlights import STATUS_COLORS, STATUS_LABELS, human_date, statuses_for
from ..passages_panel import one_line

if TYPE_CHECKING:
    from .panel import PassageInspector

RELATION_LABELS = {"rebuts": "rebuts", "contradicts": "contradicts", "fulfils": "fulfils",
                   "reiterates": "reiterates", "supersedes": "supersedes", "responds-to": "responds to",
                   "asks-about": "asks about", "answers": "answers", "partly-answers": "partly answers",
                   "declines": "declines to answer"}
# What the link picker offers, in plain words, for the passage being inspected.
RELATION_CHOICES = {"asks-about": "This question asks about…", "answers": "This answers the question…",
                    "partly-answers": "This partly answers the question…",
                    "declines": "This declines to answer the question…"}
LinkRole = Qt.ItemDataRole.UserRole + 31
ThreadRole = Qt.ItemDataRole.UserRole + 32


def check_date(text: str) -> tuple[str | None, str]:
    """(ISO date, "" when blank, or None when unreadable; message): the message reads the date back or says why not."""
    if not text.strip():
        return "", "Undated: the passage is listed apart on timelines"
    try:
        d = parse_date(text)
    except DateError as exc:
        return None, str(exc)[:1].upper() + str(exc)[1:]
    return d.iso(), f"{d.human()} ({d.precision} precision)"


def shrinkable(box: QComboBox, chars: int = 8) -> QComboBox:
    """A combo box that does not widen the inspector to its longest item."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    return box


def section_header(text: str, parent) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("sectionHeader")
    return label


def section_layout(section: QWidget, title: str) -> tuple[QVBoxLayout, QLabel]:
    """An inspector section's column, spaced like the others, starting with its header."""
    v = QVBoxLayout(section)
    v.setContentsMargins(0, 6, 0, 0)
    v.setSpacing(4)
    header = section_header(title, section)
    v.addWidget(header)
    return v, header


def status_chip(status: str | None) -> str:
    if not status:
        return ""
    color = STATUS_COLORS.get(status, "#6b7280")
    return (f'<span style="background:{color};color:white;border-radius:3px;">&nbsp;'
            f'{STATUS_LABELS.get(status, status)}&nbsp;</span>')


class StatusSection(QWidget):
    """Current status, every change with its date, note and evidence, and a form to add a change."""

    def __init__(self, inspector: "PassageInspector", parent=None):
        super().__init__(parent)
        self.inspector = inspector
        self.evidence: dict | None = None
        v, self.header = section_layout(self, "STATUS")
        self.current = QLabel(self)
        self.current.setTextFormat(Qt.TextFormat.RichText)
        self.current.setAccessibleName("Current status")
        v.addWidget(self.current)
        self.history = QListWidget(self)
        self.history.setAccessibleName("Status history")
        self.history.setWordWrap(True)
        self.history.setMaximumHeight(110)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        v.addWidget(self.history)
        self.add_button = QPushButton("Add status change…", self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        v.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.form = QFrame(self)
        self.form.setFrameShape(QFrame.Shape.StyledPanel)
        f = QFormLayout(self.form)
        self.status_box = QComboBox(self.form)
        self.status_box.setAccessibleName("New status")
        shrinkable(self.status_box)
        f.addRow("Status", self.status_box)
        self.date_edit = QLineEdit(self.form)
        self.date_edit.setAccessibleName("Date of the status change")
        self.date_edit.setPlaceholderText("When it changed, e.g. 2021-01 (optional)")
        self.date_edit.textEdited.connect(self._on_date_edit_text_edited)
        f.addRow("On", self.date_edit)
        self.date_hint = QLabel(self.form)
        self.date_hint.setObjectName("countLabel")
        self.date_hint.setWordWrap(True)
        f.addRow("", self.date_hint)
        self.note_edit = QLineEdit(self.form)
        self.note_edit.setAccessibleName("Note on the status change")
        self.note_edit.setPlaceholderText("What happened (optional)")
        f.addRow("Note", self.note_edit)
        row = QHBoxLayout()
        self.evidence_label = QLabel("none", self.form)
        self.evidence_label.setWordWrap(True)
        self.evidence_button = QPushButton("Choose…", self.form)
        self.evidence_button.setToolTip("The passage that shows the change, e.g. a later letter")
        self.evidence_button.clicked.connect(self._on_evidence_button_clicked)
        row.addWidget(self.evidence_label, 1)
        row.addWidget(self.evidence_button)
        f.addRow("Evidence", row)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save status", self.form)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        cancel = QPushButton("Cancel", self.form)
        cancel.clicked.connect(lambda: self.form.hide())
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        f.addRow(buttons)
        self.form.hide()
        v.addWidget(self.form)

    def fill(self, p: dict, evidence: dict[str, dict]) -> None:
        self.form.hide()
        states = statuses_for(p["kind"])
        question = p["kind"] == "question"
        self.header.setText("STATE" if question else "STATUS")
        self.add_button.setText("Add state change…" if question else "Add status change…")
        self.save_button.setText("Save state" if question else "Save status")
        self.history.setVisible(bool(states))
        self.add_button.setVisible(bool(states))
        if [self.status_box.itemData(i) for i in range(self.status_box.count())] != list(states):
            self.status_box.clear()
            for s in states:
                self.status_box.addItem(STATUS_LABELS[s], s)
        if not states:
            self.current.setText("Only commitments have a status.")
            return
        self.current.setText(status_chip(p["status"]) or "No status yet")
        self.history.clear()
        for h in reversed(p["history"]):
            parts = [STATUS_LABELS.get(h["status"], h["status"])]
            if h["on_date"]:
                parts.append(human_date(h["on_date"]))
            if h["note"]:
                parts.append(h["note"])
            ev = evidence.get(h["evidence_id"]) if h["evidence_id"] else None
            if ev:
                parts.append(f"evidence: “{one_line(ev['quote'], 70)}” ({ev['doc_title']})")
            item = QListWidgetItem(" · ".join(parts))
            item.setToolTip(f"Recorded {h['recorded_at'][:16].replace('T', ' ')}")
            self.history.addItem(item)

    def _on_add_button_clicked(self) -> None:
        current = self.inspector.passage["status"] if self.inspector.passage else None
        at = self.status_box.findData(current)
        self.status_box.setCurrentIndex((at + 1) % self.status_box.count() if at >= 0 else 0)
        self.date_edit.clear()
        self.date_hint.setText("")
        self.note_edit.clear()
        self.evidence = None
        self.evidence_label.setText("none")
        self.form.show()
        self.status_box.setFocus()

    def _on_date_edit_text_edited(self, text: str) -> None:
        iso, message = check_date(text)
        self.date_hint.setText("" if not text.strip() else message)
        self.save_button.setEnabled(iso is not None)

    def _on_evidence_button_clicked(self) -> None:
        chosen = self.inspector.pick_passage("Choose the evidence for this status change")
        if chosen:
            self.evidence = chosen
            self.evidence_label.setText(f"“{one_line(chosen['quote'], 80)}” ({chosen['doc_title']})")

    def _on_save_button_clicked(self) -> None:
        iso, message = check_date(self.date_edit.text())
        if iso is None:
            self.inspector.message.emit(f"Status not saved: {message}")
            return
        status = self.status_box.currentData()
        what = "state" if status in passages.QUESTION_STATES else "status"
        self.inspector.edit(f"Set {what} to {STATUS_LABELS[status].lower()}", status=status,
                            status_on=iso or None, status_note=self.note_edit.text().strip(),
                            evidence=self.evidence["id"] if self.evidence else None)
        self.form.hide()


class ThreadsSection(QWidget):
    """The passage's threads as chips; add an existing or new thread, remove one."""

    def __init__(self, inspector: "PassageInspector", parent=None):
        super().__init__(parent)
        self.inspector = inspector
        v, _header = section_layout(self, "THREADS")
        self.chips = QListWidget(self)
        self.chips.setAccessibleName("Threads of this passage")
        self.chips.setFlow(QListView.Flow.LeftToRight)
        self.chips.setWrapping(True)
        self.chips.setResizeMode(QListView.ResizeMode.Adjust)
        self.chips.setSpacing(3)
        self.chips.setObjectName("threadChips")
        self.chips.setStyleSheet("QListWidget#threadChips { border: none; background: transparent; }"
                                 "QListWidget#threadChips::item { border: 1px solid palette(mid); "
                                 "border-radius: 9px; padding: 1px 8px; }"
                                 "QListWidget#threadChips::item:selected { background: palette(highlight); "
                                 "color: palette(highlighted-text); }")
        self.chips.setToolTip("Select a thread and press Delete, or use Remove, to take the passage out of it")
        self.chips.itemSelectionChanged.connect(self._on_chips_selection_changed)
        v.addWidget(self.chips)
        row = QHBoxLayout()
        self.add_box = QComboBox(self)
        self.add_box.setEditable(True)
        self.add_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_box.setAccessibleName("Add to thread")
        shrinkable(self.add_box)
        self.add_box.lineEdit().setPlaceholderText("Add to a thread (existing or new)")
        self.add_box.lineEdit().returnPressed.connect(self.add_current)
        row.addWidget(self.add_box, 1)
        self.add_button = QPushButton("Add", self)
        self.add_button.clicked.connect(self.add_current)
        row.addWidget(self.add_button)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.remove_button)
        v.addLayout(row)

    def fill(self, p: dict, all_threads: list[str]) -> None:
        self.chips.clear()
        for name in p["threads"]:
            item = QListWidgetItem(name)
            item.setData(ThreadRole, name)
            self.chips.addItem(item)
        self.chips.setVisible(bool(p["threads"]))
        if p["threads"]:
            # As tall as the chips need (they wrap), and no taller.
            self.chips.doItemsLayout()
            rows = max(1, len({round(self.chips.visualItemRect(self.chips.item(i)).top())
                                for i in range(self.chips.count())}))
            self.chips.setFixedHeight(rows * (self.chips.sizeHintForRow(0) + 6) + 6)
        self.add_box.clear()
        self.add_box.addItems([t for t in all_threads if t not in p["threads"]])
        self.add_box.setEditText("")

    def _threads(self) -> list[str]:
        return list(self.inspector.passage["threads"]) if self.inspector.passage else []

    def add_current(self) -> None:
        name = " ".join(self.add_box.currentText().split())
        current = self._threads()
        if not name or self.inspector.passage is None:
            return
        if name.lower() in (t.lower() for t in current):
            self.inspector.message.emit(f"The passage is already in “{name}”")
            return
        self.inspector.edit(f"Add to thread {name}", threads=current + [name])

    def remove_selected(self) -> None:
        names = {i.data(ThreadRole) for i in self.chips.selectedItems()}
        if names and self.inspector.passage is not None:
            self.inspector.edit(f"Remove from thread {', '.join(sorted(names))}",
                                threads=[t for t in self._threads() if t not in names])

    def _on_chips_selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.chips.selectedItems()))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.chips.hasFocus():
            self.remove_selected()
            return
        super().keyPressEvent(event)


class LinksSection(QWidget):
    """Links to and from other passages: add by relation and a searchable picker, remove, go to."""

    def __init__(self, inspector: "PassageInspector", parent=None):
        super().__init__(parent)
        self.inspector = inspector
        v, _header = section_layout(self, "LINKS")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Links")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(90)
        self.list.setMaximumHeight(190)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)
        v.addWidget(self.list)
        self.empty = QLabel("No links yet. Link this passage to the one it contradicts, rebuts or fulfils.", self)
        self.empty.setObjectName("countLabel")
        self.empty.setWordWrap(True)
        v.addWidget(self.empty)
        row = QHBoxLayout()
        self.relation_box = QComboBox(self)
        self.relation_box.setAccessibleName("Relation")
        shrinkable(self.relation_box)
        for rel in passages.RELATIONS:
            self.relation_box.addItem(RELATION_CHOICES.get(rel, f"This {RELATION_LABELS[rel]}…"), rel)
        row.addWidget(self.relation_box, 1)
        self.add_button = QPushButton("Link to passage…", self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        row.addWidget(self.add_button)
        v.addLayout(row)
        self.refusal = QLabel(self)
        self.refusal.setObjectName("errorText")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        v.addWidget(self.refusal)
        row = QHBoxLayout()
        self.go_button = QPushButton("Go to", self)
        self.go_button.setToolTip("Open the linked passage in its document")
        self.go_button.clicked.connect(lambda: self._on_list_item_activated(self.list.currentItem()))
        self.remove_button = QPushButton("Remove link", self)
        self.remove_button.clicked.connect(self.remove_selected)
        row.addStretch(1)
        row.addWidget(self.go_button)
        row.addWidget(self.remove_button)
        v.addLayout(row)
        self._on_list_selection_changed()

    def fill(self, p: dict, linked: dict[str, dict]) -> None:
        self.list.clear()
        self.refusal.hide()
        for ln in p["links"]:
            other = linked.get(ln["passage_id"])
            if other is None:
                continue
            rel = RELATION_LABELS.get(ln["relation"], ln["relation"])
            quote = f"“{one_line(other['quote'], 90)}”"
            text = f"This {rel} {quote}" if ln["direction"] == "out" else f"{quote} {rel} this"
            source = other["doc_title"] or "Written directly"
            item = QListWidgetItem(f"{text}\n{source} · {human_date(other['said_on'])}"
                                   f"{' · ' + other['by'] if other['by'] else ''}")
            item.setData(LinkRole, ln)
            item.setToolTip("Double-click to open it in its document")
            self.list.addItem(item)
        self.list.setVisible(self.list.count() > 0)
        self.empty.setVisible(self.list.count() == 0)
        self._on_list_selection_changed()

    def _on_add_button_clicked(self) -> None:
        p = self.inspector.passage
        if p is None:
            return
        rel = self.relation_box.currentData()
        self.refusal.hide()
        chosen = self.inspector.pick_passage(RELATION_CHOICES.get(rel, f"This passage {RELATION_LABELS[rel]}…"))
        if chosen:
            self.inspector.link_checked(p["id"], rel, chosen["id"])

    def refuse(self, message: str) -> None:
        """The link means nothing (e.g. a commitment that "answers" a claim): say why, under the picker."""
        self.refusal.setText(f"Not linked: {message}")
        self.refusal.show()

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        p = self.inspector.passage
        if item is None or p is None:
            return
        ln = item.data(LinkRole)
        a, b = (p["id"], ln["passage_id"]) if ln["direction"] == "out" else (ln["passage_id"], p["id"])
        self.inspector.commands.unlink(a, ln["relation"], b)

    def _on_list_item_activated(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.inspector.passage_activated.emit(item.data(LinkRole)["passage_id"])

    def _on_list_selection_changed(self) -> None:
        has = self.list.currentItem() is not None and bool(self.list.selectedItems())
        self.go_button.setEnabled(has)
        self.remove_button.setEnabled(has)
