"""The passage picker of the inspector's links shows each passage's words, its letter and its date."""
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import open_window
from tests.ui.test_inspector import tagged  # noqa: F401 - the fixture
from ui.passages_panel import PICKER_QUOTE_WIDTH, PassagePickerDialog


def test_the_link_picker_shows_quote_letter_and_date_readably(qtbot, tagged):  # noqa: F811
    window = open_window(qtbot, tagged["path"])
    dialog = PassagePickerDialog(window.session, "Link to a passage", exclude=tagged["promise"], parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10000)
    QApplication.processEvents()
    table, header = dialog.table, dialog.table.horizontalHeader()
    shown = [dialog.model.headerData(c, header.orientation()) for c in range(dialog.model.columnCount())
             if not table.isColumnHidden(c)]
    assert shown == ["Kind", "Passage", "Said by", "Said on", "Document"]
    assert header.sectionSize(1) >= PICKER_QUOTE_WIDTH           # it was squeezed to ~25 px ("ssa")
    assert table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()   # two lines of the quote
    rows = {dialog.proxy.index(r, 1).data(): (dialog.proxy.index(r, 3).data(), dialog.proxy.index(r, 5).data())
            for r in range(dialog.proxy.rowCount())}
    assert rows["no such assessment has been published"] == ("27 April 2021", rows["no such assessment has "
                                                                                   "been published"][1])
    assert all(date and letter for date, letter in rows.values())
    assert len({letter for _date, letter in rows.values()}) == 2     # told apart by their letters
    # at the smallest supported screen the dialog still fits
    assert dialog.minimumWidth() <= 1000
    dialog.reject()
    window.close()
