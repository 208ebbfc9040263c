"""The reminders pane, the notifier and the Reminders page at 100,000 open reminders, offscreen:
run as ``python -m bench.reminders_ui DB`` in its own process; prints one JSON object of
figures (milliseconds, medians) on its last line. ``--table`` prints a markdown table too.

``DB`` (a cached demo database, ``bench/.cache/demo-100000.sqlite3``) is only read: it is
copied into a temporary folder, opened there with ``open_store`` (which migrates the copy) and
topped up with open reminders in bulk until ``--open`` (100,000) are open, spread over staff
and contacts, 30% overdue (and raised), the rest up to a year ahead, some recurring. The folder
is removed at the end.

- pane, pane_mine: the reminders pane (everyone's; mine) built, shown and painted;
- arm: the notifier arming its timer for the next reminder not yet raised;
- page_first: the Reminders page (Open, Everyone, by due) built, shown and painted;
- page_sort_*: a click on a column header (title, assignee, completed, back to due), repainted;
- page_filter_*: a filter changed (mine, overdue, a word typed, status All), repainted;
- page_end: the page scrolled to its last row and repainted (once counted);
- complete: a reminder completed from the page, the page re-read in place and repainted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow

from crm_desktop import paths
from crm_desktop.domain.notifying import NotificationPrefs
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.db import sql, write
from crm_desktop.store.opening import open_store
from crm_desktop.store.values import new_uid, to_epoch
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.notifications import Notifier
from crm_desktop.ui.reminders.page import RemindersPage
from crm_desktop.ui.reminders.pane import RemindersPane

OPEN = 100_000
DAY = 86_400
TITLES = ("Call {}", "Email {}", "Send proposal to {}", "Follow up with {}", "Check in with {}")
NOTES = ("", "", "Ask about the renewal.", "They wanted a quote by Friday.", "Bring the samples.")
WORD = "renewal"  # in about a tenth of the notes
TARGETS = {
    "arm": 5.0,
    "pane": 100.0,
    "pane_mine": 100.0,
}  # the issue's: arming < 5 ms, the pane opens < 100 ms


def _ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def copy_database(source: Path, folder: Path) -> paths.DataPaths:
    """A data folder in ``folder`` holding a copy of ``source`` (and its WAL, if any)."""
    data = paths.resolve(str(folder)).ensure()
    shutil.copyfile(source, data.database)
    wal = source.with_name(source.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        shutil.copyfile(wal, data.database.with_name(data.database.name + "-wal"))
    return data


def top_up(open_wanted: int, now: datetime, seed: int = 5) -> int:
    """Add open reminders until ``open_wanted`` are open; returns how many were added."""
    rng = random.Random(seed)
    have = int(sql("SELECT count(*) FROM reminder WHERE status = 'open'").fetchone()[0])
    wanted = max(0, open_wanted - have)
    staff = [int(r[0]) for r in sql("SELECT id FROM staff").fetchall()]
    people = sql("SELECT id, display_name FROM contact WHERE deleted_at IS NULL").fetchall()
    stamp = to_epoch(now)
    rows = []
    for _ in range(wanted):
        contact, name = people[rng.randrange(len(people))] if people else (None, "someone")
        if rng.random() < 0.3:
            due = (stamp - rng.randint(3600, 180 * DAY)) // 900 * 900
            notified: int | None = due
        else:
            due = (stamp + rng.randint(900, 365 * DAY)) // 900 * 900
            notified = None
        every, unit = (1, "weeks") if rng.random() < 0.1 else (None, None)
        rows.append(
            (
                new_uid(),
                stamp,
                stamp,
                rng.choice(TITLES).format(name),
                rng.choice(NOTES),
                due,
                due,
                rng.choice(staff) if staff else None,
                contact,
                every,
                unit,
                notified,
            )
        )
    with write():
        db.database.connection().executemany(  # type: ignore[no-untyped-call]
            "INSERT INTO reminder (uid, version, created_at, updated_at, title, note, due_at,"
            " remind_at, assignee_id, contact_id, status, recur_every, recur_unit, notified_at)"
            " VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)",
            rows,
        )
    sql("ANALYZE reminder")
    return wanted


def _pane(
    app: QApplication, services: Services, parts: tuple, runs: int, mine: bool
) -> list[float]:
    times = []
    for _ in range(runs):
        pane: RemindersPane | None = None

        def build() -> None:
            nonlocal pane
            pane = RemindersPane(services, *parts, mine=mine)
            pane.resize(380, 900)
            pane.show()
            pane.view.viewport().repaint()

        times.append(_ms(build))
        assert pane is not None
        pane._cadence_pending.stop()  # the cadence check is no part of opening
        pane.close()
        pane.deleteLater()
        app.processEvents()
    return times


def _arm(services: Services, bus: ChangeBus, runs: int) -> list[float]:
    host = QMainWindow()
    notifier = Notifier(services, bus, NotificationPrefs(keep_in_tray=False), host=host)
    times = []
    for _ in range(runs):
        notifier.arm()
        times.append(notifier.arm_ms)
    notifier.stop()
    host.deleteLater()
    return times


def _page_run(app: QApplication, services: Services, parts: tuple) -> dict[str, float]:
    """One opening of the page: first screen, each order, each filter, the end, a complete."""
    figures: dict[str, float] = {}
    page: RemindersPage | None = None

    def build() -> None:
        nonlocal page
        page = RemindersPage(services, *parts)
        page.resize(1300, 850)
        page.show()
        page.table.viewport().repaint()

    figures["page_first"] = _ms(build)
    assert page is not None
    made = page
    table, model, bar = made.table, made.model, made.filters

    def settle() -> None:
        model.wait_for_count(60_000)
        while model.counting:
            app.processEvents()

    def repaint() -> None:
        table.viewport().repaint()

    settle()
    for name, column, order in (
        ("page_sort_title", 0, Qt.SortOrder.AscendingOrder),
        ("page_sort_assignee", 3, Qt.SortOrder.AscendingOrder),
        ("page_sort_completed", 6, Qt.SortOrder.DescendingOrder),
        ("page_sort_due", 2, Qt.SortOrder.AscendingOrder),
    ):
        figures[name] = _ms(lambda c=column, o=order: (table.sortByColumn(c, o), repaint()))
        settle()
    for name, change, undo in (
        ("page_filter_mine", lambda: bar.set_mine(True), lambda: bar.set_mine(False)),
        ("page_filter_overdue", lambda: bar.set_due("overdue"), lambda: bar.set_due(None)),
        ("page_filter_word", lambda: bar.set_text(WORD), lambda: bar.set_text("")),
        ("page_filter_all", lambda: bar.set_status(None), lambda: bar.set_status("open")),
    ):
        figures[name] = _ms(lambda c=change: (c(), repaint()))
        settle()
        undo()
        settle()
    figures["page_end"] = _ms(lambda: (table.scrollToBottom(), repaint()))
    table.scrollToTop()
    repaint()
    table.selectRow(5)

    def complete() -> None:
        made.complete_selected()
        made.refresh()  # what the bus's coalescing timer does on the next turn of the loop
        repaint()

    figures["complete"] = _ms(complete)
    settle()
    parts[1].undo()  # the undo stack: reopen it, for the next run
    app.processEvents()
    settle()
    made.close()
    made.deleteLater()
    app.processEvents()
    return figures


def _page(app: QApplication, services: Services, parts: tuple, runs: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, value in _page_run(app, services, parts).items():
            figures.setdefault(name, []).append(value)
    return figures


def measure(source: Path, open_wanted: int = OPEN, runs: int = 7) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="reminders-bench-") as folder:
        data = copy_database(source, Path(folder))
        open_store(data.database, data.backups)
        try:
            services = Services.create()
            added = top_up(open_wanted, services.clock.now())
            bus = ChangeBus()
            parts = (bus, QUndoStack(), ErrorReporter(None, folder))
            figures: dict[str, list[float]] = {
                "pane": _pane(app, services, parts, runs, mine=False),
                "pane_mine": _pane(app, services, parts, runs, mine=True),
                "arm": _arm(services, bus, runs * 20),
            }
            figures.update(_page(app, services, parts, runs))
            counts = sql("SELECT sum(status = 'open'), count(*) FROM reminder").fetchone()
        finally:
            db.close()
    result = {name: round(statistics.median(values), 2) for name, values in figures.items()}
    result.update(open_reminders=float(counts[0]), reminders=float(counts[1]), added=float(added))
    return result


WHAT = {
    "pane": "reminders pane (everyone's): built, shown and painted",
    "pane_mine": "reminders pane (mine): built, shown and painted",
    "arm": "notifier: arming the timer for the next reminder",
    "page_first": "Reminders page: first screen painted (open, everyone, by due)",
    "page_sort_title": "Reminders page: sorted by title, repainted",
    "page_sort_assignee": "Reminders page: sorted by assignee, repainted",
    "page_sort_completed": "Reminders page: sorted by completed, repainted",
    "page_sort_due": "Reminders page: back to due order, repainted",
    "page_filter_mine": "Reminders page: Mine, repainted",
    "page_filter_overdue": "Reminders page: due Overdue, repainted",
    "page_filter_word": f"Reminders page: a word typed (“{WORD}”), repainted",
    "page_filter_all": "Reminders page: status All, repainted",
    "page_end": "Reminders page: jump to the last row, repainted",
    "complete": "Reminders page: one completed, re-read in place, repainted",
}


# (key, what, target in ms or None): what ``python -m bench`` would turn into table rows.
ROWS = tuple((key, what, TARGETS.get(key)) for key, what in WHAT.items())


def rows(figures: dict[str, float]) -> list[tuple[str, str, str, str]]:
    """(figure, time, target, result) per row: what ``python -m bench`` puts in its table."""
    found = []
    for key, what, limit in ROWS:
        target = f"< {limit:g} ms" if limit is not None else "–"
        result = ("PASS" if figures[key] < limit else "FAIL") if limit is not None else "info"
        opened = f"{int(figures['open_reminders']):,} open reminders"
        found.append((f"{what} ({opened})", f"{figures[key]:.1f} ms", target, result))
    return found


def table(figures: dict[str, float]) -> str:
    lines = [
        f"{int(figures['open_reminders']):,} open reminders "
        f"({int(figures['reminders']):,} in all); medians in ms.",
        "",
        "| Figure | Time | Target | Result |",
        "|---|---:|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows(figures)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reminders_ui")
    parser.add_argument("database", type=Path, help="a demo database; only read (copied)")
    parser.add_argument("--open", type=int, default=OPEN, help="open reminders to reach")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--table", action="store_true", help="print a markdown table too")
    args = parser.parse_args(argv)
    figures = measure(args.database, args.open, args.runs)
    if args.table:
        print(table(figures))
    print(json.dumps(figures), flush=True)
    return 0  # ``python -m bench`` reads the figures and judges them


if __name__ == "__main__":
    sys.exit(main())
