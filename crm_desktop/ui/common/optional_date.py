"""A date field that may be left empty: a calendar date edit that shows "No date", with a
button to clear it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLineEdit, QToolButton, QWidget


class OptionalDateEdit(QWidget):
    """A date that may be empty: a calendar date field showing "No date", and a clear button.

    Empty is the field's minimum date. Touching an empty field (a click, an arrow key, a digit)
    starts from today rather than from that minimum.
    """

    changed = Signal()
    EMPTY = QDate(1900, 1, 1)

    def __init__(self, name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = QDate(today.year, today.month, today.day)
        self.edit = QDateEdit(self)
        self.edit.setObjectName(name)
        self.edit.setCalendarPopup(True)
        fmt = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
        if "yyyy" not in fmt:
            fmt = fmt.replace("yy", "yyyy")
        self.edit.setDisplayFormat(fmt)
        self.edit.setDateRange(self.EMPTY, QDate(2199, 12, 31))
        self.edit.setSpecialValueText("No date")
        self.edit.setDate(self.EMPTY)
        self.edit.dateChanged.connect(self._changed)
        self.edit.installEventFilter(self)
        for child in self.edit.findChildren(QLineEdit):
            child.installEventFilter(self)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName(f"{name}Clear")
        self.clear_button.setText("×")
        self.clear_button.setToolTip("No date")
        self.clear_button.setAccessibleName("Clear the date")
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self._changed()

    def value(self) -> date | None:
        chosen = self.edit.date()
        if chosen == self.EMPTY:
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(
            self.EMPTY if value is None else QDate(value.year, value.month, value.day)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        starting = event.type() == QEvent.Type.MouseButtonPress or (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and (event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) or event.text().isdigit())
        )
        if starting and self.value() is None:
            self.edit.setDate(self._today)
            if isinstance(event, QKeyEvent) and not event.text().isdigit():
                return True  # the first arrow press only brings today
        return super().eventFilter(watched, event)

    def _changed(self) -> None:
        self.clear_button.setEnabled(self.value() is not None)
        self.changed.emit()
