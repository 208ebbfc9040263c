"""Work that can wait until the window is on screen: run after its first paint, a step a turn.

A start builds what the first screen shows, shows it, and only then the rest (the other pages,
the follow-ups pane, the notifier, the backup). ``AfterFirstPaint`` holds that rest: it waits
for ``widget``'s first paint (the window's own paint comes first of a frame, so the whole frame
is drawn when the first step runs), then runs one step per turn of the event loop, so a key or
a click in between is answered at once. A step that fails is reported and the next one runs.

A zero-time timer alone would not do: Qt runs it before the window system's expose event that
paints a new window.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

Step = Callable[[], object]
Report = Callable[[str, BaseException], None]


class AfterFirstPaint(QObject):
    """Runs queued steps, one per turn of the event loop, once ``widget`` has first painted."""

    def __init__(self, widget: QWidget, report: Report | None = None) -> None:
        super().__init__(widget)
        self.setObjectName("afterFirstPaint")
        self._widget = widget
        self._report = report
        self._steps: deque[tuple[str, Step]] = deque()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)
        self.painted = False
        widget.installEventFilter(self)

    def add(self, what: str, step: Step) -> None:
        """Run ``step`` after the first paint, after the steps added before it; ``what`` names
        it in an error message ("build the pipeline page")."""
        self._steps.append((what, step))
        if self.painted:
            self._timer.start()

    def pending(self) -> int:
        return len(self._steps)

    def run_all(self) -> None:
        """Run every step still waiting, now (before the window closes, say)."""
        self._timer.stop()
        while self._steps:
            self._run(*self._steps.popleft())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            self._widget.removeEventFilter(self)
            self._timer.start()  # fires once this frame is drawn
        return False

    def _next(self) -> None:
        if self._steps:
            self._run(*self._steps.popleft())
        if self._steps:
            self._timer.start()

    def _run(self, what: str, step: Step) -> None:
        try:
            step()
        except Exception as exc:  # the window is up: say what failed, go on with the rest
            if self._report is not None:
                self._report(what, exc)
            else:
                log.exception("Could not %s", what)
