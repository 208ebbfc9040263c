"""CSV files as people's programs write them: any of UTF-8 (with or without BOM), UTF-16 (LE or
BE, with or without BOM), Windows-1252, Mac Roman (Excel for Mac's plain CSV) or another 8-bit
encoding (found by ``sniff.detect_encoding``, or chosen by the user when that guessed wrong);
comma, semicolon, tab or pipe; quoted cells with line breaks inside. The file is read once on
opening (to find the header, count the rows and catch a quote that swallows the rest of the
file) and then streamed again for each pass over its rows.

The header is the first row of two or more cells: rows of one cell before it are a preamble, not
the table (LinkedIn's connections export opens with "Notes:" and a paragraph about missing e-mail
addresses; a sheet saved from Excel with a title line above its table, "Customer list;;;;"). A
file whose first rows all have one cell is a one-column table: its first row is the header.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from crm_desktop.interchange.charsets import MIXED, check_readable, lines_not_utf8
from crm_desktop.interchange.errors import UnreadableFile
from crm_desktop.interchange.multi_values import is_total_line
from crm_desktop.interchange.sniff import HEAD_BYTES, detect_delimiter, detect_encoding
from crm_desktop.interchange.table import (
    PREAMBLE_ROWS,
    TABLE_SAMPLE_ROWS,
    Row,
    Table,
    header_names,
    padded,
    title_rows,
)

if TYPE_CHECKING:
    from _csv import Reader

# The most characters a cell may hold. The csv module's own limit, 131,072, is less than a long
# note pasted from an e-mail thread and would be taken for a quote never closed.
CELL_LIMIT = 64 * 1024 * 1024
# A run of lines inside one quoted cell that each look like whole rows: a quote left open.
_SWALLOWED_ROW_LINES = 3
_SEP_LINE = re.compile(r"^\ufeff?sep=.?$", re.IGNORECASE)
_SHOWN_LINES = 10  # the lines not in UTF-8 named in a notice; the others counted


def read_csv(path: Path | str, *, encoding: str | None = None) -> Table:
    """The table in the CSV file at ``path``, in ``encoding`` (a Python codec name) or, when
    that is ``None``, the one it is detected to be in. The table's rows are read in that
    encoding every time, for the import as for the preview."""
    path = Path(path)
    if encoding is None:
        encoding = detect_encoding(path)
    else:
        check_readable(path, encoding)  # every byte, so a wrong choice is refused at once
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        sample = handle.read(HEAD_BYTES)
    if not sample.strip("\ufeff \t\r\n"):
        raise UnreadableFile(f"“{path.name}” is empty: there is nothing in it to import.")
    first = sample.lstrip("\ufeff \t\r\n").split("\n", 1)[0].strip()
    if first.lower().startswith("sep=") and len(first) == 5:  # Excel's "sep=;" first line
        delimiter = first[4]
    else:
        delimiter = detect_delimiter(sample)
    header, header_line, count, footer = _scan(
        path, encoding, delimiter, _titles(sample, delimiter)
    )
    if count == 0:
        raise UnreadableFile(
            f"“{path.name}” has a header row but no data rows: there is nothing to import."
        )
    width = len(header)

    end = footer[0] if footer else None

    def open_rows() -> Iterator[Row]:
        return _rows(path, encoding, delimiter, header_line, width, end)

    return Table(
        path=path,
        kind="csv",
        header=header,
        header_line=header_line,
        open_rows=open_rows,
        encoding=encoding,
        delimiter=delimiter,
        row_count=count,
        notice=" ".join(
            n for n in (_not_utf8_notice(path) if encoding == MIXED else "", _footer(footer)) if n
        ),
    )


def _reader(handle: IO[str], delimiter: str, *, strict: bool = False) -> Reader:
    """A CSV reader over ``handle`` whose cells may hold up to ``CELL_LIMIT`` characters. The
    csv module keeps one limit for the whole program, so it is set each time a file is read."""
    csv.field_size_limit(CELL_LIMIT)
    return csv.reader(handle, delimiter=delimiter, strict=strict)


def _rows(
    path: Path, encoding: str, delimiter: str, header_line: int, width: int, end: int | None
) -> Iterator[Row]:
    """The data rows, each with its line; those from line ``end`` on (a footer) left out."""
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        reader = _reader(handle, delimiter)
        previous = 0
        for values in reader:
            start = previous + 1
            previous = reader.line_num
            if end is not None and start >= end:
                return
            if start > header_line and any(values):
                if "'" in "".join(values):
                    values = [_as_typed(value) for value in values]
                yield Row(start, padded(values, width))


def _not_utf8_notice(path: Path) -> str:
    """Which lines of a UTF-8 file were read as Windows-1252: their accented letters are a
    guess, right for the usual Western European ones."""
    lines = lines_not_utf8(path)
    if not lines:
        return ""
    if len(lines) == 1:
        return (
            f"Line {lines[0]:,} is not UTF-8 like the rest of the file: it was read as "
            "Windows-1252, so check its accented letters."
        )
    shown = [f"{line:,}" for line in lines[:_SHOWN_LINES]]
    more = len(lines) - len(shown)
    last = f"{more:,} more" if more else shown.pop()
    return (
        f"Lines {', '.join(shown)} and {last} are not UTF-8 like the rest of the file: they "
        "were read as Windows-1252, so check their accented letters."
    )


def _one_cell(values: list[str]) -> bool:
    """A row with one cell: no delimiter at all ("Notes:"), or a title Excel padded to the
    sheet's width ("Customer list;;;;"). "Name," is a header with an unnamed second column."""
    return len(values) == 1 or (len(values) > 2 and not any(v.strip() for v in values[1:]))


def _titles(sample: str, delimiter: str) -> int:
    """How many rows at the top of ``sample`` are titles above the table (``title_rows``)."""
    rows: list[list[str]] = []
    try:
        for values in csv.reader(io.StringIO(sample), delimiter=delimiter):
            if any(values) and not _SEP_LINE.match(delimiter.join(values)):
                rows.append(values)
            if len(rows) >= TABLE_SAMPLE_ROWS:
                break
    except csv.Error:
        return 0
    return title_rows(rows)


def _as_typed(value: str) -> str:
    """A value without the apostrophe an export put before a would-be formula ("'=1+1"), as a
    spreadsheet shows it (see ``csv_writer``), or before a long number that a spreadsheet would
    round or strip of its leading zeros: Shopify's customer ids and phones ("'7482910335021",
    "'+447700900123"), a postal code ("'02134")."""
    if len(value) > 1 and value[0] == "'" and (value[1] in "=+-@\t\r" or value[1:].isdigit()):
        return value[1:]
    return value


Footer = tuple[int, list[str]]  # its first line, and the text of each of its rows


def _scan(
    path: Path, encoding: str, delimiter: str, titles: int
) -> tuple[list[str], int, int, Footer | None]:
    """The header, its line, the number of data rows, and the footer under the table if it
    has one; ``UnreadableFile`` for a quote that is never closed (the rest of the file, or a
    run of rows, would become one cell). The first ``titles`` rows are passed over (see
    ``_titles``), like one-cell rows before the header.

    A footer is what a report export writes under its table after an empty row, one cell a
    line, to the end of the file: Salesforce's "Confidential Information - Do Not Distribute",
    "Copyright (c) ...", "Generated By: ...". In a table of three columns or more, a run of
    such rows after an empty one, with no whole row after them, is taken for one."""
    header: list[str] | None = None
    blank = False  # an empty row since the last whole one
    tail: list[str] = []  # one-cell rows after it: a footer if nothing else follows
    tail_line = 0
    header_line = 0
    count = 0
    start = last_start = 1
    previous = width = 0
    last: list[str] = []
    preamble: list[tuple[int, list[str]]] = []  # one-cell rows that may come before the header
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        reader = _reader(handle, delimiter)
        try:
            for values in reader:
                start = previous + 1
                previous = reader.line_num
                if not any(values):
                    blank = header is not None
                    continue
                if (
                    header is not None
                    and width >= 3
                    and (blank or tail)
                    and _one_cell(values)
                    and not is_total_line(values)  # left out with a warning of its own
                ):
                    tail_line = tail_line if tail else start
                    tail.append(values[0].strip())
                elif header is not None:
                    blank, tail = False, []
                if header is None:
                    if _SEP_LINE.match(delimiter.join(values)):
                        continue
                    if titles:
                        titles -= 1
                        continue
                    one_cell = _one_cell(values)
                    if one_cell and len(preamble) < PREAMBLE_ROWS:
                        preamble.append((start, values))
                        continue
                    if not one_cell:
                        header, header_line = header_names(values), start
                        width = len(header)
                        continue
                    (header_line, first), *rest = preamble  # one column: no preamble after all
                    header, width, count = header_names(first), len(first), len(rest)
                count += 1
                last_start, last = start, values
                # rows merged by a quote left open: their delimiters sit inside one cell
                if previous - start + 1 >= _SWALLOWED_ROW_LINES and "".join(values).count(
                    delimiter
                ) >= 2 * (width - 1):
                    _check_swallowed(path, values, start, previous, delimiter, width)
        except csv.Error as exc:  # in the row after the last one read
            raise UnreadableFile(_quote_message(path, previous + 1, str(exc))) from None
    if header is None and preamble:  # one column, fewer rows than a preamble may have
        (header_line, first), *rest = preamble
        header, width, count = header_names(first), len(first), len(rest)
        if rest:
            last_start, last = rest[-1]
    if header is None:
        raise UnreadableFile(f"“{path.name}” is empty: there is nothing in it to import.")
    # A quote left open on the last row swallows the rest of the file: several lines, or only
    # its own line break (then a cell ends with it). Either way, read that row strictly.
    ends_open = previous > last_start or any(v.endswith(("\n", "\r")) for v in last)
    if count and ends_open and _unclosed(path, encoding, delimiter, last_start):
        raise UnreadableFile(_quote_message(path, last_start, "unexpected end of data"))
    if tail and len(tail) < count:
        return header, header_line, count - len(tail), (tail_line, tail)
    return header, header_line, count, None


def _footer(footer: Footer | None) -> str:
    if footer is None:
        return ""
    line, texts = footer
    first = texts[0][:60]
    if len(texts) == 1:
        return f"Line {line:,} (“{first}”) is a report's footer under the table: left out."
    return (
        f"Lines {line:,} to the end (“{first}”, …) are a report's footer under the table: left out."
    )


def _unclosed(path: Path, encoding: str, delimiter: str, start: int) -> bool:
    """Whether the file ends inside a quoted cell opened in the row starting on ``start``."""
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        tail = "".join(line for number, line in enumerate(handle, 1) if number >= start)
    try:
        for _ in _reader(io.StringIO(tail), delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False


def _check_swallowed(
    path: Path, values: list[str], start: int, end: int, delimiter: str, width: int
) -> None:
    """A cell whose lines look like whole rows of the file is rows swallowed by a quote."""
    if width < 4:
        return
    for value in values:
        lines = value.splitlines()[1:]
        whole_rows = sum(1 for line in lines if line.count(delimiter) >= width - 1)
        if whole_rows >= _SWALLOWED_ROW_LINES - 1:
            raise UnreadableFile(
                f"A quote on line {start} of “{path.name}” is not closed where it should be, "
                f"so lines {start} to {end} would be read as one cell: check the quotes on "
                f"line {start} and save the file again."
            )


def _quote_message(path: Path, line: int, error: str) -> str:
    if "field larger" in error:
        return (
            f"A cell on line {line} of “{path.name}” holds more than {CELL_LIMIT:,} characters, "
            f"more than one cell may hold: shorten it, or check the quotes on line {line} (a "
            "quote never closed makes one cell of the rest of the file), and save the file again."
        )
    if "end of data" in error:
        return (
            f"A quote on line {line} of “{path.name}” is never closed, so everything after it "
            f"would be read as one cell: check the quotes on line {line} and save the file again."
        )
    return f"“{path.name}” is not a CSV file we can read (line {line}: {error})."
