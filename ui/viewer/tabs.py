"""Open documents side by side in closable tabs, one tab per document, with a calm empty state."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from archive import Archive

from .document_view import DocumentView, _unique_keys
from .render import PageRenderer

EMPTY_MESSAGE = "Open a document from the library or from search results"
TAB_TITLE_PX = 220


class DocumentTabs(QTabWidget):
    """Documents in tabs; opening a document that is already open switches to its tab."""

    current_document_changed = Signal(str)     # doc_id of the current tab, "" when no tab is left
    view_opened = Signal(object)               # a DocumentView was created for a newly opened document

    def __init__(self, parent: QWidget | None = None, renderer: PageRenderer | None = None):
        super().__init__(parent)
        self.renderer = renderer
        self._own_archives: dict[Path, Archive] = {}
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self.setAccessibleName("Open documents")
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._on_current_changed)
        self._empty = QLabel(EMPTY_MESSAGE, self)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setAccessibleName("No document open")
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for key in _unique_keys(("Ctrl+W", QKeySequence.StandardKey.Close)):
            QShortcut(key, self, self.close_current, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_empty()
        (renderer or PageRenderer.shared()).warm_up()

    # -- opening -------------------------------------------------------------------------------------------------
    def open_document(self, archive: Archive | str | Path, doc_id: str, page: int | None = None,
                      spans: list[tuple] | None = None) -> DocumentView:
        """Show a document (reusing its tab), optionally at a page with search matches marked on it."""
        archive = self._archive(archive)
        doc_id = archive.resolve_doc(doc_id)
        view = self.view_for(doc_id)
        if view is None:
            view = DocumentView(archive, doc_id, self, self.renderer)
            view.related_document_requested.connect(lambda d, a=archive: self.open_document(a, d))
            index = self.addTab(view, "")
            self._set_title(index, view.title)
            self.view_opened.emit(view)
        self.setCurrentWidget(view)
        if spans:
            view.show_search_hits(page or 1, spans)
        elif page is not None:
            view.go_to(page)
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        return view

    def _archive(self, archive: Archive | str | Path) -> Archive:
        if isinstance(archive, Archive):
            return archive
        if not isinstance(archive, (str, Path)):
            raise TypeError(f"expected an Archive or an archive folder, got {type(archive).__name__}")
        path = Path(archive).expanduser().resolve()
        if path not in self._own_archives:
            self._own_archives[path] = Archive.open(path, create=False, migrate=False)
        return self._own_archives[path]

    # -- finding and closing -------------------------------------------------------------------------------------
    def views(self) -> list[DocumentView]:
        return [self.widget(i) for i in range(self.count())]

    def view_for(self, doc_id: str) -> DocumentView | None:
        return next((v for v in self.views() if v.doc_id == doc_id), None)

    def current_view(self) -> DocumentView | None:
        w = self.currentWidget()
        return w if isinstance(w, DocumentView) else None

    def current_doc_id(self) -> str:
        view = self.current_view()
        return view.doc_id if view is not None else ""

    @Slot(int)
    def close_tab(self, index: int) -> None:
        view = self.widget(index)
        if view is None:
            return
        self.removeTab(index)
        view.canvas.renderer.cancel(view.canvas)
        view.deleteLater()
        self._release_archives()

    @Slot()
    def close_current(self) -> None:
        if self.count():
            self.close_tab(self.currentIndex())

    def close_document(self, doc_id: str) -> None:
        """Close the document's tab, if open (e.g. after the document was removed from the archive)."""
        view = self.view_for(doc_id)
        if view is not None:
            self.close_tab(self.indexOf(view))

    def refresh_document(self, doc_id: str) -> None:
        """Re-read a document's title after its metadata was corrected."""
        view = self.view_for(doc_id)
        if view is not None:
            view.refresh_document()
            self._set_title(self.indexOf(view), view.title)

    def _release_archives(self) -> None:
        used = {Path(v.archive.path).expanduser().resolve() for v in self.views()}
        for path in [p for p in self._own_archives if p not in used]:
            self._own_archives.pop(path).close()

    def _set_title(self, index: int, title: str) -> None:
        elided = self.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, TAB_TITLE_PX)
        self.setTabText(index, elided)
        self.setTabToolTip(index, title)

    # -- empty state ---------------------------------------------------------------------------------------------
    def _update_empty(self) -> None:
        self._empty.setVisible(self.count() == 0)
        self._empty.setGeometry(self.rect().adjusted(24, 24, -24, -24))
        self._empty.raise_()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_empty()

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        self._update_empty()

    def tabRemoved(self, index: int) -> None:
        super().tabRemoved(index)
        self._update_empty()

    @Slot(int)
    def _on_current_changed(self, _index: int) -> None:
        self.current_document_changed.emit(self.current_doc_id())
