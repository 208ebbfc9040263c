"""Timing our calls and the same statements through a raw ``sqlite3`` connection.

The raw baseline replays exactly what our call sent to SQLite: every statement and its
parameters are captured once from peewee's ``execute_sql``, then run on a separate stdlib
connection and fetched in full. The ratio ours/raw is then the cost of the Python around it.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactService
from crm_desktop.domain.followups import FollowUpService
from crm_desktop.domain.pipeline import PipelineService
from crm_desktop.store import search
from crm_desktop.store.db import database

Statements = list[tuple[str, tuple[Any, ...]]]


@dataclass(frozen=True)
class Figure:
    name: str
    ours_ms: float  # median
    raw_ms: float  # median
    ours_p95: float | None = None
    raw_p95: float | None = None
    note: str = ""


def raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA cache_size = -64000")  # as the store's connection has
    con.execute("PRAGMA temp_store = memory")
    return con


def capture(call: Callable[[], object]) -> Statements:
    """The statements (with parameters) ``call`` sends through peewee."""
    seen: Statements = []
    original = database.execute_sql

    def spy(sql: str, params: Sequence[Any] | None = None) -> Any:
        seen.append((sql, tuple(params or ())))
        return original(sql, params)

    database.execute_sql = spy  # type: ignore[method-assign]
    try:
        call()
    finally:
        del database.execute_sql
    return seen


def replay(con: sqlite3.Connection, statements: Statements) -> None:
    for sql, params in statements:
        con.execute(sql, params).fetchall()


def timings(call: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        call()
    spent = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        spent.append((time.perf_counter() - began) * 1000)
    return spent


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def compare(name: str, call: Callable[[], object], con: sqlite3.Connection, runs: int) -> Figure:
    statements = capture(call)
    ours = timings(call, runs)
    raw = timings(lambda: replay(con, statements), runs)
    return Figure(name, statistics.median(ours), statistics.median(raw), p95(ours), p95(raw))


def page_figures(con: sqlite3.Connection, clock: FixedClock, runs: int) -> list[Figure]:
    """A 100-row page sorted by name at the start, the middle and the end of the list."""
    service = ContactService(clock)
    alive = int(con.execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0])
    figures = []
    for label, offset in (("start", None), ("middle", alive // 2), ("end", max(0, alive - 101))):
        key: tuple[str, int] | None = None
        if offset is not None:
            row = con.execute(
                "SELECT sort_name, id FROM contact WHERE deleted_at IS NULL"
                " ORDER BY sort_name, id LIMIT 1 OFFSET ?",
                (offset,),
            ).fetchone()
            key = (row[0], int(row[1]))
        rows = service.page(after=key, limit=100)
        assert len(rows) == 100, f"{label}: {len(rows)} rows"
        figures.append(
            compare(
                f"contact page, 100 by name, {label}",
                lambda k=key: service.page(after=k, limit=100),
                con,
                runs,
            )
        )
    return figures


def search_figures(con: sqlite3.Connection, prefixes_per_length: int = 40) -> list[Figure]:
    """search() for 1-4 letter prefixes of real last names: median and p95 over prefixes."""
    rng = random.Random(1)
    top = int(con.execute("SELECT max(id) FROM contact").fetchone()[0])
    names = [
        con.execute(
            "SELECT last_name FROM contact WHERE id >= ? LIMIT 1", (rng.randint(1, top),)
        ).fetchone()[0]
        for _ in range(400)
    ]
    figures = []
    for length in (1, 2, 3, 4):
        prefixes = list(dict.fromkeys(n[:length] for n in names if len(n) >= length))
        prefixes = prefixes[:prefixes_per_length]
        ours, raw = [], []
        for prefix in prefixes:
            statements = capture(lambda p=prefix: search.search(p))
            ours.append(statistics.median(timings(lambda p=prefix: search.search(p), 3, 1)))
            raw.append(statistics.median(timings(lambda s=statements: replay(con, s), 3, 1)))
        figures.append(
            Figure(
                f"search-as-you-type, {length}-letter prefix",
                statistics.median(ours),
                statistics.median(raw),
                p95(ours),
                p95(raw),
                f"{len(prefixes)} prefixes",
            )
        )
    return figures


def reminder_figures(con: sqlite3.Connection, clock: FixedClock, runs: int) -> list[Figure]:
    """The reminders pane and the notification timer's queries."""
    service = FollowUpService(clock)
    overdue = len(service.overdue())
    today = len(service.due_today())
    return [
        replace(
            compare("overdue(): every open reminder past due", service.overdue, con, 10),
            note=f"{overdue:,} rows",
        ),
        compare(
            "overdue, first 100: between(None, now, limit=100)",
            lambda: service.between(None, clock.now(), limit=100),
            con,
            runs,
        ),
        replace(compare("due_today()", service.due_today, con, runs), note=f"{today:,} rows"),
        compare("next_due()", service.next_due, con, runs),
    ]


def pipeline_figures(con: sqlite3.Connection, clock: FixedClock, runs: int) -> list[Figure]:
    service = PipelineService(clock)
    pipeline_id = service.ensure_default()
    return [
        compare(
            "stage_totals(default pipeline)", lambda: service.stage_totals(pipeline_id), con, runs
        )
    ]
