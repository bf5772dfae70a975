"""Benchmark timelines of 5,000 passages: the CLI's `timeline --format json`, and the drawn view's build and pan.

The archive is the demo archive (13 real letters, ingested) plus 5,000 synthetic passages inserted in
bulk with SQL into the passages, status_history, passage_threads and links tables (tagging them one by
one through app.passages would take minutes and measure tagging, not timelines); their documents are
then re-indexed so the archive is consistent. Dates spread over ten years with day, month and year
precision; eight parties, six threads, 600 links.

Usage: python bench/bench_timeline.py [--passages 5000] [--work DIR] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARTIES = ["Veridian Signals Ltd", "Open Rights Watch", "Harbourline Capital LLP", "UN Special Rapporteur",
           "Coalición por los Derechos Digitales", "Ministry of Interior", "Northwind Telecom", "Privacy Board"]
THREADS = ["HRIA publication", "Independent oversight", "Remediation", "Export controls", "Transparency",
           "Investor engagement"]


def build_archive(path: Path, n: int, seed: int = 7) -> dict:
    from app.demo_archive import load_demo
    from archive import Archive
    from archive.dates import PartialDate
    from archive.documents import now_iso
    from archive.parties import ensure_party
    from archive.passages import ensure_thread
    rng = random.Random(seed)
    t0 = time.perf_counter()
    with Archive.open(path) as archive:
        load_demo(archive)
        docs = [r for r in archive.db.execute("SELECT d.id, p.text FROM documents d JOIN pages p "
                                              "ON p.doc_id = d.id AND p.page = 1").fetchall()]
        stamp = now_iso()
        rows, history, member, links = [], [], [], []
        with archive.transaction():
            party_ids = [ensure_party(archive.db, name) for name in PARTIES]
            thread_ids = [ensure_thread(archive.db, name) for name in THREADS]
            for i in range(n):
                doc_id, text = rng.choice(docs)
                start = rng.randrange(0, max(1, len(text) - 120))
                end = start + rng.randrange(30, 110)
                year = rng.randrange(2014, 2025)
                precision = rng.choices(("day", "month", "year"), (80, 15, 5))[0]
                month = rng.randrange(1, 13) if precision != "year" else None
                day = rng.randrange(1, 29) if precision == "day" else None
                said = PartialDate(year, month, day)
                kind = rng.choices(("commitment", "claim", "rebuttal"), (45, 35, 20))[0]
                pid = f"bench{i:06d}" + "0" * 21
                rows.append({"id": pid, "doc_id": doc_id, "page": 1, "start": start, "end": end,
                             "quote": text[start:end], "prefix": text[max(0, start - 32):start],
                             "suffix": text[end:end + 32], "kind": kind, "by_party": rng.choice(party_ids),
                             "said_on": said.iso(), "said_on_sort": said.sort_key(), "note": "",
                             "orphaned": 0, "anchor_conf": 1.0, "created_at": stamp, "updated_at": stamp})
                if kind == "commitment":
                    history.append({"passage_id": pid, "status": "open", "on_date": None, "note": "tagged",
                                    "evidence_id": None, "recorded_at": stamp})
                    if rng.random() < 0.5:
                        history.append({"passage_id": pid, "status": rng.choice(("fulfilled", "broken",
                                                                                 "partly-fulfilled")),
                                        "on_date": str(year + 1), "note": "", "evidence_id": None,
                                        "recorded_at": stamp})
                for t in rng.sample(thread_ids, rng.choice((0, 1, 1, 1, 2))):
                    member.append({"passage_id": pid, "thread_id": t})
            ids = [r["id"] for r in rows]
            for _ in range(min(600, n // 8)):
                a, b = rng.sample(ids, 2)
                links.append({"source_id": a, "relation": rng.choice(("contradicts", "rebuts", "fulfils")),
                              "target_id": b, "created_at": stamp})
            archive.db["passages"].insert_all(rows, batch_size=1000)
            archive.db["status_history"].insert_all(history, batch_size=1000)
            archive.db["passage_threads"].insert_all(member, batch_size=1000, ignore=True)
            archive.db["links"].insert_all(links, batch_size=1000, ignore=True)
        archive.index_documents([d for d, _t in docs])
        total = archive.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    return {"passages": total, "links": len(links), "build_s": round(time.perf_counter() - t0, 2)}


def bench_cli(path: Path, runs: int = 5) -> dict:
    times = []
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--archive", str(path), "timeline",
                               "--format", "json"], capture_output=True, env=env)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise SystemExit(f"timeline command failed: {done.stderr.decode()[:400]}")
    events = len(json.loads(done.stdout)["events"])
    return {"events": events, "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3)}


def bench_view(path: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app import timeline
    from archive import Archive
    from ui.timeline.view import TimelineView
    app = QApplication.instance() or QApplication([])
    with Archive.open(path, create=False, migrate=False) as archive:
        t0 = time.perf_counter()
        tl = timeline.build(archive)
        query_s = time.perf_counter() - t0
    view = TimelineView()
    view.resize(1400, 700)
    view.show()
    app.processEvents()
    t0 = time.perf_counter()
    view.set_timeline(tl, "party")
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    view.viewport().repaint()
    first_paint_s = time.perf_counter() - t0
    out = {"events": len(view.markers), "links": len(view.links), "query_s": round(query_s, 3),
           "build_s": round(build_s, 3), "first_paint_ms": round(first_paint_s * 1000, 1)}
    for label, factor in (("fit", 1.0), ("zoomed 12x", 12.0)):
        if factor != 1.0:
            t0 = time.perf_counter()
            view.zoom_by(factor)
            app.processEvents()
            out["zoom_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        bar = view.horizontalScrollBar()
        bar.setValue(bar.maximum() // 3)
        app.processEvents()
        frames = []
        for step in range(60):
            # One frame of a drag: move 25 px, then let Qt scroll and paint what came into view.
            t0 = time.perf_counter()
            bar.setValue(bar.value() + (25 if step % 20 < 10 else -25))
            app.processEvents()
            frames.append(time.perf_counter() - t0)
        out[f"pan_frame_ms_{label}"] = {"median": round(statistics.median(frames) * 1000, 2),
                                        "p95": round(sorted(frames)[int(len(frames) * 0.95)] * 1000, 2)}
    thread_view = TimelineView()
    thread_view.resize(1400, 700)
    t0 = time.perf_counter()
    thread_view.set_timeline(tl, "thread")
    out["build_thread_lanes_s"] = round(time.perf_counter() - t0, 3)
    out["markers_thread_lanes"] = len(thread_view.markers)
    view.close()
    thread_view.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--passages", type=int, default=5000)
    ap.add_argument("--work", type=Path, help="folder for the benchmark archive (default: a temp folder)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="papertrail-bench-timeline-") as tmp:
        path = (args.work or Path(tmp)) / "archive"
        if path.exists():
            raise SystemExit(f"{path} exists: choose an empty --work folder")
        results = {"archive": build_archive(path, args.passages)}
        print(f"archive: {results['archive']}", flush=True)
        results["cli_timeline_json"] = bench_cli(path)
        print(f"CLI timeline --format json: {results['cli_timeline_json']}", flush=True)
        results["view"] = bench_view(path)
        print(f"view: {results['view']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    ok = results["cli_timeline_json"]["median_s"] < 1.0 and results["view"]["build_s"] < 1.0
    print("OK: under 1 s" if ok else "SLOW: over the 1 s budget")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
