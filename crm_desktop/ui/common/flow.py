"""A layout that puts its widgets in a row and wraps them onto more rows when the row is too
narrow: filter bars keep one line on a wide window and stay whole on a narrow one.

Each widget gets its preferred width (what is left of a row stays empty, as after a stretch
in a box layout). The layout is as narrow as its widest widget and as tall as the rows the
width it gets needs (``heightForWidth``).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout -----------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:
        """All in one row."""
        width = sum(item.sizeHint().width() for item in self._shown())
        width += self._gap * max(len(self._shown()) - 1, 0)
        height = max((item.sizeHint().height() for item in self._shown()), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """The widest widget alone on a row."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    # -- laying out --------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (only measure unless ``move``); the height used."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = min(item.sizeHint().width(), area.width())
            if rows[-1] and used + self._gap + width > area.width():
                rows.append([])
                used = 0
            used += (self._gap if rows[-1] else 0) + width
            rows[-1].append(item)
        y = area.top()
        for row in rows:
            if not row:
                continue
            height = max(item.sizeHint().height() for item in row)
            if move:
                self._place_row(row, QPoint(area.left(), y), area.width(), height)
            y += height + self._gap
        return y - self._gap - rect.top() + margins.bottom() if rows[0] else 0

    def _place_row(self, row: list[QLayoutItem], at: QPoint, width: int, height: int) -> None:
        x = at.x()
        for item in row:
            hint = item.sizeHint()
            item_width, item_height = min(hint.width(), width), min(hint.height(), height)
            item.setGeometry(
                QRect(x, at.y() + (height - item_height) // 2, item_width, item_height)
            )
            x += item_width + self._gap
