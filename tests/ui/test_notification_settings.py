"""The notification settings: kept in settings.ini in the data folder, tolerant of a hand-edited
file, and the dialog (working hours with days off and overnight shifts, snooze, tray)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from crm_desktop.domain.notifying import NotificationPrefs, WorkingHours
from crm_desktop.ui.settings.notifications_dialog import NotificationSettingsDialog
from crm_desktop.ui.settings.store import NotificationSettings, open_settings

# A combo box's popup asks the window manager to raise it; offscreen there is none to ask.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


def store_in(folder: Path, tray: bool = True) -> NotificationSettings:
    return NotificationSettings(open_settings(folder), tray_available=tray)


def test_defaults_follow_the_tray(tmp_path: Path) -> None:
    assert store_in(tmp_path).prefs == NotificationPrefs(keep_in_tray=True)
    assert store_in(tmp_path, tray=False).prefs == NotificationPrefs(keep_in_tray=False)


def test_saved_prefs_come_back_from_the_file(tmp_path: Path, qtbot: QtBot) -> None:
    store = store_in(tmp_path)
    prefs = NotificationPrefs(
        enabled=True,
        sound=True,
        use_hours=True,
        hours=WorkingHours(time(22), time(6, 30), frozenset({0, 2, 4})),
        snooze_minutes=60,
        keep_in_tray=False,
    )
    with qtbot.waitSignal(store.changed) as blocker:
        store.save(prefs)
    assert blocker.args == [prefs]
    text = (tmp_path / "settings.ini").read_text()
    assert "[notifications]" in text and "days=Mon Wed Fri" in text
    assert store_in(tmp_path).prefs == prefs  # a fresh reader of the same file
    with pytest.raises(ValueError, match="working day"):
        store.save(NotificationPrefs(use_hours=True, hours=WorkingHours(days=frozenset())))


def test_a_hand_edited_file_falls_back_value_by_value(tmp_path: Path) -> None:
    (tmp_path / "settings.ini").write_text(
        "[notifications]\nenabled=perhaps\nsound=true\nstart=25:99\nend=18:00\n"
        "days=Mon, Tue\nsnooze_minutes=-4\nworking_hours=1\nkeep_in_tray=true\n"
    )
    prefs = store_in(tmp_path, tray=False).prefs
    assert prefs.enabled and prefs.sound and prefs.use_hours
    assert prefs.hours == WorkingHours(time(9), time(18), frozenset({0, 1}))
    assert prefs.snooze_minutes == 10
    assert not prefs.keep_in_tray  # no tray here, whatever the file says


def test_the_dialog_edits_and_saves(tmp_path: Path, qtbot: QtBot) -> None:
    store = store_in(tmp_path)
    dialog = NotificationSettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.objectName() == "notificationSettings"
    assert not dialog.hours.isChecked()
    dialog.hours.setChecked(True)
    dialog.start.setTime(QTime(22, 0))
    dialog.end.setTime(QTime(6, 0))
    assert "ends at 06:00 the next morning" in dialog.hint.text()
    assert "Mon–Fri 22:00–06:00" in dialog.hint.text()
    for button in dialog.days[:5]:
        button.setChecked(False)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.problem.text() == "Pick at least one working day."
    dialog.days[5].setChecked(True)
    dialog.days[6].setChecked(True)
    assert ok.isEnabled() and dialog.problem.isHidden()
    dialog.snooze.setCurrentIndex(dialog.snooze.findData(30))
    dialog.sound.setChecked(True)
    with qtbot.waitSignal(store.changed):
        ok.click()
    assert store.prefs == NotificationPrefs(
        sound=True,
        use_hours=True,
        hours=WorkingHours(time(22), time(6), frozenset({5, 6})),
        snooze_minutes=30,
        keep_in_tray=True,
    )


def test_cancel_keeps_everything_and_off_greys_out(tmp_path: Path, qtbot: QtBot) -> None:
    store = store_in(tmp_path, tray=False)
    dialog = NotificationSettingsDialog(store)
    qtbot.addWidget(dialog)
    assert not dialog.keep_in_tray.isEnabled() and not dialog.keep_in_tray.isChecked()
    dialog.enabled.setChecked(False)
    assert not dialog.sound.isEnabled() and not dialog.hours.isEnabled()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert store.prefs == NotificationPrefs(keep_in_tray=False)
    assert not (tmp_path / "settings.ini").exists()
