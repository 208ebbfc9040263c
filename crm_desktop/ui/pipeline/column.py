"""One stage's column on the board: a header with count, total and weighted value, and the
list of its cards (a ``QListView`` over ``StageCardsModel``, painted by ``CardDelegate``).

Keys in the list: Enter opens the card; Left/Right go to the next column; Ctrl+Left/Right
move the card to the previous/next stage; Ctrl+Up/Down move it up or down in its column;
Delete moves it to the trash.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.board import Column
from crm_desktop.ui.common.money import totals
from crm_desktop.ui.pipeline.card_delegate import CardDelegate, card_height
from crm_desktop.ui.pipeline.card_model import ID_ROLE, StageCardsModel

WIDTH = 300
_KIND_MARK = {"won": "✓ ", "lost": "✕ "}


class CardList(QTableView):
    """The cards of one column, with the board's keys. A one-column table rather than a
    ``QListView``: a list view lays out every row again after a row comes or goes (a drop cost
    30 ms at 5,000 cards), a table's rows all have one height and need no layout."""

    open_requested = Signal(int)  # lead id
    move_requested = Signal(int, int, int)  # lead id, columns right (+) or left, rows down
    focus_requested = Signal(int)  # columns right (+) or left (-)
    trash_requested = Signal(int)  # lead id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageCards")
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setShowGrid(False)
        # The card paints its own selection (an outline); the table must not fill the row.
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, Qt.GlobalColor.transparent)
        self.setPalette(palette)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(card_height(self.font()))
        self.doubleClicked.connect(self._open)

    def current_lead(self) -> int | None:
        index = self.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        lead = self.current_lead()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        moves = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0)}
        if ctrl:
            moves.update({Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)})
        if key in moves and ctrl and lead is not None:
            self.move_requested.emit(lead, *moves[Qt.Key(key)])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not ctrl:
            self.focus_requested.emit(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and lead is not None:
            self.open_requested.emit(lead)
        elif key == Qt.Key.Key_Delete and lead is not None:
            self.trash_requested.emit(lead)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(ID_ROLE)))


class StageColumn(QFrame):
    def __init__(self, model: StageCardsModel, delegate: CardDelegate, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stageColumn")
        self.setProperty("stage_id", model.stage_id)
        self.setFixedWidth(WIDTH)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.model = model
        self.title = QLabel(self)
        self.title.setObjectName("stageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.sums = QLabel(self)
        self.sums.setObjectName("stageTotals")
        self.sums.setTextFormat(Qt.TextFormat.PlainText)
        lines = self.sums.fontMetrics().lineSpacing()
        self.sums.setFixedHeight(2 * lines + 2)  # the same in every column: cards line up
        self.cards = CardList(self)
        self.cards.setModel(model)
        self.cards.setItemDelegate(delegate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.sums)
        layout.addSpacing(4)
        layout.addWidget(self.cards, 1)

    def show_totals(self, column: Column) -> None:
        stage = column.stage
        self.title.setText(f"{_KIND_MARK.get(stage.kind, '')}{stage.name}  ·  {column.count:,}")
        line = totals(column.value_minor, brief=True)
        if stage.kind == "open":
            weighted = totals(column.weighted_minor, brief=True)
            line += f"\nweighted {weighted} ({stage.probability} %)"
        self.sums.setText(line)
        tip = f"{column.count:,} leads worth {totals(column.value_minor)}"
        if stage.kind == "open":
            tip += (
                f"; {totals(column.weighted_minor)} weighted by the stage's"
                f" {stage.probability} % chance"
            )
        if stage.rotting_days:
            tip += f". Leads rot after {stage.rotting_days} days here."
        self.setToolTip(tip)
