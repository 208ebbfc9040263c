"""Every CSV in shared/testdata/import/csv (Google, Outlook, Thunderbird layouts, a bare e-mail
list, a file of every column) read as its ``NAME.expected.vcf`` says it should be: that card,
read by our own vCard reader, is the statement of which value each column holds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import detect_preset, read_table, read_vcards, records

CSVS = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "import" / "csv"
pytestmark = pytest.mark.skipif(
    not CSVS.is_dir(), reason="shared/testdata/import/csv is not here (it is not in the repo)"
)
NAMES = ["all", "email", "gmail", "outlook", "tb_plain"]


def read(name: str) -> tuple[str, list[ImportedContact]]:
    table = read_table(CSVS / f"{name}.csv")
    preset = detect_preset(table.header)
    found = list(records(table, preset))
    assert all(isinstance(r, ImportedContact) for r in found)
    return preset.key, found  # type: ignore[return-value]


def expected_notes(name: str) -> list[str]:
    text = (CSVS / f"{name}.expected.vcf").read_text(encoding="utf-8")
    return [
        value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
        for value in re.findall(r"^NOTE:(.*)$", text, flags=re.MULTILINE)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_csv_holds_what_its_expected_card_says(name: str) -> None:
    _, found = read(name)
    expected = read_vcards(CSVS / f"{name}.expected.vcf")
    assert len(found) == len(expected)
    for ours, card in zip(found, expected, strict=True):
        assert ours.problems == []
        assert (ours.first_name, ours.last_name) == (card.first_name, card.last_name)
        assert [v for _, v in ours.emails] == [v for _, v in card.emails]
        assert [v for _, v in ours.phones] == [v for _, v in card.phones]
        assert (ours.company, ours.title) == (card.company, card.title)
        assert ours.birthday == card.birthday
        assert set(card.tags) - {"My Contacts"} == set(ours.tags)
        street = card.address.split("\n")[0]
        assert street in ours.address
        if card.website:
            assert card.website == ours.website
    for note in expected_notes(name):
        assert note in found[0].notes


def test_presets_recognised() -> None:
    assert read("gmail")[0] == "google_legacy"
    assert read("outlook")[0] == "outlook"
    assert read("tb_plain")[0] == "thunderbird"
    assert read("email")[0] == "generic"
    assert read("all")[0] == "generic"


def test_gmail_legacy_details() -> None:
    _, (contact,) = read("gmail")
    assert contact.line == 2
    assert contact.full_name == "Prefix Firstname Middle Lastname Suffix"
    assert contact.emails == [
        ("home", "home@aaa.pl"),  # "* Home": the star marks the primary one
        ("work", "work@email.pl"),
        ("", "unknown@email.com"),
        ("other", "other@email.com"),
    ]
    assert contact.phones[0] == ("pager", "pager")
    assert ("home fax", "homefax") in contact.phones
    assert contact.tags == ["Test"]  # "* My Contacts ::: Test": the system group dropped
    assert contact.notes.startswith('note"note\n\n')
    assert "Spouse: spouse" in contact.notes
    assert (
        contact.address == "home_street\nhome_pobox\nhome_city, home_state home_zip\nhome_country"
    )
    assert "Address (work): work_street, work_city work_zip, work_country" in contact.notes


def test_thunderbird_birthday_in_three_columns() -> None:
    _, (contact,) = read("tb_plain")
    assert contact.birthday == date(1970, 11, 15)
    assert contact.full_name == "Displayname"
    assert contact.phones == [
        ("work", "phone work"),
        ("home", "phone home"),
        ("fax", "fax"),
        ("pager", "pager"),
        ("mobile", "mobile"),
    ]
    assert contact.address == "Priv address\nCity, region xx-xxx\nUSA"


def test_every_column_file_with_bom() -> None:
    table = read_table(CSVS / "all.csv")
    assert table.encoding == "utf-8-sig"
    assert table.header[0] == "Display Name"  # no BOM left on the first header
    _, (contact,) = read("all")
    assert contact.full_name == "Display Name"
    assert contact.birthday == date(1991, 1, 20)  # 20/01/1991: the day comes first
    assert contact.emails == [
        ("home", "home@example.com"),
        ("work", "work@example.com"),
        ("other", "other@example.com"),
    ]
    assert ("mobile", "500") in contact.phones and ("car", "900") in contact.phones
    assert "Name prefix: Prefix" in contact.notes  # "Title" beside "Job Title" is a prefix
    assert contact.tags == ["test"]


def test_bare_email_list() -> None:
    _, found = read("email")
    assert [c.emails for c in found] == [[("", f"test{n}@domain.tld")] for n in range(1, 5)]
    assert [c.line for c in found] == [2, 3, 4, 5]
