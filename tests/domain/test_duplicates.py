"""The duplicate finder over the whole store: each rule, scores, the trash left out, blocking
that keeps it far from pairwise, "not duplicates" remembered, progress and cancel."""

from __future__ import annotations

import time

import pytest

from crm_desktop import paths
from crm_desktop.domain import demo
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.duplicates import (
    DIFFERENT_NAMES,
    EMAIL,
    INITIAL,
    NAME_ONLY,
    NOT_DUPLICATES_FILE,
    PHONE,
    SAME_NAME,
    SIMILAR,
    SWAPPED,
    Cancelled,
    DuplicateFinder,
    DuplicatePair,
    similar,
)
from crm_desktop.domain.services import Services
from crm_desktop.store.models import Contact


def person(
    services: Services,
    first: str,
    last: str,
    company: int | None = None,
    emails: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
) -> int:
    fields = ContactFields(
        first_name=first,
        last_name=last,
        company_id=company,
        emails=[("", e) for e in emails],
        phones=[("", p) for p in phones],
    )
    return services.contacts.create(fields).id


def finder(services: Services) -> DuplicateFinder:
    return DuplicateFinder(services.clock, services.actor_id)


def pairs_by_ids(found: list[DuplicatePair]) -> dict[tuple[int, int], DuplicatePair]:
    return {pair.ids: pair for pair in found}


def test_the_same_email_in_any_case_makes_a_pair(services: Services) -> None:
    ann = person(services, "Ann", "Lee", emails=("ann@example.com",))
    other = person(services, "Anne", "Leigh", emails=("x@example.org", "ANN@Example.com"))
    person(services, "Bob", "Stone", emails=("bob@example.com",))
    found = finder(services).find()
    assert [pair.ids for pair in found] == [(ann, other)]
    pair = found[0]
    assert (pair.reason, pair.score) == (EMAIL, 95)
    assert pair.matched == ("ann@example.com",)
    assert (pair.first.name, pair.second.name) == ("Ann Lee", "Anne Leigh")


def test_phones_match_with_or_without_country_code_and_short_numbers_are_ignored(
    services: Services,
) -> None:
    uk = person(services, "Ann", "Lee", phones=("+44 20 7946 0018",))
    local = person(services, "A.", "Lee-Smith", phones=("020 7946-0018",))
    plain = person(services, "Zed", "Zulu", phones=("00442079460018",))
    person(services, "Short", "One", phones=("1234",))
    person(services, "Short", "Two", phones=("1234",))
    found = pairs_by_ids(finder(services).find())
    assert set(found) == {(uk, local), (uk, plain), (local, plain)}
    assert all(pair.reason == PHONE for pair in found.values())
    assert (found[(uk, local)].score, found[(uk, local)].reasons) == (85, (PHONE,))
    # Zed Zulu on Ann Lee's number: first and last names both differ (an office's line, say):
    # still listed, but after the likelier pairs
    assert (found[(uk, plain)].score, found[(uk, plain)].reasons) == (
        55,
        (PHONE, DIFFERENT_NAMES),
    )


def test_name_rules_at_the_same_company(services: Services) -> None:
    acme = services.companies.find_or_create("Acme")
    other = services.companies.find_or_create("Globex")
    john = person(services, "John", "Smith", acme)
    same = person(services, "JOHN", "SMITH", acme)
    swapped = person(services, "Smith", "John", acme)
    initial = person(services, "J.", "Smith", acme)
    typo = person(services, "Jhon", "Smith", acme)
    last_typo = person(services, "John", "Smyth", acme)
    jane = person(services, "Jane", "Smith", acme)  # a colleague, not a duplicate
    elsewhere = person(services, "John", "Smith", other)  # same name, other firm
    found = pairs_by_ids(finder(services).find())
    assert found[(john, same)].reason == SAME_NAME
    assert found[(john, swapped)].reason == SWAPPED
    assert found[(john, initial)].reason == INITIAL
    assert found[(john, typo)].reason == SIMILAR
    assert found[(john, last_typo)].reason == SIMILAR
    assert found[(initial, jane)].reason == INITIAL  # "J." could be Jane as well
    assert (john, jane) not in found
    assert all(elsewhere not in ids for ids in found)
    assert found[(john, same)].score == 80
    assert found[(john, swapped)].score == 75
    assert found[(john, initial)].score == 70
    assert found[(john, typo)].score == 65


def test_same_name_without_a_company_only_in_small_groups(services: Services) -> None:
    pair = [person(services, "Maria", "Garcia") for _ in range(2)]
    crowd = [person(services, "Luis", "Fernandes") for _ in range(4)]
    person(services, "Maria", "Garcia", services.companies.find_or_create("Acme"))
    found = pairs_by_ids(finder(services).find())
    assert set(found) == {tuple(pair)}
    assert found[tuple(pair)].reason == NAME_ONLY  # type: ignore[index]
    assert found[tuple(pair)].score == 50  # type: ignore[index]
    assert all(c not in ids for ids in found for c in crowd)


def test_several_reasons_raise_the_score_and_the_strongest_comes_first(
    services: Services,
) -> None:
    acme = services.companies.find_or_create("Acme")
    a = person(services, "Ann", "Lee", acme, ("ann@example.com",), ("+1 555 123 4567",))
    b = person(services, "Ann", "Lee", acme, ("ann@example.com",), ("(555) 123-4567",))
    c = person(services, "Cy", "Young", emails=("cy@example.com",))
    d = person(services, "Dee", "Young", emails=("cy@example.com",))
    found = finder(services).find()
    assert [pair.ids for pair in found] == [(a, b), (c, d)]
    assert found[0].reasons == (EMAIL, PHONE, SAME_NAME)
    assert found[0].score == 100
    assert found[1].score == 95


def test_trashed_contacts_are_left_out(services: Services) -> None:
    a = person(services, "Ann", "Lee", emails=("ann@example.com",))
    b = person(services, "Anne", "Lee", emails=("ann@example.com",))
    services.contacts.trash([b])
    assert finder(services).find() == []
    services.contacts.restore([b])
    assert [pair.ids for pair in finder(services).find()] == [(a, b)]


def test_not_duplicates_are_remembered_in_the_data_folder(
    services: Services, store: paths.DataPaths
) -> None:
    a = person(services, "Ann", "Lee", emails=("ann@example.com",))
    b = person(services, "Anne", "Lee", emails=("ann@example.com",))
    c = person(services, "Annie", "Lee", emails=("ann@example.com",))
    uid = {cid: services.contacts.get(cid).uid for cid in (a, b, c)}
    finder(services).mark_not_duplicates(uid[a], uid[b])
    assert (store.root / NOT_DUPLICATES_FILE).exists()
    fresh = finder(services)  # another finder, as after a restart, reads the file
    assert {pair.ids for pair in fresh.find()} == {(a, c), (b, c)}
    fresh.unmark_not_duplicates(uid[b], uid[a])
    assert {pair.ids for pair in fresh.find()} == {(a, b), (a, c), (b, c)}


def test_a_damaged_not_duplicates_file_is_read_as_empty(
    services: Services, store: paths.DataPaths
) -> None:
    a = person(services, "Ann", "Lee", emails=("ann@example.com",))
    b = person(services, "Anne", "Lee", emails=("ann@example.com",))
    (store.root / NOT_DUPLICATES_FILE).write_text("{not json", encoding="utf-8")
    assert [pair.ids for pair in finder(services).find()] == [(a, b)]
    finder(services).mark_not_duplicates(services.contacts.get(a).uid, services.contacts.get(b).uid)
    assert finder(services).find() == []


def test_progress_is_reported_and_cancel_stops_the_search(services: Services) -> None:
    person(services, "Ann", "Lee", emails=("ann@example.com",))
    person(services, "Anne", "Lee", emails=("ann@example.com",))
    heard: list[tuple[int, int]] = []
    finder(services).find(progress=lambda done, total: heard.append((done, total)))
    assert heard[0] == (0, 4) and heard[-1] == (4, 4)
    asked: list[int] = []

    def cancel_after_two() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Cancelled, match="cancelled"):
        finder(services).find(cancelled=cancel_after_two)


def test_thousands_in_one_company_are_blocked_not_compared_pairwise(services: Services) -> None:
    """3,000 people at one firm: 4.5 million pairs if compared each with each (over a minute
    of edit distances in Python); blocked by last and first name it takes well under a
    second."""
    demo.generate(3000, seed=5, clock=services.clock)
    firm = services.companies.find_or_create("Everyone Inc")
    Contact.update(company=firm).execute()
    started = time.perf_counter()
    found = finder(services).find()
    elapsed = time.perf_counter() - started
    assert elapsed < 3.0, f"find took {elapsed:.1f} s"
    same_firm = [p for p in found if p.reason in (SAME_NAME, SWAPPED, INITIAL, SIMILAR)]
    assert same_firm, "people sharing a name at one firm are found"
    assert len(found) < 50_000


@pytest.mark.parametrize(
    ("a", "b", "bound", "expected"),
    [
        ("john", "jon", 1, True),
        ("john", "jhon", 1, True),  # two letters swapped: one slip
        ("john", "joan", 1, True),
        ("john", "jane", 1, False),
        ("smith", "smyth", 1, True),
        ("katherine", "catherine", 2, True),
        ("katherine", "kathryn", 2, False),
        ("", "a", 0, False),
        ("same", "same", 0, True),
    ],
)
def test_edit_distance_with_a_bound(a: str, b: str, bound: int, expected: bool) -> None:
    assert similar(a, b, bound) is expected
