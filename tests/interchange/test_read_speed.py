"""Reading 100,000 rows of a Google Contacts CSV: opening (encoding, delimiter, a pass that
counts rows and checks quotes) and streaming the rows costs at most six bare ``csv.reader``
passes over the same file, timed in the same run, so that a busy machine does not fail it.
On a quiet machine that is under 2 s; ``python -m bench.import_read`` prints the figures."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.import_read import write_google_csv
from crm_desktop.interchange import detect_preset, read_table, records

ROWS = 100_000


def best_of(runs: int, call: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.slow
def test_reading_100k_google_rows_costs_a_few_bare_csv_passes(tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    write_google_csv(path, ROWS)

    def bare() -> int:
        with path.open(encoding="utf-8", newline="") as handle:
            return sum(1 for _ in csv.reader(handle))

    def ours() -> int:
        return sum(1 for _ in read_table(path).rows)

    assert ours() == ROWS
    baseline, taken = best_of(3, bare), best_of(3, ours)
    assert taken < 6 * baseline, f"{taken:.2f} s against {baseline:.2f} s for one bare pass"
    assert taken < 10, f"reading {ROWS:,} rows took {taken:.2f} s"
    table = read_table(path)
    assert table.row_count == ROWS
    preset = detect_preset(table.header)
    assert preset.key == "google"
    first = next(iter(records(table, preset)))
    assert first.line == 2 and first.problems == []
