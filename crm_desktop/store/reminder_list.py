"""The Reminders page's SQL: one page of reminders in a column's order, filtered, by keyset; and
counts.

A page is read in two steps: the inner query picks the page's ids and sort keys from
``reminder`` alone (and ``staff``, for the assignee's name order), the outer one joins the names
(contact, lead, assignee) onto those few rows only. Joined before the sort, every one of
100,000 rows would be looked up in three tables to show a hundred.

How each order reads, at 100,000 open reminders (measured, ``bench/reminders_ui.py``):

- by due time (``remind_at``: when it fires, its due time or the end of a snooze) with one
  status: ``reminder_status_remind_at``, a page in about 2 ms; for one assignee ("mine")
  ``reminder_status_assignee_id_remind_at``. The due-range filter is a range of the same index.
  With every status ("All"), no index is in due order: 15 to 25 ms a page.
- by assignee, with a status: each staff member's rows in due order through
  ``reminder_status_assignee_id_remind_at``, one staff member after another in name order
  (``_by_assignee``): about 1 ms a page. For every status: that index read whole, the names
  looked up, the best ``limit`` kept: 35 to 45 ms a page.
- by title or completed time with a status: ``reminder_list_title`` and
  ``reminder_list_completed`` (schema 4), seeking past the key in two parts, as
  ``store.list_query`` explains (the head of the key is an expression): about 1 ms a page
  (30 to 40 ms without them). With every status, the rows are read in one pass over the
  table (``NOT INDEXED``: the planner would otherwise walk an index and look each row up,
  four times slower) keeping the best ``limit``.
- words (a ``LIKE`` on title and note, each word in either): one pass over the table, as
  above: 20 to 35 ms for a page or the count, however rare the word. Walking the due index
  instead found a common word's page in 2 ms but a rare word's in over 100 ms.

A due range (``start``/``end``) keeps the index: it narrows the rows before anything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crm_desktop.store import list_query
from crm_desktop.store.db import sql

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "due": ("r.remind_at", "r.id"),
    "title": ("lower(r.title)", "r.remind_at", "r.id"),
    "assignee": ("lower(coalesce(s.name, ''))", "r.remind_at", "r.id"),
    "completed": ("coalesce(r.completed_at, 0)", "r.id"),
}
STATUSES = ("open", "done", "cancelled")

ROW_COLUMNS = (
    "id title note due_at remind_at status completed_at assignee_id assignee_name contact_id"
    " contact_name contact_trashed lead_id lead_title recur_every recur_unit"
)
_COLUMNS = (
    "r.id, r.title, r.note, r.due_at, r.remind_at, r.status, r.completed_at, r.assignee_id,"
    " s.name, r.contact_id, c.display_name, c.deleted_at IS NOT NULL, r.lead_id, l.title,"
    " r.recur_every, r.recur_unit"
)
_JOINS = (
    " LEFT JOIN staff s ON s.id = r.assignee_id"
    " LEFT JOIN contact c ON c.id = r.contact_id"
    " LEFT JOIN lead l ON l.id = r.lead_id"
)
KEY_START = 16  # where a row's sort key begins among the selected columns

# Orders read through an index on an expression (``reminder_list_title``,
# ``reminder_list_completed``, made in schema 4), whose keyset seek goes in two parts.
EXPRESSION_SORTS = ("title", "completed")


@dataclass(frozen=True)
class Filters:
    """What narrows the list; times are epoch seconds, windows half-open ``[start, end)``."""

    status: str | None = "open"  # None: every status
    assignee_id: int | None = None
    words: tuple[str, ...] = ()  # each in the title or the note, in any case
    start: int | None = None  # remind_at >= start
    end: int | None = None  # remind_at < end


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(filters: Filters) -> list_query.Where:
    where = list_query.Where()
    where.given("r.status = ?", filters.status)
    where.given("r.assignee_id = ?", filters.assignee_id)
    where.given("r.remind_at >= ?", filters.start)
    where.given("r.remind_at < ?", filters.end)
    for word in filters.words:
        like = f"%{_escape(word)}%"
        where.add("(r.title LIKE ? ESCAPE '\\' OR r.note LIKE ? ESCAPE '\\')", like, like)
    return where


def _scan(sort: str, filters: Filters) -> bool:
    """Whether one pass over the table beats an index for this page (see the docstring)."""
    if filters.start is not None or filters.end is not None:
        return False
    if filters.words:
        return True
    return sort in EXPRESSION_SORTS and filters.status is None


def _from(sort: str, scan: bool) -> str:
    """``scan``: read the table in one pass, not through an index (see the docstring)."""
    staff = " LEFT JOIN staff s ON s.id = r.assignee_id" if sort == "assignee" else ""
    return f" FROM reminder r{' NOT INDEXED' if scan else ''}{staff}"


def page(
    sort: str,
    descending: bool,
    filters: Filters,
    after: Sequence[Any] | None,
    limit: int,
    *,
    inclusive: bool = False,
) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows (``ROW_COLUMNS``, then the sort key) in the list's order (or its
    reverse), after the key ``after`` (from it, when ``inclusive``)."""
    keys = SORT_KEYS[sort]
    groups = _assignee_groups(sort, filters)
    if groups is not None:
        inner, params = _by_assignee(groups, descending, filters, after, limit, inclusive)
    else:  # one statement over ``reminder``; in two parts through an expression's index
        scan = _scan(sort, filters)
        chosen = ", ".join(f"{k} AS k{n}" for n, k in enumerate(keys))
        inner, params = list_query.page_statement(
            f"SELECT r.id AS rid, {chosen}{_from(sort, scan)}",
            _where(filters),
            keys,
            descending,
            after,
            limit,
            inclusive,
            split=sort in EXPRESSION_SORTS and not scan,
        )
    names = [f"p.k{n}" for n in range(len(keys))]
    statement = (
        f"SELECT {_COLUMNS}, {', '.join(names)} FROM ({inner}) p"
        f" JOIN reminder r ON r.id = p.rid{_JOINS}"
        f" ORDER BY {list_query.order_by(names, descending)}"
    )
    return list_query.all_rows(sql(statement, params))


# -- the assignee order, one staff member after another -----------------------------------------

MAX_GROUPS = 60  # more staff than this: one pass and a sort instead (a statement per group)
Group = tuple[str, tuple[int | None, ...]]  # a name as the list sorts it, and whose it is


def _assignee_groups(sort: str, filters: Filters) -> list[Group] | None:
    """The staff in name order (``lower`` as SQLite folds it; nobody's first, as ''), when the
    assignee order is read one staff member after another: with a status (the index's first
    column) and no words (those read the whole table anyway)."""
    if sort != "assignee" or filters.status is None or _scan(sort, filters):
        return None
    named: dict[str, list[int | None]] = {"": [None]}
    for sid, name in sql("SELECT id, lower(name) FROM staff ORDER BY 2, 1").fetchall():
        named.setdefault(str(name or ""), []).append(int(sid))
    if len(named) > MAX_GROUPS:
        return None
    return [(name, tuple(ids)) for name, ids in sorted(named.items())]


def _by_assignee(
    groups: list[Group],
    descending: bool,
    filters: Filters,
    after: Sequence[Any] | None,
    limit: int,
    inclusive: bool,
) -> tuple[str, list[Any]]:
    """The page's ids and keys: each staff member's rows in due order, through
    ``reminder_status_assignee_id_remind_at`` (a seek each), one after another in name order
    (``UNION ALL`` gives its parts in turn); the first ``limit`` of them. A sort of every row
    by the staff's name took 35 to 45 ms a page at 100,000 open reminders; this about 1 ms."""
    where = _where(filters)
    order = list_query.order_by(("r.remind_at", "r.id"), descending)
    tie = list_query.beyond(descending, inclusive)
    parts: list[str] = []
    values: list[Any] = []
    for name, ids in reversed(groups) if descending else groups:
        if after is not None and (name < after[0] if not descending else name > after[0]):
            continue  # wholly before the key
        whose = ["r.assignee_id IS NULL"] if None in ids else []
        staff = [i for i in ids if i is not None]
        if staff:
            whose.append(f"r.assignee_id IN ({', '.join('?' * len(staff))})")
        more = f"({' OR '.join(whose)})"
        extra: list[Any] = [*staff]
        if after is not None and name == after[0]:
            more += f" AND (r.remind_at, r.id) {tie} (?, ?)"
            extra += [after[1], after[2]]
        parts.append(
            f"SELECT * FROM (SELECT r.id AS rid, ? AS k0, r.remind_at AS k1, r.id AS k2"
            f" FROM reminder r{where.clause} AND {more} ORDER BY {order} LIMIT ?)"
        )
        values += [name, *where.params, *extra, limit]
    if not parts:
        return "SELECT NULL AS rid, NULL AS k0, NULL AS k1, NULL AS k2 LIMIT 0", []
    return f"{' UNION ALL '.join(parts)} LIMIT ?", [*values, limit]


def key_at(sort: str, descending: bool, filters: Filters, offset: int) -> tuple[Any, ...] | None:
    """The sort key of the row at ``offset`` in the list's order (a far jump: it steps over
    ``offset`` rows, so the list uses it only when no neighbouring page is known)."""
    groups = _assignee_groups(sort, filters)
    if groups is not None:
        inner, params = _by_assignee(groups, descending, filters, None, offset + 1, False)
        return list_query.first_row(
            sql(f"SELECT k0, k1, k2 FROM ({inner}) LIMIT 1 OFFSET ?", [*params, offset])
        )
    source = _from(sort, _scan(sort, filters))
    return list_query.first_row(
        sql(*list_query.key_statement(source, _where(filters), SORT_KEYS[sort], descending, offset))
    )


def count(filters: Filters) -> int:
    source = _from("due", _scan("due", filters))
    return int(sql(*list_query.count_statement(source, _where(filters))).fetchone()[0])


# -- many rows at once ------------------------------------------------------------------------

State = tuple[str, int | None, bool, int | None]  # status, completed_at, recurring, contact_id


def states(ids: Sequence[int]) -> dict[int, State]:
    """What the bulk actions need to know of each of these reminders (the ones that exist)."""
    found: dict[int, State] = {}
    for chunk in _chunks(ids):
        rows = sql(
            "SELECT id, status, completed_at, recur_every IS NOT NULL AND recur_unit IS NOT NULL,"
            f" contact_id FROM reminder WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        found.update(
            (int(rid), (str(status), done, bool(recurs), contact))
            for rid, status, done, recurs, contact in rows
        )
    return found


def set_status(ids: Sequence[int], status: str, completed_at: int | None, now: int) -> None:
    """Give these reminders ``status`` and ``completed_at`` (epoch seconds), in one statement
    per 500 (one call each of the follow-up service took 1.6 s for 1,000, measured)."""
    for chunk in _chunks(ids):
        sql(
            "UPDATE reminder SET status = ?, completed_at = ?, updated_at = ?"
            f" WHERE id IN ({','.join('?' * len(chunk))})",
            [status, completed_at, now, *chunk],
        )


def _chunks(ids: Sequence[int], size: int = 500) -> list[list[int]]:
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]
