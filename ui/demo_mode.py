"""The demo archive in the window: opened beside the user's own archive, marked as the demo (title bar
and a banner), left with one click, and not reopened at the next start unless it was chosen as a folder."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton

from . import settings

BANNER_TEXT = "Demo archive: fictional letters."
TITLE = "Papertrail — Demo archive (fictional letters)"


def ask_where_to_add(parent, own: Path) -> str | None:
    """'own', 'demo' or None (cancel) for letters added while the demo is open (a function so tests
    can answer it)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Add to the demo archive?",
                      "The demo archive of fictional letters is open. Add these documents to your own "
                      f"archive instead?\n\nYour archive: {own}", QMessageBox.StandardButton.Cancel, parent)
    own_button = box.addButton("Add to my archive", QMessageBox.ButtonRole.AcceptRole)
    demo_button = box.addButton("Add to the demo", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(own_button)
    box.exec()
    return {own_button: "own", demo_button: "demo"}.get(box.clickedButton())


class DemoBanner(QFrame):
    """The strip above the letters while the demo archive is open."""
    leave_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAccessibleName("Demo archive notice")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel(BANNER_TEXT)
        self.label.setObjectName("demoBannerText")
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.leave_button = QPushButton("Open your archive")
        self.leave_button.setAccessibleName("Open your archive")
        self.leave_button.clicked.connect(self.leave_requested)
        row.addWidget(self.leave_button)
        self.hide()

    def set_own_archive(self, path: Path) -> None:
        self.leave_button.setToolTip(f"Leave the demo and open your archive: {path}")


class DemoMode(QObject):
    """Which archive is the user's own while the demo is open, and what the window shows meanwhile."""

    def __init__(self, banner: DemoBanner, parent=None):
        super().__init__(parent)
        self.banner = banner
        self.own: Path | None = None       # the archive to go back to
        self.chosen_by_button = False      # opened with "Open the demo archive", not as a folder

    @staticmethod
    def is_demo(path: Path | None) -> bool:
        return path is not None and Path(path).resolve() == settings.demo_archive_dir().resolve()

    def own_archive(self) -> Path:
        from archive import default_archive_dir
        return self.own or default_archive_dir()

    def opening_from_button(self) -> None:
        self.chosen_by_button = True

    def opened(self, path: Path) -> tuple[str | None, bool]:
        """After an archive opened: (the window title, or None for the usual one, and whether to
        remember it as the archive to open next time)."""
        if not self.is_demo(path):
            self.own = Path(path)
            self.chosen_by_button = False
            self.banner.hide()
            return None, True
        self.banner.set_own_archive(self.own_archive())
        self.banner.show()
        remember = not self.chosen_by_button     # a demo folder opened deliberately is remembered
        return TITLE, remember
