"""Pointer gestures on the page strip: drag and double-click selection, clicks on highlights, tooltips, menu."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QToolTip


class PointerGestures:
    """Mouse handling for PageCanvas (a mixin, so the canvas file keeps to layout, paint and state)."""

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.sizes:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = event.position()
        page = self._page_at(self._to_content(pos).y())
        text = self.text(page)
        word = text.word_at(self._page_point(page, pos), nearest=True) if text.words else None
        self._press = (page, word, pos)
        self._dragging = False

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._press is None:
            self._update_cursor(pos)
            return
        if not self._dragging:
            if (pos - self._press[2]).manhattanLength() < QApplication.startDragDistance():
                return
            self._dragging = True
        self._last_drag_pos = pos
        self._drag_to(pos)
        outside = pos.y() < 0 or pos.y() > self.viewport().height()
        if outside and not self._autoscroll.isActive():
            self._autoscroll.start()
        elif not outside:
            self._autoscroll.stop()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        self._autoscroll.stop()
        if self._dragging:
            self._drag_to(event.position())
            self._press, self._dragging = None, False
            self._announce()
            return
        self._press = None
        hit = self.highlight_at(event.position())
        self.clear_selection()
        if hit is not None and hit.key:
            self.highlight_clicked.emit(hit.key)

    def mouseDoubleClickEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.sizes:
            return
        self._press = None
        pos = event.position()
        page = self._page_at(self._to_content(pos).y())
        text = self.text(page)
        word = text.word_at(self._page_point(page, pos)) if text.words else None
        if word is not None:
            self.set_selection(page, *text.word_span(word, word))

    def _drag_to(self, pos: QPointF) -> None:
        if self._press is None or self._press[1] is None:
            return
        page, first, _ = self._press
        text = self.text(page)
        here = self._page_at(self._to_content(pos).y())
        other = self.text(here) if here != page else text
        if here != page and other.words:
            # Dragged on to another page: one selection across the page break.
            word = other.word_at(self._page_point(here, pos), nearest=True)
            if here > page:
                self.set_selection(page, text.words[first][0], other.words[word][1], announce=False,
                                   end_page=here)
            else:
                self.set_selection(here, other.words[word][0], text.words[first][1], announce=False,
                                   end_page=page)
            return
        if here > page:
            word = len(text.words) - 1
        elif self._to_content(pos).y() < self._page_rect(page).top():
            word = 0
        else:
            word = text.word_at(self._page_point(page, pos), nearest=True)
        start, end = text.word_span(first, word)
        self.set_selection(page, start, end, announce=False)

    @Slot()
    def _on_autoscroll_tick(self) -> None:
        pos = self._last_drag_pos
        h = self.viewport().height()
        delta = pos.y() if pos.y() < 0 else pos.y() - h if pos.y() > h else 0
        if not delta or self._press is None:
            self._autoscroll.stop()
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + round(max(-80, min(80, delta))))
        self._drag_to(pos)

    def _update_cursor(self, pos: QPointF) -> None:
        if not self.sizes:
            return
        c = self._to_content(pos)
        page = self._page_at(c.y())
        cursor = Qt.CursorShape.ArrowCursor
        if self._page_rect(page).contains(c):
            hit = self.highlight_at(pos)
            if hit is not None and hit.key:
                cursor = Qt.CursorShape.PointingHandCursor
            elif page in self._texts and self._texts[page].word_at(self._page_point(page, pos)) is not None:
                cursor = Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(cursor)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hit = self.highlight_at(QPointF(event.pos()))
            if hit is not None and hit.tooltip:
                QToolTip.showText(event.globalPos(), hit.tooltip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = QMenu(self)
        copy = menu.addAction("Copy", self.copy_selection)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setEnabled(self._selection is not None)
        menu.addAction("Select page text", self.select_page_text)
        if self.selection_actions:
            menu.addSeparator()
            for action in self.selection_actions:
                menu.addAction(action)
        menu.exec(event.globalPos())
