"""Import speed: a Google Contacts CSV of 100,000 people into a database of 100,000 contacts,
deduplicated against them (issue 6: under 15 s on this 2-core machine), next to raw sqlite3
``executemany`` of the same rows; then undoing that import.

Run from the repository root: ``python -m bench.import_bench [--size 100000] [--keep]``.
The existing database is ``bench/.cache/demo-100000.sqlite3`` (built by ``python -m bench``,
or here with ``demo.generate`` when missing), COPIED to a temporary folder: the cache is never
written. The CSV is made here: about 10% of its people share an e-mail or phone with a stored
contact, about 2% are the same person twice in the file.

The file goes through the readers (``crm_desktop.interchange``: read_table, detect_preset,
records) when they are there; otherwise the CSV is read with the ``csv`` module into
``ImportedContact`` records directly, and the table says so.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from crm_desktop.domain import demo_names as words
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.imported import ImportedContact, ImportedRecord
from crm_desktop.domain.importing import ImportOptions, ImportService
from crm_desktop.domain.staff import ensure_default
from crm_desktop.store import db
from crm_desktop.store.opening import open_store

CACHE = Path(__file__).resolve().parent / ".cache"
TARGET_S = 15.0
HEADER = [
    "First Name", "Middle Name", "Last Name", "Nickname", "Birthday", "Notes", "Labels",
    "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
    "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value",
    "Address 1 - Label", "Address 1 - Formatted", "Organization Name", "Organization Title",
]  # fmt: skip


def existing_database(size: int, folder: Path) -> Path:
    """A private copy of the cached demo database of ``size`` contacts (built if missing)."""
    cached = CACHE / f"demo-{size}.sqlite3"
    if not cached.exists():
        from bench import build

        build.ensure(size, False, print)
    target = folder / "crm.sqlite3"
    shutil.copyfile(cached, target)
    wal = Path(f"{cached}-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, Path(f"{target}-wal"))
    return target


def csv_against(database: Path, path: Path, rows: int) -> Path:
    """``make_csv`` of ``rows`` people, some of whom ``database`` already holds."""
    con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        known = con.execute(
            "SELECT primary_email, primary_phone, first_name, last_name FROM contact"
            " WHERE deleted_at IS NULL"
        ).fetchall()
    finally:
        con.close()
    make_csv(path, rows, known)
    return path


def make_csv(path: Path, rows: int, known: list[tuple[str, str, str, str]], seed: int = 7) -> None:
    """A Google Contacts CSV: ~10% are ``known`` (stored) people again, with their name and
    their e-mail or phone, ~2% repeat an earlier row of the file (with another phone)."""
    rng = random.Random(seed)
    made: list[list[str]] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for n in range(rows):
            roll = rng.random()
            if roll < 0.02 and made:
                row = list(rng.choice(made))
                row[14] = f"+1 555 {n:07d}"  # the same person, a second phone
                out.writerow(row)
                continue
            loc = rng.choice(words.LOCALES)
            first, last = rng.choice(loc.first), rng.choice(loc.last)
            email = f"{first}.{last}.{n}@example.org".lower().replace(" ", "")
            phone = f"+49 30 {n:08d}"
            if roll < 0.12 and known:
                mail, tel, known_first, known_last = rng.choice(known)
                first, last = known_first or first, known_last or last
                if rng.random() < 0.5 and mail:
                    email = mail
                else:
                    phone = tel or phone
            company = rng.choice(words.COMPANY_WORDS) + rng.choice(words.COMPANY_NOUNS).lower()
            row = [
                first, "", last, "", f"19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{n % 9}",
                "Met at the fair." if rng.random() < 0.1 else "",
                "* myContacts ::: Customers" if rng.random() < 0.3 else "* myContacts",
                "* Work", email, "", "", "Mobile", phone, "", "",
                "Home" if rng.random() < 0.5 else "", "" if rng.random() < 0.5 else "1 Main St",
                company if rng.random() < 0.7 else "", rng.choice(words.TITLES),
            ]  # fmt: skip
            made.append(row)
            out.writerow(row)


def plain_records(path: Path) -> Iterator[ImportedContact]:
    """The CSV as records without the readers (their stand-in while they are not there)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for line, r in enumerate(rows, start=2):
            labels = [p.strip() for p in r[6].split(":::")]
            yield ImportedContact(
                line,
                first_name=r[0],
                last_name=r[2],
                birthday=date.fromisoformat(r[4]) if r[4] else None,
                notes=r[5],
                tags=[p for p in labels if p and not p.startswith("*")],
                emails=[(r[7].strip("* ").lower(), r[8])] if r[8] else [],
                phones=[(r[11].lower(), r[12])] + ([("", r[14])] if r[14] else []),
                address=r[16],
                company=r[17],
                title=r[18],
            )


def reader_records(path: Path) -> tuple[Iterable[ImportedRecord], str] | None:
    try:
        from crm_desktop import interchange

        read_table = interchange.read_table  # type: ignore[attr-defined]
        detect_preset = interchange.detect_preset  # type: ignore[attr-defined]
        records = interchange.records  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return None
    table = read_table(path)
    preset = detect_preset(table.header)
    return records(table, preset), f"readers ({preset.key})"


def raw_rate(database: Path, batch_id: int, untouched: Path, tuned: bool) -> tuple[float, int]:
    """Raw sqlite3 ``executemany`` of the rows the import made (contacts, e-mails, phones, tag
    links, companies), as they were stored, into ``untouched``: a copy of the same database
    before the import (same rows, same indexes; foreign keys off, no search index), one
    transaction; with sqlite3's default pragmas, or ``tuned`` as the import tunes its own
    connection (512 MB page cache, synchronous=NORMAL): contact rows per second, and how
    many."""
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    made = 'SELECT row_id FROM import_item WHERE batch_id = ? AND "table" = ? AND action = ?'
    data: dict[str, list[Any]] = {}
    for table, owner in (("company", "id"), ("contact", "id")):
        data[table] = source.execute(
            f"SELECT * FROM {table} WHERE {owner} IN ({made})", [batch_id, table, "created"]
        ).fetchall()
    for table in ("contact_email", "contact_phone", "contact_tag"):
        data[table] = source.execute(
            f"SELECT * FROM {table} WHERE contact_id IN ({made}) ORDER BY id",
            [batch_id, "contact", "created"],
        ).fetchall()
    source.close()
    target = sqlite3.connect(untouched, isolation_level=None)
    if tuned:
        target.execute("PRAGMA cache_size = -512000")
        target.execute("PRAGMA synchronous = NORMAL")
    target.execute("SELECT count(*) FROM contact").fetchone()
    started = time.perf_counter()
    target.execute("BEGIN IMMEDIATE")
    for table, rows in data.items():
        if rows:
            marks = ",".join("?" * len(rows[0]))
            target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    target.execute("COMMIT")
    seconds = time.perf_counter() - started
    target.close()
    return len(data["contact"]) / seconds, len(data["contact"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="rows in the CSV")
    parser.add_argument("--existing", type=int, default=100_000, help="contacts stored before")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="import-bench-"))
    try:
        database = existing_database(args.existing, folder)
        open_store(database, folder / "backups")  # migrated to the current schema
        db.close()
        untouched = [folder / "raw.sqlite3", folder / "raw-tuned.sqlite3"]
        for copy in untouched:
            shutil.copyfile(database, copy)
        open_store(database, folder / "backups")
        path = csv_against(database, folder / "google.csv", args.size)
        found = reader_records(path)
        records, how = found if found else (plain_records(path), "csv module, no readers")
        clock = FixedClock(time_now())
        service = ImportService(clock, ensure_default(clock))
        report = service.run(
            records,
            file_name=path.name,
            source="google",
            options=ImportOptions(),
            total=args.size,
            settle_later=True,  # as the wizard does: the report first, then the checkpoint
        )
        started = time.perf_counter()
        service.settle()
        settle_s = time.perf_counter() - started
        raw, raw_rows = raw_rate(database, report.batch_id, untouched[0], tuned=False)
        tuned, _ = raw_rate(database, report.batch_id, untouched[1], tuned=True)
        clock.advance(timedelta(minutes=5))
        started = time.perf_counter()
        undone = service.revert(report.batch_id)
        revert_s = time.perf_counter() - started
        db.close()
        rate = args.size / report.seconds
        verdict = "PASS" if report.seconds < TARGET_S else "FAIL"
        print(f"Import of a Google Contacts CSV into {args.existing:,} contacts ({how})\n")
        print(
            "| Rows | Seconds | Rows/s | Raw executemany rows/s (default pragmas) "
            "| Raw, tuned like ours | Ours/raw tuned | Target | Result |"
        )
        print("|---:|---:|---:|---:|---:|---:|---|---|")
        print(
            f"| {args.size:,} | {report.seconds:.1f} | {rate:,.0f} | {raw:,.0f} | {tuned:,.0f} "
            f"| {tuned / rate:.1f}× slower | < {TARGET_S:.0f} s | {verdict} |"
        )
        print(
            f"\nSeconds: from the start of the run to its report, the import committed and "
            f"durable (the wizard shows the report then). The WAL's checkpoint that follows "
            f"on the same worker took {settle_s:.1f} s more ({report.seconds + settle_s:.1f} s "
            "in all): the window is not kept waiting for it."
        )
        print(
            f"\nRaw: the {raw_rows:,} contact rows the import made, with their e-mails, phones, "
            "tag links and new companies, as stored, by sqlite3 executemany into a copy of the "
            "same database, one transaction (no matching, no search index)."
        )
        print(
            f"\nReport: {report.created:,} created, {report.updated:,} updated, "
            f"{report.skipped:,} skipped, {len(report.rejected):,} rejected, "
            f"{report.merged_in_file:,} merged within the file; rows made: {report.new_rows}."
        )
        print(f"Undo of that import: {revert_s:.1f} s ({undone.summary()[:200]})")
        return 0 if verdict == "PASS" else 1
    finally:
        db.close()
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def time_now() -> datetime:
    return datetime.now(UTC)


if __name__ == "__main__":
    sys.exit(main())
