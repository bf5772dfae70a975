"""Editing operations on a draft's document: paragraph styles, links, pasted paragraphs, the appendix and
the citations of its quotations."""
from __future__ import annotations

from PySide6.QtGui import (QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat,
                           QTextTable)

from app.draft.model import Appendix, Citation, Paragraph, Quote, Run

from .convert import (HEADING_SIZES, P_CITATION, P_KIND, BlockWriter, appendix_table, base_font_size,
                            block_format, block_style, bullet_list_format, citation_from_json, citation_json,
                            plain_format_at, run_format, set_link, text_format, to_document_text,
                            write_appendix_table)


def replace_appendix(table: QTextTable, fresh: Appendix) -> QTextTable:
    """Put a refreshed appendix where an old one was, as one undoable step."""
    cursor = QTextCursor(table.document())
    cursor.beginEditBlock()
    start = table.firstPosition() - 1
    cursor.setPosition(start)
    cursor.setPosition(table.lastPosition() + 1, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    new = write_appendix_table(cursor, fresh)
    cursor.endEditBlock()
    return new


def insert_paragraphs(cursor: QTextCursor, paragraphs: list[Paragraph]) -> None:
    """Paste paragraphs at the cursor: the first joins the current paragraph, the rest follow it."""
    doc = cursor.document()
    writer = BlockWriter(doc, cursor)
    for i, p in enumerate(paragraphs):
        if i:
            writer.paragraph(p)
            continue
        for run in p.runs:
            if isinstance(run, Run) and run.text:
                cursor.insertText(to_document_text(run.text), run_format(doc, run, block_style(cursor.block())))
            elif isinstance(run, Quote):
                cursor.insertText(to_document_text(run.text), plain_format_at(cursor.charFormat()))


def append_appendix(doc: QTextDocument, appendix: Appendix) -> QTextTable:
    """Add the appendix (its title and table) at the end of the letter, as one undoable step."""
    cursor = QTextCursor(doc)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.beginEditBlock()
    writer = BlockWriter(doc, cursor)
    last = cursor.block()
    writer.fresh = last.length() <= 1 and last.blockFormat().property(P_KIND) is None \
        and last.textList() is None and cursor.currentTable() is None
    writer.appendix(appendix)
    cursor.endEditBlock()
    return appendix_tables(doc)[-1]


def appendix_tables(doc: QTextDocument) -> list[QTextTable]:
    tables, seen = [], set()
    block = doc.firstBlock()
    while block.isValid():
        table = appendix_table(QTextCursor(block))
        if table is not None and table.firstPosition() not in seen:
            seen.add(table.firstPosition())
            tables.append(table)
            block = doc.findBlock(table.lastPosition() + 1)
            continue
        block = block.next()
    return tables


def set_paragraph_style(cursor: QTextCursor, style: str) -> None:
    """Make the paragraphs under the cursor body text, a heading or bullet points (quotations and the
    appendix keep their own form)."""
    doc = cursor.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    blocks = []
    block = doc.findBlock(start)
    while block.isValid() and block.position() <= end:
        if block.blockFormat().property(P_KIND) is None and QTextCursor(block).currentTable() is None:
            blocks.append(block)
        block = block.next()
    if not blocks:
        return
    edit = QTextCursor(doc)
    edit.beginEditBlock()
    for b in blocks:
        lst = b.textList()
        if lst is not None:
            lst.remove(b)
        edit.setPosition(b.position())
        fmt = block_format("bullet" if style == "bullet" else style)
        fmt.setIndent(0)
        edit.setBlockFormat(fmt)
        edit.setBlockCharFormat(text_format(doc, style))
        it = b.begin()
        pieces = []
        while not it.atEnd():
            frag = it.fragment()
            it += 1
            if frag.isValid():
                pieces.append((frag.position(), frag.length(), QTextCharFormat(frag.charFormat())))
        for pos, length, fmt_c in pieces:
            fmt_c.clearProperty(QTextFormat.Property.FontPointSize)
            if style in HEADING_SIZES:
                fmt_c.setFontPointSize(round(base_font_size(doc) * HEADING_SIZES[style], 1))
                fmt_c.setFontWeight(QFont.Weight.DemiBold)
            elif fmt_c.fontWeight() == QFont.Weight.DemiBold:
                fmt_c.setFontWeight(QFont.Weight.Normal)
            edit.setPosition(pos)
            edit.setPosition(pos + length, QTextCursor.MoveMode.KeepAnchor)
            edit.setCharFormat(fmt_c)
    if style == "bullet":
        edit.setPosition(blocks[0].position())
        lst = edit.createList(bullet_list_format())
        for b in blocks[1:]:
            lst.add(b)
    edit.endEditBlock()


def clear_links(cursor: QTextCursor) -> None:
    """Remove links from the selected text, keeping its other formatting."""
    doc = cursor.document()
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    edit = QTextCursor(doc)
    edit.beginEditBlock()
    pos = start
    while pos < end:
        edit.setPosition(pos)
        edit.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor)
        fmt = edit.charFormat()
        if fmt.isAnchor():
            clean = QTextCharFormat(fmt)
            set_link(clean, None)
            edit.setCharFormat(clean)
        pos += 1
    edit.endEditBlock()


def update_citations(document, fresh: dict[str, Citation]) -> int:
    """Put the current citation of each quoted passage (by passage id) on its quotation in the
    document; returns how many passages' citations changed."""
    blocks, spans = [], []      # found first, changed after: changing formats splits fragments
    block = document.begin()
    while block.isValid():
        old = citation_from_json(block.blockFormat().property(P_CITATION))
        new = fresh.get(old.passage_id) if old is not None and old.passage_id else None
        if new is not None and new != old:
            blocks.append((block.position(), new))
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            old = citation_from_json(frag.charFormat().property(P_CITATION)) if frag.isValid() else None
            new = fresh.get(old.passage_id) if old is not None and old.passage_id else None
            if new is not None and new != old:
                spans.append((frag.position(), frag.position() + frag.length(), new))
            it += 1
        block = block.next()
    for position, new in blocks:
        cursor = QTextCursor(document.findBlock(position))
        fmt = QTextBlockFormat(cursor.blockFormat())
        fmt.setProperty(P_CITATION, citation_json(new))
        cursor.setBlockFormat(fmt)
    for start, end, new in spans:
        cursor = QTextCursor(document)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setProperty(P_CITATION, citation_json(new))
        cursor.mergeCharFormat(fmt)
    return len({new.passage_id for *_, new in blocks + spans})
