"""Headless commands over the domain: demo, stats, search, due, check, backup.

Each takes ``--data-dir`` and ``--json``. Exit status: 0 fine, 1 problems found (``check``),
2 the command could not run (bad folder, damaged file, folder in use); the reason is printed.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import peewee

from crm_desktop.domain import demo, stats
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.followups import FollowUpService, ReminderItem
from crm_desktop.domain.services import Services
from crm_desktop.paths import DataPaths
from crm_desktop.store import db, health, search
from crm_desktop.store.backup import backup_to
from crm_desktop.store.errors import NotADatabase, StoreError
from crm_desktop.store.lock import DataFolderLock
from crm_desktop.store.opening import open_store, upgrade_pending

COMMANDS = ("demo", "stats", "search", "due", "check", "backup", "export", "import")


class CommandError(Exception):
    """The command cannot run; the message says why."""


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the headless commands to ``crm-desktop``'s parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="use this data folder")
    common.add_argument("--json", action="store_true", help="print JSON")

    p = subparsers.add_parser("demo", parents=[common], help="fill the database with demo data")
    p.add_argument("--contacts", type=int, default=1000, help="how many contacts (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    subparsers.add_parser("stats", parents=[common], help="row counts")
    p = subparsers.add_parser("search", parents=[common], help="search everything")
    p.add_argument("text", nargs="+")
    p.add_argument("--limit", type=int, default=10, help="hits per kind (default 10)")
    subparsers.add_parser("due", parents=[common], help="overdue and today's follow-ups")
    subparsers.add_parser("check", parents=[common], help="check the database's integrity")
    p = subparsers.add_parser("backup", parents=[common], help="copy the database, verified")
    p.add_argument("path", nargs="?", help="where to write the copy")
    from crm_desktop import cli_export  # imported late: it imports this module

    cli_export.add_parser(subparsers, common)
    from crm_desktop import cli_import  # imported late: it imports this module

    cli_import.add_parser(subparsers, common)
    from crm_desktop import cli_duplicates  # imported late: it imports this module

    cli_duplicates.add_parser(subparsers, common)


def run(command: str, args: argparse.Namespace, paths: DataPaths) -> int:
    handler: Callable[[argparse.Namespace, DataPaths], Any] = _HANDLERS[command]
    try:
        result = handler(args, paths)
    except (
        StoreError,
        DomainError,
        CommandError,
        PermissionError,
        sqlite3.Error,
        peewee.PeeweeException,
    ) as exc:
        print(f"crm-desktop {command}: {exc}", file=sys.stderr)
        return 2
    finally:
        db.close()
    status, data, text = result
    if args.json:
        print(json.dumps(data, indent=2, default=str, ensure_ascii=False))
    else:
        print(text)
    return int(status)


@contextmanager
def _opened(paths: DataPaths, *, create: bool = False, writing: bool = False) -> Iterator[None]:
    if not create and not paths.database.exists():
        raise CommandError(
            f"There is no CRM Desktop database in {paths.root}. "
            "Start the app there, or fill it with `crm-desktop demo`."
        )
    paths.ensure()
    lock = DataFolderLock(paths.lock_file)
    if writing:
        lock.acquire()
    try:
        if upgrade_pending(paths.database):  # a backup, then the migration: say so as it goes
            print(
                f"Updating {paths.database} for this version of CRM Desktop; a verified copy "
                f"goes to {paths.backups} first.",
                file=sys.stderr,
            )
            show = _upgrade_progress()
            open_store(paths.database, paths.backups, show)
            if show is not None:
                print("\rUpdated.\x1b[K", file=sys.stderr)
        else:
            open_store(paths.database, paths.backups)
        yield
    finally:
        db.close()
        lock.release()


def _upgrade_progress() -> Callable[[str, int, int], None] | None:
    """A line on the terminal that says how far an upgrade is (none when stderr is no tty)."""
    if not sys.stderr.isatty():
        return None

    def show(what: str, done: int, total: int) -> None:
        far = f" {done * 100 // total}%" if total else "…"
        print(f"\r{what}{far}\x1b[K", end="", file=sys.stderr, flush=True)

    return show


def _demo(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    if args.contacts < 1:
        raise CommandError("--contacts must be at least 1.")
    with _opened(paths, create=True, writing=True):
        report = demo.generate(args.contacts, seed=args.seed, progress=_progress(args))
    data = report.__dict__
    text = (
        f"Added {report.contacts:,} contacts, {report.companies:,} companies, {report.leads:,} "
        f"leads, {report.interactions:,} interactions and {report.reminders:,} follow-ups to "
        f"{paths.database} in {report.seconds:.1f} s."
    )
    return 0, data, text


def _progress(args: argparse.Namespace) -> Callable[[str, int, int], None] | None:
    if args.json or not sys.stderr.isatty():
        return None

    def show(phase: str, done: int, total: int) -> None:
        print(f"\r{phase}: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)

    return show


def _stats(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    with _opened(paths):
        counts = stats.summary()
    width = max(len(name) for name in counts)
    text = "\n".join(f"{name.replace('_', ' '):<{width}}  {n:>10,}" for name, n in counts.items())
    return 0, counts, text


def _search(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    with _opened(paths):
        hits = search.search(" ".join(args.text), limit_per_kind=args.limit)
    data = [{"kind": h.kind, "id": h.id, "title": h.title} for h in hits]
    text = "\n".join(f"{h.kind:<12} {h.id:>8}  {h.title}" for h in hits) or "No matches."
    return 0, data, text


def _due(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    with _opened(paths):
        services = Services.create()
        followups: FollowUpService = services.followups
        overdue, today = followups.overdue(), followups.due_today()
    local = services.clock.local_tz

    def line(item: ReminderItem) -> str:
        return f"  {item.remind_at.astimezone(local):%Y-%m-%d %H:%M}  {item.title}"

    def as_dict(item: ReminderItem) -> dict[str, Any]:
        return {
            "id": item.id,
            "title": item.title,
            "due": item.remind_at.isoformat(),
            "contact_id": item.contact_id,
            "lead_id": item.lead_id,
        }

    data = {"overdue": [as_dict(i) for i in overdue], "today": [as_dict(i) for i in today]}
    text = "\n".join(
        [
            f"Overdue ({len(overdue)}):",
            *map(line, overdue),
            f"Today ({len(today)}):",
            *map(line, today),
        ]
    )
    return 0, data, text


def _check(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    problems = health.check(paths.database)
    text = (
        f"{paths.database}: no problems found."
        if not problems
        else f"{paths.database} has {len(problems)} problem(s):\n"
        + "\n".join(f"  {p}" for p in problems)
    )
    return (1 if problems else 0), {"database": str(paths.database), "problems": problems}, text


def _backup(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    if not paths.database.exists():
        raise NotADatabase(f"There is no database at {paths.database} to back up.")
    db.check_file(paths.database)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(args.path) if args.path else paths.backups / f"manual-{stamp}.sqlite3"
    if target.is_dir():
        target = target / f"crm-{stamp}.sqlite3"
    if target.resolve() == paths.database.resolve():
        raise CommandError("A backup cannot overwrite the database itself.")
    written = backup_to(paths.database, target)
    return 0, {"backup": str(written)}, f"Backed up (and verified) to {written}"


def _export(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    from crm_desktop.cli_export import run_export  # imported late: it imports this module

    return run_export(args, paths)


def _import(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    from crm_desktop.cli_import import run_import  # imported late: it imports this module

    return run_import(args, paths)


def _duplicates(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    from crm_desktop.cli_duplicates import run_duplicates  # imported late: it imports this module

    return run_duplicates(args, paths)


_HANDLERS: dict[str, Callable[[argparse.Namespace, DataPaths], Any]] = {
    "demo": _demo,
    "stats": _stats,
    "search": _search,
    "due": _due,
    "check": _check,
    "backup": _backup,
    "export": _export,
    "import": _import,
    "duplicates": _duplicates,
}
