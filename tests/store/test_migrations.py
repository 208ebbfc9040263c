"""Schema versions: old files open with their data, newer ones are refused untouched, steps are
backed up first and all-or-nothing, and the version/uid bookkeeping every table carries."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import peewee
import pytest
from playhouse.migrate import SqliteMigrator
from playhouse.migrate import migrate as run_operations

from crm_desktop import paths
from crm_desktop.domain import merge_records
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.company_list import SORTS, CompanyList, CompanyQuery
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.lead_overview import lead_overview
from crm_desktop.domain.merge import MergeService
from crm_desktop.domain.services import Services
from crm_desktop.store import backup, db, health, search
from crm_desktop.store.errors import DatabaseTooNew
from crm_desktop.store.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from crm_desktop.store.models import ALL_TABLES, USER_TABLES, Contact, Reminder
from crm_desktop.store.opening import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SCHEMA_FILES = sorted(FIXTURES.glob("schema_v*.sqlite3"))
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

# What make_schema.py writes (keep later fixtures' scripts writing at least this).
LIVING_CONTACTS = {"José Núñez", "Ann Lee", "Björn Åström"}
TRASHED_CONTACTS = {"Old Friend"}


def fixture_version(path: Path) -> int:
    match = re.fullmatch(r"schema_v(\d+)\.sqlite3", path.name)
    assert match, path
    return int(match.group(1))


def raw_counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: int(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
    finally:
        con.close()


def raw_user_version(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()


def test_there_is_a_fixture_for_the_current_schema() -> None:
    assert FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite3" in SCHEMA_FILES


@pytest.mark.parametrize("fixture", SCHEMA_FILES, ids=lambda p: p.name)
def test_fixture_is_small_self_contained_and_at_its_version(fixture: Path) -> None:
    assert fixture.stat().st_size < 300_000
    header = fixture.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01", "left in WAL mode: set journal_mode=delete first"
    assert not Path(f"{fixture}-wal").exists()
    assert not Path(f"{fixture}-shm").exists()
    assert raw_user_version(fixture) == fixture_version(fixture)


@pytest.mark.parametrize("fixture", SCHEMA_FILES, ids=lambda p: p.name)
def test_an_existing_database_opens_with_its_data(
    fixture: Path, data_paths: paths.DataPaths, clock: FixedClock
) -> None:
    shutil.copyfile(fixture, data_paths.database)
    before = raw_counts(data_paths.database)
    if fixture_version(fixture) == SCHEMA_VERSION:
        every = {model._meta.table_name for model in ALL_TABLES}
        assert {t for t, n in before.items() if n > 0} >= every, "a table of the fixture is empty"

    report = open_store(data_paths.database, data_paths.backups)
    try:
        assert db.user_version() == SCHEMA_VERSION
        assert report.to_version == SCHEMA_VERSION
        assert (report.backup is not None) == (fixture_version(fixture) < SCHEMA_VERSION)
        after = {t: int(db.sql(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in before}
        assert after == before

        services = Services.create(clock)
        living = {row.display_name for row in services.contacts.page(limit=100)}
        trashed = {row.display_name for row in services.contacts.page(limit=100, trashed=True)}
        merged = fixture_version(fixture) >= 6  # Bo Chen's two cards, merged into one
        assert living == LIVING_CONTACTS | ({"Bo Chen"} if merged else set())
        assert trashed == TRASHED_CONTACTS | ({"Bo"} if merged else set())
        jose = next(r for r in services.contacts.page() if r.display_name == "José Núñez")
        detail = services.contacts.get(jose.id)
        assert detail.company_name == "Acme Ltd"
        assert detail.tags == ("Spanish", "VIP")
        assert [e for _, e in detail.emails] == ["jose.nunez@acme.example", "jose@example.org"]

        hits = search.search("nunez")
        assert [(h.kind, h.title) for h in hits][:1] == [("contact", "José Núñez")]
        assert [h.title for h in search.search("acme") if h.kind == "company"] == ["Acme Ltd"]
        assert search.search("old friend") == []  # the trash is not searched

        # ... and it takes new writes.
        new_id = services.contacts.create(ContactFields(first_name="Zoë", last_name="Ng")).id
        assert [h.id for h in search.search("zoe")] == [new_id]
    finally:
        db.close()
    assert health.check(data_paths.database) == []


@pytest.mark.parametrize("fixture", SCHEMA_FILES, ids=lambda p: p.name)
def test_the_company_list_sorts_an_opened_file_by_every_column(
    fixture: Path, data_paths: paths.DataPaths
) -> None:
    shutil.copyfile(fixture, data_paths.database)
    open_store(data_paths.database, data_paths.backups)
    try:
        companies = CompanyList()
        for sort in SORTS:
            rows = companies.page(CompanyQuery(sort=sort), None, 10)
            assert {r.name for r in rows} == {"Acme Ltd", "Müller GmbH"}, sort
            assert [r.people for r in rows] == [1, 1]
        by_tags = companies.page(CompanyQuery(sort="tags", descending=True), None, 10)
        assert [(r.name, r.tags) for r in by_tags] == [
            ("Acme Ltd", "supplier"),
            ("Müller GmbH", "Germany"),
        ]
    finally:
        db.close()


@pytest.mark.parametrize("analyzed", [False, True])
def test_version_3_gives_the_new_indexes_statistics_where_the_planner_has_some(
    data_paths: paths.DataPaths, analyzed: bool
) -> None:
    shutil.copyfile(FIXTURES / "schema_v2.sqlite3", data_paths.database)
    if analyzed:
        con = sqlite3.connect(data_paths.database)
        con.execute("ANALYZE")
        con.commit()
        con.close()
    open_store(data_paths.database, data_paths.backups)
    try:
        has_stats = db.sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        indexes = set()
        if has_stats:
            rows = db.sql("SELECT idx FROM sqlite_stat1 WHERE tbl = 'company'").fetchall()
            indexes = {row[0] for row in rows}
    finally:
        db.close()
    assert bool(has_stats) == analyzed  # none are made up for a file that had none
    if analyzed:
        assert {"company_list_owner", "company_list_people", "company_list_tags"} <= indexes


def reminder_rows() -> list[tuple[object, ...]]:
    return [tuple(row) for row in db.sql("SELECT * FROM reminder ORDER BY id").fetchall()]


def test_version_5_links_each_occurrence_to_the_one_it_follows(
    data_paths: paths.DataPaths, clock: FixedClock
) -> None:
    shutil.copyfile(FIXTURES / "schema_v4.sqlite3", data_paths.database)
    con = sqlite3.connect(data_paths.database)
    try:
        before = [tuple(row) for row in con.execute("SELECT * FROM reminder ORDER BY id")]
    finally:
        con.close()
    assert before
    db.connect(data_paths.database)
    try:
        migrate(data_paths.database, data_paths.backups, steps=MIGRATIONS[:5], now=NOW)
        assert db.user_version() == 5
        columns = [row[1] for row in db.sql('PRAGMA table_info("reminder")').fetchall()]
        assert columns[-1] == "follows_id"
        assert reminder_rows() == [(*row, None) for row in before]  # kept, linked to nothing
        keys = db.sql('PRAGMA foreign_key_list("reminder")').fetchall()
        assert ("reminder", "follows_id", "id", "SET NULL") in {
            (row[2], row[3], row[4], row[6]) for row in keys
        }
        indexes = {row[1] for row in db.sql('PRAGMA index_list("reminder")').fetchall()}
        assert "reminder_follows_id" in indexes
        info = db.sql('PRAGMA index_info("reminder_follows_id")').fetchall()
        assert [row[2] for row in info] == ["follows_id"]
    finally:
        db.close()

    open_store(data_paths.database, data_paths.backups)  # and on to the current version
    try:
        services = Services.create(clock)
        recurring = next(i for i in services.followups.between(None, None) if i.recur_every)
        following = services.followups.complete(recurring.id).ids[1]
        linked = db.sql("SELECT follows_id FROM reminder WHERE id = ?", [following]).fetchone()
        assert linked[0] == recurring.id
    finally:
        db.close()
    assert health.check(data_paths.database) == []


def test_version_7_labels_addresses_and_drops_indexes_another_covers(
    data_paths: paths.DataPaths, clock: FixedClock
) -> None:
    shutil.copyfile(FIXTURES / "schema_v6.sqlite3", data_paths.database)
    open_store(data_paths.database, data_paths.backups)
    try:
        columns = [row[1] for row in db.sql('PRAGMA table_info("contact")').fetchall()]
        assert columns[-1] == "address_label"
        labels = {row[0] for row in db.sql("SELECT address_label FROM contact").fetchall()}
        assert labels == {""}  # nothing was labelled before
        indexes = {row[0] for row in db.sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        gone = {"contact_tag_contact_id", "interaction_contact_id", "stage_pipeline_id"}
        assert not gone & indexes
        assert {"contact_tag_contact_id_tag_id", "interaction_contact_id_occurred_at"} <= indexes
        plan = db.sql(
            "EXPLAIN QUERY PLAN SELECT * FROM interaction WHERE contact_id = 1"
        ).fetchall()
        assert "interaction_contact_id_occurred_at" in " ".join(str(row[3]) for row in plan)

        services = Services.create(clock)
        jose = next(r for r in services.contacts.page() if r.display_name == "José Núñez").id
        version = services.contacts.get(jose).version
        fields = ContactFields(
            first_name="José", last_name="Núñez", address="1 Main St", address_label="work"
        )
        services.contacts.update(jose, fields)
        detail = services.contacts.get(jose)
        assert (detail.address, detail.address_label) == ("1 Main St", "work")
        assert detail.version > version  # a label is an edit like any other

        # A merge recorded before the column existed is still taken back whole.
        merges = MergeService(clock, services.actor_id)
        record = merge_records.history()[0]
        merge_records.take_back(merges, record.record_id)
        names = {row.display_name for row in services.contacts.page(limit=100)}
        assert {"Bo Chen", "Bo"} <= names
        assert services.contacts.get(record.keep_id).address_label == ""
    finally:
        db.close()
    assert health.check(data_paths.database) == []


def test_version_8_gives_leads_notes(data_paths: paths.DataPaths, clock: FixedClock) -> None:
    shutil.copyfile(FIXTURES / "schema_v7.sqlite3", data_paths.database)
    open_store(data_paths.database, data_paths.backups)
    try:
        columns = [row[1] for row in db.sql('PRAGMA table_info("lead")').fetchall()]
        assert columns[-1] == "notes"
        assert {row[0] for row in db.sql("SELECT notes FROM lead").fetchall()} == {""}

        services = Services.create(clock)
        lead_id = db.sql("SELECT id FROM lead WHERE title = 'Acme renewal'").fetchone()[0]
        before = lead_overview(lead_id, clock.now())
        version = db.sql("SELECT version FROM lead WHERE id = ?", [lead_id]).fetchone()[0]
        fields = replace(before.lead_fields(), notes="Renews every March.\nAsk for Ana.")
        services.pipeline.update_lead(lead_id, fields)
        after = lead_overview(lead_id, clock.now())
        assert after.notes == "Renews every March.\nAsk for Ana."
        assert after.next_step == before.next_step  # the rest as it was
        assert db.sql("SELECT version FROM lead WHERE id = ?", [lead_id]).fetchone()[0] > version
        assert [h.id for h in search.search("march") if h.kind == "lead"] == [lead_id]
    finally:
        db.close()
    assert health.check(data_paths.database) == []


def test_the_models_foreign_keys_are_the_migrated_schemas(store: paths.DataPaths) -> None:
    for model in ALL_TABLES:
        table = model._meta.table_name
        have = {
            (row[3], row[2], row[4], row[6])
            for row in db.sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        }
        want = {
            (
                field.column_name,
                field.rel_model._meta.table_name,
                field.rel_field.column_name,
                (field.on_delete or "NO ACTION").upper(),
            )
            for field in model._meta.sorted_fields
            if isinstance(field, peewee.ForeignKeyField)
        }
        assert have == want, table
    follows = Reminder.follows
    assert (follows.null, follows.index, follows.rel_model) == (True, True, Reminder)


def test_derived_company_columns_do_not_bump_its_version(filled: paths.DataPaths) -> None:
    row_id, version = db.sql("SELECT id, version FROM company ORDER BY id LIMIT 1").fetchone()
    db.sql("UPDATE company SET people_count = 7, tag_names = 'x' WHERE id = ?", [row_id])
    assert db.sql("SELECT version FROM company WHERE id = ?", [row_id]).fetchone()[0] == version
    db.sql("UPDATE company SET phone = '+1 555 0100' WHERE id = ?", [row_id])
    after = db.sql("SELECT version FROM company WHERE id = ?", [row_id]).fetchone()[0]
    assert after == version + 1


def _make_too_new(data_paths: paths.DataPaths, journal_mode: str) -> bytes:
    open_store(data_paths.database, data_paths.backups)
    Services.create(FixedClock(NOW)).contacts.create(ContactFields(first_name="Ann"))
    db.close()
    con = sqlite3.connect(data_paths.database)
    try:
        con.execute(f"PRAGMA journal_mode={journal_mode}")
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        con.commit()
    finally:
        con.close()
    return data_paths.database.read_bytes()


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(
    data_paths: paths.DataPaths,
) -> None:
    before = _make_too_new(data_paths, "wal")
    with pytest.raises(DatabaseTooNew) as caught:
        open_store(data_paths.database, data_paths.backups)
    message = str(caught.value)
    assert "newer CRM Desktop" in message
    assert f"schema {SCHEMA_VERSION + 1}" in message
    assert str(data_paths.database) in message
    assert "untouched" in message
    assert db.database.is_closed()
    assert data_paths.database.read_bytes() == before
    assert list(data_paths.backups.iterdir()) == []


def test_a_newer_database_in_rollback_journal_mode_is_left_untouched(
    data_paths: paths.DataPaths,
) -> None:
    """Not even the journal_mode=wal pragma may reach it (that rewrites header bytes 18-19)."""
    before = _make_too_new(data_paths, "delete")
    assert before[18:20] == b"\x01\x01"
    with pytest.raises(DatabaseTooNew):
        open_store(data_paths.database, data_paths.backups)
    assert data_paths.database.read_bytes() == before
    assert sorted(p.name for p in data_paths.root.iterdir() if p.is_file()) == ["crm.sqlite3"]


@pytest.fixture
def filled(data_paths: paths.DataPaths) -> Iterator[paths.DataPaths]:
    """The current schema's fixture, opened: a few rows in every table."""
    shutil.copyfile(FIXTURES / f"schema_v{SCHEMA_VERSION}.sqlite3", data_paths.database)
    open_store(data_paths.database, data_paths.backups)
    yield data_paths
    db.close()


def contact_names() -> set[str]:
    return {str(row[0]) for row in db.sql("SELECT display_name FROM contact").fetchall()}


def table_exists(name: str) -> bool:
    row = db.sql("SELECT count(*) FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return bool(row[0])


def test_an_extra_step_runs_after_a_verified_backup(filled: paths.DataPaths) -> None:
    names = contact_names()
    seen_at_step: list[list[Path]] = []

    def add_nickname(migrator: SqliteMigrator) -> None:
        seen_at_step.append(sorted(filled.backups.glob("pre-migration-*.sqlite3")))
        run_operations(migrator.add_column("contact", "nickname", peewee.CharField(default="")))
        db.sql("UPDATE contact SET nickname = lower(first_name)")

    report = migrate(filled.database, filled.backups, steps=(*MIGRATIONS, add_nickname), now=NOW)

    assert (report.from_version, report.to_version) == (SCHEMA_VERSION, SCHEMA_VERSION + 1)
    assert db.user_version() == SCHEMA_VERSION + 1
    assert report.backup is not None
    assert report.backup.parent == filled.backups
    assert report.backup.name == f"pre-migration-v{SCHEMA_VERSION}-20260302-090000.sqlite3"
    assert seen_at_step == [[report.backup]], "the backup must exist before the step runs"
    assert sorted(filled.backups.glob("*.sqlite3")) == [report.backup]
    nicknames = {r[0] for r in db.sql("SELECT nickname FROM contact").fetchall()}
    assert "josé" in nicknames

    backup.verify(report.backup)
    con = sqlite3.connect(f"file:{report.backup}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {r[0] for r in con.execute("SELECT display_name FROM contact")} == names
        columns = {r[1] for r in con.execute("PRAGMA table_info(contact)")}
        assert "nickname" not in columns  # the copy was taken before the step
    finally:
        con.close()


def test_a_step_that_fails_half_way_changes_nothing(filled: paths.DataPaths) -> None:
    names = contact_names()
    counts = {m._meta.table_name: m.select().count() for m in ALL_TABLES}

    def half_made(migrator: SqliteMigrator) -> None:
        db.sql("CREATE TABLE half_made (id INTEGER PRIMARY KEY, note TEXT)")
        db.sql("INSERT INTO half_made (note) VALUES ('x')")
        db.sql("UPDATE contact SET first_name = 'CHANGED'")
        raise RuntimeError("step blew up")

    with pytest.raises(RuntimeError, match="step blew up"):
        migrate(filled.database, filled.backups, steps=(*MIGRATIONS, half_made), now=NOW)

    assert db.user_version() == SCHEMA_VERSION
    assert not table_exists("half_made")
    assert contact_names() == names
    assert "CHANGED" not in {r[0] for r in db.sql("SELECT first_name FROM contact").fetchall()}
    assert {m._meta.table_name: m.select().count() for m in ALL_TABLES} == counts
    db.close()
    # The file still opens normally afterwards, at the old version, without migrating again.
    report = open_store(filled.database, filled.backups)
    assert report.backup is None
    assert db.user_version() == SCHEMA_VERSION


def test_a_new_empty_database_is_not_backed_up(data_paths: paths.DataPaths) -> None:
    report = open_store(data_paths.database, data_paths.backups)
    db.close()
    assert (report.from_version, report.to_version, report.backup) == (0, SCHEMA_VERSION, None)
    assert list(data_paths.backups.iterdir()) == []


def test_updating_a_contact_bumps_its_version(services: Services) -> None:
    cid = services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id
    assert services.contacts.get(cid).version == 1
    services.contacts.update(cid, ContactFields(first_name="Ann", last_name="Lee-Park"))
    assert services.contacts.get(cid).version == 2
    services.contacts.trash([cid])
    services.contacts.restore([cid])
    assert services.contacts.get(cid).version == 4


def test_every_user_table_bumps_version_on_any_update(filled: paths.DataPaths) -> None:
    for model in USER_TABLES:
        table = model._meta.table_name
        row_id, version = db.sql(f"SELECT id, version FROM {table} ORDER BY id LIMIT 1").fetchone()
        db.sql(f"UPDATE {table} SET updated_at = updated_at + 1 WHERE id = ?", [row_id])
        after = db.sql(f"SELECT version FROM {table} WHERE id = ?", [row_id]).fetchone()[0]
        assert after == version + 1, table


def test_a_version_set_explicitly_is_kept(filled: paths.DataPaths) -> None:
    """A sync that writes the server's version must not have it bumped again."""
    cid = Contact.select(Contact.id).first().id
    db.sql("UPDATE contact SET version = 41, first_name = 'Synced' WHERE id = ?", [cid])
    assert db.sql("SELECT version FROM contact WHERE id = ?", [cid]).fetchone()[0] == 41


def test_every_user_table_has_a_unique_uid(filled: paths.DataPaths) -> None:
    for model in USER_TABLES:
        table = model._meta.table_name
        unique_columns = []
        for _, name, unique, *_ in db.sql(f"PRAGMA index_list({table})").fetchall():
            if unique:
                cols = [r[2] for r in db.sql(f"PRAGMA index_info({name})").fetchall()]
                unique_columns.append(cols)
        assert ["uid"] in unique_columns, table
        uids = [r[0] for r in db.sql(f"SELECT uid FROM {table}").fetchall()]
        assert uids and all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uids), table
        assert len(set(uids)) == len(uids), table


def test_a_duplicate_uid_is_refused(services: Services) -> None:
    first = services.contacts.create(ContactFields(first_name="Ann")).id
    second = services.contacts.create(ContactFields(first_name="Bob")).id
    with pytest.raises(peewee.IntegrityError, match="UNIQUE"):
        db.sql(
            "UPDATE contact SET uid = (SELECT uid FROM contact WHERE id = ?) WHERE id = ?",
            [first, second],
        )


def test_a_migration_reports_its_backup_then_its_steps(data_paths: paths.DataPaths) -> None:
    shutil.copyfile(FIXTURES / "schema_v3.sqlite3", data_paths.database)
    said: list[tuple[str, int, int]] = []
    try:
        open_store(data_paths.database, data_paths.backups, lambda *a: said.append(a))
    finally:
        db.close()
    phases = [what for what, _, _ in said]
    first_step = phases.index("Updating")
    assert set(phases[:first_step]) == {"Backing up", "Checking the backup"}
    assert said[first_step:] == [
        ("Updating", n, SCHEMA_VERSION - 3) for n in range(SCHEMA_VERSION - 3)
    ]
