"""Logging, editing and deleting interactions as undoable user actions.

Each action runs its service call, publishes what changed, and records how to take it back.
Undoing a delete (or redoing a log) writes the interaction again under a new id; the old id is
remembered as an alias of the new one, so older commands on the stack still find their row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoStack

from crm_desktop.domain.interactions import InteractionEntry, InteractionFields
from crm_desktop.domain.services import Services
from crm_desktop.domain.timeline import TimelineService
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.undo import record

Report = Callable[[str, BaseException], None]  # an ErrorReporter


class InteractionActions:
    def __init__(
        self,
        services: Services,
        timeline: TimelineService,
        bus: ChangeBus,
        stack: QUndoStack,
        report: Report,
    ) -> None:
        self._interactions = services.interactions
        self._timeline = timeline
        self._bus = bus
        self._stack = stack
        self._report = report
        self._aliases: dict[int, int] = {}  # an interaction's old id -> the id it came back as

    def current_id(self, interaction_id: int) -> int:
        """The id the interaction has now, after any deletes undone and logs redone."""
        while interaction_id in self._aliases:
            interaction_id = self._aliases[interaction_id]
        return interaction_id

    def log(self, contact_id: int, fields: InteractionFields, follow_up_days: int = 0) -> int:
        """Log an interaction (and its follow-up, in the same transaction); returns its id.

        A ``ValidationError`` goes back to the form that asked; other failures too, after they
        were reported."""
        changes = self._timeline.log(contact_id, fields, follow_up_days)
        self._bus.publish(*changes)
        first = changes[0].id
        self._aliases.pop(first, None)  # SQLite may hand out a deleted row's id again
        # A redo writes the same moment again, not the moment of the redo.
        replay = replace(fields, occurred_at=self._interactions.get(first).occurred_at)
        reminder = [changes[1].id if len(changes) > 1 else None]

        def undo() -> None:
            self._bus.publish(*self._timeline.unlog(self.current_id(first), reminder[0]))

        def redo() -> None:
            again = self._timeline.log(contact_id, replay, follow_up_days)
            self._came_back(first, again[0].id)
            reminder[0] = again[1].id if len(again) > 1 else None
            self._bus.publish(*again)

        also = " and its follow-up" if follow_up_days else ""
        self._record(f"Log {_describe(fields)}{also}", undo, redo)
        return first

    def edit(self, interaction_id: int, fields: InteractionFields) -> None:
        """Change an interaction; raises ``ValidationError`` for the editor to show."""
        before = fields_of(self._interactions.get(interaction_id))
        self._bus.publish(self._interactions.edit(interaction_id, fields))

        def put(what: InteractionFields) -> Callable[[], None]:
            return lambda: self._bus.publish(
                self._interactions.edit(self.current_id(interaction_id), what)
            )

        self._record(f"Edit {_describe(fields)}", put(before), put(fields))

    def delete(self, interaction_id: int) -> bool:
        """Delete an interaction; a failure is reported and False returned."""
        try:
            entry = self._interactions.get(interaction_id)
            self._bus.publish(self._interactions.remove(interaction_id))
        except Exception as exc:
            self._report("delete the entry", exc)
            return False
        fields = fields_of(entry)

        def undo() -> None:
            change = self._interactions.log(entry.contact_id, fields)
            self._came_back(interaction_id, change.id)
            self._bus.publish(change)

        def redo() -> None:
            self._bus.publish(self._interactions.remove(self.current_id(interaction_id)))

        self._record(f"Delete {_describe(fields)}", undo, redo)
        return True

    def _came_back(self, interaction_id: int, new_id: int) -> None:
        """The interaction once called ``interaction_id`` was written again as ``new_id``."""
        old = self.current_id(interaction_id)
        self._aliases.pop(new_id, None)  # the id is a living row's now, not an old name
        if old != new_id:
            self._aliases[old] = new_id

    def _record(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        record(self._stack, text, undo, redo, lambda exc: self._report(f"undo or redo {text}", exc))


def fields_of(entry: InteractionEntry) -> InteractionFields:
    return InteractionFields(
        kind=entry.kind,
        subject=entry.subject,
        body=entry.body,
        occurred_at=entry.occurred_at,
        direction=entry.direction,
        duration_minutes=entry.duration_minutes,
        outcome=entry.outcome,
        lead_id=entry.lead_id,
    )


def _describe(fields: InteractionFields) -> str:
    lines = fields.body.strip().splitlines()
    topic = fields.subject.strip() or (lines[0] if lines else "")
    if len(topic) > 40:
        topic = topic[:39].rstrip() + "…"
    return f"{fields.kind} “{topic}”" if topic else fields.kind
