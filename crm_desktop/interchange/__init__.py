"""Files in and out, with no Qt and no database: CSV, workbook (.xlsx, .xls, .ods) and vCard
readers, the presets that recognise where a file came from, and the mapping of its columns to
import records.

    kind = file_kind(path)                      # "csv", "xlsx" or "vcard", by content
    table = read_table(path)                    # CSV or workbook: header, streamed rows
    preset = detect_preset(table.header)        # "google", "outlook", ..., or "generic"
    for record in records(table, preset): ...   # ImportedContact / Company / Deal / Activity
    contacts = read_vcards(path)                # vCard 2.1, 3.0, 4.0

Every file-level failure is an ``UnreadableFile`` with a message for the user; a row that fails
alone is a record with ``problems``.
"""

from __future__ import annotations

from pathlib import Path

from crm_desktop.interchange.csv_reader import read_csv
from crm_desktop.interchange.errors import UnreadableFile
from crm_desktop.interchange.mapping import records
from crm_desktop.interchange.presets import (
    OUR_CONTACT_COLUMNS,
    PRESETS,
    Preset,
    detect_preset,
    preset_for,
)
from crm_desktop.interchange.row_kinds import ROW_WORDS
from crm_desktop.interchange.sniff import file_kind
from crm_desktop.interchange.table import Row, Table
from crm_desktop.interchange.targets import KIND_NAMES, TARGET_FIELDS, target_label
from crm_desktop.interchange.values import NO_YEAR
from crm_desktop.interchange.vcard_reader import iter_vcards, read_vcards
from crm_desktop.interchange.xlsx_reader import read_xlsx

__all__ = [
    "KIND_NAMES",
    "NO_YEAR",
    "OUR_CONTACT_COLUMNS",
    "PRESETS",
    "ROW_WORDS",
    "TARGET_FIELDS",
    "Preset",
    "Row",
    "Table",
    "UnreadableFile",
    "detect_preset",
    "file_kind",
    "iter_vcards",
    "preset_for",
    "read_table",
    "read_vcards",
    "records",
    "target_label",
]


def read_table(path: Path | str, *, sheet: str | None = None, encoding: str | None = None) -> Table:
    """A CSV file or a workbook's sheet (the first unless ``sheet`` names another), told
    apart by content, not name; a CSV file in ``encoding`` (a Python codec name) when given,
    else in the one detected. ``UnreadableFile`` for anything else, vCards included (read
    those with ``read_vcards``)."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "xlsx":
        return read_xlsx(path, sheet)
    if kind == "vcard":
        raise UnreadableFile(
            f"“{path.name}” is a vCard file (contacts from a phone or address book), not a "
            "table: import it as vCards."
        )
    return read_csv(path, encoding=encoding)
