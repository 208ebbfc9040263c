"""Importing records read from a file (``domain.imported``) into the store, as one batch that
can be undone.

``ImportService.run`` writes an ``ImportBatch`` row first, then the records in chunks of
``ImportOptions.chunk_size``; consecutive chunks share a write transaction while nobody else
in the app writes (``import_span``): the window's reads are never blocked (WAL), a save in the
window waits for the chunk being written, a cancel takes effect between chunks, and a killed
import loses the transaction it was writing and leaves no trace of it. Every row a chunk
creates or updates is recorded (``ImportItem``, with the row as it was for an update) in the
same transaction, so ``revert`` undoes whatever got in, even of an import that was cancelled
or killed. Qt-free: the wizard calls it on a worker thread with a ``progress`` callback and a
``cancelled`` flag.

Speed (100,000 Google contacts into 100,000 stored, 2 cores; see bench/import_bench): the
stored keys are read once into dictionaries (``import_match``); rows go in with
``executemany``, new contacts sorted by name with time-ordered uids, their derived columns
computed in Python; the connection is tuned for the run (``import_rows.bulk_writing``: bigger
page cache, no FTS5 merging, one WAL checkpoint at the end instead of one per commit, or after
the report with ``settle_later``); the cyclic GC is paused; the next chunk is read and prepared
on a helper thread while SQLite runs the current one's long statements
(``import_draft.Preparer``); and chunks are committed together (``import_span``). A save in the
window goes in between two chunks (``db.yield_to_writers``), after which chunks are written
in small parts, each committed, for a while (``_parts``).

The rules for people are in ``import_contacts`` (rows made plain in ``import_draft``), for
companies and activities in ``import_others``, for deals in ``import_deals`` (their pipelines
and stages in ``import_stages``), undoing in ``import_revert``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial

from crm_desktop.domain import import_contacts, import_deals, import_others
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import DomainError, NotFound
from crm_desktop.domain.import_catalog import Catalog
from crm_desktop.domain.import_draft import (
    NO_CONTACT_DETAILS,
    NOT_PEOPLE,
    Prepared,
    Preparer,
    tuned_interpreter,
)
from crm_desktop.domain.import_match import ContactKeys, ExternalIds
from crm_desktop.domain.import_revert import RevertReport, UndoCancelled, revert_batch
from crm_desktop.domain.import_span import SHARED_FOR_S, WriteSpan
from crm_desktop.domain.import_stages import DealPlan, Pipelines, Stages
from crm_desktop.domain.import_state import ImportOptions, RunState
from crm_desktop.domain.imported import (
    ImportedActivity,
    ImportedCompany,
    ImportedContact,
    ImportedDeal,
    ImportedRecord,
)
from crm_desktop.store import import_rows
from crm_desktop.store.db import others_wrote_lately, write
from crm_desktop.store.models import ImportBatch
from crm_desktop.store.values import to_epoch

__all__ = [
    "BatchSummary",
    "ImportOptions",
    "ImportReport",
    "ImportService",
    "RevertReport",
    "UndoCancelled",
]

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class ImportReport:
    """What an import did. ``created``/``updated``/``skipped`` count the file's rows (a row
    merged into an earlier row of the same file counts in ``merged_in_file``); ``rejected``
    lists (line, reason); ``warnings`` (line, text) are rows that imported with something
    left out; ``notices`` are said once for the whole file; ``new_rows`` counts the rows
    made per table (companies and tags made on the way included)."""

    batch_id: int
    created: int
    updated: int
    skipped: int
    rejected: list[tuple[int, str]]
    merged_in_file: int
    cancelled: bool
    seconds: float
    warnings: list[tuple[int, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    new_rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [
            f"{self.created:,} created",
            f"{self.updated:,} updated",
            f"{self.skipped:,} skipped",
            f"{len(self.rejected):,} rejected",
        ]
        if self.merged_in_file:
            parts.append(f"{self.merged_in_file:,} merged with an earlier row of the file")
        text = ", ".join(parts)
        return f"Cancelled: {text} before it stopped." if self.cancelled else f"{text}."


@dataclass(frozen=True)
class BatchSummary:
    id: int
    file_name: str
    source: str
    mode: str
    started_at: datetime
    finished_at: datetime | None
    created: int
    updated: int
    skipped: int
    rejected: int
    status: str  # "done", "cancelled", "failed", "interrupted" (killed), "running"
    reverted_at: datetime | None

    @property
    def reverted(self) -> bool:
        return self.reverted_at is not None


class ImportService:
    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    # -- importing -------------------------------------------------------------------------

    def run(
        self,
        records: Iterable[ImportedRecord],
        *,
        file_name: str,
        source: str,
        options: ImportOptions,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        total: int | None = None,
        settle_later: bool = False,
    ) -> ImportReport:
        """Import ``records`` as one batch; ``progress(rows done, total)`` after each chunk;
        ``cancelled()`` is asked between chunks (what was written stays, and can be undone).

        What was imported is committed and durable when this returns. The database file
        still has to take in the WAL the import wrote (a checkpoint, about a second at 100k
        rows): done here, or with ``settle_later`` by the caller's ``settle()`` once it has
        shown the report (automatic checkpoints stay off until then).

        The interpreter is tuned for the whole run (``tuned_interpreter``), and ``_run``
        returns before the collector is back: its state (hundreds of thousands of keys and
        rows) is freed by reference counting first, so the collector's first pass does not
        go over all of it (0.3 s at 100,000 rows, measured)."""
        options.check()
        started = time.perf_counter()
        with tuned_interpreter():
            report = self._run(
                records, file_name, source, options, progress, cancelled, total, settle_later
            )
        return replace(report, seconds=time.perf_counter() - started)

    def _run(
        self,
        records: Iterable[ImportedRecord],
        file_name: str,
        source: str,
        options: ImportOptions,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        total: int | None,
        settle_later: bool,
    ) -> ImportReport:
        pipelines = Pipelines.prepare(self.clock, self.actor_id, options)
        made_stages = pipelines.default.made
        with write():
            batch = ImportBatch.create(
                file_name=file_name,
                source=source,
                mode=options.mode,
                started_at=self.clock.now(),
                report=json.dumps({"status": "running"}),
            )
            batch_id = int(batch.id)
            import_rows.record_items(
                batch_id, [("stage", sid, "created", None) for sid in made_stages]
            )
        done, stopped = 0, False
        if progress is not None:
            progress(0, total)
        _RUNNING.add(batch_id)
        chunks = Preparer(records, options.chunk_size)
        state: RunState | None = None
        try:
            with import_rows.bulk_writing(checkpoint=not settle_later):
                with chunks.running():  # the first chunk is read while the stored keys are
                    state = self._load(options, batch_id)
                state.sql_running = chunks.running
                state.new_rows.update({"stage": len(made_stages)})
                deals = import_deals.Deals(state, pipelines)
                span = WriteSpan(state)
                try:
                    while chunk := chunks.next():
                        for part in _parts(chunk):
                            if cancelled is not None and cancelled():
                                stopped = True
                                break
                            span.write(
                                len(part), partial(self._fill_chunk, batch_id, part, state, deals)
                            )
                            done += len(part)
                            if progress is not None:
                                progress(done, total)
                        if stopped or (cancelled is not None and cancelled()):
                            stopped = True
                            break
                    if state.referrals:  # also after a cancel: for the rows written
                        span.write(0, partial(self._settle_referrals, batch_id, state))
                finally:
                    span.commit()  # whole chunks: also when reading the file failed
        except BaseException as exc:
            try:
                self._finish(batch_id, state, "failed", str(exc))
            finally:
                if settle_later:  # nobody will: the caller gets the exception, not a report
                    import_rows.settle()
            raise
        finally:
            chunks.close()
            _RUNNING.discard(batch_id)
        for text in state.catalog.owner_notices():
            state.notice(text)
        state.notices.extend(deals.notices())
        kept = state.created + state.updated + state.skipped + state.merged_in_file
        if state.rejected and not kept and all(NO_CONTACT_DETAILS in r for _, r in state.rejected):
            state.notice(NOT_PEOPLE)
        self._finish(batch_id, state, "cancelled" if stopped else "done")
        return ImportReport(
            batch_id,
            state.created,
            state.updated,
            state.skipped,
            list(state.rejected),
            state.merged_in_file,
            stopped,
            0.0,  # timed by run, to the end of it
            list(state.warnings),
            list(state.notices),
            {table: n for table, n in state.new_rows.items() if n},
        )

    def settle(self) -> None:
        """After ``run(..., settle_later=True)``: the WAL's checkpoint (see ``run``)."""
        import_rows.settle()

    def _load(self, options: ImportOptions, batch_id: int) -> RunState:
        """What the run matches against, read once: keys, companies, tags, staff."""
        return RunState(
            options,
            self.actor_id,
            batch_id,
            Catalog.load(self.actor_id),
            ContactKeys.load(options.match_on),
            ExternalIds.load("lead"),
            {table: ExternalIds.load(table) for table in ("interaction", "reminder")},
            local=self.clock.local,
        )

    def _fill_chunk(
        self,
        batch_id: int,
        chunk: Sequence[Prepared],
        state: RunState,
        deals: import_deals.Deals,
    ) -> None:
        state.now = to_epoch(self.clock.now())
        state.catalog.begin()
        records = [r for r, _ in chunk]
        companies = [r for r in records if isinstance(r, ImportedCompany)]
        people = [(r.line, d) for r, d in chunk if isinstance(r, ImportedContact) and d]
        leads = [r for r in records if isinstance(r, ImportedDeal)]
        activities = [r for r in records if isinstance(r, ImportedActivity)]
        for record in records:
            if not isinstance(
                record, ImportedCompany | ImportedContact | ImportedDeal | ImportedActivity
            ):
                state.reject(int(getattr(record, "line", 0)), "not a row an import can read")
        if companies:
            import_others.import_companies(companies, state)
        if people:
            import_contacts.import_chunk(people, state)
        if leads:
            deals.import_chunk(leads)
        if activities:
            import_others.import_activities(activities, state)
        import_rows.record_items(batch_id, state.chunk_written())
        self._save_counts(batch_id, state, "running", last_write=state.now)

    def _settle_referrals(self, batch_id: int, state: RunState) -> None:
        state.now = to_epoch(self.clock.now())
        import_contacts.settle_referrals(state)
        self._save_counts(batch_id, state, "running", last_write=state.now)

    def _save_counts(
        self, batch_id: int, state: RunState, status: str, *, last_write: int, error: str = ""
    ) -> None:
        report = {
            "status": status,
            "last_write": last_write,
            "merged_in_file": state.merged_in_file,
            "rejected": state.rejected,
            "warnings": state.warnings,
            "notices": state.notices,
            "new_rows": dict(state.new_rows),
        }
        if error:
            report["error"] = error
        ImportBatch.update(
            created_count=state.created,
            updated_count=state.updated,
            skipped_count=state.skipped,
            rejected_count=len(state.rejected),
            report=json.dumps(report, ensure_ascii=False),
        ).where(ImportBatch.id == batch_id).execute()

    def _finish(self, batch_id: int, state: RunState | None, status: str, error: str = "") -> None:
        with write():
            if state is None:  # failed before anything was written
                report = {"status": status, "error": error}
                ImportBatch.update(report=json.dumps(report)).where(
                    ImportBatch.id == batch_id
                ).execute()
            else:
                last = state.now or to_epoch(self.clock.now())
                self._save_counts(batch_id, state, status, last_write=last, error=error)
            ImportBatch.update(finished_at=self.clock.now()).where(
                ImportBatch.id == batch_id
            ).execute()

    # -- stages ----------------------------------------------------------------------------

    def deal_plan(self, deals: Iterable[ImportedDeal]) -> DealPlan:
        """What these deals will meet (``Pipelines.plan``): the default pipeline's stages they
        name that it lacks, to offer creating; the pipelines they name that we lack; and the
        ``pipeline_map`` to import them with."""
        return Pipelines.plan(self.clock, self.actor_id, deals, import_deals.refusal)

    def unknown_stages(self, deals: Iterable[ImportedDeal]) -> list[str]:
        """The stage names of these deals that go to the default pipeline and match none of
        its stages (any case), in the order first met: for the wizard to offer creating them."""
        return self.deal_plan(deals).stages_to_make

    def create_stages(self, names: Sequence[str]) -> dict[str, int]:
        """Add these stages to the default pipeline (after its open stages); name -> id."""
        return Stages.create(self.clock, self.actor_id, names)

    # -- batches ---------------------------------------------------------------------------

    def batches(self) -> list[BatchSummary]:
        """Every import, newest first."""
        return [_summary(row) for row in ImportBatch.select().order_by(ImportBatch.id.desc())]

    def batch(self, batch_id: int) -> BatchSummary:
        row = ImportBatch.get_or_none(ImportBatch.id == batch_id)
        if row is None:
            raise NotFound("import", batch_id)
        return _summary(row)

    def row_notes(self, batch_id: int) -> list[tuple[int, bool, str]]:
        """What the report said of single rows, by line: (line, imported, why), the rows it
        rejected (imported False) and those it imported with a warning."""
        row = ImportBatch.get_or_none(ImportBatch.id == batch_id)
        if row is None:
            raise NotFound("import", batch_id)
        try:
            report = json.loads(row.report or "{}")
        except ValueError:
            return []
        found = [(int(line), False, str(text)) for line, text in report.get("rejected", [])]
        found += [(int(line), True, str(text)) for line, text in report.get("warnings", [])]
        return sorted(found, key=lambda item: (item[0], item[1]))

    def revert(
        self,
        batch_id: int,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> RevertReport:
        """Undo an import in one transaction: remove what it created, put back what it
        updated (see ``import_revert``); ``progress(rows done, rows)`` as it goes; a
        ``cancelled()`` that turns true rolls it all back (``UndoCancelled``). A second undo
        is refused."""
        if _is_running(batch_id):
            raise DomainError("This import is still running: cancel it, then undo it.")
        return revert_batch(self.clock, self.actor_id, batch_id, progress, cancelled)


def _summary(row: ImportBatch) -> BatchSummary:
    try:
        status = str(json.loads(row.report or "{}").get("status", "done"))
    except ValueError:
        status = "done"
    if status == "running" and row.finished_at is None:
        status = "running" if _is_running(int(row.id)) else "interrupted"
    return BatchSummary(
        int(row.id),
        row.file_name,
        row.source,
        row.mode,
        row.started_at,
        row.finished_at,
        row.created_count,
        row.updated_count,
        row.skipped_count,
        row.rejected_count,
        status,
        row.reverted_at,
    )


# While someone works in the window beside an import, its chunks are written in parts this small
# (about 0.3 s of writing each), so that a save waits for one part at most, not for a whole chunk.
SHARED_PART = 2_500


def _parts(chunk: Sequence[Prepared]) -> Iterator[Sequence[Prepared]]:
    """The chunk as its write transactions: whole, or in ``SHARED_PART`` parts while another
    thread writes too (each is one transaction: what a part wrote stays recorded)."""
    if len(chunk) <= SHARED_PART:
        yield chunk
        return
    start = 0
    while start < len(chunk):
        size = SHARED_PART if others_wrote_lately(SHARED_FOR_S) else len(chunk) - start
        yield chunk[start : start + size]
        start += size


_RUNNING: set[int] = set()


def _is_running(batch_id: int) -> bool:
    return batch_id in _RUNNING
