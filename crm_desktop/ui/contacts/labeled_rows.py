"""Several labelled values of one kind in the contact editor: emails or phones, each with a
work/home/mobile/other label, rows added and removed as needed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.contacts import Labeled
from crm_desktop.ui.common.form_fields import mark_invalid

KINDS = ("work", "home", "mobile", "other")


class LabeledRows(QWidget):
    """Several values of one kind (emails or phones), each with a work/home/mobile/other label;
    rows can be added and removed. Widgets are named ``emailEdit0``, ``emailLabel0``,
    ``removeEmailButton0`` ... and ``addEmailButton``."""

    changed = Signal()
    rows_changed = Signal()

    def __init__(
        self, kind: str, placeholder: str, default: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{kind}Rows")
        self._kind = kind
        self._default = default  # the label a new row starts with
        self._placeholder = placeholder
        self._rows: list[tuple[QComboBox, QLineEdit, QToolButton]] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        self.add_button = QPushButton(f"Add {kind}", self)
        self.add_button.setObjectName(f"add{kind.title()}Button")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add_row(self, kind: str = "", value: str = "", focus: bool = False) -> QLineEdit:
        kind = kind or self._default
        label = QComboBox(self)
        label.addItems(KINDS if kind in KINDS else [*KINDS, kind])
        label.setCurrentText(kind)
        label.setAccessibleName(f"{self._kind.title()} label")
        edit = QLineEdit(value, self)
        edit.setPlaceholderText(self._placeholder)
        edit.setAccessibleName(self._kind.title())
        remove = QToolButton(self)
        remove.setText("✕")
        remove.setToolTip(f"Remove this {self._kind}")
        remove.setAccessibleName(f"Remove {self._kind}")
        row = (label, edit, remove)
        remove.clicked.connect(lambda: self._remove(row))
        label.currentTextChanged.connect(self.changed)
        edit.textChanged.connect(self.changed)
        self._rows.append(row)
        self._lay_out()
        if focus:
            edit.setFocus()
        self.changed.emit()
        return edit

    def set_values(self, values: Sequence[Labeled]) -> None:
        for row in list(self._rows):
            self._drop(row)
        for kind, value in values or [("", "")]:
            self.add_row(kind, value)

    def values(self) -> list[Labeled]:
        return [(label.currentText(), edit.text()) for label, edit, _ in self._rows]

    def edits(self) -> list[QLineEdit]:
        return [edit for _, edit, _ in self._rows]

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for row in self._rows:
            chain.extend(row)
        return [*chain, self.add_button]

    def mark(self, bad_rows: set[int]) -> None:
        for index, edit in enumerate(self.edits()):
            mark_invalid(edit, index in bad_rows)

    def _remove(self, row: tuple[QComboBox, QLineEdit, QToolButton]) -> None:
        index = self._rows.index(row)
        self._drop(row)
        self._lay_out()
        following = self.edits()
        if following:
            following[min(index, len(following) - 1)].setFocus()
        else:
            self.add_button.setFocus()
        self.changed.emit()

    def _drop(self, row: tuple[QComboBox, QLineEdit, QToolButton]) -> None:
        self._rows.remove(row)
        for widget in row:
            self._grid.removeWidget(widget)
            widget.setObjectName("")  # gone now, though deleted only later
            widget.hide()
            widget.deleteLater()

    def _lay_out(self) -> None:
        for index, (label, edit, remove) in enumerate(self._rows):
            label.setObjectName(f"{self._kind}Label{index}")
            edit.setObjectName(f"{self._kind}Edit{index}")
            remove.setObjectName(f"remove{self._kind.title()}Button{index}")
            self._grid.addWidget(label, index, 0)
            self._grid.addWidget(edit, index, 1)
            self._grid.addWidget(remove, index, 2)
        self.rows_changed.emit()
