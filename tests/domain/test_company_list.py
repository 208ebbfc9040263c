"""The company list: name order pages by keyset both ways through its index, far jumps land
on the right row, the shown columns (people, owner, tags) are right, the text filter and the
trash narrow; and a company's people for its detail."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pytest

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.company_list import (
    CompanyList,
    CompanyQuery,
    companies_with_tag,
    remove_tag,
)
from crm_desktop.domain.company_overview import company_people
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.store import company_list as sql_list
from crm_desktop.store import search
from crm_desktop.store.db import sql

NAMES = ["Acme", "beta Labs", "Çelik Yapı", "Delta", "echo", "Foxtrot & Co", "Golf", "Hotel"]
INDUSTRIES = ["Retail", "retail", "Energy", "", "Media"]


@pytest.fixture
def firms(services: Services, clock: FixedClock) -> list[int]:
    boss = staff.create(clock, "Boss")
    ids = []
    for n in range(30):
        ids.append(
            services.companies.create(
                CompanyFields(
                    name=f"{NAMES[n % len(NAMES)]} {n // len(NAMES) or ''}".strip(),
                    industry=INDUSTRIES[n % len(INDUSTRIES)],
                    website=f"https://{'abc'[n % 3]}{n}.example" if n % 4 else "",
                    phone=f"+44 20 7946 {(n * 7) % 30:04d}" if n % 6 else "",
                    owner_id=[services.actor_id, boss][n % 2],
                    tags=[["vip"], ["partner", "Vip"], []][n % 3],
                )
            ).id
        )
    return ids


def walk(companies: CompanyList, query: CompanyQuery, size: int = 7) -> list[int]:
    seen, after = [], None
    while True:
        rows = companies.page(query, after, size)
        seen += [r.id for r in rows]
        if len(rows) < size:
            return seen
        after = rows[-1].key


@pytest.mark.parametrize("descending", [False, True])
def test_pages_chain_both_ways_and_far_jumps_land(firms: list[int], descending: bool) -> None:
    companies = CompanyList()
    query = CompanyQuery(descending=descending)
    whole = companies.page(query, None, 1000)
    keys = [r.key for r in whole]
    assert keys == sorted(keys, reverse=descending)
    assert len(whole) == companies.count(query) == 30
    assert walk(companies, query) == [r.id for r in whole]
    back: list[int] = []
    before = None
    while rows := companies.page_before(query, before, 6):
        back = [r.id for r in rows] + back
        before = rows[0].key
    assert back == [r.id for r in whole]
    assert [r.id for r in companies.page_at(query, 17, 5)] == [r.id for r in whole[17:22]]
    assert companies.page_at(query, 30, 5) == []


def test_names_order_as_a_person_expects(firms: list[int]) -> None:
    names = [r.name for r in CompanyList().page(CompanyQuery(), None, 1000)]
    assert names[:3] == ["Acme", "Acme 1", "Acme 2"]
    assert names.index("beta Labs") < names.index("Çelik Yapı") < names.index("Delta")


@pytest.fixture
def plans(firms: list[int], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The query plans of the list's statements as they run, with the statistics of 100,000
    companies (as measured) for the planner to go by."""
    sql("ANALYZE")
    sql(
        "UPDATE sqlite_stat1 SET stat = CASE idx WHEN 'company_deleted_at_sort_name_id'"
        " THEN '100000 100000 4 1' WHEN 'company_owner_id' THEN '100000 25000'"
        " ELSE '100000 1' END WHERE tbl = 'company'"
    )
    sql("ANALYZE sqlite_schema")  # reload them
    seen: list[str] = []

    def explained(statement: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        rows = sql(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
        seen.append(" | ".join(str(row[3]) for row in rows))
        return sql(statement, params)

    monkeypatch.setattr(sql_list, "sql", explained)
    return seen


@pytest.mark.parametrize("descending", [False, True])
def test_pages_walk_the_name_index_without_sorting(
    plans: list[str], monkeypatch: pytest.MonkeyPatch, descending: bool
) -> None:
    companies = CompanyList()
    query = CompanyQuery(descending=descending)
    first = companies.page(query, None, 10)
    companies.page(query, first[-1].key, 10)
    companies.page_before(query, None, 10)
    companies.page_at(query, 12, 10)
    monkeypatch.setattr(search, "FEW_MATCHES", 3)  # a common word: looked up as it walks
    companies.page(CompanyQuery(text="example", descending=descending), None, 10)
    for plan in plans:
        inner = plan.split(" | SCAN k")[0]  # the outer query sorts only the page's rows
        assert "company_deleted_at_sort_name_id" in inner and "TEMP B-TREE" not in inner, plan


def test_shown_columns(services: Services, firms: list[int]) -> None:
    acme = firms[0]
    ann = services.contacts.create(ContactFields(first_name="Ann", company_id=acme)).id
    services.contacts.create(ContactFields(first_name="Bob", company_id=acme))
    services.contacts.trash([ann])  # the trash does not count
    services.companies.update(firms[2], CompanyFields(name="Nobody's", owner_id=None))
    rows = {r.id: r for r in CompanyList().page(CompanyQuery(), None, 1000)}
    assert rows[acme].people == 1
    assert rows[firms[3]].people == 0
    assert rows[firms[1]].tags == "partner, vip"  # one tag row, whatever the case typed
    assert rows[firms[1]].owner_name == "Boss"
    assert rows[firms[2]].owner_name == "" and rows[firms[2]].owner_id is None
    assert rows[firms[2]].tags == ""
    assert rows[acme].owner_name == "Me"


def test_text_filter_and_the_trash(
    services: Services, firms: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    companies = CompanyList()

    def ids(**kw: object) -> set[int]:
        query = CompanyQuery(**kw)  # type: ignore[arg-type]
        rows = companies.page(query, None, 1000)
        assert companies.count(query) == len(rows)
        return {r.id for r in rows}

    everyone = companies.page(CompanyQuery(), None, 1000)
    assert ids(text="delt") == {r.id for r in everyone if r.name.startswith("Delta")}
    assert ids(text="energy") == {r.id for r in everyone if r.industry == "Energy"}
    assert ids(text="celik") == {r.id for r in everyone if r.name.startswith("Çelik")}
    assert ids(text="zzzz") == set()
    assert len(ids(text='"(*-')) == 30  # no words: no filter, no error
    example = ids(text="example")
    monkeypatch.setattr(search, "FEW_MATCHES", 3)  # a common word: the index as a subquery
    assert ids(text="example") == example and len(example) > 3
    assert ids(text="example", descending=True) == example

    services.companies.trash([firms[3]])
    assert firms[3] not in ids()
    assert ids(trashed=True) == {firms[3]}
    assert ids(trashed=True, text="DELT") == {firms[3]}
    assert ids(trashed=True, text="acme") == set()
    services.companies.trash([firms[2]])  # Çelik Yapı
    assert ids(trashed=True, text="celik") == ids(trashed=True, text="ÇELİK") == {firms[2]}
    assert ids(trashed=True, text="energy") == {firms[2]}


def test_taking_a_tag_off(services: Services, clock: FixedClock, firms: list[int]) -> None:
    assert companies_with_tag(firms[:6], "VIP") == {firms[0], firms[1], firms[3], firms[4]}
    change = remove_tag(clock, firms[:2], "Vip")
    assert change.ids == (firms[0], firms[1]) and change.affects("tag")
    assert services.companies.get(firms[0]).tags == ()
    assert services.companies.get(firms[1]).tags == ("partner",)
    assert firms[1] not in search.matching_ids("company", "vip", 100)
    tombstones = sql("SELECT count(*) FROM tombstone WHERE \"table\" = 'company_tag'")
    assert tombstones.fetchone()[0] == 2


def test_a_companys_people(services: Services, firms: list[int]) -> None:
    acme = firms[0]
    for first, last in [("Zoe", "Adams"), ("Al", "Zed"), ("Mia", "Moss"), ("Gone", "Away")]:
        services.contacts.create(
            ContactFields(
                first_name=first,
                last_name=last,
                title="Buyer",
                company_id=acme,
                emails=[("work", f"{first.lower()}@acme.example")],
            )
        )
    gone = next(p for p in company_people(acme).people if p.name == "Gone Away")
    services.contacts.trash([gone.id])
    everyone = company_people(acme)
    assert [p.name for p in everyone.people] == ["Zoe Adams", "Mia Moss", "Al Zed"]
    assert everyone.people[0].email == "zoe@acme.example" and everyone.people[0].title == "Buyer"
    assert everyone.total == 3 and everyone.more == 0
    two = company_people(acme, limit=2)
    assert len(two.people) == 2 and two.total == 3 and two.more == 1
    assert company_people(firms[1]).people == ()
