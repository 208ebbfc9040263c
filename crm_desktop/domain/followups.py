"""Reminders and tasks: due, overdue, snooze, complete, recur; leads with no next step; lapsed
"stay in touch" cadences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import peewee

from crm_desktop.domain import collector
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import DomainError, NotFound, ValidationError
from crm_desktop.domain.followup_series import bring_next, followed
from crm_desktop.domain.normalize import clean
from crm_desktop.store import denormalised
from crm_desktop.store.db import sql, tuples, write
from crm_desktop.store.models import RECURRENCE_UNITS, Contact, Lead, Reminder
from crm_desktop.store.values import from_epoch, to_epoch


@dataclass
class ReminderFields:
    title: str = ""
    due_at: datetime | None = None
    note: str = ""
    assignee_id: int | None = None
    contact_id: int | None = None
    lead_id: int | None = None
    recur_every: int | None = None
    recur_unit: str | None = None  # days, weeks, months, years


@dataclass(frozen=True)
class ReminderItem:
    id: int
    title: str
    note: str
    due_at: datetime
    remind_at: datetime  # when it fires: the due time, or the end of a snooze
    status: str
    assignee_id: int | None
    contact_id: int | None
    lead_id: int | None
    recur_every: int | None
    recur_unit: str | None
    notified_at: datetime | None


@dataclass(frozen=True)
class Lapsed:
    contact_id: int
    display_name: str
    last_contacted_at: datetime | None
    every_days: int


def reminder_problems(fields: ReminderFields) -> dict[str, str]:
    """What is wrong with ``fields`` (field name to message); empty when they can be saved."""
    problems: dict[str, str] = {}
    if not clean(fields.title):
        problems["title"] = "A follow-up needs a title."
    if fields.due_at is None:
        problems["due_at"] = "A follow-up needs a due date and time."
    if (fields.recur_every is None) != (fields.recur_unit is None):
        problems["recurrence"] = "A repeat needs both a number and a unit."
    elif fields.recur_every is not None:
        if fields.recur_every < 1:
            problems["recurrence"] = "Repeat every 1 or more."
        if fields.recur_unit not in RECURRENCE_UNITS:
            problems["recurrence"] = f"Repeat in {', '.join(RECURRENCE_UNITS)}."
    if (
        fields.contact_id is not None
        and not Contact.select().where(Contact.id == fields.contact_id).exists()
    ):
        problems["contact"] = f"There is no contact with id {fields.contact_id}."
    if fields.lead_id is not None and not Lead.select().where(Lead.id == fields.lead_id).exists():
        problems["lead"] = f"There is no lead with id {fields.lead_id}."
    return problems


class FollowUpService:
    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    # -- writing ---------------------------------------------------------------------------

    def create(self, fields: ReminderFields) -> Change:
        due = self._check(fields)
        now = self.clock.now()
        with write():
            row = Reminder.create(
                **self._columns(fields),
                due_at=due,
                remind_at=due,
                assignee=fields.assignee_id if fields.assignee_id is not None else self.actor_id,
                created_at=now,
                updated_at=now,
            )
            _refresh_contacts(fields.contact_id)
        return Change("reminder", "created", (int(row.id),))

    def edit(self, reminder_id: int, fields: ReminderFields) -> Change:
        due = self._check(fields)
        with write():
            old = self._open(reminder_id)
            Reminder.update(
                **self._columns(fields),
                due_at=due,
                remind_at=due,
                snoozed_until=None,
                notified_at=None,
                assignee=fields.assignee_id,
                updated_at=self.clock.now(),
            ).where(Reminder.id == reminder_id).execute()
            _refresh_contacts(old.contact_id, fields.contact_id)
        return Change("reminder", "updated", (reminder_id,))

    def complete(self, reminder_id: int) -> Change:
        """Mark done; a recurring reminder brings its next occurrence (returned second in ids:
        what undoing this completion cancels).

        Completed before and reopened since, it brings no second copy: the occurrence its first
        completion brought stays as it is (open, snoozed or edited: not this completion's to
        undo), or, done already, means the series has moved on. Only a cancelled one (an undone
        completion) is made again."""
        now = self.clock.now()
        with write():
            row = self._open(reminder_id)
            Reminder.update(status="done", completed_at=now, updated_at=now).where(
                Reminder.id == reminder_id
            ).execute()
            ids = [reminder_id]
            every, unit = row.recur_every, row.recur_unit
            if every and unit and not followed(reminder_id):
                ids.append(bring_next(row, every, unit, now))
            _refresh_contacts(row.contact_id)
        return Change("reminder", "completed", tuple(ids), frozenset({"timeline"}))

    def cancel(self, reminder_id: int) -> Change:
        now = self.clock.now()
        with write():
            row = self._open(reminder_id)
            Reminder.update(status="cancelled", completed_at=now, updated_at=now).where(
                Reminder.id == reminder_id
            ).execute()
            _refresh_contacts(row.contact_id)
        return Change("reminder", "cancelled", (reminder_id,))

    def reopen(self, reminder_id: int, drop: int | None = None) -> Change:
        """Take back a complete or a cancel: open again. ``drop`` is the occurrence completing
        a recurring reminder brought; it is cancelled if still open."""
        now = self.clock.now()
        with write():
            row = Reminder.get_or_none(Reminder.id == reminder_id)
            if row is None:
                raise NotFound("reminder", reminder_id)
            Reminder.update(status="open", completed_at=None, updated_at=now).where(
                Reminder.id == reminder_id
            ).execute()
            ids = [reminder_id]
            if drop is not None and self.get(drop).status == "open":
                ids.append(self.cancel(drop).id)
            _refresh_contacts(row.contact_id)
        return Change("reminder", "reopened", tuple(ids), frozenset({"timeline"}))

    def retime(self, reminder_id: int, remind_at: datetime, notified_at: datetime | None) -> Change:
        """Put back when an open reminder fires and whether it was raised (undoing a snooze)."""
        with write():
            row = self._open(reminder_id)
            snoozed = remind_at if remind_at != row.due_at else None
            Reminder.update(
                remind_at=remind_at,
                snoozed_until=snoozed,
                notified_at=notified_at,
                updated_at=self.clock.now(),
            ).where(Reminder.id == reminder_id).execute()
            _refresh_contacts(row.contact_id)
        return Change("reminder", "snoozed", (reminder_id,))

    def snooze(self, reminder_id: int, until: datetime) -> Change:
        """Fire again at ``until``; the due date itself stays as it was."""
        now = self.clock.now()
        if until <= now:
            raise ValidationError({"snoozed_until": "Snooze until a time in the future."})
        with write():
            row = self._open(reminder_id)
            Reminder.update(
                snoozed_until=until, remind_at=until, notified_at=None, updated_at=now
            ).where(Reminder.id == reminder_id).execute()
            _refresh_contacts(row.contact_id)
        return Change("reminder", "snoozed", (reminder_id,))

    def mark_notified(self, reminder_ids: list[int]) -> Change:
        """Remember that these were raised, so they are not raised again."""
        now = self.clock.now()
        with write():
            Reminder.update(notified_at=now).where(Reminder.id.in_(reminder_ids)).execute()
        return Change("reminder", "notified", tuple(reminder_ids))

    # -- reading ---------------------------------------------------------------------------

    def get(self, reminder_id: int) -> ReminderItem:
        row = Reminder.get_or_none(Reminder.id == reminder_id)
        if row is None:
            raise NotFound("reminder", reminder_id)
        return _item(row)

    def between(
        self,
        start: datetime | None,
        end: datetime | None,
        assignee_id: int | None = None,
        limit: int | None = None,
    ) -> list[ReminderItem]:
        """Open reminders firing in [start, end), soonest first."""
        query = Reminder.select().where(Reminder.status == "open")
        if start is not None:
            query = query.where(Reminder.remind_at >= start)
        if end is not None:
            query = query.where(Reminder.remind_at < end)
        if assignee_id is not None:
            query = query.where(Reminder.assignee == assignee_id)
        query = query.order_by(Reminder.remind_at, Reminder.id)
        if limit is not None:
            query = query.limit(limit)
        return _items(query)

    def overdue(self, assignee_id: int | None = None) -> list[ReminderItem]:
        return self.between(None, self.clock.now(), assignee_id)

    def due_today(self, assignee_id: int | None = None) -> list[ReminderItem]:
        """Open reminders firing from now until the end of the user's local day."""
        start, end = self._today()
        return self.between(max(start, self.clock.now()), end, assignee_id)

    def upcoming(self, days: int = 7, assignee_id: int | None = None) -> list[ReminderItem]:
        """After today, within ``days`` days."""
        _, end = self._today()
        return self.between(end, end + timedelta(days=days), assignee_id)

    def next_due(self) -> ReminderItem | None:
        """The next open reminder not yet raised: what the notification timer arms for."""
        row = (
            Reminder.select()
            .where(Reminder.status == "open", Reminder.notified_at.is_null())
            .order_by(Reminder.remind_at, Reminder.id)
            .first()
        )
        return _item(row) if row is not None else None

    def due_unnotified(self) -> list[ReminderItem]:
        """Open reminders whose time has come and that were never raised."""
        return _items(
            Reminder.select()
            .where(
                Reminder.status == "open",
                Reminder.remind_at <= self.clock.now(),
                Reminder.notified_at.is_null(),
            )
            .order_by(Reminder.remind_at, Reminder.id)
        )

    def leads_without_next_step(self, pipeline_id: int | None = None) -> list[int]:
        """Open, living leads with no open follow-up."""
        has_open = Reminder.select(Reminder.id).where(
            Reminder.lead == Lead.id, Reminder.status == "open"
        )
        query = Lead.select(Lead.id).where(
            Lead.status == "open", Lead.deleted_at.is_null(), ~peewee.fn.EXISTS(has_open)
        )
        if pipeline_id is not None:
            query = query.where(Lead.pipeline == pipeline_id)
        return [int(row[0]) for row in tuples(query.order_by(Lead.id))]

    def lapsed_cadences(self) -> list[Lapsed]:
        """Contacts with "stay in touch every N days" whose last interaction is older than N
        days (or who were never contacted), oldest first."""
        now = to_epoch(self.clock.now())
        last = peewee.fn.COALESCE(Contact.last_contacted_at, 0)
        query = (
            Contact.select(
                Contact.id,
                Contact.display_name,
                Contact.last_contacted_at,
                Contact.stay_in_touch_days,
            )
            .where(
                Contact.deleted_at.is_null(),
                Contact.stay_in_touch_days.is_null(False),
                last + Contact.stay_in_touch_days * 86400 <= now,
            )
            .order_by(last, Contact.id)
        )
        return [Lapsed(int(c), n, when, int(d)) for c, n, when, d in tuples(query)]

    # -- helpers ---------------------------------------------------------------------------

    def _today(self) -> tuple[datetime, datetime]:
        local_now = self.clock.now().astimezone(self.clock.local_tz)
        start = datetime.combine(local_now.date(), time(0), tzinfo=self.clock.local_tz)
        return start, start + timedelta(days=1)

    @staticmethod
    def _check(fields: ReminderFields) -> datetime:
        problems = reminder_problems(fields)
        if problems or fields.due_at is None:
            raise ValidationError(problems)
        return fields.due_at

    @staticmethod
    def _columns(fields: ReminderFields) -> dict[str, object]:
        return {
            "title": clean(fields.title),
            "note": fields.note.strip(),
            "contact": fields.contact_id,
            "lead": fields.lead_id,
            "recur_every": fields.recur_every,
            "recur_unit": fields.recur_unit,
        }

    @staticmethod
    def _open(reminder_id: int) -> Reminder:
        row = Reminder.get_or_none(Reminder.id == reminder_id)
        if row is None:
            raise NotFound("reminder", reminder_id)
        if row.status != "open":
            raise DomainError(f"“{row.title}” is already {row.status}.")
        return row


def _refresh_contacts(*contact_ids: int | None) -> None:
    """The contacts' "next follow-up" column follows their open reminders."""
    denormalised.refresh_contacts(cid for cid in contact_ids if cid is not None)


def _item(row: Reminder) -> ReminderItem:
    return ReminderItem(
        int(row.id),
        row.title,
        row.note,
        row.due_at,
        row.remind_at,
        row.status,
        row.assignee_id,
        row.contact_id,
        row.lead_id,
        row.recur_every,
        row.recur_unit,
        row.notified_at,
    )


_ITEM_COLUMNS = (
    Reminder.id,
    Reminder.title,
    Reminder.note,
    Reminder.due_at,
    Reminder.remind_at,
    Reminder.status,
    Reminder.assignee,
    Reminder.contact,
    Reminder.lead,
    Reminder.recur_every,
    Reminder.recur_unit,
    Reminder.notified_at,
)


def _items(query: peewee.ModelSelect[Reminder]) -> list[ReminderItem]:
    """Rows as items straight from tuples: no model objects on lists that can be long."""
    statement, params = query.select(*_ITEM_COLUMNS).sql()
    rows = sql(statement, params).fetchall()  # raw epoch ints, converted once below
    with collector.paused():  # thousands of items: see domain.collector
        return _as_items(rows)


def _as_items(rows: list[tuple[Any, ...]]) -> list[ReminderItem]:
    """Items from rows of ``_ITEM_COLUMNS``; a reminder not snoozed fires when it is due, and
    shares that instant (datetimes do not change) instead of converting it twice."""
    items = []
    for rid, title, note, due, fire, status, assignee, contact, lead, every, unit, told in rows:
        due_at = from_epoch(due)
        items.append(
            ReminderItem(
                rid,
                title,
                note,
                due_at,
                due_at if fire == due else from_epoch(fire),
                status,
                assignee,
                contact,
                lead,
                every,
                unit,
                from_epoch(told) if told is not None else None,
            )
        )
    return items
