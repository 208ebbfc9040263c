"""Merging two contacts into one, and taking a merge back exactly.

``merge(keep_id, drop_id, choices)`` runs in one transaction: the kept contact takes the
chosen value of each field; the dropped contact's interactions, leads, follow-ups, tags,
emails and phones move to it (an email or phone it already has, by key, stays behind), as
do other programs' ids for it (``ExternalKey``, so a re-import finds the kept contact) and
contacts it referred; the dropped contact goes to the trash, and an ``ExternalKey`` row
``merged:<its uid>`` on the kept contact records where it went.

The ``MergeResult`` holds what ``unmerge`` needs: the two contacts and their emails, phones
and tag links as stored before, and the ids of every row moved. The same is kept in a
``MergeRecord`` (with the kept contact as the merge left it), so that a merge can be taken back
another day (``merge_records``); taking one back marks its record. ``unmerge`` writes those back
(the kept contact's fields, emails, phones and tags as they were, the moved rows back on the
dropped contact, which leaves the trash); rows' ``version`` and ``updated_at`` move on, as
for any other change a sync must see.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.contacts import ContactDetail, ContactFields, ContactService, Labeled
from crm_desktop.domain.contacts import display_name_of as _display_name_of
from crm_desktop.domain.duplicates import number_key
from crm_desktop.domain.errors import DomainError, ValidationError
from crm_desktop.domain.interactions import refresh_last_contacted
from crm_desktop.domain.normalize import email_key, name_key
from crm_desktop.store import denormalised, search
from crm_desktop.store import duplicate_keys as rows
from crm_desktop.store.db import write
from crm_desktop.store.models import (
    Contact,
    ExternalKey,
    Interaction,
    Lead,
    MergeRecord,
    Reminder,
    Staff,
)
from crm_desktop.store.values import to_epoch

Side = Literal["keep", "drop", "both"]
SIDES: tuple[Side, ...] = ("keep", "drop", "both")

# The fields a merge chooses between, in the order a review shows them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("title", "Title"),
    ("company_id", "Company"),
    ("address", "Address"),
    ("birthday", "Birthday"),
    ("preferred_channel", "Preferred channel"),
    ("do_not_contact", "Do not contact"),
    ("source", "Source"),
    ("referred_by_id", "Referred by"),
    ("lifecycle", "Lifecycle"),
    ("owner_id", "Owner"),
    ("stay_in_touch_days", "Stay in touch every"),
    ("personal_notes", "Personal notes"),
    ("preferences", "Preferences"),
)
JOINABLE = frozenset({"personal_notes", "preferences"})  # "both": the texts one after another
MOVED = ("interaction", "lead", "reminder")  # rows that move to the kept contact
_LISTS = ("contact_email", "contact_phone", "contact_tag")
_DERIVED = ("company_sort", "tag_names", "next_due_at")
_BOOKKEEPING = ("id", "uid", "version", "created_at", "updated_at")
# Contact columns that move with what happens beside it (a call logged, a follow-up due), or
# follow from others compared anyway (the names, the e-mails and phones): a change to them
# alone does not stop a merge being taken back.
_LIVES_ON = (
    "last_contacted_at",
    "display_name",
    "sort_name",
    "primary_email",
    "primary_phone",
    *_DERIVED,
)
MARKER = "merged:"  # ExternalKey.key prefix on the kept contact: "merged:<dropped uid>"


def value_of(detail: ContactDetail, field: str) -> Any:
    if field == "name":
        return (detail.first_name, detail.last_name)
    return getattr(detail, field)


def is_empty(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(is_empty(part) for part in value)
    return value is None or value == "" or value is False


def default_choices(keep: ContactDetail, drop: ContactDetail) -> dict[str, Side]:
    """Per field: the value that is there; when both are and differ, the more recently
    updated contact's (the kept one's on a tie); both texts for notes and preferences."""
    choices: dict[str, Side] = {}
    drop_newer = drop.updated_at > keep.updated_at
    for field, _ in FIELDS:
        mine, theirs = value_of(keep, field), value_of(drop, field)
        if mine == theirs or is_empty(theirs):
            choices[field] = "keep"
        elif is_empty(mine):
            choices[field] = "drop"
        elif field in JOINABLE:
            choices[field] = "both"
        else:
            choices[field] = "drop" if drop_newer else "keep"
    return choices


def merged_lists(
    keep: ContactDetail, drop: ContactDetail
) -> tuple[tuple[Labeled, ...], tuple[Labeled, ...], tuple[str, ...]]:
    """The emails, phones and tags the kept contact ends with: its own, then the other's new
    ones (emails and phones compared by key, tags by name)."""
    emails = _union(keep.emails, drop.emails, email_key)
    phones = _union(keep.phones, drop.phones, number_key)
    tags: dict[str, str] = {}
    for tag in (*keep.tags, *drop.tags):
        tags.setdefault(tag.casefold(), tag)
    return emails, phones, tuple(tags.values())


def _union(
    mine: tuple[Labeled, ...], theirs: tuple[Labeled, ...], key: Callable[[str], str]
) -> tuple[Labeled, ...]:
    keys = {key(value) for _, value in mine}
    extra: list[Labeled] = []
    for label, value in theirs:
        if key(value) not in keys:
            keys.add(key(value))
            extra.append((label, value))
    return (*mine, *extra)


@dataclass(frozen=True)
class MergeSide:
    """One contact of a pair as a review shows it."""

    detail: ContactDetail
    shown: Mapping[str, str]  # field -> its value as text ("" when empty)
    interactions: int
    leads: int
    reminders: int


@dataclass(frozen=True)
class MergeSnapshot:
    """Raw rows as stored before a merge, and the ids of the rows it moved."""

    contacts: tuple[tuple[Any, ...], ...]
    lists: Mapping[str, tuple[tuple[Any, ...], ...]]  # contact_email/phone/tag rows of both
    moved: Mapping[str, tuple[int, ...]]  # interaction, lead, reminder ids
    referrers: tuple[int, ...]  # contacts whose referred_by was the dropped one
    external_keys: tuple[int, ...]
    marker_id: int


@dataclass(frozen=True)
class MergeResult:
    """What a merge did, and what ``unmerge`` needs to take it back."""

    keep_id: int
    drop_id: int
    change: Change
    snapshot: MergeSnapshot
    record_id: int | None = None  # its MergeRecord

    @property
    def moved_count(self) -> int:
        return sum(len(ids) for ids in self.snapshot.moved.values())


class MergeService:
    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id
        self._contacts = ContactService(clock, actor_id)

    def side(self, contact_id: int) -> MergeSide:
        """A contact with its values as text and how much hangs on it."""
        detail = self._contacts.get(contact_id)
        shown = {field: self._text(detail, field) for field, _ in FIELDS}
        return MergeSide(
            detail,
            shown,
            Interaction.select().where(Interaction.contact == contact_id).count(),
            Lead.select().where(Lead.contact == contact_id, Lead.deleted_at.is_null()).count(),
            Reminder.select()
            .where(Reminder.contact == contact_id, Reminder.status == "open")
            .count(),
        )

    def merge(
        self, keep_id: int, drop_id: int, choices: Mapping[str, Side] | None = None
    ) -> MergeResult:
        """Merge ``drop_id`` into ``keep_id`` (one transaction); fields not in ``choices``
        follow ``default_choices``."""
        if keep_id == drop_id:
            raise DomainError("A contact can't be merged into itself.")
        with write():
            keep, drop = self._living(keep_id), self._living(drop_id)
            picked: dict[str, Side] = {**default_choices(keep, drop), **(choices or {})}
            _check(picked)
            now = self.clock.now()
            stamp = to_epoch(now)
            pair = [keep_id, drop_id]
            snapshot_contacts = rows.raw_rows("contact", "id IN (?, ?)", pair)
            lists = {t: tuple(rows.raw_rows(t, "contact_id IN (?, ?)", pair)) for t in _LISTS}
            self._move_lists(keep_id, drop_id, stamp)
            moved: dict[str, tuple[int, ...]] = {}
            for table in MOVED:
                moved[table] = tuple(rows.ids_where(table, "contact_id = ?", [drop_id]))
                rows.set_where_ids(
                    table, "contact_id = ?, updated_at = ?", [keep_id, stamp], moved[table]
                )
            referrers = rows.ids_where("contact", "referred_by_id = ? AND id != ?", pair[::-1])
            rows.set_where_ids(
                "contact", "referred_by_id = ?, updated_at = ?", [keep_id, stamp], referrers
            )
            keys = rows.ids_where("external_key", "\"table\" = 'contact' AND row_id = ?", [drop_id])
            rows.set_where_ids("external_key", "row_id = ?", [keep_id], keys)
            marker = ExternalKey.create(table="contact", row_id=keep_id, key=MARKER + drop.uid)
            Contact.update(**self._columns(keep, drop, picked), updated_at=now).where(
                Contact.id == keep_id
            ).execute()
            Contact.update(deleted_at=now, updated_at=now).where(Contact.id == drop_id).execute()
            company = keep.company_id if picked["company_id"] == "keep" else drop.company_id
            self._refresh(pair, [keep.company_id, drop.company_id, company])
            search.remove("contact", [drop_id])
            snapshot = MergeSnapshot(
                tuple(snapshot_contacts),
                lists,
                moved,
                tuple(referrers),
                tuple(keys),
                int(marker.id),
            )
            record = MergeRecord.create(
                merged_at=now,
                keep_id=keep_id,
                drop_id=drop_id,
                kept_name=keep.display_name,
                dropped_name=drop.display_name,
                record=json.dumps(
                    {"snapshot": dataclasses.asdict(snapshot), "after": kept_as_merged(keep_id)}
                ),
            )
        touches = frozenset({"interaction", "lead", "reminder", "tag", "company"})
        return MergeResult(
            keep_id,
            drop_id,
            Change("contact", "merged", (keep_id, drop_id), touches),
            snapshot,
            int(record.id),
        )

    def unmerge(self, result: MergeResult) -> Change:
        """Take a merge back: both contacts, their emails, phones and tags as they were, the
        moved rows back on the dropped contact, which leaves the trash."""
        keep_id, drop_id, snap = result.keep_id, result.drop_id, result.snapshot
        with write():
            record = MergeRecord.get_or_none(MergeRecord.id == result.record_id)
            if record is not None and record.undone_at is not None:
                raise DomainError("This merge was already taken back.")
            there = {
                row.id: row for row in Contact.select().where(Contact.id.in_([keep_id, drop_id]))
            }
            if drop_id not in there:
                raise DomainError(
                    "The merged contact was deleted from the trash for good, so the merge "
                    "can't be taken back."
                )
            if keep_id not in there:
                raise DomainError("The kept contact was deleted for good; nothing to take back.")
            companies = [there[keep_id].company_id]
            stamp = to_epoch(self.clock.now())
            rows.put_back("contact", snap.contacts, stamp, skip=_DERIVED)
            for table, ids in snap.moved.items():
                rows.set_where_ids(
                    table,
                    "contact_id = ?, updated_at = ?",
                    [drop_id, stamp],
                    rows.ids_still(table, "contact_id", keep_id, ids),
                )
            rows.set_where_ids(
                "contact",
                "referred_by_id = ?, updated_at = ?",
                [drop_id, stamp],
                rows.ids_still("contact", "referred_by_id", keep_id, snap.referrers),
            )
            rows.set_where_ids(
                "external_key",
                "row_id = ?",
                [drop_id],
                rows.ids_still("external_key", "row_id", keep_id, snap.external_keys),
            )
            ExternalKey.delete().where(ExternalKey.id == snap.marker_id).execute()
            for table in _LISTS:
                wanted = snap.lists[table]
                kept = {(row[0], row[1]) for row in wanted}  # by id and uid: ids are reused
                current = rows.raw_rows(table, "contact_id IN (?, ?)", [keep_id, drop_id])
                extra = [int(row[0]) for row in current if (row[0], row[1]) not in kept]
                rows.delete_rows(table, extra, stamp)
                rows.put_back(table, wanted, stamp)
            refreshed = Contact.select(Contact.company).where(Contact.id.in_([keep_id, drop_id]))
            refresh_last_contacted([keep_id, drop_id])  # calls logged since stay where they are
            self._refresh([keep_id, drop_id], [*companies, *(c.company_id for c in refreshed)])
            if record is not None:
                record.undone_at = self.clock.now()
                record.save()
        touches = frozenset({"interaction", "lead", "reminder", "tag", "company"})
        return Change("contact", "unmerged", (keep_id, drop_id), touches)

    # -- helpers ---------------------------------------------------------------------------

    def _living(self, contact_id: int) -> ContactDetail:
        detail = self._contacts.get(contact_id)
        if detail.deleted_at is not None:
            raise DomainError(
                f"“{detail.display_name}” is in the trash; restore it before merging."
            )
        return detail

    @staticmethod
    def _text(detail: ContactDetail, field: str) -> str:
        value = value_of(detail, field)
        if is_empty(value):
            return ""
        if field == "name":
            return " ".join(part for part in value if part)
        if field == "company_id":
            return detail.company_name
        if field == "owner_id":
            owner = Staff.get_or_none(Staff.id == value)
            return str(owner.name) if owner else ""
        if field == "referred_by_id":
            person = Contact.get_or_none(Contact.id == value)
            return str(person.display_name) if person else ""
        if field == "do_not_contact":
            return "Yes"
        if field == "stay_in_touch_days":
            return f"{value} days"
        if field == "address" and detail.address_label:
            return f"{value} ({detail.address_label})"  # as e-mails and phones show theirs
        return str(value)

    def _move_lists(self, keep_id: int, drop_id: int, stamp: int) -> None:
        """Move the dropped contact's emails, phones and tags the kept one lacks onto it."""
        for table, key in (("contact_email", "email_key"), ("contact_phone", "phone_key")):
            mine = rows.values_of(table, f"{key}, position", keep_id)
            same: Callable[[str], str] = number_key if key == "phone_key" else str
            seen = {same(str(row[0])) for row in mine}
            position = max((int(row[1]) for row in mine), default=-1) + 1
            for row_id, value in rows.values_of(table, f"id, {key}", drop_id):
                if same(str(value)) in seen:
                    continue
                seen.add(same(str(value)))
                sets = "contact_id = ?, position = ?, updated_at = ?"
                rows.set_where_ids(table, sets, [keep_id, position, stamp], [row_id])
                position += 1
        moving = rows.ids_where(
            "contact_tag",
            "contact_id = ? AND tag_id NOT IN"
            " (SELECT tag_id FROM contact_tag WHERE contact_id = ?)",
            [drop_id, keep_id],
        )
        rows.set_where_ids(
            "contact_tag", "contact_id = ?, updated_at = ?", [keep_id, stamp], moving
        )

    @staticmethod
    def _columns(
        keep: ContactDetail, drop: ContactDetail, picked: Mapping[str, Side]
    ) -> dict[str, object]:
        chosen: dict[str, Any] = {}
        for field, _ in FIELDS:
            side = picked[field]
            if side == "both":
                parts = [value_of(keep, field), value_of(drop, field)]
                chosen[field] = "\n\n".join(part for part in parts if part)
            else:
                chosen[field] = value_of(keep if side == "keep" else drop, field)
        first, last = chosen.pop("name")
        emails, phones, _ = merged_lists(keep, drop)
        display = _display_name_of(
            ContactFields(
                first_name=first,
                last_name=last,
                emails=list(emails),
                company_id=chosen["company_id"],
            )
        )
        if chosen["referred_by_id"] in (keep.id, drop.id):
            chosen["referred_by_id"] = None  # nobody refers themselves
        last_contacted = [t for t in (keep.last_contacted_at, drop.last_contacted_at) if t]
        address_from = drop if picked["address"] == "drop" else keep  # its label goes with it
        return {
            **{field.removesuffix("_id"): value for field, value in chosen.items()},
            "first_name": first,
            "last_name": last,
            "display_name": display,
            "sort_name": name_key(last, first) or display.casefold(),
            "primary_email": emails[0][1] if emails else "",
            "primary_phone": phones[0][1] if phones else "",
            "last_contacted_at": max(last_contacted) if last_contacted else None,
            "address_label": address_from.address_label,
        }

    @staticmethod
    def _refresh(contact_ids: list[int], company_ids: list[int | None]) -> None:
        denormalised.refresh_contacts(contact_ids)
        denormalised.refresh_companies(company_ids)
        living = [
            int(row.id)
            for row in Contact.select(Contact.id).where(
                Contact.id.in_(contact_ids), Contact.deleted_at.is_null()
            )
        ]
        search.reindex("contact", living)


def _check(picked: Mapping[str, str]) -> None:
    known = {field for field, _ in FIELDS}
    problems: dict[str, str] = {}
    for field, side in picked.items():
        if field not in known:
            problems[field] = f"“{field}” is not a field a merge chooses."
        elif side not in SIDES or (side == "both" and field not in JOINABLE):
            problems[field] = f"“{side}” is not a choice for {field} (keep or drop)."
    if problems:
        raise ValidationError(problems)


def kept_as_merged(keep_id: int) -> dict[str, Any]:
    """The kept contact's own columns and its e-mails, phones and tags, as they are now,
    compared by value (an edit writes its e-mail and phone rows anew)."""
    row = rows.raw_rows("contact", "id = ?", [keep_id])[0]
    own = dict(zip(rows.columns("contact"), row, strict=True))
    lists: dict[str, list[list[Any]]] = {}
    for table in _LISTS:
        names = rows.columns(table)
        kept = [i for i, name in enumerate(names) if name not in _BOOKKEEPING]
        lists[table] = [
            [row[i] for i in kept] for row in rows.raw_rows(table, "contact_id = ?", [keep_id])
        ]
    return {
        "contact": {k: v for k, v in own.items() if k not in (*_BOOKKEEPING, *_LIVES_ON)},
        **lists,
    }


def merged_into(contact_uid: str) -> int | None:
    """The contact a trashed contact was merged into (its id), if it was."""
    row = ExternalKey.get_or_none(
        ExternalKey.table == "contact", ExternalKey.key == MARKER + contact_uid
    )
    return int(row.row_id) if row else None
