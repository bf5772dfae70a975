"""Measure ingest as users run it: `main.py ingest FOLDER` as a whole process with its default
options (OCR on, Tesseract used when installed), against Recoll's `recollindex` on the same folder
when Recoll is installed, run after run in the same session (the machine's load hits both).

Usage: python bench/bench_cli_ingest.py [--letters 300] [--corpus DIR] [--runs 3] [--json FILE]
Without --corpus, a synthetic corpus of --letters letters is generated (bench/corpus.py) in a
temporary folder.

Besides the wall-clock time it reports, for Papertrail, the CPU time of the main process and of
its extraction workers, and the peak memory of all its processes together: the largest sum of
their resident sizes (RSS, from /proc, sampled every 50 ms), and the same for their proportional
set sizes (PSS), which count the memory pages processes share (libraries) once between them,
and what the RSS peak was made of (the main process, each reader, each Tesseract).
For Recoll it reports the CPU time too: recollindex runs at nice 19 (its default) and
Papertrail's readers at nice 5, so on a machine busy with other work Recoll's wall-clock time
suffers more; the CPU times compare the work done.
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The command's own process reports its CPU time and peak RSS, and those of its waited-for
# workers, on stderr as it exits (the workers are joined before it ends).
WRAPPER = r"""
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    sys.stderr.write("\nCPU %.3f %.3f %d\n" % (me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, me.ru_maxrss))
"""


def _descendants(root_pid: int) -> list[int]:
    """The process and all its descendants (one pass over /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _rss_kb(pids: list[int]) -> dict[int, int]:
    """Each process's resident size in KB."""
    sizes = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                sizes[pid] = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except OSError:
            pass
    return sizes


def _names(pids) -> dict[int, str]:
    """What each process is: a reader, multiprocessing's resource tracker (both Python), or the
    program a reader runs (Tesseract)."""
    names = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                command = fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
            with open(f"/proc/{pid}/comm") as fh:
                comm = fh.read().strip()
        except OSError:
            names[pid] = "?"
            continue
        if "resource_tracker" in command:
            names[pid] = "resource tracker"
        elif comm.startswith("python"):
            names[pid] = "reader"
        else:
            names[pid] = comm
    return names


def _pss_kb(pids: list[int]) -> int:
    """The processes' proportional set sizes summed: memory pages they share (the libraries every
    reader maps, MuPDF's among them) counted once between them rather than once each as in the
    RSS sum; 0 where the kernel does not report it."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def time_papertrail(corpus: Path, work: Path, root: Path = ROOT) -> dict:
    archive = work / "archive"
    shutil.rmtree(archive, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}   # as users run it
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", WRAPPER, str(root / "main.py"), "--archive", str(archive),
                             "ingest", str(corpus)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=root, env=env, text=True)
    peak = [0, 0]
    parts: dict[str, int] = {}      # the processes making up the RSS peak, by role, in KB

    def sample() -> None:
        # The processes are looked up twice a second (a walk over /proc costs more than the
        # sampling), their memory read every 50 ms.
        pids, looked = [proc.pid], 0.0
        while proc.poll() is None:
            if time.monotonic() - looked > 0.5:
                pids, looked = _descendants(proc.pid), time.monotonic()
            sizes = _rss_kb(pids)
            if sum(sizes.values()) > peak[0]:
                peak[0] = sum(sizes.values())
                names = _names(sizes)
                parts.clear()
                for pid, kb in sorted(sizes.items(), key=lambda item: -item[1]):
                    role = "main" if pid == proc.pid else names[pid]
                    key, n = role, 2
                    while key in parts:
                        key, n = f"{role} {n}", n + 1
                    parts[key] = kb
            peak[1] = max(peak[1], _pss_kb(pids))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = proc.stderr.read()
    proc.wait()
    seconds = time.perf_counter() - t0
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"main.py ingest failed:\n{err[-2000:]}")
    cpu = [line for line in err.splitlines() if line.startswith("CPU ")][-1].split()
    return {"s": seconds, "main_cpu_s": float(cpu[1]), "workers_cpu_s": float(cpu[2]),
            "main_peak_mb": int(cpu[3]) / 1024, "all_peak_mb": peak[0] / 1024, "all_peak_pss_mb": peak[1] / 1024,
            "peak_parts_mb": {k: round(v / 1024) for k, v in parts.items()}}


def time_recoll(corpus: Path, work: Path) -> tuple[float, float] | None:
    """Wall-clock and CPU seconds (recollindex and its filters) of indexing the folder afresh."""
    if not shutil.which("recollindex"):
        return None
    conf = work / "recoll"
    shutil.rmtree(conf, ignore_errors=True)
    conf.mkdir(parents=True)
    (conf / "recoll.conf").write_text(f"topdirs = {corpus}\nloglevel = 1\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(["recollindex", "-c", str(conf)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=int, default=300)
    ap.add_argument("--corpus", type=Path, help="a folder of PDFs to ingest instead of a generated corpus")
    ap.add_argument("--runs", type=int, default=3, help="runs of each (the median is reported)")
    ap.add_argument("--work", type=Path, help="folder for the archives built (default: a temporary one)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--papertrail", type=Path, default=ROOT, metavar="DIR",
                    help="the Papertrail checkout to run (default: this one), e.g. an older version to compare")
    ap.add_argument("--no-recoll", action="store_true", help="time Papertrail only")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="move the last archive built to DIR (new folder)")
    ap.add_argument("--keep-recoll", type=Path, metavar="DIR",
                    help="move the last Recoll configuration and index built to DIR (new folder), for "
                         "bench/bench_archive.py --recoll-conf")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="papertrail-cli-ingest-", dir=args.work) as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            from bench.corpus import generate_corpus
            corpus = work / "corpus"
            generate_corpus(corpus, args.letters)
        letters = len(list(corpus.rglob("*.pdf")))
        ours, theirs, theirs_cpu = [], [], []
        for _ in range(args.runs):
            ours.append(time_papertrail(corpus, work, args.papertrail))
            if not args.no_recoll and (t := time_recoll(corpus, work)) is not None:
                theirs.append(t[0])
                theirs_cpu.append(t[1])
            print(f"papertrail {ours[-1]['s']:.2f} s (peak {ours[-1]['all_peak_mb']:.0f} MB in all), "
                  f"recollindex {theirs[-1] if theirs else float('nan'):.2f} s", file=sys.stderr, flush=True)
        if args.keep:
            shutil.move(str(work / "archive"), str(args.keep))
        if args.keep_recoll and (work / "recoll").exists():
            shutil.move(str(work / "recoll"), str(args.keep_recoll))
        med = lambda key: statistics.median(r[key] for r in ours)  # noqa: E731
        result = {"letters": letters, "papertrail_s": round(med("s"), 2),
                  "papertrail_letters_per_s": round(letters / med("s"), 1),
                  "runs": [round(r["s"], 2) for r in ours],
                  "main_cpu_s": round(med("main_cpu_s"), 2), "workers_cpu_s": round(med("workers_cpu_s"), 2),
                  "main_peak_mb": round(med("main_peak_mb")), "all_processes_peak_mb": round(med("all_peak_mb")),
                  "all_processes_peak_pss_mb": round(med("all_peak_pss_mb")),
                  # what the last run's RSS peak was made of
                  "all_processes_peak_parts_mb": ours[-1]["peak_parts_mb"],
                  "load": round(os.getloadavg()[0], 2)}
        if theirs:
            result.update(recollindex_s=round(statistics.median(theirs), 2),
                          recollindex_cpu_s=round(statistics.median(theirs_cpu), 2),
                          recoll_runs=[round(t, 2) for t in theirs],
                          ratio_vs_recoll=round(statistics.median(theirs) / med("s"), 2))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
