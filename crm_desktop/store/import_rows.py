"""Bulk SQL for imports: the keys an import matches on, read once per run; rows written with
``executemany``; rows deleted with their tombstones; the import's own bookkeeping.

Everything here runs inside the caller's write transaction (``db.write``) on the one
connection peewee holds for this thread. Values go in and come out as stored: epoch seconds
for times, ordinals for days, 0/1 for booleans.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any, cast

from crm_desktop.store import search
from crm_desktop.store.db import (
    database,
    defer_checkpoints,
    larger_cache,
    resume_checkpoints,
    sql,
)

Row = tuple[Any, ...]
CHUNK = 500  # ids per IN (...) list

# The contact's own columns (what an import reads, changes and restores), derived ones after.
CONTACT_OWN = (
    "first_name",
    "last_name",
    "display_name",
    "sort_name",
    "title",
    "company_id",
    "address",
    "address_label",
    "birthday",
    "preferred_channel",
    "do_not_contact",
    "source",
    "referred_by_id",
    "lifecycle",
    "owner_id",
    "personal_notes",
    "preferences",
    "stay_in_touch_days",
)
CONTACT_DERIVED = (
    "primary_email",
    "primary_phone",
    "company_sort",
    "tag_names",
    "next_due_at",
    "last_contacted_at",
)
COMPANY_OWN = ("name", "sort_name", "website", "industry", "phone", "address", "notes", "owner_id")
LEAD_OWN = (
    "pipeline_id",
    "title",
    "contact_id",
    "company_id",
    "stage_id",
    "position",
    "value_minor",
    "currency",
    "expected_close",
    "source",
    "owner_id",
    "status",
    "probability",
    "closed_at",
    "lost_reason",
    "stage_entered_at",
    "next_step",
    "notes",
)
STAMP = ("uid", "version", "created_at", "updated_at")


def connection() -> sqlite3.Connection:
    return cast(sqlite3.Connection, database.connection())  # type: ignore[no-untyped-call]


def new_uids(count: int) -> list[str]:
    """``count`` time-ordered (version 7, RFC 9562) UUIDs as 32 hex digits, in ascending order:
    the current Unix time in milliseconds, then random bits. An import's rows then sit side by
    side at the end of each uid index instead of being scattered over every page of it, which
    rewrote whole indexes at each chunk's commit (a fifth of the WAL written by a 100k import,
    measured). Made in one go and sorted (uuid7() per row would cost more than the insert)."""
    raw = bytearray(os.urandom(16 * count))
    stamp = (time.time_ns() // 1_000_000).to_bytes(8, "big")[2:]  # 48 bits
    for at, byte in enumerate(stamp):
        raw[at::16] = bytes([byte]) * count
    raw[6::16] = raw[6::16].translate(_VERSION_7)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    text = raw.hex()
    return sorted(text[i : i + 32] for i in range(0, 32 * count, 32))


_VERSION_7 = bytes(b & 0x0F | 0x70 for b in range(256))
_VARIANT = bytes(b & 0x3F | 0x80 for b in range(256))


def next_id(table: str) -> int:
    """The first free id of ``table`` (read inside the write that will use it)."""
    return int(sql(f"SELECT ifnull(max(id), 0) + 1 FROM {table}").fetchone()[0])


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


# -- writing -----------------------------------------------------------------------------------


def insert(table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    if rows:
        names = ", ".join(f'"{c}"' for c in columns)
        connection().executemany(
            f"INSERT INTO {table} ({names}) VALUES ({_marks(len(columns))})", rows
        )


def update(table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """``UPDATE table SET columns WHERE id``: each row holds the values, then the id."""
    if rows:
        assignments = ", ".join(f'"{c}" = ?' for c in columns)
        connection().executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", rows)


def append_notes(table: str, column: str, rows: Sequence[tuple[str, int, int]]) -> None:
    """Add a paragraph to a text column: each row holds the text, the stamp, then the id."""
    if rows:
        connection().executemany(
            f"UPDATE {table} SET {column} = CASE {column} WHEN '' THEN ?1"
            f" ELSE {column} || char(10, 10) || ?1 END, updated_at = ?2 WHERE id = ?3",
            rows,
        )


def defer_foreign_keys() -> None:
    """Check foreign keys when the open transaction commits, not row by row (SQLite turns
    this off again at the commit)."""
    connection().execute("PRAGMA defer_foreign_keys = ON")


def delete(table: str, column: str, ids: Iterable[int], stamp: int, *, bury: bool = True) -> int:
    """Delete the rows whose ``column`` is one of ``ids``, leaving tombstones; how many went."""
    gone = 0
    for chunk in chunks(sorted(set(ids))):
        where = f"{column} IN ({_marks(len(chunk))})"
        if bury:
            sql(
                f'INSERT INTO tombstone ("table", uid, deleted_at) SELECT ?, uid, ? FROM {table}'
                f" WHERE {where}",
                [table, stamp, *chunk],
            )
        gone += sql(f"DELETE FROM {table} WHERE {where}", chunk).rowcount
    return gone


def delete_where(table: str, where: str, params: Sequence[object], stamp: int) -> int:
    """Delete the rows matching ``where``, leaving tombstones; how many went."""
    sql(
        f'INSERT INTO tombstone ("table", uid, deleted_at) SELECT ?, uid, ? FROM {table}'
        f" WHERE {where}",
        [table, stamp, *params],
    )
    return int(sql(f"DELETE FROM {table} WHERE {where}", params).rowcount)


# -- reading -----------------------------------------------------------------------------------


def select_in(
    table: str, columns: Sequence[str], column: str, ids: Iterable[int] | Iterable[str]
) -> list[Row]:
    """``columns`` of the rows whose ``column`` is one of ``ids`` (or uids), 500 per query."""
    names = ", ".join(f'"{c}"' for c in columns)
    found: list[Row] = []
    for chunk in chunks(sorted(set(ids))):
        found.extend(
            sql(
                f"SELECT {names} FROM {table} WHERE {column} IN ({_marks(len(chunk))})", chunk
            ).fetchall()
        )
    return found


def rows(statement: str, params: Sequence[object] = ()) -> list[Row]:
    return cast(list[Row], sql(statement, params).fetchall())


# Read in table order against a set of the living contacts' ids: a third faster than a join,
# which looked each contact's rows up through the contact_id index (100,000 contacts, measured).
_LIVING = "contact_id IN (SELECT id FROM contact WHERE deleted_at IS NULL)"


def contact_email_keys() -> list[tuple[str, int]]:
    """(email key, contact id) of every living contact, newest first (a dict keeps the
    oldest)."""
    return _newest_first(_bulk("email_key, contact_id", f"contact_email WHERE {_LIVING}"))


def contact_phone_keys() -> list[tuple[str, int]]:
    return _newest_first(_bulk("phone_key, contact_id", f"contact_phone WHERE {_LIVING}"))


def contact_name_keys() -> list[tuple[str, str, int]]:
    """(sort name, company sort name, id) of every living contact that works at a company."""
    return _newest_first(
        _bulk(
            "sort_name, company_sort, id",
            "contact WHERE deleted_at IS NULL AND company_sort != ''",
        )
    )


def contact_bare_names() -> list[tuple[str, int]]:
    """(sort name, id) of every living contact known by its name alone: no company, e-mail
    or phone."""
    return _newest_first(
        _bulk(
            "sort_name, id",
            "contact c WHERE deleted_at IS NULL AND company_id IS NULL AND sort_name != ''"
            " AND NOT EXISTS (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id)"
            " AND NOT EXISTS (SELECT 1 FROM contact_phone p WHERE p.contact_id = c.id)",
        )
    )


def contact_display_names() -> list[tuple[str, int]]:
    return _newest_first(_bulk("display_name, id", "contact WHERE deleted_at IS NULL"))


def _bulk(columns: str, source: str) -> list[list[Any]]:
    """``SELECT columns FROM source`` as one JSON array built inside SQLite. Fetched row by
    row, each row would hand the GIL back and forth, and with the import's other thread busy
    beside it every row would wait for its turn: 2 s instead of 0.2 s for the keys of 100,000
    contacts, measured. One long statement lets that thread run meanwhile."""
    found = sql(f"SELECT json_group_array(json_array({columns})) FROM {source}").fetchone()
    return cast(list[list[Any]], json.loads(found[0])) if found and found[0] else []


def _newest_first(rows: list[list[Any]]) -> list[Any]:
    """Rows ending in an id, as tuples, highest id first (so that a dict made of them keeps
    the oldest row of a key)."""
    rows.sort(key=itemgetter(-1), reverse=True)
    return [tuple(row) for row in rows]


def external_keys(table: str) -> list[tuple[str, int, int]]:
    """(key, row id, 1 if that row is still there and not in the trash) for ``table``."""
    alive = (
        f"EXISTS (SELECT 1 FROM {table} r WHERE r.id = k.row_id AND r.deleted_at IS NULL)"
        if table in ("contact", "company", "lead")
        else f"EXISTS (SELECT 1 FROM {table} r WHERE r.id = k.row_id)"
    )
    return cast(
        list[tuple[str, int, int]],
        rows(f'SELECT k.key, k.row_id, {alive} FROM external_key k WHERE k."table" = ?', [table]),
    )


def companies() -> list[tuple[str, int]]:
    """(sort name, id) of every living company, oldest last (so the oldest wins a dict)."""
    return _newest_first(_bulk("sort_name, id", "company WHERE deleted_at IS NULL"))


def tags() -> list[tuple[str, int, str]]:
    return cast(list[tuple[str, int, str]], rows("SELECT name_key, id, name FROM tag"))


def staff() -> list[tuple[int, str, str]]:
    return cast(list[tuple[int, str, str]], rows("SELECT id, name, email FROM staff ORDER BY id"))


def keys_of(table: str, ids: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for chunk in chunks(sorted(set(ids))):
        for key, row_id in rows(
            f'SELECT key, row_id FROM external_key WHERE "table" = ?'
            f" AND row_id IN ({_marks(len(chunk))}) ORDER BY id",
            [table, *chunk],
        ):
            found.setdefault(int(row_id), []).append(str(key))
    return found


def add_keys(table: str, pairs: Sequence[tuple[int, str]]) -> None:
    """Other programs' ids for our rows; a key left by a row since deleted is taken over."""
    if pairs:
        connection().executemany(
            'INSERT INTO external_key ("table", row_id, key) VALUES (?, ?, ?)'
            ' ON CONFLICT ("table", key) DO UPDATE SET row_id = excluded.row_id',
            [(table, row_id, key) for row_id, key in pairs],
        )


def record_items(batch_id: int, items: Sequence[tuple[str, int, str, str | None]]) -> None:
    """What an import created or updated: (table, row id, action, JSON before or None)."""
    if items:
        connection().executemany(
            'INSERT INTO import_item (batch_id, "table", row_id, action, before)'
            " VALUES (?, ?, ?, ?, ?)",
            [(batch_id, *item) for item in items],
        )


def items(batch_id: int) -> list[tuple[str, int, str, str | None]]:
    return cast(
        list[tuple[str, int, str, str | None]],
        rows(
            'SELECT "table", row_id, action, before FROM import_item WHERE batch_id = ?'
            " ORDER BY id",
            [batch_id],
        ),
    )


def tag_links(table: str, owner: str, ids: Iterable[int]) -> list[tuple[int, int, str]]:
    """(owner id, tag id, tag name) of the tag links of these rows (``contact_tag`` with owner
    ``contact_id``, or ``company_tag`` with ``company_id``)."""
    found: list[tuple[int, int, str]] = []
    for chunk in chunks(sorted(set(ids))):
        found.extend(
            rows(
                f"SELECT l.{owner}, l.tag_id, t.name FROM {table} l JOIN tag t ON t.id = l.tag_id"
                f" WHERE l.{owner} IN ({_marks(len(chunk))}) ORDER BY l.id",
                chunk,
            )
        )
    return found


def set_item_after(batch_id: int, table: str, row_id: int, after: str) -> None:
    """Replace the "after" part of an updated row's item (a later chunk changed it again)."""
    sql(
        "UPDATE import_item SET before = json_set(before, '$.after', json(?))"
        " WHERE batch_id = ? AND \"table\" = ? AND row_id = ? AND action = 'updated'",
        [after, batch_id, table, row_id],
    )


def refresh_primaries(contact_ids: Iterable[int]) -> None:
    """Each contact's primary e-mail and phone: its first by position (after an undo)."""
    for chunk in chunks(sorted(set(contact_ids))):
        sql(
            "UPDATE contact SET"
            " primary_email = coalesce((SELECT e.email FROM contact_email e"
            " WHERE e.contact_id = contact.id ORDER BY e.position, e.id LIMIT 1), ''),"
            " primary_phone = coalesce((SELECT p.phone FROM contact_phone p"
            " WHERE p.contact_id = contact.id ORDER BY p.position, p.id LIMIT 1), '')"
            f" WHERE id IN ({_marks(len(chunk))})",
            chunk,
        )


@contextmanager
def bulk_writing(cache_kib: int = 512_000, *, checkpoint: bool = True) -> Iterator[None]:
    """Settings for an import's chunks on this connection, put back after: a bigger page cache
    (the random-keyed indexes stay in memory), FTS5 buffering more terms per segment, no
    fsync per commit (WAL: a commit survives the app being killed, only a power cut could
    lose the last ones, until the next full commit syncs the WAL) and no checkpoint after
    each chunk, on this connection or any other (each would copy most index pages back into
    the file again: 5 s of the 100k import); one checkpoint at the end instead, or, with
    ``checkpoint=False``, when the caller calls ``settle`` (after showing its report)."""
    synchronous = int(sql("PRAGMA synchronous").fetchone()[0])
    autocheckpoint = int(sql("PRAGMA wal_autocheckpoint").fetchone()[0])
    defer_checkpoints()
    sql("PRAGMA synchronous = NORMAL")
    sql("PRAGMA wal_autocheckpoint = 0")
    try:
        with larger_cache(cache_kib), search.bulk_loading():
            yield
    finally:
        sql(f"PRAGMA synchronous = {synchronous}")
        sql(f"PRAGMA wal_autocheckpoint = {autocheckpoint}")
        if checkpoint:
            settle()


def settle() -> None:
    """Copy what the WAL holds back into the database file (a PASSIVE checkpoint: it waits
    for nobody), and let commits checkpoint automatically again. About a second after a
    100k-row import; off the window's thread."""
    try:
        sql("PRAGMA wal_checkpoint(PASSIVE)")
    finally:
        resume_checkpoints()
