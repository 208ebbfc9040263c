"""Spreadsheet workbooks through python-calamine (Rust's calamine): Excel's .xlsx and old .xls,
and OpenDocument's .ods; the first sheet or a chosen one; a row's ``line`` is its row number in
the sheet. Cells become the text a person sees: whole numbers without ".0", dates as ISO dates,
times only when there is one.

calamine reads a whole sheet into memory at once (about 100 MB for 100,000 rows of 19 columns),
and fast: 1.2 s for that sheet, where openpyxl's streaming reader took 12.7 s to give its rows
(and 6.6 s just to open a sheet whose size is not written in it; measured). The sheet read to
find the header is kept for the first pass over the rows (the wizard's preview, or the import
when nothing looked before), and dropped after it; later passes read the file again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from itertools import islice
from pathlib import Path

import python_calamine as calamine

from crm_desktop.interchange.errors import UnreadableFile
from crm_desktop.interchange.table import (
    PREAMBLE_ROWS,
    TABLE_SAMPLE_ROWS,
    Row,
    Table,
    filled,
    header_names,
    padded,
    title_rows,
)


def read_xlsx(path: Path | str, sheet: str | None = None) -> Table:
    path = Path(path)
    with _opened(path) as workbook:
        names = list(workbook.sheet_names)
        if not names:
            raise UnreadableFile(f"“{path.name}” has no sheets in it.")
        sheet = names[0] if sheet is None else _named(path, names, sheet)
        loaded = _sheet(path, workbook, sheet)
        header, header_line, has_data = _header(loaded)
        if header is None or not has_data:
            what = "is empty" if header is None else "has a header row but no data rows"
            raise UnreadableFile(
                f"Sheet “{sheet}” of “{path.name}” {what}."
                + _other_sheets(path, workbook, names, sheet),
                sheets=names,
                sheet=sheet,
            )
    width = len(header)
    chosen = sheet
    spare = [loaded]  # for the first pass over the rows; then dropped

    def open_rows() -> Iterator[Row]:
        return _rows(path, chosen, header_line, width, spare.pop() if spare else None)

    return Table(
        path=path,
        kind="xlsx",
        header=header,
        header_line=header_line,
        open_rows=open_rows,
        sheets=names,
        sheet=sheet,
    )


def _named(path: Path, names: list[str], sheet: str) -> str:
    """The sheet called ``sheet``: by its exact name, else by its name in any case ("kontakte"
    for “Kontakte”; Excel does not let two sheets' names differ in case only)."""
    if sheet in names:
        return sheet
    for name in names:
        if name.casefold() == sheet.casefold():
            return name
    raise UnreadableFile(
        f"“{path.name}” has no sheet named “{sheet}”; its sheets are: "
        + ", ".join(f"“{name}”" for name in names)
        + "."
    )


def _other_sheets(
    path: Path, workbook: calamine.CalamineWorkbook, names: list[str], sheet: str
) -> str:
    """What to do when ``sheet`` has nothing to import: which of the workbook's other sheets
    hold a table with data (a workbook often opens with a title or "Read me" sheet), and how to
    choose one. Each is read whole, but only here, when the file cannot be imported as it is."""
    others = [name for name in names if name != sheet]
    if not others:
        return " There is nothing to import."
    full = [name for name in others if _holds_data(path, workbook, name)]
    if not full:
        listed = ", ".join(f"“{name}”" for name in others)
        return f" The workbook's other sheets ({listed}) have nothing to import either."
    command = f'--sheet "{full[0]}"'  # straight quotes: a shell takes them
    if len(full) == 1:
        return (
            f" The data may be on sheet “{full[0]}”: choose it in the import window, or add "
            f"{command} to the import command."
        )
    listed = ", ".join(f"“{name}”" for name in full)
    return (
        f" Sheets {listed} hold data: choose one in the import window, or add --sheet and "
        f"its name to the import command ({command})."
    )


def _holds_data(path: Path, workbook: calamine.CalamineWorkbook, sheet: str) -> bool:
    try:
        header, _, has_data = _header(_sheet(path, workbook, sheet))
    except UnreadableFile:  # a damaged sheet holds nothing we can read
        return False
    return header is not None and has_data


@contextmanager
def _opened(path: Path) -> Iterator[calamine.CalamineWorkbook]:
    """The workbook; from an open file, so that its kind is told by its content, not by its
    name (a workbook named .csv is still read)."""
    with path.open("rb") as handle:
        try:
            workbook = calamine.CalamineWorkbook.from_filelike(handle)
        except Exception:  # calamine raises its own errors, and others, for a broken file
            raise _damaged(path) from None
        try:
            yield workbook
        finally:
            workbook.close()


def opens_as_workbook(path: Path) -> bool:
    """Whether calamine can open ``path`` as a workbook (for an Office 97 file: an .xls, not a
    Word document or a file saved with a password)."""
    try:
        with _opened(path):
            return True
    except UnreadableFile:
        return False


def _sheet(path: Path, workbook: calamine.CalamineWorkbook, sheet: str) -> calamine.CalamineSheet:
    try:
        return workbook.get_sheet_by_name(sheet)
    except Exception:
        raise UnreadableFile(
            f"Sheet “{sheet}” of “{path.name}” is damaged and cannot be read: "
            "open the file in Excel or LibreOffice and save it again."
        ) from None


def _damaged(path: Path) -> UnreadableFile:
    return UnreadableFile(
        f"“{path.name}” looks like a spreadsheet workbook but is damaged or cut short: "
        "open it in Excel or LibreOffice and save it again."
    )


def _numbered(loaded: calamine.CalamineSheet) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows as (row number, cell texts). calamine gives the rows from the sheet's
    first row (empty ones included: tests/interchange/test_xlsx.py checks it) and the columns
    from the first one used."""
    text = cell_text
    for number, cells in enumerate(loaded.iter_rows(), 1):
        yield number, [cell if type(cell) is str else text(cell) for cell in cells]


def _header(loaded: calamine.CalamineSheet) -> tuple[list[str] | None, int, bool]:
    """The header row (the first of two or more cells: a title above it is a preamble, see
    ``table.PREAMBLE_ROWS`` and ``table.title_rows``), its row number, and whether a data row
    follows it."""
    header: list[str] | None = None
    header_line = 0
    preamble: list[tuple[int, list[str]]] = []  # rows with only their first cell filled
    first_rows = list(islice((v for _, v in _numbered(loaded) if any(v)), TABLE_SAMPLE_ROWS))
    titles = title_rows(first_rows)  # a title over two cells, say
    for number, values in _numbered(loaded):
        if not any(values):
            continue
        if titles:
            titles -= 1
            continue
        if header is None:
            trimmed = values[: filled(values)]
            if len(trimmed) == 1 and len(preamble) < PREAMBLE_ROWS:
                preamble.append((number, trimmed))
                continue
            if len(trimmed) > 1:
                header, header_line = header_names(trimmed), number
                continue
            header_line, first = preamble[0]  # one column: no preamble after all
            return header_names(first), header_line, True
        return header, header_line, True
    if header is None and preamble:
        header_line, first = preamble[0]
        return header_names(first), header_line, len(preamble) > 1
    return header, header_line, False


def _rows(
    path: Path, sheet: str, header_line: int, width: int, loaded: calamine.CalamineSheet | None
) -> Iterator[Row]:
    if loaded is None:
        with _opened(path) as workbook:
            loaded = _sheet(path, workbook, sheet)
    for number, values in _numbered(loaded):
        if number > header_line and any(values):
            if len(values) > width:
                values = values[: filled(values)]
            yield Row(number, padded(values, width))


def cell_text(value: object) -> str:
    """A cell's value as the text a person would type for it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
