"""Holes found by attacking the command line: a full disk, a damaged or read-only database,
arguments that are not UTF-8, a <script> query, and escape sequences printed to a terminal."""
import os
import sqlite3
import subprocess
import sys

import pytest

from app.ingest import ingest
from app.search import search
from archive import DB_NAME, Archive
from tests.conftest import LETTER, ROOT, make_pdf


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


# -- one error line, never a traceback -------------------------------------------------------------

def _mount_tmpfs(target, size: str) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    target.mkdir(exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
                          capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB file system of its own (needs permission to mount; skipped otherwise)."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "4m"):
        pytest.skip("cannot mount a small file system here (needs root on Linux)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def _fill(disk, leave_kb: int):
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, free - leave_kb * 1024))
    return filler


def test_a_full_disk_gives_one_error_line_and_loses_nothing_saved(filled, small_disk):
    import shutil
    a, ids, files = filled
    arch = small_disk / "a"
    shutil.copytree(a.path, arch)
    for leave in (0, 60, 120):
        filler = _fill(small_disk, leave)
        for args in (["tag", ids[0][:8], "--quote", "no such assessment has been published", "--kind", "claim"],
                     ["party-alias", "Anna Lindqvist", f"A. Lindqvist {leave}"], ["docs"], ["search", "Annex"],
                     ["ingest", "--no-ocr", files[0].parent], ["backup", "--output", small_disk / "b.zip"],
                     ["export-bundle", "--all", "--output", small_disk / "s.zip"], ["reindex"], ["check"]):
            got = _run("--archive", arch, *args)
            assert "Traceback" not in got.stderr, (leave, args, got.stderr)
            for line in got.stderr.splitlines():
                assert line.startswith(("error: ", "warning: ", "Repaired")), (leave, args, got.stderr)
        title = f"Edited with {leave} KB free"
        got = _run("--archive", arch, "edit", ids[1][:8], "--title", title)
        assert "Traceback" not in got.stderr, got.stderr
        conn = sqlite3.connect(str(arch / DB_NAME))
        saved = conn.execute("SELECT title FROM documents WHERE id = ?", [ids[1]]).fetchone()[0] == title
        conn.close()
        assert (got.returncode == 0) == saved, f"edit said {got.returncode} but saved={saved}: {got.stderr}"
        filler.unlink()
    assert _run("--archive", arch, "reindex").returncode == 0
    got = _run("--archive", arch, "check")
    assert got.returncode == 0, got.stdout


def test_a_damaged_header_a_read_only_archive_and_bad_arguments_give_one_error_line(filled, tmp_path):
    a, ids, _ = filled
    a.close()
    broken = tmp_path / "broken"
    import shutil
    shutil.copytree(a.path, broken)
    with open(broken / DB_NAME, "r+b") as fh:
        fh.write(b"this is no database header")
    for args in (["docs"], ["search", "Annex"], ["check"], ["backup", "--output", tmp_path / "b.zip"]):
        got = _run("--archive", broken, *args)
        assert got.returncode == 1 and "Traceback" not in got.stderr, got.stderr
        assert got.stderr.startswith("error: the archive's database is damaged"), got.stderr
    for args in (["edit", ids[0][:8], "--title"], ["tag", ids[0][:8], "--kind", "claim", "--quote"],
                 ["passages", "--by"], ["timeline", "--format", "csv", "--thread"], ["search"]):
        got = subprocess.run([sys.executable.encode(), b"main.py", b"--archive", os.fsencode(a.path),
                              *[x.encode() for x in args], b"\xff\xfe bad"], cwd=ROOT, capture_output=True, timeout=60)
        assert b"Traceback" not in got.stderr, (args, got.stderr)
        assert got.returncode == 0 or got.stderr.startswith(b"error: ") and got.stderr.count(b"\n") == 1, got
    ro = tmp_path / "ro"
    ro.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0 or subprocess.run(
            ["mount", "--bind", str(a.path), str(ro)], capture_output=True).returncode:
        pytest.skip("cannot make a read-only mount here (needs root on Linux)")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True, capture_output=True)
        for args in (["docs"], ["tag", ids[0][:8], "--quote", "no such assessment has been published",
                                "--kind", "claim"], ["edit", ids[0][:8], "--title", "x"], ["check"]):
            got = _run("--archive", ro, *args)
            assert got.returncode == 1 and "Traceback" not in got.stderr, got.stderr
            assert got.stderr.startswith("error: ") and len(got.stderr.splitlines()) == 1, got.stderr
    finally:
        subprocess.run(["umount", "-l", str(ro)], capture_output=True)


def test_a_script_tag_as_query_is_just_words(filled):
    a, _, _ = filled
    assert search(a, "<script>alert(1)</script>").total == 0
    assert search(a, "<b>Annex</b>").total == 3
    got = _run("--archive", a.path, "search", "<script>")
    assert got.returncode == 0 and got.stdout.startswith("0 hit(s)"), got


# -- escape sequences on a terminal ----------------------------------------------------------------

def _on_a_terminal(*args) -> str:
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "main.py", *map(str, args)], cwd=ROOT, stdout=slave,
                            stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_escape_sequences_in_titles_and_file_names_are_shown_not_obeyed(filled, tmp_path):
    from app.library import edit_doc
    a, ids, files = filled
    edit_doc(a, ids[0], title="Letter \x1b]0;pwned\x07 \x1b[2J cleared")
    evil = tmp_path / "in" / "evil\x1b[31mred.pdf"
    evil.write_bytes(files[0].read_bytes())
    for args in (["docs"], ["show", ids[0][:8]], ["ingest", "--no-ocr", evil], ["search", "Annex"]):
        shown = _on_a_terminal("--archive", a.path, *args)
        assert "\x1b]" not in shown and "\x1b[2J" not in shown and "\x1b[31m" not in shown, (args, shown)
        assert "\\x1b" in shown, (args, shown)
    piped = _run("--archive", a.path, "docs").stdout
    assert "\x1b]0;pwned\x07" in piped, "output to a pipe or file is left as it is"
