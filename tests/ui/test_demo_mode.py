"""The demo archive does not take over: it is marked as the demo, left with one click, not reopened
at the next start, and letters added while it is open go to the user's own archive if they say so."""
import shutil

import pytest
from PySide6.QtCore import Qt

from tests.conftest import make_pdf
from tests.ui.conftest import open_window
from ui import demo_mode, settings


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory):
    """The demo archive, built once and copied into each test's demo folder."""
    from app.demo_archive import load_demo
    from archive import Archive
    folder = tmp_path_factory.mktemp("demo") / "demo-archive"
    with Archive.open(folder) as archive:
        assert not load_demo(archive)["failed"]
    return folder


@pytest.fixture
def mine(qtbot, tmp_path, built_demo):
    """A window started on the user's own (empty) archive, as with --archive DIR."""
    shutil.copytree(built_demo, settings.demo_archive_dir())
    w = open_window(qtbot, tmp_path / "mine")
    yield w
    w.close()


def _open_demo(window, qtbot):
    with qtbot.waitSignal(window.library_loaded, timeout=30000, check_params_cb=lambda n: n > 0):
        qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)


def test_the_demo_is_marked_and_left_with_one_click(mine, qtbot, tmp_path):
    assert mine.windowTitle() == "Papertrail — mine" and not mine.demo_banner.isVisible()
    _open_demo(mine, qtbot)
    assert mine.session.path == settings.demo_archive_dir()
    assert mine.windowTitle() == "Papertrail — Demo archive (fictional letters)"
    assert mine.demo_banner.isVisible()
    assert mine.demo_banner.label.text() == "Demo archive: fictional letters."
    assert str(tmp_path / "mine") in mine.demo_banner.leave_button.toolTip()
    with qtbot.waitSignal(mine.archive_opened, timeout=20000) as opened:
        qtbot.mouseClick(mine.demo_banner.leave_button, Qt.MouseButton.LeftButton)
    assert opened.args == [str(tmp_path / "mine")]
    assert not mine.demo_banner.isVisible() and mine.windowTitle() == "Papertrail — mine"


def test_a_restart_opens_the_users_archive_not_the_demo(mine, qtbot, tmp_path, monkeypatch):
    _open_demo(mine, qtbot)
    assert settings.LAST_ARCHIVE.get() == str(tmp_path / "mine")
    from ui.app import startup_archive
    monkeypatch.delenv("PAPERTRAIL_ARCHIVE")
    assert startup_archive(None) == tmp_path / "mine"


def test_a_demo_folder_opened_deliberately_is_remembered(mine, qtbot):
    with qtbot.waitSignal(mine.library_loaded, timeout=20000):
        mine.open_archive(settings.demo_archive_dir())
    assert mine.demo_banner.isVisible()
    assert settings.LAST_ARCHIVE.get() == str(settings.demo_archive_dir())


def test_letters_added_in_the_demo_go_to_the_users_archive_when_asked(mine, qtbot, tmp_path, monkeypatch):
    _open_demo(mine, qtbot)
    demo_count = mine.library.model.rowCount()
    asked = []
    monkeypatch.setattr(demo_mode, "ask_where_to_add", lambda parent, own: asked.append(own) or "own")
    pdf = make_pdf(tmp_path / "real" / "real.pdf", ["Open Rights Watch\n\nLondon, 2 May 2022\n\nDear Sir,\n\nA real one."])
    with qtbot.waitSignal(mine.ingest.ingest_finished, timeout=60000):
        mine.add_paths([str(pdf)])
    assert asked == [tmp_path / "mine"]
    assert mine.session.path == tmp_path / "mine"
    from archive import Archive
    with Archive.open(settings.demo_archive_dir(), create=False) as demo:
        assert demo.db.execute("SELECT count(*) FROM documents").fetchone()[0] == demo_count
    with Archive.open(tmp_path / "mine", create=False) as own:
        assert own.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_cancelling_the_question_adds_nothing(mine, qtbot, tmp_path, monkeypatch):
    _open_demo(mine, qtbot)
    monkeypatch.setattr(demo_mode, "ask_where_to_add", lambda parent, own: None)
    pdf = make_pdf(tmp_path / "real" / "real.pdf", ["A letter."])
    mine.add_paths([str(pdf)])
    qtbot.wait(300)
    assert not mine.ingest.is_running() and mine.in_demo()
