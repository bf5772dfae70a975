"""A searchable dialog for choosing tagged passages to quote: by words of the quote, party, thread and kind."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QTableView, QVBoxLayout)

from app import passages as passages_app
from app.draft.model import human_date

from .draft.text import MIME_PASSAGE
from .labels import intro_label
from .models import RowsModel

KIND_LABELS = {"commitment": "Commitment", "claim": "Claim", "rebuttal": "Rebuttal", "question": "Question"}
STATUS_LABELS = {"open": "open", "fulfilled": "fulfilled", "partly-fulfilled": "partly fulfilled",
                 "broken": "broken", "withdrawn": "withdrawn", "unanswered": "unanswered", "answered": "answered",
                 "partly-answered": "partly answered", "declined": "declined"}
ALL = "__all__"


def one_line(text: str) -> str:
    return " ".join((text or "").split())


class PassageModel(RowsModel):
    """Tagged passages as rows: quote, said by, said on, kind (and status), source."""

    HEADERS = ("Quote", "Said by", "Said on", "Kind", "Source")

    def header_names(self) -> tuple[str, ...]:
        return self.HEADERS

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        p = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return one_line(p["quote"])
            if col == 1:
                return p.get("by") or "—"
            if col == 2:
                return human_date(p.get("said_on")) or "undated"
            if col == 3:
                kind = KIND_LABELS.get(p["kind"], p["kind"])
                return f"{kind} · {STATUS_LABELS.get(p['status'], p['status'])}" if p.get("status") else kind
            if col == 4:
                if p.get("doc_id") is None:
                    return "Written directly"
                return f"{p.get('doc_title') or 'Untitled'}, p. {p['page']}"
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            threads = ", ".join(p.get("threads") or []) or "no thread"
            return f"{one_line(p['quote'])}\n\nThreads: {threads}"
        if role == Qt.ItemDataRole.UserRole:
            return p["id"]
        if role == Qt.ItemDataRole.UserRole + 1:
            return p.get("said_on") or ""
        return None

    def mimeTypes(self) -> list[str]:
        return [MIME_PASSAGE]

    def mimeData(self, indexes) -> QMimeData:
        ids = list(dict.fromkeys(self.rows[i.row()]["id"] for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(MIME_PASSAGE, "\n".join(ids).encode())
        data.setText("\n\n".join(one_line(p["quote"]) for p in self.rows if p["id"] in ids))
        return data


class PassageFilter(QSortFilterProxyModel):
    """Rows whose quote, party, document title or thread contain every typed word, and match the chosen
    party, thread and kind."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []
        self.party = self.thread = self.kind = None

    def set_filters(self, text: str = "", party: str | None = None, thread: str | None = None,
                    kind: str | None = None) -> None:
        self.words = [w.casefold() for w in text.split()]
        self.party, self.thread, self.kind = party, thread, kind
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        p = self.sourceModel().rows[row]
        if self.party and (p.get("by") or "") != self.party:
            return False
        if self.thread and self.thread not in (p.get("threads") or []):
            return False
        if self.kind and p["kind"] != self.kind:
            return False
        if self.words:
            hay = " ".join([one_line(p["quote"]), p.get("by") or "", p.get("doc_title") or "", p["kind"],
                            *(p.get("threads") or [])]).casefold()
            return all(w in hay for w in self.words)
        return True

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:
        if left.column() == 2:
            a = left.data(Qt.ItemDataRole.UserRole + 1)
            b = right.data(Qt.ItemDataRole.UserRole + 1)
            return (a == "", a) < (b == "", b)
        return super().lessThan(left, right)


class PassagePicker(QDialog):
    """Choose one or more passages; Insert hands them over in the order shown."""

    loaded = Signal(int)
    passages_chosen = Signal(list)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Insert a passage")
        self.resize(900, 560)
        v = QVBoxLayout(self)
        v.setSpacing(8)
        intro = intro_label("Choose what to quote. The words go in exactly as tagged, with a citation to their source; "
                       "you can shorten them afterwards with […].", self)
        v.addWidget(intro)
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search quotes, parties, documents, threads…")
        self.search.setAccessibleName("Search passages")
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 1)
        self.party = self._combo("Any party", "Filter by who said it")
        self.thread = self._combo("Any thread", "Filter by thread")
        self.kind = self._combo("Any kind", "Filter by kind")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        for combo in (self.party, self.thread, self.kind):
            row.addWidget(combo)
        v.addLayout(row)
        self.model = PassageModel(self)
        self.proxy = PassageFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(self)
        self.table.setObjectName("passageTable")
        self.table.setAccessibleName("Passages")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 170), (2, 110), (3, 150), (4, 200)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        v.addWidget(self.table, 1)
        self.status = QLabel("Loading passages…", self)
        self.status.setObjectName("countLabel")
        v.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.insert_button = self.buttons.addButton("Insert", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.insert_button.setDefault(True)
        self.insert_button.setEnabled(False)
        self.buttons.accepted.connect(self._on_insert_clicked)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.search.textChanged.connect(self._apply_filters)
        for combo in (self.party, self.thread, self.kind):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.table.doubleClicked.connect(lambda _i: self._on_insert_clicked())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.search.setFocus()
        if session is not None:
            session.read(lambda archive, job: passages_app.query(archive), self._on_loaded, self._on_failed)

    def _combo(self, everything: str, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.addItem(everything, None)
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return combo

    def set_passages(self, rows: list[dict]) -> None:
        # A question written directly is in no letter, so there is nothing to quote or cite.
        rows = [p for p in rows if p.get("doc_id") is not None]
        self.model.set_rows(rows)
        for combo, values in ((self.party, {p.get("by") for p in rows if p.get("by")}),
                              (self.thread, {t for p in rows for t in (p.get("threads") or [])})):
            while combo.count() > 1:
                combo.removeItem(1)
            for value in sorted(values, key=str.casefold):
                combo.addItem(value, value)
        self._apply_filters()
        self.loaded.emit(len(rows))

    def _on_loaded(self, rows: list[dict]) -> None:
        self.set_passages(rows)

    def _on_failed(self, message: str) -> None:
        self.status.setText(f"The passages could not be read: {message}")
        self.status.setObjectName("errorText")
        self.status.style().polish(self.status)

    def _apply_filters(self, *_args) -> None:
        self.proxy.set_filters(self.search.text(), self.party.currentData(), self.thread.currentData(),
                               self.kind.currentData())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            self.status.setText("No passages are tagged yet: select words in a letter and tag them first.")
        elif shown == total:
            self.status.setText(f"{total} passage{'s' if total != 1 else ''}")
        else:
            self.status.setText(f"{shown} of {total} passages match")
        if shown and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._on_selection_changed()

    def _on_selection_changed(self, *_args) -> None:
        self.insert_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> list[dict]:
        """The selected passages, in the order the table shows them."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()] for r in rows]

    def _on_insert_clicked(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        self.passages_chosen.emit(chosen)
        self.accept()
