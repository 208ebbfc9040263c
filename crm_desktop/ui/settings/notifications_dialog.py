"""The notification settings dialog: on/off, sound, working hours with days off, default snooze,
and keeping the app in the tray. The working-hours rule is the domain's; the hint under the
hours says in words what it will do with what is typed."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.notifying import (
    SNOOZE_CHOICES,
    WEEKDAYS,
    NotificationPrefs,
    WorkingHours,
)
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.notify.card import snooze_label
from crm_desktop.ui.settings.store import NotificationSettings


class NotificationSettingsDialog(QDialog):
    def __init__(self, store: NotificationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationSettings")
        self.setWindowTitle("Notification settings")
        self.store = store
        prefs = store.prefs

        self.enabled = QCheckBox("Remind me when a follow-up comes due", self)
        self.enabled.setObjectName("notifyEnabled")
        self.enabled.setChecked(prefs.enabled)
        self.sound = QCheckBox("Play a sound", self)
        self.sound.setObjectName("notifySound")
        self.sound.setChecked(prefs.sound)
        self.snooze = QComboBox(self)
        self.snooze.setObjectName("notifySnooze")
        for minutes in sorted({*SNOOZE_CHOICES, prefs.snooze_minutes}):
            self.snooze.addItem(snooze_label(minutes), minutes)
        self.snooze.setCurrentIndex(self.snooze.findData(prefs.snooze_minutes))

        self.hours = QGroupBox("Only during working hours", self)
        self.hours.setObjectName("notifyWorkingHours")
        self.hours.setCheckable(True)
        self.hours.setChecked(prefs.use_hours)
        self.start = self._time_edit("notifyStart", prefs.hours.start)
        self.end = self._time_edit("notifyEnd", prefs.hours.end)
        self.days: list[QToolButton] = []
        day_row = QHBoxLayout()
        day_row.setSpacing(4)
        for index, name in enumerate(WEEKDAYS):
            button = QToolButton(self.hours)
            button.setObjectName(f"notifyDay{index}")
            button.setText(name)
            button.setCheckable(True)
            button.setChecked(index in prefs.hours.days)
            button.setMinimumWidth(40)
            button.toggled.connect(self._update)
            self.days.append(button)
            day_row.addWidget(button)
        day_row.addStretch(1)
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel("to", self.hours))
        times.addWidget(self.end)
        times.addStretch(1)
        self.hint = QLabel(self.hours)
        self.hint.setObjectName("notifyHoursHint")
        self.hint.setWordWrap(True)
        self.problem = QLabel(self.hours)
        self.problem.setObjectName("notifyProblem")
        dark = is_dark(self.palette())
        self.problem.setStyleSheet(f"color: {'#f28b82' if dark else '#c5221f'};")
        self.hours.setStyleSheet(
            "QToolButton { border: 1px solid palette(mid); border-radius: 4px; padding: 3px 6px; }"
            "QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border-color: palette(highlight); }"
            "QToolButton:disabled { color: palette(mid); }"
        )
        hours_form = QFormLayout(self.hours)
        hours_form.addRow("From", times)
        hours_form.addRow("On", day_row)
        hours_form.addRow(self.hint)
        hours_form.addRow(self.problem)

        self.keep_in_tray = QCheckBox("Keep running in the tray when the window is closed", self)
        self.keep_in_tray.setObjectName("notifyKeepInTray")
        self.keep_in_tray.setChecked(prefs.keep_in_tray)
        if not store.tray_available:
            self.keep_in_tray.setEnabled(False)
            self.keep_in_tray.setChecked(False)
            self.keep_in_tray.setToolTip("This desktop has no system tray.")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("notifyButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        general = QFormLayout()
        general.addRow(self.enabled)
        general.addRow(self.sound)
        general.addRow("Snooze for", self.snooze)
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        layout.addWidget(self.hours)
        layout.addWidget(self.keep_in_tray)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.enabled.toggled.connect(self._update)
        self.hours.toggled.connect(self._update)
        self.start.timeChanged.connect(self._update)
        self.end.timeChanged.connect(self._update)
        self._update()

    def _time_edit(self, name: str, value: time) -> QTimeEdit:
        edit = QTimeEdit(QTime(value.hour, value.minute), self.hours)
        edit.setObjectName(name)
        edit.setDisplayFormat("HH:mm")
        return edit

    def prefs(self) -> NotificationPrefs:
        """What the dialog shows, as prefs (perhaps with problems)."""
        start, end = self.start.time(), self.end.time()
        return NotificationPrefs(
            enabled=self.enabled.isChecked(),
            sound=self.sound.isChecked(),
            use_hours=self.hours.isChecked(),
            hours=WorkingHours(
                start=time(start.hour(), start.minute()),
                end=time(end.hour(), end.minute()),
                days=frozenset(i for i, b in enumerate(self.days) if b.isChecked()),
            ),
            snooze_minutes=int(self.snooze.currentData()),
            keep_in_tray=self.keep_in_tray.isChecked(),
        )

    def _update(self) -> None:
        prefs = self.prefs()
        on = prefs.enabled
        for widget in (self.sound, self.snooze, self.hours):
            widget.setEnabled(on)
        problems = prefs.problems()
        self.problem.setText(problems.get("days", ""))
        self.problem.setVisible("days" in problems)
        self.hint.setText(_hours_hint(prefs.hours))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)

    def accept(self) -> None:
        prefs = self.prefs()
        if prefs.problems():
            return
        self.store.save(prefs)
        super().accept()


def _hours_hint(hours: WorkingHours) -> str:
    if not hours.days:
        return ""
    extra = ""
    if hours.start == hours.end:
        extra = " (the same start and end: all day on those days)"
    elif hours.overnight:
        extra = f" (each shift ends at {hours.end:%H:%M} the next morning)"
    return (
        f"Working hours: {hours.describe()}{extra}. Follow-ups that come due outside them "
        "wait until the next start of working hours."
    )


def edit_notification_settings(parent: QWidget | None, store: NotificationSettings) -> bool:
    """Show the dialog; True if the user saved."""
    dialog = NotificationSettingsDialog(store, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
