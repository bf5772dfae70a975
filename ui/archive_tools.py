"""Keeping the archive safe from the window: back up, restore, share and import letters, and repair the index on open.

Everything runs in the background (backups and shares on a reader, imports and the index repair on
the archive's one writer, restores outside any archive) with a status-bar progress bar; all but the
index repair have a Cancel button, and a cancelled task leaves no file behind and changes nothing."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QWidget

from . import settings
from .archive_dialogs import ImportSummaryDialog, ShareDialog
from .tasks import Readers

REBUILDING = "Rebuilding the search index"
ZIP_FILTER = "Zip files (*.zip);;All files (*)"
BACKUP_CANCELLED = "Backup cancelled; no backup file was written"
RESTORE_CANCELLED = "Restore cancelled; nothing was restored"
SHARE_CANCELLED = "Sharing cancelled; no file was written"
IMPORT_CANCELLED = "Import cancelled; the archive was not changed"


def ask_backup_path(parent, start: str) -> str:
    """The save dialog for a backup (a function so tests can answer it); "" when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, "Back up the archive", start, ZIP_FILTER)
    return path


def ask_backup_file(parent, start: str) -> str:
    """The open dialog for the backup to restore (a function so tests can answer it)."""
    path, _ = QFileDialog.getOpenFileName(parent, "Restore from a backup", start, ZIP_FILTER)
    return path


def ask_restore_folder(parent, start: str) -> str:
    """The folder to restore into, which must be empty or new (a function so tests can answer it)."""
    return QFileDialog.getExistingDirectory(parent, "Choose an empty folder for the restored archive", start)


def ask_bundle_path(parent, start: str) -> str:
    """The save dialog for shared letters (a function so tests can answer it)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Share letters", start, ZIP_FILTER)
    return path


def ask_bundle_file(parent, start: str) -> str:
    """The open dialog for a colleague's shared letters (a function so tests can answer it)."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import shared letters", start, ZIP_FILTER)
    return path


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def _with_zip(path: str) -> str:
    return path if Path(path).suffix else path + ".zip"


def _start_folder() -> str:
    return settings.LAST_BACKUP_FOLDER.get() or str(Path.home())


class TaskProgress(QWidget):
    """One task's status-bar progress: what is happening, a bar (busy while the total is unknown) and,
    for a task that can stop, Cancel. `finishing` names the last stage, after the counted files;
    `cancel_in_finishing` False when the task can no longer stop by then (an import committing)."""
    cancel_requested = Signal()

    def __init__(self, text: str, finishing: str = "", parent=None, cancellable: bool = False,
                 cancel_in_finishing: bool = True):
        super().__init__(parent)
        self.text, self.finishing = text, finishing
        self.cancel_in_finishing = cancel_in_finishing
        self.cancelling = False
        self.job = None         # the background task, once started
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 4, 0)
        h.setSpacing(8)
        self.label = QLabel(text + "…")
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName(f"{text} progress")
        h.addWidget(self.label)
        h.addWidget(self.bar)
        self.cancel_button = None
        if cancellable:
            self.cancel_button = QPushButton("Cancel", self)
            self.cancel_button.setAccessibleName(f"Cancel {text[:1].lower() + text[1:]}")
            self.cancel_button.setToolTip("Stop after the current file; nothing is written or changed")
            self.cancel_button.clicked.connect(self._on_cancel_clicked)
            h.addWidget(self.cancel_button)

    def update_progress(self, done: int, total: int, _current: str = "") -> None:
        if total <= 0 or (done >= total and self.finishing):
            self.bar.setRange(0, 0)
            if total > 0:
                if self.cancel_button is not None and not self.cancel_in_finishing:
                    self.cancel_button.setEnabled(False)
                if not self.cancelling:
                    self.label.setText(self.finishing + "…")
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if not self.cancelling:
            self.label.setText(f"{self.text}: {done} of {total}")

    def _on_cancel_clicked(self) -> None:
        self.cancelling = True
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling after the current file…")
        self.cancel_requested.emit()


class ArchiveTools(QObject):
    """File ▸ Back up / Restore / Share letters / Import shared letters, and the index repair on open."""
    backup_finished = Signal(object)      # create_backup's summary
    restore_finished = Signal(object)     # restore_backup's summary
    recover_finished = Signal(object)     # recover_archive's summary
    share_finished = Signal(object)       # export_bundle's summary
    import_finished = Signal(object)      # import_bundle's report
    index_repaired = Signal(object)       # {"fixed", "rebuilt", "documents"}
    task_failed = Signal(str)             # the message shown
    task_cancelled = Signal(str)          # the status-bar message shown

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = None
        self.detached = Readers(threads=1, parent=self)
        self.progress: list[TaskProgress] = []
        self.message_box: QMessageBox | None = None
        self.open_restored_button = None
        self.share_dialog: ShareDialog | None = None
        self.summary_dialog: ImportSummaryDialog | None = None
        self.backup_action = self._action("&Back up archive…", self.back_up,
                                          "Save a copy of the whole archive (letters, passages, drafts) as one zip")
        self.restore_action = self._action("&Restore from backup…", self.restore,
                                           "Recreate an archive from a backup zip in an empty folder")
        self.share_action = self._action("S&hare letters…", self.share,
                                         "Write letters and their passages to one file for a colleague")
        self.import_action = self._action("&Import shared letters…", self.import_shared,
                                          "Add a colleague's shared letters and passages to this archive")
        self._enable()

    def _action(self, text: str, slot, tip: str) -> QAction:
        act = QAction(text, self.window)
        act.setToolTip(tip)
        act.setStatusTip(tip)
        act.triggered.connect(slot)
        self.window.addAction(act)
        return act

    def menu_actions(self) -> list[QAction | None]:
        """The File menu entries, None for a separator."""
        return [self.backup_action, self.restore_action, None, self.share_action, self.import_action]

    def _enable(self) -> None:
        for act in (self.backup_action, self.share_action, self.import_action):
            act.setEnabled(self.session is not None)

    def set_session(self, session, repair: bool = True) -> None:
        """A newly opened archive: bring its search index up to date in the background (now, or
        when repair_index() is called)."""
        self.session = session
        self._enable()
        if repair:
            self.repair_index()

    def repair_index(self) -> None:
        session = self.session
        if session is None:
            return
        state: dict = {}
        session.write(_repair_index, lambda r: self._on_repair_done(session, state, r),
                      lambda m: self._on_repair_failed(session, state, m),
                      lambda d, t, _c: self._on_repair_progress(state, d, t), name="index repair")

    def cancel_all(self) -> None:
        """Ask every running backup, restore, share and import to stop (as when the window closes)."""
        for widget in self.progress:
            if widget.job is not None:
                widget.job.cancel.set()

    # -- progress and messages ----------------------------------------------------------------------
    def _begin(self, text: str, finishing: str = "", cancellable: bool = False,
               cancel_in_finishing: bool = True) -> TaskProgress:
        widget = TaskProgress(text, finishing, self.window, cancellable, cancel_in_finishing)
        self.window.statusBar().insertPermanentWidget(0, widget)
        self.progress.append(widget)
        widget.show()
        return widget

    def _watch(self, widget: TaskProgress, job) -> None:
        """The widget's Cancel stops this job (cooperatively: the task checks between files)."""
        widget.job = job
        widget.cancel_requested.connect(job.cancel.set)

    def _stopped(self, widget: TaskProgress, title: str, cancelled: str, message: str) -> None:
        """A task ended without a result: cancelled (said in the status bar) or failed (said in a box)."""
        if widget.job is None or not widget.job.cancel.is_set():
            self._fail(widget, title, message)
            return
        self._end(widget)
        self.window.statusBar().showMessage(cancelled, 10000)
        self.task_cancelled.emit(cancelled)

    def _end(self, widget: TaskProgress | None) -> None:
        if widget is not None and widget in self.progress:
            self.progress.remove(widget)
            self.window.statusBar().removeWidget(widget)
            widget.deleteLater()

    def _say(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_a, b=box: self._forget(b))
        self.message_box = box
        return box

    def _forget(self, box) -> None:
        if self.message_box is box:
            self.message_box = None

    def _inform(self, title: str, text: str) -> None:
        box = self._say(QMessageBox.Icon.Information, title, text)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.open()

    def _fail(self, widget: TaskProgress, title: str, message: str) -> None:
        self._end(widget)
        box = self._say(QMessageBox.Icon.Warning, title, message[:1].upper() + message[1:])
        box.addButton(QMessageBox.StandardButton.Ok)
        box.open()
        self.task_failed.emit(message)

    # -- backup and restore ---------------------------------------------------------------------------
    def back_up(self) -> None:
        if self.session is None:
            return
        start = Path(_start_folder()) / f"papertrail-backup-{date.today().isoformat()}.zip"
        path = ask_backup_path(self.window, str(start))
        if not path:
            return
        path = _with_zip(path)
        settings.LAST_BACKUP_FOLDER.set(str(Path(path).parent))
        widget = self._begin("Backing up the archive", cancellable=True)

        def run(archive, job):
            from app.backup import create_backup
            return create_backup(archive, path, progress=job.progress, cancel=job.cancel)
        self._watch(widget, self.session.read(
            run, lambda r: self._on_backup_done(widget, r),
            lambda m: self._on_backup_failed(widget, m), widget.update_progress))

    def _on_backup_failed(self, widget: TaskProgress, message: str) -> None:
        if "database is damaged" not in message or (widget.job is not None and widget.job.cancel.is_set()):
            self._stopped(widget, "Backup not made", BACKUP_CANCELLED, message)
            return
        # A damaged database: a backup of it could not be restored, so recovering is offered.
        self._end(widget)
        text = message.split(" Recover what", 1)[0]
        box = self._say(QMessageBox.Icon.Warning, "Backup not made",
                        text[:1].upper() + text[1:] + "\n\nPapertrail can copy everything that can still be "
                        "read (letters, passages, original files) into a new archive in an empty folder; "
                        "this archive is only read. Or restore an earlier backup.")
        self.recover_button = box.addButton("&Recover into a new archive…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        self.recover_button.clicked.connect(lambda *_a: self.recover())
        box.open()
        self.task_failed.emit(message)

    def recover(self) -> None:
        """Copy what can be read of the open (damaged) archive into a new one, then offer to open it."""
        if self.session is None:
            return
        source = self.session.path
        target = ask_restore_folder(self.window, str(source.parent))
        if not target:
            return
        widget = self._begin("Recovering the archive", "Copying what can be read and rebuilding the index")

        def run(_archive, _job):
            from app.recover import recover_archive
            return recover_archive(source, target)
        self._watch(widget, self.detached.run_detached(
            run, lambda r: self._on_recover_done(widget, r),
            lambda m: self._fail(widget, "Archive not recovered", m), widget.update_progress))

    def _on_recover_done(self, widget: TaskProgress, result: dict) -> None:
        self._end(widget)
        notes = []
        if result["unreadable_tables"]:
            notes.append(f"only part of {', '.join(result['unreadable_tables'])} could be read")
        if result["missing_originals"]:
            notes.append(f"{len(result['missing_originals'])} original letter(s) were missing or damaged")
        if result["problems"]:
            notes.append(f"the check still finds {len(result['problems'])} problem(s): {result['problems'][0]['message']}")
        box = self._say(QMessageBox.Icon.Question, "Archive recovered",
                        f"{result['documents']} letters and {result['passages']} passages were copied into\n"
                        f"{result['archive']}" + (f"; {'; '.join(notes)}" if notes else ", and the check found "
                                                  "no problems") + ".\n\nOpen the recovered archive now?")
        self.open_recovered_button = box.addButton("&Open recovered archive", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        self.open_recovered_button.clicked.connect(lambda *_a, p=result["archive"]: self.window.open_archive(p))
        box.open()
        self.recover_finished.emit(result)

    def _on_backup_done(self, widget: TaskProgress, result: dict) -> None:
        self._end(widget)
        absent = result.get("missing_originals", [])
        missing = ("".join(f"\n• “{m['title']}” ({m['id'][:12]}): its original is {m['problem']}" for m in absent[:10])
                   + (f"\n• … and {len(absent) - 10} more" if len(absent) > 10 else ""))
        self._inform("Backup made" if not absent else "Backup made without some originals",
                     f"The archive ({result['documents']} letters, {result['passages']} passages) was backed "
                     f"up to\n{result['output']}\n({human_size(result['size'])}).\n\n"
                     + (f"These originals are not in the backup:{missing}\nAdd the PDFs again (they are put "
                        "back), then back up again.\n\n" if absent else "")
                     + "Keep a copy somewhere other than this computer; File ▸ Restore from backup… "
                     "recreates the archive from it.")
        self.backup_finished.emit(result)

    def restore(self) -> None:
        source = ask_backup_file(self.window, _start_folder())
        if not source:
            return
        target = ask_restore_folder(self.window, str(Path(source).parent))
        if not target:
            return
        settings.LAST_BACKUP_FOLDER.set(str(Path(source).parent))
        widget = self._begin("Restoring the backup", "Rebuilding the search index and checking the archive",
                             cancellable=True)

        def run(_archive, job):
            from app.backup import restore_backup
            return restore_backup(source, target, progress=job.progress, cancel=job.cancel)
        self._watch(widget, self.detached.run_detached(
            run, lambda r: self._on_restore_done(widget, r),
            lambda m: self._stopped(widget, "Backup not restored", RESTORE_CANCELLED, m), widget.update_progress))

    def _on_restore_done(self, widget: TaskProgress, result: dict) -> None:
        self._end(widget)
        made = f" (backup made {result['created_at'][:10]})" if result.get("created_at") else ""
        box = self._say(QMessageBox.Icon.Question, "Backup restored",
                        f"{result['documents']} letters and {result['passages']} passages{made} were "
                        f"restored into\n{result['archive']}\nand the check found no problems"
                        + (f", except that {len(result['missing_originals'])} original letter(s) were not in "
                           "the backup (add their PDFs again to put them back)" if result.get("missing_originals")
                           else "")
                        + ".\n\nOpen the restored archive now?")
        self.open_restored_button = box.addButton("&Open restored archive", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Not now", QMessageBox.ButtonRole.RejectRole)
        self.open_restored_button.clicked.connect(lambda *_a, p=result["archive"]: self.window.open_archive(p))
        box.open()
        self.restore_finished.emit(result)

    # -- sharing letters ---------------------------------------------------------------------------------
    def share(self) -> ShareDialog | None:
        if self.session is None:
            return None
        if self.share_dialog is not None:
            self.share_dialog.close()
        dialog = ShareDialog(self.session, self.window)
        dialog.accepted.connect(lambda d=dialog: self._on_share_dialog_accepted(d))
        self.share_dialog = dialog
        dialog.open()
        return dialog

    def _on_share_dialog_accepted(self, dialog: ShareDialog) -> None:
        choice = dialog.selection()
        session = self.session
        if session is None:
            return
        names = choice.get("threads") or []
        stem = _slug(names[0]) if len(names) == 1 else "letters"
        start = Path(_start_folder()) / f"papertrail-{stem}-{date.today().isoformat()}.zip"
        path = ask_bundle_path(self.window, str(start))
        if not path:
            return
        path = _with_zip(path)
        settings.LAST_BACKUP_FOLDER.set(str(Path(path).parent))
        widget = self._begin("Sharing letters", cancellable=True)

        def run(archive, job):
            from app.bundle import export_bundle
            return export_bundle(archive, path, progress=job.progress, cancel=job.cancel, **choice)
        self._watch(widget, session.read(
            run, lambda r: self._on_share_done(widget, r),
            lambda m: self._stopped(widget, "Letters not shared", SHARE_CANCELLED, m), widget.update_progress))

    def _on_share_done(self, widget: TaskProgress, result: dict) -> None:
        self._end(widget)
        self._inform("Letters shared",
                     f"{result['documents']} letters, {result['passages']} passages and {result['links']} links "
                     f"were written to\n{result['output']}\n({human_size(result['size'])}).\n\n"
                     "Send the file to your colleague; they add it with File ▸ Import shared letters…")
        self.share_finished.emit(result)

    def import_shared(self) -> None:
        session = self.session
        if session is None:
            return
        source = ask_bundle_file(self.window, _start_folder())
        if not source:
            return
        settings.LAST_BACKUP_FOLDER.set(str(Path(source).parent))
        # Once every letter is staged the import commits in one go: it can no longer be cancelled.
        widget = self._begin("Importing shared letters", "Updating the search index", cancellable=True,
                             cancel_in_finishing=False)

        def run(archive, job):
            from app.bundle import import_bundle
            return import_bundle(archive, source, progress=job.progress, cancel=job.cancel)
        self._watch(widget, session.write(
            run, lambda r: self._on_import_done(session, widget, source, r),
            lambda m: self._stopped(widget, "Shared letters not imported", IMPORT_CANCELLED, m),
            widget.update_progress, name="import shared letters"))

    def _on_import_done(self, session, widget: TaskProgress, source: str, report: dict) -> None:
        self._end(widget)
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        self.summary_dialog = ImportSummaryDialog(report, Path(source).name, self.window)
        self.summary_dialog.open()
        if session is self.session:
            # The same refresh as after a passage edit: highlights, passages, library, inspector, timeline.
            self.window.commands.changed.emit({
                "action": "import", "doc_ids": list(report["documents_added"]) + list(report["documents_present"]),
                "passage_ids": list(report["passages_added"]) + list(report["passages_present"]),
                "removed": [], "focus": None})
            if self.window.search.field.text().strip():
                self.window.search.run_now()
        self.import_finished.emit(report)

    # -- the index repair on open ------------------------------------------------------------------------
    def _on_repair_progress(self, state: dict, done: int, total: int) -> None:
        if "widget" not in state:
            state["widget"] = self._begin(REBUILDING)
        state["widget"].update_progress(done, total)

    def _on_repair_done(self, session, state: dict, result: dict) -> None:
        self._end(state.pop("widget", None))
        if session is self.session:
            fixed = result["fixed"]
            bar = self.window.statusBar()
            if result["rebuilt"]:
                n = result["documents"]
                bar.showMessage(f"Search index rebuilt: {n} document{'s' if n != 1 else ''}", 10000)
            elif fixed > 0:
                bar.showMessage(f"Brought {fixed} document(s) up to date in the search index", 6000)
            if fixed > 0:
                self.window.search.run_now()
        self.index_repaired.emit(result)

    def _on_repair_failed(self, session, state: dict, message: str) -> None:
        self._end(state.pop("widget", None))
        if session is self.session:
            self.window.statusBar().showMessage(f"Search index: {message}", 10000)
        self.task_failed.emit(message)


def _repair_index(archive, job) -> dict:
    """quick_index_repair, announcing a full rebuild before it starts so the window can show it."""
    from app.library import document_count
    documents = document_count(archive)
    if archive.index_agrees():      # the usual opening: the first search need not share the work
        return {"fixed": 0, "rebuilt": False, "documents": documents}
    with archive.index.reading():   # the check below reads through the searcher opened here
        return _check_index(archive, job, documents)


def _check_index(archive, job, documents: int) -> dict:
    broken = archive.index.healthy()
    # A new archive's first empty index is no news; a damaged one, or one in an older format
    # (which quick_index_repair rebuilds in the background), is.
    rebuilding = (bool(broken) or archive.index.outdated()) and documents > 0
    if rebuilding:
        job.progress(0, documents, REBUILDING)
    from app.backup import stop_if_cancelled

    def rebuilt(done: int, total: int) -> None:
        # Closing the window asks the running task to stop: a rebuild of 20,000 letters takes
        # minutes, and the window would wait for it, then quit with the thread still running.
        # Stopped, it leaves the index as it was, and the next opening starts it again.
        stop_if_cancelled(job.cancel, "the search index rebuild stopped; it starts again when the archive opens")
        job.progress(done, total, REBUILDING)
    fixed = archive.quick_index_repair(progress=rebuilt if rebuilding else None, stale=True)
    return {"fixed": fixed, "rebuilt": rebuilding, "documents": documents}


def _slug(name: str) -> str:
    text = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(p for p in text.split("-") if p)[:40] or "letters"
