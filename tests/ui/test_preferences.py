"""Edit ▸ Preferences: each setting is stored on OK, used by the next search, add or archive opened; Cancel stores nothing."""
import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.ingest import ingest
from archive import Archive
from archive.pdftext import tesseract_available
from tests.conftest import make_pdf, old_archive
from ui import ingest as ingest_ui
from ui import settings

from .conftest import open_window


def open_preferences(window, qtbot):
    window.preferences_action.trigger()
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    return dialog


def press(dialog, qtbot, which: QDialogButtonBox.StandardButton) -> None:
    qtbot.mouseClick(dialog.buttons.button(which), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def scanned_pdf(path, text: str):
    """A page that is only a picture of text, as a scanner makes it."""
    src = make_pdf(path.with_suffix(".src.pdf"), [text], fontsize=18)
    pix = pymupdf.open(src)[0].get_pixmap(dpi=200)
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    doc.save(path)
    doc.close()
    return path


def add_files(window, qtbot, monkeypatch, paths):
    monkeypatch.setattr(ingest_ui, "ask_paths", lambda parent, folder: [str(p) for p in paths])
    with qtbot.waitSignal(window.ingest.ingest_finished, timeout=60000) as blocker:
        window.add_docs_action.trigger()
    window.ingest.summary_dialog.close()
    return blocker.args[0]


def test_edit_menu_entry_and_ctrl_comma_open_the_dialog_with_the_current_values(window, qtbot):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.preferences_action in edit.actions()
    rows = dict(window.shortcut_list())
    assert rows["Edit ▸ Preferences…"].split(", ")[0] == "Ctrl+,"
    settings.SEARCH_LIMIT.set(300)
    settings.AUTO_BACKUPS_KEEP.set(7)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.isModal()
    assert dialog.ocr_box.isChecked() is False          # the test settings turn OCR off
    assert dialog.search_limit_box.value() == 300
    assert dialog.backups_box.value() == 7
    for widget in (dialog.ocr_box, dialog.search_limit_box, dialog.backups_box):
        assert widget.accessibleName()
    press(dialog, qtbot, QDialogButtonBox.StandardButton.Cancel)


def test_search_limit_applies_to_the_next_search(qtbot, tmp_path):
    page = "Letter about the independent oversight of sales, page {}."
    with Archive.open(tmp_path / "many") as archive:
        report = ingest(archive, [make_pdf(tmp_path / "in" / f"report-{n}.pdf", [page.format(i) for i in range(13)])
                                  for n in range(2)], ocr=False)
    assert len(report.added) == 2
    window = open_window(qtbot, tmp_path / "many")
    dialog = open_preferences(window, qtbot)
    dialog.search_limit_box.setValue(20)
    press(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert settings.SEARCH_LIMIT.get() == 20
    window.focus_search()
    with qtbot.waitSignal(window.search.results_changed, timeout=10000) as shown:
        qtbot.keyClicks(window.search.field, "oversight")
    assert shown.args[0] == 20
    assert "showing the first 20 of 26" in window.search.status.text()
    window.close()


def test_ocr_setting_applies_to_the_next_add(window, qtbot, monkeypatch, tmp_path):
    if not tesseract_available():
        pytest.skip("Tesseract is not installed")
    dialog = open_preferences(window, qtbot)
    qtbot.mouseClick(dialog.ocr_box, Qt.MouseButton.LeftButton)
    press(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert settings.INGEST_OCR.get() is True
    report = add_files(window, qtbot, monkeypatch,
                       [scanned_pdf(tmp_path / "scan-1.pdf", "We commit to independent oversight.")])
    assert report.added[0]["ocr_pages"] == [1] and report.added[0]["needs_ocr_pages"] == []

    dialog = open_preferences(window, qtbot)
    assert dialog.ocr_box.isChecked()
    qtbot.mouseClick(dialog.ocr_box, Qt.MouseButton.LeftButton)
    press(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert settings.INGEST_OCR.get() is False
    report = add_files(window, qtbot, monkeypatch,
                       [scanned_pdf(tmp_path / "scan-2.pdf", "A second scanned reply.")])
    assert report.added[0]["ocr_pages"] == [] and report.added[0]["needs_ocr_pages"] == [1]


def test_backups_to_keep_applies_to_the_next_archive_opened(window, qtbot, tmp_path):
    old = old_archive(tmp_path / "old", ("20000101", "20000102"))
    dialog = open_preferences(window, qtbot)
    assert dialog.backups_box.minimum() == 1 and dialog.backups_box.maximum() == 50
    dialog.backups_box.setValue(1)
    press(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert settings.AUTO_BACKUPS_KEEP.get() == 1 and settings.automatic_backups_to_keep() == 1
    with qtbot.waitSignal(window.library_loaded, timeout=30000):
        window.open_archive(old)
    kept = [p.name for p in (old / "backups").glob("*.zip")]
    assert len(kept) == 1 and "before-upgrade" in kept[0]


def test_cancel_and_escape_store_nothing(window, qtbot):
    settings.SEARCH_LIMIT.set(5000)        # outside the dialog's range, as an edited settings file may hold
    before = {k: settings.store().value(k) for k in settings.store().allKeys()}
    dialog = open_preferences(window, qtbot)
    assert dialog.search_limit_box.value() == 2000
    dialog.ocr_box.setChecked(True)
    dialog.search_limit_box.setValue(40)
    dialog.backups_box.setValue(12)
    press(dialog, qtbot, QDialogButtonBox.StandardButton.Cancel)
    dialog = open_preferences(window, qtbot)
    dialog.backups_box.setValue(3)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    # OK without changes leaves even an out-of-range value as it was.
    dialog = open_preferences(window, qtbot)
    press(dialog, qtbot, QDialogButtonBox.StandardButton.Ok)
    assert {k: settings.store().value(k) for k in settings.store().allKeys()} == before
    assert settings.SEARCH_LIMIT.get() == 5000 and settings.INGEST_OCR.get() is False
    assert settings.automatic_backups_to_keep() == 5
