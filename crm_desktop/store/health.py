"""Health checks and counts read straight from the file, without migrating or writing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crm_desktop.store.db import check_file, sql
from crm_desktop.store.errors import NotADatabase


def check(db_file: Path) -> list[str]:
    """Problems found by ``integrity_check`` and ``foreign_key_check``; empty when healthy."""
    if not db_file.exists():
        raise NotADatabase(f"There is no database at {db_file}.")
    check_file(db_file)
    try:
        con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=5.0)
        try:
            problems = [row[0] for row in con.execute("PRAGMA integrity_check")]
            if problems == ["ok"]:
                problems = []
            for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid} points to a missing {parent} row")
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(f"{db_file} is damaged and cannot be read: {exc}") from exc
    return problems


def row_counts(tables: list[str]) -> dict[str, int]:
    """Row counts of the open database's ``tables``."""
    return {table: int(sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]) for table in tables}
