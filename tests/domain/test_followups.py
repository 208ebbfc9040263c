"""Follow-ups: due queries, snooze, complete, recur, cancel; no next step; lapsed cadences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import DomainError, ValidationError
from crm_desktop.domain.followup_series import add_interval
from crm_desktop.domain.followups import FollowUpService, ReminderFields
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services


def remind(services: Services, title: str, due: datetime, **extra: object) -> int:
    return services.followups.create(ReminderFields(title=title, due_at=due, **extra)).id  # type: ignore[arg-type]


def titles(items: list) -> list[str]:  # type: ignore[type-arg]
    return [item.title for item in items]


def test_overdue_today_upcoming_and_between(services: Services, clock: FixedClock) -> None:
    now = clock.now()  # Monday 09:00 UTC
    remind(services, "yesterday", now - timedelta(days=1))
    remind(services, "an hour ago", now - timedelta(hours=1))
    remind(services, "this afternoon", now + timedelta(hours=5))
    remind(services, "in three days", now + timedelta(days=3))
    remind(services, "in a month", now + timedelta(days=30))
    assert titles(services.followups.overdue()) == ["yesterday", "an hour ago"]
    assert titles(services.followups.due_today()) == ["this afternoon"]
    assert titles(services.followups.upcoming()) == ["in three days"]
    assert titles(services.followups.between(now, now + timedelta(days=40))) == [
        "this afternoon",
        "in three days",
        "in a month",
    ]


def test_today_is_the_users_local_day(store: object) -> None:
    tokyo = timezone(timedelta(hours=9))
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), local_tz=tokyo)  # 18:00 in Tokyo
    services = Services.create(clock)
    remind(services, "tonight in Tokyo", clock.now() + timedelta(hours=4))  # 22:00 local
    remind(services, "tomorrow in Tokyo", clock.now() + timedelta(hours=7))  # 01:00 next day
    assert titles(services.followups.due_today()) == ["tonight in Tokyo"]
    assert titles(services.followups.upcoming()) == ["tomorrow in Tokyo"]


def test_snooze_moves_when_it_fires_not_the_due_date(services: Services, clock: FixedClock) -> None:
    due = clock.now() - timedelta(minutes=5)
    rid = remind(services, "call Ann", due)
    services.followups.mark_notified([rid])
    assert services.followups.next_due() is None
    later = clock.now() + timedelta(minutes=15)
    services.followups.snooze(rid, later)
    item = services.followups.get(rid)
    assert (item.due_at, item.remind_at, item.notified_at) == (due, later, None)
    assert services.followups.overdue() == []
    next_due = services.followups.next_due()
    assert next_due is not None and next_due.id == rid
    clock.advance(timedelta(minutes=16))
    assert [i.id for i in services.followups.due_unnotified()] == [rid]
    with pytest.raises(ValidationError):
        services.followups.snooze(rid, clock.now() - timedelta(seconds=1))


def test_completing_a_recurring_reminder_creates_the_next(
    services: Services, clock: FixedClock
) -> None:
    due = datetime(2026, 1, 31, 10, tzinfo=UTC)
    rid = remind(services, "monthly report", due, recur_every=1, recur_unit="months")
    change = services.followups.complete(rid)
    assert services.followups.get(rid).status == "done"
    following = services.followups.get(change.ids[1])
    # Jan 31 + 1 month clamps to Feb 28; that is past "now" (Mar 2), so it catches up to Mar 28.
    assert following.due_at == datetime(2026, 3, 28, 10, tzinfo=UTC)
    assert (following.recur_every, following.recur_unit, following.status) == (1, "months", "open")
    with pytest.raises(DomainError, match="already done"):
        services.followups.complete(rid)


def test_plain_reminder_completes_once_and_cancel(services: Services, clock: FixedClock) -> None:
    rid = remind(services, "once", clock.now())
    assert services.followups.complete(rid).ids == (rid,)
    other = remind(services, "never mind", clock.now())
    services.followups.cancel(other)
    assert services.followups.get(other).status == "cancelled"
    assert services.followups.overdue() == []


@pytest.mark.parametrize(
    ("start", "every", "unit", "expected"),
    [
        (datetime(2026, 1, 31), 1, "days", datetime(2026, 2, 1)),
        (datetime(2026, 1, 31), 2, "weeks", datetime(2026, 2, 14)),
        (datetime(2026, 1, 31), 1, "months", datetime(2026, 2, 28)),
        (datetime(2028, 1, 31), 1, "months", datetime(2028, 2, 29)),
        (datetime(2026, 11, 15), 3, "months", datetime(2027, 2, 15)),
        (datetime(2028, 2, 29), 1, "years", datetime(2029, 2, 28)),
    ],
)
def test_add_interval(start: datetime, every: int, unit: str, expected: datetime) -> None:
    assert add_interval(start, every, unit) == expected


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (ReminderFields(due_at=datetime(2026, 1, 1, tzinfo=UTC)), "title"),
        (ReminderFields(title="x"), "due_at"),
        (ReminderFields(title="x", due_at=datetime(2026, 1, 1), recur_every=2), "recurrence"),
        (
            ReminderFields(
                title="x", due_at=datetime(2026, 1, 1), recur_every=0, recur_unit="days"
            ),
            "recurrence",
        ),
        (
            ReminderFields(
                title="x", due_at=datetime(2026, 1, 1), recur_every=1, recur_unit="eons"
            ),
            "recurrence",
        ),
        (ReminderFields(title="x", due_at=datetime(2026, 1, 1), contact_id=99), "contact"),
    ],
)
def test_bad_reminders_are_refused(services: Services, fields: ReminderFields, field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        services.followups.create(fields)
    assert field in raised.value.problems


def test_leads_without_a_next_step(services: Services, clock: FixedClock) -> None:
    covered = services.pipeline.create_lead(LeadFields(title="covered")).id
    bare = services.pipeline.create_lead(LeadFields(title="bare")).id
    done = services.pipeline.create_lead(LeadFields(title="done-only")).id
    won = services.pipeline.create_lead(LeadFields(title="won")).id
    services.pipeline.win(won)
    remind(services, "next", clock.now() + timedelta(days=1), lead_id=covered)
    services.followups.complete(remind(services, "old", clock.now(), lead_id=done))
    assert services.followups.leads_without_next_step() == [bare, done]


def test_lapsed_stay_in_touch_cadences(services: Services, clock: FixedClock) -> None:
    def person(name: str, every: int | None) -> int:
        fields = ContactFields(first_name=name, stay_in_touch_days=every)
        return services.contacts.create(fields).id

    never = person("Never", 30)
    recent = person("Recent", 30)
    stale = person("Stale", 14)
    person("NoCadence", None)
    now = clock.now()
    for cid, days_ago in ((recent, 3), (stale, 20)):
        services.interactions.log(
            cid,
            InteractionFields(
                kind="call", subject="hi", occurred_at=now - timedelta(days=days_ago)
            ),
        )
    lapsed = services.followups.lapsed_cadences()
    assert [(item.contact_id, item.every_days) for item in lapsed] == [(never, 30), (stale, 14)]
    clock.advance(timedelta(days=28))
    assert [item.contact_id for item in services.followups.lapsed_cadences()] == [
        never,
        stale,
        recent,
    ]


def test_assignee_filter(services: Services, clock: FixedClock) -> None:
    from crm_desktop.domain import staff

    other = staff.create(clock, "Bea")
    remind(services, "mine", clock.now() - timedelta(minutes=1))
    remind(services, "hers", clock.now() - timedelta(minutes=1), assignee_id=other)
    followups: FollowUpService = services.followups
    assert titles(followups.overdue(assignee_id=services.actor_id)) == ["mine"]
    assert titles(followups.overdue(assignee_id=other)) == ["hers"]
