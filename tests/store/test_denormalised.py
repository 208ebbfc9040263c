"""The columns copied for the lists follow their sources: on a contact its company, tags and
next follow-up; on a company its people count and tags. The schema the migrations build
matches the models, older files are backfilled, and demo data comes with them right."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.domain import demo
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db, denormalised
from crm_desktop.store.denormalised import NO_DUE
from crm_desktop.store.models import ALL_TABLES
from crm_desktop.store.opening import open_store
from crm_desktop.store.values import to_epoch

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


def company_derived(company_id: int) -> tuple[int, str, int]:
    row = db.sql(
        "SELECT people_count, tag_names, version FROM company WHERE id = ?", [company_id]
    ).fetchone()
    return row[0], row[1], row[2]


def test_a_companys_people_count_and_tags_follow_their_sources(services: Services) -> None:
    acme = services.companies.create(CompanyFields(name="Acme", tags=["vip", "Customer"])).id
    zeta = services.companies.create(CompanyFields(name="Zeta")).id
    assert company_derived(acme) == (0, "Customer, vip", 1)

    ann = services.contacts.create(ContactFields(first_name="Ann", company_id=acme)).id
    bob = services.contacts.create(ContactFields(first_name="Bob", company_id=acme)).id
    assert company_derived(acme) == (2, "Customer, vip", 1)  # derived: the version stays
    services.contacts.update(bob, ContactFields(first_name="Bob", company_id=zeta))
    assert company_derived(acme)[0] == 1 and company_derived(zeta)[0] == 1
    services.contacts.update(bob, ContactFields(first_name="Bob"))  # no company any more
    assert company_derived(zeta)[0] == 0
    services.contacts.trash([ann, bob])
    assert company_derived(acme)[0] == 0
    services.contacts.restore([ann])
    assert company_derived(acme)[0] == 1
    services.contacts.trash([ann])
    services.contacts.empty_trash()
    assert company_derived(acme)[0] == 0

    services.companies.add_tags([acme, zeta], ["Partner"])
    assert company_derived(acme)[1] == "Customer, Partner, vip"
    assert company_derived(zeta)[1] == "Partner"
    services.companies.remove_tags([acme, zeta], ["VIP", "partner"])
    assert company_derived(acme)[1] == "Customer"
    assert company_derived(zeta)[1] == ""
    services.companies.update(zeta, CompanyFields(name="Zeta", tags=["b", "A"]))
    assert company_derived(zeta) == (0, "A, b", 2)  # the edit bumped it, once


def test_contacts_of_a_deleted_company_lose_its_name(services: Services) -> None:
    acme = services.companies.create(CompanyFields(name="Acme")).id
    ann = services.contacts.create(ContactFields(first_name="Ann", company_id=acme)).id
    services.companies.trash([acme])
    services.companies.empty_trash()
    assert derived(ann)[0] == ""


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_gets_the_company_columns(tmp_path: Path, version: int) -> None:
    data = paths.resolve(tmp_path / "old").ensure()
    shutil.copyfile(FIXTURES / f"schema_v{version}.sqlite3", data.database)
    open_store(data.database, data.backups)
    try:
        rows = {
            name: (people, tags, version)
            for name, people, tags, version in db.sql(
                "SELECT name, people_count, tag_names, version FROM company"
            ).fetchall()
        }
        indexes = {
            row[0]
            for row in db.sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'company'"
            ).fetchall()
        }
    finally:
        db.close()
    assert rows == {"Acme Ltd": (1, "supplier", 1), "Müller GmbH": (1, "Germany", 1)}
    assert {f"company_list_{n}" for n in ("industry", "website", "phone", "people")} <= indexes
    assert {"company_list_owner", "company_list_tags"} <= indexes


def test_demo_companies_carry_their_people_count_and_tags(
    store: paths.DataPaths, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "FIRST_BATCH", 200)  # several batches, each with its companies
    monkeypatch.setattr(demo, "BATCH", 250)
    demo.generate(900, clock=clock)
    query = "SELECT id, people_count, tag_names FROM company ORDER BY id"
    generated = db.sql(query).fetchall()
    employed = db.sql("SELECT count(*) FROM contact WHERE company_id IS NOT NULL").fetchone()[0]
    assert sum(row[1] for row in generated) == employed > 0
    assert any(row[2] for row in generated)
    with db.write():
        denormalised.refresh_all_companies()
    assert db.sql(query).fetchall() == generated
