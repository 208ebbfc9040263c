"""What the detail panels read beside the record: owner, leads, follow-ups; company look-ups."""

from __future__ import annotations

from datetime import date, timedelta

from playhouse.test_utils import count_queries

from crm_desktop.domain import staff
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contact_overview import (
    CompanyChoice,
    companies_starting_with,
    company_named,
    company_overview,
    contact_overview,
)
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.store.db import sql


def person(services: Services, first: str, company_id: int | None = None) -> int:
    return services.contacts.create(ContactFields(first_name=first, company_id=company_id)).id


def lead(services: Services, title: str, **fields: object) -> int:
    return services.pipeline.create_lead(LeadFields(title=title, **fields)).id  # type: ignore[arg-type]


def test_a_new_contact_has_an_owner_and_nothing_else(services: Services) -> None:
    cid = person(services, "Ann")
    overview = contact_overview(cid, services.clock.now())
    assert overview.owner_name == "Me"
    assert overview.leads == () and overview.follow_ups == ()


def test_no_owner_reads_as_empty(services: Services) -> None:
    cid = person(services, "Ann")
    services.contacts.assign_owner([cid], None)
    assert contact_overview(cid, services.clock.now()).owner_name == ""


def test_leads_open_first_then_by_expected_close(services: Services) -> None:
    ann, bob = person(services, "Ann"), person(services, "Bob")
    late = lead(services, "Late", contact_id=ann, expected_close="2026-06-01")
    undated = lead(services, "Undated", contact_id=ann, value_minor=150_000, currency="usd")
    soon = lead(services, "Soon", contact_id=ann, expected_close="2026-04-01")
    won = lead(services, "Won already", contact_id=ann, expected_close="2026-01-01")
    services.pipeline.win(won)
    gone = lead(services, "Trashed", contact_id=ann)
    services.pipeline.trash([gone])
    lead(services, "Bob's", contact_id=bob)

    leads = contact_overview(ann, services.clock.now()).leads
    assert [x.id for x in leads] == [soon, late, undated, won]
    assert [(x.stage_name, x.status) for x in leads] == [
        ("New", "open"),
        ("New", "open"),
        ("New", "open"),
        ("Won", "won"),
    ]
    assert leads[0].expected_close == date(2026, 4, 1)
    assert (leads[2].value_minor, leads[2].currency, leads[2].expected_close) == (
        150_000,
        "USD",
        None,
    )


def test_open_follow_ups_of_the_contact_and_its_leads(services: Services) -> None:
    now = services.clock.now()
    ann, bob = person(services, "Ann"), person(services, "Bob")
    deal = lead(services, "Deal", contact_id=ann)

    def remind(title: str, hours: int, **where: int) -> int:
        fields = ReminderFields(title=title, due_at=now + timedelta(hours=hours), **where)
        return services.followups.create(fields).id

    late = remind("Call back", -2, contact_id=ann)
    on_deal = remind("Send proposal", 5, lead_id=deal)
    done = remind("Done already", 1, contact_id=ann)
    services.followups.complete(done)
    remind("Bob's", 1, contact_id=bob)

    follow_ups = contact_overview(ann, now).follow_ups
    assert [(f.id, f.title, f.overdue) for f in follow_ups] == [
        (late, "Call back", True),
        (on_deal, "Send proposal", False),
    ]
    assert follow_ups[0].remind_at == now - timedelta(hours=2)


def test_a_contact_overview_is_three_queries(services: Services) -> None:
    ann = person(services, "Ann")
    for n in range(5):
        lead(services, f"Deal {n}", contact_id=ann)
    with count_queries() as counter:
        contact_overview(ann, services.clock.now())
    assert counter.count == 3


def test_company_overview(services: Services) -> None:
    acme = services.companies.create(CompanyFields(name="Acme")).id
    ann, bob = person(services, "Ann", acme), person(services, "Bob", acme)
    person(services, "Cy")
    services.contacts.trash([bob])
    deal = lead(services, "Acme deal", company_id=acme, contact_id=ann)
    lead(services, "Elsewhere")
    overview = company_overview(acme)
    assert overview.owner_name == "Me"
    assert overview.people_count == 1
    assert [x.id for x in overview.leads] == [deal]


def test_company_owner_is_the_named_staff_member(services: Services) -> None:
    kim = staff.create(services.clock, "Kim Park")
    acme = services.companies.create(CompanyFields(name="Acme", owner_id=kim)).id
    assert company_overview(acme).owner_name == "Kim Park"


def test_companies_by_prefix_ignore_case_and_accents(services: Services) -> None:
    names = ["Acme", "acorn labs", "Ácaro SA", "Beta", "Ac", "Trashed Acme"]
    ids = {name: services.companies.create(CompanyFields(name=name)).id for name in names}
    services.companies.trash([ids["Trashed Acme"]])
    services.companies.trash([ids["Ac"]])

    assert [c.name for c in companies_starting_with("AC")] == ["Ácaro SA", "Acme", "acorn labs"]
    assert companies_starting_with("acm") == [CompanyChoice(ids["Acme"], "Acme")]
    assert companies_starting_with("zzz") == []
    assert [c.name for c in companies_starting_with("", limit=2)] == ["Ácaro SA", "Acme"]
    assert len(companies_starting_with("a", limit=2)) == 2


def test_company_prefix_lookup_reads_the_index(services: Services) -> None:
    services.companies.create(CompanyFields(name="Acme"))
    with count_queries() as counter:
        companies_starting_with("ac")
    [record] = counter.get_queries()
    statement, params = record.msg
    plan = " ".join(str(row[-1]) for row in sql(f"EXPLAIN QUERY PLAN {statement}", params))
    assert "USING INDEX company_deleted_at_sort_name_id" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


def test_company_named(services: Services) -> None:
    acme = services.companies.create(CompanyFields(name="Acme Ltd")).id
    assert company_named("  acme   LTD ") == acme
    assert company_named("Acme") is None
    assert company_named("") is None
    services.companies.trash([acme])
    assert company_named("Acme Ltd") is None
