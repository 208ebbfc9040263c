"""Our Google and Outlook layouts read back by our own importer: what the writers put in which
column comes back as the same field, through the readers and through the CLI and the store."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crm_desktop.domain.exports import ExportContact
from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import (
    OUR_CONTACT_COLUMNS,
    csv_writer,
    detect_preset,
    read_table,
    records,
)
from tests.cli_run import no_leaks, run  # noqa: F401  (no_leaks: a fixture)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("no_leaks")  # for the tests through the CLI


def person(**changes: object) -> ExportContact:
    base = ExportContact(
        id=1,
        uid="0123456789abcdef0123456789abcdef",
        first_name="Ann",
        last_name="Lee",
        display_name="Ann Lee",
        title="Buyer",
        company="Acme",
        website="",
        emails=(("work", "ann@acme.example"),),
        phones=(("mobile", "+44 7700 900123"),),
        address="",
        birthday=date(1985, 4, 15),
        preferred_channel="phone",
        do_not_contact=True,
        source="fair",
        lifecycle="customer",
        owner="Sam",
        referred_by="",
        personal_notes="Likes tea",
        preferences="",
        stay_in_touch_days=None,
        tags=("VIP",),
        updated_at=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def read_back(tmp_path: Path, layout: csv_writer.Layout, *people: ExportContact) -> list[object]:
    path = tmp_path / f"{layout}.csv"
    path.write_text("".join(csv_writer.csv_pieces([list(people)], layout)), encoding="utf-8-sig")
    table = read_table(path)
    preset = detect_preset(table.header)
    assert preset.key == layout
    return list(records(table, preset))


def round_trip(tmp_path: Path, source: Path, layout: str) -> list[dict[str, str]]:
    """``source`` imported, exported in ``layout``, that imported into an empty data folder,
    and exported again in our own layout: its rows."""
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    assert run("import", str(source), "--data-dir", first).code == 0
    exported = tmp_path / f"{layout}.csv"
    assert run("--data-dir", first, "export", "--format", "csv", "--layout", layout,
               str(exported)).code == 0  # fmt: skip
    assert run("import", str(exported), "--data-dir", second).code == 0
    again = tmp_path / "again.csv"
    assert run("--data-dir", second, "export", "--format", "csv", str(again)).code == 0
    with again.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_our_google_layout_brings_back_lifecycle_owner_and_the_rest(tmp_path: Path) -> None:
    (ann,) = read_back(tmp_path, "google", person())
    assert isinstance(ann, ImportedContact)
    assert (ann.lifecycle, ann.owner, ann.source) == ("customer", "Sam", "fair")
    assert (ann.do_not_contact, ann.preferred_channel) == (True, "phone")
    assert ann.notes == "Likes tea"  # and no "Lifecycle: customer" lines
    assert (ann.emails, ann.phones, ann.tags) == (
        [("work", "ann@acme.example")], [("mobile", "+44 7700 900123")], ["VIP"]
    )  # fmt: skip


def test_a_google_export_imported_into_an_empty_folder(tmp_path: Path) -> None:
    source = tmp_path / "ours.csv"
    rows = [
        {"Name": "Ann Lee", "Emails": "work: ann@acme.example", "Lifecycle": "customer",
         "Phones": "home: +1 555 0100; work: +1 555 0101", "Source": "fair",
         "Notes": "Likes tea", "Tags": "VIP"},
        {"Name": "Bo Berg", "Emails": "bo@berg.example", "Lifecycle": "prospect"},
    ]  # fmt: skip
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, OUR_CONTACT_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    back = {row["Name"]: row for row in round_trip(tmp_path, source, "google")}
    ann, bo = back["Ann Lee"], back["Bo Berg"]
    assert (ann["Lifecycle"], ann["Source"], ann["Notes"]) == ("customer", "fair", "Likes tea")
    assert ann["Phones"] == "home: +1 555 0100; work: +1 555 0101"  # the first stays primary
    assert (bo["Lifecycle"], bo["Notes"]) == ("prospect", "")


def outlook(contact: ExportContact) -> dict[str, str]:
    row = csv_writer.outlook_row(contact)
    return {name: value for name, value in zip(csv_writer.OUTLOOK_COLUMNS, row, strict=True)}


def test_outlook_faxes_go_to_their_fax_columns_and_come_back_as_faxes(tmp_path: Path) -> None:
    phones = (
        ("work", "+1 555 0100"), ("work fax", "+1 555 0101"), ("home fax", "+1 555 0102"),
        ("fax", "+1 555 0103"), ("main", "+1 555 0104"), ("Cell", "+1 555 0105"),
        ("Bureau Lyon", "+1 555 0106"),
    )  # fmt: skip
    ann = person(phones=phones)
    row = outlook(ann)
    assert (row["Business Fax"], row["Home Fax"], row["Other Fax"]) == (
        "+1 555 0101", "+1 555 0102", "+1 555 0103"
    )  # fmt: skip
    assert (row["Company Main Phone"], row["Mobile Phone"], row["Other Phone"]) == (
        "+1 555 0104", "+1 555 0105", "+1 555 0106"
    )  # fmt: skip
    (back,) = read_back(tmp_path, "outlook", ann)
    assert isinstance(back, ImportedContact)
    assert sorted(back.phones) == sorted(
        [("work", "+1 555 0100"), ("work fax", "+1 555 0101"), ("home fax", "+1 555 0102"),
         ("fax", "+1 555 0103"), ("main", "+1 555 0104"), ("mobile", "+1 555 0105"),
         ("other", "+1 555 0106")]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("address", "parts"),
    [
        ("12 rue de la Paix\nBât. B\n75002 Paris\nFrance",
         ("12 rue de la Paix\nBât. B", "Paris", "", "75002", "France")),
        ("1 Main St\nSuite 200\nBoston, MA 02110\nUnited States",
         ("1 Main St\nSuite 200", "Boston", "MA", "02110", "United States")),
        ("Kerkstraat 1\n1012 AB Amsterdam\nNetherlands",
         ("Kerkstraat 1", "Amsterdam", "", "1012 AB", "Netherlands")),
        ("Austin, TX 73301", ("", "Austin", "TX", "73301", "")),
    ],
)  # fmt: skip
def test_outlook_gets_an_address_in_its_parts(
    tmp_path: Path, address: str, parts: tuple[str, ...]
) -> None:
    row = outlook(person(address=address))
    columns = ("Street", "City", "State", "Postal Code", "Country/Region")
    assert tuple(row[f"Business {column}"] for column in columns) == parts
    assert not row["Home Street"]
    (back,) = read_back(tmp_path, "outlook", person(address=address))
    assert isinstance(back, ImportedContact) and back.address == address


@pytest.mark.parametrize(
    "address",
    [
        "10 Downing St\nLondon\nSW1A 2AA\nUnited Kingdom",  # no shape we write
        "1600 Pennsylvania Avenue",  # a street with a number, no place
        "Suite 2\n1234 Main Street",
        "Hauptstraße 5\n50667 Köln",  # "50667 Köln" could be a street: no country after it
    ],
)
def test_outlook_gets_an_address_it_cannot_split_whole_in_the_street(
    tmp_path: Path, address: str
) -> None:
    row = outlook(person(address=address, company=""))
    assert row["Home Street"] == address
    assert not (row["Home City"] or row["Home Postal Code"] or row["Home Country/Region"])
    (back,) = read_back(tmp_path, "outlook", person(address=address))
    assert isinstance(back, ImportedContact) and back.address == address


def test_an_outlook_export_imported_into_an_empty_folder(tmp_path: Path) -> None:
    source = tmp_path / "ours.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, OUR_CONTACT_COLUMNS, restval="")
        writer.writeheader()
        writer.writerow(
            {"Name": "Ann Lee", "Company": "Acme", "Emails": "ann@acme.example",
             "Phones": "work: +1 555 0100; work fax: +1 555 0101; home fax: +1 555 0102",
             "Address": "1 Main St\nBoston, MA 02110\nUnited States"}
        )  # fmt: skip
    (ann,) = round_trip(tmp_path, source, "outlook")
    assert ann["Phones"] == "work: +1 555 0100; work fax: +1 555 0101; home fax: +1 555 0102"
    assert ann["Address"] == "1 Main St\nBoston, MA 02110\nUnited States"
