"""What the lead detail and the lead editor show, read in one go; and the people and companies
the editor's picker offers as you type.

A lead's overview is three reads by key (the lead with its stage, pipeline, contact, company and
owner; its stage history; its open follow-ups), so a lead opens as fast at a million contacts
as at ten. The picker asks the full-text index (prefix matches, no ``LIKE`` scans) and then
reads the few rows it names by primary key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import peewee

from crm_desktop.domain.contact_overview import FollowUpLine
from crm_desktop.domain.errors import NotFound
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.store import search
from crm_desktop.store.db import tuples
from crm_desktop.store.models import (
    Company,
    Contact,
    Lead,
    Pipeline,
    Reminder,
    Staff,
    Stage,
    StageChange,
)

PICKER_KINDS = ("contact", "company")


@dataclass(frozen=True)
class StageStep:
    """One move of a lead: from a stage ("" when the lead was created there) to another."""

    id: int
    from_stage: str
    to_stage: str
    to_kind: str  # open, won, lost
    changed_at: datetime
    changed_by: str  # the staff member's name, or ""
    seconds_in_previous: int  # how long the lead sat in ``from_stage`` before this move


@dataclass(frozen=True)
class LeadOverview:
    id: int
    # what the editor edits (LeadFields)
    title: str
    contact_id: int | None
    company_id: int | None
    value_minor: int
    currency: str
    expected_close: date | None
    source: str
    owner_id: int | None
    next_step: str
    notes: str
    # where it stands
    pipeline_id: int
    pipeline_name: str
    stage_id: int
    stage_name: str
    stage_kind: str  # open, won, lost
    rotting_days: int | None  # the stage's "gone stale after" days, if it has one
    status: str  # open, won, lost
    probability: int  # percent
    stage_entered_at: datetime
    days_in_stage: int
    closed_at: datetime | None
    lost_reason: str
    created_at: datetime
    deleted_at: datetime | None
    # names of what it points at ("" when it points at nothing)
    contact_name: str
    contact_deleted: bool
    company_name: str
    owner_name: str
    history: tuple[StageStep, ...]  # oldest first
    follow_ups: tuple[FollowUpLine, ...]  # open ones, soonest first

    def lead_fields(self) -> LeadFields:
        """The editable values as stored, to fill the editor or to write back on undo."""
        return LeadFields(
            title=self.title,
            contact_id=self.contact_id,
            company_id=self.company_id,
            value_minor=self.value_minor,
            currency=self.currency,
            expected_close=self.expected_close,
            source=self.source,
            owner_id=self.owner_id,
            next_step=self.next_step,
            notes=self.notes,
        )

    @property
    def stale(self) -> bool:
        """Open and in its stage longer than the stage's rotting days."""
        return (
            self.status == "open"
            and self.rotting_days is not None
            and self.days_in_stage >= self.rotting_days
        )

    @property
    def weighted_minor(self) -> int:
        """The value weighted by the win probability."""
        return self.value_minor * self.probability // 100


@dataclass(frozen=True)
class PartyChoice:
    """A person or a company the lead picker offers."""

    kind: str  # "contact" or "company"
    id: int
    name: str
    subtitle: str  # "Head of Buying · Acme · ann@acme.example", or a company's industry
    company_id: int | None  # a person's company (a company's own id for a company)
    company_name: str


def lead_overview(lead_id: int, now: datetime, limit: int = 50) -> LeadOverview:
    """Everything the lead detail shows (three queries). ``NotFound`` if there is no such lead;
    a lead in the trash is read too (``deleted_at`` says so)."""
    query = (
        Lead.select(
            Lead.id,
            Lead.title,
            Lead.contact,
            Lead.company,
            Lead.value_minor,
            Lead.currency,
            Lead.expected_close,
            Lead.source,
            Lead.owner,
            Lead.next_step,
            Lead.notes,
            Lead.pipeline,
            Pipeline.name,
            Lead.stage,
            Stage.name,
            Stage.kind,
            Stage.rotting_days,
            Lead.status,
            Lead.probability,
            Lead.stage_entered_at,
            Lead.closed_at,
            Lead.lost_reason,
            Lead.created_at,
            Lead.deleted_at,
            Contact.display_name,
            Contact.deleted_at,
            Company.name,
            Staff.name,
        )
        .join(Stage, on=Lead.stage == Stage.id)
        .switch(Lead)
        .join(Pipeline, on=Lead.pipeline == Pipeline.id)
        .switch(Lead)
        .join(Contact, peewee.JOIN.LEFT_OUTER, on=Lead.contact == Contact.id)
        .switch(Lead)
        .join(Company, peewee.JOIN.LEFT_OUTER, on=Lead.company == Company.id)
        .switch(Lead)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=Lead.owner == Staff.id)
        .where(Lead.id == lead_id)
    )
    rows = tuples(query)
    if not rows:
        raise NotFound("lead", lead_id)
    (
        _,
        title,
        contact_id,
        company_id,
        value,
        currency,
        expected,
        source,
        owner_id,
        next_step,
        notes,
        pipeline_id,
        pipeline_name,
        stage_id,
        stage_name,
        stage_kind,
        rotting,
        status,
        probability,
        entered,
        closed,
        lost_reason,
        created,
        deleted,
        contact_name,
        contact_deleted,
        company_name,
        owner_name,
    ) = rows[0]
    return LeadOverview(
        id=lead_id,
        title=title,
        contact_id=contact_id,
        company_id=company_id,
        value_minor=int(value),
        currency=currency,
        expected_close=expected,
        source=source,
        owner_id=owner_id,
        next_step=next_step,
        notes=notes,
        pipeline_id=int(pipeline_id),
        pipeline_name=pipeline_name,
        stage_id=int(stage_id),
        stage_name=stage_name,
        stage_kind=stage_kind,
        rotting_days=rotting,
        status=status,
        probability=int(probability),
        stage_entered_at=entered,
        days_in_stage=max(0, (now - entered).days),
        closed_at=closed,
        lost_reason=lost_reason,
        created_at=created,
        deleted_at=deleted,
        contact_name=contact_name or "",
        contact_deleted=contact_deleted is not None,
        company_name=company_name or "",
        owner_name=owner_name or "",
        history=stage_history(lead_id),
        follow_ups=_follow_ups(lead_id, now, limit),
    )


def stage_history(lead_id: int) -> tuple[StageStep, ...]:
    """The lead's moves, oldest first, with the stages' and the movers' names (one query)."""
    before = Stage.alias("before")
    after = Stage.alias("after")
    query = (
        StageChange.select(
            StageChange.id,
            before.name,
            after.name,
            after.kind,
            StageChange.changed_at,
            Staff.name,
            StageChange.seconds_in_previous,
        )
        .join(before, peewee.JOIN.LEFT_OUTER, on=StageChange.from_stage == before.id)
        .switch(StageChange)
        .join(after, on=StageChange.to_stage == after.id)
        .switch(StageChange)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=StageChange.changed_by == Staff.id)
        .where(StageChange.lead == lead_id)
        .order_by(StageChange.changed_at, StageChange.id)
    )
    return tuple(
        StageStep(int(sid), source or "", target, kind, when, who or "", int(seconds))
        for sid, source, target, kind, when, who, seconds in tuples(query)
    )


def _follow_ups(lead_id: int, now: datetime, limit: int) -> tuple[FollowUpLine, ...]:
    query = (
        Reminder.select(Reminder.id, Reminder.title, Reminder.remind_at)
        .where(Reminder.lead == lead_id, Reminder.status == "open")
        .order_by(Reminder.remind_at, Reminder.id)
        .limit(limit)
    )
    return tuple(
        FollowUpLine(int(rid), title, when, when < now) for rid, title, when in tuples(query)
    )


# -- the picker ----------------------------------------------------------------------------


def people_and_companies(text: str, limit: int = 8) -> list[PartyChoice]:
    """Living contacts (with their company), then living companies, matching ``text`` as typed:
    every word a prefix of a word of the name, email, phone, company... Names that match come
    first, A to Z. At most ``limit`` of each kind; nothing for empty text.

    Two full-text matches and two primary-key reads: a few milliseconds at a million contacts.
    """
    hits = search.search(text, PICKER_KINDS, limit)
    people = _people([hit.id for hit in hits if hit.kind == "contact"])
    firms = _companies([hit.id for hit in hits if hit.kind == "company"])
    found = {"contact": people, "company": firms}
    return [found[hit.kind][hit.id] for hit in hits if hit.id in found[hit.kind]]


def contact_choice(contact_id: int) -> PartyChoice | None:
    """A living contact as the picker shows it (None if it is gone or in the trash)."""
    return _people([contact_id]).get(contact_id)


def company_choice(company_id: int) -> PartyChoice | None:
    """A living company as the picker shows it (None if it is gone or in the trash)."""
    return _companies([company_id]).get(company_id)


def _people(ids: list[int]) -> dict[int, PartyChoice]:
    if not ids:
        return {}
    # The trash test is made in Python: in the WHERE clause it can tempt SQLite into a scan of
    # an index led by deleted_at instead of a few primary-key lookups (see finder.py).
    query = (
        Contact.select(
            Contact.id,
            Contact.display_name,
            Contact.title,
            Contact.primary_email,
            Company.id,
            Company.name,
            Contact.deleted_at,
        )
        .join(
            Company,
            peewee.JOIN.LEFT_OUTER,
            on=(Company.id == Contact.company) & Company.deleted_at.is_null(),
        )
        .where(Contact.id.in_(ids))
    )
    return {
        int(cid): PartyChoice(
            "contact",
            int(cid),
            name,
            _joined(title, firm or "", email),
            int(firm_id) if firm_id is not None else None,
            firm or "",
        )
        for cid, name, title, email, firm_id, firm, trashed in tuples(query)
        if trashed is None
    }


def _companies(ids: list[int]) -> dict[int, PartyChoice]:
    if not ids:
        return {}
    query = Company.select(Company.id, Company.name, Company.industry, Company.deleted_at).where(
        Company.id.in_(ids)
    )
    return {
        int(cid): PartyChoice("company", int(cid), name, industry, int(cid), name)
        for cid, name, industry, trashed in tuples(query)
        if trashed is None
    }


def _joined(*parts: str | None) -> str:
    return " · ".join(part for part in parts if part)
