"""The notifier: raises each due follow-up once, on time, in the app and in the system tray.

One single-shot timer is armed for the next reminder not yet raised (one indexed query, no busy
poll) and re-armed whenever reminders change on the change bus, and after each raise. A slow
safety tick re-checks and re-arms: a wall clock set by the user or by NTP, and a laptop waking
from sleep (the timers' monotonic clock stops while suspended) are both caught within a tick.

A raised reminder is marked notified before anything is shown, so it is raised once: not again
on the next tick, nor at the next start. What fell due while the app was closed is summarised
once at start. Working hours (the settings) defer a raise to the next start of working hours:
that rule is ``crm_desktop.domain.notifying.raise_time``.

The parts: the card and its stack (``ui/notify/card.py``), the tray (``ui/notify/tray.py``).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from crm_desktop import APP_NAME
from crm_desktop.domain import notify_actions, notifying
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock, SystemClock
from crm_desktop.domain.notify_actions import Acted
from crm_desktop.domain.notifying import NotificationPrefs, earliest_in_hours, raise_time
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.notify.card import (
    SHOWN_TITLES,
    NotificationCard,
    NotificationStack,
    count_text,
    single_card,
    snooze_label,
    summary_card,
)
from crm_desktop.ui.notify.tray import CloseToTray, TrayIcon, bring_forward

__all__ = ["CloseToTray", "Notifier", "TrayIcon", "precise_now"]

log = logging.getLogger(__name__)

TICK_MS = 60_000  # the safety tick
RETRY_MS = 5_000  # after a failed check or a failed "mark notified"
MAX_ARM_MS = 6 * 3600 * 1000  # longer waits are re-armed by the tick long before

Report = Callable[[str, BaseException], None]
# A reminder changed like this elsewhere (the reminders pane, say) no longer needs its card.
_SETTLED = frozenset({"completed", "cancelled", "snoozed", "updated", "deleted"})


def precise_now(clock: Clock) -> Callable[[], datetime]:
    """The notifier's "now": to the millisecond for the system clock (``Clock.now`` drops the
    fraction, which would arm up to a second late); the clock itself for a test's FixedClock."""
    if isinstance(clock, SystemClock):
        return lambda: datetime.now(UTC)
    return clock.now


class Notifier(QObject):
    """Raises due follow-ups. ``start()`` once the window shows; ``stop()`` before the store
    closes. Tests drive ``fire()`` (the timer) and ``safety_tick()`` directly."""

    raised = Signal(int)  # a reminder id, once per raise (a summary raises each of its ids)
    summarised = Signal(object)  # tuple of ids raised together in one summary card
    overdue_changed = Signal(int)
    open_requested = Signal(object)  # tuple of reminder ids the user wants to see

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        prefs: NotificationPrefs,
        *,
        host: QWidget | None = None,
        tray: TrayIcon | None = None,
        undo: QUndoStack | None = None,
        report: Report | None = None,
        now: Callable[[], datetime] | None = None,
        tick_ms: int = TICK_MS,
    ) -> None:
        super().__init__(host)
        self.setObjectName("notifier")
        self.followups = services.followups
        self.clock = services.clock
        self.bus = bus
        self.prefs = prefs
        self.host = host
        self.tray = tray
        self.undo = undo
        self.report = report
        self.now = now or precise_now(services.clock)
        self.stack = NotificationStack(host)
        self.overdue = 0
        self.next_at: datetime | None = None  # when the timer is armed for
        self.arm_ms = 0.0  # what the last arming cost, for the benchmark
        self._unmarked: set[int] = set()  # raised, but "mark notified" failed: retry, not re-raise
        self._last_ids: tuple[int, ...] = ()
        self._started = False

        self.timer = QTimer(self)
        self.timer.setObjectName("notifierTimer")
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may be 5% late
        self.timer.timeout.connect(self.fire)
        self.tick = QTimer(self)
        self.tick.setObjectName("notifierTick")
        self.tick.setInterval(tick_ms)
        self.tick.timeout.connect(self.safety_tick)
        bus.changed.connect(self._changed)
        if tray is not None:
            tray.message_clicked.connect(lambda: self._open(self._last_ids))

    # -- running ---------------------------------------------------------------------------

    def start(self) -> None:
        """Summarise what fell due while the app was closed, then arm the timer and the tick."""
        self._started = True
        self.tick.start()
        self.check(at_start=True)

    def stop(self) -> None:
        self._started = False
        self.timer.stop()
        self.tick.stop()

    def set_prefs(self, prefs: NotificationPrefs) -> None:
        self.prefs = prefs
        if self._started:
            self.check()

    def fire(self) -> None:
        """The timer's slot: the next reminder's time has come."""
        self.check()

    def safety_tick(self) -> None:
        """The slow tick: catches a changed clock or a wake from sleep, and re-arms."""
        self.check()

    def check(self, *, at_start: bool = False) -> None:
        """Raise whatever is due and not yet raised, then arm for the next one."""
        try:
            now = self.now()
            self._retry_marks()
            if self.prefs.enabled and self._in_hours(now):
                ids = [i for i in notifying.due_unraised(now) if i not in self._unmarked]
                if ids:
                    self._raise(ids, at_start=at_start)
            self._count_overdue(now)
            self.arm(now)
        except Exception:  # the store busy or gone: log, try again shortly, never nag
            log.exception("Checking for due follow-ups failed; trying again")
            self.timer.start(RETRY_MS)

    def arm(self, now: datetime | None = None) -> None:
        """Arm the timer for the next reminder not yet raised (respecting working hours)."""
        began = time.perf_counter()
        now = now or self.now()
        upcoming = notifying.next_fire_at() if self.prefs.enabled else None
        if upcoming is None:
            self.timer.stop()
            self.next_at = None
        else:
            when = raise_time(upcoming, now, self.prefs.active_hours, self.clock.local_tz)
            delay = math.ceil((when - now).total_seconds() * 1000)
            delay = min(max(delay, 0), MAX_ARM_MS)
            if self._unmarked:  # the earliest may be one that could not be marked: no spin
                delay = max(delay, RETRY_MS)
            self.next_at = when
            self.timer.start(delay)
        self.arm_ms = (time.perf_counter() - began) * 1000

    def _in_hours(self, now: datetime) -> bool:
        return earliest_in_hours(now, self.prefs.active_hours, self.clock.local_tz) <= now

    def _changed(self, change: Change) -> None:
        if not change.affects("reminder") or not self._started:
            return
        self._unmarked.difference_update(change.ids)
        if change.entity == "reminder" and change.action in _SETTLED:
            self.stack.drop(change.ids)
        try:
            now = self.now()
            self._count_overdue(now)
            self.arm(now)
        except Exception:  # as in check(): the tick or the retry will arm it
            log.exception("Re-arming after a change failed; trying again")
            self.timer.start(RETRY_MS)

    def _count_overdue(self, now: datetime) -> None:
        count = notifying.count_overdue(now)
        if count != self.overdue:
            self.overdue = count
            if self.tray is not None:
                self.tray.set_overdue(count)
            self.overdue_changed.emit(count)

    # -- raising ---------------------------------------------------------------------------

    def _raise(self, ids: list[int], *, at_start: bool) -> None:
        items = notifying.describe(ids[:SHOWN_TITLES])  # a failed read marks nothing
        try:
            notify_actions.mark_raised(self.followups, ids)
        except Exception:  # shown anyway; kept out of later checks until marked
            log.exception("Could not mark %d follow-ups as notified", len(ids))
            self._unmarked.update(ids)
        snooze = self.prefs.snooze_minutes
        local = self.clock.local_tz
        if len(ids) == 1 and items:
            heading = f"Came due while {APP_NAME} was closed" if at_start else "Follow-up due"
            card = single_card(items[0], local, snooze, heading)
            message = (heading, card.title_label.text() + "\n" + card.detail_label.text())
        else:
            heading = count_text(len(ids)) + (
                f" came due while {APP_NAME} was closed" if at_start else " are due"
            )
            card = summary_card(ids, [i.title for i in items], heading, snooze)
            message = (heading, card.detail_label.text())
        self._show(card)
        if self.tray is not None:
            self.tray.notify(*message)
        if self.prefs.sound:
            QApplication.beep()
        if self.host is not None and not self.host.window().isActiveWindow():
            QApplication.alert(self.host.window())
        self._last_ids = tuple(ids)
        for rid in ids:
            self.raised.emit(rid)
        if len(ids) > 1:
            self.summarised.emit(tuple(ids))

    def _show(self, card: NotificationCard) -> None:
        shown = self.stack.add(card, self.prefs.snooze_minutes)
        shown.done.connect(lambda ids: self._done(shown, ids))
        shown.snoozed.connect(lambda ids, minutes: self._snooze(shown, ids, minutes))
        shown.opened.connect(lambda ids: self._open(ids, shown))

    def _retry_marks(self) -> None:
        if self._unmarked:
            notify_actions.mark_raised(self.followups, sorted(self._unmarked))
            self._unmarked.clear()

    # -- what the buttons do ---------------------------------------------------------------

    def _done(self, card: NotificationCard, ids: Sequence[int]) -> None:
        self._act(card, ids, lambda: notify_actions.complete(self.followups, ids), "Done")

    def _snooze(self, card: NotificationCard, ids: Sequence[int], minutes: int) -> None:
        def act() -> Acted:
            until = self.now() + timedelta(minutes=minutes)
            return notify_actions.snooze(self.followups, ids, until)

        self._act(card, ids, act, f"Snooze {snooze_label(minutes)}")

    def _act(
        self, card: NotificationCard, ids: Sequence[int], act: Callable[[], Acted], what: str
    ) -> None:
        try:
            acted = act()
        except Exception as exc:
            self._fail(f"{what.lower()} the follow-up", exc)
            return
        self.stack.remove(card)
        self.bus.publish(acted.change)
        if self.undo is None or not acted.before:
            return
        done = [acted]

        def undo_step() -> None:
            self.bus.publish(notify_actions.undo(self.followups, done[0]))

        def redo_step() -> None:
            done[0] = act()
            self.bus.publish(done[0].change)

        text = f"{what}: {count_text(acted.count)}"
        record(self.undo, text, undo_step, redo_step, lambda exc: self._fail(text, exc))

    def _open(self, ids: Sequence[int], card: NotificationCard | None = None) -> None:
        if card is not None:
            self.stack.remove(card)
        if self.host is not None:
            bring_forward(self.host.window())
        if ids:
            self.open_requested.emit(tuple(ids))

    def _fail(self, what: str, exc: BaseException) -> None:
        if self.report is not None:
            self.report(what, exc)
        else:
            log.error("Could not %s", what, exc_info=exc)
