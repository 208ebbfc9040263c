"""The user's settings, kept in ``settings.ini`` in the data folder (beside ``window.ini``).

``NotificationSettings`` reads and writes the notification group as a ``NotificationPrefs`` and
says when it changed. Values the file can't answer sensibly (edited by hand, or from another
version) fall back to the defaults one by one; nothing here raises on a bad file.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from crm_desktop.domain.notifying import WEEKDAYS, NotificationPrefs, WorkingHours

SETTINGS_FILE = "settings.ini"
GROUP = "notifications"


def open_settings(folder: str | Path) -> QSettings:
    """The settings file of the data folder ``folder``."""
    return QSettings(str(Path(folder) / SETTINGS_FILE), QSettings.Format.IniFormat)


class NotificationSettings(QObject):
    """The notification settings in ``settings``; ``changed`` carries the new prefs."""

    changed = Signal(object)  # NotificationPrefs

    def __init__(
        self,
        settings: QSettings,
        *,
        tray_available: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray_available = tray_available
        self.defaults = NotificationPrefs(keep_in_tray=tray_available)
        self.prefs = self.load()

    def load(self) -> NotificationPrefs:
        default = self.defaults
        s = self.settings
        s.beginGroup(GROUP)
        try:
            hours = WorkingHours(
                start=_time(s.value("start"), default.hours.start),
                end=_time(s.value("end"), default.hours.end),
                days=_days(s.value("days"), default.hours.days),
            )
            snooze = _int(s.value("snooze_minutes"), default.snooze_minutes)
            return NotificationPrefs(
                enabled=_bool(s.value("enabled"), default.enabled),
                sound=_bool(s.value("sound"), default.sound),
                use_hours=_bool(s.value("working_hours"), default.use_hours),
                hours=hours if not hours.problems() else default.hours,
                snooze_minutes=snooze if 1 <= snooze <= 7 * 1440 else default.snooze_minutes,
                keep_in_tray=_bool(s.value("keep_in_tray"), default.keep_in_tray)
                and self.tray_available,
            )
        finally:
            s.endGroup()

    def save(self, prefs: NotificationPrefs) -> None:
        problems = prefs.problems()
        if problems:
            raise ValueError("; ".join(problems.values()))
        s = self.settings
        s.beginGroup(GROUP)
        s.setValue("enabled", prefs.enabled)
        s.setValue("sound", prefs.sound)
        s.setValue("working_hours", prefs.use_hours)
        s.setValue("start", f"{prefs.hours.start:%H:%M}")
        s.setValue("end", f"{prefs.hours.end:%H:%M}")
        s.setValue("days", " ".join(WEEKDAYS[d] for d in sorted(prefs.hours.days)))
        s.setValue("snooze_minutes", prefs.snooze_minutes)
        s.setValue("keep_in_tray", prefs.keep_in_tray)
        s.endGroup()
        s.sync()
        changed = prefs != self.prefs
        self.prefs = prefs
        if changed:
            self.changed.emit(prefs)


def _bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "1", "yes", "on"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "0", "no", "off"):
        return False
    return default


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _time(value: object, default: time) -> time:
    try:
        hour, minute = str(value).split(":")
        return time(int(hour), int(minute))
    except ValueError:
        return default


def _days(value: object, default: frozenset[int]) -> frozenset[int]:
    """ "Mon Tue Wed" (as written), tolerating commas and a list from the INI reader."""
    if value is None:
        return default
    words = value if isinstance(value, list) else str(value).replace(",", " ").split()
    found = set()
    for word in words:
        name = str(word).strip().title()[:3]
        if name not in WEEKDAYS:
            return default
        found.add(WEEKDAYS.index(name))
    return frozenset(found)
