"""Measure what a reading process spends per letter: `extract_job` (the function ingest's readers
run on each file, OCR on as users run it) called in this process over a folder of PDFs, its CPU
time split into MuPDF's own work (opening, text pages, words, the layout dictionary), OCR
(rendering the page and Tesseract) and Papertrail's Python (joining words, judging the text,
reading the layout and the letter's metadata).

Usage: python bench/bench_readers.py [FOLDER] [--runs 3] [--limit N] [--profile [--top 25]] [--json FILE]
FOLDER defaults to ../shared/letters. Each run reads every PDF of the folder once, in a process of
its own as a reader would (nothing is remembered from an earlier run), after reading a small letter
made here (imports and first-use set-up, which a reader does once); the run with the least CPU
time is reported (the machine's other work only ever adds). With --profile one more run
goes under cProfile and prints where Papertrail's Python spends its time (own time per function,
and the time of the main steps with what they call), with cProfile's overhead in those figures.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import json
import os
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # as in a reading process: Tesseract on one thread

DEFAULT_FOLDER = ROOT.parent / "shared" / "letters"

# OCR is archive.pdftext._ocr_textpage, rendering included, and the Tesseract process it runs
# (its CPU time comes back as the reading process's children's); every call into PyMuPDF outside
# it is counted as MuPDF's text work.
# The steps whose time, with what they call, the profile shows.
_STEPS = ("extract_job", "extract", "_page_text", "_words_to_text", "usable_text_problem", "pack_words",
          "page_lines", "_span_text", "extract_metadata", "_prepare", "clean_pages", "_drop_furniture",
          "_join", "_order_columns", "detect_language", "_letter_date", "_fill_parties", "_title", "_kind")


class NativeClock:
    """CPU time spent inside PyMuPDF, counted by wrapping the methods of its classes: only the
    outermost call is timed, so PyMuPDF calling itself is not counted twice."""

    def __init__(self):
        self.mupdf = 0.0
        self.ocr = 0.0
        self._depth = 0

    def _wrap(self, name: str, fn, ocr: bool = False):
        # Only OCR waits for a child process; every other call is timed with one clock read.
        clock = _cpu if ocr else time.process_time

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self._depth:
                return fn(*args, **kwargs)
            self._depth += 1
            started = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = clock() - started
                self._depth -= 1
                if ocr:
                    self.ocr += spent
                else:
                    self.mupdf += spent
        return timed

    def install(self) -> None:
        import pymupdf

        from archive import pdftext
        pdftext._ocr_textpage = self._wrap("_ocr_textpage", pdftext._ocr_textpage, ocr=True)
        for cls in (pymupdf.Document, pymupdf.Page, pymupdf.TextPage, pymupdf.Pixmap):
            for name, value in list(vars(cls).items()):
                if isinstance(value, property) and value.fget is not None:
                    setattr(cls, name, property(self._wrap(name, value.fget), value.fset, value.fdel))
                elif isinstance(value, (staticmethod, classmethod)):
                    continue
                elif callable(value) and (not name.startswith("__") or name == "__init__"):
                    setattr(cls, name, self._wrap(name, value))

    def reset(self) -> None:
        self.mupdf = self.ocr = 0.0


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (Tesseract)."""
    return time.process_time() + sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])


def _files(folder: Path, limit: int | None) -> list[tuple[str, bytes]]:
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf")[:limit]
    return [(p.name, p.read_bytes()) for p in paths]


def _read_all(files, extract_job) -> None:
    for name, data in files:
        extract_job(data, name, None, True)


def _warm_up(extract_job) -> None:
    """Read a small letter made here, twice: what a reader loads and sets up before its first file,
    without reading anything of the folder measured."""
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page()
    lines = ["Example Rights Network", "12 Sample Street, Geneva", "3 March 2021", "Dear Ms Example,",
             "We write to you about the matter of the letter, and we ask for an answer.", "Yours sincerely,",
             "Alex Sample", "Director"]
    for k, line in enumerate(lines):
        page.insert_text((72, 90 + 22 * k), line, fontsize=14 if k == 0 else 11)
    data = doc.tobytes()
    for _ in range(2):
        extract_job(data, "warm-up.pdf", None, True)


def one_run(files, extract_job) -> dict:
    """Seconds of CPU time for reading every file once: in all, in MuPDF and in OCR."""
    clock = NativeClock()
    clock.install()
    _warm_up(extract_job)
    clock.reset()
    started = _cpu()
    _read_all(files, extract_job)
    return {"total": _cpu() - started, "mupdf": clock.mupdf, "ocr": clock.ocr}


def measure(args) -> dict:
    best = None
    for _ in range(max(1, args.runs)):
        cmd = [sys.executable, str(Path(__file__).resolve()), str(args.folder), "--one-run"]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        got = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
        if best is None or got["total"] < best["total"]:
            best = got
    n = best.pop("letters")
    ms = {key: round(1000 * value / n, 2) for key, value in best.items()}
    ms["python"] = round(ms["total"] - ms["mupdf"] - ms["ocr"], 2)
    return {"letters": n, "runs": max(1, args.runs), "ms_per_letter": ms}


def _ours(path: str) -> bool:
    return path.startswith(str(ROOT)) and "site-packages" not in path


def profile(files, extract_job, top: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    _read_all(files, extract_job)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    n = len(files)
    ours = [(key, value) for key, value in stats.items() if _ours(key[0])]
    print(f"\nPapertrail's functions by own time (ms per letter, under cProfile), top {top}:")
    for (path, line, name), (_cc, calls, tottime, cumtime, _callers) in \
            sorted(ours, key=lambda kv: -kv[1][2])[:top]:
        where = f"{Path(path).relative_to(ROOT)}:{line}"
        print(f"  {1000 * tottime / n:7.2f} own {1000 * cumtime / n:7.2f} with calls  "
              f"{calls / n:7.1f} calls  {name}  ({where})")
    print("\nMain steps, with what they call (ms per letter, under cProfile):")
    for step in _STEPS:
        found = [v for (path, _l, name), v in ours if name == step]
        if found:
            cumtime = max(v[3] for v in found)
            print(f"  {1000 * cumtime / n:7.2f}  {step}")
    others = sorted(((key, value) for key, value in stats.items() if not _ours(key[0])),
                    key=lambda kv: -kv[1][2])[:12]
    print("\nOutside Papertrail by own time (ms per letter): PyMuPDF, regular expressions, built-ins:")
    for (path, line, name), (_cc, calls, tottime, _cum, _callers) in others:
        where = Path(path).name if path != "~" else ""
        print(f"  {1000 * tottime / n:7.2f} own  {calls / n:7.1f} calls  {name}  {where}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="read only the first N PDFs")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile breakdown")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)  # one run, figures on stdout
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder; give a folder of PDFs", file=sys.stderr)
        return 2
    files = _files(args.folder, args.limit)
    if not files:
        print(f"error: no PDF in {args.folder}", file=sys.stderr)
        return 2
    import pymupdf
    from archive.extractor import extract_job
    pymupdf.TOOLS.mupdf_display_errors(False)     # as in a reading process
    pymupdf.TOOLS.mupdf_display_warnings(False)
    if args.one_run:
        print(json.dumps({"letters": len(files), **one_run(files, extract_job)}))
        return 0
    result = measure(args)
    ms = result["ms_per_letter"]
    print(f"{result['letters']} letters from {args.folder}, best of {result['runs']} runs, CPU ms per letter:")
    print(f"  total {ms['total']:8.2f}\n  MuPDF {ms['mupdf']:8.2f}   (text pages, words, layout dictionary)\n"
          f"  OCR   {ms['ocr']:8.2f}   (rendering and Tesseract, scanned pages only)\n"
          f"  Python{ms['python']:8.2f}   (Papertrail: text, layout lines, letter metadata)")
    if args.json:
        args.json.write_text(json.dumps({"folder": str(args.folder), **result}, indent=1), encoding="utf-8")
    if args.profile:
        _warm_up(extract_job)
        profile(files, extract_job, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
