"""The timeline panel: filters (thread, party, kind, status, dates), lanes by party or thread, zoom, legend, export."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton,
                               QVBoxLayout, QWidget)

from app import passages, timeline
from app.files import write_atomic
from app.parties import list_parties

from ..flow_layout import FlowLayout
from ..combos import refill
from .. import settings
from ..highlights import KIND_LABELS, STATUS_COLORS, STATUS_LABELS, KindLegend, kind_color
from ..inspector.sections import check_date
from .items import OTHER_RELATION, RELATION_STYLES, draw_answer_tick, draw_question
from .view import TimelineView

EXPORTS = (("csv", "CSV spreadsheet…", "CSV files (*.csv)"), ("json", "JSON…", "JSON files (*.json)"),
           ("timelinejs", "TimelineJS…", "TimelineJS JSON (*.json)"),
           ("html", "Offline HTML page…", "HTML files (*.html)"), ("md", "Markdown…", "Markdown files (*.md)"))
SUFFIX = {"csv": ".csv", "json": ".json", "timelinejs": ".timelinejs.json", "html": ".html", "md": ".md"}


def ask_save_path(parent, title: str, start: str, filter_: str) -> str:
    """The save dialog for exports (a function so tests can answer it)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filter_)
    return path


def load_timeline(filters: dict):
    def run(archive, _job) -> dict:
        return {"timeline": timeline.build(archive, **filters),
                "threads": [t["name"] for t in passages.threads(archive)],
                "parties": [p["name"] for p in list_parties(archive)]}
    return run


def export_task(filters: dict, fmt: str, path: str):
    def run(archive, _job) -> int:
        tl = timeline.build(archive, **filters)
        write_atomic(Path(path), timeline.export_bytes(tl, fmt))
        return len(tl["events"]) + len(tl["undated"])
    return run


class SampleLegend(QWidget):
    """A row of small drawn samples with labels: how links are drawn, or what the status badges mean."""

    def __init__(self, samples: list[tuple[str, object]], parent=None):
        super().__init__(parent)
        self.samples = samples      # (label, draw(painter, x, y) -> width of the sample)
        self.setAccessibleName(", ".join(label for label, _draw in samples))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, y = 0, self.height() / 2
        text = self.palette().color(self.foregroundRole())
        for label, draw in self.samples:
            x += draw(p, x, y) + 5
            p.setPen(text)
            p.drawText(QPointF(x, y + p.fontMetrics().ascent() / 2 - 1), label)
            x += p.fontMetrics().horizontalAdvance(label) + 14
        p.end()

    def sizeHint(self) -> QSize:
        m = self.fontMetrics()
        return QSize(sum(m.horizontalAdvance(label) + 45 for label, _d in self.samples), m.height() + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


def _line_sample(relation: str):
    color, dashed, arrow = RELATION_STYLES.get(relation, OTHER_RELATION)

    def draw(p: QPainter, x: float, y: float) -> float:
        pen = QPen(QColor(color), 2)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(x, y), QPointF(x + 22, y))
        if arrow:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(color))
            p.drawPolygon(QPolygonF([QPointF(x + 24, y), QPointF(x + 17, y - 4), QPointF(x + 17, y + 4)]))
        return 24
    return draw


def _dot_sample(status: str):
    def draw(p: QPainter, x: float, y: float) -> float:
        p.setPen(QPen(QColor("white"), 1))
        p.setBrush(QColor(STATUS_COLORS[status]))
        p.drawEllipse(QPointF(x + 5, y), 4.5, 4.5)
        return 10
    return draw


def link_legend(parent=None) -> SampleLegend:
    return SampleLegend([("contradicts", _line_sample("contradicts")), ("rebuts", _line_sample("rebuts")),
                         ("fulfils", _line_sample("fulfils")), ("answers", _line_sample("answers")),
                         ("other links", _line_sample("other"))], parent)


def _question_sample(waiting: bool):
    def draw(p: QPainter, x: float, y: float) -> float:
        p.save()      # the glyph's bold font must not carry over to the label
        draw_question(p, QRectF(x, y - 6, 12, 12), kind_color("question"), waiting, False)
        p.restore()
        return 12
    return draw


def _answer_sample(p: QPainter, x: float, y: float) -> float:
    color = kind_color("commitment")
    p.setPen(color.darker(115))
    p.setBrush(kind_color("commitment", 200))
    p.drawEllipse(QRectF(x, y - 6, 12, 12))
    draw_answer_tick(p, x + 6, y)
    return 12


def question_legend(parent=None) -> SampleLegend:
    """A question waiting for its answer is hollow, an answered one filled; an answer carries a tick."""
    return SampleLegend([("question waiting", _question_sample(True)), ("answered", _question_sample(False)),
                         ("an answer", _answer_sample)], parent)


def status_legend(parent=None) -> SampleLegend:
    return SampleLegend([(STATUS_LABELS[s].lower(), _dot_sample(s)) for s in passages.STATUSES], parent)


STATUS_CHOICES = [(STATUS_LABELS[s], s) for s in passages.STATUSES] + [
    (f"{STATUS_LABELS[s]} (question)", s) for s in passages.QUESTION_STATES]


class TimelinePanel(QWidget):
    """Filters above the drawn timeline; clicking a marker asks for the passage to be shown in its document."""

    passage_activated = Signal(str)
    message = Signal(str)
    loaded = Signal(int)          # dated events drawn

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.timeline: dict | None = None
        self._generation = 0
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        v.setContentsMargins(8, 6, 8, 4)
        v.setSpacing(6)
        row = FlowLayout(spacing=6)     # the filters wrap in a narrow window
        self.lanes_box = self._combo("Lanes", [("Lanes: who said it", "party"), ("Lanes: threads", "thread")])
        self.thread_box = self._combo("Thread", [("All threads", "")])
        self.party_box = self._combo("Said by", [("Anyone", "")])
        self.kind_box = self._combo("Kind", [("All kinds", "")] + [(KIND_LABELS[k], k) for k in passages.KINDS])
        self.status_box = self._combo("Status", [("Any status", "")] + STATUS_CHOICES)
        for box in (self.lanes_box, self.thread_box, self.party_box, self.kind_box, self.status_box):
            row.addWidget(box, 1)
        self.from_edit = self._date_edit("From", "From (e.g. 2019)")
        self.to_edit = self._date_edit("To", "To (e.g. 2021-06)")
        row.addWidget(self.from_edit, 0)
        row.addWidget(self.to_edit, 0)
        self.zoom_out_button = self._button("−", "Zoom out (mouse wheel)", lambda: self.view.zoom_by(1 / 1.5))
        self.zoom_in_button = self._button("+", "Zoom in (mouse wheel)", lambda: self.view.zoom_by(1.5))
        self.fit_button = self._button("Fit", "Show the whole timeline", lambda: self.view.fit())
        self.export_button = self._button("Export", "Export this timeline", None)
        self.export_menu = QMenu(self.export_button)
        for fmt, label, _filter in EXPORTS:
            self.export_menu.addAction(label, lambda f=fmt: self.export(f))
        self.export_menu.addSeparator()
        self.export_menu.addAction("PNG image of the view…", self.export_png)
        self.export_button.setMenu(self.export_menu)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        v.addLayout(row)
        self.error = QLabel(self)
        self.error.setObjectName("errorText")
        self.error.hide()
        v.addWidget(self.error)
        self.view = TimelineView(self)
        self.view.marker_clicked.connect(self.passage_activated)
        v.addWidget(self.view, 1)
        row = FlowLayout(spacing=6)
        row.addWidget(KindLegend(self), 0)
        row.addWidget(link_legend(self), 0)
        self.summary = QLabel(self)
        self.summary.setObjectName("countLabel")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.summary, 1)
        v.addLayout(row)
        row = FlowLayout(spacing=6)
        row.addWidget(self._titled("Status of commitments:", status_legend()), 0)
        self.question_legend = question_legend()
        row.addWidget(self._titled("Questions:", self.question_legend), 0)
        row.addWidget(QWidget(self), 1)      # pushes the buttons to the right
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.export_button):
            row.addWidget(b, 0)
        v.addLayout(row)

    def _titled(self, title: str, legend: QWidget) -> QWidget:
        """A legend with its title, kept together when the row wraps onto the next line."""
        box = QWidget(self)
        pair = QHBoxLayout(box)
        pair.setContentsMargins(0, 0, 0, 0)
        label = QLabel(title, box)
        label.setObjectName("countLabel")
        pair.addWidget(label)
        legend.setParent(box)
        pair.addWidget(legend)
        pair.addStretch(1)       # a wider line gives its room to the right, not between title and samples
        return box

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        box.setToolTip(name)
        for label, value in items:
            box.addItem(label, value)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(4)
        box.currentIndexChanged.connect(self._on_filters_changed)
        return box

    def _date_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumWidth(70)
        edit.setMaximumWidth(self.fontMetrics().horizontalAdvance(placeholder) + 30)
        edit.setClearButtonEnabled(True)
        edit.editingFinished.connect(self._on_filters_changed)
        return edit

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip.split(" (")[0])
        if slot is not None:
            b.clicked.connect(slot)
        return b

    # -- data ----------------------------------------------------------------------------------------------------
    def set_session(self, session) -> None:
        self.session = session
        self.timeline = None
        self.view.set_timeline({"events": [], "undated": []})
        self.reload()

    def filters(self) -> dict:
        out = {"thread": self.thread_box.currentData() or None, "by": self.party_box.currentData() or None,
               "kind": self.kind_box.currentData() or None, "status": self.status_box.currentData() or None}
        for key, edit in (("date_from", self.from_edit), ("date_to", self.to_edit)):
            iso, _message = check_date(edit.text())
            out[key] = iso or None
        return out

    def show_thread(self, name: str) -> None:
        """Filter to one thread (with lanes by party), e.g. from the library's Threads list."""
        self._select(self.thread_box, name, add=True)
        self.reload()

    def _select(self, box: QComboBox, value: str, add: bool = False) -> None:
        at = box.findData(value)
        if at < 0 and add:
            box.addItem(value, value)
            at = box.count() - 1
        box.blockSignals(True)
        box.setCurrentIndex(max(0, at))
        box.blockSignals(False)

    def reload(self) -> None:
        if self.session is None:
            return
        bad = [f"{e.accessibleName()}: {check_date(e.text())[1]}" for e in (self.from_edit, self.to_edit)
               if check_date(e.text())[0] is None]
        self.error.setVisible(bool(bad))
        self.error.setText("; ".join(bad))
        if bad:
            return
        self._generation += 1
        gen = self._generation
        self.session.read(load_timeline(self.filters()), lambda r: self._on_loaded(gen, r),
                          lambda m: self._on_load_failed(gen, m))

    def _on_load_failed(self, gen: int, message: str) -> None:
        if gen == self._generation:
            self.error.setText(f"The timeline could not be built: {message}")
            self.error.show()

    def _on_loaded(self, gen: int, result: dict) -> None:
        if gen != self._generation:
            return
        self._refill(self.thread_box, result["threads"])
        self._refill(self.party_box, result["parties"])
        self.timeline = result["timeline"]
        self.view.set_timeline(self.timeline, self.lanes_box.currentData())
        events, undated = len(self.timeline["events"]), len(self.timeline["undated"])
        text = f"{events} dated passage{'s' if events != 1 else ''}"
        if undated:
            text += f" · {undated} undated (not drawn; listed in exports)"
        self.summary.setText(text)
        self.loaded.emit(events)

    def _refill(self, box: QComboBox, values: list[str]) -> None:
        refill(box, values)

    def _on_filters_changed(self, *_args) -> None:
        self.reload()

    def select(self, pid: str | None) -> None:
        self.view.select(pid)

    # -- export --------------------------------------------------------------------------------------------------
    def _ask(self, title: str, name: str, filter_: str) -> str:
        start = Path(settings.LAST_EXPORT_FOLDER.get() or Path.home()) / name
        path = ask_save_path(self, title, str(start), filter_)
        if path:
            settings.LAST_EXPORT_FOLDER.set(str(Path(path).parent))
        return path

    def export(self, fmt: str) -> None:
        if self.session is None:
            return
        label, filter_ = next((lbl, flt) for f, lbl, flt in EXPORTS if f == fmt)
        path = self._ask(f"Export timeline as {label.rstrip('…')}", "timeline" + SUFFIX[fmt], filter_)
        if not path:
            return
        if not Path(path).suffix:
            path += SUFFIX[fmt]
        self.message.emit("Exporting the timeline…")
        self.session.read(export_task(self.filters(), fmt, path),
                          lambda n: self.message.emit(f"Exported {n} passage{'s' if n != 1 else ''} to {path}"),
                          lambda m: self.message.emit(f"Export failed: {m}"))

    def export_png(self) -> None:
        path = self._ask("Export the timeline view as PNG", "timeline.png", "PNG images (*.png)")
        if not path:
            return
        if not Path(path).suffix:
            path += ".png"
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.view.viewport().grab().save(buffer, "PNG")
        buffer.close()
        try:
            write_atomic(Path(path), bytes(data))
        except OSError as exc:
            self.message.emit(f"Export failed: {exc.strerror or exc}: {path}")
            return
        self.message.emit(f"Saved the timeline view to {path}")
