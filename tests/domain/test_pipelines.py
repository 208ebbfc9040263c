"""Pipelines and stages through the real store: every rule of the editor, and undo that puts
back exactly what was there (ids, uids, leads' places, stage history, tombstones)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.errors import DomainError, NotFound, ValidationError
from crm_desktop.domain.pipeline import DEFAULT_STAGES, POSITION_GAP, LeadFields
from crm_desktop.domain.pipelines import (
    Held,
    PipelineAdmin,
    PipelineEdit,
    StageDraft,
    edit_problems,
)
from crm_desktop.domain.services import Services
from crm_desktop.store.db import tuples
from crm_desktop.store.models import Lead, Stage, StageChange, Tombstone


@pytest.fixture
def admin(services: Services) -> PipelineAdmin:
    return PipelineAdmin(services.clock, services.actor_id)


@pytest.fixture
def sales(services: Services) -> int:
    return services.pipeline.ensure_default()


def ids(admin: PipelineAdmin, pipeline_id: int) -> dict[str, int]:
    return {s.name: s.id for s in admin.outline(pipeline_id).stages}


def lead(
    services: Services, title: str, stage_id: int | None = None, pipeline_id: int | None = None
) -> int:
    fields = LeadFields(title=title)
    return services.pipeline.create_lead(fields, pipeline_id, stage_id).id


def drafts(admin: PipelineAdmin, pipeline_id: int) -> list[StageDraft]:
    return [
        StageDraft(s.name, s.probability, s.kind, s.rotting_days, s.id)
        for s in admin.outline(pipeline_id).stages
    ]


def state(pipeline_id: int) -> dict[str, Any]:
    """Everything an edit of the pipeline may touch, as plain values."""
    stage_ids = [r[0] for r in tuples(Stage.select(Stage.id).where(Stage.pipeline == pipeline_id))]
    return {
        "stages": tuples(
            Stage.select(
                Stage.id, Stage.uid, Stage.name, Stage.position, Stage.probability, Stage.kind,
                Stage.rotting_days, Stage.created_at,
            ).where(Stage.pipeline == pipeline_id).order_by(Stage.position)
        ),
        "leads": tuples(
            Lead.select(
                Lead.id, Lead.stage, Lead.position, Lead.status, Lead.probability,
                Lead.closed_at, Lead.stage_entered_at, Lead.lost_reason, Lead.deleted_at,
            ).where(Lead.pipeline == pipeline_id).order_by(Lead.id)
        ),
        "history": tuples(
            StageChange.select(
                StageChange.id, StageChange.uid, StageChange.lead, StageChange.from_stage,
                StageChange.to_stage, StageChange.changed_at, StageChange.seconds_in_previous,
            ).join(Lead).where(Lead.pipeline == pipeline_id).order_by(StageChange.id)
        ),
        "stage_ids": sorted(stage_ids),
    }  # fmt: skip


def buried(found: dict[str, Any]) -> set[str]:
    """Tombstones of rows that are there (those of rows made and deleted since may stay)."""
    uids = {row[1] for row in found["stages"]} | {row[1] for row in found["history"]}
    return {r[0] for r in tuples(Tombstone.select(Tombstone.uid))} & uids


# -- pipelines -----------------------------------------------------------------------------


def test_pipelines_list_with_open_lead_counts(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    a, b, c = (lead(services, t) for t in "abc")
    services.pipeline.win(a)
    services.pipeline.trash([b])
    change = admin.create_pipeline("Partners")
    assert (change.entity, change.action) == ("pipeline", "created")
    listed = admin.pipelines()
    assert [(p.name, p.is_default, p.open_leads) for p in listed] == [
        ("Sales", True, 1),
        ("Partners", False, 0),
    ]
    assert listed[0].id == sales and listed[1].id == change.id
    assert c


def test_a_new_pipeline_starts_with_the_default_stages(admin: PipelineAdmin) -> None:
    pid = admin.create_pipeline("  Partners   deals ").id
    outline = admin.outline(pid)
    assert outline.name == "Partners deals" and not outline.is_default
    assert [(s.name, s.probability, s.kind, s.rotting_days) for s in outline.stages] == list(
        DEFAULT_STAGES
    )
    assert [s.position for s in outline.stages] == list(range(len(DEFAULT_STAGES)))
    hiring = [("Applied", 10, "open", 7), ("Hired", 100, "won", None), ("Out", 0, "lost", None)]
    custom = admin.create_pipeline("Hiring", hiring)
    assert [s.name for s in admin.outline(custom.id).stages] == ["Applied", "Hired", "Out"]


def test_pipeline_names_are_needed_and_unique_ignoring_case(
    admin: PipelineAdmin, sales: int
) -> None:
    with pytest.raises(ValidationError) as empty:
        admin.create_pipeline("   ")
    assert empty.value.problems == {"name": "A pipeline needs a name."}
    with pytest.raises(ValidationError) as taken:
        admin.create_pipeline("sALES")
    assert taken.value.problems["name"] == "There is already a pipeline called “sALES”."
    with pytest.raises(ValidationError) as bad:
        admin.create_pipeline("Tiny", [("Only", 10, "open", None)])
    assert bad.value.problems == {"stages": "A pipeline needs at least one won and one lost stage."}


def test_rename_pipeline(admin: PipelineAdmin, sales: int) -> None:
    other = admin.create_pipeline("Partners").id
    change = admin.rename_pipeline(sales, "Direct sales")
    assert (change.entity, change.action, change.ids) == ("pipeline", "renamed", (sales,))
    assert admin.outline(sales).name == "Direct sales"
    admin.rename_pipeline(sales, "DIRECT sales")  # its own name in another case is fine
    with pytest.raises(ValidationError) as taken:
        admin.rename_pipeline(sales, "partners")
    assert set(taken.value.problems) == {"name"}
    with pytest.raises(ValidationError):
        admin.rename_pipeline(other, "")
    with pytest.raises(NotFound):
        admin.rename_pipeline(999, "Nope")


def test_remove_pipeline_refuses_the_default_and_one_with_leads(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    with pytest.raises(DomainError, match="default pipeline"):
        admin.remove_pipeline(sales)
    pid = admin.create_pipeline("Partners").id
    first = ids(admin, pid)["New"]
    a, b = lead(services, "a", first, pid), lead(services, "b", first, pid)
    services.pipeline.trash([b])
    with pytest.raises(DomainError, match=r"still has 2 leads \(1 of them in the trash\)"):
        admin.remove_pipeline(pid)
    assert a and [p.name for p in admin.pipelines()] == ["Sales", "Partners"]


def test_remove_pipeline_and_bring_it_back_with_its_ids(admin: PipelineAdmin, sales: int) -> None:
    pid = admin.create_pipeline("Partners").id
    before = admin.snapshot(pid)
    kept = state(pid)
    change = admin.remove_pipeline(pid)
    assert (change.entity, change.action) == ("pipeline", "removed")
    assert [p.name for p in admin.pipelines()] == ["Sales"]
    assert buried(kept) == {row[1] for row in kept["stages"]}
    admin.restore(before)
    assert [p.name for p in admin.pipelines()] == ["Sales", "Partners"]
    assert state(pid) == kept  # same ids, uids, stages
    assert not buried(kept)


# -- stages: the rules ---------------------------------------------------------------------


def test_add_stage_at_a_position(admin: PipelineAdmin, sales: int) -> None:
    change = admin.add_stage(sales, " Demo  booked ", 2, 30, "open", 10)
    assert (change.entity, change.action, change.touches) == (
        "stage",
        "created",
        frozenset({"pipeline"}),
    )
    stages = admin.outline(sales).stages
    assert [s.name for s in stages] == [
        "New", "Contacted", "Demo booked", "Qualified", "Proposal", "Won", "Lost",
    ]  # fmt: skip
    assert [s.position for s in stages] == list(range(7))
    assert (stages[2].id, stages[2].probability, stages[2].rotting_days) == (change.id, 30, 10)
    admin.add_stage(sales, "Last", 99, 0, "lost")
    assert admin.outline(sales).stages[-1].name == "Last"


PERCENT = "The win probability is a percentage, 0 to 100."


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        (("  ", 10, "open", None), {"name": "A stage needs a name."}),
        (
            ("qualified", 10, "open", None),
            {"name": "2 stages are called “qualified”; each needs its own name."},
        ),
        (("X", -1, "open", None), {"probability": PERCENT}),
        (("X", 101, "open", None), {"probability": PERCENT}),
        (("X", 10, "maybe", None), {"kind": "“maybe” is no stage kind: open, won or lost."}),
        (("X", 10, "open", 0), {"rotting_days": "Rotting days: leave empty, or 1 to 3650."}),
        (("X", 10, "open", 3651), {"rotting_days": "Rotting days: leave empty, or 1 to 3650."}),
    ],
)  # fmt: skip
def test_stage_values_are_checked(
    admin: PipelineAdmin, sales: int, fields: tuple[Any, ...], problems: dict[str, str]
) -> None:
    before = state(sales)
    with pytest.raises(ValidationError) as refused:
        admin.add_stage(sales, fields[0], 1, *fields[1:])
    assert refused.value.problems == problems
    assert state(sales) == before


def test_the_edges_of_the_ranges_are_fine(admin: PipelineAdmin, sales: int) -> None:
    admin.add_stage(sales, "Cold", 0, 0, "open", 1)
    admin.add_stage(sales, "Hot", 0, 100, "open", 3650)
    admin.add_stage(sales, "Warm", 0, 50, "open", None)
    assert [s.name for s in admin.outline(sales).stages][:3] == ["Warm", "Hot", "Cold"]


def test_a_pipeline_keeps_an_open_a_won_and_a_lost_stage(admin: PipelineAdmin, sales: int) -> None:
    stage = ids(admin, sales)
    with pytest.raises(ValidationError) as no_won:
        admin.update_stage(stage["Won"], "Won", 100, "open", None)
    assert no_won.value.problems == {"stages": "A pipeline needs at least one won stage."}
    with pytest.raises(ValidationError, match="at least one lost stage"):
        admin.remove_stage(stage["Lost"])
    outline = admin.outline(sales)
    only_closed = PipelineEdit("Sales", tuple(d for d in drafts(admin, sales) if d.kind != "open"))
    assert edit_problems(outline, only_closed)["stages"] == (
        "A pipeline needs at least one open stage."
    )
    # A second won stage lets the first become open.
    admin.add_stage(sales, "Signed", 5, 100, "won")
    admin.update_stage(stage["Won"], "Won", 100, "open", None)


def test_update_stage_and_its_leads_follow_its_probability(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = ids(admin, sales)
    a, b = lead(services, "a"), lead(services, "b")
    services.pipeline.trash([b])
    change = admin.update_stage(stage["New"], "Fresh", 15, "open", 30)
    assert change.touches == frozenset({"pipeline", "lead"})
    fresh = admin.outline(sales).stages[0]
    assert (fresh.name, fresh.probability, fresh.rotting_days) == ("Fresh", 15, 30)
    assert services.pipeline.get(a).probability == 15
    assert services.pipeline.get(b).probability == 15
    calm = admin.update_stage(stage["Contacted"], "Contacted", 20, "open", None)
    assert calm.touches == frozenset({"pipeline"})  # nothing there to follow


def test_the_kind_of_a_stage_holding_leads_stays(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = ids(admin, sales)
    a = lead(services, "a", stage["Proposal"])
    services.pipeline.win(lead(services, "b"))
    with pytest.raises(ValidationError) as refused:
        admin.update_stage(stage["Proposal"], "Proposal", 70, "won", None)
    assert refused.value.problems == {
        "kind": "“Proposal” holds 1 lead; move them to another stage before making it a won stage."
    }
    admin.add_stage(sales, "Signed", 9, 100, "won")
    with pytest.raises(ValidationError, match=r"holds 1 lead; .* an open stage"):
        admin.update_stage(stage["Won"], "Won", 100, "open", None)
    assert services.pipeline.get(a).status == "open"


def test_stage_names_may_swap_in_one_edit(admin: PipelineAdmin, sales: int) -> None:
    rows = drafts(admin, sales)
    rows[0], rows[1] = (
        StageDraft("Contacted", *_rest(rows[0])),
        StageDraft("New", *_rest(rows[1])),
    )
    admin.apply(sales, PipelineEdit("Sales", tuple(rows)))
    assert [s.name for s in admin.outline(sales).stages][:2] == ["Contacted", "New"]


def _rest(draft: StageDraft) -> tuple[Any, ...]:
    return (draft.probability, draft.kind, draft.rotting_days, draft.id)


def test_reorder_stages(admin: PipelineAdmin, sales: int) -> None:
    stage = ids(admin, sales)
    order = [stage[n] for n in ("Qualified", "New", "Contacted", "Proposal", "Lost", "Won")]
    change = admin.reorder_stages(sales, order)
    assert (change.entity, change.action, change.ids) == ("stage", "reordered", tuple(order))
    stages = admin.outline(sales).stages
    assert [s.id for s in stages] == order
    assert [s.position for s in stages] == list(range(6))
    with pytest.raises(DomainError, match="each stage of the pipeline once"):
        admin.reorder_stages(sales, order[:-1])
    with pytest.raises(DomainError):
        admin.reorder_stages(sales, [*order[:-1], order[0]])


def test_stages_of_another_pipeline_are_refused(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    other = admin.create_pipeline("Partners").id
    stranger = drafts(admin, other)[0]
    with pytest.raises(DomainError, match="not this pipeline's own"):
        admin.apply(sales, PipelineEdit("Sales", (*drafts(admin, sales), stranger)))
    lead(services, "a")
    with pytest.raises(ValidationError) as elsewhere:
        admin.remove_stage(ids(admin, sales)["New"], move_leads_to=stranger.id)
    assert set(elsewhere.value.problems) == {"move_leads_to"}


# -- removing stages ----------------------------------------------------------------------


def test_remove_an_empty_stage(admin: PipelineAdmin, sales: int) -> None:
    stage = ids(admin, sales)
    change = admin.remove_stage(stage["Contacted"])
    assert (change.entity, change.action, change.ids) == ("stage", "removed", (stage["Contacted"],))
    assert [s.name for s in admin.outline(sales).stages] == [
        "New", "Qualified", "Proposal", "Won", "Lost",
    ]  # fmt: skip
    assert [s.position for s in admin.outline(sales).stages] == list(range(5))
    uid = Tombstone.select().where(Tombstone.table == "stage").get().uid
    assert len(uid) == 32


def test_a_stage_with_leads_is_removed_only_by_moving_them(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = ids(admin, sales)
    a, b, c = (lead(services, t, stage["Qualified"]) for t in "abc")
    services.pipeline.trash([b])
    with pytest.raises(ValidationError) as refused:
        admin.remove_stage(stage["Qualified"])
    assert refused.value.problems == {
        "move_leads_to": "“Qualified” holds 3 leads (1 of them in the trash); choose a stage "
        "to move them to before removing it."
    }
    with pytest.raises(ValidationError):
        admin.remove_stage(stage["Qualified"], move_leads_to=stage["Qualified"])
    assert services.pipeline.column(stage["Qualified"]) == [a, c]


def test_removing_a_stage_moves_its_leads_to_the_bottom_of_another(
    services: Services, admin: PipelineAdmin, sales: int, clock: FixedClock
) -> None:
    stage = ids(admin, sales)
    there = [lead(services, t, stage["Proposal"]) for t in ("p1", "p2")]
    a, b, c = (lead(services, t, stage["Qualified"]) for t in "abc")
    services.pipeline.move(c, stage["Qualified"], 0)  # order in Qualified: c, a, b
    services.pipeline.trash([a])
    clock.advance(timedelta(days=5))
    change = admin.remove_stage(stage["Qualified"], move_leads_to=stage["Proposal"])
    assert change.touches == frozenset({"pipeline", "lead"})
    living = [*there, c, b]
    assert services.pipeline.column(stage["Proposal"]) == living
    positions = [services.pipeline.get(i).position for i in (*there, c, a, b)]
    assert positions == sorted(positions) and len(set(positions)) == 5
    assert positions[2] - positions[1] == POSITION_GAP
    for moved in (a, b, c):
        summary = services.pipeline.get(moved)
        assert (summary.stage_id, summary.probability, summary.status) == (
            stage["Proposal"],
            70,
            "open",
        )
        assert summary.stage_entered_at == clock.now()
        last = services.pipeline.history(moved)[-1]
        # The removed stage is gone from the history row too (the schema empties from_stage).
        assert (last.from_stage_id, last.to_stage_id) == (None, stage["Proposal"])
        assert last.seconds_in_previous == 5 * 86_400
    # Made in Qualified: the row that put it there went with the stage.
    assert len(services.pipeline.history(a)) == 1


def test_leads_moved_into_a_won_stage_are_won(
    services: Services, admin: PipelineAdmin, sales: int, clock: FixedClock
) -> None:
    stage = ids(admin, sales)
    lost = lead(services, "lost")
    services.pipeline.lose(lost, "Price")
    admin.add_stage(sales, "Gone cold", 9, 0, "lost")
    cold = ids(admin, sales)["Gone cold"]
    admin.remove_stage(stage["Lost"], move_leads_to=cold)
    assert services.pipeline.get(lost).lost_reason == "Price"  # lost to lost keeps the reason
    deal = lead(services, "deal", stage["Proposal"])
    admin.remove_stage(stage["Proposal"], move_leads_to=stage["Won"])
    won = services.pipeline.get(deal)
    assert (won.status, won.probability, won.closed_at) == ("won", 100, clock.now())
    admin.add_stage(sales, "Lost again", 9, 0, "lost")
    admin.remove_stage(cold, move_leads_to=stage["New"])
    reopened = services.pipeline.get(lost)
    assert (reopened.status, reopened.closed_at, reopened.lost_reason) == ("open", None, "")


# -- undo ----------------------------------------------------------------------------------


def test_undo_and_redo_of_a_whole_edit_are_exact(
    services: Services, admin: PipelineAdmin, sales: int, clock: FixedClock
) -> None:
    stage = ids(admin, sales)
    a, b = lead(services, "a"), lead(services, "b")
    clock.advance(timedelta(days=1))
    services.pipeline.move(a, stage["Contacted"])
    services.pipeline.move(b, stage["Contacted"])
    clock.advance(timedelta(days=1))
    services.pipeline.move(a, stage["Qualified"])  # a passed through Contacted
    services.pipeline.trash([b])
    lost = lead(services, "lost", stage["Contacted"])
    services.pipeline.lose(lost, "Timing")
    clock.advance(timedelta(days=1))
    original = state(sales)

    rows = [d for d in drafts(admin, sales) if d.name != "Contacted"]
    rows[0] = StageDraft("Inbox", 5, "open", 7, rows[0].id)
    rows.insert(2, StageDraft("Demo", 50, "open", None))
    rows[-2], rows[-1] = rows[-1], rows[-2]  # Lost before Won
    edit = PipelineEdit("Direct", tuple(rows), {stage["Contacted"]: stage["Proposal"]})
    applied = admin.apply(sales, edit)
    assert {(c.entity, c.action) for c in applied.changes} == {
        ("pipeline", "renamed"),
        ("stage", "created"),
        ("stage", "updated"),
        ("stage", "removed"),
    }
    edited = state(sales)
    assert stage["Contacted"] not in edited["stage_ids"]
    assert services.pipeline.get(b).stage_id == stage["Proposal"]
    assert services.pipeline.history(a)[1].to_stage_id == stage["Qualified"]  # → Contacted gone

    clock.advance(timedelta(hours=1))
    change = admin.restore(applied.before)
    assert (change.entity, change.action) == ("pipeline", "restored")
    assert state(sales) == original
    assert not buried(original)
    assert admin.outline(sales).name == "Sales"

    admin.restore(applied.after)
    assert state(sales) == edited
    admin.restore(applied.before)
    assert state(sales) == original


def test_undo_of_single_calls_through_snapshots(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = ids(admin, sales)
    held = [lead(services, t, stage["New"]) for t in "ab"]
    original = state(sales)
    snap = admin.snapshot(sales, stage_ids=[stage["New"]])
    assert snap.stage_names == tuple(name for name, *_ in DEFAULT_STAGES)
    admin.update_stage(stage["New"], "Fresh", 12, "open", None)
    admin.reorder_stages(sales, list(reversed(list(stage.values()))))
    admin.add_stage(sales, "Extra", 0, 10)
    admin.remove_stage(stage["New"], move_leads_to=stage["Contacted"])
    assert services.pipeline.column(stage["Contacted"]) == held
    admin.restore(snap)
    assert state(sales) == original
    assert not buried(original)


def test_undo_refuses_to_drop_a_stage_that_holds_leads_now(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    snap = admin.snapshot(sales)
    added = admin.add_stage(sales, "Extra", 0, 10).id
    lead(services, "there", added)
    with pytest.raises(DomainError, match="holds 1 lead"):
        admin.restore(snap)
    assert "Extra" in ids(admin, sales)


def test_an_outline_counts_the_leads_each_stage_holds(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = ids(admin, sales)
    a, b = lead(services, "a"), lead(services, "b")
    services.pipeline.trash([b])
    services.pipeline.win(lead(services, "c"))
    assert a
    assert admin.outline(sales).held == {stage["New"]: Held(2, 1), stage["Won"]: Held(1, 0)}


def test_a_whole_edit_is_checked_first_and_refused_whole(
    services: Services, admin: PipelineAdmin, sales: int
) -> None:
    stage = ids(admin, sales)
    lead(services, "a", stage["New"])
    before = state(sales)
    rows = [d for d in drafts(admin, sales) if d.name != "New"]
    rows[0] = StageDraft("", 10, "open", None, rows[0].id)
    with pytest.raises(ValidationError) as refused:
        admin.apply(sales, PipelineEdit("  ", (*rows, StageDraft("Extra", 10))))
    assert refused.value.problems == {
        "name": "A pipeline needs a name.",
        "stages.0.name": "A stage needs a name.",
        f"move.{stage['New']}": "“New” holds 1 lead; choose a stage to move them to before "
        "removing it.",
    }
    assert state(sales) == before
    with pytest.raises(ValidationError) as gone:
        admin.apply(sales, PipelineEdit("Sales", tuple(rows[1:]), {stage["New"]: rows[0].id or 0}))
    assert gone.value.problems[f"move.{stage['New']}"].startswith("The leads of “New” can only")


def test_undo_refuses_when_a_new_stage_took_the_id(admin: PipelineAdmin, sales: int) -> None:
    lost = ids(admin, sales)["Lost"]  # the newest stage: SQLite may hand its id out again
    admin.add_stage(sales, "Gone", 9, 0, "lost")
    gone = ids(admin, sales)["Gone"]
    snap = admin.snapshot(sales)
    admin.remove_stage(gone)
    again = admin.add_stage(sales, "Other", 9, 0, "lost").id
    assert again == gone  # a rowid table hands out the largest id plus one
    with pytest.raises(DomainError, match="a new stage has taken its place"):
        admin.restore(snap)
    assert lost in ids(admin, sales).values()
