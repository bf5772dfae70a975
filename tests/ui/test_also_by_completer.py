"""The inspector's "Also by" field completes every name of a list, not only the first one typed."""
import pytest
from PySide6.QtCore import Qt

from app import passages
from app.library import edit_doc
from archive import Archive
from tests.ui.conftest import open_window
from ui.names_completer import split_names


@pytest.fixture
def promise(filled_archive):
    """A commitment in a letter whose parties include Novalpina Capital and a name with a comma in it."""
    with Archive.open(filled_archive) as archive:
        docs = {r[1][:4]: r[0] for r in archive.db.execute("SELECT id, file_name FROM documents")}
        edit_doc(archive, docs["2020"], senders=["NSO Group"], recipients=["Novalpina Capital", "Access Now, Inc."])
        p = passages.tag(archive, docs["2020"], "We will publish a human rights impact assessment", "commitment",
                         by="NSO Group")
    return {"path": filled_archive, "id": p["id"]}


def get(path, pid):
    with Archive.open(path, create=False, migrate=False) as archive:
        return passages.get(archive, pid)


def test_names_split_at_semicolons_and_commas_but_a_known_name_stays_whole():
    assert split_names("NSO Group, Nov") == ["NSO Group", "Nov"]
    assert split_names(" NSO  Group ;; Novalpina Capital, ") == ["NSO Group", "Novalpina Capital"]
    known = ["Access Now, Inc.", "NSO Group"]
    assert split_names("NSO Group, access now, inc., Novalpina Capital", known) == \
        ["NSO Group", "access now, inc.", "Novalpina Capital"]
    assert split_names("Access Now, Incorporated", known) == ["Access Now", "Incorporated"]


def test_also_by_completes_the_name_after_a_comma(qtbot, promise):
    window = open_window(qtbot, promise["path"])
    insp = window.inspector
    insp.show_passage(promise["id"])
    qtbot.waitUntil(lambda: insp.current_id() == promise["id"], timeout=10000)
    qtbot.waitUntil(lambda: "Novalpina Capital" in insp._party_names.stringList(), timeout=10000)
    field, completer = insp.also_edit, insp.also_edit.completer()
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, "NSO Group, Nov")
    # The name being typed is completed, not the whole text.
    assert completer.splitPath(field.text()) == ["Nov"] and completer.completionCount() == 1
    assert completer.completionModel().index(0, 0).data() == "Novalpina Capital"
    assert completer.currentCompletion() == "NSO Group, Novalpina Capital"
    qtbot.waitUntil(completer.popup().isVisible, timeout=5000)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    with qtbot.waitSignal(window.commands.changed, timeout=10000):     # Return also commits the field
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
        assert field.text() == "NSO Group, Novalpina Capital"
    # Said by is NSO Group already: the other one is added, and the field shows it.
    assert get(promise["path"], promise["id"])["by_all"] == ["NSO Group", "Novalpina Capital"]
    qtbot.waitUntil(lambda: field.text() == "Novalpina Capital", timeout=10000)
    # A further name, after a semicolon, by a word inside it; the comma in that party's name is kept.
    field.end(False)
    qtbot.keyClicks(field, "; inc")
    assert completer.completionCount() == 1 and completer.completionModel().index(0, 0).data() == "Access Now, Inc."
    qtbot.waitUntil(completer.popup().isVisible, timeout=5000)
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Down)
    with qtbot.waitSignal(window.commands.changed, timeout=10000):
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
        assert field.text() == "Novalpina Capital; Access Now, Inc."
    assert get(promise["path"], promise["id"])["by_all"] == ["NSO Group", "Novalpina Capital", "Access Now, Inc."]
    window.close()
