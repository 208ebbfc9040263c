"""SQL for finding and merging duplicate contacts.

Finding reads whole columns in a few statements (grouped by email key, by phone number, and
the living contacts' names) and leaves the comparing to ``domain.duplicates``: at 100,000
contacts each statement takes well under a second, where one query per contact would take
minutes.

Merging keeps raw rows (column values as stored: epoch seconds, 0/1) of the rows it is about
to change, so an undo can put them back exactly; ``put_back`` writes them back by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from crm_desktop.store.db import sql

Row = tuple[Any, ...]
_CHUNK = 500  # ids per statement

MIN_PHONE_DIGITS = 7  # shorter numbers (extensions, "112") say nothing about a person
PHONE_SUFFIX = 9  # numbers compared on their last digits: "+44 20 7946 0018" = "020 7946 0018"


def living_contacts() -> list[tuple[int, str, str, str, str, int | None]]:
    """(id, uid, first name, last name, display name, company id) of every contact not in
    the trash."""
    rows = sql(
        "SELECT id, uid, first_name, last_name, display_name, company_id FROM contact"
        " WHERE deleted_at IS NULL"
    ).fetchall()
    return [tuple(row) for row in rows]


def company_names() -> dict[int, str]:
    return {int(cid): str(name) for cid, name in sql("SELECT id, name FROM company").fetchall()}


# The two below group every row, trashed contacts' too: leaving those out in SQL (a join per
# row) took three times as long at 100,000 contacts as leaving them out in Python after.


def shared_emails() -> list[tuple[str, list[int]]]:
    """(email key, the contacts holding it) for every email two or more contacts share. The
    keys are found through their index alone, then only those keys' rows are read."""
    rows = sql(
        "SELECT email_key, group_concat(DISTINCT contact_id) FROM contact_email"
        " WHERE email_key IN (SELECT email_key FROM contact_email WHERE email_key != ''"
        "  GROUP BY email_key HAVING count(*) > 1)"
        " GROUP BY email_key HAVING count(DISTINCT contact_id) > 1"
    ).fetchall()
    return [(str(shown), _ids(joined)) for shown, joined in rows]


def shared_phones() -> list[tuple[str, list[int]]]:
    """(phone as typed, the contacts holding it) for every number two or more contacts share:
    compared on the last ``PHONE_SUFFIX`` digits, so a country code or a trunk 0 in front does
    not matter; numbers of fewer than ``MIN_PHONE_DIGITS`` digits are left out."""
    rows = sql(
        "SELECT min(phone), group_concat(DISTINCT contact_id) FROM ("
        f" SELECT CASE WHEN length(phone_key) >= {PHONE_SUFFIX}"
        f"  THEN substr(phone_key, -{PHONE_SUFFIX}) ELSE phone_key END AS number,"
        f"  phone, contact_id FROM contact_phone WHERE length(phone_key) >= {MIN_PHONE_DIGITS})"
        " GROUP BY number HAVING count(DISTINCT contact_id) > 1"
    ).fetchall()
    return [(str(shown), _ids(joined)) for shown, joined in rows]


def _ids(joined: object) -> list[int]:
    return sorted(int(part) for part in str(joined).split(","))


# -- the rows a merge changes ------------------------------------------------------------------


def columns(table: str) -> tuple[str, ...]:
    """The table's column names in their stored order."""
    return tuple(str(row[1]) for row in sql(f'PRAGMA table_info("{table}")').fetchall())


def _defaults(table: str) -> Row:
    """Each column's default value, in ``columns(table)`` order (None where it has none)."""
    found = [row[4] for row in sql(f'PRAGMA table_info("{table}")').fetchall()]
    return tuple(sql(f"SELECT {', '.join(d or 'NULL' for d in found)}").fetchone())


def raw_rows(table: str, where: str, params: Sequence[object] = ()) -> list[Row]:
    """Rows of ``table`` as stored, all columns in ``columns(table)`` order, by id."""
    return [tuple(row) for row in sql(f"SELECT * FROM {table} WHERE {where} ORDER BY id", params)]


def ids_where(table: str, where: str, params: Sequence[object] = ()) -> list[int]:
    return [int(row[0]) for row in sql(f"SELECT id FROM {table} WHERE {where} ORDER BY id", params)]


def values_of(table: str, names: str, contact_id: int) -> list[Row]:
    """Columns ``names`` of a contact's rows in ``table`` (emails, phones), in their order."""
    return [
        tuple(row)
        for row in sql(
            f"SELECT {names} FROM {table} WHERE contact_id = ? ORDER BY position, id", [contact_id]
        )
    ]


def ids_still(table: str, column: str, value: int, ids: Sequence[int]) -> list[int]:
    """Those of ``ids`` whose ``column`` still holds ``value`` (rows moved since stay put)."""
    found: list[int] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        found += ids_where(table, f"{column} = ? AND id IN ({marks})", [value, *chunk])
    return found


def set_where_ids(table: str, sets: str, params: Sequence[object], ids: Iterable[int]) -> None:
    """``UPDATE table SET sets WHERE id IN ids`` in chunks (``params`` fill ``sets``)."""
    wanted = list(ids)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        sql(f"UPDATE {table} SET {sets} WHERE id IN ({marks})", [*params, *chunk])


def put_back(table: str, rows: Sequence[Row], stamp: int, *, skip: Iterable[str] = ()) -> None:
    """Write raw rows back by id: a row still there gets its values back (all but id, uid,
    version, created_at and the ``skip`` columns; updated_at becomes ``stamp``, its version
    moves on by the table's trigger); a row gone since is inserted again with its uid (and its
    id, unless another row took it), and its tombstone goes."""
    names = columns(table)
    # A row saved before a later version added columns (at the end) gets their defaults.
    if any(len(row) < len(names) for row in rows):
        defaults = _defaults(table)
        rows = [(*row, *defaults[len(row) :]) for row in rows]
    fixed = {"id", "uid", "version", "created_at", "updated_at", *skip}
    editable = [i for i, name in enumerate(names) if name not in fixed]
    sets = ", ".join(f'"{names[i]}" = ?' for i in editable)
    there: dict[int, Row] = {}
    for start in range(0, len(rows), _CHUNK):
        chunk = [row[0] for row in rows[start : start + _CHUNK]]
        found = raw_rows(table, f"id IN ({','.join('?' * len(chunk))})", chunk)
        there.update((int(row[0]), row) for row in found)
    for row in rows:
        current = there.get(int(row[0]))
        if current is not None and current[1] == row[1]:
            if any(current[i] != row[i] for i in editable):
                values = [row[i] for i in editable]
                statement = f'UPDATE {table} SET {sets}, "updated_at" = ? WHERE id = ?'
                sql(statement, [*values, stamp, row[0]])
            continue
        again: dict[str, Any] = dict(zip(names, row, strict=True))
        again["updated_at"] = stamp
        again["version"] = int(again["version"]) + 1
        if current is not None:
            del again["id"]  # taken by a newer row: this one comes back under a new id
        quoted = ", ".join(f'"{name}"' for name in again)
        marks = ",".join("?" * len(again))
        sql(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", list(again.values()))
        sql('DELETE FROM tombstone WHERE "table" = ? AND uid = ?', [table, row[1]])


def delete_rows(table: str, ids: Sequence[int], stamp: int) -> None:
    """Delete rows by id, leaving a tombstone for each."""
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        sql(
            f'INSERT INTO tombstone ("table", uid, deleted_at) SELECT ?, uid, ? FROM {table}'
            f" WHERE id IN ({marks})",
            [table, stamp, *chunk],
        )
        sql(f"DELETE FROM {table} WHERE id IN ({marks})", chunk)
