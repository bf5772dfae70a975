"""The letter's body editor: a centred page of rich text whose quotations carry their sources and check marks.

Passages dropped from elsewhere in the app arrive as MIME type `application/x-papertrail-passage`
holding passage ids (UTF-8, one per line)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from PySide6.QtCore import QMimeData, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QKeySequence, QPainter, QPen, QTextCharFormat,
                           QTextCursor, QTextDocument, QTextDocumentFragment)
from PySide6.QtWidgets import QTextEdit

from app.draft.model import Citation, Paragraph

from .convert import (CAPTION_SPACE, LINE_BREAK, P_INLINE, QuoteSpan, appendix_table, block_format,
                            is_quote_block, is_read_only, plain_format_at, quote_spans, read_blocks)
from .format import insert_paragraphs
from .typed import typed_quote_spans

MIME_PASSAGE = "application/x-papertrail-passage"
MIME_FRAGMENT = "application/x-papertrail-draft-fragment"
PAGE_WIDTH = 720            # the text column, in pixels, like a printed page's measure
EDITOR_FONTS = ["Cambria", "Caladea", "Charter", "Georgia", "Liberation Serif", "DejaVu Serif", "serif"]
STATUS_LABELS = {"verified": "Verified", "altered": "Altered", "unsourced": "Unsourced", "pending": "Checking…"}

_EDIT_KEYS = {Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}
_EDIT_SEQUENCES = (QKeySequence.StandardKey.Paste, QKeySequence.StandardKey.Cut,
                   QKeySequence.StandardKey.DeleteEndOfWord, QKeySequence.StandardKey.DeleteStartOfWord,
                   QKeySequence.StandardKey.DeleteEndOfLine, QKeySequence.StandardKey.DeleteCompleteLine)


@dataclass
class QuoteMark:
    """How one quotation fared in the check, for drawing it in the text."""

    status: str                                   # verified | altered | unsourced | pending
    changed: list[tuple[int, int]] = field(default_factory=list)   # offsets in the quotation's text
    miscited: bool = False          # the words are only in another document than the one cited


def editor_font(size: float = 12.0) -> QFont:
    font = QFont()
    font.setFamilies(EDITOR_FONTS)
    font.setPointSizeF(size)
    return font


class DraftTextEdit(QTextEdit):
    """Rich text with structure: quotations keep their citations, the appendix keeps its data."""

    passages_dropped = Signal(list, int)     # passage ids, document position
    edit_refused = Signal(str)               # why a key press or paste did nothing
    quote_clicked = Signal(int)              # index of the quotation the caret is in now (-1: none)

    _clipboard: tuple[str, QTextDocumentFragment] | None = None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("draftBody")
        self.setAccessibleName("Letter text")
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        doc = self.document()
        doc.setDefaultFont(editor_font())
        doc.setDocumentMargin(28)
        self.citation_style = "footnotes"
        self.colors: dict[str, str] = {}
        self.marks: list[QuoteMark] = []
        self._spans: list[QuoteSpan] | None = None
        self._typed: list[QuoteSpan] | None = None
        doc.contentsChanged.connect(self._on_document_changed)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self._last_quote = -1

    # -- state from the editor ----------------------------------------------
    def set_colors(self, colors: dict[str, str]) -> None:
        self.colors = dict(colors)
        self._apply_marks()

    def set_citation_style(self, style: str) -> None:
        self.citation_style = style
        self.viewport().update()

    def spans(self) -> list[QuoteSpan]:
        """The quotations in reading order (cached until the text changes)."""
        if self._spans is None:
            self._spans = quote_spans(self.document())
        return self._spans

    def typed_spans(self) -> list[QuoteSpan]:
        """Quotations typed by hand into paragraphs (no citation), in reading order."""
        if self._typed is None:
            self._typed = typed_quote_spans(self.document(), self.spans())
        return self._typed

    def checked_spans(self) -> list[QuoteSpan]:
        """Everything the quote check looks at: the inserted quotations (numbered as their notes
        are), then the typed ones."""
        return self.spans() + self.typed_spans()

    def set_marks(self, marks: list[QuoteMark]) -> None:
        """Check results, one per checked quotation (checked_spans) in order."""
        self.marks = list(marks)
        self._apply_marks()

    def _on_document_changed(self) -> None:
        self._spans = None
        self._typed = None

    def _color(self, name: str, fallback: str) -> QColor:
        return QColor(self.colors.get(name, fallback))

    def status_color(self, status: str) -> QColor:
        return {"verified": QColor("#2e8540"), "altered": QColor("#c27c0e"),
                "unsourced": QColor("#c4314b")}.get(status, self._color("border", "#c9ced6"))

    def _apply_marks(self) -> None:
        selections = []
        tint = self._color("highlight", "#d6e4fb")
        tint.setAlpha(90)
        for i, span in enumerate(self.checked_spans()):
            mark = self.marks[i] if i < len(self.marks) else QuoteMark("pending")
            if not span.block:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self._span_cursor(span.start, span.end)
                sel.format.setBackground(tint)
                if mark.status in ("altered", "unsourced", "verified"):
                    sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                    sel.format.setUnderlineColor(self.status_color(mark.status))
                selections.append(sel)
            if mark.status == "unsourced" or mark.miscited:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self._span_cursor(span.start, span.end)
                sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                sel.format.setUnderlineColor(self.status_color("unsourced"))
                selections.append(sel)
            for a, b in mark.changed if mark.status == "altered" else []:
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self._span_cursor(span.start + a, span.start + b)
                back = self.status_color("altered")
                back.setAlpha(46)
                sel.format.setBackground(back)
                sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                sel.format.setUnderlineColor(self.status_color("altered"))
                selections.append(sel)
        self.setExtraSelections(selections)
        self.viewport().update()

    def _span_cursor(self, start: int, end: int) -> QTextCursor:
        c = QTextCursor(self.document())
        last = max(0, self.document().characterCount() - 1)
        c.setPosition(min(start, last))
        c.setPosition(min(end, last), QTextCursor.MoveMode.KeepAnchor)
        return c

    # -- layout: a centred page ---------------------------------------------
    def resizeEvent(self, event) -> None:
        side = max(0, (self.width() - PAGE_WIDTH - self.verticalScrollBar().sizeHint().width()) // 2)
        self.setViewportMargins(side, 0, side, 0)
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint_quotes(painter, QRectF(event.rect()))
        finally:
            painter.end()

    def _paint_quotes(self, painter: QPainter, clip: QRectF) -> None:
        doc = self.document()
        layout = doc.documentLayout()
        dx, dy = -self.horizontalScrollBar().value(), -self.verticalScrollBar().value()
        base = doc.defaultFont()
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.78)
        sup = QFont(base)
        sup.setPointSizeF(base.pointSizeF() * 0.68)
        sup.setWeight(QFont.Weight.DemiBold)
        muted = self._color("muted", "#5f6670")
        accent = self._color("accent", "#2f6fdb")
        for number, span in enumerate(self.spans(), start=1):
            if not span.block:
                continue
            block = doc.findBlock(span.start)
            rect = layout.blockBoundingRect(block).translated(dx, dy)
            if rect.bottom() + CAPTION_SPACE < clip.top() or rect.top() > clip.bottom():
                continue
            lines = block.layout()
            if lines.lineCount() == 0:
                continue
            first, last = lines.lineAt(0), lines.lineAt(lines.lineCount() - 1)
            mark = self.marks[number - 1] if number - 1 < len(self.marks) else QuoteMark("pending")
            left = rect.left() + first.x() - 14
            painter.setPen(QPen(self.status_color(mark.status), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(left, rect.top() + first.y() + 3),
                             QPointF(left, rect.top() + last.y() + last.height() - 3))
            footnotes = self.citation_style != "inline"
            if footnotes:
                painter.setFont(sup)
                painter.setPen(accent)
                x = rect.left() + last.x() + last.naturalTextWidth() + 2
                painter.drawText(QPointF(x, rect.top() + last.y() + QFontMetricsF(sup).ascent()), str(number))
            caption = (f"{number}  {span.citation.text()}" if footnotes else f"({span.citation.text()})")
            painter.setFont(small)
            painter.setPen(muted)
            metrics = QFontMetricsF(small)
            width = max(40.0, rect.width() - first.x())
            text = metrics.elidedText(caption, Qt.TextElideMode.ElideMiddle, width)
            painter.drawText(QPointF(rect.left() + first.x(), rect.bottom() + 3 + metrics.ascent()), text)

    # -- typing -------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        cursor = self.textCursor()
        if self._is_edit(event) and not self.edit_allowed(cursor):
            self.edit_refused.emit("This part of the appendix comes from the archive: edit the Open questions "
                                   "column, or use Refresh from archive to bring statuses up to date.")
            event.accept()
            return
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and is_quote_block(cursor.block()):
            self._enter_in_quote(cursor)
            return
        if key == Qt.Key.Key_Backspace and plain and not cursor.hasSelection() and cursor.atBlockStart():
            if self._backspace_at_block_start(cursor):
                return
        if key == Qt.Key.Key_Delete and plain and not cursor.hasSelection() and cursor.atBlockEnd():
            if self._delete_at_block_end(cursor):
                return
        super().keyPressEvent(event)

    @staticmethod
    def _is_edit(event) -> bool:
        if event.key() in _EDIT_KEYS or any(event.matches(s) for s in _EDIT_SEQUENCES):
            return True
        text = event.text()
        return bool(text) and text.isprintable()

    def edit_allowed(self, cursor: QTextCursor) -> bool:
        """Typing or deleting here would not touch the appendix's read-only cells."""
        if not cursor.hasSelection():
            return not is_read_only(cursor)
        a, b = QTextCursor(cursor), QTextCursor(cursor)
        a.setPosition(cursor.selectionStart())
        b.setPosition(cursor.selectionEnd())
        ta, tb = appendix_table(a), appendix_table(b)
        if ta is None and tb is None:
            return True        # the whole appendix, if any, lies inside the selection: it may go
        if ta is None or tb is None or ta.firstPosition() != tb.firstPosition():
            return False
        ca, cb = ta.cellAt(a), ta.cellAt(b)
        return (ca.row(), ca.column()) == (cb.row(), cb.column()) and not is_read_only(a)

    def _enter_in_quote(self, cursor: QTextCursor) -> None:
        if cursor.hasSelection() or not cursor.atBlockEnd():
            cursor.insertText(LINE_BREAK)       # a new paragraph inside the quoted words
        else:
            cursor.insertBlock(block_format("body"), QTextCharFormat())
        self.setTextCursor(cursor)

    def _backspace_at_block_start(self, cursor: QTextCursor) -> bool:
        block = cursor.block()
        prev = block.previous()
        if not prev.isValid() or QTextCursor(prev).currentTable() is not None:
            return False
        if is_quote_block(block):
            if prev.length() <= 1 and not is_quote_block(prev):
                self._remove_empty_block_before(block)
            else:
                cursor.setPosition(prev.position() + prev.length() - 1)
                self.setTextCursor(cursor)
            return True
        if is_quote_block(prev) and block.length() > 1:
            # Joining would make the author's words part of the quotation.
            cursor.setPosition(prev.position() + prev.length() - 1)
            self.setTextCursor(cursor)
            return True
        return False

    def _delete_at_block_end(self, cursor: QTextCursor) -> bool:
        block = cursor.block()
        nxt = block.next()
        if not nxt.isValid() or QTextCursor(nxt).currentTable() is not None:
            return False
        if is_quote_block(nxt) and not is_quote_block(block):
            if block.length() <= 1:
                self._remove_empty_block_before(nxt)
            return True
        if is_quote_block(block) and nxt.length() > 1:
            return True
        return False

    def _remove_empty_block_before(self, block) -> None:
        fmt, char_fmt = block.blockFormat(), block.charFormat()
        c = QTextCursor(self.document())
        c.beginEditBlock()
        c.setPosition(block.previous().position())
        c.setPosition(block.position(), QTextCursor.MoveMode.KeepAnchor)
        c.removeSelectedText()
        c.setBlockFormat(fmt)        # the merged block would otherwise take the empty one's format
        c.setBlockCharFormat(char_fmt)
        c.endEditBlock()
        self.setTextCursor(c)

    def _on_cursor_moved(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            return
        fmt = cursor.charFormat()
        if fmt.property(P_INLINE) is not None or fmt.isAnchor():
            after = QTextCursor(cursor)
            after.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor)
            nxt = after.charFormat() if after.hasSelection() else QTextCharFormat()
            same = (fmt.property(P_INLINE) is not None and nxt.property(P_INLINE) == fmt.property(P_INLINE)) or \
                   (fmt.isAnchor() and nxt.isAnchor() and nxt.anchorHref() == fmt.anchorHref())
            if not same or cursor.atBlockEnd():
                # Text typed right after a quotation or link belongs to the author, not to it.
                self.setCurrentCharFormat(plain_format_at(fmt))
        index = self.quote_at(cursor.position())
        if index != self._last_quote:
            self._last_quote = index
            self.quote_clicked.emit(index)

    def quote_at(self, position: int) -> int:
        for i, span in enumerate(self.checked_spans()):
            if span.start <= position <= span.end:
                return i
        return -1

    # -- drag, drop, copy and paste ------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:
        data = super().createMimeDataFromSelection()
        token = uuid.uuid4().hex
        DraftTextEdit._clipboard = (token, self.textCursor().selection())
        data.setData(MIME_FRAGMENT, token.encode())
        return data

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasFormat(MIME_PASSAGE) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        cursor = self.textCursor()
        if not self.edit_allowed(cursor):
            self.edit_refused.emit("Paste into the Open questions column of the appendix, or outside it.")
            return
        if source.hasFormat(MIME_PASSAGE):
            ids = [i.strip() for i in bytes(source.data(MIME_PASSAGE)).decode("utf-8", "replace").split()
                   if i.strip()]
            if ids:
                self.passages_dropped.emit(ids, cursor.position())
            return
        clip = DraftTextEdit._clipboard
        if source.hasFormat(MIME_FRAGMENT) and clip is not None \
                and bytes(source.data(MIME_FRAGMENT)).decode() == clip[0]:
            if appendix_table(cursor) is not None:
                cursor.insertText(clip[1].toPlainText(), plain_format_at(cursor.charFormat()))
            else:
                cursor.insertFragment(clip[1])    # keeps quotations and their citations
            self.setTextCursor(cursor)
            return
        if source.hasHtml() and appendix_table(cursor) is None:
            scratch = QTextDocument()
            scratch.setHtml(source.html())
            paragraphs = [b for b in read_blocks(scratch) if isinstance(b, Paragraph)]
            cursor.beginEditBlock()
            cursor.removeSelectedText()
            insert_paragraphs(cursor, paragraphs)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
            return
        if source.hasText():
            cursor.insertText(source.text().replace("\r\n", "\n"), plain_format_at(cursor.charFormat()))
            self.setTextCursor(cursor)

    def dragMoveEvent(self, event) -> None:
        target = self.cursorForPosition(event.position().toPoint())
        if is_read_only(target):
            event.ignore()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if event.source() is self and not self.edit_allowed(self.textCursor()):
            # Text dragged out of the appendix's read-only cells is copied, never moved out of them.
            target = self.cursorForPosition(event.position().toPoint())
            target.insertText(event.mimeData().text(), plain_format_at(target.charFormat()))
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        super().dropEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if not self.edit_allowed(self.textCursor()):
            for act in menu.actions():
                if act.objectName() in ("edit-cut", "edit-paste", "edit-delete"):
                    act.setEnabled(False)
        menu.exec(event.globalPos())
        menu.deleteLater()


def citation_at(edit: DraftTextEdit, index: int) -> Citation | None:
    spans = edit.spans()
    return spans[index].citation if 0 <= index < len(spans) else None


def select_quote(edit: DraftTextEdit, index: int) -> None:
    """Put the caret at the start of a quotation and bring it into view."""
    spans = edit.checked_spans()
    if 0 <= index < len(spans):
        c = QTextCursor(edit.document())
        c.setPosition(spans[index].start)
        edit.setTextCursor(c)
        edit.ensureCursorVisible()
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
