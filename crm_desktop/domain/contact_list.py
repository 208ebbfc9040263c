"""The contact list as the user sees it: any column's order, filters, pages by keyset, counts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.store import contact_list as sql_list
from crm_desktop.store.values import LIFECYCLES, from_epoch, to_epoch

SORTS = tuple(sql_list.SORT_KEYS)
Key = tuple[Any, ...]


@dataclass(frozen=True)
class ContactQuery:
    """Which contacts, in which order. ``owner_id`` 0 means "no owner"."""

    sort: str = "name"
    descending: bool = False
    text: str = ""
    tag: str | None = None
    owner_id: int | None = None
    lifecycle: str | None = None
    not_contacted_days: int | None = None
    no_open_followup: bool = False
    trashed: bool = False

    def sorted_by(self, sort: str, descending: bool = False) -> ContactQuery:
        return replace(self, sort=sort, descending=descending)


@dataclass(frozen=True)
class ListRow:
    id: int
    display_name: str
    company_name: str
    title: str
    email: str
    phone: str
    owner_name: str
    tags: str
    lifecycle: str
    last_contacted_at: datetime | None
    next_due_at: datetime | None
    owner_id: int | None
    key: Key  # the keyset position: page after it for the rows that follow


class ContactList:
    """Reads for the contact list; a model asks for one page at a time."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def page(
        self, query: ContactQuery, after: Key | None = None, limit: int = 100
    ) -> list[ListRow]:
        """The rows following the keyset position ``after`` (from the start when None)."""
        return self._rows(query, query.descending, after, limit)

    def page_before(
        self, query: ContactQuery, before: Key | None, limit: int = 100
    ) -> list[ListRow]:
        """The ``limit`` rows just before ``before`` (the list's end when None), in list order."""
        return self._rows(query, not query.descending, before, limit)[::-1]

    def page_at(self, query: ContactQuery, offset: int, limit: int = 100) -> list[ListRow]:
        """The rows from position ``offset``: for a far jump, when no neighbour page is known."""
        if offset <= 0:
            return self.page(query, None, limit)
        key = sql_list.key_at(query.sort, query.descending, self._filters(query), offset)
        if key is None:
            return []
        return self._rows(query, query.descending, key, limit, inclusive=True)

    def count(self, query: ContactQuery) -> int:
        return sql_list.count(self._filters(query))

    def _rows(
        self,
        query: ContactQuery,
        descending: bool,
        after: Key | None,
        limit: int,
        inclusive: bool = False,
    ) -> list[ListRow]:
        rows = sql_list.page(
            query.sort, descending, self._filters(query), after, limit, inclusive=inclusive
        )
        start = sql_list.KEY_START
        return [
            ListRow(
                id=int(r[0]),
                display_name=r[1],
                company_name=r[2],
                title=r[3],
                email=r[4],
                phone=r[5],
                owner_name=r[6],
                tags=r[7],
                lifecycle=r[8],
                last_contacted_at=from_epoch(r[9]) if r[9] is not None else None,
                next_due_at=from_epoch(r[10]) if r[10] is not None else None,
                owner_id=r[11],
                key=tuple(r[start:]),
            )
            for r in rows
        ]

    def _filters(self, query: ContactQuery) -> sql_list.Filters:
        problems: dict[str, str] = {}
        if query.sort not in sql_list.SORT_KEYS:
            problems["sort"] = f"The list cannot be sorted by {query.sort!r}."
        if query.lifecycle is not None and query.lifecycle not in LIFECYCLES:
            problems["lifecycle"] = f"Lifecycle must be one of: {', '.join(LIFECYCLES)}."
        if query.not_contacted_days is not None and query.not_contacted_days < 0:
            problems["not_contacted_days"] = "“Not contacted in N days” needs N of 0 or more."
        if problems:
            raise ValidationError(problems)
        cutoff = None
        if query.not_contacted_days is not None:
            cutoff = to_epoch(self.clock.now() - timedelta(days=query.not_contacted_days))
        return sql_list.Filters(
            text=query.text,
            tag_key=query.tag.strip().casefold() if query.tag else None,
            owner_id=query.owner_id,
            lifecycle=query.lifecycle,
            contacted_before=cutoff,
            no_open_followup=query.no_open_followup,
            trashed=query.trashed,
        )
