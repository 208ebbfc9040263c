"""The pipeline board's reading: columns and totals, cards, filters, closed leads leaving."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crm_desktop.domain import staff
from crm_desktop.domain.board import Board, BoardQuery
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields, StageInfo
from crm_desktop.domain.services import Services


@pytest.fixture
def stages(services: Services) -> dict[str, StageInfo]:
    return {s.name: s for s in services.pipeline.stages(services.pipeline.ensure_default())}


def lead(services: Services, title: str, value: int = 1000, **kw: object) -> int:
    fields = LeadFields(title=title, value_minor=value, **kw)  # type: ignore[arg-type]
    return services.pipeline.create_lead(fields).id


def test_columns_cards_and_totals(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    acme = services.companies.create(CompanyFields(name="Acme")).id
    ann = services.contacts.create(ContactFields(first_name="Ann", company_id=acme)).id
    a = lead(services, "Roof", 10_000, contact_id=ann)
    b = lead(services, "Shed", 5_000, currency="USD")
    c = lead(services, "Gate", 2_000)
    services.pipeline.move(c, stages["Proposal"].id)
    board = Board(clock)
    query = BoardQuery(services.pipeline.ensure_default())
    state = board.open(query)
    columns = {col.stage.name: col for col in state.columns()}
    assert list(columns) == ["New", "Contacted", "Qualified", "Proposal", "Won", "Lost"]
    assert columns["New"].count == 2
    assert columns["New"].value_minor == {"EUR": 10_000, "USD": 5_000}
    assert columns["New"].weighted_minor == {"EUR": 1_000, "USD": 500}  # New is 10 %
    assert columns["Proposal"].weighted_minor == {"EUR": 1_400}  # 70 % of 2,000
    assert columns["Won"].count == 0 and columns["Won"].value_minor == {}
    assert state.ids(stages["New"].id) == [a, b]
    card = board.cards([b, a])[1]
    assert (card.title, card.contact_name, card.company_name) == ("Roof", "Ann", "Acme")
    assert card.owner_name == "Me" and card.next_due_at is None and card.days_in_stage == 0
    assert board.cards([999, a]) == [card]


def test_days_in_stage_rotting_and_next_follow_up(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    board = Board(clock)
    query = BoardQuery(services.pipeline.ensure_default())
    old, fresh = lead(services, "Old"), lead(services, "Fresh")
    clock.advance(timedelta(days=14))  # New rots after 14 days: not yet, on the day itself
    assert [c.rotting for c in board.cards([old])] == [False]
    clock.advance(timedelta(hours=1))
    services.pipeline.move(fresh, stages["New"].id, 0)  # a reorder keeps the time in stage
    services.pipeline.move(fresh, stages["Contacted"].id)
    due = clock.now() + timedelta(days=2)
    services.followups.create(ReminderFields(title="Call back", due_at=due, lead_id=old))
    rotten, moved = board.cards([old, fresh])
    assert rotten.rotting and rotten.days_in_stage == 14 and rotten.next_due_at == due
    assert not moved.rotting and moved.days_in_stage == 0
    rotting = board.open(BoardQuery(query.pipeline_id, rotting=True))
    assert rotting.ids(stages["New"].id) == [old]
    no_step = BoardQuery(query.pipeline_id, no_next_step=True)
    assert board.open(no_step).ids(stages["New"].id) == []
    assert board.open(no_step).ids(stages["Contacted"].id) == [fresh]
    services.pipeline.win(fresh)  # a won lead never rots and needs no next step
    assert board.cards([fresh])[0].rotting is False
    assert board.open(no_step).ids(stages["Won"].id) == []


def test_filters_narrow_cards_and_totals_alike(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    boss = staff.create(clock, "Boss")
    zeta = services.companies.create(CompanyFields(name="Zeta Works")).id
    bob = services.contacts.create(ContactFields(first_name="Bob", last_name="Quill")).id
    cheap = lead(services, "Window cleaning", 500)
    dear = lead(services, "Office fit-out", 90_000, owner_id=boss, company_id=zeta)
    nobody = lead(services, "Garden", 3_000, contact_id=bob)
    services.pipeline.update_lead(
        nobody, LeadFields(title="Garden", value_minor=3_000, contact_id=bob, owner_id=None)
    )
    board = Board(clock)
    pipeline = services.pipeline.ensure_default()
    new = stages["New"].id

    def shown(**kw: object) -> list[int]:
        query = BoardQuery(pipeline, **kw)  # type: ignore[arg-type]
        state = board.open(query)
        ids = state.ids(new)
        assert state.columns()[0].count == len(ids)
        return ids

    assert shown(owner_id=boss) == [dear]
    assert shown(owner_id=0) == [nobody]
    assert shown(text="window") == [cheap]
    assert shown(text="zeta") == [dear]  # the company's name
    assert shown(text="quill") == [nobody]  # the contact's name
    assert shown(text="garden quill") == [nobody]
    assert shown(text='"(*') == [cheap, dear, nobody]  # no words: no filter
    assert shown(min_value_minor=1_000) == [dear, nobody]
    assert shown(min_value_minor=1_000, max_value_minor=5_000) == [nobody]
    with pytest.raises(ValidationError):
        shown(min_value_minor=5_000, max_value_minor=1_000)


def test_closed_leads_leave_the_board_after_some_days(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    board = Board(clock)
    pipeline = services.pipeline.ensure_default()
    won, lost = lead(services, "Won"), lead(services, "Lost")
    services.pipeline.win(won)
    services.pipeline.lose(lost, "No budget")
    clock.advance(timedelta(days=5))
    assert board.open(BoardQuery(pipeline)).ids(stages["Won"].id) == [won]
    assert board.open(BoardQuery(pipeline, closed_days=3)).ids(stages["Lost"].id) == []
    clock.advance(timedelta(days=3))
    assert board.open(BoardQuery(pipeline)).ids(stages["Won"].id) == []
    assert board.open(BoardQuery(pipeline, closed_days=30)).columns()[4].count == 1
    services.pipeline.trash([won])
    assert board.open(BoardQuery(pipeline, closed_days=30)).columns()[4].count == 0


def test_the_state_follows_moves_and_their_undo(
    services: Services, stages: dict[str, StageInfo], clock: FixedClock
) -> None:
    a, b, c = lead(services, "a", 100), lead(services, "b", 200), lead(services, "c", 400)
    pipeline = services.pipeline.ensure_default()
    state = Board(clock).open(BoardQuery(pipeline))
    new, won = stages["New"].id, stages["Won"].id
    place = services.pipeline.place(c)
    services.pipeline.move_before(c, new, a)
    state.reread(c)
    assert state.ids(new) == [c, a, b] and state.row_of(c) == 0
    services.pipeline.move_before(a, won, None)
    state.reread(a)
    assert state.ids(new) == [c, b] and state.ids(won) == [a]
    totals = {col.stage.name: col for col in state.columns()}
    assert totals["New"].value_minor == {"EUR": 600} and totals["New"].weighted_minor == {"EUR": 60}
    assert totals["Won"].weighted_minor == {"EUR": 100}
    assert state.columns() == Board(clock).open(BoardQuery(pipeline)).columns()
    summary = state.open_summary()
    assert (summary.count, summary.value_minor, summary.weighted_minor) == (
        2,
        {"EUR": 600},
        {"EUR": 60},
    )
    services.pipeline.put_back(place)
    state.reread(c)
    assert state.ids(new) == [b, c]
    clock.advance(timedelta(days=15))
    rotting = Board(clock).open(BoardQuery(pipeline, rotting=True))
    assert rotting.ids(new) == [b, c]
    services.pipeline.move_before(b, stages["Contacted"].id, None)  # fresh there: not rotting
    rotting.reread(b)
    assert rotting.ids(new) == [c] and rotting.stage_of(b) is None and rotting.row_of(b) == -1
