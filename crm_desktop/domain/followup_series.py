"""Recurring follow-ups: when the next one falls due, and the occurrence that completing one
brings."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from crm_desktop.store.models import Reminder


def add_interval(when: datetime, every: int, unit: str) -> datetime:
    """``when`` plus N days/weeks/months/years; month ends clamp (Jan 31 + 1 month = Feb 28)."""
    if unit == "days":
        return when + timedelta(days=every)
    if unit == "weeks":
        return when + timedelta(weeks=every)
    months = every if unit == "months" else every * 12
    index = when.month - 1 + months
    year, month = when.year + index // 12, index % 12 + 1
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def bring_next(row: Reminder, every: int, unit: str, now: datetime) -> int:
    """Make the occurrence after ``row`` (a recurring reminder just done), linked to it."""
    due = add_interval(row.due_at, every, unit)
    while due <= now:  # a long-overdue recurring task catches up to the future
        due = add_interval(due, every, unit)
    following = Reminder.create(
        title=row.title,
        note=row.note,
        due_at=due,
        remind_at=due,
        assignee=row.assignee_id,
        contact=row.contact_id,
        lead=row.lead_id,
        recur_every=every,
        recur_unit=unit,
        follows=row.id,
        created_at=now,
        updated_at=now,
    )
    return int(following.id)


def followed(reminder_id: int) -> bool:
    """Whether completing ``reminder_id`` brought an occurrence that nobody cancelled since."""
    query = Reminder.select(Reminder.id).where(
        Reminder.follows == reminder_id, Reminder.status != "cancelled"
    )
    return query.exists()
