"""Edit ▸ Read letter details again: metadata re-read from the originals, hand corrections kept."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox


class Reread(QObject):
    """Runs reread-metadata on the archive's writer and says what changed."""

    finished = Signal(object)  # the report
    failed = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.box: QMessageBox | None = None

    def start(self) -> None:
        session = self.window.session
        if session is None:
            return
        bar = self.window.statusBar()
        bar.showMessage("Reading the letters' details again…")

        def run(archive, job):
            from app.reread import reread_metadata   # loads the letter reader: only when asked
            return reread_metadata(archive, progress=job.progress)

        def progress(done: int, total: int, _current: str = "") -> None:
            bar.showMessage(f"Reading the letters' details again… {done} of {total}")

        session.write(run, self._on_done, self._on_failed, progress, name="reread metadata")

    def _on_done(self, report: dict) -> None:
        self.window.statusBar().clearMessage()
        self.window.library.reload()
        changed = len(report["changed"])
        lines = [f"{changed} of {report['documents']} letters changed."]
        if report["kept"]:
            lines.append(f"{report['kept']} details you had corrected by hand were kept.")
        if report["failed"]:
            lines.append(f"{len(report['failed'])} could not be read from their originals "
                         "(see `check` on the command line).")
        if changed:
            lines.append("Check the changed letters in the library: fields still unsure are marked.")
        self._show(QMessageBox.Icon.Information, "\n".join(lines))
        self.finished.emit(report)

    def _on_failed(self, message: str) -> None:
        self.window.statusBar().clearMessage()
        self._show(QMessageBox.Icon.Warning, f"The letters could not be read again: {message}")
        self.failed.emit(message)

    def _show(self, icon, text: str) -> None:
        if self.box is not None:
            self.box.close()
        self.box = QMessageBox(icon, "Read letter details again", text, QMessageBox.StandardButton.Ok, self.window)
        self.box.open()
