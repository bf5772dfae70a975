"""The main window: assembles the library, search, viewer, welcome screen, menus and toolbar, and wires their signals."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget,
                               QTabWidget, QVBoxLayout, QWidget)

from . import settings
from .app import apply_theme
from .archive_tools import ArchiveTools
from . import demo_mode
from . import ingest as ingest_ui
from .ingest import IngestController, IngestStatus
from .library_panel import LibraryPanel
from .main_actions import build_actions, build_menus, build_toolbar
from .metadata_dialog import MetadataDialog
from .resources import icon
from .passage_workspace import PassageWorkspace
from .draft.window import DraftsController
from .search_panel import SearchPanel
from .shortcuts_dialog import ShortcutsDialog, shortcut_rows
from .tasks import ArchiveSession
from .viewer.tabs import DocumentTabs
from .welcome import WelcomePage


def ask_archive_folder(parent, title: str) -> str:
    """The folder dialog for Open/New archive (a function so tests can answer it)."""
    return QFileDialog.getExistingDirectory(parent, title, str(Path.home()))


class MainWindow(QMainWindow):
    archive_opened = Signal(str)
    library_loaded = Signal(int)
    library_shown = Signal(int)     # the newest documents are on show while the rest load; how many in all

    def __init__(self, archive_path: Path | str | None = None):
        super().__init__()
        self.session: ArchiveSession | None = None
        self._pending: ArchiveSession | None = None
        self._welcome_mode = False
        self._repair_pending = None
        self._build_demo_when_empty = False
        self._dock_state = QByteArray()
        self._docks_sized = False
        self._library_width: int | None = None     # the library's share while the user has not moved it
        self.colors: dict[str, str] = {}
        self.setWindowTitle("Papertrail")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self._build_panels()
        build_actions(self)
        build_menus(self)
        build_toolbar(self)
        self._wire()
        self._restore_window()
        self.apply_theme(settings.theme())
        hints = QApplication.instance().styleHints()
        hints.colorSchemeChanged.connect(self._on_system_scheme_changed)
        if archive_path is not None:
            self.open_archive(archive_path)

    # -- assembly ----------------------------------------------------------
    def _build_panels(self) -> None:
        self.library = LibraryPanel(self)
        self.search = SearchPanel(self)
        self.tabs = DocumentTabs(self)
        self.welcome = WelcomePage(self)
        self.central = QStackedWidget(self)
        self.central.addWidget(self.tabs)
        self.central.addWidget(self.welcome)
        self.demo_banner = demo_mode.DemoBanner(self)
        self.demo = demo_mode.DemoMode(self.demo_banner, self)
        middle = QWidget(self)
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.demo_banner)
        column.addWidget(self.central, 1)
        self.setCentralWidget(middle)
        self.library_dock = self._dock("Library", "libraryDock", self.library)
        self.search_dock = self._dock("Search", "searchDock", self.search)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.library_dock)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        self.tabifyDockWidget(self.library_dock, self.search_dock)
        self.setTabPosition(Qt.DockWidgetArea.LeftDockWidgetArea, QTabWidget.TabPosition.North)
        self.library_dock.raise_()
        self.ingest_status = IngestStatus(self)
        self.statusBar().addPermanentWidget(self.ingest_status)
        self.archive_label = QLabel("")
        self.archive_label.setAccessibleName("Open archive")
        self.statusBar().addPermanentWidget(self.archive_label)
        self.ingest = IngestController(self, self.ingest_status)
        self.work = PassageWorkspace(self)
        for name in ("commands", "highlighter", "tagging", "passages_panel", "inspector", "timeline",
                     "passages_dock", "inspector_dock", "timeline_dock"):
            setattr(self, name, getattr(self.work, name))
        self.drafts = DraftsController(self)
        self.drafts_dock = self.drafts.dock
        self.archive_tools = ArchiveTools(self)

    def _dock(self, title: str, name: str, widget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} panel")
        dock.setTitleBarWidget(QWidget(dock))   # the dock tabs name the panels; View ▸ Panels shows/hides them
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        return dock

    def _wire(self) -> None:
        self.library.document_activated.connect(self._on_library_document_activated)
        self.library.details_requested.connect(self.edit_details)
        self.library.saved_search_chosen.connect(self._on_library_saved_search_chosen)
        self.library.loaded.connect(self._on_library_loaded)
        self.library.first_shown.connect(self._on_library_first_shown)
        self.library.load_failed.connect(self._repair_index_once)
        self.search.result_chosen.connect(self._on_search_result_chosen)
        self.search.search_saved.connect(lambda _name: self.library.reload())
        self.search.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.drafts.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.search.results_changed.connect(self._update_actions)
        self.tabs.current_document_changed.connect(lambda _d: self._update_actions())
        self.tabs.current_document_changed.connect(lambda _d: self._on_documents_changed())
        self.welcome.add_documents_requested.connect(self.choose_documents)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.open_archive_requested.connect(self.choose_archive)
        self.demo_banner.leave_requested.connect(self.leave_demo)
        self.ingest.ingest_started.connect(self._on_ingest_started)
        self.ingest.ingest_finished.connect(self._on_ingest_finished)
        self.work.wire()
        self._update_actions()

    # -- archives ------------------------------------------------------------
    def open_archive(self, path: Path | str) -> None:
        """Switch to the archive in this folder (created when the folder is new or empty)."""
        if not self.drafts.close_all():     # open letters are saved into the archive they came from
            return
        if self._pending is not None:
            self._pending.close()
        session = ArchiveSession(Path(path), self)
        session.opened.connect(lambda _p, s=session: self._on_session_opened(s))
        session.open_failed.connect(lambda message, s=session: self._on_session_failed(s, message))
        self._pending = session
        self.statusBar().showMessage(f"Opening {session.path}…")
        session.start()

    def _on_session_opened(self, session: ArchiveSession) -> None:
        if session is not self._pending:
            return
        self._pending = None
        old, self.session = self.session, session
        for i in reversed(range(self.tabs.count())):
            self.tabs.close_tab(i)
        if old is not None:
            self.ingest.cancel()
            old.close()
            old.deleteLater()
        title, remember = self.demo.opened(session.path)
        if remember:    # the demo opened from the welcome page is not reopened at the next start
            settings.LAST_ARCHIVE.set(str(session.path))
        self.setWindowTitle(title or f"Papertrail — {session.path.name}")
        self.archive_label.setText(str(session.path))
        self.archive_label.setToolTip(f"Archive folder: {session.path}")
        self.welcome.set_archive_path(str(session.path))
        self.ingest.set_session(session)
        self.library.set_session(session)
        self.search.set_session(session)
        self.work.set_session(session)
        self.drafts.set_session(session)
        # The search index is brought up to date once the library is on show: after a change
        # checking it reads every entry, which would slow the library's loading down.
        self.archive_tools.set_session(session, repair=False)
        self._repair_pending = session
        self.statusBar().showMessage(f"Opened {session.path}", 4000)
        self.archive_opened.emit(str(session.path))
        self._update_actions()

    def _on_session_failed(self, session: ArchiveSession, message: str) -> None:
        if session is self._pending:
            self._pending = None
        session.close()
        session.deleteLater()
        self.statusBar().clearMessage()
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open the archive", message[:1].upper() + message[1:],
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.error_box = box
        box.open()
        if self.session is None:
            self._enter_welcome(True)

    def choose_archive(self) -> None:
        path = ask_archive_folder(self, "Open an archive folder")
        if path:
            self.open_archive(path)

    def choose_new_archive(self) -> None:
        path = ask_archive_folder(self, "Choose an empty folder for the new archive")
        if path:
            self.open_archive(path)

    def open_demo(self) -> None:
        self._build_demo_when_empty = True
        self.welcome.set_busy(True)
        self.demo.opening_from_button()
        target = settings.demo_archive_dir()
        if self.session is not None and self.session.path == target:
            self.library.reload()
        else:
            self.open_archive(target)

    def leave_demo(self) -> None:
        self.open_archive(self.demo.own_archive())

    def in_demo(self) -> bool:
        return self.session is not None and self.demo.is_demo(self.session.path)

    # -- adding documents ----------------------------------------------------
    def choose_documents(self) -> None:
        self._add_chosen(ingest_ui.ask_paths(self, folder=False))

    def choose_folder(self) -> None:
        self._add_chosen(ingest_ui.ask_paths(self, folder=True))

    def _add_chosen(self, paths: list[str]) -> None:
        if paths:
            first = Path(paths[0])
            settings.LAST_ADD_FOLDER.set(str(first if first.is_dir() else first.parent))
            self.add_paths(paths)

    def add_paths(self, paths: list[str]) -> None:
        """Add files and folders in the background (after the archive has opened)."""
        if self.session is None:
            # Opening is asynchronous; queue until the archive is ready.
            self.archive_opened.connect(lambda _p, ps=list(paths): self._add_once(ps),
                                        Qt.ConnectionType.SingleShotConnection)
            return
        if self.in_demo():   # real letters do not go in beside the fictional ones without a word
            choice = demo_mode.ask_where_to_add(self, self.demo.own_archive())
            if choice is None:
                return
            if choice == "own":
                self.archive_opened.connect(lambda _p, ps=list(paths): self._add_once(ps),
                                            Qt.ConnectionType.SingleShotConnection)
                self.leave_demo()
                return
        self.ingest.add(paths)

    def _add_once(self, paths: list[str]) -> None:
        self.ingest.add(paths)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def _on_ingest_started(self) -> None:
        self.welcome.set_busy(True)

    def _on_ingest_finished(self, report) -> None:
        self.welcome.set_busy(False)
        n, dup, bad = len(report.added), len(report.duplicates), len(report.failed)
        text = f"Added {n} document{'s' if n != 1 else ''}"
        text += f" · {dup} already in the archive" if dup else ""
        text += f" · {bad} failed" if bad else ""
        self.statusBar().showMessage(text + (" (cancelled)" if report.cancelled else ""), 10000)
        self.library.reload()
        if self.search.field.text().strip():
            self.search.run_now()

    # -- library, search and viewer ------------------------------------------
    def _repair_index_once(self, *_args) -> None:
        if self._repair_pending is not None and self._repair_pending is self.session:
            self._repair_pending = None
            self.archive_tools.repair_index()

    def _on_library_loaded(self, count: int) -> None:
        self._repair_index_once()
        if count == 0 and self._build_demo_when_empty and self.session is not None \
                and self.session.path == settings.demo_archive_dir():
            self._build_demo_when_empty = False
            self.ingest.add_demo()
            return
        if count:
            self._build_demo_when_empty = False
            self.welcome.set_busy(False)
        self._enter_welcome(count == 0 and not self.ingest.is_running())
        if not self._welcome_mode:
            self._size_docks_once()
        self.library_loaded.emit(count)

    def _on_library_first_shown(self, count: int) -> None:
        self._build_demo_when_empty = False
        self.welcome.set_busy(False)
        self._enter_welcome(False)
        self._size_docks_once()
        self.library_shown.emit(count)

    def _enter_welcome(self, on: bool) -> None:
        if on == self._welcome_mode:
            return
        self._welcome_mode = on
        if on:
            self._dock_state = self.saveState()
            for dock in (self.library_dock, self.search_dock, self.passages_dock, self.inspector_dock,
                         self.timeline_dock, self.drafts_dock):
                dock.hide()
            self.toolbar.hide()
            self.central.setCurrentWidget(self.welcome)
        else:
            self.central.setCurrentWidget(self.tabs)
            self.toolbar.show()
            if not self._dock_state.isEmpty():
                self.restoreState(self._dock_state)
            # The inspector appears when a passage is chosen; the timeline when asked for.
            for dock in (self.library_dock, self.search_dock, self.passages_dock, self.drafts_dock):
                dock.show()
            self.library_dock.raise_()
            self._size_docks_once()
        self._update_actions()

    def _size_docks_once(self) -> None:
        """First run: the library gets most of the width until the user moves the divider, but a
        letter opened next must still show at a readable size on a small screen. Until the user
        moves the divider, a resize of the window shares the width out the same way again."""
        if not self._docks_sized:
            self._docks_sized = True
            QTimer.singleShot(0, self._share_width)

    def _share_width(self) -> None:
        # Until a document is open its side only says how to open one, so the library's columns
        # take all but a strip of it; once one is, it keeps 520 px to be read at a usable size.
        if self.tabs.count():
            self._library_width = min(int(self.width() * 0.64), self.width() - 520)
        else:
            self._library_width = self.width() - max(220, int(self.width() * 0.2))
        self.resizeDocks([self.library_dock], [self._library_width], Qt.Orientation.Horizontal)

    def _sharing_width(self) -> bool:
        """Whether the width is still shared out as _share_width does (the user has not moved it)."""
        auto = getattr(self, "_library_width", None)     # (a resize may come while __init__ runs)
        return auto is not None and abs(self.library_dock.width() - auto) <= 4

    def _on_documents_changed(self) -> None:
        """The first document opened, or the last one closed: the width is shared out again (between
        two documents it comes out the same)."""
        if self._sharing_width():
            QTimer.singleShot(0, self._share_width)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width() and self._sharing_width():
            QTimer.singleShot(0, self._share_width)

    def open_document(self, doc_id: str, page: int | None = None, spans: list | None = None):
        if self.session is None:
            return None
        try:
            view = self.tabs.open_document(self.session.path, doc_id, page, spans)
        except Exception as exc:  # noqa: BLE001 - a vanished or unreadable document is a message, not a crash
            from .tasks import error_message
            self.statusBar().showMessage(f"Cannot open the document: {error_message(exc)}", 10000)
            return None
        self._update_actions()
        return view

    def _on_library_document_activated(self, doc_id: str) -> None:
        self.open_document(doc_id)

    def _on_search_result_chosen(self, doc_id: str, page: int, spans: list) -> None:
        self.open_document(doc_id, page, spans)

    def _on_library_saved_search_chosen(self, item: dict) -> None:
        self.show_search()
        self.search.run_query(item["query"], item.get("sort"))

    def edit_current_details(self) -> None:
        in_viewer = self.tabs.isAncestorOf(QApplication.focusWidget())
        doc_id = (in_viewer and self.tabs.current_doc_id()) or self.library.current_doc_id() \
            or self.tabs.current_doc_id()
        if doc_id:
            self.edit_details(doc_id)
        else:
            self.statusBar().showMessage("Select a document in the library first", 5000)

    def edit_details(self, doc_id: str) -> MetadataDialog | None:
        doc = self.library.doc(doc_id)
        if doc is None or self.session is None:
            return None
        dialog = MetadataDialog(self.session, doc, self)
        dialog.saved.connect(lambda _d, i=doc_id: self._on_details_saved(i))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details_dialog = dialog
        dialog.open()
        return dialog

    def _on_details_saved(self, doc_id: str) -> None:
        self.statusBar().showMessage("Document details saved", 5000)
        self.library.reload()
        self.tabs.refresh_document(doc_id)

    def next_hit(self) -> None:
        self._step_hit(+1)

    def previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        """Step through the matches in the open document, then on to the next result page."""
        view = self.tabs.current_view()
        if view is not None and view.search_hits():
            n, at = len(view.search_hits()), view.current_match()
            if 0 <= at + step < n:
                view.next_match() if step > 0 else view.previous_match()
                return
        if self.search.step_result(step):
            view = self.tabs.current_view()
            if view is not None and step < 0 and view.search_hits():
                while view.current_match() < len(view.search_hits()) - 1:
                    view.next_match()   # arriving backwards: start at the page's last match
            return
        if view is not None and view.search_hits():
            view.next_match() if step > 0 else view.previous_match()   # wrap around
        else:
            self.statusBar().showMessage("No more matches", 3000)

    def focus_search(self) -> None:
        self.show_search()
        self.search.focus_field()

    def focus_library_filter(self) -> None:
        self.show_library()
        self.library.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.library.filter_box.selectAll()

    def show_library(self) -> None:
        if not self._welcome_mode:
            self.library_dock.show()
            self.library_dock.raise_()
            self.library.table.setFocus()

    def show_search(self) -> None:
        if not self._welcome_mode:
            self.search_dock.show()
            self.search_dock.raise_()

    def _update_actions(self, *_args) -> None:
        has_view = self.tabs.current_view() is not None
        for act in (self.zoom_in_action, self.zoom_out_action, self.fit_width_action):
            act.setEnabled(has_view)
        has_hits = self.search.model.hit_count() > 0
        for act in (self.next_hit_action, self.previous_hit_action):
            act.setEnabled(has_hits or (has_view and bool(self.tabs.current_view().search_hits())))
        for act in (self.save_search_action, self.export_action):
            act.setEnabled(self.search.save_button.isEnabled())
        ready = self.session is not None
        for act in (self.add_docs_action, self.add_folder_action):
            act.setEnabled(ready)
        self.find_action.setEnabled(not self._welcome_mode)

    # -- appearance, help, state ---------------------------------------------
    def set_theme(self, choice: str) -> None:
        settings.THEME.set(choice)
        self.apply_theme(choice)

    def apply_theme(self, choice: str) -> None:
        self.colors = apply_theme(QApplication.instance(), choice)
        self.theme_actions.get(choice, self.theme_actions["system"]).setChecked(True)
        c = self.colors
        for act in self.findChildren(QAction):
            name = act.data()
            if isinstance(name, str) and name:
                act.setIcon(icon(name, c["icon"], c["icon_disabled"]))
        self.library.set_colors(c["unsure"], icon("warning", "#c88a00"))
        self.library.set_saved_icon(icon("saved-search", c["muted"]))
        self.search.model.mark_style = f"background-color:{c['mark_bg']};color:{c['mark_text']}"
        self.drafts.set_colors(c)
        self.library.table.viewport().update()
        self.search.tree.viewport().update()

    def _on_system_scheme_changed(self, _scheme) -> None:
        if settings.theme() == "system":
            self.apply_theme("system")

    def show_shortcuts(self) -> None:
        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_list(), self)
        self.shortcuts_dialog.open()

    def shortcut_list(self) -> list[tuple[str, str]]:
        """Every menu action with its keys, then the document viewer's own keys."""
        return shortcut_rows(self.menuBar())

    def show_about(self) -> None:
        from app import __version__
        QMessageBox.about(self, "About Papertrail",
                          f"<h3>Papertrail {__version__}</h3><p>An offline archive of correspondence: add letters, search "
                          "them, tag commitments and claims, and quote them precisely.</p>"
                          "<p>Everything stays on this computer.</p>")

    def _restore_window(self) -> None:
        geometry = settings.WINDOW_GEOMETRY.get()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(1360, 860)
        state = settings.WINDOW_STATE.get()
        self._docks_sized = not state.isEmpty() and self.restoreState(state)
        self.library.restore_state()

    def save_window(self) -> None:
        settings.WINDOW_GEOMETRY.set(self.saveGeometry())
        state = self._dock_state if self._welcome_mode and not self._dock_state.isEmpty() else self.saveState()
        if not self._welcome_mode or not self._dock_state.isEmpty():
            settings.WINDOW_STATE.set(state)
        self.library.save_state()

    def closeEvent(self, event) -> None:
        if not self.drafts.close_all():
            event.ignore()
            return
        self.save_window()
        self.ingest.cancel()
        self.archive_tools.cancel_all()     # a backup, restore, share or import stops after its file
        for session in (self._pending, self.session):
            if session is not None:
                session.close()
        self._pending = self.session = None
        for i in reversed(range(self.tabs.count())):
            self.tabs.close_tab(i)
        super().closeEvent(event)
