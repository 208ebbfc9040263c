"""What an export reads: contacts (all, the list's current filter, or a selection) and
follow-ups, as plain values, a page at a time so that a million contacts never sit in memory;
and saving a file so that a failed export leaves nothing half-written behind.

The file formats themselves are ``crm_desktop.interchange``'s (csv_writer, vcard_writer,
ics_writer); this module knows nothing of them.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.contact_list import ContactList, ContactQuery
from crm_desktop.domain.errors import DomainError, ValidationError
from crm_desktop.store.db import sql
from crm_desktop.store.values import from_epoch

Labeled = tuple[str, str]  # (label, value): ("work", "ann@example.com")
Which = Literal["all", "filtered", "selected"]
WHICH: tuple[Which, ...] = ("all", "filtered", "selected")
PAGE_SIZE = 1000
Progress = Callable[[int, int], None]  # (done, total)
T = TypeVar("T")


class ExportError(DomainError):
    """The file could not be written; the message says why in plain words."""


class ExportCancelled(DomainError):
    def __init__(self) -> None:
        super().__init__("The export was cancelled; no file was written.")


@dataclass(frozen=True)
class ExportScope:
    """Which contacts: all living ones, those the list's ``query`` shows, or ``ids``."""

    which: Which = "all"
    query: ContactQuery | None = None
    ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.which not in WHICH:
            raise ValidationError({"which": f"Export one of: {', '.join(WHICH)}."})


@dataclass(slots=True)  # not frozen: a frozen dataclass is made 2-3 times slower
class ExportContact:
    id: int
    uid: str
    first_name: str
    last_name: str
    display_name: str
    title: str
    company: str  # the company's name, "" without one
    website: str  # the company's website: a contact has none of its own
    emails: tuple[Labeled, ...]  # the first is the primary
    phones: tuple[Labeled, ...]
    address: str
    birthday: date | None
    preferred_channel: str
    do_not_contact: bool
    source: str
    lifecycle: str
    owner: str  # the owner's name, "" for nobody
    referred_by: str  # the referrer's display name, "" for nobody
    personal_notes: str
    preferences: str
    stay_in_touch_days: int | None
    tags: tuple[str, ...]
    updated_at: datetime  # vCard's REV
    address_label: str = ""  # "home", "work"...; "" for an address stored without one

    @property
    def notes(self) -> str:
        """Personal notes and preferences as one text, for formats with one notes field."""
        if not self.preferences:
            return self.personal_notes
        preferences = PREFERENCES + self.preferences
        return f"{self.personal_notes}\n\n{preferences}" if self.personal_notes else preferences


PREFERENCES = "Preferences: "  # how preferences follow the notes in one notes field


def split_notes(notes: str, preferences: str) -> str:
    """The personal notes alone, from ``ExportContact.notes`` and the preferences it holds
    (for a reader that gets the preferences on their own, as vCard's X-CRM-PREFERENCES)."""
    tail = PREFERENCES + preferences
    if preferences and notes.endswith(tail):
        return notes[: -len(tail)].rstrip("\n")
    return notes


@dataclass(slots=True)
class ExportFollowUp:
    id: int
    uid: str
    title: str
    note: str
    due_at: datetime
    remind_at: datetime  # the due time, or the end of a snooze
    status: str  # open, done, cancelled
    recur_every: int | None
    recur_unit: str | None  # days, weeks, months, years
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    contact_name: str  # "" when it is about no contact
    lead_title: str  # "" when it is about no lead


@dataclass
class ExportReport:
    path: str
    rows: int  # contacts or follow-ups written
    bytes: int
    seconds: float
    extra: dict[str, Any] = field(default_factory=dict)


_CONTACT_SQL = """
SELECT c.id, c.uid, c.first_name, c.last_name, c.display_name, c.title,
       coalesce(co.name, ''), coalesce(co.website, ''), c.address, c.birthday,
       c.preferred_channel, c.do_not_contact, c.source, c.lifecycle, coalesce(s.name, ''),
       coalesce(r.display_name, ''), c.personal_notes, c.preferences, c.stay_in_touch_days,
       c.updated_at, c.address_label
FROM contact c
LEFT JOIN company co ON co.id = c.company_id
LEFT JOIN staff s ON s.id = c.owner_id
LEFT JOIN contact r ON r.id = c.referred_by_id
WHERE c.id IN ({marks})
"""
_EMAILS_SQL = (
    "SELECT contact_id, label, email FROM contact_email WHERE contact_id IN ({marks})"
    " ORDER BY contact_id, position, id"
)
_PHONES_SQL = (
    "SELECT contact_id, label, phone FROM contact_phone WHERE contact_id IN ({marks})"
    " ORDER BY contact_id, position, id"
)
_TAGS_SQL = (
    "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
    " WHERE ct.contact_id IN ({marks}) ORDER BY ct.contact_id, t.name_key"
)
_ALL_IDS_SQL = "SELECT id FROM contact WHERE deleted_at IS NULL AND id > ? ORDER BY id LIMIT ?"
_FOLLOWUPS_FROM = """
FROM reminder r
LEFT JOIN contact c ON c.id = r.contact_id
LEFT JOIN lead l ON l.id = r.lead_id
WHERE c.deleted_at IS NULL AND l.deleted_at IS NULL"""
_FOLLOWUPS_SQL = (
    """SELECT r.id, r.uid, r.title, r.note, r.due_at, r.remind_at, r.status, r.recur_every,
       r.recur_unit, r.completed_at, r.created_at, r.updated_at,
       coalesce(c.display_name, ''), coalesce(l.title, '')"""
    + _FOLLOWUPS_FROM
    + " AND (r.due_at, r.id) > (?, ?) {more} ORDER BY r.due_at, r.id LIMIT ?"
)
_COUNT_FOLLOWUPS_SQL = "SELECT count(*)" + _FOLLOWUPS_FROM + " {more}"


class ExportService:
    """Reads for exports. Pages are plain values; nothing here writes to the database."""

    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id
        self._list = ContactList(clock)

    # -- contacts --------------------------------------------------------------------------

    def count(self, scope: ExportScope) -> int:
        """How many contacts ``scope`` holds (selected ids: those that still exist)."""
        if scope.which == "selected":
            found = 0
            for chunk in _chunks(list(dict.fromkeys(scope.ids)), PAGE_SIZE):
                marks = _marks(chunk)
                found += sql(
                    f"SELECT count(*) FROM contact WHERE id IN ({marks})", chunk
                ).fetchone()[0]
            return int(found)
        return self._list.count(_query_of(scope))

    def contacts(
        self, scope: ExportScope, page_size: int = PAGE_SIZE
    ) -> Iterator[list[ExportContact]]:
        """The contacts of ``scope``, page by page: "all" in the order they were added (which
        reads the tables front to back: at 100,000 contacts twice as fast as by name),
        "filtered" in the list's order, "selected" in the order given."""
        for ids in self._id_pages(scope, page_size):
            yield self.contacts_by_id(ids)

    def contacts_by_id(self, ids: Sequence[int]) -> list[ExportContact]:
        """These contacts, whole, in the order given (ids that don't exist are left out)."""
        ids = list(ids)
        if not ids:
            return []
        marks = _marks(ids)
        emails = _grouped(sql(_EMAILS_SQL.format(marks=marks), ids).fetchall())
        phones = _grouped(sql(_PHONES_SQL.format(marks=marks), ids).fetchall())
        tags: dict[int, list[str]] = {}
        for cid, name in sql(_TAGS_SQL.format(marks=marks), ids).fetchall():
            tags.setdefault(cid, []).append(name)
        rows = {row[0]: row for row in sql(_CONTACT_SQL.format(marks=marks), ids).fetchall()}
        found: list[ExportContact] = []
        for cid in ids:
            row = rows.get(cid)
            if row is None:
                continue
            day = date.fromordinal(row[9]) if row[9] is not None else None
            lists = (tuple(emails.get(cid, ())), tuple(phones.get(cid, ())))
            values: list[Any] = [cid, *row[1:8], *lists, row[8], day, row[10], bool(row[11])]
            values += [*row[12:19], tuple(tags.get(cid, ())), from_epoch(row[19]), row[20]]
            found.append(ExportContact(*values))  # by position, in the fields' order: fast
        return found

    def most_values(self) -> tuple[int, int]:
        """The most emails and the most phones any one contact has: how many column groups
        a spreadsheet layout needs."""
        found = []
        for table in ("contact_email", "contact_phone"):
            row = sql(
                f"SELECT max(n) FROM (SELECT count(*) AS n FROM {table} GROUP BY contact_id)"
            ).fetchone()
            found.append(int(row[0] or 0))
        return found[0], found[1]

    def _id_pages(self, scope: ExportScope, page_size: int) -> Iterator[list[int]]:
        if scope.which == "selected":
            yield from _chunks(list(dict.fromkeys(scope.ids)), page_size)
            return
        if scope.which == "all":  # in the order they were added: reads the tables in order
            last = 0
            while ids := [int(row[0]) for row in sql(_ALL_IDS_SQL, (last, page_size)).fetchall()]:
                yield ids
                last = ids[-1]
            return
        query = _query_of(scope)
        after = None
        while True:
            rows = self._list.page(query, after, page_size)
            if not rows:
                return
            yield [row.id for row in rows]
            if len(rows) < page_size:
                return
            after = rows[-1].key

    # -- follow-ups ------------------------------------------------------------------------

    def followups(
        self,
        *,
        open_only: bool = True,
        contact_id: int | None = None,
        page_size: int = PAGE_SIZE,
    ) -> Iterator[list[ExportFollowUp]]:
        """Follow-ups by due time, page by page: the open ones or all, perhaps of one contact.
        Those of trashed contacts and leads are left out."""
        more, params = _followup_filter(open_only, contact_id)
        statement = _FOLLOWUPS_SQL.format(more=more)
        after: tuple[int, int] = (-(2**62), 0)
        while True:
            rows = sql(statement, [*after, *params, page_size]).fetchall()
            if not rows:
                return
            yield [_followup(row) for row in rows]
            if len(rows) < page_size:
                return
            after = (rows[-1][4], rows[-1][0])

    def count_followups(self, *, open_only: bool = True, contact_id: int | None = None) -> int:
        more, params = _followup_filter(open_only, contact_id)
        return int(sql(_COUNT_FOLLOWUPS_SQL.format(more=more), params).fetchone()[0])


def _followup_filter(open_only: bool, contact_id: int | None) -> tuple[str, list[Any]]:
    more, params = "", []
    if open_only:
        more += " AND r.status = 'open'"
    if contact_id is not None:
        more += " AND r.contact_id = ?"
        params.append(contact_id)
    return more, params


def _followup(row: Sequence[Any]) -> ExportFollowUp:
    return ExportFollowUp(
        id=row[0],
        uid=row[1],
        title=row[2],
        note=row[3],
        due_at=from_epoch(row[4]),
        remind_at=from_epoch(row[5]),
        status=row[6],
        recur_every=row[7],
        recur_unit=row[8],
        completed_at=from_epoch(row[9]) if row[9] is not None else None,
        created_at=from_epoch(row[10]),
        updated_at=from_epoch(row[11]),
        contact_name=row[12],
        lead_title=row[13],
    )


def _query_of(scope: ExportScope) -> ContactQuery:
    if scope.which == "filtered":
        return scope.query or ContactQuery()
    return ContactQuery()


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _grouped(rows: Iterable[Sequence[Any]]) -> dict[int, list[Labeled]]:
    grouped: dict[int, list[Labeled]] = {}
    for cid, label, value in rows:
        grouped.setdefault(cid, []).append((label, value))
    return grouped


# -- saving -------------------------------------------------------------------------------


class CountedPages(Generic[T]):
    """``pages`` passed through as they are written, counted: ``done`` rows so far, and
    ``progress(done, total)`` after each page (the total grows if the pages outrun it)."""

    def __init__(
        self, pages: Iterable[list[T]], total: int = 0, progress: Progress | None = None
    ) -> None:
        self._pages, self._total, self._progress = pages, total, progress
        self.done = 0

    def __iter__(self) -> Iterator[list[T]]:
        for page in self._pages:
            yield page
            self.done += len(page)
            if self._progress is not None:
                self._progress(self.done, max(self._total, self.done))


def save_pages(
    path: str | os.PathLike[str],
    pages: Iterable[list[T]],
    pieces: Callable[[Iterable[list[T]]], Iterable[str | bytes]],
    extra: dict[str, Any],
    *,
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    encoding: str = "utf-8",
) -> ExportReport:
    """Save what ``pieces`` makes of ``pages`` (``save_atomically``), their rows counted as
    they are written (``CountedPages``), and report it with ``extra``."""
    started = time.perf_counter()
    counted = CountedPages(pages, total, progress)
    size = save_atomically(path, pieces(counted), encoding=encoding, cancelled=cancelled)
    return ExportReport(str(path), counted.done, size, time.perf_counter() - started, extra)


def save_atomically(
    path: str | os.PathLike[str],
    pieces: Iterable[str | bytes],
    *,
    encoding: str = "utf-8",
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write ``pieces`` (text in ``encoding``, or bytes as they are) to ``path`` through a
    temporary file in the same folder, renamed over ``path`` only once everything is on disk:
    a full disk, a cancel or a crash half-way leaves any earlier file at ``path`` as it was and
    no partial file behind. A new file gets the mode any new file gets (0666 less the umask), a
    replaced one keeps its own. Returns the bytes written.

    Raises ``ExportError`` with a plain-words message when the file cannot be written, or when
    ``path`` is a read-only file (which the rename would replace all the same), and
    ``ExportCancelled`` when ``cancelled()`` turns true between pieces.
    """
    target = Path(path)
    _check_target(target)
    temp: str | None = None
    try:
        mode = _mode_to_keep(target)
        handle, temp = _created_beside(target)
        encoder = codecs.getincrementalencoder(encoding)()  # a byte order mark once only
        with os.fdopen(handle, "wb") as out:
            for piece in pieces:
                if cancelled is not None and cancelled():
                    raise ExportCancelled()
                out.write(piece if isinstance(piece, bytes) else encoder.encode(piece))
            out.write(encoder.encode("", final=True))
            out.flush()
            os.fsync(out.fileno())  # a full disk often shows only here (or at close)
        size = os.path.getsize(temp)
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
        temp = None
        return size
    except OSError as exc:
        raise ExportError(_why_not_written(target, exc)) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise ExportError(f"{target} is a folder: choose a file name to export to.")
    folder = target.parent
    if not folder.exists():
        raise ExportError(f"The folder {folder} does not exist: choose another place.")
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder: choose another place.")


def _mode_to_keep(target: Path) -> int | None:
    """The permissions of the file that ``target`` replaces, None when there is none yet.

    A file its owner made read-only is refused, even when the user may write anything (an
    administrator): the mode says what was meant, and the folder alone would let the rename go
    through."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return None
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise ExportError(f"{target} is read-only: choose another name or make it writable.")
    return mode


def _created_beside(target: Path) -> tuple[int, str]:
    """A new, empty file beside ``target`` (its handle and path), for writing. Made with mode
    0666 for the umask to narrow, so that the export is readable as other new files are
    (``mkstemp`` makes its files 0600)."""
    binary = getattr(os, "O_BINARY", 0)  # Windows would turn LF into CRLF without it
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | binary
    while True:
        name = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
        with contextlib.suppress(FileExistsError):  # a name taken: draw another
            return os.open(name, flags, 0o666), str(name)


def _why_not_written(target: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return (
            f"The disk is full: {target.name} could not be written to {target.parent}. "
            "Free some space or choose another place; nothing was changed."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        return (
            f"{target.parent} is not writable (no permission, or a read-only disk): "
            f"choose another place for {target.name}."
        )
    if exc.errno in (errno.ENOTDIR, errno.ENOENT) and not target.parent.is_dir():
        return f"The folder {target.parent} does not exist: choose another place."
    if exc.errno in (errno.ENOTDIR, errno.ENOENT):  # a folder that takes no files (/proc)
        return f"{target.parent} is not writable: choose another place for {target.name}."
    reason = exc.strerror or str(exc)
    return f"{target} could not be written: {reason}."
