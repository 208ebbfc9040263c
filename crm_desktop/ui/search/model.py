"""The global search's result list: hits grouped by kind under a header row per kind.

Header rows and the "No matches" line are enabled (so they are not drawn greyed out) but never
selectable; the navigation helpers step from hit to hit over them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from crm_desktop.domain.finder import Found  # its module is imported by the first search


HEADINGS = {
    "contact": "Contacts",
    "company": "Companies",
    "lead": "Leads",
    "interaction": "Interactions",
}

_Index = QModelIndex | QPersistentModelIndex


class RowType(Enum):
    HEADER = "header"
    HIT = "hit"
    MESSAGE = "message"


class Role:
    """Item data roles beyond Qt's: the delegate and the widget read these."""

    ROW_TYPE = Qt.ItemDataRole.UserRole + 1  # a RowType
    SUBTITLE = Qt.ItemDataRole.UserRole + 2  # str, hits only
    KIND = Qt.ItemDataRole.UserRole + 3  # "contact", "company", ...
    ID = Qt.ItemDataRole.UserRole + 4  # int, hits only


@dataclass(frozen=True)
class _Row:
    type: RowType
    text: str
    hit: Found | None = None


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    # -- filling ---------------------------------------------------------------------------

    def show_results(self, text: str, found: Sequence[Found]) -> None:
        """Replace the rows with ``found`` grouped by kind, or a "No matches" line."""
        rows: list[_Row] = []
        for hit in found:
            if not rows or rows[-1].hit is None or rows[-1].hit.kind != hit.kind:
                rows.append(_Row(RowType.HEADER, HEADINGS.get(hit.kind, hit.kind.title())))
            rows.append(_Row(RowType.HIT, hit.title, hit))
        if not rows:
            rows.append(_Row(RowType.MESSAGE, f"No matches for “{text.strip()}”"))
        self._reset(rows)

    def clear(self) -> None:
        self._reset([])

    def _reset(self, rows: list[_Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    # -- reading ---------------------------------------------------------------------------

    def hit(self, row: int) -> Found | None:
        """The hit on ``row``; None for headers, the message line and rows out of range."""
        return self._rows[row].hit if 0 <= row < len(self._rows) else None

    def step(self, row: int, delta: int) -> int:
        """The next hit's row from ``row`` going ``delta`` (1 or -1), wrapping around;
        ``row`` -1 steps to the first hit (or the last, going up). -1 if there are none."""
        count = len(self._rows)
        start = row if 0 <= row < count else (-1 if delta > 0 else count)
        for offset in range(1, count + 1):
            candidate = (start + offset * delta) % count
            if self._rows[candidate].hit is not None:
                return candidate
        return -1

    # -- QAbstractListModel ----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Role.ROW_TYPE:
            return row.type
        if row.hit is None:
            return None
        if role == Role.SUBTITLE:
            return row.hit.subtitle
        if role == Role.KIND:
            return row.hit.kind
        if role == Role.ID:
            return row.hit.id
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return ", ".join(part for part in (row.hit.title, row.hit.subtitle) if part)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        selectable = self.hit(index.row()) is not None
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
            | (Qt.ItemFlag.ItemIsSelectable if selectable else Qt.ItemFlag.NoItemFlags)
        )
