"""Open a data folder's database: check the file, connect, migrate (backing up first)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from crm_desktop.store import db
from crm_desktop.store.errors import NotADatabase
from crm_desktop.store.migrations import (
    SCHEMA_VERSION,
    MigrationReport,
    migrate,
    refuse_if_newer,
)

if TYPE_CHECKING:
    from crm_desktop.store.backup import Progress


def open_store(db_file: Path, backups: Path, progress: Progress | None = None) -> MigrationReport:
    """Connect to ``db_file`` (created if missing) and bring its schema up to date.

    A file from a newer app is refused before anything (even a pragma) writes to it.
    ``progress`` hears of the backup and the steps of a migration (see ``upgrade_pending``).
    """
    db.check_file(db_file)
    if db_file.exists() and db_file.stat().st_size > 0:
        refuse_if_newer(db_file, _peek_version(db_file))
    db.connect(db_file)
    try:
        return migrate(db_file, backups, progress=progress)
    except BaseException:
        db.close()
        raise


def upgrade_pending(db_file: Path) -> bool:
    """Whether opening ``db_file`` will back up and migrate data an older version wrote: the
    long kind of opening (seconds per hundred thousand contacts), worth a progress dialog."""
    if not db_file.is_file() or db_file.stat().st_size == 0:
        return False
    db.check_file(db_file)  # no SQLite file at all: say so, as opening would
    return 0 < _peek_version(db_file) < SCHEMA_VERSION


def _peek_version(db_file: Path) -> int:
    """``user_version`` read through a read-only connection that changes nothing."""
    try:
        con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=5.0)
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"{db_file} is damaged and cannot be opened: {exc}") from exc
