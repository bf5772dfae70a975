"""Edit ▸ Preferences: OCR when adding, how many search results to show, how many automatic backups to keep."""
from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout)

from . import settings
from .labels import intro_label


def tesseract_available() -> bool:
    from archive.pdftext import tesseract_available as available   # loads PyMuPDF: only when asked
    return available()


SEARCH_LIMIT_RANGE = (20, 2000)
BACKUPS_RANGE = (1, 50)


class PreferencesDialog(QDialog):
    """The settings a person may change; OK stores the ones that changed, Cancel stores nothing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(480)
        v = QVBoxLayout(self)
        v.setSpacing(10)
        # One form for every section, so the spin boxes line up under each other.
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)

        form.addRow(_header("Adding documents", self, first=True))
        self.ocr_box = QCheckBox("&Read scanned pages with OCR when adding documents", self)
        self.ocr_box.setAccessibleName("Read scanned pages with OCR when adding documents")
        self.ocr_box.setChecked(settings.INGEST_OCR.get())
        form.addRow(self.ocr_box)
        ocr_hint = ("Slower, but makes the text of scanned letters searchable. Without it, scanned pages are "
                    "marked \u201cneeds OCR\u201d. Applies to the next documents you add.")
        if not tesseract_available():
            ocr_hint += (" Tesseract is not installed on this computer, so no page can be read with OCR yet: "
                         f"{tesseract_howto()}, then restart Papertrail.")
        self.ocr_hint = intro_label(ocr_hint, self)
        form.addRow(self.ocr_hint)

        form.addRow(_header("Search", self))
        self.search_limit_box = _spin_box("Search results shown", SEARCH_LIMIT_RANGE,
                                          settings.SEARCH_LIMIT.get(), self)
        self.search_limit_box.setSingleStep(50)
        self.search_limit_box.setSuffix(" pages")
        self.search_limit_box.setToolTip("Pages with matches listed per search; applies to the next search")
        form.addRow("&Search results shown:", self.search_limit_box)

        form.addRow(_header("Backups", self))
        self.backups_box = _spin_box("Automatic backups to keep", BACKUPS_RANGE,
                                     settings.automatic_backups_to_keep(), self)
        form.addRow("Automatic &backups to keep:", self.backups_box)
        self.backups_hint = intro_label("Before an archive from an older Papertrail is upgraded, a backup is made in "
                                  "its backups/ folder; older ones beyond this number are deleted. Applies from "
                                  "the next archive you open.", self)
        form.addRow(self.backups_hint)
        width = max(box.sizeHint().width() for box in (self.search_limit_box, self.backups_box))
        for box in (self.search_limit_box, self.backups_box):
            box.setFixedWidth(width)            # one column of equal boxes
        v.addLayout(form)

        v.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addSpacing(4)
        v.addWidget(self.buttons)
        # What was shown, so OK leaves untouched settings exactly as stored (even values outside the ranges).
        self._shown = self.values()

    def values(self) -> dict:
        return {"ocr": self.ocr_box.isChecked(), "search_limit": self.search_limit_box.value(),
                "backups": self.backups_box.value()}

    def accept(self) -> None:
        now = self.values()
        for name, setting in (("ocr", settings.INGEST_OCR), ("search_limit", settings.SEARCH_LIMIT),
                              ("backups", settings.AUTO_BACKUPS_KEEP)):
            if now[name] != self._shown[name]:
                setting.set(now[name])
        super().accept()


def tesseract_howto(platform: str = sys.platform) -> str:
    """How to add Tesseract here (the packaged app uses the system's, as `python3 main.py` does)."""
    if platform == "darwin":
        return "install it with Homebrew (brew install tesseract tesseract-lang)"
    if platform == "win32":
        return "run the Tesseract installer for Windows and add its folder to the PATH"
    return "install the tesseract-ocr package (Debian and Ubuntu: sudo apt install tesseract-ocr)"


def show_preferences(window) -> PreferencesDialog:
    """Open the dialog over the window (window-modal), kept as window.preferences_dialog."""
    window.preferences_dialog = PreferencesDialog(window)
    window.preferences_dialog.open()
    return window.preferences_dialog


def _header(text: str, parent, first: bool = False) -> QLabel:
    label = QLabel(text.upper(), parent)
    label.setObjectName("sectionHeader")
    if not first:
        label.setContentsMargins(0, 10, 0, 0)
    return label




def _spin_box(name: str, bounds: tuple[int, int], value: int, parent) -> QSpinBox:
    box = QSpinBox(parent)
    box.setAccessibleName(name)
    box.setRange(*bounds)
    box.setValue(value)          # a stored value outside the range is shown clamped
    box.setMinimumWidth(110)
    return box
