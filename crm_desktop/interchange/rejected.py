"""The rows an import rejected, as a file to fix and import again (the wizard's "Save the
rejected rows"): a "Why it was not imported" column, then the file's own columns, and each
rejected row as the file had it, extra cells included.

Imported again, the file is recognised as the original was (the reason column is passed over:
``presets.REASON_COLUMN``). A CSV keeps its delimiter; a workbook's rows are saved as a comma
CSV. Like every export it is UTF-8 with a byte order mark, written atomically, with values a
spreadsheet would run as formulas written as text (``csv_writer.defused``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from crm_desktop.domain.exports import save_atomically
from crm_desktop.interchange.csv_writer import ENCODING, defused
from crm_desktop.interchange.presets import REASON_COLUMN
from crm_desktop.interchange.table import Table


def _pieces(table: Table | None, rejected: Sequence[tuple[int, str]]) -> Iterator[str]:
    buffer = io.StringIO()
    delimiter = table.delimiter if table is not None and table.delimiter else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if table is None:  # a vCard file: its cards have no cells to give back
        writer.writerow(("Line", REASON_COLUMN))
        writer.writerows((str(line), reason) for line, reason in rejected)
        yield buffer.getvalue()
        return
    why = dict(rejected)
    writer.writerow(defused([REASON_COLUMN, *table.header]))
    for row in table.rows:
        reason = why.get(row.line)
        if reason is not None:
            writer.writerow(defused([f"Line {row.line}: {reason}", *row.values]))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_rejected(
    path: str | Path, table: Table | None, rejected: Sequence[tuple[int, str]]
) -> int:
    """Save the ``rejected`` (line, reason) rows of ``table`` (None for a vCard file: the lines
    and reasons alone) to ``path``; the bytes written. ``ExportError`` says why it can't be."""
    return save_atomically(path, _pieces(table, rejected), encoding=ENCODING)
