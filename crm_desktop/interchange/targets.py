"""What a column can be mapped to, per kind of record, with the words the wizard shows.

A target is a short text: a field name ("first_name"), optionally with an argument after the
first colon: a fixed label for repeated values ("email:work", "phone:mobile", "street:home"),
the prefix of another program's ids ("external_id:hubspot:contact"), or the label of a notes
line ("notes_labeled:Department"). Several targets work in pairs: a "*_label" column gives the
label of the value columns of its kind that follow it ("E-mail 1 - Label" then
"E-mail 1 - Value"), until the next label column of that kind.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["contact", "company", "deal", "activity"]
KINDS: tuple[Kind, ...] = ("contact", "company", "deal", "activity")
KIND_NAMES: dict[str, str] = {
    "contact": "People",
    "company": "Companies",
    "deal": "Deals",
    "activity": "Activities and notes",
}

SKIP = "skip"
NOTES_LABELED = "notes_labeled"  # a "Header: value" line in the notes (or an activity's body)

_ADDRESS_PARTS: list[tuple[str, str]] = [
    ("address", "Address (whole)"),
    ("address_label", "Address label (for the columns after it)"),
    ("street", "Street"),
    ("extended", "Address line 2"),
    ("po_box", "PO box"),
    ("city", "City"),
    ("region", "State / region"),
    ("postal_code", "Postal code"),
    ("country", "Country"),
]

_CONTACT: list[tuple[str, str]] = [
    (SKIP, "Do not import"),
    ("full_name", "Full name"),
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("title", "Job title"),
    ("company", "Company"),
    ("email", "Email"),
    ("email:work", "Email (work)"),
    ("email:home", "Email (home)"),
    ("email:other", "Email (other)"),
    ("email_label", "Email label (for the email column after it)"),
    ("emails_list", "Emails as “label: value; …”"),
    ("phone", "Phone"),
    ("phone:mobile", "Phone (mobile)"),
    ("phone:work", "Phone (work)"),
    ("phone:home", "Phone (home)"),
    ("phone:other", "Phone (other)"),
    ("phone_code", "Phone's country calling code (+33), for a number written without it"),
    ("phone:fax", "Phone (fax)"),
    ("phone_label", "Phone label (for the phone column after it)"),
    ("phones_list", "Phones as “label: value; …”"),
    *_ADDRESS_PARTS,
    ("birthday", "Birthday"),
    ("birth_year", "Birthday: year"),
    ("birth_month", "Birthday: month"),
    ("birth_day", "Birthday: day"),
    ("website", "Website"),
    ("tags", "Tags"),
    ("lifecycle", "Lifecycle (lead, prospect, customer, former)"),
    ("source", "Source"),
    ("owner", "Owner"),
    ("notes", "Notes"),
    (NOTES_LABELED, "Notes, as “Column: value”"),
    ("extra_label", "Label of the next notes value"),
    ("extra", "Notes value (labelled by the column before)"),
    ("preferences", "Preferences"),
    ("preferred_channel", "Preferred channel (email, phone, meeting, message)"),
    ("do_not_contact", "Do not contact (yes / no)"),
    ("stay_in_touch_days", "Stay in touch every N days"),
    ("referred_by", "Referred by (a contact's name or e-mail)"),
    ("external_id", "Id in the other program"),
]

_COMPANY: list[tuple[str, str]] = [
    (SKIP, "Do not import"),
    ("name", "Name"),
    ("website", "Website"),
    ("domain", "Domain (a website when there is none)"),
    ("industry", "Industry"),
    ("phone", "Phone"),
    *_ADDRESS_PARTS,
    ("tags", "Tags"),
    ("owner", "Owner"),
    ("notes", "Notes"),
    (NOTES_LABELED, "Notes, as “Column: value”"),
    ("external_id", "Id in the other program"),
]

_DEAL: list[tuple[str, str]] = [
    (SKIP, "Do not import"),
    ("title", "Title"),
    ("value", "Value"),
    ("currency", "Currency"),
    ("stage", "Stage"),
    ("pipeline", "Pipeline"),
    ("status", "Status (open, won, lost)"),
    ("lost_reason", "Lost reason"),
    ("expected_close", "Expected close date"),
    ("closed_on", "Closed on (won or lost)"),
    ("contact", "Contact person"),
    ("contact_email", "Contact person's email"),
    ("contact_external_id", "Contact person's id in the other program"),
    ("company", "Company"),
    ("company_external_id", "Company's id in the other program"),
    ("owner", "Owner"),
    ("source", "Source"),
    ("next_step", "Next step"),
    ("notes", "Notes"),
    (NOTES_LABELED, "Notes, as “Column: value”"),
    ("external_id", "Id in the other program"),
]

_ACTIVITY: list[tuple[str, str]] = [
    (SKIP, "Do not import"),
    ("kind", "Type (call, meeting, email, task, note)"),
    ("subject", "Subject"),
    ("body", "Text"),
    (NOTES_LABELED, "Text, as “Column: value”"),
    ("occurred_at", "Date and time"),
    ("occurred_date", "Date"),
    ("occurred_time", "Time of day"),
    ("done", "Done (yes/no)"),
    ("direction", "Direction (inbound or outbound)"),
    ("duration", "Duration in minutes"),
    ("duration_hours", "Duration in hours (added to the minutes)"),
    ("duration_seconds", "Duration in seconds"),
    ("contact", "Contact person"),
    ("contact_email", "Contact person's email"),
    ("contact_external_id", "Contact person's id in the other program"),
    ("deal_external_id", "Deal's id in the other program"),
    ("external_id", "Id in the other program"),
]

TARGET_FIELDS: dict[str, list[tuple[str, str]]] = {
    "contact": _CONTACT,
    "company": _COMPANY,
    "deal": _DEAL,
    "activity": _ACTIVITY,
}

_NAMES = {target: text for fields in TARGET_FIELDS.values() for target, text in fields}
# Targets the guesser proposes with an argument of their own (see ``generic``).
_NAMES.update(
    {
        "do_not_contact:status": "Do not contact, when the status says unsubscribed",
        "do_not_contact:date": "Do not contact, when a date says since when",
        "full_name:display": "Customer or account (the company, unless the person's name)",
    }
)
_BASE_NAMES = {
    "email": "Email",
    "phone": "Phone",
    "street": "Street",
    "city": "City",
    "region": "State / region",
    "postal_code": "Postal code",
    "country": "Country",
    "po_box": "PO box",
    "extended": "Address line 2",
    "address": "Address",
    "website": "Website",
}


def split_target(target: str) -> tuple[str, str]:
    """("email", "work") for "email:work"; ("external_id", "hubspot:contact"); (name, "")."""
    name, _, argument = target.partition(":")
    return name, argument


def target_label(target: str) -> str:
    """The words for a target in the wizard, also for those not listed ("Phone (car)")."""
    if target in _NAMES:
        return _NAMES[target]
    name, argument = split_target(target)
    if name == NOTES_LABELED:
        return f"Notes, as “{argument}: value”"
    if name.endswith("external_id"):
        base = _NAMES.get(name, "Id in the other program")
        return f"{base} ({argument.replace(':', ' ')})"
    if name in _BASE_NAMES:
        return f"{_BASE_NAMES[name]} ({argument})"
    return target


def is_known(target: str, kind: str) -> bool:
    """Whether ``target`` is one a ``kind`` record can take (with any label or prefix)."""
    name, _ = split_target(target)
    return any(split_target(known)[0] == name for known, _ in TARGET_FIELDS.get(kind, []))
