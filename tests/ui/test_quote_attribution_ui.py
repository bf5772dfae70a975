"""In the app: a selection dragged across a page break tags one passage highlighted on both pages, and
the inspector says whose words it is, lets the user change that, and shows the citation it makes."""
from app import passages
from archive import Archive
from tests.app.rights_letter import ingest_letters
from tests.ui.conftest import open_window
from tests.ui.test_tagging import drag, word_point


def letters_archive(tmp_path):
    path = tmp_path / "rights"
    with Archive.open(path) as archive:
        ids = ingest_letters(archive, tmp_path / "in")
    return path, ids


def test_drag_across_the_page_break_tags_one_passage_on_both_pages(qtbot, tmp_path):
    path, ids = letters_archive(tmp_path)
    window = open_window(qtbot, path)
    view = window.open_document(ids["letter"])
    view.set_zoom(0.33)
    view.go_to(3)
    qtbot.waitUntil(lambda: {3, 4} <= set(view.canvas.visible_pages()), timeout=5000)
    with qtbot.waitActive(window):
        window.activateWindow()
    view.canvas.setFocus()
    qtbot.waitUntil(lambda: view.canvas.hasFocus(), timeout=5000)
    drag(qtbot, view, word_point(view, 3, "“absent"), word_point(view, 4, "misuse.”"))
    sel = view.selection()
    assert sel is not None and (sel.page, sel.end_page) == (3, 4)
    with qtbot.waitSignal(window.commands.tagged, timeout=10000) as signal:
        qtbot.keyClick(view.canvas, "2")
    pid = signal.args[0]
    qtbot.waitUntil(lambda: {h.page for h in view.highlights() if h.key == pid} == {3, 4}, timeout=10000)
    with Archive.open(path, create=False, migrate=False) as archive:
        p = passages.get(archive, pid)
    assert (p["page"], p["end_page"]) == (3, 4) and p["quote"].startswith("“absent customer")
    assert p["quote"].endswith("any misuse.”") and "\n3\n" not in p["quote"]
    assert p["words_by"] is None     # said by the letter's first sender: its author's words
    window.close()


def test_inspector_shows_and_changes_whose_words_and_the_citation(qtbot, tmp_path):
    path, ids = letters_archive(tmp_path)
    with Archive.open(path) as archive:
        p = passages.tag(archive, ids["letter"], "limited to reviewing available metadata", "claim",
                         by="NSO Group", on="2020-06")
    window = open_window(qtbot, path)
    window.inspector.show_passage(p["id"])
    qtbot.waitUntil(lambda: window.inspector.current_id() == p["id"], timeout=10000)
    words = window.inspector.words_section
    assert words.words_box.currentData() == "NSO Group"          # detected: inside quotation marks
    assert words.citation.text() == ("Cited as: NSO Group, June 2020, as quoted in Access Now et al., NSO Group "
                                     "continues to fail in human rights compliance, 27 April 2021, p. 3")
    words.said_in_edit.setText("letter to David Kaye")
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        words.said_in_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "letter to David Kaye" in words.citation.text(), timeout=10000)
    words.manner_box.setCurrentIndex(words.manner_box.findData("said"))
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        words.manner_box.activated.emit(words.manner_box.currentIndex())
    words.words_box.setCurrentIndex(words.words_box.findData("author"))
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        words.words_box.activated.emit(words.words_box.currentIndex())
    qtbot.waitUntil(lambda: "(reporting NSO Group, June 2020)" in words.citation.text(), timeout=10000)
    with Archive.open(path, create=False, migrate=False) as archive:
        q = passages.get(archive, p["id"])
    assert (q["words_by"], q["manner"], q["said_in"]) == (None, "said", "letter to David Kaye")
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        window.undo_action.trigger()
    with Archive.open(path, create=False, migrate=False) as archive:
        assert passages.get(archive, p["id"])["words_by"] == "NSO Group"
    window.close()
