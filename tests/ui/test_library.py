"""The library panel over a real archive: filters, quick filters, sorting, the details dialog, item models."""
from PySide6.QtCore import QPoint, Qt

from ui.library_model import LibraryFilter, LibraryModel
from ui.models import DocRole, SavedSearchesModel


def rows(window) -> list[dict]:
    proxy = window.library.proxy
    return [proxy.index(r, 0).data(DocRole) for r in range(proxy.rowCount())]


def test_library_lists_every_document_with_parties(window):
    docs = rows(window)
    assert len(docs) == 3
    assert window.library.count_label.text().startswith("3 documents")
    assert any("Open Rights Watch" in d["senders"] for d in docs)


def test_filter_box_reduces_rows(window, qtbot):
    qtbot.keyClicks(window.library.filter_box, "due diligence")
    assert [d["title"] for d in rows(window)] == ["Human rights due diligence"]
    assert window.library.count_label.text().startswith("1 of 3")
    window.library.filter_box.clear()
    assert len(rows(window)) == 3


def test_filter_box_with_no_match_shows_empty_state(window, qtbot):
    qtbot.keyClicks(window.library.filter_box, "no such letter anywhere")
    assert window.library.proxy.rowCount() == 0
    assert window.library.stack.currentWidget() is window.library.empty
    assert "No documents match" in window.library.empty.text()


def test_quick_filters_by_party_kind_and_year(window):
    lib = window.library
    party = lib.party_box.findText("Veridian Signals Ltd")
    assert party > 0
    lib.party_box.setCurrentIndex(party)
    assert all("Veridian Signals Ltd" in d["senders"] + d["recipients"] for d in rows(window))
    years = [lib.year_box.itemText(i) for i in range(1, lib.year_box.count())]
    assert years == ["2021", "2020", "2019"]
    lib.year_box.setCurrentIndex(lib.year_box.findText("2020"))
    assert [d["date"] for d in rows(window)] == ["2020-04-26"]
    lib.kind_box.setCurrentIndex(lib.kind_box.findText("letter"))
    assert len(rows(window)) == 1
    lib.party_box.setCurrentIndex(0)
    lib.year_box.setCurrentIndex(0)
    assert len(rows(window)) == 3


def test_clicking_the_date_header_sorts_by_date(window, qtbot):
    table = window.library.table
    header = table.horizontalHeader()
    dates = lambda: [d["date"] for d in rows(window)]  # noqa: E731
    assert dates() == ["2021-04-27", "2020-04-26", "2019-03-14"]
    middle = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert dates() == ["2019-03-14", "2020-04-26", "2021-04-27"]


def test_enter_on_a_row_opens_the_document(window, qtbot):
    table = window.library.table
    table.setFocus()
    table.setCurrentIndex(window.library.proxy.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    view = window.tabs.current_view()
    assert view is not None and view.doc_id == rows(window)[1]["id"]


def test_details_dialog_saves_and_confirms(window, qtbot):
    doc = rows(window)[0]
    dialog = window.edit_details(doc["id"])
    dialog.title_edit.setText("Follow-up on the impact assessment")
    dialog.date_edit.setText("28 April 2021")
    dialog.recipients_edit.setText("Veridian Signals Ltd; Marta Kessler")
    with qtbot.waitSignal(window.library.loaded, timeout=10000):
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    changed = window.library.doc(doc["id"])
    assert changed["title"] == "Follow-up on the impact assessment"
    assert changed["date"] == "2021-04-28"
    assert changed["recipients"] == ["Veridian Signals Ltd", "Marta Kessler"]
    assert changed["unsure"] == []


def test_details_dialog_shows_a_bad_date_inline_and_stays_open(window, qtbot):
    doc = rows(window)[0]
    dialog = window.edit_details(doc["id"])
    dialog.date_edit.setText("31 February 2021")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10000)
    assert "February" in dialog.error_label.text() or "day" in dialog.error_label.text().lower()
    assert dialog.isVisible()
    assert window.library.doc(doc["id"])["date"] == "2021-04-27"


def test_unsure_fields_are_flagged_and_listed(window, qtbot):
    docs = window.library.model.docs
    doc = dict(docs[0], unsure=["date"])
    window.library.model.set_docs([doc] + docs[1:], window.library.model.passage_counts)
    window.library.views.setCurrentRow(1)
    assert window.library.proxy.rowCount() == 1
    index = window.library.proxy.index(0, 0)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "low confidence" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_item_models_pass_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.library.model)
    qtmodeltester.check(window.library.proxy)
    qtmodeltester.check(window.library.saved_model)
    fresh = LibraryModel()
    fresh.set_docs(window.library.model.docs, {})
    qtmodeltester.check(fresh)
    proxy = LibraryFilter()
    proxy.setSourceModel(fresh)
    proxy.set_text("veridian")
    qtmodeltester.check(proxy)
    saved = SavedSearchesModel()
    saved.set_items([{"id": 1, "name": "HRIA", "query": "impact", "sort": "date", "created_at": ""}])
    qtmodeltester.check(saved)


def test_a_narrow_library_narrows_from_and_to_before_the_title(window, qtbot):
    lib = window.library
    table = lib.table
    header = table.horizontalHeader()
    keys = [c.key for c in lib.model.columns()]
    title, senders, recipients = keys.index("title"), keys.index("senders"), keys.index("recipients")
    window.resizeDocks([window.library_dock], [560], Qt.Orientation.Horizontal)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: table.viewport().width() < 600, timeout=3000)
    qtbot.waitUntil(lambda: header.sectionSize(title) >= 120, timeout=3000)
    assert header.sectionSize(senders) < 120 and header.sectionSize(senders) >= 72
    # With room again, From and To get their width back.
    window.resize(1900, 900)
    window.resizeDocks([window.library_dock], [1300], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: header.sectionSize(senders) == 120 and header.sectionSize(recipients) == 120,
                    timeout=3000)
    assert header.sectionSize(title) >= 200


def test_sorting_keeps_the_selected_document_selected(window, qtbot):
    lib = window.library
    newest = rows(window)[0]["id"]
    lib.select_doc(newest)
    lib.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert rows(window)[-1]["id"] == newest
    assert lib.current_doc_id() == newest
    assert lib.table.selectionModel().selectedRows()[0].row() == 2
    qtbot.keyClicks(lib.filter_box, "veridian")           # filtered, then sorted back
    lib.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert lib.current_doc_id() == newest


def test_a_painted_cell_asks_python_twice_and_gets_what_data_gives(window, qtbot):
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan
    from PySide6.QtWidgets import QTableView
    lib = window.library
    docs = lib.model.docs
    lib.model.set_docs([dict(docs[0], unsure=["date", "title"])] + docs[1:], lib.model.passage_counts)
    lib.set_colors("#fff3cd", window.style().standardIcon(window.style().StandardPixmap.SP_MessageBoxWarning))
    calls = []

    class Counting(LibraryFilter):
        def index(self, *args):
            calls.append("index")
            return super().index(*args)

        def multiData(self, *args):   # noqa: N802
            calls.append("multiData")
            return super().multiData(*args)

        def data(self, *args):
            calls.append("data")
            return super().data(*args)

        def mapToSource(self, *args):   # noqa: N802
            calls.append("mapToSource")
            return super().mapToSource(*args)
    table = QTableView()
    qtbot.addWidget(table)
    counting = Counting()
    counting.setSourceModel(lib.model)
    table.setModel(counting)
    table.resize(900, 300)
    table.show()
    qtbot.waitExposed(table)
    calls.clear()
    image = table.grab().toImage()     # painted as the screen would be
    painted = calls.count("multiData")
    assert painted == 3 * counting.columnCount()        # every cell of the three rows, once
    assert set(calls) == {"index", "multiData"} and calls.count("index") <= 2 * painted
    # The delegate reuses its places for the roles from cell to cell: only the unsure cells are marked.
    flagged = counting.mapFromSource(lib.model.index(lib.model.row_of(docs[0]["id"]), 0)).row()
    keys = [c.key for c in lib.model.columns()]

    def shade(row: int, key: str) -> str:
        rect = table.visualRect(counting.index(row, keys.index(key)))
        at = rect.topLeft() + table.viewport().pos() + QPoint(3, rect.height() // 2)
        return image.pixelColor(at).name()
    assert shade(flagged, "date") == shade(flagged, "title") == "#fff3cd"
    assert shade(flagged, "pages") != "#fff3cd" and shade(flagged, "kind") != "#fff3cd"
    assert all(shade(r, "date") != "#fff3cd" for r in range(3) if r != flagged)
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.BackgroundRole,
             Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.FontRole,
             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.CheckStateRole]
    answered = set()
    for r in range(lib.proxy.rowCount()):
        for c in range(lib.proxy.columnCount()):
            index = lib.proxy.index(r, c)
            for role in roles:
                got = QModelRoleData(int(role))
                lib.proxy.multiData(index, QModelRoleDataSpan(got))
                want = index.data(role)
                assert (got.data() is None) == (want is None), (r, c, role)
                if want is not None:
                    answered.add(role)
                    assert type(got.data()) is type(want) and (not isinstance(want, str) or got.data() == want)
    assert {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole} <= answered


def test_a_reload_comes_sorted_as_the_table_is(window, qtbot):
    lib = window.library
    keys = [c.key for c in lib.model.columns()]
    lib.table.sortByColumn(keys.index("title"), Qt.SortOrder.AscendingOrder)
    titles = [d["title"] for d in rows(window)]
    assert titles == sorted(titles, key=str.lower)
    with qtbot.waitSignal(lib.loaded, timeout=10000):
        lib.reload()        # sorted on the loading thread, by the table's column
    assert [d["title"] for d in rows(window)] == titles
    assert lib.model.sorted_by == ("title", Qt.SortOrder.AscendingOrder)
