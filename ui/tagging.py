"""Tagging on the page: a floating toolbar by the selection, context-menu entries and the 1/2/3 keys.

Also reveals a passage: opens its document at its page with the passage centred and emphasised."""
from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton

from app import passages

from .highlights import HIGHLIGHT_ALPHA, KIND_KEYS, KIND_LABELS, kind_color
from .viewer.marks import Highlight

PENDING = "pending"    # the kind of the mark drawn while a new tag is being stored

KINDS = ("commitment", "claim", "rebuttal", "question")


def kind_icon(kind: str) -> QIcon:
    """A filled dot in the kind's colour, for buttons and menus."""
    px = QPixmap(32, 32)
    px.fill(Qt.GlobalColor.transparent)
    p = QPainter(px)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(kind_color(kind).darker(120))
    p.setBrush(kind_color(kind))
    p.drawEllipse(6, 6, 20, 20)
    p.end()
    px.setDevicePixelRatio(2.0)
    return QIcon(px)


class SelectionToolbar(QFrame):
    """Buttons floating just above (or below) the selected text: tag as commitment, claim, rebuttal or question."""

    def __init__(self, actions: dict[str, QAction], parent):
        super().__init__(parent)
        self.setObjectName("selectionToolbar")
        self.setAccessibleName("Tag the selection")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 3, 4, 3)
        row.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for kind, act in actions.items():
            b = QToolButton(self)
            b.setIcon(act.icon())
            b.setText(f"{KIND_LABELS[kind]} {KIND_KEYS[kind]}")
            b.setToolTip(act.toolTip())
            b.setAccessibleName(act.text())
            b.clicked.connect(act.trigger)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # the page keeps focus, so 1–4 and Esc still work
            self.buttons[kind] = b
            row.addWidget(b)
        self.hide()

    def _fit(self, room: int) -> None:
        """Names and keys where they fit; in a narrow page, the keys alone (the names are in the tooltips)."""
        for compact in (False, True):
            for kind, b in self.buttons.items():
                b.setText(KIND_KEYS[kind] if compact else f"{KIND_LABELS[kind]} {KIND_KEYS[kind]}")
            if self.sizeHint().width() <= room:
                return

    def place(self, rects) -> None:
        """Show above the first line of the selection, or below its last line when there is no room."""
        if not rects:
            self.hide()
            return
        vp = self.parentWidget()
        self._fit(vp.width() - 8)
        self.adjustSize()
        first, last = rects[0], rects[-1]
        x = round(min(max(first.left(), 4), max(4, vp.width() - self.width() - 4)))
        y = round(first.top() - self.height() - 6)
        if y < 4:
            y = round(last.bottom() + 6)
        if y > vp.height() - self.height() - 4 or last.bottom() < 0:
            self.hide()
            return
        self.move(QPoint(x, y))
        self.show()
        self.raise_()


class _ViewTagging(QObject):
    """The tag actions and floating toolbar of one open document."""

    def __init__(self, controller: "TaggingController", view):
        super().__init__(view)
        self.controller = controller
        self.view = view
        canvas = view.canvas
        self.actions: dict[str, QAction] = {}
        self.waiting = False      # a tag was sent and the archive has not answered yet
        for kind in KINDS:
            act = QAction(kind_icon(kind), f"Tag as {KIND_LABELS[kind].lower()}", canvas)
            act.setShortcut(QKeySequence(KIND_KEYS[kind]))
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            act.setToolTip(f"Tag the selected text as a {kind} ({KIND_KEYS[kind]})")
            act.setEnabled(False)
            act.triggered.connect(lambda _c=False, k=kind: self.tag(k))
            canvas.addAction(act)
            view.add_selection_action(act)
            self.actions[kind] = act
        self.toolbar = SelectionToolbar(self.actions, canvas.viewport())
        view.selection_changed.connect(self._on_view_selection_changed)
        canvas.verticalScrollBar().valueChanged.connect(self._on_canvas_scrolled)
        canvas.horizontalScrollBar().valueChanged.connect(self._on_canvas_scrolled)
        view.zoom_changed.connect(self._on_canvas_scrolled)

    def tag(self, kind: str) -> bool:
        sel = self.view.selection()
        if sel is None:
            self.controller.message.emit("Select the words of the passage first, then press 1, 2, 3 or 4")
            return False
        if kind == "question":
            return self._ask_questions(sel)
        self._show_pending(sel, kind)
        extra = {"end_page": sel.end_page} if sel.end_page and sel.end_page != sel.page else {}
        self.controller.commands.tag(sel.doc_id, sel.page, sel.start, sel.end, sel.text, kind, **extra)
        self.view.clear_selection()
        return True

    def _ask_questions(self, sel) -> bool:
        """Questions first say what will be tagged (several at once?) and whom they are asked of."""
        from .question_tagging import QuestionTagDialog
        dialog = QuestionTagDialog(self.controller.session, sel.doc_id, sel.text, self.view.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._tag_questions(sel, dialog.split(), dialog.addressee()))
        self.controller.question_dialog = dialog
        dialog.destroyed.connect(lambda *_a: setattr(self.controller, "question_dialog", None))
        dialog.open()
        return True

    def _tag_questions(self, sel, split: bool, to: str) -> None:
        self._show_pending(sel, "question")
        extra = {"end_page": sel.end_page} if sel.end_page and sel.end_page != sel.page else {}
        if to:
            extra["to"] = to
        commands = self.controller.commands
        if split:
            commands.tag_questions(sel.doc_id, sel.page, sel.start, sel.end, **extra)
        else:
            commands.tag(sel.doc_id, sel.page, sel.start, sel.end, sel.text, "question", **extra)
        self.view.clear_selection()

    def _show_pending(self, sel, kind: str) -> None:
        """Mark the words in the kind's colour at once, with a busy cursor and a status line: the
        first tag of a session can take a second or two before the archive answers."""
        pending = [Highlight(page, start, end, kind_color(kind, HIGHLIGHT_ALPHA), kind=PENDING, tooltip="Tagging…")
                   for page, start, end in sel.spans() if start < end]   # every page the words run over
        self.view.set_highlights(self.view.highlights() + pending)
        self.view.canvas.viewport().setCursor(Qt.CursorShape.BusyCursor)
        self.waiting = True
        self.controller.message.emit(f"Tagging as a {kind}…")

    def settle(self, failed: bool) -> None:
        """The archive answered. The passage's highlight, read next, replaces the pending mark; after
        a failure the mark goes at once."""
        if failed:
            self.view.set_highlights([h for h in self.view.highlights() if h.kind != PENDING])
        self.view.canvas.viewport().unsetCursor()
        self.waiting = False

    def _place_toolbar(self) -> None:
        sel = self.view.selection()
        if sel is None:
            self.toolbar.hide()
            return
        rects = [r for page, start, end in sel.spans() for r in self.view.canvas.span_viewport_rects(page, start, end)]
        self.toolbar.place([r for r in rects if r.bottom() >= 0] or rects)

    def _on_view_selection_changed(self, _doc_id: str, _page: int, _start: int, _end: int, text: str) -> None:
        for act in self.actions.values():
            act.setEnabled(bool(text))
        self._place_toolbar()

    def _on_canvas_scrolled(self, *_args) -> None:
        if self.toolbar.isVisible() or self.view.selection() is not None:
            self._place_toolbar()


class TaggingController(QObject):
    """Adds tagging to every document as it opens, and reveals passages in their documents."""

    message = Signal(str)              # for the status bar
    passage_revealed = Signal(str)     # the passage's document is open with the passage in view

    def __init__(self, tabs, commands, highlighter, parent=None):
        super().__init__(parent)
        self.tabs = tabs
        self.commands = commands
        self.highlighter = highlighter
        self.session = None
        self.question_dialog = None       # the last "Tag questions" dialog opened (for tests and focus)
        self._reveal_generation = 0
        tabs.view_opened.connect(self._on_tabs_view_opened)
        commands.changed.connect(lambda _report: self._settle(False))
        commands.command_failed.connect(lambda _message: self._settle(True))

    def _settle(self, failed: bool) -> None:
        for view in self.tabs.views():
            tagging = self.tagging_for(view)
            if tagging is not None and tagging.waiting:
                tagging.settle(failed)

    def set_session(self, session) -> None:
        self.session = session

    def tagging_for(self, view) -> _ViewTagging | None:
        return view.findChild(_ViewTagging) if view is not None else None

    def tag_current(self, kind: str) -> bool:
        """Tag the selection of the current document (the menu's Passage ▸ Tag as … entries)."""
        tagging = self.tagging_for(self.tabs.current_view())
        if tagging is None:
            self.message.emit("Open a document and select the words of the passage first")
            return False
        return tagging.tag(kind)

    def menu_actions(self, parent) -> list[QAction]:
        """Tag actions for the main menu; the keys belong to the page, so they are shown as hints."""
        out = []
        for kind in KINDS:
            act = QAction(kind_icon(kind), f"Tag as &{KIND_LABELS[kind].lower()}", parent)
            act.setProperty("keys_hint", KIND_KEYS[kind])
            act.setToolTip(f"Tag the selected text as a {kind} ({KIND_KEYS[kind]})")
            act.triggered.connect(lambda _c=False, k=kind: self.tag_current(k))
            out.append(act)
        return out

    def reveal(self, pid: str) -> None:
        """Open the passage's document at its page, centred and emphasised (after reading it in the background)."""
        if self.session is None:
            return
        self._reveal_generation += 1
        gen = self._reveal_generation
        self.session.read(lambda archive, _job: passages.get(archive, pid),
                          lambda p: self._on_passage_read(gen, p),
                          lambda m: self.message.emit(f"Cannot show the passage: {m}"))

    def _on_passage_read(self, gen: int, p: dict) -> None:
        if gen != self._reveal_generation or self.session is None:
            return
        if p["doc_id"] is None:
            # A question written directly is in no letter: the inspector is where it is shown.
            self.highlighter.select(p["id"])
            self.passage_revealed.emit(p["id"])
            self.message.emit("This question was written directly and is in no letter yet; it is shown in "
                              "the inspector")
            return
        try:
            view = self.tabs.open_document(self.session.path, p["doc_id"])
            if p["orphaned"]:
                view.go_to(min(p["page"], view.page_count))
                self.message.emit("This passage could not be found in the document's current text; "
                                  "it is shown in the passages list with a warning")
            else:
                view.go_to(p["page"], p["start"], p["end"])
        except Exception as exc:  # noqa: BLE001 - a vanished document is a message, not a crash
            from .tasks import error_message
            self.message.emit(f"Cannot open the passage's document: {error_message(exc)}")
            return
        self.highlighter.select(p["id"])
        self.passage_revealed.emit(p["id"])

    def _on_tabs_view_opened(self, view) -> None:
        _ViewTagging(self, view)
