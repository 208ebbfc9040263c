"""The merges made so far, and taking one back another day.

Every merge keeps a record (``MergeService.merge``): both contacts as they were before it, the
rows it moved, and the kept contact as the merge left it. Ctrl+Z takes a merge back in the
session that made it; after that, this does, from the record.

Taking a merge back puts both contacts back as they were before it, as ``unmerge`` does. So it
is refused while the kept contact has been changed since (a field, an e-mail, a phone, a tag),
with a message naming what changed: those changes would be lost, and which of them belong to
which person only the user knows. Calls logged and follow-ups made on it since stay with it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

from crm_desktop.domain.changes import Change
from crm_desktop.domain.errors import DomainError, NotFound
from crm_desktop.domain.merge import MergeResult, MergeService, MergeSnapshot, kept_as_merged
from crm_desktop.store.models import Contact, MergeRecord

# How a changed part of the kept contact is named in a refusal.
_PARTS = {"contact_email": "e-mails", "contact_phone": "phones", "contact_tag": "tags"}
_WORDS = {
    "deleted_at": "moved to the trash",
    "personal_notes": "notes",
    "do_not_contact": "do not contact",
    "stay_in_touch_days": "stay in touch",
}


class PastMerge(NamedTuple):
    record_id: int
    merged_at: datetime
    kept_name: str  # both as they were named before the merge
    dropped_name: str
    keep_id: int
    drop_id: int
    undone_at: datetime | None


def history(limit: int = 500) -> list[PastMerge]:
    """The newest merges first."""
    query = MergeRecord.select().order_by(MergeRecord.id.desc()).limit(limit)
    return [
        PastMerge(
            int(row.id),
            row.merged_at,
            row.kept_name,
            row.dropped_name,
            int(row.keep_id),
            int(row.drop_id),
            row.undone_at,
        )
        for row in query
    ]


def take_back(merges: MergeService, record_id: int) -> Change:
    """Take back the merge ``record_id`` as ``unmerge`` does; ``DomainError`` when it was taken
    back already, or while the kept contact has been changed since."""
    row = MergeRecord.get_or_none(MergeRecord.id == record_id)
    if row is None:
        raise NotFound("merge", record_id)
    if row.undone_at is not None:
        raise DomainError("This merge was already taken back.")
    saved: dict[str, Any] = json.loads(row.record)
    if Contact.get_or_none(Contact.id == row.keep_id) is None:
        raise DomainError(f"“{row.kept_name}” was deleted for good; nothing to take back.")
    changed = _changed_since(saved["after"], kept_as_merged(int(row.keep_id)))
    if changed:
        raise DomainError(
            f"“{row.kept_name}” was changed after the merge ({', '.join(changed)}). Taking it "
            "back would put both contacts as they were before it and lose those changes: "
            "move what belongs to the other person by hand instead, or change them back first."
        )
    result = MergeResult(
        int(row.keep_id),
        int(row.drop_id),
        Change("contact", "merged", (int(row.keep_id), int(row.drop_id))),
        _snapshot(saved["snapshot"]),
        int(row.id),
    )
    return merges.unmerge(result)


def _changed_since(then: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """What of the kept contact differs from how the merge left it, in words."""
    found = [
        _WORDS.get(column) or column.removesuffix("_id").replace("_", " ")
        for column, value in then["contact"].items()
        if now["contact"].get(column) != value
    ]
    found += [words for table, words in _PARTS.items() if then[table] != now[table]]
    return found


def _snapshot(data: dict[str, Any]) -> MergeSnapshot:
    """A ``MergeSnapshot`` from its JSON (lists back to tuples)."""

    def rows(items: list[list[Any]]) -> tuple[tuple[Any, ...], ...]:
        return tuple(tuple(item) for item in items)

    return MergeSnapshot(
        contacts=rows(data["contacts"]),
        lists={table: rows(items) for table, items in data["lists"].items()},
        moved={table: tuple(ids) for table, ids in data["moved"].items()},
        referrers=tuple(data["referrers"]),
        external_keys=tuple(data["external_keys"]),
        marker_id=int(data["marker_id"]),
    )
