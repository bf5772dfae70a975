"""Where a draft's structure lives in its QTextDocument: the properties that mark quotations, citations and
the appendix, and how model text becomes a paragraph of the document; shared by convert and appendix_table."""
from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextDocument, QTextFormat

# Where the draft's structure lives in the document: Qt keeps user properties through editing,
# undo and internal copy and paste, but not through HTML.
P_KIND = QTextFormat.Property.UserProperty + 1          # block: "quote" | "appendix_title"
P_CITATION = QTextFormat.Property.UserProperty + 2      # block (quotations) or char (inline quotes): JSON
P_INLINE = QTextFormat.Property.UserProperty + 3        # char: key of an inline quotation
P_APPENDIX = QTextFormat.Property.UserProperty + 4      # table: the appendix's rows as JSON
P_STANDALONE = QTextFormat.Property.UserProperty + 5    # block: a quotation set in quotation marks, not indented
P_QUESTION = QTextFormat.Property.UserProperty + 6      # block in the appendix: the archive question it shows

LINE_BREAK = "\u2028"          # a line break inside one paragraph (a quotation keeps its own breaks)
OPEN_QUESTIONS_COLUMN = 4


def to_document_text(text: str) -> str:
    """Model text ("\n" between lines) as one paragraph of the document."""
    return text.replace("\r\n", "\n").replace("\n", LINE_BREAK)


def from_document_text(text: str) -> str:
    return text.replace(LINE_BREAK, "\n").replace("\u2029", "\n")


def base_font_size(doc: QTextDocument) -> float:
    size = doc.defaultFont().pointSizeF()
    return size if size > 0 else 12.0


def block_kind(block: QTextBlock) -> str | None:
    value = block.blockFormat().property(P_KIND)
    return value if isinstance(value, str) else None
