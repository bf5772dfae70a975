"""Tagging questions from the page: the selection's questions, each its own question in one step,
and whom they are addressed to (the letter's first recipient unless changed)."""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QListWidget, QVBoxLayout)

from app.parties import list_parties
from app.questions import question_spans
from archive import documents


def party_completer(box: QComboBox, names: list[str]) -> None:
    """Fill an editable party box with names, completing any part of a name."""
    model = QStringListModel(sorted(set(names), key=str.lower), box)
    completer = QCompleter(model, box)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    box.setCompleter(completer)


def load_addressees(doc_id: str):
    """The document's recipients (the first is whom its questions are asked of) and every party's name."""
    def run(archive, _job) -> dict:
        doc = documents.get_document(archive.db, doc_id)
        return {"recipients": doc["recipients"], "parties": [p["name"] for p in list_parties(archive)]}
    return run


class QuestionTagDialog(QDialog):
    """What tagging the selected words as questions will make; Tag makes it."""

    def __init__(self, session, doc_id: str, text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Tag questions")
        self.setMinimumWidth(460)
        spans = question_spans(text)
        self.found = [" ".join(text[a:b].split()) for a, b in spans]
        v = QVBoxLayout(self)
        many = len(self.found) > 1
        if many:
            intro = f"The selection holds {len(self.found)} questions:"
        elif self.found:
            intro = "The selection holds one question:"
        else:
            intro = ("The selection has no question mark; it will be tagged as one question as it stands.")
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        v.addWidget(self.intro)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Questions found in the selection")
        self.list.setWordWrap(True)
        for q in self.found:
            self.list.addItem(q)
        self.list.setVisible(bool(self.found))
        self.list.setMaximumHeight(150)
        v.addWidget(self.list)
        self.split_box = QCheckBox(f"Tag each as a question of its own ({len(self.found)} questions)", self)
        self.split_box.setChecked(many)
        self.split_box.setVisible(many)
        self.split_box.setToolTip("Off: the selected words become one question")
        v.addWidget(self.split_box)
        form = QFormLayout()
        self.to_box = QComboBox(self)
        self.to_box.setEditable(True)
        self.to_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.to_box.setAccessibleName("Asked of")
        self.to_box.lineEdit().setPlaceholderText("The party asked; a new name creates a party")
        form.addRow("Asked of", self.to_box)
        self.hint = QLabel("Reading the letter's recipients…", self)
        self.hint.setObjectName("countLabel")
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        v.addLayout(form)
        self.buttons = QDialogButtonBox(self)
        self.tag_button = self.buttons.addButton(
            f"Tag {len(self.found)} questions" if many else "Tag question", QDialogButtonBox.ButtonRole.AcceptRole)
        self.tag_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.split_box.toggled.connect(self._on_split_box_toggled)
        v.addWidget(self.buttons)
        self._edited = False
        self.to_box.lineEdit().textEdited.connect(lambda _t: setattr(self, "_edited", True))
        if session is not None:
            session.read(load_addressees(doc_id), self._on_loaded,
                         lambda m: self.hint.setText(f"The letter's recipients could not be read: {m}"))

    def _on_loaded(self, result: dict) -> None:
        recipients = result["recipients"]
        for name in recipients + [n for n in result["parties"] if n not in recipients]:
            self.to_box.addItem(name)
        party_completer(self.to_box, result["parties"])
        if not self._edited:
            self.to_box.setEditText(recipients[0] if recipients else "")
        self.hint.setText("The letter's first recipient" if recipients else
                          "The letter names no recipient: type whom the questions are asked of")

    def _on_split_box_toggled(self, on: bool) -> None:
        self.tag_button.setText(f"Tag {len(self.found)} questions" if on else "Tag as one question")

    def split(self) -> bool:
        """Tag what question_spans found (one question: just its words, without a lead-in such as
        "We ask:"), rather than the selected words as they stand."""
        return len(self.found) == 1 or (len(self.found) > 1 and self.split_box.isChecked())

    def addressee(self) -> str:
        return " ".join(self.to_box.currentText().split())
