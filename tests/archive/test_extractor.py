import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest

from archive.extractor import ExtractorPool, Job, _Trimmer
from archive.pdftext import tesseract_available
from tests.conftest import make_pdf


def test_pool_survives_a_worker_dying_mid_run(tmp_path):
    data = make_pdf(tmp_path / "a.pdf", ["A letter about oversight"]).read_bytes()
    results = []
    with ExtractorPool(workers=1, ocr=False) as pool:
        for job, result in pool.run(Job(i, data, f"{i}.pdf") for i in range(12)):
            results.append((job.key, result["ok"]))
            if job.key in (2, 7):
                pool.slots[0].proc.kill()     # as a crash in MuPDF would
    assert sorted(results) == [(i, True) for i in range(12)]


def test_results_leave_out_the_page_lines_when_the_caller_does_not_need_them(tmp_path):
    data = make_pdf(tmp_path / "a.pdf", ["Dear Ms Rivera,\n\nA letter about oversight.\n\nYours sincerely,\nAna Costa"]).read_bytes()
    with ExtractorPool(workers=1, ocr=False) as pool:
        kept = [r for _, r in pool.run([Job(0, data, "a.pdf")])][0]
    with ExtractorPool(workers=1, ocr=False, layout=False) as pool:
        lean = [r for _, r in pool.run([Job(0, data, "a.pdf")])][0]
        pool.slots[0].proc.kill()           # a replaced reader leaves them out too
        again = [r for _, r in pool.run([Job(1, data, "a.pdf")])][0]
    assert kept["layout"] and "layout" not in lean and "layout" not in again
    assert lean["meta"] == kept["meta"] and lean["pages"] == kept["pages"]


def test_the_pool_says_how_many_files_its_readers_still_hold_once_all_are_handed_out(tmp_path):
    data = make_pdf(tmp_path / "a.pdf", ["A letter about oversight"]).read_bytes()
    seen = []
    with ExtractorPool(workers=2, ocr=False) as pool:
        assert pool.remaining() is None
        for _job, result in pool.run(Job(i, data, f"{i}.pdf") for i in range(6)):
            seen.append(pool.remaining())
    assert seen == [5, 4, 3, 2, 1, 0]      # the six fit the readers' queues at once


def test_hung_file_times_out_and_the_rest_go_on(tmp_path):
    big = make_pdf(tmp_path / "big.pdf", ["A page of text. " * 200] * 1).read_bytes()
    small = make_pdf(tmp_path / "s.pdf", ["short"]).read_bytes()
    with ExtractorPool(workers=1, ocr=False, timeout=0.001) as pool:
        # Every file "hangs" with a 1 ms limit; each must fail alone with the reason.
        out = {job.key: r for job, r in pool.run([Job("big", big, "big.pdf"), Job("s", small, "s.pdf")])}
    assert set(out) == {"big", "s"}
    assert all(r["error"].startswith("timed out") for r in out.values())


_AFTER_OCR = r"""
import json, sys
import pymupdf
from archive import extractor, formats, pdftext   # loaded first, as a reader does
from archive.letter import meta
trimmer = extractor._Trimmer()
data = open(sys.argv[1], "rb").read()
result = extractor.extract_job(data, "scan.pdf", None, True)
before = extractor._resident()
if sys.argv[2] == "trim":
    trimmer.after_job()
print(json.dumps({"ocr": [p["source"] for p in result["pages"]], "before": before,
                  "after": extractor._resident(), "baseline": trimmer.baseline}))
"""


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc to read memory")
def test_a_reader_gives_back_the_memory_an_ocred_page_took(tmp_path):
    # A 300 dpi page image and the PDF Tesseract sends back take tens of MB, which MuPDF's store
    # and C's allocator would keep for the rest of an ingest.
    src = make_pdf(tmp_path / "t.pdf", ["Veridian Signals\n\nWe commit to independent oversight."], fontsize=18)
    pix = pymupdf.open(src)[0].get_pixmap(dpi=200)
    doc = pymupdf.open()
    doc.new_page().insert_image(doc[0].rect, pixmap=pix)
    doc.save(tmp_path / "scan.pdf")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    got = {}
    for mode in ("keep", "trim"):
        out = subprocess.run([sys.executable, "-c", _AFTER_OCR, str(tmp_path / "scan.pdf"), mode], env=env,
                             capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], check=True)
        got[mode] = json.loads(out.stdout.splitlines()[-1])
    assert got["trim"]["ocr"] == ["ocr"]
    mb = 1024 * 1024
    # The reader gives back what the page took before Tesseract starts (a reader that kept it
    # measured 38 MB more), so it stays near its size before even without the trimmer's pass.
    assert got["keep"]["after"] < got["keep"]["baseline"] + _Trimmer.SLACK
    assert got["trim"]["after"] <= got["keep"]["after"] + 2 * mb
    assert got["trim"]["after"] < got["trim"]["baseline"] + _Trimmer.SLACK


def _reader_with_a_child(pid_file: str) -> None:
    """What a reader OCRing a page looks like: the leader of its own process group, waiting for
    a program it started."""
    from archive.extractor import _own_process_group
    _own_process_group()
    child = subprocess.Popen(["sleep", "60"])
    Path(pid_file).write_text(str(child.pid))
    child.wait()


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_a_reader_stopped_at_its_deadline_takes_its_tesseract_with_it(tmp_path):
    import multiprocessing
    import time
    from archive.extractor import _kill_reader
    pid_file = tmp_path / "child.pid"
    proc = multiprocessing.get_context("spawn").Process(target=_reader_with_a_child, args=(str(pid_file),))
    proc.start()
    deadline = time.monotonic() + 20
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the reader did not start its child"
        time.sleep(0.05)
    child = int(pid_file.read_text())
    _kill_reader(proc)
    proc.join(5)

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)


_FORKED_POOL = """
import json, os, sys, threading, time
sys.path.insert(0, sys.argv[1])
from archive.extractor import ExtractorPool, Job

if __name__ == "__main__":
    if sys.argv[3] == "thread":
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
    data = open(sys.argv[2], "rb").read()
    pool = ExtractorPool(workers=2, ocr=False, fork=True)
    titles = [r["meta"].title for _, r in pool.run(Job(i, data, "a.pdf") for i in range(4))]
    print(json.dumps({"pids": [s.proc.pid for s in pool.slots], "titles": titles,
                      "how": [type(s.proc._popen).__module__ for s in pool.slots]}), flush=True)
    os._exit(0)     # dies without a word to its readers, as a killed ingest would
"""


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return "\\nState:\\tZ" in "\\n" + fh.read()
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="readers are forked on Linux only")
def test_forked_readers_read_as_spawned_ones_and_end_with_the_process_that_started_them(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", ["Dear Ms Rivera,\n\nA letter about oversight.\n\nYours sincerely,\nAna Costa"])
    root = str(Path(__file__).resolve().parents[2])
    script = tmp_path / "pool.py"
    script.write_text(_FORKED_POOL)
    with ExtractorPool(workers=1, ocr=False) as pool:
        spawned = [r["meta"].title for _, r in pool.run([Job(0, pdf.read_bytes(), "a.pdf")])]
    done = subprocess.run([sys.executable, str(script), root, str(pdf), "alone"], capture_output=True,
                          text=True, timeout=60)
    got = json.loads(done.stdout)
    assert got["how"] == ["multiprocessing.popen_fork"] * 2
    assert got["titles"] == spawned * 4
    # Each reader closed the pipe ends it was copied with, so each sees its own pipe end.
    deadline = time.monotonic() + 15
    while not all(_gone(pid) for pid in got["pids"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(pid) for pid in got["pids"])


def test_readers_are_started_afresh_beside_other_threads(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", ["A letter about oversight"])
    root = str(Path(__file__).resolve().parents[2])
    script = tmp_path / "pool.py"
    script.write_text(_FORKED_POOL)
    done = subprocess.run([sys.executable, str(script), root, str(pdf), "thread"], capture_output=True,
                          text=True, timeout=60)
    assert json.loads(done.stdout)["how"] == ["multiprocessing.popen_spawn_posix"] * 2
