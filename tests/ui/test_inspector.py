"""The inspector and the passages list on a real archive: edit every field, add status changes, threads and
links through the searchable picker, jump to linked passages, undo, and see orphaned passages flagged."""
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import passages
from app.reextract import replace_pages
from archive import Archive
from tests.ui.conftest import open_window
from ui.inspector.sections import check_date
from ui.passages_panel import PassageFilter, PassagePickerDialog, PassagesModel


@pytest.fixture
def tagged(filled_archive):
    """The filled archive with three passages: a promise, a claim on page 2 and a rebuttal a year later."""
    with Archive.open(filled_archive) as archive:
        docs = {r[1][:4]: r[0] for r in archive.db.execute("SELECT id, file_name FROM documents")}
        promise = passages.tag(archive, docs["2020"], "We will publish a human rights impact assessment",
                               "commitment")
        claim = passages.tag(archive, docs["2020"], "The assessment will be carried out by an independent "
                             "consultancy.", "claim")
        rebuttal = passages.tag(archive, docs["2021"], "no such assessment has been published", "rebuttal")
    return {"path": filled_archive, "docs": docs, "promise": promise["id"], "claim": claim["id"],
            "rebuttal": rebuttal["id"]}


def get(path, pid):
    with Archive.open(path, create=False, migrate=False) as archive:
        return passages.get(archive, pid)


def inspect(qtbot, window, pid):
    window.inspector.show_passage(pid)
    qtbot.waitUntil(lambda: window.inspector.current_id() == pid, timeout=10000)
    return window.inspector


def changed(qtbot, window):
    return qtbot.waitSignal(window.commands.changed, timeout=10000)


def answer_picker(qtbot, words: str):
    """Type words into the passage picker when it opens, then press OK on the first match."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassagePickerDialog):
            QTimer.singleShot(50, answer)
            return
        qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10000)
        qtbot.keyClicks(dialog.filter_box, words)
        assert dialog.proxy.rowCount() == 1
        dialog.accept()
    QTimer.singleShot(50, answer)


def test_said_on_accepts_partial_dates_and_explains_bad_ones(qtbot, tagged):
    window = open_window(qtbot, tagged["path"])
    insp = inspect(qtbot, window, tagged["promise"])
    insp.on_edit.setFocus()
    insp.on_edit.selectAll()
    qtbot.keyClicks(insp.on_edit, "31 February 2020")
    assert "has no day 31" in insp.on_hint.text() and insp.on_edit.property("invalid") is True
    insp.on_edit.editingFinished.emit()
    assert not window.commands.stack.canUndo()            # nothing was sent
    insp.on_edit.selectAll()
    qtbot.keyClicks(insp.on_edit, "May 2020")
    assert insp.on_hint.text() == "May 2020 (month precision)"
    with changed(qtbot, window):
        insp.on_edit.editingFinished.emit()
    p = get(tagged["path"], tagged["promise"])
    assert p["said_on"] == "2020-05" and p["date_precision"] == "month"
    assert check_date("") == ("", "Undated: the passage is listed apart on timelines")
    window.close()


def test_kind_change_and_undo(qtbot, tagged):
    window = open_window(qtbot, tagged["path"])
    insp = inspect(qtbot, window, tagged["claim"])
    assert insp.status_section.current.text() == "Only commitments have a status."
    insp.kind_box.setCurrentIndex(insp.kind_box.findData("commitment"))
    with changed(qtbot, window):
        insp.kind_box.activated.emit(insp.kind_box.currentIndex())
    p = get(tagged["path"], tagged["claim"])
    assert p["kind"] == "commitment" and p["status"] == "open"
    with changed(qtbot, window):
        window.undo_action.trigger()
    p = get(tagged["path"], tagged["claim"])
    assert p["kind"] == "claim" and p["status"] is None and p["history"] == []
    window.close()


def test_status_change_with_date_note_and_evidence_then_undo(qtbot, tagged):
    window = open_window(qtbot, tagged["path"])
    insp = inspect(qtbot, window, tagged["promise"])
    section = insp.status_section
    assert "Open" in section.current.text() and section.history.count() == 1
    section.add_button.click()
    assert section.form.isVisibleTo(insp)
    section.status_box.setCurrentIndex(section.status_box.findData("broken"))
    qtbot.keyClicks(section.date_edit, "Jan 2021")
    assert section.date_hint.text() == "January 2021 (month precision)"
    qtbot.keyClicks(section.note_edit, "Deadline passed")
    answer_picker(qtbot, "no such assessment")
    section.evidence_button.click()
    assert "no such assessment" in section.evidence_label.text()
    with changed(qtbot, window):
        section.save_button.click()
    p = get(tagged["path"], tagged["promise"])
    assert p["status"] == "broken"
    assert p["history"][-1] | {"recorded_at": None} == {"status": "broken", "on_date": "2021-01",
                                                         "note": "Deadline passed",
                                                         "evidence_id": tagged["rebuttal"], "recorded_at": None}
    qtbot.waitUntil(lambda: section.history.count() == 2, timeout=10000)
    assert "evidence: “no such assessment" in section.history.item(0).text()
    assert "Broken" in section.current.text()
    with changed(qtbot, window):
        window.undo_action.trigger()
    p = get(tagged["path"], tagged["promise"])
    assert p["status"] == "open" and len(p["history"]) == 1
    window.close()


def test_threads_and_note(qtbot, tagged):
    window = open_window(qtbot, tagged["path"])
    insp = inspect(qtbot, window, tagged["promise"])
    threads = insp.threads_section
    qtbot.keyClicks(threads.add_box.lineEdit(), "HRIA publication")
    with changed(qtbot, window):
        threads.add_button.click()
    assert get(tagged["path"], tagged["promise"])["threads"] == ["HRIA publication"]
    qtbot.waitUntil(lambda: threads.chips.count() == 1, timeout=10000)
    threads.chips.item(0).setSelected(True)
    with changed(qtbot, window):
        threads.remove_button.click()
    assert get(tagged["path"], tagged["promise"])["threads"] == []
    qtbot.waitUntil(lambda: insp.passage["threads"] == [], timeout=10000)
    insp.note_edit.setFocus()
    qtbot.keyClicks(insp.note_edit, "The central promise")
    with changed(qtbot, window):
        insp.show_button.setFocus()          # leaving the box saves the note
    assert get(tagged["path"], tagged["promise"])["note"] == "The central promise"
    window.close()


def test_add_link_with_the_picker_jump_to_it_remove_and_undo(qtbot, tagged):
    window = open_window(qtbot, tagged["path"])
    insp = inspect(qtbot, window, tagged["rebuttal"])
    links = insp.links_section
    assert links.empty.isVisibleTo(insp)
    links.relation_box.setCurrentIndex(links.relation_box.findData("rebuts"))
    answer_picker(qtbot, "We will publish")
    with changed(qtbot, window):
        links.add_button.click()
    assert get(tagged["path"], tagged["rebuttal"])["links"] == [
        {"relation": "rebuts", "passage_id": tagged["promise"], "direction": "out"}]
    qtbot.waitUntil(lambda: links.list.count() == 1, timeout=10000)
    assert links.list.item(0).text().startswith("This rebuts “We will publish")
    # Go to the linked passage: its letter opens at its page, highlighted, and the inspector follows.
    links.list.setCurrentRow(0)
    links.go_button.click()
    qtbot.waitUntil(lambda: insp.current_id() == tagged["promise"], timeout=10000)
    view = window.tabs.current_view()
    assert view.doc_id == tagged["docs"]["2020"] and view.current_page() == 1
    qtbot.waitUntil(lambda: any(h.key == tagged["promise"] for h in view.highlights()), timeout=10000)
    qtbot.waitUntil(lambda: links.list.count() == 1, timeout=10000)
    assert links.list.item(0).text().startswith("“no such assessment has been published” rebuts this")
    links.list.setCurrentRow(0)
    with changed(qtbot, window):
        links.remove_button.click()
    assert get(tagged["path"], tagged["promise"])["links"] == []
    with changed(qtbot, window):
        window.undo_action.trigger()
    assert get(tagged["path"], tagged["promise"])["links"] == [
        {"relation": "rebuts", "passage_id": tagged["rebuttal"], "direction": "in"}]
    window.close()


def test_delete_from_inspector_and_undo_restores_links(qtbot, tagged):
    with Archive.open(tagged["path"], create=False) as archive:
        passages.link(archive, tagged["rebuttal"], "contradicts", tagged["promise"])
    window = open_window(qtbot, tagged["path"])
    insp = inspect(qtbot, window, tagged["promise"])
    with changed(qtbot, window):
        insp.delete_button.click()
    qtbot.waitUntil(lambda: insp.current_id() is None, timeout=10000)
    assert "Undo" in insp.empty.text()
    with changed(qtbot, window):
        window.undo_action.trigger()
    assert get(tagged["path"], tagged["rebuttal"])["links"] == [
        {"relation": "contradicts", "passage_id": tagged["promise"], "direction": "out"}]
    window.close()


def test_passages_list_filters_follows_the_open_document_and_flags_orphans(qtbot, qtmodeltester, tagged):
    with Archive.open(tagged["path"], create=False) as archive:
        first = archive.db.execute("SELECT text FROM pages WHERE doc_id = ? AND page = 1",
                                   [tagged["docs"]["2020"]]).fetchone()[0]
        pages = [{"number": n, "text": text, "words": None, "width": 595, "height": 842, "rotation": 0,
                  "source": "ocr", "problem": ""}
                 for n, text in ((1, first), (2, "This page was scanned again and now reads differently."))]
        assert replace_pages(archive, tagged["docs"]["2020"], pages)["orphaned"] == [tagged["claim"]]
    window = open_window(qtbot, tagged["path"])
    panel = window.passages_panel
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    window.open_document(tagged["docs"]["2020"])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10000)
    assert panel.orphan_banner.isVisibleTo(panel) and "1 passage could not be found" in panel.orphan_banner.text()
    orphan_row = panel.model.row_of(tagged["claim"])
    tip = panel.model.index(orphan_row, 1).data(3)     # ToolTipRole
    assert "could not be found again" in tip
    assert panel.model.index(orphan_row, 1).data(1) is not None    # the warning icon
    qtmodeltester.check(panel.model)
    panel.set_scope("archive")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=10000)
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("rebuttal"))
    assert panel.proxy.rowCount() == 1
    panel.kind_box.setCurrentIndex(0)
    qtbot.keyClicks(panel.filter_box, "consultancy")
    assert panel.proxy.rowCount() == 1 and "1 of 3 passages" == panel.count_label.text()
    qtmodeltester.check(panel.proxy)
    # Choosing a row inspects it; the orphan's document still opens, at its page, with a warning.
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: window.inspector.current_id() == tagged["claim"], timeout=10000)
    assert window.inspector.orphan_note.isVisibleTo(window.inspector)
    window.close()


def test_models_pass_the_model_tester(qtmodeltester, tagged):
    with Archive.open(tagged["path"], create=False, migrate=False) as archive:
        rows = passages.query(archive)
    model = PassagesModel()
    model.set_passages(rows)
    qtmodeltester.check(model)
    proxy = PassageFilter()
    proxy.setSourceModel(model)
    proxy.set_filters(kind="commitment")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
