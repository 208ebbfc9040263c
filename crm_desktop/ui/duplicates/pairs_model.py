"""The list of likely duplicate pairs: score, the two contacts, and why they look alike.

The finder's answer is a plain list (tens of thousands of pairs at most, found in one go), so
the model holds it and ``data`` is a lookup into it. After a merge the pairs are fixed up in
place (the dropped contact's pairs now concern the kept one) rather than searched again. A
filter (words typed, the kind of rule that found a pair) narrows the rows shown; the model
keeps every pair found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from crm_desktop.domain.duplicate_filter import PairFilter, counts
from crm_desktop.domain.duplicates import DuplicatePair, PairSide

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Score", "Contact", "Possible duplicate", "Why")
PAIR_ROLE = Qt.ItemDataRole.UserRole + 1  # the DuplicatePair of a row


def side_text(side: PairSide) -> str:
    return f"{side.name} ({side.company})" if side.company else side.name


class PairsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[DuplicatePair] = []  # every pair found
        self._pairs: list[DuplicatePair] = []  # those the filter lets through: the rows
        self._filter = PairFilter()
        self._text = ""
        self._kind: str | None = None

    # -- filling ---------------------------------------------------------------------------

    def set_pairs(self, pairs: Sequence[DuplicatePair]) -> None:
        self._all = list(pairs)
        self._filter.forget()
        self._show()

    def set_filter(self, text: str, kind: str | None) -> None:
        """Show only the pairs that ``kind`` found (None: all) and whose names, companies or
        shared e-mails and phones hold every word of ``text``."""
        self._text, self._kind = text, kind
        self._show()

    def _show(self) -> None:
        self.beginResetModel()
        self._pairs = self._filter.apply(self._all, self._text, self._kind)
        self.endResetModel()

    @property
    def filtered(self) -> bool:
        return bool(self._text.strip()) or self._kind is not None

    @property
    def found(self) -> int:
        """How many pairs were found, shown or not."""
        return len(self._all)

    def kind_counts(self) -> dict[str, int]:
        """How many of the pairs found each kind of rule found."""
        return counts(self._all)

    def pairs(self) -> list[DuplicatePair]:
        """The pairs shown."""
        return list(self._pairs)

    def pair(self, row: int) -> DuplicatePair | None:
        return self._pairs[row] if 0 <= row < len(self._pairs) else None

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._pairs):
            self.beginRemoveRows(QModelIndex(), row, row)
            pair = self._pairs.pop(row)
            self._all = [other for other in self._all if other is not pair]
            self.endRemoveRows()

    def after_merge(self, keep: PairSide, drop_id: int) -> None:
        """The dropped contact is gone: its pair with the kept one goes, its pairs with others
        become the kept one's (joined with a pair the kept one had already), and the kept
        contact's name is shown as it is now."""
        fixed: dict[tuple[int, int], DuplicatePair] = {}
        for pair in self._all:
            if set(pair.ids) == {keep.id, drop_id}:
                continue
            sides = [keep if s.id in (keep.id, drop_id) else s for s in (pair.first, pair.second)]
            sides.sort(key=lambda s: s.id)
            moved = replace(pair, first=sides[0], second=sides[1])
            there = fixed.get(moved.ids)
            if there is None:
                fixed[moved.ids] = moved
            elif moved.score > there.score:
                fixed[moved.ids] = replace(moved, reasons=_joined(moved.reasons, there.reasons))
            else:
                fixed[moved.ids] = replace(there, reasons=_joined(there.reasons, moved.reasons))
        self.set_pairs(list(fixed.values()))

    # -- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._pairs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._pairs):
            return None
        pair = self._pairs[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(pair.score)
            if column == 1:
                return side_text(pair.first)
            if column == 2:
                return side_text(pair.second)
            if column == 3:
                return ", ".join(pair.reasons)
        elif role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{side_text(pair.first)} and {side_text(pair.second)}", *pair.reasons]
            lines += [f"Shared: {value}" for value in pair.matched]
            return "\n".join(lines)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == PAIR_ROLE:
            return pair
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _joined(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first, *second]))
