"""What a deals export reads: the living leads of one pipeline or of all, as plain values, a
page at a time (keyset by id, so that a million leads never sit in memory), with the names of
their stage, pipeline, person, company and owner rather than ids.

A lead's person or company in the trash is left out of its row, as the contacts export leaves
them out: a file that names them would bring back what the user threw away. Times are the
user's own (``Clock.local_tz``). Writing the file is ``crm_desktop.interchange.deal_writer``'s;
saving it, counting and cancelling are ``exports``' (``save_atomically``, ``CountedPages``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.exports import PAGE_SIZE
from crm_desktop.store.db import sql
from crm_desktop.store.values import from_epoch


@dataclass(slots=True)
class ExportDeal:
    id: int
    uid: str
    title: str
    value_minor: int  # in the currency's minor unit (cents)
    currency: str
    stage: str
    status: str  # open, won, lost
    pipeline: str
    contact: str  # the person's display name, "" without one
    contact_email: str  # their primary e-mail, "" without one
    company: str
    owner: str  # the owner's name, "" for nobody
    expected_close: date | None
    closed_at: datetime | None  # in the user's time zone; None while open
    lost_reason: str
    source: str
    next_step: str
    notes: str
    created_at: datetime  # in the user's time zone


_FROM = """
FROM lead l
JOIN stage s ON s.id = l.stage_id
JOIN pipeline p ON p.id = l.pipeline_id
LEFT JOIN contact c ON c.id = l.contact_id AND c.deleted_at IS NULL
LEFT JOIN company co ON co.id = l.company_id AND co.deleted_at IS NULL
LEFT JOIN staff o ON o.id = l.owner_id
WHERE l.deleted_at IS NULL"""
_DEALS_SQL = (
    """SELECT l.id, l.uid, l.title, l.value_minor, l.currency, s.name, l.status, p.name,
       coalesce(c.display_name, ''),
       coalesce((SELECT e.email FROM contact_email e WHERE e.contact_id = c.id
                 ORDER BY e.position, e.id LIMIT 1), ''),
       coalesce(co.name, ''), coalesce(o.name, ''), l.expected_close, l.closed_at,
       l.lost_reason, l.source, l.next_step, l.notes, l.created_at"""
    + _FROM
    + " AND l.id > ? {more} ORDER BY l.id LIMIT ?"
)
_COUNT_SQL = "SELECT count(*) FROM lead l WHERE l.deleted_at IS NULL {more}"


class DealExports:
    """Reads for a deals export. Pages are plain values; nothing here writes."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def count(self, pipeline_id: int | None = None) -> int:
        """How many living deals the pipeline (or all of them) holds."""
        more, params = _pipeline_filter(pipeline_id)
        return int(sql(_COUNT_SQL.format(more=more), params).fetchone()[0])

    def deals(
        self, pipeline_id: int | None = None, page_size: int = PAGE_SIZE
    ) -> Iterator[list[ExportDeal]]:
        """The living deals of the pipeline (or of all), page by page, in the order they were
        added."""
        more, params = _pipeline_filter(pipeline_id)
        statement = _DEALS_SQL.format(more=more)
        last = 0
        while True:
            rows = sql(statement, [last, *params, page_size]).fetchall()
            if not rows:
                return
            yield [self._deal(row) for row in rows]
            if len(rows) < page_size:
                return
            last = rows[-1][0]

    def _deal(self, row: Sequence[Any]) -> ExportDeal:
        zone = self.clock.local_tz
        closed = from_epoch(row[13]).astimezone(zone) if row[13] is not None else None
        day = date.fromordinal(row[12]) if row[12] is not None else None
        created = from_epoch(row[18]).astimezone(zone)
        values: list[Any] = [*row[:12], day, closed, *row[14:18], created]
        return ExportDeal(*values)  # by position, in the fields' order: fast


def _pipeline_filter(pipeline_id: int | None) -> tuple[str, list[Any]]:
    if pipeline_id is None:
        return "", []
    return " AND l.pipeline_id = ?", [pipeline_id]
