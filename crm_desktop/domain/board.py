"""The pipeline board as its reader sees it: columns with totals, and the cards in them.

What a card says is decided here: days in stage, whether it is rotting (an open lead that has
sat longer than its stage's rotting days), its next follow-up. Closed (won or lost) leads stay
on the board for ``closed_days`` after closing, then only search and reports find them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.pipeline import PipelineService, StageInfo
from crm_desktop.store import board as sql_board

CLOSED_DAYS = 7  # how long a won or lost lead stays on the board by default


@dataclass(frozen=True)
class BoardQuery:
    pipeline_id: int
    owner_id: int | None = None  # 0: leads nobody owns
    text: str = ""
    min_value_minor: int | None = None
    max_value_minor: int | None = None
    no_next_step: bool = False  # open leads without an open follow-up
    rotting: bool = False
    closed_days: int = CLOSED_DAYS


@dataclass(frozen=True)
class Card:
    id: int
    title: str
    contact_name: str
    company_name: str
    value_minor: int
    currency: str
    owner_name: str
    stage_id: int
    days_in_stage: int
    next_due_at: datetime | None
    status: str  # open, won, lost
    rotting: bool
    contact_id: int | None
    owner_id: int | None


@dataclass(frozen=True)
class Column:
    stage: StageInfo
    count: int
    value_minor: dict[str, int]  # per currency
    weighted_minor: dict[str, int]  # probability-weighted, per currency


@dataclass(frozen=True)
class Summary:
    count: int
    value_minor: dict[str, int]
    weighted_minor: dict[str, int]


class Board:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._stages = PipelineService(clock)

    def open(self, query: BoardQuery) -> BoardState:
        """The board's columns with their ids and totals, read once for ``query``."""
        state = BoardState(self, query, self._stages.stages(query.pipeline_id))
        for row in sql_board.leads(self._filters(query)):
            state.add(row)
        return state

    def cards(self, ids: list[int]) -> list[Card]:
        """The cards of these leads, in the order of ``ids`` (missing ones left out)."""
        now = self.clock.now()
        found: dict[int, Card] = {}
        for row in sql_board.cards(ids):
            (lead_id, title, contact, company, value, currency, owner, stage_id) = row[:8]
            entered, due, status, rotting_days, contact_id, owner_id = row[8:]
            in_stage = now - _instant(entered)
            days = max(0, in_stage.days)
            found[lead_id] = Card(
                id=lead_id,
                title=title,
                contact_name=contact,
                company_name=company,
                value_minor=value,
                currency=currency,
                owner_name=owner,
                stage_id=stage_id,
                days_in_stage=days,
                next_due_at=_instant(due) if due is not None else None,
                status=status,
                rotting=status == "open"
                and rotting_days is not None
                and in_stage > timedelta(days=rotting_days),
                contact_id=contact_id,
                owner_id=owner_id,
            )
        return [found[i] for i in ids if i in found]

    def entry(self, query: BoardQuery, lead_id: int) -> Entry | None:
        """One lead's place and money on the board, or None when the board no longer shows it
        (see ``store.board.lead``: for after a move)."""
        return sql_board.lead(self._filters(query), lead_id)

    def _filters(self, query: BoardQuery) -> sql_board.Filters:
        if query.closed_days < 0:
            raise ValidationError({"closed_days": "Closed leads stay 0 days or more."})
        low, high = query.min_value_minor, query.max_value_minor
        if low is not None and high is not None and low > high:
            raise ValidationError({"value": "The lowest value is above the highest."})
        now = self.clock.now()
        return sql_board.Filters(
            pipeline_id=query.pipeline_id,
            now=int(now.timestamp()),
            closed_since=int((now - timedelta(days=query.closed_days)).timestamp()),
            owner_id=query.owner_id,
            text=query.text,
            min_value_minor=low,
            max_value_minor=high,
            no_next_step=query.no_next_step,
            rotting=query.rotting,
        )


Entry = tuple[int, int, int, str, int, int]  # stage, lead, position, currency, value, probability


class BoardState:
    """The ids in each column and the columns' totals, kept in step as leads move."""

    def __init__(self, board: Board, query: BoardQuery, stages: list[StageInfo]) -> None:
        self.query = query
        self.stages = stages
        self._board = board
        self._ids: dict[int, list[int]] = {stage.id: [] for stage in stages}
        self._entries: dict[int, Entry] = {}
        # per stage and currency: [leads, value, value x probability]
        self._sums: dict[int, dict[str, list[int]]] = {}

    def add(self, entry: Entry) -> None:
        """A lead read in board order: it goes below the others of its column."""
        self._ids.setdefault(entry[0], []).append(entry[1])
        self._count(entry)

    def ids(self, stage_id: int) -> list[int]:
        return self._ids.get(stage_id, [])

    def stage_of(self, lead_id: int) -> int | None:
        entry = self._entries.get(lead_id)
        return entry[0] if entry is not None else None

    def row_of(self, lead_id: int) -> int:
        """The lead's row in its column; -1 when it is not on the board."""
        stage_id = self.stage_of(lead_id)
        return -1 if stage_id is None else self._ids[stage_id].index(lead_id)

    def columns(self) -> list[Column]:
        columns = []
        for stage in self.stages:
            sums = self._sums.get(stage.id, {})
            columns.append(
                Column(
                    stage,
                    sum(n for n, _, _ in sums.values()),
                    {currency: value for currency, (_, value, _) in sums.items()},
                    {currency: weighted // 100 for currency, (_, _, weighted) in sums.items()},
                )
            )
        return columns

    def open_summary(self) -> Summary:
        """The open leads on the board: how many, their value and weighted value."""
        count = 0
        values: dict[str, int] = {}
        weighted: dict[str, int] = {}
        for column in self.columns():
            if column.stage.kind == "open":
                count += column.count
                for currency, amount in column.value_minor.items():
                    values[currency] = values.get(currency, 0) + amount
                for currency, amount in column.weighted_minor.items():
                    weighted[currency] = weighted.get(currency, 0) + amount
        return Summary(count, values, weighted)

    def reread(self, lead_id: int) -> None:
        """Put a lead where the database now has it: after a move (and its undo). It lands by
        its position in its column, or leaves the board when a filter no longer lets it in."""
        old = self._entries.get(lead_id)
        if old is not None:
            self._ids[old[0]].remove(lead_id)
            self._count(old, -1)
        entry = self._board.entry(self.query, lead_id)
        if entry is None:
            return
        column = self._ids.setdefault(entry[0], [])
        keys = [(self._entries[i][2], i) for i in column]
        column.insert(bisect.bisect(keys, (entry[2], lead_id)), lead_id)
        self._count(entry)

    def _count(self, entry: Entry, sign: int = 1) -> None:
        stage_id, lead_id, _, currency, value, probability = entry
        sums = self._sums.setdefault(stage_id, {})
        n, total, weighted = sums.get(currency, (0, 0, 0))
        sums[currency] = [n + sign, total + sign * value, weighted + sign * value * probability]
        if sign > 0:
            self._entries[lead_id] = entry
        else:
            del self._entries[lead_id]
            if n + sign == 0:
                del sums[currency]


def _instant(epoch: int) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)
