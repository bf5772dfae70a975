"""Conversations: per pair of parties, what was sent and received in order, with the reply links and
the gaps ("no reply for 214 days"); a wrong reply link can be removed here."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from app import conversations

from .labels import intro_label

IdRole = Qt.ItemDataRole.UserRole + 61
ReplyRole = Qt.ItemDataRole.UserRole + 62


class ConversationsDialog(QDialog):
    """Lists conversations on the left and the chosen one's documents on the right; reads and writes
    go through the archive session (never on the GUI thread)."""

    document_requested = Signal(str)
    loaded = Signal(int)              # conversations listed
    conversation_shown = Signal(str)  # its id, once its documents are listed

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._open = True
        self.setWindowTitle("Conversations")
        self.resize(900, 520)
        v = QVBoxLayout(self)
        intro = intro_label("Each conversation is what two parties sent each other, in order. A gap shows how long "
                       "a letter or e-mail waited for an answer; ↩ marks a reply found from the e-mail headers or "
                       "from “your letter of …”.", self)
        v.addWidget(intro)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.list = QListWidget(split)
        self.list.setAccessibleName("Conversations")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        right = QWidget(split)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.entries = QListWidget(right)
        self.entries.setAccessibleName("Documents of the conversation")
        self.entries.setWordWrap(True)
        self.entries.itemActivated.connect(lambda _i: self.open_selected())
        self.entries.currentItemChanged.connect(lambda *_: self._update_buttons())
        rv.addWidget(self.entries, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open document", right)
        self.open_button.clicked.connect(self.open_selected)
        self.unlink_button = QPushButton("Not a reply to that", right)
        self.unlink_button.setToolTip("Remove this document's reply link; it is not guessed again")
        self.unlink_button.clicked.connect(self.unlink_selected)
        row.addWidget(self.open_button)
        row.addWidget(self.unlink_button)
        row.addStretch(1)
        rv.addLayout(row)
        split.setSizes([300, 600])
        v.addWidget(split, 1)
        self.status = QLabel(self)
        self.status.setObjectName("countLabel")
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        v.addWidget(close)
        self._update_buttons()
        self.reload()

    def done(self, result: int) -> None:
        self._open = False
        super().done(result)

    def reload(self, select: str | None = None) -> None:
        self.session.read(lambda archive, _job: conversations.list_conversations(archive),
                          lambda rows: self._on_loaded(rows, select),
                          lambda m: self._open and self.status.setText(f"The conversations could not be read: {m}"))

    def _on_loaded(self, rows: list[dict], select: str | None) -> None:
        if not self._open:
            return
        keep = select or self.current_id()
        self.list.clear()
        for c in rows:
            span = f"{c['first'] or '?'} – {c['last'] or '?'}"
            item = QListWidgetItem(f"{' ↔ '.join(c['parties'])}\n{c['documents']} document(s), {span}"
                                   + (f"\n{c['waiting']['waiting']}: {c['waiting']['text']}" if c["waiting"] else ""))
            item.setData(IdRole, c["id"])
            self.list.addItem(item)
            if c["id"] == keep:
                self.list.setCurrentItem(item)
        if rows and self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        self.status.setText("" if rows else "No conversations yet: they appear once letters or e-mails with a "
                            "sender and a recipient are added.")
        self.loaded.emit(len(rows))

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(IdRole) if item is not None else None

    def _on_list_current_changed(self, item, _previous) -> None:
        if item is None:
            self.entries.clear()
            return
        cid = item.data(IdRole)
        self.session.read(lambda archive, _job: conversations.get_conversation(archive, cid),
                          self._on_conversation_loaded,
                          lambda m: self._open and self.status.setText(f"The conversation could not be read: {m}"))

    def _on_conversation_loaded(self, view: dict) -> None:
        if not self._open or view["id"] != self.current_id():
            return
        self.entries.clear()
        for e in view["entries"]:
            if e.get("gap_before"):
                self._gap(e["gap_before"]["text"])
            reply = ""
            if e.get("replies_to"):
                reply = f"\n    ↩ replies to “{e['replies_to']['title']}”"
            item = QListWidgetItem(f"{e['date'] or '(no date)'}   {e['from']} → {e['to']}\n"
                                   f"    {e['kind']}: {e['title']}{reply}")
            item.setData(IdRole, e["id"])
            item.setData(ReplyRole, bool(e.get("replies_to")))
            self.entries.addItem(item)
        if view["waiting"]:
            self._gap(view["waiting"]["text"])
        self._update_buttons()
        self.conversation_shown.emit(view["id"])

    def _gap(self, text: str) -> None:
        item = QListWidgetItem(f"        … {text} …")
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(self.palette().placeholderText())
        self.entries.addItem(item)

    def _selected_entry(self) -> QListWidgetItem | None:
        item = self.entries.currentItem()
        return item if item is not None and item.data(IdRole) else None

    def _update_buttons(self) -> None:
        item = self._selected_entry()
        self.open_button.setEnabled(item is not None)
        self.unlink_button.setEnabled(item is not None and bool(item.data(ReplyRole)))

    def open_selected(self) -> None:
        item = self._selected_entry()
        if item is not None:
            self.document_requested.emit(item.data(IdRole))

    def unlink_selected(self) -> None:
        item = self._selected_entry()
        if item is None or not item.data(ReplyRole):
            return
        doc_id = item.data(IdRole)
        cid = self.current_id()
        self.session.write(lambda archive, _job: conversations.unlink_reply(archive, doc_id),
                           lambda _r: self._open and self.reload(select=cid),
                           lambda m: self._open and self.status.setText(f"The link could not be removed: {m}"),
                           name="Remove reply link")


def show_conversations(window) -> ConversationsDialog | None:
    """Open the Conversations dialog over the window (View ▸ Conversations…)."""
    if window.session is None:
        return None
    dialog = ConversationsDialog(window.session, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.document_requested.connect(window.open_document)
    dialog.open()
    return dialog
