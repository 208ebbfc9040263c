"""The Reminders page's reads and bulk writes through the real store: each filter, every order
both ways paged by keyset (with ties) against the whole list, far jumps, counts, the moment
the list goes stale by itself; bulk complete, cancel and reopen with their undo steps."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contact_list import ContactList, ContactQuery
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.reminder_list import (
    SORTS,
    ReminderBulk,
    ReminderList,
    ReminderQuery,
    ReminderRow,
    repeats_text,
)
from crm_desktop.domain.services import Services

H = timedelta(hours=1)
D = timedelta(days=1)


def remind(services: Services, title: str, due: timedelta, **extra: object) -> int:
    fields = ReminderFields(title=title, due_at=services.clock.now() + due, **extra)  # type: ignore[arg-type]
    return services.followups.create(fields).id


@pytest.fixture
def people(services: Services, clock: FixedClock) -> dict[str, int]:
    """Ann (with a lead), Bo, and a second staff member Priya."""
    ann = services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id
    bo = services.contacts.create(ContactFields(first_name="Bo", last_name="Chen")).id
    deal = services.pipeline.create_lead(LeadFields(title="20 chairs", contact_id=ann)).id
    priya = staff.create(clock, "Priya Nair")
    return {"ann": ann, "bo": bo, "deal": deal, "priya": priya}


@pytest.fixture
def varied(services: Services, people: dict[str, int]) -> dict[str, int]:
    """Open ones overdue, today, this week and later; one snoozed; one done, one cancelled."""
    ids = {
        "quote": remind(services, "Send quote", -2 * D, contact_id=people["ann"],
                        lead_id=people["deal"], note="They asked for oak"),
        "call": remind(services, "Call Bo", 3 * H, contact_id=people["bo"],
                       assignee_id=people["priya"]),
        "review": remind(services, "Weekly review", D, recur_every=1, recur_unit="weeks"),
        "renewal": remind(services, "Renewal talk", 40 * D, note="the 50% discount_ends"),
        "invoice": remind(services, "Invoice", -D, contact_id=people["bo"]),
        "card": remind(services, "Thank-you card", -5 * D),
        "idea": remind(services, "Old idea", -3 * D, assignee_id=people["priya"]),
    }  # fmt: skip
    services.followups.snooze(ids["invoice"], services.clock.now() + 2 * H)
    services.followups.complete(ids["card"])
    services.followups.cancel(ids["idea"])
    return ids


def titles(rows: list[ReminderRow]) -> list[str]:
    return [r.title for r in rows]


def reader(services: Services) -> ReminderList:
    return ReminderList(services.clock, services.actor_id)


def test_open_by_due_with_names_and_times(services: Services, varied: dict[str, int]) -> None:
    rows = reader(services).page(ReminderQuery())
    assert titles(rows) == ["Send quote", "Invoice", "Call Bo", "Weekly review", "Renewal talk"]
    quote = rows[0]
    assert (quote.contact_name, quote.lead_title, quote.assignee_name) == (
        "Ann Lee",
        "20 chairs",
        "Me",
    )
    assert quote.overdue(services.clock.now()) and not rows[2].overdue(services.clock.now())
    invoice = rows[1]
    assert invoice.snoozed and invoice.remind_at == services.clock.now() + 2 * H
    assert invoice.due_at == services.clock.now() - D
    assert rows[3].repeats == "every week" and rows[2].assignee_name == "Priya Nair"
    assert reader(services).count(ReminderQuery()) == 5


def test_status_filters(services: Services, varied: dict[str, int]) -> None:
    read = reader(services)
    done = read.page(ReminderQuery(status="done"))
    assert titles(done) == ["Thank-you card"]
    assert done[0].completed_at == services.clock.now() and not done[0].snoozed
    assert titles(read.page(ReminderQuery(status="cancelled"))) == ["Old idea"]
    assert len(read.page(ReminderQuery(status=None))) == read.count(ReminderQuery(status=None))
    assert read.count(ReminderQuery(status=None)) == 7


def test_mine_and_words(services: Services, varied: dict[str, int]) -> None:
    read = reader(services)
    assert "Call Bo" not in titles(read.page(ReminderQuery(mine=True)))
    assert read.count(ReminderQuery(mine=True)) == 4
    assert titles(read.page(ReminderQuery(text="OAK"))) == ["Send quote"]  # the note, any case
    assert titles(read.page(ReminderQuery(text="quote oak"))) == ["Send quote"]  # every word
    assert read.page(ReminderQuery(text="quote bo")) == []
    assert titles(read.page(ReminderQuery(text="50%"))) == ["Renewal talk"]  # % is a letter
    assert read.page(ReminderQuery(text="5_%")) == []  # and so is _
    assert titles(read.page(ReminderQuery(text="discount_e"))) == ["Renewal talk"]
    assert read.count(ReminderQuery(text="  review  ")) == 1
    assert titles(read.page(ReminderQuery(text="idea", status=None))) == ["Old idea"]


def test_due_ranges_follow_the_pane_sections(
    services: Services, clock: FixedClock, varied: dict[str, int]
) -> None:
    read = reader(services)

    def due(key: str) -> list[str]:
        return titles(read.page(ReminderQuery(due=key)))

    assert due("overdue") == ["Send quote"]
    assert due("today") == ["Invoice", "Call Bo"]  # the snoozed one fires today
    assert due("upcoming") == ["Weekly review"]
    assert due("later") == ["Renewal talk"]
    assert read.count(ReminderQuery(due="today", text="bo")) == 1
    clock.advance(3 * H)
    assert due("overdue") == ["Send quote", "Invoice", "Call Bo"]


def test_a_bad_query_says_what_is_wrong(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        reader(services).page(ReminderQuery(sort="colour", status="lost", due="someday"))
    assert set(caught.value.problems) == {"sort", "status", "due"}


def test_repeats_text() -> None:
    assert repeats_text(1, "days") == "every day"
    assert repeats_text(3, "months") == "every 3 months"
    assert repeats_text(None, None) == ""


def _many(services: Services, clock: FixedClock, people: dict[str, int]) -> None:
    """53 reminders of every status with ties in title, due time and assignee (two staff
    members' names differ only in case)."""
    twin = staff.create(clock, "PRIYA NAIR")
    assignees = [None, people["priya"], services.actor_id, twin]
    for n in range(53):
        rid = remind(
            services,
            f"Task {n % 6}",
            (n % 9 - 3) * D + (n % 2) * H,
            assignee_id=assignees[n % 4],
        )
        if n % 3 == 0:
            clock.advance(timedelta(minutes=n))
            services.followups.complete(rid)
        elif n % 7 == 0:
            services.followups.cancel(rid)


def _walk(read: ReminderList, query: ReminderQuery, size: int) -> list[int]:
    """Every row, page after page by keyset."""
    found: list[int] = []
    rows = read.page(query, None, size)
    while rows:
        found += [r.id for r in rows]
        rows = read.page(query, rows[-1].key, size)
    return found


def _whole(read: ReminderList, query: ReminderQuery) -> list[ReminderRow]:
    return read.page(query, None, 10_000)


def _expected(rows: list[ReminderRow], sort: str, descending: bool) -> list[int]:
    def key(r: ReminderRow) -> tuple[object, ...]:
        due = int(r.remind_at.timestamp())
        return {
            "due": (due, r.id),
            "title": (r.title.lower(), due, r.id),
            "assignee": (r.assignee_name.lower(), due, r.id),
            "completed": (int(r.completed_at.timestamp()) if r.completed_at else 0, r.id),
        }[sort]

    return [r.id for r in sorted(rows, key=key, reverse=descending)]


@pytest.mark.parametrize("status", ["open", None, "done"])
def test_every_order_both_ways_pages_like_the_whole_list(
    services: Services, clock: FixedClock, people: dict[str, int], status: str | None,
) -> None:  # fmt: skip
    _many(services, clock, people)
    read = reader(services)
    for sort in SORTS:
        for descending in (False, True):
            query = ReminderQuery(sort=sort, descending=descending, status=status)
            whole = _whole(read, query)
            assert [r.id for r in whole] == _expected(whole, sort, descending), query
            assert _walk(read, query, 7) == [r.id for r in whole], query
            count = read.count(query)
            assert count == len(whole)
            ids = [r.id for r in whole]
            assert [r.id for r in read.page_at(query, 5, 7)] == ids[5:12], query
            assert [r.id for r in read.page_before(query, whole[15].key, 5)] == ids[10:15]
            assert [r.id for r in read.page_before(query, None, 4)] == ids[-4:]
            assert read.page_at(query, count + 3, 7) == []


def test_paging_with_words_and_mine(
    services: Services, clock: FixedClock, people: dict[str, int]
) -> None:
    _many(services, clock, people)
    read = reader(services)
    for query in (
        ReminderQuery(text="task 1", status=None),
        ReminderQuery(mine=True, sort="title"),
        ReminderQuery(due="overdue", sort="assignee", descending=True),
    ):
        whole = _whole(read, query)
        assert whole and _walk(read, query, 3) == [r.id for r in whole]
        assert read.count(query) == len(whole)


def test_next_change_at(services: Services, clock: FixedClock) -> None:
    read = reader(services)
    midnight = read.bounds().today_end
    assert read.next_change_at() == midnight
    remind(services, "soon", 2 * H)
    remind(services, "gone by", -H)
    assert read.next_change_at() == clock.now() + 2 * H
    clock.advance(3 * H)
    assert read.next_change_at() == midnight


def test_bulk_complete_and_its_undo(services: Services, varied: dict[str, int]) -> None:
    bulk = ReminderBulk(services.clock, services.actor_id)
    chosen = [varied["quote"], varied["review"], varied["card"], 9999]
    done = bulk.complete(chosen)
    assert done.acted == (varied["quote"], varied["review"])
    assert done.skipped == 2  # the done one, and one that is not there
    following = done.following[varied["review"]]
    assert done.change is not None and following in done.change.ids
    assert services.followups.get(following).status == "open"  # the next week's review
    assert {services.followups.get(i).status for i in done.acted} == {"done"}
    back = bulk.reopen(done.acted, drop=done.following)
    assert back.change is not None and following in back.change.ids
    assert {services.followups.get(i).status for i in done.acted} == {"open"}
    assert services.followups.get(following).status == "cancelled"
    assert bulk.complete([varied["card"]]).change is None


def test_bulk_cancel_keeps_the_contacts_next_follow_up(
    services: Services, varied: dict[str, int], people: dict[str, int]
) -> None:
    contacts = ContactList(services.clock)

    def next_due() -> datetime | None:
        rows = contacts.page(ContactQuery(text="Ann"))
        return rows[0].next_due_at

    assert next_due() == services.clock.now() - 2 * D
    bulk = ReminderBulk(services.clock, services.actor_id)
    cancelled = bulk.cancel([varied["quote"]])
    assert cancelled.acted == (varied["quote"],) and next_due() is None
    bulk.reopen(cancelled.acted)
    assert next_due() == services.clock.now() - 2 * D


def test_reopen_and_restore_put_back_exactly(
    services: Services, clock: FixedClock, varied: dict[str, int]
) -> None:
    bulk = ReminderBulk(services.clock, services.actor_id)
    card, idea = varied["card"], varied["idea"]
    read = reader(services)
    completed = read.page(ReminderQuery(status="done"))[0].completed_at
    clock.advance(D)
    opened = bulk.reopen([card, idea, varied["quote"]])
    assert opened.acted == (card, idea) and opened.skipped == 1
    assert dict(opened.before)[card][0] == "done"
    assert services.followups.get(idea).status == "open"
    change = bulk.restore(opened.before)
    assert set(change.ids) == {card, idea}
    assert services.followups.get(card).status == "done"
    assert services.followups.get(idea).status == "cancelled"
    restored = read.page(ReminderQuery(status="done"))[0]
    assert restored.completed_at == completed  # completed when it was, not now
    assert read.count(ReminderQuery(status=None)) == 7  # no next occurrence was made
