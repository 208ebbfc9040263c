"""Contacts to vCard 3.0 (RFC 2426) or 4.0 (RFC 6350), written by hand: the format is a few
lines per card, and writing it ourselves keeps escaping and folding exactly as the RFCs say.

What a vCard has no property for goes into ``X-CRM-*`` properties (``X_PROPERTIES``), which
other programs keep or ignore and our own importer reads back, so that a round trip through
a vCard file loses nothing. Emails and phones whose label is not a standard vCard type carry
it the way Apple does (``item1.EMAIL`` plus ``item1.X-ABLabel:label``), which our reader and
most address books understand. A contact with a company but no name is written as address
books write a company's card: FN the company's name, N empty. There is no URL: a contact has no
website of its own (its company's would come back as the person's).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Literal

from crm_desktop import __version__
from crm_desktop.domain.exports import (
    ExportContact,
    ExportReport,
    Progress,
    save_pages,
)
from crm_desktop.interchange.labels import HOME, WORK, address_label
from crm_desktop.interchange.values import NO_YEAR

Version = Literal["3.0", "4.0"]
VERSIONS: tuple[Version, ...] = ("3.0", "4.0")
PRODID = f"-//CRM Desktop//CRM Desktop {__version__}//EN"
CRLF = "\r\n"
_HEX = re.compile(r"[0-9a-fA-F]{32}")
_PLAIN = re.compile(r"[^\\;,\x00-\x08\x0a-\x1f\x7f]*").fullmatch
# Control characters, which neither RFC allows in a value (a tab is the one exception): a
# vertical tab or form feed is a line break (FileMaker's and Word's), the others are dropped.
_BREAKS = re.compile("\r\n?|[\x0b\x0c]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_UNUSUAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]").search  # a control, a CR: not a LF

# Our fields that vCard has no property for: property name -> ExportContact attribute.
X_PROPERTIES: dict[str, str] = {
    "X-CRM-LIFECYCLE": "lifecycle",
    "X-CRM-OWNER": "owner",
    "X-CRM-SOURCE": "source",
    "X-CRM-DO-NOT-CONTACT": "do_not_contact",  # "TRUE" when set, absent otherwise
    "X-CRM-PREFERRED-CHANNEL": "preferred_channel",
    "X-CRM-PREFERENCES": "preferences",  # also in NOTE, after "Preferences: "
    "X-CRM-STAY-IN-TOUCH-DAYS": "stay_in_touch_days",
    "X-CRM-REFERRED-BY": "referred_by",
}

# Our labels that are standard vCard types; any other label travels in X-ABLabel.
_EMAIL_TYPES: dict[str, tuple[str, ...]] = {"work": ("work",), "home": ("home",)}
_PHONE_TYPES: dict[str, tuple[str, ...]] = {
    "work": ("work", "voice"),
    "home": ("home", "voice"),
    "mobile": ("cell",),
    "cell": ("cell",),
    "fax": ("fax",),
    "work fax": ("work", "fax"),
    "home fax": ("home", "fax"),
    "pager": ("pager",),
}


def escape_text(value: str) -> str:
    """A TEXT value with backslash, comma, semicolon and newlines escaped (both RFCs), and
    without control characters, which neither allows."""
    if _PLAIN(value):  # most values need nothing: one C-level check instead of five passes
        return value
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    if _UNUSUAL(value):
        value = _CONTROLS.sub("", _BREAKS.sub("\n", value))
    return value.replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """``line`` folded into lines of at most ``limit`` octets (the continuation's leading
    space counts), never splitting a UTF-8 character; joined by CRLF and a space."""
    if len(line) <= limit and line.isascii():
        return line
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts: list[str] = []
    start, room = 0, limit
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character: back up
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, room = end, limit - 1
    return "\r\n ".join(parts)


def card(contact: ExportContact, version: Version = "3.0") -> str:
    """One contact as one vCard, CRLF line ends, folded."""
    v4 = version == "4.0"
    esc = escape_text
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:{PRODID}"]
    if v4:
        lines.append("KIND:individual")
    lines.append("FN:" + esc(formatted_name(contact)))
    lines.append(f"N:{esc(contact.last_name)};{esc(contact.first_name)};;;")  # ";;;;": no name
    if contact.company:
        lines.append("ORG:" + esc(contact.company))
    if contact.title:
        lines.append("TITLE:" + esc(contact.title))
    group = 0
    for name, values in (("EMAIL", contact.emails), ("TEL", contact.phones)):
        for position, (label, value) in enumerate(values):
            head, standard = _head(name, label.casefold(), position == 0, v4)
            if standard or not label.strip():
                lines.append(f"{head}:{esc(value)}")
            else:  # a label of the user's own, the way Apple carries one
                group += 1
                lines.append(f"item{group}.{head}:{esc(value)}")
                lines.append(f"item{group}.X-ABLabel:{esc(label)}")
    if contact.address:
        kind = address_label(contact.address_label, bool(contact.company))
        value = f":;;{esc(contact.address)};;;;"
        if kind in (HOME, WORK):
            lines.append(f"ADR;TYPE={kind if v4 else kind.upper()}{value}")
        else:  # "other" or the user's own word, the way Apple carries one
            group += 1
            lines.append(f"item{group}.ADR{value}")
            lines.append(f"item{group}.X-ABLabel:{esc(kind)}")
    if contact.birthday is not None:
        lines.append("BDAY:" + birthday(contact.birthday, v4))
    notes = contact.notes
    if notes:
        lines.append("NOTE:" + esc(notes))
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join([esc(tag) for tag in contact.tags]))
    for name, attribute in X_PROPERTIES.items():
        value = getattr(contact, attribute)
        if value is not None and value != "" and value is not False:
            lines.append(f"{name}:{'TRUE' if value is True else esc(str(value))}")
    lines.append(f"UID:urn:uuid:{_uuid(contact.uid)}")
    stamp = contact.updated_at
    lines.append(f"REV:{stamp:%Y%m%dT%H%M%SZ}" if v4 else f"REV:{stamp:%Y-%m-%dT%H:%M:%SZ}")
    lines.append("END:VCARD\r\n")
    # Most lines are short: only those that may pass 75 octets go through fold(). (18
    # characters are at most 72 octets, 75 ASCII characters 75.)
    return CRLF.join(
        [
            line if len(line) <= 18 or (len(line) <= 75 and line.isascii()) else fold(line)
            for line in lines
        ]
    )


def formatted_name(contact: ExportContact) -> str:
    """FN, which every card must have: the person's name; for a contact without one, its
    company's, as address books write a company's card (the list shows such a contact by its
    e-mail or phone number, and a number in FN would come back as a name split in two); else
    that e-mail or number."""
    if contact.first_name or contact.last_name or not contact.company:
        return contact.display_name
    return contact.company


def birthday(day: date, v4: bool) -> str:
    """4.0 wants ISO 8601's basic form (19850415), 3.0 its extended one (1985-04-15); a
    birthday without a year (stored in the year ``NO_YEAR``) leaves the year out: --0415."""
    if day.year == NO_YEAR:
        return f"--{day:%m%d}" if v4 else f"--{day:%m-%d}"
    return f"{day:%Y%m%d}" if v4 else f"{day:%Y-%m-%d}"


@functools.cache
def _head(name: str, label: str, preferred: bool, v4: bool) -> tuple[str, bool]:
    """An EMAIL or TEL property's name and parameters for a (casefolded) label, and whether
    that label is a standard type (else it travels in X-ABLabel)."""
    types = (_EMAIL_TYPES if name == "EMAIL" else _PHONE_TYPES).get(label, ())
    if name == "EMAIL":
        base: tuple[str, ...] = () if v4 else ("internet",)
    else:
        base = () if types else ("voice",)
    params = [t if v4 else t.upper() for t in (*base, *types)]  # 3.0 writers use upper case
    if preferred and not v4:
        params.append("PREF")
    head = name + (f";TYPE={','.join(params)}" if params else "")
    if v4 and name == "TEL":
        head += ";VALUE=text"  # a 4.0 TEL is a tel: URI unless said otherwise
    if v4 and preferred:
        head += ";PREF=1"
    return head, bool(types)


def _uuid(uid: str) -> str:
    """Our 32 hex digits in the usual 8-4-4-4-12 form (anything else as it is)."""
    if len(uid) != 32 or not _HEX.fullmatch(uid):
        return uid
    return f"{uid[:8]}-{uid[8:12]}-{uid[12:16]}-{uid[16:20]}-{uid[20:]}"


def vcards(pages: Iterable[list[ExportContact]], version: Version = "3.0") -> Iterator[str]:
    """The text of every contact's card, a page of cards per piece."""
    for page in pages:
        yield "".join(card(contact, version) for contact in page)


def write_vcards(
    path: str | Path,
    pages: Iterable[list[ExportContact]],
    *,
    version: Version = "3.0",
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Save the contacts of ``pages`` to one .vcf file (UTF-8, no BOM: vCard readers choke on
    one); ``progress(done, total)`` after each page."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version must be one of {', '.join(VERSIONS)}")
    return save_pages(
        path,
        pages,
        lambda counted: vcards(counted, version),
        {"version": version},
        total=total,
        progress=progress,
        cancelled=cancelled,
    )


__all__ = ["VERSIONS", "X_PROPERTIES", "card", "escape_text", "fold", "write_vcards"]
