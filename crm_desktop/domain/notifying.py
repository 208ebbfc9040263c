"""When a due follow-up is raised, and what the notifier reads to know it.

The working-hours rule is pure (no store, no clock): a reminder that fires at ``T`` is raised at
``T`` if ``T`` falls in working hours, else at the next start of working hours. A shift belongs to
the day it starts on, so "22:00 to 06:00, Monday to Friday" covers Friday night until Saturday
06:00 but not Sunday night. Start equal to end means round the clock on the working days.

The reads are one indexed query each: the next time to arm the timer for, the ids that have come
due and were never raised, a short description of a few of them, the overdue count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from crm_desktop.store.db import sql
from crm_desktop.store.values import from_epoch, to_epoch

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # date.weekday() order
SNOOZE_CHOICES = (5, 10, 15, 30, 60, 120, 240, 1440)  # minutes offered for a snooze


@dataclass(frozen=True)
class WorkingHours:
    start: time = time(9)
    end: time = time(17)
    days: frozenset[int] = frozenset(range(5))  # 0 = Monday; the day a shift starts on

    @property
    def overnight(self) -> bool:
        return self.end < self.start

    def problems(self) -> dict[str, str]:
        if not self.days:
            return {"days": "Pick at least one working day."}
        if any(not 0 <= day <= 6 for day in self.days):
            return {"days": "Working days are Monday (0) to Sunday (6)."}
        return {}

    def describe(self) -> str:
        """ "Mon–Fri 09:00–17:00", "Mon, Wed 22:00–06:00 (overnight)", "Sat–Sun all day"."""
        span = f"{self.start:%H:%M}–{self.end:%H:%M}"
        if self.start == self.end:
            span = "all day"
        elif self.overnight:
            span += " (overnight)"
        return f"{_day_list(self.days)} {span}"


@dataclass(frozen=True)
class NotificationPrefs:
    """What the user chose in the notification settings."""

    enabled: bool = True
    sound: bool = False
    use_hours: bool = False
    hours: WorkingHours = field(default_factory=WorkingHours)
    snooze_minutes: int = 10
    keep_in_tray: bool = True  # closing the window leaves the app running in the tray

    @property
    def active_hours(self) -> WorkingHours | None:
        return self.hours if self.use_hours else None

    def problems(self) -> dict[str, str]:
        found = self.hours.problems() if self.use_hours else {}
        if self.snooze_minutes < 1:
            found["snooze_minutes"] = "Snooze for at least a minute."
        return found


# -- the rule --------------------------------------------------------------------------------


def earliest_in_hours(when: datetime, hours: WorkingHours | None, tz: tzinfo) -> datetime:
    """``when`` if it falls inside working hours (or there are none), else the next start.

    ``when`` is timezone-aware; the answer is in UTC. Shifts are half-open: a reminder due at
    the very end of a shift waits for the next one.
    """
    if when.tzinfo is None:
        raise ValueError("earliest_in_hours needs a timezone-aware time")
    instant = when.astimezone(UTC)
    if hours is None or not hours.days:
        return instant
    today = instant.astimezone(tz).date()
    for offset in range(-1, 9):  # yesterday's overnight shift, then the next week and a day
        day = today + timedelta(days=offset)
        if day.weekday() not in hours.days:
            continue
        opens, closes = shift(day, hours, tz)
        if opens <= instant < closes:
            return instant
        if opens > instant:
            return opens
    return instant  # not reached: some working day starts within eight days


def raise_time(
    remind_at: datetime, now: datetime, hours: WorkingHours | None, tz: tzinfo
) -> datetime:
    """When a reminder firing at ``remind_at`` is raised, seen at ``now``: the first moment in
    working hours that is neither before it fires nor in the past. One that came due while the
    app was closed is raised now if now is working time, else at the next start."""
    return earliest_in_hours(max(remind_at, now), hours, tz)


def shift(day: date, hours: WorkingHours, tz: tzinfo) -> tuple[datetime, datetime]:
    """The UTC start and end of the shift starting on local ``day``."""
    opens = datetime.combine(day, hours.start, tzinfo=tz)
    end_day = day + timedelta(days=1) if hours.end <= hours.start else day
    closes = datetime.combine(end_day, hours.end, tzinfo=tz)
    return opens.astimezone(UTC), closes.astimezone(UTC)


def _day_list(days: frozenset[int]) -> str:
    """Runs of three or more days as ranges: {0,1,2,3,4} -> "Mon–Fri"; {0,2} -> "Mon, Wed"."""
    ordered = sorted(days)
    runs: list[list[int]] = []
    for day in ordered:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAYS[run[0]]}–{WEEKDAYS[run[-1]]}")
        else:
            parts.extend(WEEKDAYS[day] for day in run)
    return ", ".join(parts) or "no days"


# -- what the notifier reads -----------------------------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    """A raised reminder as a notification shows it."""

    id: int
    title: str
    due_at: datetime
    remind_at: datetime
    about: str  # the contact's name, else the lead's title, else ""
    recurring: bool


# Each of these is served by reminder_status_notified_at_remind_at_id (status, notified_at,
# remind_at, id): an equality on the first two columns, then the index order.
_NEXT = (
    "SELECT remind_at FROM reminder WHERE status = 'open' AND notified_at IS NULL "
    "ORDER BY remind_at, id LIMIT 1"
)
_DUE = (
    "SELECT id FROM reminder WHERE status = 'open' AND notified_at IS NULL AND remind_at <= ? "
    "ORDER BY remind_at, id"
)
OVERDUE_CAP = 1000  # the tray says "99+" long before; counting on would cost ~0.07 ms per 1,000
_OVERDUE = (
    "SELECT count(*) FROM (SELECT 1 FROM reminder WHERE status = 'open' AND remind_at <= ? LIMIT ?)"
)
_DESCRIBE = (
    "SELECT r.id, r.title, r.due_at, r.remind_at, coalesce(c.display_name, l.title, ''), "
    "r.recur_every IS NOT NULL FROM reminder r LEFT JOIN contact c ON c.id = r.contact_id "
    "LEFT JOIN lead l ON l.id = r.lead_id WHERE r.id IN ({marks})"
)


def next_fire_at() -> datetime | None:
    """When the earliest open reminder that was never raised fires (perhaps in the past)."""
    row = sql(_NEXT).fetchone()
    return from_epoch(int(row[0])) if row is not None else None


def due_unraised(until: datetime) -> list[int]:
    """Ids of open reminders firing at or before ``until`` that were never raised, in order."""
    return [int(row[0]) for row in sql(_DUE, (to_epoch(until),)).fetchall()]


def count_overdue(now: datetime, cap: int = OVERDUE_CAP) -> int:
    """Open reminders whose time has come (raised or not), counted up to ``cap``: the tray's
    number. Reads an index range as long as the count, so it stops at ``cap``."""
    return int(sql(_OVERDUE, (to_epoch(now), cap)).fetchone()[0])


def describe(ids: Sequence[int]) -> list[DueReminder]:
    """These reminders as notifications show them, in the order given (keep it to a few)."""
    if not ids:
        return []
    statement = _DESCRIBE.format(marks=", ".join("?" * len(ids)))
    found = {
        int(rid): DueReminder(
            int(rid), title, from_epoch(due), from_epoch(fire), about or "", bool(recurs)
        )
        for rid, title, due, fire, about, recurs in sql(statement, tuple(ids)).fetchall()
    }
    return [found[rid] for rid in ids if rid in found]
