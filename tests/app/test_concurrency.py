"""Two programs on one archive: an ingest and a stream of edits at the same time; busy waits and messages."""
import json
import subprocess
import sys
import threading
import time

import pytest

from app.check import check
from app.ingest import ingest
from app.library import edit_doc
from app.passages import edit, tag
from app.search import search
from archive import Archive
from archive import db as dbmod
from archive import index as ixmod
from archive.errors import ArchiveBusy
from tests.app.test_crash import _letters
from tests.conftest import ROOT


def test_ingest_and_edits_in_two_processes_at_once(tmp_path):
    arch = tmp_path / "a"
    with Archive.open(arch) as archive:
        ingest(archive, _letters(tmp_path / "first", 4), ocr=False)
        first = [r[0] for r in archive.db.execute("SELECT id FROM documents ORDER BY id")]
    new = _letters(tmp_path / "second", 150)
    # Output goes to files: a full pipe would stall the ingest until the test reads it.
    report_file, err_file = open(tmp_path / "out.json", "w+"), open(tmp_path / "err.txt", "w+")
    ingester = subprocess.Popen([sys.executable, "main.py", "--archive", str(arch), "ingest", "--no-ocr", "--json",
                                 str(tmp_path / "second")], cwd=ROOT, stdout=report_file, stderr=err_file)
    tagged, edits, n, during = [], 0, 0, 0
    # This process plays the window: it keeps tagging and editing while the ingest runs.
    with Archive.open(arch) as gui:
        while (ingester.poll() is None or n < 4) and n < 400:
            during += ingester.poll() is None
            doc = first[n % len(first)]
            tagged.append(tag(gui, doc, "human rights impact assessment", "commitment", occurrence=2,
                              threads=[f"T{n}"])["id"])
            edit_doc(gui, doc, title=f"Letter edited {n}", senders=[f"Sender {n}"])
            edit(gui, tagged[-1], status="broken", status_note=f"round {n}")
            edits += 2
            n += 1
    ingester.wait(timeout=300)
    report_file.seek(0)
    err_file.seek(0)
    assert ingester.returncode == 0, err_file.read()
    assert len(json.load(report_file)["added"]) == len(new)
    report_file.close()
    err_file.close()
    with Archive.open(arch) as archive:
        archive.quick_index_repair()
        assert check(archive) == []
        assert archive.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(first) + len(new)
        have = {r[0] for r in archive.db.execute("SELECT id FROM passages")}
        assert set(tagged) <= have
        last = n - 1
        assert archive.db.execute("SELECT COUNT(*) FROM documents WHERE title = ?",
                                  [f"Letter edited {last}"]).fetchone()[0] == 1
        assert {h.doc_id for h in search(archive, f'from:"Sender {last}"', limit=0).hits} == \
            {first[last % len(first)]}
        assert search(archive, f"thread:T{last} status:broken").total == 1
    assert during >= 5, "the edits did not overlap the ingest"
    print(f"\nconcurrency: {len(new)} documents ingested while {during} rounds of tag, edit and "
          f"passage-edit ran in another process ({n} rounds in all)")


def test_sqlite_busy_waits_then_raises_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "a"
    Archive.open(path).close()
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_S", 1.0)
    holder, waiter = Archive.open(path), Archive.open(path)
    try:
        holder.db.execute("BEGIN IMMEDIATE")
        threading.Timer(0.3, lambda: holder.db.execute("COMMIT")).start()
        started = time.monotonic()
        with waiter.transaction():          # waits for the other writer, then goes ahead
            waiter.db.execute("INSERT INTO threads (name) VALUES ('after the wait')")
        assert time.monotonic() - started >= 0.25
        holder.db.execute("BEGIN IMMEDIATE")
        with pytest.raises(ArchiveBusy, match="another Papertrail window or command is writing"):
            with waiter.transaction():
                pass
        holder.db.execute("ROLLBACK")
        with waiter.transaction():
            pass
    finally:
        holder.close()
        waiter.close()


def test_index_writer_waits_for_the_other_writer_then_raises_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "a"
    with Archive.open(path) as archive:
        archive.rebuild_index()
    monkeypatch.setattr(ixmod, "WRITER_WAIT_S", 1.0)
    one, two = Archive.open(path), Archive.open(path)
    try:
        w = one.index.writer()
        threading.Timer(0.3, w.commit).start()
        w2 = two.index.writer()            # waits for the first writer's commit
        w2.commit()
        w = one.index.writer()
        with pytest.raises(ArchiveBusy, match="search index is busy"):
            two.index.writer()
        assert two.quick_index_repair() == 0, "opening while another writes the index is not an error"
        w.cancel()
    finally:
        one.close()
        two.close()
