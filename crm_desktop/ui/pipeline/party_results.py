"""The party picker's results: people under "People", companies under "Companies", then
"Create contact “…”…"; the delegate that draws them; and the outlined list that shows them,
laid over the window under the picker's field."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.lead_overview import PartyChoice

HEADINGS = {"contact": "People", "company": "Companies"}
POPUP_MAX_HEIGHT = 340
_Index = QModelIndex | QPersistentModelIndex


class RowType(Enum):
    HEADER = "header"
    CHOICE = "choice"
    CREATE = "create"
    MESSAGE = "message"


class Role:
    ROW_TYPE = Qt.ItemDataRole.UserRole + 1  # a RowType
    SUBTITLE = Qt.ItemDataRole.UserRole + 2  # str, choices only
    CHOICE = Qt.ItemDataRole.UserRole + 3  # the PartyChoice, choices only


class PartyResultsModel(QAbstractListModel):
    """Choices under a "People" and a "Companies" header, then "Create contact “…”…"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[RowType, str, PartyChoice | None]] = []

    def show_results(self, text: str, found: Sequence[PartyChoice], can_create: bool) -> None:
        rows: list[tuple[RowType, str, PartyChoice | None]] = []
        for choice in found:
            if not rows or rows[-1][2] is None or rows[-1][2].kind != choice.kind:
                rows.append((RowType.HEADER, HEADINGS.get(choice.kind, choice.kind), None))
            rows.append((RowType.CHOICE, choice.name, choice))
        if not found:
            rows.append((RowType.MESSAGE, f"No people or companies match “{text}”", None))
        if can_create:
            rows.append((RowType.CREATE, f"Create contact “{text}”…", None))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def row_type(self, row: int) -> RowType | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def choice(self, row: int) -> PartyChoice | None:
        return self._rows[row][2] if 0 <= row < len(self._rows) else None

    def step(self, row: int, delta: int) -> int:
        """The next choosable row (a choice or "Create") from ``row`` going ``delta``, wrapping;
        ``row`` -1 gives the first (or last). -1 when there is none."""
        count = len(self._rows)
        start = row if 0 <= row < count else (-1 if delta > 0 else count)
        for offset in range(1, count + 1):
            candidate = (start + offset * delta) % count
            if self._rows[candidate][0] in (RowType.CHOICE, RowType.CREATE):
                return candidate
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, text, choice = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Role.ROW_TYPE:
            return kind
        if role == Role.CHOICE:
            return choice
        if role == Role.SUBTITLE:
            return choice.subtitle if choice is not None else None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return ", ".join(p for p in (text, choice.subtitle if choice else "") if p)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        pickable = self.row_type(index.row()) in (RowType.CHOICE, RowType.CREATE)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        return flags | Qt.ItemFlag.ItemIsSelectable if pickable else flags


class PartyResultsDelegate(QStyledItemDelegate):
    """A choice as its name over a dimmer line; headers small and bold; "Create" in italics."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = option.fontMetrics.height()
        kind = index.data(Role.ROW_TYPE)
        subtitle = index.data(Role.SUBTITLE)
        if kind is RowType.CHOICE and subtitle:
            return QSize(300, 2 * line + 10)
        return QSize(300, line + (8 if kind is RowType.HEADER else 12))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        base: QFont = option.font
        kind = index.data(Role.ROW_TYPE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_rect = rect.adjusted(12, 0, -12, 0)
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        ink = palette.color(QPalette.ColorRole.Text)
        painter.save()
        if selected and kind in (RowType.CHOICE, RowType.CREATE):
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
            dim = ink = palette.color(QPalette.ColorRole.HighlightedText)
        font = QFont(base)
        subtitle = index.data(Role.SUBTITLE)
        if kind is RowType.CHOICE:
            painter.setPen(ink)
            align = Qt.AlignmentFlag.AlignTop if subtitle else Qt.AlignmentFlag.AlignVCenter
            lines = text_rect.adjusted(0, 5, 0, -5)
            _line(painter, lines, index.data(), align)
            if subtitle:
                font.setPointSizeF(base.pointSizeF() * 0.9)
                painter.setFont(font)
                painter.setPen(dim)
                _line(painter, lines, subtitle, Qt.AlignmentFlag.AlignBottom)
        elif kind is RowType.HEADER:
            if index.row() > 0:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
            font.setBold(True)
            font.setPointSizeF(base.pointSizeF() * 0.85)
            painter.setFont(font)
            painter.setPen(dim)
            _line(
                painter, text_rect.adjusted(0, 0, 0, -2), index.data(), Qt.AlignmentFlag.AlignBottom
            )
        else:
            if kind is RowType.CREATE and index.row() > 0 and not selected:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
            font.setItalic(kind is RowType.MESSAGE)
            font.setBold(kind is RowType.CREATE)
            painter.setFont(font)
            painter.setPen(ink if kind is RowType.CREATE else dim)
            _line(painter, text_rect, index.data(), Qt.AlignmentFlag.AlignVCenter)
        painter.restore()


def _line(painter: QPainter, rect: QRect, text: str, align: Qt.AlignmentFlag) -> None:
    elided = painter.fontMetrics().elidedText(text or "", Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignLeft), elided)


class PartyResultsPopup(QWidget):
    """The results list with a thin line around it, so it stands out over the dialog. It is a
    child of the window rather than a popup window, so the field keeps the focus."""

    OUTLINE = 1

    def __init__(self, model: PartyResultsModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.view = QListView()
        self.view.setObjectName("partyPickerResults")
        self.view.setAccessibleName("People and companies found")
        self.view.setModel(model)
        self.view.setItemDelegate(PartyResultsDelegate(self.view))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMouseTracking(True)
        self._model = model
        self._host: QWidget | None = None
        self._field: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(self.OUTLINE,) * 4)
        layout.addWidget(self.view)
        self.setObjectName("partyPickerPopup")
        self.hide()

    def show_under(self, field: QWidget, host: QWidget) -> None:
        """Lay the list over ``host`` (the window) under ``field``, or above it when there is
        more room there; it follows when the window is resized."""
        if self._host is not host:
            if self._host is not None:
                self._host.removeEventFilter(self)
            self._host = host
            self.setParent(host)
            host.installEventFilter(self)
        self._field = field
        rows = sum(self.view.sizeHintForRow(row) for row in range(self._model.rowCount()))
        wanted = min(rows + 2 * self.OUTLINE, POPUP_MAX_HEIGHT)
        below = field.mapTo(host, QPoint(0, field.height() + 2))
        above = field.mapTo(host, QPoint(0, -2))
        room_below = host.height() - below.y() - 8
        width = min(max(field.width(), 380), host.width() - 16)
        x = max(8, min(below.x(), host.width() - width - 8))
        if wanted <= room_below or room_below >= above.y() - 8:
            rect = QRect(x, below.y(), width, max(0, min(wanted, room_below)))
        else:
            height = max(0, min(wanted, above.y() - 8))
            rect = QRect(x, above.y() - height, width, height)
        self.setGeometry(rect)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            if self.isVisible() and self._field is not None:
                self.show_under(self._field, self._host)
            return False
        return super().eventFilter(watched, event)

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
