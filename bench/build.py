"""The benchmark databases, built once with ``demo.generate`` and cached in ``bench/.cache``.

Also the baseline for the generation rate: raw ``executemany`` of comparable contact rows into
a bare ``contact`` table with the same indexes (no children, no search index, no foreign keys).
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from crm_desktop.domain import demo
from crm_desktop.domain import demo_names as words
from crm_desktop.domain.clock import FixedClock, SystemClock
from crm_desktop.domain.normalize import name_key
from crm_desktop.store import db
from crm_desktop.store.migrations import SCHEMA_VERSION
from crm_desktop.store.opening import open_store

CACHE = Path(__file__).resolve().parent / ".cache"
BACKUPS = CACHE / "backups"


@dataclass(frozen=True)
class Built:
    size: int
    path: Path
    now: datetime  # the instant the data was generated against: the benchmarks' clock
    seconds: float  # how long demo.generate took
    built_on: str
    counts: dict[str, int]

    @property
    def clock(self) -> FixedClock:
        return FixedClock(self.now)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ensure(size: int, rebuild: bool, log: Callable[[str], None]) -> Built:
    """The cached database of ``size`` contacts, generating it first if missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path, meta = CACHE / f"demo-{size}.sqlite3", CACHE / f"demo-{size}.json"
    saved = json.loads(meta.read_text()) if meta.exists() else {}
    if not rebuild and path.exists() and 0 < saved.get("schema", 0) < SCHEMA_VERSION:
        _migrate_in_place(path, meta, saved, log)
    if not rebuild and path.exists() and saved.get("schema") == SCHEMA_VERSION:
        return Built(
            size,
            path,
            datetime.fromisoformat(saved["now"]),
            saved["seconds"],
            saved["built_on"],
            saved["counts"],
        )
    building = CACHE / f"building-{size}.sqlite3"
    _remove(building)
    now = SystemClock().now()
    open_store(building, BACKUPS)
    shown = [0.0]

    def progress(phase: str, done: int, total: int) -> None:
        if time.perf_counter() - shown[0] > 10 or done == total:
            shown[0] = time.perf_counter()
            log(f"  {size:,}: {phase} {done:,}/{total:,}")

    try:
        report = demo.generate(size, seed=1, clock=FixedClock(now), progress=progress)
    finally:
        db.close()
    _remove(path)
    building.rename(path)
    counts = {k: v for k, v in asdict(report).items() if k != "seconds"}
    built_on = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    meta.write_text(
        json.dumps(
            {
                "schema": SCHEMA_VERSION,
                "now": now.isoformat(),
                "seconds": report.seconds,
                "built_on": built_on,
                "counts": counts,
            },
            indent=2,
        )
    )
    log(f"  {size:,}: generated in {report.seconds:.1f} s")
    return Built(size, path, now, report.seconds, built_on, counts)


def _migrate_in_place(
    path: Path, meta: Path, saved: dict[str, object], log: Callable[[str], None]
) -> None:
    """Bring a cached database to today's schema through the app's own migrations, which is
    what a user's file goes through too (regenerating 1,000,000 contacts takes minutes)."""
    log(f"  {path.name}: migrating from schema {saved['schema']} to {SCHEMA_VERSION}")
    scratch = CACHE / "migration-backups"
    try:
        open_store(path, scratch)
        db.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)  # the pre-migration copy: not needed here
    saved["schema"] = SCHEMA_VERSION
    meta.write_text(json.dumps(saved, indent=2))


def raw_insert_rate(size: int, schema_from: Path, batch: int = 20_000) -> float:
    """Contact rows per second through raw ``executemany``, one transaction per batch, into a
    fresh file holding only the contact table and its indexes (DDL copied from the store)."""
    source = sqlite3.connect(schema_from)
    ddl = [
        row[0]
        for row in source.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'contact' AND sql IS NOT NULL"
            " AND type IN ('table', 'index') ORDER BY type DESC"
        )
    ]
    source.close()
    target = CACHE / "raw-insert.sqlite3"
    _remove(target)
    con = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode = wal", "synchronous = full", "cache_size = -64000"):
        con.execute(f"PRAGMA {pragma}")
    for statement in ddl:
        con.execute(statement)
    rng = random.Random(1)
    now = int(time.time())
    marks = ", ".join("?" * 26)
    insert = (
        "INSERT INTO contact (id, uid, version, created_at, updated_at, first_name, last_name,"
        " display_name, sort_name, title, company_id, primary_email, primary_phone, address,"
        " birthday, preferred_channel, do_not_contact, source, referred_by_id, lifecycle,"
        f" owner_id, personal_notes, preferences, stay_in_touch_days, last_contacted_at,"
        f" deleted_at) VALUES ({marks})"
    )
    spent = 0.0
    for start in range(0, size, batch):
        rows = [_contact_row(rng, start + i + 1, now) for i in range(min(batch, size - start))]
        began = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.executemany(insert, rows)
        con.execute("COMMIT")
        spent += time.perf_counter() - began
    con.close()
    _remove(target)
    return size / spent


def _contact_row(rng: random.Random, row_id: int, now: int) -> tuple[object, ...]:
    r = rng.random
    locale = words.LOCALES[int(r() * len(words.LOCALES))]
    first, last = (
        locale.first[int(r() * len(locale.first))],
        locale.last[int(r() * len(locale.last))],
    )
    created = now - int(r() * 3 * 365 * 86_400)
    return (
        row_id, f"{rng.getrandbits(128):032x}", 1, created, created, first, last,
        f"{first} {last}", name_key(last, first), words.TITLES[int(r() * len(words.TITLES))],
        1 + int(r() * 1000), f"{first}.{last}@example.com", "+44 7700 900123", "High Street 1",
        None, "email", 0, "Website", None, "lead", 1 + int(r() * 5), "", "", None,
        created + int(r() * 86_400 * 30), None,
    )  # fmt: skip
