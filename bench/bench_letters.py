"""Measure how well letters are read: ingest a labelled folder of letters into a fresh archive with
the command line as users run it (default options, OCR on), then score the metadata against the
folder's truth with its own scorer.

Usage: python bench/bench_letters.py [FOLDER | --layouts] [--details] [--check] [--json FILE]
FOLDER defaults to ../shared/letters (it must hold truth.json and score.py). With --check the exit
status is 1 when a field falls below the floors in FLOORS (what the reading reaches today, so that
a change that makes it worse is caught) and the targets are printed beside the scores.
--layouts scores the second set of letters, in layouts the shared set does not have (bench/layouts),
with the shared set's scorer.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT.parent / "shared" / "letters"

# What the targets are (accuracy for date, title, kind; mean F1 for senders and recipients; the
# share of all fields that are wrong and not flagged for checking)...
TARGETS = {"date": 0.95, "senders": 0.90, "recipients": 0.85, "title": 0.85, "kind": 0.95,
           "confidently_wrong": 0.03}
# ...and the floors a change must not fall below on the labelled set.
FLOORS = {"date": 0.95, "senders": 0.90, "recipients": 0.90, "title": 0.90, "kind": 0.95,
          "confidently_wrong": 0.02}
# ...and on the second set, in other layouts (bench/layouts), where reading is not as good yet.
LAYOUT_FLOORS = {"date": 0.95, "senders": 0.85, "recipients": 0.80, "title": 0.90, "kind": 0.90,
                 "confidently_wrong": 0.10}

_ROW = re.compile(r"^(date|senders|recipients|title|kind|language|all)\s+(\d+)/(\d+)\s+(\d+)%\s+(?:([\d.]+)\s+)?(\d+)")


def run(folder: Path, details: bool = False) -> dict:
    """Ingest, score and return {"fields": {name: {...}}, "confidently_wrong": share, "seconds": s,
    "report": scorer's text}."""
    with tempfile.TemporaryDirectory(prefix="papertrail-letters-") as tmp:
        archive = Path(tmp) / "archive"
        result = Path(tmp) / "ingest.json"
        started = time.perf_counter()
        with open(result, "w", encoding="utf-8") as fh:
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--archive", str(archive), "ingest",
                            str(folder), "--json"], stdout=fh, check=False, cwd=ROOT)
        seconds = time.perf_counter() - started
        scorer = folder / "score.py" if (folder / "score.py").is_file() else DEFAULT_FOLDER / "score.py"
        cmd = [sys.executable, str(scorer), str(folder / "truth.json"), str(result),
               "--archive", str(archive), "--python", sys.executable, "--main", str(ROOT / "main.py")]
        if details:
            cmd.append("--details")
        report = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return {**parse(report), "seconds": round(seconds, 1), "report": report}


def parse(report: str) -> dict:
    fields: dict = {}
    wrong = total = 0
    for line in report.splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        name, correct, count, _pct, f1, cw = m.groups()
        if name == "all":
            wrong, total = int(cw), int(count)
            continue
        fields[name] = {"correct": int(correct), "of": int(count), "accuracy": int(correct) / int(count),
                        "mean_f1": float(f1) if f1 else None, "confidently_wrong": int(cw)}
    return {"fields": fields, "confidently_wrong": wrong / total if total else 0.0,
            "confidently_wrong_count": wrong, "fields_scored": total}


def score_of(result: dict, name: str) -> float:
    """The figure a target is stated in: mean F1 for the party fields, accuracy otherwise."""
    if name == "confidently_wrong":
        return result["confidently_wrong"]
    field = result["fields"][name]
    return field["mean_f1"] if name in ("senders", "recipients") else field["accuracy"]


def below_floors(result: dict, floors: dict = FLOORS) -> list[str]:
    out = []
    for name, floor in floors.items():
        value = score_of(result, name)
        worse = value > floor if name == "confidently_wrong" else value < floor
        if worse:
            out.append(f"{name} {value:.2f} (floor {floor:.2f})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--details", action="store_true", help="print every wrong field")
    ap.add_argument("--check", action="store_true", help="exit 1 when a field falls below its floor")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--layouts", action="store_true",
                    help="score the second set of letters in other layouts (bench/layouts), made afresh")
    args = ap.parse_args(argv)
    if args.layouts:
        if not (DEFAULT_FOLDER / "score.py").is_file():
            print(f"error: the scorer {DEFAULT_FOLDER / 'score.py'} is not there", file=sys.stderr)
            return 2
        sys.path.insert(0, str(ROOT))
        from bench.layouts import make
        with tempfile.TemporaryDirectory(prefix="papertrail-layouts-") as tmp:
            return _report(run(make(Path(tmp)), args.details), args, LAYOUT_FLOORS)
    if not (args.folder / "truth.json").is_file() or not (args.folder / "score.py").is_file():
        print(f"error: {args.folder} has no truth.json and score.py", file=sys.stderr)
        return 2
    return _report(run(args.folder, args.details), args)


def _report(result: dict, args, floors: dict = FLOORS) -> int:
    print(result["report"].rstrip())
    print()
    print(f"ingest (whole process, default options): {result['seconds']} s")
    print(f"{'field':<18} {'score':>6} {'target':>7}")
    for name, target in TARGETS.items():
        print(f"{name:<18} {score_of(result, name):>6.2f} {target:>7.2f}")
    if args.json:
        args.json.write_text(json.dumps({k: v for k, v in result.items() if k != "report"}, indent=2))
    if args.check and (bad := below_floors(result, floors)):
        print("below the floor: " + "; ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
