"""What the Reminders page does to the rows selected: complete, cancel or reopen them, each one
undoable step however many rows it took.

One row goes through the pane's steps (``ReminderActions``: the same undo texts, a recurring
one's next occurrence taken back with it); several go through ``ReminderBulk``, in one
transaction. Rows that cannot take the step (completing a done one) are left out; a failure is
reported and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtGui import QUndoStack

from crm_desktop.domain.changes import Change
from crm_desktop.domain.reminder_list import Closed, ReminderBulk, ReminderRow
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.reminders.actions import ReminderActions

Report = Callable[[str, BaseException], None]


class PageActions:
    def __init__(
        self, services: Services, bus: ChangeBus, undo: QUndoStack, report: Report
    ) -> None:
        self.steps = ReminderActions(services, bus, undo, report)
        self.bulk = ReminderBulk(services.clock, services.actor_id)
        self._bus, self._undo, self._report = bus, undo, report

    def complete(self, rows: Sequence[ReminderRow]) -> int:
        """Complete the open ones among ``rows``; how many were completed."""
        chosen = [r for r in rows if r.status == "open"]
        if len(chosen) == 1:
            return int(self.steps.complete(chosen[0].id))
        bulk = self.bulk
        done = self._run("complete the follow-ups", lambda: bulk.complete(_ids(chosen)))
        if done is None:
            return 0
        acted, following = done.acted, [done.following]

        def undo() -> None:
            self._publish(bulk.reopen(acted, drop=following[0]).change)

        def redo() -> None:
            again = bulk.complete(acted)
            following[0] = again.following
            self._publish(again.change)

        self._record(f"Complete {_count(acted)}", undo, redo)
        return len(acted)

    def cancel(self, rows: Sequence[ReminderRow]) -> int:
        """Cancel the open ones among ``rows``; how many were cancelled."""
        chosen = [r for r in rows if r.status == "open"]
        if len(chosen) == 1:
            return int(self.steps.cancel(chosen[0].id))
        bulk = self.bulk
        done = self._run("cancel the follow-ups", lambda: bulk.cancel(_ids(chosen)))
        if done is None:
            return 0
        acted = done.acted
        self._record(
            f"Cancel {_count(acted)}",
            lambda: self._publish(bulk.reopen(acted).change),
            lambda: self._publish(bulk.cancel(acted).change),
        )
        return len(acted)

    def reopen(self, rows: Sequence[ReminderRow]) -> int:
        """Open the done and cancelled ones among ``rows`` again; undo closes them as they
        were (a done recurring one does not bring another occurrence)."""
        chosen = [r for r in rows if r.status != "open"]
        bulk = self.bulk
        done = self._run("reopen the follow-ups", lambda: bulk.reopen(_ids(chosen)))
        if done is None:
            return 0
        acted, before = done.acted, [done.before]

        def redo() -> None:
            again = bulk.reopen(acted)
            before[0] = again.before
            self._publish(again.change)

        text = f"Reopen “{chosen[0].title}”" if len(acted) == 1 else f"Reopen {_count(acted)}"
        self._record(text, lambda: self._publish(bulk.restore(before[0])), redo)
        return len(acted)

    def snooze(self, row: ReminderRow, until: datetime) -> bool:
        return self.steps.snooze(row.id, until)

    def _run(self, what: str, act: Callable[[], Closed]) -> Closed | None:
        try:
            done = act()
        except Exception as exc:  # shown to the user; nothing changed
            self._report(what, exc)
            return None
        if done.change is None:
            return None
        self._publish(done.change)
        return done

    def _publish(self, change: Change | None) -> None:
        if change is not None:
            self._bus.publish(change)

    def _record(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        record(
            self._undo, text, undo, redo, lambda exc: self._report(f"undo or redo “{text}”", exc)
        )


def _ids(rows: Sequence[ReminderRow]) -> list[int]:
    return [r.id for r in rows]


def _count(ids: Sequence[int]) -> str:
    return f"{len(ids):,} follow-up{'s' if len(ids) != 1 else ''}"
