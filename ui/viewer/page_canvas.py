"""The scrolling surface that lays out every page of a document, paints what is rendered and selects text."""
from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import QAbstractScrollArea

from app.correspondence import page_source
from app.library import page_layout
from app.viewer_data import page_sizes

from .gestures import PointerGestures
from .marks import CURRENT_SEARCH_COLOR, SEARCH_COLOR, Highlight, PageText, Selection
from .painting import paint_pages
from .render import PageRenderer, RenderJob, RenderKey

GAP = 14                     # pixels between pages
MARGIN = 16                  # pixels around the pages
PX_PER_PT = 96 / 72          # zoom 1.0 shows a page at its printed size on a 96 dpi screen
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
RENDER_DELAY_MS = 30         # coalesces bursts of scroll and zoom events into one render request


class PageCanvas(PointerGestures, QAbstractScrollArea):
    """All pages of one document in a continuous vertical strip; only pages in view are ever rendered."""

    selection_changed = Signal(str, int, int, int, str)
    highlight_clicked = Signal(str)
    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    page_rendered = Signal(int)

    def __init__(self, archive, doc_id: str, renderer: PageRenderer | None = None, parent=None):
        super().__init__(parent)
        self.archive = archive
        self.doc_id = doc_id
        self.sizes = page_sizes(archive, doc_id)
        self.path = str(page_source(archive, doc_id))
        self.renderer = renderer or PageRenderer.shared()
        self._texts: dict[int, PageText] = {}
        self._zoom = 1.0
        self._fit = True
        self._tops: list[float] = []
        self._content = (0.0, 0.0)
        self._highlights: dict[int, list[Highlight]] = {}
        self._hits: list[tuple[int, int, int]] = []
        self.hit_index = -1
        self._selection: Selection | None = None
        self._announced: Selection | None = None
        self._press: tuple[int, int | None, QPointF] | None = None   # page, word, viewport position
        self._dragging = False
        self._last_drag_pos = QPointF()
        self._pending_goto: tuple | None = None
        self._placed: tuple | None = None      # the last go_to, until the reader scrolls or zooms
        self._relaying = False
        self._current_page = 1
        self._jumping = False
        self._wheel_accum = 0
        self.selection_actions: list = []

        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)
        self._render_timer = QTimer(self, singleShot=True, interval=RENDER_DELAY_MS)
        self._render_timer.timeout.connect(self._request_renders)
        self._autoscroll = QTimer(self, interval=30)
        self._autoscroll.timeout.connect(self._on_autoscroll_tick)
        self.renderer.page_rendered.connect(self._on_renderer_page_rendered)
        self.renderer.page_failed.connect(self._on_renderer_page_failed)
        self._relayout()

    # -- geometry -------------------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def page_count(self) -> int:
        return len(self.sizes)

    def _scale(self) -> float:
        return self._zoom * PX_PER_PT

    def _fit_zoom(self) -> float:
        widest = max((s.width for s in self.sizes), default=595.0)
        avail = max(self.viewport().width() - 2 * MARGIN, 50)
        return min(max(avail / (widest * PX_PER_PT), MIN_ZOOM), MAX_ZOOM)

    def _relayout(self, anchor: QPointF | None = None) -> None:
        """Recompute page positions for the zoom, keeping the page point under anchor (viewport) in place."""
        self._relaying = True
        try:
            self._relayout_keeping(anchor)
        finally:
            self._relaying = False

    def _relayout_keeping(self, anchor: QPointF | None) -> None:
        keep = self._anchor(anchor if anchor is not None else QPointF(0, 0)) if self._tops else None
        if self._fit:
            self._zoom = self._fit_zoom()
        s = self._scale()
        self._tops, y = [], float(MARGIN)
        for size in self.sizes:
            self._tops.append(y)
            y += size.height * s + GAP
        widest = max((size.width * s for size in self.sizes), default=0.0)
        self._content = (widest + 2 * MARGIN, y - GAP + MARGIN)
        vp = self.viewport()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, round(self._content[1] - vp.height())))
        vbar.setPageStep(max(vp.height() - 40, 40))
        hbar.setRange(0, max(0, round(self._content[0] - vp.width())))
        hbar.setPageStep(vp.width())
        if keep is not None:
            page, fx, fy = keep
            r = self._page_rect(page)
            target = QPointF(r.left() + fx * r.width(), r.top() + fy * r.height())
            a = anchor if anchor is not None else QPointF(0, 0)
            hbar.setValue(round(target.x() - a.x()))
            vbar.setValue(round(target.y() - a.y()))
        self.viewport().update()
        self._schedule_render()

    def _anchor(self, pos: QPointF) -> tuple[int, float, float]:
        """(page, x fraction, y fraction) of the content under a viewport position."""
        c = self._to_content(pos)
        page = self._page_at(c.y())
        r = self._page_rect(page)
        return page, (c.x() - r.left()) / max(r.width(), 1), (c.y() - r.top()) / max(r.height(), 1)

    def _page_rect(self, page: int) -> QRectF:
        """Page rectangle in content coordinates (1-based page)."""
        size = self.sizes[page - 1]
        s = self._scale()
        w = size.width * s
        x = max(MARGIN, (max(self.viewport().width(), self._content[0]) - w) / 2)
        return QRectF(x, self._tops[page - 1], w, size.height * s)

    def _offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _to_content(self, pos: QPointF) -> QPointF:
        return pos + self._offset()

    def _page_at(self, content_y: float) -> int:
        """The page at (or, in a gap, just above) a content y."""
        return max(1, bisect.bisect_right(self._tops, content_y))

    def visible_pages(self) -> range:
        if not self.sizes:
            return range(0)
        top = self.verticalScrollBar().value()
        first = self._page_at(top)
        last = self._page_at(top + self.viewport().height())
        return range(first, last + 1)

    def text(self, page: int) -> PageText:
        """Text and word boxes of a page, read when first needed."""
        t = self._texts.get(page)
        if t is None:
            t = PageText(page_layout(self.archive, self.doc_id, page), self.sizes[page - 1])
            self._texts[page] = t
        return t

    def _page_point(self, page: int, pos: QPointF) -> QPointF:
        """Viewport position → displayed page points on page."""
        r = self._page_rect(page)
        c = self._to_content(pos)
        s = self._scale()
        return QPointF((c.x() - r.left()) / s, (c.y() - r.top()) / s)

    def page_viewport_rect(self, page: int) -> QRectF:
        return self._page_rect(page).translated(-self._offset())

    def span_viewport_rects(self, page: int, start: int, end: int) -> list[QRectF]:
        """Where text[start:end] of a page is drawn, in viewport coordinates."""
        r = self.page_viewport_rect(page)
        s = self._scale()
        return [QRectF(r.left() + q.left() * s, r.top() + q.top() * s, q.width() * s, q.height() * s)
                for q in self.text(page).span_rects(start, end)]

    # -- navigation and zoom ---------------------------------------------------------------------------------
    def current_page(self) -> int:
        return self._current_page

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        if not self._fit and abs(zoom - self._zoom) < 1e-6:
            return
        self._placed = None
        self._fit = False
        self._zoom = zoom
        self._relayout(anchor if anchor is not None else QPointF(self.viewport().width() / 2, 0))
        self.zoom_changed.emit(self._zoom)

    def zoom_by_steps(self, steps: int, anchor: QPointF | None = None) -> None:
        z = self._zoom
        for _ in range(abs(steps)):
            if steps > 0:
                z = next((v for v in ZOOM_STEPS if v > z + 1e-3), MAX_ZOOM)
            else:
                z = next((v for v in reversed(ZOOM_STEPS) if v < z - 1e-3), MIN_ZOOM)
        self.set_zoom(z, anchor)

    def fit_width(self) -> None:
        self._fit = True
        self._relayout(QPointF(self.viewport().width() / 2, 0))
        self.zoom_changed.emit(self._zoom)

    def go_to(self, page: int, start: int | None = None, end: int | None = None) -> None:
        if not 1 <= page <= self.page_count:
            raise ValueError(f"page {page} does not exist: the document has {self.page_count} page(s)")
        if not self.isVisible():
            self._pending_goto = (page, start, end)
            return
        self._pending_goto = None
        self._placed = (page, start, end)
        vp = self.viewport()
        r = self._page_rect(page)
        rects = self.span_viewport_rects(page, start, end) if start is not None and end is not None else []
        self._jumping = True
        try:
            if rects:
                span = rects[0]
                for q in rects[1:]:
                    span = span.united(q)
                span.translate(self._offset())
                self.verticalScrollBar().setValue(round(span.center().y() - vp.height() / 2))
                self.horizontalScrollBar().setValue(round(span.center().x() - vp.width() / 2))
            else:
                self.verticalScrollBar().setValue(round(r.top() - GAP / 2))
        finally:
            self._jumping = False
        # The page asked for is the current page, even when it is too short to reach the reading line.
        self._set_current_page(page)

    def _update_current_page(self) -> None:
        if self._jumping or not self.sizes:
            return
        if not self._relaying:
            self._placed = None     # the reader moved
        # The page a reader is on: the one under a line a third of the way down the view.
        page = self._page_at(self.verticalScrollBar().value() + self.viewport().height() / 3)
        self._set_current_page(min(page, self.page_count))

    def _set_current_page(self, page: int) -> None:
        if page != self._current_page:
            self._current_page = page
            self.current_page_changed.emit(page)

    # -- highlights, search hits, selection ------------------------------------------------------------------
    def set_highlights(self, highlights: list[Highlight]) -> None:
        self._highlights = {}
        for h in highlights:
            self._highlights.setdefault(h.page, []).append(h)
        self.viewport().update()

    def highlights(self) -> list[Highlight]:
        return [h for hs in self._highlights.values() for h in hs]

    def set_search_hits(self, hits: list[tuple[int, int, int]]) -> None:
        for page, start, end in hits:
            if not 1 <= page <= self.page_count or not 0 <= start < end:
                raise ValueError(f"search match page {page}, {start}–{end} is not in this document")
        self._hits = sorted(hits)
        self.hit_index = 0 if self._hits else -1
        self.viewport().update()

    def search_hits(self) -> list[tuple[int, int, int]]:
        return list(self._hits)

    def show_hit(self, index: int) -> None:
        self.hit_index = index
        page, start, end = self._hits[index]
        self.go_to(page, start, end)
        self.viewport().update()

    def selection(self) -> Selection | None:
        return self._selection

    def set_selection(self, page: int, start: int, end: int, announce: bool = True,
                      end_page: int | None = None) -> None:
        """Select from text[start] of a page to text[end] of end_page (the same page when None;
        start == end there clears); announce=False while a drag goes on."""
        last = end_page or page
        if last == page and start >= end:
            self.clear_selection()
            return
        for p in (page, last):
            if not 1 <= p <= self.page_count:
                raise ValueError(f"page {p} does not exist: the document has {self.page_count} page(s)")
        if last < page:
            raise ValueError(f"a selection cannot end on page {last}, before page {page} where it starts")
        first_text, last_text = self.text(page).text, self.text(last).text
        if not 0 <= start <= len(first_text) or not 0 <= end <= len(last_text) or (last == page and end < start):
            raise ValueError(f"selection {start}–{end} is outside the text of page {page}"
                             + (f" to {last}" if last != page else f" ({len(first_text)} characters)"))
        if last == page:
            new = Selection(self.doc_id, page, start, end, first_text[start:end])
        else:
            pieces = [(p, start if p == page else 0, end if p == last else len(self.text(p).text))
                      for p in range(page, last + 1)]
            pieces = tuple(piece for piece in pieces if piece[2] > piece[1])
            text = "\n".join(self.text(p).text[a:b] for p, a, b in pieces)
            new = Selection(self.doc_id, page, start, end, text, last, pieces)
        if new != self._selection:
            self._selection = new
            self.viewport().update()
        if announce:
            self._announce()

    @Slot()
    def clear_selection(self) -> None:
        if self._selection is not None:
            self._selection = None
            self.viewport().update()
        self._announce()

    def _announce(self) -> None:
        """Tell listeners about the selection once it settles (not on every mouse move of a drag)."""
        if self._selection == self._announced:
            return
        old, self._announced = self._announced, self._selection
        if self._selection is None:
            self.selection_changed.emit(self.doc_id, old.page, 0, 0, "")
        else:
            sel = self._selection
            self.selection_changed.emit(self.doc_id, sel.page, sel.start, sel.end, sel.text)

    @Slot()
    def copy_selection(self) -> None:
        if self._selection is not None:
            QGuiApplication.clipboard().setText(self._selection.text)

    @Slot()
    def select_page_text(self) -> None:
        if not self.sizes:
            return
        page = self._current_page
        text = self.text(page)
        if text.words:
            self.set_selection(page, text.words[0][0], text.words[-1][1])

    def highlight_at(self, pos: QPointF) -> Highlight | None:
        if not self.sizes:
            return None
        page = self._page_at(self._to_content(pos).y())
        if not self._page_rect(page).contains(self._to_content(pos)):
            return None
        found = [h for h in self._highlights.get(page, ())
                 if any(r.contains(pos) for r in self.span_viewport_rects(page, h.start, h.end))]
        # The narrowest span wins where highlights overlap, so short passages inside long ones stay clickable.
        return min(found, key=lambda h: h.end - h.start) if found else None

    # -- rendering -------------------------------------------------------------------------------------------
    def _render_scale(self) -> int:
        return max(1, round(self._scale() * self.viewport().devicePixelRatioF() * 100))

    def render_key(self, page: int) -> RenderKey:
        return RenderKey(self.doc_id, page, self._render_scale())

    def _schedule_render(self) -> None:
        self._render_timer.start()

    @Slot()
    def _request_renders(self) -> None:
        if not self.isVisible():
            self.renderer.cancel(self)
            return
        pages = list(self.visible_pages())
        if not pages:
            return
        ahead = [p for p in (pages[-1] + 1, pages[0] - 1) if 1 <= p <= self.page_count]
        self.renderer.request(self, [RenderJob(self.render_key(p), self.path) for p in pages + ahead])

    @Slot(object)
    def _on_renderer_page_rendered(self, key: RenderKey) -> None:
        if key.doc_id == self.doc_id:
            if key.page in self.visible_pages():
                self.viewport().update()
            self.page_rendered.emit(key.page)

    @Slot(object, str)
    def _on_renderer_page_failed(self, key: RenderKey, _reason: str) -> None:
        if key.doc_id == self.doc_id:
            self.viewport().update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        try:
            paint_pages(self, painter, event.rect())
        finally:
            painter.end()

    def current_hit(self) -> tuple[int, int, int] | None:
        return self._hits[self.hit_index] if 0 <= self.hit_index < len(self._hits) else None

    def overlays(self, page: int) -> list[tuple[QRectF, QColor, bool]]:
        """What to draw over a page: (viewport rect, colour, is the current search match)."""
        out = []
        for h in self._highlights.get(page, ()):
            for r in self.span_viewport_rects(page, h.start, h.end):
                out.append((r, h.color, False))
        current = self.current_hit()
        for hit in self._hits:
            if hit[0] == page:
                is_current = hit == current
                for r in self.span_viewport_rects(page, hit[1], hit[2]):
                    out.append((r, CURRENT_SEARCH_COLOR if is_current else SEARCH_COLOR, is_current))
        return out

    # -- events ----------------------------------------------------------------------------------------------
    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()
        self._update_current_page()
        self._schedule_render()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._placed is not None and self.isVisible():
            # Opened at a place (a search hit, a passage) and not moved from since: the panes
            # settling around a document just opened keep it there. (Keeping the point at the top
            # edge would not: a hit is centred, and the top edge may be on the page before.)
            self._relayout()
            self.go_to(*self._placed)
        else:
            self._relayout(QPointF(self.viewport().width() / 2, 0))
        if self._fit:
            self.zoom_changed.emit(self._zoom)
        if self._pending_goto and self.isVisible():
            self.go_to(*self._pending_goto)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending_goto:
            self.go_to(*self._pending_goto)
        self._schedule_render()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.renderer.cancel(self)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.viewport().update()
        super().changeEvent(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._wheel_accum += event.angleDelta().y()
            steps = int(self._wheel_accum / 120)
            if steps:
                self._wheel_accum -= steps * 120
                self.zoom_by_steps(steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_page_text()
        elif event.key() == Qt.Key.Key_Escape and self._selection is not None:
            self.clear_selection()
        elif event.key() == Qt.Key.Key_Home:
            self.verticalScrollBar().setValue(0)
        elif event.key() == Qt.Key.Key_End:
            self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())
        elif event.key() == Qt.Key.Key_Space:
            self.verticalScrollBar().triggerAction(
                self.verticalScrollBar().SliderAction.SliderPageStepSub
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                else self.verticalScrollBar().SliderAction.SliderPageStepAdd)
        else:
            super().keyPressEvent(event)

    def background_color(self) -> QColor:
        window = self.palette().color(QPalette.ColorRole.Window)
        return window.darker(112) if window.lightness() > 128 else window.darker(135)

