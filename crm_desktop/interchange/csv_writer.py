"""Contacts to CSV in four layouts: ours (re-importable: its header is the readers'
``OUR_CONTACT_COLUMNS``, so our importer recognises it and reads back what is written), the same
with semicolons for Excel set to a language whose list separator is ";" (German, French, Spanish,
Italian, Dutch...: there Excel opens a comma file as one column), Google Contacts' current
export, and Outlook's 92-column export.

Every file is UTF-8 with a byte order mark: Excel opens a CSV without one in the system's ANSI
code page and turns every accent and emoji into mojibake, while Google, Outlook and our own
reader all skip the mark. Rows end in CRLF (RFC 4180, and what Excel writes); a value with a
comma, quote or line break is quoted, its quotes doubled; a line break inside a value is a bare
LF, as Excel writes it inside a cell.

A value a spreadsheet would run as a formula when the file is opened ("=HYPERLINK(...)",
"@SUM(...)", "+cmd|..."; OWASP's "CSV injection") is written after an apostrophe, which Excel
and LibreOffice show as text. How much counts depends on who reads the file:

- Our layouts are opened in spreadsheets, and our reader takes the apostrophe off again: every
  value starting with = + - @ is defused, except a phone number or a birthday without a year
  ("+49 89 1234", "--04-15"), which hold only digits and separators.
- Google's and Outlook's layouts are for importing into those programs, which keep the
  apostrophe as part of the value ("'+Plus GmbH", "'- call back"). There only what would reach
  outside its cell, were the file opened in a spreadsheet after all, is defused: anything
  starting with "=", and a function call or a link to another program (DDE) after + - @, also
  behind numbers, operators and cell references ("-2+3+cmd|...", "+1+HYPERLINK(..."). A
  phone number with an extension, an "@handle", "+Plus GmbH" or notes starting "- " go as they
  are.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Literal

from crm_desktop.domain.exports import (
    ExportContact,
    ExportReport,
    Progress,
    save_pages,
)
from crm_desktop.interchange import labels
from crm_desktop.interchange.outlook_csv import address_parts, phone_columns
from crm_desktop.interchange.presets import OUR_CONTACT_COLUMNS
from crm_desktop.interchange.values import NO_YEAR

Layout = Literal["ours", "excel", "google", "outlook"]
LAYOUTS: tuple[Layout, ...] = ("ours", "excel", "google", "outlook")
LAYOUT_NAMES: dict[Layout, str] = {
    "ours": "CRM Desktop (re-importable)",
    "excel": "CRM Desktop with semicolons (Excel in German, French, Spanish, Italian...)",
    "google": "Google Contacts",
    "outlook": "Outlook",
}
ENCODING = "utf-8-sig"  # UTF-8 with a BOM: see the module's docstring
Row = list[str]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Phone numbers, one or several ("+44 20 1; +44 77 2": our phones cell), and a birthday without
# a year ("--04-15"): digits and separators, a sign only at the start of a number ("+1+2" is a
# sum). A segment's "+" follows its ";" and spaces in one way only, so a long run that fails to
# match fails in linear time.
_PLAIN_NUMBER = re.compile(r"[+-][\d\s().,/-]*(?:;\s*[+-][\d\s().,/-]*|;[\d\s().,/-]*)*")
# "=...", "@SUM(...", "+cmd|...": what runs in a spreadsheet and can reach outside its cell,
# also behind numbers, operators and cell references ("-2+3+cmd|...", "+1+HYPERLINK(..."). A
# "$" is read only as part of a reference ("$A$1"): were it also a character of its own, a run
# of "$A1$A1..." could be split up in exponentially many ways before the match fails.
_RUNNABLE = re.compile(
    r"\s*(=|[+\-@](?:[\s\d.,%+\-*/^&@()<>:]|\$?[A-Za-z]{1,3}\$?\d+(?![\w.]))*"
    r"[A-Za-z_][\w.]*\s*[(|])"
)


def defused(row: Row) -> Row:
    """The row with every value a spreadsheet would take for a formula written as text."""
    return [
        f"'{value}"
        if value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value)
        else value
        for value in row
    ]


def defused_for_import(row: Row) -> Row:
    """The row with only the values that would run and reach outside their cell written as
    text, for Google Contacts and Outlook, which keep an apostrophe (see the module)."""
    return [f"'{value}" if _RUNNABLE.match(value) else value for value in row]


def lf_breaks(value: str) -> str:
    """Line breaks as LF (a lone CR ends the row in some readers)."""
    if "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _iso_day(day: date | None) -> str:
    """1985-04-15, or --04-15 for a birthday without a year (kept in the year ``NO_YEAR``)."""
    if day is None:
        return ""
    return f"--{day:%m-%d}" if day.year == NO_YEAR else day.isoformat()


def _tag_list(tags: tuple[str, ...]) -> str:
    """ "a; b", as the readers expect; Google's " ::: " when a tag has a semicolon itself."""
    if any(";" in tag for tag in tags):
        return GOOGLE_SEPARATOR.join(tag.replace(":::", ":") for tag in tags)
    return "; ".join(tags)


def _pairs(values: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{label}: {value}" if label else value for label, value in values)


# -- ours --------------------------------------------------------------------------------------

_OURS: dict[str, Callable[[ExportContact], str]] = {
    # A contact without a name shows its email as its name: leave that to the importer to
    # work out again rather than hand it a "name" to split into first and last.
    "name": lambda c: c.display_name if c.first_name or c.last_name else "",
    "first name": lambda c: c.first_name,
    "last name": lambda c: c.last_name,
    "title": lambda c: c.title,
    "company": lambda c: c.company,
    "emails": lambda c: _pairs(c.emails),
    "phones": lambda c: _pairs(c.phones),
    "address label": lambda c: c.address_label,
    "address": lambda c: c.address,
    "birthday": lambda c: _iso_day(c.birthday),
    "website": lambda c: "",  # a contact has none of its own; its company's is the company's
    "tags": lambda c: _tag_list(c.tags),
    "lifecycle": lambda c: c.lifecycle,
    "owner": lambda c: c.owner,
    "source": lambda c: c.source,
    "notes": lambda c: c.personal_notes,
    "preferences": lambda c: c.preferences,
    "preferred channel": lambda c: c.preferred_channel,
    "do not contact": lambda c: "yes" if c.do_not_contact else "",
    "stay in touch (days)": lambda c: str(c.stay_in_touch_days or ""),
    "referred by": lambda c: c.referred_by,
    "id": lambda c: c.uid,
}


def ours_row(contact: ExportContact, columns: list[str]) -> Row:
    return [lf_breaks(_OURS[name.casefold()](contact)) for name in columns]


# -- Google Contacts ---------------------------------------------------------------------------

_GOOGLE_HEAD = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
)
_GOOGLE_ADDRESS = (
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Address 1 - Street",
    "Address 1 - City",
    "Address 1 - PO Box",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Address 1 - Extended Address",
    "Website 1 - Label",
    "Website 1 - Value",
)
# What Google and Outlook have no field for: in Google's custom fields, label and value; in
# Outlook's notes, a "Label: value" line each.
_CRM_FACTS: tuple[tuple[str, Callable[[ExportContact], str]], ...] = (
    ("Lifecycle", lambda c: c.lifecycle),
    ("Owner", lambda c: c.owner),
    ("Source", lambda c: c.source),
    ("Do not contact", lambda c: "yes" if c.do_not_contact else ""),
    ("Preferred channel", lambda c: c.preferred_channel),
    ("Stay in touch (days)", lambda c: str(c.stay_in_touch_days or "")),
)
_GOOGLE_FACTS = (*_CRM_FACTS, ("Referred by", lambda c: c.referred_by))  # Outlook has a column
GOOGLE_MY_CONTACTS = "* myContacts"  # the system group every contact in the list belongs to
GOOGLE_SEPARATOR = " ::: "


def google_header(emails: int = 2, phones: int = 2) -> Row:
    """Google's current export header with ``emails`` and ``phones`` label/value groups (as
    Google does, as many as the contact with the most needs; at least one of each)."""
    header = list(_GOOGLE_HEAD)
    for n in range(1, max(emails, 1) + 1):
        header += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
    for n in range(1, max(phones, 1) + 1):
        header += [f"Phone {n} - Label", f"Phone {n} - Value"]
    header += _GOOGLE_ADDRESS
    for n in range(1, len(_GOOGLE_FACTS) + 1):
        header += [f"Custom Field {n} - Label", f"Custom Field {n} - Value"]
    return header


def _google_label(label: str, primary: bool) -> str:
    text = label.strip() or "Other"
    text = text[:1].upper() + text[1:]
    return f"* {text}" if primary else text  # "* " marks the primary value, as Google does


def google_row(contact: ExportContact, emails: int = 2, phones: int = 2) -> Row:
    groups = GOOGLE_SEPARATOR.join(
        [GOOGLE_MY_CONTACTS, *(tag.replace(":::", ":") for tag in contact.tags)]
    )
    row = [contact.first_name, "", contact.last_name, "", "", "", "", "", "", ""]
    row += [contact.company, contact.title, ""]
    row += [_iso_day(contact.birthday), lf_breaks(contact.notes), "", groups]
    row += _groups(contact.emails, max(emails, 1))
    row += _groups(contact.phones, max(phones, 1))
    address = lf_breaks(contact.address)
    # An address is kept as one text, not in parts: it goes whole into Formatted alone, which
    # Google reads when the parts are empty (as Street it would show twice).
    kind = labels.address_label(contact.address_label, bool(contact.company))
    row += [_google_label(kind, False) if address else "", address]
    row += ["", "", "", "", "", "", ""]
    row += ["Work" if contact.website else "", contact.website]
    for label, value in _GOOGLE_FACTS:
        text = value(contact)
        row += [label if text else "", text]
    return row


def _groups(values: tuple[tuple[str, str], ...], width: int) -> Row:
    cells: Row = []
    for index in range(width):
        if index < len(values):
            label, value = values[index]
            cells += [_google_label(label, index == 0), value]
        else:
            cells += ["", ""]
    return cells


# -- Outlook -----------------------------------------------------------------------------------

OUTLOOK_COLUMNS: tuple[str, ...] = (
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage",
    "Notes", "Office Location", "Organizational ID Number", "Other Address PO Box", "Priority",
    "Private", "Profession", "Referred By", "Sensitivity", "Spouse", "User 1", "User 2",
    "User 3", "User 4", "Web Page",
)  # fmt: skip
_OUTLOOK_INDEX = {name: index for index, name in enumerate(OUTLOOK_COLUMNS)}
# Our phone labels to Outlook's phone columns, filled in this order ("work fax" to "Business
# Fax"; any other label to "Other Phone"); what does not fit goes into Notes, as does every
# e-mail after the third (Outlook has three) and what Outlook has no field for (``_CRM_FACTS``).
_OUTLOOK_PHONES = phone_columns(OUTLOOK_COLUMNS)
_OUTLOOK_BLANK = [""] * len(OUTLOOK_COLUMNS)
for _column, _value in (
    ("Gender", "Unspecified"),  # what Outlook writes for a plain contact
    ("Priority", "Normal"),
    ("Private", "False"),
    ("Sensitivity", "Normal"),
):
    _OUTLOOK_BLANK[_OUTLOOK_INDEX[_column]] = _value
_OUTLOOK_EMAILS = [
    tuple(_OUTLOOK_INDEX[f"{prefix} {part}"] for part in ("Address", "Type", "Display Name"))
    for prefix in ("E-mail", "E-mail 2", "E-mail 3")
]
_O = _OUTLOOK_INDEX


def outlook_row(contact: ExportContact) -> Row:
    row = list(_OUTLOOK_BLANK)
    row[_O["First Name"]] = contact.first_name
    row[_O["Last Name"]] = contact.last_name
    row[_O["Company"]] = contact.company
    row[_O["Job Title"]] = contact.title
    if contact.address:
        place = labels.address_label(contact.address_label, bool(contact.company))
        _outlook_address(row, _OUTLOOK_PLACES.get(place, "Other"), lf_breaks(contact.address))
    overflow: list[str] = []
    for index, (label, email) in enumerate(contact.emails):
        if index >= len(_OUTLOOK_EMAILS):
            overflow.append(f"E-mail ({label or 'other'}): {email}")
            continue
        address, kind, shown = _OUTLOOK_EMAILS[index]
        row[address], row[kind], row[shown] = email, "SMTP", f"{contact.display_name} ({email})"
    for phone_label, phone in contact.phones:
        columns = _OUTLOOK_PHONES.get(labels.label(phone_label), ("Other Phone",))
        free = next((_O[c] for c in columns if not row[_O[c]]), None)
        if free is not None:
            row[free] = phone
        else:
            overflow.append(f"Phone ({phone_label or 'other'}): {phone}")
    day = contact.birthday
    if day:  # as Outlook writes it; it needs a year, and takes ours for none (NO_YEAR) as one
        row[_O["Birthday"]] = f"{day.month}/{day.day}/{day.year}"
    row[_O["Categories"]] = ";".join(tag.replace(";", ",") for tag in contact.tags)
    facts = [f"{label}: {value}" for label, value_of in _CRM_FACTS if (value := value_of(contact))]
    notes = "\n\n".join(part for part in (contact.notes, "\n".join(facts + overflow)) if part)
    row[_O["Notes"]] = lf_breaks(notes)
    row[_O["Referred By"]] = contact.referred_by
    row[_O["Web Page"]] = contact.website
    return row


def _outlook_address(row: Row, where: str, address: str) -> None:
    """The address in its parts where they can be told apart, else whole in the street."""
    parts = address_parts(address) or (address, "", "", "", "")
    for part, value in zip(_OUTLOOK_ADDRESS, parts, strict=True):
        row[_O[f"{where} {part}"]] = value


_OUTLOOK_PLACES = {labels.WORK: "Business", labels.HOME: "Home"}
_OUTLOOK_ADDRESS = ("Street", "City", "State", "Postal Code", "Country/Region")


# -- writing -----------------------------------------------------------------------------------


def header(layout: Layout, emails: int = 2, phones: int = 2) -> Row:
    if layout in ("ours", "excel"):
        return list(OUR_CONTACT_COLUMNS)
    if layout == "google":
        return google_header(emails, phones)
    return list(OUTLOOK_COLUMNS)


def csv_pieces(
    pages: Iterable[list[ExportContact]], layout: Layout = "ours", emails: int = 2, phones: int = 2
) -> Iterator[str]:
    """The file's text in pieces: the header, then a page of rows per piece."""
    if layout not in LAYOUTS:
        raise ValueError(f"CSV layout must be one of {', '.join(LAYOUTS)}")
    buffer = io.StringIO()
    delimiter = ";" if layout == "excel" else ","
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )
    columns = header(layout, emails, phones)
    writer.writerow(columns)
    yield drained(buffer)
    for page in pages:
        if layout in ("ours", "excel"):
            writer.writerows(defused(ours_row(contact, columns)) for contact in page)
        elif layout == "google":
            writer.writerows(
                defused_for_import(google_row(contact, emails, phones)) for contact in page
            )
        else:
            writer.writerows(defused_for_import(outlook_row(contact)) for contact in page)
        yield drained(buffer)


def drained(buffer: io.StringIO) -> str:
    """What ``buffer`` holds, which it then no longer does: the next piece of a file."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_csv(
    path: str | Path,
    pages: Iterable[list[ExportContact]],
    *,
    layout: Layout = "ours",
    most: tuple[int, int] = (2, 2),
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Save the contacts of ``pages`` as CSV in ``layout``; ``most`` is (most emails, most
    phones) of one contact, for Google's column groups (``ExportService.most_values``)."""
    return save_pages(
        path,
        pages,
        lambda counted: csv_pieces(counted, layout, *most),
        {"layout": layout},
        total=total,
        progress=progress,
        cancelled=cancelled,
        encoding=ENCODING,
    )
