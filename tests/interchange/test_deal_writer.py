"""The deals export's files: our one layout in CSV (with its semicolon variant) and as a
workbook, values as a person reads them, formulas defused, and a header our importer knows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from crm_desktop.domain.deal_export import DealExports, ExportDeal
from crm_desktop.domain.exports import ExportCancelled
from crm_desktop.domain.services import Services
from crm_desktop.interchange import deal_writer, detect_preset, read_table, records
from crm_desktop.interchange.deal_writer import money
from crm_desktop.interchange.preset_tables import OUR_DEAL_COLUMNS
from tests.deal_data import NOTES, make_deals


@pytest.fixture
def reader(services: Services) -> DealExports:
    make_deals(services)
    return DealExports(services.clock)


def rows_of(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [(1_250_050, "EUR", "12500.50"), (5, "USD", "0.05"), (0, "EUR", "0.00"),
     (980_000, "JPY", "980000"), (123, "jpy", "123")],
)  # fmt: skip
def test_money_in_the_currency_s_own_decimals(minor: int, currency: str, text: str) -> None:
    assert money(minor, currency) == text


def test_the_csv_header_bom_line_ends_and_values(reader: DealExports, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    report = deal_writer.write_deals_csv(path, reader.deals(), total=reader.count())
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\r\n")[0].decode("utf-8-sig") == ",".join(OUR_DEAL_COLUMNS)
    rows = {row["Title"]: row for row in rows_of(path)}
    assert report.rows == len(rows) == 6 and report.bytes == len(raw)
    won = rows["Acme renewal"]
    assert won["Value"] == "12500.50" and won["Currency"] == "EUR"
    assert (won["Stage"], won["Status"], won["Pipeline"]) == ("Won", "won", "Sales")
    assert (won["Contact"], won["Contact e-mail"], won["Company"], won["Owner"]) == (
        "Ann Lee", "ann@acme.fi", "Acme Oy", "Sam Seller",
    )  # fmt: skip
    assert won["Expected close"] == "2026-04-30"
    assert won["Closed at"] == "2026-03-02 09:00" == won["Created at"]
    assert won["Notes"] == NOTES  # the line break is kept inside the quoted cell
    assert b'"Needs two licences.\nBudget' in raw  # a bare LF inside a cell, as Excel writes
    assert rows["Lost deal"]["Lost reason"] == "Too expensive"
    assert rows["Yen deal"]["Value"] == "980000"
    bare = rows["Bare deal"]
    assert [bare[c] for c in ("Contact", "Company", "Owner", "Closed at")] == ["", "", "", ""]
    assert len(rows["New engineer"]["ID"]) == 32 and rows["New engineer"]["Pipeline"] == "Hiring"


def test_a_formula_is_written_as_text(reader: DealExports, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    deal_writer.write_deals_csv(path, reader.deals())
    titles = [row["Title"] for row in rows_of(path)]
    assert '\'=HYPERLINK("http://x")' in titles


def test_the_semicolon_variant(reader: DealExports, tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    report = deal_writer.write_deals_csv(path, reader.deals(), layout="excel")
    assert report.extra == {"layout": "excel"}
    assert path.read_bytes().split(b"\r\n")[0].decode("utf-8-sig") == ";".join(OUR_DEAL_COLUMNS)
    assert rows_of(path, ";")[0]["Value"] == "12500.50"
    with pytest.raises(ValueError, match="layout"):
        list(deal_writer.csv_pieces([], "google"))  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_our_importer_knows_the_file_as_our_deals(
    reader: DealExports, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"deals.{suffix}"
    write = deal_writer.write_deals_csv if suffix == "csv" else deal_writer.write_deals_xlsx
    write(path, reader.deals())
    table = read_table(path)
    preset = detect_preset(table.header)
    assert (preset.key, preset.kind, preset.recognised) == ("crm_desktop_deals", "deal", 18)
    found = {r.title: r for r in records(table, preset)}
    assert found['=HYPERLINK("http://x")'].contact == "ann@acme.fi"  # the apostrophe is off
    assert found["Acme renewal"].notes == NOTES
    assert found["Lost deal"].contact == "Bob Zed"  # no e-mail: by name


def test_a_workbook_of_text_cells(reader: DealExports, tmp_path: Path) -> None:
    path = tmp_path / "deals.xlsx"
    report = deal_writer.write_deals_xlsx(path, reader.deals(), total=6)
    assert report.rows == 6
    book = openpyxl.load_workbook(path)
    sheet = book["Deals"]
    assert [c.value for c in sheet[1]] == list(OUR_DEAL_COLUMNS)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:R7"
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    won = cells["Acme renewal"]
    assert won[1].value == "12500.50" and won[1].data_type == "s"
    assert won[15].value == NOTES
    assert cells['=HYPERLINK("http://x")'][0].data_type == "s"  # text, never a formula


def test_progress_and_cancel(reader: DealExports, tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    path = tmp_path / "deals.csv"
    deal_writer.write_deals_csv(
        path, reader.deals(page_size=4), total=6, progress=lambda *a: heard.append(a)
    )
    assert heard == [(4, 6), (6, 6)]
    path.write_text("before")
    for write in (deal_writer.write_deals_csv, deal_writer.write_deals_xlsx):
        with pytest.raises(ExportCancelled):
            write(path, reader.deals(page_size=1), cancelled=lambda: True)
        assert path.read_text() == "before"
    assert not list(tmp_path.glob(".deals.csv.*"))  # no part-written file left behind


def test_no_deals_is_a_header_alone(tmp_path: Path) -> None:
    empty: list[list[ExportDeal]] = []
    deal_writer.write_deals_csv(tmp_path / "none.csv", empty)
    assert (tmp_path / "none.csv").read_bytes().count(b"\r\n") == 1
    deal_writer.write_deals_xlsx(tmp_path / "none.xlsx", empty)
    sheet = openpyxl.load_workbook(tmp_path / "none.xlsx")["Deals"]
    assert [c.value for c in sheet[1]] == list(OUR_DEAL_COLUMNS) and sheet.max_row == 1
