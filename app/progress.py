"""Progress reporting and cooperative cancellation shared by the CLI and the GUI."""
from __future__ import annotations

import threading
import time
from typing import Callable

ProgressFn = Callable[[int, int, str], None]   # done, total, current item


class Throttled:
    """Calls fn at most `rate` times a second, plus always for the final update."""

    def __init__(self, fn: ProgressFn | None, rate: float = 10.0):
        self.fn = fn
        self.interval = 1.0 / rate
        self.last = 0.0

    def __call__(self, done: int, total: int, current: str = "") -> None:
        if self.fn is None:
            return
        now = time.monotonic()
        if done >= total or now - self.last >= self.interval:
            self.last = now
            self.fn(done, total, current)


class Cancel(threading.Event):
    """Set it to ask a running operation to stop between items."""
