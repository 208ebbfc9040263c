"""Global search: hits grouped by kind, each with a line of context; the trash stays hidden."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from playhouse.test_utils import count_queries

from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.finder import Found, find, money
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.store import search


@pytest.fixture
def acme(services: Services) -> dict[str, int]:
    """A company, two of its people, a lead and a call, all findable by "acme"."""
    company = services.companies.create(CompanyFields(name="Acme Tools", industry="Hardware")).id
    ann = services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Acme",
            title="Buyer",
            company_id=company,
            emails=[("work", "ann@acme.example")],
        )
    ).id
    bob = services.contacts.create(
        ContactFields(first_name="Bob", last_name="Stone", company_id=company)
    ).id
    lead = services.pipeline.create_lead(
        LeadFields(title="Acme renewal", contact_id=ann, value_minor=1_250_050, currency="eur")
    ).id
    call = services.interactions.log(
        ann,
        InteractionFields(
            kind="call",
            subject="Acme pricing",
            occurred_at=datetime(2026, 2, 27, 23, 30, tzinfo=UTC),
        ),
    ).id
    return {"company": company, "ann": ann, "bob": bob, "lead": lead, "call": call}


def test_hits_come_grouped_by_kind_with_context(acme: dict[str, int]) -> None:
    found = find("acme", tz=UTC)
    assert [(f.kind, f.id) for f in found] == [
        ("contact", acme["ann"]),  # her name has the word: first
        ("contact", acme["bob"]),  # found through his company's name
        ("company", acme["company"]),
        ("lead", acme["lead"]),
        ("interaction", acme["call"]),
    ]
    assert found[0] == Found(
        "contact", acme["ann"], "Ann Acme", "Buyer, Acme Tools · ann@acme.example"
    )
    assert found[1].subtitle == "Acme Tools"
    assert found[2].subtitle == "Hardware · 2 people"
    assert found[3].subtitle == "New · EUR 12,500.50"
    assert found[4].subtitle == "Call · Ann Acme · 27 Feb 2026"


def test_interaction_dates_are_local(acme: dict[str, int]) -> None:
    berlin_winter = timezone(timedelta(hours=1))
    (call,) = [f for f in find("pricing", tz=berlin_winter) if f.kind == "interaction"]
    assert call.subtitle.endswith("28 Feb 2026")


def test_context_costs_one_query_per_kind(acme: dict[str, int], services: Services) -> None:
    for n in range(5):
        services.contacts.create(ContactFields(first_name=f"Acme{n}", company_id=acme["company"]))
    with count_queries() as index_only:
        search.search("acme", limit_per_kind=8)
    with count_queries() as counter:
        found = find("acme")
    assert len(found) == 10
    assert counter.count - index_only.count == 4


def test_limit_per_kind(acme: dict[str, int], services: Services) -> None:
    for n in range(6):
        services.contacts.create(ContactFields(first_name="Acme", last_name=f"Person{n}"))
    found = find("acme", limit_per_kind=3)
    assert [f.kind for f in found] == ["contact"] * 3 + ["company", "lead", "interaction"]


def test_trashed_rows_are_not_found(acme: dict[str, int], services: Services) -> None:
    services.contacts.trash([acme["ann"]])
    services.pipeline.trash([acme["lead"]])
    found = find("acme")
    assert [(f.kind, f.id) for f in found] == [
        ("contact", acme["bob"]),
        ("company", acme["company"]),
    ]
    assert found[1].subtitle == "Hardware · 1 person"  # Ann is not counted while in the trash
    services.companies.trash([acme["company"]])
    assert find("bob") == [Found("contact", acme["bob"], "Bob Stone", "")]


def test_restored_rows_are_found_again(acme: dict[str, int], services: Services) -> None:
    services.contacts.trash([acme["ann"]])
    services.contacts.restore([acme["ann"]])
    assert {f.id for f in find("pricing")} == {acme["call"]}
    assert acme["ann"] in {f.id for f in find("ann") if f.kind == "contact"}


@pytest.mark.parametrize("text", ['acme"', "acme*", "-acme", "(acme", "acme)", "acme:", "^acme"])
def test_search_syntax_is_searched_as_text(acme: dict[str, int], text: str) -> None:
    assert ("company", acme["company"]) in {(f.kind, f.id) for f in find(text)}


@pytest.mark.parametrize("text", ["", "   ", '"(', "*", "title:acme", "acme NOT", "zzzz"])
def test_nothing_to_find(acme: dict[str, int], text: str) -> None:
    assert find(text) == []


def test_money() -> None:
    assert money(1_250_000, "EUR") == "EUR 12,500"
    assert money(1_250_005, "USD") == "USD 12,500.05"
    assert money(-150, "GBP") == "GBP -1.50"
    assert money(120_000, "JPY") == "JPY 120,000"
