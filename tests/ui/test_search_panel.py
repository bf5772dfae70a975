"""The search panel the way a person uses it: type, wait, click a result, step through hits, save, export."""
import csv
import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.search import Hit
from ui import search_panel
from ui.models import HitRole, SearchResultsModel


def search_for(window, qtbot, text: str) -> None:
    window.focus_search()
    field = window.search.field
    field.clear()
    with qtbot.waitSignal(window.search.results_changed, timeout=10000):
        qtbot.keyClicks(field, text)


def test_ctrl_f_focuses_the_search_field(window, qtbot):
    window.library.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_dock.isVisible()
    qtbot.waitUntil(lambda: window.search.field.hasFocus(), timeout=3000)


def test_typing_a_query_shows_documents_and_pages_with_highlights(window, qtbot):
    search_for(window, qtbot, '"impact assessment"')
    model = window.search.model
    assert len(model.nodes) == 3
    assert model.hit_count() == 4   # the two-page letter matches on both pages
    assert "3 documents" in window.search.status.text()
    first_page = model.index(0, 0, model.index(0, 0))
    html = first_page.data(search_panel.HtmlRole)
    assert "background-color" in html and "impact" in html.lower()


def test_clicking_a_result_opens_the_document_at_that_page_with_matches(window, qtbot):
    search_for(window, qtbot, "consultancy")
    model = window.search.model
    doc_row = model.index(0, 0)
    page_row = model.index(0, 0, doc_row)
    hit = page_row.data(HitRole)
    assert hit.page == 2
    rect = window.search.tree.visualRect(page_row)
    qtbot.mouseClick(window.search.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = window.tabs.current_view()
    assert view is not None and view.doc_id == hit.doc_id
    assert view.current_page() == 2
    assert view.search_hits() == [(2, s, e) for s, e in hit.matches]


def test_f3_steps_through_matches_and_results(window, qtbot):
    search_for(window, qtbot, "assessment")
    hits = window.search.model.all_hits()
    assert len(hits) >= 3
    window.next_hit()
    view = window.tabs.current_view()
    first = (view.doc_id, view.current_page())
    assert first == (hits[0].doc_id, hits[0].page)
    seen = {first}
    total_matches = sum(len(h.matches) for h in hits)
    for _ in range(total_matches - 1):
        qtbot.keyClick(window, Qt.Key.Key_F3)
        view = window.tabs.current_view()
        seen.add((view.doc_id, view.current_page()))
    assert seen == {(h.doc_id, h.page) for h in hits}
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.tabs.current_view() is not None


def test_bad_query_shows_its_message_inline(window, qtbot):
    search_for(window, qtbot, "from:")
    label = window.search.error_label
    assert label.isVisible()
    assert "from: needs a value" in label.text()
    assert QApplication.activeModalWidget() is None
    assert window.search.model.rowCount() == 0
    window.search.field.setText("impact")
    qtbot.waitUntil(lambda: not label.isVisible(), timeout=5000)


def test_stale_results_are_discarded(window, qtbot):
    window.focus_search()
    window.search.field.setText("impact")
    window.search.run_now()
    window.search.field.setText("zzznothingmatchesthis")
    window.search.run_now()
    qtbot.waitUntil(lambda: window.search.status.text() == "No matches", timeout=10000)
    qtbot.wait(300)
    assert window.search.model.rowCount() == 0
    assert window.search.last_query == "zzznothingmatchesthis"


def _recorded_searches(monkeypatch, slow: dict[str, float] | None = None) -> list[str]:
    """Record every search that actually runs; queries in `slow` take that many seconds more."""
    ran: list[str] = []
    real = search_panel.search_task

    def task(text, limit, sort):
        inner = real(text, limit, sort)

        def run(archive, job):
            ran.append(text)
            time.sleep((slow or {}).get(text, 0))
            return inner(archive, job)
        return run
    monkeypatch.setattr(search_panel, "search_task", task)
    return ran


def test_typing_searches_once_the_user_pauses_without_enter(window, qtbot, monkeypatch):
    ran = _recorded_searches(monkeypatch)
    window.focus_search()
    with qtbot.waitSignal(window.search.results_changed, timeout=10000):
        qtbot.keyClicks(window.search.field, "consultancy")     # no Enter
    assert ran == ["consultancy"]     # one search for the whole word, not one per key
    assert window.search.model.hit_count() == 1
    assert window.search.last_query == "consultancy"


def test_a_slow_older_search_finishing_last_does_not_replace_newer_results(window, qtbot, monkeypatch):
    ran = _recorded_searches(monkeypatch, slow={"impact": 1.5})
    panel = window.search
    panel.field.setText("impact")
    panel.run_now()
    qtbot.waitUntil(lambda: ran == ["impact"], timeout=5000)     # the slow one is running
    panel.field.setText("consultancy")
    panel.run_now()
    qtbot.waitUntil(lambda: panel.last_query == "consultancy", timeout=10000)
    assert panel.model.hit_count() == 1
    qtbot.wait(2000)                                             # the older search has finished by now
    assert ran == ["impact", "consultancy"]
    assert panel.last_query == "consultancy"
    assert panel.model.hit_count() == 1 and "1 page in 1 document" in panel.status.text()


def test_a_superseded_search_that_has_not_started_is_dropped(window, qtbot, monkeypatch):
    ran = _recorded_searches(monkeypatch)
    panel = window.search
    pool = window.session.readers.pool
    pool.setMaxThreadCount(1)
    release = threading.Event()
    window.session.read(lambda archive, job: release.wait(10))   # holds the only reader thread
    panel.field.setText("impact")
    panel.run_now()
    panel.field.setText("consultancy")
    panel.run_now()
    release.set()
    qtbot.waitUntil(lambda: panel.last_query == "consultancy", timeout=10000)
    assert pool.waitForDone(5000)
    assert ran == ["consultancy"]
    assert not window.session.readers._live      # the dropped job was let go as well


def test_save_search_lists_it_in_the_library_and_clicking_runs_it(window, qtbot, monkeypatch):
    monkeypatch.setattr(search_panel, "ask_name", lambda *a, **k: "HRIA letters")
    search_for(window, qtbot, "impact")
    with qtbot.waitSignal(window.library.loaded, timeout=10000):
        qtbot.mouseClick(window.search.save_button, Qt.MouseButton.LeftButton)
    saved = window.library.saved_model
    assert [s["name"] for s in saved.items] == ["HRIA letters"]
    window.search.field.clear()
    window.show_library()
    view = window.library.saved_view
    rect = view.visualRect(saved.index(0, 0))
    with qtbot.waitSignal(window.search.results_changed, timeout=10000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.search.field.text() == "impact"
    assert window.search.model.hit_count() > 0
    with qtbot.waitSignal(window.library.loaded, timeout=10000):
        window.library.delete_saved_search(saved.items[0]["id"])
    assert saved.rowCount() == 0
    assert window.library.saved_stack.currentWidget() is window.library.saved_empty


def test_export_results_writes_a_csv(window, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "exports" / "results"
    target.parent.mkdir()
    monkeypatch.setattr(search_panel, "ask_save_path", lambda *a, **k: str(target))
    search_for(window, qtbot, "impact")
    with qtbot.waitSignal(window.search.message, timeout=10000,
                          check_params_cb=lambda text: text.startswith("Exported")):
        qtbot.mouseClick(window.search.export_button, Qt.MouseButton.LeftButton)
    assert Path(str(target) + ".csv").read_bytes().startswith(b"\xef\xbb\xbf")   # UTF-8 for Excel
    with open(str(target) + ".csv", newline="", encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["doc_id", "title", "date", "page", "score", "snippet"]
    assert len(table) - 1 == window.search.model.hit_count()
    assert all("<mark>" not in row[5] for row in table[1:])


def test_results_model_passes_the_model_tester(qtmodeltester):
    model = SearchResultsModel()
    model.set_hits([Hit("a" * 64, "One", "2020-01-01", 1, 1.0, "x <mark>y</mark>", [(2, 3)]),
                    Hit("a" * 64, "One", "2020-01-01", 3, 0.5, "<mark>y</mark>", [(0, 1)]),
                    Hit("b" * 64, "Two", None, 2, 0.2, "z", [])])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.rowCount(model.index(0, 0)) == 2
    model.clear()
    qtmodeltester.check(model)


def test_a_phrase_is_counted_on_the_search_thread_not_by_the_window(filled_archive):
    from archive import Archive
    from ui.search_panel import search_task
    with Archive.open(filled_archive, create=False) as archive:
        results = search_task('"impact assessment"', 1, "relevance")(archive, None)
        assert isinstance(results._total, int) and results.total >= 1
