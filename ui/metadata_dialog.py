"""The document details dialog: check and correct title, date, senders, recipients and kind."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout)

from app.library import edit_doc

from .labels import intro_label

KINDS = ("letter", "memo", "report", "statement", "email")
_UNSURE_TIP = "Read from the letter with low confidence: please check it."


def split_names(text: str) -> list[str]:
    """Names separated by semicolons or new lines (commas stay: "Veridian Signals, Ltd." is one name)."""
    return [" ".join(n.split()) for n in text.replace("\n", ";").split(";") if n.strip()]


class MetadataDialog(QDialog):
    """Edits one document; saving goes through the archive's writer, errors show inline."""
    saved = Signal(dict)     # the updated document

    def __init__(self, session, doc: dict, parent=None):
        super().__init__(parent)
        self.session = session
        self.doc = doc
        self.setWindowTitle("Document details")
        self.setMinimumWidth(600)
        self._build()

    def _build(self) -> None:
        unsure = set(self.doc.get("unsure", []))
        v = QVBoxLayout(self)
        v.setSpacing(10)
        intro = intro_label(self._intro(unsure))
        v.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.title_edit = self._line("Title", self.doc.get("title", ""), "title" in unsure)
        self.date_edit = self._line("Date", self.doc.get("date") or "", "date" in unsure)
        self.date_edit.setPlaceholderText("e.g. 2020-03-30, 2020-03 or 30 March 2020; empty if unknown")
        self.senders_edit = self._line("From", "; ".join(self.doc.get("senders", [])), "senders" in unsure)
        self.senders_edit.setPlaceholderText("names separated by ;")
        self.recipients_edit = self._line("To", "; ".join(self.doc.get("recipients", [])), "recipients" in unsure)
        self.recipients_edit.setPlaceholderText("names separated by ;")
        self.kind_box = QComboBox(self)
        self.kind_box.setAccessibleName("Kind")
        self.kind_box.addItems(KINDS)
        self.kind_box.setCurrentText(self.doc.get("kind", "letter"))
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Date:", self.date_edit)
        form.addRow("&From:", self.senders_edit)
        form.addRow("T&o:", self.recipients_edit)
        form.addRow("&Kind:", self.kind_box)
        v.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        v.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton("Cancel")
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save the corrections without marking them as checked")
        self.confirm_button = QPushButton("&Confirm details")
        self.confirm_button.setToolTip("Save and mark these details as checked by a person")
        self.confirm_button.setDefault(True)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.submit(confirm=False))
        self.confirm_button.clicked.connect(lambda: self.submit(confirm=True))
        buttons.addStretch(1)
        for b in (self.cancel_button, self.save_button, self.confirm_button):
            buttons.addWidget(b)
        v.addSpacing(4)
        v.addLayout(buttons)

    def _intro(self, unsure: set) -> str:
        if not unsure:
            return "Correct the details read from this document if needed."
        fields = ", ".join(sorted(unsure))
        return (f"Papertrail was unsure about the highlighted details ({fields}). Check them against "
                "the letter, correct them if needed, and choose Confirm details.")

    def _line(self, name: str, value: str, unsure: bool) -> QLineEdit:
        edit = QLineEdit(value, self)
        edit.setCursorPosition(0)
        edit.setAccessibleName(name)
        if unsure:
            edit.setProperty("unsure", True)
            edit.setToolTip(_UNSURE_TIP)
        return edit

    def values(self) -> dict:
        return {"title": self.title_edit.text(), "date": self.date_edit.text(),
                "senders": split_names(self.senders_edit.text()),
                "recipients": split_names(self.recipients_edit.text()), "kind": self.kind_box.currentText()}

    def submit(self, confirm: bool) -> None:
        values = self.values()
        if not values["title"].strip():
            self.show_error("The title cannot be empty.")
            return
        self.error_label.hide()
        self._set_busy(True)
        doc_id = self.doc["id"]
        self.session.write(lambda archive, job: edit_doc(archive, doc_id, confirm=confirm, **values),
                           self._on_saved, self._on_failed, name="edit document")

    def _on_saved(self, doc: dict) -> None:
        self._set_busy(False)
        self.saved.emit(doc)
        self.accept()

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.show_error(message[:1].upper() + message[1:])

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        for b in (self.confirm_button, self.save_button):
            b.setEnabled(not busy)
