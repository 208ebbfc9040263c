"""What the paged lists' SQL has in common (contacts, companies, the Reminders page): a WHERE
clause assembled from the filters that are set, the contact and company lists' shared filters,
and the statements for a page in a sort index's order by keyset, the key at an offset and a
count. Only text is made here: each list runs its statements through its own ``sql``, and keeps
its own columns, sort keys and filters.

A page after a key is one seek into the sort index when the key's head is a plain column: a
row-value comparison over all of the key, ``(k, sort_name, id) > (?, ?, ?)``. When the head is
an expression (``lower(industry)``, ``coalesce(owner_id, 0)``), a list asks for it ``split``:
the rest of ``k``'s rows (``k = ?`` and the rest of the key after it), then the rows beyond
``k``, each a seek. One row-value comparison would not seek: SQLite (3.40) seeks by a row value
over plain columns only, and walked ``lower(industry)`` from the first living company to the
key (25,000 entries for an owner's last page at 100,000 companies). ``UNION ALL`` without
``ORDER BY`` gives its first part's rows before its second's, and each part is already in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import sqlite3

    class PartyFilters(Protocol):
        """What the contact and company lists narrow by alike (their ``Filters`` have it)."""

        @property
        def text(self) -> str: ...
        @property
        def tag_key(self) -> str | None: ...  # a tag's name, casefolded
        @property
        def owner_id(self) -> int | None: ...  # 0: nobody
        @property
        def trashed(self) -> bool: ...


Statement = tuple[str, list[Any]]  # SQL and its parameters, in order


class Where:
    """A WHERE clause: conditions joined by AND, each with its parameters, in the order added."""

    __slots__ = ("params", "parts")

    def __init__(self, *parts: str) -> None:
        self.parts = list(parts)
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> None:
        self.parts.append(condition)
        self.params += params

    def given(self, condition: str, value: Any) -> None:
        """``condition`` with ``value`` for its one ``?``, unless ``value`` is None (no filter)."""
        if value is not None:
            self.add(condition, value)

    @property
    def clause(self) -> str:
        """`` WHERE ...``, or nothing when no condition was added."""
        return f" WHERE {' AND '.join(self.parts)}" if self.parts else ""


def party_where(
    kind: str, filters: PartyFilters, in_order: bool, in_trash: Callable[[str], Statement]
) -> Where:
    """The contact or company list's (``kind``, aliased ``c``) conditions in common, in this
    order: in the trash or out of it; the words of the text (through the search index, which
    holds no trash, for rows read in a sort index's order or, ``in_order`` False, counted; in
    the trash, which is small, by ``in_trash(text)``, a ``LIKE`` on the list's own columns); a
    tag; an owner."""
    text, trashed = filters.text, filters.trashed
    where = Where("c.deleted_at IS NOT NULL" if trashed else "c.deleted_at IS NULL")
    if text.strip():
        from crm_desktop.store import search  # here: a start's first list has no text filter

        if trashed or search.match_expression(text):
            condition, params = (
                in_trash(text) if trashed else search.list_clause(kind, "c.id", text, in_order)
            )
            where.add(condition, *params)
    where.given(
        f"c.id IN (SELECT ct.{kind}_id FROM {kind}_tag ct JOIN tag t ON t.id = ct.tag_id"
        " WHERE t.name_key = ?)",
        filters.tag_key,
    )
    where.given("coalesce(c.owner_id, 0) = ?", filters.owner_id)
    return where


def order_by(keys: Sequence[str], descending: bool) -> str:
    return ", ".join(f"{k} DESC" if descending else k for k in keys)


def beyond(descending: bool, inclusive: bool = False) -> str:
    """The comparison that keeps what follows a key in the list's order (and the key itself,
    when ``inclusive``)."""
    return ("<" if descending else ">") + ("=" if inclusive else "")


def page_statement(
    select: str,
    where: Where,
    keys: Sequence[str],
    descending: bool,
    after: Sequence[Any] | None,
    limit: int,
    inclusive: bool,
    *,
    split: bool = False,
) -> Statement:
    """Up to ``limit`` rows of ``select`` (``SELECT ... FROM ...``) narrowed by ``where``, in
    the order of ``keys`` (or its reverse), after the key ``after`` (from it, when
    ``inclusive``); ``split``: seek in two parts (see above)."""
    head = f"{select}{where.clause}"
    order = order_by(keys, descending)
    if after is None:
        return f"{head} ORDER BY {order} LIMIT ?", [*where.params, limit]
    glue = " AND " if where.parts else " WHERE "
    tie = beyond(descending, inclusive)
    if not split:
        marks = ", ".join("?" * len(keys))
        seek = f"{head}{glue}({', '.join(keys)}) {tie} ({marks}) ORDER BY {order} LIMIT ?"
        return seek, [*where.params, *after, limit]
    first, rest = keys[0], keys[1:]
    same = (
        f"{head}{glue}{first} = ? AND ({', '.join(rest)}) {tie}"
        f" ({', '.join('?' * len(rest))}) ORDER BY {order_by(rest, descending)} LIMIT ?"
    )
    further = f"{head}{glue}{first} {beyond(descending)} ? ORDER BY {order} LIMIT ?"
    return (
        f"SELECT * FROM ({same}) UNION ALL SELECT * FROM ({further}) LIMIT ?",
        [*where.params, *after, limit, *where.params, after[0], limit, limit],
    )


def key_statement(
    source: str, where: Where, keys: Sequence[str], descending: bool, offset: int
) -> Statement:
    """The sort key of the row at ``offset`` of ``source`` (`` FROM ...``) narrowed by ``where``:
    a far jump, which steps over ``offset`` index entries."""
    return (
        f"SELECT {', '.join(keys)}{source}{where.clause}"
        f" ORDER BY {order_by(keys, descending)} LIMIT 1 OFFSET ?",
        [*where.params, offset],
    )


def count_statement(source: str, where: Where) -> Statement:
    return f"SELECT count(*){source}{where.clause}", where.params


def all_rows(cursor: sqlite3.Cursor) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in cursor.fetchall()]


def first_row(cursor: sqlite3.Cursor) -> tuple[Any, ...] | None:
    row = cursor.fetchone()
    return tuple(row) if row is not None else None
