"""Text laid out as A4 PDF pages in memory (PyMuPDF's Story), read back with word boxes like any PDF."""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field

PAGE = (0, 0, 595, 842)            # A4 in points
MARGIN = 56
MAX_PAGES = 2000

CSS = """
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.3; }
h1 { font-size: 15pt; margin: 0 0 8pt 0; }
h2 { font-size: 13pt; margin: 10pt 0 6pt 0; }
h3 { font-size: 11.5pt; margin: 8pt 0 4pt 0; }
p { margin: 0 0 6pt 0; }
p.meta { margin: 0 0 2pt 0; color: #333333; }
p.quote { color: #555555; margin-left: 10pt; }
p.note { font-size: 9pt; color: #333333; }
p.rule { margin: 4pt 0 10pt 0; color: #999999; }
table { border-collapse: collapse; margin: 4pt 0 8pt 0; }
td { border: 0.5pt solid #999999; padding: 2pt 4pt; vertical-align: top; }
"""

# Characters that lay out as nothing or as a space: dropped or turned into spaces before
# layout, so that the text read back has the same visible characters as the source.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(" " if (c.isspace() and c != "\n") else c for c in text)


@dataclass
class Block:
    style: str                  # h1 h2 h3 p meta quote note rule table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    def source(self) -> str:
        if self.style == "table":
            return "\n".join(" ".join(cell for cell in row) for row in self.rows)
        return self.text


def source_text(blocks: list[Block]) -> str:
    """The text the blocks stand for: what span offsets (quoted passages) refer to."""
    return "\n\n".join(b.source() for b in blocks)


def _html(blocks: list[Block]) -> str:
    out = []
    for b in blocks:
        if b.style == "table":
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in b.rows)
            out.append(f"<table>{rows}</table>")
        elif b.style in ("h1", "h2", "h3"):
            out.append(f"<{b.style}>{html.escape(b.text)}</{b.style}>")
        else:
            body = "<br/>".join(html.escape(line) for line in b.text.split("\n"))
            out.append(f'<p class="{b.style}">{body}</p>')
    return "<body>" + "\n".join(out) + "</body>"


def render_pdf(blocks: list[Block]) -> bytes:
    """The blocks laid out on A4 pages; a PDF's bytes."""
    import pymupdf
    buffer = io.BytesIO()
    story = pymupdf.Story(_html(blocks) if blocks else "<body><p> </p></body>", user_css=CSS)
    writer = pymupdf.DocumentWriter(buffer)
    page = pymupdf.Rect(*PAGE)
    where = page + (MARGIN, MARGIN, -MARGIN, -MARGIN)
    more, pages = True, 0
    while more and pages < MAX_PAGES:
        device = writer.begin_page(page)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
        pages += 1
    writer.close()
    return buffer.getvalue()


def render_pages(blocks: list[Block]) -> tuple[bytes, list]:
    """(PDF bytes, page texts with word boxes as pdftext reads any PDF)."""
    from ..pdftext import extract
    pdf = render_pdf(blocks)
    return pdf, extract(pdf, ocr=False).pages


def map_spans(source: str, spans: list[tuple[int, int]], page_texts: list[str]) -> list[list[tuple[int, int, int]]]:
    """Source-text spans as (page, start, end) pieces in the laid-out pages' text (page 1-based, one
    piece per page the span covers), matching visible characters one for one: layout only moves
    line breaks and spaces. An empty list where the texts disagree."""
    positions: list[tuple[int, int]] = []       # visible character k -> (page, offset)
    for number, text in enumerate(page_texts, start=1):
        positions.extend((number, i) for i, c in enumerate(text) if not c.isspace())
    counts = [0] * (len(source) + 1)
    k = 0
    for i, c in enumerate(source):
        counts[i] = k
        if not c.isspace():
            k += 1
    counts[len(source)] = k
    if k != len(positions):
        return [[] for _ in spans]
    out: list[list[tuple[int, int, int]]] = []
    for start, end in spans:
        a, b = counts[start], counts[min(end, len(source))]
        pieces: list[tuple[int, int, int]] = []
        for page, offset in positions[a:b]:
            if pieces and pieces[-1][0] == page:
                pieces[-1] = (page, pieces[-1][1], offset + 1)
            else:
                pieces.append((page, offset, offset + 1))
        out.append(pieces)
    return out
