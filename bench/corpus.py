"""Generate a deterministic corpus of realistic synthetic letters (PDF) for benchmarks.

Usage: python bench/corpus.py OUT_DIR --letters 2000 [--seed 1] [--processes 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pymupdf  # noqa: E402

from app.letterpdf import render_letter  # noqa: E402
from bench.corpus_letters import make_letter  # noqa: E402


def _write_one(job: tuple[int, int, str]) -> dict:
    index, seed, out_dir = job
    letter, style, meta = make_letter(index, seed)
    name = f"letter_{index + 1:05d}.pdf"
    data = render_letter(letter, Path(out_dir) / name, style=style)
    with pymupdf.open("pdf", data) as doc:
        meta["pages"] = doc.page_count
    return {"file": name, **meta}


def generate_corpus(out_dir: Path, n: int, seed: int = 1, processes: int | None = None) -> list[Path]:
    """Write n synthetic letters to out_dir (plus manifest.json describing them); return the PDF paths."""
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"the number of letters must be a whole number of 0 or more, got {n!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(index, seed, str(out_dir)) for index in range(n)]
    if processes is None:
        processes = 2 if n >= 200 else 1
    if processes > 1:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            entries = pool.map(_write_one, jobs, chunksize=50)
    else:
        entries = [_write_one(job) for job in jobs]
    manifest = {"seed": seed, "letters": entries}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return [out_dir / entry["file"] for entry in entries]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate synthetic letters (PDF) for benchmarks.")
    parser.add_argument("out_dir", type=Path, help="folder to write letter_NNNNN.pdf and manifest.json into")
    parser.add_argument("--letters", type=int, default=2000, help="how many letters (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="seed; the same seed gives the same corpus")
    parser.add_argument("--processes", type=int, default=None, help="worker processes (default: 2 for large runs)")
    args = parser.parse_args(argv)
    if args.letters < 0:
        parser.error("--letters must be 0 or more")
    started = time.perf_counter()
    paths = generate_corpus(args.out_dir, args.letters, seed=args.seed, processes=args.processes)
    elapsed = time.perf_counter() - started
    entries = json.loads((args.out_dir / "manifest.json").read_text(encoding="utf-8"))["letters"]
    pages = [entry["pages"] for entry in entries]
    spread = ", ".join(f"{p} page{'s' if p > 1 else ''}: {pages.count(p)}" for p in sorted(set(pages)))
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} letters ({sum(pages)} pages; {spread}) to {args.out_dir} "
          f"in {elapsed:.1f} s ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
