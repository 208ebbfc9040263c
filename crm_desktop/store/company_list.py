"""The company list's SQL: one page in name order (or its reverse), filtered, by keyset; counts.

The company table has one list index, (deleted_at, sort_name, id), and the list sorts by it
alone. Other orders were measured at 100,000 companies: industry, website, phone or owner
took 40-90 ms a page (SQLite sorts every living row for each page) and 150-260 ms for a far
jump; the people count or the tags, 0.1-3 s. Each would need an index of its own.

A page is found in two steps: the inner query orders only ids and keys, the outer one works
out the shown columns (people count, owner, tags) for the rows of that page alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crm_desktop.store import search
from crm_desktop.store.db import sql

KEYS = ("c.sort_name", "c.id")  # a row's keyset position

_COLUMNS = (
    "c.id, c.name, c.industry, c.website, c.phone,"
    " (SELECT count(*) FROM contact p WHERE p.company_id = c.id AND p.deleted_at IS NULL),"
    " ifnull(s.name, ''),"
    " ifnull((SELECT group_concat(name, ', ') FROM (SELECT t.name FROM company_tag ct"
    " JOIN tag t ON t.id = ct.tag_id WHERE ct.company_id = c.id ORDER BY t.name_key)), ''),"
    " c.owner_id"
)
KEY_START = 9  # where a row's key begins among the selected columns


@dataclass(frozen=True)
class Filters:
    text: str = ""
    trashed: bool = False
    name_key: str = ""  # the text folded as sort_name is, to find trashed companies by name


def _where(filters: Filters, in_order: bool) -> tuple[str, list[Any]]:
    """The WHERE clause for rows read in name order, or (``in_order`` False) for a count."""
    parts = ["c.deleted_at IS NOT NULL" if filters.trashed else "c.deleted_at IS NULL"]
    params: list[Any] = []
    if filters.text.strip() and (filters.trashed or search.match_expression(filters.text)):
        clause, params = _text_clause(filters, in_order)
        parts.append(clause)
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
    descending: bool,
    filters: Filters,
    after: Sequence[Any] | None,
    limit: int,
    *,
    inclusive: bool = False,
) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows in name order (or its reverse), after the key ``after``."""
    where, params = _where(filters, True)
    if after is not None:
        op = ("<" if descending else ">") + ("=" if inclusive else "")
        where += f" AND ({', '.join(KEYS)}) {op} (?, ?)"
        params += list(after)
    inner = (
        f"SELECT c.id AS id, c.sort_name AS sort_name FROM company c{where}"
        f" ORDER BY {_order(KEYS, descending)} LIMIT ?"
    )
    statement = (
        f"SELECT {_COLUMNS}, k.sort_name, k.id FROM ({inner}) k"
        " JOIN company c ON c.id = k.id LEFT JOIN staff s ON s.id = c.owner_id"
        f" ORDER BY {_order(('k.sort_name', 'k.id'), descending)}"
    )
    return [tuple(row) for row in sql(statement, [*params, limit]).fetchall()]


def key_at(descending: bool, filters: Filters, offset: int) -> tuple[Any, ...] | None:
    """The key of the row at ``offset`` in the list's order: for a far jump only (it steps
    over ``offset`` entries of the name index)."""
    where, params = _where(filters, True)
    row = sql(
        f"SELECT {', '.join(KEYS)} FROM company c{where}"
        f" ORDER BY {_order(KEYS, descending)} LIMIT 1 OFFSET ?",
        [*params, offset],
    ).fetchone()
    return tuple(row) if row is not None else None


def count(filters: Filters) -> int:
    if search.match_expression(filters.text) and not filters.trashed:
        return search.count_matches("company", filters.text)  # the index holds no trash
    where, params = _where(filters, False)
    return int(sql(f"SELECT count(*) FROM company c{where}", params).fetchone()[0])
