"""The selection on a page is easy to see, and a new tag shows at once, before the archive answers."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.ui.test_tagging import drag, open_reply, word_point
from ui.tagging import PENDING


def _lightest(image, rect) -> float:
    """The lightest pixel in rect (the paper between the letters), as luminance 0-255."""
    best = 0.0
    r = rect.toRect()
    for x in range(r.left() + 1, r.right() - 1):
        for y in range(r.top() + 1, r.bottom() - 1):
            c = QColor(image.pixel(x, y))
            best = max(best, 0.2126 * c.red() + 0.7152 * c.green() + 0.0722 * c.blue())
    return best


def test_the_selection_visibly_tints_the_paper(qtbot, window):
    view = open_reply(qtbot, window)
    qtbot.waitUntil(lambda: view.canvas.render_key(1) in view.canvas.renderer.cache, timeout=20000)
    drag(qtbot, view, word_point(view, 1, "publish"), word_point(view, 1, "assessment"))
    sel = view.selection()
    assert sel is not None
    qtbot.wait(50)
    image = view.canvas.viewport().grab().toImage()
    [first, *_] = view.canvas.span_viewport_rects(1, sel.start, sel.end)
    paper = _lightest(image, first.translated(0, first.height() * 3))   # the same line spacing, unselected
    tinted = _lightest(image, first)
    assert paper > 240
    assert paper - tinted >= 40, (paper, tinted)    # the old tint darkened the paper by about 10


def test_a_new_tag_is_marked_at_once_with_a_busy_cursor(qtbot, window):
    view = open_reply(qtbot, window)
    drag(qtbot, view, word_point(view, 1, "publish"), word_point(view, 1, "assessment"))
    messages = []
    window.tagging.message.connect(messages.append)
    with qtbot.waitSignal(window.commands.tagged, timeout=10000) as signal:
        qtbot.keyClick(view.canvas, "1")
        # synchronously, before the archive has stored anything:
        assert [h.kind for h in view.highlights()].count(PENDING) == 1
        assert view.canvas.viewport().cursor().shape() == Qt.CursorShape.BusyCursor
        assert messages[-1] == "Tagging as a commitment…"
    pid = signal.args[0]
    qtbot.waitUntil(lambda: any(h.key == pid for h in view.highlights()), timeout=10000)
    assert PENDING not in [h.kind for h in view.highlights()]
    assert view.canvas.viewport().cursor().shape() != Qt.CursorShape.BusyCursor


def test_a_failed_tag_takes_its_mark_away(qtbot, window, monkeypatch):
    view = open_reply(qtbot, window)
    drag(qtbot, view, word_point(view, 1, "publish"), word_point(view, 1, "assessment"))
    from app import passages

    def refuse(*_a, **_k):
        raise passages.BadInput("the archive refused it")
    monkeypatch.setattr(passages, "tag", refuse)
    with qtbot.waitSignal(window.commands.command_failed, timeout=10000):
        qtbot.keyClick(view.canvas, "1")
    assert PENDING not in [h.kind for h in view.highlights()]
    assert view.canvas.viewport().cursor().shape() != Qt.CursorShape.BusyCursor
