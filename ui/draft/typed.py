"""Quotations typed or pasted by hand into a draft's paragraphs (words in quotation marks, not inserted
from a passage): found by the same rule quote-check applies to an exported file."""
from __future__ import annotations

from PySide6.QtGui import QTextDocument

from app.draft.read import citation_after, inline_quotations

from .convert import P_KIND, QuoteSpan, from_document_text, is_quote_block


def typed_quote_spans(doc: QTextDocument, inserted: list[QuoteSpan]) -> list[QuoteSpan]:
    """Typed quotations in reading order, with no Citation but the citation typed in brackets right
    after one, if any (cited_as); words that belong to an inserted quotation (the inserted spans) are
    not counted again."""
    taken = [(s.start, s.end) for s in inserted]
    spans: list[QuoteSpan] = []
    block = doc.firstBlock()
    while block.isValid():
        if not is_quote_block(block) and block.blockFormat().property(P_KIND) is None:
            text = from_document_text(block.text())
            for words, start, end in inline_quotations(text):
                a, b = block.position() + start, block.position() + end
                if not any(x < b and a < y for x, y in taken):
                    # The closing quotation mark sits at end; a citation in brackets may follow it.
                    spans.append(QuoteSpan(a, b, words, None, False, citation_after(text, end + 1)))
        block = block.next()
    return spans
