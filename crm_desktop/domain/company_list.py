"""The company list as the user sees it: by name either way, a text filter, the trash; pages
by keyset and counts. Why only the name sorts: ``store.company_list``.

Also the one write its bulk actions need that ``CompanyService`` lacks: taking a tag off
(the undo of "add tag").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.normalize import clean, name_key
from crm_desktop.domain.tombstones import bury
from crm_desktop.store import company_list as sql_list
from crm_desktop.store import search
from crm_desktop.store.db import tuples, write
from crm_desktop.store.models import CompanyTag, Tag

Key = tuple[Any, ...]


@dataclass(frozen=True)
class CompanyQuery:
    """Which companies, by name A to Z (or Z to A when ``descending``)."""

    descending: bool = False
    text: str = ""
    trashed: bool = False


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
        key = sql_list.key_at(query.descending, _filters(query), offset)
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
        rows = sql_list.page(descending, _filters(query), after, limit, inclusive=inclusive)
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
    return sql_list.Filters(query.text, query.trashed, name_key(query.text))


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


def remove_tag(clock: Clock, company_ids: Sequence[int], name: str) -> Change:
    """Take the tag ``name`` off these companies, in one transaction (their links leave
    tombstones); the inverse of ``CompanyService.add_tags``."""
    ids = list(company_ids)
    with write():
        links = list(
            CompanyTag.select(CompanyTag.id, CompanyTag.uid)
            .join(Tag)
            .where(CompanyTag.company.in_(ids), Tag.name_key == clean(name).casefold())
        )
        bury("company_tag", [link.uid for link in links], clock.now())
        CompanyTag.delete().where(CompanyTag.id.in_([link.id for link in links])).execute()
        search.reindex("company", ids)
    return Change("company", "untagged", tuple(ids), frozenset({"tag"}))
