"""Logging calls, emails, meetings, notes, messages and visits; last-contacted bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import NotFound, ValidationError
from crm_desktop.domain.normalize import clean
from crm_desktop.domain.tombstones import bury
from crm_desktop.store import search
from crm_desktop.store.db import write
from crm_desktop.store.models import INTERACTION_KINDS, Contact, Interaction, Lead
from crm_desktop.store.values import to_epoch

DIRECTIONS = ("", "inbound", "outbound")


@dataclass(frozen=True)
class InteractionEntry:
    id: int
    contact_id: int
    lead_id: int | None
    kind: str
    direction: str
    subject: str
    body: str
    occurred_at: datetime
    duration_minutes: int | None
    outcome: str
    staff_id: int | None


@dataclass
class InteractionFields:
    kind: str = "note"
    subject: str = ""
    body: str = ""
    occurred_at: datetime | None = None  # None: now
    direction: str = ""
    duration_minutes: int | None = None
    outcome: str = ""
    lead_id: int | None = None


def _check(fields: InteractionFields) -> None:
    problems: dict[str, str] = {}
    if fields.kind not in INTERACTION_KINDS:
        problems["kind"] = f"Kind must be one of: {', '.join(INTERACTION_KINDS)}."
    if fields.direction not in DIRECTIONS:
        problems["direction"] = "Direction must be inbound, outbound or empty."
    if fields.duration_minutes is not None and fields.duration_minutes < 0:
        problems["duration_minutes"] = "A duration cannot be negative."
    if not clean(fields.subject) and not fields.body.strip():
        problems["subject"] = "Say something: a subject or a text."
    if fields.lead_id is not None and not Lead.select().where(Lead.id == fields.lead_id).exists():
        problems["lead"] = f"There is no lead with id {fields.lead_id}."
    if problems:
        raise ValidationError(problems)


class InteractionService:
    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    def log(self, contact_id: int, fields: InteractionFields) -> Change:
        """Record an interaction with a contact; their last-contacted date follows."""
        _check(fields)
        now = self.clock.now()
        with write():
            if not Contact.select().where(Contact.id == contact_id).exists():
                raise NotFound("contact", contact_id)
            row = Interaction.create(
                contact=contact_id,
                staff=self.actor_id,
                created_at=now,
                updated_at=now,
                **self._columns(fields, now),
            )
            refresh_last_contacted([contact_id])
            search.reindex("interaction", [int(row.id)])
        return Change("interaction", "created", (int(row.id),), frozenset({"contact"}))

    def edit(self, interaction_id: int, fields: InteractionFields) -> Change:
        _check(fields)
        now = self.clock.now()
        with write():
            row = self._require(interaction_id)
            Interaction.update(updated_at=now, **self._columns(fields, row.occurred_at)).where(
                Interaction.id == interaction_id
            ).execute()
            refresh_last_contacted([int(row.contact_id)])
            search.reindex("interaction", [interaction_id])
        return Change("interaction", "updated", (interaction_id,), frozenset({"contact"}))

    def remove(self, interaction_id: int) -> Change:
        now = self.clock.now()
        with write():
            row = self._require(interaction_id)
            bury("interaction", [row.uid], now)
            row.delete_instance()
            refresh_last_contacted([int(row.contact_id)])
            search.remove("interaction", [interaction_id])
        return Change("interaction", "deleted", (interaction_id,), frozenset({"contact"}))

    def get(self, interaction_id: int) -> InteractionEntry:
        return _entry(self._require(interaction_id))

    def for_contact(
        self, contact_id: int, before: tuple[datetime, int] | None = None, limit: int = 50
    ) -> list[InteractionEntry]:
        """The contact's interactions, newest first, after the keyset position ``before``."""
        query = (
            Interaction.select()
            .where(Interaction.contact == contact_id)
            .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
            .limit(limit)
        )
        if before is not None:
            when, row_id = before
            query = query.where(
                peewee.Tuple(Interaction.occurred_at, Interaction.id)
                < peewee.Tuple(to_epoch(when), row_id)
            )
        return [_entry(row) for row in query]

    def _require(self, interaction_id: int) -> Interaction:
        row = Interaction.get_or_none(Interaction.id == interaction_id)
        if row is None:
            raise NotFound("interaction", interaction_id)
        return row

    @staticmethod
    def _columns(fields: InteractionFields, default_when: datetime) -> dict[str, object]:
        return {
            "kind": fields.kind,
            "direction": fields.direction,
            "subject": clean(fields.subject),
            "body": fields.body.strip(),
            "occurred_at": fields.occurred_at or default_when,
            "duration_minutes": fields.duration_minutes,
            "outcome": clean(fields.outcome),
            "lead": fields.lead_id,
        }


def refresh_last_contacted(contact_ids: list[int]) -> None:
    """Set each contact's ``last_contacted_at`` to its newest interaction (or none)."""
    newest = Interaction.select(peewee.fn.MAX(Interaction.occurred_at)).where(
        Interaction.contact == Contact.id
    )
    Contact.update(last_contacted_at=newest).where(Contact.id.in_(contact_ids)).execute()


def _entry(row: Interaction) -> InteractionEntry:
    return InteractionEntry(
        id=int(row.id),
        contact_id=int(row.contact_id),
        lead_id=row.lead_id,
        kind=row.kind,
        direction=row.direction,
        subject=row.subject,
        body=row.body,
        occurred_at=row.occurred_at,
        duration_minutes=row.duration_minutes,
        outcome=row.outcome,
        staff_id=row.staff_id,
    )
