"""The contact columns copied for the list (company, tags, next follow-up) follow their sources,
the schema the migrations build matches the models, and version 1 files are backfilled."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.denormalised import NO_DUE
from crm_desktop.store.fields import to_epoch
from crm_desktop.store.models import ALL_TABLES
from crm_desktop.store.opening import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def derived(contact_id: int) -> tuple[str, str, int | None, int]:
    row = db.sql(
        "SELECT company_sort, tag_names, next_due_at, version FROM contact WHERE id = ?",
        [contact_id],
    ).fetchone()
    return row[0], row[1], row[2], row[3]


def test_every_model_column_exists_in_the_migrated_schema(store: paths.DataPaths) -> None:
    for model in ALL_TABLES:
        table = model._meta.table_name
        have = {row[1] for row in db.sql(f'PRAGMA table_info("{table}")').fetchall()}
        want = {f.column_name for f in model._meta.sorted_fields}
        assert want <= have, (table, want - have)


def test_company_tags_and_next_follow_up_follow_their_sources(
    services: Services, clock: FixedClock
) -> None:
    acme = services.companies.create(CompanyFields(name="Ácme Ltd")).id
    cid = services.contacts.create(
        ContactFields(first_name="Ann", company_id=acme, tags=["vip", "Customer"])
    ).id
    assert derived(cid)[:3] == ("acme ltd", "Customer, vip", None)
    assert derived(cid)[3] == 1  # derived columns are no edit: the version stays

    services.companies.update(acme, CompanyFields(name="Zeta Ltd"))
    services.contacts.remove_tags([cid], ["vip"])
    assert derived(cid)[:2] == ("zeta ltd", "Customer")

    later = services.followups.create(
        ReminderFields(title="Call", due_at=clock.now() + timedelta(days=9), contact_id=cid)
    ).id
    sooner = services.followups.create(
        ReminderFields(title="Mail", due_at=clock.now() + timedelta(days=2), contact_id=cid)
    ).id
    assert derived(cid)[2] == to_epoch(clock.now() + timedelta(days=2))
    services.followups.snooze(sooner, clock.now() + timedelta(days=20))
    assert derived(cid)[2] == to_epoch(clock.now() + timedelta(days=9))
    services.followups.complete(later)
    services.followups.cancel(sooner)
    assert derived(cid)[2] is None
    # The list sorts "no follow-up" after every date through the index expression.
    key = db.sql(
        f"SELECT coalesce(next_due_at, {NO_DUE}) FROM contact WHERE id = ?", [cid]
    ).fetchone()[0]
    assert key == NO_DUE


def test_a_version_1_file_is_backfilled(tmp_path: Path) -> None:
    data = paths.resolve(tmp_path / "old").ensure()
    shutil.copyfile(FIXTURES / "schema_v1.sqlite3", data.database)
    open_store(data.database, data.backups)
    try:
        rows = {
            name: (company, tags, due is not None)
            for name, company, tags, due in db.sql(
                "SELECT display_name, company_sort, tag_names, next_due_at FROM contact"
            ).fetchall()
        }
        indexes = {
            row[0]
            for row in db.sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact'"
            ).fetchall()
        }
    finally:
        db.close()
    assert rows["José Núñez"] == ("acme ltd", "Spanish, VIP", False)
    assert rows["Ann Lee"] == ("muller gmbh", "VIP", True)
    assert {"contact_list_company", "contact_list_next_due", "contact_list_tags"} <= indexes
