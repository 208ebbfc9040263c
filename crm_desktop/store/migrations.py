"""Schema versions in ``PRAGMA user_version``; one step per version, each in one transaction.

Before any step runs on a database that already holds data, a verified backup of the file is
made. A database newer than this app is refused and left untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from playhouse.migrate import SqliteMigrator

from crm_desktop.store import search
from crm_desktop.store.backup import backup_to
from crm_desktop.store.db import database, set_user_version, sql, user_version
from crm_desktop.store.errors import DatabaseTooNew
from crm_desktop.store.models import ALL_TABLES, USER_TABLES

Step = Callable[[SqliteMigrator], None]


def _version_triggers() -> None:
    """Bump ``version`` on every update of a user-data row, whichever code path wrote it."""
    for model in USER_TABLES:
        table = model._meta.table_name
        sql(
            f"CREATE TRIGGER IF NOT EXISTS {table}_bump_version AFTER UPDATE ON {table} "
            f"FOR EACH ROW WHEN NEW.version = OLD.version BEGIN "
            f"UPDATE {table} SET version = OLD.version + 1 WHERE id = NEW.id; END"
        )


def _v1_initial(migrator: SqliteMigrator) -> None:
    database.create_tables(ALL_TABLES)
    search.create()
    _version_triggers()


MIGRATIONS: tuple[Step, ...] = (_v1_initial,)
SCHEMA_VERSION = len(MIGRATIONS)


def refuse_if_newer(db_file: Path, version: int, known: int = SCHEMA_VERSION) -> None:
    if version > known:
        raise DatabaseTooNew(
            f"{db_file} was written by a newer CRM Desktop (schema {version}; this version "
            f"understands up to {known}). Update CRM Desktop to open it; the file was left "
            "untouched."
        )


@dataclass(frozen=True)
class MigrationReport:
    from_version: int
    to_version: int
    backup: Path | None


def has_user_tables() -> bool:
    row = sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return bool(row[0])


def migrate(
    db_file: Path, backups: Path, steps: Sequence[Step] = MIGRATIONS, now: datetime | None = None
) -> MigrationReport:
    """Bring the open database up to ``len(steps)``; back it up first if it holds anything."""
    current = user_version()
    target = len(steps)
    refuse_if_newer(db_file, current, target)
    if current == target:
        return MigrationReport(current, current, None)
    backup = None
    if current > 0 or has_user_tables():
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        backup = backup_to(db_file, backups / f"pre-migration-v{current}-{stamp}.sqlite3")
    migrator = SqliteMigrator(database)
    for version in range(current, target):
        with migrator.migration_context():
            steps[version](migrator)
            set_user_version(version + 1)
    return MigrationReport(current, target, backup)
