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
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    assert run("import", str(source), "--data-dir", first).code == 0
    google = tmp_path / "google.csv"
    assert run("--data-dir", first, "export", "--format", "csv", "--layout", "google",
               str(google)).code == 0  # fmt: skip
    assert run("import", str(google), "--data-dir", second).code == 0
    again = tmp_path / "again.csv"
    assert run("--data-dir", second, "export", "--format", "csv", str(again)).code == 0
    with again.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    ann, bo = rows["Ann Lee"], rows["Bo Berg"]
    assert (ann["Lifecycle"], ann["Source"], ann["Notes"]) == ("customer", "fair", "Likes tea")
    assert ann["Phones"] == "home: +1 555 0100; work: +1 555 0101"  # the first stays primary
    assert (bo["Lifecycle"], bo["Notes"]) == ("prospect", "")
