"""Extraction in worker processes: a PDF that crashes or hangs the parser fails alone."""
from __future__ import annotations

import multiprocessing as mp
import os
import time
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


def _limit_memory() -> None:
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = WORKER_MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(WORKER_MEMORY_LIMIT, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def extract_job(data: bytes, file_name: str, password: str | None, ocr: bool) -> dict:
    """Everything ingest needs from one file, as plain data (runs in the worker)."""
    from .letter_meta import detect_language, extract_metadata
    from .pdftext import ExtractionError, extract
    try:
        ex = extract(data, password=password, ocr=ocr)
    except ExtractionError as exc:
        return {"ok": False, "error": str(exc)}
    except MemoryError:
        return {"ok": False, "error": "damaged: the PDF needs more memory than allowed to read (decompression bomb?)"}
    texts = [p.text for p in ex.pages]
    language = detect_language("\n".join(texts)[:20000])
    meta = extract_metadata(texts, ex.pdf_meta, file_name)
    return {
        "ok": True,
        "pages": [p.__dict__ for p in ex.pages],
        "pdf_meta": ex.pdf_meta,
        "warnings": ex.warnings,
        "language": language,
        "meta": meta,
    }


def _worker(conn, ocr: bool) -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    _limit_memory()
    import pymupdf
    # MuPDF prints damage reports on stdout, which would corrupt `--json` output; they are
    # collected with mupdf_warnings() and reported per file instead.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        try:
            result = extract_job(msg["data"], msg["file_name"], msg["password"], ocr)
        except MemoryError:
            result = {"ok": False, "error": "damaged: reading the PDF ran out of memory"}
        except Exception as exc:  # noqa: BLE001 - report, never die silently
            result = {"ok": False, "error": f"damaged: {type(exc).__name__}: {str(exc)[:160]}"}
        conn.send(result)


class _Slot:
    def __init__(self, ctx, ocr: bool):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, ocr), daemon=True)
        self.proc.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0
        self.deadline = 0.0

    def give(self, job: Job, timeout: float) -> None:
        self.job = job
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.conn.send({"data": job.data, "file_name": job.file_name, "password": job.password})

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ExtractorPool:
    """Worker processes fed one file at a time; a hung worker is killed at its deadline."""

    def __init__(self, workers: int = 1, ocr: bool = True, timeout: float = BASE_TIMEOUT_S):
        self.ocr = ocr
        self.timeout = timeout
        self.ctx = mp.get_context("spawn")
        self.slots = [_Slot(self.ctx, ocr) for _ in range(max(1, workers))]

    def close(self) -> None:
        for s in self.slots:
            try:
                s.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for s in self.slots:
            s.proc.join(2)
            if s.proc.is_alive():
                s.proc.kill()
                s.proc.join(2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _timeout_for(self, job: Job) -> float:
        # Scanned documents need OCR time; estimate pages from size (~1 page per 100 KB scanned).
        if not self.ocr:
            return self.timeout
        return self.timeout + OCR_TIMEOUT_PER_PAGE_S * min(50, 1 + len(job.data) // 200_000)

    def run(self, jobs: Iterable[Job], cancel=None) -> Iterator[tuple[Job, dict]]:
        """Yield (job, result) as they finish; stops handing out work once cancel is set."""
        pending = iter(jobs)
        exhausted = False
        while True:
            for i, slot in enumerate(self.slots):
                if slot.job is None and not exhausted and not (cancel and cancel.is_set()):
                    job = next(pending, None)
                    if job is None:
                        exhausted = True
                    else:
                        try:
                            slot.give(job, self._timeout_for(job))
                        except (BrokenPipeError, OSError):
                            yield job, {"ok": False, "error": "damaged: the reader process failed to start"}
                            self._replace(i)
            busy = [s for s in self.slots if s.job is not None]
            if not busy:
                return
            now = time.monotonic()
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy],
                         timeout=max(0.0, min(s.deadline for s in busy) - now))
            for i, slot in enumerate(self.slots):
                job = slot.job
                if job is None:
                    continue
                if slot.conn in ready:
                    try:
                        result = slot.conn.recv()
                    except (EOFError, OSError):
                        result = None
                    if result is not None:
                        slot.job = None
                        yield job, result
                        continue
                if slot.proc.sentinel in ready or not slot.proc.is_alive():
                    code = slot.proc.exitcode
                    self._replace(i)
                    yield job, {"ok": False, "error": f"damaged: the PDF crashed the reader (exit code {code})"}
                elif time.monotonic() > slot.deadline:
                    limit = slot.deadline - slot.started
                    self._replace(i)
                    yield job, {"ok": False, "error": f"timed out: reading took longer than {limit:.3g} s"}

    def _replace(self, i: int) -> None:
        self.slots[i].kill()
        self.slots[i] = _Slot(self.ctx, self.ocr)
