"""Item models shared by the panels: their roles, search results (documents with their pages), saved searches
(the library's are in library_model)."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QAbstractTableModel, QModelIndex, Qt

DocIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
DocRole = Qt.ItemDataRole.UserRole + 3
HtmlRole = Qt.ItemDataRole.UserRole + 4
PageRole = Qt.ItemDataRole.UserRole + 5
HitRole = Qt.ItemDataRole.UserRole + 6
UnsureRole = Qt.ItemDataRole.UserRole + 7


class RowsModel(QAbstractTableModel):
    """A flat table of dicts, one a row, under the headers `header_names()` gives."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def header_names(self) -> tuple[str, ...]:
        raise NotImplementedError

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:   # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:   # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.header_names())

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):   # noqa: N802 - Qt override
        names = self.header_names()
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(names):
            return names[section]
        return None


@dataclass
class _DocNode:
    doc_id: str
    title: str
    date: str | None
    hits: list = field(default_factory=list)


class SearchResultsModel(QAbstractItemModel):
    """Search hits grouped by document: top-level rows are documents, their children the matching pages."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.nodes: list[_DocNode] = []
        self.total = 0
        self.mark_style = "background-color:#ffe066;color:#1d1d1d"

    def set_hits(self, hits: list, total: int | None = None) -> None:
        self.beginResetModel()
        by_doc: dict[str, _DocNode] = {}
        self.nodes = []
        for h in hits:
            node = by_doc.get(h.doc_id)
            if node is None:
                node = by_doc[h.doc_id] = _DocNode(h.doc_id, h.title, h.date)
                self.nodes.append(node)
            node.hits.append(h)
        self.total = len(hits) if total is None else total
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([], 0)

    def hit_count(self) -> int:
        return sum(len(n.hits) for n in self.nodes)

    def all_hits(self) -> list:
        return [h for n in self.nodes for h in n.hits]

    # -- tree structure: internalPointer is the parent _DocNode for hit rows, None for documents --
    def index(self, row, column, parent=QModelIndex()):
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, None) if row < len(self.nodes) else QModelIndex()
        if parent.internalPointer() is not None or parent.row() >= len(self.nodes):
            return QModelIndex()
        node = self.nodes[parent.row()]
        return self.createIndex(row, 0, node) if row < len(node.hits) else QModelIndex()

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer()
        if node is None:
            return QModelIndex()
        return self.createIndex(self.nodes.index(node), 0, None)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.nodes)
        if parent.column() != 0 or parent.internalPointer() is not None:
            return 0
        return len(self.nodes[parent.row()].hits)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent=QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if section == 0 and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Results"
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        parent = index.internalPointer()
        if parent is None:
            if index.row() >= len(self.nodes):
                return None
            node = self.nodes[index.row()]
            return self._doc_data(node, role)
        if index.row() >= len(parent.hits):
            return None
        return self._hit_data(parent.hits[index.row()], role)

    def _doc_data(self, node: _DocNode, role):
        pages = len(node.hits)
        label = f"{node.title}  ·  {node.date or 'undated'}  ·  {pages} page{'s' if pages != 1 else ''}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return node.title
        if role == HtmlRole:
            return (f"<b>{html.escape(node.title)}</b>&nbsp;&nbsp;<span style='color:gray'>"
                    f"{html.escape(node.date or 'undated')} · {pages} page{'s' if pages != 1 else ''}</span>")
        if role == DocIdRole:
            return node.doc_id
        if role == PageRole:
            return node.hits[0].page if node.hits else 1
        if role == HitRole:
            return node.hits[0] if node.hits else None
        return None

    def _hit_data(self, hit, role):
        from app.saved_searches import plain_snippet   # loaded by the search that made this hit
        if role == Qt.ItemDataRole.DisplayRole:
            return f"p. {hit.page}: {plain_snippet(hit.snippet)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"page {hit.page}: {plain_snippet(hit.snippet)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}, page {hit.page}"
        if role == HtmlRole:
            snippet = hit.snippet.replace("<mark>", f"<span style='{self.mark_style}'>").replace("</mark>", "</span>")
            return f"<span style='color:gray'>p.&nbsp;{hit.page}</span>&nbsp;&nbsp;{snippet}"
        if role == DocIdRole:
            return hit.doc_id
        if role == PageRole:
            return hit.page
        if role == HitRole:
            return hit
        return None


class SavedSearchesModel(QAbstractListModel):
    """Saved searches as list_saved() dicts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list[dict] = []
        self.icon = None

    def set_items(self, items: list[dict]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return item["name"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item['query']}  (sorted by {item['sort']})"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon
        if role == Qt.ItemDataRole.UserRole:
            return item
        return None

