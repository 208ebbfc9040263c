"""Deals from a file into the pipelines, as leads.

A deal's pipeline and stage are found as ``import_stages`` says. A deal that says it was won
or lost goes to the won or lost stage, as ``PipelineService`` puts it there: status and
probability follow the stage's kind, it closed on the file's date for it (else now), and a
StageChange row records where it entered; its stage name ("Closed Won") is never offered as a
stage to make. A stage name its pipeline lacks puts the deal in the first open stage, said
once per name. The person and company are found by the other program's ids, else by e-mail or
name; a company named but not found is made.

An existing deal is found by the other program's id only; a deal from our own export
("crm_desktop:<uid>") also by its uid, so that the file edited and imported again into the
database it came from updates those deals instead of copying them. Updating one moves it to
the file's stage (with a StageChange row, recorded so that an undo removes it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from crm_desktop.domain.import_match import living_by_uid
from crm_desktop.domain.import_stages import Pipelines
from crm_desktop.domain.import_state import RunState
from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.normalize import clean
from crm_desktop.domain.notes_join import joined_notes
from crm_desktop.domain.pipeline import POSITION_GAP, StageInfo
from crm_desktop.store import import_rows, search
from crm_desktop.store.import_rows import LEAD_OWN, STAMP
from crm_desktop.store.values import to_epoch

LEAD_COLUMNS = ("id", *STAMP, *LEAD_OWN)
_HISTORY = ("id", *STAMP, "lead_id", "from_stage_id", "to_stage_id", "changed_at")
_HISTORY_MORE = ("changed_by_id", "seconds_in_previous")


class Deals:
    def __init__(self, state: RunState, pipelines: Pipelines) -> None:
        self.state = state
        self.pipelines = pipelines
        self.positions: dict[int, int] = {}
        self.unknown_stages: Counter[tuple[str, str]] = Counter()  # (pipeline, stage): deals
        self.seen: set[int] = set()  # leads this run made or changed

    def notices(self) -> list[str]:
        said = self.pipelines.notices()
        for (pipeline, name), n in self.unknown_stages.items():
            stages = self.pipelines.of(pipeline)
            first = stages.first("open")
            where = f"“{first.name}”" if first else "the first stage"
            which = "" if stages is self.pipelines.default else f" “{stages.name}”"
            said.append(
                f"Stage “{name}” is not in the pipeline{which}: "
                f"{n:,} deal{'' if n == 1 else 's'} put in {where}."
            )
        return said

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
        stages = self.pipelines.of(record.pipeline)
        stage, unknown = stages.resolve(record.stage, record.status)
        if stage is None:
            state.reject(record.line, f"the pipeline “{stages.name}” has no stage for the deal")
            return None
        for warning in record.warnings:
            state.warn(record.line, warning)
        if unknown:
            self.unknown_stages[clean(stages.name), clean(record.stage)] += 1
        notes = "\n".join(
            filter(None, (record.notes.strip(), self.pipelines.placed(record.pipeline)))
        )
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
        owner, notes = state.catalog.owner(record.owner, notes)
        return {
            "pipeline_id": stages.pipeline_id,
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
            # the file names this pipeline: a stored deal may move into it from another
            "_pipeline_named": self.pipelines.names(record.pipeline),
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

    def _position(self, pipeline_id: int, stage_id: int) -> int:
        if stage_id not in self.positions:
            top = import_rows.rows(
                "SELECT max(position) FROM lead WHERE pipeline_id = ? AND stage_id = ?"
                " AND deleted_at IS NULL",
                [pipeline_id, stage_id],
            )[0][0]
            self.positions[stage_id] = 0 if top is None else int(top) + POSITION_GAP
        position = self.positions[stage_id]
        self.positions[stage_id] = position + POSITION_GAP
        return position

    def _new_row(self, lead_id: int, values: dict[str, Any]) -> tuple[Any, ...]:
        now, stage = self.state.now, values["_stage"]
        columns = {
            **{k: v for k, v in values.items() if not k.startswith("_")},
            "position": self._position(values["pipeline_id"], stage.id),
            "status": _status(stage.kind),
            "probability": stage.probability,
            "closed_at": values["_closed"],
            "stage_entered_at": values["_closed"] or now,
        }
        uid = import_rows.new_uids(1)[0]
        return (lead_id, uid, 1, now, now, *[columns[c] for c in LEAD_OWN])

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
        found = import_rows.select_in("lead", columns, "id", [lead_id])
        if not found:
            return False
        row = dict(zip(columns[1:], found[0][1:], strict=True))
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
        # a deal of another pipeline stays there unless the file names the pipeline to move to
        moves = values["pipeline_id"] == own["pipeline_id"] or values["_pipeline_named"]
        if overwrite and moves and stage.id != own["stage_id"]:
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
                pipeline_id=values["pipeline_id"],
                stage_id=stage.id,
                position=self._position(values["pipeline_id"], stage.id),
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
