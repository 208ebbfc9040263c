"""The filters above the lead board: text as you type, owner, value range, "no next step",
"rotting", and how many days closed leads stay on the board."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from crm_desktop.domain.board import CLOSED_DAYS, BoardQuery
from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common.choices import filter_combo, refill
from crm_desktop.ui.common.flow import FlowLayout

TYPING_PAUSE_MS = 150
NOBODY = 0


class BoardFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardFilters")
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)

        self.text = QLineEdit(self)
        self.text.setObjectName("boardFilter")
        self.text.setPlaceholderText("Filter leads by title, contact, company…")
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(220)
        self.text.textChanged.connect(self._typing.start)

        self.owner = filter_combo(self, "boardOwnerFilter", "Any owner", self.changed)
        self.owner.setToolTip("Show the leads of one owner")

        self.min_value = self._amount("boardMinValue", "Any value", "From ")
        self.max_value = self._amount("boardMaxValue", "No upper limit", "Up to ")
        self.no_next_step = QCheckBox("No next step", self)
        self.no_next_step.setObjectName("boardNoNextStep")
        self.no_next_step.setToolTip("Open leads without an open follow-up")
        self.no_next_step.toggled.connect(self.changed)
        self.rotting = QCheckBox("Rotting", self)
        self.rotting.setObjectName("boardRotting")
        self.rotting.setToolTip("Open leads that sat in their stage longer than its rotting days")
        self.rotting.toggled.connect(self.changed)

        self.closed_days = QSpinBox(self)
        self.closed_days.setObjectName("boardClosedDays")
        self.closed_days.setRange(0, 365)
        self.closed_days.setValue(CLOSED_DAYS)
        self.closed_days.setPrefix("Won/lost shown ")
        self.closed_days.setSuffix(" days")
        self.closed_days.setSpecialValueText("Won/lost hidden")
        self.closed_days.setToolTip(
            "How long won and lost leads stay on the board after closing;"
            " search and reports always find them"
        )
        self.closed_days.valueChanged.connect(self._typing.start)

        clear = QToolButton(self)
        clear.setObjectName("boardClearFilters")
        clear.setText("Clear")
        clear.setToolTip("Show every lead again")
        clear.clicked.connect(self.clear)

        layout = FlowLayout(self)  # one row on a wide window, more on a narrow one
        row: tuple[QWidget, ...] = (
            self.text,
            self.owner,
            self.min_value,
            self.max_value,
            self.no_next_step,
            self.rotting,
            self.closed_days,
            clear,
        )
        for widget in row:
            layout.addWidget(widget)

    def _amount(self, name: str, special: str, prefix: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(0, 1_000_000_000)
        box.setSingleStep(1000)
        box.setGroupSeparatorShown(True)
        box.setSpecialValueText(special)
        box.setPrefix(prefix)
        box.setToolTip("Lead value in whole units of its currency (0: no limit)")
        box.valueChanged.connect(self._typing.start)
        return box

    def set_staff(self, people: list[StaffMember]) -> None:
        refill(self.owner, [("Nobody", NOBODY), *((p.name, p.id) for p in people)])

    def applied(self, query: BoardQuery) -> BoardQuery:
        low, high = self.min_value.value(), self.max_value.value()
        return replace(
            query,
            text=self.text.text(),
            owner_id=self.owner.currentData(),
            min_value_minor=low * 100 if low else None,
            max_value_minor=high * 100 if high else None,
            no_next_step=self.no_next_step.isChecked(),
            rotting=self.rotting.isChecked(),
            closed_days=self.closed_days.value(),
        )

    def clear(self) -> None:
        for widget in (self, self.text, self.owner, self.min_value, self.max_value):
            widget.blockSignals(True)
        self.text.clear()
        self.owner.setCurrentIndex(0)
        self.min_value.setValue(0)
        self.max_value.setValue(0)
        self.no_next_step.setChecked(False)
        self.rotting.setChecked(False)
        for widget in (self, self.text, self.owner, self.min_value, self.max_value):
            widget.blockSignals(False)
        self.changed.emit()
