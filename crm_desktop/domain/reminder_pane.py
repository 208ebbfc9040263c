"""The reminders pane as its reader sees it, and the times its menus offer.

**Sections.** Open reminders fall in four sections by when they fire (``remind_at``: the due
time, or the end of a snooze), in the user's local day:

- Overdue: fired already (``remind_at <= now``: a reminder shows here the moment it fires, as
  the notification does);
- Today: later today, until local midnight;
- Upcoming: the 7 days after today;
- Later: everything after.

Each section is read as an SQL count and its first rows (soonest first), never as all its
rows; "Show more" reads the next rows after the last one shown (keyset on remind_at, id).
A view says when it next goes stale by itself (``PaneView.next_change_at``): when the first
of today's reminders fires, or at midnight, whichever is first.

**Stay in touch.** A contact with "stay in touch every N days" whose last interaction is older
than that gets a real reminder, "Stay in touch with <name>", due when the cadence lapsed (now
if they were never contacted), assigned to the contact's owner (else to whoever is acting).
``surface_lapsed`` makes them; the pane calls it when it opens, when contacts or
interactions change, and when the next lapse comes (``CadenceCheck.next_lapse_at``). Being
real reminders, they notify, snooze, recur into the contact's "next follow-up" column and
undo like any other. One lapse makes one reminder: a lapse is in hand once the contact has a
reminder made since it lapsed (open, done or cancelled), or an open one made since their last
interaction. Logging an interaction starts the next cadence. Contacts in the trash or marked
"do not contact" never get one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.followups import ReminderFields, ReminderItem
from crm_desktop.domain.reminder_rows import ShownReminder, shown
from crm_desktop.store import denormalised
from crm_desktop.store import reminder_pane as sql_pane
from crm_desktop.store.db import write
from crm_desktop.store.models import RECURRENCE_UNITS, Contact, Lead
from crm_desktop.store.values import from_epoch, new_uid, to_epoch

SECTIONS: tuple[str, ...] = ("overdue", "today", "upcoming", "later")
TITLES = {"overdue": "Overdue", "today": "Today", "upcoming": "Next 7 days", "later": "Later"}
UPCOMING_DAYS = 7
FIRST_ROWS = 25  # rows read per section at first; "Show more" reads this many again
MORNING = time(9, 0)  # "tomorrow morning", "next Monday": at this local time
STAY_IN_TOUCH = "Stay in touch with {name}"
REPEAT_UNITS: tuple[str, ...] = RECURRENCE_UNITS  # days, weeks, months, years

Window = tuple[datetime | None, datetime | None]


@dataclass(frozen=True)
class Bounds:
    """Where the sections split, as UTC instants, for one moment ``now``."""

    now: datetime
    today_end: datetime  # the coming local midnight
    upcoming_end: datetime  # UPCOMING_DAYS local days after that

    def window(self, section: str) -> Window:
        """[start, end) of ``section``'s remind_at."""
        after_now = self.now + timedelta(seconds=1)  # epoch seconds: "> now" is ">= now + 1 s"
        return {
            "overdue": (None, after_now),
            "today": (after_now, self.today_end),
            "upcoming": (self.today_end, self.upcoming_end),
            "later": (self.upcoming_end, None),
        }[section]

    def section_of(self, remind_at: datetime) -> str:
        if remind_at <= self.now:
            return "overdue"
        if remind_at < self.today_end:
            return "today"
        return "upcoming" if remind_at < self.upcoming_end else "later"


def bounds_at(now: datetime, tz: tzinfo) -> Bounds:
    local = now.astimezone(tz)
    midnight = _local(local.date() + timedelta(days=1), time(0), tz)
    later = _local(local.date() + timedelta(days=1 + UPCOMING_DAYS), time(0), tz)
    return Bounds(now, midnight, later)


@dataclass(frozen=True)
class PaneRow(ShownReminder):
    """An open reminder in a section."""

    @property
    def snoozed(self) -> bool:
        return self.remind_at != self.due_at


@dataclass(frozen=True)
class PaneSection:
    key: str
    title: str
    count: int
    rows: tuple[PaneRow, ...]

    @property
    def remaining(self) -> int:
        """Rows of the section not read yet ("Show more")."""
        return max(0, self.count - len(self.rows))


@dataclass(frozen=True)
class PaneView:
    bounds: Bounds
    mine: bool
    sections: tuple[PaneSection, ...]

    def section(self, key: str) -> PaneSection:
        return self.sections[SECTIONS.index(key)]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.sections)

    @property
    def next_change_at(self) -> datetime:
        """When the view goes stale by itself: the first of today's reminders fires (moving to
        Overdue), or midnight comes (every section moves along a day)."""
        today = self.section("today").rows
        if today and today[0].remind_at < self.bounds.today_end:
            return today[0].remind_at
        return self.bounds.today_end


class ReminderPane:
    """Reads the pane for one staff member ("mine") or for everyone."""

    def __init__(self, clock: Clock, actor_id: int | None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    def bounds(self) -> Bounds:
        return bounds_at(self.clock.now(), self.clock.local_tz)

    def read(self, mine: bool, limits: Mapping[str, int] | None = None) -> PaneView:
        """Counts of every section and its first rows: ``limits[section]`` of them (to keep
        what "Show more" had opened), else ``FIRST_ROWS``."""
        bounds = self.bounds()
        assignee = self._assignee(mine)
        windows = [_epochs(bounds.window(key)) for key in SECTIONS]
        counts = sql_pane.counts(windows, assignee)
        sections = []
        for key, window, count in zip(SECTIONS, windows, counts, strict=True):
            limit = max(1, (limits or {}).get(key, FIRST_ROWS))
            found = sql_pane.rows(window, assignee, limit=limit) if count else []
            sections.append(PaneSection(key, TITLES[key], count, tuple(map(_row, found))))
        return PaneView(bounds, mine, tuple(sections))

    def more(
        self, bounds: Bounds, section: str, mine: bool, after: PaneRow, limit: int = FIRST_ROWS
    ) -> list[PaneRow]:
        """The next rows of ``section`` (as split at ``bounds``) after ``after``."""
        window = _epochs(bounds.window(section))
        key = (to_epoch(after.remind_at), after.id)
        found = sql_pane.rows(window, self._assignee(mine), after=key, limit=limit)
        return [_row(row) for row in found]

    def _assignee(self, mine: bool) -> int | None:
        return self.actor_id if mine else None


def _epochs(window: Window) -> sql_pane.Window:
    start, end = window
    return (
        to_epoch(start) if start is not None else None,
        to_epoch(end) if end is not None else None,
    )


def _row(row: tuple[Any, ...]) -> PaneRow:
    return PaneRow(*shown(row))


# -- stay in touch ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceCheck:
    change: Change | None  # the reminders made, if any
    next_lapse_at: datetime | None  # when the next cadence lapses (check again then)


def surface_lapsed(
    clock: Clock, actor_id: int | None, since: datetime | None = None
) -> CadenceCheck:
    """Make a "Stay in touch" reminder for every lapsed cadence not yet in hand (see above);
    with ``since``, look only at cadences that lapsed after it (the last look, when nothing
    else changed: a timer's check)."""
    now = clock.now()
    with write():
        after = to_epoch(since) if since is not None else None
        lapsed = sql_pane.lapsed_cadences(to_epoch(now), after)
        rows = [
            (
                new_uid(),
                to_epoch(now),
                STAY_IN_TOUCH.format(name=name),
                _cadence_note(last, every, clock.local_tz),
                lapsed_at if last is not None else to_epoch(now),
                owner if owner is not None else actor_id,
                contact_id,
            )
            for contact_id, name, last, every, owner, lapsed_at in lapsed
        ]
        ids = sql_pane.add_open(rows) if rows else []
        if rows:
            denormalised.refresh_contacts(row[0] for row in lapsed)
        following = sql_pane.next_lapse(to_epoch(now))
    change = Change("reminder", "created", tuple(ids)) if ids else None
    return CadenceCheck(change, from_epoch(following) if following is not None else None)


def _cadence_note(last: int | None, every: int, tz: tzinfo) -> str:
    cadence = "every day" if every == 1 else f"every {every} days"
    if last is None:
        return f"Stay in touch {cadence}; not contacted yet."
    when = from_epoch(last).astimezone(tz)
    return f"Stay in touch {cadence}; last contacted {when:%d %b %Y}."


# -- the times the menus offer ----------------------------------------------------------------


@dataclass(frozen=True)
class TimeChoice:
    key: str  # stable, for object names
    label: str
    when: datetime  # UTC


def snooze_choices(now: datetime, tz: tzinfo) -> list[TimeChoice]:
    """15 minutes, 1 hour, tomorrow morning, next week (Monday morning)."""
    today = now.astimezone(tz).date()
    return [
        TimeChoice("15m", "15 minutes", now + timedelta(minutes=15)),
        TimeChoice("1h", "1 hour", now + timedelta(hours=1)),
        TimeChoice("tomorrow", "Tomorrow morning", _local(today + timedelta(days=1), MORNING, tz)),
        TimeChoice("nextweek", "Next week", _local(next_monday(today), MORNING, tz)),
    ]


def due_choices(now: datetime, tz: tzinfo) -> list[TimeChoice]:
    """The editor's quick picks: in 1 hour (on a five-minute mark), tomorrow, in 3 days, next
    Monday and in 2 weeks (mornings)."""
    today = now.astimezone(tz).date()
    hour = now + timedelta(hours=1)
    step = 300
    hour = from_epoch(math.ceil(to_epoch(hour) / step) * step)
    return [
        TimeChoice("1h", "In 1 hour", hour),
        TimeChoice("tomorrow", "Tomorrow", _local(today + timedelta(days=1), MORNING, tz)),
        TimeChoice("3d", "In 3 days", _local(today + timedelta(days=3), MORNING, tz)),
        TimeChoice("monday", "Next Monday", _local(next_monday(today), MORNING, tz)),
        TimeChoice("2w", "In 2 weeks", _local(today + timedelta(days=14), MORNING, tz)),
    ]


def next_monday(day: date) -> date:
    """The Monday after ``day`` (a week on when ``day`` is a Monday)."""
    return day + timedelta(days=7 - day.weekday())


def default_due(now: datetime, tz: tzinfo) -> datetime:
    """A new follow-up's due time until the user picks one: tomorrow morning."""
    return _local(now.astimezone(tz).date() + timedelta(days=1), MORNING, tz)


def _local(day: date, at: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


# -- what the editor shows -------------------------------------------------------------------


@dataclass(frozen=True)
class About:
    """Who or what a follow-up is about, by name."""

    contact_id: int | None
    contact_name: str
    lead_id: int | None
    lead_title: str


def about(contact_id: int | None, lead_id: int | None) -> About:
    """Names for a contact and lead; a lead alone brings its contact along. Unknown ids drop."""
    lead_title = ""
    if lead_id is not None:
        lead = Lead.select(Lead.title, Lead.contact).where(Lead.id == lead_id).first()
        if lead is None:
            lead_id = None
        else:
            lead_title = lead.title
            if contact_id is None:
                contact_id = lead.contact_id
    contact_name = ""
    if contact_id is not None:
        contact = Contact.select(Contact.display_name).where(Contact.id == contact_id).first()
        if contact is None:
            contact_id = None
        else:
            contact_name = contact.display_name
    return About(contact_id, contact_name, lead_id, lead_title)


def fields_of(item: ReminderItem) -> ReminderFields:
    """The editable fields of a reminder, to fill the editor or to write back on undo."""
    return ReminderFields(
        title=item.title,
        due_at=item.due_at,
        note=item.note,
        assignee_id=item.assignee_id,
        contact_id=item.contact_id,
        lead_id=item.lead_id,
        recur_every=item.recur_every,
        recur_unit=item.recur_unit,
    )
