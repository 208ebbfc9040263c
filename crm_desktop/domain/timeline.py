"""The timeline of a contact or a company: interactions, stage changes and completed follow-ups,
newest first, one keyset page at a time; and logging from the quick-log bar in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from crm_desktop.domain.changes import Change
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.followups import FollowUpService, ReminderFields
from crm_desktop.domain.interactions import InteractionFields, InteractionService
from crm_desktop.domain.normalize import clean
from crm_desktop.store.db import sql, write
from crm_desktop.store.models import INTERACTION_KINDS
from crm_desktop.store.values import from_epoch, to_epoch

KINDS = (*INTERACTION_KINDS, "stage", "followup")  # what a timeline can be filtered by
FOLLOW_UP_TITLE_MAX = 80

# (when, source, id): entries sort by when descending, then source, then id descending.
TimelineKey = tuple[datetime, str, int]


@dataclass(frozen=True)
class TimelineEntry:
    source: str  # "interaction", "stage_change" or "followup"
    id: int  # the row's id in its own table
    kind: str  # an interaction kind, "stage" or "followup"
    when: datetime  # aware UTC
    who: str  # the staff member who did it, or ""
    subject: str
    body: str
    contact_id: int | None
    contact_name: str
    lead_id: int | None
    lead_title: str
    direction: str = ""  # interactions only: "inbound", "outbound" or ""
    duration_minutes: int | None = None
    outcome: str = ""

    @property
    def key(self) -> TimelineKey:
        """Pass the last entry's key to ``TimelineService.page`` for the page after it."""
        return (self.when, self.source, self.id)

    @property
    def editable(self) -> bool:
        """Interactions can be edited and deleted; stage changes and follow-ups are history."""
        return self.source == "interaction"


# Each source is one SELECT with the same columns, its own keyset filter, order and limit, so
# every arm walks its own index and stops early; the outer query merges them.
_INTERACTIONS = """
SELECT 'interaction' AS source, i.id, i.kind, i.occurred_at AS at, coalesce(s.name, ''),
       i.subject, i.body, i.contact_id, coalesce(c.display_name, ''), i.lead_id,
       coalesce(l.title, ''), i.direction, i.duration_minutes, i.outcome,
       '' AS to_stage, '' AS from_stage, 0 AS seconds
FROM interaction AS i
LEFT JOIN staff AS s ON s.id = i.staff_id
LEFT JOIN contact AS c ON c.id = i.contact_id
LEFT JOIN lead AS l ON l.id = i.lead_id
WHERE {person} {where}
ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?"""

_STAGE_CHANGES = """
SELECT 'stage_change' AS source, sc.id, 'stage', sc.changed_at AS at, coalesce(s.name, ''),
       '', '', l.contact_id, coalesce(c.display_name, ''), l.id, l.title, '', NULL, '',
       coalesce(t.name, ''), coalesce(f.name, ''), sc.seconds_in_previous
FROM stage_change AS sc
JOIN lead AS l ON l.id = sc.lead_id
LEFT JOIN stage AS t ON t.id = sc.to_stage_id
LEFT JOIN stage AS f ON f.id = sc.from_stage_id
LEFT JOIN staff AS s ON s.id = sc.changed_by_id
LEFT JOIN contact AS c ON c.id = l.contact_id
WHERE sc.lead_id IN deals {where}
ORDER BY sc.changed_at DESC, sc.id DESC LIMIT ?"""

_FOLLOW_UPS = """
SELECT 'followup' AS source, r.id, 'followup', r.completed_at AS at, coalesce(s.name, ''),
       r.title, r.note, r.contact_id, coalesce(c.display_name, ''), r.lead_id,
       coalesce(l.title, ''), '', NULL, '', '', '', 0
FROM reminder AS r
LEFT JOIN staff AS s ON s.id = r.assignee_id
LEFT JOIN contact AS c ON c.id = r.contact_id
LEFT JOIN lead AS l ON l.id = r.lead_id
WHERE (r.contact_id IN people OR r.lead_id IN deals) AND r.status = 'done'
  AND r.completed_at IS NOT NULL {where}
ORDER BY r.completed_at DESC, r.id DESC LIMIT ?"""

# Who the timeline is about: a contact (even one in the trash), or a company's living people;
# and the living leads of either.
_CONTACT_SCOPE = """
WITH people(id) AS (SELECT ?),
     deals(id) AS (SELECT id FROM lead WHERE contact_id = ? AND deleted_at IS NULL)"""

_COMPANY_SCOPE = """
WITH people(id) AS (SELECT id FROM contact WHERE company_id = ? AND deleted_at IS NULL),
     deals(id) AS (SELECT id FROM lead WHERE deleted_at IS NULL
                   AND (company_id = ? OR contact_id IN people))"""


class TimelineService:
    def __init__(self, interactions: InteractionService, followups: FollowUpService) -> None:
        self.interactions = interactions
        self.followups = followups

    # -- reading ---------------------------------------------------------------------------

    def page(
        self,
        *,
        contact_id: int | None = None,
        company_id: int | None = None,
        after: TimelineKey | None = None,
        kinds: Collection[str] | None = None,
        limit: int = 50,
    ) -> list[TimelineEntry]:
        """Up to ``limit`` entries of one contact's or one company's timeline, newest first,
        after the entry whose key is ``after``; only the ``kinds`` given (None: every kind)."""
        if (contact_id is None) == (company_id is None):
            raise ValueError("give either a contact_id or a company_id")
        wanted = set(KINDS if kinds is None else kinds)
        if unknown := wanted - set(KINDS):
            raise ValueError(f"unknown timeline kinds: {sorted(unknown)}")
        scope_id = contact_id if contact_id is not None else company_id
        params: list[object] = [scope_id, scope_id]
        arms: list[str] = []
        interaction_kinds = [k for k in INTERACTION_KINDS if k in wanted]
        if interaction_kinds:
            # One contact: "=" lets the arm walk its index in order and stop at the limit.
            person = "i.contact_id IN people"
            if contact_id is not None:
                person = "i.contact_id = ?"
                params.append(contact_id)
            where = _keyset("i.occurred_at", "i.id", "interaction", after, params)
            if len(interaction_kinds) < len(INTERACTION_KINDS):
                where += f" AND i.kind IN ({', '.join('?' * len(interaction_kinds))})"
                params.extend(interaction_kinds)
            arms.append(_INTERACTIONS.format(person=person, where=where))
            params.append(limit)
        if "stage" in wanted:
            where = _keyset("sc.changed_at", "sc.id", "stage_change", after, params)
            arms.append(_STAGE_CHANGES.format(where=where))
            params.append(limit)
        if "followup" in wanted:
            where = _keyset("r.completed_at", "r.id", "followup", after, params)
            arms.append(_FOLLOW_UPS.format(where=where))
            params.append(limit)
        if not arms or limit <= 0:
            return []
        scope = _CONTACT_SCOPE if contact_id is not None else _COMPANY_SCOPE
        union = "\nUNION ALL\n".join(f"SELECT * FROM ({arm})" for arm in arms)
        statement = f"{scope}\n{union}\nORDER BY at DESC, source, id DESC LIMIT ?"
        rows = sql(statement, [*params, limit]).fetchall()
        return [_entry(row) for row in rows]

    # -- writing ---------------------------------------------------------------------------

    def log(
        self, contact_id: int, fields: InteractionFields, follow_up_days: int = 0
    ) -> tuple[Change, ...]:
        """Log an interaction and, if ``follow_up_days`` > 0, a follow-up that many days from
        now, in one transaction: both are written or neither. The interaction's change comes
        first; the reminder's, if any, second."""
        if follow_up_days < 0:
            raise ValidationError({"follow_up": "Follow up in 0 or more days."})
        with write():
            logged = self.interactions.log(contact_id, fields)
            if follow_up_days == 0:
                return (logged,)
            reminder = self.followups.create(
                ReminderFields(
                    title=follow_up_title(fields),
                    due_at=self.followups.clock.now() + timedelta(days=follow_up_days),
                    contact_id=contact_id,
                    lead_id=fields.lead_id,
                )
            )
        return (logged, reminder)

    def unlog(self, interaction_id: int, reminder_id: int | None = None) -> tuple[Change, ...]:
        """Take back what ``log`` did: remove the interaction and cancel its follow-up if that
        is still open (one already done or cancelled stays as it is)."""
        with write():
            changes = [self.interactions.remove(interaction_id)]
            if reminder_id is not None and self.followups.get(reminder_id).status == "open":
                changes.append(self.followups.cancel(reminder_id))
        return tuple(changes)


def follow_up_title(fields: InteractionFields) -> str:
    """ "Follow up: <subject>" (or the text's first line), short enough for a list."""
    lines = fields.body.strip().splitlines()
    topic = clean(fields.subject) or clean(lines[0] if lines else "") or fields.kind
    title = f"Follow up: {topic}"
    if len(title) > FOLLOW_UP_TITLE_MAX:
        title = title[: FOLLOW_UP_TITLE_MAX - 1].rstrip() + "…"
    return title


def _keyset(
    at: str, row_id: str, source: str, after: TimelineKey | None, params: list[object]
) -> str:
    """The filter that keeps one arm's rows strictly after ``after`` in timeline order."""
    if after is None:
        return ""
    when, after_source, after_id = after
    epoch = to_epoch(when)
    if source == after_source:
        params.extend([epoch, after_id])
        return f" AND ({at}, {row_id}) < (?, ?)"
    params.append(epoch)
    # Sources sort ascending at equal times: a later source still has its rows at that time.
    return f" AND {at} <= ?" if source > after_source else f" AND {at} < ?"


def _entry(row: tuple[Any, ...]) -> TimelineEntry:
    (source, rid, kind, at, who, subject, body, cid, cname, lid, ltitle) = row[:11]
    direction, duration, outcome, to_stage, from_stage, seconds = row[11:]
    if source == "stage_change":
        subject, body = _stage_text(ltitle, to_stage, from_stage, seconds)
    return TimelineEntry(
        source=source,
        id=rid,
        kind=kind,
        when=from_epoch(at),
        who=who,
        subject=subject,
        body=body,
        contact_id=cid,
        contact_name=cname,
        lead_id=lid,
        lead_title=ltitle,
        direction=direction,
        duration_minutes=duration,
        outcome=outcome,
    )


def _stage_text(lead: str, to_stage: str, from_stage: str, seconds: int) -> tuple[str, str]:
    if not from_stage:
        return f"{lead}: new lead in {to_stage}", ""
    days = seconds // 86400
    stay = f"{days} day{'s' if days != 1 else ''}" if days else "less than a day"
    return f"{lead}: moved to {to_stage}", f"From {from_stage}, after {stay} there."
