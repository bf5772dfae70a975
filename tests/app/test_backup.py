"""Backups: consistent snapshot zip with manifest, restore into an empty folder, automatic backups."""
import json
import sqlite3
import threading
import zipfile

import pytest

from app.backup import (Cancelled, automatic_backups, backup_before_migration, create_backup, open_with_backup,
                        restore_backup)
from app.check import check
from app.cli import main
from app.ingest import ingest
from app.passages import tag
from app.progress import Cancel
from app.search import search
from archive import Archive
from archive import db as dbmod
from archive.errors import BadInput
from archive.store import sha256_bytes
from tests.conftest import LETTER, cancel_at, make_pdf


@pytest.fixture
def filled(archive, tmp_path):
    paths = [make_pdf(tmp_path / "in" / f"l{i}.pdf", [LETTER.replace("27 April", f"{i + 1} May")])
             for i in range(3)]
    report = ingest(archive, paths, ocr=False)
    assert len(report.added) == 3
    p = tag(archive, report.added[0]["id"][:8], "publish a human rights impact assessment", "commitment",
            threads=["HRIA"])
    return archive, p


def test_backup_zip_has_database_originals_and_manifest(filled, tmp_path):
    archive, _ = filled
    out = tmp_path / "b.zip"
    info = create_backup(archive, out)
    assert info["documents"] == 3 and info["passages"] == 1
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["counts"]["documents"] == 3
        assert manifest["schema_version"] == dbmod.schema_version(archive.db)
        for name, digest in manifest["files"].items():
            assert sha256_bytes(zf.read(name)) == digest
        originals = [n for n in zf.namelist() if n.startswith("files/")]
        assert len(originals) == 3
        assert all(zf.read(n) == archive.store.read(n.rsplit("/", 1)[1][:-4]) for n in originals)
    assert not list(tmp_path.glob(".b.zip*")), "no temp files are left beside the backup"


def test_restore_recreates_an_archive_that_checks_and_searches(filled, tmp_path):
    archive, passage = filled
    out = tmp_path / "b.zip"
    create_backup(archive, out)
    target = tmp_path / "restored"
    info = restore_backup(out, target)
    assert info["documents"] == 3 and info["passages"] == 1
    with Archive.open(target, create=False) as r:
        assert check(r) == []
        assert search(r, "impact assessment").total == 3
        assert search(r, "thread:HRIA").hits[0].passage_id == passage["id"]


def test_restore_refuses_a_non_empty_folder_and_changes_nothing(filled, tmp_path):
    archive, _ = filled
    out = tmp_path / "b.zip"
    create_backup(archive, out)
    with pytest.raises(BadInput, match="not empty"):
        restore_backup(out, archive.path)
    assert check(archive) == []
    (tmp_path / "empty").mkdir()
    restore_backup(out, tmp_path / "empty")       # an empty folder is fine
    assert (tmp_path / "empty" / "papertrail.db").exists()


def test_restore_refuses_damaged_or_hostile_backups(filled, tmp_path):
    archive, _ = filled
    good = tmp_path / "b.zip"
    create_backup(archive, good)
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    cases = {
        "not-a-zip.zip": None,
        "bad-hash.zip": {**members, **{n: b"%PDF-1.4 changed" for n in members if n.startswith("files/")}},
        "escape.zip": {**members, "../evil.txt": b"x"},
        "no-manifest.zip": {n: d for n, d in members.items() if n != "manifest.json"},
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is None:
            path.write_bytes(b"this is not a zip")
        else:
            with zipfile.ZipFile(path, "w") as zf:
                for n, d in content.items():
                    zf.writestr(n, d)
        target = tmp_path / f"target-{name}"
        with pytest.raises(BadInput):
            restore_backup(path, target)
        assert not target.exists(), f"{name}: nothing may be left behind"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize("after", [1, 3], ids=["after-the-first-file", "after-the-last-file"])
def test_cancelled_backup_leaves_no_zip_and_an_older_one_untouched(filled, tmp_path, after):
    archive, _ = filled
    out = tmp_path / "b.zip"
    cancel, progress = cancel_at(after)
    with pytest.raises(Cancelled, match="backup cancelled; no backup file was written"):
        create_backup(archive, out, progress=progress, cancel=cancel)
    assert not out.exists()
    out.write_bytes(b"last week's backup")
    cancel, progress = cancel_at(after)
    with pytest.raises(Cancelled):
        create_backup(archive, out, progress=progress, cancel=cancel)
    assert out.read_bytes() == b"last week's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "b.zip", "in"], "no temp files are left"
    assert create_backup(archive, out, cancel=Cancel())["documents"] == 3, "a Cancel never set changes nothing"


@pytest.mark.parametrize("after", [1, 4], ids=["after-the-first-file", "after-the-last-file"])
def test_cancelled_restore_leaves_the_target_as_it_was(filled, tmp_path, after):
    archive, _ = filled
    out = tmp_path / "b.zip"
    create_backup(archive, out)       # the database and three originals: four files
    new = tmp_path / "new" / "deeper" / "restored"
    cancel, progress = cancel_at(after)
    with pytest.raises(Cancelled, match="restore cancelled; nothing was restored"):
        restore_backup(out, new, progress=progress, cancel=cancel)
    assert not (tmp_path / "new").exists(), "folders made for the restore are removed"
    empty = tmp_path / "empty"
    empty.mkdir()
    cancel, progress = cancel_at(after)
    with pytest.raises(Cancelled):
        restore_backup(out, empty, progress=progress, cancel=cancel)
    assert empty.is_dir() and not any(empty.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "b.zip", "empty", "in"]
    assert restore_backup(out, empty, cancel=Cancel())["documents"] == 3


def test_backup_is_consistent_while_another_connection_writes(filled, tmp_path):
    archive, _ = filled
    stop = threading.Event()

    def writer():
        other = Archive.open(archive.path)
        n = 0
        while not stop.is_set():
            with other.transaction():
                other.db.execute("INSERT INTO threads (name) VALUES (?)", [f"t{n}"])
            n += 1
        other.close()

    t = threading.Thread(target=writer)
    t.start()
    try:
        for i in range(3):
            create_backup(archive, tmp_path / f"b{i}.zip")
    finally:
        stop.set()
        t.join()
    for i in range(3):
        with zipfile.ZipFile(tmp_path / f"b{i}.zip") as zf:
            (tmp_path / f"db{i}").write_bytes(zf.read("papertrail.db"))
        conn = sqlite3.connect(tmp_path / f"db{i}")
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()


def test_automatic_backups_keep_the_newest_n(filled):
    from app.backup import automatic_backup
    archive, _ = filled
    made = [automatic_backup(archive, "test", keep=2) for _ in range(4)]
    kept = automatic_backups(archive.path)
    assert kept == made[-2:]
    assert check(archive) == [], "backups inside the archive folder do not upset check"


def test_backup_before_migration_only_when_one_is_pending(filled, monkeypatch):
    archive, _ = filled
    path = archive.path
    archive.close()
    assert backup_before_migration(path) is None
    with Archive.open(path, migrate=False) as plain:
        before = dbmod.schema_version(plain.db)

    def add_column(db):
        db.execute("ALTER TABLE documents ADD COLUMN shelf TEXT")

    # A later Papertrail version with one more migration opens this archive.
    monkeypatch.setattr(dbmod, "MIGRATIONS", dbmod.MIGRATIONS + [add_column])
    opened, made = open_with_backup(path)
    try:
        assert made is not None and made.parent == path / "backups"
        assert "shelf" in opened.db["documents"].columns_dict
        with zipfile.ZipFile(made) as zf:
            assert json.loads(zf.read("manifest.json"))["schema_version"] == before
    finally:
        opened.close()
    assert backup_before_migration(path) is None, "no second backup once migrated"


def test_cli_backup_and_restore(filled, tmp_path, capsys):
    archive, _ = filled
    out = tmp_path / "cli.zip"
    assert main(["--archive", str(archive.path), "backup", "--output", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 3
    target = tmp_path / "r"
    assert main(["restore", str(out), "--archive", str(target)]) == 0
    assert "restored 3 document(s)" in capsys.readouterr().out
    assert main(["restore", str(out), "--archive", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "not empty" in err and err.count("\n") == 1
    assert main(["--archive", str(target), "check"]) == 0
    capsys.readouterr()
    assert main(["--archive", str(archive.path), "backup"]) == 0
    assert len(automatic_backups(archive.path)) == 1


@pytest.mark.parametrize("command", ["backup", "restore", "recover", "export-bundle", "import-bundle"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage:" in capsys.readouterr().out
