"""The pipeline board's SQL: which leads each stage column shows, and their cards.

The board reads the ids and money of all its leads at once (a few per cent of a database's
rows: 12,000 open leads at the 100,000-contact demo), and cards only for the ids on screen.
Every filter is a WHERE clause here, so the totals always match the cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from crm_desktop.store import search
from crm_desktop.store.db import sql

DAY = 86_400


@dataclass(frozen=True)
class Filters:
    """What narrows the board. ``owner_id`` 0 means "nobody"; ``now`` is epoch seconds."""

    pipeline_id: int
    now: int
    closed_since: int  # won and lost leads closed before this have left the board
    owner_id: int | None = None
    text: str = ""
    min_value_minor: int | None = None
    max_value_minor: int | None = None
    no_next_step: bool = False
    rotting: bool = False


def _where(f: Filters) -> tuple[str, list[Any]]:
    parts = [
        "l.pipeline_id = ?",
        "l.deleted_at IS NULL",
        "(l.status = 'open' OR l.closed_at >= ?)",
    ]
    params: list[Any] = [f.pipeline_id, f.closed_since]
    if f.owner_id is not None:
        parts.append("coalesce(l.owner_id, 0) = ?")
        params.append(f.owner_id)
    for word in search.words(f.text):
        # Each word in the lead's own text (title, next step, source), its contact's or its
        # company's, so "garden quill" finds the garden job for Bob Quill.
        alternatives = []
        for kind, column in _TEXT_SOURCES:
            clause, more = search.list_clause(kind, column, word, in_order=False)
            alternatives.append(clause)
            params += more
        parts.append(f"({' OR '.join(alternatives)})")
    if f.min_value_minor is not None:
        parts.append("l.value_minor >= ?")
        params.append(f.min_value_minor)
    if f.max_value_minor is not None:
        parts.append("l.value_minor <= ?")
        params.append(f.max_value_minor)
    if f.no_next_step:
        parts.append(
            "l.status = 'open' AND NOT EXISTS (SELECT 1 FROM reminder r"
            " WHERE r.lead_id = l.id AND r.status = 'open')"
        )
    if f.rotting:
        parts.append(f"l.status = 'open' AND {_ROTTING}")
        params.append(f.now)
    return " WHERE " + " AND ".join(parts), params


_TEXT_SOURCES = (("lead", "l.id"), ("contact", "l.contact_id"), ("company", "l.company_id"))

# True when an open lead has sat in its stage longer than the stage's rotting days (a stage
# without them never rots: the comparison with NULL is not true). Takes ``now`` as parameter.
_ROTTING = (
    "l.stage_entered_at < ? - (SELECT st.rotting_days FROM stage st WHERE st.id = l.stage_id)"
    f" * {DAY}"
)


def leads(f: Filters) -> list[tuple[int, int, int, str, int, int]]:
    """(stage, lead id, position, currency, value, probability) of each lead on the board, by stage
    and then in board order. One query for all columns, so a text filter's matches are read
    from the index once (per column it cost six times as much: 350 ms against 60)."""
    where, params = _where(f)
    return [
        tuple(row)
        for row in sql(
            "SELECT l.stage_id, l.id, l.position, l.currency, l.value_minor, l.probability"
            f" FROM lead l{where} ORDER BY l.stage_id, l.position, l.id",
            params,
        ).fetchall()
    ]


def lead(f: Filters, lead_id: int) -> tuple[int, int, int, str, int, int] | None:
    """One lead as ``leads`` gives it, or None when it is not on the board: after a move,
    which changes neither its text nor its owner's or company's, so ``f.text`` is ignored."""
    where, params = _where(replace(f, text=""))
    row = sql(
        "SELECT l.stage_id, l.id, l.position, l.currency, l.value_minor, l.probability"
        f" FROM lead l{where} AND l.id = ?",
        [*params, lead_id],
    ).fetchone()
    return tuple(row) if row is not None else None


CARD_COLUMNS = (
    "id title contact_name company_name value_minor currency owner_name stage_id"
    " stage_entered_at next_due_at status rotting_days contact_id owner_id"
)


def cards(ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """One row per id (``CARD_COLUMNS``), in no particular order."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows += [
            tuple(row)
            for row in sql(
                "SELECT l.id, l.title, ifnull(c.display_name, ''),"
                " coalesce(co.name, cc.name, ''), l.value_minor, l.currency,"
                " ifnull(s.name, ''), l.stage_id, l.stage_entered_at,"
                " (SELECT min(r.remind_at) FROM reminder r"
                "  WHERE r.lead_id = l.id AND r.status = 'open'),"
                " l.status, st.rotting_days, l.contact_id, l.owner_id"
                " FROM lead l JOIN stage st ON st.id = l.stage_id"
                " LEFT JOIN contact c ON c.id = l.contact_id"
                " LEFT JOIN company co ON co.id = l.company_id"
                " LEFT JOIN company cc ON cc.id = c.company_id"
                " LEFT JOIN staff s ON s.id = l.owner_id"
                f" WHERE l.id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        ]
    return rows
