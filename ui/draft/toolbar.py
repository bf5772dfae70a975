"""The draft editor's toolbar: paragraph style, bold, italic, link, the Insert menu (a passage, the
appendix, unanswered questions), refreshing from the archive, the citation style and export."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QSizePolicy, QToolBar, QToolButton, QWidget

from app.draft.model import CITATION_STYLES

from .convert import STYLE_LABELS
from .dialogs import EXPORT_FORMATS

CITATION_LABELS = {"footnotes": "Footnotes", "endnotes": "Endnotes", "inline": "Inline (parentheses)"}


class DraftToolbar(QToolBar):
    """Actions only; the editor connects them to what they do."""

    def __init__(self, parent=None):
        super().__init__("Draft", parent)
        self.setObjectName("draftToolbar")
        self.actions_with_keys: list[QAction] = []
        self.style_box = QComboBox(self)
        self.style_box.setAccessibleName("Paragraph style")
        for key in ("body", "heading1", "heading2", "bullet"):
            self.style_box.addItem(STYLE_LABELS[key], key)
        self.addWidget(self.style_box)
        self.bold_action = self._act("B", "Ctrl+B", "Bold", checkable=True)
        self.italic_action = self._act("I", "Ctrl+I", "Italic", checkable=True)
        self.link_action = self._act("Link", "Ctrl+K", "Add or change a link")
        for act, font in ((self.bold_action, QFont.Weight.Bold), (self.italic_action, None)):
            f = QFont()
            f.setWeight(font) if font else f.setItalic(True)
            self.widgetForAction(act).setFont(f)
        self.addSeparator()
        # What comes from the archive goes in through one menu, so the toolbar fits a small window.
        self.insert_menu = QMenu("Insert", self)
        self.insert_passage_action = self._act("Passage…", "Ctrl+Shift+P", "Quote a tagged passage with its source",
                                               menu=self.insert_menu)
        self.insert_appendix_action = self._act("Appendix of commitments…", None,
                                                "A table of commitments and their status as of the letter's date",
                                                menu=self.insert_menu)
        self.insert_questions_action = self._act("Unanswered questions…", None,
                                                 "Ask a party again the questions it has not answered, grouped by "
                                                 "commitment, each with when and where it was first asked",
                                                 menu=self.insert_menu)
        self.insert_button = QToolButton(self)
        self.insert_button.setText("Insert")
        self.insert_button.setAccessibleName("Insert from the archive")
        self.insert_button.setToolTip("Insert a passage, the commitments appendix or unanswered questions")
        self.insert_button.setMenu(self.insert_menu)
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.addWidget(self.insert_button)
        self.refresh_appendix_action = self._act("Refresh from archive", None,
                                                 "Rebuild every citation and the appendix from the archive: statuses "
                                                 "as of the letter's date, answered questions out; what you wrote "
                                                 "in the appendix is kept")
        self.addSeparator()
        cite = QLabel("Citations ", self)
        cite.setObjectName("countLabel")
        self.addWidget(cite)
        self.citation_box = QComboBox(self)
        self.citation_box.setAccessibleName("Citation style")
        for key in CITATION_STYLES:
            self.citation_box.addItem(CITATION_LABELS[key], key)
        self.addWidget(self.citation_box)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.export_menu = QMenu("Export", self)
        self.export_actions: dict[str, QAction] = {}
        for fmt, (label, ext) in EXPORT_FORMATS.items():
            self.export_actions[fmt] = self.export_menu.addAction(f"{label} (.{ext})…")
        self.export_button = QToolButton(self)
        self.export_button.setText("Export")
        self.export_button.setAccessibleName("Export the letter")
        self.export_button.setMenu(self.export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.addWidget(self.export_button)

    def _act(self, text: str, keys: str | None, tip: str, checkable: bool = False, menu: QMenu | None = None
             ) -> QAction:
        act = QAction(text, self)
        act.setCheckable(checkable)
        if keys:
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{tip} ({shown})"
            self.actions_with_keys.append(act)
        act.setToolTip(tip)
        act.setStatusTip(tip)
        if menu is not None:
            menu.addAction(act)
            menu.setToolTipsVisible(True)
        else:
            self.addAction(act)
        return act
