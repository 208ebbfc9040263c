"""Pipelines and their stages: list, create, rename and remove pipelines; add, edit, reorder and
remove stages (a stage's leads move to another stage first); snapshots to undo any of it exactly.

Every stage edit, one field or a whole editing session, goes through ``apply``: the stages as
they should be, in order, checked together (so two stages can swap names or kinds), then written
in one transaction. A stage's probability is copied to its leads when it changes, as a move
copies it, so the forecast follows. The kind of a stage that holds leads stays: its leads'
status follows the kind, so they move out first.

Removing a stage deletes the history rows that led *into* it (their ``to_stage`` restricts the
delete) with tombstones; rows that led *out* of it keep their time, ``from_stage`` emptied by the
schema. A snapshot keeps all of that, so ``restore`` brings back the stage with its id and uid,
its history and its leads where they were. Snapshots hold raw column values, and the bulk steps
are plain SQL: putting back 100,000 leads row by row through peewee took 20 s (measured).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import peewee
from peewee import Value, fn

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import DomainError, NotFound, ValidationError
from crm_desktop.domain.normalize import clean
from crm_desktop.domain.pipeline import DEFAULT_STAGES, POSITION_GAP, StageInfo
from crm_desktop.store.db import sql, tuples, write
from crm_desktop.store.models import STAGE_KINDS, Lead, Pipeline, Stage, StageChange
from crm_desktop.store.values import to_epoch

MAX_ROTTING_DAYS = 3650
_CHUNK = 500  # rows per statement (SQLite takes up to 32,766 parameters)

# What a snapshot keeps of each table, in this order (id, uid, version, created-at first).
_PIPELINE_COLS = ("id", "uid", "version", "created_at", "name", "position", "is_default")
_STAGE_COLS = ("id", "uid", "version", "created_at", "pipeline_id", "name", "position",
               "probability", "kind", "rotting_days")  # fmt: skip
_HISTORY_COLS = ("id", "uid", "version", "created_at", "lead_id", "from_stage_id",
                 "to_stage_id", "changed_at", "changed_by_id", "seconds_in_previous")  # fmt: skip
_PLACE_COLS = ("id", "stage_id", "position", "stage_entered_at", "status", "probability",
               "closed_at", "lost_reason")  # fmt: skip
_EDITABLE = ("name", "position", "probability", "kind", "rotting_days")

Row = tuple[Any, ...]
_T = TypeVar("_T")
_Filter = Callable[[dict[str, str]], dict[str, str]]  # narrows problems to what a call is about


@dataclass(frozen=True)
class PipelineSummary:
    id: int
    name: str
    is_default: bool
    open_leads: int  # living leads still open


@dataclass(frozen=True)
class Held:
    """The leads that reference a stage: living, closed and trashed ones alike."""

    total: int
    trashed: int


@dataclass(frozen=True)
class PipelineOutline:
    """A pipeline as an editor starts from it, and what its edits are checked against."""

    id: int
    name: str
    is_default: bool
    stages: tuple[StageInfo, ...]
    held: Mapping[int, Held]  # stage id -> its leads; stages without leads are left out
    taken_names: frozenset[str]  # the other pipelines' names, casefolded


@dataclass(frozen=True)
class StageDraft:
    """A stage as it should be; ``id`` None is a new one."""

    name: str
    probability: int
    kind: str = "open"
    rotting_days: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class PipelineEdit:
    """A pipeline as it should be: its name and its stages in order. A stage of the pipeline
    missing from ``stages`` is removed; one that holds leads needs ``move_leads[its id]``, the
    id of a stage that stays."""

    name: str
    stages: tuple[StageDraft, ...]
    move_leads: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PipelineSnapshot:
    """A pipeline and its stages as raw values, plus (when asked for) leads' places and the
    history rows that would go with a stage: what ``restore`` needs to put them back."""

    pipeline: Row
    stages: tuple[Row, ...]
    leads: tuple[Row, ...] = ()
    history: tuple[Row, ...] = ()
    history_mark: int = 0  # the newest StageChange id then: the leads' later rows go

    @property
    def pipeline_id(self) -> int:
        return int(self.pipeline[0])

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(row[5] for row in sorted(self.stages, key=lambda row: row[6]))


@dataclass(frozen=True)
class Applied:
    """What ``apply`` changed, and the snapshots to restore for undo (``before``) and redo."""

    changes: tuple[Change, ...]
    before: PipelineSnapshot
    after: PipelineSnapshot


@dataclass
class _Outcome:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    renamed: bool = False
    leads_changed: bool = False

    @property
    def touches(self) -> frozenset[str]:
        return frozenset({"pipeline", "lead"} if self.leads_changed else {"pipeline"})

    def changes(self, pipeline_id: int) -> tuple[Change, ...]:
        found = [Change("pipeline", "renamed", (pipeline_id,))] if self.renamed else []
        for action, ids in (("created", self.created), ("updated", self.updated)):
            if ids:
                found.append(Change("stage", action, tuple(ids), self.touches))
        if self.removed:
            found.append(Change("stage", "removed", tuple(self.removed), self.touches))
        return tuple(found)


class PipelineAdmin:
    def __init__(self, clock: Clock, actor_id: int | None = None) -> None:
        self.clock = clock
        self.actor_id = actor_id

    # -- reading ---------------------------------------------------------------------------

    def pipelines(self) -> list[PipelineSummary]:
        """Every pipeline in switcher order, with its count of living open leads."""
        counts = dict(
            tuples(
                Lead.select(Lead.pipeline, fn.COUNT(Lead.id))
                .where(Lead.deleted_at.is_null(), Lead.status == "open")
                .group_by(Lead.pipeline)
            )
        )
        query = Pipeline.select(Pipeline.id, Pipeline.name, Pipeline.is_default)
        return [
            PipelineSummary(int(pid), name, bool(default), int(counts.get(pid, 0)))
            for pid, name, default in tuples(query.order_by(Pipeline.position, Pipeline.id))
        ]

    def pipeline_named(self, name: str) -> PipelineSummary | None:
        """The pipeline called ``name`` (any case, spaces tidied), None when there is none."""
        wanted = clean(name).casefold()
        return next((p for p in self.pipelines() if clean(p.name).casefold() == wanted), None)

    def outline(self, pipeline_id: int) -> PipelineOutline:
        pipeline = Pipeline.get_or_none(Pipeline.id == pipeline_id)
        if pipeline is None:
            raise NotFound("pipeline", pipeline_id)
        stages = Stage.select().where(Stage.pipeline == pipeline_id)
        trashed = fn.SUM(Lead.deleted_at.is_null(False).cast("int"))
        held = Lead.select(Lead.stage, fn.COUNT(Lead.id), trashed).where(
            Lead.pipeline == pipeline_id
        )
        others = Pipeline.select(Pipeline.name).where(Pipeline.id != pipeline_id)
        return PipelineOutline(
            pipeline_id,
            pipeline.name,
            bool(pipeline.is_default),
            tuple(
                StageInfo(int(s.id), s.name, s.position, s.probability, s.kind, s.rotting_days)
                for s in stages.order_by(Stage.position, Stage.id)
            ),
            {int(s): Held(int(n), int(t or 0)) for s, n, t in tuples(held.group_by(Lead.stage))},
            frozenset(clean(row[0]).casefold() for row in tuples(others)),
        )

    # -- pipelines -------------------------------------------------------------------------

    def create_pipeline(
        self,
        name: str,
        stages: Sequence[StageDraft | tuple[str, int, str, int | None]] = DEFAULT_STAGES,
    ) -> Change:
        """A new pipeline after the others, with ``stages`` (by default those of a new CRM)."""
        drafts = tuple(s if isinstance(s, StageDraft) else StageDraft(*s) for s in stages)
        taken = frozenset(clean(p.name).casefold() for p in self.pipelines())
        blank = PipelineOutline(0, "", False, (), {}, taken)
        problems = edit_problems(blank, PipelineEdit(name, drafts))
        if problems:
            raise ValidationError(problems)
        now = self.clock.now()
        with write():
            last = tuples(Pipeline.select(fn.MAX(Pipeline.position)))[0][0]
            position = 0 if last is None else int(last) + 1
            pipeline = Pipeline.create(
                name=clean(name), position=position, created_at=now, updated_at=now
            )
            for index, draft in enumerate(drafts):
                _new_stage(int(pipeline.id), draft, index, now)
        return Change("pipeline", "created", (int(pipeline.id),), frozenset({"stage"}))

    def rename_pipeline(self, pipeline_id: int, name: str) -> Change:
        outline = self.outline(pipeline_id)
        self._apply(outline, PipelineEdit(name, _drafts(outline)), _only_name)
        return Change("pipeline", "renamed", (pipeline_id,))

    def remove_pipeline(self, pipeline_id: int) -> Change:
        """Delete a pipeline without leads and its stages (tombstoned). The default one stays."""
        now = to_epoch(self.clock.now())
        with write():
            outline = self.outline(pipeline_id)
            if outline.is_default:
                raise DomainError(f"“{outline.name}” is the default pipeline; it stays.")
            if outline.held:
                total = sum(h.total for h in outline.held.values())
                trashed = sum(h.trashed for h in outline.held.values())
                raise DomainError(
                    f"“{outline.name}” still has {_leads(total, trashed)}; "
                    "a pipeline can only be removed once it has none."
                )
            _delete("stage", "pipeline_id = ?", [pipeline_id], now)
            _delete("pipeline", "id = ?", [pipeline_id], now)
        return Change("pipeline", "removed", (pipeline_id,), frozenset({"stage"}))

    # -- stages ----------------------------------------------------------------------------

    def add_stage(
        self,
        pipeline_id: int,
        name: str,
        position: int,
        probability: int,
        kind: str = "open",
        rotting_days: int | None = None,
    ) -> Change:
        """A new stage at ``position`` (0 = first; past the end = last)."""
        outline = self.outline(pipeline_id)
        drafts = list(_drafts(outline))
        at = max(0, min(position, len(drafts)))
        drafts.insert(at, StageDraft(name, probability, kind, rotting_days))
        edit = PipelineEdit(outline.name, tuple(drafts))
        done = self._apply(outline, edit, lambda p: _only_stage(p, at))
        return Change("stage", "created", tuple(done.created), frozenset({"pipeline"}))

    def update_stage(
        self, stage_id: int, name: str, probability: int, kind: str, rotting_days: int | None
    ) -> Change:
        outline = self.outline(_pipeline_of(stage_id))
        drafts = list(_drafts(outline))
        at = next(i for i, d in enumerate(drafts) if d.id == stage_id)
        drafts[at] = StageDraft(name, probability, kind, rotting_days, stage_id)
        edit = PipelineEdit(outline.name, tuple(drafts))
        done = self._apply(outline, edit, lambda p: _only_stage(p, at))
        return Change("stage", "updated", (stage_id,), done.touches)

    def reorder_stages(self, pipeline_id: int, stage_ids_in_order: Sequence[int]) -> Change:
        outline = self.outline(pipeline_id)
        by_id = {d.id: d for d in _drafts(outline)}
        if sorted(stage_ids_in_order) != sorted(s.id for s in outline.stages):
            raise DomainError("A new order must list each stage of the pipeline once.")
        edit = PipelineEdit(outline.name, tuple(by_id[i] for i in stage_ids_in_order))
        self._apply(outline, edit, lambda p: p)
        return Change("stage", "reordered", tuple(stage_ids_in_order), frozenset({"pipeline"}))

    def remove_stage(self, stage_id: int, move_leads_to: int | None = None) -> Change:
        """Delete a stage. The leads it holds (trashed and closed ones too) need
        ``move_leads_to``, another stage of the pipeline: they go to its bottom in their order."""
        outline = self.outline(_pipeline_of(stage_id))
        drafts = tuple(d for d in _drafts(outline) if d.id != stage_id)
        moves = {stage_id: move_leads_to} if move_leads_to is not None else {}
        done = self._apply(outline, PipelineEdit(outline.name, drafts, moves), _only_move)
        return Change("stage", "removed", (stage_id,), done.touches)

    # -- a whole edit, with undo -----------------------------------------------------------

    def apply(self, pipeline_id: int, edit: PipelineEdit) -> Applied:
        """Make the pipeline as ``edit`` says, in one transaction. A ValidationError (keyed as
        ``edit_problems`` keys them) changes nothing."""
        with write():
            outline = self.outline(pipeline_id)
            kept = {d.id for d in edit.stages}
            before = self.snapshot(
                pipeline_id, stage_ids=[s.id for s in outline.stages if s.id not in kept]
            )
            done = self._apply(outline, edit, lambda p: p)
            since = StageChange.id > before.history_mark  # the rows the moves wrote
            after = _snapshot(
                pipeline_id,
                Lead.id.in_(StageChange.select(StageChange.lead).where(since)),
                since,
            )
        return Applied(done.changes(pipeline_id), before, after)

    def snapshot(self, pipeline_id: int, *, stage_ids: Iterable[int] = ()) -> PipelineSnapshot:
        """The pipeline and its stages; with ``stage_ids``, also the leads in those stages
        and the history rows entering or leaving them (take it before removing them)."""
        ids = list(stage_ids)
        return _snapshot(
            pipeline_id,
            Lead.stage.in_(ids) if ids else None,
            (StageChange.to_stage.in_(ids) | StageChange.from_stage.in_(ids)) if ids else None,
        )

    def restore(self, snapshot: PipelineSnapshot) -> Change:
        """Put a pipeline back as ``snapshot`` found it: its name, its stages (a removed one
        comes back with its id), the snapshot's leads where they were with their history; a
        stage made since goes again (refused while it holds leads)."""
        now = self.clock.now()
        stamp = to_epoch(now)
        pipeline_id = snapshot.pipeline_id
        with write():
            _upsert("pipeline", _PIPELINE_COLS, [snapshot.pipeline], stamp)
            current = {row[0]: row for row in _stage_rows(pipeline_id)}
            wanted = {row[0]: row for row in snapshot.stages}
            _upsert("stage", _STAGE_COLS, snapshot.stages, stamp)
            for sid, row in wanted.items():
                if sid in current and current[sid][7] != row[7]:  # probability: leads follow
                    Lead.update(probability=row[7]).where(Lead.stage == sid).execute()
            for chunk in _chunks([row[0] for row in snapshot.leads]):  # what moved them since
                marks = ",".join("?" * len(chunk))
                where = f"id > ? AND lead_id IN ({marks})"
                _delete("stage_change", where, [snapshot.history_mark, *chunk], stamp)
            _reinsert_history(snapshot.history, stamp)
            _place(snapshot.leads, stamp)
            extra = [sid for sid in current if sid not in wanted]
            if extra:
                held = self.outline(pipeline_id).held
                total = sum(held[s].total for s in extra if s in held)
                if total:
                    trashed = sum(held[s].trashed for s in extra if s in held)
                    raise DomainError(
                        f"A stage added since holds {_leads(total, trashed)}; "
                        "move them out before undoing."
                    )
                marks = ",".join("?" * len(extra))
                _delete("stage_change", f"to_stage_id IN ({marks})", extra, stamp)
                _delete("stage", f"id IN ({marks})", extra, stamp)
        return Change("pipeline", "restored", (pipeline_id,), frozenset({"stage", "lead"}))

    # -- writing ---------------------------------------------------------------------------

    def _apply(self, outline: PipelineOutline, edit: PipelineEdit, keep: _Filter) -> _Outcome:
        problems = keep(edit_problems(outline, edit))
        if problems:
            raise ValidationError(problems)
        now = self.clock.now()
        done = _Outcome()
        old = {s.id: s for s in outline.stages}
        with write():
            if clean(edit.name) != outline.name:
                Pipeline.update(name=clean(edit.name), updated_at=now).where(
                    Pipeline.id == outline.id
                ).execute()
                done.renamed = True
            for position, draft in enumerate(edit.stages):
                if draft.id is None:
                    done.created.append(_new_stage(outline.id, draft, position, now))
                    continue
                values = _values(draft, position)
                changed = {k: v for k, v in values.items() if getattr(old[draft.id], k) != v}
                if changed:
                    Stage.update(**changed, updated_at=now).where(Stage.id == draft.id).execute()
                    done.updated.append(draft.id)
                if "probability" in changed and draft.id in outline.held:
                    Lead.update(probability=draft.probability).where(
                        Lead.stage == draft.id
                    ).execute()
                    done.leads_changed = True
            kept = {d.id for d in edit.stages}
            for stage in outline.stages:
                if stage.id in kept:
                    continue
                if stage.id in outline.held:
                    self._move_leads(stage.id, edit.move_leads[stage.id], now)
                    done.leads_changed = True
                _delete("stage_change", "to_stage_id = ?", [stage.id], to_epoch(now))
                _delete("stage", "id = ?", [stage.id], to_epoch(now))
                done.removed.append(stage.id)
        return done

    def _move_leads(self, source: int, target_id: int, now: datetime) -> None:
        """All of ``source``'s leads to the bottom of ``target``, in their order, each with a
        StageChange row; status, probability and closed-at follow the target's kind."""
        target = Stage.get_by_id(target_id)
        top = tuples(Lead.select(fn.MAX(Lead.position)).where(Lead.stage == target_id))[0][0]
        base = 0 if top is None else int(top) + POSITION_GAP
        stamp = Value(to_epoch(now))
        moving = Lead.select(
            fn.lower(fn.hex(fn.randomblob(16))), Value(1), stamp, stamp, Lead.id, Value(source),
            Value(target_id), stamp, Value(self.actor_id),
            fn.MAX(0, stamp - Lead.stage_entered_at),
        ).where(Lead.stage == source)  # fmt: skip
        columns = ("uid", "version", "created_at", "updated_at", "lead", "from_stage",
                   "to_stage", "changed_at", "changed_by", "seconds_in_previous")  # fmt: skip
        StageChange.insert_from(
            moving.order_by(Lead.position, Lead.id),
            [getattr(StageChange, name) for name in columns],
        ).execute()
        inner = Lead.alias("inner")
        rank = fn.ROW_NUMBER().over(order_by=[inner.position, inner.id]) - 1
        ranked = (
            inner.select(inner.id.alias("lead_id"), rank.alias("n"))
            .where(inner.stage == source)
            .alias("ranked")
        )
        values: dict[Any, Any] = {
            Lead.stage: target_id,
            Lead.position: base + ranked.c.n * POSITION_GAP,
            Lead.stage_entered_at: now,
            Lead.status: {"won": "won", "lost": "lost"}.get(target.kind, "open"),
            Lead.probability: target.probability,
            Lead.closed_at: now if target.kind != "open" else None,
            Lead.updated_at: now,
        }
        if target.kind != "lost":
            values[Lead.lost_reason] = ""
        Lead.update(values).from_(ranked).where(Lead.id == ranked.c.lead_id).execute()


def edit_problems(outline: PipelineOutline, edit: PipelineEdit) -> dict[str, str]:
    """What is wrong with ``edit`` of ``outline``, keyed "name" (the pipeline's),
    "stages.<index>.<field>" (a stage of ``edit.stages``), "stages" (the set) and
    "move.<stage id>" (a removed stage's leads). Empty when it can be applied."""
    problems: dict[str, str] = {}
    name = clean(edit.name)
    if not name:
        problems["name"] = "A pipeline needs a name."
    elif name.casefold() in outline.taken_names:
        problems["name"] = f"There is already a pipeline called “{name}”."
    old = {s.id: s for s in outline.stages}
    ids = [d.id for d in edit.stages if d.id is not None]
    if len(ids) != len(set(ids)) or not set(ids) <= set(old):
        raise DomainError("Those stages are not this pipeline's own.")
    keys = [clean(d.name).casefold() for d in edit.stages]
    for i, draft in enumerate(edit.stages):
        at, label = f"stages.{i}.", clean(draft.name)
        if not label:
            problems[at + "name"] = "A stage needs a name."
        elif (count := keys.count(label.casefold())) > 1:
            first = clean(edit.stages[keys.index(label.casefold())].name)
            problems[at + "name"] = f"{count} stages are called “{first}”; each needs its own name."
        if not 0 <= draft.probability <= 100:
            problems[at + "probability"] = "The win probability is a percentage, 0 to 100."
        held = outline.held.get(draft.id) if draft.id is not None else None
        if draft.kind not in STAGE_KINDS:
            problems[at + "kind"] = f"“{draft.kind}” is no stage kind: open, won or lost."
        elif held and draft.id is not None and draft.kind != old[draft.id].kind:
            problems[at + "kind"] = (
                f"“{old[draft.id].name}” holds {_leads(held.total, held.trashed)}; move them "
                f"to another stage before making it a{'n' if draft.kind == 'open' else ''} "
                f"{draft.kind} stage."
            )
        if draft.rotting_days is not None and not 1 <= draft.rotting_days <= MAX_ROTTING_DAYS:
            problems[at + "rotting_days"] = (
                f"Rotting days: leave empty, or 1 to {MAX_ROTTING_DAYS}."
            )
    missing = [f"one {k}" for k in STAGE_KINDS if k not in {d.kind for d in edit.stages}]
    if missing:
        problems["stages"] = f"A pipeline needs at least {_and(missing)} stage."
    for stage in outline.stages:
        held = outline.held.get(stage.id)
        if stage.id in ids or not held:
            continue
        target = edit.move_leads.get(stage.id)
        if target is None:
            problems[f"move.{stage.id}"] = (
                f"“{stage.name}” holds {_leads(held.total, held.trashed)}; choose a stage "
                "to move them to before removing it."
            )
        elif target not in ids:
            problems[f"move.{stage.id}"] = (
                f"The leads of “{stage.name}” can only move to a stage of this pipeline that stays."
            )
    return problems


# -- problems narrowed to what one call is about ----------------------------------------------


def _only_name(problems: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in problems.items() if k == "name"}


def _only_stage(problems: dict[str, str], index: int) -> dict[str, str]:
    """The problems of the stage at ``index`` keyed by field, and those of the whole set."""
    prefix = f"stages.{index}."
    found = {k.removeprefix(prefix): v for k, v in problems.items() if k.startswith(prefix)}
    return found | {k: v for k, v in problems.items() if k == "stages"}


def _only_move(problems: dict[str, str]) -> dict[str, str]:
    moves = [v for k, v in problems.items() if k.startswith("move.")]
    found = {"move_leads_to": moves[0]} if moves else {}
    return found | {k: v for k, v in problems.items() if k == "stages"}


# -- helpers ----------------------------------------------------------------------------------


def _drafts(outline: PipelineOutline) -> tuple[StageDraft, ...]:
    return tuple(
        StageDraft(s.name, s.probability, s.kind, s.rotting_days, s.id) for s in outline.stages
    )


def _values(draft: StageDraft, position: int) -> dict[str, Any]:
    values = (clean(draft.name), position, draft.probability, draft.kind, draft.rotting_days)
    return dict(zip(_EDITABLE, values, strict=True))


def _new_stage(pipeline_id: int, draft: StageDraft, position: int, now: datetime) -> int:
    values = _values(draft, position)
    return int(Stage.create(pipeline=pipeline_id, **values, created_at=now, updated_at=now).id)


def _pipeline_of(stage_id: int) -> int:
    stage = Stage.get_or_none(Stage.id == stage_id)
    if stage is None:
        raise NotFound("stage", stage_id)
    return int(stage.pipeline_id)


def _leads(total: int, trashed: int) -> str:
    text = f"{total:,} lead{'' if total == 1 else 's'}"
    return f"{text} ({trashed:,} of them in the trash)" if trashed else text


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _chunks(items: Sequence[_T], size: int = _CHUNK) -> Iterable[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- snapshots: raw rows in and out ------------------------------------------------------------


def _raw(query: peewee.Query) -> list[Row]:
    """A query's rows as stored (epoch seconds, 0/1), not converted to Python values."""
    statement, params = query.sql()
    return [tuple(row) for row in sql(statement, params).fetchall()]


def _stage_rows(pipeline_id: int) -> list[Row]:
    columns = [getattr(Stage, c.removesuffix("_id")) for c in _STAGE_COLS]
    return _raw(Stage.select(*columns).where(Stage.pipeline == pipeline_id).order_by(Stage.id))


def _snapshot(
    pipeline_id: int, leads: peewee.Expression | None, history: peewee.Expression | None
) -> PipelineSnapshot:
    columns = [getattr(Pipeline, c) for c in _PIPELINE_COLS]
    found = _raw(Pipeline.select(*columns).where(Pipeline.id == pipeline_id))
    if not found:
        raise NotFound("pipeline", pipeline_id)
    places: list[Row] = []
    if leads is not None:
        columns = [getattr(Lead, c.removesuffix("_id")) for c in _PLACE_COLS]
        places = _raw(Lead.select(*columns).where(leads).order_by(Lead.id))
    rows: list[Row] = []
    if history is not None:
        columns = [getattr(StageChange, c.removesuffix("_id")) for c in _HISTORY_COLS]
        rows = _raw(StageChange.select(*columns).where(history).order_by(StageChange.id))
    mark = tuples(StageChange.select(fn.MAX(StageChange.id)))[0][0]
    stages = tuple(_stage_rows(pipeline_id))
    return PipelineSnapshot(found[0], stages, tuple(places), tuple(rows), int(mark or 0))


def _delete(table: str, where: str, params: Sequence[Any], stamp: int) -> None:
    """Delete rows, leaving tombstones."""
    sql(
        f'INSERT INTO tombstone ("table", uid, deleted_at) SELECT ?, uid, ? FROM {table}'
        f" WHERE {where}",
        [table, stamp, *params],
    )
    sql(f"DELETE FROM {table} WHERE {where}", params)


def _insert(table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Insert raw rows as they are (their uids' tombstones go)."""
    names = ", ".join(f'"{c}"' for c in columns)
    one = "(" + ",".join("?" * len(columns)) + ")"
    for chunk in _chunks(rows):
        flat = [value for row in chunk for value in row]
        sql(f"INSERT INTO {table} ({names}) VALUES {','.join([one] * len(chunk))}", flat)
        uids = [row[columns.index("uid")] for row in chunk]
        marks = ",".join("?" * len(uids))
        sql(f'DELETE FROM tombstone WHERE "table" = ? AND uid IN ({marks})', [table, *uids])


def _found(table: str, columns: str, ids: Sequence[int]) -> dict[int, Row]:
    marks = ",".join("?" * len(ids))
    rows = sql(f"SELECT id, {columns} FROM {table} WHERE id IN ({marks})", list(ids))
    return {row[0]: tuple(row[1:]) for row in rows.fetchall()}


def _upsert(table: str, columns: Sequence[str], rows: Sequence[Row], stamp: int) -> None:
    """Put rows back by id: changed ones updated, missing ones inserted with their id and uid.
    An id another row has taken since is refused."""
    for chunk in _chunks(rows):
        there = _found(table, ", ".join(columns[1:]), [row[0] for row in chunk])
        missing = []
        for row in chunk:
            now = there.get(row[0])
            if now is None:
                missing.append((*row[:2], row[2] + 1, *row[3:], stamp))
            elif now[0] != row[1]:
                raise DomainError(f"This cannot be undone: a new {table} has taken its place.")
            elif now[3:] != row[4:]:  # id, uid, version and created-at are not edited
                names = columns[4:]
                sets = ", ".join(f'"{n}" = ?' for n in names)
                sql(
                    f"UPDATE {table} SET {sets}, updated_at = ? WHERE id = ?",
                    [*row[4:], stamp, row[0]],
                )
        _insert(table, [*columns, "updated_at"], missing)


def _reinsert_history(rows: Sequence[Row], stamp: int) -> None:
    """Bring back history rows by id (under a new id if theirs was taken since) and put back
    the stages of those still there."""
    for chunk in _chunks(rows):
        there = _found("stage_change", "uid, from_stage_id, to_stage_id", [r[0] for r in chunk])
        with_id, without_id = [], []
        for row in chunk:
            found = there.get(row[0])
            if found is None:
                with_id.append((*row[:2], row[2] + 1, *row[3:], stamp))
            elif found[0] != row[1]:
                without_id.append((*row[1:2], row[2] + 1, *row[3:], stamp))
            elif found[1:] != row[5:7]:
                sql(
                    "UPDATE stage_change SET from_stage_id = ?, to_stage_id = ? WHERE id = ?",
                    [row[5], row[6], row[0]],
                )
        _insert("stage_change", [*_HISTORY_COLS, "updated_at"], with_id)
        _insert("stage_change", [*_HISTORY_COLS[1:], "updated_at"], without_id)


def _place(rows: Sequence[Row], stamp: int) -> None:
    """Put leads where the rows say: stage, position, entered, status, probability and so on."""
    names = ", ".join(_PLACE_COLS)
    sets = ", ".join(f"{c} = places.{c}" for c in _PLACE_COLS[1:])
    one = "(" + ",".join("?" * len(_PLACE_COLS)) + ")"
    for chunk in _chunks(rows):
        sql(
            f"WITH places({names}) AS (VALUES {','.join([one] * len(chunk))})"
            f" UPDATE lead SET {sets}, updated_at = ? FROM places WHERE lead.id = places.id",
            [*(value for row in chunk for value in row), stamp],
        )
