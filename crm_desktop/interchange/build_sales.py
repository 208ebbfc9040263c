"""One row's cells into an ``ImportedDeal`` or an ``ImportedActivity``."""

from __future__ import annotations

import re
from datetime import datetime, time

from crm_desktop.domain.imported import ImportedActivity, ImportedDeal
from crm_desktop.interchange.build_people import labelled_cell, notes_cell, notes_text
from crm_desktop.interchange.closed_stages import closed_status
from crm_desktop.interchange.steps import Plan, RowState
from crm_desktop.interchange.values import (
    parse_amount,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_time,
)
from crm_desktop.interchange.words import activity_kind, html_to_text, status

_EMAIL_IN = re.compile(r"[^\s()<>;,]+@[^\s()<>;,]+\.[^\s()<>;,]+")
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")
_CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "R$": "BRL"}
# SuiteCRM writes the id of its system currency, not a code, for a deal in that currency: the
# file does not say which it is, so the deal is in the import's default currency, as with none.
_SUITECRM_DEFAULT_CURRENCY = "-99"
# A CRM's status of a call, meeting or task (SuiteCRM, EspoCRM, Salesforce) where a yes or no
# would be: whether it is still to do. The status itself is kept in the text.
_STATUS_DONE = {
    "held": True,
    "not held": True,  # it did not take place: nothing is left to do
    "canceled": True,
    "cancelled": True,
    "complete": True,
    "planned": False,
    "not started": False,
    "started": False,
    "in progress": False,
    "deferred": False,
    "waiting on someone else": False,
}


def deal(line: int, values: list[str], steps: Plan, state: RowState) -> ImportedDeal:
    record = ImportedDeal(line=line)
    for step, value in steps.cells(values):
        name = step.name
        if name in (
            "title", "stage", "pipeline", "lost_reason", "owner", "source", "company", "contact",
            "next_step",
        ):  # fmt: skip
            if not getattr(record, name):
                setattr(record, name, _first_of_list(value) if name == "company" else value)
        elif name in ("value", "contact_email"):
            state.parts.setdefault(name, value)
        elif name == "currency":
            _currency(record, value)
        elif name == "status":
            _status(record, value)
        elif name == "notes":
            notes_cell(record, step, value, state)
        elif name == "notes_labeled":
            labelled_cell(record, step, value, state)
        elif name == "expected_close":
            day, problem = parse_date(value, state.day_first)
            record.expected_close = day or record.expected_close
            if problem:
                record.problems.append(f"Expected close date: {problem}")
        elif name == "closed_on":  # "2024-01-15 10:30:00": the day is what a report counts
            moment, problem = parse_datetime(value, state.day_first)
            record.closed_on = moment.date() if moment else record.closed_on
            if problem:
                record.problems.append(f"Closed on: {problem}")
        elif name in ("external_id", "contact_external_id", "company_external_id"):
            key = _first_of_list(value)
            setattr(record, name, f"{step.argument}:{key}" if step.argument else key)
    if "value" in state.parts:
        minor, found, problem = parse_amount(state.parts["value"], record.currency)
        record.value_minor = minor
        if found and not record.currency:
            record.currency = found
        if problem:
            record.problems.append(f"Value: {problem}")
    record.contact = _person(state.parts.get("contact_email", ""), record.contact)
    record.notes = notes_text(state)
    if not record.status and record.stage:
        record.status = closed_status(record.stage)
    return record


def activity(line: int, values: list[str], steps: Plan, state: RowState) -> ImportedActivity:
    record = ImportedActivity(line=line)
    body: list[str] = []
    extra: list[str] = []
    for step, value in steps.cells(values):
        name = step.name
        if name == "kind":
            found = activity_kind(value)
            record.kind = found or "note"
            if not found:
                extra.append(f"Type: {value}")
        elif name in ("subject", "contact"):
            if not getattr(record, name):
                setattr(record, name, value)
        elif name == "body":
            body.append(html_to_text(value))
        elif name == "notes_labeled":
            extra.append(f"{step.argument or step.header}: {html_to_text(value)}")
        elif name == "done":
            _done(record, value, step.header, extra)
        elif name == "direction":
            record.direction = _DIRECTIONS.get(value.casefold(), "")
            if not record.direction:
                extra.append(f"{step.header}: {value}")
        elif name in _MINUTES_PER_UNIT:  # SuiteCRM's "Duration Hours" and "Duration Minutes" add up
            minutes = _minutes(value, _MINUTES_PER_UNIT[name])
            if minutes is None:
                extra.append(f"{step.header}: {value}")
            else:
                record.duration_minutes = (record.duration_minutes or 0) + minutes
        elif name in ("occurred_at", "occurred_date", "occurred_time", "contact_email"):
            state.parts.setdefault(name, value)
        elif name in ("external_id", "contact_external_id", "deal_external_id"):
            key = _first_of_list(value)
            setattr(record, name, f"{step.argument}:{key}" if step.argument else key)
    record.body = "\n\n".join(part for part in ("\n\n".join(body), "\n".join(extra)) if part)
    _when(record, state)
    record.contact = _person(state.parts.get("contact_email", ""), record.contact)
    return record


# Other programs' words for a call's or e-mail's direction (SuiteCRM's "Inbound", Salesforce's
# CallType "Outbound", Pipedrive's translations).
_DIRECTIONS = {
    **dict.fromkeys(
        ("inbound", "incoming", "in", "eingehend", "entrant", "entrante", "recebida"), "inbound"
    ),
    **dict.fromkeys(
        ("outbound", "outgoing", "out", "ausgehend", "sortant", "saliente", "efetuada"), "outbound"
    ),
}
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")  # "0:45", "01:30:00"
_MINUTES_PER_UNIT = {"duration": 1.0, "duration_hours": 60.0, "duration_seconds": 1 / 60}


def _minutes(text: str, per_unit: float) -> int | None:
    """A duration in whole minutes: "20", "20.5" (in the column's unit, of ``per_unit``
    minutes), or "0:45", "01:30:00" (hours and minutes); None for what is none of these."""
    text = text.strip().replace(",", ".")
    clock = _CLOCK.match(text)
    if clock:
        return int(clock[1]) * 60 + int(clock[2]) + (1 if clock[3] and int(clock[3]) >= 30 else 0)
    try:
        amount = float(text)
    except ValueError:
        return None
    if amount < 0:
        return None
    return round(amount * per_unit)


def _when(record: ImportedActivity, state: RowState) -> None:
    parts = state.parts
    if "occurred_at" in parts:
        moment, problem = parse_datetime(parts["occurred_at"], state.day_first)
        if problem:
            record.problems.append(f"Date: {problem}")
        record.occurred_at = moment
        return
    if "occurred_date" not in parts:
        return
    day, problem = parse_date(parts["occurred_date"].split(" ")[0], state.day_first)
    if problem or day is None:
        record.problems.append(f"Date: {problem}")
        return
    at = time()
    if "occurred_time" in parts:
        found, problem = parse_time(parts["occurred_time"])
        if problem:
            record.problems.append(f"Time: {problem}")
        at = found or at
    record.occurred_at = datetime.combine(day, at)


def _done(record: ImportedActivity, value: str, header: str, extra: list[str]) -> None:
    done = parse_bool(value)
    if done is None:
        done = _STATUS_DONE.get(" ".join(value.split()).casefold())
        if done is not None:  # "Held", "Not Held": more than a yes or no, kept in the text
            extra.append(f"{header}: {value}")
    if done is None:
        record.problems.append(f"Done: “{value}” is neither yes nor no.")
    else:
        record.done = done


def _status(record: ImportedDeal, value: str) -> None:
    found = status(value)
    if found == "deleted":
        record.problems.append(
            f"Status: “{value}” says the deal was deleted in the program it comes from:"
            " it is not imported."
        )
    elif found:
        record.status = found
    else:  # its stage says where it goes ("Closed Won"), else it is open
        record.warnings.append(
            f"Status: “{value}” is not a status we know (open, won or lost): its stage decides."
        )


def _currency(record: ImportedDeal, value: str) -> None:
    if value.strip() == _SUITECRM_DEFAULT_CURRENCY:
        return
    code = _CURRENCY_SIGNS.get(value.strip(), value.strip().upper())
    if _CURRENCY.match(code):
        record.currency = code
    else:
        record.problems.append(f"Currency: “{value}” is not a currency code such as EUR or USD.")


def _first_of_list(value: str) -> str:
    """The first of "123;456" (HubSpot lists several associated ids in one cell)."""
    return value.split(";")[0].strip()


def _person(email: str, name: str) -> str:
    """Whom a deal or activity is with: an email when there is one (it matches best), from
    its own column or inside "Jane Doe (jane@example.com)"; else the name."""
    for text in (email, name):
        if match := _EMAIL_IN.search(text):
            return match[0]
    return name.split(";")[0].strip()
