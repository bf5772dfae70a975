"""The window at 1024×700: panels wrap or scroll instead of being cut off, dividers move, a letter
opens at a readable zoom, and the timeline opens at a useful height that it keeps."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from app import passages
from archive import Archive
from tests.ui.conftest import open_window
from ui import settings

SMALL = (1024, 700)


@pytest.fixture
def small(qtbot, filled_archive):
    with Archive.open(filled_archive) as archive:
        doc = archive.db.execute("SELECT id FROM documents WHERE file_name LIKE '2020%'").fetchone()[0]
        pid = passages.tag(archive, doc, "We will publish a human rights impact assessment", "commitment",
                           note="Promised for the end of 2020; a long note that has to wrap in the panel.")["id"]
    window = open_window(qtbot, filled_archive)
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.size().toTuple() == SMALL, timeout=5000)
    qtbot.wait(100)
    yield window, doc, pid
    window.close()


def test_the_window_fits_and_the_library_divider_moves(small, qtbot):
    window, _doc, _pid = small
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1]
    library = window.library_dock
    assert library.minimumSizeHint().width() <= 320
    for width in (600, 330):
        window.resizeDocks([library], [width], Qt.Orientation.Horizontal)
        qtbot.waitUntil(lambda w=width: abs(library.width() - w) <= 4, timeout=3000)
    qtbot.wait(100)
    # narrow: the filters wrapped onto more rows instead of widening the panel or being cut off
    lib = window.library
    assert lib.year_box.y() > lib.filter_box.y()
    for box in (lib.filter_box, lib.party_box, lib.kind_box, lib.year_box):
        assert box.geometry().right() < box.parentWidget().width()


def test_a_letter_opens_at_a_readable_zoom_and_the_inspector_is_not_cut_off(small, qtbot):
    window, doc, pid = small
    view = window.open_document(doc)
    qtbot.wait(200)
    assert view.canvas.zoom >= 0.5          # it used to open at 32 %
    window.tagging.reveal(pid)
    qtbot.waitUntil(lambda: window.inspector.current_id() == pid, timeout=10000)
    qtbot.waitUntil(lambda: window.inspector_dock.isVisible(), timeout=3000)
    qtbot.wait(200)
    insp = window.inspector
    viewport = insp.stack.currentWidget().viewport()
    assert insp.body.width() <= viewport.width()
    for widget in insp.body.findChildren(QLabel) + insp.body.findChildren(QPushButton):
        if widget.isVisible():
            right = widget.mapTo(viewport, widget.rect().topRight()).x()
            assert right <= viewport.width(), f"{widget.text()!r} is cut off at {right} > {viewport.width()}"
    assert view.canvas.zoom >= 0.4 and view.width() >= 380   # the letter keeps room beside it
    window.grab().save(str(window.session.path.parent / "small-inspector.png"))


def test_the_timeline_opens_at_a_useful_height_and_remembers_it(small, qtbot, filled_archive):
    window, _doc, _pid = small
    window.work.show_timeline()
    dock = window.timeline_dock
    qtbot.waitUntil(lambda: dock.isVisible() and dock.height() >= 250, timeout=5000)
    window.resizeDocks([dock], [320], Qt.Orientation.Vertical)       # the user drags the divider
    qtbot.waitUntil(lambda: abs(dock.height() - 320) <= 4, timeout=3000)
    dock.hide()
    qtbot.wait(50)
    window.work.show_timeline()
    qtbot.waitUntil(lambda: dock.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: abs(dock.height() - 320) <= 4, timeout=3000)
    assert abs(settings.TIMELINE_HEIGHT.get() - 320) <= 4
    window.close()
    again = open_window(qtbot, filled_archive)      # a restart keeps it too
    again.resize(*SMALL)
    qtbot.wait(100)
    again.timeline_dock.hide()
    again.work.show_timeline()
    qtbot.waitUntil(lambda: abs(again.timeline_dock.height() - 320) <= 4, timeout=3000)
    again.close()


def test_the_timeline_first_opens_at_half_a_large_window(qtbot, filled_archive):
    window = open_window(qtbot, filled_archive)
    window.resize(1440, 900)
    qtbot.wait(100)
    window.work.show_timeline()
    qtbot.waitUntil(lambda: window.timeline_dock.height() >= 380, timeout=5000)
    window.close()


def test_the_library_takes_the_width_until_a_document_is_opened(small, qtbot):
    window, doc, _pid = small
    library = window.library_dock
    # Nothing to read yet: the viewer's side keeps a strip for its hint, the columns get the rest.
    qtbot.waitUntil(lambda: library.width() >= 0.7 * SMALL[0], timeout=3000)
    window.open_document(doc)
    qtbot.waitUntil(lambda: window.width() - library.width() >= 520, timeout=3000)
    window.tabs.close_tab(window.tabs.currentIndex())
    qtbot.waitUntil(lambda: library.width() >= 0.7 * SMALL[0], timeout=3000)
    # Once the user has moved the divider, it stays where they put it.
    window.resizeDocks([library], [450], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(library.width() - 450) <= 4, timeout=3000)
    window.open_document(doc)
    qtbot.wait(200)
    assert abs(library.width() - 450) <= 4


def test_a_document_opened_at_a_page_stays_there_while_the_panes_settle(small, qtbot):
    window, doc, _pid = small
    view = window.open_document(doc, page=2)
    qtbot.waitUntil(lambda: view.current_page() == 2, timeout=3000)
    library = window.library_dock
    widths = []
    for width in (600, 330, 480):       # the library's divider moving, as when the width is shared out
        window.resizeDocks([library], [width], Qt.Orientation.Horizontal)
        qtbot.wait(100)
        widths.append(view.canvas.viewport().width())
        assert view.current_page() == 2
    assert len(set(widths)) == 3        # the letter was laid out afresh each time
    # Once the reader has scrolled, a resize keeps what they scrolled to instead.
    bar = view.canvas.verticalScrollBar()
    bar.setValue(0)
    qtbot.waitUntil(lambda: view.current_page() == 1, timeout=3000)
    window.resizeDocks([library], [380], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(library.width() - 380) <= 4, timeout=3000)
    qtbot.wait(50)
    assert view.current_page() == 1
