"""Benchmark ingest, search and command-line start-up on a generated corpus (and Recoll, when installed).

Usage: python bench/bench_archive.py [--letters 2000] [--synthetic-only] [--corpus DIR] [--archive DIR]
                                     [--recoll-conf DIR] [--runs 5] [--work DIR] [--json FILE]

The corpus mixes real-language text into the synthetic letters and adds ../shared/letters (see
bench/corpus_real.py) unless --synthetic-only. --corpus reuses a corpus folder; --archive searches a
Papertrail archive already built from it (nothing is ingested);
--recoll-conf reuses a Recoll configuration folder whose index already holds the corpus.
Ingest and search are timed in-process (Papertrail's functions called from this process, Recoll's
Python module in one process of its own), `docs` as a whole process.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = {
    "single word": ["assessment", "oversight", "remediation", "grievance", "transparency", "investors",
                    "surveillance", "consultation"],
    "phrase": ['"human rights"', '"impact assessment"', '"due diligence"', '"independent oversight"'],
    "AND": ["publish assessment", "board oversight", "workers consultation", "company commitment"],
    "fuzzy": ["asessment~", "oversigth~", "remediaton~", "grievence~"],
}


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def bench_ingest(corpus: Path, archive_dir: Path) -> dict:
    from app.ingest import ingest, worker_count
    from archive import Archive
    files = sorted(corpus.rglob("*.pdf"))
    archive = Archive.open(archive_dir)
    t0 = time.perf_counter()
    report = ingest(archive, [corpus], ocr=False, workers=worker_count())
    seconds = time.perf_counter() - t0
    pages = archive.db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    archive.close()
    return {"letters": len(files), "added": len(report.added), "failed": len(report.failed), "pages": pages,
            "seconds": round(seconds, 2), "letters_per_s": round(len(report.added) / seconds, 1),
            "peak_rss_main_mb": round(peak_mb(), 1),
            "peak_rss_worker_mb": round(peak_mb(resource.RUSAGE_CHILDREN), 1)}


def bench_search(archive_dir: Path, repeat: int = 5) -> dict:
    from app.search import search
    from archive import Archive
    archive = Archive.open(archive_dir)
    first: dict[str, list[float]] = {k: [] for k in QUERIES}
    for kind, qs in QUERIES.items():        # each query once, as a new session would ask it
        for q in qs:
            t0 = time.perf_counter()
            search(archive, q, limit=20)
            first[kind].append((time.perf_counter() - t0) * 1000)
    times: dict[str, list[float]] = {k: [] for k in QUERIES}
    with_total: dict[str, list[float]] = {k: [] for k in QUERIES}
    totals = {}
    for _ in range(repeat):
        for kind, qs in QUERIES.items():
            for q in qs:
                t0 = time.perf_counter()
                res = search(archive, q, limit=20)
                t1 = time.perf_counter()
                totals[q] = res.total           # a phrase's exact total is counted when read
                times[kind].append((t1 - t0) * 1000)
                with_total[kind].append((time.perf_counter() - t0) * 1000)
    archive.close()
    every = sum(times.values(), [])
    return {"median_ms": round(statistics.median(every), 2), "p95_ms": round(_p95(every), 2),
            "by_kind_median_ms": {k: round(statistics.median(v), 2) for k, v in times.items()},
            "by_kind_p95_ms": {k: round(_p95(v), 2) for k, v in times.items()},
            "with_total_by_kind_median_ms": {k: round(statistics.median(v), 2) for k, v in with_total.items()},
            "first_run_median_ms": round(statistics.median(sum(first.values(), [])), 2),
            "first_run_by_kind_max_ms": {k: round(max(v), 2) for k, v in first.items()},
            "hits": totals}


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def bench_cli(archive_dir: Path, runs: int = 5) -> dict:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--archive", str(archive_dir), "docs"],
                       check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return {"docs_median_s": round(statistics.median(times), 3), "docs_max_s": round(max(times), 3)}


def bench_recoll(corpus: Path, work: Path, conf: Path | None = None, repeat: int = 5) -> dict | None:
    """Recoll on the same corpus: recollindex into work/recoll (unless conf names a configuration
    folder whose index already holds the corpus), then its Python module's search."""
    if not shutil.which("recollindex"):
        return None
    out = {}
    corpus = corpus.resolve()
    if conf is None:
        conf = work.resolve() / "recoll"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "recoll.conf").write_text(f"topdirs = {corpus}\nloglevel = 1\n")
        t0 = time.perf_counter()
        subprocess.run(["recollindex", "-c", str(conf)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - t0
        letters = len(list(corpus.rglob("*.pdf")))
        out = {"index_seconds": round(seconds, 2), "letters_per_s": round(letters / seconds, 1)}
    script = textwrap.dedent(f"""
        import json, statistics, time
        from recoll import recoll
        db = recoll.connect(confdir={str(Path(conf).resolve())!r})
        queries = {json.dumps(QUERIES)}
        def run(q):
            query = db.query()
            n = query.execute(q.replace('~', ''))
            for doc in query.fetchmany(20):
                query.makedocabstract(doc)
            return n
        first = {{}}
        for kind, qs in queries.items():
            for q in qs:
                t0 = time.perf_counter(); run(q); first.setdefault(kind, []).append((time.perf_counter() - t0) * 1000)
        times, by_kind = [], {{k: [] for k in queries}}
        for _ in range({repeat}):
            for kind, qs in queries.items():
                for q in qs:
                    t0 = time.perf_counter(); run(q); ms = (time.perf_counter() - t0) * 1000
                    times.append(ms); by_kind[kind].append(ms)
        def p95(v):
            v = sorted(v)
            return v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]
        print(json.dumps({{"median_ms": statistics.median(times), "p95_ms": p95(times),
                          "by_kind_median_ms": {{k: round(statistics.median(v), 2) for k, v in by_kind.items()}},
                          "by_kind_p95_ms": {{k: round(p95(v), 2) for k, v in by_kind.items()}},
                          "first_run_median_ms": statistics.median(sum(first.values(), [])),
                          "first_run_by_kind_max_ms": {{k: round(max(v), 2) for k, v in first.items()}}}}))
    """)
    system_python = shutil.which("python3", path="/usr/bin")
    if system_python:
        proc = subprocess.run([system_python, "-c", script], capture_output=True, text=True)
        if proc.returncode == 0:
            out["search"] = {k: round(v, 2) if isinstance(v, float) else v
                             for k, v in json.loads(proc.stdout).items()}
        else:
            out["search_error"] = proc.stderr.strip().splitlines()[-1:] or ["failed"]
    return out


def search_table(results: dict) -> str:
    """Per query kind: Papertrail's median / p95 beside Recoll's, from the same run."""
    ours = results["search"]
    theirs = results.get("recoll", {}).get("search", {})
    lines = ["| kind | Papertrail median / p95 (ms) | Recoll median / p95 (ms) | first run, slowest: Papertrail / Recoll (ms) |",
             "| --- | --- | --- | --- |"]

    def pair(values) -> str:
        return " / ".join(f"{v:.1f}" for v in values) if None not in values else "-"
    for kind in list(QUERIES) + ["all"]:
        if kind == "all":
            a = (ours["median_ms"], ours["p95_ms"])
            b = (theirs.get("median_ms"), theirs.get("p95_ms"))
            c = (max(ours["first_run_by_kind_max_ms"].values()),
                 max(theirs.get("first_run_by_kind_max_ms", {"": None}).values()))
        else:
            a = (ours["by_kind_median_ms"][kind], ours["by_kind_p95_ms"][kind])
            b = (theirs.get("by_kind_median_ms", {}).get(kind), theirs.get("by_kind_p95_ms", {}).get(kind))
            c = (ours["first_run_by_kind_max_ms"][kind], theirs.get("first_run_by_kind_max_ms", {}).get(kind))
        lines.append(f"| {kind} | {pair(a)} | {pair(b)} | {c[0]:.1f} / {'-' if c[1] is None else f'{c[1]:.1f}'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=int, default=2000)
    ap.add_argument("--synthetic-only", action="store_true",
                    help="letters from the phrasebooks alone (no real text, no shared letters)")
    ap.add_argument("--corpus", type=Path, help="reuse a corpus folder made by bench/corpus.py")
    ap.add_argument("--archive", type=Path, help="search this archive, built from --corpus, instead of ingesting")
    ap.add_argument("--recoll-conf", type=Path, help="reuse this Recoll configuration folder and its index")
    ap.add_argument("--runs", type=int, default=5, help="times each query is run (default 5)")
    ap.add_argument("--work", type=Path, help="working folder (default: a temp folder)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    if args.archive and not args.corpus:
        ap.error("--archive needs the --corpus it was built from (Recoll indexes that folder)")
    if args.archive and not (args.archive / "papertrail.db").is_file():
        ap.error(f"--archive {args.archive}: no Papertrail archive there (papertrail.db is missing)")
    work = args.work or Path(tempfile.mkdtemp(prefix="papertrail-bench-"))
    corpus = args.corpus
    if corpus is None:
        from bench.corpus import generate_corpus
        corpus = work / "corpus"
        generate_corpus(corpus, args.letters, real_text=not args.synthetic_only)
    results = {"machine": {"cpus": os.cpu_count(), "load": os.getloadavg()[0]}}
    if args.archive:
        archive_dir = args.archive
        import sqlite3
        with sqlite3.connect(f"file:{archive_dir / 'papertrail.db'}?mode=ro", uri=True) as db:
            results["archive"] = {"letters": db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                                  "pages": db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]}
        print("archive", json.dumps(results["archive"]), flush=True)
    else:
        archive_dir = work / "archive"
        if archive_dir.exists():
            shutil.rmtree(archive_dir)
        results["ingest"] = bench_ingest(corpus, archive_dir)
        print("ingest (in-process)", json.dumps(results["ingest"]), flush=True)
    results["search"] = bench_search(archive_dir, args.runs)
    print("search (in-process)", json.dumps({k: v for k, v in results["search"].items() if k != "hits"}),
          flush=True)
    results["cli"] = bench_cli(archive_dir)
    print("cli (whole process)", json.dumps(results["cli"]), flush=True)
    recoll = bench_recoll(corpus, work, args.recoll_conf, args.runs)
    if recoll:
        results["recoll"] = recoll
        results["ratios"] = {}
        if "ingest" in results and "letters_per_s" in recoll:
            results["ratios"]["ingest_speed_vs_recoll"] = round(
                results["ingest"]["letters_per_s"] / recoll["letters_per_s"], 2)
        if "search" in recoll:
            results["ratios"]["search_median_vs_recoll"] = round(
                results["search"]["median_ms"] / recoll["search"]["median_ms"], 2)
        print("recoll", json.dumps(recoll), flush=True)
        print("ratios", json.dumps(results["ratios"]), flush=True)
    results["machine"]["load_after"] = os.getloadavg()[0]
    print(f"search, top 20 with snippets, {args.runs} runs of each query (load {results['machine']['load']:.1f}):")
    print(search_table(results), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
