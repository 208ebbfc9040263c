"""Realistic demo data at any size, seeded: the same seed gives the same people.

Rows go straight into the open store with ``executemany`` (peewee builds SQL in Python at a
seventh of the speed), one transaction per batch of contacts with everything that belongs to
them and their search-index entries, so a crash leaves each batch wholly there or wholly absent.
The rows themselves are made in ``demo_rows``; the words they are made of in ``demo_names``.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from crm_desktop.domain import demo_names as w
from crm_desktop.domain import staff
from crm_desktop.domain.clock import Clock, SystemClock
from crm_desktop.domain.demo_rows import COLUMNS, Batch, World
from crm_desktop.domain.pipeline import PipelineService
from crm_desktop.store import search
from crm_desktop.store.db import database
from crm_desktop.store.fields import to_epoch

Progress = Callable[[str, int, int], None]
BATCH = 20_000  # contacts per transaction, with their companies, leads, interactions, reminders

_INSERT = {
    table: f"INSERT INTO {table} (id, uid, version, created_at, updated_at, {', '.join(cols)}) "
    f"VALUES ({', '.join('?' * (len(cols) + 5))})"
    for table, cols in COLUMNS.items()
}
_INDEXED = ("contact", "company", "lead", "interaction")  # search kinds, named like their tables


@dataclass(frozen=True)
class DemoReport:
    contacts: int
    companies: int
    leads: int
    interactions: int
    reminders: int
    seconds: float


def generate(
    n_contacts: int,
    *,
    seed: int = 1,
    clock: Clock | None = None,
    progress: Progress | None = None,
) -> DemoReport:
    """Add ``n_contacts`` people to the open store, with about n/10 companies, n/5 leads,
    2.5n interactions and n/5 reminders; ``progress(phase, done, total)`` hears how far."""
    if n_contacts < 0:
        raise ValueError("The number of contacts cannot be negative.")
    started = time.perf_counter()
    world = _world(clock or SystemClock(), seed)
    tell = progress or _silent
    targets = (max(1, round(n_contacts / 10)), round(n_contacts / 5), round(n_contacts / 5))
    counts = dict.fromkeys(("contact", "company", "lead", "interaction", "reminder"), 0)
    done = 0
    tell("contacts", 0, n_contacts)
    while done < n_contacts:
        size = min(BATCH, n_contacts - done)
        companies, leads, reminders = (
            t * (done + size) // n_contacts - t * done // n_contacts for t in targets
        )
        with database.atomic():
            batch = Batch(world, _next_ids())
            batch.fill(size, companies, leads, reminders)
            _write(batch)
        for table in counts:
            counts[table] += len(batch.rows[table])
        done += size
        tell("contacts", done, n_contacts)
    tell("analyze", 0, 1)
    _connection().execute("ANALYZE")
    tell("analyze", 1, 1)
    return DemoReport(
        contacts=counts["contact"],
        companies=counts["company"],
        leads=counts["lead"],
        interactions=counts["interaction"],
        reminders=counts["reminder"],
        seconds=time.perf_counter() - started,
    )


def _silent(phase: str, done: int, total: int) -> None:
    pass


def _connection() -> sqlite3.Connection:
    return cast(sqlite3.Connection, database.connection())  # type: ignore[no-untyped-call]


def _next_ids() -> dict[str, int]:
    """The first free id of every table (read inside the batch's write transaction)."""
    con = _connection()
    return {
        table: int(con.execute(f"SELECT ifnull(max(id), 0) + 1 FROM {table}").fetchone()[0])
        for table in COLUMNS
    }


def _write(batch: Batch) -> None:
    """Insert the batch's rows in foreign-key order, then index them for search."""
    con = _connection()
    for table, rows in batch.rows.items():
        if rows:
            con.executemany(_INSERT[table], rows)
    for kind in _INDEXED:
        if batch.rows[kind]:
            first = batch.first[kind]
            search.reindex_range(kind, first, first + len(batch.rows[kind]) - 1)


def _world(clock: Clock, seed: int) -> World:
    """Staff, tags and the default pipeline (made where missing), and the random streams.

    Uids come from a stream of their own, seeded also by what the store already holds, so the
    same seed run twice adds the same people again instead of colliding on a uid.
    """
    rng = random.Random(seed)
    state = [v - 1 for v in _next_ids().values()]
    world = World(rng, random.Random(f"{seed}:{state}"), to_epoch(clock.now()))
    pipelines = PipelineService(clock)
    world.pipeline_id = pipelines.ensure_default()
    stages = pipelines.stages(world.pipeline_id)
    world.open_stages = [s for s in stages if s.kind == "open"]
    world.won = next((s for s in stages if s.kind == "won"), None)
    world.lost = next((s for s in stages if s.kind == "lost"), None)
    con, now = _connection(), world.now
    with database.atomic():
        world.owners.append(staff.ensure_default(clock))
        for name, mail, role in w.STAFF[: 3 + rng.randrange(3)]:
            found = con.execute("SELECT id FROM staff WHERE email = ?", (mail,)).fetchone()
            if found is None:
                found = con.execute(
                    "INSERT INTO staff (uid, version, created_at, updated_at, name, email, role,"
                    " is_default) VALUES (?, 1, ?, ?, ?, ?, ?, 0) RETURNING id",
                    (world.uid(), now, now, name, mail, role),
                ).fetchone()
            world.owners.append(int(found[0]))
        for tag in w.TAGS:
            key = tag.casefold()
            found = con.execute("SELECT id FROM tag WHERE name_key = ?", (key,)).fetchone()
            if found is None:
                found = con.execute(
                    "INSERT INTO tag (uid, version, created_at, updated_at, name, name_key)"
                    " VALUES (?, 1, ?, ?, ?, ?) RETURNING id",
                    (world.uid(), now, now, tag, key),
                ).fetchone()
            world.tags.append(int(found[0]))
    for stage_id, top in con.execute(
        "SELECT stage_id, max(position) FROM lead WHERE pipeline_id = ? GROUP BY stage_id",
        (world.pipeline_id,),
    ):
        world.positions[int(stage_id)] = int(top) + 1
    return world
