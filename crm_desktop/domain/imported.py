"""What a file read for import holds, in plain values: the contract between the file readers
(``crm_desktop.interchange``) and the import itself (``crm_desktop.domain.importing``).

A reader turns each row or card of a file into one of these records and never looks at the
database; the import matches records to existing rows, creates or updates them, and reports
back by ``line`` (the 1-based line of a CSV row's start, the sheet row of an XLSX, or the card's
first line in a vCard file), so that every rejected row can be found in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

Labeled = tuple[str, str]  # (label, value): ("work", "ann@example.com")


@dataclass
class ImportedContact:
    line: int
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""  # when the file gives only one name field ("Ann Lee")
    title: str = ""
    company: str = ""  # a company's name: matched to an existing company or created
    emails: list[Labeled] = field(default_factory=list)
    phones: list[Labeled] = field(default_factory=list)
    address: str = ""
    address_label: str = ""  # the address's: "home", "work"..., as the e-mails' labels
    birthday: date | None = None
    website: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    lifecycle: str = ""  # "" keeps our default
    source: str = ""
    owner: str = ""  # a staff member's name or email, "" for none
    external_id: str = ""  # "hubspot:contact:1234": the other program's id, prefixed
    # Our own fields, which our exports carry (vCard's X-CRM-*) and other programs rarely do.
    preferences: str = ""  # kept apart from the notes
    preferred_channel: str = ""  # "email", "phone", "meeting", "message" or the file's word
    do_not_contact: bool = False  # True sets it; False leaves what is stored
    stay_in_touch_days: int | None = None
    referred_by: str = ""  # another contact's name or e-mail, in this file or already stored
    problems: list[str] = field(default_factory=list)  # what the reader could not read
    # What could not be read in full but need not cost the row (a birthday, kept in the notes
    # as the file had it): said as warnings, whole sentences.
    warnings: list[str] = field(default_factory=list)
    # Why a row that is no person (a sheet's total line) is left out: said as a warning, the
    # row neither imported nor rejected. "" for a row to import.
    left_out: str = ""


@dataclass
class ImportedCompany:
    line: int
    name: str = ""
    website: str = ""
    industry: str = ""
    phone: str = ""
    address: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    owner: str = ""
    external_id: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class ImportedDeal:
    line: int
    title: str = ""
    value_minor: int = 0
    currency: str = ""  # "" for the default currency
    stage: str = ""  # the other program's stage name, mapped to ours by the import
    pipeline: str = ""  # the pipeline's name: one of ours, else the deal goes to the default
    status: str = ""  # "", "open", "won" or "lost"
    lost_reason: str = ""
    expected_close: date | None = None
    closed_on: date | None = None  # when a won or lost deal was closed
    contact: str = ""  # the person's name or email
    contact_external_id: str = ""
    company: str = ""
    company_external_id: str = ""
    owner: str = ""
    source: str = ""
    next_step: str = ""  # "Send the quote": what is to be done next, as the board shows it
    notes: str = ""  # the deal's description, then "Column: value" lines
    external_id: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # said when the deal is imported


@dataclass
class ImportedActivity:
    """A note, call, meeting, email or task from another program, for a contact's timeline."""

    line: int
    kind: str = "note"  # call, email, meeting, note, message, visit, or task
    subject: str = ""
    body: str = ""
    occurred_at: datetime | None = None  # when it happened (or is due, for a task)
    done: bool = True  # not done yet (a task, a call planned): an open follow-up
    direction: str = ""  # a call's or e-mail's: "inbound", "outbound" or "" for not said
    duration_minutes: int | None = None
    contact: str = ""
    contact_external_id: str = ""
    deal_external_id: str = ""
    external_id: str = ""
    problems: list[str] = field(default_factory=list)


ImportedRecord = ImportedContact | ImportedCompany | ImportedDeal | ImportedActivity
