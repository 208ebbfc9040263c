"""From a table and a column mapping to records, one per row: ``records(table, preset)``.

The mapping (column index -> target, see ``targets``) is compiled once into steps in column
order; each row then runs only the steps whose cell is not empty. A value that cannot be read
becomes a problem on its record; a row never stops the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from crm_desktop.domain.imported import (
    ImportedActivity,
    ImportedCompany,
    ImportedContact,
    ImportedDeal,
    ImportedRecord,
)
from crm_desktop.interchange import build_people, build_sales
from crm_desktop.interchange.presets import Preset
from crm_desktop.interchange.steps import Plan, RowState, plan
from crm_desktop.interchange.table import Row, Table
from crm_desktop.interchange.values import guess_day_first, is_slashed_date

_DATE_TARGETS = frozenset(
    {"birthday", "expected_close", "closed_on", "occurred_at", "occurred_date"}
)
Builder = Callable[[int, list[str], Plan, RowState], ImportedRecord]
_BUILDERS: dict[str, Builder] = {
    "contact": build_people.contact,
    "company": build_people.company,
    "deal": build_sales.deal,
    "activity": build_sales.activity,
}
_EMPTY_TYPES: dict[str, type[ImportedRecord]] = {
    "contact": ImportedContact,
    "company": ImportedCompany,
    "deal": ImportedDeal,
    "activity": ImportedActivity,
}


def records(
    table: Table,
    preset_or_mapping: Preset | Mapping[int, str],
    kind: str | None = None,
    *,
    day_first: bool | None = None,
) -> Iterator[ImportedRecord]:
    """One record per data row of ``table``: ImportedContact, ImportedCompany, ImportedDeal or
    ImportedActivity (the preset's kind, or ``kind`` with a plain mapping; "contact" if
    neither says). ``day_first`` reads "03/04/2024" as 3 April; by default the file's own
    dates decide (one with a first number over 12 says so), else month first."""
    if isinstance(preset_or_mapping, Preset):
        mapping: Mapping[int, str] = preset_or_mapping.mapping
        kind = kind or preset_or_mapping.kind
        if day_first is None:
            day_first = preset_or_mapping.day_first
    else:
        mapping = preset_or_mapping
        kind = kind or "contact"
    if kind not in _EMPTY_TYPES:
        raise ValueError(f"Unknown kind of record: {kind!r}")
    steps = plan(table.header, mapping)
    if day_first is None:
        date_columns = [s.index for s in steps.steps if s.name in _DATE_TARGETS]
        if date_columns:
            day_first = _dates_day_first(table, date_columns)
    return _records(table, steps, kind, day_first)


def date_order(
    table: Table, mapping: Mapping[int, str], *, whole_file: bool = False
) -> tuple[bool, bool | None]:
    """For a person to confirm: whether the columns ``mapping`` reads as dates hold some that
    may be day or month first (03/04/2024), in the file's first 500 rows, and which order
    those rows show (None: none tells); with ``whole_file``, which order the whole file shows."""
    columns = [s.index for s in plan(table.header, mapping).steps if s.name in _DATE_TARGETS]
    cells = [row.values[i] for row in table.preview(500) for i in columns if i < len(row.values)]
    if not any(is_slashed_date(text) for text in cells):
        return False, None
    if whole_file:
        return True, _dates_day_first(table, columns)
    return True, guess_day_first(cells)


def _dates_day_first(table: Table, columns: list[int]) -> bool | None:
    """Whether the file's slashed dates put the day first. The first 500 rows mostly tell; when
    they hold slashed dates that all fit both ways (01/02/1980), the rest of the file is read
    for one that does not, rather than guess and read every date before it wrongly."""

    def cells(rows: Iterable[Row]) -> Iterator[str]:
        return (row.values[i] for row in rows for i in columns if i < len(row.values))

    samples = list(cells(table.preview(500)))
    found = guess_day_first(samples)
    if found is None and any(is_slashed_date(text) for text in samples):
        found = guess_day_first(cells(table.rows))
    return found


def _records(
    table: Table, steps: Plan, kind: str, day_first: bool | None
) -> Iterator[ImportedRecord]:
    builder = _BUILDERS[kind]
    width = len(table.header)
    for row in table.rows:
        record: ImportedRecord
        try:
            record = builder(row.line, row.values, steps, RowState(day_first))
        except Exception as exc:  # a bug or a value nobody foresaw: that row alone fails
            record = _EMPTY_TYPES[kind](line=row.line)
            record.problems.append(f"Line {row.line} could not be read: {exc}")
        if len(row.values) > width:
            extra = [value for value in row.values[width:] if value.strip()]
            if extra:
                record.problems.append(
                    f"Line {row.line} has {len(extra)} more cell(s) than the header has "
                    "columns; they were left out: " + "; ".join(f"“{v}”" for v in extra[:3])
                )
        yield record
