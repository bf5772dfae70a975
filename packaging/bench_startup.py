#!/usr/bin/env python3
"""Start-up of the packaged app against `python3 main.py`: seconds from starting the process until
its window shows on the (virtual) X display, on the same demo archive, runs alternating.

Usage: python3 packaging/bench_startup.py [--runs 5]   (after packaging/build.py; uses xvfb-run)
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from app.bootstrap import ensure_environment  # noqa: E402

FOLDER = ROOT / "build" / "packaging" / "dist" / "papertrail"


def time_to_window(argv: list[str], home: Path) -> float:
    from xsession import quit_app, wait_window
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               QT_QPA_PLATFORM="xcb", OMP_THREAD_LIMIT="1")
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    window = wait_window("Papertrail", 120, proc)
    seconds = time.monotonic() - start
    time.sleep(1)
    quit_app(window, proc)
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(prog="packaging/bench_startup.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--under-xvfb", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (FOLDER / "papertrail").exists():
        sys.exit(f"error: {FOLDER} is missing; run packaging/build.py first")
    if not args.under_xvfb:
        return subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1440x900x24", sys.executable, __file__,
                               "--under-xvfb", "--runs", str(args.runs)]).returncode
    with tempfile.TemporaryDirectory(prefix="papertrail-bench-") as tmp:
        archive = Path(tmp) / "demo"
        subprocess.run([str(FOLDER / "papertrail"), "--archive", str(archive), "demo"], check=True,
                       stdout=subprocess.DEVNULL)
        # python3 main.py as the README says (it re-runs itself inside .venv), from a cold start each time.
        commands = {"packaged": [str(FOLDER / "papertrail"), "--archive", str(archive)],
                    "python3 main.py": ["python3", str(ROOT / "main.py"), "--archive", str(archive)]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for i in range(args.runs):
            for name, argv in commands.items():
                with tempfile.TemporaryDirectory(dir=tmp) as home:
                    times[name].append(time_to_window(argv, Path(home)))
                print(f"run {i + 1} {name:<16} window after {times[name][-1]:.2f} s", flush=True)
    summary = {name: {"median_s": round(statistics.median(t), 2), "min_s": round(min(t), 2),
                      "max_s": round(max(t), 2)} for name, t in times.items()}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    ensure_environment(Path(__file__))
    sys.exit(main())
