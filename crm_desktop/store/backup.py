"""Copies of the database made with SQLite's online backup API, verified before they are kept.

``backup_to`` writes a copy beside its destination under a temporary name, runs
``integrity_check`` on it and only then renames it into place, so a half-written or damaged copy
never replaces a good one. ``rotate`` keeps the last 7 daily and 4 weekly copies and runs only
after the new copy was verified.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crm_desktop.store.errors import NotADatabase, StoreError

KEEP_DAILY = 7
KEEP_WEEKLY = 4
PAGES_PER_STEP = 4096

# What a long piece of store work says as it goes: what it is doing, and how far (done out
# of total; a total of 0 when it cannot tell).
Progress = Callable[[str, int, int], None]


def verify(path: Path) -> None:
    """Raise ``StoreError`` unless ``path`` is an SQLite file that passes integrity_check."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in con.execute("PRAGMA integrity_check")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"{path} is not a readable database: {exc}") from exc
    if problems != ["ok"]:
        raise StoreError(f"{path} failed its integrity check: {'; '.join(problems[:5])}")


def backup_to(source: Path, destination: Path, progress: Progress | None = None) -> Path:
    """Copy the live database ``source`` to ``destination`` (verified); return the destination.
    ``progress`` hears of the copy in pages, then of the check."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5.0)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst, pages=PAGES_PER_STEP, progress=_copying(progress))
                # The copy is a plain file: no -wal/-shm beside it when it is read later.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        if progress is not None:
            progress("Checking the backup", 0, 0)
        verify(partial)
        os.replace(partial, destination)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"The backup of {source} to {destination} failed: {exc}") from exc
    except StoreError as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(
            f"The backup of {source} to {destination} failed: the copy did not pass its check "
            f"({exc}). {source} may be damaged: run `crm-desktop check`."
        ) from exc
    return destination


def _copying(progress: Progress | None) -> Callable[[int, int, int], None] | None:
    """sqlite3's backup callback (status, pages left, pages in all) as ``progress``."""
    if progress is None:
        return None
    return lambda _status, remaining, total: progress("Backing up", total - remaining, total)


@dataclass(frozen=True)
class RotationResult:
    made: tuple[Path, ...]
    removed: tuple[Path, ...]


def daily_name(when: datetime) -> str:
    return f"daily-{when:%Y-%m-%d}.sqlite3"


def weekly_name(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"weekly-{year}-W{week:02d}.sqlite3"


def rotate(source: Path, backups: Path, now: datetime) -> RotationResult:
    """Make today's daily copy (and this week's weekly one) if missing, then prune old ones."""
    made: list[Path] = []
    daily = backups / daily_name(now)
    if not daily.exists():
        made.append(backup_to(source, daily))
    weekly = backups / weekly_name(now)
    if not weekly.exists():
        partial = weekly.with_name(weekly.name + ".partial")
        shutil.copyfile(daily, partial)
        verify(partial)
        os.replace(partial, weekly)
        made.append(weekly)
    removed: list[Path] = []
    for prefix, keep in (("daily-", KEEP_DAILY), ("weekly-", KEEP_WEEKLY)):
        copies = sorted(backups.glob(f"{prefix}*.sqlite3"), reverse=True)
        for old in copies[keep:]:
            old.unlink()
            removed.append(old)
    return RotationResult(tuple(made), tuple(removed))


def rotate_in_background(
    source: Path,
    backups: Path,
    now: datetime,
    done: Callable[[RotationResult | None, Exception | None], None],
) -> threading.Thread:
    """Run ``rotate`` on a worker thread (it has its own connections); report through ``done``."""

    def work() -> None:
        try:
            result = rotate(source, backups, now)
        except Exception as exc:  # reported to the caller, who logs and shows it
            done(None, exc)
        else:
            done(result, None)

    thread = threading.Thread(target=work, name="crm-backup", daemon=True)
    thread.start()
    return thread
