"""Excel workbooks (.xlsx) through openpyxl in read-only mode: the first sheet or a chosen one,
streamed row by row; a row's ``line`` is its row number in the sheet. Cells become the text a
person sees: whole numbers without ".0", dates as ISO dates, times only when there is one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from crm_desktop.interchange.errors import UnreadableFile
from crm_desktop.interchange.table import PREAMBLE_ROWS, Row, Table, header_names, padded


def read_xlsx(path: Path | str, sheet: str | None = None) -> Table:
    path = Path(path)
    with _opened(path) as workbook:
        names = list(workbook.sheetnames)
        if not names:
            raise UnreadableFile(f"“{path.name}” has no sheets in it.")
        if sheet is None:
            sheet = names[0]
        elif sheet not in names:
            raise UnreadableFile(
                f"“{path.name}” has no sheet named “{sheet}”; its sheets are: "
                + ", ".join(f"“{name}”" for name in names)
                + "."
            )
        header, header_line, has_data = _header(path, workbook, sheet)
    if header is None:
        others = [name for name in names if name != sheet]
        hint = f" (the workbook's other sheets: {', '.join(others)})" if others else ""
        raise UnreadableFile(f"Sheet “{sheet}” of “{path.name}” is empty{hint}.")
    if not has_data:
        raise UnreadableFile(
            f"Sheet “{sheet}” of “{path.name}” has a header row but no data rows: "
            "there is nothing to import."
        )
    width = len(header)
    chosen = sheet

    def open_rows() -> Iterator[Row]:
        return _rows(path, chosen, header_line, width)

    return Table(
        path=path,
        kind="xlsx",
        header=header,
        header_line=header_line,
        open_rows=open_rows,
        sheets=names,
        sheet=sheet,
    )


@contextmanager
def _opened(path: Path) -> Iterator[Any]:
    """The workbook, read-only; from an open file, so that its name need not end in .xlsx."""
    import openpyxl  # type: ignore[import-untyped]  # (imported here: it is slow to import)

    with path.open("rb") as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds (zip, XML, KeyError) for a broken file
            raise _damaged(path) from None
        try:
            yield workbook
        finally:
            workbook.close()


def _damaged(path: Path) -> UnreadableFile:
    return UnreadableFile(
        f"“{path.name}” looks like an Excel workbook but is damaged or cut short: "
        "open it in Excel or LibreOffice and save it again."
    )


def _header(path: Path, workbook: Any, sheet: str) -> tuple[list[str] | None, int, bool]:
    """The header row (the first of two or more cells: a title above it is a preamble, see
    ``table.PREAMBLE_ROWS``), its row number, and whether a data row follows it."""
    header: list[str] | None = None
    header_line = 0
    preamble: list[tuple[int, list[str]]] = []  # rows with only their first cell filled
    try:
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()
        for number, cells in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            values = [cell_text(cell) for cell in cells]
            if not any(values):
                continue
            if header is None:
                trimmed = _trimmed(values)
                if len(trimmed) == 1 and len(preamble) < PREAMBLE_ROWS:
                    preamble.append((number, trimmed))
                    continue
                if len(trimmed) > 1:
                    header, header_line = header_names(trimmed), number
                    continue
                header_line, first = preamble[0]  # one column: no preamble after all
                return header_names(first), header_line, True
            return header, header_line, True
    except Exception:
        raise UnreadableFile(
            f"Sheet “{sheet}” of “{path.name}” is damaged and cannot be read: "
            "open the file in Excel or LibreOffice and save it again."
        ) from None
    if header is None and preamble:
        header_line, first = preamble[0]
        return header_names(first), header_line, len(preamble) > 1
    return header, header_line, False


def _trimmed(values: list[str]) -> list[str]:
    """A header without the empty cells at its end (a sheet's formatting often reaches on)."""
    end = len(values)
    while end and not values[end - 1].strip():
        end -= 1
    return values[:end]


def _rows(path: Path, sheet: str, header_line: int, width: int) -> Iterator[Row]:
    with _opened(path) as workbook:
        try:
            worksheet = workbook[sheet]
            worksheet.reset_dimensions()
            cells_of = worksheet.iter_rows(min_row=header_line + 1, values_only=True)
            for number, cells in enumerate(cells_of, header_line + 1):
                values = [cell_text(cell) for cell in cells]
                if any(values):
                    if len(values) > width:
                        values = _trimmed(values)
                    yield Row(number, padded(values, width))
        except Exception:
            raise UnreadableFile(
                f"Sheet “{sheet}” of “{path.name}” is damaged and cannot be read to its end: "
                "open the file in Excel or LibreOffice and save it again."
            ) from None


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
