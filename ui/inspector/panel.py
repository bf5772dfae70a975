"""The inspector: the selected passage's kind, said-by, said-on, whose words, status history, threads, note and
links, editable."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QCompleter, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from app import passages, questions
from app.parties import list_parties

from ..highlights import KIND_LABELS, human_date, statuses_for
from ..names_completer import NamesCompleter, split_names
from ..passages_panel import PassagePickerDialog, one_line
from ..tagging import kind_icon
from .questions import QuestionsSection
from .sections import LinksSection, StatusSection, ThreadsSection, check_date, section_header, shrinkable
from .words import WordsSection


def load_inspection(pid: str):
    """The passage, its linked passages (for their quotes), every party with aliases and every thread."""
    def run(archive, _job) -> dict:
        p = passages.get(archive, pid)
        others = {}
        for ln in p["links"]:
            try:
                others[ln["passage_id"]] = passages.get(archive, ln["passage_id"])
            except passages.NotFound:
                continue
        evidence = {}
        for h in p["history"]:
            if h["evidence_id"] and h["evidence_id"] not in evidence:
                try:
                    evidence[h["evidence_id"]] = passages.get(archive, h["evidence_id"])
                except passages.NotFound:
                    continue
        asked = questions.describe(archive, p) if p["kind"] == "question" else questions.questions_about(archive, pid)
        return {"passage": p, "linked": others, "evidence": evidence, "parties": list_parties(archive),
                "threads": [t["name"] for t in passages.threads(archive)], "questions": asked}
    return run


class PassageInspector(QWidget):
    """Shows one passage; each change is an undoable edit sent to the archive's writer."""

    passage_activated = Signal(str)    # show this passage (the one inspected or a linked one) in its document
    message = Signal(str)
    loaded = Signal(str)               # the inspector now shows this passage ("" when empty)

    def __init__(self, commands, parent=None):
        super().__init__(parent)
        self.commands = commands
        self.session = None
        self.passage: dict | None = None
        self.parties: list[dict] = []
        self._generation = 0
        self._sent: dict = {}
        self._build()
        commands.changed.connect(self._on_commands_changed)

    # -- layout ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.stack = QStackedWidget(self)
        self.empty = QLabel("Select a highlighted passage, or select words on a page and press 1, 2, 3 or 4 "
                            "to tag a commitment, claim, rebuttal or question.", self)
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack.addWidget(self.empty)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Everything wraps or shrinks to the dock's width; only vertical scrolling.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(scroll)
        scroll.setWidget(body)
        self.body = body
        self.stack.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        v = QVBoxLayout(body)
        v.setContentsMargins(10, 10, 10, 10)
        v.setSpacing(8)
        self.quote = QLabel(body)
        self.quote.setObjectName("inspectorQuote")
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setAccessibleName("Quoted passage")
        v.addWidget(self.quote)
        self.source = QLabel(body)
        self.source.setObjectName("countLabel")
        self.source.setWordWrap(True)
        v.addWidget(self.source)
        self.orphan_note = QLabel("⚠ This passage could not be found in the document's current text.", body)
        self.orphan_note.setObjectName("errorText")
        self.orphan_note.setWordWrap(True)
        v.addWidget(self.orphan_note)
        row = QHBoxLayout()
        self.show_button = QPushButton("Show in document", body)
        self.show_button.clicked.connect(lambda: self.passage and self.passage_activated.emit(self.passage["id"]))
        self.delete_button = QPushButton("Delete passage", body)
        self.delete_button.setToolTip("Remove this tag (Undo brings it back)")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        row.addWidget(self.show_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        v.addLayout(row)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind_box = QComboBox(body)
        self.kind_box.setAccessibleName("Kind")
        for kind in passages.KINDS:
            self.kind_box.addItem(kind_icon(kind), KIND_LABELS[kind], kind)
        self.kind_box.activated.connect(self._on_kind_box_activated)
        shrinkable(self.kind_box)
        form.addRow("Kind", self.kind_box)
        self.by_box = QComboBox(body)
        self.by_box.setEditable(True)
        self.by_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.by_box.setAccessibleName("Said by")
        shrinkable(self.by_box)
        self.by_box.lineEdit().setPlaceholderText("Party or person; a new name creates a party")
        self._party_names = QStringListModel(self)
        completer = QCompleter(self._party_names, self.by_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.by_box.setCompleter(completer)
        self.by_box.activated.connect(lambda _i: self._commit_by())
        self.by_box.lineEdit().editingFinished.connect(self._commit_by)
        self.by_box.lineEdit().textEdited.connect(self._on_by_text_edited)
        self.by_hint = QLabel(body)
        self.by_hint.setObjectName("countLabel")
        self.by_hint.setWordWrap(True)
        form.addRow("Said by", self.by_box)
        form.addRow("", self.by_hint)
        self.also_edit = QLineEdit(body)
        self.also_edit.setAccessibleName("Also made by")
        self.also_edit.setPlaceholderText("Other parties who made it together; separate with ; or ,")
        self.also_edit.setToolTip("An undertaking a company and its owner made together names both: "
                                  "the first is in Said by, the others here")
        self.also_edit.setCompleter(NamesCompleter(self._party_names, self.also_edit))   # each name typed
        self.also_edit.editingFinished.connect(self._commit_also)
        form.addRow("Also by", self.also_edit)
        self.to_box = QComboBox(body)
        self.to_box.setEditable(True)
        self.to_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.to_box.setAccessibleName("Asked of")
        shrinkable(self.to_box)
        self.to_box.lineEdit().setPlaceholderText("The party the question is asked of")
        self.to_box.setCompleter(self._party_completer(self.to_box))
        self.to_box.activated.connect(lambda _i: self._commit_to())
        self.to_box.lineEdit().editingFinished.connect(self._commit_to)
        form.addRow("Asked of", self.to_box)
        self.on_edit = QLineEdit(body)
        self.on_edit.setAccessibleName("Said on")
        self.on_edit.setPlaceholderText("e.g. 2019-04, 3 December 2019, 2020")
        self.on_edit.textEdited.connect(self._on_on_edit_text_edited)
        self.on_edit.editingFinished.connect(self._commit_on)
        self.on_hint = QLabel(body)
        self.on_hint.setObjectName("countLabel")
        self.on_hint.setWordWrap(True)
        form.addRow("Said on", self.on_edit)
        form.addRow("", self.on_hint)
        v.addLayout(form)
        self.form = form

        self.words_section = WordsSection(self, body)
        v.addWidget(self.words_section)
        self.status_section = StatusSection(self, body)
        v.addWidget(self.status_section)
        self.questions_section = QuestionsSection(self, body)
        v.addWidget(self.questions_section)
        self.threads_section = ThreadsSection(self, body)
        v.addWidget(self.threads_section)
        v.addWidget(section_header("NOTE", body))
        self.note_edit = QPlainTextEdit(body)
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setPlaceholderText("Why this passage matters (saved when you leave the box)")
        self.note_edit.setFixedHeight(72)
        self.note_edit.installEventFilter(self)
        v.addWidget(self.note_edit)
        self.links_section = LinksSection(self, body)
        v.addWidget(self.links_section)
        v.addStretch(1)

    # -- loading -------------------------------------------------------------------------------------------------
    def minimumSizeHint(self):   # noqa: N802 - Qt override
        """As wide as the narrowest the passage's fields can be, plus the scroll bar: the dock
        never cuts them off mid-word (it scrolls down instead)."""
        hint = super().minimumSizeHint()
        width = self.body.minimumSizeHint().width() + self.style().pixelMetric(
            self.style().PixelMetric.PM_ScrollBarExtent) + 2
        return hint.expandedTo(QSize(width, 0))

    def set_session(self, session) -> None:
        self.session = session
        self.clear()

    def clear(self, text: str | None = None) -> None:
        self._generation += 1
        self.passage = None
        if text:
            self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)
        self.loaded.emit("")

    def show_passage(self, pid: str) -> None:
        if self.session is None or not pid:
            return
        self._generation += 1
        gen = self._generation
        self.session.read(load_inspection(pid), lambda r: self._on_loaded(gen, r),
                          lambda m: self._on_load_failed(gen, m))

    def current_id(self) -> str | None:
        return self.passage["id"] if self.passage else None

    def _on_load_failed(self, gen: int, message: str) -> None:
        if gen == self._generation:
            self.clear(f"This passage cannot be shown: {message}")

    def _on_loaded(self, gen: int, result: dict) -> None:
        if gen != self._generation:
            return
        p = self.passage = result["passage"]
        self._sent = {}
        self.parties = result["parties"]
        self.quote.setText(f"“{one_line(p['quote'], 2000)}”")
        written = p["doc_id"] is None
        pages = f"pages {p['page']}–{p['end_page']}" if p["end_page"] > p["page"] else f"page {p['page']}"
        self.source.setText("Written directly: a question not in any letter yet" if written
                            else f"{p['doc_title']} · {pages}")
        self.show_button.setEnabled(not written)
        self.orphan_note.setVisible(p["orphaned"])
        self.kind_box.setCurrentIndex(self.kind_box.findData(p["kind"]))
        self.kind_box.setEnabled(not written)     # it has no letter to be a commitment or claim in
        question = p["kind"] == "question"
        for field, plain, asked in ((self.by_box, "Said by", "Asked by"), (self.on_edit, "Said on", "Asked on")):
            self.form.labelForField(field).setText(asked if question else plain)
        self.form.setRowVisible(self.to_box, question)
        self.by_box.blockSignals(True)
        self.by_box.clear()
        names = []
        for party in self.parties:
            if not (party["documents"] or party.get("passages")):
                continue  # a name nothing uses any more is not offered
            self.by_box.addItem(party["name"])
            tip = "Also known as: " + ", ".join(party["aliases"]) if party["aliases"] else party["name"]
            self.by_box.setItemData(self.by_box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            names += [party["name"], *party["aliases"]]
        self._party_names.setStringList(sorted(set(names), key=str.lower))
        self.by_box.setEditText(p["by"] or "")
        self.by_box.blockSignals(False)
        self.also_edit.setText("; ".join(p["by_all"][1:]))
        self.to_box.blockSignals(True)
        self.to_box.clear()
        self.to_box.addItems([party["name"] for party in self.parties])
        self.to_box.setEditText(p["to"] or "")
        self.to_box.blockSignals(False)
        self._show_by_hint(p["by"] or "")
        self.on_edit.setText(p["said_on"] or "")
        self._show_date_hint(p["said_on"] or "")
        # Words written directly are our own and in no letter: no one else's words, nothing to cite.
        self.words_section.setVisible(not written)
        if not written:
            self.words_section.fill(p)
        self.status_section.fill(p, result["evidence"])
        self.questions_section.fill(p, result.get("questions"))
        self.threads_section.fill(p, result["threads"])
        self.note_edit.setPlainText(p["note"])
        self.links_section.fill(p, result["linked"])
        self.stack.setCurrentIndex(1)
        self.loaded.emit(p["id"])

    def _on_commands_changed(self, report: dict) -> None:
        if self.passage is None:
            return
        pid = self.passage["id"]
        if pid in report["removed"]:
            self.clear("The passage was deleted. Undo (Ctrl+Z) brings it back.")
        elif pid in report["passage_ids"] or any(
                ln["passage_id"] in report["passage_ids"] + report["removed"] for ln in self.passage["links"]):
            self.show_passage(pid)

    # -- edits ---------------------------------------------------------------------------------------------------
    def edit(self, text: str, **changes) -> None:
        if self.passage is not None:
            self._sent.update(changes)
            self.commands.edit(self.passage["id"], text, **changes)

    def _shown(self, field: str, value):
        """The value last sent for a field, else the passage's: Enter and focus-out must not send it twice."""
        return self._sent.get(field, value)

    def _on_kind_box_activated(self, _index: int) -> None:
        kind = self.kind_box.currentData()
        if self.passage and kind != self._shown("kind", self.passage["kind"]):
            if self.passage["status"] and self.passage["status"] not in statuses_for(kind):
                self.message.emit("Only commitments have a status and only questions a state; the history "
                                  "is kept in case you change it back")
            self.edit(f"Change kind to {kind}", kind=kind)

    def _party_for(self, text: str) -> dict | None:
        low = " ".join(text.split()).lower()
        return next((p for p in self.parties if low == p["name"].lower()
                     or low in (a.lower() for a in p["aliases"])), None)

    def _show_by_hint(self, text: str) -> None:
        text = " ".join(text.split())
        party = self._party_for(text) if text else None
        if not text:
            self.by_hint.setText("Nobody: the passage is not attributed")
        elif party is None:
            self.by_hint.setText(f"New party “{text}” will be created when you press Enter")
        elif party["name"].lower() != text.lower():
            self.by_hint.setText(f"“{text}” is another name of {party['name']}")
        elif party["aliases"]:
            self.by_hint.setText("Also known as: " + ", ".join(party["aliases"]))
        else:
            self.by_hint.setText("")

    def _on_by_text_edited(self, text: str) -> None:
        self._show_by_hint(text)

    def _party_completer(self, owner) -> QCompleter:
        completer = QCompleter(self._party_names, owner)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def _name(self, text: str) -> str:
        """A typed name as the party it names (an alias gives the party's own name)."""
        text = " ".join(text.split())
        party = self._party_for(text)
        return party["name"] if party else text

    def _others(self) -> list[str]:
        shown = self._sent.get("by")
        return list(shown[1:]) if isinstance(shown, list) else list(self.passage["by_all"][1:])

    def _commit_by(self) -> None:
        if self.passage is None:
            return
        name = self._name(self.by_box.currentText())
        shown = self._sent.get("by")
        first = shown[0] if isinstance(shown, list) and shown else (shown if isinstance(shown, str)
                                                                    else self.passage["by"])
        if name.lower() != (first or "").lower():
            # The further parties stay: only the first one changes.
            others = [n for n in self._others() if n.lower() != name.lower()]
            self.edit(f"Change said-by to {name or 'nobody'}", by=[name, *others] if name else others)

    def _commit_also(self) -> None:
        if self.passage is None:
            return
        first = self._name(self.by_box.currentText())
        others = [self._name(n) for n in split_names(self.also_edit.text(), self._party_names.stringList())]
        others = list(dict.fromkeys(n for n in others if n.lower() != first.lower()))
        if [n.lower() for n in others] != [n.lower() for n in self._others()]:
            names = [first, *others] if first else others
            self.edit("Change who made it" if others else "Remove the other parties", by=names)

    def _commit_to(self) -> None:
        if self.passage is None or self.passage["kind"] != "question":
            return
        name = self._name(self.to_box.currentText())
        if name.lower() != (self._shown("to", self.passage["to"]) or "").lower():
            self.edit(f"Ask of {name}" if name else "Ask of nobody in particular", to=name)

    def _show_date_hint(self, text: str) -> bool:
        iso, message = check_date(text)
        self.on_hint.setText(message)
        self.on_edit.setProperty("invalid", iso is None)
        self.on_edit.style().unpolish(self.on_edit)
        self.on_edit.style().polish(self.on_edit)
        self.on_hint.setObjectName("errorText" if iso is None else "countLabel")
        self.on_hint.style().unpolish(self.on_hint)
        self.on_hint.style().polish(self.on_hint)
        return iso is not None

    def _on_on_edit_text_edited(self, text: str) -> None:
        self._show_date_hint(text)

    def _commit_on(self) -> None:
        if self.passage is None:
            return
        iso, _message = check_date(self.on_edit.text())
        if iso is None:
            self.message.emit(f"Said-on not saved: {_message}")
            return
        if iso != (self._shown("on", self.passage["said_on"]) or ""):
            self.edit(f"Change said-on to {human_date(iso)}" if iso else "Remove said-on date", on=iso)

    def _commit_note(self) -> None:
        if self.passage is not None and self.note_edit.toPlainText() != self._shown("note", self.passage["note"]):
            self.edit("Change note", note=self.note_edit.toPlainText())

    def eventFilter(self, watched, event) -> bool:
        if watched is self.note_edit and event.type() == QEvent.Type.FocusOut:
            self._commit_note()
        return super().eventFilter(watched, event)

    def _on_delete_clicked(self) -> None:
        if self.passage is not None:
            self.commands.untag(self.passage["id"])

    def link_checked(self, a: str, relation: str, b: str) -> None:
        """Link two passages, unless the link cannot mean anything (a commitment cannot "answer" a
        claim; only a question asks about something): then the links section says why."""
        from app.questions import check_link

        def check(archive, _job) -> None:
            check_link(archive, passages.resolve(archive, a), relation, passages.resolve(archive, b))
        self.session.read(check, lambda _r: self.commands.link(a, relation, b), self.links_section.refuse)

    def pick_passage(self, title: str) -> dict | None:
        """Ask for another passage (a function so tests can answer it)."""
        dialog = PassagePickerDialog(self.session, title, self.current_id(), self)
        return dialog.chosen() if dialog.exec() else None


__all__ = ["PassageInspector", "check_date", "load_inspection"]
