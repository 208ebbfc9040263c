"""A lead's stage history as the lead detail shows it: a table of its moves (from, to, when,
and how long it sat in the stage it left), as tall as its rows up to ``HISTORY_ROWS``."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from crm_desktop.domain.lead_overview import StageStep

_Index = QModelIndex | QPersistentModelIndex
HISTORY_ROWS = 10  # the stage history grows to this many rows, then scrolls


def duration_text(seconds: int) -> str:
    """How long, roughly: "40 min", "5 h", "1 day", "12 days"."""
    if seconds < 60:
        return "under a minute"
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    days = seconds // 86400
    return f"{days} day{'s' if days != 1 else ''}"


class StageHistoryModel(QAbstractTableModel):
    """A lead's moves, oldest first: from, to, when, and the time spent in "from"."""

    HEADERS = ("From", "To", "When", "Time in stage")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # texts, tooltips

    def set_history(self, steps: tuple[StageStep, ...], local: tzinfo | None) -> None:
        rows: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        for step in steps:
            when = step.changed_at.astimezone(local)
            created = not step.from_stage
            texts = (
                step.from_stage or "(created)",
                step.to_stage,
                f"{when:%d %b %Y, %H:%M}",
                "—" if created else duration_text(step.seconds_in_previous),
            )
            by = f" by {step.changed_by}" if step.changed_by else ""
            tips = (
                "Where the lead was created" if created else f"Left {step.from_stage}",
                f"Moved to {step.to_stage}",
                f"{when:%A %d %B %Y, %H:%M}{by}",
                "" if created else f"Time in {step.from_stage} before this move",
            )
            rows.append((texts, tips))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        texts, tips = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return texts[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tips[index.column()] or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )


class StageHistoryView(QTableView):
    """The history table (``leadHistory``): whole rows, no grid, as tall as its rows up to
    ``HISTORY_ROWS``; longer histories scroll."""

    def __init__(self, model: StageHistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadHistory")
        self.setModel(model)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        model.modelReset.connect(self._fit)
        self._model = model

    def _fit(self) -> None:
        rows = min(max(self._model.rowCount(), 1), HISTORY_ROWS)
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        self.setFixedHeight(height + rows * self.verticalHeader().defaultSectionSize())
