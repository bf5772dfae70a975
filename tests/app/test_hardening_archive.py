"""Holes found by attacking an archive: bad bytes in the database, missing originals, a damaged
database, leftovers of killed commands, and what the command line prints."""
import json
import os
import sqlite3
import subprocess
import sys
import zipfile

import pytest

from app.backup import create_backup, restore_backup
from app.check import check
from app.cli import main
from app.ingest import ingest
from app.search import search
from archive import DB_NAME, Archive
from archive.errors import PapertrailError
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


# -- one invalid UTF-8 byte ------------------------------------------------------------------------

def _plant_bad_byte(path, doc_id):
    conn = sqlite3.connect(str(path / DB_NAME))
    conn.execute("UPDATE pages SET text = CAST(X'4465617220ff4d73' AS TEXT) WHERE doc_id = ? AND page = 1",
                 [doc_id])
    conn.commit()
    conn.close()


def test_an_invalid_utf8_byte_is_reported_and_every_command_still_works(filled, tmp_path):
    a, ids, _ = filled
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
                 ["reextract", ids[0][:8]]):
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
