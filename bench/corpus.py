"""Generate a deterministic corpus of realistic synthetic letters (PDF) for benchmarks.

Usage: python bench/corpus.py OUT_DIR --letters 2000 [--seed 1] [--processes 2] [--real-text]

--real-text mixes real-language text into the letters and adds the letters of ../shared/letters
(see bench/corpus_real.py), so the vocabulary is not the phrasebooks' alone.
"""

from __future__ import annotations

import argparse
import dataclasses
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
from bench.corpus_real import SHARED_LETTERS, copy_shared_letters, real_paragraphs, sentence_pool  # noqa: E402


def _write_one(job: tuple[int, int, str, Path | None]) -> dict:
    index, seed, out_dir, shared = job
    letter, style, meta = make_letter(index, seed)
    if shared is not None:
        extra = real_paragraphs(index, seed, letter.language, sentence_pool(shared))
        if extra:
            # After the opening paragraph, before the closing one: where a letter's argument runs.
            at = max(1, len(letter.paragraphs) - 1)
            letter = dataclasses.replace(letter, paragraphs=letter.paragraphs[:at] + extra + letter.paragraphs[at:])
            meta["real_text_paragraphs"] = len(extra)
    name = f"letter_{index + 1:05d}.pdf"
    data = render_letter(letter, Path(out_dir) / name, style=style)
    with pymupdf.open("pdf", data) as doc:
        meta["pages"] = doc.page_count
    return {"file": name, **meta}


def generate_corpus(out_dir: Path, n: int, seed: int = 1, processes: int | None = None,
                    real_text: bool = False, shared: Path = SHARED_LETTERS) -> list[Path]:
    """Write n synthetic letters to out_dir (plus manifest.json describing them); return the PDF paths.
    With real_text, real-language paragraphs are mixed into the letters and the letters of the
    `shared` folder (when there) are copied into out_dir/shared-letters; they are not among the
    paths returned."""
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"the number of letters must be a whole number of 0 or more, got {n!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(index, seed, str(out_dir), Path(shared) if real_text else None) for index in range(n)]
    if processes is None:
        processes = 2 if n >= 200 else 1
    if processes > 1:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            entries = pool.map(_write_one, jobs, chunksize=50)
    else:
        entries = [_write_one(job) for job in jobs]
    manifest = {"seed": seed, "letters": entries}
    if real_text:
        pool = sentence_pool(Path(shared))
        manifest["real_text"] = {"sentences": {lang: len(found) for lang, found in pool.items()},
                                 "shared_letters": [p.name for p in copy_shared_letters(out_dir, Path(shared))]}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return [out_dir / entry["file"] for entry in entries]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate synthetic letters (PDF) for benchmarks.")
    parser.add_argument("out_dir", type=Path, help="folder to write letter_NNNNN.pdf and manifest.json into")
    parser.add_argument("--letters", type=int, default=2000, help="how many letters (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="seed; the same seed gives the same corpus")
    parser.add_argument("--processes", type=int, default=None, help="worker processes (default: 2 for large runs)")
    parser.add_argument("--real-text", action="store_true",
                        help="mix real-language text into the letters and add ../shared/letters")
    args = parser.parse_args(argv)
    if args.letters < 0:
        parser.error("--letters must be 0 or more")
    started = time.perf_counter()
    paths = generate_corpus(args.out_dir, args.letters, seed=args.seed, processes=args.processes,
                            real_text=args.real_text)
    elapsed = time.perf_counter() - started
    entries = json.loads((args.out_dir / "manifest.json").read_text(encoding="utf-8"))["letters"]
    pages = [entry["pages"] for entry in entries]
    spread = ", ".join(f"{p} page{'s' if p > 1 else ''}: {pages.count(p)}" for p in sorted(set(pages)))
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} letters ({sum(pages)} pages; {spread}) to {args.out_dir} "
          f"in {elapsed:.1f} s ({size / 1e6:.1f} MB)")
    shared = json.loads((args.out_dir / "manifest.json").read_text(encoding="utf-8")).get("real_text")
    if shared is not None:
        print(f"with real text mixed in, and {len(shared['shared_letters'])} shared letters in "
              f"{args.out_dir / 'shared-letters'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
