"""The inspector's "Words" section: whose words the quotation is, how they were put, where they were
first said, and the citation a letter will print for the passage."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.draft import citation_for
from app.draft.model import author_names

from .sections import section_header, shrinkable

if TYPE_CHECKING:
    from .panel import PassageInspector

MANNER_LABELS = {"written": "Written (a letter, a statement)", "said": "Said (interview, meeting, hearing)",
                 "reported": "Reported by the document's author"}


class WordsSection(QWidget):
    """Words by (the document's author, or the party itself when quoted), manner, said in, citation."""

    def __init__(self, inspector: "PassageInspector", parent=None):
        super().__init__(parent)
        self.inspector = inspector
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(4)
        v.addWidget(section_header("WORDS", self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.words_box = shrinkable(QComboBox(self))
        self.words_box.setAccessibleName("Words by")
        self.words_box.setToolTip("Whose words the quotation is: the document's author, or the party "
                                  "itself when the document quotes it in quotation marks")
        self.words_box.activated.connect(self._on_words_box_activated)
        form.addRow("Words by", self.words_box)
        self.manner_box = shrinkable(QComboBox(self))
        self.manner_box.setAccessibleName("How it was put")
        self.manner_box.activated.connect(self._on_manner_box_activated)
        form.addRow("How", self.manner_box)
        self.said_in_edit = QLineEdit(self)
        self.said_in_edit.setAccessibleName("Said in")
        self.said_in_edit.setPlaceholderText("e.g. letter to David Kaye, interview with the FT")
        self.said_in_edit.setToolTip("Where quoted words were first written or said; cited before “as quoted in”")
        self.said_in_edit.editingFinished.connect(self._commit_said_in)
        form.addRow("Said in", self.said_in_edit)
        v.addLayout(form)
        self.citation = QLabel(self)
        self.citation.setObjectName("countLabel")
        self.citation.setWordWrap(True)
        self.citation.setAccessibleName("Cited as")
        v.addWidget(self.citation)

    def fill(self, p: dict) -> None:
        author = author_names(p["doc_authors"]) or "unknown"
        self.words_box.clear()
        self.words_box.addItem(f"Document's author ({author})", "author")
        if p["by"] and p["by"].casefold() not in {a.casefold() for a in p["doc_authors"]}:
            self.words_box.addItem(f"{p['by']} (quoted)", p["by"])
        if p["words_by"] and self.words_box.findData(p["words_by"]) < 0:
            self.words_box.addItem(f"{p['words_by']} (quoted)", p["words_by"])
        self.words_box.setCurrentIndex(max(0, self.words_box.findData(p["words_by"] or "author")))
        self.manner_box.clear()
        automatic = p["manner"] if not p["manner_set"] else None
        self.manner_box.addItem(f"Automatic: {p['manner'] if automatic else 'worked out'}", "")
        for manner, label in MANNER_LABELS.items():
            self.manner_box.addItem(label, manner)
        self.manner_box.setCurrentIndex(self.manner_box.findData(p["manner"]) if p["manner_set"] else 0)
        self.said_in_edit.setText(p["said_in"])
        self.said_in_edit.setEnabled(bool(p["words_by"]))
        self.citation.setText("Cited as: " + citation_for(p).text())

    def _passage(self) -> dict | None:
        return self.inspector.passage

    def _on_words_box_activated(self, _index: int) -> None:
        p = self._passage()
        value = self.words_box.currentData()
        if p is not None and value != (p["words_by"] or "author"):
            who = "the document's author" if value == "author" else value
            self.inspector.edit(f"Words by {who}", words_by=value)

    def _on_manner_box_activated(self, _index: int) -> None:
        p = self._passage()
        value = self.manner_box.currentData()
        if p is not None and value != (p["manner"] if p["manner_set"] else ""):
            self.inspector.edit(f"Change how it was put to {value or 'automatic'}", manner=value)

    def _commit_said_in(self) -> None:
        p = self._passage()
        text = " ".join(self.said_in_edit.text().split())
        if p is not None and text != p["said_in"]:
            self.inspector.edit("Change said-in", said_in=text)
