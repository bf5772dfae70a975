"""A line above an e-mail's or attachment's pages: what it was attached to, its attachments, and the
documents it answers or that answer it; each document named is a link that opens it."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel

from app.correspondence import details


def relations_html(info: dict) -> str:
    """The bar's text (rich text with doc: links), "" when the document has no such relations."""
    def link(doc_id: str, title: str) -> str:
        return f'<a href="doc:{doc_id}">{html.escape(title or doc_id[:12])}</a>'

    parts = []
    if info.get("attached_to"):
        parts.append("Attached to " + ", ".join(link(p["id"], p["title"]) for p in info["attached_to"]))
    if info.get("attachments"):
        shown = [link(a["id"], a["name"]) if a["id"] else html.escape(a["name"]) for a in info["attachments"]]
        parts.append("Attachments: " + ", ".join(shown))
    if info.get("replies_to"):
        parts.append("Replies to " + link(info["replies_to"]["id"], info["replies_to"]["title"]))
    if info.get("answered_by"):
        parts.append("Answered by " + ", ".join(link(r["id"], r["title"]) for r in info["answered_by"]))
    return " · ".join(parts)


class RelationsBar(QLabel):
    document_requested = Signal(str)

    def __init__(self, archive, doc_id: str, parent=None):
        super().__init__(parent)
        self.setObjectName("relationsBar")
        self.setAccessibleName("Related documents")
        self.setWordWrap(True)
        self.setContentsMargins(8, 2, 8, 4)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse |
                                     Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.linkActivated.connect(self._on_link_activated)
        self.refresh(archive, doc_id)

    def refresh(self, archive, doc_id: str) -> None:
        text = relations_html(details(archive, doc_id))
        self.setText(text)
        self.setVisible(bool(text))

    def _on_link_activated(self, href: str) -> None:
        if href.startswith("doc:"):
            self.document_requested.emit(href[4:])
