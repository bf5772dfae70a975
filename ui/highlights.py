"""Tagged passages drawn over open documents in colour-blind-safe colours per kind, with a legend."""
from __future__ import annotations

import html

from PySide6.QtCore import QObject, QRectF, QSize, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app import passages
from archive.dates import DateError, PartialDate

from .viewer import Highlight

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
# Questions take Paul Tol's teal, which stays apart from those three for the same readers.
KIND_COLORS = {"commitment": "#0072B2", "claim": "#E69F00", "rebuttal": "#CC79A7", "question": "#44AA99"}
KIND_LABELS = {"commitment": "Commitment", "claim": "Claim", "rebuttal": "Rebuttal", "question": "Question"}
KIND_KEYS = {"commitment": "1", "claim": "2", "rebuttal": "3", "question": "4"}
HIGHLIGHT_ALPHA = 85
SELECTED_ALPHA = 150
STATUS_LABELS = {"open": "Open", "fulfilled": "Fulfilled", "partly-fulfilled": "Partly fulfilled",
                 "broken": "Broken", "withdrawn": "Withdrawn",
                 # a question's states
                 "unanswered": "Unanswered", "answered": "Answered", "partly-answered": "Partly answered",
                 "declined": "Declined"}
STATUS_COLORS = {"open": "#6b7280", "fulfilled": "#009E73", "partly-fulfilled": "#56B4E9",
                 "broken": "#D55E00", "withdrawn": "#000000",
                 "unanswered": "#6b7280", "answered": "#009E73", "partly-answered": "#56B4E9", "declined": "#D55E00"}


def statuses_for(kind: str) -> tuple[str, ...]:
    """A commitment's statuses, a question's states, or nothing for the other kinds."""
    return {"commitment": passages.STATUSES, "question": passages.QUESTION_STATES}.get(kind, ())


def kind_color(kind: str, alpha: int = 255) -> QColor:
    c = QColor(KIND_COLORS.get(kind, "#888888"))
    c.setAlpha(alpha)
    return c


def human_date(iso: str | None) -> str:
    if not iso:
        return "undated"
    try:
        return PartialDate.from_iso(iso).human()
    except DateError:
        return iso


def passage_tooltip(p: dict) -> str:
    """Who said it, when, and (for commitments) its status; plain HTML for a tooltip."""
    by = ", ".join(p.get("by_all") or []) or p.get("by") or "unknown"
    lines = [f"<b>{KIND_LABELS.get(p['kind'], p['kind'])}</b>",
             f"{'Asked by' if p['kind'] == 'question' else 'Said by'}: {html.escape(by)}",
             f"{'Asked on' if p['kind'] == 'question' else 'Said on'}: {html.escape(human_date(p.get('said_on')))}"]
    if p["kind"] == "question" and p.get("to"):
        lines.append(f"Asked of: {html.escape(p['to'])}")
    if p.get("status"):
        what = "State" if p["kind"] == "question" else "Status"
        lines.append(f"{what}: {STATUS_LABELS.get(p['status'], p['status'])}")
    if p.get("threads"):
        lines.append("Threads: " + html.escape(", ".join(p["threads"])))
    lines.append("<i>Click to inspect</i>")
    return "<br>".join(lines)


def passage_highlights(items: list[dict], selected: str | None = None, page_count: int | None = None
                       ) -> list[Highlight]:
    """Highlights for a document's passages; orphaned ones are left out (their offsets are not trusted)."""
    out = []
    for p in items:
        if p.get("orphaned"):
            continue
        chosen = p["id"] == selected
        # A passage across a page break is drawn on every page it covers.
        for span in p.get("spans") or [{"page": p["page"], "start": p["start"], "end": p["end"]}]:
            if span["end"] <= span["start"] or (page_count and span["page"] > page_count):
                continue
            out.append(Highlight(span["page"], span["start"], span["end"],
                                 kind_color(p["kind"], SELECTED_ALPHA if chosen else HIGHLIGHT_ALPHA),
                                 kind=p["kind"], tooltip=passage_tooltip(p), key=p["id"]))
    return out


class Swatch(QWidget):
    """A small rounded square of one kind's colour."""

    def __init__(self, color: QColor, parent=None):
        super().__init__(parent)
        self.color = color
        self.setFixedSize(QSize(12, 12))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(self.color.darker(130))
        p.setBrush(self.color)
        p.drawRoundedRect(QRectF(0.5, 0.5, 11, 11), 3, 3)
        p.end()


class KindLegend(QWidget):
    """Commitment, claim, rebuttal, question with their colours (and keys, where tagging happens)."""

    def __init__(self, parent=None, show_keys: bool = False):
        super().__init__(parent)
        self.setAccessibleName("Passage colours")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.labels: dict[str, QLabel] = {}
        for kind, label in KIND_LABELS.items():
            row.addWidget(Swatch(kind_color(kind, 200), self))
            text = f"{label} ({KIND_KEYS[kind]})" if show_keys else label
            lab = QLabel(text, self)
            lab.setObjectName("legendLabel")
            self.labels[kind] = lab
            row.addWidget(lab)
            row.addSpacing(8)
        row.addStretch(1)


class Highlighter(QObject):
    """Keeps every open document's passage highlights current and reports clicks on them."""

    passage_clicked = Signal(str)      # passage id

    def __init__(self, tabs, parent=None):
        super().__init__(parent)
        self.tabs = tabs
        self.session = None
        self.selected: str | None = None
        self._cache: dict[str, list[dict]] = {}
        self._generation: dict[str, int] = {}
        tabs.view_opened.connect(self._on_tabs_view_opened)

    def set_session(self, session) -> None:
        self.session = session
        self._cache.clear()
        self.selected = None

    def passages_of(self, doc_id: str) -> list[dict]:
        """The passages last loaded for an open document."""
        return list(self._cache.get(doc_id, []))

    def refresh(self, doc_ids: list[str] | None = None) -> None:
        """Reload the passages of these open documents (all open ones when None)."""
        for view in self.tabs.views():
            if doc_ids is None or view.doc_id in doc_ids:
                self._load(view.doc_id)

    def select(self, pid: str | None) -> None:
        """Draw this passage a little stronger than the others, wherever it is open."""
        self.selected = pid
        for view in self.tabs.views():
            self._apply(view)

    def _load(self, doc_id: str) -> None:
        if self.session is None:
            return
        gen = self._generation[doc_id] = self._generation.get(doc_id, 0) + 1
        self.session.read(lambda archive, _job: passages.query(archive, doc=doc_id),
                          lambda rows: self._on_loaded(doc_id, gen, rows))

    def _on_loaded(self, doc_id: str, gen: int, rows: list[dict]) -> None:
        if self._generation.get(doc_id) != gen:
            return
        self._cache[doc_id] = rows
        view = self.tabs.view_for(doc_id)
        if view is not None:
            self._apply(view)

    def _apply(self, view) -> None:
        rows = self._cache.get(view.doc_id)
        if rows is not None:
            view.set_highlights(passage_highlights(rows, self.selected, view.page_count))

    def _on_tabs_view_opened(self, view) -> None:
        view.highlight_clicked.connect(self._on_view_highlight_clicked)
        self._load(view.doc_id)

    def _on_view_highlight_clicked(self, key: str) -> None:
        if key:
            self.select(key)
            self.passage_clicked.emit(key)


__all__ = ["KIND_COLORS", "KIND_LABELS", "STATUS_LABELS", "STATUS_COLORS", "kind_color", "human_date",
           "passage_tooltip", "passage_highlights", "KindLegend", "Highlighter"]
