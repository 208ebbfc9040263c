"""What the pane and the editor do to a reminder, each an undoable step: complete (a recurring
one brings its next occurrence; undo takes both back), snooze, cancel, create, edit.

Each step calls the follow-up service, publishes the change, and records the way back on the
undo stack; a failure is reported and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QUndoStack

from crm_desktop.domain.changes import Change
from crm_desktop.domain.followups import ReminderFields, ReminderItem
from crm_desktop.domain.reminder_pane import fields_of
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.undo import record

Report = Callable[[str, BaseException], None]


class ReminderActions:
    def __init__(
        self, services: Services, bus: ChangeBus, undo: QUndoStack, report: Report
    ) -> None:
        self.followups = services.followups
        self._bus, self._undo, self._report = bus, undo, report

    def complete(self, reminder_id: int) -> bool:
        followups = self.followups
        try:
            title = followups.get(reminder_id).title
            change = followups.complete(reminder_id)
        except Exception as exc:  # shown to the user; nothing changed
            self._report("complete the follow-up", exc)
            return False
        following = [change.ids[1] if len(change.ids) > 1 else None]
        self._bus.publish(change)

        def undo() -> None:
            self._bus.publish(followups.reopen(reminder_id, drop=following[0]))

        def redo() -> None:
            again = followups.complete(reminder_id)
            following[0] = again.ids[1] if len(again.ids) > 1 else None
            self._bus.publish(again)

        self._record(f"Complete “{title}”", undo, redo)
        return True

    def cancel(self, reminder_id: int) -> bool:
        followups = self.followups
        return self._step(
            "cancel the follow-up",
            reminder_id,
            "Cancel “{}”",
            lambda: followups.cancel(reminder_id),
            lambda: followups.reopen(reminder_id),
        )

    def snooze(self, reminder_id: int, until: datetime) -> bool:
        followups = self.followups
        try:
            before = followups.get(reminder_id)
        except Exception as exc:
            self._report("snooze the follow-up", exc)
            return False
        return self._step(
            "snooze the follow-up",
            reminder_id,
            "Snooze “{}”",
            lambda: followups.snooze(reminder_id, until),
            lambda: followups.retime(reminder_id, before.remind_at, before.notified_at),
        )

    def created(self, reminder_id: int, title: str) -> None:
        """Record a follow-up the editor has just made: undo cancels it, redo opens it again."""
        followups = self.followups
        self._record(
            f"Add follow-up “{title}”",
            lambda: self._bus.publish(followups.cancel(reminder_id)),
            lambda: self._bus.publish(followups.reopen(reminder_id)),
        )

    def edited(self, before: ReminderItem, after: ReminderFields) -> None:
        """Record an edit the editor has just saved: undo writes the earlier values back, with
        the snooze and "notified" it had (an edit clears both)."""
        followups, rid = self.followups, before.id

        def undo() -> None:
            changes = [followups.edit(rid, fields_of(before))]
            if before.remind_at != before.due_at or before.notified_at is not None:
                changes.append(followups.retime(rid, before.remind_at, before.notified_at))
            self._bus.publish(*changes)

        self._record(
            f"Edit follow-up “{after.title.strip()}”",
            undo,
            lambda: self._bus.publish(followups.edit(rid, after)),
        )

    def _step(
        self,
        what: str,
        reminder_id: int,
        text: str,
        do: Callable[[], Change],
        undo: Callable[[], Change],
    ) -> bool:
        try:
            title = self.followups.get(reminder_id).title
            self._bus.publish(do())
        except Exception as exc:  # shown to the user; nothing changed
            self._report(what, exc)
            return False
        self._record(
            text.format(title), lambda: self._bus.publish(undo()), lambda: self._bus.publish(do())
        )
        return True

    def _record(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        record(
            self._undo, text, undo, redo, lambda exc: self._report(f"undo or redo “{text}”", exc)
        )
