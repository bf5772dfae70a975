"""Measure ingest as users run it: `main.py ingest FOLDER` as a whole process with its default
options (OCR on, Tesseract used when installed), against Recoll's `recollindex` on the same folder
when Recoll is installed.

Usage: python bench/bench_cli_ingest.py [--letters 300] [--corpus DIR] [--runs 3] [--json FILE]
Without --corpus, a synthetic corpus of --letters letters is generated (bench/corpus.py) in a
temporary folder.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def time_papertrail(corpus: Path, work: Path) -> float:
    archive = work / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--archive", str(archive), "ingest", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def time_recoll(corpus: Path, work: Path) -> float | None:
    if not shutil.which("recollindex"):
        return None
    conf = work / "recoll"
    shutil.rmtree(conf, ignore_errors=True)
    conf.mkdir(parents=True)
    (conf / "recoll.conf").write_text(f"topdirs = {corpus}\nloglevel = 1\n")
    t0 = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(conf)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=int, default=300)
    ap.add_argument("--corpus", type=Path, help="a folder of PDFs to ingest instead of a generated corpus")
    ap.add_argument("--runs", type=int, default=3, help="runs of each (the median is reported)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="papertrail-cli-ingest-") as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            from bench.corpus import generate_corpus
            corpus = work / "corpus"
            generate_corpus(corpus, args.letters)
        letters = len(list(corpus.rglob("*.pdf")))
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(time_papertrail(corpus, work))
            if (t := time_recoll(corpus, work)) is not None:
                theirs.append(t)
        result = {"letters": letters, "papertrail_s": round(statistics.median(ours), 2),
                  "papertrail_letters_per_s": round(letters / statistics.median(ours), 1),
                  "runs": [round(t, 2) for t in ours]}
        if theirs:
            result.update(recollindex_s=round(statistics.median(theirs), 2),
                          recoll_runs=[round(t, 2) for t in theirs],
                          ratio_vs_recoll=round(statistics.median(theirs) / statistics.median(ours), 2))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
