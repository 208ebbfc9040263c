"""Open a data folder's database: check the file, connect, migrate (backing up first)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crm_desktop.store import db
from crm_desktop.store.errors import NotADatabase
from crm_desktop.store.migrations import MigrationReport, migrate, refuse_if_newer


def open_store(db_file: Path, backups: Path) -> MigrationReport:
    """Connect to ``db_file`` (created if missing) and bring its schema up to date.

    A file from a newer app is refused before anything (even a pragma) writes to it.
    """
    db.check_file(db_file)
    if db_file.exists() and db_file.stat().st_size > 0:
        refuse_if_newer(db_file, _peek_version(db_file))
    db.connect(db_file)
    try:
        return migrate(db_file, backups)
    except BaseException:
        db.close()
        raise


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
