"""Background work: readers open their own archive per task; all writes go through one writer thread.

Results come back only through Qt signals, delivered on the GUI thread; no widget ever
reaches a worker. A task is a plain function `fn(archive, job)` from the app layer."""
from __future__ import annotations

import queue
import sqlite3
import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from app.backup import KEEP_AUTOMATIC
from app.progress import Cancel
from archive import Archive
from archive.errors import PapertrailError

from . import settings

TaskFn = Callable[[Archive, "Job"], Any]


def error_message(exc: BaseException) -> str:
    """One line a person can act on."""
    if isinstance(exc, PapertrailError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    if isinstance(exc, sqlite3.DatabaseError):
        return f"the archive database cannot be read ({exc}): run `main.py check` on it"
    return f"unexpected error ({type(exc).__name__}: {exc}); please report it"


class Job(QObject):
    """One background task's signals, cancel flag and progress callback."""
    finished = Signal(object)
    failed = Signal(str)
    progressed = Signal(int, int, str)
    dropped = Signal()          # cancelled before it started: it never ran

    def __init__(self, fn: TaskFn, name: str = ""):
        super().__init__()
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "task")
        self.cancel = Cancel()
        self.done = False

    def progress(self, done: int, total: int, current: str = "") -> None:
        self.progressed.emit(done, total, current)

    def run(self, archive: Archive) -> None:
        try:
            result = self.fn(archive, self)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message, never a crash
            if not isinstance(exc, (PapertrailError, OSError)):
                traceback.print_exc()
            self.done = True
            self._tell(self.failed, error_message(exc))
        else:
            self.done = True
            self._tell(self.finished, result)

    @staticmethod
    def _tell(signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The window that asked has gone (the app was closing as the task ended): there is
            # nobody left to tell.
            pass


def _connect(job: Job, on_done, on_error, on_progress) -> Job:
    if on_done:
        job.finished.connect(on_done)
    if on_error:
        job.failed.connect(on_error)
    if on_progress:
        job.progressed.connect(on_progress)
    return job


class _ReadRunnable(QRunnable):
    def __init__(self, path: Path | None, job: Job):
        super().__init__()
        self.path, self.job = path, job

    def run(self) -> None:
        if self.job.cancel.is_set():
            # Superseded while it waited for a thread (an older search the user typed past).
            self.job.done = True
            self.job.dropped.emit()
            return
        if self.path is None:
            self.job.run(None)      # work on files outside any open archive (restoring a backup)
            return
        try:
            archive = Archive.open(self.path, create=False, migrate=False)
        except Exception as exc:  # noqa: BLE001
            self.job.done = True
            self.job.failed.emit(error_message(exc))
            return
        try:
            self.job.run(archive)
        finally:
            archive.close()


class Readers(QObject):
    """Read-only tasks on a small thread pool; each opens its own connection to the archive."""

    def __init__(self, threads: int = 2, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._live: set[Job] = set()

    def run(self, path: Path, fn: TaskFn, on_done=None, on_error=None, on_progress=None) -> Job:
        return self._start(Path(path), fn, on_done, on_error, on_progress)

    def run_detached(self, fn: TaskFn, on_done=None, on_error=None, on_progress=None) -> Job:
        """A task that needs no open archive: `fn(None, job)`."""
        return self._start(None, fn, on_done, on_error, on_progress)

    def _start(self, path: Path | None, fn: TaskFn, on_done, on_error, on_progress) -> Job:
        job = _connect(Job(fn), on_done, on_error, on_progress)
        # Keep the Job alive until its result has been delivered on the GUI thread.
        self._live.add(job)
        job.finished.connect(lambda _r, j=job: self._live.discard(j))
        job.failed.connect(lambda _m, j=job: self._live.discard(j))
        job.dropped.connect(lambda j=job: self._live.discard(j))
        self.pool.start(_ReadRunnable(path, job))
        return job

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)


class Writer(QThread):
    """The single writer of one archive: opens (and migrates) it, then runs write jobs in order."""
    opened = Signal(str)          # archive path, once migrations have run
    open_failed = Signal(str)     # why the archive cannot be opened
    busy_changed = Signal(bool)

    def __init__(self, path: Path, parent: QObject | None = None, keep_backups: int = KEEP_AUTOMATIC):
        super().__init__(parent)
        self.path = Path(path)
        self.keep_backups = keep_backups
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._pending: list[Job] = []
        self.current: Job | None = None
        self.usable = False

    def submit(self, fn: TaskFn, on_done=None, on_error=None, on_progress=None, name: str = "") -> Job:
        job = _connect(Job(fn, name), on_done, on_error, on_progress)
        self._pending.append(job)
        job.finished.connect(lambda _r, j=job: self._settle(j))
        job.failed.connect(lambda _m, j=job: self._settle(j))
        self._queue.put(job)
        self.busy_changed.emit(True)
        return job

    def _settle(self, job: Job) -> None:
        if job in self._pending:
            self._pending.remove(job)
        if not self._pending:
            self.busy_changed.emit(False)

    def is_busy(self) -> bool:
        return bool(self._pending)

    def run(self) -> None:
        try:
            archive = Archive.open(self.path,
                                   before_migrate=lambda a: _backup_before_upgrade(a, self.keep_backups))
        except Exception as exc:  # noqa: BLE001
            self.open_failed.emit(error_message(exc))
            self._drain(error_message(exc))
            return
        self.usable = True
        self.opened.emit(str(self.path))
        try:
            while True:
                job = self._queue.get()
                if job is None:
                    break
                self.current = job
                job.run(archive)
                self.current = None
        finally:
            archive.close()

    def _drain(self, message: str) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.done = True
            job.failed.emit(message)

    def stop(self, cancel_running: bool = True, msecs: int = 60000) -> bool:
        """Finish queued jobs (asking the running one to cancel) and end the thread."""
        if cancel_running and self.current is not None:
            self.current.cancel.set()
        self._queue.put(None)
        return self.wait(msecs)


class ArchiveSession(QObject):
    """An open archive as the GUI sees it: its path, its one writer and its readers."""
    opened = Signal(str)
    open_failed = Signal(str)

    def __init__(self, path: Path | str, parent: QObject | None = None):
        super().__init__(parent)
        self.path = Path(path).expanduser()
        self.readers = Readers(parent=self)
        self.writer = Writer(self.path, parent=self, keep_backups=settings.automatic_backups_to_keep())
        self.writer.opened.connect(self.opened)
        self.writer.open_failed.connect(self.open_failed)

    def start(self) -> None:
        self.writer.start()

    def read(self, fn: TaskFn, on_done=None, on_error=None, on_progress=None) -> Job:
        return self.readers.run(self.path, fn, on_done, on_error, on_progress)

    def write(self, fn: TaskFn, on_done=None, on_error=None, on_progress=None, name: str = "") -> Job:
        return self.writer.submit(fn, on_done, on_error, on_progress, name)

    def close(self, msecs: int = 60000) -> None:
        self.writer.stop(msecs=msecs)
        self.readers.wait(msecs)


def _backup_before_upgrade(archive, keep: int = KEEP_AUTOMATIC) -> None:
    # An archive written by an older Papertrail is backed up (kept in <archive>/backups/)
    # before its database is upgraded.
    from app.backup import automatic_backup
    automatic_backup(archive, "before-upgrade", keep=keep)
