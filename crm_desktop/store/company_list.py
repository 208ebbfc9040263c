"""The company list's SQL: one page in any column's order, filtered, by keyset; and counts.

Every sort key is exactly an index expression with ``sort_name`` and ``id`` after it: the name's
is ``company_deleted_at_sort_name_id`` (migration 1), the others' ``company_list_*`` (migration
3), over plain columns or over the people count and tags kept on the row by
``store.denormalised``. So a page reads about as many index entries as it shows; ``key_at``
alone steps over ``offset`` entries, for a far jump (dragging the scroll bar).

A page after a key ``(k, name, id)`` is read in two parts, each a seek into the index: the
rest of ``k``'s rows, then the rows beyond ``k`` (``store.list_query`` says why and how; it
also makes the statements this list shares with the others).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any, NamedTuple

from crm_desktop.store import list_query, search
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
_SOURCE = " FROM company c"  # for a key or a count: no names joined
KEY_START = 9  # where a row's sort key begins among the selected columns


class Filters(NamedTuple):
    """What narrows the list. ``owner_id`` 0 means "nobody"; ``tag_key`` is a casefolded name."""

    text: str = ""
    tag_key: str | None = None
    owner_id: int | None = None
    trashed: bool = False
    name_key: str = ""  # the text folded as sort_name is, to find trashed companies by name


def _where(filters: Filters, in_order: bool = True) -> list_query.Where:
    """The WHERE clause for rows read in a sort index's order, or (``in_order`` False) counted."""
    in_trash = partial(_in_trash, filters.name_key)
    return list_query.party_where("company", filters, in_order, in_trash)


def _in_trash(name_key: str, text: str) -> list_query.Statement:
    like = f"%{text.strip().casefold()}%"
    return (
        "(c.sort_name LIKE ? OR lower(c.website) LIKE ? OR lower(c.industry) LIKE ?"
        " OR c.phone LIKE ?)",
        [f"%{name_key}%", like, like, like],
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
    """Up to ``limit`` rows in the list's order (or its reverse), after the key ``after``
    (from it, when ``inclusive``); in two parts when the key's head is an expression (every
    order but the name's)."""
    keys = SORT_KEYS[sort]
    statement = list_query.page_statement(
        f"SELECT {_COLUMNS}, {', '.join(keys)}{_FROM}",
        _where(filters),
        keys,
        descending,
        after,
        limit,
        inclusive,
        split=len(keys) > 2,
    )
    return list_query.all_rows(sql(*statement))


def key_at(sort: str, descending: bool, filters: Filters, offset: int) -> tuple[Any, ...] | None:
    """The sort key of the row at ``offset`` in the list's order (a far jump; see above)."""
    statement = list_query.key_statement(
        _SOURCE, _where(filters), SORT_KEYS[sort], descending, offset
    )
    return list_query.first_row(sql(*statement))


def count(filters: Filters) -> int:
    only_text = Filters(text=filters.text, name_key=filters.name_key)
    if search.match_expression(filters.text) and filters == only_text:
        return search.count_matches("company", filters.text)  # the index holds no trash
    return int(sql(*list_query.count_statement(_SOURCE, _where(filters, False))).fetchone()[0])
