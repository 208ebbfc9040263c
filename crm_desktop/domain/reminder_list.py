"""The Reminders page as its reader sees it: every follow-up, any status, in a column's order,
filtered by status, assignee ("mine"), words of the title or note and when it is due; read a
page at a time by keyset, and counted. And what the page does to many rows at once (complete,
cancel, reopen), each as one transaction whose undo puts back exactly what was.

"Due" is when a reminder fires (``remind_at``: its due time, or the end of its snooze), as in
the reminders pane: the due ranges are the pane's sections (Overdue, Today, Next 7 days,
Later) in the user's local day, and an open reminder is overdue once it has fired. How each
order reads the store: ``store.reminder_list``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.followups import FollowUpService
from crm_desktop.domain.keyset_list import Key, KeysetList
from crm_desktop.domain.reminder_pane import SECTIONS, TITLES, Bounds, bounds_at
from crm_desktop.domain.reminder_rows import ShownReminder, shown
from crm_desktop.domain.reminder_rows import repeats_text as repeats_text
from crm_desktop.store import denormalised
from crm_desktop.store import reminder_list as sql_list
from crm_desktop.store.db import sql, write
from crm_desktop.store.values import from_epoch, to_epoch

SORTS = tuple(sql_list.SORT_KEYS)  # due, title, assignee, completed
STATUSES = sql_list.STATUSES  # open, done, cancelled (None: all)
RANGES = SECTIONS  # overdue, today, upcoming, later (None: any time)
RANGE_TITLES = TITLES


@dataclass(frozen=True)
class ReminderQuery:
    """Which reminders, in which order. ``status`` None: every status; ``due`` None: any time;
    ``mine``: only those assigned to whoever is acting."""

    sort: str = "due"
    descending: bool = False
    status: str | None = "open"
    mine: bool = False
    text: str = ""
    due: str | None = None

    def sorted_by(self, sort: str, descending: bool = False) -> ReminderQuery:
        return replace(self, sort=sort, descending=descending)


@dataclass(frozen=True)
class ReminderRow(ShownReminder):
    status: str
    completed_at: datetime | None  # when it was done or cancelled
    key: Key  # the keyset position: page after it for the rows that follow

    @property
    def snoozed(self) -> bool:
        return self.status == "open" and self.remind_at != self.due_at

    def overdue(self, now: datetime) -> bool:
        """Open and fired already (as the pane's Overdue section has it)."""
        return self.status == "open" and self.remind_at <= now


class ReminderList(KeysetList[ReminderQuery, sql_list.Filters, ReminderRow]):
    """Reads for the Reminders page; its model asks for one page at a time."""

    _store = sql_list

    def __init__(self, clock: Clock, actor_id: int | None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    def bounds(self) -> Bounds:
        return bounds_at(self.clock.now(), self.clock.local_tz)

    def next_change_at(self) -> datetime:
        """When what the page shows goes stale by itself: the next open reminder fires (its
        row turns overdue), or local midnight comes (the due ranges move along a day)."""
        bounds = self.bounds()
        row = sql(
            "SELECT min(remind_at) FROM reminder WHERE status = 'open' AND remind_at > ?",
            [to_epoch(bounds.now)],
        ).fetchone()
        if row is not None and row[0] is not None:
            return min(from_epoch(int(row[0])), bounds.today_end)
        return bounds.today_end

    def filters(self, query: ReminderQuery) -> sql_list.Filters:
        """``query`` as the store's filters, its due range split at this moment."""
        problems: dict[str, str] = {}
        if query.sort not in SORTS:
            problems["sort"] = f"The list cannot be sorted by {query.sort!r}."
        if query.status is not None and query.status not in STATUSES:
            problems["status"] = f"Status must be one of: {', '.join(STATUSES)}."
        if query.due is not None and query.due not in RANGES:
            problems["due"] = f"Due must be one of: {', '.join(RANGES)}."
        if problems:
            raise ValidationError(problems)
        start = end = None
        if query.due is not None:
            low, high = self.bounds().window(query.due)
            start = to_epoch(low) if low is not None else None
            end = to_epoch(high) if high is not None else None
        return sql_list.Filters(
            status=query.status,
            assignee_id=self.actor_id if query.mine else None,
            words=tuple(query.text.split()),
            start=start,
            end=end,
        )

    def _row(self, r: tuple[Any, ...]) -> ReminderRow:
        completed = r[6]
        return ReminderRow(
            *shown((*r[:5], *r[7 : sql_list.KEY_START])),
            str(r[5]),  # status
            from_epoch(int(completed)) if completed is not None else None,
            tuple(r[sql_list.KEY_START :]),  # key
        )


# -- many rows at once ------------------------------------------------------------------------


@dataclass(frozen=True)
class Closed:
    """What one bulk complete, cancel or reopen did."""

    change: Change | None  # None when no row could be acted on
    acted: tuple[int, ...]  # the reminders whose status changed
    following: Mapping[int, int]  # completed reminder -> the next occurrence it brought
    before: Mapping[int, tuple[str, datetime | None]]  # reopened -> (status, completed at)
    skipped: int  # asked for, but already in the wanted status (or gone)


class ReminderBulk:
    """Complete, cancel or reopen many reminders in one transaction, as the follow-up service
    does one (a recurring one's completion goes through it, bringing the next occurrence);
    the others in one statement, and the contacts' "next follow-up" refreshed once. Only rows
    that can take the step are touched (an open one for complete and cancel, a done or
    cancelled one for reopen); the others are counted as skipped."""

    def __init__(self, clock: Clock, actor_id: int | None) -> None:
        self.clock = clock
        self.followups = FollowUpService(clock, actor_id)

    def complete(self, ids: Sequence[int]) -> Closed:
        """Mark open ones done; each recurring one brings its next occurrence."""
        now = self.clock.now()
        with write():
            found = sql_list.states(asked := list(dict.fromkeys(ids)))
            acted = [rid for rid in asked if rid in found and found[rid][0] == "open"]
            plain = [rid for rid in acted if not found[rid][2]]
            sql_list.set_status(plain, "done", to_epoch(now), to_epoch(now))
            following: dict[int, int] = {}
            for rid in acted:
                if found[rid][2]:
                    change = self.followups.complete(rid)
                    if len(change.ids) > 1:
                        following[rid] = change.ids[1]
            _refresh(found, plain)
        return self._closed("completed", acted, ids, following, {}, frozenset({"timeline"}))

    def cancel(self, ids: Sequence[int]) -> Closed:
        now = to_epoch(self.clock.now())
        with write():
            found = sql_list.states(asked := list(dict.fromkeys(ids)))
            acted = [rid for rid in asked if rid in found and found[rid][0] == "open"]
            sql_list.set_status(acted, "cancelled", now, now)
            _refresh(found, acted)
        return self._closed("cancelled", acted, ids, {}, {}, frozenset())

    def reopen(self, ids: Sequence[int], drop: Mapping[int, int] | None = None) -> Closed:
        """Open done or cancelled ones again; ``drop[id]`` is the occurrence completing ``id``
        brought, cancelled if still open (an undone complete). ``before`` says what each was,
        for ``restore``."""
        drop = drop or {}
        now = to_epoch(self.clock.now())
        with write():
            found = sql_list.states(asked := list(dict.fromkeys(ids)))
            acted = [
                rid for rid in asked if rid in found and found[rid][0] in ("done", "cancelled")
            ]
            before = {rid: (found[rid][0], _instant(found[rid][1])) for rid in acted}
            sql_list.set_status(acted, "open", None, now)
            brought = sql_list.states([drop[rid] for rid in acted if rid in drop])
            dropped = [rid for rid, state in brought.items() if state[0] == "open"]
            sql_list.set_status(dropped, "cancelled", now, now)
            _refresh({**found, **brought}, [*acted, *dropped])
        closed = self._closed("reopened", acted, ids, {}, before, frozenset({"timeline"}))
        if closed.change is not None and dropped:
            ids_changed = (*closed.change.ids, *dropped)
            closed = replace(closed, change=closed.change._replace(ids=ids_changed))
        return closed

    def restore(self, before: Mapping[int, tuple[str, datetime | None]]) -> Change:
        """Put reopened reminders back as they were (done or cancelled, completed when they
        were), without the next occurrence a new complete would bring: a reopen's undo."""
        now = to_epoch(self.clock.now())
        with write():
            found = sql_list.states(list(before))
            for rid, (status, completed) in before.items():
                done = to_epoch(completed) if completed is not None else None
                sql_list.set_status([rid], status, done, now)
            _refresh(found, list(found))
        return Change("reminder", "updated", tuple(before), frozenset({"timeline"}))

    def _closed(
        self,
        action: str,
        acted: list[int],
        asked: Sequence[int],
        following: Mapping[int, int],
        before: Mapping[int, tuple[str, datetime | None]],
        touches: frozenset[str],
    ) -> Closed:
        skipped = len(set(asked)) - len(acted)
        if not acted:
            return Closed(None, (), {}, {}, skipped)
        ids = (*acted, *following.values())
        change = Change("reminder", action, ids, touches)
        return Closed(change, tuple(acted), dict(following), dict(before), skipped)


def _instant(epoch: int | None) -> datetime | None:
    return from_epoch(int(epoch)) if epoch is not None else None


def _refresh(found: Mapping[int, sql_list.State], ids: Iterable[int]) -> None:
    """The contacts' "next follow-up" column follows their open reminders."""
    contacts = {found[rid][3] for rid in ids if rid in found}
    denormalised.refresh_contacts(cid for cid in contacts if cid is not None)
