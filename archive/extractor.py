"""Extraction in worker processes: a PDF that crashes or hangs the parser fails alone."""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Iterable, Iterator

WORKER_MEMORY_LIMIT = 3 * 1024 ** 3
BASE_TIMEOUT_S = 60.0
OCR_TIMEOUT_PER_PAGE_S = 60.0


@dataclass
class Job:
    key: object            # caller's handle (returned with the result)
    data: bytes
    file_name: str
    password: str | None = None


def limit_memory(limit_bytes: int = WORKER_MEMORY_LIMIT) -> None:
    """Cap this (worker) process's address space, so a decompression bomb fails with
    MemoryError instead of exhausting the machine."""
    try:
        import resource
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = limit_bytes if hard == resource.RLIM_INFINITY else min(limit_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def extract_job(data: bytes, file_name: str, password: str | None, ocr: bool) -> dict:
    """Everything ingest needs from one file, as plain data (runs in the worker)."""
    from .formats import detect
    if detect(data, file_name) != "pdf":
        from .formats.read import read_other       # e-mail and Word files
        return read_other(data, file_name, ocr=ocr)
    from .letter.meta import detect_document_language, extract_metadata
    from .pdftext import ExtractionError, extract
    try:
        ex = extract(data, password=password, ocr=ocr)
    except ExtractionError as exc:
        return {"ok": False, "error": str(exc)}
    except MemoryError:
        return {"ok": False, "error": "damaged: the PDF needs more memory than allowed to read (decompression bomb?)"}
    texts = [p.text for p in ex.pages]
    meta = extract_metadata(texts, ex.pdf_meta, file_name, layout=ex.layout,
                            heights={p.number: p.height for p in ex.pages})
    language = detect_document_language(texts)     # after the metadata: it shares the first page's count
    return {
        "ok": True,
        "pages": [p.__dict__ for p in ex.pages],
        "pdf_meta": ex.pdf_meta,
        "warnings": ex.warnings,
        "language": language,
        "meta": meta,
        "layout": ex.layout,
    }


class _Trimmer:
    """Gives memory back to the system after a file that needed much of it. MuPDF keeps what it
    decoded (fonts, images) in its store, and C's allocator keeps freed memory for later, so a
    reader that had OCRed one page (a 300 dpi image and the PDF Tesseract sent back: 38 MB more)
    stayed that large for the rest of an ingest. Emptying the store and trimming the heap takes
    it back to near its size before. (An OCRed page gives its part back itself, before Tesseract
    starts: pdftext.give_back_memory.)"""

    SLACK = 24 * 1024 * 1024

    def __init__(self):
        self.baseline = _resident()

    def after_job(self) -> None:
        if _resident() > self.baseline + self.SLACK:
            from .pdftext import give_back_memory
            give_back_memory()


def _resident() -> int:
    """This process's resident size in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return 0


def _worker(jobs_conn, results_conn, ocr: bool, layout: bool = True, others: list[int] = ()) -> None:
    """others: descriptors a forked reader inherited and closes (the main process's ends)."""
    for fd in others:
        try:
            os.close(fd)
        except OSError:
            pass
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    limit_memory()
    _own_process_group()
    import pymupdf
    from . import formats, pdftext  # noqa: F401 - loaded before the first file, at full speed
    from .letter import meta  # noqa: F401
    _lower_priority()
    # MuPDF prints damage reports on stdout, which would corrupt `--json` output; they are
    # collected with mupdf_warnings() and reported per file instead.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    inbox: queue.Queue = queue.Queue()
    outbox: queue.Queue = queue.Queue()

    # Receiving and sending run beside extraction so that neither pipe ever makes the
    # extraction wait for the main process (which is busy indexing).
    def receive() -> None:
        while True:
            try:
                msg = jobs_conn.recv()
            except (EOFError, OSError):
                msg = None
            inbox.put(msg)
            if msg is None:
                return

    def send() -> None:
        while True:
            result = outbox.get()
            if result is None:
                return
            try:
                results_conn.send(result)
            except (BrokenPipeError, OSError):
                return

    threading.Thread(target=receive, daemon=True).start()
    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    trimmer = _Trimmer()
    while True:
        msg = inbox.get()
        if msg is None:
            break
        try:
            result = extract_job(msg["data"], msg["file_name"], msg["password"], ocr)
            if not layout:
                result.pop("layout", None)
        except MemoryError:
            result = {"ok": False, "error": "damaged: reading the PDF ran out of memory"}
        except Exception as exc:  # noqa: BLE001 - report, never die silently
            result = {"ok": False, "error": f"damaged: {type(exc).__name__}: {str(exc)[:160]}"}
        outbox.put(result)
        del msg, result
        trimmer.after_job()
    outbox.put(None)
    sender.join()
    # Everything is sent: leave without tearing the interpreter and MuPDF down piece by piece
    # (a quarter of a second that the ingest waits for at its end).
    results_conn.close()
    os._exit(0)


def _can_fork() -> bool:
    """Whether a reader may start as a copy of this process: on Linux (elsewhere the system's
    own libraries do not survive a fork), with no other thread running (a copy would hold the
    locks they held) and no Qt loaded (the window's process is never copied)."""
    return (sys.platform.startswith("linux") and threading.active_count() == 1
            and "PySide6.QtCore" not in sys.modules)


def _own_process_group() -> None:
    """A reader leads a process group of its own, with the Tesseract it starts for a scanned page:
    a reader stopped at its deadline is stopped with its Tesseract (see _kill_reader), and
    Ctrl+C in a terminal reaches the main process alone, which stops the readers itself."""
    try:
        os.setpgrp()
    except (AttributeError, OSError):
        pass    # Windows: no process groups; a Tesseract outlives its reader by its own timeout


def _kill_reader(proc) -> None:
    """Kill a reader and what it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (AttributeError, OSError):
        pass    # not a group leader (yet), or no process groups here
    proc.kill()


def _lower_priority() -> None:
    """Readers run below the main process, which indexes what they read: they work ahead into
    their queues, and an equal share of the CPU would leave the main process the last stretch
    of indexing alone on one core. (The desktop stays responsive too.)"""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):
        pass    # Windows has no nice(); a raised priority is not ours to lower


class _Slot:
    """One worker process and the jobs sent to it, oldest first."""

    def __init__(self, ctx, ocr: bool, layout: bool = True, forked_beside: list[int] | None = None):
        """forked_beside: for a reader forked from this process, the descriptors of the other
        readers' pipes here, which it closes with this process's ends of its own."""
        jobs_r, self.jobs_w = ctx.Pipe(duplex=False)
        self.results_r, results_w = ctx.Pipe(duplex=False)
        others = []
        if forked_beside is not None:
            others = [*forked_beside, self.jobs_w.fileno(), self.results_r.fileno()]
        self.proc = ctx.Process(target=_worker, args=(jobs_r, results_w, ocr, layout, others),
                                daemon=True)
        self.proc.start()
        jobs_r.close()
        results_w.close()
        self.queue: deque[tuple[Job, float]] = deque()
        self.queued_bytes = 0
        self.head_started = 0.0
        self.broken = False

    @property
    def deadline(self) -> float:
        return self.head_started + self.queue[0][1]

    def give(self, job: Job, timeout: float) -> None:
        if not self.queue:
            self.head_started = time.monotonic()
        self.queue.append((job, timeout))
        self.queued_bytes += len(job.data)
        self.jobs_w.send({"data": job.data, "file_name": job.file_name, "password": job.password})

    def take(self) -> Job:
        job, _ = self.queue.popleft()
        self.queued_bytes -= len(job.data)
        self.head_started = time.monotonic()
        return job

    def kill(self) -> None:
        _kill_reader(self.proc)
        self.proc.join(5)
        self.jobs_w.close()
        self.results_r.close()


WORKER_NICENESS = 5


class ExtractorPool:
    """Worker processes, each fed a few files ahead; a hung worker is killed at its deadline and
    the files queued behind the culprit are handed to its replacement."""

    # Files handed to a worker before it finishes the first: enough for it to keep reading
    # through the main process's longest stretch of work (writing an index segment, a few
    # seconds), bounded in bytes so that large PDFs are not all held in memory at once.
    AHEAD = 400
    AHEAD_BYTES = 48 * 1024 * 1024

    def __init__(self, workers: int = 1, ocr: bool = True, timeout: float = BASE_TIMEOUT_S,
                 layout: bool = True, fork: bool = False):
        """layout: whether results keep the lines of the pages read for metadata (a third of a
        letter's result; re-reading metadata needs them, adding letters does not).

        fork: start the readers as copies of this process where that is safe (see _can_fork).
        A copy skips a fresh Python's start and this program's modules, about a fifth of a
        second of CPU each, and loads PyMuPDF and the letter modules while this process goes on
        (loading them here first, for the copies to share, saved more CPU but made a small
        ingest wait longer). For a caller that has opened nothing yet (the command line's
        ingest); readers that replace a dead one later are started afresh."""
        self.ocr = ocr
        self.layout = layout
        self.timeout = timeout
        self.ctx = mp.get_context("spawn")
        forked = fork and _can_fork()
        self.slots: list[_Slot] = []
        for _ in range(max(1, workers)):
            self.slots.append(self._new_slot(forked))
        self._retried: set[int] = set()
        self._exhausted = False
        self._backlog: deque[Job] = deque()

    def remaining(self) -> int | None:
        """Files handed to readers and not yet returned, once run() has handed out every file;
        None before (more may come)."""
        if not self._exhausted:
            return None
        return sum(len(s.queue) for s in self.slots) + len(self._backlog)

    def _new_slot(self, forked: bool = False) -> "_Slot":
        if not forked:
            return _Slot(self.ctx, self.ocr, self.layout)
        # A copy holds this process's ends of the other readers' pipes; it closes them, or a
        # reader would never see its pipe end when this process dies, and wait forever.
        others = [c.fileno() for s in self.slots for c in (s.jobs_w, s.results_r)]
        return _Slot(mp.get_context("fork"), self.ocr, self.layout, forked_beside=others)

    def close(self) -> None:
        for s in self.slots:
            try:
                s.jobs_w.send(None)
            except (BrokenPipeError, OSError):
                pass
        for s in self.slots:
            s.proc.join(2)
            if s.proc.is_alive():
                _kill_reader(s.proc)
                s.proc.join(2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _timeout_for(self, job: Job) -> float:
        # Scanned documents need OCR time; estimate pages from size (~1 page per 200 KB scanned).
        if not self.ocr:
            return self.timeout
        return self.timeout + OCR_TIMEOUT_PER_PAGE_S * min(50, 1 + len(job.data) // 200_000)

    def run(self, jobs: Iterable[Job], cancel=None) -> Iterator[tuple[Job, dict]]:
        """Yield (job, result) as they finish; stops handing out work once cancel is set."""
        pending = iter(jobs)
        backlog: deque[Job] = deque()     # jobs a dead worker could not take
        exhausted = self._exhausted = False
        self._backlog = backlog
        while True:
            if cancel is not None and cancel.is_set():
                # Files already handed out may take long (OCR): drop them, the workers hold
                # nothing that needs saving.
                for i, slot in enumerate(self.slots):
                    if slot.queue:
                        slot.kill()
                        self.slots[i] = self._new_slot()
                return
            # Each file goes to the worker with the least queued, so that all of them work from
            # the start (filling one worker's queue before the next left the others idle).
            while not (exhausted and not backlog) and not (cancel is not None and cancel.is_set()):
                open_slots = [s for s in self.slots if not s.broken and len(s.queue) < self.AHEAD
                              and (not s.queue or s.queued_bytes < self.AHEAD_BYTES)]
                if not open_slots:
                    break
                slot = min(open_slots, key=lambda s: (len(s.queue), s.queued_bytes))
                job = backlog.popleft() if backlog else next(pending, None)
                if job is None:
                    exhausted = self._exhausted = True
                    break
                try:
                    slot.give(job, self._timeout_for(job))
                except (BrokenPipeError, OSError):
                    # The worker died; the death is handled below, the job waits.
                    slot.queue.pop()
                    slot.broken = True
                    backlog.appendleft(job)
            if not any(s.queue for s in self.slots) and backlog:
                for i, slot in enumerate(self.slots):
                    if slot.broken or not slot.proc.is_alive():
                        yield from self._replace(i, failed=None)
                continue
            busy = [s for s in self.slots if s.queue]
            if not busy:
                return
            now = time.monotonic()
            ready = wait([s.results_r for s in busy] + [s.proc.sentinel for s in busy],
                         timeout=max(0.0, min(s.deadline for s in busy) - now))
            for i, slot in enumerate(list(self.slots)):
                if not slot.queue:
                    continue
                got = False
                while slot.queue and slot.results_r.poll() and not (cancel is not None and cancel.is_set()):
                    try:
                        result = slot.results_r.recv()
                    except (EOFError, OSError):
                        break
                    got = True
                    yield slot.take(), result
                if got or not slot.queue:
                    continue
                if slot.proc.sentinel in ready or not slot.proc.is_alive():
                    code = slot.proc.exitcode
                    # Results still queued inside the dead worker are lost, so the head job may
                    # be innocent: it gets one more try before it is reported as the culprit.
                    head = slot.queue[0][0]
                    if id(head) not in self._retried:
                        self._retried.add(id(head))
                        yield from self._replace(i, failed=None)
                        continue
                    yield from self._replace(i, failed={
                        "ok": False, "error": f"damaged: the PDF crashed the reader (exit code {code})"})
                elif time.monotonic() > slot.deadline:
                    limit = slot.deadline - slot.head_started
                    yield from self._replace(i, failed={
                        "ok": False, "error": f"timed out: reading took longer than {limit:.3g} s"})

    def _replace(self, i: int, failed: dict | None):
        """Kill worker i; its head job gets `failed`, the jobs behind it go to the new worker."""
        old = self.slots[i]
        old.kill()
        queued = list(old.queue)
        self.slots[i] = self._new_slot()
        if failed is not None and queued:
            yield queued.pop(0)[0], failed
        for job, timeout in queued:
            self.slots[i].give(job, timeout)
