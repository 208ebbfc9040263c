"""When a due follow-up is raised: the working-hours rule (days off, overnight shifts, daylight
saving), the notifier's reads, and Done/Snooze on many with undo."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from crm_desktop.domain import notify_actions, notifying
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.notifying import (
    NotificationPrefs,
    WorkingHours,
    earliest_in_hours,
    raise_time,
)
from crm_desktop.domain.services import Services
from crm_desktop.store.db import sql

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = WorkingHours(time(9), time(17), frozenset(range(5)))  # Mon-Fri 09-17
NIGHTS = WorkingHours(time(22), time(6), frozenset(range(5)))  # shifts start Mon-Fri 22:00


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


# 2026-03-02 is a Monday; 2026-03-06 a Friday; 2026-03-29 the spring-forward Sunday in Berlin.
@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (local(2026, 3, 2, 10, 30), local(2026, 3, 2, 10, 30)),  # inside: at once
        (local(2026, 3, 2, 9, 0), local(2026, 3, 2, 9, 0)),  # the start is inside
        (local(2026, 3, 2, 7, 15), local(2026, 3, 2, 9, 0)),  # early morning: at 09:00
        (local(2026, 3, 2, 17, 0), local(2026, 3, 3, 9, 0)),  # the end is outside
        (local(2026, 3, 2, 23, 59), local(2026, 3, 3, 9, 0)),
        (local(2026, 3, 6, 18, 0), local(2026, 3, 9, 9, 0)),  # Friday evening: Monday
        (local(2026, 3, 7, 12, 0), local(2026, 3, 9, 9, 0)),  # Saturday: Monday
        (local(2026, 3, 8, 23, 0), local(2026, 3, 9, 9, 0)),  # Sunday night: Monday
    ],
)
def test_office_hours_with_weekends_off(due: datetime, expected: datetime) -> None:
    assert earliest_in_hours(due, OFFICE, BERLIN) == expected
    assert earliest_in_hours(due, OFFICE, BERLIN).tzinfo == UTC


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (local(2026, 3, 2, 23, 0), local(2026, 3, 2, 23, 0)),  # Monday night shift
        (local(2026, 3, 3, 3, 0), local(2026, 3, 3, 3, 0)),  # after midnight: Monday's shift
        (local(2026, 3, 3, 6, 0), local(2026, 3, 3, 22, 0)),  # the end: tonight's start
        (local(2026, 3, 2, 12, 0), local(2026, 3, 2, 22, 0)),  # midday: tonight
        (local(2026, 3, 7, 5, 59), local(2026, 3, 7, 5, 59)),  # Friday's shift runs into Sat
        (local(2026, 3, 7, 23, 0), local(2026, 3, 9, 22, 0)),  # Saturday night is off
        (local(2026, 3, 2, 3, 0), local(2026, 3, 2, 22, 0)),  # Sunday's shift does not exist
    ],
)
def test_overnight_shifts_belong_to_the_day_they_start(due: datetime, expected: datetime) -> None:
    assert earliest_in_hours(due, NIGHTS, BERLIN) == expected


def test_round_the_clock_on_chosen_days_and_no_hours_at_all() -> None:
    weekends = WorkingHours(time(0), time(0), frozenset({5, 6}))
    assert earliest_in_hours(local(2026, 3, 7, 3, 0), weekends, BERLIN) == local(2026, 3, 7, 3)
    assert earliest_in_hours(local(2026, 3, 8, 23, 59), weekends, BERLIN) == local(
        2026, 3, 8, 23, 59
    )
    assert earliest_in_hours(local(2026, 3, 9, 0, 0), weekends, BERLIN) == local(2026, 3, 14)
    due = local(2026, 3, 9, 3, 0)
    assert earliest_in_hours(due, None, BERLIN) == due
    assert earliest_in_hours(due, WorkingHours(days=frozenset()), BERLIN) == due


def test_hours_are_local_across_daylight_saving() -> None:
    # Monday after spring-forward: 09:00 is 07:00 UTC (it was 08:00 UTC a week before).
    before = earliest_in_hours(local(2026, 3, 21, 12), OFFICE, BERLIN)
    after = earliest_in_hours(local(2026, 3, 28, 12), OFFICE, BERLIN)
    assert before == datetime(2026, 3, 23, 8, tzinfo=UTC)
    assert after == datetime(2026, 3, 30, 7, tzinfo=UTC)
    # A shift starting in the skipped hour (02:30) is read with the offset before the change.
    gap = WorkingHours(time(2, 30), time(4), frozenset({6}))
    assert earliest_in_hours(local(2026, 3, 29, 1), gap, BERLIN) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )


def test_raise_time_never_in_the_past() -> None:
    now = local(2026, 3, 2, 10)  # Monday, in hours
    closed_at = local(2026, 2, 28, 12)  # due on a Saturday while the app was closed
    assert raise_time(closed_at, now, OFFICE, BERLIN) == now
    evening = local(2026, 3, 2, 20)
    assert raise_time(closed_at, evening, OFFICE, BERLIN) == local(2026, 3, 3, 9)
    assert raise_time(local(2026, 3, 2, 11), now, OFFICE, BERLIN) == local(2026, 3, 2, 11)
    assert raise_time(closed_at, now, None, BERLIN) == now
    with pytest.raises(ValueError):
        earliest_in_hours(datetime(2026, 3, 2, 10), OFFICE, BERLIN)


def test_prefs_and_hours_describe_and_check_themselves() -> None:
    assert OFFICE.describe() == "Mon–Fri 09:00–17:00"
    assert NIGHTS.describe() == "Mon–Fri 22:00–06:00 (overnight)"
    assert WorkingHours(time(8), time(8), frozenset({0, 2})).describe() == "Mon, Wed all day"
    assert WorkingHours(days=frozenset()).problems() == {"days": "Pick at least one working day."}
    prefs = NotificationPrefs(use_hours=True, hours=WorkingHours(days=frozenset()))
    assert "days" in prefs.problems()
    assert prefs.active_hours is not None
    assert NotificationPrefs().active_hours is None and NotificationPrefs().problems() == {}


# -- the reads and the actions over a store ---------------------------------------------------


def remind(services: Services, title: str, due: datetime, **extra: object) -> int:
    return services.followups.create(ReminderFields(title=title, due_at=due, **extra)).id  # type: ignore[arg-type]


def test_the_notifiers_reads(services: Services, clock: FixedClock) -> None:
    now = clock.now()
    assert notifying.next_fire_at() is None and notifying.due_unraised(now) == []
    anna = services.contacts.create(ContactFields(first_name="Anna", last_name="Berg")).id
    late = remind(services, "late", now - timedelta(hours=2), contact_id=anna)
    soon = remind(services, "soon", now + timedelta(minutes=5))
    later = remind(services, "later", now + timedelta(days=1), recur_every=1, recur_unit="weeks")
    assert notifying.next_fire_at() == now - timedelta(hours=2)
    assert notifying.due_unraised(now) == [late]
    assert notifying.count_overdue(now) == 1
    services.followups.mark_notified([late])
    assert notifying.next_fire_at() == now + timedelta(minutes=5)
    assert notifying.due_unraised(now + timedelta(days=2)) == [soon, later]
    assert notifying.count_overdue(now) == 1  # raised, still overdue
    assert notifying.count_overdue(now + timedelta(days=2)) == 3
    assert notifying.count_overdue(now + timedelta(days=2), cap=2) == 2
    shown = notifying.describe([later, late, 999])
    assert [(d.id, d.about, d.recurring) for d in shown] == [
        (later, "", True),
        (late, "Anna Berg", False),
    ]


def test_the_next_time_is_read_from_an_index(services: Services) -> None:
    plan = " ".join(str(row[-1]) for row in sql("EXPLAIN QUERY PLAN " + notifying._NEXT))
    assert "reminder_status_notified_at_remind_at_id" in plan
    assert "TEMP B-TREE" not in plan  # no sort: the index is already in order
    due = " ".join(str(row[-1]) for row in sql("EXPLAIN QUERY PLAN " + notifying._DUE, (0,)))
    assert "reminder_status_notified_at_remind_at_id" in due and "TEMP B-TREE" not in due


def test_done_on_many_and_undo(services: Services, clock: FixedClock) -> None:
    now = clock.now()
    plain = remind(services, "plain", now - timedelta(hours=1))
    weekly = remind(services, "weekly", now - timedelta(days=1), recur_every=1, recur_unit="weeks")
    gone = remind(services, "gone", now - timedelta(hours=3))
    services.followups.cancel(gone)
    notify_actions.mark_raised(services.followups, [plain, weekly])
    acted = notify_actions.complete(services.followups, [plain, weekly, gone])
    assert acted.count == 2  # the cancelled one is left alone
    made = dict(zip((b.id for b in acted.before), acted.following, strict=True))
    following = made[weekly]
    assert made[plain] is None and following is not None
    assert services.followups.get(following).due_at == now - timedelta(days=1) + timedelta(weeks=1)
    assert {services.followups.get(i).status for i in (plain, weekly)} == {"done"}
    change = notify_actions.undo(services.followups, acted)
    assert change.affects("reminder") and following in change.ids
    for rid in (plain, weekly):
        item = services.followups.get(rid)
        assert (item.status, item.notified_at) == ("open", now)
    assert services.followups.next_due() is None  # both raised already: not raised again
    assert services.followups.get(following).status == "cancelled"  # as the pane's undo does


def test_snooze_on_many_and_undo(services: Services, clock: FixedClock) -> None:
    now = clock.now()
    ids = [remind(services, f"r{i}", now - timedelta(minutes=i)) for i in range(3)]
    notify_actions.mark_raised(services.followups, ids)
    until = now + timedelta(minutes=30)
    acted = notify_actions.snooze(services.followups, ids, until)
    assert notifying.next_fire_at() == until
    assert notifying.count_overdue(now) == 0
    notify_actions.undo(services.followups, acted)
    assert notifying.next_fire_at() is None
    assert notifying.count_overdue(now) == 3
