"""An address keeps its label (home, work, other, or the user's own word) through every reader
and every writer, as e-mails and phones do; an address stored before labels were kept is
written as work for someone at a company, else home."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import csv_writer, detect_preset, read_table, records, vcard_writer
from crm_desktop.interchange.vcard_reader import read_vcards
from tests.interchange.test_writers import person

LABELS = ["home", "work", "other", "Summer house"]


def people(address_labels: list[str]) -> list:
    return [
        person(id=n, uid=f"{n:032x}", last_name=f"Lee {n}", address_label=label)
        for n, label in enumerate(address_labels, start=1)
    ]


def read_back(path: Path) -> list[ImportedContact]:
    if path.suffix == ".vcf":
        return read_vcards(path)
    table = read_table(path)
    found = list(records(table, detect_preset(table.header)))
    assert all(isinstance(r, ImportedContact) for r in found)
    return found  # type: ignore[return-value]


@pytest.mark.parametrize("version", vcard_writer.VERSIONS)
def test_vcards_carry_every_label(tmp_path: Path, version: str) -> None:
    path = tmp_path / "people.vcf"
    vcard_writer.write_vcards(path, [people(LABELS)], version=version)
    text = path.read_text("utf-8")
    assert ("ADR;TYPE=HOME:" if version == "3.0" else "ADR;TYPE=home:") in text
    assert "X-ABLabel:Summer house" in text  # a word of the user's own, as Apple writes one
    back = read_back(path)
    assert [(r.address_label, r.address) for r in back] == [
        (label, "Main St 1\n00100 Helsinki") for label in LABELS
    ]


@pytest.mark.parametrize("layout", ["ours", "excel"])
def test_our_csv_has_a_column_for_it(tmp_path: Path, layout: csv_writer.Layout) -> None:
    path = tmp_path / "people.csv"
    csv_writer.write_csv(path, [people(LABELS)], layout=layout, most=(2, 2), total=4)
    assert [r.address_label for r in read_back(path)] == LABELS


def test_google_layout_labels_it(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    csv_writer.write_csv(path, [people(LABELS)], layout="google", most=(2, 2), total=4)
    table = read_table(path)
    column = table.header.index("Address 1 - Label")
    assert [row.values[column] for row in table.rows] == ["Home", "Work", "Other", "Summer house"]
    assert [r.address_label for r in read_back(path)] == ["home", "work", "other", "Summer house"]


def test_outlook_layout_puts_it_in_home_business_or_other_columns(tmp_path: Path) -> None:
    path = tmp_path / "outlook.csv"
    csv_writer.write_csv(path, [people(["home", "work", "other"])], layout="outlook", total=3)
    table = read_table(path)
    street = {where: table.header.index(f"{where} Street") for where in ("Home", "Business")}
    street["Other"] = table.header.index("Other Street")
    filled = [[where for where, i in street.items() if row.values[i]] for row in table.rows]
    assert filled == [["Home"], ["Business"], ["Other"]]
    assert [r.address_label for r in read_back(path)] == ["home", "work", "other"]


@pytest.mark.parametrize(
    ("company", "expected"), [("Café \\ Co", ("work", "WORK")), ("", ("home", "HOME"))]
)
def test_an_address_stored_without_a_label_is_written_as_before(
    tmp_path: Path, company: str, expected: tuple[str, str]
) -> None:
    contact = replace(person(), company=company, address_label="")
    card = vcard_writer.card(contact, "3.0")
    assert f"ADR;TYPE={expected[1]}:" in card
    path = tmp_path / "google.csv"
    csv_writer.write_csv(path, [[contact]], layout="google", total=1)
    assert [r.address_label for r in read_back(path)] == [expected[0]]


def test_other_programs_labels_are_read(tmp_path: Path) -> None:
    google = tmp_path / "google.csv"
    google.write_text(
        "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Address 1 - Label,"
        "Address 1 - Formatted,Address 2 - Label,Address 2 - Formatted\r\n"
        "Ann,Lee,* Home,ann@x.example,Home,1 Main St,Work,2 Office Rd\r\n",
        encoding="utf-8",
    )
    (ann,) = read_back(google)
    assert (ann.address_label, ann.address) == ("home", "1 Main St")
    assert "Address (work): 2 Office Rd" in ann.notes

    outlook = tmp_path / "outlook.csv"
    outlook.write_text(
        "First Name,Last Name,E-mail Address,Business Street,Business City,Home Street\r\n"
        "Bo,Chen,bo@x.example,,,9 Home Lane\r\n",
        encoding="utf-8",
    )
    (bo,) = read_back(outlook)
    assert (bo.address_label, bo.address) == ("home", "9 Home Lane")

    cards = tmp_path / "apple.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Diaz;Eva;;;\r\nFN:Eva Diaz\r\n"
        "item1.ADR;type=pref:;;Beach Rd 4;Cádiz;;11001;Spain\r\n"
        "item1.X-ABLabel:_$!<Other>!$_\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    (eva,) = read_back(cards)
    assert eva.address_label == "other" and eva.address.startswith("Beach Rd 4")
