"""Schema versions in ``PRAGMA user_version``; one step per version, each in one transaction.

Before any step runs on a database that already holds data, a verified backup of the file is
made. A database newer than this app is refused and left untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from crm_desktop.store import db, denormalised
from crm_desktop.store.db import set_user_version, sql, user_version
from crm_desktop.store.errors import DatabaseTooNew

if TYPE_CHECKING:  # what only migrating needs is imported when a migration runs
    from playhouse.migrate import SqliteMigrator

    from crm_desktop.store.backup import Progress

Step = Callable[["SqliteMigrator"], None]


def _v1_initial(migrator: SqliteMigrator) -> None:
    """The first release's tables, indexes, version-bump triggers and search index."""
    from crm_desktop.store import schema_v1

    for statement in schema_v1.STATEMENTS:
        sql(statement)


# Every column of the contact list sorts through one of these (deleted_at first, so the trash
# view uses them too); a filter on the column's value uses the same index. Nullable columns
# are indexed through coalesce() so that keyset comparisons never meet a NULL.
_V2_LIST_INDEXES = {
    "company": "company_sort",
    "title": "lower(title)",
    "email": "lower(primary_email)",
    "phone": "primary_phone",
    "owner": "coalesce(owner_id, 0)",
    "tags": "tag_names",
    "last_contacted": "coalesce(last_contacted_at, 0)",
    "next_due": f"coalesce(next_due_at, {denormalised.NO_DUE})",
}


_CONTACT_OWN_COLUMNS = (
    "uid, created_at, updated_at, first_name, last_name, display_name, sort_name, title,"
    " company_id, primary_email, primary_phone, address, birthday, preferred_channel,"
    " do_not_contact, source, referred_by_id, lifecycle, owner_id, personal_notes, preferences,"
    " stay_in_touch_days, last_contacted_at, deleted_at"
)


def _v2_contact_list(migrator: SqliteMigrator) -> None:
    """Derived contact columns and an index per list column, so each sorts and filters fast."""
    sql("ALTER TABLE contact ADD COLUMN company_sort VARCHAR(255) NOT NULL DEFAULT ''")
    sql("ALTER TABLE contact ADD COLUMN tag_names VARCHAR(255) NOT NULL DEFAULT ''")
    sql("ALTER TABLE contact ADD COLUMN next_due_at INTEGER")
    # Derived columns are no edit of anybody's: only the others bump the row's version.
    sql("DROP TRIGGER contact_bump_version")
    sql(
        f"CREATE TRIGGER contact_bump_version AFTER UPDATE OF {_CONTACT_OWN_COLUMNS}"
        " ON contact FOR EACH ROW WHEN NEW.version = OLD.version BEGIN"
        " UPDATE contact SET version = OLD.version + 1 WHERE id = NEW.id; END"
    )
    denormalised.refresh_all()
    sql("DROP INDEX contact_deleted_at_last_contacted_at_id")  # superseded by coalesce()
    sql("DROP INDEX contact_deleted_at_owner_id_sort_name_id")
    for name, key in _V2_LIST_INDEXES.items():
        sql(f"CREATE INDEX contact_list_{name} ON contact (deleted_at, {key}, sort_name, id)")


# Every column of the company list sorts through one of these, as the contact list's do (the
# name through company_deleted_at_sort_name_id, made in version 1).
_V3_LIST_INDEXES = {
    "industry": "lower(industry)",
    "website": "lower(website)",
    "phone": "phone",
    "people": "people_count",
    "owner": "coalesce(owner_id, 0)",
    "tags": "tag_names",
}

_COMPANY_OWN_COLUMNS = (
    "uid, created_at, updated_at, name, sort_name, website, industry, phone, address, notes,"
    " owner_id, deleted_at"
)


def _v3_company_list(migrator: SqliteMigrator) -> None:
    """Derived company columns (people, tags) and an index per company list column."""
    sql("ALTER TABLE company ADD COLUMN people_count INTEGER NOT NULL DEFAULT 0")
    sql("ALTER TABLE company ADD COLUMN tag_names VARCHAR(255) NOT NULL DEFAULT ''")
    # Derived columns are no edit of anybody's: only the others bump the row's version.
    sql("DROP TRIGGER company_bump_version")
    sql(
        f"CREATE TRIGGER company_bump_version AFTER UPDATE OF {_COMPANY_OWN_COLUMNS}"
        " ON company FOR EACH ROW WHEN NEW.version = OLD.version BEGIN"
        " UPDATE company SET version = OLD.version + 1 WHERE id = NEW.id; END"
    )
    denormalised.refresh_all_companies()
    for name, key in _V3_LIST_INDEXES.items():
        sql(f"CREATE INDEX company_list_{name} ON company (deleted_at, {key}, sort_name, id)")
    if _has_statistics("company"):
        # Planned with the old indexes' statistics and none for these, the name order read
        # company_list_owner and sorted all 100,000 companies for its first page (measured).
        sql("ANALYZE company")  # 0.2 s at 100,000 companies


def _has_statistics(table: str) -> bool:
    if not sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        return False
    return bool(sql("SELECT 1 FROM sqlite_stat1 WHERE tbl = ?", [table]).fetchone())


_V4_STATEMENTS = (
    'CREATE TABLE "import_batch" ("id" INTEGER NOT NULL PRIMARY KEY, "uid" VARCHAR(32) NOT NULL,'
    ' "file_name" VARCHAR(255) NOT NULL, "source" VARCHAR(255) NOT NULL,'
    ' "mode" VARCHAR(255) NOT NULL, "started_at" INTEGER NOT NULL, "finished_at" INTEGER,'
    ' "created_count" INTEGER NOT NULL, "updated_count" INTEGER NOT NULL,'
    ' "skipped_count" INTEGER NOT NULL, "rejected_count" INTEGER NOT NULL,'
    ' "report" TEXT NOT NULL, "reverted_at" INTEGER)',
    'CREATE UNIQUE INDEX "import_batch_uid" ON "import_batch" ("uid")',
    'CREATE TABLE "import_item" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "batch_id" INTEGER NOT NULL, "table" VARCHAR(255) NOT NULL, "row_id" INTEGER NOT NULL,'
    ' "action" VARCHAR(255) NOT NULL, "before" TEXT,'
    ' FOREIGN KEY ("batch_id") REFERENCES "import_batch" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "import_item_batch_id_table_row_id" ON "import_item"'
    ' ("batch_id", "table", "row_id")',
    'CREATE TABLE "external_key" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "table" VARCHAR(255) NOT NULL, "row_id" INTEGER NOT NULL, "key" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX "external_key_table_key" ON "external_key" ("table", "key")',
    'CREATE INDEX "external_key_table_row_id" ON "external_key" ("table", "row_id")',
    # The Reminders page sorts by title and by completion time in SQL: a page read 30-50 ms
    # at 100,000 reminders without these, about 1 ms with them (measured).
    'CREATE INDEX "reminder_list_title" ON "reminder" ("status", lower("title"), "remind_at")',
    'CREATE INDEX "reminder_list_completed" ON "reminder" ("status", coalesce("completed_at", 0))',
    # The reminders pane asks when the next "stay in touch" cadence lapses: without this it
    # scanned every contact (45 ms at 100,000); with it, one index entry (0.01 ms, measured).
    "CREATE INDEX contact_cadence ON contact"
    " (coalesce(last_contacted_at, 0) + stay_in_touch_days * 86400)"
    " WHERE deleted_at IS NULL AND do_not_contact = 0 AND stay_in_touch_days IS NOT NULL",
)


def _v4_imports(migrator: SqliteMigrator) -> None:
    """Import batches (so an import can be undone), other programs' ids; indexes for the
    cadence lapse and the Reminders page's sorts."""
    for statement in _V4_STATEMENTS:
        sql(statement)


def _v5_series_links(migrator: SqliteMigrator) -> None:
    """Each occurrence of a recurring reminder points to the one whose completion brought it,
    so completing that one again (after a reopen) does not bring a second copy."""
    sql(
        'ALTER TABLE "reminder" ADD COLUMN "follows_id" INTEGER'
        ' REFERENCES "reminder" ("id") ON DELETE SET NULL'
    )
    sql('CREATE INDEX "reminder_follows_id" ON "reminder" ("follows_id")')


def _v6_merge_records(migrator: SqliteMigrator) -> None:
    """Each merge of two contacts, kept so that it can be taken back another day."""
    sql(
        'CREATE TABLE "merge_record" ("id" INTEGER NOT NULL PRIMARY KEY,'
        ' "uid" VARCHAR(32) NOT NULL, "merged_at" INTEGER NOT NULL, "keep_id" INTEGER NOT NULL,'
        ' "drop_id" INTEGER NOT NULL, "kept_name" VARCHAR(255) NOT NULL,'
        ' "dropped_name" VARCHAR(255) NOT NULL, "record" TEXT NOT NULL, "undone_at" INTEGER)'
    )
    sql('CREATE UNIQUE INDEX "merge_record_uid" ON "merge_record" ("uid")')


# Indexes whose column leads another index of the same table: that one serves every lookup and
# foreign-key check this one did, so this one was only extra work on every insert.
_V7_REDUNDANT = (
    "contact_tag_contact_id",  # (contact_id, tag_id)
    "company_tag_company_id",  # (company_id, tag_id)
    "interaction_contact_id",  # (contact_id, occurred_at)
    "lead_pipeline_id",  # (pipeline_id, stage_id, deleted_at, position)
    "stage_change_lead_id",  # (lead_id, changed_at)
    "stage_pipeline_id",  # (pipeline_id, position)
)


def _v7_address_label(migrator: SqliteMigrator) -> None:
    """A contact's address keeps its label (home, work...) as its e-mails and phones do; the
    indexes another one covers are dropped."""
    sql("ALTER TABLE contact ADD COLUMN address_label VARCHAR(255) NOT NULL DEFAULT ''")
    sql("DROP TRIGGER contact_bump_version")
    sql(
        f"CREATE TRIGGER contact_bump_version AFTER UPDATE OF {_CONTACT_OWN_COLUMNS},"
        " address_label ON contact FOR EACH ROW WHEN NEW.version = OLD.version BEGIN"
        " UPDATE contact SET version = OLD.version + 1 WHERE id = NEW.id; END"
    )
    for name in _V7_REDUNDANT:
        sql(f"DROP INDEX IF EXISTS {name}")


def _v8_lead_notes(migrator: SqliteMigrator) -> None:
    """A lead has notes of its own (another program's deal description comes in there)."""
    sql("ALTER TABLE lead ADD COLUMN notes TEXT NOT NULL DEFAULT ''")


MIGRATIONS: tuple[Step, ...] = (
    _v1_initial,
    _v2_contact_list,
    _v3_company_list,
    _v4_imports,
    _v5_series_links,
    _v6_merge_records,
    _v7_address_label,
    _v8_lead_notes,
)
SCHEMA_VERSION = len(MIGRATIONS)


def refuse_if_newer(db_file: Path, version: int, known: int = SCHEMA_VERSION) -> None:
    if version > known:
        raise DatabaseTooNew(
            f"{db_file} was written by a newer CRM Desktop (schema {version}; this version "
            f"understands up to {known}). Update CRM Desktop to open it; the file was left "
            "untouched."
        )


class MigrationReport(NamedTuple):
    from_version: int
    to_version: int
    backup: Path | None


def has_user_tables() -> bool:
    row = sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return bool(row[0])


def migrate(
    db_file: Path,
    backups: Path,
    steps: Sequence[Step] = MIGRATIONS,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> MigrationReport:
    """Bring the open database up to ``len(steps)``; back it up first if it holds anything.
    ``progress`` hears of the backup, then of each step."""
    current = user_version()
    target = len(steps)
    refuse_if_newer(db_file, current, target)
    if current == target:
        return MigrationReport(current, current, None)
    from playhouse.migrate import SqliteMigrator

    from crm_desktop.store.backup import backup_to

    backup = None
    if current > 0 or has_user_tables():
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        backup = backup_to(db_file, backups / f"pre-migration-v{current}-{stamp}.sqlite3", progress)
    migrator = SqliteMigrator(db.orm())
    for version in range(current, target):
        if progress is not None:
            progress("Updating", version - current, target - current)
        with migrator.migration_context():
            steps[version](migrator)
            set_user_version(version + 1)
    return MigrationReport(current, target, backup)
