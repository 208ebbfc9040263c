"""What a contact's or a company's detail panel shows beside the record itself: the owner's name,
the leads, the open follow-ups; and the company look-ups the contact editor offers while typing.

Every read here is a few rows found by primary key or by an indexed column, so a detail panel
opens as fast at a million contacts as at ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import peewee

from crm_desktop.domain.normalize import name_key
from crm_desktop.store import values
from crm_desktop.store.db import tuples
from crm_desktop.store.models import Company, Contact, Lead, Reminder, Staff, Stage

LIFECYCLES: tuple[str, ...] = values.LIFECYCLES

# The highest code point: a prefix's range of sort names ends just below ``prefix + _TOP``.
_TOP = chr(0x10FFFF)


@dataclass(frozen=True)
class LeadLine:
    id: int
    title: str
    stage_name: str
    status: str  # open, won, lost
    value_minor: int
    currency: str
    expected_close: date | None


@dataclass(frozen=True)
class FollowUpLine:
    id: int
    title: str
    remind_at: datetime
    overdue: bool


@dataclass(frozen=True)
class ContactOverview:
    contact_id: int
    owner_name: str
    leads: tuple[LeadLine, ...]
    follow_ups: tuple[FollowUpLine, ...]


@dataclass(frozen=True)
class CompanyOverview:
    company_id: int
    owner_name: str
    people_count: int
    leads: tuple[LeadLine, ...]


@dataclass(frozen=True)
class CompanyChoice:
    id: int
    name: str


def contact_overview(contact_id: int, now: datetime, limit: int = 50) -> ContactOverview:
    """The owner, living leads and open follow-ups of a contact (three queries).

    Follow-ups are the contact's own and those on its leads, soonest first; ``overdue`` means
    they fire before ``now``.
    """
    owner = Contact.select(Staff.name).join(Staff, on=Contact.owner == Staff.id)
    leads = _leads(Lead.contact == contact_id, limit)
    about = Reminder.contact == contact_id
    if leads:
        about |= Reminder.lead.in_([lead.id for lead in leads])
    reminders = (
        Reminder.select(Reminder.id, Reminder.title, Reminder.remind_at)
        .where(Reminder.status == "open", about)
        .order_by(Reminder.remind_at, Reminder.id)
        .limit(limit)
    )
    return ContactOverview(
        contact_id,
        _first(owner.where(Contact.id == contact_id)),
        leads,
        tuple(
            FollowUpLine(int(rid), title, when, when < now)
            for rid, title, when in tuples(reminders)
        ),
    )


def company_overview(company_id: int, limit: int = 50) -> CompanyOverview:
    """The owner, how many living people work there, and the company's living leads."""
    owner = Company.select(Staff.name).join(Staff, on=Company.owner == Staff.id)
    people = Contact.select().where(Contact.company == company_id, Contact.deleted_at.is_null())
    return CompanyOverview(
        company_id,
        _first(owner.where(Company.id == company_id)),
        int(people.count()),
        _leads(Lead.company == company_id, limit),
    )


def companies_starting_with(prefix: str, limit: int = 20) -> list[CompanyChoice]:
    """Living companies whose name starts with ``prefix`` (ignoring case and accents), A to Z.

    A range scan of the (deleted_at, sort_name, id) index: no LIKE, no table scan.
    """
    key = name_key(prefix)
    query = (
        Company.select(Company.id, Company.name)
        .where(Company.deleted_at.is_null(), Company.sort_name >= key)
        .order_by(Company.sort_name, Company.id)
        .limit(limit)
    )
    if key:
        query = query.where(Company.sort_name < key + _TOP)
    return [CompanyChoice(int(cid), name) for cid, name in tuples(query)]


def company_named(name: str) -> int | None:
    """The id of the living company called ``name`` (any case or accents), or None."""
    key = name_key(name)
    if not key:
        return None
    query = (
        Company.select(Company.id)
        .where(Company.deleted_at.is_null(), Company.sort_name == key)
        .order_by(Company.id)
        .limit(1)
    )
    rows = tuples(query)
    return int(rows[0][0]) if rows else None


def _leads(belongs: peewee.Expression, limit: int) -> tuple[LeadLine, ...]:
    """Living leads: open ones first, then by expected close (undated last), newest first."""
    query = (
        Lead.select(
            Lead.id,
            Lead.title,
            Stage.name,
            Lead.status,
            Lead.value_minor,
            Lead.currency,
            Lead.expected_close,
        )
        .join(Stage, on=Lead.stage == Stage.id)
        .where(belongs, Lead.deleted_at.is_null())
        .order_by(
            Lead.status != "open",
            Lead.expected_close.is_null(),
            Lead.expected_close,
            Lead.id.desc(),
        )
        .limit(limit)
    )
    return tuple(
        LeadLine(int(lid), title, stage, status, int(value), currency, close)
        for lid, title, stage, status, value, currency, close in tuples(query)
    )


def _first(query: peewee.SelectBase) -> str:
    rows = tuples(query.limit(1))
    return str(rows[0][0]) if rows else ""
