"""Contacts to an Excel workbook (.xlsx), in the CSV writer's layouts: ours (re-importable),
Google Contacts' or Outlook's columns, one contact per row of one sheet; ``write_table`` writes
any other rows the same way (the deals export's, ``deal_writer``).

A workbook is what a CSV is not: Excel opens it the same in every language (no list separator
to guess, no code page, no formulas to defuse: every value is a text cell, so "+49 89 1234"
and "=1+1" stay as written and leading zeros stay on), and it keeps line breaks in a cell.
The header row is bold, frozen and filtered. A cell holds 32,767 characters (Excel's limit): a
longer note is cut there, ending in "…".

Written by hand, as Office Open XML's minimum (SpreadsheetML, ECMA-376): a zip of five small
parts and the sheet, whose rows are written as the pages of contacts come, into a workbook held
in memory (16 MB for 100,000 contacts), then saved atomically like every export. Our own reader
(calamine) and openpyxl read it back in the tests, and LibreOffice opened it (tried by hand).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from crm_desktop.domain.exports import (
    ExportCancelled,
    ExportContact,
    ExportError,
    ExportReport,
    Progress,
    save_pages,
)
from crm_desktop.interchange.csv_writer import (
    LAYOUT_NAMES,
    Layout,
    Row,
    google_row,
    header,
    ours_row,
    outlook_row,
)

LAYOUTS: tuple[Layout, ...] = ("ours", "google", "outlook")  # semicolons are a CSV's matter
SHEET_LAYOUT_NAMES = {key: LAYOUT_NAMES[key] for key in LAYOUTS}
SHEET_NAME = "Contacts"
# XML 1.0 allows no control characters but tab, line feed and carriage return.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels"'
    ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATION}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATION}">'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
    "{filter}</definedName></definedNames>"
    "</workbook>"
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATION}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATION}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Two cell formats: 0 plain, 1 bold (the header); both text ("@"), so Excel never reads a value
# typed into the sheet later as a number or a date either.
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2">'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
    ' applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_START = (
    f'{_XML}<worksheet xmlns="{_MAIN}">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews>"
    '<sheetFormatPr defaultRowHeight="15"/>'
)
WIDEST = 50  # characters: a column is as wide as its header and first page need, up to this
# What one of Excel's cells holds, in UTF-16 code units (an emoji takes two): a longer text and
# Excel calls the whole workbook damaged, offering to repair it by cutting the text.
CELL_LIMIT = 32_767
# Excel's rows in a sheet. Within them a sheet's XML stays far under the 2 GiB that would need
# ZIP64, which Excel reads only as its own writer makes it.
MAX_ROWS = 1_048_576


def column_name(index: int) -> str:
    """The letters of a column: 0 -> "A", 25 -> "Z", 26 -> "AA"."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row_xml(number: int, values: Row, style: int) -> str:
    cells = []
    for column, value in enumerate(values):
        if not value:
            continue
        text = escape(_fitting(_NOT_XML.sub("", value)))
        cells.append(
            f'<c r="{column_name(column)}{number}" s="{style}" t="inlineStr">'
            f'<is><t xml:space="preserve">{text}</t></is></c>'
        )
    return f'<row r="{number}">{"".join(cells)}</row>'


def _fitting(value: str) -> str:
    """``value``, cut to what a cell holds and ending in "…" if it is longer (a note of more
    than 32,767 characters: a CSV or vCard export keeps it whole)."""
    if len(value) <= CELL_LIMIT // 2:  # two code units a character at most
        return value
    units = value.encode("utf-16-le")
    if len(units) <= 2 * CELL_LIMIT:
        return value
    return units[: 2 * (CELL_LIMIT - 1)].decode("utf-16-le", "ignore") + "…"


def _rows(
    layout: Layout, page: list[ExportContact], columns: Row, most: tuple[int, int]
) -> Iterator[Row]:
    for contact in page:
        if layout == "ours":
            yield ours_row(contact, columns)
        elif layout == "google":
            yield google_row(contact, *most)
        else:
            yield outlook_row(contact)


def write_sheet(
    out: IO[bytes],
    pages: Iterable[list[ExportContact]],
    layout: Layout = "ours",
    most: tuple[int, int] = (2, 2),
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """The workbook of ``pages`` into ``out``; ``ExportCancelled`` between pages."""
    if layout not in LAYOUTS:
        raise ValueError(f"Workbook layout must be one of {', '.join(LAYOUTS)}")
    columns = header(layout, *most)
    rows = (list(_rows(layout, page, columns, most)) for page in pages)
    write_table(out, columns, rows, cancelled=cancelled)


def write_table(
    out: IO[bytes],
    columns: Row,
    pages: Iterable[list[Row]],
    *,
    sheet_name: str = SHEET_NAME,
    noun: str = "contacts",
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """A workbook of one sheet, ``sheet_name``, into ``out``: the header ``columns``, then the
    rows of ``pages`` (``noun`` says what a row is, for the message when there are too many);
    ``ExportCancelled`` between pages."""
    last = column_name(len(columns) - 1)
    count = 0
    rest = iter(pages)
    first = next(rest, [])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f"{_SHEET_START}{_widths(columns, first)}<sheetData>".encode())
            sheet.write(_row_xml(1, columns, 1).encode())
            for rows in chain([first], rest):
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                if count + len(rows) >= MAX_ROWS:  # the header takes a row too
                    raise ExportError(
                        f"A workbook holds {MAX_ROWS - 1:,} {noun} at most (Excel's "
                        f"{MAX_ROWS:,} rows): export fewer, or export to CSV."
                    )
                xml = (_row_xml(count + n + 2, row, 0) for n, row in enumerate(rows))
                sheet.write("".join(xml).encode())
                count += len(rows)
            area = f"A1:{last}{count + 1}"
            sheet.write(f'</sheetData><autoFilter ref="{area}"/></worksheet>'.encode())
        filter_range = f"'{sheet_name}'!$A$1:${last}${count + 1}"
        workbook = _WORKBOOK.replace("{sheet}", sheet_name).replace("{filter}", filter_range)
        book.writestr("xl/workbook.xml", workbook)


def _widths(columns: Row, rows: list[Row]) -> str:
    """The ``<cols>`` element: each column two characters wider than its longest line in the
    header and ``rows``, and 8 to ``WIDEST`` + 2 wide."""
    parts = []
    for index, name in enumerate(columns):
        values = [name, *(row[index] for row in rows if index < len(row))]
        longest = max(len(line) for value in values for line in value.split("\n"))
        width = min(max(longest, 6), WIDEST) + 2
        parts.append(f'<col min="{index + 1}" max="{index + 1}" width="{width}" customWidth="1"/>')
    return f"<cols>{''.join(parts)}</cols>"


def write_xlsx(
    path: str | Path,
    pages: Iterable[list[ExportContact]],
    *,
    layout: Layout = "ours",
    most: tuple[int, int] = (2, 2),
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Save the contacts of ``pages`` as a workbook in ``layout`` (see ``csv_writer.write_csv``
    for ``most``)."""

    def workbook(counted: Iterable[list[ExportContact]]) -> list[bytes]:
        buffer = io.BytesIO()
        write_sheet(buffer, counted, layout, most, cancelled)
        return [buffer.getvalue()]

    return save_pages(
        path,
        pages,
        workbook,
        {"layout": layout},
        total=total,
        progress=progress,
        cancelled=cancelled,
    )
