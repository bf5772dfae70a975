"""Adding documents from the window: background ingest, status-bar progress with Cancel, passwords, summary."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout,
                               QHeaderView, QInputDialog, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from . import settings

if TYPE_CHECKING:
    from app.ingest import IngestReport

NEEDS_PASSWORD = "encrypted: needs a password"
WRONG_PASSWORD = "encrypted: the password is wrong"


FILE_FILTER = ("Letters and e-mails (*.pdf *.eml *.msg *.mbox *.docx);;PDF documents (*.pdf);;"
               "E-mails (*.eml *.msg *.mbox);;Word documents (*.docx);;All files (*)")


def ask_paths(parent, folder: bool) -> list[str]:
    """The file or folder dialog for Add documents (a function so tests can answer it)."""
    start = settings.LAST_ADD_FOLDER.get() or str(Path.home())
    if folder:
        path = QFileDialog.getExistingDirectory(parent, "Add a folder of letters", start)
        return [path] if path else []
    paths, _ = QFileDialog.getOpenFileNames(parent, "Add documents", start, FILE_FILTER)
    return paths


def ask_password(parent, file_name: str, wrong: bool) -> str | None:
    """Ask for one encrypted PDF's password (a function so tests can answer it); None skips the file."""
    label = (f"The password for {file_name} was wrong. Try again:" if wrong
             else f"{file_name} is protected by a password. Enter it to add the document:")
    text, ok = QInputDialog.getText(parent, "Password needed", label, QLineEdit.EchoMode.Password)
    return text if ok and text else None


def ingest_task(paths: list[str], passwords: dict[str, str] | None, ocr: bool):
    def run(archive, job) -> IngestReport:
        from app.ingest import ingest, worker_count
        return ingest(archive, paths, progress=job.progress, cancel=job.cancel, passwords=passwords,
                      ocr=ocr, workers=worker_count())
    return run


def demo_task(ocr: bool):
    """Add the demo letters already tagged, linked and threaded (app.demo_archive.load_demo)."""
    def run(archive, job) -> IngestReport:
        from app.demo_archive import load_demo
        from app.ingest import IngestReport
        from app.library import list_docs
        job.progress(0, 0, "Preparing the demo letters")
        before = {d["id"] for d in list_docs(archive)}
        summary = load_demo(archive, progress=job.progress)
        added = [{"file": d.get("file_name") or d["title"], "id": d["id"], "title": d["title"], "date": d["date"]}
                 for d in list_docs(archive) if d["id"] not in before]
        return IngestReport(added=added, failed=list(summary["failed"]))
    return run


class IngestStatus(QWidget):
    """Status-bar progress: what is being added, a bar, and Cancel."""
    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 4, 0)
        h.setSpacing(8)
        self.label = QLabel("")
        self.label.setMinimumWidth(220)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Adding documents progress")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel adding documents")
        self.cancel_button.clicked.connect(self._on_cancel)
        h.addWidget(self.label)
        h.addWidget(self.bar)
        h.addWidget(self.cancel_button)
        self.hide()

    def begin(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def update_progress(self, done: int, total: int, current: str) -> None:
        if total <= 0:
            self.bar.setRange(0, 0)
            if current:
                self.label.setText(current + "…")
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        name = Path(current).name if current else ""
        if len(name) > 36:
            name = name[:33] + "…"
        self.label.setText(f"Adding {min(done + 1, total)} of {total}" + (f": {name}" if name and done < total else ""))

    def _on_cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling after the current file…")
        self.cancel_requested.emit()


class IngestSummaryDialog(QDialog):
    """What happened to every file: added, already in the archive, or failed and why."""

    def __init__(self, report: IngestReport, parent=None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Documents added")
        self.resize(760, 440)
        v = QVBoxLayout(self)
        v.setSpacing(10)
        self.headline = QLabel(self.headline_text())
        self.headline.setObjectName("dialogHeadline")
        self.headline.setWordWrap(True)
        v.addWidget(self.headline)
        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName("Files and what happened to them")
        self.table.setHorizontalHeaderLabels(["Result", "File", "Details"])
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        for entry in report.failed:
            self._row("Failed", entry["file"], _reason(entry["error"]))
        for entry in report.duplicates:
            self._row("Duplicate", entry["file"], "already in the archive")
        for entry in report.restored:
            self._row("Restored", entry["file"], "already in the archive, but its stored original was missing "
                                                 "or damaged: put back from this file")
        for entry in report.added:
            self._row("Added", entry["file"], _added_details(entry))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 240)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        v.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()   # wrapped reasons need the final column widths

    def headline_text(self) -> str:
        r = self.report
        parts = [f"{len(r.added)} added", f"{len(r.duplicates)} already in the archive", f"{len(r.failed)} failed"]
        text = " · ".join(parts)
        if r.cancelled:
            text += " — cancelled before the end; files not yet read were not added"
        return text

    def _row(self, result: str, file: str, details: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = (QTableWidgetItem(result), QTableWidgetItem(Path(file).name), QTableWidgetItem(details))
        cells[1].setToolTip(file)
        cells[2].setToolTip(details)
        if result == "Failed":
            cells[0].setForeground(self.palette().brush(QPalette.ColorRole.BrightText))   # the theme's error colour
        for col, cell in enumerate(cells):
            self.table.setItem(row, col, cell)

    def rows(self) -> list[tuple[str, str, str]]:
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())]


def _reason(error: str) -> str:
    return error[:1].upper() + error[1:]


def _added_details(entry: dict) -> str:
    text = entry.get("title") or ""
    if entry.get("date"):
        text = f"{entry['date']} · {text}"
    if entry.get("needs_ocr_pages"):
        text += f" (pages {', '.join(map(str, entry['needs_ocr_pages'][:8]))} need OCR)"
    elif entry.get("text_problem"):
        text += f" ({entry['text_problem']})"
    if entry.get("attached_to"):
        text += " (an attachment, added as a document of its own)"
    return text


class IngestController(QObject):
    """Runs ingests one after another on the archive's writer and reports back to the window."""
    ingest_started = Signal()
    ingest_finished = Signal(object)     # the combined IngestReport
    documents_added = Signal(int)

    def __init__(self, window: QWidget, status: IngestStatus):
        super().__init__(window)
        self.window = window
        self.status = status
        self.session = None
        self.job = None
        self.queue: list[tuple[str, list[str]]] = []
        self.summary_dialog: IngestSummaryDialog | None = None
        self.last_report: IngestReport | None = None
        self._report: IngestReport | None = None
        self._show_summary = True
        status.cancel_requested.connect(self.cancel)

    def set_session(self, session) -> None:
        self.session = session
        self.queue.clear()

    def is_running(self) -> bool:
        return self.job is not None

    def add(self, paths: list[str]) -> None:
        paths = [str(p) for p in paths if str(p).strip()]
        if paths:
            self.queue.append(("files", paths))
            self._next()

    def add_demo(self) -> None:
        self.queue.append(("demo", []))
        self._next()

    def cancel(self) -> None:
        self.queue.clear()
        if self.job is not None:
            self.job.cancel.set()

    def _next(self) -> None:
        if self.job is not None or not self.queue or self.session is None:
            return
        what, paths = self.queue.pop(0)
        ocr = settings.INGEST_OCR.get()
        from app.ingest import IngestReport   # the ingest machinery loads when documents are added
        self._report = IngestReport()
        self._show_summary = what == "files"
        if what == "demo":
            self.status.begin("Building the demo archive…")
            self._submit(demo_task(ocr))
        else:
            self.status.begin(f"Adding {len(paths)} item{'s' if len(paths) != 1 else ''}…")
            self._submit(ingest_task(paths, None, ocr))
        self.ingest_started.emit()

    def _submit(self, fn) -> None:
        self.job = self.session.write(fn, self._on_done, self._on_failed, self.status.update_progress,
                                      name="ingest")

    def _on_done(self, report: IngestReport) -> None:
        cancelled = self.job is not None and self.job.cancel.is_set()
        self.job = None
        self._merge(report)
        if report.added:
            self.documents_added.emit(len(report.added))
        retry = {} if cancelled else self._ask_passwords(report)
        if retry:
            self.status.begin(f"Adding {len(retry)} protected document{'s' if len(retry) != 1 else ''}…")
            self._submit(ingest_task(list(retry), retry, settings.INGEST_OCR.get()))
            return
        self._finish()

    def _on_failed(self, message: str) -> None:
        self.job = None
        self._report.failed.append({"file": "(all files)", "error": message})
        self._show_summary = True
        self._finish()

    def _merge(self, report: IngestReport) -> None:
        combined = self._report
        retried = {e["file"] for e in report.added + report.duplicates + report.failed}
        combined.failed = [f for f in combined.failed if f["file"] not in retried]
        combined.added += report.added
        combined.duplicates += report.duplicates
        combined.restored += report.restored
        combined.failed += report.failed
        combined.cancelled = combined.cancelled or report.cancelled
        combined.seconds += report.seconds

    def _ask_passwords(self, report: IngestReport) -> dict[str, str]:
        retry = {}
        for entry in report.failed:
            error = entry.get("error", "")
            if error not in (NEEDS_PASSWORD, WRONG_PASSWORD):
                continue
            password = ask_password(self.window, Path(entry["file"]).name, wrong=error == WRONG_PASSWORD)
            if password:
                retry[entry["file"]] = password
        return retry

    def _finish(self) -> None:
        report = self._report
        self.last_report = report
        self.status.hide()
        if self._show_summary or report.failed:
            self.show_summary(report)
        self.ingest_finished.emit(report)
        self._next()

    def show_summary(self, report: IngestReport) -> IngestSummaryDialog:
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        self.summary_dialog = IngestSummaryDialog(report, self.window)
        self.summary_dialog.open()
        return self.summary_dialog
