"""The column mapping as a table: one row per column of the file, what it holds (a few sample
values) and which field it goes to, chosen from a combo box in the last column."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from crm_desktop.interchange.targets import NOTES_LABELED, SKIP

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Column in the file", "Sample values", "Goes to")
TARGET = 2
TARGET_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class MappingModel(QAbstractTableModel):
    """Columns of the file and the field each maps to (``SKIP`` for none)."""

    def __init__(
        self,
        header: Sequence[str],
        samples: Sequence[Sequence[str]],
        choices: Sequence[tuple[str, str]],
        mapping: dict[int, str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._header = list(header)
        self._samples = [self._sample(samples, i) for i in range(len(header))]
        self.choices = [(SKIP, "— don't import —"), *[c for c in choices if c[0] != SKIP]]
        self._labels = dict(self.choices)
        self._targets = [mapping.get(i, SKIP) for i in range(len(header))]

    @staticmethod
    def _sample(rows: Sequence[Sequence[str]], column: int) -> str:
        values = [r[column].strip() for r in rows if column < len(r) and r[column].strip()]
        text = " · ".join(v.replace("\n", " ⏎ ") for v in values[:3])
        return text if len(text) <= 80 else text[:79] + "…"

    def mapping(self) -> dict[int, str]:
        """Column index to target field, for the columns that are imported."""
        return {i: t for i, t in enumerate(self._targets) if t != SKIP}

    def target(self, column: int) -> str:
        return self._targets[column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._header)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == TARGET else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return self._header[row] or f"(column {row + 1})"
            if column == 1:
                return self._samples[row]
            target = self._targets[row]
            if target == NOTES_LABELED:  # "Column: value": name the column itself
                return f"Notes, as “{self._header[row]}: value”"
            return self._labels.get(target, target)
        if role == TARGET_KEY_ROLE and column == TARGET:
            return self._targets[row]
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return self._samples[row] or "(empty in the first rows)"
        skipped = column == TARGET and self._targets[row] == SKIP
        if role == Qt.ItemDataRole.ForegroundRole and skipped:
            return Qt.GlobalColor.gray
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != TARGET or role != Qt.ItemDataRole.EditRole:
            return False
        key = str(value)
        if key not in self._labels:
            return False
        self._targets[index.row()] = key
        self.dataChanged.emit(index, index)
        return True


class TargetDelegate(QStyledItemDelegate):
    """A combo box of the fields a column can go to."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("mappingTarget")
        model = index.model()
        if isinstance(model, MappingModel):
            for key, label in model.choices:
                combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(TARGET_KEY_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
