"""The follow-up letter editor: letter fields, rich text with cited quotations, a commitments appendix
(ui/draft_editor_appendix.py), a quote check that runs as you type, autosave into the archive and export.

Passages can be dragged in from any view that offers MIME type `application/x-papertrail-passage`
(UTF-8 passage ids, one per line); see ui/draft_text.py."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from app import passages as passages_app
from app.draft import citation_for, lead_in, quote_text, refresh_citations
from app.draft.model import Draft, DraftError

from . import dialogs
from .. import settings
from .autosave import Autosaver
from .convert import (block_format, block_kind, block_style, inline_quote_format, is_quote_block,
                            plain_format_at, quote_block_format, read_blocks, set_link, to_document_text,
                            write_blocks)
from .fields import LetterFields
from .editor_appendix import AppendixActions
from .format import clear_links, set_paragraph_style
from .quote_check import QuoteChecker, QuoteCheckPanel, changed_ranges, summary_counts
from .text import DraftTextEdit, QuoteMark, editor_font, select_quote
from .toolbar import DraftToolbar
from ..passage_picker import PassagePicker

CHECK_DELAY_MS = 300
INLINE_MAX_WORDS = 30


def new_draft() -> Draft:
    from datetime import date
    return Draft(to="", from_=[], date=date.today().isoformat(), subject="", salutation="Dear ,",
                 closing="Yours sincerely,")


class DraftEditor(AppendixActions, QWidget):
    """One draft: edits it, checks its quotations and keeps it saved in the archive."""

    saved = Signal(int)                  # the draft's id, after each save
    save_failed = Signal(str)
    title_changed = Signal(str)
    message = Signal(str)                # a short status for the window's status bar
    checked = Signal(dict)               # counts: verified, altered, unsourced, pending
    exported = Signal(str)               # the written file
    export_failed = Signal(str)
    passages_inserted = Signal(int)
    appendix_changed = Signal(int)       # rows in the appendix after inserting or refreshing it
    questions_inserted = Signal(int)     # unanswered questions asked again at the caret

    def __init__(self, session, draft: Draft | None = None, draft_id: int | None = None, parent=None):
        super().__init__(parent)
        self.session = session
        self._loading = False
        self._pending_export: tuple[str, str | None] | None = None
        self._requested_texts: list[str] = []
        self.colors: dict[str, str] = {}
        self.checker = QuoteChecker(session, self)
        self.autosaver = Autosaver(session, self.draft, draft_id, parent=self)
        self._build()
        self._wire()
        self.set_draft(draft or new_draft(), draft_id)

    # -- assembly ------------------------------------------------------------
    def _build(self) -> None:
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        self.toolbar = DraftToolbar(self)
        v.addWidget(self.toolbar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.paper = QWidget(self.splitter)
        self.paper.setObjectName("draftPaper")
        pv = QVBoxLayout(self.paper)
        pv.setContentsMargins(0, 14, 0, 0)
        pv.setSpacing(0)
        self.fields = LetterFields(self.paper)
        pv.addWidget(self.fields)
        self.body = DraftTextEdit(self.paper)
        pv.addWidget(self.body, 1)
        self.panel = QuoteCheckPanel(self.splitter)
        self.panel.setMinimumWidth(250)
        self.splitter.addWidget(self.paper)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([900, 330])
        v.addWidget(self.splitter, 1)
        foot = QHBoxLayout()
        foot.setContentsMargins(12, 4, 12, 4)
        self.save_label = QLabel("", self)
        self.save_label.setObjectName("countLabel")
        self.save_label.setAccessibleName("Save state")
        self.words_label = QLabel("", self)
        self.words_label.setObjectName("countLabel")
        foot.addWidget(self.save_label)
        foot.addStretch(1)
        foot.addWidget(self.words_label)
        v.addLayout(foot)
        bar = self.toolbar
        self.style_box, self.citation_box = bar.style_box, bar.citation_box
        self.bold_action, self.italic_action, self.link_action = bar.bold_action, bar.italic_action, bar.link_action
        for act in bar.actions_with_keys:
            self.addAction(act)        # their shortcuts work wherever the focus is in the editor
        self.check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)

    def _wire(self) -> None:
        bar = self.toolbar
        for act, slot in ((bar.bold_action, self.toggle_bold), (bar.italic_action, self.toggle_italic),
                          (bar.link_action, self.edit_link), (bar.insert_passage_action, self.choose_passages),
                          (bar.insert_appendix_action, self.choose_appendix),
                          (bar.refresh_appendix_action, self.refresh_appendix),
                          (bar.insert_questions_action, self.choose_unanswered_questions)):
            act.triggered.connect(slot)
        for fmt, act in bar.export_actions.items():
            act.triggered.connect(lambda _c=False, f=fmt: self.export(f))
        doc = self.body.document()
        doc.contentsChanged.connect(self._on_body_changed)
        self.fields.changed.connect(self._on_fields_changed)
        self.fields.subject_changed.connect(lambda _s: self.title_changed.emit(self.title()))
        self.autosaver.state_changed.connect(self.save_label.setText)
        self.autosaver.saved.connect(self.saved)
        self.autosaver.failed.connect(self.save_failed)
        self.citation_box.currentIndexChanged.connect(self._on_citation_style_changed)
        self.style_box.activated.connect(lambda i: self.set_style(self.style_box.itemData(i)))
        self.body.cursorPositionChanged.connect(self._on_body_cursor_moved)
        self.body.currentCharFormatChanged.connect(self._on_body_format_changed)
        self.body.passages_dropped.connect(self._on_body_passages_dropped)
        self.body.edit_refused.connect(self._say)
        self.body.quote_clicked.connect(self.panel.set_current)
        self.panel.quote_activated.connect(lambda i: select_quote(self.body, i))
        self.check_timer.timeout.connect(self.run_check)
        self.checker.checked.connect(self._on_checker_checked)
        self.checker.busy_changed.connect(self.panel.set_busy)
        self.checker.failed.connect(self._on_checker_failed)

    # -- the draft -----------------------------------------------------------
    def set_draft(self, draft: Draft, draft_id: int | None = None) -> None:
        """Show a draft (replacing what the editor holds, without undo history)."""
        self._loading = True
        try:
            self.fields.fill(draft)
            self.citation_box.setCurrentIndex(max(0, self.citation_box.findData(draft.citation_style)))
            self.body.set_citation_style(draft.citation_style)
            write_blocks(self.body.document(), draft.blocks)
            self.body.document().setModified(False)
            self.body.moveCursor(QTextCursor.MoveOperation.Start)
        finally:
            self._loading = False
        self.autosaver.mark_clean(draft_id)
        self._count_words()
        self.title_changed.emit(self.title())
        self.run_check()

    def draft(self) -> Draft:
        """The letter as it stands in the editor."""
        return Draft(**self.fields.values(), blocks=read_blocks(self.body.document()),
                     citation_style=self.citation_box.currentData())

    def title(self) -> str:
        return self.fields.subject() or "Untitled draft"

    def is_dirty(self) -> bool:
        return self.autosaver.is_dirty()

    def set_colors(self, colors: dict[str, str]) -> None:
        self.colors = dict(colors)
        c = self.colors
        self.setStyleSheet(
            f"QWidget#draftPaper {{ background: {c['base']}; }}"
            f"QTextEdit#draftBody {{ background: {c['base']}; color: {c['text']}; border: none; }}"
            f"QLabel#fieldLabel {{ color: {c['muted']}; font-size: 12px; }}"
            f"QLineEdit#letterField, QPlainTextEdit#letterField {{ background: {c['base']}; color: {c['text']};"
            f" border: none;"
            f" border-bottom: 1px solid {c['border']}; border-radius: 0; padding: 3px 2px; }}"
            f"QLineEdit#letterField:focus, QPlainTextEdit#letterField:focus {{ border-bottom: 1px solid {c['accent']}; }}"
            f"QWidget#quoteCheckPanel {{ background: {c['window']}; border-left: 1px solid {c['border']}; }}"
            f"QTextBrowser#quoteList {{ background: {c['window']}; border: none; }}"
            f"QSplitter::handle {{ background: {c['border']}; width: 1px; }}")
        self.fields.set_font(editor_font(11.5))
        self.body.set_colors(c)
        self.panel.set_colors(c)

    def _on_body_changed(self) -> None:
        if self._loading:
            return
        self.autosaver.touch()
        self.check_timer.start()

    def _on_fields_changed(self) -> None:
        if not self._loading:
            self.autosaver.touch()

    def _count_words(self) -> None:
        n = len(self.body.document().toPlainText().split())
        self.words_label.setText(f"{n:,} word{'s' if n != 1 else ''}")

    def _say(self, text: str) -> None:
        self.message.emit(text)

    # -- formatting ----------------------------------------------------------
    def _formattable(self) -> bool:
        cursor = self.body.textCursor()
        return not is_quote_block(cursor.block()) and self.body.edit_allowed(cursor)

    def toggle_bold(self) -> None:
        if not self._formattable():
            self.bold_action.setChecked(False)
            return
        fmt = QTextCharFormat()
        bold = self.body.fontWeight() < QFont.Weight.Bold
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.body.mergeCurrentCharFormat(fmt)

    def toggle_italic(self) -> None:
        if not self._formattable():
            self.italic_action.setChecked(False)
            return
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.body.fontItalic())
        self.body.mergeCurrentCharFormat(fmt)

    def edit_link(self) -> None:
        if not self._formattable():
            self._say("Links go in your own text, not inside quotations or the appendix")
            return
        cursor = self.body.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        if not cursor.hasSelection():
            self._say("Select the words to link first")
            return
        current = cursor.charFormat().anchorHref() if cursor.charFormat().isAnchor() else ""
        href = dialogs.ask_link(self, current)
        if href is None:
            return
        if not href:
            clear_links(cursor)
            return
        fmt = QTextCharFormat()
        set_link(fmt, href)
        cursor.mergeCharFormat(fmt)
        self.body.setTextCursor(cursor)

    def set_style(self, style: str) -> None:
        set_paragraph_style(self.body.textCursor(), style)
        self._on_body_cursor_moved()

    def _on_body_cursor_moved(self) -> None:
        cursor = self.body.textCursor()
        style = block_style(cursor.block())
        self.style_box.blockSignals(True)
        self.style_box.setCurrentIndex(max(0, self.style_box.findData(style)))
        self.style_box.blockSignals(False)
        editable = self._formattable()
        for w in (self.style_box,):
            w.setEnabled(editable)
        for act in (self.bold_action, self.italic_action, self.link_action):
            act.setEnabled(editable)

    def _on_body_format_changed(self, fmt: QTextCharFormat) -> None:
        self.bold_action.setChecked(fmt.fontWeight() >= QFont.Weight.Bold)
        self.italic_action.setChecked(fmt.fontItalic())

    def _on_citation_style_changed(self, _index: int) -> None:
        style = self.citation_box.currentData()
        self.body.set_citation_style(style)
        self.panel.set_results(self.body.spans(), self.checker.results, style)
        if not self._loading:
            self.autosaver.touch()

    # -- quotations ----------------------------------------------------------
    def choose_passages(self) -> PassagePicker:
        """Open the passage picker; chosen passages go in at the caret."""
        picker = PassagePicker(self.session, self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.passages_chosen.connect(self.insert_passages)
        self.picker = picker
        picker.open()
        return picker

    def _on_body_passages_dropped(self, ids: list[str], position: int) -> None:
        anchor = QTextCursor(self.body.document())
        anchor.setPosition(position)       # follows the text if it changes while the passages load

        def load(archive, job):
            return [passages_app.get(archive, pid) for pid in ids]

        self.session.read(load, lambda rows: self.insert_passages(rows, anchor.position()),
                          lambda m: self._say(f"The passage could not be inserted: {m}"))

    def insert_passages(self, rows: list[dict], position: int | None = None) -> None:
        """Quote these passages at the caret (or a document position), each with its citation."""
        if not rows:
            return
        cursor = self.body.textCursor()
        if position is not None:
            cursor.setPosition(max(0, min(position, self.body.document().characterCount() - 1)))
        table = cursor.currentTable()
        if table is not None:
            cursor.setPosition(table.firstPosition() - 1)   # quotations go above an appendix, never in it
            cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.beginEditBlock()
        for p in rows:
            self._insert_one(cursor, p)
        cursor.endEditBlock()
        self.body.setTextCursor(cursor)
        self.body.setFocus()
        self.passages_inserted.emit(len(rows))
        self.run_check()

    def _insert_one(self, cursor: QTextCursor, p: dict) -> None:
        text, citation = quote_text(p["quote"]), citation_for(p)
        block = cursor.block()
        inside = block.length() > 1 and not cursor.atBlockStart() and not cursor.atBlockEnd()
        if inside and not is_quote_block(block) and len(text.split()) <= INLINE_MAX_WORDS and "\n" not in text:
            cursor.insertText(to_document_text(text), inline_quote_format(citation))
            self.body.setCurrentCharFormat(plain_format_at(cursor.charFormat()))
            cursor.setCharFormat(QTextCharFormat())
            return
        if block.length() <= 1 and block_kind(block) is None and block_style(block) == "body" \
                and cursor.currentTable() is None:
            cursor.insertText(lead_in(p), QTextCharFormat())
        elif cursor.atBlockStart() and block.length() > 1:
            cursor.insertBlock(block.blockFormat(), block.charFormat())
            cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
            cursor.setBlockFormat(block_format("body"))
        else:
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        cursor.insertBlock(quote_block_format(citation), QTextCharFormat())
        cursor.insertText(to_document_text(text), QTextCharFormat())
        nxt = cursor.block().next()
        if nxt.isValid() and nxt.length() <= 1 and not is_quote_block(nxt) and cursor.currentTable() is None \
                and nxt.textList() is None and nxt.blockFormat().headingLevel() == 0:
            cursor.setPosition(nxt.position())
        else:
            cursor.insertBlock(block_format("body"), QTextCharFormat())

    # -- the quote check -----------------------------------------------------
    def run_check(self) -> None:
        """Check the quotations now (also what the debounce timer calls)."""
        self.check_timer.stop()
        self._count_words()
        spans = self.body.checked_spans()
        self._requested_texts = [s.text for s in spans]
        self.checker.request([(s.text, s.citation if s.citation is not None else s.cited_as) for s in spans])

    def _on_checker_checked(self, results: list) -> None:
        spans = self.body.checked_spans()
        if [s.text for s in spans] != self._requested_texts:
            self.check_timer.start()      # the text moved on while checking; check again shortly
            return
        marks = []
        for span, r in zip(spans, results):
            if r is None:
                marks.append(QuoteMark("pending"))
            else:
                marks.append(QuoteMark(r["status"], changed_ranges(span.text, r["diff"]),
                                       miscited=bool(r.get("citation_note"))))
        self.body.set_marks(marks)
        self.panel.set_results(spans, results, self.citation_box.currentData())
        self.checked.emit(summary_counts(results))
        if self._pending_export is not None and self.checker.is_current():
            fmt, path = self._pending_export
            self._pending_export = None
            self.export(fmt, path)

    def _on_checker_failed(self, message: str) -> None:
        self._say(f"The quotations could not be checked: {message}")
        if self._pending_export is not None:
            self._pending_export = None
            self._on_export_failed(f"the quotations could not be checked before exporting ({message})")

    def check_counts(self) -> dict[str, int]:
        return summary_counts(self.checker.results)

    # -- saving --------------------------------------------------------------
    @property
    def draft_id(self) -> int | None:
        return self.autosaver.draft_id

    def save_now(self) -> None:
        """Save in the background now instead of after the autosave pause."""
        self.autosaver.save_now()

    def flush(self, msecs: int = 15000) -> bool:
        """Save any unsaved change and wait for it (before closing); True when everything is saved."""
        return self.autosaver.flush(msecs)

    # -- export --------------------------------------------------------------
    def export(self, fmt: str, path: str | None = None) -> None:
        """Export after the quote check is up to date; asks before exporting changed quotations."""
        if fmt not in dialogs.EXPORT_FORMATS:
            raise ValueError(f"cannot export as {fmt!r}; choose one of {', '.join(dialogs.EXPORT_FORMATS)}")
        if self.check_timer.isActive() or not self.checker.is_current():
            self._pending_export = (fmt, path)
            self.run_check()
            return
        counts = self.check_counts()
        doubtful = counts["altered"] or counts["unsourced"] or counts["miscited"]
        if doubtful and not dialogs.confirm_export(self, counts):
            self._say("Export cancelled")
            return
        if path is None:
            path = dialogs.ask_export_path(self, fmt, self.fields.subject())
            if not path:
                return
        try:
            draft = self.draft()
        except DraftError as exc:
            self._on_export_failed(str(exc))
            return
        settings.LAST_EXPORT_FOLDER.set(str(Path(path).parent))
        self._say(f"Exporting to {Path(path).name}…")
        target = Path(path)
        self.session.read(lambda archive, job: _export(refresh_citations(archive, draft), fmt, target),
                          lambda _r: self._on_exported(str(target)), self._on_export_failed)

    def _on_exported(self, path: str) -> None:
        self._say(f"Exported the letter to {path}")
        self.exported.emit(path)

    def _on_export_failed(self, message: str) -> None:
        self._say(f"Export failed: {message}")
        self.export_failed.emit(message)
        self.error_box = dialogs.show_error(self, "The letter could not be exported", message)


def _export(draft: Draft, fmt: str, target: Path) -> None:
    # python-docx and PyMuPDF take a quarter of a second to import: only when exporting.
    from app.draft.export import export_draft
    export_draft(draft, fmt, target)
