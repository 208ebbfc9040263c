"""Done and Snooze on one or many raised reminders, each as one transaction that can be undone,
and marking reminders raised.

A notification may stand for many reminders (the start-up summary), so its buttons act on all of
them at once. Each action keeps what it needs to take itself back (the reminders' firing state,
the next occurrences completing brought) and undoes through the follow-up service's own
``reopen`` and ``retime``, as the reminders pane does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crm_desktop.domain.changes import Change
from crm_desktop.domain.followups import FollowUpService
from crm_desktop.store.db import sql, write
from crm_desktop.store.values import from_epoch

_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Before:
    """One reminder's firing state before an action."""

    id: int
    remind_at: datetime
    notified_at: datetime | None


@dataclass(frozen=True)
class Acted:
    """What an action did: the change to publish and enough to take it back."""

    kind: str  # "completed" or "snoozed"
    change: Change
    before: tuple[Before, ...]
    following: tuple[int | None, ...] = ()  # per completed reminder: its next occurrence

    @property
    def count(self) -> int:
        return len(self.before)


def mark_raised(followups: FollowUpService, ids: Sequence[int]) -> None:
    """Remember that these were raised (one transaction however many), so never again."""
    with write():
        for chunk in _chunks(ids):
            followups.mark_notified(list(chunk))


def complete(followups: FollowUpService, ids: Sequence[int]) -> Acted:
    """Mark every still-open one done (recurring ones bring their next occurrence)."""
    with write():
        before = _open_states(ids)
        following: list[int | None] = []
        for state in before:
            made = followups.complete(state.id).ids
            following.append(made[1] if len(made) > 1 else None)
    done = tuple(state.id for state in before)
    made_ids = tuple(i for i in following if i is not None)
    change = Change("reminder", "completed", done + made_ids, frozenset({"timeline"}))
    return Acted("completed", change, before, tuple(following))


def snooze(followups: FollowUpService, ids: Sequence[int], until: datetime) -> Acted:
    """Fire every still-open one again at ``until``."""
    with write():
        before = _open_states(ids)
        for state in before:
            followups.snooze(state.id, until)
    return Acted("snoozed", Change("reminder", "snoozed", tuple(s.id for s in before)), before)


def undo(followups: FollowUpService, acted: Acted) -> Change:
    """Take an action back: open again (cancelling next occurrences still open), or fire when
    they fired before, raised as they were."""
    ids: list[int] = []
    with write():
        if acted.kind == "completed":
            for state, follow in zip(acted.before, acted.following, strict=True):
                ids.extend(followups.reopen(state.id, drop=follow).ids)
            return Change("reminder", "reopened", tuple(ids), frozenset({"timeline"}))
        for state in acted.before:
            ids.extend(followups.retime(state.id, state.remind_at, state.notified_at).ids)
    return Change("reminder", "snoozed", tuple(ids))


def _open_states(ids: Sequence[int]) -> tuple[Before, ...]:
    found: list[Before] = []
    for chunk in _chunks(ids):
        marks = ", ".join("?" * len(chunk))
        rows = sql(
            f"SELECT id, remind_at, notified_at FROM reminder WHERE status = 'open' "
            f"AND id IN ({marks}) ORDER BY remind_at, id",
            chunk,
        ).fetchall()
        found.extend(
            Before(int(rid), from_epoch(fire), from_epoch(told) if told is not None else None)
            for rid, fire, told in rows
        )
    return tuple(found)


def _chunks(ids: Sequence[int]) -> list[tuple[int, ...]]:
    return [tuple(ids[i : i + _CHUNK]) for i in range(0, len(ids), _CHUNK)]
