"""A person's row made plain before it is matched: trimmed, its e-mails and phones checked and
keyed, its name split, its columns as a new contact would store them. Pure functions of the
row, so that a ``Preparer`` thread can read and prepare the next chunk while the current one
is written.

Choices: an invalid e-mail or phone is left out of its row with a warning (the row imports
without it); a row is rejected only when it has no name, no e-mail and no phone left; a
sheet's total line (``ImportedContact.left_out``) is skipped with a warning. A file's
website for a person goes into the notes ("Website: ..."): contacts have no website field.
A row with only a full name is split at its last space ("Mary Ann Lee" -> "Mary Ann", "Lee").
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

from crm_desktop.domain import collector
from crm_desktop.domain.import_match import Probe, quick_name_key, quick_phone_key
from crm_desktop.domain.imported import ImportedContact, ImportedRecord
from crm_desktop.domain.normalize import (
    EMAIL_RE,
    clean,
    email_problem,
    full_name,
    phone_problem,
)
from crm_desktop.store.values import LIFECYCLES

Keyed = tuple[str, str, str]  # label, value, key
NO_CONTACT_DETAILS = "no name, e-mail or phone"
# Said when that rejected every row: the rows are most likely no people at all.
NOT_PEOPLE = (
    "No row has a person's name, e-mail or phone. If the rows are companies, deals or"
    " activities, import the file again as those."
)


@dataclass(slots=True)
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
    referred_by: str  # another contact's name or e-mail, "" for none
    company_key: str
    sort_key: str  # name_key(last, first), "" without a name
    probe: Probe
    values: dict[str, Any]  # title, address, birthday (ordinal), source, notes, our own fields
    new_columns: dict[str, Any]  # a new contact's own columns, but company_id and owner_id
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A row that is no person (a sheet's total line): skipped with ``warning``, not rejected."""

    warning: str


def split_name(full: str) -> tuple[str, str]:
    """ "Ann Marie Lee" -> ("Ann Marie", "Lee"); one word is a first name."""
    head, _, tail = clean(full).rpartition(" ")
    return (head, tail) if head else (tail, "")


def _clean(text: str) -> str:
    return " ".join(text.split()) if text else ""


def draft_of(record: ImportedContact) -> Draft | LeftOut | str:
    """The row made plain, or why it is left out or rejected."""
    if record.left_out:
        return LeftOut(record.left_out)
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
        if not dropped:
            return NO_CONTACT_DETAILS
        return f"{' '.join(dropped)} That leaves {NO_CONTACT_DETAILS}."
    warnings = [f"{problem} It was left out." for problem in dropped]
    warnings += record.warnings
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
    days = record.stay_in_touch_days
    if days is not None and days < 1:
        warnings.append(f"“Stay in touch every {days} days” needs at least one day: left out.")
        days = None
    values = {
        "title": _clean(record.title),
        "address": record.address.strip(),
        "birthday": record.birthday.toordinal() if record.birthday else None,
        "source": _clean(record.source),
        "personal_notes": notes,
        "preferences": record.preferences.strip(),
        "preferred_channel": _clean(record.preferred_channel).casefold(),
        "do_not_contact": 1 if record.do_not_contact else None,  # None: the file says nothing
        "stay_in_touch_days": days,
    }
    display = full_name(first, last)
    if not display:  # a company's own line: shown by its company's name, not an address
        display = company or (emails[0][1] if emails else phones[0][1])
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
        _clean(record.referred_by),
        company_key,
        sort_key,
        Probe(
            external_id,
            [e[2] for e in emails],
            [p[2] for p in phones],
            (sort_key, company_key) if sort_key and company_key else None,
            (quick_name_key(first), quick_name_key(last)),
            "" if emails or phones or company_key or external_id else sort_key,
        ),
        values,
        {
            "first_name": first,
            "last_name": last,
            "display_name": display,
            "sort_name": sort_key or display.casefold(),
            "title": values["title"],
            "company_id": None,
            "address": values["address"],
            "address_label": _clean(record.address_label) if values["address"] else "",
            "birthday": values["birthday"],
            "preferred_channel": values["preferred_channel"],
            "do_not_contact": 1 if record.do_not_contact else 0,
            "source": values["source"],
            "referred_by_id": None,
            "lifecycle": lifecycle or "lead",
            "owner_id": None,
            "personal_notes": notes,
            "preferences": values["preferences"],
            "stay_in_touch_days": days,
        },
        warnings,
    )


Prepared = tuple[ImportedRecord, Draft | LeftOut | str | None]  # a record, a person's draft


def prepare(records: Iterable[ImportedRecord]) -> list[Prepared]:
    """Records with their drafts (people only)."""
    return [(r, draft_of(r) if isinstance(r, ImportedContact) else None) for r in records]


class Preparer:
    """Reads the records and prepares them, a chunk ahead, on a thread of its own, but only
    while the writing thread sits in SQLite's long statements (``running``), during which
    SQLite lets go of the GIL; the rest of the time it waits. Left free, it would contend for
    the GIL with the writer's many short steps (``executemany`` binds each row holding it),
    and the writer would wait out the interpreter's switch interval at each: slower than no
    thread at all (measured)."""

    def __init__(self, records: Iterable[ImportedRecord], size: int) -> None:
        self._rows = iter(records)
        self._size = size
        self._go = threading.Event()
        self._stop = False
        self._done = False
        self._chunks: queue.Queue[list[Prepared] | BaseException] = queue.Queue(maxsize=1)
        self._thread = threading.Thread(target=self._work, name="import-prepare", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            while not self._stop:
                chunk: list[Prepared] = []
                for _ in range(self._size):
                    self._go.wait()
                    if self._stop:
                        return
                    record = next(self._rows, None)
                    if record is None:
                        break
                    draft = draft_of(record) if isinstance(record, ImportedContact) else None
                    chunk.append((record, draft))
                self._chunks.put(chunk)
                if len(chunk) < self._size:
                    return
        except BaseException as exc:  # handed to the writer, which raises it
            self._chunks.put(exc)

    @contextmanager
    def running(self) -> Iterator[None]:
        """Let the thread work while the caller waits in SQLite."""
        self._go.set()
        try:
            yield
        finally:
            self._go.clear()

    def next(self) -> list[Prepared]:
        """The next chunk ([] at the end); the thread works freely while it is awaited."""
        if self._done:
            return []
        with self.running():
            got = self._chunks.get()
        if isinstance(got, BaseException):
            self._done = True
            raise got
        self._done = len(got) < self._size
        return got

    def close(self) -> None:
        self._stop = True
        self._go.set()
        with suppress(queue.Empty):
            self._chunks.get_nowait()  # free a thread waiting to hand over a chunk
        self._thread.join(timeout=10)


SWITCH_INTERVAL = 0.0005  # seconds; Python's default is 0.005


@contextmanager
def tuned_interpreter() -> Iterator[None]:
    """For the length of an import: the cyclic garbage collector paused (every row is freed by
    reference counting; its passes over the hundreds of thousands of live rows took 4.9 s of a
    22 s import of 100,000 people, measured), and a shorter thread switch interval, so that the
    writer, back from each SQLite statement, gets the GIL from the ``Preparer`` within half a
    millisecond instead of five (which had it wait 0.4 s per chunk). Both are the process's,
    and are put back as they were."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        with collector.paused():
            yield
    finally:
        sys.setswitchinterval(interval)
