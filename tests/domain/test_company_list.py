"""The company list: every column sorts both ways (through its index, without sorting rows),
pages chain by keyset both ways, far jumps land on the right row, the shown columns (people,
owner, tags) are right, text, tag, owner and the trash narrow; and a company's people for its
detail."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import pytest

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.company_list import SORTS, CompanyList, CompanyQuery, companies_with_tag
from crm_desktop.domain.company_overview import company_people
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.services import Services
from crm_desktop.store import company_list as sql_list
from crm_desktop.store import search
from crm_desktop.store.db import sql
from tests.domain.paging import walk, walk_back

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
                    website=f"https://{'abC'[n % 3]}{n}.example" if n % 4 else "",
                    phone=f"+44 20 7946 {(n * 7) % 30:04d}" if n % 6 else "",
                    owner_id=[services.actor_id, boss, None][n % 3],
                    tags=[["vip"], ["partner", "Vip"], []][n % 3],
                )
            ).id
        )
        if n % 3 == 2:  # create() gives the actor to a company without an owner
            services.companies.assign_owner([ids[-1]], None)
        for p in range(n % 4):
            services.contacts.create(ContactFields(first_name=f"P{n}-{p}", company_id=ids[-1]))
    return ids


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_and_pages_chain_both_ways(
    firms: list[int], sort: str, descending: bool
) -> None:
    companies = CompanyList()
    query = CompanyQuery(sort=sort, descending=descending)
    whole = companies.page(query, None, 1000)
    keys = [r.key for r in whole]
    assert keys == sorted(keys, reverse=descending)
    assert len(whole) == companies.count(query) == 30
    assert walk(companies, query) == [r.id for r in whole]
    assert walk(companies, query, size=1) == [r.id for r in whole]
    back = walk_back(companies, query)
    assert back == [r.id for r in whole]
    for offset in (1, 17, 29):
        assert [r.id for r in companies.page_at(query, offset, 5)] == [
            r.id for r in whole[offset : offset + 5]
        ]
    assert companies.page_at(query, 30, 5) == []


def test_each_column_orders_as_a_person_expects(firms: list[int]) -> None:
    companies = CompanyList()

    def column(sort: str, descending: bool = False) -> list[object]:
        rows = companies.page(CompanyQuery(sort=sort, descending=descending), None, 1000)
        return [
            {
                "name": r.name,
                "industry": r.industry.casefold(),
                "website": r.website.casefold(),
                "phone": r.phone,
                "people": r.people,
                "owner": r.owner_id or 0,
                "tags": r.tags,
            }[sort]
            for r in rows
        ]

    names = column("name")
    assert names[:3] == ["Acme", "Acme 1", "Acme 2"]
    assert names.index("beta Labs") < names.index("Çelik Yapı") < names.index("Delta")
    for sort in SORTS[1:]:
        values = column(sort)
        assert values == sorted(values), sort  # type: ignore[type-var]
        assert column(sort, descending=True) == values[::-1], sort
    assert column("industry")[-12:] == ["retail"] * 12  # "Retail" and "retail" together
    assert column("people", descending=True)[0] == 3  # most people first
    assert column("owner")[:10] == [0] * 10  # nobody's first, then by owner


def test_an_unknown_order_is_refused(firms: list[int]) -> None:
    with pytest.raises(ValidationError):
        CompanyList().page(CompanyQuery(sort="shoe size"))


@pytest.fixture
def plans(firms: list[int], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The query plans of the list's statements as they run, with the statistics of 100,000
    companies (as measured) for the planner to go by."""
    sql("ANALYZE")
    stats = {
        "company_uid": "100000 1",
        "company_owner_id": "100000 25000",
        "company_deleted_at_sort_name_id": "100000 100000 4 1",
        "company_list_industry": "100000 100000 5000 3 1",
        "company_list_website": "100000 100000 9 2 1",
        "company_list_phone": "100000 100000 1 1 1",
        "company_list_people": "100000 100000 10000 3 1",
        "company_list_owner": "100000 100000 25000 3 1",
        "company_list_tags": "100000 100000 7700 3 1",
    }
    for index, stat in stats.items():
        sql("UPDATE sqlite_stat1 SET stat = ? WHERE tbl = 'company' AND idx = ?", [stat, index])
    sql("ANALYZE sqlite_schema")  # reload them
    seen: list[str] = []

    def explained(statement: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        rows = sql(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
        seen.append(" | ".join(str(row[3]) for row in rows))
        return sql(statement, params)

    monkeypatch.setattr(sql_list, "sql", explained)
    return seen


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_pages_walk_their_index_without_sorting(
    plans: list[str], monkeypatch: pytest.MonkeyPatch, sort: str, descending: bool
) -> None:
    """Every read of a page (first, next, before the end, a far jump, filtered by a common
    word) seeks into the order's own index, and no row is sorted."""
    companies = CompanyList()
    query = CompanyQuery(sort=sort, descending=descending)
    first = companies.page(query, None, 10)
    companies.page(query, first[-1].key, 10)
    companies.page_before(query, None, 10)
    companies.page_before(query, first[-1].key, 10)
    companies.page_at(query, 12, 10)
    monkeypatch.setattr(search, "FEW_MATCHES", 3)  # a common word: looked up as it walks
    worded = CompanyQuery(sort=sort, descending=descending, text="example")
    companies.page(worded, companies.page(worded, None, 2)[-1].key, 10)
    index = "company_deleted_at_sort_name_id" if sort == "name" else f"company_list_{sort}"
    assert len(plans) == 8
    # A page after a key seeks to it (see store.company_list), not walks from the start.
    assert sum("sort_name>?" in plan or "sort_name<?" in plan for plan in plans) == 4
    for plan in plans:
        assert "TEMP B-TREE" not in plan, plan
        reads = [step for step in plan.split(" | ") if step.startswith(("SEARCH c ", "SCAN c"))]
        assert reads and all(f"INDEX {index} " in step for step in reads), plan


def test_shown_columns(services: Services, firms: list[int]) -> None:
    acme = firms[0]
    ann = services.contacts.create(ContactFields(first_name="Ann", company_id=acme)).id
    services.contacts.create(ContactFields(first_name="Bob", company_id=acme))
    services.contacts.trash([ann])  # the trash does not count
    services.companies.update(firms[2], CompanyFields(name="Nobody's", owner_id=None))
    rows = {r.id: r for r in CompanyList().page(CompanyQuery(), None, 1000)}
    assert rows[acme].people == 1
    assert rows[firms[4]].people == 0 and rows[firms[3]].people == 3
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


def test_tag_and_owner_filters_in_any_order(
    services: Services, firms: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    companies = CompanyList()
    everyone = companies.page(CompanyQuery(), None, 1000)

    def ids(**kw: object) -> list[int]:
        query = CompanyQuery(**kw)  # type: ignore[arg-type]
        rows = companies.page(query, None, 1000)
        assert companies.count(query) == len(rows)
        assert walk(companies, query, size=2) == [r.id for r in rows]  # pages chain
        return [r.id for r in rows]

    vip = {r.id for r in everyone if "vip" in r.tags.split(", ")}
    assert set(ids(tag="VIP")) == vip and len(vip) == 20
    assert set(ids(tag=" partner ")) == {r.id for r in everyone if "partner" in r.tags}
    assert ids(tag="nobody uses this") == []
    boss = next(r.owner_id for r in everyone if r.owner_name == "Boss")
    assert set(ids(owner_id=boss)) == {r.id for r in everyone if r.owner_id == boss}
    assert set(ids(owner_id=0)) == {r.id for r in everyone if r.owner_id is None}
    both = {r.id for r in everyone if r.owner_id == boss and r.id in vip}
    for sort in SORTS:
        assert set(ids(sort=sort, descending=True, tag="vip", owner_id=boss)) == both
    assert set(ids(text="example", tag="vip")) == {r.id for r in everyone if r.website} & vip
    monkeypatch.setattr(search, "FEW_MATCHES", 3)  # a common word: the index as a subquery
    assert (
        set(ids(sort="owner", text="example", tag="vip"))
        == {r.id for r in everyone if r.website} & vip
    )

    services.companies.trash(firms[:4])
    assert set(ids(trashed=True, tag="vip")) == {firms[0], firms[1], firms[3]}
    assert set(ids(trashed=True, owner_id=0)) == {firms[2]}
    assert firms[0] not in ids(tag="vip")


def test_taking_a_tag_off(services: Services, firms: list[int]) -> None:
    assert companies_with_tag(firms[:6], "VIP") == {firms[0], firms[1], firms[3], firms[4]}
    change = services.companies.remove_tags(firms[:2], ["Vip"])
    assert change.ids == (firms[0], firms[1]) and change.affects("tag")
    assert services.companies.get(firms[0]).tags == ()
    assert services.companies.get(firms[1]).tags == ("partner",)
    assert firms[1] not in search.matching("company", search.match_expression("vip"), 100)
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
    assert company_people(firms[4]).people == ()
