"""Realistic demo data at any size, seeded: the same seed gives the same people.

Rows go straight into the open store with ``executemany`` (peewee builds SQL in Python at a
seventh of the speed), one transaction per batch of contacts with everything that belongs to
them and their search-index entries, so a crash leaves each batch wholly there or wholly absent;
a big demo into an empty store is one transaction, its indexes built at the end (``_whole``).
The rows themselves are made in ``demo_rows``; the words they are made of in ``demo_names``.
"""

from __future__ import annotations

import copy
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import cast

from crm_desktop.domain import demo_names as w
from crm_desktop.domain import staff
from crm_desktop.domain.clock import Clock, SystemClock
from crm_desktop.domain.demo_rows import COLUMNS, Batch, World
from crm_desktop.domain.pipeline import PipelineService
from crm_desktop.store import bulk_load, db, search
from crm_desktop.store.db import database
from crm_desktop.store.values import to_epoch

Progress = Callable[[str, int, int], None]
BATCH = 50_000  # contacts per transaction, with their companies, leads, interactions, reminders
FIRST_BATCH = 2_000  # while the planner has no statistics yet (see _batches)
CACHE_KIB = 1_000_000  # page cache while generating (1 GB): the random-keyed indexes stay in it
FTS_HASH = 64 << 20  # FTS5 pending-terms memory while generating (its default: 1 MiB)
# From this many contacts into an empty store, all is one transaction and the indexes are built
# at the end (measured, against a transaction per batch with the indexes kept up: 1M 193 s
# against 292 s; 100k 16.1-16.5 s against 20.2-21.5 s; 10k 1.3-1.7 s against 1.8-2.3 s).
LOAD_WHOLE_FROM = 10_000
# The indexes the search index's rows are read through (its source's subqueries), kept then.
_READ_THROUGH = frozenset(
    {"contact_email_contact_id", "contact_phone_contact_id", "contact_tag_contact_id_tag_id",
     "company_tag_company_id_tag_id"}
)  # fmt: skip

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
    with _bulk_settings():
        if n_contacts >= LOAD_WHOLE_FROM and _no_contacts():
            counts = _whole(world, n_contacts, tell)
        else:
            counts = _batches(world, n_contacts, tell)
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


Shape = tuple[int, int, int, int]  # contacts, companies, leads, reminders of one batch


def _plan(n_contacts: int, first_batch: int) -> list[Shape]:
    """How many contacts, companies, leads and reminders each batch gets."""
    targets = (max(1, round(n_contacts / 10)), round(n_contacts / 5), round(n_contacts / 5))
    shapes: list[Shape] = []
    done = 0
    while done < n_contacts:
        size = min(BATCH if shapes else first_batch, n_contacts - done)
        more = [t * (done + size) // n_contacts - t * done // n_contacts for t in targets]
        shapes.append((size, more[0], more[1], more[2]))
        done += size
    return shapes


def _build(world: World, first_ids: dict[str, int], shape: Shape) -> tuple[Batch, World]:
    """A batch of rows, and the world as it was before (to make the same batch again)."""
    before = copy.deepcopy(world)
    batch = Batch(world, first_ids)
    batch.fill(*shape)
    return batch, before


def _whole(world: World, n_contacts: int, tell: Progress) -> dict[str, int]:
    """Into an empty store: everything in one transaction, with the tables' indexes set aside
    until all rows are in (``store.bulk_load``), but those the search index's rows are read
    through. A crash leaves the store as it was, indexes and all."""
    with database.atomic():
        aside = bulk_load.set_aside(COLUMNS, keep=_READ_THROUGH)
        counts = _batches(world, n_contacts, tell, own_transactions=False)
        tell("indexes", 0, len(aside))
        bulk_load.build_again(aside, lambda done, total: tell("indexes", done, total))
    return counts


def _batches(
    world: World, n_contacts: int, tell: Progress, *, own_transactions: bool = True
) -> dict[str, int]:
    """Write everything, one transaction per batch of contacts (or all in the caller's:
    ``own_transactions`` False); the row counts per table.

    A second thread makes the next batch's rows while this one's search index is built and
    committed: SQLite lets go of the GIL for those long statements (not for executemany's
    row-by-row steps, so the thread waits during those). Its ids are foretold from this
    batch's; should another writer have taken them meanwhile, the batch is made again.
    """
    planned = _has_statistics()
    plan = _plan(n_contacts, BATCH if planned else FIRST_BATCH)
    counts = dict.fromkeys(("contact", "company", "lead", "interaction", "reminder"), 0)
    tell("contacts", 0, n_contacts)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-rows") as helper:
        pending = helper.submit(_build, world, _next_ids(), plan[0]) if plan else None
        for number, shape in enumerate(plan):
            assert pending is not None
            batch, before = pending.result()
            with database.atomic() if own_transactions else nullcontext():
                first_ids = _next_ids()
                if first_ids != batch.first:
                    world = before
                    batch, _ = _build(world, first_ids, shape)
                _insert(batch)
                if number + 1 < len(plan):
                    following = {t: batch.first[t] + len(batch.rows[t]) for t in COLUMNS}
                    pending = helper.submit(_build, world, following, plan[number + 1])
                _index(batch)
            for table in counts:
                counts[table] += len(batch.rows[table])
            tell("contacts", sum(shape[0] for shape in plan[: number + 1]), n_contacts)
            if not planned:
                # Without statistics SQLite reads reindex_range's rows in name order through
                # the (deleted_at, ...) indexes; FTS5 then flushes at every out-of-order rowid,
                # which made each batch several times slower. A small first batch and ANALYZE.
                _connection().execute("ANALYZE")
                planned = True
    return counts


def _no_contacts() -> bool:
    return _connection().execute("SELECT 1 FROM contact LIMIT 1").fetchone() is None


def _has_statistics() -> bool:
    con = _connection()
    if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        return False
    return bool(con.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'contact'").fetchone())


@contextmanager
def _bulk_settings() -> Iterator[None]:
    """A bigger page cache, and FTS5 flushing its pending terms in big segments; both put back."""
    with db.larger_cache(CACHE_KIB), search.bulk_loading(FTS_HASH):
        yield


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


def _insert(batch: Batch) -> None:
    """Insert the batch's rows in foreign-key order."""
    con = _connection()
    for table, rows in batch.rows.items():
        if rows:
            con.executemany(_INSERT[table], rows)


def _index(batch: Batch) -> None:
    """Index the batch's rows for search."""
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
            found = con.execute("SELECT id, name FROM tag WHERE name_key = ?", (key,)).fetchone()
            if found is None:
                found = con.execute(
                    "INSERT INTO tag (uid, version, created_at, updated_at, name, name_key)"
                    " VALUES (?, 1, ?, ?, ?, ?) RETURNING id, name",
                    (world.uid(), now, now, tag, key),
                ).fetchone()
            world.tags.append(int(found[0]))
            world.tag_names.append(str(found[1]))
    for stage_id, top in con.execute(
        "SELECT stage_id, max(position) FROM lead WHERE pipeline_id = ? GROUP BY stage_id",
        (world.pipeline_id,),
    ):
        world.positions[int(stage_id)] = int(top) + 1
    return world
