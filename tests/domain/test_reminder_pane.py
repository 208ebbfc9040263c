"""The reminders pane's reading: sections by local day, counts and first rows, "show more", the
next moment the view goes stale; lapsed "stay in touch" cadences becoming reminders; the times
the menus offer; reopening and retiming for undo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from playhouse.test_utils import count_queries

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields, reminder_problems
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.reminder_pane import (
    FIRST_ROWS,
    SECTIONS,
    PaneView,
    ReminderPane,
    about,
    bounds_at,
    due_choices,
    fields_of,
    next_monday,
    snooze_choices,
    surface_lapsed,
)
from crm_desktop.domain.services import Services
from crm_desktop.store.models import Contact

H = timedelta(hours=1)
D = timedelta(days=1)


def remind(services: Services, title: str, due: datetime, **extra: object) -> int:
    return services.followups.create(ReminderFields(title=title, due_at=due, **extra)).id  # type: ignore[arg-type]


def shown(view: PaneView) -> dict[str, list[str]]:
    return {s.key: [r.title for r in s.rows] for s in view.sections}


def counts(view: PaneView) -> dict[str, int]:
    return {s.key: s.count for s in view.sections}


@pytest.fixture
def pane(services: Services, clock: FixedClock) -> ReminderPane:
    return ReminderPane(clock, services.actor_id)


def test_sections_split_by_the_local_day(services: Services, clock: FixedClock) -> None:
    now = clock.now()  # Monday 2 March 2026, 09:00 UTC
    remind(services, "last week", now - 7 * D)
    remind(services, "right now", now)
    remind(services, "in a second", now + timedelta(seconds=1))
    remind(services, "tonight", now + 14 * H + timedelta(minutes=59))  # 23:59
    remind(services, "midnight", now + 15 * H)  # Tuesday 00:00
    remind(services, "sunday night", now + 7 * D + 14 * H)  # the 7th day after today, 23:00
    remind(services, "next monday", now + 7 * D + 15 * H)  # 8 days on: later
    remind(services, "in a month", now + 30 * D)
    done = remind(services, "done", now - H)
    cancelled = remind(services, "cancelled", now + H)
    services.followups.complete(done)
    services.followups.cancel(cancelled)
    view = ReminderPane(clock, services.actor_id).read(mine=False)
    assert shown(view) == {
        "overdue": ["last week", "right now"],
        "today": ["in a second", "tonight"],
        "upcoming": ["midnight", "sunday night"],
        "later": ["next monday", "in a month"],
    }
    assert counts(view) == {"overdue": 2, "today": 2, "upcoming": 2, "later": 2}
    assert view.total == 8
    assert [s.title for s in view.sections] == ["Overdue", "Today", "Next 7 days", "Later"]


def test_today_is_the_users_local_day(store: object) -> None:
    tokyo = timezone(timedelta(hours=9))
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), local_tz=tokyo)  # 18:00 there
    services = Services.create(clock)
    remind(services, "tonight in Tokyo", clock.now() + 4 * H)  # 22:00 local
    remind(services, "after midnight in Tokyo", clock.now() + 7 * H)  # 01:00 local, Tuesday
    view = ReminderPane(clock, services.actor_id).read(mine=False)
    assert shown(view)["today"] == ["tonight in Tokyo"]
    assert shown(view)["upcoming"] == ["after midnight in Tokyo"]
    assert view.bounds.today_end == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 00:00 in Tokyo
    assert view.bounds.upcoming_end == view.bounds.today_end + 7 * D


def test_a_snoozed_reminder_sits_where_its_snooze_ends(
    services: Services, clock: FixedClock, pane: ReminderPane
) -> None:
    rid = remind(services, "call Ann", clock.now() - 2 * D)
    services.followups.snooze(rid, clock.now() + 2 * D)
    row = pane.read(mine=False).section("upcoming").rows[0]
    assert (row.id, row.snoozed, row.due_at) == (rid, True, clock.now() - 2 * D)
    assert not pane.read(mine=False).section("overdue").rows


def test_only_the_first_rows_are_read_and_show_more_reads_on(
    services: Services, clock: FixedClock, pane: ReminderPane
) -> None:
    for n in range(FIRST_ROWS + 7):
        remind(services, f"r{n:02}", clock.now() - D + n * timedelta(minutes=1))
    view = pane.read(mine=False)
    overdue = view.section("overdue")
    assert (overdue.count, len(overdue.rows), overdue.remaining) == (FIRST_ROWS + 7, FIRST_ROWS, 7)
    more = pane.more(view.bounds, "overdue", False, overdue.rows[-1], limit=5)
    assert [r.title for r in more] == [f"r{n:02}" for n in range(FIRST_ROWS, FIRST_ROWS + 5)]
    kept = pane.read(mine=False, limits={"overdue": FIRST_ROWS + 5}).section("overdue")
    assert len(kept.rows) == FIRST_ROWS + 5


def test_the_view_is_one_count_and_a_page_per_section_not_every_row(
    services: Services, clock: FixedClock, pane: ReminderPane
) -> None:
    for n in range(60):
        remind(services, f"r{n}", clock.now() + (n - 30) * 12 * H)
    with count_queries() as counter:
        view = pane.read(mine=False)
    assert counter.count == 1 + len(SECTIONS)
    assert sum(len(s.rows) for s in view.sections) <= len(SECTIONS) * FIRST_ROWS


def test_mine_or_everyone(services: Services, clock: FixedClock, pane: ReminderPane) -> None:
    bea = staff.create(clock, "Bea")
    remind(services, "mine", clock.now() + H)
    remind(services, "hers", clock.now() + 2 * H, assignee_id=bea)
    assert shown(pane.read(mine=True))["today"] == ["mine"]
    everyone = pane.read(mine=False).section("today").rows
    assert [(r.title, r.assignee_name) for r in everyone] == [("mine", "Me"), ("hers", "Bea")]


def test_rows_name_their_contact_lead_and_repeat(
    services: Services, clock: FixedClock, pane: ReminderPane
) -> None:
    ann = services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id
    deal = services.pipeline.create_lead(LeadFields(title="20 chairs", contact_id=ann)).id
    remind(
        services,
        "quote",
        clock.now() + H,
        contact_id=ann,
        lead_id=deal,
        recur_every=2,
        recur_unit="weeks",
    )
    remind(services, "daily", clock.now() + 2 * H, recur_every=1, recur_unit="days")
    services.contacts.trash([ann])
    first, second = pane.read(mine=False).section("today").rows
    assert (first.contact_name, first.contact_trashed, first.lead_title) == (
        "Ann Lee",
        True,
        "20 chairs",
    )
    assert (first.repeats, second.repeats, second.contact_name) == (
        "every 2 weeks",
        "every day",
        "",
    )


def test_next_change_is_the_first_of_today_firing_or_midnight(
    services: Services, clock: FixedClock, pane: ReminderPane
) -> None:
    midnight = datetime(2026, 3, 3, tzinfo=UTC)
    assert pane.read(mine=False).next_change_at == midnight
    remind(services, "tomorrow", clock.now() + D)
    remind(services, "in 8 days", midnight + 7 * D + H)
    rid = remind(services, "at noon", clock.now() + 3 * H)
    view = pane.read(mine=False)
    assert view.next_change_at == clock.now() + 3 * H
    clock.set(view.next_change_at)  # noon: it fires, and moves to Overdue
    view = pane.read(mine=False)
    assert shown(view)["overdue"] == ["at noon"] and view.next_change_at == midnight
    clock.set(midnight)  # a new day: tomorrow is today, 8 days on is within the week
    view = pane.read(mine=False)
    assert shown(view) == {
        "overdue": ["at noon"],
        "today": ["tomorrow"],
        "upcoming": ["in 8 days"],
        "later": [],
    }
    services.followups.complete(rid)
    assert counts(pane.read(mine=False))["overdue"] == 0


# -- stay in touch ----------------------------------------------------------------------------


def person(services: Services, name: str, every: int | None, **extra: object) -> int:
    fields = ContactFields(first_name=name, stay_in_touch_days=every, **extra)  # type: ignore[arg-type]
    return services.contacts.create(fields).id


def talk(services: Services, contact_id: int, when: datetime) -> None:
    services.interactions.log(
        contact_id, InteractionFields(kind="call", subject="hi", occurred_at=when)
    )


def stay_in_touch(services: Services) -> list[tuple[str, datetime, str]]:
    view = ReminderPane(services.clock, services.actor_id).read(mine=False)
    return [
        (row.title, row.due_at, row.note)
        for section in view.sections
        for row in section.rows
        if row.title.startswith("Stay in touch")
    ]


def test_a_lapsed_cadence_becomes_one_reminder(services: Services, clock: FixedClock) -> None:
    now = clock.now()
    never = person(services, "Never", 30)
    stale = person(services, "Stale", 14)
    recent = person(services, "Recent", 30)
    person(services, "Quiet", 7, do_not_contact=True)
    gone = person(services, "Gone", 7)
    services.contacts.trash([gone])
    talk(services, stale, now - 20 * D)
    talk(services, recent, now - 3 * D)
    check = surface_lapsed(clock, services.actor_id)
    assert check.change is not None and len(check.change.ids) == 2
    stale_note = "Stay in touch every 14 days; last contacted 10 Feb 2026."
    assert stay_in_touch(services) == [
        ("Stay in touch with Stale", now - 6 * D, stale_note),
        ("Stay in touch with Never", now, "Stay in touch every 30 days; not contacted yet."),
    ]
    assert check.next_lapse_at == now + 27 * D  # Recent, 30 days after the call
    again = surface_lapsed(clock, services.actor_id)
    assert again.change is None and again.next_lapse_at == now + 27 * D
    assert Contact.get_by_id(never).next_due_at == now  # the contact list's column follows


def test_a_handled_lapse_stays_handled_until_the_next(
    services: Services, clock: FixedClock
) -> None:
    stale = person(services, "Stale", 14)
    talk(services, stale, clock.now() - 20 * D)
    first = surface_lapsed(clock, services.actor_id).change
    assert first is not None
    services.followups.complete(first.id)  # done, without logging anything
    clock.advance(D)
    assert surface_lapsed(clock, services.actor_id).change is None
    talk(services, stale, clock.now())  # in touch again: the next lapse is 14 days on
    check = surface_lapsed(clock, services.actor_id)
    assert check.change is None and check.next_lapse_at == clock.now() + 14 * D
    clock.set(check.next_lapse_at)
    nxt = surface_lapsed(clock, services.actor_id).change
    assert nxt is not None and services.followups.get(nxt.id).due_at == clock.now()


def test_a_look_since_the_last_one_sees_only_new_lapses(
    services: Services, clock: FixedClock
) -> None:
    old = person(services, "Old", 7)
    talk(services, old, clock.now() - 30 * D)
    soon = person(services, "Soon", 7)
    talk(services, soon, clock.now() - 7 * D + H)
    looked = clock.now()
    clock.advance(2 * H)
    check = surface_lapsed(clock, services.actor_id, since=looked)
    assert check.change is not None
    assert [services.followups.get(i).contact_id for i in check.change.ids] == [soon]
    full = surface_lapsed(clock, services.actor_id).change
    assert full is not None and [services.followups.get(full.id).contact_id] == [old]


def test_an_open_follow_up_since_the_last_call_is_enough(
    services: Services, clock: FixedClock
) -> None:
    bea = staff.create(clock, "Bea")
    planned = person(services, "Planned", 7)
    owned = person(services, "Owned", 7, owner_id=bea)
    talk(services, planned, clock.now() - 10 * D)
    talk(services, owned, clock.now() - 10 * D)
    remind(services, "lunch", clock.now() + 5 * D, contact_id=planned)
    change = surface_lapsed(clock, services.actor_id).change
    assert change is not None and len(change.ids) == 1
    made = services.followups.get(change.id)
    assert (made.contact_id, made.assignee_id) == (owned, bea)


# -- times ------------------------------------------------------------------------------------


def test_snooze_and_quick_pick_times_in_local_time() -> None:
    tz = timezone(timedelta(hours=-5))
    now = datetime(2026, 3, 2, 14, 2, 30, tzinfo=UTC)  # Monday 09:02:30 local
    snooze = {c.key: c.when.astimezone(tz) for c in snooze_choices(now, tz)}
    assert snooze["15m"] == now + timedelta(minutes=15)
    assert snooze["1h"] == now + H
    assert snooze["tomorrow"] == datetime(2026, 3, 3, 9, tzinfo=tz)
    assert snooze["nextweek"] == datetime(2026, 3, 9, 9, tzinfo=tz)
    picks = {c.key: c.when.astimezone(tz) for c in due_choices(now, tz)}
    assert picks == {
        "1h": datetime(2026, 3, 2, 10, 5, tzinfo=tz),
        "tomorrow": datetime(2026, 3, 3, 9, tzinfo=tz),
        "3d": datetime(2026, 3, 5, 9, tzinfo=tz),
        "monday": datetime(2026, 3, 9, 9, tzinfo=tz),
        "2w": datetime(2026, 3, 16, 9, tzinfo=tz),
    }
    assert next_monday(date(2026, 3, 8)) == date(2026, 3, 9)  # Sunday: tomorrow
    assert bounds_at(now, tz).today_end == datetime(2026, 3, 3, tzinfo=tz)


# -- undo helpers and the editor's reading ------------------------------------------------------


def test_reopen_takes_back_a_complete_and_its_next_occurrence(
    services: Services, clock: FixedClock
) -> None:
    rid = remind(services, "weekly", clock.now() - H, recur_every=1, recur_unit="weeks")
    done = services.followups.complete(rid)
    following = done.ids[1]
    back = services.followups.reopen(rid, drop=following)
    assert back.ids == (rid, following)
    assert services.followups.get(rid).status == "open"
    assert services.followups.get(following).status == "cancelled"
    cancelled = remind(services, "gone", clock.now() + H)
    services.followups.cancel(cancelled)
    services.followups.reopen(cancelled)
    assert services.followups.get(cancelled).status == "open"


def test_retime_puts_a_snooze_back(services: Services, clock: FixedClock) -> None:
    due = clock.now() - H
    rid = remind(services, "call", due)
    services.followups.mark_notified([rid])
    before = services.followups.get(rid)
    services.followups.snooze(rid, clock.now() + H)
    services.followups.retime(rid, before.remind_at, before.notified_at)
    after = services.followups.get(rid)
    assert (after.remind_at, after.notified_at) == (due, clock.now())
    later = clock.now() + 2 * H
    services.followups.retime(rid, later, None)
    assert services.followups.next_due() == services.followups.get(rid)
    assert services.followups.get(rid).remind_at == later


def test_problems_and_fields_and_about(services: Services, clock: FixedClock) -> None:
    assert set(reminder_problems(ReminderFields())) == {"title", "due_at"}
    assert reminder_problems(ReminderFields("x", clock.now(), recur_every=2)) == {
        "recurrence": "A repeat needs both a number and a unit."
    }
    ann = services.contacts.create(ContactFields(first_name="Ann")).id
    deal = services.pipeline.create_lead(LeadFields(title="Chairs", contact_id=ann)).id
    assert about(None, deal) == about(ann, deal)
    assert (about(None, deal).contact_name, about(None, deal).lead_title) == ("Ann", "Chairs")
    assert about(999, None).contact_id is None
    fields = ReminderFields("t", clock.now(), "n", services.actor_id, ann, deal, 3, "days")
    rid = services.followups.create(fields).id
    assert fields_of(services.followups.get(rid)) == fields
