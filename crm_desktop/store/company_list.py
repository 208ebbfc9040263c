"""The company list's SQL: one page in any column's order, filtered, by keyset; and counts.

Every sort key is exactly an index expression with ``sort_name`` and ``id`` after it: the name's
is ``company_deleted_at_sort_name_id`` (migration 1), the others' ``company_list_*`` (migration
3), over plain columns or over the people count and tags kept on the row by
``store.denormalised``. So a page reads about as many index entries as it shows; ``key_at``
alone steps over ``offset`` entries, for a far jump (dragging the scroll bar).

A page after a key ``(k, name, id)`` is read in two parts, each a seek into the index: the
rest of ``k``'s rows (``k = ?`` and ``(sort_name, id)`` after the key), then the rows beyond
``k``. One row-value comparison over all three would not seek: SQLite (3.40) seeks by a row
value over plain columns only, and walked ``lower(industry)`` or ``coalesce(owner_id, 0)`` from
the first living row to the key (25,000 entries for an owner's last page at 100,000
companies). ``UNION ALL`` without ``ORDER BY`` gives its first part's rows before its second's,
and each part is already in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crm_desktop.store import search
from crm_desktop.store.db import sql

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("c.sort_name", "c.id"),
    "industry": ("lower(c.industry)", "c.sort_name", "c.id"),
    "website": ("lower(c.website)", "c.sort_name", "c.id"),
    "phone": ("c.phone", "c.sort_name", "c.id"),
    "people": ("c.people_count", "c.sort_name", "c.id"),
    "owner": ("coalesce(c.owner_id, 0)", "c.sort_name", "c.id"),
    "tags": ("c.tag_names", "c.sort_name", "c.id"),
}

_COLUMNS = (
    "c.id, c.name, c.industry, c.website, c.phone, c.people_count, ifnull(s.name, ''),"
    " c.tag_names, c.owner_id"
)
_FROM = " FROM company c LEFT JOIN staff s ON s.id = c.owner_id"
KEY_START = 9  # where a row's sort key begins among the selected columns


@dataclass(frozen=True)
class Filters:
    """What narrows the list. ``owner_id`` 0 means "nobody"; ``tag_key`` is a casefolded name."""

    text: str = ""
    tag_key: str | None = None
    owner_id: int | None = None
    trashed: bool = False
    name_key: str = ""  # the text folded as sort_name is, to find trashed companies by name


def _where(filters: Filters, in_order: bool = True) -> tuple[str, list[Any]]:
    """The WHERE clause for rows read in a sort index's order, or (``in_order`` False) counted."""
    parts = ["c.deleted_at IS NOT NULL" if filters.trashed else "c.deleted_at IS NULL"]
    params: list[Any] = []
    if filters.text.strip() and (filters.trashed or search.match_expression(filters.text)):
        clause, more = _text_clause(filters, in_order)
        parts.append(clause)
        params += more
    if filters.tag_key is not None:
        parts.append(
            "c.id IN (SELECT ct.company_id FROM company_tag ct JOIN tag t ON t.id = ct.tag_id"
            " WHERE t.name_key = ?)"
        )
        params.append(filters.tag_key)
    if filters.owner_id is not None:
        parts.append("coalesce(c.owner_id, 0) = ?")
        params.append(filters.owner_id)
    return " WHERE " + " AND ".join(parts), params


def _text_clause(filters: Filters, in_order: bool) -> tuple[str, list[Any]]:
    text = filters.text
    if filters.trashed:  # the trash is not in the search index, and it is small
        like = f"%{text.strip().casefold()}%"
        return (
            "(c.sort_name LIKE ? OR lower(c.website) LIKE ? OR lower(c.industry) LIKE ?"
            " OR c.phone LIKE ?)",
            [f"%{filters.name_key}%", like, like, like],
        )
    return search.list_clause("company", "c.id", text, in_order)


def _order(keys: Sequence[str], descending: bool) -> str:
    return ", ".join(f"{k} DESC" if descending else k for k in keys)


def page(
    sort: str,
    descending: bool,
    filters: Filters,
    after: Sequence[Any] | None,
    limit: int,
    *,
    inclusive: bool = False,
) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows in the list's order (or its reverse), after the key ``after``
    (from it, when ``inclusive``)."""
    keys = SORT_KEYS[sort]
    where, params = _where(filters)
    select = f"SELECT {_COLUMNS}, {', '.join(keys)}{_FROM}{where}"
    if after is None:
        statement = f"{select} ORDER BY {_order(keys, descending)} LIMIT ?"
        return _rows(statement, [*params, limit])
    beyond = "<" if descending else ">"
    tie = beyond + ("=" if inclusive else "")
    if len(keys) == 2:  # the name: a row value over plain columns seeks
        order = _order(keys, descending)
        statement = f"{select} AND ({', '.join(keys)}) {tie} (?, ?) ORDER BY {order} LIMIT ?"
        return _rows(statement, [*params, *after, limit])
    head, rest = keys[0], keys[1:]
    same = (
        f"{select} AND {head} = ? AND ({', '.join(rest)}) {tie} (?, ?)"
        f" ORDER BY {_order(rest, descending)} LIMIT ?"
    )
    further = f"{select} AND {head} {beyond} ? ORDER BY {_order(keys, descending)} LIMIT ?"
    statement = f"SELECT * FROM ({same}) UNION ALL SELECT * FROM ({further}) LIMIT ?"
    first, name, row_id = after
    return _rows(statement, [*params, first, name, row_id, limit, *params, first, limit, limit])


def _rows(statement: str, params: list[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sql(statement, params).fetchall()]


def key_at(sort: str, descending: bool, filters: Filters, offset: int) -> tuple[Any, ...] | None:
    """The sort key of the row at ``offset`` in the list's order (a far jump; see above)."""
    keys = SORT_KEYS[sort]
    where, params = _where(filters)
    row = sql(
        f"SELECT {', '.join(keys)} FROM company c{where}"
        f" ORDER BY {_order(keys, descending)} LIMIT 1 OFFSET ?",
        [*params, offset],
    ).fetchone()
    return tuple(row) if row is not None else None


def count(filters: Filters) -> int:
    only_text = Filters(text=filters.text, name_key=filters.name_key)
    if search.match_expression(filters.text) and filters == only_text:
        return search.count_matches("company", filters.text)  # the index holds no trash
    where, params = _where(filters, False)
    return int(sql(f"SELECT count(*) FROM company c{where}", params).fetchone()[0])
