"""A draft's body as a QTextDocument and back: paragraphs, cited quotations and the commitments appendix."""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from PySide6.QtGui import (QBrush, QColor, QFont, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextDocument, QTextFormat, QTextListFormat, QTextTable)

from app.draft.model import Appendix, Block, Citation, DraftError, Paragraph, Quote, Run

from .appendix_table import APPENDIX_COLUMNS, appendix_cells, read_appendix, write_appendix_table  # noqa: F401
from .marks import (LINE_BREAK, OPEN_QUESTIONS_COLUMN, P_APPENDIX, P_CITATION, P_INLINE,  # noqa: F401
                    P_KIND, P_QUESTION, P_STANDALONE, base_font_size, block_kind, from_document_text,
                    to_document_text)

QUOTE_INDENT = 30.0
CAPTION_SPACE = 24.0           # room under a quotation where the editor draws its source
LINK_COLOR = "#2f6fdb"
HEADING_SIZES = {"heading1": 1.4, "heading2": 1.16}
STYLE_LABELS = {"body": "Body text", "heading1": "Heading 1", "heading2": "Heading 2", "bullet": "Bullet list"}


@dataclass
class QuoteSpan:
    """Where one quotation's words sit in the document, in reading order."""

    start: int
    end: int
    text: str
    citation: Citation | None   # None for a quotation typed by hand
    block: bool          # its own paragraph (True) or words inside a sentence (False)
    cited_as: str | None = None     # a typed quotation's own citation: "(… p. 1)" typed right after it


def citation_json(citation: Citation) -> str:
    return json.dumps(citation.to_dict(), ensure_ascii=False, sort_keys=True)


def citation_from_json(value) -> Citation | None:
    if not isinstance(value, str):
        return None
    try:
        return Citation.from_dict(json.loads(value))
    except (ValueError, TypeError, DraftError):
        return None


# ---------------------------------------------------------------- formats

def block_format(style: str) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setBottomMargin(8)
    fmt.setLineHeight(118, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    if style in HEADING_SIZES:
        fmt.setHeadingLevel(1 if style == "heading1" else 2)
        fmt.setTopMargin(16 if style == "heading1" else 10)
        fmt.setBottomMargin(6)
    return fmt


def text_format(doc: QTextDocument, style: str = "body") -> QTextCharFormat:
    fmt = QTextCharFormat()
    if style in HEADING_SIZES:
        fmt.setFontPointSize(round(base_font_size(doc) * HEADING_SIZES[style], 1))
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


def run_format(doc: QTextDocument, run: Run, style: str = "body") -> QTextCharFormat:
    fmt = text_format(doc, style)
    if run.bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if run.italic:
        fmt.setFontItalic(True)
    if run.link:
        set_link(fmt, run.link)
    return fmt


def set_link(fmt: QTextCharFormat, href: str | None) -> None:
    if href:
        fmt.setAnchor(True)
        fmt.setAnchorHref(href)
        fmt.setFontUnderline(True)
        fmt.setForeground(QBrush(QColor(LINK_COLOR)))
    else:
        fmt.setAnchor(False)
        fmt.setAnchorHref("")
        fmt.clearProperty(QTextFormat.Property.AnchorHref)
        fmt.setFontUnderline(False)
        fmt.clearForeground()


def quote_block_format(citation: Citation, standalone: bool = False) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    fmt.setProperty(P_KIND, "quote")
    fmt.setProperty(P_CITATION, citation_json(citation))
    if standalone:
        fmt.setProperty(P_STANDALONE, True)
    fmt.setLeftMargin(QUOTE_INDENT)
    fmt.setRightMargin(QUOTE_INDENT)
    fmt.setTopMargin(4)
    fmt.setBottomMargin(CAPTION_SPACE)
    fmt.setLineHeight(118, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    return fmt


def inline_quote_format(citation: Citation, key: str | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setProperty(P_INLINE, key or uuid.uuid4().hex[:12])
    fmt.setProperty(P_CITATION, citation_json(citation))
    return fmt


def plain_format_at(fmt: QTextCharFormat) -> QTextCharFormat:
    """fmt without quotation or link properties: what text typed next to a quotation should get."""
    clean = QTextCharFormat(fmt)
    for prop in (P_INLINE, P_CITATION):
        clean.clearProperty(prop)
    if clean.isAnchor():
        set_link(clean, None)
    return clean


def is_quote_block(block: QTextBlock) -> bool:
    return block_kind(block) == "quote"


def block_style(block: QTextBlock) -> str:
    if block.textList() is not None:
        return "bullet"
    level = block.blockFormat().headingLevel()
    return {1: "heading1", 2: "heading2"}.get(level, "body")


def appendix_table(cursor: QTextCursor) -> QTextTable | None:
    table = cursor.currentTable()
    return table if table is not None and isinstance(table.format().property(P_APPENDIX), str) else None


def is_read_only(cursor: QTextCursor) -> bool:
    """Only the open-questions column of an appendix (and its title) may be edited among its parts."""
    table = appendix_table(cursor)
    if table is None:
        return False
    cell = table.cellAt(cursor)
    return not (cell.isValid() and cell.row() >= 1 and cell.column() == OPEN_QUESTIONS_COLUMN)


# ---------------------------------------------------------------- writing

class BlockWriter:
    """Appends blocks to a document, reusing the empty block Qt leaves after a table."""

    def __init__(self, doc: QTextDocument, cursor: QTextCursor | None = None):
        self.doc = doc
        self.cursor = cursor or QTextCursor(doc)
        self.fresh = self.cursor.block().length() <= 1 and cursor is None
        self.list = None

    def new_block(self, fmt: QTextBlockFormat, char_fmt: QTextCharFormat) -> None:
        if self.fresh:
            self.cursor.setBlockFormat(fmt)
            self.cursor.setBlockCharFormat(char_fmt)
            self.fresh = False
        else:
            self.cursor.insertBlock(fmt, char_fmt)
        self.list = None if fmt.property(P_KIND) is not None else self.list

    def paragraph(self, p: Paragraph) -> None:
        style = p.style if p.style in STYLE_LABELS else "body"
        base = text_format(self.doc, "heading1" if style == "heading1" else
                           "heading2" if style == "heading2" else "body")
        keep_list = style == "bullet" and self.list is not None
        self.new_block(block_format(style), base)
        if style == "bullet":
            if keep_list:
                self.list.add(self.cursor.block())
            else:
                self.list = self.cursor.createList(bullet_list_format())
        else:
            self.list = None
        for run in p.runs:
            if isinstance(run, Quote):
                fmt = inline_quote_format(run.citation)
                fmt.merge(text_format(self.doc, style))
                self.cursor.insertText(to_document_text(run.text), fmt)
            elif run.text:
                self.cursor.insertText(to_document_text(run.text), run_format(self.doc, run, style))

    def quote(self, q: Quote) -> None:
        self.new_block(quote_block_format(q.citation, standalone=not q.block), QTextCharFormat())
        self.list = None
        self.cursor.insertText(to_document_text(q.text), QTextCharFormat())

    def appendix(self, a: Appendix) -> None:
        title_fmt = block_format("heading2")
        title_fmt.setProperty(P_KIND, "appendix_title")
        title_fmt.setTopMargin(22)
        self.new_block(title_fmt, text_format(self.doc, "heading2"))
        self.list = None
        self.cursor.insertText(a.title, text_format(self.doc, "heading2"))
        table = write_appendix_table(self.cursor, a)
        self.cursor.setPosition(table.lastPosition() + 1)
        self.fresh = True


def bullet_list_format() -> QTextListFormat:
    fmt = QTextListFormat()
    fmt.setStyle(QTextListFormat.Style.ListDisc)
    fmt.setIndent(1)
    return fmt


def write_blocks(doc: QTextDocument, blocks: list[Block]) -> None:
    """Replace the document's content with the draft's blocks (one undo-free load)."""
    doc.setUndoRedoEnabled(False)
    try:
        doc.clear()
        writer = BlockWriter(doc)
        for block in blocks:
            if isinstance(block, Paragraph):
                writer.paragraph(block)
            elif isinstance(block, Quote):
                writer.quote(block)
            elif isinstance(block, Appendix):
                writer.appendix(block)
        if not blocks:
            writer.cursor.setBlockFormat(block_format("body"))
    finally:
        doc.setUndoRedoEnabled(True)


# ---------------------------------------------------------------- reading

def _same_format(a: Run, b: Run) -> bool:
    return (a.bold, a.italic, a.link) == (b.bold, b.italic, b.link)


def read_runs(block: QTextBlock) -> list[Run | Quote]:
    heading = block.blockFormat().headingLevel() > 0
    runs: list[Run | Quote] = []
    inline_key = None
    it = block.begin()
    while not it.atEnd():
        frag = it.fragment()
        it += 1
        if not frag.isValid() or not frag.text():
            continue
        fmt = frag.charFormat()
        text = from_document_text(frag.text())
        key = fmt.property(P_INLINE)
        citation = citation_from_json(fmt.property(P_CITATION)) if key else None
        if citation is not None:
            if inline_key == key and runs and isinstance(runs[-1], _PendingQuote):
                runs[-1].text += text
            else:
                runs.append(_PendingQuote(text, citation))
            inline_key = key
            continue
        inline_key = None
        bold = not heading and fmt.fontWeight() >= QFont.Weight.Bold
        link = fmt.anchorHref() or None if fmt.isAnchor() else None
        run = Run(text, bold=bold, italic=fmt.fontItalic(), link=link)
        if runs and isinstance(runs[-1], Run) and _same_format(runs[-1], run):
            runs[-1].text += text
        else:
            runs.append(run)
    out: list[Run | Quote] = []
    for r in runs:
        if isinstance(r, _PendingQuote):
            if r.text.strip():
                out.append(Quote(r.text.strip(), r.citation, block=False))
        else:
            out.append(r)
    return out


class _PendingQuote:
    def __init__(self, text: str, citation: Citation):
        self.text, self.citation = text, citation


def _quote_from_block(block: QTextBlock) -> Quote | None:
    citation = citation_from_json(block.blockFormat().property(P_CITATION))
    text = from_document_text(block.text()).strip()
    if citation is None or not text:
        return None
    return Quote(text, citation, block=not block.blockFormat().boolProperty(P_STANDALONE))


def read_blocks(doc: QTextDocument) -> list[Block]:
    """The draft's blocks as the document shows them now; empty paragraphs and emptied quotations
    are left out."""
    blocks: list[Block] = []
    seen_tables: set[int] = set()
    block = doc.firstBlock()
    previous = None
    while block.isValid():
        table = appendix_table(QTextCursor(block))
        if table is not None:
            if table.firstPosition() not in seen_tables:
                seen_tables.add(table.firstPosition())
                title = previous if previous is not None and block_kind(previous) == "appendix_title" else None
                blocks.append(read_appendix(table, title))
            block = doc.findBlock(table.lastPosition() + 1)
            previous = None
            continue
        kind = block_kind(block)
        if kind == "quote":
            quote = _quote_from_block(block)
            if quote is not None:
                blocks.append(quote)
        elif kind != "appendix_title" and QTextCursor(block).currentTable() is None:
            runs = read_runs(block)
            if any(isinstance(r, Quote) or r.text.strip() for r in runs):
                blocks.append(Paragraph(runs, style=block_style(block)))
        previous = block
        block = block.next()
    return blocks


def quote_spans(doc: QTextDocument) -> list[QuoteSpan]:
    """Every quotation's place in the document, in reading order (the order of its notes)."""
    spans: list[QuoteSpan] = []
    block = doc.firstBlock()
    while block.isValid():
        if is_quote_block(block):
            quote = _quote_from_block(block)
            if quote is not None:
                spans.append(QuoteSpan(block.position(), block.position() + block.length() - 1,
                                       quote.text, quote.citation, True))
        elif block.blockFormat().property(P_KIND) is None:
            _inline_spans(block, spans)
        block = block.next()
    return spans


def _inline_spans(block: QTextBlock, spans: list[QuoteSpan]) -> None:
    current = None
    it = block.begin()
    while not it.atEnd():
        frag = it.fragment()
        it += 1
        key = frag.charFormat().property(P_INLINE)
        citation = citation_from_json(frag.charFormat().property(P_CITATION)) if key else None
        if citation is None:
            current = None
            continue
        if current is not None and current[0] == key:
            span = current[1]
            span.end = frag.position() + frag.length()
            span.text += from_document_text(frag.text())
        else:
            span = QuoteSpan(frag.position(), frag.position() + frag.length(),
                             from_document_text(frag.text()), citation, False)
            spans.append(span)
            current = (key, span)
    while spans and not spans[-1].block and not spans[-1].text.strip():
        spans.pop()
