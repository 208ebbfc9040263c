"""Reading 100,000 rows of a Google Contacts CSV takes under 2 s (``bench/import_read.py``
measures it in full, with the mapping into records)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.import_read import write_google_csv
from crm_desktop.interchange import detect_preset, read_table, records

ROWS = 100_000


@pytest.mark.slow
def test_a_100k_row_google_csv_reads_in_under_two_seconds(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    write_google_csv(path, ROWS)
    best = float("inf")
    for _ in range(2):  # the better of two: the first also warms the disk cache
        start = time.perf_counter()
        table = read_table(path)
        count = sum(1 for _ in table.rows)
        best = min(best, time.perf_counter() - start)
    assert count == table.row_count == ROWS
    assert best < 2.0, f"reading {ROWS:,} rows took {best:.2f} s"
    preset = detect_preset(table.header)
    assert preset.key == "google"
    first = next(iter(records(table, preset)))
    assert first.line == 2 and first.problems == []
