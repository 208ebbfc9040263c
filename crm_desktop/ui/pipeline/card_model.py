"""One board column's item model: the ids of its leads in order, their cards read lazily.

The ids come from the board's state (``domain.board.BoardState``); a card is read only when
a view asks for it, a page of ``PAGE`` at a time, and at most ``CACHE`` are kept. Dragging a
card carries its lead id; a drop does not change this model itself: it emits ``dropped`` and
the board moves the lead through the pipeline service, then tells each model what changed.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crm_desktop.domain.board import Board, Card

PAGE = 50
CACHE = 2000
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
LEAD_MIME = "application/x-crm-desktop-lead-ids"
Index = QModelIndex | QPersistentModelIndex


def encode_leads(ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(LEAD_MIME, QByteArray(struct.pack(f"<{len(ids)}q", *ids)))
    return data


def decode_leads(data: QMimeData) -> list[int]:
    raw = bytes(data.data(LEAD_MIME).data())
    if not raw or len(raw) % 8:
        return []
    return list(struct.unpack(f"<{len(raw) // 8}q", raw))


class StageCardsModel(QAbstractListModel):
    dropped = Signal(int, int, object)  # lead id, this stage's id, the lead above which, or None

    def __init__(self, board: Board, stage_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.board = board
        self.stage_id = stage_id
        self._ids: list[int] = []
        self._cards: dict[int, Card] = {}

    # -- what the column lists ---------------------------------------------------------------

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cards.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, lead_id: int) -> int:
        try:
            return self._ids.index(lead_id)
        except ValueError:
            return -1

    def take(self, lead_id: int) -> None:
        row = self.row_of(lead_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self._cards.pop(lead_id, None)
            self.endRemoveRows()

    def put(self, row: int, lead_id: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(row, lead_id)
        self.endInsertRows()

    def forget(self, lead_id: int) -> None:
        """Read this lead's card again next time it is shown (its fields changed)."""
        self._cards.pop(lead_id, None)
        row = self.row_of(lead_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row))

    def card(self, row: int) -> Card | None:
        if not 0 <= row < len(self._ids):
            return None
        lead_id = self._ids[row]
        found = self._cards.get(lead_id)
        if found is None:
            if len(self._cards) > CACHE:
                self._cards.clear()
            start = row - row % PAGE
            for card in self.board.cards(self._ids[start : start + PAGE]):
                self._cards[card.id] = card
            found = self._cards.get(lead_id)
        return found

    # -- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            CARD_ROLE,
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        card = self.card(index.row())
        if card is None:
            return None
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.DisplayRole:
            return card.title
        who = " · ".join(part for part in (card.contact_name, card.company_name) if part)
        return f"{card.title}\n{who}" if who else card.title

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [LEAD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return encode_leads([self._ids[i.row()] for i in indexes if i.isValid()])

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return data.hasFormat(LEAD_MIME) and bool(decode_leads(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """A card let go over this column: above the card under the pointer (``parent``),
        at the gap ``row``, or below the last one. The board does the move; this returns
        False so the view the card came from removes nothing itself."""
        leads = decode_leads(data) if action != Qt.DropAction.IgnoreAction else []
        if not leads:
            return False
        if parent.isValid():
            row = parent.row()
        lead_id = leads[0]
        below = [i for i in self._ids[row:] if i != lead_id] if row >= 0 else []
        self.dropped.emit(lead_id, self.stage_id, below[0] if below else None)
        return False
