"""Painting the page strip: soft page shadows, rendered pages or placeholders, highlights and the selection."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

if TYPE_CHECKING:
    from .page_canvas import PageCanvas

PLACEHOLDER = QColor(246, 246, 244)
PLACEHOLDER_TEXT = QColor(110, 110, 110)
SHADOW = ((4, 10), (3, 16), (2, 26), (1, 44))     # (spread in px, alpha), outermost first
SELECTION_ALPHA = 110


def paint_pages(canvas: "PageCanvas", painter: QPainter, clip) -> None:
    painter.fillRect(clip, canvas.background_color())
    clip_f = QRectF(clip)
    dpr = canvas.viewport().devicePixelRatioF()
    cache, failures = canvas.renderer.cache, canvas.renderer.failures
    for page in canvas.visible_pages():
        r = canvas.page_viewport_rect(page)
        if not r.adjusted(-6, -6, 6, 6).intersects(clip_f):
            continue
        _shadow(painter, r)
        key = canvas.render_key(page)
        image = cache.get(key) or cache.any_for_page(key.doc_id, page, key.scale)
        if image is not None:
            exact = abs(image.width() - r.width() * dpr) < 1.5
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not exact)
            painter.drawImage(r, image)
        else:
            painter.fillRect(r, PLACEHOLDER)
            failure = failures.get(key)
            if failure:
                painter.setPen(PLACEHOLDER_TEXT)
                painter.drawText(r.adjusted(24, 24, -24, -24),
                                 Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                                 f"This page cannot be shown.\n{failure}")
        _overlays(canvas, painter, page)


def _shadow(painter: QPainter, r: QRectF) -> None:
    for spread, alpha in SHADOW:
        painter.fillRect(r.adjusted(-spread, -spread + 1, spread, spread + 1), QColor(0, 0, 0, alpha))


def _overlays(canvas: "PageCanvas", painter: QPainter, page: int) -> None:
    marks = canvas.overlays(page)
    selection = canvas.selection()
    selected = [piece for piece in selection.spans() if piece[0] == page] if selection is not None else []
    if not marks and not selected:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    # Multiply keeps dark text dark under a coloured marker, as ink on paper does.
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
    painter.setPen(Qt.PenStyle.NoPen)
    for rect, color, _current in marks:
        painter.setBrush(color)
        painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 2, 2)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    for rect, color, current in marks:
        if current:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(color.darker(140), 1.5))
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), 2, 2)
    if selected:
        # The accent colour, multiplied like a marker so the words stay black: the pale Highlight
        # colour was so faint that people tagged the same words again.
        band = selection_color(canvas.palette())
        rects = [rect for _page, start, end in selected for rect in canvas.span_viewport_rects(page, start, end)]
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(band)
        for rect in rects:
            painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(band.red(), band.green(), band.blue(), 220), 1))
        for rect in rects:
            # an outline, which tagged passages do not have: a selection over a blue commitment
            # still shows as a selection
            painter.drawRect(rect.adjusted(-1, -1, 1, 1))
    painter.restore()


def selection_color(palette: QPalette) -> QColor:
    """The text selection on a page: the theme's accent at about half strength."""
    band = QColor(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Accent))
    band.setAlpha(SELECTION_ALPHA)
    return band
