"""The notifier with a controlled clock: one raise per due reminder, snooze and done from the card
(with undo), the start-up summary, working hours, a changed clock caught by the safety tick, and
the tray pieces (there is no tray offscreen: only what works without one is shown here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain import notify_actions
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.notifying import NotificationPrefs, WorkingHours
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.notifications import CloseToTray, Notifier, TrayIcon
from crm_desktop.ui.notify.card import NotificationCard, summary_card
from crm_desktop.ui.notify.tray import tooltip_text, tray_pixmap

Make = Callable[..., Notifier]


@pytest.fixture
def host(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    window.resize(900, 600)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def make(services: Services, bus: ChangeBus, host: QMainWindow) -> Make:
    def build(prefs: NotificationPrefs | None = None, start: bool = True) -> Notifier:
        notifier = Notifier(
            services,
            bus,
            prefs or NotificationPrefs(),
            host=host,
            tray=TrayIcon(available=False),
            undo=QUndoStack(),
        )
        if start:
            notifier.start()
        return notifier

    return build


@pytest.fixture
def remind(services: Services, bus: ChangeBus) -> Callable[..., int]:
    def create(title: str, due: datetime, **extra: object) -> int:
        change = services.followups.create(ReminderFields(title=title, due_at=due, **extra))  # type: ignore[arg-type]
        bus.publish(change)
        return change.id

    return create


def cards(host: QWidget) -> list[NotificationCard]:
    found = host.findChildren(NotificationCard, "reminderNotification")
    return [c for c in found if c.isVisible()]


def raised_ids(notifier: Notifier) -> list[int]:
    seen: list[int] = []
    notifier.raised.connect(seen.append)
    return seen


def test_a_reminder_due_in_a_moment_raises_exactly_one_notification(
    make: Make, remind: Callable[..., int], clock: FixedClock, host: QMainWindow, qtbot: QtBot
) -> None:
    notifier = make()
    seen = raised_ids(notifier)
    rid = remind("Call Anna back", clock.now() + timedelta(seconds=1))
    assert notifier.next_at == clock.now() + timedelta(seconds=1)  # re-armed by the bus
    assert 0 < notifier.timer.remainingTime() <= 1000
    with qtbot.waitSignal(notifier.raised, timeout=5000) as blocker:
        clock.advance(timedelta(seconds=1))  # the real one-second timer then finds it due
    assert blocker.args == [rid]
    (card,) = cards(host)
    assert host.rect().contains(notifier.stack.geometry())  # in the window's corner
    assert notifier.stack.geometry().right() > host.width() - 40
    assert card.title_label.text() == "Call Anna back"
    assert card.heading_label.text() == "Follow-up due"
    assert "due Mon 02 Mar 09:00" in card.detail_label.text()
    notifier.safety_tick()
    notifier.fire()
    assert seen == [rid]
    assert notifier.next_at is None and not notifier.timer.isActive()
    assert notifier.overdue == 1
    notifier.stop()
    again = make()  # a restart raises nothing: it was marked notified
    assert raised_ids(again) == [] and len(cards(host)) == 1


def test_snooze_moves_it_and_it_fires_again_later(
    make: Make, remind: Callable[..., int], clock: FixedClock, host: QMainWindow, qtbot: QtBot
) -> None:
    notifier = make(NotificationPrefs(snooze_minutes=15))
    rid = remind("Send the quote", clock.now())
    with qtbot.waitSignal(notifier.raised):
        notifier.fire()
    (card,) = cards(host)
    assert card.snooze_button.text() == "Snooze 15 min"
    card.snooze_button.click()
    assert cards(host) == []
    assert notifier.next_at == clock.now() + timedelta(minutes=15)
    assert notifier.overdue == 0
    clock.advance(timedelta(minutes=14))
    notifier.fire()
    assert cards(host) == []
    clock.advance(timedelta(minutes=1))
    with qtbot.waitSignal(notifier.raised) as blocker:
        notifier.fire()
    assert blocker.args == [rid]
    assert "snoozed" in cards(host)[0].detail_label.text()
    assert notifier.undo is not None
    assert notifier.undo.undoText() == "Snooze 15 min: 1 follow-up"


def test_snooze_from_the_menu_picks_its_length(
    make: Make, remind: Callable[..., int], clock: FixedClock, host: QMainWindow
) -> None:
    notifier = make()
    remind("Chase the invoice", clock.now())
    notifier.fire()
    (card,) = cards(host)
    hour = next(a for a in card.snooze_button.menu().actions() if a.text() == "Snooze 1 hour")
    hour.trigger()
    assert notifier.next_at == clock.now() + timedelta(hours=1)


def test_completing_a_recurring_one_creates_the_next(
    make: Make,
    remind: Callable[..., int],
    services: Services,
    clock: FixedClock,
    host: QMainWindow,
    bus: ChangeBus,
) -> None:
    notifier = make()
    published: list[Change] = []
    bus.changed.connect(published.append)
    rid = remind("Weekly check-in", clock.now(), recur_every=1, recur_unit="weeks")
    notifier.fire()
    (card,) = cards(host)
    assert "repeats" in card.detail_label.text()
    card.done_button.click()
    assert services.followups.get(rid).status == "done"
    (change,) = [c for c in published if c.action == "completed"]
    following = change.ids[1]
    assert services.followups.get(following).due_at == clock.now() + timedelta(weeks=1)
    assert notifier.next_at == clock.now() + timedelta(weeks=1)
    assert cards(host) == [] and notifier.overdue == 0
    assert notifier.undo is not None
    notifier.undo.undo()  # back to open and raised; the next occurrence is gone
    assert services.followups.get(rid).status == "open"
    assert notifier.next_at is None and notifier.overdue == 1
    notifier.undo.redo()
    assert services.followups.get(rid).status == "done"
    assert notifier.next_at == clock.now() + timedelta(weeks=1)


def test_what_fell_due_while_closed_is_summarised_once_at_start(
    make: Make,
    remind: Callable[..., int],
    services: Services,
    clock: FixedClock,
    host: QMainWindow,
    qtbot: QtBot,
) -> None:
    ids = [remind(f"Missed {i}", clock.now() - timedelta(hours=i + 1)) for i in range(5)]
    remind("Tomorrow", clock.now() + timedelta(days=1))
    notifier = make(start=False)
    seen = raised_ids(notifier)
    with qtbot.waitSignal(notifier.summarised) as blocker:
        notifier.start()
    assert sorted(blocker.args[0]) == sorted(ids) and sorted(seen) == sorted(ids)
    (card,) = cards(host)
    assert card.heading_label.text() == "5 follow-ups came due while CRM Desktop was closed"
    assert card.detail_label.text().splitlines() == [
        "• Missed 4",
        "• Missed 3",
        "• Missed 2",
        "and 2 more",
    ]
    assert card.done_button.text() == "All done" and card.snooze_button.text().startswith(
        "Snooze all"
    )
    with qtbot.waitSignal(notifier.open_requested) as opened:
        card.open_button.click()
    assert sorted(opened.args[0]) == sorted(ids) and cards(host) == []
    assert notifier.next_at == clock.now() + timedelta(days=1)
    notifier.stop()
    later = make()
    assert raised_ids(later) == [] and cards(host) == []
    assert services.followups.due_unnotified() == []


def test_one_missed_reminder_gets_its_own_card_at_start(
    make: Make, remind: Callable[..., int], clock: FixedClock, host: QMainWindow
) -> None:
    remind("Missed call", clock.now() - timedelta(days=2))
    make()
    (card,) = cards(host)
    assert card.heading_label.text() == "Came due while CRM Desktop was closed"
    assert card.title_label.text() == "Missed call"


def test_summary_done_completes_them_all_and_undoes_as_one(
    make: Make, remind: Callable[..., int], services: Services, clock: FixedClock, host: QMainWindow
) -> None:
    ids = [remind(f"r{i}", clock.now() - timedelta(minutes=i + 1)) for i in range(3)]
    notifier = make()
    cards(host)[0].done_button.click()
    assert {services.followups.get(i).status for i in ids} == {"done"}
    assert notifier.undo is not None and notifier.undo.count() == 1
    notifier.undo.undo()
    assert {services.followups.get(i).status for i in ids} == {"open"}


def test_working_hours_defer_a_reminder_to_the_next_start(
    make: Make, remind: Callable[..., int], clock: FixedClock, qtbot: QtBot
) -> None:
    clock.set(datetime(2026, 3, 6, 16, 50, tzinfo=UTC))  # Friday; the clock's zone is UTC
    hours = WorkingHours(time(9), time(17), frozenset(range(5)))
    notifier = make(NotificationPrefs(use_hours=True, hours=hours))
    seen = raised_ids(notifier)
    rid = remind("After hours", datetime(2026, 3, 6, 17, 15, tzinfo=UTC))
    monday = datetime(2026, 3, 9, 9, tzinfo=UTC)
    assert notifier.next_at == monday
    clock.set(datetime(2026, 3, 6, 17, 15, tzinfo=UTC))
    notifier.fire()
    clock.set(datetime(2026, 3, 7, 12, tzinfo=UTC))  # Saturday
    notifier.safety_tick()
    assert seen == [] and notifier.next_at == monday
    assert notifier.overdue == 1  # overdue all the same: only the raise waits
    clock.set(monday)
    with qtbot.waitSignal(notifier.raised) as blocker:
        notifier.fire()
    assert blocker.args == [rid]


def test_a_changed_clock_is_caught_by_the_tick(
    make: Make, remind: Callable[..., int], clock: FixedClock, qtbot: QtBot
) -> None:
    notifier = make()
    rid = remind("In an hour", clock.now() + timedelta(hours=1))
    assert notifier.timer.remainingTime() > 3_590_000
    clock.advance(timedelta(hours=2))  # the clock was set, or the laptop slept
    assert notifier.timer.isActive()  # the armed timer would still wait most of an hour
    with qtbot.waitSignal(notifier.raised) as blocker:
        notifier.safety_tick()
    assert blocker.args == [rid]
    later = remind("Later", clock.now() + timedelta(minutes=10))
    clock.advance(timedelta(hours=-1))  # set back an hour: the wait grows to 70 minutes
    notifier.safety_tick()
    assert notifier.timer.remainingTime() > 69 * 60_000
    assert later not in raised_ids(notifier)
    assert notifier.tick.interval() == 60_000 and notifier.tick.isActive()


def test_a_burst_folds_into_one_summary(
    make: Make, remind: Callable[..., int], clock: FixedClock, host: QMainWindow
) -> None:
    notifier = make()
    for i in range(4):
        remind(f"one {i}", clock.now())
        notifier.fire()
    (card,) = cards(host)  # three cards at most: the fourth folds them into one
    assert card.heading_label.text() == "4 follow-ups are due"
    assert card.detail_label.text().splitlines()[-1] == "and 1 more"
    assert len(card.ids) == 4
    remind("one more", clock.now())
    notifier.fire()
    assert [len(c.ids) for c in cards(host)] == [4, 1]


def test_switched_off_raises_nothing_until_switched_on(
    make: Make, remind: Callable[..., int], clock: FixedClock, host: QMainWindow
) -> None:
    notifier = make(NotificationPrefs(enabled=False))
    seen = raised_ids(notifier)
    rid = remind("Quietly", clock.now())
    notifier.fire()
    assert seen == [] and not notifier.timer.isActive() and notifier.overdue == 1
    notifier.set_prefs(NotificationPrefs())
    assert seen == [rid]


def test_a_failed_mark_is_retried_not_raised_again(
    make: Make,
    remind: Callable[..., int],
    clock: FixedClock,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notifier = make()
    seen = raised_ids(notifier)
    real = notify_actions.mark_raised
    calls: list[int] = []

    def flaky(followups: object, ids: list[int]) -> None:
        calls.append(len(ids))
        if len(calls) == 1:
            raise OSError("disk is busy")
        real(followups, ids)  # type: ignore[arg-type]

    monkeypatch.setattr(notify_actions, "mark_raised", flaky)
    rid = remind("Flaky disk", clock.now())
    notifier.fire()
    assert seen == [rid]  # shown even though it could not be marked
    assert notifier.timer.remainingTime() > 4000  # no spinning on the unmarked one
    notifier.safety_tick()
    assert seen == [rid] and services.followups.get(rid).notified_at is not None


def test_the_overdue_count_and_the_tray_pieces(
    make: Make, remind: Callable[..., int], clock: FixedClock, qtbot: QtBot
) -> None:
    notifier = make()
    assert notifier.tray is not None and not notifier.tray.available
    with qtbot.waitSignal(notifier.overdue_changed) as blocker:
        remind("Late", clock.now() - timedelta(minutes=5))
    assert blocker.args == [1] and notifier.tray.overdue == 1
    notifier.fire()
    assert notifier.tray.last_message == (
        "Follow-up due",
        "Late\ndue Mon 02 Mar 08:55",
    )
    assert not tray_pixmap(0).isNull() and not tray_pixmap(250).isNull()
    assert tooltip_text(3) == "CRM Desktop: 3 overdue follow-ups"
    assert tooltip_text(1000) == "CRM Desktop: 1,000+ overdue follow-ups"


class _WindowClose(QCloseEvent):
    """A close from the title bar (Qt only marks events from the window system spontaneous)."""

    def spontaneous(self) -> bool:
        return True


def test_closing_the_window_keeps_the_app_in_the_tray(qtbot: QtBot, host: QMainWindow) -> None:
    tray = TrayIcon(available=False)
    keep = [True]
    closer = CloseToTray(host, tray, lambda: keep[0])
    assert not closer.hides_on_close(True)  # no tray here: closing closes
    tray.available = True  # as on a desktop with a tray
    assert closer.eventFilter(host, _WindowClose())
    assert host.isHidden() and tray.last_message is not None
    closer.restore()
    assert host.isVisible()
    keep[0] = False
    assert not closer.hides_on_close(True)
    keep[0] = True
    event = QCloseEvent()  # File > Quit closes from code: not kept
    assert not event.spontaneous() and not closer.eventFilter(host, event)
    assert event.type() == QEvent.Type.Close


def test_a_card_goes_when_its_reminder_is_settled_elsewhere(
    make: Make,
    remind: Callable[..., int],
    services: Services,
    bus: ChangeBus,
    clock: FixedClock,
    host: QMainWindow,
) -> None:
    make()
    rid = remind("Done in the pane", clock.now())
    other = remind("Still due", clock.now())
    assert len(cards(host)) == 0
    notifier = host.findChild(Notifier, "notifier")
    assert notifier is not None
    notifier.fire()  # both at once: one summary card, which stays
    remind("Alone", clock.now())
    notifier.fire()
    single = cards(host)[-1]
    bus.publish(services.followups.complete(single.ids[0]))
    assert [c.ids for c in cards(host)] == [(rid, other)]


def test_a_huge_summary_only_opens(qtbot: QtBot) -> None:
    card = summary_card(list(range(1, 2002)), ["a", "b", "c"], "2,001 follow-ups are due", 10)
    qtbot.addWidget(card)
    assert not card.done_button.isEnabled() and not card.snooze_button.isEnabled()
    assert card.open_button.isEnabled()
    assert card.detail_label.text().endswith("and 1,998 more")
