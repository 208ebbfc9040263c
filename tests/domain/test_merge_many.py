"""Merging every pair found by e-mail in one go (``domain.merge_many``), and taking it back."""

from __future__ import annotations

import sqlite3

import pytest

from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.merge import MergeResult, MergeService
from crm_desktop.domain.merge_many import (
    by_email,
    merge_again,
    merge_all,
    same_name,
    unmerge_all,
)
from crm_desktop.domain.services import Services
from tests.domain.test_duplicates import finder, person


def merges(services: Services) -> MergeService:
    return MergeService(services.clock, services.actor_id)


def living(services: Services) -> list[str]:
    return sorted(row.display_name for row in services.contacts.page(limit=100))


def test_pairs_by_email_are_merged_into_the_contact_added_first(services: Services) -> None:
    ann = person(services, "Ann", "Lee", emails=("ann@example.com",))
    annie = person(services, "Annie", "Lee", emails=("ANN@example.com", "annie@home.example"))
    person(services, "Bob", "Stone", phones=("+1 555 123 4567",))
    person(services, "Robert", "Stone", phones=("(555) 123-4567",))  # a phone: not taken
    services.interactions.log(annie, InteractionFields(kind="call", subject="Annie's call"))
    pairs = finder(services).find()
    assert len(pairs) == 2 and len(by_email(pairs)) == 1

    done = merge_all(merges(services), pairs)

    assert [(r.keep_id, r.drop_id) for r in done.results] == [(ann, annie)]
    assert done.left_for_review == 0 and not done.cancelled and done.error is None
    assert living(services) == ["Ann Lee", "Bob Stone", "Robert Stone"]
    kept = services.contacts.get(ann)
    assert [e for _, e in kept.emails] == ["ann@example.com", "annie@home.example"]
    assert [i.subject for i in services.interactions.for_contact(ann)] == ["Annie's call"]
    assert done.summary() == "Merged 1 pair found by e-mail."


def test_a_chain_of_pairs_ends_as_one_contact(services: Services) -> None:
    a = person(services, "Ann", "Lee", emails=("ann@example.com",))
    person(services, "Ann", "Lee", emails=("ann@example.com", "lee@work.example"))
    person(services, "A.", "Lee", emails=("lee@work.example",))
    done = merge_all(merges(services), finder(services).find())
    assert {r.keep_id for r in done.results} == {a}
    assert len(done.results) == 2
    assert living(services) == ["Ann Lee"]


def test_colleagues_on_one_address_are_left_for_the_review(services: Services) -> None:
    person(services, "Ann", "Lee", emails=("info@shop.example",))
    person(services, "Bob", "Stone", emails=("info@shop.example",))
    person(services, "Ann", "", emails=("info@shop.example",))  # a partial name may be her
    done = merge_all(merges(services), finder(services).find())
    assert len(done.results) == 1
    assert done.left_for_review >= 1
    assert living(services) == ["Ann Lee", "Bob Stone"]
    assert "left for you to review" in done.summary()


def test_cancel_keeps_the_merges_done_and_progress_counts_them(services: Services) -> None:
    for n in range(4):
        person(services, f"P{n}", "One", emails=(f"p{n}@example.com",))
        person(services, f"P{n}", "Two", emails=(f"P{n}@example.com",))
    pairs = finder(services).find()
    seen: list[tuple[int, int]] = []
    asked: list[bool] = []

    def progress(done: int, of: int) -> None:
        seen.append((done, of))

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2  # Cancel pressed during the third merge

    done = merge_all(merges(services), pairs, progress, cancelled)
    assert done.cancelled and len(done.results) == 2
    assert seen == [(1, 4), (2, 4)]
    assert len(living(services)) == 6  # the two merges done stay
    assert "before it was cancelled" in done.summary()


def test_a_run_is_taken_back_whole_and_done_again(services: Services) -> None:
    ann = person(services, "Ann", "Lee", emails=("ann@example.com",))
    annie = person(services, "Annie", "Lee", emails=("ann@example.com",))
    bo = person(services, "Bo", "Chen", emails=("bo@example.com",))
    bob = person(services, "Bo", "Chen", emails=("bo@example.com",), phones=("+44 20 7946 0958",))
    service = merges(services)
    done = merge_all(service, finder(services).find())
    assert len(done.results) == 2 and len(living(services)) == 2

    change, refused = unmerge_all(service, done.results)
    assert refused == []
    assert change.action == "unmerged" and set(change.ids) == {ann, annie, bo, bob}
    assert living(services) == ["Ann Lee", "Annie Lee", "Bo Chen", "Bo Chen"]
    assert [p for _, p in services.contacts.get(bo).phones] == []
    assert [p for _, p in services.contacts.get(bob).phones] == ["+44 20 7946 0958"]

    again, refused = merge_again(service, done.results)
    assert refused == [] and [(r.keep_id, r.drop_id) for r in again] == [
        (r.keep_id, r.drop_id) for r in done.results
    ]
    assert living(services) == ["Ann Lee", "Bo Chen"]
    assert [p for _, p in services.contacts.get(bo).phones] == ["+44 20 7946 0958"]


def test_a_contact_trashed_since_the_search_is_left_for_the_review(services: Services) -> None:
    person(services, "Ann", "Lee", emails=("ann@example.com",))
    annie = person(services, "Annie", "Lee", emails=("ann@example.com",))
    pairs = finder(services).find()
    services.contacts.trash([annie])
    done = merge_all(merges(services), pairs)
    assert done.results == () and done.left_for_review == 1


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        (("ann", "lee"), ("anne", "lee"), True),  # one the start of the other
        (("ann", ""), ("ann", "lee"), True),
        (("", "lee"), ("ann", "lee"), True),  # no first name: the last names decide
        (("", ""), ("bob", "stone"), True),  # no name at all: a bare e-mail
        (("lee", "ann"), ("ann", "lee"), True),  # written the other way round
        (("ann", "smith"), ("john", "smith"), False),  # a couple's shared address
        (("bob", "smith"), ("robert", "smith"), False),  # maybe one man: for the review
        (("ann", ""), ("bob", "stone"), False),
        (("", "lee"), ("", "stone"), False),
        (("lee", ""), ("ann", "lee"), False),  # a first name "Lee" is not her last name
    ],
)
def test_which_names_are_merged_unreviewed(
    one: tuple[str, str], other: tuple[str, str], same: bool
) -> None:
    assert same_name(one, other) is same
    assert same_name(other, one) is same


def test_a_nameless_contact_between_two_people_is_left_for_the_review(
    services: Services,
) -> None:
    person(services, "Ann", "Lee", emails=("info@shop.example",))
    person(services, "Bob", "Stone", emails=("info@shop.example",))
    person(services, "", "", emails=("info@shop.example",))  # could be either of them
    pairs = finder(services).find()
    assert by_email(pairs) == []
    done = merge_all(merges(services), pairs)
    assert done.results == () and done.left_for_review == 3
    assert len(living(services)) == 3
    alone = person(services, "", "", emails=("cy@example.com",))  # a bare address, one person
    person(services, "Cy", "Diaz", emails=("cy@example.com",))
    done = merge_all(merges(services), finder(services).find())
    assert [r.drop_id for r in done.results] == [alone + 1]  # into the one added first


def test_a_couple_sharing_an_address_is_left_for_the_review(services: Services) -> None:
    person(services, "Ann", "Smith", emails=("smiths@home.example",))
    person(services, "John", "Smith", emails=("smiths@home.example",))
    pairs = finder(services).find()
    assert len(pairs) == 1 and by_email(pairs) == []  # not counted on the button
    done = merge_all(merges(services), pairs)
    assert done.results == () and done.left_for_review == 1


def test_a_failure_stops_the_run_and_keeps_the_merges_before_it(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        person(services, f"P{n}", "One", emails=(f"p{n}@example.com",))
        person(services, f"P{n}", "Two", emails=(f"P{n}@example.com",))
    service = merges(services)
    real = service.merge
    calls: list[int] = []

    def failing(keep: int, drop: int) -> MergeResult:
        calls.append(keep)
        if len(calls) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        return real(keep, drop)

    monkeypatch.setattr(service, "merge", failing)
    done = merge_all(service, finder(services).find())
    assert isinstance(done.error, sqlite3.OperationalError)
    assert len(done.results) == 1 and len(living(services)) == 5
    assert unmerge_all(service, done.results)[1] == []
    assert len(living(services)) == 6
