"""What a document viewer reads: page geometry, word-box hit tests and page rasters made in a worker process."""
from __future__ import annotations

import os
from collections import OrderedDict
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from archive import Archive

# A rendered page is capped at this many pixels; beyond it the viewer scales the raster up.
MAX_RENDER_PIXELS = 16_000_000
RENDER_MEMORY_LIMIT = 2 * 1024 ** 3
_OPEN_DOCS = 4

Word = tuple[int, int, float, float, float, float]   # (start, end, x0, y0, x1, y1), unrotated points


class PageSize(NamedTuple):
    width: float      # as displayed, i.e. after the page's /Rotate
    height: float
    rotation: int


def page_sizes(archive: "Archive", doc_id: str) -> list[PageSize]:
    """Displayed size and rotation of every page of a document, in page order, in one query."""
    rows = archive.db.execute(
        "SELECT width, height, rotation FROM pages WHERE doc_id = ? ORDER BY page", [doc_id]).fetchall()
    return [PageSize(float(w or 595.0), float(h or 842.0), int(r or 0) % 360) for w, h, r in rows]


def rotation_matrix(rotation: int, width: float, height: float) -> tuple[float, ...]:
    """(a, b, c, d, e, f) mapping unrotated page points to the displayed page (PyMuPDF's page.rotation_matrix).

    width/height are the displayed size; x' = a*x + c*y + e, y' = b*x + d*y + f."""
    rotation %= 360
    if rotation == 90:
        return (0.0, 1.0, -1.0, 0.0, width, 0.0)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, width, height)
    if rotation == 270:
        return (0.0, -1.0, 1.0, 0.0, 0.0, height)
    return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def line_rects(text: str, words: list[Word], start: int, end: int) -> list[tuple[float, float, float, float]]:
    """Rectangles (unrotated points) covering text[start:end], one per text line, gaps between words filled.

    Lines are where the page text has a line break between two words, so the bands follow reading order
    even in columns; words cut by the span are narrowed by their character share."""
    rects: list[list[float]] = []
    prev_end = None
    for ws, we, x0, y0, x1, y1 in words:
        if we <= start or ws >= end:
            prev_end = we
            continue
        n = max(we - ws, 1)
        a = x0 + (x1 - x0) * max(start - ws, 0) / n
        b = x1 - (x1 - x0) * max(we - end, 0) / n
        same_line = rects and prev_end is not None and "\n" not in text[prev_end:ws]
        if same_line:
            r = rects[-1]
            r[0], r[1], r[2], r[3] = min(r[0], a), min(r[1], y0), max(r[2], b), max(r[3], y1)
        else:
            rects.append([a, y0, b, y1])
        prev_end = we
    return [tuple(r) for r in rects]


def word_at(words: list[Word], x: float, y: float, nearest: bool = False) -> int | None:
    """Index of the word whose box holds (x, y) (unrotated points); with nearest, the closest word instead."""
    best, best_d = None, None
    for i, (_s, _e, x0, y0, x1, y1) in enumerate(words):
        dx = max(x0 - x, 0.0, x - x1)
        dy = max(y0 - y, 0.0, y - y1)
        if dx == 0 and dy == 0:
            return i
        if nearest:
            # Vertical distance counts more, so a point beside a line picks that line's end word.
            d = dx + 4 * dy
            if best_d is None or d < best_d:
                best, best_d = i, d
    return best


# -- rendering (runs in a worker process: PyMuPDF holds the GIL while rasterising and may crash) -------------

def render_page(doc, page_number: int, scale: float) -> tuple[int, int, int, bytes, float]:
    """RGB raster of a 1-based page at scale pixels per point: (width, height, stride, samples, used_scale)."""
    import pymupdf
    if not 1 <= page_number <= doc.page_count:
        raise ValueError(f"page {page_number} does not exist: the PDF has {doc.page_count} page(s)")
    page = doc[page_number - 1]
    rect = page.rect
    pixels = rect.width * scale * rect.height * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False, annots=True)
    return pix.width, pix.height, pix.stride, pix.samples, scale


def render_worker(conn) -> None:
    """Worker loop: receive (job_id, path, page, scale), send (job_id, ok, result or error message)."""
    import pymupdf
    from archive.extractor import limit_memory
    limit_memory(RENDER_MEMORY_LIMIT)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    docs: OrderedDict[str, object] = OrderedDict()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        job_id, path, page_number, scale = msg
        try:
            doc = docs.get(path)
            if doc is None:
                if not os.path.exists(path):
                    raise FileNotFoundError("the original PDF is missing from the archive")
                doc = pymupdf.open(path)
                docs[path] = doc
                while len(docs) > _OPEN_DOCS:
                    docs.popitem(last=False)[1].close()
            docs.move_to_end(path)
            reply = (job_id, True, render_page(doc, page_number, scale))
        except MemoryError:
            reply = (job_id, False, "the page needs more memory to draw than allowed")
        except FileNotFoundError as exc:
            reply = (job_id, False, str(exc))
        except Exception as exc:  # noqa: BLE001 - a damaged page is reported, the worker lives on
            reply = (job_id, False, f"{type(exc).__name__}: {str(exc)[:160]}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
