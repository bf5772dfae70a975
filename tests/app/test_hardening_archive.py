"""Holes found by attacking an archive: bad bytes in the database, missing originals, a damaged
database, restore bombs, leftovers of killed commands, kills during ingest, reindex during ingest."""
import json
import os
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from app.backup import create_backup, restore_backup
from app.bundle import import_bundle
from app.check import check
from app.cli import main
from app.ingest import ingest
from app.search import search
from archive import DB_NAME, Archive
from tests.conftest import LETTER, PEAK_MB, ROOT, make_pdf


@pytest.fixture
def filled(tmp_path):
    a = Archive.open(tmp_path / "archive")
    files = [make_pdf(tmp_path / "in" / f"l{i}.pdf", [LETTER.replace("2021", str(2000 + i)), f"Annex {i}"])
             for i in range(3)]
    report = ingest(a, files, ocr=False)
    ids = [r["id"] for r in report.added]
    yield a, ids, files
    a.close()


def _run(*args, **kw):
    return subprocess.run([sys.executable, "main.py", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, **kw)


# -- one invalid UTF-8 byte ------------------------------------------------------------------------

def _plant_bad_byte(path, doc_id):
    conn = sqlite3.connect(str(path / DB_NAME))
    conn.execute("UPDATE pages SET text = CAST(X'4465617220ff4d73' AS TEXT) WHERE doc_id = ? AND page = 1",
                 [doc_id])
    conn.commit()
    conn.close()


def test_an_invalid_utf8_byte_is_reported_and_every_command_still_works(filled, tmp_path):
    a, ids, files = filled
    path = a.path
    a.close()
    _plant_bad_byte(path, ids[0])
    got = _run("--archive", path, "check", "--json")
    problems = json.loads(got.stdout)["problems"]
    assert got.returncode == 1 and [p["kind"] for p in problems] == ["bad-text"], got
    assert ids[0][:12] in problems[0]["message"] and "reextract" in problems[0]["fix"]
    got = _run("--archive", path, "reindex")
    assert got.returncode == 0 and "Traceback" not in got.stderr, got.stderr
    for args in (["search", "Annex"], ["show", ids[0][:8]], ["docs"], ["edit", ids[0][:8], "--title", "Fixed"],
                 ["tag", ids[1][:8], "--quote", "no such assessment has been published", "--kind", "claim"],
                 ["backup", "--output", tmp_path / "b.zip"], ["export-bundle", "--all", "--output", tmp_path / "s.zip"],
                 ["ingest", "--no-ocr", files[1]], ["reextract", ids[0][:8]]):
        got = _run("--archive", path, *args)
        assert got.returncode == 0 and "Traceback" not in got.stderr, (args, got.stderr)
    assert _run("--archive", path, "check").returncode == 0, "reextract repaired the page"


def test_reindex_that_fails_leaves_the_old_index_in_place(filled, monkeypatch):
    a, ids, _ = filled
    before = search(a, "Annex").total

    def boom(*_args, **_kw):
        raise RuntimeError("disk gone")
    monkeypatch.setattr(type(a), "_index_pages", boom)
    with pytest.raises(RuntimeError):
        a.rebuild_index()
    monkeypatch.undo()
    assert search(a, "Annex").total == before == 3
    assert sorted(p.name for p in a.path.iterdir() if p.name.startswith("index")) == ["index"]
    assert check(a) == []


# -- a missing or damaged original -----------------------------------------------------------------

def _lose(archive, doc_id, how: str) -> None:
    path = archive.store.path_for(doc_id)
    os.chmod(path, 0o644)
    if how == "missing":
        path.unlink()
    else:
        path.write_bytes(path.read_bytes()[:-10] + b"garbage!!!")


@pytest.mark.parametrize("how", ["missing", "damaged"])
def test_re_adding_the_file_puts_a_missing_or_damaged_original_back(filled, how):
    a, ids, files = filled
    _lose(a, ids[1], how)
    assert [p["kind"] for p in check(a)] == ["missing-file" if how == "missing" else "changed-file"]
    report = ingest(a, [files[1]], ocr=False)
    assert report.restored == [{"id": ids[1], "file": str(files[1])}] and not report.added
    assert check(a) == [] and a.store.verify(ids[1])
    again = ingest(a, [files[1]], ocr=False)
    assert again.restored == [] and [d["id"] for d in again.duplicates] == [ids[1]]


def test_cli_ingest_says_the_original_was_restored(filled):
    a, ids, files = filled
    _lose(a, ids[0], "missing")
    got = _run("--archive", a.path, "ingest", "--no-ocr", files[0])
    assert got.returncode == 0 and f"restored   {ids[0][:12]}" in got.stdout, got
    assert "1 original(s) restored" in got.stdout


def test_backup_with_a_missing_original_backs_up_the_rest_and_names_it(filled, tmp_path):
    a, ids, _ = filled
    _lose(a, ids[2], "missing")
    _lose(a, ids[0], "damaged")
    info = create_backup(a, tmp_path / "b.zip")
    assert sorted((m["id"], m["problem"]) for m in info["missing_originals"]) == \
        sorted([(ids[2], "missing"), (ids[0], "damaged")])
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        stored = {n for n in zf.namelist() if n.startswith("files/")}
    assert stored == {f"files/{ids[1][:2]}/{ids[1]}.pdf"}
    restored = restore_backup(tmp_path / "b.zip", tmp_path / "back")
    assert restored["documents"] == 3 and restored["missing_originals"] == sorted([ids[0], ids[2]])
    got = _run("--archive", a.path, "backup", "--output", tmp_path / "c.zip")
    assert got.returncode == 1 and "Traceback" not in got.stderr
    assert f"not backed up: the original of document {ids[2][:12]}" in got.stdout
    assert "is missing; re-add the PDF" in got.stdout and "is damaged" in got.stdout


# -- a damaged database ----------------------------------------------------------------------------

def _damage_an_index(path) -> None:
    conn = sqlite3.connect(str(path / DB_NAME))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'documents_date'").fetchone()[0]
    conn.close()
    with open(path / DB_NAME, "r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff" * 64)


def test_backup_of_a_damaged_database_refuses_and_recover_makes_a_new_archive(filled, tmp_path):
    a, ids, _ = filled
    path = a.path
    a.close()
    _damage_an_index(path)
    got = _run("--archive", path, "backup", "--output", tmp_path / "b.zip")
    assert got.returncode == 1 and "Traceback" not in got.stderr, got.stderr
    assert "database is damaged" in got.stderr and "recover" in got.stderr
    assert not (tmp_path / "b.zip").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no snapshot is left"
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    got = _run("--archive", path, "recover", tmp_path / "busy")
    assert got.returncode == 2 and got.stderr.startswith("error: ") and "not empty" in got.stderr
    assert _run("--archive", tmp_path / "nowhere", "recover", tmp_path / "new").returncode == 2
    got = _run("--archive", path, "recover", tmp_path / "new", "--json")
    assert got.returncode == 0, got.stdout + got.stderr
    info = json.loads(got.stdout)
    assert info["documents"] == 3 and info["missing_originals"] == [] and info["problems"] == []
    with Archive.open(tmp_path / "new") as new:
        assert check(new) == [] and search(new, "Annex").total == 3
        create_backup(new, tmp_path / "b.zip")


# -- restoring: zip bombs and a symlinked folder ---------------------------------------------------

def test_restore_refuses_a_bomb_without_reading_it(filled, tmp_path):
    a, ids, _ = filled
    good = tmp_path / "b.zip"
    create_backup(a, good)
    bomb = tmp_path / "bomb.zip"
    name = f"files/{ids[0][:2]}/{ids[0]}.pdf"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED,
                                                        compresslevel=1) as dst:
        for n in src.namelist():
            if n != name:
                dst.writestr(n, src.read(n))
        with dst.open(name, "w", force_zip64=True) as fh:
            for _ in range(300):
                fh.write(b"\0" * (1 << 20))
    script = (PEAK_MB + "import sys\nfrom app.backup import restore_backup\nfrom archive.errors import BadInput\n"
              "try:\n    restore_backup(sys.argv[1], sys.argv[2])\nexcept BadInput as exc:\n    print(exc)\n"
              "print(int(peak_mb()))\n")
    got = subprocess.run([sys.executable, "-c", script, bomb, tmp_path / "t"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    message, rss_mb = got.stdout.strip().splitlines()
    assert "zip bomb" in message and "nothing was restored" in message, got
    assert int(rss_mb) < 400 and not (tmp_path / "t").exists()


def test_restore_into_a_symlinked_empty_folder(filled, tmp_path):
    a, _, _ = filled
    create_backup(a, tmp_path / "b.zip")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    info = restore_backup(tmp_path / "b.zip", tmp_path / "link")
    assert info["documents"] == 3
    assert (tmp_path / "link").is_symlink() and (tmp_path / "real" / DB_NAME).is_file()
    with Archive.open(tmp_path / "link") as b:
        assert check(b) == []


# -- SIGKILL during ingest -------------------------------------------------------------------------

_COUNTING_INGEST = """
import os, sys
from app.ingest import ingest
from archive import Archive
if __name__ == "__main__":
    fd = os.open(sys.argv[3], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    with Archive.open(sys.argv[1]) as a:
        ingest(a, [sys.argv[2]], ocr=False, workers=2,
               progress=lambda done, total, name: os.write(fd, f"{done}\\n".encode()))
"""


def test_after_a_kill_during_ingest_check_passes_and_every_counted_letter_is_in(tmp_path):
    import random
    import time
    folder = tmp_path / "in"
    for i in range(160):
        make_pdf(folder / f"l{i:03d}.pdf", [LETTER.replace("Sincerely", f"Reference K-{i:04d}. Sincerely")])
    rnd = random.Random(1414)
    arch = tmp_path / "a"
    for attempt in range(4):
        counts = tmp_path / f"counts-{attempt}"
        proc = subprocess.Popen([sys.executable, "-c", _COUNTING_INGEST, arch, folder, counts], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(1.5, 3.5))
        proc.kill()
        proc.wait()
        lines = counts.read_text().split() if counts.exists() else []
        counted = int(lines[-1]) if lines else 0
        got = _run("--archive", arch, "check")
        assert got.returncode == 0 and got.stdout.startswith("ok"), got.stdout + got.stderr
        with Archive.open(arch) as a:
            docs = a.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        # From the second run on, the files already in are counted too (as duplicates).
        assert docs >= counted, f"run {attempt}: {counted} letters counted, {docs} in the archive"


# -- leftovers of killed backups, restores and imports ---------------------------------------------

def _kill_when(proc, appears, timeout=60.0) -> bool:
    """SIGKILL proc as soon as appears() is true; False when it finished first."""
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if appears():
            proc.kill()
            proc.wait()
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    proc.kill()
    proc.wait()
    return False


@pytest.fixture
def heavy(tmp_path):
    """An archive whose originals are large enough (30 x 1 MB) for a kill to land mid-way."""
    import pymupdf
    folder = tmp_path / "heavy-in"
    folder.mkdir()
    for i in range(30):
        doc = pymupdf.open()
        doc.new_page().insert_text((72, 72), f"Letter {i} about the annex of products")
        doc.embfile_add("annex.bin", os.urandom(1024 ** 2))
        doc.save(folder / f"h{i:02d}.pdf")
        doc.close()
    with Archive.open(tmp_path / "heavy") as a:
        ingest(a, [folder], ocr=False)
    return tmp_path / "heavy"


def _popen(*args):
    return subprocess.Popen([sys.executable, "main.py", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_leftovers_of_killed_backups_restores_and_imports_are_cleaned(heavy, tmp_path):
    backups = heavy / "backups"
    # A backup killed while its snapshot and half-written zip exist.
    _run("--archive", heavy, "backup")
    killed = _kill_when(_popen("--archive", heavy, "backup"),
                        lambda: any(p.name.startswith(".") for p in backups.iterdir()))
    assert killed, "the backup finished before it could be killed"
    assert any(p.name.startswith(".") for p in backups.iterdir())
    Archive.open(heavy).close()
    assert [p.name for p in backups.iterdir() if p.name.startswith(".")] == []
    assert len(list(backups.glob("auto-*.zip"))) == 1, "the complete backup is kept"
    # A restore killed while its work folder exists; the next restore there cleans it up.
    zip_ = next(backups.glob("auto-*.zip"))
    target = tmp_path / "restored"
    killed = _kill_when(_popen("restore", zip_, "--archive", target),
                        lambda: any(p.name.startswith(".restored.restoring-") for p in tmp_path.iterdir()))
    assert killed
    assert restore_backup(zip_, target)["documents"] == 30
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".restored")] == []
    # An import killed while originals are staged.
    bundle = tmp_path / "all.zip"
    assert _run("--archive", heavy, "export-bundle", "--all", "--output", bundle).returncode == 0
    bob = tmp_path / "bob"
    Archive.open(bob).close()
    killed = _kill_when(_popen("--archive", bob, "import-bundle", bundle),
                        lambda: len(list((bob / "files").glob("??/.staged-*"))) >= 3)
    assert killed
    with Archive.open(bob) as b:
        assert not list(b.store.root.glob("??/.*")), "staged files of the killed import are gone"
        assert check(b) == []
        assert len(import_bundle(b, bundle)["documents_added"]) == 30


# -- reindex while another process ingests ---------------------------------------------------------

def test_reindex_while_another_process_ingests(tmp_path):
    import time
    folder = tmp_path / "in"
    for i in range(120):
        make_pdf(folder / f"l{i:03d}.pdf", [LETTER.replace("Sincerely", f"Reference R-{i:04d}. Sincerely")])
    arch = tmp_path / "a"
    Archive.open(arch).close()
    ingesting = subprocess.Popen([sys.executable, "main.py", "--archive", str(arch), "ingest", "--no-ocr", str(folder)],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and ingesting.poll() is None:
        with Archive.open(arch) as a:
            if a.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 10:
                break
        time.sleep(0.05)
    reindexes = [_run("--archive", arch, "reindex") for _ in range(2)]
    out, err = ingesting.communicate(timeout=180)
    assert ingesting.returncode == 0 and "Traceback" not in err, err
    assert "120 added" in out
    for got in reindexes:
        assert "Traceback" not in got.stderr, got.stderr
        assert got.returncode == 0 or got.stderr.startswith("error: the search index is busy"), got.stderr
    got = _run("--archive", arch, "check")
    assert got.returncode == 0, got.stdout + got.stderr
    with Archive.open(arch) as a:
        assert search(a, "R-0119").total == 1 and search(a, "Sincerely").total == 120


def test_commits_are_written_through_to_the_disk(archive):
    # synchronous=FULL (2): in WAL mode NORMAL may lose the last commits on a power cut.
    assert archive.db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
