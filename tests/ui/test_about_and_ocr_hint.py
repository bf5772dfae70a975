"""Help > About shows the version; Preferences say how to add Tesseract when it is missing."""
from PySide6.QtWidgets import QMessageBox

from app import __version__
from ui import preferences_dialog
from ui.preferences_dialog import tesseract_howto


def test_about_shows_the_version(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    window.about_action.trigger()
    assert shown and shown[0][0] == "About Papertrail"
    assert f"Papertrail {__version__}" in shown[0][1]


def test_preferences_say_how_to_add_tesseract(window, monkeypatch):
    monkeypatch.setattr(preferences_dialog, "tesseract_available", lambda: False)
    window.preferences_action.trigger()
    hint = window.preferences_dialog.ocr_hint.text()
    assert "Tesseract is not installed" in hint
    assert tesseract_howto() in hint and "restart Papertrail" in hint
    window.preferences_dialog.reject()


def test_preferences_keep_quiet_when_tesseract_is_there(window, monkeypatch):
    monkeypatch.setattr(preferences_dialog, "tesseract_available", lambda: True)
    window.preferences_action.trigger()
    assert "not installed" not in window.preferences_dialog.ocr_hint.text()
    window.preferences_dialog.reject()


def test_tesseract_howto_names_each_system_s_way():
    assert "sudo apt install tesseract-ocr" in tesseract_howto("linux")
    assert "brew install tesseract" in tesseract_howto("darwin")
    assert "PATH" in tesseract_howto("win32")
