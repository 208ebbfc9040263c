"""Reading a Google Contacts CSV of 100,000 rows: ``python -m bench.import_read [ROWS]``.

Writes the file (current Google layout, 43 columns, every tenth contact with a two-line note
in a quoted cell) to a temporary folder, then times, best of three:
- open: ``read_table`` (encoding, delimiter, header, one pass to count rows and check quotes);
- rows: streaming every row once (open and stream, less open);
- records: ``records(table, detect_preset(...))``, every row mapped to an ImportedContact.
The same rows are then written to an Excel workbook (with openpyxl, the tests' writer) and
timed the same way (``xlsx_*``; no target of their own).
Prints one JSON object (seconds and rows per second); the exit status is 1 if open plus rows
takes 2 s or more for the CSV (the target for 100,000 rows).
"""

from __future__ import annotations

import csv
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from crm_desktop.interchange import detect_preset, read_table, records

GOOGLE_HEADER = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "E-mail 2 - Label",
    "E-mail 2 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Phone 2 - Label",
    "Phone 2 - Value",
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Address 1 - Street",
    "Address 1 - City",
    "Address 1 - PO Box",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Address 1 - Extended Address",
    "Website 1 - Label",
    "Website 1 - Value",
    "Relation 1 - Label",
    "Relation 1 - Value",
    "Event 1 - Label",
    "Event 1 - Value",
    "Custom Field 1 - Label",
    "Custom Field 1 - Value",
    "IM 1 - Value",
]
FIRST = ["Ann", "Bob", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "José"]
LAST = ["Lee", "Müller", "Okafor", "Nakamura", "Silva", "Dubois", "Kowalski", "Smith"]
CITIES = [("Berlin", "10115", "Germany"), ("Lyon", "69001", "France"), ("Austin", "73301", "US")]


def google_row(n: int, rnd: random.Random) -> list[str]:
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    city, code, country = rnd.choice(CITIES)
    street = f"{rnd.randint(1, 200)} Main Street"
    row = [""] * len(GOOGLE_HEADER)
    row[0], row[2] = first, f"{last}{n}"
    row[10], row[11] = f"Company {n % 5000}", "Buyer"
    row[13] = f"19{rnd.randint(50, 99)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    row[14] = "Met at the fair.\nCall in spring." if n % 10 == 0 else ""
    row[16] = "* myContacts ::: Customers" if n % 3 else "* myContacts"
    row[17], row[18] = "* Work", f"{first.lower()}.{n}@example.com"
    if n % 4 == 0:
        row[19], row[20] = "Home", f"{first.lower()}{n}@mail.example.org"
    row[21], row[22] = "Mobile", f"+49 151 {n:07d}"
    row[25], row[26] = "Work", f"{street}\n{code} {city}\n{country}"
    row[27], row[28], row[31], row[32] = street, city, code, country
    return row


def write_google_csv(path: Path, rows: int) -> None:
    rnd = random.Random(7)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GOOGLE_HEADER)
        for n in range(rows):
            writer.writerow(google_row(n, rnd))


def write_workbook(path: Path, rows: int) -> None:
    import openpyxl  # type: ignore[import-untyped]  # a test dependency: only the bench writes

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    sheet.append(GOOGLE_HEADER)
    rnd = random.Random(7)
    for n in range(rows):
        sheet.append(google_row(n, rnd))
    book.save(path)


def timed_reading(path: Path) -> dict[str, float]:
    """Best of three each: open (``read_table``); open and stream every row (a workbook's
    sheet is read once for both); map every row to a record, from a table the wizard has
    already previewed (a workbook's sheet is read again)."""
    table = read_table(path)
    preset = detect_preset(table.header)
    table.preview()
    return {
        "open_s": best_of(3, lambda: read_table(path)),
        "read_s": best_of(3, lambda: sum(1 for _ in read_table(path).rows)),
        "records_s": best_of(3, lambda: sum(1 for _ in records(table, preset))),
    }


def best_of(runs: int, call: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "google.csv"
        write_google_csv(path, rows)
        preset = detect_preset(read_table(path).header)
        csv_times = timed_reading(path)
        book = Path(folder) / "google.xlsx"
        write_workbook(book, rows)
        book_times = timed_reading(book)
        opened, mapped = csv_times["open_s"], csv_times["records_s"]
        streamed = csv_times["read_s"] - opened
        figures = {
            "rows": rows,
            "megabytes": round(path.stat().st_size / 1e6, 1),
            "preset": preset.key,
            "open_s": round(opened, 3),
            "rows_s": round(streamed, 3),
            "read_s": round(opened + streamed, 3),
            "records_s": round(mapped, 3),
            "records_per_s": round(rows / mapped),
            "target_read_s": 2.0,
            "xlsx_megabytes": round(book.stat().st_size / 1e6, 1),
            **{f"xlsx_{name}": round(value, 3) for name, value in book_times.items()},
        }
    print(json.dumps(figures))
    return 0 if opened + streamed < 2.0 * rows / 100_000 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
