"""The main window: menus and shortcuts, archives, themes and what is remembered between runs."""
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.cli import wants_gui
from tests.conftest import ROOT
from ui import main_window as main_window_module
from ui import settings
from ui.app import resolve_theme, startup_archive
from ui.tasks import ArchiveSession

from .conftest import open_window


def test_every_menu_action_is_keyboard_reachable(window):
    for menu_action in window.menuBar().actions():
        assert "&" in menu_action.text(), menu_action.text()
        for act in menu_action.menu().actions():
            if not act.isSeparator():
                assert "&" in act.text() or act.shortcuts(), act.text()


def test_keyboard_shortcuts_dialog_lists_every_shortcut(window, qtbot):
    window.shortcuts_action.trigger()
    dialog = window.shortcuts_dialog
    assert dialog.isVisible()
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert rows["Edit ▸ Find next"] == "F3"
    assert rows["Edit ▸ Find previous"] == "Shift+F3"
    assert rows["File ▸ Add documents…"] == "Ctrl+O"
    assert rows["View ▸ Zoom in"] == "Ctrl++"
    # Only keys a keyboard has: not the dedicated Undo key or F14 that Qt's standard keys add.
    undo_keys = rows["Edit ▸ Undo"].split(", ")
    assert undo_keys[0] == "Ctrl+Z" and "F14" not in undo_keys and "Undo" not in undo_keys
    dialog.close()


def test_widgets_have_accessible_names(window):
    for widget in (window.search.field, window.library.filter_box, window.library.table, window.search.tree,
                   window.library.party_box, window.library.saved_view, window.tabs):
        assert widget.accessibleName()


def test_theme_override_and_system_default(window):
    window.theme_actions["dark"].trigger()
    assert settings.THEME.get() == "dark"
    assert QApplication.instance().palette().base().color().lightness() < 80
    window.theme_actions["light"].trigger()
    assert QApplication.instance().palette().base().color().lightness() > 200
    window.theme_actions["system"].trigger()
    assert settings.theme() == "system"
    assert resolve_theme("system") in ("light", "dark")


def test_open_archive_switches_and_is_remembered(window, qtbot, monkeypatch, tmp_path):
    other = tmp_path / "other-archive"
    monkeypatch.setattr(main_window_module, "ask_archive_folder", lambda parent, title: str(other))
    with qtbot.waitSignal(window.library_loaded, timeout=20000):
        window.open_archive_action.trigger()
    assert window.session.path == other
    assert window.central.currentWidget() is window.welcome
    assert settings.LAST_ARCHIVE.get() == str(other)
    monkeypatch.delenv("PAPERTRAIL_ARCHIVE")
    assert startup_archive(None) == other
    assert startup_archive(str(tmp_path / "x")) == tmp_path / "x"


def test_an_unusable_archive_folder_gives_a_message_and_keeps_the_current_one(window, qtbot, tmp_path):
    busy = tmp_path / "not-an-archive"
    busy.mkdir()
    (busy / "holiday.jpg").write_bytes(b"jpeg")
    current = window.session.path
    window.open_archive(busy)
    qtbot.waitUntil(lambda: getattr(window, "error_box", None) is not None and window.error_box.isVisible(),
                    timeout=10000)
    assert "other files" in window.error_box.text()
    assert window.session.path == current
    window.error_box.close()


def test_window_geometry_and_state_are_restored(qtbot, filled_archive):
    first = open_window(qtbot, filled_archive)
    first.resize(first.minimumSizeHint().width() + 10, 600)   # small: the offscreen screen clamps bigger sizes
    size = (first.width(), first.height())
    first.library.table.horizontalHeader().setSectionHidden(4, True)
    first.close()
    second = open_window(qtbot, filled_archive)
    assert (second.width(), second.height()) == size
    assert second.library.table.horizontalHeader().isSectionHidden(4)
    second.close()


def test_startup_does_not_block_on_the_archive(qtbot, filled_archive):
    from ui.main_window import MainWindow
    window = MainWindow(filled_archive)   # returns before the archive has been read
    qtbot.addWidget(window)
    assert window.session is None and window.library.model.rowCount() == 0
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 3, timeout=20000)
    window.close()


def test_writer_reports_errors_as_messages(qtbot, filled_archive):
    session = ArchiveSession(filled_archive)
    with qtbot.waitSignal(session.opened, timeout=10000):
        session.start()
    from archive.errors import BadInput

    def bad(archive, job):
        raise BadInput("the title cannot be empty")
    messages = []
    session.write(bad, on_error=messages.append)
    qtbot.waitUntil(lambda: messages == ["the title cannot be empty"], timeout=10000)
    qtbot.waitUntil(lambda: not session.writer.is_busy(), timeout=5000)
    session.close()
    session.deleteLater()
    qtbot.wait(10)


def test_signal_emits_keep_reference_counts(qtbot):
    """Progress and task signals fire thousands of times; a binding that leaks on emit() aborts the app."""
    session = ArchiveSession("unused")
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(2000):
        session.writer.busy_changed.emit(False)
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert abs(before[0] - after[0]) < 50 and abs(before[1] - after[1]) < 50
    session.deleteLater()


def test_command_line_routes_paths_and_no_command_to_the_window(tmp_path):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF")
    assert wants_gui([])
    assert wants_gui([str(pdf)])
    assert wants_gui(["--archive", str(tmp_path), str(pdf)])
    assert not wants_gui(["search", "impact"])
    assert not wants_gui(["--help"])
    assert not wants_gui([str(tmp_path / "missing.pdf")])


def test_command_line_help_does_not_load_qt():
    code = ("import sys; from app.cli import main; main(['--help']) if False else None; "
            "from app import cli; cli.wants_gui(['x']); print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_window_starts_without_loading_the_pdf_reader_or_the_search_engine():
    # PyMuPDF and Whoosh load on the worker threads that need them, after the window shows.
    code = ("import sys; import ui.main_window; "
            "print([m for m in ('pymupdf', 'whoosh', 'app.ingest', 'app.reread') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_a_display_the_window_says_what_to_do_in_one_line(tmp_path):
    import os
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "main.py", "--archive", str(tmp_path / "a")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1                     # not Qt's abort (134)
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: cannot open the window: there is no "
                                                                   "display")
    assert "python3 main.py --help" in proc.stderr
    assert not (tmp_path / "a").exists()


def test_missing_xcb_libraries_are_named_with_their_packages():
    from ui.display import display_problem
    libs = {"libc.so.6": "libc6", "libpapertrail-nothing.so.9": "libpapertrail-nothing9"}
    problem = display_problem({"DISPLAY": ":0"}, "linux", libs)
    assert problem.startswith("the window needs system libraries that are not installed: libpapertrail-nothing9 ")
    assert "sudo apt install libpapertrail-nothing9" in problem
    assert display_problem({"DISPLAY": ":0"}, "linux", {"libc.so.6": "libc6"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({}, "win32") is None


def test_a_task_ending_after_its_window_went_tells_nobody_and_does_not_fail(qtbot):
    # The app closing while a background task finishes: the task's signals are gone with the
    # window; the task ends quietly instead of raising in its thread.
    import shiboken6

    from ui.tasks import Job
    results = []
    job = Job(lambda archive, job: results.append("ran") or 42)
    shiboken6.delete(job)
    job.run(None)
    failing = Job(lambda archive, job: 1 / 0)
    shiboken6.delete(failing)
    failing.run(None)
    assert results == ["ran"] and job.done and failing.done
