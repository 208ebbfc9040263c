"""An address's label goes where its address goes: saved with it, cleared without it, taken from
a file only with the file's address, kept by a merge from the side whose address is kept, and put
back by undoing an import."""

from __future__ import annotations

from typing import Any

import pytest

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.imported import ImportedContact
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.merge import MergeService
from crm_desktop.domain.services import Services


def run(services: Services, mode: str, **fields: Any) -> ImportReport:
    record = ImportedContact(
        2, first_name="Ann", last_name="Lee", emails=[("work", "ann@example.com")], **fields
    )
    return ImportService(services.clock, services.actor_id).run(
        [record], file_name="people.csv", source="test", options=ImportOptions(mode=mode)
    )


def stored(services: Services, address: str = "", label: str = "") -> int:
    fields = ContactFields(
        first_name="Ann",
        last_name="Lee",
        emails=[("work", "ann@example.com")],
        address=address,
        address_label=label,
    )
    return services.contacts.create(fields).id


def address_of(services: Services, contact_id: int) -> tuple[str, str]:
    detail = services.contacts.get(contact_id)
    return detail.address, detail.address_label


def test_the_label_is_saved_with_the_address_and_only_with_one(services: Services) -> None:
    ann = stored(services, "1 Main St", "  summer   house ")
    assert address_of(services, ann) == ("1 Main St", "summer house")
    bare = services.contacts.create(ContactFields(first_name="Bo", address_label="home")).id
    assert address_of(services, bare) == ("", "")  # a label of no address is no label


def test_a_new_contact_comes_in_with_its_label(services: Services) -> None:
    report = run(services, "create", address="1 Main St", address_label="home")
    (contact,) = services.contacts.page()
    assert report.created == 1
    assert address_of(services, contact.id) == ("1 Main St", "home")


@pytest.mark.parametrize(
    ("mode", "stored_as", "file", "expected"),
    [
        # Filling gaps: the same address gains the file's label; a labelled one keeps its own.
        ("create", ("1 Main St", ""), ("1 Main St", "home"), ("1 Main St", "home")),
        ("create", ("1 Main St", "work"), ("1 Main St", "home"), ("1 Main St", "work")),
        # ... and another address in the file labels nothing of the stored one.
        ("create", ("1 Main St", ""), ("9 Other Rd", "home"), ("1 Main St", "")),
        # Updating: the file's address comes with its label, or with none if it has none.
        ("upsert", ("1 Main St", "work"), ("9 Other Rd", "home"), ("9 Other Rd", "home")),
        ("upsert", ("1 Main St", "work"), ("9 Other Rd", ""), ("9 Other Rd", "")),
        ("upsert", ("1 Main St", "work"), ("1 Main St", "home"), ("1 Main St", "home")),
        ("upsert", ("1 Main St", "work"), ("1 Main St", ""), ("1 Main St", "work")),
        ("upsert", ("1 Main St", "work"), ("", "home"), ("1 Main St", "work")),
        # A gap filled with the file's address takes its label.
        ("create", ("", ""), ("9 Other Rd", "home"), ("9 Other Rd", "home")),
    ],
)
def test_a_matched_contact_takes_the_label_with_the_address(
    services: Services,
    mode: str,
    stored_as: tuple[str, str],
    file: tuple[str, str],
    expected: tuple[str, str],
) -> None:
    ann = stored(services, *stored_as)
    run(services, mode, address=file[0], address_label=file[1])
    assert address_of(services, ann) == expected


def test_undoing_an_import_puts_the_label_back(services: Services) -> None:
    ann = stored(services, "1 Main St", "work")
    report = run(services, "upsert", address="9 Other Rd", address_label="home")
    assert address_of(services, ann) == ("9 Other Rd", "home")
    ImportService(services.clock, services.actor_id).revert(report.batch_id)
    assert address_of(services, ann) == ("1 Main St", "work")


@pytest.mark.parametrize(("side", "expected"), [("keep", "work"), ("drop", "home")])
def test_a_merge_keeps_the_label_of_the_address_it_keeps(
    services: Services, side: str, expected: str
) -> None:
    keep = stored(services, "1 Main St", "work")
    home = ContactFields(first_name="Ann", last_name="Lee", address="9 Home Lane")
    home.address_label = "home"
    drop = services.contacts.create(home).id
    merges = MergeService(services.clock, services.actor_id)
    assert merges.side(drop).shown["address"] == "9 Home Lane (home)"  # as the review shows it
    result = merges.merge(keep, drop, {"address": side})  # type: ignore[dict-item]
    address = "1 Main St" if side == "keep" else "9 Home Lane"
    assert address_of(services, keep) == (address, expected)
    merges.unmerge(result)
    assert address_of(services, keep) == ("1 Main St", "work")
    assert address_of(services, drop) == ("9 Home Lane", "home")
