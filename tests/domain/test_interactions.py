"""Logging interactions; last-contacted follows the newest, also on edit and removal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import NotFound, ValidationError
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.services import Services
from crm_desktop.store import search


@pytest.fixture
def contact_id(services: Services) -> int:
    return services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id


def test_log_defaults_to_now_and_sets_last_contacted(services: Services, contact_id: int) -> None:
    change = services.interactions.log(
        contact_id, InteractionFields(kind="call", subject="Intro", direction="outbound")
    )
    entry = services.interactions.get(change.id)
    assert entry.occurred_at == services.clock.now()
    assert entry.staff_id == services.actor_id
    assert services.contacts.get(contact_id).last_contacted_at == services.clock.now()
    assert change.affects("contact")


def test_last_contacted_follows_the_newest_through_edits_and_removal(
    services: Services, contact_id: int
) -> None:
    now = services.clock.now()
    old = services.interactions.log(
        contact_id,
        InteractionFields(kind="email", subject="Old", occurred_at=now - timedelta(days=30)),
    ).id
    new = services.interactions.log(
        contact_id,
        InteractionFields(kind="meeting", subject="New", occurred_at=now - timedelta(days=2)),
    ).id
    assert services.contacts.get(contact_id).last_contacted_at == now - timedelta(days=2)
    services.interactions.edit(
        old, InteractionFields(kind="email", subject="Old", occurred_at=now - timedelta(hours=1))
    )
    assert services.contacts.get(contact_id).last_contacted_at == now - timedelta(hours=1)
    services.interactions.remove(old)
    assert services.contacts.get(contact_id).last_contacted_at == now - timedelta(days=2)
    services.interactions.remove(new)
    assert services.contacts.get(contact_id).last_contacted_at is None


def test_timeline_is_newest_first_and_pages(services: Services, contact_id: int) -> None:
    now = services.clock.now()
    for n in range(5):
        services.interactions.log(
            contact_id,
            InteractionFields(kind="note", subject=f"n{n}", occurred_at=now - timedelta(days=n)),
        )
    first = services.interactions.for_contact(contact_id, limit=3)
    rest = services.interactions.for_contact(
        contact_id, before=(first[-1].occurred_at, first[-1].id), limit=3
    )
    assert [e.subject for e in first + rest] == ["n0", "n1", "n2", "n3", "n4"]


def test_interactions_are_searchable_and_removal_unindexes(
    services: Services, contact_id: int
) -> None:
    iid = services.interactions.log(
        contact_id,
        InteractionFields(kind="visit", subject="Showroom", body="Liked the walnut desk"),
    ).id
    assert [h.id for h in search.search("walnut", kinds=["interaction"])] == [iid]
    services.interactions.remove(iid)
    assert search.search("walnut") == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (InteractionFields(kind="fax", subject="x"), "kind"),
        (InteractionFields(kind="call"), "subject"),
        (InteractionFields(kind="call", subject="x", direction="sideways"), "direction"),
        (InteractionFields(kind="call", subject="x", duration_minutes=-5), "duration_minutes"),
        (InteractionFields(kind="call", subject="x", lead_id=77), "lead"),
    ],
)
def test_bad_interactions_are_refused(
    services: Services, contact_id: int, fields: InteractionFields, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.interactions.log(contact_id, fields)
    assert field in raised.value.problems


def test_logging_for_a_missing_contact(services: Services) -> None:
    with pytest.raises(NotFound):
        services.interactions.log(404, InteractionFields(kind="call", subject="x"))
