"""Drive a packaged Papertrail on an X display as a person would: wait for its window, look at the
screen, find a button by the words on it, click it, press keys. Used by smoke_test.py and
bench_startup.py under xvfb-run; needs xdotool, and Tesseract to read the screen."""
from __future__ import annotations

import csv
import difflib
import io
import os
import shutil
import subprocess
import time
from pathlib import Path


class StepFailed(Exception):
    pass


def need(*programs: str) -> None:
    missing = [p for p in programs if not shutil.which(p)]
    if missing:
        raise StepFailed(f"{', '.join(missing)} not installed (Debian: apt install {' '.join(missing)})")


def wait_window(name: str, timeout: float, proc: subprocess.Popen | None = None) -> str:
    """The id of the first visible window whose title contains `name`; fails after `timeout` seconds
    or as soon as `proc` (the app) exits."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name],
                               capture_output=True, text=True).stdout.split()
        if found:
            return found[0]
        if proc is not None and proc.poll() is not None:
            raise StepFailed(f"the app exited (code {proc.returncode}) before its window showed")
        time.sleep(0.05)
    raise StepFailed(f"no window named {name!r} within {timeout:.0f} s")


def press(window: str, keys: str) -> None:
    subprocess.run(["xdotool", "windowfocus", "--sync", window, "key", "--clearmodifiers", keys], check=True,
                   timeout=20)


def click(x: int, y: int) -> None:
    subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y), "click", "1"], check=True, timeout=20)


def quit_app(window: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    """File > Quit by its shortcut; the app must exit by itself, with code 0."""
    press(window, "ctrl+q")
    try:
        code = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise StepFailed(f"the app did not quit within {timeout:.0f} s of Ctrl+Q") from None
    if code != 0:
        raise StepFailed(f"the app exited with code {code}")


class Screen:
    """Screenshots of the whole X display, taken through Qt's xcb platform."""

    def __init__(self):
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        from PySide6.QtGui import QGuiApplication
        self.app = QGuiApplication.instance() or QGuiApplication(["smoke-test"])

    def shot(self, path: Path) -> Path:
        image = self.app.primaryScreen().grabWindow(0).toImage()
        if image.isNull() or not image.save(str(path)):
            raise StepFailed(f"could not take a screenshot into {path}")
        return path


def read_words(png: Path) -> list[dict]:
    """The words on a screenshot with their boxes (Tesseract's TSV output)."""
    need("tesseract")
    proc = subprocess.run(["tesseract", str(png), "-", "--psm", "11", "tsv"], capture_output=True, text=True,
                          env=dict(os.environ, OMP_THREAD_LIMIT="1"), timeout=120)
    rows = csv.DictReader(io.StringIO(proc.stdout), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [r for r in rows if (r.get("text") or "").strip()]


def _same(read: str, word: str) -> bool:
    """OCR of a screen misreads a letter now and then ("Papertrai"): near enough is the same word."""
    read = read.strip().lower().strip(".,:;…()")
    word = word.strip(".,:;…()")
    return read == word or len(word) >= 4 and difflib.SequenceMatcher(None, read, word).ratio() >= 0.8


def find_text(png: Path, phrase: str) -> tuple[int, int]:
    """Centre of the first place on the screenshot where the words of `phrase` stand in a row."""
    words = read_words(png)
    want = [w.lower() for w in phrase.split()]
    for i in range(len(words) - len(want) + 1):
        group = words[i:i + len(want)]
        if all(_same(g["text"], w) for g, w in zip(group, want)):
            left = min(int(g["left"]) for g in group)
            top = min(int(g["top"]) for g in group)
            right = max(int(g["left"]) + int(g["width"]) for g in group)
            bottom = max(int(g["top"]) + int(g["height"]) for g in group)
            return (left + right) // 2, (top + bottom) // 2
    seen = " ".join(w["text"] for w in words)[:300]
    raise StepFailed(f"{phrase!r} is not on the screen (read: {seen})")


def wait_for_text(screen: Screen, phrase: str, path: Path, timeout: float) -> tuple[int, int]:
    """Take screenshots into `path` until `phrase` shows on one; returns where it is."""
    end = time.monotonic() + timeout
    while True:
        try:
            return find_text(screen.shot(path), phrase)
        except StepFailed:
            if time.monotonic() > end:
                raise
            time.sleep(1)
