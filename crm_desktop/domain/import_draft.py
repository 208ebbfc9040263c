"""A person's row made plain before it is matched: trimmed, its e-mails and phones checked and
keyed, its name split, its columns as a new contact would store them. Pure functions of the
row, apart from the store. (Preparing the next chunk on a helper thread while SQLite runs the
current one's long statements was tried: the writing thread then waits out the interpreter's
switch interval between its statements, and the import took longer, measured.)

Choices: an invalid e-mail or phone is left out of its row with a warning (the row imports
without it); a row is rejected only when it has no name, no e-mail and no phone left. A file's
website for a person goes into the notes ("Website: ..."): contacts have no website field.
A row with only a full name is split at its last space ("Mary Ann Lee" -> "Mary Ann", "Lee").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crm_desktop.domain.import_match import Probe, quick_name_key, quick_phone_key
from crm_desktop.domain.imported import ImportedContact, ImportedRecord
from crm_desktop.domain.normalize import EMAIL_RE, clean, email_problem, phone_problem
from crm_desktop.store.models import LIFECYCLES

Keyed = tuple[str, str, str]  # label, value, key
NO_CONTACT_DETAILS = "no name, e-mail or phone"


@dataclass
class Draft:
    line: int
    first_name: str
    last_name: str
    company: str
    owner: str
    lifecycle: str  # "" when the file gives none (or one we do not have)
    emails: list[Keyed]
    phones: list[Keyed]
    tags: list[str]
    external_id: str
    company_key: str
    sort_key: str  # name_key(last, first), "" without a name
    probe: Probe
    values: dict[str, Any]  # title, address, birthday (ordinal), source, personal_notes
    warnings: list[str] = field(default_factory=list)


def split_name(full: str) -> tuple[str, str]:
    """ "Ann Marie Lee" -> ("Ann Marie", "Lee"); one word is a first name."""
    head, _, tail = clean(full).rpartition(" ")
    return (head, tail) if head else (tail, "")


def _clean(text: str) -> str:
    return " ".join(text.split()) if text else ""


def draft_of(record: ImportedContact) -> Draft | str:
    """The row made plain, or why it is rejected."""
    if record.problems:
        return "; ".join(record.problems)
    first, last = _clean(record.first_name), _clean(record.last_name)
    if not first and not last and record.full_name:
        first, last = split_name(record.full_name)
    dropped: list[str] = []
    emails: list[Keyed] = []
    known: set[str] = set()
    for label, value in record.emails:
        text = value.strip()
        if not text:
            continue
        if not EMAIL_RE.match(text):
            dropped.append(email_problem(text) or text)
            continue
        key = text.casefold()  # normalize.email_key
        if key not in known:
            known.add(key)
            emails.append((_clean(label), text, key))
    phones: list[Keyed] = []
    known = set()
    for label, value in record.phones:
        text = _clean(value)
        if not text:
            continue
        key = quick_phone_key(text)
        if len(key) < 3:
            dropped.append(phone_problem(text) or text)
        elif key not in known:
            known.add(key)
            phones.append((_clean(label), text, key))
    if not (first or last or emails or phones):
        return (
            "; ".join([*dropped, f"{NO_CONTACT_DETAILS} left"]) if dropped else NO_CONTACT_DETAILS
        )
    warnings = [f"{problem} It was left out." for problem in dropped]
    lifecycle = _clean(record.lifecycle).casefold()
    if lifecycle and lifecycle not in LIFECYCLES:
        warnings.append(f"Lifecycle “{record.lifecycle}” is not one of ours: left as lead.")
        lifecycle = ""
    notes = record.notes.strip()
    if record.website.strip():
        notes = "\n".join(part for part in (notes, f"Website: {_clean(record.website)}") if part)
    company = _clean(record.company)
    company_key = quick_name_key(company) if company else ""
    sort_key = quick_name_key(last, first)
    external_id = record.external_id.strip()
    return Draft(
        record.line,
        first,
        last,
        company,
        record.owner,
        lifecycle,
        emails,
        phones,
        [t for t in map(_clean, record.tags) if t],
        external_id,
        company_key,
        sort_key,
        Probe(
            external_id,
            [e[2] for e in emails],
            [p[2] for p in phones],
            (sort_key, company_key) if sort_key and company_key else None,
        ),
        {
            "title": _clean(record.title),
            "address": record.address.strip(),
            "birthday": record.birthday.toordinal() if record.birthday else None,
            "source": _clean(record.source),
            "personal_notes": notes,
        },
        warnings,
    )


Prepared = tuple[ImportedRecord, Draft | str | None]  # a record, and a person's draft


def prepare(records: Iterable[ImportedRecord]) -> list[Prepared]:
    """Records with their drafts (people only)."""
    return [(r, draft_of(r) if isinstance(r, ImportedContact) else None) for r in records]
