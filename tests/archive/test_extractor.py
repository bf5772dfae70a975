from archive.extractor import ExtractorPool, Job
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


def test_hung_file_times_out_and_the_rest_go_on(tmp_path):
    big = make_pdf(tmp_path / "big.pdf", ["A page of text. " * 200] * 1).read_bytes()
    small = make_pdf(tmp_path / "s.pdf", ["short"]).read_bytes()
    with ExtractorPool(workers=1, ocr=False, timeout=0.001) as pool:
        # Every file "hangs" with a 1 ms limit; each must fail alone with the reason.
        out = {job.key: r for job, r in pool.run([Job("big", big, "big.pdf"), Job("s", small, "s.pdf")])}
    assert set(out) == {"big", "s"}
    assert all(r["error"].startswith("timed out") for r in out.values())
