"""A layout that puts its widgets in a row while they fit and wraps them onto more rows when the panel
is narrow, so a row of filters never sets a wide minimum width on a small screen."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QWidgetItem


class FlowLayout(QLayout):
    """Like a QHBoxLayout with stretch factors, but wrapping: each row is widened to the full width,
    the spare room shared out by stretch. The minimum width is that of the widest single widget."""

    def __init__(self, parent=None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QWidgetItem] = []
        self._stretch: list[int] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addWidget(self, widget, stretch: int = 1) -> None:   # noqa: N802 - Qt's name
        """Add a widget; `stretch` is its share of a row's spare width (0: none, unless no widget in
        the row has any)."""
        self.addChildWidget(widget)
        self._items.append(QWidgetItem(widget))
        self._stretch.append(max(0, stretch))
        self.invalidate()

    def addItem(self, item) -> None:   # noqa: N802 - Qt override
        self._items.append(item)
        self._stretch.append(1)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):   # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):   # noqa: N802 - Qt override
        if 0 <= index < len(self._items):
            self._stretch.pop(index)
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:   # noqa: N802 - Qt override
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:   # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:   # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:   # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:   # noqa: N802 - Qt override
        visible = [i for i in self._items if not i.isEmpty()]
        width = sum(i.sizeHint().width() for i in visible) + self.spacing() * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:   # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        gap = self.spacing()
        rows: list[list[int]] = [[]]
        used = 0
        for n, item in enumerate(self._items):
            if item.isEmpty():
                continue
            width = max(0, item.sizeHint().width())
            if rows[-1] and used + gap + width > area.width():
                rows.append([])
                used = 0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append(n)
        y = area.y()
        for row in rows:
            if not row:
                continue
            hints = [max(0, self._items[n].sizeHint().width()) for n in row]
            mins = [self._items[n].minimumSize().width() for n in row]
            spare = area.width() - sum(hints) - gap * (len(row) - 1)
            weights = [self._stretch[n] for n in row]
            if not any(weights):
                weights = [1] * len(row)
            widths = [min(self._items[n].maximumSize().width(), max(mn, h + spare * w // sum(weights)))
                      for n, h, mn, w in zip(row, hints, mins, weights)]
            height = max(self._items[n].sizeHint().height() for n in row)
            x = area.x()
            for n, width in zip(row, widths):
                width = min(width, area.right() + 1 - x)
                if apply:
                    self._items[n].setGeometry(QRect(QPoint(x, y), QSize(max(0, width), height)))
                x += width + gap
            y += height + gap
        return y - gap - rect.y() + m.bottom() if y > area.y() else m.top() + m.bottom()

