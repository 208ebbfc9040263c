"""Undoing an import ("Undo this import"), in one transaction, days later too, and of an import
that was cancelled or killed half-way (what its chunks recorded is undone).

- A row the import created is deleted outright, leaving tombstones (its e-mails, phones and tag
  links with it), unless someone touched it since: a contact edited since, or with
  interactions, follow-ups, deals or referrals the import did not make; a company edited since
  or that people or deals still point at; a deal edited since or with follow-ups or
  interactions of its own. Those go to the trash instead, where they can be restored or
  deleted for good; the report names them.
- A row the import updated gets back, column by column, the value it had before, except a
  column changed again since the import (its newer value stays; the report counts those). The
  e-mails, phones, tags and other-program ids the import added to it are removed.
- Tags and stages the import made go once nothing uses them.

It can take a while (about 12 s for 100,000 rows on two cores), so it reports progress in
rows, and asks ``cancelled()`` as it goes: a cancel rolls the whole transaction back, so the
import stays as it was and can be undone later.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import DomainError, NotFound
from crm_desktop.domain.import_draft import tuned_interpreter
from crm_desktop.domain.interactions import refresh_last_contacted
from crm_desktop.domain.pipelines import PipelineAdmin
from crm_desktop.store import denormalised, import_rows, search
from crm_desktop.store.db import write
from crm_desktop.store.import_rows import COMPANY_OWN, CONTACT_OWN, LEAD_OWN
from crm_desktop.store.models import ImportBatch
from crm_desktop.store.values import to_epoch

Row = tuple[Any, ...]
NAMES = {
    "contact": ("contact", "contacts"),
    "company": ("company", "companies"),
    "lead": ("deal", "deals"),
    "interaction": ("activity", "activities"),
    "reminder": ("follow-up", "follow-ups"),
    "tag": ("tag", "tags"),
    "stage": ("stage", "stages"),
    "stage_change": ("stage change", "stage changes"),
}


def counted(table: str, n: int) -> str:
    one, many = NAMES.get(table, (table, table + "s"))
    return f"{n:,} {one if n == 1 else many}"


@dataclass(frozen=True)
class RevertReport:
    batch_id: int
    removed: dict[str, int]  # table -> rows deleted
    restored: dict[str, int]  # table -> rows put back as they were
    trashed: list[str]  # rows moved to the trash instead, because someone touched them since
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        removed = [counted(t, n) for t, n in self.removed.items() if n]
        if removed:
            parts.append("Removed " + ", ".join(removed) + ".")
        restored = [counted(t, n) for t, n in self.restored.items() if n]
        if restored:
            parts.append("Put back " + ", ".join(restored) + " as they were.")
        if self.trashed:
            parts.append(
                "Moved to the trash instead, as they were changed or used since: "
                + ", ".join(self.trashed[:10])
                + (" …" if len(self.trashed) > 10 else "")
                + "."
            )
        parts.extend(self.notes)
        return " ".join(parts) or "The import had written nothing; nothing to undo."


Progress = Callable[[int, int | None], None]
SLICE = 5_000  # created rows removed between two progress reports (and cancel checks)


class UndoCancelled(DomainError):
    """The undo was cancelled: its transaction was rolled back, nothing changed."""

    def __init__(self) -> None:
        super().__init__(
            "The undo was cancelled: the import is as it was, and can be undone later."
        )


def revert_batch(
    clock: Clock,
    actor_id: int | None,
    batch_id: int,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RevertReport:
    with import_rows.bulk_writing(), tuned_interpreter():
        return _revert(clock, actor_id, batch_id, progress, cancelled)


def _revert(
    clock: Clock,
    actor_id: int | None,
    batch_id: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> RevertReport:
    now = clock.now()
    with write():
        batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
        if batch is None:
            raise NotFound("import", batch_id)
        if batch.reverted_at is not None:
            when = batch.reverted_at.astimezone(clock.local_tz)
            raise DomainError(
                f"The import of “{batch.file_name}” was already undone on "
                f"{when:%Y-%m-%d} at {when:%H:%M}."
            )
        try:
            last = int(json.loads(batch.report or "{}").get("last_write") or 0)
        except ValueError:
            last = 0
        start = to_epoch(batch.started_at)
        undo = _Undo(clock, actor_id, batch_id, start, max(start, last), to_epoch(now))
        created: dict[str, list[int]] = {}
        updated: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        items = import_rows.items(batch_id)
        for table, row_id, action, before in items:
            if action == "created":
                created.setdefault(table, []).append(int(row_id))
            else:
                updated.setdefault(table, []).append((int(row_id), json.loads(before or "{}")))
        undo.watch(len(items), progress, cancelled)
        undo.activities(created.get("interaction", []), created.get("reminder", []))
        undo.delete("stage_change", created.get("stage_change", []))
        undo.tick(len(created.get("stage_change", [])))
        undo.restore("lead", LEAD_OWN, updated.get("lead", []))
        undo.remove_leads(created.get("lead", []))
        undo.restore("contact", CONTACT_OWN, updated.get("contact", []))
        undo.remove_contacts(created.get("contact", []))
        undo.restore("company", COMPANY_OWN, updated.get("company", []))
        undo.remove_companies(created.get("company", []))
        undo.remove_tags(created.get("tag", []))
        undo.remove_stages(created.get("stage", []))
        undo.refresh()
        ImportBatch.update(reverted_at=now).where(ImportBatch.id == batch_id).execute()
    return undo.report(batch_id)


class _Undo:
    def __init__(
        self, clock: Clock, actor_id: int | None, batch_id: int, start: int, cutoff: int, now: int
    ) -> None:
        self.clock, self.actor_id, self.batch_id = clock, actor_id, batch_id
        self.start, self.cutoff, self.now = start, cutoff, now
        self.removed: dict[str, int] = {}
        self.restored: dict[str, list[int]] = {}
        self.trashed: list[str] = []
        self.notes: list[str] = []
        self.kept_edits: dict[str, int] = {}
        self.contacts: set[int] = set()  # whose derived columns need refreshing
        self.companies: set[int | None] = set()
        self.done, self.total = 0, 0
        self.progress: Progress | None = None
        self.cancelled: Callable[[], bool] | None = None

    def watch(
        self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total, self.progress, self.cancelled = total, progress, cancelled
        self.tick(0)

    def tick(self, rows: int) -> None:
        """``rows`` more of the batch's rows dealt with; raises ``UndoCancelled`` on a cancel
        (the caller's transaction then rolls back)."""
        self.done += rows
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)
        if self.cancelled is not None and self.cancelled():
            raise UndoCancelled()

    def report(self, batch_id: int) -> RevertReport:
        notes = list(self.notes)
        for table, n in self.kept_edits.items():
            notes.append(
                f"{counted(table, n)} kept values changed since the import"
                " (only the rest was put back)."
            )
        restored = {table: len(ids) for table, ids in self.restored.items()}
        return RevertReport(batch_id, dict(self.removed), restored, list(self.trashed), notes)

    def delete(self, table: str, ids: Sequence[int], column: str = "id") -> None:
        if ids:
            n = import_rows.delete(table, column, ids, self.now)
            if column == "id":
                self.removed[table] = self.removed.get(table, 0) + n

    def _forget_keys(self, table: str, ids: Sequence[int]) -> None:
        for chunk in import_rows.chunks(sorted(set(ids))):
            import_rows.rows(
                f'DELETE FROM external_key WHERE "table" = ? AND row_id IN'
                f" ({','.join('?' * len(chunk))})",
                [table, *chunk],
            )

    # -- what the import made ------------------------------------------------------------------

    def activities(self, talks: Sequence[int], tasks: Sequence[int]) -> None:
        for table, ids in (("interaction", talks), ("reminder", tasks)):
            found = import_rows.select_in(table, ("contact_id",), "id", ids)
            self.contacts.update(int(row[0]) for row in found if row[0] is not None)
            self.delete(table, ids)
            self._forget_keys(table, ids)
            self.tick(len(ids))
        search.remove("interaction", talks)

    def _touched(self, table: str, ids: Sequence[int], since: str) -> tuple[list[int], list[Row]]:
        """(ids nobody touched since the import, (id, name, company) of the others)."""
        untouched: list[int] = []
        others: list[Row] = []
        name, company = {
            "contact": ("display_name", "company_id"),
            "company": ("name", "id"),
            "lead": ("title", "company_id"),
        }[table]
        for chunk in import_rows.chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            for row_id, label, owner, used in import_rows.rows(
                f"SELECT t.id, t.{name}, t.{company}, t.updated_at > ? OR t.deleted_at IS NOT NULL"
                f" OR {since} FROM {table} t WHERE t.id IN ({marks})",
                [self.cutoff, *chunk],
            ):
                if used:
                    others.append((int(row_id), str(label), owner))
                else:
                    untouched.append(int(row_id))
        return untouched, others

    def _trash(self, table: str, found: Sequence[Row]) -> list[int]:
        ids = [int(row[0]) for row in found]
        for chunk in import_rows.chunks(ids):
            import_rows.rows(
                f"UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE deleted_at IS NULL"
                f" AND id IN ({','.join('?' * len(chunk))})",
                [self.now, self.now, *chunk],
            )
        one = NAMES[table][0]
        self.trashed.extend(f"{label} ({one})" for _, label, _ in found)
        search.remove(table, ids)
        return ids

    def remove_leads(self, ids: Sequence[int]) -> None:
        gone, kept = self._touched(
            "lead",
            ids,
            "EXISTS (SELECT 1 FROM reminder r WHERE r.lead_id = t.id)"
            " OR EXISTS (SELECT 1 FROM interaction i WHERE i.lead_id = t.id)",
        )
        self._trash("lead", kept)
        self.delete("stage_change", gone, column="lead_id")
        self.delete("lead", gone)
        self._forget_keys("lead", gone)
        search.remove("lead", gone)
        self.tick(len(ids))

    def remove_contacts(self, ids: Sequence[int]) -> None:
        gone, kept = self._touched(
            "contact",
            ids,
            "EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = t.id)"
            " OR EXISTS (SELECT 1 FROM reminder r WHERE r.contact_id = t.id)"
            " OR EXISTS (SELECT 1 FROM lead l WHERE l.contact_id = t.id)"
            # Referred by someone else: not by a contact this same import made (and removes).
            " OR EXISTS (SELECT 1 FROM contact p WHERE p.referred_by_id = t.id AND p.id NOT IN"
            " (SELECT row_id FROM import_item WHERE batch_id = "
            f"{int(self.batch_id)} AND \"table\" = 'contact' AND action = 'created'))",
        )
        trashed = self._trash("contact", kept)
        self.companies.update(row[2] for row in kept)
        talks = import_rows.select_in("interaction", ("id",), "contact_id", trashed)
        search.reindex("interaction", [int(row[0]) for row in talks])  # they leave the index
        self.tick(len(kept))
        for start in range(0, len(gone), SLICE):
            part = gone[start : start + SLICE]
            self.companies.update(
                row[0] for row in import_rows.select_in("contact", ("company_id",), "id", part)
            )
            for child in ("contact_email", "contact_phone", "contact_tag"):
                self.delete(child, part, column="contact_id")
            self.delete("contact", part)
            self._forget_keys("contact", part)
            search.remove("contact", part)
            self.tick(len(part))

    def remove_companies(self, ids: Sequence[int]) -> None:
        gone, kept = self._touched(
            "company",
            ids,
            "EXISTS (SELECT 1 FROM contact c WHERE c.company_id = t.id)"
            " OR EXISTS (SELECT 1 FROM lead l WHERE l.company_id = t.id)",
        )
        self._trash("company", kept)
        self.delete("company_tag", gone, column="company_id")
        self.delete("company", gone)
        self._forget_keys("company", gone)
        search.remove("company", gone)
        self.tick(len(ids))

    def remove_tags(self, ids: Sequence[int]) -> None:
        unused = [
            int(row[0])
            for row in import_rows.select_in("tag", ("id",), "id", ids)
            if not import_rows.rows(
                "SELECT 1 FROM contact_tag WHERE tag_id = ?1"
                " UNION ALL SELECT 1 FROM company_tag WHERE tag_id = ?1 LIMIT 1",
                [int(row[0])],
            )
        ]
        self.delete("tag", unused)
        self.tick(len(ids))

    def remove_stages(self, ids: Sequence[int]) -> None:
        admin = PipelineAdmin(self.clock, self.actor_id)
        for sid, name in import_rows.select_in("stage", ("id", "name"), "id", ids):
            held = import_rows.rows("SELECT count(*) FROM lead WHERE stage_id = ?", [sid])[0][0]
            if held:
                self.notes.append(f"Stage “{name}” stays: it holds {counted('lead', int(held))}.")
                continue
            admin.remove_stage(int(sid))
            self.removed["stage"] = self.removed.get("stage", 0) + 1
        self.tick(len(ids))

    # -- what the import changed ----------------------------------------------------------

    def restore(
        self, table: str, own: Sequence[str], items: Sequence[tuple[int, dict[str, Any]]]
    ) -> None:
        """Put back each row's own columns (those nobody changed since), and take away the
        e-mails, phones, tags and keys the import added."""
        if not items:
            return
        read = (*own, "updated_at")
        current = {
            int(row[0]): dict(zip(read, row[1:], strict=True))
            for row in import_rows.select_in(table, ("id", *read), "id", [i for i, _ in items])
        }
        done: list[int] = []
        kept = 0  # rows with a column changed since, which keeps its newer value
        for row_id, data in items:
            now_values = current.get(row_id)
            if now_values is None:
                continue  # deleted since: nothing to put back
            before, after = data.get("row", {}), data.get("after", {})
            values = dict(now_values)
            edited = False
            for column in own:
                if column not in before:
                    continue
                if column in after and now_values[column] != after[column]:
                    edited = edited or now_values[column] != before[column]
                    continue
                values[column] = before[column]
            kept += edited
            # Nobody touched the row since the import: it is now exactly as it was before, its
            # time of change included, so that undoing an earlier import does not take this
            # undo for a change made since that one.
            untouched = now_values["updated_at"] <= self.cutoff and all(
                now_values[c] == after[c] for c in own if c in after
            )
            stamp = before.get("updated_at") if untouched else None
            import_rows.update(
                table, read, [(*[values[c] for c in own], stamp or self.now, row_id)]
            )
            self._take_back(table, row_id, data)
            done.append(row_id)
            if len(done) % 500 == 0:
                self.tick(500)
            if table == "contact":
                self.companies.update((now_values["company_id"], values["company_id"]))
        self.tick(len(items) - len(done) // 500 * 500)
        if kept:
            self.kept_edits[table] = self.kept_edits.get(table, 0) + kept
        self.restored[table] = done
        missing = len(items) - len(done)
        if missing:
            self.notes.append(
                f"{counted(table, missing)} updated by the import were deleted since."
            )

    def _take_back(self, table: str, row_id: int, data: dict[str, Any]) -> None:
        """Remove the children and keys the import added to a row it updated."""
        made = "created_at BETWEEN ? AND ?"
        children = {
            "contact": (("contact_email", "emails"), ("contact_phone", "phones")),
            "company": (),
            "lead": (),
        }[table]
        for child, bucket in children:
            import_rows.delete_where(
                child,
                f"contact_id = ? AND {made} AND uid NOT IN (SELECT value FROM json_each(?))",
                [row_id, self.start, self.cutoff, json.dumps(data.get(bucket, []))],
                self.now,
            )
        if table in ("contact", "company"):
            link = f"{table}_tag"
            import_rows.delete_where(
                link,
                f"{table}_id = ? AND {made} AND tag_id NOT IN (SELECT value FROM json_each(?))",
                [row_id, self.start, self.cutoff, json.dumps(data.get("tags", []))],
                self.now,
            )
        import_rows.rows(
            'DELETE FROM external_key WHERE "table" = ? AND row_id = ?'
            " AND key NOT IN (SELECT value FROM json_each(?))",
            [table, row_id, json.dumps(data.get("keys", []))],
        )

    def refresh(self) -> None:
        contacts = self.restored.get("contact", [])
        companies = self.restored.get("company", [])
        alive = [
            int(row[0]) for row in import_rows.select_in("contact", ("id",), "id", self.contacts)
        ]
        for chunk in import_rows.chunks(alive):
            refresh_last_contacted(list(chunk))
        import_rows.refresh_primaries(contacts)
        denormalised.refresh_contacts([*alive, *contacts])
        denormalised.refresh_people_of(companies)
        denormalised.refresh_companies([*self.companies, *companies])
        search.reindex("contact", contacts)
        search.reindex("company", companies)
        if companies:
            people = import_rows.select_in("contact", ("id",), "company_id", companies)
            search.reindex("contact", [int(row[0]) for row in people])
        search.reindex("lead", self.restored.get("lead", []))
