"""One document on screen: a small toolbar (zoom, page box) above the page strip, and the viewer's public API."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from app.library import get_doc

from .marks import Highlight, Selection
from .page_canvas import PageCanvas
from .relations import RelationsBar
from .render import PageRenderer


class DocumentView(QWidget):
    """Shows one document: continuous pages, zoom, page box, text selection, highlights and search matches."""

    selection_changed = Signal(str, int, int, int, str)   # doc_id, page, start, end, text ("" when cleared)
    highlight_clicked = Signal(str)                        # Highlight.key
    current_page_changed = Signal(int)
    zoom_changed = Signal(float)
    page_rendered = Signal(int)                            # a page's image arrived (1-based page)
    match_changed = Signal(int, int)                       # current search match (0-based), number of matches
    related_document_requested = Signal(str)               # a link to an attachment, its message or a reply

    def __init__(self, archive, doc_id: str, parent: QWidget | None = None,
                 renderer: PageRenderer | None = None):
        super().__init__(parent)
        self.archive = archive
        self.doc_id = doc_id
        self.document = get_doc(archive, doc_id)
        self.canvas = PageCanvas(archive, doc_id, renderer, self)
        self.canvas.setAccessibleName(f"Pages of {self.title}")
        self._build_toolbar()
        self.relations = RelationsBar(archive, doc_id, self)
        self.relations.document_requested.connect(self.related_document_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar)
        layout.addWidget(self.relations)
        layout.addWidget(self.canvas, 1)
        self.setFocusProxy(self.canvas)
        self.setAccessibleName(f"Document: {self.title}")

        c = self.canvas
        c.selection_changed.connect(self.selection_changed)
        c.highlight_clicked.connect(self.highlight_clicked)
        c.page_rendered.connect(self.page_rendered)
        c.current_page_changed.connect(self._on_canvas_current_page_changed)
        c.zoom_changed.connect(self._on_canvas_zoom_changed)
        for keys, slot in ((("Ctrl+=", QKeySequence.StandardKey.ZoomIn), self.zoom_in),
                           (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), self.zoom_out),
                           (("Ctrl+0",), self.fit_width)):
            for key in _unique_keys(keys):
                QShortcut(key, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._on_canvas_zoom_changed(c.zoom)

    def _build_toolbar(self) -> None:
        bar = self._toolbar = QWidget(self)
        bar.setAccessibleName("Document toolbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 3, 6, 3)
        row.setSpacing(4)

        def button(text: str, tip: str, slot) -> QToolButton:
            b = QToolButton(bar)
            b.setText(text)
            b.setToolTip(tip)
            b.setAccessibleName(tip.split(" (")[0])
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            row.addWidget(b)
            return b

        self.zoom_out_button = button("−", "Zoom out (Ctrl+-)", self.zoom_out)
        self.zoom_label = QLabel(bar)
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setAccessibleName("Zoom level")
        row.addWidget(self.zoom_label)
        self.zoom_in_button = button("+", "Zoom in (Ctrl+=)", self.zoom_in)
        self.fit_button = button("Fit width", "Fit the page width to the window (Ctrl+0)", self.fit_width)
        row.addStretch(1)
        row.addWidget(QLabel("Page", bar))
        self.page_box = QLineEdit(bar)
        self.page_box.setAccessibleName("Page number")
        self.page_box.setToolTip("Type a page number and press Enter to go there")
        self.page_box.setValidator(QIntValidator(1, max(1, self.page_count), self.page_box))
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_box.setFixedWidth(self.page_box.fontMetrics().horizontalAdvance("0000") + 16)
        self.page_box.setText("1")
        self.page_box.returnPressed.connect(self._on_page_box_return_pressed)
        self.page_box.editingFinished.connect(self._on_page_box_editing_finished)
        row.addWidget(self.page_box)
        self.page_total = QLabel(f"/ {self.page_count}", bar)
        self.page_total.setAccessibleName("Number of pages")
        row.addWidget(self.page_total)

    # -- facts -------------------------------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self.document["title"] or self.document.get("file_name") or self.doc_id[:12]

    @property
    def page_count(self) -> int:
        return self.canvas.page_count

    def current_page(self) -> int:
        return self.canvas.current_page()

    def zoom(self) -> float:
        return self.canvas.zoom

    def page_text(self, page: int) -> str:
        return self.canvas.text(page).text

    def refresh_document(self) -> None:
        """Re-read the title and other metadata after they were corrected."""
        self.document = get_doc(self.archive, self.doc_id)
        self.setAccessibleName(f"Document: {self.title}")
        self.canvas.setAccessibleName(f"Pages of {self.title}")

    # -- navigation and zoom -----------------------------------------------------------------------------------
    @Slot(int)
    def go_to(self, page: int, start: int | None = None, end: int | None = None) -> None:
        """Scroll so the page is in view, with text[start:end] of it centred when given."""
        self.canvas.go_to(page, start, end)

    @Slot()
    def zoom_in(self) -> None:
        self.canvas.zoom_by_steps(1, self._centre())

    @Slot()
    def zoom_out(self) -> None:
        self.canvas.zoom_by_steps(-1, self._centre())

    @Slot()
    def fit_width(self) -> None:
        self.canvas.fit_width()

    def set_zoom(self, zoom: float) -> None:
        self.canvas.set_zoom(zoom, self._centre())

    def _centre(self) -> QPointF:
        vp = self.canvas.viewport()
        return QPointF(vp.width() / 2, vp.height() / 2)

    # -- selection -----------------------------------------------------------------------------------------------
    def selection(self) -> Selection | None:
        return self.canvas.selection()

    def set_selection(self, page: int, start: int, end: int, end_page: int | None = None) -> None:
        self.canvas.set_selection(page, start, end, end_page=end_page)

    @Slot()
    def clear_selection(self) -> None:
        self.canvas.clear_selection()

    @Slot()
    def copy_selection(self) -> None:
        self.canvas.copy_selection()

    def add_selection_action(self, action: QAction) -> None:
        """An action offered in the page context menu (e.g. "Tag passage…"); it reads selection() when run."""
        self.canvas.selection_actions.append(action)

    # -- highlights and search matches ---------------------------------------------------------------------------
    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Replace the coloured spans drawn over the pages (search matches are kept separately)."""
        for h in highlights:
            if h.page > self.page_count:
                raise ValueError(f"highlight on page {h.page}, but the document has {self.page_count} page(s)")
        self.canvas.set_highlights(list(highlights))

    def highlights(self) -> list[Highlight]:
        return self.canvas.highlights()

    def show_search_hits(self, page: int, spans: list[tuple]) -> None:
        """Mark search matches and scroll to the first on page.

        spans are (start, end) on page, or (page, start, end) for matches anywhere in the document."""
        hits = []
        for span in spans:
            if len(span) == 2:
                hits.append((page, int(span[0]), int(span[1])))
            elif len(span) == 3:
                hits.append((int(span[0]), int(span[1]), int(span[2])))
            else:
                raise ValueError(f"search match {span!r} should be (start, end) or (page, start, end)")
        self.canvas.set_search_hits(hits)
        ordered = self.canvas.search_hits()
        if not ordered:
            self.go_to(page)
            self.match_changed.emit(-1, 0)
            return
        first = next((i for i, h in enumerate(ordered) if h[0] == page), 0)
        self._show_match(first)

    def clear_search_hits(self) -> None:
        self.canvas.set_search_hits([])
        self.match_changed.emit(-1, 0)

    def search_hits(self) -> list[tuple[int, int, int]]:
        return self.canvas.search_hits()

    def current_match(self) -> int:
        return self.canvas.hit_index

    @Slot()
    def next_match(self) -> None:
        n = len(self.canvas.search_hits())
        if n:
            self._show_match((self.canvas.hit_index + 1) % n)

    @Slot()
    def previous_match(self) -> None:
        n = len(self.canvas.search_hits())
        if n:
            self._show_match((self.canvas.hit_index - 1) % n)

    def _show_match(self, index: int) -> None:
        self.canvas.show_hit(index)
        self.match_changed.emit(index, len(self.canvas.search_hits()))

    # -- slots ---------------------------------------------------------------------------------------------------
    @Slot(int)
    def _on_canvas_current_page_changed(self, page: int) -> None:
        if not self.page_box.hasFocus():
            self.page_box.setText(str(page))
        self.current_page_changed.emit(page)

    @Slot(float)
    def _on_canvas_zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f} %")
        self.zoom_out_button.setEnabled(zoom > 0.2501)
        self.zoom_in_button.setEnabled(zoom < 4.999)
        self.zoom_changed.emit(zoom)

    @Slot()
    def _on_page_box_return_pressed(self) -> None:
        text = self.page_box.text().strip()
        if text.isdigit() and 1 <= int(text) <= self.page_count:
            self.go_to(int(text))
            self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        self.page_box.setText(str(self.current_page()))

    @Slot()
    def _on_page_box_editing_finished(self) -> None:
        if not self.page_box.hasFocus():
            self.page_box.setText(str(self.current_page()))


def _unique_keys(keys) -> list[QKeySequence]:
    """Explicit and platform key sequences without repeats (two shortcuts on one key would both go dead)."""
    out: dict[str, QKeySequence] = {}
    for key in keys:
        seqs = QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]
        for seq in seqs:
            out.setdefault(seq.toString(), seq)
    return list(out.values())
