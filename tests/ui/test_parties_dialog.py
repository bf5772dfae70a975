"""Passage ▸ Parties…: rename, merge and delete parties through the dialog, over a real archive."""
import shutil

import pytest

from app import parties
from app.demo_archive import load_demo
from archive import Archive
from tests.ui.conftest import open_window
from ui import parties_dialog


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "archive"
    with Archive.open(path) as archive:
        load_demo(archive)
    return path


def _names(path):
    with Archive.open(path, create=False, migrate=False) as archive:
        return {p["name"]: p for p in parties.list_parties(archive)}


def _select(dialog, *names):
    dialog.list.clearSelection()
    for i in range(dialog.list.topLevelItemCount()):
        item = dialog.list.topLevelItem(i)
        item.setSelected(item.data(0, parties_dialog.NameRole) in names)


def test_rename_merge_and_delete_from_the_window(qtbot, demo_path, tmp_path, monkeypatch):
    path = tmp_path / "demo"
    shutil.copytree(demo_path, path)
    window = open_window(qtbot, path)
    assert window.parties_action.text().replace("&", "") == "Parties…"
    window.parties_action.trigger()
    [dialog] = window.findChildren(parties_dialog.PartiesDialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() > 5, timeout=10000)
    assert not dialog.rename_button.isEnabled()

    _select(dialog, "Digital Dignity Network")
    monkeypatch.setattr(parties_dialog, "ask_text", lambda *a, **k: "Digital Dignity Network (DDN)")
    with qtbot.waitSignal(dialog.parties_changed, timeout=10000):
        dialog.rename_button.click()
    qtbot.waitUntil(lambda: "Digital Dignity Network (DDN)" in dialog.status.text(), timeout=10000)
    assert "Digital Dignity Network" in _names(path)["Digital Dignity Network (DDN)"]["aliases"]

    qtbot.waitUntil(lambda: any(dialog.list.topLevelItem(i).data(0, parties_dialog.NameRole) == "Board of Directors"
                                for i in range(dialog.list.topLevelItemCount())), timeout=10000)
    _select(dialog, "Special Rapporteur on the right to privacy", "UN Special Rapporteur on the right to privacy")
    assert dialog.merge_button.isEnabled()
    monkeypatch.setattr(parties_dialog, "ask_text", lambda *a, **k: "UN Special Rapporteur on the right to privacy")
    with qtbot.waitSignal(dialog.parties_changed, timeout=10000):
        dialog.merge_button.click()
    names = _names(path)
    assert "Special Rapporteur on the right to privacy" not in names
    assert names["UN Special Rapporteur on the right to privacy"]["documents"] == 1

    qtbot.waitUntil(lambda: "Merged" in dialog.status.text(), timeout=10000)
    qtbot.waitUntil(lambda: any(dialog.list.topLevelItem(i).data(0, parties_dialog.NameRole) == "Board of Directors"
                                for i in range(dialog.list.topLevelItemCount())), timeout=10000)
    _select(dialog, "Board of Directors")
    monkeypatch.setattr(parties_dialog, "confirm", lambda *a, **k: True)
    with qtbot.waitSignal(dialog.parties_changed, timeout=10000):
        dialog.delete_button.click()
    assert "Board of Directors" not in _names(path)
    dialog.close()
    window.close()


def test_read_letter_details_again_from_the_edit_menu(qtbot, demo_path, tmp_path):
    import sqlite3
    path = tmp_path / "demo"
    shutil.copytree(demo_path, path)
    db = sqlite3.connect(path / "papertrail.db")
    with db:  # an older reading's title, never corrected by hand
        doc_id, title = db.execute("SELECT id, title FROM documents WHERE confirmed = 0 AND title_conf < 1 "
                                   "ORDER BY id LIMIT 1").fetchone()
        db.execute("UPDATE documents SET title = 'Scan 0001' WHERE id = ?", [doc_id])
    db.close()
    window = open_window(qtbot, path)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.reread_action in menu.actions()
    with qtbot.waitSignal(window.reread.finished, timeout=60000) as blocker:
        window.reread_action.trigger()
    report = blocker.args[0]
    assert any(c["id"] == doc_id and c["fields"]["title"][0] == "Scan 0001" for c in report["changed"])
    assert "letters changed" in window.reread.box.text()
    with Archive.open(path, create=False, migrate=False) as archive:
        assert archive.db.execute("SELECT title FROM documents WHERE id = ?", [doc_id]).fetchone()[0] == title
    window.close()
