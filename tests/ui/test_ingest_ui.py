"""Adding documents from the window: File menu, progress and Cancel, passwords, the summary, the welcome screen."""
import pymupdf
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.conftest import make_pdf
from ui import ingest as ingest_ui
from ui import settings


def add_via_menu(window, qtbot, monkeypatch, paths, timeout=60000):
    monkeypatch.setattr(ingest_ui, "ask_paths", lambda parent, folder: [str(p) for p in paths])
    with qtbot.waitSignal(window.ingest.ingest_finished, timeout=timeout) as blocker:
        window.add_docs_action.trigger()
    return blocker.args[0]


def test_add_documents_from_the_file_menu_and_summary(window, qtbot, monkeypatch, tmp_path, letter_text):
    new = make_pdf(tmp_path / "new" / "reply.pdf", ["Veridian Signals Ltd\n\nBristol, 2 July 2020\n\n"
                                                   "Dear colleagues,\n\nWe published the summary.\n"])
    corrupt = tmp_path / "new" / "broken.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis file was cut off in transit")
    duplicate = tmp_path / "letters" / "2019-orw-to-veridian.pdf"
    with qtbot.waitSignal(window.library.loaded, timeout=60000):
        report = add_via_menu(window, qtbot, monkeypatch, [new, corrupt, duplicate])
    assert [a["file"] for a in report.added] == [str(new)]
    assert [d["file"] for d in report.duplicates] == [str(duplicate)]
    assert [f["file"] for f in report.failed] == [str(corrupt)]
    dialog = window.ingest.summary_dialog
    assert dialog.isVisible()
    rows = dialog.rows()
    assert rows[0][0] == "Failed" and rows[0][1] == "broken.pdf" and rows[0][2]
    assert {r[0] for r in rows} == {"Failed", "Duplicate", "Added"}
    assert "1 added" in dialog.headline.text()
    assert window.library.model.rowCount() == 4
    assert not window.ingest_status.isVisible()


def test_encrypted_pdf_asks_for_its_password_and_is_added(window, qtbot, monkeypatch, tmp_path):
    plain = make_pdf(tmp_path / "secret" / "plain.pdf", ["Confidential letter\n\nParis, 3 May 2021\n\nBonjour."])
    locked = tmp_path / "secret" / "locked.pdf"
    doc = pymupdf.open(plain)
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner-pw")
    doc.close()
    asked = []

    def answer(parent, name, wrong):
        asked.append((name, wrong))
        return "wrong" if len(asked) == 1 else "s3cret"
    monkeypatch.setattr(ingest_ui, "ask_password", answer)
    report = add_via_menu(window, qtbot, monkeypatch, [locked])
    assert asked == [("locked.pdf", False), ("locked.pdf", True)]
    assert [a["file"] for a in report.added] == [str(locked)]
    assert report.failed == []


def test_skipping_the_password_reports_the_failure(window, qtbot, monkeypatch, tmp_path):
    plain = make_pdf(tmp_path / "secret" / "plain.pdf", ["Short note."])
    locked = tmp_path / "secret" / "locked.pdf"
    doc = pymupdf.open(plain)
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    doc.close()
    monkeypatch.setattr(ingest_ui, "ask_password", lambda *a, **k: None)
    report = add_via_menu(window, qtbot, monkeypatch, [locked])
    assert report.failed[0]["error"] == ingest_ui.NEEDS_PASSWORD
    assert "needs a password" in window.ingest.summary_dialog.rows()[0][2]


def test_cancel_stops_an_ingest_and_the_window_stays_responsive(window, qtbot, monkeypatch, tmp_path):
    folder = tmp_path / "many"
    for i in range(40):
        make_pdf(folder / f"letter-{i:02}.pdf", [f"Letter number {i}\n\nLondon, 1 June 2020\n\nDear all,\n\n"
                                                 f"Item {i} of the series about oversight.\n"])

    def cancel_once_started(done, total, current):
        if done >= 1 and window.ingest_status.cancel_button.isEnabled():
            qtbot.mouseClick(window.ingest_status.cancel_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(ingest_ui, "ask_paths", lambda parent, folder=False: [str(tmp_path / "many")])
    window.ingest.ingest_started.connect(
        lambda: window.ingest.job.progressed.connect(cancel_once_started))
    with qtbot.waitSignal(window.ingest.ingest_finished, timeout=120000) as blocker:
        window.add_folder_action.trigger()
        assert window.ingest_status.isVisible()
        window.search.field.setText("oversight")   # the GUI keeps working meanwhile
    report = blocker.args[0]
    assert report.cancelled
    assert len(report.added) < 40
    assert "cancelled" in window.ingest.summary_dialog.headline.text()


def test_dropping_files_on_the_window_adds_them(window, qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "dropped" / "dropped.pdf", ["A dropped letter\n\nRome, 5 May 2022\n\nCiao."])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.ingest.ingest_finished, timeout=60000) as blocker:
        window.dropEvent(event)
    assert [a["file"] for a in blocker.args[0].added] == [str(pdf)]


def test_welcome_screen_on_an_empty_archive(empty_window):
    assert empty_window.central.currentWidget() is empty_window.welcome
    assert not empty_window.library_dock.isVisible()
    assert empty_window.welcome.add_button.isVisible()


def test_welcome_add_documents_leaves_the_welcome_screen(empty_window, qtbot, monkeypatch, tmp_path):
    pdf = make_pdf(tmp_path / "first" / "first.pdf", ["First letter\n\nOslo, 1 March 2021\n\nHei."])
    monkeypatch.setattr(ingest_ui, "ask_paths", lambda parent, folder: [str(pdf)])
    with qtbot.waitSignal(empty_window.library_loaded, timeout=60000,
                          check_params_cb=lambda n: n == 1):
        qtbot.mouseClick(empty_window.welcome.add_button, Qt.MouseButton.LeftButton)
    assert empty_window.central.currentWidget() is empty_window.tabs
    assert empty_window.library_dock.isVisible()


def test_demo_button_builds_and_opens_the_demo_archive(empty_window, qtbot, tmp_path):
    with qtbot.waitSignal(empty_window.library_loaded, timeout=180000, check_params_cb=lambda n: n > 0):
        qtbot.mouseClick(empty_window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert empty_window.session.path == settings.demo_archive_dir()
    assert empty_window.library.model.rowCount() >= 10
    assert empty_window.central.currentWidget() is empty_window.tabs
    assert settings.LAST_ARCHIVE.get() == str(tmp_path / "empty")    # the next start opens the user's own
