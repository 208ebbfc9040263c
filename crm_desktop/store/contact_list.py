"""The contact list's SQL: one page in any column's order, filtered, by keyset; and counts.

Every sort key is exactly an index expression made by migration 2 (``contact_list_*``), with
``sort_name`` and ``id`` after it, so a page reads about as many index entries as it shows.
The one exception is ``key_at``, which steps over ``offset`` entries of such an index: the
list uses it only to jump far (dragging the scroll bar), never to walk page by page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from crm_desktop.store import list_query
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
_SOURCE = " FROM contact c"  # for a key or a count: no names joined
KEY_START = 12  # where a row's sort key begins among the selected columns


class Filters(NamedTuple):
    """What narrows the list. ``owner_id`` 0 means "nobody"; times are epoch seconds."""

    text: str = ""
    tag_key: str | None = None
    owner_id: int | None = None
    lifecycle: str | None = None
    contacted_before: int | None = None  # last contacted before this, or never
    no_open_followup: bool = False
    trashed: bool = False


def _where(filters: Filters, in_order: bool = True) -> list_query.Where:
    """The WHERE clause for rows read in a sort index's order, or (``in_order`` False) counted."""
    where = list_query.party_where("contact", filters, in_order, _in_trash)
    where.given("c.lifecycle = ?", filters.lifecycle)
    where.given("coalesce(c.last_contacted_at, 0) < ?", filters.contacted_before)
    if filters.no_open_followup:
        where.add(f"coalesce(c.next_due_at, {NO_DUE}) = {NO_DUE}")
    return where


def _in_trash(text: str) -> list_query.Statement:
    like = f"%{text.strip().casefold()}%"
    return (
        "(lower(c.display_name) LIKE ? OR lower(c.primary_email) LIKE ? OR c.primary_phone LIKE ?)",
        [like, like, like],
    )


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
    select = f"SELECT {_COLUMNS}, {', '.join(keys)}{_FROM}"
    statement = list_query.page_statement(
        select,
        _where(filters),
        keys,
        descending,
        after,
        limit,
        inclusive,
        split="(" in keys[0],  # an expression's key: one seek per part (list_query explains)
    )
    return list_query.all_rows(sql(*statement))


def key_at(sort: str, descending: bool, filters: Filters, offset: int) -> tuple[Any, ...] | None:
    """The sort key of the row at ``offset`` in the list's order (a far jump; see above)."""
    statement = list_query.key_statement(
        _SOURCE, _where(filters), SORT_KEYS[sort], descending, offset
    )
    return list_query.first_row(sql(*statement))


def count(filters: Filters) -> int:
    if filters.text.strip() and filters == Filters(text=filters.text):
        from crm_desktop.store import search  # here: the first list, unfiltered, needs none of it

        if search.match_expression(filters.text):
            return search.count_matches("contact", filters.text)  # the index holds no trash
    return int(sql(*list_query.count_statement(_SOURCE, _where(filters, False))).fetchone()[0])
