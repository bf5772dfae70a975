"""The library: every document in a sortable, filterable table, quick filters, and the saved-searches sidebar."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QListView, QListWidget, QListWidgetItem, QMenu, QPushButton, QScrollArea, QSplitter,
                               QStackedWidget, QStyle, QTableView, QVBoxLayout, QWidget)

from .column_fit import RoomForColumn
from .combos import refill
from . import settings
from .flow_layout import FlowLayout
from .library_model import COLUMNS, LibraryFilter, LibraryModel, prepare_docs, sort_docs, year_of
from .models import DocIdRole, SavedSearchesModel

KINDS = ("letter", "memo", "report", "statement", "email")


FIRST_SCREEN = 60      # rows shown at once on opening, while the rest of a large library loads


def load_library(archive, job, sorted_by: tuple = ("date", Qt.SortOrder.DescendingOrder)) -> dict:
    """Everything the library shows, read in one background task, with the sort keys, filter
    text and quick-filter choices worked out, and the documents sorted, here rather than on the
    GUI thread."""
    # Imported here, on the worker thread: the search stack (Whoosh) need not load before the window shows.
    from app.library import passage_counts, public_docs
    from app.passages import threads
    from app.saved_searches import list_saved
    docs = public_docs(archive)
    prepared, counts = prepare_docs(docs), passage_counts(archive)
    sort_docs(docs, prepared, counts, sorted_by)
    return {"docs": docs, "passages": counts, "saved": list_saved(archive), "threads": threads(archive),
            "prepared": prepared, "sorted_by": sorted_by, "choices": quick_choices(docs)}


def load_first_screen(archive, job) -> dict:
    """The newest documents, enough to fill the table while load_library reads all of them."""
    from app.library import newest_docs, passage_counts
    docs, total = newest_docs(archive, FIRST_SCREEN)
    return {"docs": docs, "total": total, "passages": passage_counts(archive, [d["id"] for d in docs])}


def quick_choices(docs: list[dict]) -> dict[str, list[str]]:
    """The values the party, kind and year filters offer."""
    parties = {p for d in docs for p in d.get("senders", [])} | {p for d in docs for p in d.get("recipients", [])}
    return {"parties": sorted(parties, key=str.lower), "kinds": sorted({d.get("kind", "") for d in docs} - {""}),
            "years": sorted({year_of(d) for d in docs} - {""}, reverse=True)}


def _delete_saved_task(search_id: int):
    def run(archive, job) -> None:
        from app.saved_searches import delete_saved
        delete_saved(archive, search_id)
    return run


def _with_hint(view: QWidget, hint: str) -> tuple[QStackedWidget, QLabel]:
    """A sidebar list, and in its place while it is empty a wrapped line saying how to fill it."""
    stack = QStackedWidget(view.parentWidget())
    empty = QLabel(hint)
    empty.setObjectName("sidebarHint")
    empty.setWordWrap(True)
    empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    stack.addWidget(empty)
    stack.addWidget(view)
    return stack, empty


class _SidebarScroll(QScrollArea):
    """The sidebar scrolls on a short screen instead of setting the library's minimum height;
    it is never narrower than its contents (it only scrolls up and down)."""

    def __init__(self, side: QWidget, parent=None):
        super().__init__(parent)
        self.setWidget(side)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:   # noqa: N802 - Qt override
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return QSize(self.widget().minimumSizeHint().width() + bar, 120)

    def sizeHint(self) -> QSize:   # noqa: N802 - Qt override
        return self.widget().sizeHint().expandedTo(self.minimumSizeHint())


class LibraryPanel(QWidget):
    document_activated = Signal(str)        # open this document
    details_requested = Signal(str)         # check/correct this document's metadata
    saved_search_chosen = Signal(dict)      # run this saved search
    thread_chosen = Signal(str)             # show this thread's timeline
    threads_requested = Signal()            # manage threads
    loaded = Signal(int)                    # number of documents after a (re)load
    first_shown = Signal(int)               # the first screenful is on show; the number of documents
    load_failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self._generation = 0
        self._columns_restored = False
        self._complete = False      # every document is loaded (not only the first screenful)
        self.model = LibraryModel(self)
        self.proxy = LibraryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.saved_model = SavedSearchesModel(self)
        self._build()

    # -- layout ------------------------------------------------------------
    def _build(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(_SidebarScroll(self._build_sidebar(), self))
        self.splitter.addWidget(self._build_table_area())
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([176, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def _build_sidebar(self) -> QWidget:
        side = QWidget(self)
        side.setObjectName("sidebar")
        v = QVBoxLayout(side)
        v.setContentsMargins(8, 10, 8, 8)
        v.setSpacing(4)
        views = QLabel("VIEWS")
        views.setObjectName("sectionHeader")
        v.addWidget(views)
        self.views = QListWidget(side)
        self.views.setObjectName("libraryViews")
        self.views.setAccessibleName("Library view")
        self.views.addItems(["All documents", "Needs checking"])
        self.views.setCurrentRow(0)
        self.views.setFixedHeight(self.views.sizeHintForRow(0) * 2 + 14)
        self.views.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.views.currentRowChanged.connect(self._on_filters_changed)
        v.addWidget(self.views)
        v.addSpacing(10)
        header = QLabel("SAVED SEARCHES")
        header.setObjectName("sectionHeader")
        v.addWidget(header)
        self.saved_view = QListView(side)
        self.saved_view.setObjectName("savedSearches")
        self.saved_view.setAccessibleName("Saved searches")
        self.saved_view.setModel(self.saved_model)
        self.saved_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.saved_view.clicked.connect(self._on_saved_clicked)
        self.saved_view.activated.connect(self._on_saved_clicked)
        self.saved_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.saved_view.customContextMenuRequested.connect(self._on_saved_menu)
        self.saved_stack, self.saved_empty = _with_hint(
            self.saved_view, "None yet. Search, then choose Save search to keep the query here.")
        v.addWidget(self.saved_stack, 1)
        v.addSpacing(10)
        row = QHBoxLayout()
        header = QLabel("THREADS")
        header.setObjectName("sectionHeader")
        row.addWidget(header)
        row.addStretch(1)
        manage = QPushButton("Manage…", side)
        manage.setObjectName("linkButton")
        manage.setFlat(True)
        manage.setToolTip("Create, rename, merge or delete threads")
        manage.clicked.connect(self.threads_requested)
        row.addWidget(manage)
        v.addLayout(row)
        self.threads_view = QListWidget(side)
        self.threads_view.setObjectName("libraryViews")
        self.threads_view.setAccessibleName("Threads")
        self.threads_view.setToolTip("Click a thread to see its timeline")
        self.threads_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.threads_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.threads_view.itemClicked.connect(self._on_thread_clicked)
        self.threads_view.itemActivated.connect(self._on_thread_clicked)
        self.threads_stack, self.threads_empty = _with_hint(
            self.threads_view, "None yet. Add passages to a thread in the inspector to follow it here.")
        v.addWidget(self.threads_stack, 1)
        return side

    def _build_table_area(self) -> QWidget:
        area = QWidget(self)
        v = QVBoxLayout(area)
        v.setContentsMargins(8, 8, 8, 4)
        v.setSpacing(6)
        row = FlowLayout(spacing=6)     # wraps onto two rows in a narrow library
        self.filter_box = QLineEdit(area)
        self.filter_box.setPlaceholderText("Filter by title, party, date…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter documents")
        self.filter_box.textChanged.connect(self._on_filter_text_changed)
        row.addWidget(self.filter_box, 2)
        self.party_box = self._combo("All parties", "Filter by party")
        self.kind_box = self._combo("All kinds", "Filter by kind")
        self.year_box = self._combo("All years", "Filter by year")
        for box in (self.party_box, self.kind_box, self.year_box):
            row.addWidget(box, 1)
        v.addLayout(row)
        self.table = QTableView(area)
        self.table.setObjectName("libraryTable")
        self.table.setAccessibleName("Documents")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._on_header_menu)
        self.table.activated.connect(self._on_table_activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        # Ctrl+E is Edit ▸ Document details… (the window's action, which asks this table for the
        # selected document): a second Ctrl+E here made the key ambiguous, and then Qt runs neither.
        self.details_menu_text = "Check document details…\tCtrl+E"
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.stack = QStackedWidget(area)
        self.empty = QLabel("Loading the library…")
        self.empty.setObjectName("emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)
        v.addWidget(self.stack, 1)
        self.count_label = QLabel("", area)
        self.count_label.setObjectName("countLabel")
        v.addWidget(self.count_label)
        return area

    def _combo(self, everything: str, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        box.setToolTip(name)
        box.addItem(everything, "")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        box.currentIndexChanged.connect(self._on_filters_changed)
        return box

    # -- data --------------------------------------------------------------
    def set_session(self, session) -> None:
        self.session = session
        self._complete = False
        self.model.set_docs([])
        self.saved_model.set_items([])
        self.empty.setText("Loading the library…")
        self.stack.setCurrentWidget(self.empty)
        self.reload()

    def reload(self) -> None:
        if self.session is None:
            return
        self._generation += 1
        gen = self._generation
        if not self.model.docs:
            # A large library takes a moment to read: its newest letters show at once.
            self.session.read(load_first_screen, lambda r: self._on_first_screen(gen, r))
        self.session.read(partial(load_library, sorted_by=self.model.sorted_by), lambda r: self._on_loaded(gen, r),
                          lambda m: self._on_load_failed(gen, m))

    def _on_first_screen(self, gen: int, result: dict) -> None:
        if gen != self._generation or self.model.docs or not result["docs"]:
            return   # the whole library came first, or there is nothing to show yet
        self.model.set_docs(result["docs"], result["passages"])
        self._restore_columns_once()
        self.stack.setCurrentWidget(self.table)
        self.count_label.setText(f"Loading {result['total']} documents…")
        self.views.item(0).setText(f"All documents  ({result['total']})")
        self.first_shown.emit(result["total"])

    def _on_loaded(self, gen: int, result: dict) -> None:
        if gen != self._generation:
            return   # a newer load (or another archive) superseded this one
        selected = self.current_doc_id()
        self._complete = True
        self.model.set_docs(result["docs"], result["passages"], result["prepared"], result["sorted_by"])
        self.saved_model.set_items(result["saved"])
        self.saved_stack.setCurrentWidget(self.saved_view if result["saved"] else self.saved_empty)
        self._fill_threads(result.get("threads", []))
        self._fill_quick_filters(result["choices"])
        self._restore_columns_once()
        self._update_count()
        if selected:
            self.select_doc(selected)
        self.loaded.emit(len(result["docs"]))

    def _on_load_failed(self, gen: int, message: str) -> None:
        if gen != self._generation:
            return
        self.empty.setText(f"The library could not be read: {message}")
        self.stack.setCurrentWidget(self.empty)
        self.load_failed.emit(message)

    def _restore_columns_once(self) -> None:
        if self._columns_restored or self.model.columnCount() != len(COLUMNS):
            return
        self._columns_restored = True
        self._restore_columns(self.table.horizontalHeader())

    def _restore_columns(self, header: QHeaderView) -> None:
        keys = [col.key for col in self.model.columns()]
        # From and To narrow before the title does: a title of five letters tells nothing.
        self.title_room = RoomForColumn(self.table, keys.index("title"),
                                        [keys.index("senders"), keys.index("recipients")])
        state = settings.LIBRARY_HEADER.get()
        if not state.isEmpty() and header.restoreState(state):
            self.title_room.remember()
            return
        widths = {"date": 88, "senders": 120, "recipients": 120, "kind": 60, "pages": 58, "passages": 86}
        for i, col in enumerate(self.model.columns()):
            if col.key == "title":
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(i, widths.get(col.key, 100))
        header.setStretchLastSection(False)
        self.title_room.remember()

    def save_state(self) -> None:
        if self.model.columnCount():
            settings.LIBRARY_HEADER.set(self.table.horizontalHeader().saveState())
        settings.LIBRARY_SPLITTER.set(self.splitter.saveState())

    def restore_state(self) -> None:
        state = settings.LIBRARY_SPLITTER.get()
        if not state.isEmpty():
            self.splitter.restoreState(state)

    def _fill_quick_filters(self, choices: dict[str, list[str]]) -> None:
        for box, key in ((self.party_box, "parties"), (self.kind_box, "kinds"), (self.year_box, "years")):
            refill(box, choices[key])
        self._on_filters_changed()

    def _on_filter_text_changed(self, text: str) -> None:
        self._keeping_selection(lambda: self.proxy.set_text(text))

    def _on_filters_changed(self, *_args) -> None:
        self._keeping_selection(lambda: self.proxy.set_quick(
            party=self.party_box.currentData() or "", kind=self.kind_box.currentData() or "",
            year=self.year_box.currentData() or "", unsure_only=self.views.currentRow() == 1))

    def _keeping_selection(self, change) -> None:
        """Filter, keeping the selected document selected while it is still shown."""
        selected = self.current_doc_id()
        change()
        if selected and self.current_doc_id() != selected:
            self.select_doc(selected)
        self._update_count()

    def _update_count(self, *_args) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        unsure = self.model.unsure_count
        check = f"  ·  {unsure} to check" if unsure else ""
        if total == 0:
            self.empty.setText("No documents yet. Add letters with File ▸ Add documents… or drop PDFs, e-mails or Word files here.")
            self.stack.setCurrentWidget(self.empty)
        elif shown == 0:
            self.empty.setText("No documents match these filters.")
            self.stack.setCurrentWidget(self.empty)
        else:
            self.stack.setCurrentWidget(self.table)
        if not self._complete:
            return      # the first screenful: the counts come with the rest
        noun = "document" if total == 1 else "documents"
        self.count_label.setText(f"{total} {noun}{check}" if shown == total else f"{shown} of {total} {noun}{check}")
        self.views.item(0).setText(f"All documents  ({total})")
        self.views.item(1).setText(f"Needs checking  ({unsure})")

    def _fill_threads(self, threads: list[dict]) -> None:
        self.threads_view.clear()
        for t in threads:
            n = t["passages"]
            item = QListWidgetItem(f"{t['name']}  ({n})")
            item.setData(Qt.ItemDataRole.UserRole, t["name"])
            item.setToolTip(f"{n} passage{'s' if n != 1 else ''} · click to see the thread's timeline")
            self.threads_view.addItem(item)
        self.threads_stack.setCurrentWidget(self.threads_view if threads else self.threads_empty)

    def _on_thread_clicked(self, item: QListWidgetItem) -> None:
        name = item.data(Qt.ItemDataRole.UserRole)
        if name:
            self.thread_chosen.emit(name)

    def set_colors(self, unsure_bg: str, icon) -> None:
        self.model.unsure_brush = QBrush(QColor(unsure_bg))
        self.model.unsure_icon = icon

    def set_saved_icon(self, icon) -> None:
        self.saved_model.icon = icon

    # -- selection and actions ---------------------------------------------
    def current_doc_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(DocIdRole) if index.isValid() else None

    def select_doc(self, doc_id: str) -> bool:
        row = self.model.row_of(doc_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def doc(self, doc_id: str) -> dict | None:
        row = self.model.row_of(doc_id)
        return self.model.docs[row] if row >= 0 else None

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.document_activated.emit(index.data(DocIdRole))

    def _on_table_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        doc_id = index.data(DocIdRole)
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.document_activated.emit(doc_id))
        menu.addAction(self.details_menu_text, lambda: self.details_requested.emit(doc_id))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _on_header_menu(self, pos) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for i, col in enumerate(self.model.columns()):
            if col.key == "title":
                continue
            act = menu.addAction(col.label)
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(i))
            act.toggled.connect(lambda on, i=i: header.setSectionHidden(i, not on))
        menu.exec(header.mapToGlobal(pos))

    def _on_saved_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.saved_search_chosen.emit(index.data(Qt.ItemDataRole.UserRole))

    def _on_saved_menu(self, pos) -> None:
        index = self.saved_view.indexAt(pos)
        if not index.isValid():
            return
        item = index.data(Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        menu.addAction("Run", lambda: self.saved_search_chosen.emit(item))
        menu.addAction(f"Delete “{item['name']}”", lambda: self.delete_saved_search(item["id"]))
        menu.exec(self.saved_view.viewport().mapToGlobal(pos))

    def delete_saved_search(self, search_id: int) -> None:
        if self.session is not None:
            self.session.write(_delete_saved_task(search_id), lambda _r: self.reload())


