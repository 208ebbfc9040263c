"""``records(table, mapping)``: what a mapping the user changed in the wizard reads, label
columns paired with the values after them, unknown columns as notes lines, one record per
row and never an exception for one bad row."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import TARGET_FIELDS, detect_preset, read_table, records, target_label
from crm_desktop.interchange.mapping import date_order
from crm_desktop.interchange.steps import plan
from crm_desktop.interchange.table import Table
from crm_desktop.interchange.values import KEPT_IN_NOTES


def table_of(tmp_path: Path, rows: list[list[str]]) -> Table:
    path = tmp_path / "file.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return read_table(path)


def contacts(table: Table, mapping: dict[int, str], **kwargs: object) -> list[ImportedContact]:
    found = list(records(table, mapping, "contact", **kwargs))  # type: ignore[arg-type]
    assert all(isinstance(r, ImportedContact) for r in found)
    return found  # type: ignore[return-value]


def test_a_mapping_the_user_changed(tmp_path: Path) -> None:
    table = table_of(
        tmp_path,
        [
            ["Who", "Mail", "Tel", "Shoe size", "Ignored"],
            ["Ann Lee", "ann@example.com", "+1 555 0100", "38", "x"],
        ],
    )
    (ann,) = contacts(
        table,
        {0: "full_name", 1: "email:work", 2: "phone:mobile", 3: "notes_labeled", 4: "skip"},
    )
    assert ann.full_name == "Ann Lee"
    assert ann.emails == [("work", "ann@example.com")]
    assert ann.phones == [("mobile", "+1 555 0100")]
    assert ann.notes == "Shoe size: 38"


def test_label_columns_label_the_values_after_them(tmp_path: Path) -> None:
    table = table_of(
        tmp_path,
        [
            ["Kind", "Email", "Kind", "Email", "Phone"],
            ["Work", "a@work.com", "Private", "a@home.org", "+1 555 0100"],
            ["", "b@x.com", "Other", "", ""],
        ],
    )
    mapping = {0: "email_label", 1: "email", 2: "email_label", 3: "email", 4: "phone"}
    steps = plan(table.header, mapping).steps
    assert [(s.name, s.group) for s in steps] == [
        ("email_label", "column:0"),
        ("email", "column:0"),
        ("email_label", "column:2"),
        ("email", "column:2"),
        ("phone", "default"),
    ]
    ann, bob = contacts(table, mapping)
    assert ann.emails == [("work", "a@work.com"), ("home", "a@home.org")]
    assert bob.emails == [("", "b@x.com")]
    assert ann.phones == [("", "+1 555 0100")]


def test_address_parts_grouped_by_label(tmp_path: Path) -> None:
    table = table_of(
        tmp_path,
        [
            ["Street", "City", "Zip", "Home street", "Home city"],
            ["1 Main St", "Austin", "73301", "2 Elm St", "Round Rock"],
        ],
    )
    mapping = {0: "street:work", 1: "city:work", 2: "postal_code:work", 3: "street:home",
               4: "city:home"}  # fmt: skip
    (ann,) = contacts(table, mapping)
    assert ann.address == "1 Main St\n73301 Austin"
    assert ann.notes == "Address (home): 2 Elm St, Round Rock"


def test_day_first_from_the_file_or_from_the_caller(tmp_path: Path) -> None:
    table = table_of(tmp_path, [["Name", "Birthday"], ["Ann", "3/4/1980"], ["Bob", "25/12/1990"]])
    ann, bob = contacts(table, {0: "full_name", 1: "birthday"})
    assert (ann.birthday, bob.birthday) == (date(1980, 4, 3), date(1990, 12, 25))
    table = table_of(tmp_path, [["Name", "Birthday"], ["Ann", "3/4/1980"]])
    (us,) = contacts(table, {0: "full_name", 1: "birthday"})
    (eu,) = contacts(table, {0: "full_name", 1: "birthday"}, day_first=True)
    assert (us.birthday, eu.birthday) == (date(1980, 3, 4), date(1980, 4, 3))


def test_the_date_that_tells_the_order_may_come_late_in_the_file(tmp_path: Path) -> None:
    rows = [["Name", "Birthday"], *[[f"P{n}", "01/02/1980"] for n in range(600)]]
    rows.append(["Late", "25/12/1980"])  # row 601: the first date that fits one way only
    people = contacts(table_of(tmp_path, rows), {0: "full_name", 1: "birthday"})
    assert people[0].birthday == date(1980, 2, 1)  # 1 February, as the file means it
    assert people[-1].birthday == date(1980, 12, 25)


def test_birthday_in_parts(tmp_path: Path) -> None:
    table = table_of(
        tmp_path,
        [
            ["Name", "Year", "Month", "Day"],
            ["Ann", "1970", "11", "15"],
            ["Bob", "", "Feb", "29"],
            ["Cy", "1970", "2", "30"],
        ],
    )
    ann, bob, cy = contacts(table, {0: "full_name", 1: "birth_year", 2: "birth_month",
                                    3: "birth_day"})  # fmt: skip
    assert ann.birthday == date(1970, 11, 15)
    assert bob.birthday == date(1604, 2, 29)
    assert (cy.birthday, cy.problems) == (None, [])  # Cy still comes in, and is told about
    assert cy.warnings == [f"Birthday: “1970-2-30” is not a real date. {KEPT_IN_NOTES}"]
    assert cy.notes == "Birthday: 1970-2-30"


def test_a_row_that_breaks_a_builder_is_reported_and_the_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crm_desktop.interchange import build_people, mapping

    table = table_of(tmp_path, [["Name"], ["Ann"], ["Bob"], ["Cy"]])
    real = build_people.contact

    def fussy(line: int, *args: object) -> ImportedContact:
        if line == 3:
            raise RuntimeError("something nobody foresaw")
        return real(line, *args)  # type: ignore[arg-type]

    monkeypatch.setitem(mapping._BUILDERS, "contact", fussy)
    ann, bob, cy = contacts(table, {0: "full_name"})
    assert (ann.full_name, cy.full_name) == ("Ann", "Cy")
    assert (bob.line, bob.full_name) == (3, "")
    assert bob.problems == ["Line 3 could not be read: something nobody foresaw"]


def test_lifecycle_words_and_unknown_ones(tmp_path: Path) -> None:
    table = table_of(tmp_path, [["Name", "Stage"], ["Ann", "Customer"], ["Bob", "Someday"]])
    ann, bob = contacts(table, {0: "full_name", 1: "lifecycle"})
    assert (ann.lifecycle, ann.notes) == ("customer", "")
    assert (bob.lifecycle, bob.notes) == ("", "Lifecycle: Someday")


def test_records_with_a_preset_and_other_kinds(tmp_path: Path) -> None:
    table = table_of(tmp_path, [["Name", "Website"], ["Acme", "acme.com"]])
    (company,) = records(table, {0: "name", 1: "website"}, "company")
    assert (company.line, company.name, company.website) == (2, "Acme", "acme.com")  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="Unknown kind"):
        records(table, {0: "name"}, "planet")
    preset = detect_preset(table.header)
    assert [r.line for r in records(table, preset)] == [2]


def test_target_fields_for_the_wizard() -> None:
    for kind in ("contact", "company", "deal", "activity"):
        targets = [target for target, _ in TARGET_FIELDS[kind]]
        assert targets[0] == "skip"
        assert len(targets) == len(set(targets))
        assert all(text for _, text in TARGET_FIELDS[kind])
    assert target_label("email:work") == "Email (work)"
    assert target_label("phone:car") == "Phone (car)"
    assert target_label("notes_labeled:Department") == "Notes, as “Department: value”"
    assert (
        target_label("external_id:hubspot:contact") == "Id in the other program (hubspot contact)"
    )


def test_the_date_order_a_person_is_asked_about(tmp_path: Path) -> None:
    mapping = {0: "full_name", 1: "birthday"}
    either = table_of(tmp_path, [["Name", "Birthday"], ["Ann", "03/04/1980"]])
    assert date_order(either, mapping) == (True, None)  # ask; nothing tells
    told = table_of(tmp_path, [["Name", "Birthday"], ["Ann", "03/04/1980"], ["Bo", "25/12/1990"]])
    assert date_order(told, mapping) == (True, True)
    iso = table_of(tmp_path, [["Name", "Birthday"], ["Ann", "1980-04-03"]])
    assert date_order(iso, mapping) == (False, None)  # nothing to ask
    assert date_order(either, {0: "full_name"}) == (False, None)  # not read as a date
