"""The library's item models: every document with sort keys worked out once, and the filter that
shows the rows matching the filter box and the quick filters."""
from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from .models import DocIdRole, DocRole, SortRole, UnsureRole

# Roles as plain ints: compared for every role of every cell painted.
_DISPLAY, _DECORATION, _TOOLTIP, _BACKGROUND, _ALIGNMENT, _ACCESSIBLE = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.AccessibleTextRole))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

_FIELD_LABELS = {"date": "date", "senders": "senders", "recipients": "recipients", "title": "title"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unsure_field: str | None = None


COLUMNS = (Column("date", "Date", "date"), Column("title", "Title", "title"),
           Column("senders", "From", "senders"), Column("recipients", "To", "recipients"),
           Column("kind", "Kind"), Column("pages", "Pages"), Column("passages", "Passages"))


def year_of(doc: dict) -> str:
    return (doc.get("date") or "")[:4]


# Sort keys of the columns that depend on the document alone (Passages sorts by its count).
_KEYED = ("date", "title", "senders", "recipients", "kind", "pages")


def prepare_doc(doc: dict) -> tuple:
    """A document's sort keys (in _KEYED order) and the text the filter box searches, worked out
    once per load (on the loading thread for a whole library) instead of at every comparison."""
    title = str(doc.get("title") or "")
    senders, recipients = doc.get("senders") or [], doc.get("recipients") or []
    hay = " ".join([title, doc.get("date") or "", doc.get("kind", ""), doc.get("file_name", ""),
                    *senders, *recipients]).lower()
    # Undated letters sort before every dated one, then by title for a stable order.
    return (f"{doc.get('date') or '0000'}\t{title.lower()}", title.lower(), ("; ".join(senders) or "—").lower(),
            ("; ".join(recipients) or "—").lower(), str(doc.get("kind") or "").lower(), int(doc.get("pages", 0)),
            hay)


def prepare_docs(docs: list[dict]) -> dict[str, tuple]:
    return {d["id"]: prepare_doc(d) for d in docs}


def sort_docs(docs: list[dict], prepared: dict[str, tuple], passage_counts: dict[str, int] | None,
              sorted_by: tuple[str, Qt.SortOrder]) -> None:
    """Sort in place by a column key (LibraryModel.sorted_by): on the loading thread for a whole
    library, so that the window need not spend 40 ms of its own at 20,000 letters."""
    key, order = sorted_by
    if key == "passages":
        counts = passage_counts or {}
        by = lambda d: counts.get(d["id"], 0)  # noqa: E731
    else:
        at = _KEYED.index(key)
        by = lambda d: prepared[d["id"]][at]  # noqa: E731
    docs.sort(key=by, reverse=order == Qt.SortOrder.DescendingOrder)


class LibraryModel(QAbstractTableModel):
    """Documents as public_doc() dicts; the Passages column appears once passage counts are known."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.docs: list[dict] = []
        self.passage_counts: dict[str, int] | None = None
        self.prepared: dict[str, tuple] = {}
        self.unsure_count = 0
        self.unsure_brush = QBrush(QColor("#fff3cd"))
        self.unsure_icon = None
        self._sorted_by = ("date", Qt.SortOrder.DescendingOrder)

    @property
    def sorted_by(self) -> tuple[str, Qt.SortOrder]:
        """The column key and order the documents are in."""
        return self._sorted_by

    def set_docs(self, docs: list[dict], passage_counts: dict[str, int] | None = None,
                 prepared: dict[str, tuple] | None = None, sorted_by: tuple | None = None) -> None:
        """Show these documents; `prepared` (prepare_docs) saves working the keys out here, and
        `sorted_by` says the documents come sorted (sort_docs) in that order already."""
        self.beginResetModel()
        self.docs = list(docs)
        self.passage_counts = passage_counts
        self.prepared = prepared if prepared is not None else prepare_docs(self.docs)
        self.unsure_count = sum(1 for d in self.docs if d.get("unsure"))
        if sorted_by != self._sorted_by:
            self._sort_docs()
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with one prepared key per row: far faster than a proxy asking data() for
        every comparison."""
        if not 0 <= column < self.columnCount():
            return
        if (self.columns()[column].key, order) == self._sorted_by:
            return      # the documents are always in this order already
        self._sorted_by = (self.columns()[column].key, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        where = [(self.docs[i.row()]["id"], i.column()) for i in old]
        self._sort_docs()
        rows = {d["id"]: r for r, d in enumerate(self.docs)}
        self.changePersistentIndexList(old, [self.index(rows[doc_id], col) for doc_id, col in where])
        self.layoutChanged.emit()

    def _sort_docs(self) -> None:
        sort_docs(self.docs, self.prepared, self.passage_counts, self._sorted_by)

    def haystack(self, doc: dict) -> str:
        return self.prepared[doc["id"]][-1]

    def columns(self) -> tuple[Column, ...]:
        return COLUMNS if self.passage_counts is not None else COLUMNS[:-1]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.docs)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns())

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.columnCount():
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns()[section].label
            if role == Qt.ItemDataRole.TextAlignmentRole and self.columns()[section].key in ("pages", "passages"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_of(self, doc_id: str) -> int:
        for i, d in enumerate(self.docs):
            if d["id"] == doc_id:
                return i
        return -1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.docs)):
            return None
        return self.value(self.docs[index.row()], self.columns()[index.column()], role)

    def value(self, doc: dict, col: Column, role: int):
        """What `data` answers for this document's cell in this column."""
        unsure = col.unsure_field is not None and col.unsure_field in doc.get("unsure", [])
        if role == _DISPLAY:
            return self._display(doc, col.key)
        if role == SortRole:
            return self._sort_key(doc, col.key)
        if role == DocIdRole:
            return doc["id"]
        if role == DocRole:
            return doc
        if role == UnsureRole:
            return unsure
        if role == _BACKGROUND and unsure:
            return self.unsure_brush
        if role == _DECORATION and col.key == "title" and doc.get("unsure") and self.unsure_icon is not None:
            return self.unsure_icon
        if role == _TOOLTIP:
            return self._tooltip(doc, col, unsure)
        if role == _ALIGNMENT and col.key in ("pages", "passages"):
            return _RIGHT
        if role == _ACCESSIBLE:
            text = self._display(doc, col.key)
            return f"{text} (needs checking)" if unsure else text
        return None

    def _display(self, doc: dict, key: str) -> str:
        if key == "date":
            return doc.get("date") or "—"
        if key in ("senders", "recipients"):
            return "; ".join(doc.get(key) or []) or "—"
        if key == "passages":
            return str((self.passage_counts or {}).get(doc["id"], 0))
        if key == "pages":
            return str(doc.get("pages", 0))
        return str(doc.get(key) or "")

    def _sort_key(self, doc: dict, key: str):
        if key == "passages":
            return (self.passage_counts or {}).get(doc["id"], 0)
        return self.prepared[doc["id"]][_KEYED.index(key)]

    def _tooltip(self, doc: dict, col: Column, unsure: bool) -> str:
        if unsure:
            return (f"The {_FIELD_LABELS[col.unsure_field]} was read from the letter with low confidence. "
                    "Double-click the document to check it.")
        if col.key == "title":
            tip = doc.get("title", "")
            if doc.get("unsure"):
                tip += "\nNeeds checking: " + ", ".join(doc["unsure"]) + " (double-click to confirm)"
            if doc.get("text_problem"):
                tip += "\nText: " + doc["text_problem"]
            return tip
        return self._display(doc, col.key)


class LibraryFilter(QAbstractTableModel):
    """Filter box words (all must appear) plus quick filters by party, kind and year: the rows
    the table shows, in the order of the LibraryModel under it.

    The rows shown are worked out in one pass over the documents' prepared text, and the view
    asks (in Python) only about the cells on screen: a QSortFilterProxyModel would call Python
    for every one of 20,000 rows at each key typed and each sort. Nor is it a Qt proxy: through
    one, a painted cell cost 34 calls into Python (mapToSource and the source's data for each of
    seven roles, the source's rowCount and columnCount behind each index); here it costs two,
    index() and multiData(). Each call has to take Python's lock from whatever thread holds it
    (the library's loading, a search, the index check), so the table painted while those ran
    kept the window from answering for a third of a second."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []
        self.party = ""
        self.kind = ""
        self.year = ""
        self.unsure_only = False
        self._source: LibraryModel | None = None
        self._rows: list[int] = []          # source rows shown, in the source's order
        self._columns: tuple[Column, ...] = ()
        self._at: dict[int, int] | None = None
        self._moving: list = []

    # -- the source -------------------------------------------------------
    def sourceModel(self) -> "LibraryModel | None":   # noqa: N802 - named as QAbstractProxyModel's
        return self._source

    def setSourceModel(self, model: "LibraryModel | None") -> None:   # noqa: N802
        old = self._source
        if old is not None:
            for signal, slot in self._wiring(old):
                signal.disconnect(slot)
        self.beginResetModel()
        self._source = model
        if model is not None:
            for signal, slot in self._wiring(model):
                signal.connect(slot)
        self._compute()
        self.endResetModel()

    def _wiring(self, model):
        return ((model.modelAboutToBeReset, self.beginResetModel), (model.modelReset, self._on_source_reset),
                (model.layoutAboutToBeChanged, self._on_source_layout_about),
                (model.layoutChanged, self._on_source_layout_changed),
                (model.dataChanged, self._on_source_data_changed),
                (model.headerDataChanged, self.headerDataChanged))

    def _on_source_reset(self) -> None:
        self._compute()
        self.endResetModel()

    def _on_source_layout_about(self, *_args) -> None:
        self.layoutAboutToBeChanged.emit()
        docs = self._source.docs
        self._moving = [(QPersistentModelIndex(i), docs[self._rows[i.row()]]["id"], i.column())
                        for i in self.persistentIndexList() if 0 <= i.row() < len(self._rows)]

    def _on_source_layout_changed(self, *_args) -> None:
        # The source sorted itself: the rows shown follow their documents to their new places.
        moving, self._moving = self._moving, []
        self._compute()
        if not moving:
            self.layoutChanged.emit()
            return
        docs = self._source.docs
        at = {docs[r]["id"]: i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            [QModelIndex(i) for i, _, _ in moving],
            [self.index(at[doc_id], col) if doc_id in at else QModelIndex() for _, doc_id, col in moving])
        self.layoutChanged.emit()

    def _on_source_data_changed(self, top, bottom, roles=()) -> None:
        shown = [self.mapFromSource(self._source.index(r, 0)) for r in range(top.row(), bottom.row() + 1)]
        shown = [i.row() for i in shown if i.isValid()]
        if shown:
            self.dataChanged.emit(self.index(min(shown), 0), self.index(max(shown), self.columnCount() - 1), roles)

    # -- filtering --------------------------------------------------------
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        # The source model sorts itself; this model only filters and keeps the source order.
        if self._source is not None:
            self._source.sort(column, order)

    def set_text(self, text: str) -> None:
        words = [w for w in re.split(r"\s+", text.lower().strip()) if w]
        if words != self.words:
            self.words = words
            self._refilter()

    def set_quick(self, party: str = "", kind: str = "", year: str = "", unsure_only: bool = False) -> None:
        if (party, kind, year, unsure_only) != (self.party, self.kind, self.year, self.unsure_only):
            self.party, self.kind, self.year, self.unsure_only = party, kind, year, unsure_only
            self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._compute()
        self.endResetModel()

    def _compute(self) -> None:
        model = self._source
        docs = model.docs if model is not None else []
        self._columns = model.columns() if model is not None else ()
        self._at = None
        if not (self.words or self.party or self.kind or self.year or self.unsure_only):
            self._rows = list(range(len(docs)))
            return
        party, kind, year, words = self.party, self.kind, self.year, self.words
        prepared = model.prepared
        rows = []
        for i, doc in enumerate(docs):
            if party and party not in doc.get("senders", []) and party not in doc.get("recipients", []):
                continue
            if kind and doc.get("kind") != kind:
                continue
            if year and year_of(doc) != year:
                continue
            if self.unsure_only and not doc.get("unsure"):
                continue
            if words:
                hay = prepared[doc["id"]][-1]
                if not all(w in hay for w in words):
                    continue
            rows.append(i)
        self._rows = rows

    # -- rows and cells -----------------------------------------------------
    def mapToSource(self, index):   # noqa: N802 - named as QAbstractProxyModel's
        if not index.isValid() or self._source is None or not 0 <= index.row() < len(self._rows):
            return QModelIndex()
        return self._source.index(self._rows[index.row()], index.column())

    def mapFromSource(self, index):   # noqa: N802 - named as QAbstractProxyModel's
        if not index.isValid():
            return QModelIndex()
        if self._at is None:
            self._at = {r: i for i, r in enumerate(self._rows)}
        row = self._at.get(index.row())
        return QModelIndex() if row is None else self.index(row, index.column())

    def index(self, row, column, parent=QModelIndex()):
        # Overridden so that an index costs one call into Python, not three (rowCount, columnCount).
        if parent.isValid() or not 0 <= row < len(self._rows) or not 0 <= column < len(self._columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self._source is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._source.headerData(section, orientation, role)
        return super().headerData(section, orientation, role)

    def _cell(self, index) -> tuple[dict, Column] | None:
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._rows) or not 0 <= column < len(self._columns):
            return None
        return self._source.docs[self._rows[row]], self._columns[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        cell = self._cell(index)
        return None if cell is None else self._source.value(*cell, int(role))

    def multiData(self, index, roles) -> None:   # noqa: N802 - Qt override
        # The item delegate asks for seven roles of a cell at once when it paints it, in places
        # it reuses from cell to cell: each is set, or cleared.
        cell = self._cell(index)
        if cell is None:
            for wanted in roles:
                wanted.clearData()
            return
        value = self._source.value
        for wanted in roles:
            got = value(*cell, wanted.role())
            if got is None:
                wanted.clearData()
            else:
                wanted.setData(got)
