"""The commitments appendix as a table of the draft's document and back: only the questions column is for
typing; in it the archive's questions (each a paragraph that knows its question) and those typed by hand."""
from __future__ import annotations

import json

from PySide6.QtGui import (QBrush, QColor, QFont, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor,
                           QTextLength, QTextTable, QTextTableFormat)

from app.draft.export_layout import made_parts, status_details
from app.draft.model import QUESTION_LABELS, Appendix, AppendixQuestion, AppendixRow

from .marks import (LINE_BREAK, OPEN_QUESTIONS_COLUMN, P_APPENDIX, P_QUESTION, base_font_size, block_kind,
                    from_document_text, to_document_text)

APPENDIX_COLUMNS = ("Undertaking", "Made by / when", "Source", "Status (date, evidence)", "Open questions")
_COLUMN_WIDTHS = (27, 13, 19, 19, 22)


def _appendix_json(a: Appendix) -> str:
    rows = []
    for r in a.rows:
        d = r.to_dict()
        d.pop("open_questions", None)      # what the cell holds is read from the cell
        rows.append(d)
    return json.dumps({"title": a.title, "rows": rows}, ensure_ascii=False, sort_keys=True)


def appendix_cells(row: AppendixRow) -> list[list[tuple[str, bool]]]:
    """The first four columns' lines as (text, emphasised), the way the letter's exports lay them out."""
    status = [(row.status or "—", True)] + [(line, False) for line in status_details(row)]
    return [[(row.undertaking, False)], [(p, False) for p in made_parts(row)], [(row.source.text(), False)], status]


def _question_block(cursor: QTextCursor, question_id: str | None, fmt: QTextCharFormat, first: bool) -> None:
    block = QTextBlockFormat()
    block.setBottomMargin(3)
    if question_id:
        block.setProperty(P_QUESTION, question_id)
    if first:
        cursor.setBlockFormat(block)
    else:
        cursor.insertBlock(block, fmt)
    cursor.setBlockCharFormat(fmt)
    cursor.setCharFormat(fmt)


def write_appendix_table(cursor: QTextCursor, a: Appendix) -> QTextTable:
    """Insert the appendix as a table at the cursor; only its open-questions cells are for typing."""
    doc = cursor.document()
    fmt = QTextTableFormat()
    fmt.setProperty(P_APPENDIX, _appendix_json(a))
    fmt.setBorder(1)
    fmt.setBorderStyle(QTextTableFormat.BorderStyle.BorderStyle_Solid)
    fmt.setBorderBrush(QBrush(QColor(128, 136, 148, 90)))
    fmt.setBorderCollapse(True)
    fmt.setCellPadding(5)
    fmt.setCellSpacing(0)
    fmt.setHeaderRowCount(1)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, w) for w in _COLUMN_WIDTHS])
    fmt.setBottomMargin(12)
    table = cursor.insertTable(len(a.rows) + 1, len(APPENDIX_COLUMNS), fmt)
    small = QTextCharFormat()
    small.setFontPointSize(round(base_font_size(doc) * 0.84, 1))
    header = QTextCharFormat(small)
    header.setFontWeight(QFont.Weight.DemiBold)
    for col, label in enumerate(APPENDIX_COLUMNS):
        cell = table.cellAt(0, col)
        shade = cell.format()
        shade.setBackground(QColor(128, 136, 148, 34))     # translucent: reads on light and dark pages
        cell.setFormat(shade)
        cell.firstCursorPosition().insertText(label, header)
    strong = QTextCharFormat(small)
    strong.setFontWeight(QFont.Weight.DemiBold)
    for r, row in enumerate(a.rows, start=1):
        for col, lines in enumerate(appendix_cells(row)):
            c = table.cellAt(r, col).firstCursorPosition()
            for i, (text, emphasised) in enumerate(lines):
                if i:
                    c.insertText(LINE_BREAK, small)
                c.insertText(to_document_text(text), strong if emphasised else small)
        cell = table.cellAt(r, OPEN_QUESTIONS_COLUMN)
        tint = cell.format()
        tint.setBackground(QColor(47, 111, 219, 30))       # the one column that is for typing
        cell.setFormat(tint)
        c = cell.firstCursorPosition()
        asked = [q for q in row.questions if q.text.strip()]
        for i, q in enumerate(asked):
            _question_block(c, q.passage_id, small, first=i == 0)
            c.insertText(to_document_text(q.label()), small)
        if row.open_questions or not asked:
            _question_block(c, None, small, first=not asked)
            if row.open_questions:
                c.insertText(to_document_text(row.open_questions), small)
    return table


# ---------------------------------------------------------------- reading

def _cell_blocks(table: QTextTable, row: int, col: int) -> list[QTextBlock]:
    cell = table.cellAt(row, col)
    block, end = cell.firstCursorPosition().block(), cell.lastCursorPosition().position()
    blocks = []
    while block.isValid() and block.position() <= end:
        blocks.append(block)
        block = block.next()
    return blocks


def _without_state(text: str, question: AppendixQuestion) -> str:
    """The question's words without the state its cell shows after them ("… (partly answered)")."""
    label = QUESTION_LABELS.get(question.state, question.state.replace("-", " "))
    suffix = f" ({label})" if label else ""
    return text[:-len(suffix)].rstrip() if suffix and text.endswith(suffix) else text


def _read_questions(table: QTextTable, row: int, stored: AppendixRow) -> None:
    """Fill stored's questions, typed questions and those taken out from the questions cell: a paragraph
    that knows its archive question is that question (reworded, perhaps); any other is typed. Enter at the
    end of a question gives a paragraph that knows the same question: only the one still showing its
    words (or else the first) is it."""
    blocks = [(b.blockFormat().property(P_QUESTION), from_document_text(b.text()).strip())
              for b in _cell_blocks(table, row, OPEN_QUESTIONS_COLUMN)]
    known = {q.passage_id: q for q in stored.questions if q.passage_id}
    chosen: dict[str, int] = {}
    for qid, q in known.items():
        mine = [i for i, (b, text) in enumerate(blocks) if b == qid and text]
        exact = [i for i in mine if text_matches(blocks[i][1], q)]
        if mine:
            chosen[qid] = (exact or mine)[0]
    questions, typed = [], []
    for i, (qid, text) in enumerate(blocks):
        if isinstance(qid, str) and chosen.get(qid) == i:
            q = known[qid]
            questions.append(AppendixQuestion(qid, _without_state(text, q), q.state, q.asked_on, q.asked_in))
        elif text:
            typed.append(text)
    stored.dropped_questions = list(dict.fromkeys(stored.dropped_questions + [qid for qid in known
                                                                              if qid not in chosen]))
    stored.questions = questions
    stored.open_questions = "\n".join(typed)


def text_matches(text: str, question: AppendixQuestion) -> bool:
    return text in (question.text, question.label())


def read_appendix(table: QTextTable, title_block: QTextBlock | None = None) -> Appendix:
    stored = json.loads(table.format().property(P_APPENDIX))
    rows = []
    for i, raw in enumerate(stored.get("rows", []), start=1):
        row = AppendixRow.from_dict(dict(raw, open_questions=""))
        if i < table.rows():
            _read_questions(table, i, row)
        rows.append(row)
    title = stored.get("title") or ""
    if title_block is not None and block_kind(title_block) == "appendix_title" and title_block.text().strip():
        title = from_document_text(title_block.text()).strip()
    return Appendix(title=title, rows=rows)
