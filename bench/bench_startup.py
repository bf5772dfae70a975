"""Measure start-up to a usable window: process start until the library shows every document.

Usage: python bench/bench_startup.py ARCHIVE_DIR [--runs 3]
(build a 2,000-letter archive first, e.g. with bench/bench_archive.py --work DIR: ARCHIVE_DIR is DIR/archive)
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
sys.path.insert(0, sys.argv[2])
from ui.app import make_app
from ui import settings
settings.use_settings_file(sys.argv[3])
app = make_app([sys.argv[0]])
from ui.main_window import MainWindow
window = MainWindow(sys.argv[1])
shown = {}
def loaded(n):
    shown["docs"] = n
    shown["t"] = time.time()
    app.quit()
window.library_loaded.connect(loaded)
window.show()
app.exec()
print(json.dumps(shown))
"""


def run_once(archive: Path) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.time()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(archive), str(ROOT), str(Path(tmp) / "s.ini")],
                              capture_output=True, text=True, env={**os.environ})
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-2000:])
        shown = json.loads(proc.stdout.strip().splitlines()[-1])
        return shown["t"] - start, shown["docs"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("archive", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    times = []
    for _ in range(args.runs):
        seconds, docs = run_once(args.archive)
        times.append(seconds)
        print(f"usable window with {docs} documents after {seconds:.2f} s", flush=True)
    print(json.dumps({"median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
