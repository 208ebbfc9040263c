"""Snoozing: the menu of snooze times (15 minutes, 1 hour, tomorrow morning, next week, pick a
time) and the small dialog that picks a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.reminder_pane import snooze_choices

Snooze = Callable[[datetime], None]


def snooze_menu(
    parent: QWidget, now: datetime, tz: tzinfo, snooze: Snooze, title: str = "&Snooze"
) -> QMenu:
    """A menu whose entries call ``snooze(until)``; "Pick a time…" asks first."""
    menu = QMenu(title, parent)
    menu.setObjectName("snoozeMenu")
    for choice in snooze_choices(now, tz):
        local = choice.when.astimezone(tz)
        hint = (
            f"{local:%H:%M}" if local.date() == now.astimezone(tz).date() else f"{local:%a %H:%M}"
        )
        action = menu.addAction(f"{choice.label}\t{hint}")
        action.setObjectName(f"snooze_{choice.key}")
        action.triggered.connect(lambda _=False, when=choice.when: snooze(when))
    menu.addSeparator()
    pick = menu.addAction("Pick a time…")
    pick.setObjectName("snooze_pick")

    def ask() -> None:
        when = SnoozePicker.ask(parent, now, tz)
        if when is not None:
            snooze(when)

    pick.triggered.connect(ask)
    return menu


class SnoozePicker(QDialog):
    """Pick the date and time to be reminded again (in the future)."""

    def __init__(self, now: datetime, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("snoozePicker")
        self.setWindowTitle("Snooze until")
        self._now, self._tz = now, tz
        self.edit = QDateTimeEdit(self)
        self.edit.setObjectName("snoozeDateTime")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.edit.setTimeZone(_zone(tz, now))
        start = now + timedelta(hours=1)
        self.edit.setMinimumDateTime(_qt(now + timedelta(minutes=1), tz))
        self.edit.setDateTime(_qt(start.replace(minute=0, second=0), tz))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Snooze")
        ok.setObjectName("snoozeOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Remind me again at:", self))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def value(self) -> datetime:
        chosen = self.edit.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(chosen, tz=UTC)

    @classmethod
    def ask(cls, parent: QWidget | None, now: datetime, tz: tzinfo) -> datetime | None:
        dialog = cls(now, tz, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.value()
        dialog.deleteLater()
        return value if accepted else None


def _zone(tz: tzinfo, now: datetime) -> QTimeZone:
    """The user's zone as Qt sees it: a fixed offset (what ``Clock.local_tz`` gives)."""
    offset = tz.utcoffset(now)
    return QTimeZone(int(offset.total_seconds()) if offset is not None else 0)


def _qt(when: datetime, tz: tzinfo) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(when.timestamp()), _zone(tz, when))
