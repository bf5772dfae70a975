"""Crash safety: SIGKILL during ingest and tagging, and a missing, corrupt or stale search index."""
import json
import os
import random
import shutil
import subprocess
import sys
import time

import pytest

from app.check import check
from app.ingest import ingest
from app.passages import tag
from app.search import search
from archive import Archive
from tests.conftest import LETTER, ROOT, make_pdf

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL of child processes")

SEED = int(os.environ.get("PAPERTRAIL_CRASH_SEED", "20240611"))


def _letters(folder, n: int, start: int = 0) -> list:
    """n distinct two-page letters."""
    paths = []
    for i in range(start, start + n):
        body = LETTER.replace("27 April 2021", f"{1 + i % 28} May {2000 + i % 20}").replace(
            "Sincerely", f"Reference PT-{i:05d}. Sincerely")
        paths.append(make_pdf(folder / f"letter-{i:04d}.pdf", [body, f"Annex {i}: list of products and sales."]))
    return paths


def _state(path) -> tuple[set[str], set[str], list[dict]]:
    """Open as the app does (automatic index repair), then check; (documents, passages, problems)."""
    with Archive.open(path) as archive:
        archive.quick_index_repair()
        problems = check(archive)
        docs = {r[0] for r in archive.db.execute("SELECT id FROM documents")}
        passages = {r[0] for r in archive.db.execute("SELECT id FROM passages")}
    return docs, passages, problems


def _size_mb(path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 ** 2


def _main(*args, **kw):
    return subprocess.Popen([sys.executable, "main.py", *map(str, args)], cwd=ROOT, **kw)


def test_killing_ingest_at_random_moments_loses_nothing_committed(tmp_path):
    rnd = random.Random(SEED)
    folder = tmp_path / "in"
    files = _letters(folder, 200)
    arch = tmp_path / "a"
    known: set[str] = set()
    tried = survived = 0
    budget = time.monotonic() + 20
    pace = 1.0      # how much of the 0.5-2 s delay before a kill: less once a run ended before it
    while time.monotonic() < budget and tried < 8:
        proc = _main("--archive", arch, "ingest", "--no-ocr", folder,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(pace * rnd.uniform(0.5, 2.0))
        if proc.poll() is not None:
            proc.communicate()
            # Everything is in before the kill (a fast machine): give the next run more to do, and
            # kill it sooner.
            files += _letters(folder, 100, start=len(files))
            pace = max(0.2, pace * 0.6)
            continue
        proc.kill()
        proc.communicate()
        tried += 1
        docs, _, problems = _state(arch)
        assert problems == [], problems
        assert known <= docs, "a document committed before the kill was lost"
        known = docs
        survived += 1
    proc = _main("--archive", arch, "ingest", "--no-ocr", "--json", folder,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    report = json.loads(out)
    docs, _, problems = _state(arch)
    assert problems == [] and len(docs) == len(files) and known <= docs
    assert len(report["added"]) + len(report["duplicates"]) == len(files)
    print(f"\ningest: survived {survived} of {tried} kills; archive {len(docs)} documents, "
          f"{_size_mb(arch):.1f} MB")
    assert tried >= 3


TAGGER = r"""
import sys
from archive import Archive
from app.passages import tag
archive = Archive.open(sys.argv[1])
docs = [r[0] for r in archive.db.execute("SELECT id FROM documents ORDER BY id")]
i = 0
while True:
    doc = docs[i % len(docs)]
    p = tag(archive, doc, "publish a human rights impact assessment", "commitment",
            by="Veridian Signals Ltd", threads=[f"thread {i % 7}"], note=f"note {i}")
    print(p["id"], flush=True)
    i += 1
"""


def test_killing_tagging_at_random_moments_keeps_every_returned_passage(tmp_path):
    rnd = random.Random(SEED + 1)
    arch = tmp_path / "a"
    with Archive.open(arch) as archive:
        ingest(archive, _letters(tmp_path / "in", 12), ocr=False)
        doc_ids = [r[0] for r in archive.db.execute("SELECT id FROM documents")]
    returned: set[str] = set()
    tried = survived = 0
    # A loop of `tag` commands, some killed while running.
    for n in range(10):
        proc = _main("--archive", arch, "tag", doc_ids[n % len(doc_ids)][:10], "--quote",
                     "publish a human rights impact assessment", "--kind", "commitment", "--json",
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if n % 2:
            time.sleep(rnd.uniform(0.3, 1.2))
            proc.kill()
            tried += 1
        out, err = proc.communicate()
        if proc.returncode == 0:
            returned.add(json.loads(out)["id"])
        else:
            assert n % 2 and proc.returncode < 0, err      # only killed commands may fail
        if n % 2:
            _, passages, problems = _state(arch)
            assert problems == [] and returned <= passages
            survived += 1
    assert len(returned) >= 5
    # A process tagging as fast as it can, killed at random moments.
    for _ in range(7):
        proc = subprocess.Popen([sys.executable, "-c", TAGGER, str(arch)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(rnd.uniform(1.0, 2.5))
        proc.kill()
        out, err = proc.communicate()
        assert "Traceback" not in err, err
        returned |= set(out.split())
        tried += 1
        _, passages, problems = _state(arch)
        assert problems == [], problems
        assert returned <= passages, "a passage whose tag returned was lost"
        survived += 1
    with Archive.open(arch) as archive:
        archive.quick_index_repair()
        hits = search(archive, "kind:commitment", limit=0)
        assert {h.passage_id for h in hits.hits} >= returned
    print(f"\ntagging: survived {survived} of {tried} kills; {len(returned)} passages returned, all present; "
          f"archive {_size_mb(arch):.1f} MB")


@pytest.fixture
def indexed(tmp_path):
    archive = Archive.open(tmp_path / "a")
    ingest(archive, _letters(tmp_path / "in", 5), ocr=False)
    tag(archive, archive.db.execute("SELECT id FROM documents").fetchone()[0],
        "publish a human rights impact assessment", "commitment", threads=["HRIA"])
    path = archive.path
    archive.close()
    return path


def _search_cli(path, query):
    out = subprocess.run([sys.executable, "main.py", "--archive", str(path), "search", query, "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["total"]


def test_deleted_index_is_rebuilt_on_open(indexed):
    shutil.rmtree(indexed / "index")
    assert _search_cli(indexed, "PT-00003") == 1
    assert _search_cli(indexed, "thread:HRIA") == 1
    assert _state(indexed)[2] == []


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete-one"])
def test_corrupt_index_is_rebuilt_on_open(indexed, damage):
    files = sorted(p for p in (indexed / "index").iterdir() if p.is_file() and not p.name.endswith(".lock"))
    assert files
    for p in files:
        if damage == "truncate":
            p.write_bytes(p.read_bytes()[:7])
        elif damage == "garbage":
            p.write_bytes(os.urandom(max(64, p.stat().st_size)))
    if damage == "delete-one":
        next(p for p in files if p.suffix == ".toc").unlink()
    seen = []
    with Archive.open(indexed) as archive:
        assert archive.index_problems(), "the damage is noticed"
        assert archive.quick_index_repair(progress=lambda d, t: seen.append((d, t))) == 5
        assert seen[-1] == (5, 5)
        assert search(archive, "impact").total == 5
        assert check(archive) == []


def test_stale_index_is_reported_by_check_and_fixed_by_reindex(indexed):
    # As after a crash between a metadata edit's commit and its index update.
    with Archive.open(indexed) as archive:
        with archive.transaction():
            archive.db.execute("UPDATE documents SET title = 'Renamed', revision = revision + 1 "
                               "WHERE id = (SELECT MIN(id) FROM documents)")
    run = [sys.executable, "main.py", "--archive", str(indexed)]
    out = subprocess.run(run + ["check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "out of date in the search index" in out.stdout
    out = subprocess.run(run + ["reindex"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "reindexed 5 document(s)" in out.stdout
    out = subprocess.run(run + ["check"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout


def test_staged_original_of_a_committed_document_is_published_on_open(tmp_path):
    # A crash after the database commit but before the original was moved into place.
    archive = Archive.open(tmp_path / "a")
    ingest(archive, _letters(tmp_path / "in", 1), ocr=False)
    doc_id = archive.db.execute("SELECT id FROM documents").fetchone()[0]
    final = archive.store.path_for(doc_id)
    os.chmod(final, 0o644)
    final.rename(archive.store.staged_path(doc_id))
    archive.close()
    docs, _, problems = _state(tmp_path / "a")
    assert problems == [] and final.exists()
    # A staged file of an uncommitted document is invisible to check and dropped once stale.
    with Archive.open(tmp_path / "a") as archive:
        archive.store.stage("ab" * 32, b"%PDF-1.4 never committed")
        assert check(archive) == []
        staged = archive.store.staged_path("ab" * 32)
        assert archive.recover_files() == (0, 0) and staged.exists(), "this process's own work is kept"
        # ... but dropped once the process that staged it is gone,
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout.strip()
        orphan = staged.with_name(f".staged-{'ab' * 32}.~pid{dead}-0000")
        staged.rename(orphan)
        assert archive.recover_files() == (0, 1) and not orphan.exists()
        # ... or, named as an older Papertrail named it (no owner), once stale.
        archive.store.stage("cd" * 32, b"%PDF-1.4 never committed")
        unnamed = archive.store.root / "cd" / f".staged-{'cd' * 32}"
        archive.store.staged_path("cd" * 32).rename(unnamed)
        assert archive.recover_files() == (0, 0) and unnamed.exists()
        old = time.time() - 2 * 3600
        os.utime(unnamed, (old, old))
        assert archive.recover_files() == (0, 1) and not unnamed.exists()
