"""python -m bench.notify_soak [--reminders 1000] [--span 120] [--background 100000]

A soak of the notifier, offscreen, in a temporary data folder of its own (removed at the end):
``--background`` open reminders far away (some overdue and raised long ago, the rest weeks to a
year ahead), then ``--reminders`` reminders due over about ``--span`` seconds, half created
before the notifier starts and half in waves while it runs (each wave re-arms it through the
change bus). Every raise is recorded with how late it was against the reminder's due second.

Prints one JSON line of figures and writes nothing else; the exit status is 1 if a reminder was
missed or raised twice, the 99th percentile was 1 s late or more, or arming took 5 ms or more
(median).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMainWindow

from crm_desktop import paths
from crm_desktop.domain import notifying
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import SystemClock
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.notifying import NotificationPrefs
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.db import sql, write
from crm_desktop.store.opening import open_store
from crm_desktop.store.values import new_uid, to_epoch
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.notifications import Notifier

LEAD_S = 5.0  # the first reminder is due this long after the notifier starts
WAVES = 10  # the second half is created in this many waves while the notifier runs
LATE_P99_MS = 1000.0
ARM_MS = 5.0


class TimedNotifier(Notifier):
    """The notifier, keeping what each arming cost."""

    arms: list[float]

    def arm(self, now: datetime | None = None) -> None:
        super().arm(now)
        self.arms.append(self.arm_ms)


def fill_background(count: int, now: datetime, seed: int = 3) -> None:
    """``count`` open reminders: 40% overdue and raised long ago, 60% weeks to a year ahead;
    plus half as many done ones."""
    rng = random.Random(seed)
    stamp = to_epoch(now)
    rows = []
    for i in range(count + count // 2):
        if i < count * 0.4:
            due, status, notified = stamp - rng.randint(3600, 180 * 86400), "open", stamp - 60
        elif i < count:
            due, status, notified = stamp + rng.randint(14 * 86400, 365 * 86400), "open", None
        else:
            due, status, notified = stamp - rng.randint(0, 365 * 86400), "done", stamp - 60
        rows.append((new_uid(), 1, stamp, stamp, f"background {i}", "", due, due, status, notified))
    with write():
        db.database.connection().executemany(  # type: ignore[no-untyped-call]
            "INSERT INTO reminder (uid, version, created_at, updated_at, title, note, due_at, "
            "remind_at, status, notified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    sql("ANALYZE")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run(reminders: int, span: float, background: int) -> dict[str, Any]:
    qt_messages: list[str] = []
    qInstallMessageHandler(lambda kind, context, text: qt_messages.append(text))
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="notify-soak-") as folder:
        data = paths.resolve(folder).ensure()
        open_store(data.database, data.backups)
        try:
            services = Services.create(SystemClock())
            fill_background(background, services.clock.now())
            plan = " ".join(
                str(row[-1]) for row in sql("EXPLAIN QUERY PLAN " + notifying._NEXT).fetchall()
            )
            host = QMainWindow()
            host.resize(1200, 800)
            host.show()
            bus = ChangeBus()
            notifier = TimedNotifier(
                services, bus, NotificationPrefs(keep_in_tray=False), host=host
            )
            notifier.arms = []
            for _ in range(200):  # arming alone, before anything is due
                notifier.arm()
            idle_arms = list(notifier.arms)
            idle_checks = []
            for _ in range(200):  # a whole check: due now? the overdue count, then arming
                began = time.perf_counter()
                notifier.check()
                idle_checks.append((time.perf_counter() - began) * 1000)
            figures = soak(app, services, bus, notifier, reminders, span)
            notifier.stop()
            host.close()
        finally:
            db.close()
    figures.update(
        open_reminders=background + reminders,
        arm_ms_median=round(statistics.median(idle_arms), 3),
        arm_ms_p99=round(percentile(idle_arms, 0.99), 3),
        arm_ms_max_while_running=round(max(notifier.arms), 3),
        check_ms_median=round(statistics.median(idle_checks), 3),
        plan_uses_index="reminder_status_notified_at_remind_at_id" in plan
        and "TEMP B-TREE" not in plan,
        qt_messages=len(qt_messages),
    )
    return figures


def soak(
    app: QApplication,
    services: Services,
    bus: ChangeBus,
    notifier: TimedNotifier,
    reminders: int,
    span: float,
) -> dict[str, Any]:
    began = time.time()
    first = began + LEAD_S
    dues = [first + span * i / reminders for i in range(reminders)]
    due_of: dict[int, int] = {}
    late: dict[int, list[float]] = {}

    def create(indexes: range) -> None:
        ids: list[int] = []
        with write():
            for i in indexes:
                fields = ReminderFields(
                    title=f"soak {i}", due_at=datetime.fromtimestamp(dues[i], UTC)
                )
                ids.append(services.followups.create(fields).id)
                due_of[ids[-1]] = int(dues[i])  # stored to the whole second
        bus.publish(Change("reminder", "created", tuple(ids)))

    def raised(rid: int) -> None:
        if rid in due_of:
            late.setdefault(rid, []).append((time.time() - due_of[rid]) * 1000)

    notifier.raised.connect(raised)
    half = reminders // 2
    create(range(half))
    notifier.start()
    # The second half, due in the second half of the span, in waves while the first fires.
    per_wave = (reminders - half + WAVES - 1) // WAVES
    for wave in range(WAVES):
        indexes = range(half + wave * per_wave, min(reminders, half + (wave + 1) * per_wave))
        at_ms = int(span * 0.5 * wave / WAVES * 1000)
        QTimer.singleShot(at_ms, lambda indexes=indexes: create(indexes))

    deadline = dues[-1] + 15
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(
        lambda: loop.quit() if len(late) == reminders or time.time() > deadline else None
    )
    poll.start(200)
    loop.exec()
    settle_until = time.time() + 3  # duplicates would show up now, or on the tick below
    while time.time() < settle_until:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    notifier.safety_tick()
    poll.stop()

    lateness = [values[0] for values in late.values()]
    return {
        "reminders": reminders,
        "span_s": span,
        "raised": len(late),
        "missed": reminders - len(late),
        "raised_twice": sum(1 for values in late.values() if len(values) > 1),
        "early": sum(1 for value in lateness if value < 0),
        "late_ms_p50": round(percentile(lateness, 0.50), 1),
        "late_ms_p99": round(percentile(lateness, 0.99), 1),
        "late_ms_max": round(max(lateness, default=0.0), 1),
        "wall_s": round(time.time() - began, 1),
        "cards_shown": len(notifier.stack.cards()),
        "overdue_at_end": notifier.overdue,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.notify_soak")
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--span", type=float, default=120.0, help="seconds they fall due over")
    parser.add_argument("--background", type=int, default=100_000)
    args = parser.parse_args(argv)
    figures = run(args.reminders, args.span, args.background)
    print(json.dumps(figures), flush=True)
    failed = (
        figures["missed"]
        or figures["raised_twice"]
        or figures["early"]
        or figures["late_ms_p99"] >= LATE_P99_MS
        or figures["arm_ms_median"] >= ARM_MS
        or not figures["plan_uses_index"]
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
