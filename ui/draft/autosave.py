"""Autosave for a draft: changes are saved a moment after typing stops, one save at a time, through the
archive's single writer; flush() saves what is left before a window closes."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QThread, QTimer, Signal

from app.draft import save_draft
from app.draft.model import Draft, DraftError
from archive.errors import NotFound

SAVE_DELAY_MS = 1200


def save_or_create(archive, draft: Draft, draft_id: int | None) -> int:
    """Save under draft_id; a draft deleted meanwhile (from another window) is saved as a new one."""
    try:
        return save_draft(archive, draft, draft_id)
    except NotFound:
        return save_draft(archive, draft, None)


class Autosaver(QObject):
    """Keeps one draft saved: counts changes, and records which change each finished save covered."""

    saved = Signal(int)              # the draft's id
    failed = Signal(str)
    state_changed = Signal(str)      # a short line for the editor's footer

    def __init__(self, session, snapshot: Callable[[], Draft], draft_id: int | None = None,
                 delay_ms: int = SAVE_DELAY_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.snapshot = snapshot
        self.draft_id = draft_id
        self.error = ""
        self._generation = 0          # bumped on every change
        self._saved_generation = 0    # the change the last finished save included
        self._job = None
        self._again = False
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(self.save_now)

    def touch(self) -> None:
        """Something changed: save soon."""
        self._generation += 1
        self.timer.start()
        self._report()

    def mark_clean(self, draft_id: int | None) -> None:
        """What the editor shows now is what the archive holds (a draft was just loaded)."""
        self.draft_id = draft_id
        self._saved_generation = self._generation
        self.error = ""
        self._report()

    def is_dirty(self) -> bool:
        return self._generation != self._saved_generation or self._job is not None

    def is_saving(self) -> bool:
        return self._job is not None

    def save_now(self) -> None:
        self.timer.stop()
        if self._job is not None:
            self._again = True       # the save after this one picks the change up
            return
        try:
            draft = self.snapshot()
        except DraftError as exc:
            self.error = str(exc)
            self._report()
            return
        generation, draft_id = self._generation, self.draft_id
        self._job = self.session.write(lambda archive, job: save_or_create(archive, draft, draft_id),
                                       lambda new_id: self._on_saved(new_id, generation), self._on_failed,
                                       name="save draft")
        self._report()

    def _on_saved(self, draft_id: int, generation: int) -> None:
        self._job = None
        self.draft_id = draft_id
        self._saved_generation = generation
        self.error = ""
        self.saved.emit(draft_id)
        if self._again or self._generation != self._saved_generation:
            self._again = False
            self.save_now()
        self._report()

    def _on_failed(self, message: str) -> None:
        self._job = None
        self._again = False
        self.error = message
        self.failed.emit(message)
        self._report()

    def flush(self, msecs: int = 15000) -> bool:
        """Save any unsaved change and wait for it; True when the archive has everything."""
        deadline = QDeadlineTimer(msecs)
        if self._generation != self._saved_generation and self._job is None:
            self.save_now()
        while (self._job is not None or self._again) and not deadline.hasExpired():
            QCoreApplication.processEvents()
            if self._job is None and self._again:
                self._again = False
                self.save_now()
            QThread.msleep(5)
        return self._job is None and self._generation == self._saved_generation and not self.error

    def state_text(self) -> str:
        if self.error:
            return f"Not saved: {self.error}"
        if self._job is not None:
            return "Saving…"
        if self._generation != self._saved_generation:
            return "Edited"
        return "Not saved yet" if self.draft_id is None else "All changes saved"

    def _report(self) -> None:
        self.state_changed.emit(self.state_text())
