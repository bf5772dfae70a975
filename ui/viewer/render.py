"""Page rendering off the GUI thread: a worker process draws, a feeder thread talks to it, an LRU keeps images."""
from __future__ import annotations

import atexit
import itertools
import multiprocessing as mp
import threading
from collections import OrderedDict
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage

from app.viewer_data import render_worker

CACHE_BYTES = 150 * 1024 * 1024
RENDER_TIMEOUT_S = 30.0


class RenderKey(NamedTuple):
    doc_id: str
    page: int          # 1-based
    scale: int         # device pixels per point, in hundredths (so keys compare exactly)


class RenderJob(NamedTuple):
    key: RenderKey
    path: str


class RenderCache:
    """Rendered pages by key, least recently used dropped first once the images pass a byte budget."""

    def __init__(self, max_bytes: int = CACHE_BYTES):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._images: OrderedDict[RenderKey, QImage] = OrderedDict()
        self._by_page: dict[tuple[str, int], set[RenderKey]] = {}

    def __contains__(self, key: RenderKey) -> bool:
        return key in self._images

    def __len__(self) -> int:
        return len(self._images)

    def get(self, key: RenderKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def any_for_page(self, doc_id: str, page: int, scale: int) -> QImage | None:
        """The cached image of this page closest in scale (a stand-in while the exact one renders)."""
        keys = self._by_page.get((doc_id, page))
        if not keys:
            return None
        return self._images[min(keys, key=lambda k: abs(k.scale - scale))]

    def put(self, key: RenderKey, image: QImage) -> None:
        if key in self._images:
            self.bytes -= self._images.pop(key).sizeInBytes()
        self._images[key] = image
        self._by_page.setdefault((key.doc_id, key.page), set()).add(key)
        self.bytes += image.sizeInBytes()
        while self.bytes > self.max_bytes and len(self._images) > 1:
            old, dropped = self._images.popitem(last=False)
            self.bytes -= dropped.sizeInBytes()
            page_keys = self._by_page[(old.doc_id, old.page)]
            page_keys.discard(old)
            if not page_keys:
                del self._by_page[(old.doc_id, old.page)]

    def drop_document(self, doc_id: str) -> None:
        for key in [k for k in self._images if k.doc_id == doc_id]:
            self.bytes -= self._images.pop(key).sizeInBytes()
        for page_key in [k for k in self._by_page if k[0] == doc_id]:
            del self._by_page[page_key]


class PageRenderer(QObject):
    """Renders requested pages one at a time in a worker process and announces each result.

    PyMuPDF keeps the GIL while it rasterises (a 100 ms render would freeze the GUI for 100 ms even from a
    thread) and a damaged PDF can crash it, so pixels are made in a separate process. A plain thread feeds
    that process and posts results back through a queued signal; only the GUI thread touches the cache."""

    page_rendered = Signal(object)          # RenderKey, image now in the cache
    page_failed = Signal(object, str)       # RenderKey, reason
    _delivered = Signal(object, object, str)

    _shared: "PageRenderer | None" = None

    def __init__(self, cache_bytes: int = CACHE_BYTES, parent: QObject | None = None):
        super().__init__(parent)
        self.cache = RenderCache(cache_bytes)
        self.failures: dict[RenderKey, str] = {}
        self._lock = threading.Condition()
        self._pending: OrderedDict[object, list[RenderJob]] = OrderedDict()
        self._busy: set[RenderKey] = set()
        self._stop = False
        self._thread: threading.Thread | None = None
        self._delivered.connect(self._on_worker_delivered, Qt.ConnectionType.QueuedConnection)
        atexit.register(self.shutdown)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @classmethod
    def shared(cls) -> "PageRenderer":
        """The application's renderer: one worker and one memory budget for every open document."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    # -- GUI thread ------------------------------------------------------------------------------------
    def request(self, owner: object, jobs: list[RenderJob]) -> None:
        """Replace what owner wants rendered (most wanted first); the latest caller is served first."""
        jobs = [j for j in jobs if j.key not in self.cache and j.key not in self.failures]
        with self._lock:
            self._pending.pop(owner, None)
            if jobs:
                self._pending[owner] = jobs
                self._ensure_thread()
                self._lock.notify()

    def warm_up(self) -> None:
        """Start the render process now, so the first page of the first document shows without delay."""
        with self._lock:
            self._ensure_thread()

    def cancel(self, owner: object) -> None:
        with self._lock:
            self._pending.pop(owner, None)

    def is_busy(self) -> bool:
        with self._lock:
            return bool(self._busy) or any(self._pending.values())

    @Slot()
    def shutdown(self) -> None:
        with self._lock:
            self._stop = True
            self._pending.clear()
            self._lock.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(5)
        self._thread = None

    @Slot(object, object, str)
    def _on_worker_delivered(self, key: RenderKey, image: QImage | None, error: str) -> None:
        if image is None:
            self.failures[key] = error
            self.page_failed.emit(key, error)
        else:
            self.cache.put(key, image)
            self.page_rendered.emit(key)

    # -- feeder thread -----------------------------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="page-renderer", daemon=True)
            self._thread.start()

    def _next_job(self) -> RenderJob | None:
        with self._lock:
            while not self._stop:
                while self._pending:
                    owner, jobs = next(reversed(self._pending.items()))
                    job = jobs.pop(0)
                    if not jobs:
                        del self._pending[owner]
                    if job.key not in self._busy:
                        self._busy.add(job.key)
                        return job
                self._lock.wait()
            return None

    def _run(self) -> None:
        worker = _start_worker()
        try:
            while True:
                job = self._next_job()
                if job is None:
                    return
                if not isinstance(worker, _Worker):
                    worker = _start_worker()
                if isinstance(worker, _Worker):
                    try:
                        image, error = worker.render(job, lambda: self._stop)
                    except _WorkerDied as exc:
                        worker.kill()
                        worker = None
                        image, error = None, str(exc)
                else:
                    image, error = None, worker
                with self._lock:
                    self._busy.discard(job.key)
                    if self._stop:
                        return
                self._delivered.emit(job.key, image, error)
        finally:
            if isinstance(worker, _Worker):
                worker.close()


def _start_worker() -> "_Worker | str":
    """A new render process, or why it could not start."""
    try:
        return _Worker()
    except (OSError, RuntimeError) as exc:
        return f"the page renderer could not start ({exc})"


class _WorkerDied(Exception):
    pass


class _Worker:
    """One render process and its pipe."""

    def __init__(self):
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=render_worker, args=(child,), daemon=True, name="papertrail-render")
        self.proc.start()
        child.close()
        self._ids = itertools.count(1)

    def render(self, job: RenderJob, stopped) -> tuple[QImage | None, str]:
        job_id = next(self._ids)
        try:
            self.conn.send((job_id, job.path, job.key.page, job.key.scale / 100))
        except (BrokenPipeError, OSError):
            raise _WorkerDied("the page renderer stopped unexpectedly") from None
        waited = 0.0
        while not self.conn.poll(0.1):
            waited += 0.1
            if stopped():
                return None, "stopped"
            if not self.proc.is_alive():
                raise _WorkerDied("the PDF made the page renderer crash")
            if waited > RENDER_TIMEOUT_S:
                raise _WorkerDied(f"drawing the page took longer than {RENDER_TIMEOUT_S:.0f} s")
        try:
            reply_id, ok, payload = self.conn.recv()
        except (EOFError, OSError):
            raise _WorkerDied("the PDF made the page renderer crash") from None
        if reply_id != job_id or not ok:
            return None, payload if not ok else "the page renderer answered out of turn"
        width, height, stride, samples, used_scale = payload
        image = QImage(samples, width, height, stride, QImage.Format.Format_RGB888).copy()
        # Pages capped for size come back smaller; the view scales them to the requested size.
        image.setText("scale", f"{used_scale:.6f}")
        return image, ""

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()
