"""What the timeline draws: passage markers (dots for days, spans for months and years) and the links between them."""
from __future__ import annotations

import bisect
import html
import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from archive.dates import DateError, PartialDate

from ..highlights import KIND_LABELS, STATUS_COLORS, STATUS_LABELS, human_date, kind_color

AXIS_H = 46            # pixels at the top of the view for the axis (drawn over the scene)
LABEL_W = 168          # pixels at the left for lane names (drawn over the scene)
ROW_H = 22             # one row of markers inside a lane
LANE_PAD = 8
LINK_HEADROOM = 26     # how far above the first lane a link may bow (the scene starts a little higher)
MAX_ROWS = 10          # markers beyond this many rows in a lane overlap instead of growing the lane
DOT = 12               # diameter of a day-precision marker
MIN_PPD, MAX_PPD = 0.01, 80.0
RELATION_STYLES = {     # colour, dashed, arrow
    "contradicts": ("#D55E00", True, False),
    "rebuts": ("#7a3b63", False, True),
    "fulfils": ("#009E73", False, True),
    "answers": ("#009E73", False, True),
    "partly-answers": ("#56B4E9", False, True),
    "declines": ("#D55E00", True, True),
}
ANSWERING = ("answers", "partly-answers", "declines")
ANSWERED_STATES = ("answered", "declined")        # a question drawn filled: it waits no more
OTHER_RELATION = ("#8a8f98", False, True)
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_STATUS_QCOLORS = {status: QColor(color) for status, color in STATUS_COLORS.items()}
_BADGE_PEN = QPen(QColor("white"), 1.2)
_GLYPH_FONT = QFont()
_GLYPH_FONT.setBold(True)
_GLYPH_FONT.setPixelSize(DOT - 2)
_TICK_PEN = QPen(QColor("white"), 1.6)
_TICK_PEN.setCapStyle(Qt.PenCapStyle.RoundCap)


def is_answer(event: dict) -> bool:
    """The passage answers, partly answers or declines a question (a link from it)."""
    return any(ln["relation"] in ANSWERING and ln["direction"] == "out" for ln in event.get("links", []))


def draw_question(painter: QPainter, rect: QRectF, color: QColor, waiting: bool, chosen: bool) -> None:
    """A question: a rounded square with "?"; hollow while it waits for an answer, filled once it
    is answered (or declined)."""
    painter.setPen(QPen(color.darker(150), 2.5) if chosen else QPen(color.darker(115), 1.4))
    painter.setBrush(QColor("white") if waiting else color)
    painter.drawRoundedRect(rect, 3, 3)
    painter.setPen(color.darker(130) if waiting else QColor("white"))
    painter.setFont(_GLYPH_FONT)
    square = QRectF(rect.left(), rect.top(), min(rect.width(), rect.height()), rect.height())
    painter.drawText(square, Qt.AlignmentFlag.AlignCenter, "?")


def draw_answer_tick(painter: QPainter, cx: float, cy: float, declined: bool = False) -> None:
    """A white tick over an answer's dot (a dash when the reply declines to answer)."""
    painter.setPen(_TICK_PEN)
    if declined:
        painter.drawLine(QPointF(cx - 3, cy), QPointF(cx + 3, cy))
    else:
        painter.drawPolyline(QPolygonF([QPointF(cx - 3.2, cy + 0.2), QPointF(cx - 0.8, cy + 2.6),
                                        QPointF(cx + 3.4, cy - 2.6)]))


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


_COLORS: dict[tuple, QColor] = {}


def _cached_color(kind: str, alpha: int) -> QColor:
    key = (kind, alpha)
    if key not in _COLORS:
        _COLORS[key] = kind_color(kind, alpha)
    return _COLORS[key]


class MarkerItem(QGraphicsItem):
    """One passage in one lane: a dot (day) or a rounded span (month, year), a status badge for commitments."""

    def __init__(self, event: dict, first: int, last: int, lane: str):
        super().__init__()
        self.event, self.first, self.last, self.lane = event, first, last, lane
        self.width = float(DOT)
        self.chosen = False
        kind = event["kind"]
        self.color = _cached_color(kind, 255)
        self.fill = _cached_color(kind, 200 if first == last else 95)
        self.edge = _cached_color(kind, 255).darker(115)
        self.status_color = _STATUS_QCOLORS.get(event.get("status"))
        self.question = kind == "question"
        self.waiting = self.question and event.get("status") not in ANSWERED_STATES
        answers = [ln["relation"] for ln in event.get("links", []) if ln["relation"] in ANSWERING
                   and ln["direction"] == "out"]
        self.answer = "declines" if answers and set(answers) == {"declines"} else ("answers" if answers else None)
        self._bounds = QRectF(-2, -DOT / 2 - 4, DOT + 8, DOT + 8)

    @property
    def passage_id(self) -> str:
        return self.event["passage_id"]

    def set_geometry(self, x: float, y: float, width: float) -> None:
        if width != self.width:
            self.prepareGeometryChange()
            self.width = width
            self._bounds = QRectF(-2, -DOT / 2 - 4, width + 8, DOT + 8)
        self.setPos(x, y)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def anchor(self) -> QPointF:
        """Where links attach: the marker's centre, in scene coordinates."""
        return self.pos() + QPointF(self.width / 2, 0)

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        # The view antialiases and does not save painter state per item (it is faster), so set everything.
        if self.question:
            rect = (QRectF(self.width / 2 - DOT / 2, -DOT / 2, DOT, DOT) if self.first == self.last
                    else QRectF(0, -DOT / 2, self.width, DOT))
            draw_question(painter, rect, self.color, self.waiting, self.chosen)
        else:
            painter.setPen(QPen(self.color.darker(150), 2.5) if self.chosen else self.edge)
            painter.setBrush(self.fill)
            if self.first == self.last:
                painter.drawEllipse(QRectF(self.width / 2 - DOT / 2, -DOT / 2, DOT, DOT))
            else:
                painter.drawRoundedRect(QRectF(0, -DOT / 2 + 1, self.width, DOT - 2), 4, 4)
            if self.answer:
                cx = self.width / 2 if self.first == self.last else DOT / 2
                draw_answer_tick(painter, cx, 0, self.answer == "declines")
        if self.status_color is not None:
            painter.setPen(_BADGE_PEN)
            painter.setBrush(self.status_color)
            cx = self.width / 2 + DOT / 2 - 1 if self.first == self.last else self.width - 2
            painter.drawEllipse(QPointF(cx, -DOT / 2 + 1), 3.6, 3.6)

    def tooltip(self) -> str:
        e = self.event
        question = e["kind"] == "question"
        kind = KIND_LABELS.get(e["kind"], e["kind"])
        if self.answer:
            kind += " · an answer" if self.answer == "answers" else " · declines to answer"
        lines = [f"<b>{kind}</b> · {html.escape(human_date(e['date']))}",
                 f"“{html.escape(_short(e['quote'], 220))}”",
                 f"{'Asked by' if question else 'Said by'} {html.escape(e['by'] or 'nobody recorded')}"]
        if question and e.get("to"):
            lines.append(f"Asked of {html.escape(e['to'])}")
        if e.get("status"):
            lines.append(f"{'State' if question else 'Status'}: {STATUS_LABELS.get(e['status'], e['status'])}")
        if e.get("doc_id"):
            lines.append(f"{html.escape(e['doc_title'] or '')}, page {e['page']}")
            lines.append("<i>Click to open it in its document</i>")
        else:
            lines.append("Written directly, in no letter")
            lines.append("<i>Click to inspect it</i>")
        return "<br>".join(lines)


class LinkItem(QGraphicsItem):
    """A link between two markers: a curve, red and dashed for contradicts, solid with an arrow for rebuts."""

    def __init__(self, source: MarkerItem, target: MarkerItem, relation: str):
        super().__init__()
        self.source, self.target, self.relation = source, target, relation
        color, self.dashed, self.arrow = RELATION_STYLES.get(relation, OTHER_RELATION)
        self.color = QColor(color)
        self.pen = QPen(self.color, 1.8)
        self.pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        if self.dashed:
            self.pen.setStyle(Qt.PenStyle.DashLine)
        self.setZValue(-1)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._points: list[QPointF] | None = None
        self.update_geometry()

    def update_geometry(self) -> None:
        """After the markers moved: new ends and bounds; the curve itself is traced when first painted."""
        self.prepareGeometryChange()
        a, b = self.source.anchor(), self.target.anchor()
        bend = max(18.0, min(60.0, abs(b.x() - a.x()) / 4))
        mid_y = min(a.y(), b.y()) - bend if abs(a.y() - b.y()) < 4 else (a.y() + b.y()) / 2
        mid_y = max(mid_y, -LINK_HEADROOM)      # stay inside the drawn area above the first lane
        self._ends = (a.x(), a.y(), b.x(), b.y(), mid_y)
        self._points = None
        self._bounds = QRectF(QPointF(min(a.x(), b.x()) - 8, min(a.y(), b.y(), mid_y) - 8),
                              QPointF(max(a.x(), b.x()) + 8, max(a.y(), b.y(), mid_y) + 8))

    def points(self) -> list[QPointF]:
        """The curve (a cubic from source to target bowing to mid_y) as an x-monotonic polyline, so a repaint
        of a narrow strip while panning strokes only the few segments inside it."""
        if self._points is not None:
            return self._points
        ax, ay, bx, by, mid_y = self._ends
        n = max(6, min(40, int((abs(bx - ax) + abs(by - ay)) / 16)))
        pts, cum, total, prev = [], [], 0.0, None
        for i in range(n + 1):
            t = i / n
            u = 1 - t
            x = ax * (u ** 3 + 3 * u * u * t) + bx * (3 * u * t * t + t ** 3)
            y = ay * u ** 3 + 3 * mid_y * (u * u * t + u * t * t) + by * t ** 3
            if prev is not None:
                total += math.hypot(x - prev[0], y - prev[1])
            prev = (x, y)
            pts.append(QPointF(x, y))
            cum.append(total)
        self._cum = cum
        self._leftwards = bx < ax
        self._keys = [-p.x() if self._leftwards else p.x() for p in pts]
        self._head = None
        if self.arrow:
            # A cubic ends along the line from its last control point (bx, mid_y): point the arrow that way,
            # stopping at the marker's edge.
            angle = math.atan2(by - mid_y, 0.0) if abs(by - mid_y) > 1e-6 else (0.0 if bx >= ax else math.pi)
            tip = QPointF(bx, by) - QPointF(math.cos(angle), math.sin(angle)) * (DOT / 2 + 1.5)
            size = 8
            left = tip - QPointF(size * math.cos(angle - 0.45), size * math.sin(angle - 0.45))
            right = tip - QPointF(size * math.cos(angle + 0.45), size * math.sin(angle + 0.45))
            self._head = QPolygonF([tip, left, right])
        self._points = pts
        return pts

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option, _widget=None) -> None:
        exposed = option.exposedRect
        points = self.points()
        keys = self._keys
        if self._leftwards:     # keys are -x, so they still ascend along the curve
            lo_key, hi_key = -exposed.right(), -exposed.left()
        else:
            lo_key, hi_key = exposed.left(), exposed.right()
        first = max(0, bisect.bisect_left(keys, lo_key) - 1)
        last = min(len(keys), bisect.bisect_right(keys, hi_key) + 1)
        if last - first >= 2:
            pen = QPen(self.pen)
            if self.dashed:
                # Keep the dashes in step with the parts of the curve painted earlier.
                pen.setDashOffset(self._cum[first] / pen.widthF())
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF(points[first:last]))
        if self._head is not None and self._head.boundingRect().intersects(exposed):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.color)
            painter.drawPolygon(self._head)


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
