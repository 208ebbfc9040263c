"""Undo for service calls: record an action already done, with how to take it back and redo it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

log = logging.getLogger(__name__)

Action = Callable[[], None]


class DoneCommand(QUndoCommand):
    """An action the user already did (the service call succeeded before this was pushed).

    ``QUndoStack.push`` calls ``redo`` at once; the first call is skipped because the work is
    done. A step that fails later (the row was changed elsewhere, say) is reported through
    ``on_error`` and the command is dropped from the stack rather than left half-applied.
    """

    def __init__(
        self, text: str, undo: Action, redo: Action, on_error: Callable[[Exception], None]
    ) -> None:
        super().__init__(text)
        self._undo = undo
        self._redo = redo
        self._on_error = on_error
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        self._run(self._redo)
        self._done = True

    def undo(self) -> None:
        self._run(self._undo)
        self._done = False

    def _run(self, step: Action) -> None:
        try:
            step()
        except Exception as exc:  # reported to the user, never swallowed
            log.exception("Undo step %r failed", self.text())
            self.setObsolete(True)
            self._on_error(exc)


def record(
    stack: QUndoStack,
    text: str,
    undo: Action,
    redo: Action,
    on_error: Callable[[Exception], None],
) -> None:
    """Put an action that has just been done on ``stack`` so Ctrl+Z can take it back."""
    stack.push(DoneCommand(text, undo, redo, on_error))
