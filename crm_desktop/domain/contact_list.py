"""The contact list as the user sees it: any column's order, filters, pages by keyset, counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.keyset_list import Key, KeysetList
from crm_desktop.store import contact_list as sql_list
from crm_desktop.store.values import LIFECYCLES, from_epoch, to_epoch

SORTS = tuple(sql_list.SORT_KEYS)


class ContactQuery(NamedTuple):
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
        return self._replace(sort=sort, descending=descending)


class ListRow(NamedTuple):
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


class ContactList(KeysetList[ContactQuery, sql_list.Filters, ListRow]):
    """Reads for the contact list; a model asks for one page at a time."""

    _store = sql_list

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def filters(self, query: ContactQuery) -> sql_list.Filters:
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

    def _row(self, r: tuple[Any, ...]) -> ListRow:
        return ListRow(
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
            key=tuple(r[sql_list.KEY_START :]),
        )
