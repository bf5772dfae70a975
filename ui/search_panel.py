"""The search panel: a query field (searched as you type, off the GUI thread) and results with highlighted snippets."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (QApplication, QComboBox, QFileDialog, QFrame, QHBoxLayout, QInputDialog, QLabel,
                               QLineEdit, QPushButton, QScrollArea, QStackedWidget, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QTreeView, QVBoxLayout, QWidget)

from . import settings
from .models import DocIdRole, HitRole, HtmlRole, PageRole, SearchResultsModel

SYNTAX_HELP = """<p><b>Search the text of every letter.</b></p>
<table cellspacing="4">
<tr><td><code>impact assessment</code></td><td>pages with both words</td></tr>
<tr><td><code>"impact assessment"</code></td><td>the exact phrase</td></tr>
<tr><td><code>publish OR release</code></td><td>either word; <code>NOT</code> or <code>-word</code> excludes</td></tr>
<tr><td><code>assess*</code> &nbsp; <code>assesment~</code></td><td>word starts with; spelled about like</td></tr>
<tr><td><code>from:Veridian</code> &nbsp; <code>to:Kessler</code></td><td>sent by or to a party</td></tr>
<tr><td><code>date:2020</code> &nbsp; <code>date:[2019-03 to 2020-06]</code></td><td>a year, month or range</td></tr>
<tr><td><code>kind:memo</code></td><td>letter, memo, report, statement or email</td></tr>
</table>
<p>F3 and Shift+F3 step through the matches.</p>"""


# The tasks import the search stack on the worker thread, so Whoosh need not load before the window shows.
def search_task(text: str, limit: int, sort: str):
    def run(archive, job):
        from app.search import search
        results = search(archive, text, limit=limit, sort=sort)
        # A phrase's exact number of hits is counted when first asked for: here, on the search's
        # own thread, not by the window while it paints (and while another search may run).
        results.total  # noqa: B018 - read for its side effect
        return results
    return run


def save_task(name: str, text: str, sort: str):
    def run(archive, job) -> dict:
        from app.saved_searches import save_search
        return save_search(archive, name, text, sort, replace=True)
    return run


def export_task(text: str, path: str, sort: str):
    def run(archive, job) -> int:
        from app.saved_searches import export_results_csv
        return export_results_csv(archive, text, path, sort)
    return run


def ask_save_path(parent, title: str, start: str, filter_: str) -> str:
    """The file dialog for exports (a function so tests can answer it)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, start, filter_)
    return path


def ask_name(parent, title: str, label: str, text: str = "") -> str | None:
    """Ask for a name (a function so tests can answer it); None when cancelled."""
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return name if ok else None


class RichTextDelegate(QStyledItemDelegate):
    """Paints an item's HtmlRole as rich text, wrapped to the view's width.

    Laying out a snippet is most of the cost of showing results; each is laid out once per width
    and font, and kept for painting and for the view's next question about its height."""

    CACHE = 4000

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self.view = view
        self._laid_out: dict[tuple, QTextDocument] = {}

    def forget(self) -> None:
        self._laid_out.clear()

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, width: float) -> QTextDocument:
        html = index.data(HtmlRole) or ""
        width = max(80.0, float(int(width)))
        key = (html, width, option.font.key())
        doc = self._laid_out.get(key)
        if doc is None:
            if len(self._laid_out) >= self.CACHE:
                self._laid_out.clear()
            doc = self._laid_out[key] = QTextDocument()
            doc.setDocumentMargin(3)
            doc.setDefaultFont(option.font)
            doc.setHtml(html)
            doc.setTextWidth(width)
        return doc

    def _text_width(self, index: QModelIndex) -> float:
        depth = 1 if index.parent().isValid() else 0
        return self.view.viewport().width() - self.view.indentation() * (depth + 1) - 8

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index, opt.rect.width() - 4)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.left() + 2, opt.rect.top() + 1)
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index, self._text_width(index))
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class SearchPanel(QWidget):
    result_chosen = Signal(str, int, list)   # doc_id, page, [(start, end)] to highlight
    search_saved = Signal(str)               # name
    results_changed = Signal(int)            # number of page hits shown
    message = Signal(str)                    # a one-line status for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self._generation = 0
        self._job = None                # the search whose results the panel waits for
        self.last_query = ""
        self.model = SearchResultsModel(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(settings.SEARCH_DELAY_MS.get())
        self.timer.timeout.connect(self.run_now)
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        v.setContentsMargins(8, 8, 8, 4)
        v.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.field = QLineEdit(self)
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText('Search, e.g. "impact assessment" from:Veridian')
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search query")
        self.field.textChanged.connect(self._on_field_text_changed)
        self.field.returnPressed.connect(self.run_now)
        row.addWidget(self.field, 1)
        self.sort_box = QComboBox(self)
        self.sort_box.setAccessibleName("Sort results")
        self.sort_box.addItem("Best match", "relevance")
        self.sort_box.addItem("Newest first", "date")
        at = self.sort_box.findData(settings.SEARCH_SORT.get())
        self.sort_box.setCurrentIndex(max(0, at))
        self.sort_box.currentIndexChanged.connect(self._on_sort_changed)
        row.addWidget(self.sort_box)
        v.addLayout(row)
        self.error_label = QLabel("", self)
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Query problem")
        self.error_label.hide()
        v.addWidget(self.error_label)
        self.stack = QStackedWidget(self)
        self.hint = QLabel(SYNTAX_HELP, self)
        self.hint.setObjectName("searchHelp")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.nothing = QLabel("No letters match this search.", self)
        self.nothing.setObjectName("emptyHint")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tree = QTreeView(self)
        self.tree.setObjectName("searchResults")
        self.tree.setAccessibleName("Search results")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.delegate = RichTextDelegate(self.tree)
        self.tree.setItemDelegate(self.delegate)
        self.model.modelReset.connect(self.delegate.forget)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.clicked.connect(self._on_tree_activated)
        # The query help scrolls on a short screen rather than setting the panel's minimum height.
        self.hint_scroll = QScrollArea(self)
        self.hint_scroll.setWidget(self.hint)
        self.hint_scroll.setWidgetResizable(True)
        self.hint_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.hint_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for w in (self.hint_scroll, self.nothing, self.tree):
            self.stack.addWidget(w)
        v.addWidget(self.stack, 1)
        bottom = QHBoxLayout()
        self.status = QLabel("", self)
        self.status.setObjectName("countLabel")
        bottom.addWidget(self.status, 1)
        self.save_button = QPushButton("Save search…", self)
        self.save_button.setAccessibleName("Save search")
        self.save_button.clicked.connect(self.save_current)
        self.export_button = QPushButton("Export CSV…", self)
        self.export_button.setAccessibleName("Export results to CSV")
        self.export_button.clicked.connect(self.export_csv)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.export_button)
        v.addLayout(bottom)
        self._set_actions_enabled(False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.tree.scheduleDelayedItemsLayout()   # snippets re-wrap to the new width

    # -- running searches --------------------------------------------------
    def set_session(self, session) -> None:
        self.session = session
        self._supersede()
        self.model.clear()
        self._show_error("")
        if self.field.text().strip():
            self.run_now()
        else:
            self._show_idle()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def run_query(self, text: str, sort: str | None = None) -> None:
        """Show this query's results now (used by saved searches)."""
        if sort:
            at = self.sort_box.findData(sort)
            if at >= 0:
                self.sort_box.blockSignals(True)
                self.sort_box.setCurrentIndex(at)
                self.sort_box.blockSignals(False)
        self.field.blockSignals(True)
        self.field.setText(text)
        self.field.blockSignals(False)
        self.run_now()

    def _on_field_text_changed(self, _text: str) -> None:
        self.timer.start()

    def _on_sort_changed(self, _i: int) -> None:
        settings.SEARCH_SORT.set(self.sort_box.currentData())
        if self.field.text().strip():
            self.run_now()

    def _supersede(self) -> int:
        """A newer query (or none) replaces the one in flight: an older search that has not
        started is dropped, and the results of one already running are ignored when they come."""
        self._generation += 1
        if self._job is not None:
            self._job.cancel.set()
            self._job = None
        return self._generation

    def run_now(self) -> None:
        self.timer.stop()
        text = self.field.text()
        gen = self._supersede()
        if not text.strip():
            self.model.clear()
            self._show_error("")
            self._show_idle()
            return
        if self.session is None:
            return
        sort = self.sort_box.currentData()
        limit = settings.SEARCH_LIMIT.get()
        self.status.setText("Searching…")
        self._job = self.session.read(search_task(text, limit, sort),
                                      lambda r: self._on_results(gen, text, r), lambda m: self._on_failed(gen, m))

    def _on_results(self, gen: int, text: str, results) -> None:
        if gen != self._generation:
            return   # the user typed on; these results are stale
        self._job = None
        self.last_query = text
        self._show_error("")
        self.model.set_hits(results.hits, results.total)
        self.tree.expandAll()
        pages, docs = self.model.hit_count(), len(self.model.nodes)
        if pages == 0:
            self.stack.setCurrentWidget(self.nothing)
            self.status.setText("No matches")
        else:
            self.stack.setCurrentWidget(self.tree)
            more = f" (showing the first {pages} of {results.total})" if results.total > pages else ""
            self.status.setText(f"{pages} page{'s' if pages != 1 else ''} in {docs} "
                                f"document{'s' if docs != 1 else ''}{more}")
        self._set_actions_enabled(True)
        self.results_changed.emit(pages)

    def _on_failed(self, gen: int, message: str) -> None:
        if gen != self._generation:
            return
        self._job = None
        self.model.clear()
        self._show_error(message)
        self.stack.setCurrentWidget(self.hint_scroll)
        self.status.setText("")
        self._set_actions_enabled(False)
        self.results_changed.emit(0)

    def _show_idle(self) -> None:
        self.stack.setCurrentWidget(self.hint_scroll)
        self.status.setText("")
        self._set_actions_enabled(False)
        self.results_changed.emit(0)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.field.setProperty("invalid", bool(message))
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)

    def _set_actions_enabled(self, on: bool) -> None:
        self.save_button.setEnabled(on)
        self.export_button.setEnabled(on)

    # -- results -----------------------------------------------------------
    def _on_tree_activated(self, index: QModelIndex) -> None:
        hit = index.data(HitRole)
        if hit is None:
            return
        if not index.parent().isValid() and self.tree.isExpanded(index) is False:
            self.tree.expand(index)
        self.result_chosen.emit(index.data(DocIdRole), index.data(PageRole), [tuple(m) for m in hit.matches])

    def hit_indexes(self) -> list[QModelIndex]:
        out = []
        for r in range(self.model.rowCount()):
            parent = self.model.index(r, 0)
            out += [self.model.index(c, 0, parent) for c in range(self.model.rowCount(parent))]
        return out

    def step_result(self, step: int) -> bool:
        """Select and open the next (+1) or previous (-1) page hit; False at either end."""
        hits = self.hit_indexes()
        if not hits:
            return False
        current = self.tree.currentIndex()
        if current in hits:
            target = hits.index(current) + step
        elif current.isValid() and self.model.rowCount(current):
            first = hits.index(self.model.index(0, 0, current))   # a document row: just before its first page
            target = first if step > 0 else first - 1
        else:
            target = 0 if step > 0 else len(hits) - 1
        if not 0 <= target < len(hits):
            return False
        self.tree.selectionModel().setCurrentIndex(hits[target], QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.tree.scrollTo(hits[target])
        self._on_tree_activated(hits[target])
        return True

    # -- save and export ---------------------------------------------------
    def save_current(self) -> None:
        text = self.last_query.strip()
        if not text or self.session is None:
            return
        name = ask_name(self, "Save search", "Name for this search:", text[:60])
        if name is None:
            return
        sort = self.sort_box.currentData()
        self.session.write(save_task(name, text, sort),
                           lambda s: self._on_saved(s["name"]), lambda m: self.message.emit(f"Not saved: {m}"),
                           name="save search")

    def _on_saved(self, name: str) -> None:
        self.message.emit(f"Saved search “{name}”")
        self.search_saved.emit(name)

    def export_csv(self) -> None:
        text = self.last_query.strip()
        if not text or self.session is None:
            return
        start = Path(settings.LAST_EXPORT_FOLDER.get() or Path.home()) / "search-results.csv"
        path = ask_save_path(self, "Export search results", str(start), "CSV files (*.csv)")
        if not path:
            return
        if not path.lower().endswith(".csv"):
            path += ".csv"
        settings.LAST_EXPORT_FOLDER.set(str(Path(path).parent))
        sort = self.sort_box.currentData()
        self.message.emit("Exporting…")
        self.session.read(export_task(text, path, sort),
                          lambda n: self.message.emit(f"Exported {n} result{'s' if n != 1 else ''} to {path}"),
                          lambda m: self.message.emit(f"Export failed: {m}"))
