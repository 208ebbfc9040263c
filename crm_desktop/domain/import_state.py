"""An import's options, and what one run knows as it goes: the keys and names it matches
against, its counts, the rows it rejected and what it warned about, and the ImportItem rows
of the chunk being written."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, NamedTuple

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.import_catalog import Catalog
from crm_desktop.domain.import_match import MATCH_RULES, ContactKeys, ExternalIds
from crm_desktop.store import import_rows, search

Mode = Literal["create", "upsert", "update"]
MODES = ("create", "upsert", "update")
Item = tuple[str, int, str, str | None]  # table, row id, "created"/"updated", JSON before


@dataclass
class ImportOptions:
    """How an import treats what it finds.

    - ``mode``: "create" (new rows only; an existing match is handled by
      ``existing_duplicates``), "upsert" (create, and update what matches), "update" (only
      update what matches; rows matching nothing are skipped).
    - ``match_on``: which keys find an existing record, tried in the order external id, e-mail,
      phone, same name at the same company.
    - ``in_file_duplicates``: rows of the same file that are the same person: "merge" them into
      one contact, or "skip" all but the first.
    - ``existing_duplicates`` (create mode): a row matching a stored record: "merge" (fill its
      empty fields, add its new e-mails, phones and tags; counted as updated), "skip", or
      "create" a new record anyway.
    - ``default_currency``: for deals that give none.
    - ``stage_map``: other program's stage name -> our stage id, or None to create that stage
      (at the end of the default pipeline's open stages).
    - ``pipeline_map``: a pipeline name we have no pipeline of -> the id of ours its deals go
      to as to their own (``ImportService.pipeline_map``); other names we lack go to the default
      pipeline with the name in the deal's notes.
    - ``chunk_size``: rows read, prepared and written at a time (several chunks share a
      transaction: ``import_span``). A save in the window waits for the chunk being written,
      about two seconds, and then goes first (``db.yield_to_writers``); for a while after,
      chunks are written in parts of ``importing.SHARED_PART`` rows, each committed, so the
      next saves wait a fraction of a second. Readers are never blocked (WAL).
    """

    mode: Mode = "create"
    match_on: tuple[str, ...] = MATCH_RULES
    in_file_duplicates: Literal["merge", "skip"] = "merge"
    existing_duplicates: Literal["merge", "skip", "create"] = "merge"
    default_currency: str = "EUR"
    stage_map: dict[str, int | None] = field(default_factory=dict)
    pipeline_map: dict[str, int] = field(default_factory=dict)
    chunk_size: int = 20_000

    def check(self) -> None:
        problems: dict[str, str] = {}
        if self.mode not in MODES:
            problems["mode"] = f"Mode must be one of: {', '.join(MODES)}."
        unknown = [rule for rule in self.match_on if rule not in MATCH_RULES]
        if unknown:
            problems["match_on"] = f"Match on one of: {', '.join(MATCH_RULES)}."
        if self.in_file_duplicates not in ("merge", "skip"):
            problems["in_file_duplicates"] = "Duplicates in the file are merged or skipped."
        if self.existing_duplicates not in ("merge", "skip", "create"):
            problems["existing_duplicates"] = "Existing duplicates are merged, skipped or created."
        currency = self.default_currency
        if len(currency) != 3 or not currency.isalpha():
            problems["default_currency"] = f"“{currency}” is not a currency code like EUR."
        if self.chunk_size < 1:
            problems["chunk_size"] = "A chunk holds at least one row."
        if problems:
            raise ValidationError(problems)


class Counted(NamedTuple):
    """A run's counts at one moment (``RunState.counted``)."""

    created: int
    updated: int
    skipped: int
    merged_in_file: int
    rejected: int
    warnings: int
    notices: int
    new_rows: Counter[str]


@dataclass
class RunState:
    options: ImportOptions
    actor_id: int | None
    batch_id: int
    catalog: Catalog
    contacts: ContactKeys
    leads: ExternalIds
    activities: dict[str, ExternalIds]  # "interaction", "reminder"
    now: int = 0  # epoch seconds of the chunk being written
    created: int = 0
    updated: int = 0
    skipped: int = 0
    merged_in_file: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    new_rows: Counter[str] = field(default_factory=Counter)
    items: list[Item] = field(default_factory=list)
    made: dict[str, set[int]] = field(default_factory=dict)  # rows this run created, by table
    recorded: dict[str, set[int]] = field(default_factory=dict)  # rows with an "updated" item
    # while SQLite runs long statements, another thread may work (see import_draft.Preparer)
    sql_running: Callable[[], AbstractContextManager[None]] = nullcontext
    companies_seen: set[int] = field(default_factory=set)  # companies this run made or changed
    # New contacts whose referrer no earlier row made: (contact id, as the file names it, line)
    referrals: list[tuple[int, str, int]] = field(default_factory=list)
    unchanged: set[int] = field(default_factory=set)  # stored contacts counted as skipped
    local: Callable[[datetime], datetime] = lambda naive: naive.replace(tzinfo=UTC)
    _pending: dict[tuple[str, int], int] = field(default_factory=dict)  # this chunk's items

    def reject(self, line: int, reason: str) -> None:
        self.rejected.append((line, reason))

    def warn(self, line: int, message: str) -> None:
        self.warnings.append((line, message))

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    def was_made(self, table: str, row_id: int) -> bool:
        return row_id in self.made.get(table, ())

    def made_row(self, table: str, row_id: int) -> None:
        self.made.setdefault(table, set()).add(row_id)
        self.items.append((table, row_id, "created", None))
        self.new_rows[table] += 1

    def needs_before(self, table: str, row_id: int) -> bool:
        """Whether this run has yet to record ``row_id`` as it was before the import."""
        return not self.was_made(table, row_id) and row_id not in self.recorded.get(table, ())

    def updated_row(
        self, table: str, row_id: int, before: dict[str, Any] | None, after: dict[str, Any]
    ) -> None:
        """Record a row this run changed (not one it made): as it was before (the first time)
        and its own columns as the import left them, so that an undo puts back only the
        columns nobody changed since."""
        if self.was_made(table, row_id):
            return
        done = self.recorded.setdefault(table, set())
        if row_id not in done:
            assert before is not None, "the first change of a row needs its before"
            done.add(row_id)
            self._pending[(table, row_id)] = len(self.items)
            self.items.append((table, row_id, "updated", _dumps({**before, "after": after})))
            return
        at = self._pending.get((table, row_id))
        if at is not None:
            item = self.items[at]
            data = json.loads(item[3] or "{}")
            self.items[at] = (*item[:3], _dumps({**data, "after": after}))
        else:
            import_rows.set_item_after(self.batch_id, table, row_id, _dumps(after))

    def counted(self) -> Counted:
        """What this run has counted so far (taken when a write transaction begins)."""
        return Counted(
            self.created,
            self.updated,
            self.skipped,
            self.merged_in_file,
            len(self.rejected),
            len(self.warnings),
            len(self.notices),
            Counter(self.new_rows),
        )

    def back_to(self, counted: Counted) -> None:
        """Forget what was counted since ``counted``: its transaction was rolled back."""
        self.created, self.updated = counted.created, counted.updated
        self.skipped, self.merged_in_file = counted.skipped, counted.merged_in_file
        del self.rejected[counted.rejected :]
        del self.warnings[counted.warnings :]
        del self.notices[counted.notices :]
        self.new_rows = Counter(counted.new_rows)
        self.items, self._pending = [], {}

    def chunk_written(self) -> list[Item]:
        written, self.items, self._pending = self.items, [], {}
        return written

    def flush_catalog(self) -> list[int]:
        """Write the tags and companies made on the way; the new companies' ids."""
        tag_ids, company_ids = self.catalog.flush(self.now)
        for tid in tag_ids:
            self.made_row("tag", tid)
        for cid in company_ids:
            self.made_row("company", cid)
        if company_ids:
            search.reindex("company", company_ids)
        return company_ids


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
