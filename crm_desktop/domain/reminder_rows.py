"""A follow-up as both lists of them show it (the reminders pane, the Reminders page): its own
columns and the names of who and what it is about. Each list's row adds what only it shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crm_desktop.store.values import from_epoch


@dataclass(frozen=True)
class ShownReminder:
    id: int
    title: str
    note: str
    due_at: datetime
    remind_at: datetime  # when it fires: the due time, or the end of a snooze
    assignee_id: int | None
    assignee_name: str
    contact_id: int | None
    contact_name: str
    contact_trashed: bool
    lead_id: int | None
    lead_title: str
    recur_every: int | None
    recur_unit: str | None

    @property
    def repeats(self) -> str:
        return repeats_text(self.recur_every, self.recur_unit)


def repeats_text(every: int | None, unit: str | None) -> str:
    """ "every 2 weeks", "every day"; "" when it does not repeat."""
    if not every or not unit:
        return ""
    single = unit.rstrip("s")
    return f"every {single}" if every == 1 else f"every {every} {single}s"


# ShownReminder's fields in their order: a row's first arguments (mypy checks them against it)
Fields = tuple[
    int, str, str, datetime, datetime, int | None, str, int | None, str, bool, int | None, str,
    int | None, str | None,
]  # fmt: skip


def shown(columns: Sequence[Any]) -> Fields:
    """``ShownReminder``'s fields from the store's columns in the same order (as
    ``store.reminder_pane.ROW_COLUMNS`` has them)."""
    (rid, title, note, due, fire, assignee, assignee_name, contact, contact_name) = columns[:9]
    trashed, lead, lead_title, every, unit = columns[9:]
    return (
        int(rid),
        str(title),
        str(note),
        from_epoch(int(due)),
        from_epoch(int(fire)),
        assignee,
        str(assignee_name or ""),
        contact,
        str(contact_name or ""),
        bool(trashed),
        lead,
        str(lead_title or ""),
        every,
        unit,
    )
