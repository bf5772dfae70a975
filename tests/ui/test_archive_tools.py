"""File ▸ Back up, Restore, Share letters and Import shared letters, and the index rebuilt when an archive opens."""
import shutil
import threading
import zipfile

import pytest
from PySide6.QtCore import Qt

from app.backup import restore_backup
from app.bundle import export_bundle
from app.passages import edit, tag
from archive import Archive
from tests.conftest import old_archive
from tests.ui.conftest import open_window
from ui import archive_tools, settings
from ui.tasks import ArchiveSession


@pytest.fixture
def tagged_archive(filled_archive):
    """The three letters with one passage in the thread "Impact assessment" and one in "Oversight"."""
    with Archive.open(filled_archive) as archive:
        docs = {r[1]: r[0] for r in archive.db.execute("SELECT id, file_name FROM documents")}
        tag(archive, docs["2020-veridian-to-orw.pdf"], "We will publish a human rights impact assessment",
            "commitment", by="Veridian Signals Ltd", threads=["Impact assessment"])
        tag(archive, docs["2021-orw-to-veridian.pdf"], "describe the independent oversight", "claim",
            threads=["Oversight"])
    return filled_archive


@pytest.fixture
def tagged_window(qtbot, tagged_archive):
    w = open_window(qtbot, tagged_archive)
    yield w
    w.close()


def _answer(monkeypatch, name, value):
    monkeypatch.setattr(archive_tools, name, lambda parent, start: str(value))


def test_file_menu_lists_the_archive_tools(window):
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    for entry in ("Back up archive…", "Restore from backup…", "Share letters…", "Import shared letters…"):
        assert entry in texts
    assert all(a.isEnabled() for a in window.archive_tools.menu_actions() if a is not None)


def test_backup_writes_a_zip_that_restore_accepts(window, qtbot, monkeypatch, tmp_path):
    (tmp_path / "out").mkdir()
    _answer(monkeypatch, "ask_backup_path", tmp_path / "out" / "safe-copy")   # ".zip" is added
    tools = window.archive_tools
    with qtbot.waitSignal(tools.backup_finished, timeout=30000) as done:
        tools.backup_action.trigger()
    zip_path = tmp_path / "out" / "safe-copy.zip"
    assert done.args[0]["output"] == str(zip_path) and zipfile.is_zipfile(zip_path)
    text = tools.message_box.text()
    assert str(zip_path) in text and archive_tools.human_size(zip_path.stat().st_size) in text
    assert not tools.progress
    assert restore_backup(zip_path, tmp_path / "check")["documents"] == 3

    # File ▸ Restore from backup… into a new folder, then open it from the message.
    _answer(monkeypatch, "ask_backup_file", zip_path)
    _answer(monkeypatch, "ask_restore_folder", tmp_path / "restored")
    with qtbot.waitSignal(tools.restore_finished, timeout=30000) as restored:
        tools.restore_action.trigger()
    assert restored.args[0]["documents"] == 3
    assert "Open the restored archive now?" in tools.message_box.text()
    with qtbot.waitSignal(window.library_loaded, timeout=20000) as loaded:
        tools.open_restored_button.click()
    assert loaded.args == [3]
    assert window.session.path == tmp_path / "restored"


def test_restore_into_a_non_empty_folder_shows_the_error_and_changes_nothing(window, qtbot, monkeypatch,
                                                                             tmp_path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with Archive.open(window.session.path, create=False) as archive:
        from app.backup import create_backup
        create_backup(archive, tmp_path / "b.zip")
    _answer(monkeypatch, "ask_backup_file", tmp_path / "b.zip")
    _answer(monkeypatch, "ask_restore_folder", busy)
    tools = window.archive_tools
    with qtbot.waitSignal(tools.task_failed, timeout=30000) as failed:
        tools.restore_action.trigger()
    assert "not empty" in failed.args[0]
    box = tools.message_box
    assert box.isVisible() and box.windowTitle() == "Backup not restored" and "not empty" in box.text()
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]
    assert not any(p.name.startswith(".busy.restoring") for p in tmp_path.iterdir())
    assert not tools.progress


def test_restore_of_a_file_that_is_not_a_zip_says_so(window, qtbot, monkeypatch, tmp_path):
    junk = tmp_path / "letters.zip"
    junk.write_bytes(b"this is not a zip")
    _answer(monkeypatch, "ask_backup_file", junk)
    _answer(monkeypatch, "ask_restore_folder", tmp_path / "new")
    with qtbot.waitSignal(window.archive_tools.task_failed, timeout=30000) as failed:
        window.archive_tools.restore_action.trigger()
    assert "not a readable zip file" in failed.args[0]
    assert not (tmp_path / "new").exists()


def test_share_a_thread_then_import_it_into_a_second_archive(tagged_window, qtbot, monkeypatch, tmp_path):
    window, tools = tagged_window, tagged_window.archive_tools
    dialog = tools.share()
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=10000)
    assert not dialog.share_button.isEnabled()      # nothing ticked yet
    dialog.set_checked("Impact assessment")
    assert dialog.share_button.isEnabled()
    bundle = tmp_path / "shared.zip"
    _answer(monkeypatch, "ask_bundle_path", bundle)
    with qtbot.waitSignal(tools.share_finished, timeout=30000) as shared:
        dialog.share_button.click()
    assert (shared.args[0]["documents"], shared.args[0]["passages"]) == (1, 1)
    assert str(bundle) in tools.message_box.text()

    with qtbot.waitSignal(window.library_loaded, timeout=20000):
        window.open_archive(tmp_path / "second")
    _answer(monkeypatch, "ask_bundle_file", bundle)
    with qtbot.waitSignal(tools.import_finished, timeout=30000) as imported:
        tools.import_action.trigger()
    report = imported.args[0]
    assert len(report["documents_added"]) == 1 and len(report["passages_added"]) == 1
    summary = tools.summary_dialog
    assert summary.isVisible() and "1 letter added · 1 passage added · 0 conflicts" == summary.headline.text()
    assert ("Added", "1 letter, 1 passage, 0 links") in summary.rows()
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1, timeout=10000)
    with Archive.open(tmp_path / "second", create=False) as archive:
        quotes = [r[0] for r in archive.db.execute("SELECT quote FROM passages")]
    assert quotes == ["We will publish a human rights impact assessment"]


def test_share_everything_from_an_archive_without_threads(window, qtbot, monkeypatch, tmp_path):
    tools = window.archive_tools
    dialog = tools.share()
    qtbot.waitUntil(lambda: not dialog.by_thread.isEnabled(), timeout=10000)
    assert dialog.everything.isChecked() and dialog.share_button.isEnabled()
    _answer(monkeypatch, "ask_bundle_path", tmp_path / "all.zip")
    with qtbot.waitSignal(tools.share_finished, timeout=30000) as shared:
        dialog.share_button.click()
    assert shared.args[0]["documents"] == 3


def test_import_summary_lists_a_conflict(qtbot, monkeypatch, tmp_path, tagged_archive):
    bundle = tmp_path / "before.zip"
    with Archive.open(tagged_archive) as archive:
        export_bundle(archive, bundle, everything=True)
        pid = archive.db.execute("SELECT id FROM passages WHERE kind = 'claim'").fetchone()[0]
        edit(archive, pid, note="Checked against the annual report")
    window = open_window(qtbot, tagged_archive)
    tools = window.archive_tools
    _answer(monkeypatch, "ask_bundle_file", bundle)
    with qtbot.waitSignal(tools.import_finished, timeout=30000) as imported:
        tools.import_action.trigger()
    assert len(imported.args[0]["conflicts"]) == 1
    rows = tools.summary_dialog.rows()
    assert rows[0][0] == "Conflict"
    assert "note is “Checked against the annual report” here and empty in the bundle" in rows[0][1]
    assert ("Already here", "3 letters, 2 passages") in rows
    assert "1 conflict" in tools.summary_dialog.headline.text()
    window.close()


def test_import_of_a_bad_file_shows_the_error(window, qtbot, monkeypatch, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK not really")
    _answer(monkeypatch, "ask_bundle_file", junk)
    with qtbot.waitSignal(window.archive_tools.task_failed, timeout=30000):
        window.archive_tools.import_action.trigger()
    assert window.archive_tools.message_box.windowTitle() == "Shared letters not imported"
    assert window.library.model.rowCount() == 3


def _pause_after_each_file(widget):
    """Hold the task after each file it reports until its Cancel is set, as a slow disk would."""
    job = widget.job
    job.progressed.connect(lambda *_a: job.cancel.wait(30), Qt.ConnectionType.DirectConnection)


def test_cancel_stops_a_backup_and_leaves_no_zip(window, qtbot, monkeypatch, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    _answer(monkeypatch, "ask_backup_path", out / "copy.zip")
    tools = window.archive_tools
    # Keep every reader busy until the test watches the backup, so that no file goes unseen.
    gate = threading.Event()
    for _ in range(window.session.readers.pool.maxThreadCount()):
        window.session.read(lambda _archive, _job: gate.wait(30))
    tools.backup_action.trigger()
    widget = tools.progress[-1]
    assert widget.cancel_button.isVisible() and widget.cancel_button.isEnabled()
    _pause_after_each_file(widget)
    gate.set()
    qtbot.waitUntil(lambda: widget.label.text() == "Backing up the archive: 1 of 3", timeout=20000)
    with qtbot.waitSignal(tools.task_cancelled, timeout=20000) as cancelled:
        qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
        assert widget.label.text() == "Cancelling after the current file…"
        assert not widget.cancel_button.isEnabled()
    assert cancelled.args == [archive_tools.BACKUP_CANCELLED]
    assert window.statusBar().currentMessage() == "Backup cancelled; no backup file was written"
    assert list(out.iterdir()) == [], "neither the zip nor a temporary file is left"
    assert not tools.progress and tools.message_box is None


def test_cancel_stops_an_import_and_changes_nothing(window, qtbot, monkeypatch, tmp_path):
    bundle = tmp_path / "all.zip"
    with Archive.open(window.session.path, create=False) as archive:
        export_bundle(archive, bundle, everything=True)
    with qtbot.waitSignal(window.library_loaded, timeout=20000):
        window.open_archive(tmp_path / "second")
    _answer(monkeypatch, "ask_bundle_file", bundle)
    tools = window.archive_tools
    gate = threading.Event()
    window.session.write(lambda _archive, _job: gate.wait(30))     # the writer waits for the test
    tools.import_action.trigger()
    widget = tools.progress[-1]
    _pause_after_each_file(widget)
    gate.set()
    qtbot.waitUntil(lambda: widget.label.text() == "Importing shared letters: 1 of 3", timeout=20000)
    with qtbot.waitSignal(tools.task_cancelled, timeout=20000):
        qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == "Import cancelled; the archive was not changed"
    assert tools.summary_dialog is None and window.library.model.rowCount() == 0
    with Archive.open(tmp_path / "second", create=False) as second:
        assert second.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert not [p for p in second.store.root.rglob("*") if p.is_file()]


def test_index_rebuilt_on_open_after_it_was_deleted(qtbot, monkeypatch, filled_archive):
    from ui.app import make_app
    from ui.main_window import MainWindow
    shutil.rmtree(filled_archive / "index")
    make_app()
    window = MainWindow()
    qtbot.addWidget(window)
    shown = []
    begin = archive_tools.ArchiveTools._begin
    monkeypatch.setattr(archive_tools.ArchiveTools, "_begin",
                        lambda self, text, finishing="": shown.append(text) or begin(self, text, finishing))
    with qtbot.waitSignal(window.archive_tools.index_repaired, timeout=30000) as repaired:
        window.open_archive(filled_archive)
    window.show()
    assert repaired.args[0] == {"fixed": 3, "rebuilt": True, "documents": 3}
    assert shown == [archive_tools.REBUILDING]
    assert window.statusBar().currentMessage() == "Search index rebuilt: 3 documents"
    assert not window.archive_tools.progress
    with qtbot.waitSignal(window.search.results_changed, timeout=20000) as found:
        window.search.run_query("impact assessment")
    assert found.args[0] > 0
    window.close()


def test_index_in_an_older_format_rebuilt_on_open(qtbot, monkeypatch, filled_archive):
    from archive import Archive
    from archive import index as ix
    from tests.archive.test_search_engine import _plain_schema
    old = Archive.open(filled_archive)
    with monkeypatch.context() as m:
        m.setattr(ix, "_schema", _plain_schema)
        old.rebuild_index()
    assert old.index.outdated()
    old.close()
    window, repaired = _opened(qtbot, filled_archive)
    assert repaired == {"fixed": 3, "rebuilt": True, "documents": 3}
    assert window.statusBar().currentMessage() == "Search index rebuilt: 3 documents"
    with qtbot.waitSignal(window.search.results_changed, timeout=20000) as found:
        window.search.run_query('"impact assessment"')
    assert found.args[0] > 0
    window.close()
    reopened = Archive.open(filled_archive)
    assert not reopened.index.outdated()
    reopened.close()


def test_opening_a_healthy_archive_rebuilds_nothing(window, qtbot):
    with qtbot.waitSignal(window.archive_tools.index_repaired, timeout=30000) as repaired:
        window.open_archive(window.session.path)
    assert repaired.args[0]["rebuilt"] is False and repaired.args[0]["fixed"] == 0


def test_a_change_a_crash_kept_from_the_index_is_indexed_on_open_then_trusted(qtbot, filled_archive):
    from archive import Archive
    with Archive.open(filled_archive) as crashed:
        doc_id = crashed.db.execute("SELECT doc_id FROM pages WHERE text LIKE '%due diligence%'").fetchone()[0]
        # The session died between saving a change and indexing it.
        crashed.db.execute("UPDATE documents SET kind = 'memo', revision = revision + 1 WHERE id = ?", [doc_id])
    for fixed in (1, 0):
        window, repaired = _opened(qtbot, filled_archive)
        assert repaired == {"fixed": fixed, "rebuilt": False, "documents": 3}
        with qtbot.waitSignal(window.search.results_changed, timeout=20000) as found:
            window.search.run_query("diligence kind:memo")
        assert found.args[0] == 1
        window.close()
    with Archive.open(filled_archive) as reopened:
        assert reopened.index_agrees() and reopened.index_problems() == []


def test_the_check_on_the_first_opening_opens_the_index_once(qtbot, monkeypatch, filled_archive):
    from whoosh.reading import SegmentReader

    from archive import index_check
    with Archive.open(filled_archive) as archive:
        segments = len(archive.index.open()._segments())
        assert not (archive.index.folder / index_check.MARK_NAME).exists()    # never checked in full
    opened = []
    real = SegmentReader.__init__
    monkeypatch.setattr(SegmentReader, "__init__", lambda self, *a, **k: opened.append(1) or real(self, *a, **k))
    window, repaired = _opened(qtbot, filled_archive)
    assert repaired == {"fixed": 0, "rebuilt": False, "documents": 3}
    # Whether it opens (asked first, to announce a rebuild), which documents and passages it
    # holds, every entry's revision: all read through one searcher.
    assert len(opened) == segments
    assert (filled_archive / "index" / index_check.MARK_NAME).exists()
    window.close()


def test_upgrade_backup_keeps_the_configured_number(qtbot, tmp_path):
    old = old_archive(tmp_path / "old", ("20000101", "20000102"))
    settings.AUTO_BACKUPS_KEEP.set(2)
    session = ArchiveSession(old)
    with qtbot.waitSignal(session.opened, timeout=30000):
        session.start()
    session.close()
    kept = sorted(p.name for p in (old / "backups").glob("*.zip"))
    assert len(kept) == 2 and kept[0] == "auto-20000102-000000-000000-manual.zip"
    assert "before-upgrade" in kept[1]


def test_import_summary_lists_passages_not_imported_and_the_colleagues_metadata(qtbot, monkeypatch, tmp_path,
                                                                                 tagged_archive):
    import json
    src = tmp_path / "shared.zip"
    with Archive.open(tagged_archive) as archive:
        export_bundle(archive, src, everything=True)
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    bundle = json.loads(members["bundle.json"])
    claim = next(p for p in bundle["passages"] if p["kind"] == "claim")
    doc = next(d for d in bundle["documents"] if d["id"] == claim["doc_id"])
    doc["title"] = "Renamed by a colleague"
    claim["quote"] = "words that the letter never contained"
    claim["prefix"] = claim["suffix"] = ""
    members["bundle.json"] = json.dumps(bundle).encode()
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    window = open_window(qtbot, tmp_path / "bob")
    tools = window.archive_tools
    _answer(monkeypatch, "ask_bundle_file", tampered)
    with qtbot.waitSignal(tools.import_finished, timeout=60000):
        tools.import_action.trigger()
    rows = dict(tools.summary_dialog.rows())
    assert "words that the letter never contained" in rows["Not imported"]
    assert "title “Renamed by a colleague”" in rows["Colleague's"]
    assert "1 passage added" in tools.summary_dialog.headline.text()
    window.close()


def _damage_an_index(path) -> None:
    import sqlite3
    conn = sqlite3.connect(str(path / "papertrail.db"))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'party_aliases_key'").fetchone()[0]
    conn.close()
    with open(path / "papertrail.db", "r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff" * 64)


def test_backup_of_a_damaged_archive_offers_to_recover_it(qtbot, monkeypatch, tmp_path, filled_archive):
    _damage_an_index(filled_archive)
    window = open_window(qtbot, filled_archive)
    tools = window.archive_tools
    (tmp_path / "out").mkdir()
    _answer(monkeypatch, "ask_backup_path", tmp_path / "out" / "copy.zip")
    with qtbot.waitSignal(tools.task_failed, timeout=30000):
        tools.backup_action.trigger()
    assert "database is damaged" in tools.message_box.text() and not (tmp_path / "out" / "copy.zip").exists()
    _answer(monkeypatch, "ask_restore_folder", tmp_path / "recovered")
    with qtbot.waitSignal(tools.recover_finished, timeout=60000) as recovered:
        tools.recover_button.click()
    assert recovered.args[0]["documents"] == 3 and recovered.args[0]["problems"] == []
    assert "Open the recovered archive now?" in tools.message_box.text()
    with qtbot.waitSignal(window.library_loaded, timeout=20000) as loaded:
        tools.open_recovered_button.click()
    assert loaded.args == [3] and window.session.path == tmp_path / "recovered"
    window.close()


def test_closing_the_window_stops_a_rebuild_and_keeps_the_index(qtbot, monkeypatch, filled_archive):
    # A rebuild at 20,000 letters takes minutes: closing the window used to wait a minute for
    # it, then quit with the thread still running.
    from archive import index as ix
    from tests.archive.test_search_engine import _plain_schema
    from ui.app import make_app
    from ui.main_window import MainWindow
    old = Archive.open(filled_archive)
    with monkeypatch.context() as m:
        m.setattr(ix, "_schema", _plain_schema)
        old.rebuild_index()
    old.close()
    started, release = threading.Event(), threading.Event()
    real = Archive.index_documents

    def slow(self, doc_ids, writer=None, fresh=()):
        started.set()
        release.wait(10)        # the rebuild is under way when the window closes
        return real(self, doc_ids, writer=writer, fresh=fresh)
    monkeypatch.setattr(Archive, "index_documents", slow)
    make_app()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_archive(filled_archive)
    qtbot.waitUntil(started.is_set, timeout=20000)
    writer = (window.session or window._pending).writer
    threading.Timer(0.3, release.set).start()
    window.close()
    assert not writer.isRunning()
    reopened = Archive.open(filled_archive)
    assert reopened.index.outdated() and not reopened.index.healthy()      # as it was
    assert not list(filled_archive.glob("index.new-*"))
    reopened.close()


def _opened(qtbot, path):
    """A new main window with the archive at path open, and what its index check on opening
    reported."""
    from ui.app import make_app
    from ui.main_window import MainWindow
    make_app()
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.archive_tools.index_repaired, timeout=30000) as repaired:
        window.open_archive(path)
    return window, repaired.args[0]
