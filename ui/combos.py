"""Filter combo boxes whose first entry means "all" and whose other entries are refilled."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def refill(box: QComboBox, values: list[str]) -> None:
    """Replace every entry after the first with `values`, keeping the current choice when it is
    still offered (else the first, "all" entry), without emitting change signals."""
    current = box.currentData()
    box.blockSignals(True)
    while box.count() > 1:
        box.removeItem(1)
    for value in values:
        box.addItem(value, value)
    at = box.findData(current)
    box.setCurrentIndex(at if at >= 0 else 0)
    box.blockSignals(False)
