"""Keep a table's main column readable when the table is narrow: the columns beside it give up
width (down to a floor) before the stretched column is squeezed to a few letters, and get it
back when the table widens."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class RoomForColumn(QObject):
    """`main` is the stretched column's index; `flexible` the columns that may narrow, each down
    to `floor` pixels. A width the user drags a flexible column to becomes its preferred width."""

    def __init__(self, table: QTableView, main: int, flexible: list[int], minimum: int = 200, floor: int = 72):
        super().__init__(table)
        self.table, self.main, self.flexible = table, main, list(flexible)
        self.minimum, self.floor = minimum, floor
        self.preferred: dict[int, int] = {}
        self._fitting = False
        header = table.horizontalHeader()
        header.sectionResized.connect(self._on_resized)
        table.viewport().installEventFilter(self)

    def remember(self) -> None:
        """Take the flexible columns' current widths as preferred (after a layout was restored)."""
        header = self.table.horizontalHeader()
        self.preferred = {i: header.sectionSize(i) for i in self.flexible}
        self.fit()

    def eventFilter(self, watched, event) -> bool:   # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _on_resized(self, index: int, _old: int, new: int) -> None:
        if not self._fitting and index in self.flexible:
            self.preferred[index] = new         # the user's own width

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        if header.count() <= self.main or header.sectionResizeMode(self.main) != QHeaderView.ResizeMode.Stretch:
            return
        flexible = [i for i in self.flexible if i < header.count() and not header.isSectionHidden(i)]
        if not flexible:
            return
        for i in flexible:
            self.preferred.setdefault(i, header.sectionSize(i))
        fixed = sum(header.sectionSize(i) for i in range(header.count())
                    if i != self.main and i not in flexible and not header.isSectionHidden(i))
        room = self.table.viewport().width() - fixed - self.minimum
        wanted = sum(self.preferred[i] for i in flexible)
        share = 1.0 if room >= wanted else max(0.0, room) / wanted
        self._fitting = True
        try:
            for i in flexible:
                width = max(self.floor, int(self.preferred[i] * share))
                if header.sectionSize(i) != width:
                    header.resizeSection(i, width)
        finally:
            self._fitting = False
