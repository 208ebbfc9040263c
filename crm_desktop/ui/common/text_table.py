"""A small read-only table of text: the import wizard's preview and report, the import history,
the past merges."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class TextTable(QAbstractTableModel):
    """Rows of text under a header; long cells are cut for the view, whole in the tooltip."""

    MAX_SHOWN = 120

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._header = list(header)
        self._rows: list[list[str]] = []
        self.set_rows(rows)

    def set_rows(self, rows: Sequence[Sequence[object]]) -> None:
        self.beginResetModel()
        width = len(self._header)
        self._rows = [[str(v) for v in row[:width]] + [""] * (width - len(row)) for row in rows]
        self.endResetModel()

    def cell(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._header[section] if 0 <= section < len(self._header) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            flat = text.replace("\r\n", " ⏎ ").replace("\n", " ⏎ ")
            return flat if len(flat) <= self.MAX_SHOWN else flat[: self.MAX_SHOWN - 1] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and text:
            return text
        return None
