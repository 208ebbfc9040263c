"""Contacts to an Excel workbook (``xlsx_writer``): read back by our own reader as the same
records as the CSV of the same layout, and by openpyxl as a sheet with a bold, frozen,
filtered header and text cells."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from crm_desktop.domain.exports import ExportCancelled, ExportError
from crm_desktop.interchange import csv_writer, detect_preset, read_table, records, xlsx_writer
from tests.interchange.test_writers import many, person


def both(tmp_path: Path, layout: csv_writer.Layout) -> tuple[list[object], list[object], str]:
    """The records read back from the CSV and from the workbook of ``many()`` in ``layout``,
    and the preset the workbook was recognised as."""
    csv_path, book = tmp_path / f"{layout}.csv", tmp_path / f"{layout}.xlsx"
    csv_writer.write_csv(csv_path, [many()], layout=layout, most=(2, 4), total=2)
    report = xlsx_writer.write_xlsx(book, [many()], layout=layout, most=(2, 4), total=2)
    assert (report.rows, report.bytes) == (2, book.stat().st_size)
    table = read_table(book)
    preset = detect_preset(table.header)
    from_csv = read_table(csv_path)
    # Their line numbers differ: a CSV's count the lines inside cells too.
    return (
        [replace(r, line=0) for r in records(from_csv, detect_preset(from_csv.header))],
        [replace(r, line=0) for r in records(table, preset)],
        preset.key,
    )


@pytest.mark.parametrize(
    ("layout", "key"), [("ours", "crm_desktop"), ("google", "google"), ("outlook", "outlook")]
)
def test_a_workbook_reads_back_as_the_csv_of_its_layout_does(
    tmp_path: Path, layout: csv_writer.Layout, key: str
) -> None:
    from_csv, from_book, found = both(tmp_path, layout)
    assert found == key
    assert from_book == from_csv
    zoe = person()
    first = from_book[0]
    assert zoe.personal_notes in first.notes  # type: ignore[attr-defined]  # line break kept


def test_values_stay_text_exactly_as_written(tmp_path: Path) -> None:
    risky = person(
        first_name="=1+1",
        last_name="007",
        display_name="=1+1 007",
        phones=(("mobile", "+49 89 0123"),),
        title='Boss\x01 <&> "quoted"',
    )
    path = tmp_path / "risky.xlsx"
    xlsx_writer.write_xlsx(path, [[risky]], total=1)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = {str(cell.value): cell.data_type for cell in sheet[2] if cell.value is not None}
    for text in ("=1+1", "007", "mobile: +49 89 0123", 'Boss <&> "quoted"'):
        assert values.get(text) == "s", (text, values)  # text, never a formula or a number
    (first,) = records(read_table(path), detect_preset(read_table(path).header))
    assert (first.first_name, first.last_name) == ("=1+1", "007")  # type: ignore[attr-defined]


def test_the_header_is_bold_frozen_and_filtered(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    xlsx_writer.write_xlsx(path, [many()], total=2)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None and sheet.title == "Contacts"
    width = len(csv_writer.OUR_CONTACT_COLUMNS)
    assert [cell.value for cell in sheet[1]] == list(csv_writer.OUR_CONTACT_COLUMNS)
    assert sheet["A1"].font.b and not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    assert widths["A"] == len("Zoë O'Brien; Jr") + 2  # as wide as its longest value
    notes = xlsx_writer.column_name(csv_writer.OUR_CONTACT_COLUMNS.index("Notes"))
    assert widths[notes] == len("Line two, with comma; and semicolon 🎉") + 2  # its longest line
    assert sheet.auto_filter.ref == f"A1:{xlsx_writer.column_name(width - 1)}3"


def test_a_cancel_leaves_the_file_that_was_there(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"the old one")
    pages = [many(), [replace(person(), uid="f" * 32)]]
    with pytest.raises(ExportCancelled):
        xlsx_writer.write_xlsx(path, pages, total=3, cancelled=lambda: True)
    assert path.read_bytes() == b"the old one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_more_contacts_than_excel_has_rows_are_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_writer, "MAX_ROWS", 3)  # the header and two contacts
    path = tmp_path / "book.xlsx"
    xlsx_writer.write_xlsx(path, [many()], total=2)
    with pytest.raises(ExportError, match="holds 2 contacts at most"):
        xlsx_writer.write_xlsx(tmp_path / "more.xlsx", [many(), [person()]], total=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_the_semicolon_layout_is_a_csv_s_only() -> None:
    assert "excel" not in xlsx_writer.LAYOUTS
    with pytest.raises(ValueError, match="Workbook layout"):
        xlsx_writer.write_sheet(io.BytesIO(), [], "excel")


@pytest.mark.parametrize(
    ("index", "name"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA")]
)
def test_column_names(index: int, name: str) -> None:
    assert xlsx_writer.column_name(index) == name
