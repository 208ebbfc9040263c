"""The reminders pane's SQL: how many open reminders fall in each time window, the first rows of
one window, and the contacts whose "stay in touch" cadence has lapsed.

Windows are half-open ranges of ``remind_at`` (epoch seconds). Counts and rows read the
indexes ``reminder_status_remind_at`` and, for one assignee,
``reminder_status_assignee_id_remind_at`` (both made in schema 1): a count walks only its
window's index entries, a page reads about as many entries as it returns. The cadence queries
walk ``contact_cadence`` (schema 4), an index on the moment each cadence lapses: the next
lapse is one index entry (0.2 ms at 100,000 contacts, was 20-45 ms as a scan).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, cast

from crm_desktop.store.db import database, sql

DAY = 86_400

Window = tuple[int | None, int | None]  # [start, end) in epoch seconds; None: unbounded

ROW_COLUMNS = (
    "id title note due_at remind_at assignee_id assignee_name contact_id contact_name"
    " contact_deleted lead_id lead_title recur_every recur_unit"
)

_ROW_SELECT = (
    "SELECT r.id, r.title, r.note, r.due_at, r.remind_at, r.assignee_id, s.name,"
    " r.contact_id, c.display_name, c.deleted_at IS NOT NULL, r.lead_id, l.title,"
    " r.recur_every, r.recur_unit"
    " FROM reminder r"
    " LEFT JOIN staff s ON s.id = r.assignee_id"
    " LEFT JOIN contact c ON c.id = r.contact_id"
    " LEFT JOIN lead l ON l.id = r.lead_id"
)


def _window(window: Window, assignee_id: int | None, alias: str = "") -> tuple[str, list[Any]]:
    parts, params = [f"{alias}status = 'open'"], []
    if assignee_id is not None:
        parts.append(f"{alias}assignee_id = ?")
        params.append(assignee_id)
    start, end = window
    if start is not None:
        parts.append(f"{alias}remind_at >= ?")
        params.append(start)
    if end is not None:
        parts.append(f"{alias}remind_at < ?")
        params.append(end)
    return " AND ".join(parts), params


def counts(windows: Sequence[Window], assignee_id: int | None = None) -> list[int]:
    """Open reminders in each window, in one statement: a range count per window (four range
    counts over 100,000 reminders: 6 ms; one pass summing four conditions: 30 ms)."""
    selects, params = [], []
    for window in windows:
        where, more = _window(window, assignee_id)
        selects.append(f"(SELECT count(*) FROM reminder WHERE {where})")
        params += more
    row = sql(f"SELECT {', '.join(selects)}", params).fetchone()
    return [int(n) for n in row]


def rows(
    window: Window,
    assignee_id: int | None = None,
    after: tuple[int, int] | None = None,
    limit: int = 25,
) -> list[tuple[Any, ...]]:
    """Open reminders in ``window`` soonest first (``ROW_COLUMNS``), strictly after the keyset
    ``after`` = (remind_at, id) when given."""
    where, params = _window(window, assignee_id, "r.")
    if after is not None:
        where += " AND (r.remind_at, r.id) > (?, ?)"
        params += list(after)
    statement = f"{_ROW_SELECT} WHERE {where} ORDER BY r.remind_at, r.id LIMIT ?"
    return [tuple(row) for row in sql(statement, [*params, limit]).fetchall()]


# When a contact's cadence lapses: their last interaction (or the epoch, never contacted) plus
# their "stay in touch every N days".
_LAPSE = f"coalesce(c.last_contacted_at, 0) + c.stay_in_touch_days * {DAY}"
_CADENCED = "c.deleted_at IS NULL AND c.do_not_contact = 0 AND c.stay_in_touch_days IS NOT NULL"


def lapsed_cadences(
    now: int, since: int | None = None
) -> list[tuple[int, str, int | None, int, int | None, int]]:
    """(contact id, name, last contacted, every N days, owner, lapsed at) of each living contact
    whose cadence has lapsed by ``now`` (and after ``since``, when given: what lapsed since the
    last look) and who has no follow-up for it yet, oldest lapse first.

    A lapse is in hand when the contact has a reminder (any status) made since it lapsed, or
    an open one made since their last interaction: either way a follow-up is there already.
    """
    params: list[Any] = [now]
    newer = ""
    if since is not None:
        newer = f" AND {_LAPSE} > ?"
        params.append(since)
    statement = (
        f"SELECT c.id, c.display_name, c.last_contacted_at, c.stay_in_touch_days, c.owner_id,"
        f" {_LAPSE} FROM contact c WHERE {_CADENCED} AND {_LAPSE} <= ?{newer}"
        " AND NOT EXISTS (SELECT 1 FROM reminder r WHERE r.contact_id = c.id"
        f"  AND (r.created_at >= {_LAPSE}"
        "   OR (r.status = 'open' AND r.created_at >= coalesce(c.last_contacted_at, 0))))"
        f" ORDER BY {_LAPSE}, c.id"
    )
    return [tuple(row) for row in sql(statement, params).fetchall()]


def next_lapse(now: int) -> int | None:
    """The soonest moment after ``now`` at which a living contact's cadence lapses."""
    row = sql(
        f"SELECT min({_LAPSE}) FROM contact c WHERE {_CADENCED} AND {_LAPSE} > ?", [now]
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


_INSERT = (
    "INSERT INTO reminder (uid, version, created_at, updated_at, title, note, due_at, remind_at,"
    " assignee_id, contact_id, status) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'open')"
)


def add_open(rows: Sequence[tuple[str, int, str, str, int, int | None, int]]) -> list[int]:
    """Insert open reminders (uid, now, title, note, due, assignee, contact) in one statement
    per batch (peewee's insert_many spent 0.45 s building the SQL of 3,000), and return their
    ids in the order given."""
    connection = cast(sqlite3.Connection, database.connection())  # type: ignore[no-untyped-call]
    connection.executemany(
        _INSERT,
        [(uid, now, now, title, note, due, due, assignee, contact)
         for uid, now, title, note, due, assignee, contact in rows],
    )  # fmt: skip
    found: dict[str, int] = {}
    uids = [row[0] for row in rows]
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        found.update(
            (str(uid), int(rid))
            for uid, rid in sql(
                f"SELECT uid, id FROM reminder WHERE uid IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    return [found[uid] for uid in uids]
