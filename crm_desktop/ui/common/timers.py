"""The timers a view keeps itself current with, never a poll.

``debounce``: a pause in typing, then one check. ``next_turn``: a burst of changes, one
re-read; start it as often as you like, its slot runs once, on the next turn of the event
loop. ``alarm`` and ``arm``: one single-shot timer for the
moment the view next goes stale by itself (a row falls due, midnight moves the ranges). A wait
longer than ``MAX_WAIT_MS`` is cut short and the slot re-arms, so the view notices when the
clock has jumped (sleep, a changed time zone).

Imported by the reminders pane, which is built just after the first paint: Qt core only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer

MAX_WAIT_MS = 15 * 60 * 1000


def debounce(parent: QObject, delay_ms: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer that runs ``slot`` once ``start()`` has not been called again for
    ``delay_ms`` (a pause in typing, say)."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer


def next_turn(parent: QObject, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer with no delay, so ``slot`` runs once for a burst of ``start()``s."""
    return debounce(parent, 0, slot)


def alarm(parent: QObject, name: str, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer named ``name`` (tests find it by that name), started by ``arm``."""
    timer = QTimer(parent)
    timer.setObjectName(name)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    return timer


def arm(timer: QTimer, target: datetime, now: datetime, most_ms: int = MAX_WAIT_MS) -> None:
    """Start ``timer`` to fire at ``target`` (at once if that has passed), or in ``most_ms``
    if ``target`` is further away than that."""
    wait = (target - now).total_seconds() * 1000
    timer.start(int(min(max(wait, 0), most_ms)))
