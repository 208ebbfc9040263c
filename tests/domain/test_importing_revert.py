"""Undoing an import: what it created goes, what it updated comes back (e-mails, phones, tags
too), days later, after a cancel or a crash; a second undo is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.imported import ImportedContact, ImportedRecord
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService, UndoCancelled
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.services import Services
from crm_desktop.store import search
from crm_desktop.store.db import sql


def importer(services: Services) -> ImportService:
    return ImportService(services.clock, services.actor_id)


def run(services: Services, records: list[ImportedRecord], **options: Any) -> ImportReport:
    return importer(services).run(
        records, file_name="people.csv", source="test", options=ImportOptions(**options)
    )


def count(table: str) -> int:
    return int(sql(f"SELECT count(*) FROM {table}").fetchone()[0])


def tombstones(table: str) -> int:
    return int(sql('SELECT count(*) FROM tombstone WHERE "table" = ?', [table]).fetchone()[0])


def people(n: int, start: int = 0) -> list[ImportedRecord]:
    return [
        ImportedContact(
            2 + i,
            first_name=f"Person{i}",
            last_name="Imported",
            emails=[("work", f"p{i}@example.com")],
            phones=[("", f"+1 555 01{i:02d}")],
            company=f"Firm {i % 3}",
            tags=["imported", f"batch{i % 2}"],
        )
        for i in range(start, start + n)
    ]


def test_revert_after_creating_removes_everything_it_made(
    services: Services, clock: FixedClock
) -> None:
    services.contacts.create(ContactFields(first_name="Kept", tags=["imported"]))
    before = {t: count(t) for t in ("contact", "company", "tag", "contact_email", "contact_tag")}
    report = run(services, people(5))
    assert report.created == 5
    assert report.new_rows == {"contact": 5, "company": 3, "tag": 2}
    assert search.count_matches("contact", "Person") == 5
    clock.advance(timedelta(days=3))
    undone = importer(services).revert(report.batch_id)
    assert {t: count(t) for t in before} == before
    assert undone.removed == {"contact": 5, "company": 3, "tag": 2}  # "imported" was there
    assert undone.trashed == []
    assert "Removed 5 contacts" in undone.summary()
    assert tombstones("contact") == 5 and tombstones("contact_email") == 5
    assert search.count_matches("contact", "Person") == 0
    assert search.count_matches("company", "Firm") == 0
    search.integrity_check()
    batch = importer(services).batches()[0]
    assert batch.reverted and batch.reverted_at == clock.now()


def stored(services: Services) -> int:
    return services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            title="Buyer",
            emails=[("work", "ann@example.com")],
            phones=[("mobile", "+44 20 7946 0018")],
            tags=["old"],
        )
    ).id


def test_revert_after_updating_puts_back_fields_emails_phones_and_tags(
    services: Services, clock: FixedClock
) -> None:
    ann = stored(services)
    before = services.contacts.get(ann)
    record = ImportedContact(
        2,
        first_name="Ann",
        last_name="Lee",
        title="CEO",
        company="Acme",
        emails=[("home", "ann@home.example"), ("work", "ann@example.com")],
        phones=[("", "+1 555 0100")],
        tags=["new", "old"],
        external_id="hubspot:contact:7",
        address="1 Main St",
    )
    report = run(services, [record], mode="upsert")
    assert report.updated == 1
    changed = services.contacts.get(ann)
    assert changed.title == "CEO" and len(changed.emails) == 2 and changed.tags == ("new", "old")
    clock.advance(timedelta(days=2))
    undone = importer(services).revert(report.batch_id)
    assert undone.restored == {"contact": 1}
    after = services.contacts.get(ann)
    same = ("title", "emails", "phones", "tags", "company_id", "address", "display_name")
    assert {k: getattr(after, k) for k in same} == {k: getattr(before, k) for k in same}
    row = sql("SELECT primary_email, primary_phone, tag_names FROM contact WHERE id = ?", [ann])
    assert row.fetchone() == ("ann@example.com", "+44 20 7946 0018", "old")
    assert count("external_key") == 0
    assert search.count_matches("contact", "CEO") == 0
    assert search.count_matches("contact", "Buyer") == 1
    assert count("company") == 0  # the company the import made went too


def test_revert_keeps_what_was_changed_again_since(services: Services, clock: FixedClock) -> None:
    ann = stored(services)
    report = run(
        services,
        [ImportedContact(2, first_name="Ann", last_name="Lee", title="CEO", address="1 Main St")],
        mode="upsert",
        match_on=("name_company", "email"),
    )
    assert report.updated == 0  # no company: the name alone does not match
    report = run(
        services,
        [ImportedContact(2, emails=[("", "ann@example.com")], title="CEO", address="1 Main St")],
        mode="upsert",
    )
    assert report.updated == 1
    clock.advance(timedelta(hours=1))
    fields = ContactFields(first_name="Ann", last_name="Lee", title="Chief", address="1 Main St")
    fields.emails = [("work", "ann@example.com")]
    services.contacts.update(ann, fields)
    undone = importer(services).revert(report.batch_id)
    detail = services.contacts.get(ann)
    assert detail.title == "Chief"  # changed since: kept
    assert detail.address == ""  # as the import left it: put back
    assert any("kept values changed since" in note for note in undone.notes)


def test_a_created_contact_touched_since_goes_to_the_trash(
    services: Services, clock: FixedClock
) -> None:
    report = run(services, people(3))
    ids = [r.id for r in services.contacts.page()]
    clock.advance(timedelta(days=1))
    services.interactions.log(ids[0], InteractionFields(kind="call", subject="Follow-up call"))
    undone = importer(services).revert(report.batch_id)
    assert undone.removed["contact"] == 2
    name = services.contacts.get(ids[0]).display_name
    company = services.contacts.get(ids[0]).company_name
    assert undone.trashed == [f"{name} (contact)", f"{company} (company)"]  # still its company
    assert services.contacts.get(ids[0]).deleted_at == clock.now()
    assert services.contacts.count() == 0 and services.contacts.count(trashed=True) == 1
    assert "to the trash" in undone.summary()


def test_undoing_imports_newest_first_removes_what_they_made_without_trashing_it(
    services: Services, clock: FixedClock
) -> None:
    first = run(services, people(3))
    clock.advance(timedelta(days=1))
    newer = [
        ImportedContact(2, emails=[("", "p0@example.com")], title="Buyer", tags=["fair"]),
        ImportedContact(3, emails=[("", "p1@example.com")], title="Owner"),
    ]
    second = run(services, newer, mode="upsert")
    assert second.updated == 2
    clock.advance(timedelta(days=1))
    importer(services).revert(second.batch_id)
    clock.advance(timedelta(days=1))
    undone = importer(services).revert(first.batch_id)
    assert undone.trashed == []  # only the undone import had touched them since
    assert undone.removed["contact"] == 3
    assert services.contacts.count(trashed=True) == 0 and count("contact") == 0


def test_a_second_revert_is_refused(services: Services) -> None:
    report = run(services, people(2))
    importer(services).revert(report.batch_id)
    with pytest.raises(DomainError, match="already undone on 2026-03-02 at 09:00"):
        importer(services).revert(report.batch_id)
    with pytest.raises(DomainError, match="no import with id 99"):
        importer(services).revert(99)


def test_a_cancelled_import_keeps_its_chunks_and_can_be_undone(services: Services) -> None:
    done: list[int] = []  # the user presses Cancel once the first chunk is in
    report = importer(services).run(
        people(10),
        file_name="big.csv",
        source="test",
        options=ImportOptions(chunk_size=4),
        progress=lambda rows, total: done.append(rows),
        cancelled=lambda: bool(done) and done[-1] >= 4,
    )
    assert report.cancelled and report.created == 4
    assert report.summary().startswith("Cancelled: 4 created")
    assert services.contacts.count() == 4
    batch = importer(services).batches()[0]
    assert (batch.status, batch.created) == ("cancelled", 4)
    importer(services).revert(report.batch_id)
    assert services.contacts.count() == 0


def test_a_failed_import_records_what_got_in_and_can_be_undone(services: Services) -> None:
    def rows() -> Iterator[ImportedRecord]:
        yield from people(3)
        raise OSError("the disk went away")

    with pytest.raises(OSError):
        importer(services).run(
            rows(), file_name="x.csv", source="test", options=ImportOptions(chunk_size=2)
        )
    batch = importer(services).batches()[0]
    assert (batch.status, batch.created) == ("failed", 2)
    assert services.contacts.count() == 2  # the first chunk; the second was rolled back
    undone = importer(services).revert(batch.id)
    assert undone.removed["contact"] == 2 and services.contacts.count() == 0


def test_an_import_killed_half_way_shows_as_interrupted(services: Services) -> None:
    report = run(services, people(2))
    sql(
        "UPDATE import_batch SET finished_at = NULL, report = json_set(report, '$.status',"
        " 'running') WHERE id = ?",
        [report.batch_id],
    )
    batch = importer(services).batches()[0]
    assert batch.status == "interrupted" and batch.finished_at is None
    importer(services).revert(report.batch_id)
    assert services.contacts.count() == 0


def test_batches_are_listed_newest_first(services: Services, clock: FixedClock) -> None:
    first = run(services, people(2))
    clock.advance(timedelta(minutes=5))
    second = importer(services).run(
        people(1, start=5), file_name="more.vcf", source="vcard", options=ImportOptions()
    )
    listed = importer(services).batches()
    assert [b.id for b in listed] == [second.batch_id, first.batch_id]
    assert (listed[0].file_name, listed[0].source, listed[0].created) == ("more.vcf", "vcard", 1)
    assert listed[1].started_at < listed[0].started_at
    assert importer(services).batch(first.batch_id).created == 2


def test_an_undo_reports_progress_and_a_cancel_rolls_it_all_back(
    services: Services, clock: FixedClock
) -> None:
    services.contacts.create(
        ContactFields(first_name="Person1", last_name="Imported", emails=[("", "p1@example.com")])
    )
    report = run(services, people(12), existing_duplicates="merge")
    assert (report.created, report.updated) == (11, 1)
    clock.advance(timedelta(minutes=5))
    rows = {t: count(t) for t in ("contact", "company", "tag", "contact_email", "tombstone")}
    seen: list[tuple[int, int | None]] = []

    def cancel_after_the_first_report() -> bool:
        return len(seen) > 1

    with pytest.raises(UndoCancelled):
        importer(services).revert(
            report.batch_id, lambda done, total: seen.append((done, total)),
            cancel_after_the_first_report,
        )  # fmt: skip
    assert {t: count(t) for t in rows} == rows  # nothing changed
    assert not importer(services).batch(report.batch_id).reverted
    seen.clear()
    undone = importer(services).revert(
        report.batch_id, lambda done, total: seen.append((done, total))
    )
    assert undone.removed["contact"] == 11
    total = seen[0][1]
    assert total and seen[0] == (0, total) and seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert count("contact") == 1
