"""What the lead detail and editor read: the overview of a lead, and the picker's look-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playhouse.test_utils import count_queries

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import NotFound
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.lead_overview import (
    PartyChoice,
    company_choice,
    contact_choice,
    lead_overview,
    people_and_companies,
)
from crm_desktop.domain.pipeline import LeadFields, StageInfo
from crm_desktop.domain.services import Services


@pytest.fixture
def stages(services: Services) -> dict[str, StageInfo]:
    return {s.name: s for s in services.pipeline.stages(services.pipeline.ensure_default())}


@pytest.fixture
def acme(services: Services) -> int:
    return services.companies.create(CompanyFields(name="Acme & Sons", industry="Furniture")).id


@pytest.fixture
def ann(services: Services, acme: int) -> int:
    return services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            title="Head of Buying",
            company_id=acme,
            emails=[("work", "ann@acme.example")],
        )
    ).id


def test_a_new_lead_reads_back_every_field_with_its_names(
    services: Services, clock: FixedClock, ann: int, acme: int
) -> None:
    kim = staff.create(clock, "Kim Park")
    fields = LeadFields(
        title="40 office chairs",
        contact_id=ann,
        company_id=acme,
        value_minor=1_250_000,
        currency="usd",
        expected_close="2026-04-15",
        source="Referral",
        owner_id=kim,
        next_step="Send the quote",
    )
    lead_id = services.pipeline.create_lead(fields).id
    overview = lead_overview(lead_id, clock.now())
    assert overview.lead_fields() == LeadFields(
        title="40 office chairs",
        contact_id=ann,
        company_id=acme,
        value_minor=1_250_000,
        currency="USD",
        expected_close=date(2026, 4, 15),
        source="Referral",
        owner_id=kim,
        next_step="Send the quote",
    )
    assert (overview.pipeline_name, overview.stage_name, overview.stage_kind) == (
        "Sales",
        "New",
        "open",
    )
    assert (overview.status, overview.probability, overview.rotting_days) == ("open", 10, 14)
    assert (overview.contact_name, overview.company_name, overview.owner_name) == (
        "Ann Lee",
        "Acme & Sons",
        "Kim Park",
    )
    assert not overview.contact_deleted
    assert overview.days_in_stage == 0 and overview.closed_at is None
    assert overview.lost_reason == "" and overview.deleted_at is None
    assert overview.created_at == clock.now()
    assert overview.weighted_minor == 125_000
    assert [(s.from_stage, s.to_stage, s.changed_by) for s in overview.history] == [
        ("", "New", "Me")
    ]
    assert overview.follow_ups == ()


def test_a_lead_with_nothing_attached_reads_empty_names(services: Services) -> None:
    lead_id = services.pipeline.create_lead(LeadFields(title="Walk-in")).id
    services.pipeline.update_lead(lead_id, LeadFields(title="Walk-in", owner_id=None))
    overview = lead_overview(lead_id, services.clock.now())
    assert overview.contact_id is None and overview.company_id is None
    assert (overview.contact_name, overview.company_name, overview.owner_name) == ("", "", "")
    assert overview.expected_close is None


def test_history_names_the_stages_and_how_long_each_lasted(
    services: Services, clock: FixedClock, stages: dict[str, StageInfo]
) -> None:
    lead_id = services.pipeline.create_lead(LeadFields(title="Deal")).id
    clock.advance(timedelta(days=3))
    services.pipeline.move(lead_id, stages["Qualified"].id)
    clock.advance(timedelta(hours=5))
    services.pipeline.move(lead_id, stages["Proposal"].id)
    clock.advance(timedelta(days=22))
    overview = lead_overview(lead_id, clock.now())
    assert [(s.from_stage, s.to_stage, s.seconds_in_previous) for s in overview.history] == [
        ("", "New", 0),
        ("New", "Qualified", 3 * 86400),
        ("Qualified", "Proposal", 5 * 3600),
    ]
    assert [s.to_kind for s in overview.history] == ["open"] * 3
    assert overview.days_in_stage == 22
    assert overview.stale  # Proposal goes stale after 21 days


def test_lost_and_won_leads_carry_their_reason_and_closing_time(
    services: Services, clock: FixedClock
) -> None:
    lost = services.pipeline.create_lead(LeadFields(title="Lost one")).id
    won = services.pipeline.create_lead(LeadFields(title="Won one")).id
    clock.advance(timedelta(days=2))
    services.pipeline.lose(lost, "Went with a competitor")
    services.pipeline.win(won)
    gone = lead_overview(lost, clock.now())
    assert (gone.status, gone.stage_name, gone.lost_reason) == (
        "lost",
        "Lost",
        "Went with a competitor",
    )
    assert gone.closed_at == clock.now() and not gone.stale
    assert gone.history[-1].to_kind == "lost"
    done = lead_overview(won, clock.now())
    assert (done.status, done.probability, done.lost_reason) == ("won", 100, "")
    assert done.closed_at == clock.now()


def test_only_the_leads_open_follow_ups_soonest_first(
    services: Services, clock: FixedClock, ann: int
) -> None:
    lead_id = services.pipeline.create_lead(LeadFields(title="Deal", contact_id=ann)).id
    other = services.pipeline.create_lead(LeadFields(title="Other")).id
    now = clock.now()

    def follow_up(title: str, due: timedelta, lead: int | None = lead_id) -> int:
        fields = ReminderFields(title=title, due_at=now + due, lead_id=lead)
        return services.followups.create(fields).id

    later = follow_up("Later", timedelta(days=3))
    late = follow_up("Late", -timedelta(hours=1))
    done = follow_up("Done", timedelta(days=1))
    services.followups.complete(done)
    follow_up("Another lead's", timedelta(days=1), other)
    services.followups.create(ReminderFields(title="Ann's own", due_at=now, contact_id=ann))
    lines = lead_overview(lead_id, now).follow_ups
    assert [(f.id, f.title, f.overdue) for f in lines] == [
        (late, "Late", True),
        (later, "Later", False),
    ]


def test_a_trashed_lead_and_a_trashed_contact_still_read(services: Services, ann: int) -> None:
    lead_id = services.pipeline.create_lead(LeadFields(title="Deal", contact_id=ann)).id
    services.pipeline.trash([lead_id])
    services.contacts.trash([ann])
    overview = lead_overview(lead_id, services.clock.now())
    assert overview.deleted_at is not None
    assert overview.contact_name == "Ann Lee" and overview.contact_deleted


def test_an_overview_is_three_queries_and_a_missing_lead_is_not_found(
    services: Services, ann: int
) -> None:
    lead_id = services.pipeline.create_lead(LeadFields(title="Deal", contact_id=ann)).id
    with count_queries() as counted:
        lead_overview(lead_id, services.clock.now())
    assert counted.count == 3
    with pytest.raises(NotFound):
        lead_overview(lead_id + 100, services.clock.now())


# -- the picker ----------------------------------------------------------------------------


def test_people_come_first_with_their_company_then_companies(
    services: Services, ann: int, acme: int
) -> None:
    andy = services.contacts.create(ContactFields(first_name="Andy", last_name="Acker")).id
    logistics = services.companies.create(CompanyFields(name="Acme Logistics")).id
    found = people_and_companies("ac")
    assert [(c.kind, c.id) for c in found] == [
        ("contact", andy),  # "Acker" is in the name: name matches first
        ("contact", ann),  # Ann works at Acme: a match elsewhere
        ("company", acme),
        ("company", logistics),
    ]
    assert found[1] == PartyChoice(
        "contact", ann, "Ann Lee", "Head of Buying · Acme & Sons · ann@acme.example", acme,
        "Acme & Sons",
    )  # fmt: skip
    assert found[2] == PartyChoice("company", acme, "Acme & Sons", "Furniture", acme, "Acme & Sons")


def test_every_word_must_match_as_a_prefix(services: Services, ann: int) -> None:
    assert [c.id for c in people_and_companies("ann le")] == [ann]
    assert [c.id for c in people_and_companies("acme.example")] == [ann]
    assert people_and_companies("ann xyz") == []
    assert people_and_companies("   ") == []
    assert people_and_companies('"*(-:') == []


def test_the_trash_is_not_offered(services: Services, ann: int, acme: int) -> None:
    services.contacts.trash([ann])
    services.companies.trash([acme])
    assert people_and_companies("ann") == []
    assert people_and_companies("acme") == []
    assert contact_choice(ann) is None and company_choice(acme) is None


def test_a_person_whose_company_is_in_the_trash_comes_without_it(
    services: Services, ann: int, acme: int
) -> None:
    services.companies.trash([acme])
    choice = contact_choice(ann)
    assert choice is not None
    assert (choice.company_id, choice.company_name) == (None, "")


def test_at_most_limit_of_each_kind(services: Services) -> None:
    for n in range(12):
        services.contacts.create(ContactFields(first_name=f"Sam{n}", last_name="Smith"))
        services.companies.create(CompanyFields(name=f"Smith Works {n}"))
    found = people_and_companies("smith", limit=5)
    assert [c.kind for c in found] == ["contact"] * 5 + ["company"] * 5


def test_a_lookup_reads_the_index_and_then_rows_by_key(services: Services, ann: int) -> None:
    with count_queries() as counted:
        people_and_companies("ann")
    assert counted.count <= 5  # title and body matches per kind, one read of the people found
