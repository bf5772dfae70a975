"""What the viewer lays over pages: highlights, the selection, and each page's words placed on the displayed page."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QTransform

from app.viewer_data import PageSize, line_rects, rotation_matrix, word_at

SEARCH_COLOR = QColor(255, 221, 0, 150)
CURRENT_SEARCH_COLOR = QColor(255, 140, 0, 170)


@dataclass
class Highlight:
    """A coloured span of one page's text: a tagged passage, a search match, a link target."""
    page: int                 # 1-based
    start: int                # character offsets in that page's text
    end: int
    color: QColor = field(default_factory=lambda: QColor(SEARCH_COLOR))
    kind: str = "passage"     # "search" for search matches; other kinds are the caller's
    tooltip: str = ""
    key: str = ""             # reported by highlight_clicked; empty means not clickable

    def __post_init__(self):
        if self.page < 1:
            raise ValueError(f"highlight page {self.page} is not valid: pages are numbered from 1")
        if not 0 <= self.start < self.end:
            raise ValueError(f"highlight span {self.start}–{self.end} is empty or negative")


@dataclass(frozen=True)
class Selection:
    """Selected text: from offset start on page to offset end on end_page (the same page unless the
    selection runs across a page break), the text itself, and its (page, start, end) piece per page."""
    doc_id: str
    page: int
    start: int
    end: int
    text: str
    end_page: int | None = None
    pieces: tuple[tuple[int, int, int], ...] = ()

    @property
    def last_page(self) -> int:
        return self.end_page or self.page

    def spans(self) -> tuple[tuple[int, int, int], ...]:
        return self.pieces or ((self.page, self.start, self.end),)


class PageText:
    """One page's text and word boxes; boxes are unrotated PDF points, answers are displayed page points."""

    def __init__(self, layout: dict, size: PageSize):
        self.text: str = layout["text"] or ""
        self.words = layout["words"]
        self.source: str = layout.get("source") or ""
        self.problem: str = layout.get("problem") or ""
        self.transform = QTransform(*rotation_matrix(size.rotation, size.width, size.height))
        self.inverse, _ok = self.transform.inverted()
        self._rects: dict[tuple[int, int], list[QRectF]] = {}

    def word_at(self, point: QPointF, nearest: bool = False) -> int | None:
        p = self.inverse.map(point)
        return word_at(self.words, p.x(), p.y(), nearest)

    def word_span(self, first: int, last: int) -> tuple[int, int]:
        """Character span from word first to word last, whichever order they are given in."""
        lo, hi = min(first, last), max(first, last)
        return self.words[lo][0], self.words[hi][1]

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per line covering text[start:end], in displayed page points."""
        key = (start, end)
        rects = self._rects.get(key)
        if rects is None:
            rects = [self.transform.mapRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)))
                     for x0, y0, x1, y1 in line_rects(self.text, self.words, start, end)]
            if len(self._rects) > 512:
                self._rects.clear()
            self._rects[key] = rects
        return rects
