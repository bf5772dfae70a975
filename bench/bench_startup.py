"""Measure the window as a whole process: start-up until the library shows its first rows (usable),
until it holds every document, the longest the window stayed unresponsive meanwhile, and the
first search typed into the search box.

Usage: python bench/bench_startup.py ARCHIVE_DIR [--runs 3] [--query WORD] [--json FILE]
(build an archive first, e.g. with bench/bench_archive.py --work DIR: ARCHIVE_DIR is DIR/archive;
the archive is only read)

Each run is a fresh `python` process started from nothing (imports included), as a user starts
the app; the clock starts before the process does. "Unresponsive" is the longest gap between the
ticks of a 10 ms timer on the GUI thread, from the window showing until the first search is shown.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import os, sys, time, json
started = float(sys.argv[5])
sys.path.insert(0, sys.argv[2])
from ui.app import make_app
from ui import settings
settings.use_settings_file(sys.argv[3])
app = make_app([sys.argv[0]])
from PySide6.QtCore import QTimer
from ui.main_window import MainWindow
window = MainWindow(sys.argv[1])
got = {"stall": 0.0}
last = [None]
def tick():
    now = time.time()
    if last[0] is not None:
        got["stall"] = max(got["stall"], now - last[0])
    last[0] = now
timer = QTimer()
timer.setInterval(10)
timer.timeout.connect(tick)
def shown(n):
    got.setdefault("shown", time.time() - started)
    got["docs"] = n
def searched(n):
    if "search_start" in got and "search" not in got:
        got["search"] = time.time() - got.pop("search_start")
        got["hits"] = n
        timer.stop()        # measured until the first search shows, not while the window closes
        QTimer.singleShot(0, app.quit)
def loaded(n):
    shown(n)
    got["loaded"] = time.time() - started
    got["docs"] = n
    window.search.field.setText(sys.argv[4])
    got["search_start"] = time.time()
    window.search.run_now()       # as the box does once typing pauses
if hasattr(window, "library_shown"):     # versions before it showed the library all at once
    window.library_shown.connect(shown)
window.library_loaded.connect(loaded)
window.search.results_changed.connect(searched)
window.show()
timer.start()
QTimer.singleShot(120000, app.quit)
app.exec()
print(json.dumps(got))
"""


def run_once(archive: Path, query: str, root: Path = ROOT) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.time()
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}   # as users run it
        proc = subprocess.run([sys.executable, "-c", CHILD, str(archive), str(root), str(Path(tmp) / "s.ini"),
                               query, repr(start)], capture_output=True, text=True, env=env, cwd=root)
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-2000:])
        return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--query", default="assessment", help="the first search (default: assessment)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--papertrail", type=Path, default=ROOT, metavar="DIR",
                    help="the Papertrail checkout to run (default: this one), e.g. an older version to compare")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    runs = []
    for _ in range(args.runs):
        got = run_once(args.archive, args.query, args.papertrail)
        runs.append(got)
        print(f"{got['docs']} documents: first rows after {got['shown']:.2f} s, all after {got['loaded']:.2f} s, "
              f"first search {got.get('search', float('nan')) * 1000:.0f} ms ({got.get('hits', 0)} hits), "
              f"unresponsive at most {got['stall'] * 1000:.0f} ms", flush=True)
    med = lambda key: round(statistics.median(r[key] for r in runs), 3)  # noqa: E731
    result = {"documents": runs[0]["docs"], "usable_s": med("shown"), "all_loaded_s": med("loaded"),
              "first_search_s": med("search"), "max_unresponsive_s": med("stall"),
              "runs": runs, "load": os.getloadavg()[0]}
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
