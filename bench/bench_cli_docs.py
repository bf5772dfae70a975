"""Measure `main.py docs` and `main.py docs --json` as whole processes on an archive: the time from
starting `python` to the last line written (imports, opening the archive, reading every document
and printing them), as a script calling the command would see it.

Usage: python bench/bench_cli_docs.py ARCHIVE_DIR [--runs 7] [--json FILE]
(the archive is only read; open it once with this version first, so that a pending schema upgrade
and its automatic backup are not timed)

Reported per command: the median and the fastest wall-clock time of the runs, and the median CPU
time (user + system) of the process, which the machine's other load disturbs less. Python's
compiled-module cache is used as an installed app uses it (one warm-up run fills it).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(archive: Path, extra: list[str], env: dict, root: Path = ROOT) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(root / "main.py"), "--archive", str(archive), "docs", *extra],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=root)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.decode()[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout.count(b"\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--papertrail", type=Path, default=ROOT, metavar="DIR",
                    help="the Papertrail checkout to run (default: this one), e.g. an older version to compare")
    args = ap.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result: dict = {"load": round(os.getloadavg()[0], 2)}
    for name, extra in (("docs", []), ("docs_json", ["--json"])):
        run_once(args.archive, extra, env, args.papertrail)      # warm-up: the module cache and the disk cache
        walls, cpus, lines = [], [], 0
        for _ in range(args.runs):            # the two commands alternate less than runs of one
            wall, cpu, lines = run_once(args.archive, extra, env, args.papertrail)
            walls.append(wall)
            cpus.append(cpu)
        result[name] = {"median_s": round(statistics.median(walls), 3), "fastest_s": round(min(walls), 3),
                        "cpu_median_s": round(statistics.median(cpus), 3), "lines": lines}
        print(f"main.py {' '.join(['docs', *extra])}: median {result[name]['median_s']:.2f} s, fastest "
              f"{result[name]['fastest_s']:.2f} s, CPU {result[name]['cpu_median_s']:.2f} s ({lines} lines)",
              flush=True)
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
