"""The company list as the user sees it: any column's order either way, a text filter, tag,
owner and the trash; pages by keyset and counts. How each order stays fast:
``store.company_list``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.normalize import clean, name_key
from crm_desktop.store import company_list as sql_list
from crm_desktop.store.db import tuples
from crm_desktop.store.models import CompanyTag, Tag

SORTS = tuple(sql_list.SORT_KEYS)  # name, industry, website, phone, people, owner, tags
Key = tuple[Any, ...]


@dataclass(frozen=True)
class CompanyQuery:
    """Which companies, in which order. ``owner_id`` 0 means "no owner"."""

    sort: str = "name"
    descending: bool = False
    text: str = ""
    tag: str | None = None
    owner_id: int | None = None
    trashed: bool = False

    def sorted_by(self, sort: str, descending: bool = False) -> CompanyQuery:
        return replace(self, sort=sort, descending=descending)


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    industry: str
    website: str
    phone: str
    people: int  # living contacts who work there
    owner_name: str
    tags: str  # "customer, vip": the tags in name order
    owner_id: int | None
    key: Key  # the keyset position: page after it for the rows that follow


class CompanyList:
    """Reads for the company list; a model asks for one page at a time."""

    def page(
        self, query: CompanyQuery, after: Key | None = None, limit: int = 100
    ) -> list[CompanyRow]:
        """The rows following the keyset position ``after`` (from the start when None)."""
        return self._rows(query, query.descending, after, limit)

    def page_before(
        self, query: CompanyQuery, before: Key | None, limit: int = 100
    ) -> list[CompanyRow]:
        """The ``limit`` rows just before ``before`` (the list's end when None), in list order."""
        return self._rows(query, not query.descending, before, limit)[::-1]

    def page_at(self, query: CompanyQuery, offset: int, limit: int = 100) -> list[CompanyRow]:
        """The rows from position ``offset``: for a far jump, when no neighbour page is known."""
        if offset <= 0:
            return self.page(query, None, limit)
        key = sql_list.key_at(query.sort, query.descending, _filters(query), offset)
        if key is None:
            return []
        return self._rows(query, query.descending, key, limit, inclusive=True)

    def count(self, query: CompanyQuery) -> int:
        return sql_list.count(_filters(query))

    def _rows(
        self,
        query: CompanyQuery,
        descending: bool,
        after: Key | None,
        limit: int,
        inclusive: bool = False,
    ) -> list[CompanyRow]:
        rows = sql_list.page(
            query.sort, descending, _filters(query), after, limit, inclusive=inclusive
        )
        start = sql_list.KEY_START
        return [
            CompanyRow(
                id=int(r[0]),
                name=r[1],
                industry=r[2],
                website=r[3],
                phone=r[4],
                people=int(r[5]),
                owner_name=r[6],
                tags=r[7],
                owner_id=r[8],
                key=tuple(r[start:]),
            )
            for r in rows
        ]


def _filters(query: CompanyQuery) -> sql_list.Filters:
    if query.sort not in sql_list.SORT_KEYS:
        raise ValidationError({"sort": f"The list cannot be sorted by {query.sort!r}."})
    return sql_list.Filters(
        text=query.text,
        tag_key=clean(query.tag).casefold() if query.tag else None,
        owner_id=query.owner_id,
        trashed=query.trashed,
        name_key=name_key(query.text),
    )


def companies_with_tag(company_ids: Iterable[int], name: str) -> set[int]:
    """Which of these companies already carry the tag ``name`` (so undoing an add spares them)."""
    ids = list(company_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        query = (
            CompanyTag.select(CompanyTag.company)
            .join(Tag)
            .where(
                CompanyTag.company.in_(ids[start : start + 500]),
                Tag.name_key == clean(name).casefold(),
            )
        )
        found.update(int(row[0]) for row in tuples(query))
    return found
