"""Draft ⇄ QTextDocument: quotations, citations, inline quotes, formatting and the appendix survive the round trip."""
import pytest
from PySide6.QtGui import QTextCursor, QTextDocument

from app.draft.model import Appendix, AppendixRow, Citation, Paragraph, Quote, Run
from ui.draft.convert import (LINE_BREAK, appendix_table, is_read_only, quote_spans, read_blocks, write_blocks)
from ui.draft.format import append_appendix, appendix_tables, clear_links, replace_appendix, set_paragraph_style


@pytest.fixture(autouse=True)
def qt_app(qapp):
    return qapp


def cite(page=1, passage="p-1"):
    return Citation(passage, "doc-1", "Veridian Signals Ltd", "2019-04-26", "Your letter of 14 March 2019",
                    "2019-04-26", page)


def row(text, status="Broken", questions=""):
    return AppendixRow(text, "Veridian Signals Ltd", "2019-04-26", cite(), status, "2021-01-15",
                       "No assessment was published", questions)


def sample_blocks():
    return [
        Paragraph([Run("We write about "), Run("your commitments", bold=True), Run(", see "),
                   Run("our report", italic=True, link="https://example.org/report"), Run(".")]),
        Paragraph([Run("The assessment")], "heading1"),
        Paragraph([Run("first point")], "bullet"),
        Paragraph([Run("second point")], "bullet"),
        Paragraph([Run("Details")], "heading2"),
        Quote("We will publish a human rights impact assessment […] by 31 December 2019.\nIt will be independent.",
              cite(2)),
        Paragraph([Run("You said that "), Quote("the mechanism will open", cite(3, "p-2"), block=False),
                   Run(" but it did not.")]),
        Quote("a quotation in quotation marks", cite(), block=False),
        Appendix("Appendix: Commitments", [row("We will publish", questions="When?\nWho decides?"),
                                           row("We will appoint an adviser", "Fulfilled")]),
        Paragraph([Run("After the appendix")]),
    ]


def test_round_trip_keeps_quotes_citations_formatting_and_appendix():
    doc = QTextDocument()
    blocks = sample_blocks()
    write_blocks(doc, blocks)
    assert read_blocks(doc) == blocks


def test_round_trip_twice_is_stable_and_leaves_no_undo_history():
    doc = QTextDocument()
    write_blocks(doc, sample_blocks())
    assert not doc.isUndoAvailable()
    again = QTextDocument()
    write_blocks(again, read_blocks(doc))
    assert read_blocks(again) == sample_blocks()
    assert again.toPlainText() == doc.toPlainText()


def test_quotation_line_breaks_stay_inside_one_paragraph():
    doc = QTextDocument()
    write_blocks(doc, [Quote("first line\nsecond line", cite())])
    assert doc.blockCount() == 1
    assert doc.firstBlock().text() == f"first line{LINE_BREAK}second line"


def test_quote_spans_give_each_quotation_its_place_in_reading_order():
    doc = QTextDocument()
    write_blocks(doc, sample_blocks())
    spans = quote_spans(doc)
    assert [s.block for s in spans] == [True, False, True]
    text = doc.toPlainText().replace(LINE_BREAK, "\n")
    for span in spans:
        assert text[span.start:span.end] == span.text
    assert spans[1].citation.passage_id == "p-2" and spans[1].citation.page == 3


def test_editing_a_quotation_changes_its_text_but_not_its_citation():
    doc = QTextDocument()
    write_blocks(doc, [Quote("We will publish it by 31 December 2019.", cite(2))])
    c = QTextCursor(doc)
    c.setPosition(doc.toPlainText().index("31"))
    c.setPosition(c.position() + 2, QTextCursor.MoveMode.KeepAnchor)
    c.insertText("30")
    (quote,) = read_blocks(doc)
    assert quote.text == "We will publish it by 30 December 2019."
    assert quote.citation == cite(2)


def test_emptied_quotations_and_blank_paragraphs_are_left_out():
    doc = QTextDocument()
    write_blocks(doc, [Paragraph([Run("   ")]), Quote("gone soon", cite()), Paragraph([Run("kept")])])
    c = QTextCursor(doc.findBlockByNumber(1))
    c.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    c.removeSelectedText()
    assert read_blocks(doc) == [Paragraph([Run("kept")])]


def test_only_the_open_questions_column_is_editable():
    doc = QTextDocument()
    write_blocks(doc, [Paragraph([Run("Intro")]), Appendix("Appendix", [row("We will publish")])])
    table = appendix_tables(doc)[0]
    for r, col, editable in ((0, 4, False), (1, 0, False), (1, 3, False), (1, 4, True)):
        c = table.cellAt(r, col).firstCursorPosition()
        assert is_read_only(c) is (not editable)
    assert not is_read_only(QTextCursor(doc.firstBlock()))
    typed = table.cellAt(1, 4).firstCursorPosition()
    typed.insertText("Has a date been set?")
    assert read_blocks(doc)[1].rows[0].open_questions == "Has a date been set?"


def test_replacing_an_appendix_is_one_undo_step():
    doc = QTextDocument()
    write_blocks(doc, [Paragraph([Run("Intro")]), Appendix("Appendix", [row("We will publish", "Open")])])
    doc.setUndoRedoEnabled(True)
    replace_appendix(appendix_tables(doc)[0], Appendix("Appendix", [row("We will publish", "Broken", "Why?")]))
    assert read_blocks(doc)[1].rows[0].status == "Broken"
    doc.undo()
    assert read_blocks(doc)[1].rows[0].status == "Open"


def test_append_appendix_adds_title_and_table_at_the_end():
    doc = QTextDocument()
    write_blocks(doc, [Paragraph([Run("Body")])])
    table = append_appendix(doc, Appendix("Appendix: Commitments", [row("A"), row("B")]))
    assert appendix_table(table.firstCursorPosition()) is not None
    blocks = read_blocks(doc)
    assert blocks[0] == Paragraph([Run("Body")])
    assert blocks[1].title == "Appendix: Commitments"
    assert [r.undertaking for r in blocks[1].rows] == ["A", "B"]


def test_paragraph_styles_apply_to_the_selected_paragraphs():
    doc = QTextDocument()
    write_blocks(doc, [Paragraph([Run("one")]), Paragraph([Run("two")]), Quote("quoted words", cite()),
                       Paragraph([Run("three")])])
    c = QTextCursor(doc)
    c.setPosition(0)
    c.setPosition(doc.findBlockByNumber(3).position() + 2, QTextCursor.MoveMode.KeepAnchor)
    set_paragraph_style(c, "bullet")
    styles = [b.style if isinstance(b, Paragraph) else "quote" for b in read_blocks(doc)]
    assert styles == ["bullet", "bullet", "quote", "bullet"]
    set_paragraph_style(QTextCursor(doc.firstBlock()), "heading2")
    assert read_blocks(doc)[0] == Paragraph([Run("one")], "heading2")
    set_paragraph_style(QTextCursor(doc.firstBlock()), "body")
    assert read_blocks(doc)[0] == Paragraph([Run("one")])


def test_links_can_be_removed_keeping_other_formatting():
    doc = QTextDocument()
    write_blocks(doc, [Paragraph([Run("see "), Run("this", italic=True, link="https://example.org")])])
    c = QTextCursor(doc)
    c.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    clear_links(c)
    assert read_blocks(doc) == [Paragraph([Run("see "), Run("this", italic=True)])]
