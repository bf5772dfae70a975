"""The passages list: tagged passages of the open document or the whole archive, filterable, orphans flagged."""
from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMenu, QPushButton, QTableView, QVBoxLayout, QWidget)

from app import passages

from .flow_layout import FlowLayout
from .combos import refill
from .highlights import KIND_LABELS, STATUS_LABELS, human_date
from .resources import icon
from .tagging import kind_icon

PassageIdRole = Qt.ItemDataRole.UserRole + 21
PassageRole = Qt.ItemDataRole.UserRole + 22
SortRole = Qt.ItemDataRole.UserRole + 23
ORPHAN_TIP = ("This passage could not be found again in the document's current text (it was re-read or "
              "replaced). It is kept as it was quoted, but not highlighted; check it and tag it again.")


def one_line(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


class PassagesModel(QAbstractTableModel):
    """Passages as passages.query() returns them."""

    COLUMNS = (("kind", "Kind"), ("quote", "Passage"), ("by", "Said by"), ("said_on", "Said on"),
               ("status", "Status"), ("doc_title", "Document"), ("threads", "Threads"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self._warning = None

    def set_passages(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, pid: str) -> int:
        return next((i for i, p in enumerate(self.rows) if p["id"] == pid), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section][1]
        return None

    def display(self, p: dict, key: str) -> str:
        if key == "kind":
            return KIND_LABELS.get(p["kind"], p["kind"])
        if key == "quote":
            return one_line(p["quote"])
        if key == "said_on":
            return human_date(p["said_on"])
        if key == "status":
            return STATUS_LABELS.get(p["status"], "") if p["status"] else ""
        if key == "threads":
            return ", ".join(p["threads"])
        if key == "by":
            return ", ".join(p.get("by_all") or []) or p["by"] or ""
        if key == "doc_title" and p["doc_id"] is None:
            return "Written directly"      # a question not in any letter yet
        return str(p.get(key) or "")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        p = self.rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self.display(p, key)
            if role == Qt.ItemDataRole.AccessibleTextRole and key == "quote" and p["orphaned"]:
                return f"{text} (not found in the document any more)"
            return text
        if role == PassageIdRole:
            return p["id"]
        if role == PassageRole:
            return p
        if role == SortRole:
            if key == "said_on":
                return f"{p['said_on'] or '0000'}\t{p['created_at']}"
            return self.display(p, key).lower()
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "kind":
                return kind_icon(p["kind"])
            if key == "quote" and p["orphaned"]:
                if self._warning is None:
                    self._warning = icon("warning", "#c88a00")
                return self._warning
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "quote":
                tip = one_line(p["quote"], 600)
                return f"{ORPHAN_TIP}\n\n{tip}" if p["orphaned"] else tip
            return self.display(p, key)
        return None


class PassageFilter(QSortFilterProxyModel):
    """Words in the quote, note, party or document, plus kind, party, thread, status and (for
    questions) whom it was asked of."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []
        self.kind = self.party = self.thread = self.status = self.to = ""
        self.setSortRole(SortRole)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.words = [w for w in text.lower().split() if w]
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filters(self, kind: str = "", party: str = "", thread: str = "", status: str = "", to: str = "") -> None:
        self.beginFilterChange()
        self.kind, self.party, self.thread, self.status, self.to = kind, party, thread, status, to
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        model = self.sourceModel()
        if model is None or parent.isValid() or row >= len(model.rows):
            return False
        p = model.rows[row]
        if self.kind and p["kind"] != self.kind:
            return False
        if self.party and self.party not in (p.get("by_all") or [p["by"] or ""]):
            return False
        if self.to and p.get("to") != self.to:
            return False
        if self.thread and self.thread not in p["threads"]:
            return False
        if self.status and p["status"] != self.status:
            return False
        if self.words:
            hay = " ".join([p["quote"], p["note"], *(p.get("by_all") or [p["by"] or ""]), p.get("to") or "",
                            p["doc_title"] or "", *p["threads"]]).lower()
            return all(w in hay for w in self.words)
        return True


def load_passages(doc_id: str | None):
    def run(archive, _job) -> dict:
        return {"rows": passages.query(archive, doc=doc_id) if doc_id else passages.query(archive)}
    return run


def passage_table(parent, model, name: str) -> QTableView:
    """A read-only, single-selection table of passages sorted by when they were said."""
    table = QTableView(parent)
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


class PassagesPanel(QWidget):
    """Passages of the open document (or the whole archive), with filters and orphans listed with a warning."""

    passage_selected = Signal(str)     # the current row changed: inspect this passage
    passage_activated = Signal(str)    # Enter / double-click: show it in its document
    questions_requested = Signal(str)  # open the questions asked of this party ("" anyone)
    loaded = Signal(int)               # rows after a (re)load

    def __init__(self, commands, parent=None):
        super().__init__(parent)
        self.commands = commands
        self.session = None
        self.doc_id = ""
        self._generation = 0
        self.model = PassagesModel(self)
        self.proxy = PassageFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        v.setContentsMargins(8, 8, 8, 4)
        v.setSpacing(6)
        row = QHBoxLayout()
        self.scope_box = QComboBox(self)
        self.scope_box.setAccessibleName("Which passages")
        self.scope_box.addItem("Open document", "document")
        self.scope_box.addItem("Whole archive", "archive")
        self.scope_box.currentIndexChanged.connect(self._on_scope_changed)
        row.addWidget(self.scope_box)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter passages…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter passages")
        self.filter_box.textChanged.connect(self.proxy.set_text)
        self.filter_box.textChanged.connect(self._update_count)
        row.addWidget(self.filter_box, 1)
        v.addLayout(row)
        row = FlowLayout(spacing=6)     # two rows of two in a narrow panel
        self.kind_box = self._combo("All kinds", "Filter by kind", [(KIND_LABELS[k], k) for k in passages.KINDS])
        self.party_box = self._combo("Anyone", "Filter by who said it", [])
        self.thread_box = self._combo("All threads", "Filter by thread", [])
        self.status_box = self._combo("Any status", "Filter by status",
                                      [(STATUS_LABELS[s], s) for s in passages.STATUSES])
        self.to_box = self._combo("Asked of anyone", "Filter questions by whom they were asked of", [])
        for box in (self.kind_box, self.party_box, self.thread_box, self.status_box, self.to_box):
            row.addWidget(box, 1)
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        v.addLayout(row)
        self.orphan_banner = QLabel(self)
        self.orphan_banner.setObjectName("errorText")
        self.orphan_banner.setWordWrap(True)
        self.orphan_banner.hide()
        v.addWidget(self.orphan_banner)
        self.table = passage_table(self, self.proxy, "Passages")
        self.table.setObjectName("passagesTable")
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # The quote matters most: it comes right after the kind and gets the room; the rest scrolls.
        for col, width in ((0, 120), (1, 300), (2, 140), (3, 112), (4, 96), (5, 180), (6, 140)):
            header.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        self.delete_action = QAction("Delete passage", self.table)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.table.addAction(self.delete_action)
        v.addWidget(self.table, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.count_label.setWordWrap(True)      # its hints are long; it must not widen the panel
        row = QHBoxLayout()
        row.addWidget(self.count_label, 1)
        self.questions_button = QPushButton("Questions…", self)
        self.questions_button.setToolTip("What we asked each party, and what is still unanswered")
        self.questions_button.clicked.connect(lambda: self.questions_requested.emit(self.to_box.currentData() or ""))
        row.addWidget(self.questions_button, 0)
        v.addLayout(row)
        self.table.setColumnHidden(5, True)     # the scope starts at "Open document"

    def _combo(self, everything: str, name: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        box.setToolTip(name)
        box.addItem(everything, "")
        for label, value in items:
            box.addItem(label, value)
        box.setMinimumContentsLength(6)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.currentIndexChanged.connect(self._on_filters_changed)
        return box

    # -- data ----------------------------------------------------------------------------------------------------
    def set_session(self, session) -> None:
        self.session = session
        self.model.set_passages([])
        self.reload()

    def set_document(self, doc_id: str) -> None:
        """Follow the open document (used when the scope is "Open document")."""
        if doc_id != self.doc_id:
            self.doc_id = doc_id
            if self.scope() == "document":
                self.reload()

    def scope(self) -> str:
        return self.scope_box.currentData()

    def set_scope(self, scope: str) -> None:
        self.scope_box.setCurrentIndex(max(0, self.scope_box.findData(scope)))

    def reload(self) -> None:
        if self.session is None:
            return
        self._generation += 1
        gen = self._generation
        doc = self.doc_id if self.scope() == "document" else None
        if self.scope() == "document" and not doc:
            self._on_loaded(gen, {"rows": []})
            return
        self.session.read(load_passages(doc), lambda r: self._on_loaded(gen, r),
                          lambda m: self.count_label.setText(f"The passages could not be read: {m}"))

    def _on_loaded(self, gen: int, result: dict) -> None:
        if gen != self._generation:
            return
        current = self.current_passage_id()
        self.model.set_passages(result["rows"])
        self._fill(self.party_box, sorted({n for p in result["rows"] for n in p.get("by_all") or []}, key=str.lower))
        self._fill(self.to_box, sorted({p["to"] for p in result["rows"] if p.get("to")}, key=str.lower))
        self._fill(self.thread_box, sorted({t for p in result["rows"] for t in p["threads"]}, key=str.lower))
        orphans = sum(1 for p in result["rows"] if p["orphaned"])
        self.orphan_banner.setVisible(bool(orphans))
        self.orphan_banner.setText(
            f"⚠ {orphans} passage{'s' if orphans != 1 else ''} could not be found in the document text any more "
            "(marked with a warning below). Their quotes are kept; check them and tag them again.")
        self._update_count()
        if current:
            self.select_passage(current, notify=False)
        self.loaded.emit(len(result["rows"]))

    def _fill(self, box: QComboBox, values: list[str]) -> None:
        refill(box, values)
        self._on_filters_changed()

    def _on_filters_changed(self, *_args) -> None:
        self.proxy.set_filters(kind=self.kind_box.currentData() or "", party=self.party_box.currentData() or "",
                               thread=self.thread_box.currentData() or "", status=self.status_box.currentData() or "",
                               to=self.to_box.currentData() or "")
        self._update_count()

    def _on_kind_changed(self, *_args) -> None:
        """Questions have states (unanswered, answered, …), commitments statuses: offer the kind's own."""
        question = self.kind_box.currentData() == "question"
        states = passages.QUESTION_STATES if question else passages.STATUSES
        if [self.status_box.itemData(i) for i in range(1, self.status_box.count())] == list(states):
            return
        keep = self.status_box.currentData()
        self.status_box.blockSignals(True)
        while self.status_box.count() > 1:
            self.status_box.removeItem(1)
        for s in states:
            self.status_box.addItem(STATUS_LABELS[s], s)
        self.status_box.setItemText(0, "Any state" if question else "Any status")
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(keep)))
        self.status_box.blockSignals(False)
        self._on_filters_changed()

    def set_filters(self, kind: str = "", status: str = "", to: str = "") -> None:
        """Choose filters from elsewhere (e.g. the questions asked of one party)."""
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(kind)))
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(status)))
        self.to_box.setCurrentIndex(max(0, self.to_box.findData(to)))

    def _on_scope_changed(self, *_args) -> None:
        # Within one document its title is the same on every row.
        self.table.setColumnHidden(5, self.scope() == "document")
        self.reload()

    def _update_count(self, *_args) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if self.scope() == "document" and not self.doc_id:
            self.count_label.setText("Open a document to see its passages, or choose Whole archive")
            return
        noun = "passage" if total == 1 else "passages"
        if total == 0:
            hint = "select words on the page and press 1, 2, 3 or 4 to tag them" if self.scope() == "document" else ""
            self.count_label.setText(f"No passages yet{': ' + hint if hint else ''}")
        else:
            self.count_label.setText(f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}")

    # -- selection -----------------------------------------------------------------------------------------------
    def current_passage_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(PassageIdRole) if index.isValid() else None

    def select_passage(self, pid: str, notify: bool = True) -> bool:
        row = self.model.row_of(pid)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if not index.isValid():
            return False
        self.table.blockSignals(not notify)
        self.table.selectionModel().blockSignals(not notify)
        self.table.selectRow(index.row())
        self.table.selectionModel().blockSignals(False)
        self.table.blockSignals(False)
        self.table.scrollTo(index)
        return True

    def delete_current(self) -> None:
        pid = self.current_passage_id()
        if pid:
            self.commands.untag(pid)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.passage_selected.emit(current.data(PassageIdRole))

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.passage_activated.emit(index.data(PassageIdRole))

    def _on_table_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        pid = index.data(PassageIdRole)
        p = index.data(PassageRole)
        menu = QMenu(self)
        show = menu.addAction("Show in document", lambda: self.passage_activated.emit(pid))
        show.setEnabled(p["doc_id"] is not None)
        if p["kind"] == "question":
            whom = p.get("to") or ""
            menu.addAction(f"Questions asked of {whom}…" if whom else "Questions…",
                           lambda: self.questions_requested.emit(whom))
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))


PICKER_QUOTE_WIDTH = 300   # the passage column of the picker never gets narrower than this


class PassagePickerDialog(QDialog):
    """Choose a passage from the whole archive by typing words of it, its party or its document."""

    def __init__(self, session, title: str, exclude: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(980, 520)
        self.exclude = exclude
        self.model = PassagesModel(self)
        self.proxy = PassageFilter(self)
        self.proxy.setSourceModel(self.model)
        v = QVBoxLayout(self)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Type words of the passage, who said it or the document…")
        self.filter_box.setAccessibleName("Find a passage")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._on_filter_box_changed)
        v.addWidget(self.filter_box)
        self.table = passage_table(self, self.proxy, "Passages to choose from")
        self.table.verticalHeader().hide()
        # Similar passages are told apart by their words, letter and date: the quote gets the room
        # (two lines of it), beside who said it, when, and the letter; status and threads are left out.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 118), (2, 150), (3, 120), (5, 210)):
            header.resizeSection(col, width)
        for col in (4, 6):
            self.table.setColumnHidden(col, True)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 12)
        self.setMinimumWidth(118 + 150 + 120 + 210 + PICKER_QUOTE_WIDTH + 40)
        self.table.activated.connect(lambda _i: self.accept())
        v.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        session.read(load_passages(None), self._on_loaded)

    def _on_loaded(self, result: dict) -> None:
        self.model.set_passages([p for p in result["rows"] if p["id"] != self.exclude])
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def _on_filter_box_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        if self.proxy.rowCount():
            self.table.selectRow(0)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(current.isValid())

    def chosen(self) -> dict | None:
        index = self.table.currentIndex()
        return index.data(PassageRole) if index.isValid() else None
