"""Our own exports imported again. A round trip of the pipeline: deals (and the contacts
export, so that people and companies resolve) imported into an empty database come back field
for field, and imported again in upsert mode, nothing is duplicated. Into the database they came
from, edited in a spreadsheet: deals and contacts are found by their uid and updated."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.domain import demo, staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.deal_export import DealExports, ExportDeal
from crm_desktop.domain.exports import ExportScope, ExportService
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.pipelines import PipelineAdmin
from crm_desktop.domain.services import Services
from crm_desktop.interchange import csv_writer, deal_writer, detect_preset, read_table, records
from crm_desktop.store import db
from crm_desktop.store.db import sql
from crm_desktop.store.opening import open_store
from tests.deal_data import make_deals

# What comes back as it was, the pipeline included (the new database has pipelines of the
# same names); the uid and the time of creation are the new database's, and a deal closed on
# its day. A deal nobody owned is the importing user's ("Me"), as any row that names no owner
# (``Catalog.owner``).
SAME = (
    "title", "value_minor", "currency", "pipeline", "stage", "status", "contact",
    "contact_email", "company", "owner", "expected_close", "lost_reason", "source", "next_step",
    "notes",
)  # fmt: skip


@dataclass(frozen=True)
class Exported:
    contacts: Path
    deals: Path
    before: list[ExportDeal]
    staff: list[tuple[str, str]]


def export_all(services: Services, folder: Path, suffix: str) -> Exported:
    contacts = folder / "contacts.csv"
    csv_writer.write_csv(contacts, ExportService(services.clock).contacts(ExportScope("all")))
    reader = DealExports(services.clock)
    deals = folder / f"deals.{suffix}"
    write = deal_writer.write_deals_csv if suffix == "csv" else deal_writer.write_deals_xlsx
    write(deals, reader.deals())
    before = [d for page in reader.deals() for d in page]
    people = [(str(n), str(e)) for n, e in sql("SELECT name, email FROM staff ORDER BY id")]
    return Exported(contacts, deals, before, people)


@contextmanager
def emptied(tmp_path: Path) -> Iterator[None]:
    """The exported database closed and an empty one open in its place."""
    db.close()
    data = paths.resolve(os.path.join(str(tmp_path), "fresh")).ensure()
    open_store(data.database, data.backups)
    try:
        yield
    finally:
        db.close()


def imported(path: Path, clock: FixedClock, mode: str = "create") -> ImportReport:
    services = Services.create(clock)
    table = read_table(path)
    preset = detect_preset(table.header)
    return ImportService(services.clock, services.actor_id).run(
        records(table, preset),
        file_name=path.name,
        source=preset.key,
        options=ImportOptions(mode=mode),  # type: ignore[arg-type]
    )


def into_empty(exported: Exported, clock: FixedClock, pipelines: bool = True) -> ImportReport:
    for name, email in exported.staff:  # the CRM's users, not data: the same in both
        if name != "Me":
            staff.create(clock, name, email)
    # set up as in the database the file came from ("Sales", the default, is made on import)
    for name in sorted({d.pipeline for d in exported.before} - {"Sales"}) if pipelines else ():
        PipelineAdmin(clock).create_pipeline(name)
    report = imported(exported.contacts, clock)
    assert report.rejected == []
    return imported(exported.deals, clock)


def fields(deals: list[ExportDeal]) -> list[tuple[object, ...]]:
    def value(deal: ExportDeal, name: str) -> object:
        if name == "owner":
            return deal.owner or "Me"
        if name == "closed_at":
            return deal.closed_at.date() if deal.closed_at else None
        return getattr(deal, name)

    return sorted(tuple(str(value(d, n)) for n in (*SAME, "closed_at")) for d in deals)


def assert_same(before: list[ExportDeal], clock: FixedClock) -> None:
    after = [d for page in DealExports(clock).deals() for d in page]
    assert fields(after) == fields(before)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_deals_come_back_field_for_field_and_once(
    services: Services, clock: FixedClock, tmp_path: Path, suffix: str
) -> None:
    make_deals(services)
    exported = export_all(services, tmp_path, suffix)
    with emptied(tmp_path):
        report = into_empty(exported, clock)
        assert (report.created, report.rejected, report.warnings) == (6, [], [])
        assert_same(exported.before, clock)
        again = imported(exported.deals, clock, "upsert")
        assert (again.created, again.rejected) == (0, [])
        assert DealExports(clock).count() == 6
        assert_same(exported.before, clock)


def test_a_pipeline_the_database_lacks_is_kept_in_the_notes_of_its_deals(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    make_deals(services)
    exported = export_all(services, tmp_path, "csv")
    with emptied(tmp_path):
        report = into_empty(exported, clock, pipelines=False)
        assert (report.created, report.rejected) == (6, [])
        assert report.notices == [
            "Pipeline “Hiring” is not in the app: 1 deal put in “Sales”, the pipeline's name"
            " kept in its notes."
        ]
        after = {d.title: d for page in DealExports(clock).deals() for d in page}
        assert {d.pipeline for d in after.values()} == {"Sales"}
        assert after["New engineer"].notes == "Pipeline: Hiring"
        assert after["New engineer"].stage == "New"


def test_the_demo_s_deals_come_back(services: Services, clock: FixedClock, tmp_path: Path) -> None:
    demo.generate(60, seed=3, clock=clock)
    exported = export_all(services, tmp_path, "csv")
    assert len(exported.before) >= 8 and any(d.status == "won" for d in exported.before)
    with emptied(tmp_path):
        report = into_empty(exported, clock)
        assert (report.created, report.rejected) == (len(exported.before), [])
        assert_same(exported.before, clock)
        again = imported(exported.deals, clock, "upsert")
        assert again.created == 0 and DealExports(clock).count() == len(exported.before)


def test_the_file_edited_and_imported_into_its_own_database_updates_those_deals(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    """A person exports the pipeline, changes values in a spreadsheet and imports it back: the
    deals are found by their uid and updated, none is copied; undo puts the old values back."""
    deals = make_deals(services)
    path = tmp_path / "deals.csv"
    deal_writer.write_deals_csv(path, DealExports(clock).deals())
    text = path.read_text(encoding="utf-8-sig")
    text = text.replace("Acme renewal,12500.50,", "Acme renewal,13000.00,")
    assert "13000.00" in text
    path.write_text(text, encoding="utf-8-sig")
    living = DealExports(clock).count()
    where = "SELECT pipeline_id, stage_id, owner_id FROM lead WHERE id = ?"
    hiring, bare = (sql(where, [deals.ids[t]]).fetchone() for t in ("New engineer", "Bare deal"))

    report = imported(path, clock, "upsert")
    assert (report.created, report.updated, report.rejected) == (0, 1, [])
    assert DealExports(clock).count() == living
    acme = deals.ids["Acme renewal"]
    value = sql("SELECT value_minor FROM lead WHERE id = ?", [acme]).fetchone()[0]
    assert value == 1_300_000
    assert sql("SELECT count(*) FROM lead WHERE title = ?", [deals.trashed]).fetchone()[0] == 1
    # the other pipeline's deal stays in its own stage ("New" is a stage of both pipelines),
    # and a deal nobody owns is not given to the importing user by its blank Owner cell
    assert sql(where, [deals.ids["New engineer"]]).fetchone() == hiring
    assert sql(where, [deals.ids["Bare deal"]]).fetchone() == bare and bare[2] is None

    ImportService(clock, services.actor_id).revert(report.batch_id)
    assert sql("SELECT value_minor FROM lead WHERE id = ?", [acme]).fetchone()[0] == 1_250_050


def test_the_contacts_file_edited_and_imported_back_finds_each_person_by_uid(
    services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    """Our contacts export carries each contact's uid: imported back into its own database, an
    untouched row changes nothing (not even the contact's version), and a person renamed in the
    spreadsheet, with no e-mail or phone to be found by, is updated, not copied."""
    bare = services.contacts.create(ContactFields(first_name="Walk", last_name="In")).id
    make_deals(services)
    path = tmp_path / "contacts.csv"
    csv_writer.write_csv(path, ExportService(clock).contacts(ExportScope("all")))
    versions = dict(sql("SELECT id, version FROM contact").fetchall())

    again = imported(path, clock, "upsert")
    assert (again.created, again.updated, again.skipped) == (0, 0, len(versions))
    assert dict(sql("SELECT id, version FROM contact").fetchall()) == versions
    assert sql("SELECT count(*) FROM external_key").fetchone()[0] == 0

    text = path.read_text(encoding="utf-8-sig").replace("Walk In,Walk,In,", "Walker In,Walker,In,")
    path.write_text(text, encoding="utf-8-sig")
    edited = imported(path, clock, "upsert")
    assert (edited.created, edited.updated) == (0, 1)
    assert services.contacts.get(bare).display_name == "Walker In"
