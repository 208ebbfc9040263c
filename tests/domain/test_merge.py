"""Merging two contacts: every row of both ends up on the kept one, the chosen values win, the
other goes to the trash marked as merged; unmerge puts every row back as it was. Merges are
recorded, and one can be taken back another day from its record, unless the kept contact was
changed since (those changes would be lost)."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta
from typing import Any

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.duplicates import DuplicateFinder
from crm_desktop.domain.errors import DomainError, NotFound, ValidationError
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.merge import MergeService, default_choices, merged_into, merged_lists
from crm_desktop.domain.merge_records import history, take_back
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db, search
from crm_desktop.store.db import sql
from crm_desktop.store.models import ExternalKey

# Every table a merge writes to; version and updated_at move on (a sync must see the change).
TABLES = (
    "contact",
    "contact_email",
    "contact_phone",
    "contact_tag",
    "interaction",
    "lead",
    "reminder",
    "external_key",
    "company",
)
BOOKKEEPING = {"version", "updated_at"}


def dump() -> dict[str, list[tuple[Any, ...]]]:
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for table in TABLES:
        names = [row[1] for row in sql(f'PRAGMA table_info("{table}")').fetchall()]
        keep = [i for i, name in enumerate(names) if name not in BOOKKEEPING]
        rows = sql(f"SELECT * FROM {table} ORDER BY id").fetchall()
        tables[table] = [tuple(row[i] for i in keep) for row in rows]
    tables["search_contact"] = sql(
        "SELECT rowid, title, body FROM search_contact ORDER BY rowid"
    ).fetchall()
    return tables


@pytest.fixture
def pair(services: Services, clock: FixedClock) -> tuple[int, int]:
    """Ann (older, kept) and Annie (newer, dropped), each with rows of every kind."""
    acme = services.companies.find_or_create("Acme")
    globex = services.companies.find_or_create("Globex")
    keep = services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            title="Buyer",
            company_id=acme,
            emails=[("work", "ann@acme.example"), ("home", "ann@example.com")],
            phones=[("mobile", "+44 20 7946 0018")],
            personal_notes="Likes tea.",
            tags=["VIP", "Newsletter"],
        )
    ).id
    clock.advance(timedelta(days=1))
    drop = services.contacts.create(
        ContactFields(
            first_name="Annie",
            last_name="Lee",
            title="Head of buying",
            company_id=globex,
            emails=[("", "ANN@example.com"), ("", "annie@globex.example")],
            phones=[("", "020 7946 0018"), ("office", "+44 20 7000 0001")],
            address="1 High Street",
            personal_notes="Two kids.",
            source="Trade fair",
            tags=["vip", "Golf"],
        )
    ).id
    for who in (keep, drop):
        services.interactions.log(who, InteractionFields(kind="call", subject=f"call {who}"))
        due = clock.now() + timedelta(days=3)
        services.followups.create(ReminderFields(title=f"follow {who}", due_at=due, contact_id=who))
    services.pipeline.create_lead(LeadFields(title="Big order", contact_id=drop))
    referred = services.contacts.create(
        ContactFields(first_name="Ref", last_name="Erred", referred_by_id=drop)
    ).id
    assert referred
    ExternalKey.create(table="contact", row_id=drop, key="hubspot:contact:77")
    clock.advance(timedelta(hours=1))
    return keep, drop


def test_merge_moves_everything_and_keeps_both_sides_data(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    merges = MergeService(services.clock, services.actor_id)
    result = merges.merge(keep, drop, {"title": "drop"})
    ann = services.contacts.get(keep)
    assert ann.display_name == "Annie Lee"  # both have a name: the newer one's, by default
    assert ann.title == "Head of buying"  # chosen from the right
    assert ann.company_name == "Globex"  # the newer side's, by default
    assert ann.address == "1 High Street"  # only the dropped one had it
    assert ann.source == "Trade fair"
    assert ann.personal_notes == "Likes tea.\n\nTwo kids."  # both kept
    assert [e for _, e in ann.emails] == [
        "ann@acme.example",
        "ann@example.com",
        "annie@globex.example",
    ]
    # "020 7946 0018" is the number Ann has already, without the country code: not added
    assert [p for _, p in ann.phones] == ["+44 20 7946 0018", "+44 20 7000 0001"]
    assert sorted(ann.tags) == ["Golf", "Newsletter", "VIP"]
    timeline = sql("SELECT subject FROM interaction WHERE contact_id = ?", [keep]).fetchall()
    assert sorted(row[0] for row in timeline) == sorted([f"call {drop}", f"call {keep}"])
    assert sql("SELECT count(*) FROM reminder WHERE contact_id = ?", [keep]).fetchone()[0] == 2
    assert sql("SELECT count(*) FROM lead WHERE contact_id = ?", [keep]).fetchone()[0] == 1
    assert sql("SELECT count(*) FROM contact WHERE referred_by_id = ?", [keep]).fetchone()[0] == 1
    assert ExternalKey.get(ExternalKey.key == "hubspot:contact:77").row_id == keep
    dropped = services.contacts.get(drop)
    assert dropped.deleted_at == services.clock.now()
    assert merged_into(dropped.uid) == keep
    assert result.moved_count == 3  # an interaction, a follow-up and a lead
    assert result.change.action == "merged" and result.change.affects("interaction")
    # derived columns and the search index follow
    people = dict(sql("SELECT name, people_count FROM company").fetchall())
    assert people == {"Acme": 0, "Globex": 1}
    assert [hit.id for hit in search.search("annie@globex", ("contact",))] == [keep]
    assert DuplicateFinder(services.clock).find() == []


def test_merge_and_unmerge_restore_every_row(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    before = dump()
    merges = MergeService(services.clock, services.actor_id)
    result = merges.merge(keep, drop, {"name": "drop", "company_id": "keep"})
    assert dump() != before
    change = merges.unmerge(result)
    assert change.action == "unmerged"
    assert dump() == before
    assert services.contacts.get(drop).deleted_at is None
    assert merged_into(services.contacts.get(drop).uid) is None


def test_unmerge_after_the_kept_contact_was_edited_still_puts_lists_back(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    before = services.contacts.get(keep), services.contacts.get(drop)
    merges = MergeService(services.clock, services.actor_id)
    result = merges.merge(keep, drop)
    merged = services.contacts.get(keep)
    # An edit rewrites every email and phone row (new ids): unmerge must still restore them.
    edited = ContactFields(
        first_name="Ann",
        last_name="Lee",
        emails=list(merged.emails),
        phones=list(merged.phones),
        tags=list(merged.tags),
    )
    services.contacts.update(keep, edited)
    merges.unmerge(result)
    after = services.contacts.get(keep), services.contacts.get(drop)
    for old, new in zip(before, after, strict=True):
        assert (new.emails, new.phones, new.tags) == (old.emails, old.phones, old.tags)
        assert new.first_name == old.first_name and new.deleted_at is None


def test_defaults_take_what_is_there_then_the_newer(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    left, right = services.contacts.get(keep), services.contacts.get(drop)
    choices = default_choices(left, right)
    assert choices["address"] == "drop"  # only the right has one
    assert choices["title"] == "drop"  # both have one: the newer (right) wins
    assert choices["lifecycle"] == "keep"  # the same on both
    assert choices["personal_notes"] == "both"
    assert choices["birthday"] == "keep"  # neither has one
    assert default_choices(right, left)["title"] == "keep"
    emails, phones, tags = merged_lists(left, right)
    assert len(emails) == 3 and len(phones) == 2
    assert [t.casefold() for t in tags] == ["newsletter", "vip", "golf"]


def test_side_shows_values_as_text_and_counts(services: Services, pair: tuple[int, int]) -> None:
    _, drop = pair
    side = MergeService(services.clock).side(drop)
    assert side.shown["name"] == "Annie Lee"
    assert side.shown["company_id"] == "Globex"
    assert side.shown["owner_id"] == "Me"
    assert side.shown["birthday"] == ""
    assert (side.interactions, side.leads, side.reminders) == (1, 1, 1)


def test_merge_is_refused_for_itself_the_trash_and_missing_contacts(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    merges = MergeService(services.clock, services.actor_id)
    with pytest.raises(DomainError, match="into itself"):
        merges.merge(keep, keep)
    services.contacts.trash([drop])
    with pytest.raises(DomainError, match="in the trash"):
        merges.merge(keep, drop)
    with pytest.raises(DomainError, match="in the trash"):
        merges.merge(drop, keep)
    with pytest.raises(NotFound):
        merges.merge(keep, 9999)
    services.contacts.restore([drop])
    with pytest.raises(ValidationError, match="not a choice"):
        merges.merge(keep, drop, {"title": "both"})
    with pytest.raises(ValidationError, match="not a field"):
        merges.merge(keep, drop, {"colour": "keep"})  # type: ignore[dict-item]
    assert services.contacts.get(drop).deleted_at is None  # nothing happened


def test_a_merged_contact_cannot_be_merged_again_and_unmerge_needs_it(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    merges = MergeService(services.clock, services.actor_id)
    result = merges.merge(keep, drop)
    with pytest.raises(DomainError, match="in the trash"):
        merges.merge(keep, drop)
    services.contacts.empty_trash()
    with pytest.raises(DomainError, match="deleted from the trash for good"):
        merges.unmerge(result)


# -- taking a merge back another day, from its record ----------------------------------------


def saved_as(services: Services, contact_id: int, **changes: Any) -> None:
    """Save the contact through the editor's path, with ``changes``."""
    detail = services.contacts.get(contact_id)
    given = {f.name: getattr(detail, f.name) for f in fields(ContactFields)}
    given.update(emails=list(detail.emails), phones=list(detail.phones), tags=list(detail.tags))
    services.contacts.update(contact_id, ContactFields(**{**given, **changes}))


def test_a_merge_is_recorded_and_taken_back_another_day_as_it_was(
    services: Services,
    pair: tuple[int, int],
    clock: FixedClock,
) -> None:
    keep, drop = pair
    before = dump()
    merges = MergeService(services.clock, services.actor_id)
    result = merges.merge(keep, drop, {"name": "drop"})
    (past,) = history()
    assert (past.record_id, past.kept_name, past.dropped_name) == (
        result.record_id,
        "Ann Lee",
        "Annie Lee",
    )
    assert (past.merged_at, past.undone_at) == (clock.now(), None)
    # Another day, the app started again: nothing of the session is left but the database.
    clock.advance(timedelta(days=3))
    services.interactions.log(keep, InteractionFields(kind="call", subject="after the merge"))
    call = dump()["interaction"][-1]
    take_back(MergeService(services.clock, services.actor_id), past.record_id)
    after = dump()
    assert after["interaction"][-1] == call  # the call logged since stays with Ann
    assert {k: v for k, v in after.items() if k not in ("interaction", "contact")} == {
        k: v for k, v in before.items() if k not in ("interaction", "contact")
    }
    assert services.contacts.get(drop).deleted_at is None
    assert services.contacts.get(keep).display_name == "Ann Lee"
    assert history()[0].undone_at == clock.now()
    with pytest.raises(DomainError, match="already taken back"):
        take_back(merges, past.record_id)
    with pytest.raises(DomainError, match="already taken back"):
        merges.unmerge(result)  # Ctrl+Z of the same merge, from a session still open


def test_a_kept_contact_changed_since_is_not_put_back(
    services: Services,
    pair: tuple[int, int],
) -> None:
    keep, drop = pair
    merges = MergeService(services.clock, services.actor_id)
    merges.merge(keep, drop)
    merged = services.contacts.get(keep)
    saved_as(services, keep, title="Chief buyer", emails=[*merged.emails, ("", "new@x.example")])
    (past,) = history()
    with pytest.raises(DomainError, match=r"changed after the merge \(title, e-mails\)"):
        take_back(merges, past.record_id)
    assert services.contacts.get(drop).deleted_at is not None  # nothing was taken back
    assert history()[0].undone_at is None


def test_an_edit_that_changes_nothing_does_not_stop_it(
    services: Services,
    pair: tuple[int, int],
) -> None:
    keep, drop = pair
    merges = MergeService(services.clock, services.actor_id)
    merges.merge(keep, drop)
    saved_as(services, keep)  # saved as it was: its e-mail and phone rows are written anew
    take_back(merges, history()[0].record_id)
    assert services.contacts.get(drop).deleted_at is None
    assert db.sql("SELECT count(*) FROM merge_record WHERE undone_at IS NULL").fetchone()[0] == 0
