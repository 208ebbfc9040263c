"""The filters above the Reminders page's table: status (Open, Done, Cancelled, All), mine or
everyone's, words of the title or note as you type, and when it is due (Overdue, Today, Next 7
days, Later, any time); the count of what is listed, and a button for a new follow-up."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from crm_desktop.domain.reminder_list import RANGE_TITLES, RANGES, ReminderQuery

ALL, ANY = "all", "any"  # the combos' data for "no filter" (a None would not be found again)
STATUS_CHOICES = (("Open", "open"), ("Done", "done"), ("Cancelled", "cancelled"), ("All", ALL))
TYPING_PAUSE_MS = 150  # a word is looked for in every title and note: wait for a pause

# Mine | Everyone as one segmented control: the chosen half in the highlight colour, so the
# choice shows in a dark palette too (Fusion's checked tool button barely differs there).
_SEGMENTS = """
QToolButton[segment] {
    padding: 2px 10px; border: 1px solid palette(mid); background: palette(button);
    color: palette(button-text);
}
QToolButton[segment="left"] { border-top-left-radius: 4px; border-bottom-left-radius: 4px; }
QToolButton[segment="right"] {
    border-top-right-radius: 4px; border-bottom-right-radius: 4px; border-left: none;
}
QToolButton[segment]:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
"""


class ReminderFilterBar(QWidget):
    changed = Signal()
    new_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, mine: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("reminderFilters")
        self.status = self._combo("reminderStatusFilter", "Which follow-ups, by status")
        for label, value in STATUS_CHOICES:
            self.status.addItem(label, value)
        self.mine_button = self._toggle("reminderMineFilter", "Mine", "Follow-ups assigned to you")
        self.everyone_button = self._toggle(
            "reminderEveryoneFilter", "Everyone", "Everyone's follow-ups"
        )
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.mine_button)
        group.addButton(self.everyone_button)
        (self.mine_button if mine else self.everyone_button).setChecked(True)
        self.mine_button.toggled.connect(self.changed)
        self.mine_button.setProperty("segment", "left")
        self.everyone_button.setProperty("segment", "right")
        self.setStyleSheet(_SEGMENTS)

        self.text = QLineEdit(self)
        self.text.setObjectName("reminderTextFilter")
        self.text.setPlaceholderText("Filter by words of the title or note…")
        self.text.setClearButtonEnabled(True)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)
        self.text.textChanged.connect(self._typing.start)

        self.due = self._combo("reminderDueFilter", "When they are due (or snoozed until)")
        self.due.addItem("Any time", ANY)
        for key in RANGES:
            self.due.addItem(RANGE_TITLES[key], key)
        self.status.currentIndexChanged.connect(self.changed)
        self.due.currentIndexChanged.connect(self.changed)

        self.count = QLabel(self)
        self.count.setObjectName("reminderCount")
        self.new_button = QToolButton(self)
        self.new_button.setObjectName("remindersPageNew")
        self.new_button.setText("+ New follow-up")
        self.new_button.setToolTip("New follow-up (Ctrl+R)")
        self.new_button.clicked.connect(self.new_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addSpacing(6)
        segments = QHBoxLayout()
        segments.setSpacing(0)
        segments.addWidget(self.mine_button)
        segments.addWidget(self.everyone_button)
        layout.addLayout(segments)
        layout.addSpacing(6)
        layout.addWidget(self.text, 3)
        layout.addWidget(self.due)
        layout.addSpacing(12)
        layout.addWidget(self.count)
        layout.addStretch(1)
        layout.addWidget(self.new_button)

    def _combo(self, name: str, tip: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _toggle(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        return button

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.setStyleSheet(_SEGMENTS)  # palette() in a style sheet is read when it is set
        super().changeEvent(event)

    # -- reading and setting -----------------------------------------------------------------

    def applied(self, query: ReminderQuery) -> ReminderQuery:
        """``query`` with this bar's filters (its order kept)."""
        return replace(
            query,
            status=_none_for(self.status.currentData(), ALL),
            mine=self.mine_button.isChecked(),
            text=self.text.text(),
            due=_none_for(self.due.currentData(), ANY),
        )

    def is_filtering(self) -> bool:
        """Anything narrowing the list beyond the status."""
        return bool(
            self.text.text().strip() or self.mine_button.isChecked() or self.due.currentIndex() > 0
        )

    def set_status(self, status: str | None) -> None:
        self.status.setCurrentIndex(max(self.status.findData(status or ALL), 0))

    def set_mine(self, mine: bool) -> None:
        (self.mine_button if mine else self.everyone_button).setChecked(True)

    def set_due(self, due: str | None) -> None:
        self.due.setCurrentIndex(max(self.due.findData(due or ANY), 0))

    def set_text(self, text: str) -> None:
        """Type ``text`` and apply it now, without the typing pause."""
        self.text.setText(text)
        self._typing.stop()
        self.changed.emit()


def _none_for(value: object, anything: str) -> str | None:
    return None if value in (None, anything) else str(value)
