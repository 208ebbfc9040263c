"""The timers the reminders page, the reminders pane and the detail panels keep current with
(``ui.common.timers``): one re-read for a burst of changes, and a wake-up at a moment, its wait
cut short past ``MAX_WAIT_MS``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Qt
from pytestqt.qtbot import QtBot

from crm_desktop.ui.common import timers
from crm_desktop.ui.reminders.pane import RemindersPane

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_next_turn_runs_once_for_a_burst(qtbot: QtBot) -> None:
    owner = QObject()
    runs: list[int] = []
    timer = timers.next_turn(owner, lambda: runs.append(1))
    assert timer.isSingleShot() and timer.interval() == 0
    for _ in range(5):
        timer.start()
    qtbot.waitUntil(lambda: not timer.isActive())
    qtbot.wait(10)
    assert runs == [1]


def test_alarm_is_named_and_single_shot() -> None:
    owner = QObject()
    timer = timers.alarm(owner, "someTimer", lambda: None)
    assert timer.objectName() == "someTimer" and timer.isSingleShot()
    assert owner.findChild(type(timer), "someTimer") is timer
    assert timer.timerType() == Qt.TimerType.CoarseTimer  # the pane asks for a precise one


def test_arm_waits_until_the_moment_and_no_longer_than_the_most() -> None:
    owner = QObject()
    timer = timers.alarm(owner, "t", lambda: None)
    timers.arm(timer, NOW + timedelta(seconds=90), NOW)
    assert timer.isActive() and timer.interval() == 90_000
    timers.arm(timer, NOW - timedelta(hours=1), NOW)  # passed: at once
    assert timer.interval() == 0
    timers.arm(timer, NOW + timedelta(days=2), NOW)
    assert timer.interval() == timers.MAX_WAIT_MS == 15 * 60 * 1000
    timers.arm(timer, NOW + timedelta(minutes=5), NOW, most_ms=60_000)
    assert timer.interval() == 60_000
    timer.stop()


def test_the_pane_cuts_waits_as_the_page_does() -> None:
    assert RemindersPane.MAX_WAIT_MS == timers.MAX_WAIT_MS
