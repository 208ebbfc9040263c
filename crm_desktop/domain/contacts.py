"""People: create, edit, tag, assign an owner, trash, restore, empty the trash; duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import peewee

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import NotFound, ValidationError
from crm_desktop.domain.normalize import (
    clean,
    email_key,
    email_problem,
    full_name,
    name_key,
    parse_day,
    phone_key,
    phone_problem,
)
from crm_desktop.domain.tags import tag_ids
from crm_desktop.domain.tombstones import bury
from crm_desktop.store import denormalised, search
from crm_desktop.store.db import tuples, write
from crm_desktop.store.models import (
    Company,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Interaction,
    Reminder,
    Tag,
)
from crm_desktop.store.values import LIFECYCLES

Labeled = tuple[str, str]  # (label, value), e.g. ("work", "ann@example.com")


@dataclass
class ContactFields:
    """What a person can type about a contact. Emails and phones: (label, value), first primary."""

    first_name: str = ""
    last_name: str = ""
    title: str = ""
    company_id: int | None = None
    emails: list[Labeled] = field(default_factory=list)
    phones: list[Labeled] = field(default_factory=list)
    address: str = ""
    address_label: str = ""  # "home", "work", "other" or the user's own word
    birthday: date | str | None = None
    preferred_channel: str = ""
    do_not_contact: bool = False
    source: str = ""
    referred_by_id: int | None = None
    lifecycle: str = "lead"
    owner_id: int | None = None
    personal_notes: str = ""
    preferences: str = ""
    stay_in_touch_days: int | None = None
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DuplicateCandidate:
    contact_id: int
    display_name: str
    reason: str  # "email", "phone" or "name and company"


@dataclass(frozen=True)
class ContactCreated:
    change: Change
    duplicates: tuple[DuplicateCandidate, ...]

    @property
    def id(self) -> int:
        return self.change.id


@dataclass(frozen=True)
class ContactDetail:
    id: int
    uid: str
    display_name: str
    first_name: str
    last_name: str
    title: str
    company_id: int | None
    company_name: str
    emails: tuple[Labeled, ...]
    phones: tuple[Labeled, ...]
    address: str
    address_label: str
    birthday: date | None
    preferred_channel: str
    do_not_contact: bool
    source: str
    referred_by_id: int | None
    lifecycle: str
    owner_id: int | None
    personal_notes: str
    preferences: str
    stay_in_touch_days: int | None
    tags: tuple[str, ...]
    last_contacted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    version: int


@dataclass(frozen=True)
class ContactRow:
    """One line of the contact list. ``key`` is the keyset position to page after."""

    id: int
    display_name: str
    company_name: str
    title: str
    email: str
    phone: str
    lifecycle: str
    last_contacted_at: datetime | None
    key: tuple[str, int]


def display_name_of(fields: ContactFields) -> str:
    """The name a contact is shown by: the person's, else (a company's own line) its
    company's, else its first e-mail address."""
    name = full_name(fields.first_name, fields.last_name)
    if name:
        return name
    if fields.company_id is not None:
        company = Company.get_or_none(Company.id == fields.company_id)
        if company is not None and company.name:
            return str(company.name)
    return clean(fields.emails[0][1]) if fields.emails else ""


def _validated(fields: ContactFields) -> tuple[list[Labeled], list[Labeled], date | None]:
    problems: dict[str, str] = {}
    emails = [(clean(label), value.strip()) for label, value in fields.emails if value.strip()]
    phones = [(clean(label), clean(value)) for label, value in fields.phones if value.strip()]
    if not clean(f"{fields.first_name} {fields.last_name}") and not emails:
        problems["name"] = "A contact needs a name or an email address."
    for _, email in emails:
        problem = email_problem(email)
        if problem:
            problems.setdefault("emails", problem)
    for _, phone in phones:
        problem = phone_problem(phone)
        if problem:
            problems.setdefault("phones", problem)
    birthday = None
    try:
        birthday = parse_day(fields.birthday)
    except ValueError as exc:
        problems["birthday"] = str(exc)
    if fields.lifecycle not in LIFECYCLES:
        problems["lifecycle"] = f"Lifecycle must be one of: {', '.join(LIFECYCLES)}."
    if fields.stay_in_touch_days is not None and fields.stay_in_touch_days <= 0:
        problems["stay_in_touch_days"] = "“Stay in touch every N days” needs N of at least 1."
    if (
        fields.company_id is not None
        and not Company.select().where(Company.id == fields.company_id).exists()
    ):
        problems["company"] = f"There is no company with id {fields.company_id}."
    if problems:
        raise ValidationError(problems)
    return emails, phones, birthday


class ContactService:
    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    # -- writing ---------------------------------------------------------------------------

    def create(self, fields: ContactFields) -> ContactCreated:
        """Validate and store a new contact; return it with any likely duplicates."""
        emails, phones, birthday = _validated(fields)
        now = self.clock.now()
        with write():
            duplicates = tuple(self.duplicates(fields))
            contact = Contact.create(
                **self._columns(fields, emails, phones, birthday),
                owner=fields.owner_id if fields.owner_id is not None else self.actor_id,
                created_at=now,
                updated_at=now,
            )
            self._write_children(int(contact.id), emails, phones, fields.tags)
            denormalised.refresh_contacts([int(contact.id)])
            denormalised.refresh_companies([fields.company_id])  # its people count
            search.reindex("contact", [int(contact.id)])
        return ContactCreated(Change("contact", "created", (int(contact.id),)), duplicates)

    def update(self, contact_id: int, fields: ContactFields) -> Change:
        """Replace every editable field of a contact with ``fields``."""
        emails, phones, birthday = _validated(fields)
        with write():
            before = self._require(contact_id)
            Contact.update(
                **self._columns(fields, emails, phones, birthday),
                owner=fields.owner_id,
                updated_at=self.clock.now(),
            ).where(Contact.id == contact_id).execute()
            self._write_children(contact_id, emails, phones, fields.tags)
            denormalised.refresh_contacts([contact_id])
            denormalised.refresh_companies([before.company_id, fields.company_id])
            search.reindex("contact", [contact_id])
        return Change("contact", "updated", (contact_id,))

    def add_tags(self, contact_ids: Sequence[int], names: Iterable[str]) -> Change:
        now = self.clock.now()
        with write():
            ids = tag_ids(self.clock, names)
            rows = [
                {"contact": cid, "tag": tid, "created_at": now, "updated_at": now}
                for cid in contact_ids
                for tid in ids
            ]
            for start in range(0, len(rows), 200):
                ContactTag.insert_many(rows[start : start + 200]).on_conflict_ignore().execute()
            self._touch(contact_ids, now)
            denormalised.refresh_contacts(contact_ids)
            search.reindex("contact", contact_ids)
        return Change("contact", "tagged", tuple(contact_ids), frozenset({"tag"}))

    def remove_tags(self, contact_ids: Sequence[int], names: Iterable[str]) -> Change:
        keys = [clean(name).casefold() for name in names]
        now = self.clock.now()
        with write():
            links = list(
                ContactTag.select(ContactTag.id, ContactTag.uid)
                .join(Tag)
                .where(ContactTag.contact.in_(list(contact_ids)), Tag.name_key.in_(keys))
            )
            bury("contact_tag", [link.uid for link in links], now)
            ContactTag.delete().where(ContactTag.id.in_([link.id for link in links])).execute()
            self._touch(contact_ids, now)
            denormalised.refresh_contacts(contact_ids)
            search.reindex("contact", contact_ids)
        return Change("contact", "untagged", tuple(contact_ids), frozenset({"tag"}))

    def assign_owner(self, contact_ids: Sequence[int], owner_id: int | None) -> Change:
        with write():
            Contact.update(owner=owner_id, updated_at=self.clock.now()).where(
                Contact.id.in_(list(contact_ids))
            ).execute()
        return Change("contact", "assigned", tuple(contact_ids))

    def trash(self, contact_ids: Sequence[int]) -> Change:
        """Move contacts to the trash (restorable)."""
        now = self.clock.now()
        with write():
            Contact.update(deleted_at=now, updated_at=now).where(
                Contact.id.in_(list(contact_ids)), Contact.deleted_at.is_null()
            ).execute()
            denormalised.refresh_companies_of(contact_ids)  # people counts
            search.remove("contact", contact_ids)
            search.reindex("interaction", _interactions_of(contact_ids))  # leave the index
        return Change("contact", "trashed", tuple(contact_ids))

    def restore(self, contact_ids: Sequence[int]) -> Change:
        with write():
            Contact.update(deleted_at=None, updated_at=self.clock.now()).where(
                Contact.id.in_(list(contact_ids))
            ).execute()
            denormalised.refresh_companies_of(contact_ids)  # people counts
            search.reindex("contact", contact_ids)
            search.reindex("interaction", _interactions_of(contact_ids))
        return Change("contact", "restored", tuple(contact_ids))

    def empty_trash(self) -> Change:
        """Delete trashed contacts for good, leaving tombstones (their timeline goes with them)."""
        now = self.clock.now()
        with write():
            doomed = list(
                Contact.select(Contact.id, Contact.uid).where(Contact.deleted_at.is_null(False))
            )
            ids = [int(row.id) for row in doomed]
            bury("contact", [row.uid for row in doomed], now)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                # What goes with them by ON DELETE CASCADE leaves tombstones too.
                for model in (ContactEmail, ContactPhone, ContactTag, Interaction, Reminder):
                    uids = model.select(model.uid).where(model.contact.in_(chunk))
                    bury(model._meta.table_name, [row.uid for row in uids], now)
                search.remove("interaction", _interactions_of(chunk))
                Contact.delete().where(Contact.id.in_(chunk)).execute()
        return Change("contact", "deleted", tuple(ids), frozenset({"interaction", "reminder"}))

    # -- reading ---------------------------------------------------------------------------

    def get(self, contact_id: int) -> ContactDetail:
        row = self._require(contact_id)
        company = Company.get_or_none(Company.id == row.company_id) if row.company_id else None
        emails = tuple(
            (e.label, e.email)
            for e in ContactEmail.select()
            .where(ContactEmail.contact == contact_id)
            .order_by(ContactEmail.position)
        )
        phones = tuple(
            (p.label, p.phone)
            for p in ContactPhone.select()
            .where(ContactPhone.contact == contact_id)
            .order_by(ContactPhone.position)
        )
        tags = tuple(
            t.name
            for t in Tag.select(Tag.name)
            .join(ContactTag)
            .where(ContactTag.contact == contact_id)
            .order_by(Tag.name_key)
        )
        return ContactDetail(
            id=int(row.id),
            uid=row.uid,
            display_name=row.display_name,
            first_name=row.first_name,
            last_name=row.last_name,
            title=row.title,
            company_id=row.company_id,
            company_name=company.name if company else "",
            emails=emails,
            phones=phones,
            address=row.address,
            address_label=row.address_label,
            birthday=row.birthday,
            preferred_channel=row.preferred_channel,
            do_not_contact=bool(row.do_not_contact),
            source=row.source,
            referred_by_id=row.referred_by_id,
            lifecycle=row.lifecycle,
            owner_id=row.owner_id,
            personal_notes=row.personal_notes,
            preferences=row.preferences,
            stay_in_touch_days=row.stay_in_touch_days,
            tags=tags,
            last_contacted_at=row.last_contacted_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            deleted_at=row.deleted_at,
            version=int(row.version),
        )

    def page(
        self, after: tuple[str, int] | None = None, limit: int = 100, trashed: bool = False
    ) -> list[ContactRow]:
        """One page of the list sorted by name, after the keyset position ``after``."""
        query = (
            Contact.select(
                Contact.id,
                Contact.display_name,
                Company.name,
                Contact.title,
                Contact.primary_email,
                Contact.primary_phone,
                Contact.lifecycle,
                Contact.last_contacted_at,
                Contact.sort_name,
            )
            .join(Company, peewee.JOIN.LEFT_OUTER)
            .where(Contact.deleted_at.is_null(not trashed))
            .order_by(Contact.sort_name, Contact.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(peewee.Tuple(Contact.sort_name, Contact.id) > peewee.Tuple(*after))
        return [
            ContactRow(cid, name, company or "", title, email, phone, life, last, (key, cid))
            for cid, name, company, title, email, phone, life, last, key in tuples(query)
        ]

    def count(self, trashed: bool = False) -> int:
        return int(Contact.select().where(Contact.deleted_at.is_null(not trashed)).count())

    def duplicates(
        self, fields: ContactFields, exclude_id: int | None = None
    ) -> list[DuplicateCandidate]:
        """Living contacts sharing an email, a normalised phone, or name and company."""
        found: dict[int, DuplicateCandidate] = {}
        alive = Contact.deleted_at.is_null()
        if exclude_id is not None:
            alive &= Contact.id != exclude_id
        email_keys = [email_key(value) for _, value in fields.emails if value.strip()]
        phone_keys = [k for k in (phone_key(value) for _, value in fields.phones) if k]
        probes: list[tuple[str, peewee.ModelSelect[Contact]]] = []
        if email_keys:
            probes.append(
                (
                    "email",
                    Contact.select(Contact.id, Contact.display_name)
                    .join(ContactEmail)
                    .where(alive, ContactEmail.email_key.in_(email_keys)),
                )
            )
        if phone_keys:
            probes.append(
                (
                    "phone",
                    Contact.select(Contact.id, Contact.display_name)
                    .join(ContactPhone)
                    .where(alive, ContactPhone.phone_key.in_(phone_keys)),
                )
            )
        full_name = name_key(fields.last_name, fields.first_name)
        if full_name:
            same_company = (
                Contact.company.is_null()
                if fields.company_id is None
                else Contact.company == fields.company_id
            )
            probes.append(
                (
                    "name and company",
                    Contact.select(Contact.id, Contact.display_name).where(
                        alive, Contact.sort_name == full_name, same_company
                    ),
                )
            )
        for reason, query in probes:
            for cid, name in tuples(query.limit(20)):
                found.setdefault(cid, DuplicateCandidate(cid, name, reason))
        return list(found.values())

    # -- helpers ---------------------------------------------------------------------------

    def _require(self, contact_id: int) -> Contact:
        row = Contact.get_or_none(Contact.id == contact_id)
        if row is None:
            raise NotFound("contact", contact_id)
        return row

    @staticmethod
    def _columns(
        fields: ContactFields, emails: list[Labeled], phones: list[Labeled], birthday: date | None
    ) -> dict[str, object]:
        first, last = clean(fields.first_name), clean(fields.last_name)
        display = display_name_of(fields)
        address = fields.address.strip()
        return {
            "first_name": first,
            "last_name": last,
            "display_name": display,
            "sort_name": name_key(last, first) or display.casefold(),
            "title": clean(fields.title),
            "company": fields.company_id,
            "primary_email": emails[0][1] if emails else "",
            "primary_phone": phones[0][1] if phones else "",
            "address": address,
            "address_label": clean(fields.address_label) if address else "",
            "birthday": birthday,
            "preferred_channel": clean(fields.preferred_channel),
            "do_not_contact": fields.do_not_contact,
            "source": clean(fields.source),
            "referred_by": fields.referred_by_id,
            "lifecycle": fields.lifecycle,
            "personal_notes": fields.personal_notes.strip(),
            "preferences": fields.preferences.strip(),
            "stay_in_touch_days": fields.stay_in_touch_days,
        }

    def _write_children(
        self, contact_id: int, emails: list[Labeled], phones: list[Labeled], tags: list[str]
    ) -> None:
        now = self.clock.now()
        stamp = {"created_at": now, "updated_at": now, "contact": contact_id}
        for model in (ContactEmail, ContactPhone):
            old = [row.uid for row in model.select(model.uid).where(model.contact == contact_id)]
            bury(model._meta.table_name, old, now)
        ContactEmail.delete().where(ContactEmail.contact == contact_id).execute()
        ContactPhone.delete().where(ContactPhone.contact == contact_id).execute()
        for position, (label, value) in enumerate(emails):
            ContactEmail.create(
                label=label, email=value, email_key=email_key(value), position=position, **stamp
            )
        for position, (label, value) in enumerate(phones):
            ContactPhone.create(
                label=label, phone=value, phone_key=phone_key(value), position=position, **stamp
            )
        wanted = set(tag_ids(self.clock, tags))
        current = {
            int(link.tag_id): link
            for link in ContactTag.select().where(ContactTag.contact == contact_id)
        }
        gone = [link for tid, link in current.items() if tid not in wanted]
        if gone:
            bury("contact_tag", [link.uid for link in gone], now)
            ContactTag.delete().where(ContactTag.id.in_([link.id for link in gone])).execute()
        for tid in wanted - set(current):
            ContactTag.create(tag=tid, **stamp)

    @staticmethod
    def _touch(contact_ids: Sequence[int], now: datetime) -> None:
        Contact.update(updated_at=now).where(Contact.id.in_(list(contact_ids))).execute()


def _interactions_of(contact_ids: Sequence[int]) -> list[int]:
    query = Interaction.select(Interaction.id).where(Interaction.contact.in_(list(contact_ids)))
    return [int(row[0]) for row in tuples(query)]
