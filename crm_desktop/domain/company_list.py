"""The company list as the user sees it: any column's order either way, a text filter, tag,
owner and the trash; pages by keyset and counts. How each order stays fast:
``store.company_list``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.keyset_list import Key, KeysetList
from crm_desktop.domain.normalize import clean, name_key
from crm_desktop.store import company_list as sql_list
from crm_desktop.store.db import tuples
from crm_desktop.store.models import CompanyTag, Tag

SORTS = tuple(sql_list.SORT_KEYS)  # name, industry, website, phone, people, owner, tags


class CompanyQuery(NamedTuple):
    """Which companies, in which order. ``owner_id`` 0 means "no owner"."""

    sort: str = "name"
    descending: bool = False
    text: str = ""
    tag: str | None = None
    owner_id: int | None = None
    trashed: bool = False

    def sorted_by(self, sort: str, descending: bool = False) -> CompanyQuery:
        return self._replace(sort=sort, descending=descending)


class CompanyRow(NamedTuple):
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


class CompanyList(KeysetList[CompanyQuery, sql_list.Filters, CompanyRow]):
    """Reads for the company list; a model asks for one page at a time."""

    _store = sql_list

    def filters(self, query: CompanyQuery) -> sql_list.Filters:
        if query.sort not in sql_list.SORT_KEYS:
            raise ValidationError({"sort": f"The list cannot be sorted by {query.sort!r}."})
        return sql_list.Filters(
            text=query.text,
            tag_key=clean(query.tag).casefold() if query.tag else None,
            owner_id=query.owner_id,
            trashed=query.trashed,
            name_key=name_key(query.text),
        )

    def _row(self, r: tuple[Any, ...]) -> CompanyRow:
        return CompanyRow(
            id=int(r[0]),
            name=r[1],
            industry=r[2],
            website=r[3],
            phone=r[4],
            people=int(r[5]),
            owner_name=r[6],
            tags=r[7],
            owner_id=r[8],
            key=tuple(r[sql_list.KEY_START :]),
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
