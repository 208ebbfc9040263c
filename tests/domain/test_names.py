"""How a person's name is written: given name first, or family name first for Chinese,
Japanese and Korean names (a vCard's FN and every address book show them so)."""

from __future__ import annotations

import pytest

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.imported import ImportedContact
from crm_desktop.domain.importing import ImportOptions, ImportService
from crm_desktop.domain.normalize import full_name
from crm_desktop.domain.services import Services


@pytest.mark.parametrize(
    ("first", "last", "written"),
    [
        ("Ann", "Lee", "Ann Lee"),
        ("太郎", "山田", "山田 太郎"),  # Japanese: kanji
        ("たろう", "やまだ", "やまだ たろう"),  # kana
        ("민준", "김", "김 민준"),  # Korean
        ("小明", "王", "王 小明"),  # Chinese
        ("Taro", "山田", "Taro 山田"),  # mixed: as written in the West
        ("Ann", "", "Ann"),
        ("", "山田", "山田"),
        ("  Ann ", " Lee ", "Ann Lee"),
    ],
)
def test_full_name(first: str, last: str, written: str) -> None:
    assert full_name(first, last) == written


def test_contacts_made_by_hand_and_by_an_import_are_shown_alike(services: Services) -> None:
    made = services.contacts.create(ContactFields(first_name="太郎", last_name="山田"))
    assert services.contacts.get(made.id).display_name == "山田 太郎"
    ImportService(services.clock, services.actor_id).run(
        [ImportedContact(2, first_name="민준", last_name="김", emails=[("", "mj@example.kr")])],
        file_name="people.csv",
        source="test",
        options=ImportOptions(),
    )
    assert {row.display_name for row in services.contacts.page()} == {"山田 太郎", "김 민준"}


def test_a_companys_own_line_is_shown_by_the_companys_name(services: Services) -> None:
    service = ImportService(services.clock, services.actor_id)

    def run(*records: ImportedContact) -> None:
        service.run(records, file_name="x.csv", source="test", options=ImportOptions("upsert"))

    run(ImportedContact(2, company="Acme Ltd", phones=[("work", "020 7946 0000")]))
    assert [row.display_name for row in services.contacts.page()] == ["Acme Ltd"]
    run(ImportedContact(2, phones=[("work", "020 7946 0000"), ("fax", "020 7946 0001")]))
    assert [row.display_name for row in services.contacts.page()] == ["Acme Ltd"]  # kept
    run(ImportedContact(2, phones=[("work", "020 7946 0000")], emails=[("", "hi@acme.example")]))
    assert [row.display_name for row in services.contacts.page()] == ["Acme Ltd"]  # an address


def test_a_company_line_with_an_email_is_shown_by_the_companys_name(services: Services) -> None:
    service = ImportService(services.clock, services.actor_id)
    for _ in range(2):  # imported again: still the company's name
        service.run(
            [ImportedContact(2, company="Blue Bottle", emails=[("work", "hi@bb.example")])],
            file_name="x.vcf",
            source="test",
            options=ImportOptions(),
        )
        assert [row.display_name for row in services.contacts.page()] == ["Blue Bottle"]
    service.run(  # an address first, its company later
        [ImportedContact(3, emails=[("", "ann@example.org")])],
        file_name="y.csv",
        source="test",
        options=ImportOptions(),
    )
    service.run(
        [ImportedContact(3, company="Globex", emails=[("", "ann@example.org")])],
        file_name="y.csv",
        source="test",
        options=ImportOptions("upsert"),
    )
    shown = sorted(row.display_name for row in services.contacts.page())
    assert shown == ["Blue Bottle", "Globex"]
