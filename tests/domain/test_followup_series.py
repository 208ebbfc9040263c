"""A recurring follow-up's occurrences: each points to the one whose completion brought it, so
completing an occurrence again after a reopen brings no second copy of the next one."""

from __future__ import annotations

from datetime import timedelta

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.reminder_list import ReminderBulk
from crm_desktop.domain.services import Services
from crm_desktop.store import db


def weekly(services: Services, clock: FixedClock, **extra: object) -> int:
    fields = ReminderFields(
        title="Weekly call",
        due_at=clock.now() + timedelta(days=1),
        recur_every=1,
        recur_unit="weeks",
        **extra,  # type: ignore[arg-type]
    )
    return services.followups.create(fields).id


def series() -> list[tuple[int, str, int | None]]:
    """(id, status, follows_id) of every reminder, oldest first."""
    rows = db.sql("SELECT id, status, follows_id FROM reminder ORDER BY id").fetchall()
    return [(int(rid), str(status), follows) for rid, status, follows in rows]


def open_ids(services: Services) -> list[int]:
    return [item.id for item in services.followups.between(None, None)]


def test_completing_again_after_a_reopen_brings_no_second_copy(
    services: Services, clock: FixedClock
) -> None:
    first = weekly(services, clock)
    change = services.followups.complete(first)
    following = change.ids[1]
    assert series() == [(first, "done", None), (following, "open", first)]

    services.followups.reopen(first)  # the Reminders page's "Reopen": the next one stays
    assert open_ids(services) == [first, following]
    clock.advance(timedelta(minutes=5))
    again = services.followups.complete(first)

    assert again.ids == (first,)  # it brought nothing: there is nothing for an undo to cancel
    assert open_ids(services) == [following]
    assert series() == [(first, "done", None), (following, "open", first)]


def test_the_follower_is_kept_as_the_user_left_it(services: Services, clock: FixedClock) -> None:
    first = weekly(services, clock)
    following = services.followups.complete(first).ids[1]
    later = clock.now() + timedelta(days=10)
    services.followups.snooze(following, later)
    services.followups.reopen(first)
    change = services.followups.complete(first)
    assert change.ids == (first,)
    assert services.followups.get(following).remind_at == later

    # Undo as the window does it: the occurrence brought by this completion, if any, goes.
    services.followups.reopen(first, drop=change.ids[1] if len(change.ids) > 1 else None)
    kept = services.followups.get(following)
    assert kept.status == "open" and kept.remind_at == later
    assert open_ids(services) == [first, following]


def test_an_undone_complete_makes_a_new_follower(services: Services, clock: FixedClock) -> None:
    first = weekly(services, clock)
    dropped = services.followups.complete(first).ids[1]
    services.followups.reopen(first, drop=dropped)  # what undo does
    assert services.followups.get(dropped).status == "cancelled"

    made = services.followups.complete(first).ids
    assert len(made) == 2 and made[1] != dropped
    assert series() == [
        (first, "done", None),
        (dropped, "cancelled", first),
        (made[1], "open", first),
    ]
    assert open_ids(services) == [made[1]]


def test_a_done_follower_means_the_series_moved_on(services: Services, clock: FixedClock) -> None:
    first = weekly(services, clock)
    second = services.followups.complete(first).ids[1]
    third = services.followups.complete(second).ids[1]
    services.followups.reopen(first)
    assert services.followups.complete(first).ids == (first,)
    assert open_ids(services) == [third]
    assert [row[2] for row in series()] == [None, first, second]


def test_the_reminders_page_bulk_steps_keep_one_next_occurrence(
    services: Services, clock: FixedClock
) -> None:
    first = weekly(services, clock)
    other = weekly(services, clock)
    bulk = ReminderBulk(clock, None)
    done = bulk.complete([first, other])
    bulk.reopen([first, other])  # no drop: both next occurrences stay
    again = bulk.complete([first, other])
    assert again.following == {}  # nothing new brought, so nothing for its undo to cancel
    assert sorted(open_ids(services)) == sorted(done.following.values())


def test_a_plain_reminder_still_completes_alone(services: Services, clock: FixedClock) -> None:
    rid = services.followups.create(
        ReminderFields(title="Once", due_at=clock.now() + timedelta(days=1))
    ).id
    assert services.followups.complete(rid).ids == (rid,)
    services.followups.reopen(rid)
    assert services.followups.complete(rid).ids == (rid,)
    assert series() == [(rid, "done", None)]


def test_deleting_the_occurrence_followed_clears_the_link(
    services: Services, clock: FixedClock
) -> None:
    ann = services.contacts.create(ContactFields(first_name="Ann")).id
    bob = services.contacts.create(ContactFields(first_name="Bob")).id
    first = weekly(services, clock, contact_id=ann)
    following = services.followups.complete(first).ids[1]
    moved = services.followups.get(following)
    services.followups.edit(
        following,
        ReminderFields(
            title=moved.title,
            due_at=moved.due_at,
            contact_id=bob,
            recur_every=moved.recur_every,
            recur_unit=moved.recur_unit,
        ),
    )
    services.contacts.trash([ann])
    services.contacts.empty_trash()  # Ann's reminders go with her

    assert series() == [(following, "open", None)]
    assert services.followups.complete(following).ids[1] not in (first, following)
