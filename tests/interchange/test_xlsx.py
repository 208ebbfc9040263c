"""Excel workbooks made with openpyxl: the first sheet or a chosen one, cells as people see
them (whole numbers without ".0", dates as dates), row numbers as lines."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl  # type: ignore[import-untyped]
import pytest

from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import (
    Row,
    UnreadableFile,
    detect_preset,
    file_kind,
    read_table,
    records,
)
from crm_desktop.interchange.opened import open_file


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    people = book.active
    people.title = "People"
    people.append(["First Name", "Last Name", "Email", "Mobile Phone", "Birthday", "Notes"])
    people.append(["Ann", "Lee", "ann@example.com", 4915112345678, date(1980, 3, 22), "VIP"])
    people.append([])  # an empty row: skipped, and the next row keeps its own number
    people.append(["Bob", "Stone", "bob@example.com", "+44 20 7946 0018", None, 1.5])
    people.append(["Cy", "Doe", None, None, datetime(1975, 1, 2, 10, 30), True])
    deals = book.create_sheet("Deals")
    deals.append(["Deal Name", "Amount", "Deal Stage", "Close Date", "Record ID"])
    deals.append(["Big order", 12500.5, "Closed Won", datetime(2026, 4, 1), 77])
    book.create_sheet("Empty")
    book.save(path)
    return path


def test_first_sheet_by_default(tmp_path: Path) -> None:
    path = workbook(tmp_path / "contacts.xlsx")
    assert file_kind(path) == "xlsx"
    table = read_table(path)
    assert (table.kind, table.sheet, table.sheets) == (
        "xlsx",
        "People",
        ["People", "Deals", "Empty"],
    )
    assert table.header == ["First Name", "Last Name", "Email", "Mobile Phone", "Birthday", "Notes"]
    rows = list(table.rows)
    assert [row.line for row in rows] == [2, 4, 5]
    assert rows[0].values == ["Ann", "Lee", "ann@example.com", "4915112345678", "1980-03-22", "VIP"]
    assert rows[1].values[3:] == ["+44 20 7946 0018", "", "1.5"]
    assert rows[2].values[4:] == ["1975-01-02 10:30", "TRUE"]
    assert table.count_rows() == 3
    contacts = list(records(table, detect_preset(table.header)))
    assert isinstance(contacts[0], ImportedContact)
    assert contacts[0].phones == [("mobile", "4915112345678")]
    assert contacts[0].birthday == date(1980, 3, 22)
    assert contacts[2].birthday == date(1975, 1, 2)


def test_a_chosen_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "crm.xlsx")
    table = read_table(path, sheet="Deals")
    preset = detect_preset(table.header)
    assert preset.key == "hubspot_deals"
    (deal,) = records(table, preset)
    assert (deal.title, deal.value_minor, deal.stage, deal.status) == (
        "Big order",
        1_250_050,
        "Closed Won",
        "won",
    )
    assert deal.expected_close == date(2026, 4, 1)
    assert deal.external_id == "hubspot:deal:77"


def test_a_sheet_that_is_not_there_or_empty(tmp_path: Path) -> None:
    path = workbook(tmp_path / "crm.xlsx")
    with pytest.raises(UnreadableFile, match="has no sheet named “Leads”; its sheets are"):
        read_table(path, sheet="Leads")
    with pytest.raises(UnreadableFile, match=r"Sheet “Empty” of “crm\.xlsx” is empty"):
        read_table(path, sheet="Empty")


def read_me_first(path: Path) -> Path:
    """A workbook that opens with a title sheet; its table is on the second one."""
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Contact list, exported 2024-01-31: the data is on the next sheet"])
    people = book.create_sheet("Kontakte")
    people.append(["First Name", "Last Name", "Email"])
    people.append(["Marta", "Kowalska", "marta@example.pl"])
    book.create_sheet("Notizen")
    book.save(path)
    return path


def test_a_title_sheet_first_names_the_sheet_that_holds_the_data(tmp_path: Path) -> None:
    path = read_me_first(tmp_path / "export.xlsx")
    with pytest.raises(UnreadableFile) as caught:
        read_table(path)
    assert str(caught.value) == (
        "Sheet “Read me” of “export.xlsx” has a header row but no data rows. The data may be "
        'on sheet “Kontakte”: choose it in the import window, or add --sheet "Kontakte" to '
        "the import command."
    )
    assert caught.value.sheets == ["Read me", "Kontakte", "Notizen"]
    assert caught.value.sheet == "Read me"
    with pytest.raises(UnreadableFile, match=r"is empty\. The data may be on sheet “Kontakte”"):
        read_table(path, sheet="Notizen")


def test_a_sheet_is_found_by_its_name_in_any_case(tmp_path: Path) -> None:
    path = read_me_first(tmp_path / "export.xlsx")
    table = read_table(path, sheet="kontakte")
    assert (table.sheet, [row.values for row in table.rows]) == (
        "Kontakte",
        [["Marta", "Kowalska", "marta@example.pl"]],
    )
    with pytest.raises(UnreadableFile, match="has no sheet named “contacts”"):
        read_table(path, sheet="contacts")


def test_a_workbook_with_a_header_only(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email"])
    book.save(tmp_path / "header.xlsx")
    with pytest.raises(UnreadableFile, match="has a header row but no data rows"):
        read_table(tmp_path / "header.xlsx")


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path) -> None:
    path = workbook(tmp_path / "really-a-workbook.csv")
    assert read_table(path).kind == "xlsx"


def test_a_title_above_the_header_is_looked_past(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Customer list, spring fair"])
    sheet.append(["printed 2026-03-01"])
    sheet.append([])
    sheet.append(["Name", "Email", "Company"])
    sheet.append(["Ann Lee", "ann@example.com", "Acme"])
    book.save(tmp_path / "titled.xlsx")
    table = read_table(tmp_path / "titled.xlsx")
    assert (table.header, table.header_line) == (["Name", "Email", "Company"], 4)
    assert [(row.line, row.values) for row in table.rows] == [
        (5, ["Ann Lee", "ann@example.com", "Acme"])
    ]


def test_a_sheet_of_one_column(tmp_path: Path) -> None:
    for rows in (3, 25):
        book = openpyxl.Workbook()
        for line in [["Email"]] + [[f"p{n}@example.com"] for n in range(rows)]:
            book.active.append(line)
        book.save(tmp_path / f"column{rows}.xlsx")
        table = read_table(tmp_path / f"column{rows}.xlsx")
        assert (table.header, table.header_line) == (["Email"], 1)
        assert [row.values[0] for row in table.rows][:2] == ["p0@example.com", "p1@example.com"]
        assert table.count_rows() == rows


def test_rows_keep_their_numbers_when_the_table_starts_lower_and_further_right(
    tmp_path: Path,
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"] = "Name", "Email"
    sheet["C4"], sheet["D4"] = "Ann Lee", "ann@example.com"
    sheet["C7"], sheet["D7"] = "Bo Berg", 42
    book.save(tmp_path / "lower.xlsx")
    table = read_table(tmp_path / "lower.xlsx")
    assert (table.header, table.header_line) == (["Name", "Email"], 3)
    expected = [(4, ["Ann Lee", "ann@example.com"]), (7, ["Bo Berg", "42"])]
    assert [(row.line, row.values) for row in table.rows] == expected
    assert [(row.line, row.values) for row in table.rows] == expected  # read again, the same
    assert table.preview(1) == [Row(4, ["Ann Lee", "ann@example.com"])]


# -- the other workbooks calamine reads: old Excel (.xls) and OpenDocument (.ods) ---------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_an_old_excel_xls_workbook(tmp_path: Path) -> None:
    """tests/fixtures/people.xls was written by xlwt (Excel 97-2003 format), with a number
    for a phone, a date cell and accented names."""
    path = tmp_path / "people from the old pc.xls"
    path.write_bytes((FIXTURES / "people.xls").read_bytes())
    assert file_kind(path) == "xlsx"
    table = read_table(path)
    assert (table.sheets, table.sheet) == (["People", "Empty"], "People")
    assert [(row.line, row.values) for row in table.rows] == [
        (2, ["Ann", "Lee", "ann@example.com", "4915112345678", "1980-03-22", "Acme"]),
        (3, ["Zoë", "Müller", "zoe@example.de", "+49 30 1234567", "", "Bäckerei Groß"]),
    ]
    ann, zoe = records(table, detect_preset(table.header))
    assert isinstance(ann, ImportedContact) and isinstance(zoe, ImportedContact)
    assert (ann.birthday, ann.phones, ann.company) == (
        date(1980, 3, 22),
        [("mobile", "4915112345678")],
        "Acme",
    )
    assert (zoe.first_name, zoe.last_name, zoe.company) == ("Zoë", "Müller", "Bäckerei Groß")


def ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice lays one out."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>"
            for value in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Kontakte">'
        f"{cells}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def test_an_opendocument_spreadsheet(tmp_path: Path) -> None:
    path = ods(
        tmp_path / "kontakte.ods",
        [
            ["Vorname", "Nachname", "E-Mail-Adresse", "Firma"],
            ["Jörg", "Weiß", "joerg@example.de", "Müller & Söhne"],
        ],
    )
    assert file_kind(path) == "xlsx"
    table = read_table(path)
    assert table.sheet == "Kontakte"
    (person,) = records(table, detect_preset(table.header))
    assert isinstance(person, ImportedContact)
    assert (person.first_name, person.last_name, person.company) == (
        "Jörg",
        "Weiß",
        "Müller & Söhne",
    )
    assert [value for _, value in person.emails] == ["joerg@example.de"]


def test_a_title_over_two_cells_above_a_wider_table_is_looked_past(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Customer list", "November 2026"])
    sheet.append(["Name", "Email", "Phone", "Company"])
    sheet.append(["Ann Lee", "ann@example.com", "+44 20 7946 0018", "Acme"])
    sheet.append(["Bo Berg", "bo@example.com", None, "Globex"])
    book.save(tmp_path / "titled.xlsx")
    table = read_table(tmp_path / "titled.xlsx")
    assert (table.header, table.header_line) == (["Name", "Email", "Phone", "Company"], 2)
    assert [row.line for row in table.rows] == [3, 4]


def test_a_workbook_in_a_programs_layout_is_not_called_a_csv(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "People"
    book.active.append(["First Name", "Last Name", "E-mail 1 - Label", "E-mail 1 - Value"])
    book.active.append(["Ann", "Lee", "* Work", "ann@example.com"])
    book.save(tmp_path / "google.xlsx")
    opened = open_file(tmp_path / "google.xlsx")
    assert opened.source == "google"
    assert opened.describe() == "Google Contacts columns · sheet “People”"
