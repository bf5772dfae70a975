"""The letter's own fields above its text: to, from (signatories), subject, date, salutation and closing."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.draft.model import Draft, DraftError, check_partial_date, human_date

from .text import PAGE_WIDTH


def signatories(text: str) -> list[str]:
    """One signatory per paragraph (name, then title lines); a blank line separates people."""
    return [s.strip() for s in text.replace("\r\n", "\n").split("\n\n") if s.strip()]


class LetterFields(QWidget):
    """The heading of the letter, laid out on the same column as its text."""

    changed = Signal()
    subject_changed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 6)
        box = QWidget(self)
        box.setObjectName("letterFields")
        box.setMaximumWidth(PAGE_WIDTH)
        grid = QGridLayout(box)
        grid.setContentsMargins(28, 0, 28, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.to_edit = self._field("To", "Who the letter is to (name, title, organisation)", multi=True)
        self.from_edit = self._field("From", "Signatories: name, then title — a blank line between people", True)
        self.subject_edit = self._field("Subject", "What the letter is about")
        self.date_edit = self._field("Date", "YYYY-MM-DD")
        self.date_edit.setMaximumWidth(150)
        self.date_hint = QLabel("", box)
        self.date_hint.setObjectName("countLabel")
        self.salutation_edit = self._field("Salutation", "Dear …,")
        self.closing_edit = self._field("Closing", "Yours sincerely,")
        for widget, r, c, span, name in ((self.to_edit, 0, 1, 1, "To"), (self.from_edit, 0, 3, 2, "From"),
                                         (self.subject_edit, 1, 1, 1, "Subject"), (self.date_edit, 1, 3, 1, "Date"),
                                         (self.salutation_edit, 2, 1, 1, "Salutation"),
                                         (self.closing_edit, 2, 3, 2, "Closing")):
            label = QLabel(name, box)
            label.setObjectName("fieldLabel")
            label.setBuddy(widget)
            top = Qt.AlignmentFlag.AlignTop if r == 0 else Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(label, r, c - 1, top)
            grid.addWidget(widget, r, c, 1, span)
        grid.addWidget(self.date_hint, 1, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(4, 1)
        row.addStretch(1)
        row.addWidget(box, 100)
        row.addStretch(1)
        for w in self.editors():
            w.textChanged.connect(self.changed)
        self.subject_edit.textChanged.connect(lambda _t: self.subject_changed.emit(self.subject()))
        self.date_edit.textChanged.connect(self._show_date_hint)

    def _field(self, name: str, placeholder: str, multi: bool = False):
        w = QPlainTextEdit(self) if multi else QLineEdit(self)
        w.setObjectName("letterField")
        w.setAccessibleName(name)
        w.setPlaceholderText(placeholder)
        if multi:
            w.setTabChangesFocus(True)
            w.setFixedHeight(76)     # three lines: a name, a role and an organisation
        return w

    def editors(self) -> list:
        return [self.to_edit, self.from_edit, self.subject_edit, self.date_edit, self.salutation_edit,
                self.closing_edit]

    def set_font(self, font: QFont) -> None:
        for w in self.editors():
            w.setFont(font)

    def fill(self, draft: Draft) -> None:
        """Show a draft's fields without reporting them as changes."""
        for w in self.editors():
            w.blockSignals(True)
        try:
            self.to_edit.setPlainText(draft.to)
            self.from_edit.setPlainText("\n\n".join(draft.from_))
            for w, text in ((self.subject_edit, draft.subject), (self.date_edit, draft.date),
                            (self.salutation_edit, draft.salutation), (self.closing_edit, draft.closing)):
                w.setText(text)
                w.setCursorPosition(0)
        finally:
            for w in self.editors():
                w.blockSignals(False)
        self._show_date_hint(draft.date)
        self.subject_changed.emit(self.subject())

    def values(self) -> dict:
        """The fields as Draft arguments."""
        return {"to": self.to_edit.toPlainText().strip(), "from_": signatories(self.from_edit.toPlainText()),
                "date": self.date_edit.text().strip(), "subject": self.subject(),
                "salutation": self.salutation_edit.text(), "closing": self.closing_edit.text()}

    def subject(self) -> str:
        return " ".join(self.subject_edit.text().split())

    def _show_date_hint(self, text: str) -> None:
        text = text.strip()
        try:
            check_partial_date(text or None, "the date")
            self.date_hint.setText(human_date(text) if text else "")
        except DraftError:
            self.date_hint.setText("not a date like 2024-05-03")
