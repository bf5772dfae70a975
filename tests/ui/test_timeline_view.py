"""The drawn timeline over real archives: lanes, partial-date spans, links, zoom, pan, filters, clicks, exports."""
import datetime
import shutil

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from app import passages, timeline
from app.demo_archive import load_demo
from archive import Archive
from tests.ui.conftest import open_window
from ui import threads_dialog
from ui.timeline import panel as timeline_panel
from ui.timeline.view import DOT, LinkItem, MarkerItem, TimelineView


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "archive"
    with Archive.open(path) as archive:
        load_demo(archive)
    return path


@pytest.fixture
def demo_copy(demo_path, tmp_path):
    path = tmp_path / "demo"
    shutil.copytree(demo_path, path)
    return path


@pytest.fixture
def demo_timeline(demo_path):
    with Archive.open(demo_path, create=False, migrate=False) as archive:
        return timeline.build(archive)


@pytest.fixture
def view(qtbot):
    v = TimelineView()
    qtbot.addWidget(v)
    v.resize(1100, 520)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_one_lane_per_party_with_every_dated_passage_and_links_styled_by_relation(view, demo_timeline):
    view.set_timeline(demo_timeline, "party")
    assert len(view.markers) == len(demo_timeline["events"]) == 28
    by = {e["by"] for e in demo_timeline["events"]}
    assert {name for name, _top, _h in view.lanes} == by
    # Markers sit inside their lane's band, in date order from left to right.
    for m in view.markers:
        name, top, height = next(lane for lane in view.lanes if lane[0] == m.lane)
        assert top < m.pos().y() < top + height and m.lane == m.event["by"]
    xs = [m.anchor().x() for m in sorted(view.markers, key=lambda m: m.first)]
    assert xs == sorted(xs)
    out_links = [(e["passage_id"], ln["relation"]) for e in demo_timeline["events"] for ln in e["links"]
                 if ln["direction"] == "out"]
    assert len(view.links) == len(out_links) == 22
    contradicts = [ln for ln in view.links if ln.relation == "contradicts"]
    rebuts = [ln for ln in view.links if ln.relation == "rebuts"]
    assert contradicts and rebuts
    assert all(ln.dashed and not ln.arrow and ln.color.name() == "#d55e00" for ln in contradicts)
    assert all(not ln.dashed and ln.arrow for ln in rebuts)
    assert {ln.color.name() for ln in contradicts}.isdisjoint({ln.color.name() for ln in rebuts})


def test_thread_lanes_show_a_passage_in_each_of_its_threads(view, demo_timeline):
    view.set_timeline(demo_timeline, "thread")
    names = [name for name, _t, _h in view.lanes]
    assert set(names) == {"HRIA publication", "Independent oversight", "Remediation"}
    expected = sum(len(e["threads"]) or 1 for e in demo_timeline["events"])
    assert len(view.markers) == expected


def test_partial_dates_are_drawn_as_spans_over_their_month_or_year(view):
    def event(pid, date, precision):
        return {"passage_id": pid, "date": date, "date_precision": precision, "by": "A", "kind": "claim",
                "status": None, "quote": "q", "note": "", "threads": [], "doc_id": "d", "doc_title": "t",
                "doc_date": None, "page": 1, "links": []}
    tl = {"events": [event("day", "2020-03-15", "day"), event("month", "2020-02", "month"),
                     event("year", "2021", "year")], "undated": []}
    view.set_timeline(tl)
    ppd = view.ppd
    day, month, year = (view.marker_for(k) for k in ("day", "month", "year"))
    assert day.width == DOT
    assert month.width == pytest.approx(max(DOT, 29 * ppd))            # February 2020 has 29 days
    assert year.width == pytest.approx(max(DOT, 365 * ppd))
    view.zoom_by(8)
    assert month.width == pytest.approx(29 * view.ppd) and year.width == pytest.approx(365 * view.ppd)
    assert month.pos().x() == pytest.approx(view.scene_x(datetime.date(2020, 2, 1).toordinal()))
    assert view.viewport_x(datetime.date(2020, 2, 1).toordinal()) == pytest.approx(
        view.mapFromScene(month.pos()).x(), abs=1)


def test_zoom_keeps_the_day_under_the_pointer_and_drag_pans(qtbot, view, demo_timeline):
    view.set_timeline(demo_timeline)
    anchor = 600
    before_day = view.day_at(anchor)
    ppd = view.ppd
    view.zoom_by(4, anchor)
    assert view.ppd == pytest.approx(ppd * 4)
    assert view.day_at(anchor) == pytest.approx(before_day, abs=1 / view.ppd + 0.5)
    bar = view.horizontalScrollBar()
    start = bar.value()
    empty = QPoint(700, view.viewport().height() - 5)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    for x in (650, 550, 400):
        qtbot.mouseMove(view.viewport(), QPoint(x, empty.y()))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(400, empty.y()))
    assert bar.value() == start + 300
    view.fit()
    assert view.ppd < ppd * 4 and bar.value() == bar.minimum()


def marker_point(view: TimelineView, marker: MarkerItem) -> QPoint:
    view.centerOn(marker)
    return view.mapFromScene(marker.anchor())


def test_clicking_a_marker_opens_the_passage_at_its_page(qtbot, filled_archive):
    with Archive.open(filled_archive) as archive:
        doc = next(r[0] for r in archive.db.execute("SELECT id, file_name FROM documents")
                   if r[1].startswith("2020"))
        later = passages.tag(archive, doc, "The assessment will be carried out by an independent consultancy.",
                             "claim", on="2020-05")
        first = passages.tag(archive, doc, "We will publish a human rights impact assessment", "commitment")
        passages.link(archive, later["id"], "contradicts", first["id"])
    window = open_window(qtbot, filled_archive)
    with qtbot.waitSignal(window.timeline.loaded, timeout=20000):
        window.show_timeline_action.trigger()
    view = window.timeline.view
    assert len(view.markers) == 2 and len(view.links) == 1
    marker = view.marker_for(later["id"])
    assert marker.width > DOT                      # said in May 2020: a span over the month
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=marker_point(view, marker))
    qtbot.waitUntil(lambda: window.inspector.current_id() == later["id"], timeout=10000)
    doc_view = window.tabs.current_view()
    assert doc_view.doc_id == doc and doc_view.current_page() == 2
    qtbot.waitUntil(lambda: any(h.key == later["id"] for h in doc_view.highlights()), timeout=10000)
    assert marker.chosen
    window.close()


def test_filters_narrow_the_timeline_and_bad_dates_say_why(qtbot, demo_copy):
    window = open_window(qtbot, demo_copy)
    panel = window.timeline
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        window.show_timeline_action.trigger()
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        panel.kind_box.setCurrentIndex(panel.kind_box.findData("claim"))
    assert panel.view.markers and {m.event["kind"] for m in panel.view.markers} == {"claim"}
    panel.kind_box.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(panel.view.markers) == 28, timeout=20000)
    panel.from_edit.setText("2020")
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        panel.from_edit.editingFinished.emit()
    assert panel.view.markers and all(m.event["date"] >= "2020" for m in panel.view.markers)
    panel.to_edit.setText("31 Febtober")
    panel.to_edit.editingFinished.emit()
    assert panel.error.isVisibleTo(panel) and "To:" in panel.error.text()
    panel.to_edit.setText("")
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        panel.status_box.setCurrentIndex(panel.status_box.findData("broken"))
    assert not panel.error.isVisibleTo(panel)
    assert {m.event["status"] for m in panel.view.markers} == {"broken"}
    window.close()


def test_library_thread_opens_its_timeline_and_threads_can_be_renamed(qtbot, demo_copy, monkeypatch):
    window = open_window(qtbot, demo_copy)
    lib = window.library
    qtbot.waitUntil(lambda: lib.threads_view.count() == 3, timeout=10000)
    item = next(lib.threads_view.item(i) for i in range(3) if lib.threads_view.item(i).text().startswith("HRIA"))
    with qtbot.waitSignal(window.timeline.loaded, timeout=20000):
        lib.threads_view.itemClicked.emit(item)
    assert window.timeline_dock.isVisible()
    assert all("HRIA publication" in m.event["threads"] for m in window.timeline.view.markers)
    assert len(window.timeline.view.markers) == 11

    dialog = window.work.show_threads()
    qtbot.waitUntil(lambda: dialog.list.count() == 3, timeout=10000)
    dialog.list.item(0).setSelected(True)
    monkeypatch.setattr(threads_dialog, "ask_text", lambda *a, **k: "Impact assessment")
    with qtbot.waitSignal(dialog.threads_changed, timeout=10000):
        dialog.rename_button.click()
    qtbot.waitUntil(lambda: any(lib.threads_view.item(i).text().startswith("Impact assessment  (11)")
                                for i in range(lib.threads_view.count())), timeout=10000)
    # The dialog reloads its list after the rename; select only once the new name is there.
    qtbot.waitUntil(lambda: any(dialog.list.item(i).data(threads_dialog.NameRole) == "Impact assessment"
                                for i in range(dialog.list.count())), timeout=10000)
    dialog.list.clearSelection()
    for i in range(dialog.list.count()):
        dialog.list.item(i).setSelected(dialog.list.item(i).data(threads_dialog.NameRole) != "Remediation")
    with qtbot.waitSignal(dialog.threads_changed, timeout=10000):
        dialog.merge_button.click()     # ask_text still answers "Impact assessment"
    with Archive.open(demo_copy, create=False, migrate=False) as archive:
        names = {t["name"]: t["passages"] for t in passages.threads(archive)}
    assert set(names) == {"Impact assessment", "Remediation"} and names["Impact assessment"] >= 9
    dialog.close()
    window.close()


def test_exports_write_each_format_and_a_png(qtbot, demo_copy, tmp_path, monkeypatch):
    window = open_window(qtbot, demo_copy)
    panel = window.timeline
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        window.show_timeline_action.trigger()
    out = tmp_path / "out"
    out.mkdir()
    for fmt, _label, _filter in timeline_panel.EXPORTS:
        target = out / f"timeline-{fmt}"
        monkeypatch.setattr(timeline_panel, "ask_save_path", lambda *a, t=target: str(t))
        with qtbot.waitSignal(panel.message, timeout=20000,
                              check_params_cb=lambda m: m.startswith(("Exported", "Export failed"))) as said:
            panel.export(fmt)
        assert said.args[0].startswith("Exported 28 passages"), said.args[0]
        written = target.with_name(target.name + timeline_panel.SUFFIX[fmt])
        text = written.read_text(encoding="utf-8")
        assert "Veridian" in text
    monkeypatch.setattr(timeline_panel, "ask_save_path", lambda *a: str(out / "view.png"))
    panel.export_png()
    assert (out / "view.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    window.close()


def test_links_follow_their_markers_when_zooming(view, demo_timeline):
    view.set_timeline(demo_timeline)
    link = next(ln for ln in view.links if isinstance(ln, LinkItem))
    view.zoom_by(3)
    points = link.points()
    assert points[0] == link.source.anchor() and points[-1] == link.target.anchor()
    assert link.boundingRect().contains(link.source.anchor()) and link.boundingRect().contains(link.target.anchor())


def test_wheel_zooms_and_buttons_zoom_and_fit(qtbot, view, demo_timeline):
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent
    view.set_timeline(demo_timeline)
    ppd = view.ppd
    pos = QPointF(500, 100)
    for _ in range(2):     # two notches arrive together and are laid out once
        event = QWheelEvent(pos, QPointF(view.viewport().mapToGlobal(pos.toPoint())), P(0, 0), P(0, 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: view.ppd != ppd, timeout=3000)
    assert view.ppd == pytest.approx(ppd * 1.25 ** 2)


def test_links_are_painted_along_their_curves(qtbot, view, demo_timeline):
    view.set_timeline(demo_timeline)
    image = view.viewport().grab().toImage()
    painted = 0
    for link in view.links:
        # Sample a point a third of the way along, away from the markers at the ends.
        points = link.points()
        at = view.mapFromScene(points[len(points) // 3])
        if not view.viewport().rect().contains(at):
            continue
        near = [image.pixelColor(at.x() + dx, at.y() + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        if any(abs(c.red() - link.color.red()) + abs(c.green() - link.color.green())
               + abs(c.blue() - link.color.blue()) < 90 for c in near):
            painted += 1
    assert painted >= len(view.links) * 0.6


def test_a_timelinejs_export_with_nothing_dated_says_so_and_writes_nothing(qtbot, demo_copy, tmp_path, monkeypatch):
    window = open_window(qtbot, demo_copy)
    panel = window.timeline
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        window.show_timeline_action.trigger()
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        panel.from_edit.setText("2040")
        panel.from_edit.editingFinished.emit()
    target = tmp_path / "empty"
    monkeypatch.setattr(timeline_panel, "ask_save_path", lambda *a: str(target))
    with qtbot.waitSignal(panel.message, timeout=20000,
                          check_params_cb=lambda m: m.startswith(("Exported", "Export failed"))) as said:
        panel.export("timelinejs")
    assert said.args[0].startswith("Export failed: no dated passages match"), said.args[0]
    assert not list(tmp_path.glob("empty*"))
    window.close()


def test_a_timeline_fitted_while_narrow_fits_again_when_widened_until_the_user_zooms(view, demo_timeline, qtbot):
    view.resize(320, 520)
    qtbot.wait(50)
    view.set_timeline(demo_timeline, "party")
    narrow = view.ppd
    view.resize(1200, 520)
    qtbot.waitUntil(lambda: view.ppd > narrow * 2, timeout=3000)
    lo, hi = view.span
    assert (hi - lo) * view.ppd <= view.viewport().width()          # the whole span shows
    view.zoom_by(2.0)
    zoomed = view.ppd
    view.resize(900, 520)
    qtbot.wait(100)
    assert view.ppd == zoomed                                       # the user's zoom is kept
    view.fit()                                                      # Fit hands the zoom back
    fitted = view.ppd
    view.resize(1150, 520)
    qtbot.waitUntil(lambda: view.ppd > fitted, timeout=3000)
