"""A drawn timeline: a time axis of years and months, one lane per party or thread, passages as coloured markers.

Zooming re-lays the markers out at a new number of pixels per day (so text, dots and arrows keep their
shape); panning is plain scrolling. Partial dates are drawn as spans over their month or year."""
from __future__ import annotations

import datetime

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView, QToolTip, QWidget

from .items import (AXIS_H, DOT, LABEL_W, LANE_PAD, MAX_PPD, MAX_ROWS, MIN_PPD, MONTHS, RELATION_STYLES,
                             ROW_H, LinkItem, MarkerItem, event_span, lane_keys)

class TimelineView(QGraphicsView):
    """The drawn timeline; set_timeline() takes app.timeline.build()'s dict.

    The axis and the lane names live in the view's margins (plain widgets), so panning scrolls the
    drawn pixels and repaints only the strip that comes into view."""

    marker_clicked = Signal(str)       # passage id
    zoom_changed = Signal(float)       # pixels per day

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setViewportMargins(LABEL_W, AXIS_H, 0, 0)
        self.setAccessibleName("Timeline")
        self.axis = _Axis(self)
        self.lane_labels = _LaneLabels(self)
        self.corner = _Corner(self)
        self.mode = "party"
        self.ppd = 1.0
        self.origin = 0
        self.span = (0, 0)
        self.lanes: list[tuple[str, float, float]] = []      # name, top, height (scene y)
        self.markers: list[MarkerItem] = []
        self.links: list[LinkItem] = []
        self._by_id: dict[str, MarkerItem] = {}
        self._lane_members: dict[str, list[MarkerItem]] = {}
        self._press: tuple[QPointF, MarkerItem | None] | None = None
        self._fitted = False
        self._auto_fit = True       # the zoom is the fitted one, not the user's: a resize fits again
        self._wheel_factor, self._wheel_x = 1.0, 0.0
        self._wheel_timer = QTimer(self, singleShot=True, interval=25)
        self._wheel_timer.timeout.connect(self._on_wheel_timer_timeout)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    # -- content -------------------------------------------------------------------------------------------------
    def set_timeline(self, timeline: dict, mode: str = "party") -> None:
        """Replace what is drawn; the zoom is kept (fit to the view the first time)."""
        scene = self.scene()
        scene.clear()
        self.markers, self.links, self._by_id, self.lanes, self._lane_members = [], [], {}, [], {}
        self.mode = mode
        spans = []
        for e in timeline["events"]:
            s = event_span(e)
            if s is not None:
                spans.append((e, s))
        if not spans:
            self.span = (0, 0)
            scene.setSceneRect(QRectF(0, 0, 10, 10))
            self._update_overlays()
            self.viewport().update()
            return
        self.span = (min(s[0] for _e, s in spans), max(s[1] for _e, s in spans))
        # Lanes in order of each one's first passage; catch-all lanes go last.
        first_seen: dict[str, int] = {}
        for e, (a, _b) in spans:
            for key in lane_keys(e, mode):
                first_seen[key] = min(first_seen.get(key, a), a)
        catch_all = ("No thread", "Unattributed")
        names = sorted(first_seen, key=lambda k: (k in catch_all, first_seen[k], k.lower()))
        self._lane_members = {n: [] for n in names}
        for e, (a, b) in spans:
            for key in lane_keys(e, mode):
                m = MarkerItem(e, a, b, key)
                scene.addItem(m)
                self.markers.append(m)
                self._lane_members[key].append(m)
                self._by_id.setdefault(e["passage_id"], m)
        for e, _s in spans:
            src = self._by_id.get(e["passage_id"])
            for ln in e.get("links", []):
                dst = self._by_id.get(ln["passage_id"])
                if ln["direction"] == "out" and dst is not None and dst is not src:
                    item = LinkItem(src, dst, ln["relation"])
                    scene.addItem(item)
                    self.links.append(item)
        if not self._fitted:
            self.fit()
        else:
            self.relayout()
        # New lanes: start at the top, where links to the first lane bow above it.
        self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def scene_x(self, day: float) -> float:
        return (day - self.origin) * self.ppd

    def relayout(self) -> None:
        """Place every marker for the current pixels-per-day; lanes grow rows where markers would overlap."""
        lo, hi = self.span
        if not self.markers:
            return
        self.origin = lo - 30
        ppd = self.ppd
        y = 0.0
        self.lanes = []
        for name, members in self._lane_members.items():
            members.sort(key=lambda m: (m.first, m.last))
            row_ends: list[float] = []
            placed = []
            for m in members:
                x0 = (m.first - self.origin) * ppd
                if m.first == m.last:
                    w = float(DOT)
                    x0 -= DOT / 2 - ppd / 2
                else:
                    w = max(float(DOT), (m.last + 1 - m.first) * ppd)
                row = next((r for r, end in enumerate(row_ends) if end + 3 <= x0), None)
                if row is None:
                    if len(row_ends) < MAX_ROWS:
                        row = len(row_ends)
                        row_ends.append(0.0)
                    else:
                        row = min(range(len(row_ends)), key=row_ends.__getitem__)
                row_ends[row] = max(row_ends[row], x0 + w)
                placed.append((m, x0, row, w))
            height = max(1, len(row_ends)) * ROW_H + 2 * LANE_PAD
            for m, x0, row, w in placed:
                m.set_geometry(x0, y + LANE_PAD + row * ROW_H + ROW_H / 2, w)
            self.lanes.append((name, y, height))
            y += height
        for link in self.links:
            link.update_geometry()
        self.scene().setSceneRect(QRectF(0, -30, (hi + 60 - self.origin) * ppd, y + 54))
        self._update_overlays()
        self.viewport().update()

    # -- zoom and navigation ---------------------------------------------------------------------------------------
    def fit(self) -> None:
        lo, hi = self.span
        avail = max(200, self.viewport().width() - 10)
        self.ppd = min(MAX_PPD, max(MIN_PPD, avail / max(1, hi - lo + 60)))
        self._fitted = True
        self._auto_fit = True
        self.relayout()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.zoom_changed.emit(self.ppd)

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom the time axis, keeping the day under anchor_x (viewport pixels) where it is."""
        if not self.markers:
            return
        anchor_x = self.viewport().width() / 2 if anchor_x is None else anchor_x
        day = self.day_at(anchor_x)
        new = min(MAX_PPD, max(MIN_PPD, self.ppd * factor))
        if abs(new - self.ppd) < 1e-9:
            return
        self.ppd = new
        self._auto_fit = False
        self.relayout()
        bar = self.horizontalScrollBar()
        bar.setValue(round(self.scene_x(day) - anchor_x + (bar.value() - self.mapToScene(0, 0).x())))
        self.zoom_changed.emit(self.ppd)

    def day_at(self, viewport_x: float) -> float:
        """The day (ordinal, fractional) under a viewport x."""
        return self.mapToScene(round(viewport_x), 0).x() / self.ppd + self.origin

    def viewport_x(self, day: float) -> float:
        return self.mapFromScene(QPointF(self.scene_x(day), 0)).x()

    def marker_for(self, pid: str) -> MarkerItem | None:
        return self._by_id.get(pid)

    def select(self, pid: str | None, centre: bool = False) -> None:
        for m in self.markers:
            if m.chosen != (m.passage_id == pid):
                m.chosen = m.passage_id == pid
                m.update()
        m = self._by_id.get(pid) if pid else None
        if m is not None and centre:
            self.centerOn(m)

    # -- events ----------------------------------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)   # Shift+wheel scrolls through the lanes
            return
        steps = event.angleDelta().y() / 120
        if steps:
            # A fast wheel sends many events; lay out once for all of them.
            self._wheel_factor *= 1.25 ** steps
            self._wheel_x = event.position().x()
            self._wheel_timer.start()
        event.accept()

    def _on_wheel_timer_timeout(self) -> None:
        factor, self._wheel_factor = self._wheel_factor, 1.0
        self.zoom_by(factor, self._wheel_x)

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        self._press = (event.position(), item if isinstance(item, MarkerItem) else None)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        if not event.buttons():
            over = isinstance(self.itemAt(event.position().toPoint()), MarkerItem)
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.OpenHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or press[1] is None:
            return
        if (event.position() - press[0]).manhattanLength() < QApplication.startDragDistance():
            self.select(press[1].passage_id)
            self.marker_clicked.emit(press[1].passage_id)

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            item = self.itemAt(event.pos())
            if isinstance(item, MarkerItem):
                QToolTip.showText(event.globalPos(), item.tooltip(), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_overlays()
        # Fitted while the panel was still narrow (or hidden): fit the width it has now, unless the
        # user has zoomed since.
        # (Not for a scroll bar coming or going: that is a few pixels.)
        resized = abs(event.size().width() - event.oldSize().width()) > 40
        if self.markers and (not self._fitted or (self._auto_fit and resized)):
            self.fit()

    def _on_scrolled(self, _value: int) -> None:
        self.axis.update()
        self.lane_labels.update()

    def _update_overlays(self) -> None:
        vp = self.viewport().geometry()
        self.axis.setGeometry(vp.left(), vp.top() - AXIS_H, vp.width(), AXIS_H)
        self.lane_labels.setGeometry(vp.left() - LABEL_W, vp.top(), LABEL_W, vp.height())
        self.corner.setGeometry(vp.left() - LABEL_W, vp.top() - AXIS_H, LABEL_W, AXIS_H)
        self.axis.update()
        self.lane_labels.update()
        self.corner.update()

    # -- painting ----------------------------------------------------------------------------------------------------
    def ticks(self, left_day: float, right_day: float) -> tuple[list, list]:
        """(major, minor) ticks as (ordinal, label) for a range of days at this zoom."""
        a = datetime.date.fromordinal(max(1, int(left_day) - 1))
        b = datetime.date.fromordinal(max(2, int(right_day) + 2))
        per_year = self.ppd * 365
        major, minor = [], []
        if per_year < 70:
            step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if per_year * s >= 70)
            for year in range(a.year - a.year % step, b.year + 1, step):
                major.append((datetime.date(year, 1, 1).toordinal(), str(year)))
            return major, minor
        for year in range(a.year, b.year + 1):
            major.append((datetime.date(year, 1, 1).toordinal(), str(year)))
            for month in range(2, 13):
                minor.append((datetime.date(year, month, 1).toordinal(),
                              MONTHS[month - 1] if self.ppd * 30 >= 34 else ""))
        if self.ppd >= 14:
            day = a
            while day <= b:
                if day.day in (8, 15, 22):
                    minor.append((day.toordinal(), str(day.day)))
                day += datetime.timedelta(days=1)
        return major, minor

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        pal = self.palette()
        painter.fillRect(rect, pal.color(QPalette.ColorRole.Base))
        alt = pal.color(QPalette.ColorRole.AlternateBase)
        for i, (_name, top, height) in enumerate(self.lanes):
            if i % 2 and top < rect.bottom() and top + height > rect.top():
                painter.fillRect(QRectF(rect.left(), top, rect.width(), height), alt)
        if not self.markers:
            return
        grid = QColor(pal.color(QPalette.ColorRole.Mid))
        major, minor = self.ticks(rect.left() / self.ppd + self.origin, rect.right() / self.ppd + self.origin)
        for ticks, alpha in ((minor, 50), (major, 130)):
            grid.setAlpha(alpha)
            painter.setPen(QPen(grid, 0))
            for day, _label in ticks:
                x = self.scene_x(day)
                painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def drawForeground(self, painter: QPainter, _rect: QRectF) -> None:
        if self.markers:
            return
        painter.save()
        painter.resetTransform()
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRectF(self.viewport().rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         "No dated passages match these filters.\nTag passages in letters, or change the filters.")
        painter.restore()


class _Margin(QWidget):
    def __init__(self, view: TimelineView):
        super().__init__(view)
        self.view = view
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)


class _Axis(_Margin):
    """Years (bold) and months above the timeline, following the horizontal scroll."""

    def paintEvent(self, _event) -> None:
        view = self.view
        p = QPainter(self)
        pal = self.palette()
        line = pal.color(QPalette.ColorRole.Mid)
        h = self.height()
        p.setPen(QPen(line, 1))
        p.drawLine(QPointF(0, h - 0.5), QPointF(self.width(), h - 0.5))
        if view.markers:
            major, minor = view.ticks(view.day_at(0), view.day_at(self.width()))
            small = QFont(self.font())
            small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(small)
            muted = pal.color(QPalette.ColorRole.PlaceholderText)
            for day, label in minor:
                x = view.viewport_x(day)
                p.setPen(QPen(line, 1))
                p.drawLine(QPointF(x, h - 7), QPointF(x, h))
                if label:
                    p.setPen(muted)
                    p.drawText(QPointF(x + 3, h - 10), label)
            p.setFont(bold)
            for day, label in major:
                x = view.viewport_x(day)
                p.setPen(QPen(pal.color(QPalette.ColorRole.WindowText), 1.2))
                p.drawLine(QPointF(x, h - 16), QPointF(x, h))
                p.drawText(QPointF(x + 4, 18), label)
        p.end()


class _LaneLabels(_Margin):
    """Lane names at the left, following the vertical scroll."""

    def paintEvent(self, _event) -> None:
        view = self.view
        p = QPainter(self)
        pal = self.palette()
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(QPointF(self.width() - 0.5, 0), QPointF(self.width() - 0.5, self.height()))
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        metrics = p.fontMetrics()
        for name, top, height in view.lanes:
            y = view.mapFromScene(QPointF(0, top)).y()
            if y + height < 0 or y > self.height():
                continue
            box = QRectF(10, y, self.width() - 16, min(height, ROW_H + 2 * LANE_PAD))
            p.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(box.width())))
        p.end()


class _Corner(_Margin):
    """What the lanes are: parties or threads."""

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(QPointF(0, self.height() - 0.5), QPointF(self.width(), self.height() - 0.5))
        p.drawLine(QPointF(self.width() - 0.5, 0), QPointF(self.width() - 0.5, self.height()))
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawText(QRectF(10, 0, self.width() - 16, self.height()), Qt.AlignmentFlag.AlignVCenter,
                   "Threads" if self.view.mode == "thread" else "Said by")
        p.end()


__all__ = ["TimelineView", "MarkerItem", "LinkItem", "DOT", "LABEL_W", "RELATION_STYLES", "event_span",
           "lane_keys"]
