"""A table read from a CSV file or a workbook sheet: its header, and its rows streamed one at a
time, each with the line it starts on, so that a report can point at the row in the file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Literal

from crm_desktop.interchange.charsets import encoding_name

# Rows of one cell before the header row (a title line, LinkedIn's "Notes:") are looked past, up
# to this many; a file or sheet whose first rows all have one cell is a one-column table.
PREAMBLE_ROWS = 10
TABLE_SAMPLE_ROWS = 40  # the first rows looked at to tell titles from the table under them


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: ``line`` is the 1-based line of the row's start in a CSV file (a quoted
    cell with line breaks does not move it) or the row number in a sheet. ``values`` has one
    text per header column (padded with ""), plus any cells beyond the header."""

    line: int
    values: list[str]


@dataclass(eq=False)
class Table:
    """What ``read_table`` found. Iterate ``rows`` (or the table itself) to stream every data
    row; each iteration reads the file again from the start, so nothing big stays in memory."""

    path: Path
    kind: Literal["csv", "xlsx"]
    header: list[str]
    header_line: int
    open_rows: Callable[[], Iterator[Row]] = field(repr=False)
    encoding: str = ""  # a Python codec name ("utf-8-sig", "cp1252", ...); "" for a workbook
    delimiter: str = ""  # "," ";" "\t" or "|"; "" for a workbook
    sheets: list[str] = field(default_factory=list)  # a workbook's sheet names, in order
    sheet: str = ""  # the sheet read
    row_count: int | None = None  # known after reading a CSV; counted on demand otherwise
    notice: str = ""  # how the file was read, when the person should check it

    @property
    def rows(self) -> Iterator[Row]:
        return self.open_rows()

    def __iter__(self) -> Iterator[Row]:
        return self.open_rows()

    def preview(self, n: int = 20) -> list[Row]:
        """The first ``n`` data rows, cheaply (only as much of the file as they need)."""
        return list(islice(self.open_rows(), n))

    def count_rows(self) -> int:
        """How many data rows there are (for a progress bar); read once, then remembered."""
        if self.row_count is None:
            self.row_count = sum(1 for _ in self.open_rows())
        return self.row_count

    @property
    def encoding_name(self) -> str:
        """The encoding as a person calls it: "UTF-8 with BOM", "Windows-1252", ..."""
        return encoding_name(self.encoding)

    @property
    def delimiter_name(self) -> str:
        return {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}.get(
            self.delimiter, self.delimiter
        )


def header_names(cells: list[str]) -> list[str]:
    """Header cells cleaned: trimmed, a stray byte order mark dropped, an empty one named
    after its position ("Column 7") so that the wizard has something to show."""
    names = []
    for index, cell in enumerate(cells):
        name = " ".join(cell.replace("\ufeff", "").split())
        names.append(name or f"Column {index + 1}")
    return names


def padded(values: list[str], width: int) -> list[str]:
    if len(values) < width:
        values.extend([""] * (width - len(values)))
    return values


def filled(values: list[str]) -> int:
    """How many cells a row has up to its last one with something in it."""
    end = len(values)
    while end and not values[end - 1].strip():
        end -= 1
    return end


def title_rows(rows: list[list[str]]) -> int:
    """How many of ``rows`` (the first non-empty rows of a file or sheet) are titles above a
    wider table: "Customer list, November 2026" in a comma file has two cells, so it is no
    one-cell preamble. The table is as wide as most of the rows; it starts at the first row of
    that width filled to its end (its header), when every row above is a title (``_is_title``)
    and the table is three columns wide at least (so "Name," over two columns stays the
    header, and so does a header over ragged rows, wider than it)."""
    widths = Counter(len(row) for row in rows)
    width, rows_as_wide = widths.most_common(1)[0] if widths else (0, 0)
    if width < 3 or 2 * rows_as_wide <= len(rows):
        return 0
    for start, row in enumerate(rows[: PREAMBLE_ROWS + 1]):
        if len(row) == width and filled(row) == width:
            titles = all(_is_title(above, row, width) for above in rows[:start])
            return start if titles else 0
    return 0


def _is_title(row: list[str], header: list[str], width: int) -> bool:
    """Whether ``row``, above ``header``, is a title: it fills at most half as many cells (in
    a table four columns wide at least), or it is a shorter line with a date or number in it
    above a header with none ("Contacts export,2026-11-01" over "Name,Email,Phone")."""
    if width >= 4 and 2 * filled(row) <= width:
        return True
    return len(row) < width and _has_digit(row) and not _has_digit(header)


def _has_digit(row: list[str]) -> bool:
    return any(ch.isdigit() for cell in row for ch in cell)
