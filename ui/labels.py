"""Small labels the dialogs share."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def intro_label(text: str, parent: QWidget | None = None) -> QLabel:
    """The wrapped paragraph at the top of a dialog that says what it is for (styled "dialogIntro")."""
    label = QLabel(text, parent)
    label.setObjectName("dialogIntro")
    label.setWordWrap(True)
    return label
