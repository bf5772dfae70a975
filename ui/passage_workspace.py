"""The passage side of the main window: tagging, highlights, the passages list, inspector, timeline and threads.

Builds those panels as docks of the window and wires them to each other; MainWindow only creates it,
adds its actions to the menus and hands it the open archive."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget

from . import settings
from .highlights import Highlighter
from .inspector.panel import PassageInspector
from .passages_panel import PassagesPanel
from .tagging import TaggingController
from .parties_dialog import PartiesDialog
from .threads_dialog import ThreadsDialog
from .timeline.panel import TimelinePanel
from .undo import PassageCommands


READER_WIDTH = 480          # the letter keeps this much width when the inspector opens
TIMELINE_MIN_HEIGHT = 300   # enough for the filters, three lanes and the legend


class PassageWorkspace(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = None
        self.commands = PassageCommands(self)
        self.highlighter = Highlighter(window.tabs, self)
        self.tagging = TaggingController(window.tabs, self.commands, self.highlighter, self)
        self.passages_panel = PassagesPanel(self.commands, window)
        self.inspector = PassageInspector(self.commands, window)
        self.timeline = TimelinePanel(window)
        self.passages_dock = window._dock("Passages", "passagesDock", self.passages_panel)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.passages_dock)
        window.tabifyDockWidget(window.search_dock, self.passages_dock)
        self.inspector_dock = window._dock("Passage", "inspectorDock", self.inspector)
        self.inspector_dock.setTitleBarWidget(None)     # alone on its side, so it shows its name
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.inspector_dock.hide()                      # appears when a passage is chosen
        self.timeline_dock = window._dock("Timeline", "timelineDock", self.timeline)
        self.timeline_dock.setTitleBarWidget(None)
        self.timeline_dock.setFeatures(self.timeline_dock.features()
                                       | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.timeline_dock)
        self.timeline_dock.hide()
        window.library_dock.raise_()
        self.threads_dialog: ThreadsDialog | None = None
        self.questions_dialog = None

    def docks(self) -> list[QDockWidget]:
        return [self.passages_dock, self.inspector_dock, self.timeline_dock]

    def wire(self) -> None:
        self.commands.changed.connect(self._on_commands_changed)
        self.commands.tagged.connect(self._on_commands_tagged)
        self.commands.command_failed.connect(lambda m: self._say(f"Not done: {m}"))
        self.highlighter.passage_clicked.connect(self._on_passage_chosen)
        self.tagging.passage_revealed.connect(self._on_passage_chosen)
        self.tagging.message.connect(self._say)
        self.passages_panel.passage_selected.connect(self._on_passages_panel_passage_selected)
        self.passages_panel.passage_activated.connect(self.tagging.reveal)
        self.passages_panel.questions_requested.connect(self.show_questions)
        self.inspector.passage_activated.connect(self.tagging.reveal)
        self.inspector.message.connect(self._say)
        self.timeline.passage_activated.connect(self.tagging.reveal)
        self.timeline.message.connect(self._say)
        self.window.tabs.current_document_changed.connect(self.passages_panel.set_document)
        self.window.library.thread_chosen.connect(self.show_thread_timeline)
        self.window.library.threads_requested.connect(self.show_threads)
        self.timeline_dock.visibilityChanged.connect(self._on_timeline_dock_visibility_changed)
        self.timeline_dock.installEventFilter(self)

    def set_session(self, session) -> None:
        self.session = session
        for part in (self.commands, self.highlighter, self.tagging, self.passages_panel, self.inspector,
                     self.timeline):
            part.set_session(session)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    # -- showing panels ----------------------------------------------------------------------------------------
    def _ready(self) -> bool:
        return not self.window._welcome_mode

    def show_passages(self) -> None:
        if self._ready():
            self.passages_dock.show()
            self.passages_dock.raise_()
            self.passages_panel.table.setFocus()

    def show_inspector(self) -> None:
        if self._ready():
            first = not self.inspector_dock.isVisible()
            self.inspector_dock.show()
            self.inspector_dock.raise_()
            if first:
                # Make room for the page: the library gives up width to the inspector, keeping
                # READER_WIDTH for the letter where the window is wide enough.
                library = self.window.library_dock
                inspector = max(320, self.inspector.minimumSizeHint().width())
                room = self.window.width() - inspector - READER_WIDTH
                width = max(library.minimumSizeHint().width(), min(library.width(), room))
                self.window.resizeDocks([library, self.inspector_dock], [width, inspector],
                                        Qt.Orientation.Horizontal)

    def show_timeline(self) -> None:
        if not self._ready():
            return
        first = not self.timeline_dock.isVisible()
        self.timeline_dock.show()
        self.timeline_dock.raise_()
        if first:
            self.window.resizeDocks([self.timeline_dock], [self.timeline_height()], Qt.Orientation.Vertical)

    def timeline_height(self) -> int:
        """The height the timeline last had, else half the window; always leaving the letter some room."""
        height = settings.TIMELINE_HEIGHT.get() or int(self.window.height() * 0.5)
        return max(TIMELINE_MIN_HEIGHT, min(height, self.window.height() - 240))

    def eventFilter(self, watched, event) -> bool:   # noqa: N802 - Qt override
        if (watched is self.timeline_dock and event.type() == QEvent.Type.Resize and self.timeline_dock.isVisible()
                and not self.timeline_dock.isFloating() and not self.window._welcome_mode):
            settings.TIMELINE_HEIGHT.set(self.timeline_dock.height())   # the user's choice, for next time
        return False

    def show_thread_timeline(self, name: str) -> None:
        self.show_timeline()
        self.timeline.show_thread(name)

    def show_threads(self) -> ThreadsDialog | None:
        if self.session is None:
            return None
        if self.threads_dialog is not None:
            self.threads_dialog.close()
        dialog = ThreadsDialog(self.session, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.threads_changed.connect(self._on_threads_dialog_threads_changed)
        dialog.timeline_requested.connect(self.show_thread_timeline)
        dialog.destroyed.connect(self._on_threads_dialog_destroyed)
        self.threads_dialog = dialog
        dialog.open()
        return dialog

    def show_questions(self, party: str = ""):
        """The questions asked of a party (anyone when ""), still waiting first chosen."""
        if self.session is None:
            return None
        from .questions_dialog import QuestionsDialog
        if self.questions_dialog is not None:
            self.questions_dialog.close()
        dialog = QuestionsDialog(self.session, self.commands, party or "", self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.passage_activated.connect(self.tagging.reveal)
        dialog.destroyed.connect(self._on_questions_dialog_destroyed)
        self.questions_dialog = dialog
        dialog.show()
        return dialog

    def _on_questions_dialog_destroyed(self, *_args) -> None:
        self.questions_dialog = None

    def show_parties(self) -> PartiesDialog | None:
        if self.session is None:
            return None
        dialog = PartiesDialog(self.session, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.parties_changed.connect(self._on_threads_dialog_threads_changed)  # the same views show parties
        dialog.open()
        return dialog

    def delete_current_passage(self) -> None:
        pid = self.inspector.current_id()
        if pid:
            self.commands.untag(pid)
        else:
            self._say("Select a passage first (click a highlight or a row in Passages)")

    # -- slots -------------------------------------------------------------------------------------------------
    def _on_commands_changed(self, report: dict) -> None:
        self.highlighter.refresh(report["doc_ids"])
        self.passages_panel.reload()
        self.window.library.reload()     # passage counts and threads
        if self.timeline_dock.isVisible():
            self.timeline.reload()

    def _on_commands_tagged(self, pid: str) -> None:
        self.highlighter.select(pid)
        self.inspector.show_passage(pid)
        self.show_inspector()
        self._say("Tagged. Said-by and said-on come from the letter; change them in the inspector if needed")

    def _on_passage_chosen(self, pid: str) -> None:
        self.highlighter.select(pid)
        self.inspector.show_passage(pid)
        self.passages_panel.select_passage(pid, notify=False)
        self.timeline.select(pid)
        self.show_inspector()

    def _on_passages_panel_passage_selected(self, pid: str) -> None:
        self.highlighter.select(pid)
        self.inspector.show_passage(pid)
        self.timeline.select(pid)
        self.show_inspector()

    def _on_threads_dialog_threads_changed(self) -> None:
        self.window.library.reload()
        self.passages_panel.reload()
        if self.inspector.current_id():
            self.inspector.show_passage(self.inspector.current_id())
        if self.timeline_dock.isVisible():
            self.timeline.reload()

    def _on_threads_dialog_destroyed(self, *_args) -> None:
        self.threads_dialog = None

    def _on_timeline_dock_visibility_changed(self, visible: bool) -> None:
        if visible and self.session is not None:
            self.timeline.reload()   # changes made while it was hidden
