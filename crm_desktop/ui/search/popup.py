"""The global search's results as they show under the field: a list in a thin outline, each
hit a title over a dimmer line of context, headers as small bold labels."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
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

from crm_desktop.ui.search.model import Role, RowType, SearchResultsModel

_PAD = 12  # left and right padding of a row's text


class ResultsPopup(QWidget):
    """The list of results in a thin outline, so it stands out over a list of the same colour;
    ``width`` is how wide a row would like to be."""

    WIDTH = 1  # of the outline

    def __init__(self, model: SearchResultsModel, width: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.view = QListView()
        self.view.setObjectName("globalSearchResults")
        self.view.setAccessibleName("Search results")
        self.view.setModel(model)
        self.view.setItemDelegate(_ResultDelegate(width, self.view))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMouseTracking(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(self.WIDTH,) * 4)
        layout.addWidget(self.view)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class _ResultDelegate(QStyledItemDelegate):
    """Paints a hit as its title over a dimmer line of context; headers as small bold labels."""

    def __init__(self, width: int, parent: QWidget) -> None:
        super().__init__(parent)
        self._width = width

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        row_type = index.data(Role.ROW_TYPE)
        if row_type is RowType.HIT:
            height = 2 * line + 10
        elif row_type is RowType.HEADER:
            height = line + 10
        else:
            height = line + 24
        return QSize(self._width, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        base_font: QFont = option.font
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_rect = rect.adjusted(_PAD, 0, -_PAD, 0)
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        row_type = index.data(Role.ROW_TYPE)
        painter.save()
        if row_type is RowType.HIT:
            if selected:
                painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
                dim = palette.color(QPalette.ColorRole.HighlightedText)
            lines = text_rect.adjusted(0, 5, 0, -5)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            painter.setPen(palette.color(role))
            _draw_line(painter, lines, index.data(), Qt.AlignmentFlag.AlignTop)
            small = QFont(base_font)
            small.setPointSizeF(base_font.pointSizeF() * 0.9)
            painter.setFont(small)
            painter.setPen(dim)
            _draw_line(painter, lines, index.data(Role.SUBTITLE), Qt.AlignmentFlag.AlignBottom)
        elif row_type is RowType.HEADER:
            if index.row() > 0:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
            bold = QFont(base_font)
            bold.setBold(True)
            bold.setPointSizeF(base_font.pointSizeF() * 0.85)
            painter.setFont(bold)
            painter.setPen(dim)
            _draw_line(
                painter, text_rect.adjusted(0, 0, 0, -2), index.data(), Qt.AlignmentFlag.AlignBottom
            )
        else:
            italic = QFont(base_font)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(dim)
            _draw_line(painter, text_rect, index.data(), Qt.AlignmentFlag.AlignVCenter)
        painter.restore()


def _draw_line(painter: QPainter, rect: QRect, text: str, align: Qt.AlignmentFlag) -> None:
    """One line of text in ``rect``, elided at the right when it does not fit."""
    elided = painter.fontMetrics().elidedText(text or "", Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignLeft), elided)
