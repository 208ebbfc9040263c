"""The contact list's SQL: one page in any column's order, filtered, by keyset; and counts.

Every sort key is exactly an index expression made by migration 2 (``contact_list_*``), with
``sort_name`` and ``id`` after it, so a page reads about as many index entries as it shows.
The one exception is ``key_at``, which steps over ``offset`` entries of such an index: the
list uses it only to jump far (dragging the scroll bar), never to walk page by page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crm_desktop.store import search
from crm_desktop.store.db import sql
from crm_desktop.store.denormalised import NO_DUE

SORT_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("c.sort_name", "c.id"),
    "company": ("c.company_sort", "c.sort_name", "c.id"),
    "title": ("lower(c.title)", "c.sort_name", "c.id"),
    "email": ("lower(c.primary_email)", "c.sort_name", "c.id"),
    "phone": ("c.primary_phone", "c.sort_name", "c.id"),
    "owner": ("coalesce(c.owner_id, 0)", "c.sort_name", "c.id"),
    "tags": ("c.tag_names", "c.sort_name", "c.id"),
    "lifecycle": ("c.lifecycle", "c.sort_name", "c.id"),
    "last_contacted": ("coalesce(c.last_contacted_at, 0)", "c.sort_name", "c.id"),
    "next_due": (f"coalesce(c.next_due_at, {NO_DUE})", "c.sort_name", "c.id"),
}

_COLUMNS = (
    "c.id, c.display_name, ifnull(co.name, ''), c.title, c.primary_email, c.primary_phone,"
    " ifnull(s.name, ''), c.tag_names, c.lifecycle, c.last_contacted_at, c.next_due_at,"
    " c.owner_id"
)
_FROM = (
    " FROM contact c LEFT JOIN company co ON co.id = c.company_id"
    " LEFT JOIN staff s ON s.id = c.owner_id"
)
KEY_START = 12  # where a row's sort key begins among the selected columns


@dataclass(frozen=True)
class Filters:
    """What narrows the list. ``owner_id`` 0 means "nobody"; times are epoch seconds."""

    text: str = ""
    tag_key: str | None = None
    owner_id: int | None = None
    lifecycle: str | None = None
    contacted_before: int | None = None  # last contacted before this, or never
    no_open_followup: bool = False
    trashed: bool = False


def _where(filters: Filters, in_order: bool = True) -> tuple[str, list[Any]]:
    """The WHERE clause for rows read in a sort index's order, or (``in_order`` False) counted."""
    parts = ["c.deleted_at IS NOT NULL" if filters.trashed else "c.deleted_at IS NULL"]
    params: list[Any] = []
    if search.match_expression(filters.text) or (filters.trashed and filters.text.strip()):
        clause, more = _text_clause(filters.text, filters.trashed, in_order)
        parts.append(clause)
        params += more
    if filters.tag_key is not None:
        parts.append(
            "c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
            " WHERE t.name_key = ?)"
        )
        params.append(filters.tag_key)
    if filters.owner_id is not None:
        parts.append("coalesce(c.owner_id, 0) = ?")
        params.append(filters.owner_id)
    if filters.lifecycle is not None:
        parts.append("c.lifecycle = ?")
        params.append(filters.lifecycle)
    if filters.contacted_before is not None:
        parts.append("coalesce(c.last_contacted_at, 0) < ?")
        params.append(filters.contacted_before)
    if filters.no_open_followup:
        parts.append(f"coalesce(c.next_due_at, {NO_DUE}) = {NO_DUE}")
    return " WHERE " + " AND ".join(parts), params


def _text_clause(text: str, trashed: bool, in_order: bool) -> tuple[str, list[Any]]:
    if trashed:  # the trash is not in the search index, and it is small
        like = f"%{text.strip().casefold()}%"
        return (
            "(lower(c.display_name) LIKE ? OR lower(c.primary_email) LIKE ?"
            " OR c.primary_phone LIKE ?)",
            [like, like, like],
        )
    return search.list_clause("contact", "c.id", text, in_order)


def page(
    sort: str,
    descending: bool,
    filters: Filters,
    after: Sequence[Any] | None,
    limit: int,
    *,
    inclusive: bool = False,
) -> list[tuple[Any, ...]]:
    """Up to ``limit`` rows in the list's order (or its reverse), after the key ``after``."""
    keys = SORT_KEYS[sort]
    where, params = _where(filters)
    if after is not None:
        op = ("<" if descending else ">") + ("=" if inclusive else "")
        where += f" AND ({', '.join(keys)}) {op} ({', '.join('?' * len(keys))})"
        params += list(after)
    order = ", ".join(f"{k} DESC" if descending else k for k in keys)
    statement = f"SELECT {_COLUMNS}, {', '.join(keys)}{_FROM}{where} ORDER BY {order} LIMIT ?"
    return [tuple(row) for row in sql(statement, [*params, limit]).fetchall()]


def key_at(sort: str, descending: bool, filters: Filters, offset: int) -> tuple[Any, ...] | None:
    """The sort key of the row at ``offset`` in the list's order (a far jump; see above)."""
    keys = SORT_KEYS[sort]
    where, params = _where(filters)
    order = ", ".join(f"{k} DESC" if descending else k for k in keys)
    row = sql(
        f"SELECT {', '.join(keys)} FROM contact c{where} ORDER BY {order} LIMIT 1 OFFSET ?",
        [*params, offset],
    ).fetchone()
    return tuple(row) if row is not None else None


def count(filters: Filters) -> int:
    if search.match_expression(filters.text) and filters == Filters(text=filters.text):
        return search.count_matches("contact", filters.text)  # the index holds no trash
    where, params = _where(filters, False)
    return int(sql(f"SELECT count(*) FROM contact c{where}", params).fetchone()[0])
