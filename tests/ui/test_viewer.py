"""The document viewer on a real archive: rendering, navigation, zoom, selection, highlights, rotation, tabs."""
import time

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication

from app.ingest import ingest
from app.library import original_path
from app.viewer_data import line_rects, rotation_matrix, word_at
from archive import Archive
from archive.errors import NotFound
from tests.conftest import LETTER, make_pdf
from ui.viewer import DocumentTabs, DocumentView, Highlight, PageRenderer
from ui.viewer.page_canvas import PX_PER_PT
from ui.viewer.render import RenderJob, RenderKey

SECOND = """Veridian Signals Ltd
Response to Open Rights Watch

We will publish the assessment in the first quarter of 2022.
The independent oversight board meets every six months.
"""


def _rotated_pdf(path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_textbox(pymupdf.Rect(60, 60, 535, 800),
                        "Rotated memo\n\nThe board agreed to publish the audit in March.\n"
                        "Second line of the rotated page.", fontsize=12, fontname="helv")
    page.set_rotation(90)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """One archive for the module: a 3-page letter, a 2-page reply, a rotated page and a 300-page report."""
    root = tmp_path_factory.mktemp("viewer")
    pdfs = {
        "letter": make_pdf(root / "in" / "letter.pdf", [LETTER, "Page two of the letter.\nNothing else here.",
                                                        "Page three: the end."]),
        "reply": make_pdf(root / "in" / "reply.pdf", [SECOND, "Annex: oversight terms and the assessment."]),
        "rotated": _rotated_pdf(root / "in" / "rotated.pdf"),
        "long": make_pdf(root / "in" / "long.pdf", [f"Report page {i}\nFindings continue on page {i}."
                                                    for i in range(1, 301)]),
    }
    archive = Archive.open(root / "archive")
    report = ingest(archive, list(pdfs.values()), ocr=False)
    assert not report.failed, report.failed
    by_file = {d["file"]: d["id"] for d in report.added}
    ids = {name: by_file[str(p)] for name, p in pdfs.items()}
    yield archive, ids
    archive.close()


@pytest.fixture
def view(qtbot, corpus):
    archive, ids = corpus
    v = DocumentView(archive, ids["letter"])
    qtbot.addWidget(v)
    v.resize(820, 900)
    show_active(qtbot, v)
    return v


def show_active(qtbot, widget):
    """Show a window and make it the active one, so keyboard shortcuts reach it as they would a user's."""
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def word_point(view: DocumentView, page: int, word: str, nth: int = 0) -> QPoint:
    """Viewport position of the centre of a word, computed from the stored layout."""
    c = view.canvas
    t = c.text(page)
    matches = [w for w in t.words if t.text[w[0]:w[1]] == word]
    s, e, x0, y0, x1, y1 = matches[nth]
    p = t.transform.map(QPointF((x0 + x1) / 2, (y0 + y1) / 2))
    r = c.page_viewport_rect(page)
    scale = c.zoom * PX_PER_PT
    return QPoint(round(r.left() + p.x() * scale), round(r.top() + p.y() * scale))


def drag(qtbot, view, a: QPoint, b: QPoint):
    vp = view.canvas.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    mid = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    qtbot.mouseMove(vp, mid)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)


def wait_rendered(qtbot, view, page, timeout=20000):
    key = view.canvas.render_key(page)
    cache = view.canvas.renderer.cache
    qtbot.waitUntil(lambda: key in cache, timeout=timeout)
    return cache.get(key)


# -- pure geometry ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotation_matrix_matches_pymupdf(rotation):
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=500)
    page.set_rotation(rotation)
    assert rotation_matrix(rotation, page.rect.width, page.rect.height) == pytest.approx(tuple(page.rotation_matrix))


def test_line_rects_cover_partial_words_one_band_per_line():
    text = "alpha beta\ngamma"
    words = [(0, 5, 10, 10, 60, 20), (6, 10, 70, 10, 110, 20), (11, 16, 10, 30, 60, 40)]
    assert line_rects(text, words, 2, 13) == [(30.0, 10, 110, 20), (10, 30, 30.0, 40)]
    assert word_at(words, 80, 15) == 1
    assert word_at(words, 200, 15) is None
    assert word_at(words, 200, 15, nearest=True) == 1


# -- rendering and navigation -------------------------------------------------------------------------------------

def test_open_renders_visible_page_at_its_size(qtbot, view):
    with qtbot.waitSignal(view.page_rendered, timeout=20000, check_params_cb=lambda p: p == 1):
        pass
    image = wait_rendered(qtbot, view, 1)
    r = view.canvas.page_viewport_rect(1)
    assert abs(image.width() - r.width()) <= 1 and abs(image.height() - r.height()) <= 1
    # Real ink: the first text line of the letter is dark on white paper.
    p = word_point(view, 1, "Open") - r.topLeft().toPoint()
    dark = min(QColor(image.pixel(x, p.y())).lightness() for x in range(max(p.x() - 15, 0), p.x() + 15))
    assert dark < 120
    assert QColor(image.pixel(5, 5)).lightness() > 240
    assert view.page_total.text() == "/ 3"


def test_page_box_jumps_and_follows_scrolling(qtbot, view):
    view.page_box.setFocus()
    view.page_box.selectAll()
    qtbot.keyClicks(view.page_box, "3")
    qtbot.keyClick(view.page_box, Qt.Key.Key_Return)
    assert view.current_page() == 3
    assert view.canvas.page_viewport_rect(3).top() <= 20
    qtbot.keyClick(view.canvas, Qt.Key.Key_Home)
    assert view.current_page() == 1 and view.page_box.text() == "1"
    qtbot.keyClick(view.canvas, Qt.Key.Key_End)
    assert view.current_page() == 3
    qtbot.keyClick(view.canvas, Qt.Key.Key_PageUp)
    assert view.canvas.verticalScrollBar().value() < view.canvas.verticalScrollBar().maximum()
    with pytest.raises(ValueError, match="page 9 does not exist"):
        view.go_to(9)


def test_zoom_keys_change_rendered_image_size(qtbot, view):
    before = wait_rendered(qtbot, view, 1)
    zoom = view.zoom()
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > zoom
    assert view.zoom_label.text() == f"{view.zoom() * 100:.0f} %"
    after = wait_rendered(qtbot, view, 1)
    assert after.width() > before.width()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() < zoom
    qtbot.keyClick(view.canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(zoom)


# -- selection ----------------------------------------------------------------------------------------------------

def test_drag_selects_words_across_lines_and_copies(qtbot, view):
    text = view.page_text(1)
    start = text.index("In your letter")
    end = text.index("2020.") + len("2020.")
    with qtbot.waitSignal(view.selection_changed, timeout=2000) as sig:
        drag(qtbot, view, word_point(view, 1, "In"), word_point(view, 1, "2020."))
    assert sig.args == [view.doc_id, 1, start, end, text[start:end]]
    assert "\n" in text[start:end]
    sel = view.selection()
    assert (sel.page, sel.start, sel.end) == (1, start, end)
    qtbot.keyClick(view.canvas, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == text[start:end]
    with qtbot.waitSignal(view.selection_changed) as cleared:
        qtbot.keyClick(view.canvas, Qt.Key.Key_Escape)
    assert cleared.args[4] == "" and view.selection() is None


def test_backwards_drag_and_double_click(qtbot, view):
    text = view.page_text(1)
    drag(qtbot, view, word_point(view, 1, "publication"), word_point(view, 1, "ask"))
    start = text.index("ask that you")
    assert view.selection().text == text[start:text.index("publication") + len("publication")]
    qtbot.mouseDClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=word_point(view, 1, "Kessler,"))
    assert view.selection().text == "Kessler,"


# -- highlights and search matches --------------------------------------------------------------------------------

def test_highlight_is_drawn_and_click_reports_its_key(qtbot, view):
    text = view.page_text(1)
    start = text.index("undertook")
    h = Highlight(1, start, start + len("undertook to publish"), QColor(60, 200, 60, 160), "commitment",
                  "Commitment: publish the assessment", "passage-7")
    view.set_highlights([h])
    wait_rendered(qtbot, view, 1)
    at = word_point(view, 1, "undertook")
    shot = view.canvas.viewport().grab().toImage()
    # Paper just inside the marked band, under a green marker: green wins over red and blue.
    corner = view.canvas.span_viewport_rects(1, h.start, h.end)[0]
    probe = QColor(shot.pixel(round(corner.left()) + 2, round(corner.top()) + 1))
    assert probe.green() > probe.red() + 40 and probe.green() > probe.blue() + 40
    assert view.canvas.highlight_at(QPointF(at)).tooltip == "Commitment: publish the assessment"
    with qtbot.waitSignal(view.highlight_clicked, timeout=2000) as sig:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert sig.args == ["passage-7"]
    with pytest.raises(ValueError, match="empty"):
        Highlight(1, 5, 5)


def test_search_hits_scroll_and_move_across_pages(qtbot, view):
    t1, t3 = view.page_text(1), view.page_text(3)
    a = t1.index("oversight")
    b = t3.index("end")
    view.show_search_hits(3, [(1, a, a + 9), (3, b, b + 3)])
    assert view.current_page() == 3 and view.current_match() == 1
    with qtbot.waitSignal(view.match_changed) as sig:
        view.next_match()
    assert sig.args == [0, 2]
    assert view.current_page() == 1
    span = view.canvas.span_viewport_rects(1, a, a + 9)[0]
    vp = view.canvas.viewport()
    assert 0 < span.center().y() < vp.height() and abs(span.center().y() - vp.height() / 2) < 60
    view.previous_match()
    assert view.current_page() == 3
    view.show_search_hits(2, [(0, 4)])
    assert view.search_hits() == [(2, 0, 4)]
    with pytest.raises(ValueError, match="not in this document"):
        view.show_search_hits(7, [(0, 4)])


# -- rotation, size, failures -------------------------------------------------------------------------------------

def test_rotated_page_words_land_on_the_ink_and_select(qtbot, corpus):
    archive, ids = corpus
    v = DocumentView(archive, ids["rotated"])
    qtbot.addWidget(v)
    v.resize(900, 700)
    v.show()
    qtbot.waitExposed(v)
    layout = v.canvas.text(1)
    assert v.canvas.sizes[0].rotation == 90 and v.canvas.sizes[0].width > v.canvas.sizes[0].height
    # The oracle: PyMuPDF's own rotation matrix on the stored original.
    pdf_page = pymupdf.open(original_path(archive, ids["rotated"]))[0]
    text = layout.text
    image = wait_rendered(qtbot, v, 1)
    scale = v.zoom() * PX_PER_PT
    for word in ("board", "March.", "Second"):
        s, e, x0, y0, x1, y1 = next(w for w in layout.words if text[w[0]:w[1]] == word)
        box = pymupdf.Rect(x0, y0, x1, y1) * pdf_page.rotation_matrix
        assert box.height > box.width          # words run down the page once turned
        xs = range(round(box.x0 * scale), round(box.x1 * scale))
        ys = range(round(box.y0 * scale), round(box.y1 * scale))
        assert min(QColor(image.pixel(x, y)).lightness() for x in xs for y in ys) < 120
    r = v.canvas.page_viewport_rect(1)

    def point(word):
        s, e, x0, y0, x1, y1 = next(w for w in layout.words if text[w[0]:w[1]] == word)
        c = pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2) * pdf_page.rotation_matrix
        return QPoint(round(r.left() + c.x * scale), round(r.top() + c.y * scale))

    assert 0 < point("board").y() < v.canvas.viewport().height()
    drag(qtbot, v, point("board"), point("Second"))
    assert v.selection().text == text[text.index("board"):text.index("Second") + len("Second")]


def test_300_page_document_opens_lazily(qtbot, corpus):
    archive, ids = corpus
    renderer = PageRenderer(cache_bytes=150 * 1024 * 1024)
    started = time.perf_counter()
    v = DocumentView(archive, ids["long"], renderer=renderer)
    qtbot.addWidget(v)
    v.resize(800, 900)
    v.show()
    qtbot.waitExposed(v)
    elapsed = time.perf_counter() - started
    assert v.page_count == 300 and v.page_total.text() == "/ 300"
    assert elapsed < 0.5, f"opening took {elapsed:.2f} s"
    wait_rendered(qtbot, v, 1)
    qtbot.waitUntil(lambda: not renderer.is_busy(), timeout=20000)
    assert {k.page for k in renderer.cache._images} <= {1, 2, 3}
    v.go_to(150)
    assert v.current_page() == 150
    wait_rendered(qtbot, v, 150)
    qtbot.waitUntil(lambda: not renderer.is_busy(), timeout=20000)
    assert len(renderer.cache) <= 7
    renderer.shutdown()


def test_renderer_reports_missing_file(qtbot, tmp_path):
    renderer = PageRenderer()
    key = RenderKey("missing", 1, 100)
    with qtbot.waitSignal(renderer.page_failed, timeout=20000) as sig:
        renderer.request(object(), [RenderJob(key, str(tmp_path / "gone.pdf"))])
    assert sig.args[0] == key and "missing" in sig.args[1]
    renderer.shutdown()


# -- tabs ---------------------------------------------------------------------------------------------------------

def test_tabs_reuse_close_and_empty_state(qtbot, corpus):
    archive, ids = corpus
    tabs = DocumentTabs()
    qtbot.addWidget(tabs)
    tabs.resize(900, 700)
    show_active(qtbot, tabs)
    assert tabs._empty.isVisible()
    with qtbot.waitSignal(tabs.current_document_changed) as sig:
        first = tabs.open_document(archive, ids["letter"])
    assert sig.args == [ids["letter"]] and not tabs._empty.isVisible()
    assert tabs.tabToolTip(0) == first.title
    second = tabs.open_document(str(archive.path), ids["reply"][:10], page=2)
    assert tabs.count() == 2 and second.current_page() == 2
    again = tabs.open_document(archive, ids["letter"], page=1, spans=[(0, 4)])
    assert again is first and tabs.count() == 2 and tabs.currentWidget() is first
    assert first.search_hits() == [(1, 0, 4)]
    with pytest.raises(NotFound):
        tabs.open_document(archive, "abcdef0123")
    first.canvas.setFocus()
    with qtbot.waitSignal(tabs.current_document_changed):
        qtbot.keyClick(first.canvas, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert tabs.count() == 1 and tabs.current_doc_id() == ids["reply"]
    with qtbot.waitSignal(tabs.current_document_changed) as sig:
        tabs.close_tab(0)
    assert sig.args == [""] and tabs.count() == 0 and tabs._empty.isVisible()
    assert not tabs._own_archives
