"""A drawn timeline: a time axis of years and months, one lane per party or thread, passages as coloured markers.

Zooming re-lays the markers out at a new number of pixels per day (so text, dots and arrows keep their
shape); panning is plain scrolling. Partial dates are drawn as spans over their month or year."""
from __future__ import annotations

import datetime
import html
import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene, QGraphicsView, QToolTip

from archive.dates import DateError, PartialDate

from .highlights import KIND_LABELS, STATUS_COLORS, STATUS_LABELS, human_date, kind_color

AXIS_H = 46            # pixels at the top of the view for the axis (drawn over the scene)
LABEL_W = 168          # pixels at the left for lane names (drawn over the scene)
ROW_H = 22             # one row of markers inside a lane
LANE_PAD = 8
MAX_ROWS = 10          # markers beyond this many rows in a lane overlap instead of growing the lane
DOT = 12               # diameter of a day-precision marker
MIN_PPD, MAX_PPD = 0.01, 80.0
RELATION_STYLES = {     # colour, dashed, arrow
    "contradicts": ("#D55E00", True, False),
    "rebuts": ("#7a3b63", False, True),
    "fulfils": ("#009E73", False, True),
}
OTHER_RELATION = ("#8a8f98", False, True)
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def event_span(event: dict) -> tuple[int, int] | None:
    """First and last day (ordinals) a dated event covers: its day, month or year."""
    try:
        d = PartialDate.from_iso(event["date"])
    except (DateError, TypeError, KeyError):
        return None
    return d.start().toordinal(), d.end().toordinal()


def lane_keys(event: dict, mode: str) -> list[str]:
    if mode == "thread":
        return list(event["threads"]) or ["No thread"]
    return [event["by"] or "Unattributed"]


class MarkerItem(QGraphicsItem):
    """One passage in one lane: a dot (day) or a rounded span (month, year), a status badge for commitments."""

    def __init__(self, event: dict, first: int, last: int, lane: str):
        super().__init__()
        self.event, self.first, self.last, self.lane = event, first, last, lane
        self.width = float(DOT)
        self.chosen = False
        self.color = kind_color(event["kind"])
        self.fill = kind_color(event["kind"], 200 if first == last else 95)
        self.setAcceptHoverEvents(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    @property
    def passage_id(self) -> str:
        return self.event["passage_id"]

    def set_geometry(self, x: float, y: float, width: float) -> None:
        if width != self.width:
            self.prepareGeometryChange()
            self.width = width
        self.setPos(x, y)

    def boundingRect(self) -> QRectF:
        return QRectF(-2, -DOT / 2 - 4, self.width + 8, DOT + 8)

    def anchor(self) -> QPointF:
        """Where links attach: the marker's centre, in scene coordinates."""
        return self.pos() + QPointF(self.width / 2, 0)

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.color.darker(150) if self.chosen else self.color.darker(115), 2.5 if self.chosen else 1)
        painter.setPen(pen)
        painter.setBrush(self.fill)
        if self.first == self.last:
            painter.drawEllipse(QRectF(self.width / 2 - DOT / 2, -DOT / 2, DOT, DOT))
        else:
            painter.drawRoundedRect(QRectF(0, -DOT / 2 + 1, self.width, DOT - 2), 4, 4)
        status = self.event.get("status")
        if status:
            painter.setPen(QPen(QColor("white"), 1.2))
            painter.setBrush(QColor(STATUS_COLORS.get(status, "#6b7280")))
            cx = self.width / 2 + DOT / 2 - 1 if self.first == self.last else self.width - 2
            painter.drawEllipse(QPointF(cx, -DOT / 2 + 1), 3.6, 3.6)

    def tooltip(self) -> str:
        e = self.event
        lines = [f"<b>{KIND_LABELS.get(e['kind'], e['kind'])}</b> · {html.escape(human_date(e['date']))}",
                 f"“{html.escape(_short(e['quote'], 220))}”",
                 f"Said by {html.escape(e['by'] or 'nobody recorded')}"]
        if e.get("status"):
            lines.append(f"Status: {STATUS_LABELS.get(e['status'], e['status'])}")
        lines.append(f"{html.escape(e['doc_title'] or '')}, page {e['page']}")
        lines.append("<i>Click to open it in its document</i>")
        return "<br>".join(lines)


class LinkItem(QGraphicsItem):
    """A link between two markers: a curve, red and dashed for contradicts, solid with an arrow for rebuts."""

    def __init__(self, source: MarkerItem, target: MarkerItem, relation: str):
        super().__init__()
        self.source, self.target, self.relation = source, target, relation
        color, self.dashed, self.arrow = RELATION_STYLES.get(relation, OTHER_RELATION)
        self.color = QColor(color)
        self.setZValue(-1)
        self._path = QPainterPath()
        self.update_geometry()

    def update_geometry(self) -> None:
        self.prepareGeometryChange()
        a, b = self.source.anchor(), self.target.anchor()
        bend = max(18.0, min(60.0, abs(b.x() - a.x()) / 4))
        mid_y = min(a.y(), b.y()) - bend if abs(a.y() - b.y()) < 4 else (a.y() + b.y()) / 2
        path = QPainterPath(a)
        path.cubicTo(QPointF(a.x(), mid_y), QPointF(b.x(), mid_y), b)
        self._path = path

    def boundingRect(self) -> QRectF:
        return self._path.boundingRect().adjusted(-8, -8, 8, 8)

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.color, 1.8)
        if self.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        if self.arrow:
            # The arrowhead sits just outside the target marker, pointing along the curve's end.
            t = self._path.percentAtLength(max(0.0, self._path.length() - DOT / 2 - 2))
            tip = self._path.pointAtPercent(t)
            back = self._path.pointAtPercent(max(0.0, self._path.percentAtLength(self._path.length() - 16)))
            angle = math.atan2(tip.y() - back.y(), tip.x() - back.x())
            size = 8
            left = tip - QPointF(size * math.cos(angle - 0.45), size * math.sin(angle - 0.45))
            right = tip - QPointF(size * math.cos(angle + 0.45), size * math.sin(angle + 0.45))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.color)
            painter.drawPolygon(QPolygonF([tip, left, right]))


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


class TimelineView(QGraphicsView):
    """The drawn timeline; set_timeline() takes app.timeline.build()'s dict."""

    marker_clicked = Signal(str)       # passage id
    zoom_changed = Signal(float)       # pixels per day

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setViewportMargins(0, 0, 0, 0)
        self.setAccessibleName("Timeline")
        self.mode = "party"
        self.ppd = 1.0
        self.origin = 0
        self.span = (0, 0)
        self.lanes: list[tuple[str, float, float]] = []      # name, top, height (scene y)
        self.markers: list[MarkerItem] = []
        self.links: list[LinkItem] = []
        self._by_id: dict[str, MarkerItem] = {}
        self._press: tuple[QPointF, MarkerItem | None] | None = None
        self._fitted = False

    # -- content -------------------------------------------------------------------------------------------------
    def set_timeline(self, timeline: dict, mode: str = "party") -> None:
        """Replace what is drawn; keeps the zoom when the date range is similar, else fits it to the view."""
        scene = self.scene()
        scene.clear()
        self.markers, self.links, self._by_id, self.lanes = [], [], {}, []
        self.mode = mode
        spans = []
        for e in timeline["events"]:
            s = event_span(e)
            if s is not None:
                spans.append((e, s))
        if not spans:
            self.span = (0, 0)
            scene.setSceneRect(QRectF(0, 0, 10, 10))
            self.viewport().update()
            return
        lo = min(s[0] for _e, s in spans)
        hi = max(s[1] for _e, s in spans)
        self.span = (lo, hi)
        # Lanes in order of each one's first passage; catch-all lanes go last.
        first_seen: dict[str, int] = {}
        for e, (a, _b) in spans:
            for key in lane_keys(e, mode):
                first_seen[key] = min(first_seen.get(key, a), a)
        catch_all = ("No thread", "Unattributed")
        names = sorted(first_seen, key=lambda k: (k in catch_all, first_seen[k], k.lower()))
        self._lane_members: dict[str, list[MarkerItem]] = {n: [] for n in names}
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

    def relayout(self) -> None:
        """Place every marker for the current pixels-per-day; lanes grow rows where markers would overlap."""
        lo, hi = self.span
        if not self.markers:
            return
        self.origin = lo - 30
        ppd = self.ppd
        y = float(AXIS_H)
        self.lanes = []
        for name, members in self._lane_members.items():
            members.sort(key=lambda m: (m.first, m.last))
            row_ends: list[float] = []
            placed = []
            for m in members:
                x0 = (m.first - self.origin) * ppd + LABEL_W
                w = max(float(DOT), (m.last + 1 - m.first) * ppd) if m.first != m.last else float(DOT)
                if m.first == m.last:
                    x0 -= DOT / 2 - ppd / 2
                row = next((r for r, end in enumerate(row_ends) if end + 3 <= x0), None)
                if row is None:
                    if len(row_ends) < MAX_ROWS:
                        row = len(row_ends)
                        row_ends.append(0.0)
                    else:
                        row = min(range(len(row_ends)), key=row_ends.__getitem__)
                row_ends[row] = max(row_ends[row], x0 + w)
                placed.append((m, x0, row, w))
            rows = max(1, len(row_ends))
            height = rows * ROW_H + 2 * LANE_PAD
            for m, x0, row, w in placed:
                m.set_geometry(x0, y + LANE_PAD + row * ROW_H + ROW_H / 2, w)
            self.lanes.append((name, y, height))
            y += height
        for link in self.links:
            link.update_geometry()
        width = (hi + 60 - self.origin) * ppd + LABEL_W
        self.scene().setSceneRect(QRectF(0, 0, width, y + 24))
        self.viewport().update()

    # -- zoom and navigation ---------------------------------------------------------------------------------------
    def fit(self) -> None:
        lo, hi = self.span
        avail = max(200, self.viewport().width() - LABEL_W - 20)
        self.ppd = min(MAX_PPD, max(MIN_PPD, avail / max(1, hi - lo + 60)))
        self._fitted = True
        self.relayout()
        self.horizontalScrollBar().setValue(0)
        self.zoom_changed.emit(self.ppd)

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        if not self.markers:
            return
        anchor_x = self.viewport().width() / 2 if anchor_x is None else anchor_x
        day = self.day_at(anchor_x)
        new = min(MAX_PPD, max(MIN_PPD, self.ppd * factor))
        if abs(new - self.ppd) < 1e-9:
            return
        self.ppd = new
        self.relayout()
        scene_x = (day - self.origin) * self.ppd + LABEL_W
        self.horizontalScrollBar().setValue(round(scene_x - anchor_x))
        self.zoom_changed.emit(self.ppd)

    def day_at(self, viewport_x: float) -> float:
        """The day (ordinal, fractional) under a viewport x."""
        scene_x = self.mapToScene(round(viewport_x), 0).x()
        return (scene_x - LABEL_W) / self.ppd + self.origin

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
            self.zoom_by(1.25 ** steps, event.position().x())
        event.accept()

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        self._press = (event.position(), item if isinstance(item, MarkerItem) else None)
        super().mousePressEvent(event)

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
        if self.markers and not self._fitted:
            self.fit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.viewport().update()    # the axis and lane names are pinned to the viewport

    # -- painting: lane bands and grid below, axis and lane names above ---------------------------------------------
    def _ticks(self, left_day: float, right_day: float) -> tuple[list, list]:
        """(major, minor) ticks as (ordinal, label) for the visible range at this zoom."""
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

    def _vx(self, day: float) -> float:
        return self.mapFromScene(QPointF((day - self.origin) * self.ppd + LABEL_W, 0)).x()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        painter.fillRect(rect, base)
        alt = pal.color(QPalette.ColorRole.AlternateBase)
        for i, (_name, top, height) in enumerate(self.lanes):
            if i % 2:
                painter.fillRect(QRectF(rect.left(), top, rect.width(), height), alt)
        if not self.markers:
            return
        painter.save()
        painter.resetTransform()
        grid = QColor(pal.color(QPalette.ColorRole.Mid))
        grid.setAlpha(60)
        major, minor = self._ticks(self.day_at(0), self.day_at(self.viewport().width()))
        h = self.viewport().height()
        painter.setPen(QPen(grid, 1))
        for day, _label in minor:
            x = self._vx(day)
            painter.drawLine(QPointF(x, AXIS_H), QPointF(x, h))
        grid.setAlpha(140)
        painter.setPen(QPen(grid, 1))
        for day, _label in major:
            x = self._vx(day)
            painter.drawLine(QPointF(x, AXIS_H), QPointF(x, h))
        painter.restore()

    def drawForeground(self, painter: QPainter, _rect: QRectF) -> None:
        painter.save()
        painter.resetTransform()
        pal = self.palette()
        w, h = self.viewport().width(), self.viewport().height()
        window = pal.color(QPalette.ColorRole.Window)
        text = pal.color(QPalette.ColorRole.WindowText)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        line = pal.color(QPalette.ColorRole.Mid)
        if not self.markers:
            painter.setPen(muted)
            painter.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             "No dated passages match these filters.\nTag passages in letters, or change the filters.")
            painter.restore()
            return
        # Axis band
        painter.fillRect(QRectF(0, 0, w, AXIS_H), window)
        painter.setPen(QPen(line, 1))
        painter.drawLine(QPointF(0, AXIS_H - 0.5), QPointF(w, AXIS_H - 0.5))
        major, minor = self._ticks(self.day_at(0), self.day_at(w))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(small)
        for day, label in minor:
            x = self._vx(day)
            painter.setPen(QPen(line, 1))
            painter.drawLine(QPointF(x, AXIS_H - 7), QPointF(x, AXIS_H))
            if label:
                painter.setPen(muted)
                painter.drawText(QPointF(x + 3, AXIS_H - 10), label)
        painter.setFont(bold)
        for day, label in major:
            x = self._vx(day)
            painter.setPen(QPen(text, 1.2))
            painter.drawLine(QPointF(x, AXIS_H - 16), QPointF(x, AXIS_H))
            painter.drawText(QPointF(x + 4, 18), label)
        # Lane names, pinned to the left edge
        painter.fillRect(QRectF(0, 0, LABEL_W, h), _with_alpha(window, 235))
        painter.setPen(QPen(line, 1))
        painter.drawLine(QPointF(LABEL_W - 0.5, 0), QPointF(LABEL_W - 0.5, h))
        painter.setFont(self.font())
        metrics = painter.fontMetrics()
        painter.setPen(muted)
        painter.drawText(QRectF(10, 0, LABEL_W - 16, AXIS_H), Qt.AlignmentFlag.AlignVCenter,
                         "Threads" if self.mode == "thread" else "Said by")
        painter.setPen(text)
        for name, top, height in self.lanes:
            vy = self.mapFromScene(QPointF(0, top)).y()
            if vy + height < AXIS_H or vy > h:
                continue
            box = QRectF(10, max(vy, AXIS_H), LABEL_W - 16, min(height, ROW_H + 2 * LANE_PAD))
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(box.width())))
        painter.restore()


def _with_alpha(color: QColor, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


__all__ = ["TimelineView", "MarkerItem", "LinkItem", "event_span", "lane_keys", "RELATION_STYLES"]
