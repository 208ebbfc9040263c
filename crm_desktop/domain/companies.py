"""Companies: create, edit, tag, assign an owner, trash and restore; likely duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import NotFound, ValidationError
from crm_desktop.domain.normalize import clean, name_key, phone_problem
from crm_desktop.domain.tags import tag_ids
from crm_desktop.domain.tombstones import bury
from crm_desktop.store import denormalised, search
from crm_desktop.store.db import tuples, write
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
class CompanyDuplicate:
    company_id: int
    name: str


def website_problem(website: str) -> str | None:
    """A web address needs a dot in its host and no spaces ("acme.example", "https://a.b/c")."""
    text = website.strip()
    host = text.split("://", 1)[-1].split("/", 1)[0]
    if any(ch.isspace() for ch in text) or "." not in host.strip("."):
        return f"“{website}” is not a web address (expected example.com)."
    return None


def company_problems(fields: CompanyFields) -> dict[str, str]:
    """What is wrong with these values, per field: the rules ``CompanyService`` saves by, for
    an editor to check as the user types."""
    problems: dict[str, str] = {}
    if not clean(fields.name):
        problems["name"] = "A company needs a name."
    if fields.website.strip() and (problem := website_problem(fields.website)):
        problems["website"] = problem
    if fields.phone.strip() and (problem := phone_problem(fields.phone)):
        problems["phone"] = problem
    return problems


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
            denormalised.refresh_companies([int(company.id)])
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
            denormalised.refresh_companies([company_id])
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
            for start in range(0, len(rows), 200):
                CompanyTag.insert_many(rows[start : start + 200]).on_conflict_ignore().execute()
            denormalised.refresh_companies(company_ids)
            search.reindex("company", company_ids)
        return Change("company", "tagged", tuple(company_ids), frozenset({"tag"}))

    def remove_tags(self, company_ids: Sequence[int], names: Iterable[str]) -> Change:
        """Take these tags off these companies (their links leave tombstones); the inverse of
        ``add_tags``."""
        keys = [clean(name).casefold() for name in names]
        ids = list(company_ids)
        with write():
            for start in range(0, len(ids), 500):
                links = list(
                    CompanyTag.select(CompanyTag.id, CompanyTag.uid)
                    .join(Tag)
                    .where(CompanyTag.company.in_(ids[start : start + 500]), Tag.name_key.in_(keys))
                )
                bury("company_tag", [link.uid for link in links], self.clock.now())
                CompanyTag.delete().where(CompanyTag.id.in_([link.id for link in links])).execute()
            denormalised.refresh_companies(ids)
            search.reindex("company", ids)
        return Change("company", "untagged", tuple(ids), frozenset({"tag"}))

    def assign_owner(self, company_ids: Sequence[int], owner_id: int | None) -> Change:
        ids = list(company_ids)
        with write():
            for start in range(0, len(ids), 500):
                Company.update(owner=owner_id, updated_at=self.clock.now()).where(
                    Company.id.in_(ids[start : start + 500])
                ).execute()
        return Change("company", "assigned", tuple(ids))

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
                denormalised.refresh_contacts(person_ids)  # nor listed under it
        return Change("company", "deleted", tuple(ids), frozenset({"contact", "lead"}))

    def duplicates(self, name: str, exclude_id: int | None = None) -> list[CompanyDuplicate]:
        """Living companies with the same name as ``name`` (any case, accents, spacing)."""
        key = name_key(name)
        if not key:
            return []
        query = Company.select(Company.id, Company.name).where(
            Company.deleted_at.is_null(), Company.sort_name == key
        )
        if exclude_id is not None:
            query = query.where(Company.id != exclude_id)
        return [
            CompanyDuplicate(int(cid), str(found))
            for cid, found in tuples(query.order_by(Company.id).limit(20))
        ]

    def get(self, company_id: int) -> CompanyDetail:
        row = self._require(company_id)
        tags = tuple(
            t.name
            for t in Tag.select(Tag.name)
            .join(CompanyTag)
            .where(CompanyTag.company == company_id)
            .order_by(Tag.name_key)
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
        problems = company_problems(fields)
        if problems:
            raise ValidationError(problems)
        return clean(fields.name)

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


def fields_of(detail: CompanyDetail) -> CompanyFields:
    """The editable fields of a stored company, to write back on undo."""
    return CompanyFields(
        name=detail.name,
        website=detail.website,
        industry=detail.industry,
        phone=detail.phone,
        address=detail.address,
        notes=detail.notes,
        owner_id=detail.owner_id,
        tags=list(detail.tags),
    )
