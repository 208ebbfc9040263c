"""Deals from a file into the default pipeline, as leads.

A deal's stage is found by the wizard's ``stage_map`` (other program's stage name -> ours, or
None: created before the import, at the end of the open stages; a row that will be rejected
offers none), else by name (any case). A deal that says it was won or lost goes to the won or
lost stage, as ``PipelineService`` puts it there: status and probability follow the stage's
kind, it closed on the file's date for it (else now), and a StageChange row records where it
entered; its stage name ("Closed Won") is never offered as a stage to make. A stage name we do
not know puts the deal in the first open stage, said once per name. The person and company
are found by the other program's ids, else by e-mail or name; a company named but not found
is made.

An existing deal is found by the other program's id only; a deal from our own export
("crm_desktop:<uid>") also by its uid, so that the file edited and imported again into the
database it came from updates those deals instead of copying them. Updating one moves it to
the file's stage (with a StageChange row, recorded so that an undo removes it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time
from typing import Any

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.import_match import living_by_uid
from crm_desktop.domain.import_state import ImportOptions, RunState
from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.normalize import clean
from crm_desktop.domain.notes_join import joined_notes
from crm_desktop.domain.pipeline import POSITION_GAP, PipelineService, StageInfo
from crm_desktop.domain.pipelines import PipelineAdmin
from crm_desktop.store import import_rows, search
from crm_desktop.store.import_rows import LEAD_OWN, STAMP
from crm_desktop.store.values import to_epoch

LEAD_COLUMNS = ("id", *STAMP, "pipeline_id", *LEAD_OWN)
_HISTORY = ("id", *STAMP, "lead_id", "from_stage_id", "to_stage_id", "changed_at")
_HISTORY_MORE = ("changed_by_id", "seconds_in_previous")


class Stages:
    """The default pipeline's stages, and the file's stage names mapped onto them."""

    def __init__(self, pipeline_id: int, stages: Sequence[StageInfo]) -> None:
        self.pipeline_id = pipeline_id
        self.by_id = {s.id: s for s in stages}
        self.by_name: dict[str, StageInfo] = {}
        for stage in stages:
            self.by_name.setdefault(clean(stage.name).casefold(), stage)
        self.mapped: dict[str, StageInfo] = {}
        self.made: list[int] = []

    @classmethod
    def current(cls, clock: Clock, actor_id: int | None) -> Stages:
        pipelines = PipelineService(clock, actor_id)
        pipeline_id = pipelines.ensure_default()
        return cls(pipeline_id, pipelines.stages(pipeline_id))

    @classmethod
    def prepare(cls, clock: Clock, actor_id: int | None, options: ImportOptions) -> Stages:
        """Check ``stage_map`` and make the stages it asks for (before the import starts)."""
        stages = cls.current(clock, actor_id)
        wanted = [name for name, sid in options.stage_map.items() if sid is None]
        missing = [n for n in wanted if clean(n).casefold() not in stages.by_name]
        if missing:
            made = cls.create(clock, actor_id, missing)
            stages = cls.current(clock, actor_id)
            stages.made = list(made.values())
        for name, sid in options.stage_map.items():
            stage = stages.by_name.get(clean(name).casefold()) if sid is None else None
            if sid is not None:
                stage = stages.by_id.get(sid)
                if stage is None:
                    raise ValidationError(
                        {"stage_map": f"“{name}” is mapped to a stage not in the default pipeline."}
                    )
            if stage is not None:
                stages.mapped[clean(name).casefold()] = stage
        return stages

    @classmethod
    def unknown(
        cls, clock: Clock, actor_id: int | None, deals: Iterable[ImportedDeal]
    ) -> list[str]:
        stages = cls.current(clock, actor_id)
        found: dict[str, str] = {}
        for deal in deals:
            key = clean(deal.stage).casefold()
            if clean(deal.status).casefold() in ("won", "lost"):
                continue  # it goes to the won or lost stage, whatever its stage is called
            if refusal(deal) is not None:
                continue  # a rejected row makes no stage
            if key and key not in stages.by_name:
                found.setdefault(key, clean(deal.stage))
        return list(found.values())

    @classmethod
    def create(cls, clock: Clock, actor_id: int | None, names: Sequence[str]) -> dict[str, int]:
        """Add open stages after the default pipeline's last open one; name -> new id."""
        admin = PipelineAdmin(clock, actor_id)
        made: dict[str, int] = {}
        for name in names:
            stages = cls.current(clock, actor_id)
            known = stages.by_name.get(clean(name).casefold())
            if known is not None:
                made[name] = known.id
                continue
            ordered = sorted(stages.by_id.values(), key=lambda s: s.position)
            open_ones = [i for i, s in enumerate(ordered) if s.kind == "open"]
            at = open_ones[-1] + 1 if open_ones else 0
            chance = min(90, ordered[open_ones[-1]].probability + 10) if open_ones else 10
            change = admin.add_stage(stages.pipeline_id, clean(name), at, chance, "open")
            made[name] = change.ids[0]
        return made

    def first(self, kind: str) -> StageInfo | None:
        ordered = sorted(self.by_id.values(), key=lambda s: s.position)
        return next((s for s in ordered if s.kind == kind), None)

    def resolve(self, name: str, status: str) -> tuple[StageInfo | None, bool]:
        """The stage for a deal, and whether its stage name was unknown."""
        key = clean(name).casefold()
        stage = self.mapped.get(key) or self.by_name.get(key)
        status = clean(status).casefold()
        if status in ("won", "lost") and (stage is None or stage.kind != status):
            return self.first(status), False
        if status == "open" and stage is not None and stage.kind != "open":
            return self.first("open"), False
        if stage is None:
            return self.first("open"), bool(key)
        return stage, False


class Deals:
    def __init__(self, state: RunState, stages: Stages) -> None:
        self.state = state
        self.stages = stages
        self.positions: dict[int, int] = {}
        self.unknown_stages: Counter[str] = Counter()
        self.seen: set[int] = set()  # leads this run made or changed

    def notices(self) -> list[str]:
        first = self.stages.first("open")
        where = f"“{first.name}”" if first else "the first stage"
        return [
            f"Stage “{name}” is not in the pipeline: "
            f"{n:,} deal{'' if n == 1 else 's'} put in {where}."
            for name, n in self.unknown_stages.items()
        ]

    def import_chunk(self, records: Sequence[ImportedDeal]) -> None:
        state, options = self.state, self.state.options
        created: list[tuple[Any, ...]] = []
        history: list[tuple[Any, ...]] = []
        keys: list[tuple[int, str]] = []
        touched: list[int] = []
        ours = {}
        if "external_id" in options.match_on:
            ours = living_by_uid("lead", (record.external_id.strip() for record in records))
        for record in records:
            values = self._values(record)
            if values is None:
                continue
            key = record.external_id.strip()
            found = None
            if key and "external_id" in options.match_on:
                found = state.leads.living.get(key) or ours.get(key)
            if found is not None and found in self.seen:
                if options.in_file_duplicates == "skip":
                    state.skipped += 1
                    continue
                state.merged_in_file += 1
                self._update(found, values, overwrite=options.mode != "create", history=history)
                touched.append(found)
                continue
            if found is not None and (
                options.mode != "create" or options.existing_duplicates != "create"
            ):
                if options.mode == "create" and options.existing_duplicates == "skip":
                    state.skipped += 1
                    continue
                overwrite = options.mode != "create"
                if self._update(found, values, overwrite=overwrite, history=history):
                    state.updated += 1
                    touched.append(found)
                else:
                    state.skipped += 1
                continue
            if options.mode == "update":
                state.skipped += 1
                continue
            lead_id = state.catalog.take_id("lead")
            created.append(self._new_row(lead_id, values))
            history.append(
                (
                    None,
                    "",
                    1,
                    state.now,
                    state.now,
                    lead_id,
                    None,
                    values["stage_id"],
                    values["_closed"] or state.now,  # a closed deal entered its stage then
                    state.actor_id,
                    0,
                )
            )
            if key and key not in state.leads.living:
                keys.append((lead_id, key))
                state.leads.take(key, lead_id)
            state.created += 1
            self.seen.add(lead_id)
        state.flush_catalog()
        import_rows.insert("lead", LEAD_COLUMNS, created)
        for row in created:
            state.made_row("lead", int(row[0]))
        self._write_history(history)
        import_rows.add_keys("lead", keys)
        search.reindex("lead", [int(row[0]) for row in created] + touched)

    # -- helpers ---------------------------------------------------------------------------

    def _values(self, record: ImportedDeal) -> dict[str, Any] | None:
        """A deal's column values, or None when the row is rejected."""
        state = self.state
        refused = refusal(record)
        if refused is not None:
            state.reject(record.line, refused)
            return None
        title = clean(record.title)
        currency = (clean(record.currency) or state.options.default_currency).upper()
        stage, unknown = self.stages.resolve(record.stage, record.status)
        if stage is None:
            state.reject(record.line, "the pipeline has no stage to put the deal in")
            return None
        for warning in record.warnings:
            state.warn(record.line, warning)
        if unknown:
            self.unknown_stages[clean(record.stage)] += 1
        contact = state.contacts.reference(record.contact_external_id, record.contact)
        named = record.contact.strip() or record.contact_external_id.strip()
        if state.contacts.shared_name(record.contact_external_id, record.contact):
            contact = None
            state.warn(
                record.line,
                f"More than one contact is called “{named}”: the deal has no person. Choose"
                " the person on the deal, or give their e-mail in the file.",
            )
        elif contact is None and named:
            state.warn(record.line, f"No contact “{named}” found: the deal has no person.")
        company = None
        if record.company_external_id.strip():
            company = state.catalog.company_ids.living.get(record.company_external_id.strip())
        if company is None and clean(record.company):
            company = state.catalog.company(record.company)
        owner, notes = state.catalog.owner(record.owner, record.notes.strip())
        return {
            "title": title,
            "contact_id": contact,
            "company_id": company,
            "stage_id": stage.id,
            "value_minor": record.value_minor,
            "currency": currency,
            "expected_close": record.expected_close.toordinal() if record.expected_close else None,
            "source": clean(record.source),
            "owner_id": owner,
            "lost_reason": clean(record.lost_reason) if stage.kind == "lost" else "",
            "next_step": clean(record.next_step),
            "notes": notes,
            "_stage": stage,
            "_owner_named": bool(clean(record.owner)),
            "_closed": self._closed_at(record, stage),
        }

    def _closed_at(self, record: ImportedDeal, stage: StageInfo) -> int | None:
        """When a won or lost deal closed: the file's date for it (else its close date, which
        HubSpot sets to the day a deal closed), at noon UTC, the same day nearly everywhere;
        never later than now. None for an open deal; now when the file gives no date."""
        if stage.kind == "open":
            return None
        day = record.closed_on or record.expected_close
        if day is None:
            return self.state.now
        return min(self.state.now, to_epoch(datetime.combine(day, time(12), tzinfo=UTC)))

    def _position(self, stage_id: int) -> int:
        if stage_id not in self.positions:
            top = import_rows.rows(
                "SELECT max(position) FROM lead WHERE pipeline_id = ? AND stage_id = ?"
                " AND deleted_at IS NULL",
                [self.stages.pipeline_id, stage_id],
            )[0][0]
            self.positions[stage_id] = 0 if top is None else int(top) + POSITION_GAP
        position = self.positions[stage_id]
        self.positions[stage_id] = position + POSITION_GAP
        return position

    def _new_row(self, lead_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
        now, stage = self.state.now, values["_stage"]
        columns = {
            **{k: v for k, v in values.items() if not k.startswith("_")},
            "position": self._position(stage.id),
            "status": _status(stage.kind),
            "probability": stage.probability,
            "closed_at": values["_closed"],
            "stage_entered_at": values["_closed"] or now,
        }
        uid = import_rows.new_uids(1)[0]
        return (
            lead_id,
            uid,
            1,
            now,
            now,
            self.stages.pipeline_id,
            *[columns[c] for c in LEAD_OWN],
        )

    def _update(
        self,
        lead_id: int,
        values: dict[str, Any],
        *,
        overwrite: bool,
        history: list[tuple[Any, ...]],
    ) -> bool:
        """Merge into (or overwrite) a stored lead; whether anything changed."""
        state = self.state
        self.seen.add(lead_id)
        columns = ("id", *LEAD_OWN, "updated_at", "version")
        found = import_rows.select_in("lead", (*columns, "pipeline_id"), "id", [lead_id])
        if not found:
            return False
        row = dict(zip(columns[1:], found[0][1:-1], strict=True))
        own = {c: row[c] for c in LEAD_OWN}
        changed = dict(own)
        for column in ("title", "contact_id", "company_id", "value_minor", "currency",
                       "expected_close", "source", "owner_id", "next_step"):  # fmt: skip
            if column == "owner_id" and not values["_owner_named"]:
                continue  # a blank owner cell changes nobody's deal (a new deal is the user's)
            value, current = values[column], own[column]
            if value in ("", None, 0) or value == current:
                continue
            if overwrite or current in ("", None, 0):
                changed[column] = value
        # notes people wrote in the app stay: the file's lines they lack are added after them
        changed["notes"] = joined_notes(own["notes"], values["notes"], replace=overwrite)
        stage = values["_stage"]
        # a deal of another pipeline stays in its stage: the file's stage is the default one's
        same_pipeline = found[0][-1] == self.stages.pipeline_id
        if overwrite and same_pipeline and stage.id != own["stage_id"]:
            seconds = max(0, state.now - int(own["stage_entered_at"]))
            history.append(
                (
                    None,
                    "",
                    1,
                    state.now,
                    state.now,
                    lead_id,
                    own["stage_id"],
                    stage.id,
                    values["_closed"] or state.now,
                    state.actor_id,
                    seconds,
                )
            )
            changed.update(
                stage_id=stage.id,
                position=self._position(stage.id),
                status=_status(stage.kind),
                probability=stage.probability,
                closed_at=values["_closed"],
                stage_entered_at=values["_closed"] or state.now,
                lost_reason=values["lost_reason"],
            )
        if changed == own:
            return False
        before = None
        if state.needs_before("lead", lead_id):
            keys = import_rows.keys_of("lead", [lead_id]).get(lead_id, [])
            before = {"row": row, "keys": keys}
        import_rows.update(
            "lead",
            (*LEAD_OWN, "updated_at"),
            [(*[changed[c] for c in LEAD_OWN], state.now, lead_id)],
        )
        state.updated_row("lead", lead_id, before, changed)
        return True

    def _write_history(self, history: list[tuple[Any, ...]]) -> None:
        if not history:
            return
        first = import_rows.next_id("stage_change")
        uids = import_rows.new_uids(len(history))
        rows = [(first + n, uids[n], *row[2:]) for n, row in enumerate(history)]
        import_rows.insert("stage_change", (*_HISTORY, *_HISTORY_MORE), rows)
        for row in rows:
            if not self.state.was_made("lead", int(row[5])):
                self.state.made_row("stage_change", int(row[0]))


def refusal(record: ImportedDeal) -> str | None:
    """Why a deal's row is rejected whatever is stored (its stage is not made), or None."""
    if record.problems:
        return "; ".join(record.problems)
    if not clean(record.title):
        return "a deal needs a title"
    currency = clean(record.currency)  # none: the options' default, which they check
    if currency and (len(currency) != 3 or not currency.isalpha()):
        return f"“{record.currency}” is not a currency code like EUR"
    if record.value_minor < 0:
        return "a deal's value cannot be negative"
    return None


def _status(kind: str) -> str:
    return {"won": "won", "lost": "lost"}.get(kind, "open")
