"""Follow-ups to an iCalendar file (RFC 5545): one VTODO per follow-up, with a display alarm at
its due time, or (for calendars that ignore to-dos: Outlook, which imports only events, and
Google Calendar) one 15-minute VEVENT each. Times are written in UTC ("Z"), so no VTIMEZONE is
needed; lines end in CRLF and fold at 75 octets; text is escaped as the RFC says (the same rules
as vCard's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from crm_desktop import __version__
from crm_desktop.domain.exports import (
    ExportFollowUp,
    ExportReport,
    Progress,
    save_pages,
)
from crm_desktop.interchange.vcard_writer import escape_text, fold

Style = Literal["todo", "event"]
STYLES: tuple[Style, ...] = ("todo", "event")
PRODID = f"-//CRM Desktop//CRM Desktop {__version__}//EN"
EVENT_MINUTES = 15
UID_DOMAIN = "crm-desktop"
CRLF = "\r\n"

_FREQ = {"days": "DAILY", "weeks": "WEEKLY", "months": "MONTHLY", "years": "YEARLY"}
_TODO_STATUS = {"open": "NEEDS-ACTION", "done": "COMPLETED", "cancelled": "CANCELLED"}


def utc(when: datetime) -> str:
    """A DATE-TIME in UTC form: 20260302T090000Z."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return f"{when.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def description(item: ExportFollowUp) -> str:
    """The note, then who and what it is about."""
    about = []
    if item.contact_name:
        about.append(f"Contact: {item.contact_name}")
    if item.lead_title:
        about.append(f"Lead: {item.lead_title}")
    parts = [item.note.strip(), "\n".join(about)]
    return "\n\n".join(part for part in parts if part)


def component(item: ExportFollowUp, style: Style, stamp: datetime) -> list[str]:
    """The lines of one follow-up's VTODO or VEVENT, unfolded."""
    name = "VTODO" if style == "todo" else "VEVENT"
    is_open = item.status == "open"
    summary = item.title if is_open or style == "todo" else f"{item.status.title()}: {item.title}"
    lines = [
        f"BEGIN:{name}",
        f"UID:{item.uid}@{UID_DOMAIN}",
        f"DTSTAMP:{utc(stamp)}",
        f"CREATED:{utc(item.created_at)}",
        f"LAST-MODIFIED:{utc(item.updated_at)}",
        "SUMMARY:" + escape_text(summary),
    ]
    text = description(item)
    if text:
        lines.append("DESCRIPTION:" + escape_text(text))
    recurs = is_open and item.recur_every is not None and item.recur_unit in _FREQ
    if style == "todo":
        if recurs:  # a repeat counts from DTSTART; equal to DUE, as Apple's to-dos have it
            lines.append(f"DTSTART:{utc(item.due_at)}")
        lines.append(f"DUE:{utc(item.due_at)}")
        lines.append(f"STATUS:{_TODO_STATUS.get(item.status, 'NEEDS-ACTION')}")
        if item.status == "done":
            lines.append("PERCENT-COMPLETE:100")
            if item.completed_at is not None:
                lines.append(f"COMPLETED:{utc(item.completed_at)}")
    else:
        lines.append(f"DTSTART:{utc(item.due_at)}")
        lines.append(f"DTEND:{utc(item.due_at + timedelta(minutes=EVENT_MINUTES))}")
        lines.append("STATUS:" + ("CANCELLED" if item.status == "cancelled" else "CONFIRMED"))
        lines.append("TRANSP:TRANSPARENT")  # a reminder does not make the user busy
    if recurs:
        # Our monthly repeat clamps to the month's end (Jan 31, Feb 28); a MONTHLY rule skips
        # months without that day. Close enough for a calendar's view of the series.
        lines.append(f"RRULE:FREQ={_FREQ[str(item.recur_unit)]};INTERVAL={item.recur_every}")
    if is_open:
        lines += _alarm(item, style, recurs)
    lines.append(f"END:{name}")
    return lines


def _alarm(item: ExportFollowUp, style: Style, recurs: bool) -> list[str]:
    if item.remind_at != item.due_at and not recurs:  # snoozed: ring when the snooze ends
        trigger = f"TRIGGER;VALUE=DATE-TIME:{utc(item.remind_at)}"
    elif style == "todo":
        trigger = "TRIGGER;RELATED=END:PT0S"  # a to-do's END is its DUE
    else:
        trigger = "TRIGGER:PT0S"  # an event's START
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:" + escape_text(item.title),
        trigger,
        "END:VALARM",
    ]


def calendar(
    pages: Iterable[list[ExportFollowUp]], style: Style = "todo", stamp: datetime | None = None
) -> Iterator[str]:
    """The whole calendar's text, in pieces: the header, a page of components per piece, the
    footer."""
    stamp = stamp or datetime.now(UTC)
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:CRM Desktop follow-ups",
    ]
    yield _text(head)
    for page in pages:
        yield "".join(_text(component(item, style, stamp)) for item in page)
    yield _text(["END:VCALENDAR"])


def _text(lines: list[str]) -> str:
    return "".join(fold(line) + CRLF for line in lines)


def write_ics(
    path: str | Path,
    pages: Iterable[list[ExportFollowUp]],
    *,
    style: Style = "todo",
    stamp: datetime | None = None,
    progress: Progress | None = None,
    total: int = 0,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Save the follow-ups of ``pages`` to one .ics file (UTF-8, the RFC's default)."""
    if style not in STYLES:
        raise ValueError(f"iCalendar style must be one of {', '.join(STYLES)}")
    return save_pages(
        path,
        pages,
        lambda counted: calendar(counted, style, stamp),
        {"style": style},
        total=total,
        progress=progress,
        cancelled=cancelled,
    )
