"""Follow-up letters in the app: the window a draft is edited in, the Drafts list, the New letter dialog, and
the controller that gives the main window its File ▸ New follow-up letter… action and Drafts panel."""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QMessageBox, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app import passages as passages_app
from app.draft import (address_lines, build_draft, commitments_appendix, delete_draft, list_drafts, load_draft,
                       salutation_for)
from app.draft.model import CITATION_STYLES, Draft

from ..labels import intro_label
from .editor import DraftEditor, new_draft
from .toolbar import CITATION_LABELS


def _when(stamp: str | None) -> str:
    return (stamp or "")[:16].replace("T", " ")


def confirm_delete(parent, title: str) -> bool:
    answer = QMessageBox.question(parent, "Delete draft", f"Delete the draft “{title}”? This cannot be undone.",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def confirm_close_unsaved(parent, error: str) -> bool:
    answer = QMessageBox.warning(parent, "The draft is not saved",
                                 f"The latest changes could not be saved: {error or 'the archive did not answer'}."
                                 "\n\nClose anyway and lose them?",
                                 QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                 QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard


class DraftWindow(QMainWindow):
    """A draft in its own window, so the archive stays in view beside it."""

    closed = Signal(object)      # this window, once it has closed

    def __init__(self, session, draft: Draft | None = None, draft_id: int | None = None, colors=None,
                 parent=None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor = DraftEditor(session, draft, draft_id, self)
        self.setCentralWidget(self.editor)
        self.editor.title_changed.connect(self._on_editor_title_changed)
        self.editor.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._on_editor_title_changed(self.editor.title())
        if colors is None:
            from ..app import theme_colors
            colors = theme_colors()
        self.editor.set_colors(colors)
        self.resize(1280, 860)

    def _on_editor_title_changed(self, title: str) -> None:
        self.setWindowTitle(f"{title} — Follow-up letter")

    def closeEvent(self, event) -> None:
        if not self.editor.flush() and not confirm_close_unsaved(self, self.editor.autosaver.error):
            event.ignore()
            return
        self.closed.emit(self)
        super().closeEvent(event)


class NewLetterDialog(QDialog):
    """Who the letter is to and from, its subject, and which threads to quote (none: start blank)."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("New follow-up letter")
        self.result_draft: Draft | None = None
        v = QVBoxLayout(self)
        intro = intro_label("Start a letter that quotes what was said, word for word. Choose threads to quote their "
                       "passages in order, or none to start with an empty letter.", self)
        v.addWidget(intro)
        form = QFormLayout()
        self.to_edit = QLineEdit(self)
        self.to_edit.setPlaceholderText("Ms. Marta Kessler, Chief Executive Officer, Veridian Signals Ltd")
        self.from_edit = QPlainTextEdit(self)
        self.from_edit.setPlaceholderText("Anna Lindqvist\nDirector, Open Rights Watch")
        self.from_edit.setFixedHeight(60)
        self.subject_edit = QLineEdit(self)
        self.subject_edit.setPlaceholderText("Publication of the human rights impact assessment")
        self.style_box = QComboBox(self)
        for key in CITATION_STYLES:
            self.style_box.addItem(CITATION_LABELS[key], key)
        form.addRow("To", self.to_edit)
        form.addRow("From", self.from_edit)
        form.addRow("Subject", self.subject_edit)
        form.addRow("Citations", self.style_box)
        v.addLayout(form)
        self.threads = QListWidget(self)
        self.threads.setAccessibleName("Threads to quote")
        v.addWidget(QLabel("Threads to quote", self))
        v.addWidget(self.threads, 1)
        self.appendix_box = QCheckBox("Add an appendix of the commitments and their status", self)
        self.appendix_box.setChecked(True)
        v.addWidget(self.appendix_box)
        self.error = QLabel("", self)
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        v.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create letter")
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.resize(560, 560)
        session.read(lambda archive, job: passages_app.threads(archive), self._on_threads_loaded,
                     self._show_error)

    def _on_threads_loaded(self, threads: list[dict]) -> None:
        for t in threads:
            if not t["passages"]:
                continue
            item = QListWidgetItem(f"{t['name']}  ({t['passages']} passages)")
            item.setData(Qt.ItemDataRole.UserRole, t["name"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.threads.addItem(item)

    def chosen_threads(self) -> list[str]:
        return [self.threads.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.threads.count())
                if self.threads.item(i).checkState() == Qt.CheckState.Checked]

    def _show_error(self, message: str) -> None:
        self.error.setText(message[:1].upper() + message[1:])
        self.error.show()
        self.buttons.setEnabled(True)

    def create(self) -> None:
        """Build the draft in the background; the dialog closes when it is ready."""
        to, subject = self.to_edit.text().strip(), " ".join(self.subject_edit.text().split())
        signatories = [s.strip() for s in self.from_edit.toPlainText().split("\n\n") if s.strip()]
        threads, style = self.chosen_threads(), self.style_box.currentData()
        appendix = self.appendix_box.isChecked()

        def build(archive, job) -> Draft:
            if threads:
                return build_draft(archive, to, signatories, subject, threads, (), appendix, style)
            draft = new_draft()
            draft.to = "\n".join(address_lines(to))
            draft.from_, draft.subject, draft.citation_style = signatories, subject, style
            draft.salutation = salutation_for(to) if to else "Dear ,"
            if appendix:
                draft.blocks.append(commitments_appendix(archive, [], draft.date))
            return draft

        self.buttons.setEnabled(False)
        self.error.hide()
        self.session.read(build, self._on_built, self._show_error)

    def _on_built(self, draft: Draft) -> None:
        self.result_draft = draft
        self.accept()


class DraftsPanel(QWidget):
    """The archive's saved drafts, most recently changed first."""

    open_requested = Signal(int)
    new_requested = Signal()
    loaded = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.rows: list[dict] = []
        v = QVBoxLayout(self)
        v.setContentsMargins(8, 8, 8, 8)
        self.list = QListWidget(self)
        self.list.setObjectName("draftsList")
        self.list.setAccessibleName("Saved drafts")
        self.list.itemActivated.connect(lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        v.addWidget(self.list, 1)
        self.empty = QLabel("No drafts yet. File ▸ New follow-up letter… starts one.", self)
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        v.addWidget(self.empty)
        row = QHBoxLayout()
        self.new_button = QPushButton("New letter…", self)
        self.open_button = QPushButton("Open", self)
        self.delete_button = QPushButton("Delete", self)
        for b in (self.new_button, self.open_button, self.delete_button):
            row.addWidget(b)
        row.addStretch(1)
        v.addLayout(row)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self._update_buttons()

    def set_session(self, session) -> None:
        self.session = session
        self.reload()

    def reload(self) -> None:
        if self.session is not None:
            self.session.read(lambda archive, job: list_drafts(archive), self._on_loaded,
                              lambda m: self.empty.setText(f"The drafts could not be read: {m}"))

    def _on_loaded(self, rows: list[dict]) -> None:
        current = self.current_id()
        self.rows = rows
        self.list.clear()
        for r in rows:
            n = r.get("passages", 0)
            item = QListWidgetItem(f"{r['title']}\n{_when(r['updated_at'])} · {n} passage{'s' if n != 1 else ''}")
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            item.setToolTip(f"Created {_when(r['created_at'])}, last changed {_when(r['updated_at'])}")
            self.list.addItem(item)
            if r["id"] == current:
                self.list.setCurrentItem(item)
        self.empty.setVisible(not rows)
        self._update_buttons()
        self.loaded.emit(len(rows))

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _on_open_clicked(self) -> None:
        if self.current_id() is not None:
            self.open_requested.emit(self.current_id())

    def _on_delete_clicked(self) -> None:
        did = self.current_id()
        title = self.list.currentItem().text().splitlines()[0] if did is not None else ""
        if did is None or self.session is None or not confirm_delete(self, title):
            return
        self.session.write(lambda archive, job: delete_draft(archive, did), lambda _r: self.reload(),
                           lambda m: self.empty.setText(f"The draft could not be deleted: {m}"), name="delete draft")


class DraftsController(QObject):
    """Everything the main window needs for follow-up letters: the New letter action, the Drafts panel (as a
    dock when the window has docks) and the open draft windows (one per draft)."""

    message = Signal(str)

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.session = None
        self.windows: dict[int | None, list[DraftWindow]] = {}
        self.panel = DraftsPanel(window)
        self.dock = None
        if hasattr(window, "_dock"):       # the main window: the list is one of its side panels
            self.dock = window._dock("Drafts", "draftsDock", self.panel)
            window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
            window.tabifyDockWidget(window.library_dock, self.dock)
            window.library_dock.raise_()
        self.new_action = QAction("New follow-up &letter…", window)
        self.new_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_action.setToolTip("Draft a letter that quotes tagged passages with their sources")
        self.new_action.triggered.connect(self.new_letter)
        self.panel.new_requested.connect(self.new_letter)
        self.panel.open_requested.connect(self.open_draft)
        self._update_actions()

    def _update_actions(self) -> None:
        self.new_action.setEnabled(self.session is not None)
        self.panel.new_button.setEnabled(self.session is not None)

    def set_session(self, session) -> None:
        """Follow the main window to another archive (close_all first, so nothing is lost)."""
        self.session = session
        self.panel.set_session(session)
        self._update_actions()

    def open_windows(self) -> list[DraftWindow]:
        return [w for ws in self.windows.values() for w in ws]

    def new_letter(self) -> NewLetterDialog | None:
        if self.session is None:
            return None
        dialog = NewLetterDialog(self.session, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda d=dialog: self.show_draft(d.result_draft, None))
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def open_draft(self, draft_id: int) -> None:
        for w in self.open_windows():
            if w.editor.draft_id == draft_id:
                w.show()
                w.raise_()
                w.activateWindow()
                return
        if self.session is not None:
            self.session.read(lambda archive, job: load_draft(archive, draft_id),
                              lambda draft: self.show_draft(draft, draft_id),
                              lambda m: self.message.emit(f"The draft could not be opened: {m}"))

    def show_draft(self, draft: Draft | None, draft_id: int | None) -> DraftWindow | None:
        if self.session is None:
            return None
        colors = getattr(self.window, "colors", None) or None
        w = DraftWindow(self.session, draft, draft_id, colors, self.window)
        w.setWindowFlag(Qt.WindowType.Window, True)
        self.windows.setdefault(draft_id, []).append(w)
        w.editor.saved.connect(lambda _id: self.panel.reload())
        w.closed.connect(self._on_window_closed)
        if draft_id is None:
            w.editor.save_now()        # a new letter is in the archive from the start
        w.show()
        return w

    def _on_window_closed(self, window: DraftWindow) -> None:
        for key, ws in list(self.windows.items()):
            if window in ws:
                ws.remove(window)
            if not ws:
                del self.windows[key]
        self.panel.reload()

    def set_colors(self, colors: dict[str, str]) -> None:
        for w in self.open_windows():
            w.editor.set_colors(colors)

    def close_all(self) -> bool:
        """Close every draft window, saving each; False if one of them stayed open."""
        for w in self.open_windows():
            if not w.close():
                return False
        return True
