"""The first-run screen shown while the archive is empty: add documents or explore the demo archive."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    add_documents_requested = Signal()
    demo_requested = Signal()
    open_archive_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcome")
        # Shown alone (the panels are hidden meanwhile), so it must not widen the window's centre later.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setFixedWidth(580)
        v = QVBoxLayout(card)
        v.setContentsMargins(40, 36, 40, 36)
        v.setSpacing(14)
        title = QLabel("Welcome to Papertrail")
        title.setObjectName("welcomeTitle")
        v.addWidget(title)
        blurb = QLabel("Keep your organisation's correspondence in one searchable archive. Add the letters "
                       "you have sent and received as PDFs; Papertrail reads who wrote to whom and when, "
                       "and finds any sentence in seconds. Everything stays on this computer.")
        blurb.setObjectName("welcomeText")
        font = blurb.font()   # set here, not in the stylesheet, so the wrapped height is measured right
        font.setPointSizeF(font.pointSizeF() * 1.15)
        blurb.setFont(font)
        self.blurb = blurb
        blurb.setWordWrap(True)
        v.addWidget(blurb)
        v.addSpacing(8)
        self.add_button = QPushButton("Add documents…")
        self.add_button.setObjectName("primaryButton")
        self.add_button.setAccessibleName("Add documents")
        self.add_button.setMinimumHeight(40)
        self.add_button.clicked.connect(self.add_documents_requested)
        v.addWidget(self.add_button)
        self.demo_button = QPushButton("Open the demo archive")
        self.demo_button.setAccessibleName("Open the demo archive")
        self.demo_button.setToolTip("Thirteen fictional letters about a human rights impact assessment, "
                                    "in a separate archive so your own stays untouched")
        self.demo_button.setMinimumHeight(40)
        self.demo_button.clicked.connect(self.demo_requested)
        v.addWidget(self.demo_button)
        self.open_button = QPushButton("Open another archive folder…")
        self.open_button.setObjectName("linkButton")
        self.open_button.setFlat(True)
        self.open_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.open_button.clicked.connect(self.open_archive_requested)
        v.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hint = QLabel("You can also drop PDF, e-mail (.eml, .msg, .mbox) or Word (.docx) files or folders anywhere on this window.")
        self.hint.setObjectName("welcomeHint")
        self.hint.setWordWrap(True)
        v.addWidget(self.hint)
        self.archive_label = QLabel("")
        self.archive_label.setObjectName("welcomeHint")
        self.archive_label.setWordWrap(True)
        self.archive_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.archive_label)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)

    def showEvent(self, event) -> None:
        # A wrapped label inside a fixed-width card is measured only once it is polished.
        self.blurb.setMinimumHeight(self.blurb.heightForWidth(self.blurb.parentWidget().width() - 80))
        super().showEvent(event)

    def set_archive_path(self, path: str) -> None:
        self.archive_label.setText(f"Archive folder: {path}")

    def set_busy(self, busy: bool) -> None:
        self.add_button.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)
        self.open_button.setEnabled(not busy)
        self.demo_button.setText("Building the demo archive…" if busy else "Open the demo archive")

    def sizeHint(self) -> QSize:
        return QSize(640, 480)
