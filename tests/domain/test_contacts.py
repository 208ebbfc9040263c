"""Contacts through the service: validation, duplicates, tags, owner, trash."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import NotFound, ValidationError
from crm_desktop.domain.services import Services
from crm_desktop.store import search
from crm_desktop.store.db import sql


def ann(**overrides: object) -> ContactFields:
    fields = ContactFields(
        first_name="Ann",
        last_name="Lee",
        emails=[("work", "ann@example.com")],
        phones=[("mobile", "+44 20 7946 0018")],
        birthday="1990-04-01",
        tags=["VIP"],
    )
    for name, value in overrides.items():
        setattr(fields, name, value)
    return fields


def test_create_and_read_back(services: Services) -> None:
    created = services.contacts.create(ann())
    detail = services.contacts.get(created.id)
    assert detail.display_name == "Ann Lee"
    assert detail.emails == (("work", "ann@example.com"),)
    assert detail.phones == (("mobile", "+44 20 7946 0018"),)
    assert detail.birthday == date(1990, 4, 1)
    assert detail.tags == ("VIP",)
    assert detail.owner_id == services.actor_id
    assert detail.created_at == services.clock.now()
    assert len(detail.uid) == 32
    assert created.change.entity == "contact" and created.change.action == "created"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (ContactFields(), "name", "needs a name or an email"),
        (ContactFields(first_name="A", emails=[("", "not-an-email")]), "emails", "not an email"),
        (ContactFields(first_name="A", birthday="2026-02-30"), "birthday", "not a real date"),
        (ContactFields(first_name="A", birthday="yesterday"), "birthday", "not a real date"),
        (ContactFields(first_name="A", phones=[("", "call me")]), "phones", "not a phone"),
        (ContactFields(first_name="A", lifecycle="friend"), "lifecycle", "must be one of"),
        (ContactFields(first_name="A", stay_in_touch_days=0), "stay_in_touch_days", "at least"),
        (ContactFields(first_name="A", company_id=999), "company", "no company"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    services: Services, fields: ContactFields, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        services.contacts.create(fields)
    assert message in raised.value.problems[field]
    assert services.contacts.count() == 0


def test_an_email_alone_is_enough(services: Services) -> None:
    created = services.contacts.create(ContactFields(emails=[("", "solo@example.com")]))
    assert services.contacts.get(created.id).display_name == "solo@example.com"


def test_a_companys_own_line_is_shown_by_the_companys_name(services: Services) -> None:
    acme = services.companies.find_or_create("Acme Ltd")
    fields = ContactFields(emails=[("", "hello@acme.example")], company_id=acme)
    created = services.contacts.create(fields)
    assert services.contacts.get(created.id).display_name == "Acme Ltd"
    fields.phones = [("", "+44 20 7946 0018")]
    services.contacts.update(created.id, fields)  # edited in the app: still the company's
    assert services.contacts.get(created.id).display_name == "Acme Ltd"


def test_duplicates_by_email_phone_and_name_at_company(services: Services) -> None:
    acme = services.companies.create(CompanyFields(name="Acme")).id
    first = services.contacts.create(ann(company_id=acme)).id

    by_email = services.contacts.create(
        ContactFields(first_name="Other", emails=[("", "ANN@Example.com ")])
    )
    assert [(d.contact_id, d.reason) for d in by_email.duplicates] == [(first, "email")]

    by_phone = services.contacts.create(
        ContactFields(first_name="Phone", phones=[("", "0044 (20) 7946-0018")])
    )
    assert [(d.contact_id, d.reason) for d in by_phone.duplicates] == [(first, "phone")]

    by_name = services.contacts.create(
        ContactFields(first_name="ann", last_name="LEE", company_id=acme)
    )
    assert [(d.contact_id, d.reason) for d in by_name.duplicates] == [(first, "name and company")]
    elsewhere = services.contacts.create(ContactFields(first_name="Ann", last_name="Lee"))
    assert elsewhere.duplicates == ()


def test_trashed_contacts_are_not_duplicates(services: Services) -> None:
    first = services.contacts.create(ann()).id
    services.contacts.trash([first])
    assert services.contacts.create(ann()).duplicates == ()


def test_update_replaces_fields_and_bumps_version(services: Services, clock: FixedClock) -> None:
    cid = services.contacts.create(ann()).id
    clock.advance(timedelta(hours=1))
    services.contacts.update(
        cid, ann(last_name="Smith", emails=[("home", "ann@home.test")], tags=["Gold"])
    )
    detail = services.contacts.get(cid)
    assert detail.display_name == "Ann Smith"
    assert detail.emails == (("home", "ann@home.test"),)
    assert detail.tags == ("Gold",)
    assert detail.version > 1
    assert detail.updated_at == clock.now()
    # The removed email and tag link left tombstones for a future sync.
    tables = {row[0] for row in sql('SELECT "table" FROM tombstone').fetchall()}
    assert {"contact_email", "contact_tag"} <= tables


def test_update_of_missing_contact(services: Services) -> None:
    with pytest.raises(NotFound):
        services.contacts.update(42, ann())


def test_bulk_tags_and_owner(services: Services) -> None:
    ids = [services.contacts.create(ann(first_name=f"P{n}", tags=[])).id for n in range(3)]
    services.contacts.add_tags(ids, ["Newsletter", "newsletter", "Fair 2026"])
    assert services.contacts.get(ids[0]).tags == ("Fair 2026", "Newsletter")
    services.contacts.remove_tags(ids[:2], ["NEWSLETTER"])
    assert services.contacts.get(ids[0]).tags == ("Fair 2026",)
    assert services.contacts.get(ids[2]).tags == ("Fair 2026", "Newsletter")
    assert [h.id for h in search.search("fair", kinds=["contact"])] == ids
    services.contacts.assign_owner(ids, None)
    assert services.contacts.get(ids[1]).owner_id is None


def test_trash_restore_and_empty_trash(services: Services) -> None:
    keep = services.contacts.create(ann(first_name="Keep")).id
    gone = services.contacts.create(ann(first_name="Gone")).id
    uid = services.contacts.get(gone).uid
    services.contacts.trash([gone])
    assert [row.id for row in services.contacts.page()] == [keep]
    assert [row.id for row in services.contacts.page(trashed=True)] == [gone]
    assert search.search("gone") == []
    services.contacts.restore([gone])
    assert [h.id for h in search.search("gone")] == [gone]
    services.contacts.trash([gone])
    change = services.contacts.empty_trash()
    assert change.ids == (gone,)
    with pytest.raises(NotFound):
        services.contacts.get(gone)
    assert sql("SELECT count(*) FROM tombstone WHERE uid = ?", [uid]).fetchone()[0] == 1
    assert services.contacts.count() == 1


def test_page_is_keyset_ordered_by_name(services: Services) -> None:
    names = ["Zoë Adams", "adam Zed", "Émile Brun", "Bob Brown", "Carl Able", "Ana Ávila"]
    for name in names:
        first, last = name.split()
        services.contacts.create(ContactFields(first_name=first, last_name=last))
    first_page = services.contacts.page(limit=2)
    rest = services.contacts.page(after=first_page[-1].key, limit=10)
    order = [row.display_name for row in first_page + rest]
    assert order == ["Carl Able", "Zoë Adams", "Ana Ávila", "Bob Brown", "Émile Brun", "adam Zed"]


def test_company_rename_reindexes_its_people(services: Services) -> None:
    acme = services.companies.create(CompanyFields(name="Acme")).id
    cid = services.contacts.create(ann(company_id=acme)).id
    services.companies.update(acme, CompanyFields(name="Globex"))
    assert [h.id for h in search.search("globex", kinds=["contact"])] == [cid]
    assert services.companies.get(acme).people == ((cid, "Ann Lee"),)
    assert services.companies.find_or_create("GLOBEX") == acme
