"""Refilled filter boxes: the choice is kept while it is offered; the same values change nothing."""
from PySide6.QtWidgets import QComboBox

from ui.combos import refill


def entries(box: QComboBox) -> list:
    return [(box.itemText(i), box.itemData(i)) for i in range(box.count())]


def test_refill_keeps_the_choice_while_it_is_offered(qtbot):
    box = QComboBox()
    qtbot.addWidget(box)
    box.addItem("All parties", "")
    changes = []
    box.currentIndexChanged.connect(changes.append)
    refill(box, ["Marta Kessler", "NSO Group", "Veridian Signals Ltd"])
    box.setCurrentIndex(box.findData("NSO Group"))
    changes.clear()
    refill(box, ["Amnesty", "NSO Group"])
    assert entries(box) == [("All parties", ""), ("Amnesty", "Amnesty"), ("NSO Group", "NSO Group")]
    assert box.currentData() == "NSO Group" and changes == []
    refill(box, ["Amnesty", "NSO Group"])                   # the same again: nothing to do
    assert entries(box)[1:] == [("Amnesty", "Amnesty"), ("NSO Group", "NSO Group")]
    refill(box, ["Amnesty"])
    assert box.currentIndex() == 0 and entries(box) == [("All parties", ""), ("Amnesty", "Amnesty")]
    refill(box, [])
    assert entries(box) == [("All parties", "")]


def test_refill_after_entries_were_added_by_hand_fills_again(qtbot):
    box = QComboBox()
    qtbot.addWidget(box)
    box.addItem("All kinds", "")
    refill(box, ["letter", "memo"])
    box.addItem("report", "report")                         # someone else changed the box
    refill(box, ["letter", "memo"])
    assert entries(box) == [("All kinds", ""), ("letter", "letter"), ("memo", "memo")]
