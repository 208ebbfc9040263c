"""Companies: create, edit, tag, trash and restore; their people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import NotFound, ValidationError
from crm_desktop.domain.normalize import clean, name_key
from crm_desktop.domain.tags import tag_ids
from crm_desktop.domain.tombstones import bury
from crm_desktop.store import denormalised, search
from crm_desktop.store.db import write
from crm_desktop.store.models import Company, CompanyTag, Contact, Tag


@dataclass
class CompanyFields:
    name: str = ""
    website: str = ""
    industry: str = ""
    phone: str = ""
    address: str = ""
    notes: str = ""
    owner_id: int | None = None
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CompanyDetail:
    id: int
    uid: str
    name: str
    website: str
    industry: str
    phone: str
    address: str
    notes: str
    owner_id: int | None
    tags: tuple[str, ...]
    people: tuple[tuple[int, str], ...]
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


class CompanyService:
    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    def create(self, fields: CompanyFields) -> Change:
        name = self._checked(fields)
        now = self.clock.now()
        with write():
            company = Company.create(
                **self._columns(fields, name),
                owner=fields.owner_id if fields.owner_id is not None else self.actor_id,
                created_at=now,
                updated_at=now,
            )
            self._write_tags(int(company.id), fields.tags)
            search.reindex("company", [int(company.id)])
        return Change("company", "created", (int(company.id),))

    def update(self, company_id: int, fields: CompanyFields) -> Change:
        name = self._checked(fields)
        with write():
            self._require(company_id)
            Company.update(
                **self._columns(fields, name), owner=fields.owner_id, updated_at=self.clock.now()
            ).where(Company.id == company_id).execute()
            self._write_tags(company_id, fields.tags)
            search.reindex("company", [company_id])
            people = [c.id for c in Contact.select(Contact.id).where(Contact.company == company_id)]
            search.reindex("contact", people)  # their index entries carry the company's name
            denormalised.refresh_people_of([company_id])
        return Change("company", "updated", (company_id,), frozenset({"contact"}))

    def find_or_create(self, name: str) -> int:
        """The id of the living company called ``name`` (any case), created if missing."""
        key = name_key(name)
        with write():
            row = (
                Company.select(Company.id)
                .where(Company.sort_name == key, Company.deleted_at.is_null())
                .first()
            )
            if row is not None:
                return int(row.id)
            return self.create(CompanyFields(name=name)).id

    def add_tags(self, company_ids: Sequence[int], names: Iterable[str]) -> Change:
        now = self.clock.now()
        with write():
            ids = tag_ids(self.clock, names)
            rows = [
                {"company": cid, "tag": tid, "created_at": now, "updated_at": now}
                for cid in company_ids
                for tid in ids
            ]
            if rows:
                CompanyTag.insert_many(rows).on_conflict_ignore().execute()
            search.reindex("company", company_ids)
        return Change("company", "tagged", tuple(company_ids), frozenset({"tag"}))

    def trash(self, company_ids: Sequence[int]) -> Change:
        now = self.clock.now()
        with write():
            Company.update(deleted_at=now, updated_at=now).where(
                Company.id.in_(list(company_ids)), Company.deleted_at.is_null()
            ).execute()
            search.remove("company", company_ids)
        return Change("company", "trashed", tuple(company_ids))

    def restore(self, company_ids: Sequence[int]) -> Change:
        with write():
            Company.update(deleted_at=None, updated_at=self.clock.now()).where(
                Company.id.in_(list(company_ids))
            ).execute()
            search.reindex("company", company_ids)
        return Change("company", "restored", tuple(company_ids))

    def empty_trash(self) -> Change:
        now = self.clock.now()
        with write():
            doomed = list(
                Company.select(Company.id, Company.uid).where(Company.deleted_at.is_null(False))
            )
            bury("company", [row.uid for row in doomed], now)
            ids = [int(row.id) for row in doomed]
            if ids:
                people = Contact.select(Contact.id).where(Contact.company.in_(ids))
                person_ids = [int(row.id) for row in people]
                Company.delete().where(Company.id.in_(ids)).execute()
                search.reindex("contact", person_ids)  # no longer found by the company's name
        return Change("company", "deleted", tuple(ids), frozenset({"contact", "lead"}))

    def get(self, company_id: int) -> CompanyDetail:
        row = self._require(company_id)
        tags = tuple(
            t.name
            for t in Tag.select(Tag.name).join(CompanyTag).where(CompanyTag.company == company_id)
        )
        people = tuple(
            (int(c.id), c.display_name)
            for c in Contact.select(Contact.id, Contact.display_name)
            .where(Contact.company == company_id, Contact.deleted_at.is_null())
            .order_by(Contact.sort_name)
        )
        return CompanyDetail(
            int(row.id),
            row.uid,
            row.name,
            row.website,
            row.industry,
            row.phone,
            row.address,
            row.notes,
            row.owner_id,
            tags,
            people,
            row.created_at,
            row.updated_at,
            row.deleted_at,
        )

    def _require(self, company_id: int) -> Company:
        row = Company.get_or_none(Company.id == company_id)
        if row is None:
            raise NotFound("company", company_id)
        return row

    @staticmethod
    def _checked(fields: CompanyFields) -> str:
        name = clean(fields.name)
        if not name:
            raise ValidationError({"name": "A company needs a name."})
        return name

    @staticmethod
    def _columns(fields: CompanyFields, name: str) -> dict[str, object]:
        return {
            "name": name,
            "sort_name": name_key(name),
            "website": clean(fields.website),
            "industry": clean(fields.industry),
            "phone": clean(fields.phone),
            "address": fields.address.strip(),
            "notes": fields.notes.strip(),
        }

    def _write_tags(self, company_id: int, names: list[str]) -> None:
        now = self.clock.now()
        wanted = set(tag_ids(self.clock, names))
        current = {
            int(link.tag_id): link
            for link in CompanyTag.select().where(CompanyTag.company == company_id)
        }
        gone = [link for tid, link in current.items() if tid not in wanted]
        if gone:
            bury("company_tag", [link.uid for link in gone], now)
            CompanyTag.delete().where(CompanyTag.id.in_([link.id for link in gone])).execute()
        for tid in wanted - set(current):
            CompanyTag.create(company=company_id, tag=tid, created_at=now, updated_at=now)
