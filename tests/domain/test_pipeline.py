"""Leads through the pipeline: stages, moves with positions and history, win, lose, totals."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.errors import DomainError, ValidationError
from crm_desktop.domain.pipeline import POSITION_GAP, LeadFields, StageInfo, lead_problems
from crm_desktop.domain.services import Services
from crm_desktop.store.db import sql


@pytest.fixture
def stages(services: Services) -> dict[str, StageInfo]:
    return {s.name: s for s in services.pipeline.stages(services.pipeline.ensure_default())}


def lead(services: Services, title: str, value: int = 1000, currency: str = "EUR") -> int:
    return services.pipeline.create_lead(
        LeadFields(title=title, value_minor=value, currency=currency)
    ).id


def test_default_pipeline(stages: dict[str, StageInfo]) -> None:
    assert list(stages) == ["New", "Contacted", "Qualified", "Proposal", "Won", "Lost"]
    assert [s.probability for s in stages.values()] == [10, 20, 40, 70, 100, 0]
    assert stages["Won"].kind == "won" and stages["Lost"].kind == "lost"


def test_new_leads_queue_at_the_bottom_of_new(
    services: Services, stages: dict[str, StageInfo]
) -> None:
    ids = [lead(services, f"L{n}") for n in range(3)]
    assert services.pipeline.column(stages["New"].id) == ids
    history = services.pipeline.history(ids[0])
    assert [(h.from_stage_id, h.to_stage_id) for h in history] == [(None, stages["New"].id)]


def test_move_records_history_and_time_in_stage(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    lid = lead(services, "Deal")
    clock.advance(timedelta(days=3))
    assert services.pipeline.days_in_stage(lid) == 3
    services.pipeline.move(lid, stages["Qualified"].id)
    moved = services.pipeline.get(lid)
    assert moved.stage_id == stages["Qualified"].id
    assert moved.probability == 40 and moved.status == "open"
    assert moved.stage_entered_at == clock.now()
    last = services.pipeline.history(lid)[-1]
    assert (last.from_stage_id, last.to_stage_id) == (stages["New"].id, stages["Qualified"].id)
    assert last.seconds_in_previous == 3 * 86400
    assert services.pipeline.days_in_stage(lid) == 0


def test_reordering_and_moving_write_one_lead(
    services: Services, stages: dict[str, StageInfo]
) -> None:
    a, b, c = (lead(services, t) for t in "abc")
    new = stages["New"].id
    services.pipeline.move(c, new, 0)
    assert services.pipeline.column(new) == [c, a, b]
    assert len(services.pipeline.history(c)) == 1  # a reorder is no stage change
    services.pipeline.move(a, stages["Contacted"].id)
    assert services.pipeline.column(new) == [c, b]
    services.pipeline.move(b, stages["Contacted"].id, 0)
    assert services.pipeline.column(stages["Contacted"].id) == [b, a]
    services.pipeline.move(b, stages["Contacted"].id, 99)  # past the end: the bottom
    assert services.pipeline.column(stages["Contacted"].id) == [a, b]
    versions = dict(sql("SELECT id, version FROM lead").fetchall())
    services.pipeline.move_before(c, stages["Contacted"].id, b)
    assert services.pipeline.column(stages["Contacted"].id) == [a, c, b]
    after = dict(sql("SELECT id, version FROM lead").fetchall())
    assert [i for i in after if after[i] != versions[i]] == [c]


def test_a_full_spot_renumbers_its_stage_once(
    services: Services, stages: dict[str, StageInfo]
) -> None:
    first, last, *others = [lead(services, f"L{n}") for n in range(14)]
    new = stages["New"].id
    for other in others:  # each lands just above ``last``: halving the room there each time
        services.pipeline.move_before(other, new, last)
    assert services.pipeline.column(new) == [first, *others, last]
    positions = [services.pipeline.get(i).position for i in services.pipeline.column(new)]
    assert positions == sorted(set(positions))
    assert any(p % POSITION_GAP for p in positions)  # some were put between two others
    # Ten halvings use up the room above ``last``; then the stage is renumbered once.
    assert services.pipeline.get(last).position > POSITION_GAP
    with pytest.raises(DomainError):
        services.pipeline.move_before(first, stages["Won"].id, last)  # ``last`` is not there


def test_put_back_undoes_a_move_with_its_history(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    a, b = lead(services, "a"), lead(services, "b")
    clock.advance(timedelta(days=2))
    before = services.pipeline.get(a)
    place = services.pipeline.place(a)
    services.pipeline.lose(a, "Too expensive")
    assert services.pipeline.get(a).status == "lost"
    services.pipeline.put_back(place)
    assert services.pipeline.get(a) == before
    assert len(services.pipeline.history(a)) == 1
    assert services.pipeline.column(stages["New"].id) == [a, b]


def test_win_lose_and_reopen(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    won, lost = lead(services, "Won deal"), lead(services, "Lost deal")
    services.pipeline.win(won)
    assert services.pipeline.get(won).status == "won"
    assert services.pipeline.get(won).closed_at == clock.now()
    with pytest.raises(ValidationError):
        services.pipeline.lose(lost, "  ")
    services.pipeline.lose(lost, "Too expensive")
    summary = services.pipeline.get(lost)
    assert (summary.status, summary.lost_reason, summary.probability) == (
        "lost",
        "Too expensive",
        0,
    )
    services.pipeline.move(lost, stages["Proposal"].id)
    reopened = services.pipeline.get(lost)
    assert (reopened.status, reopened.closed_at, reopened.lost_reason) == ("open", None, "")


def test_stage_totals_are_counted_and_weighted_per_currency(
    services: Services, stages: dict[str, StageInfo]
) -> None:
    a = lead(services, "a", 10_000)
    lead(services, "b", 5_000)
    usd = lead(services, "c", 2_000, "usd")
    services.pipeline.move(a, stages["Proposal"].id)
    trashed = lead(services, "gone", 999_999)
    services.pipeline.trash([trashed])
    totals = {t.name: t for t in services.pipeline.stage_totals(services.pipeline.ensure_default())}
    assert totals["New"].count == 2
    assert totals["New"].value_minor == {"EUR": 5_000, "USD": 2_000}
    assert totals["New"].weighted_minor == {"EUR": 500, "USD": 200}
    assert totals["Proposal"].weighted_minor == {"EUR": 7_000}
    assert totals["Won"].count == 0
    assert services.pipeline.get(usd).currency == "USD"


def test_bad_leads_are_refused(services: Services) -> None:
    with pytest.raises(ValidationError) as raised:
        services.pipeline.create_lead(
            LeadFields(title="", value_minor=-1, currency="euro", expected_close="2026-13-01")
        )
    assert set(raised.value.problems) == {"title", "value", "currency", "expected_close"}


def test_a_lead_cannot_jump_pipelines(services: Services) -> None:
    from crm_desktop.store.models import Pipeline, Stage

    now = services.clock.now()
    other = Pipeline.create(name="Other", created_at=now, updated_at=now)
    foreign = Stage.create(pipeline=other, name="X", created_at=now, updated_at=now)
    with pytest.raises(DomainError):
        services.pipeline.move(lead(services, "x"), int(foreign.id))


def test_dropping_on_lost_needs_a_reason(services: Services, stages: dict[str, StageInfo]) -> None:
    a, b = lead(services, "a"), lead(services, "b")
    lost = stages["Lost"].id
    with pytest.raises(ValidationError):
        services.pipeline.move_before(a, lost, None, "  ")
    assert services.pipeline.get(a).status == "open"
    services.pipeline.lose(b, "Went elsewhere")
    services.pipeline.move_before(a, lost, None, "No budget")
    assert services.pipeline.column(lost) == [b, a]
    assert services.pipeline.get(a).lost_reason == "No budget"
    services.pipeline.move_before(a, lost, b)  # a reorder within Lost keeps the reason
    assert services.pipeline.get(a).lost_reason == "No budget"
    assert services.pipeline.column(lost) == [a, b]


def test_lead_problems_are_what_a_save_refuses(services: Services) -> None:
    assert lead_problems(LeadFields(title="Deal")) == {}
    bad = LeadFields(title="  ", value_minor=-1, currency="E1", expected_close="2026-02-30")
    problems = lead_problems(bad)
    assert problems == {
        "title": "A lead needs a title.",
        "value": "A lead's value cannot be negative.",
        "currency": "“E1” is not a currency code like EUR or USD.",
        "expected_close": "“2026-02-30” is not a real date (expected YYYY-MM-DD).",
    }
    with pytest.raises(ValidationError) as raised:
        services.pipeline.create_lead(bad)
    assert raised.value.problems == problems
    assert str(raised.value) == "; ".join(problems.values())
    assert sql("SELECT COUNT(*) FROM lead").fetchone()[0] == 0

    # A missing contact only the database can tell: the service adds it, last.
    assert lead_problems(LeadFields(title="Deal", contact_id=999)) == {}
    with pytest.raises(ValidationError) as raised:
        services.pipeline.update_lead(lead(services, "x"), replace(bad, contact_id=999))
    assert list(raised.value.problems.items()) == [
        *problems.items(),
        ("contact", "There is no contact with id 999."),
    ]
