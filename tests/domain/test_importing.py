"""Importing people: modes, each match rule, duplicates within the file and against the store,
rejected rows, and that an imported contact is stored exactly as ContactService.create
stores one."""

from __future__ import annotations

import gc
import sys
from datetime import date
from typing import Any

import pytest

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.imported import ImportedContact, ImportedRecord
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import create as create_staff
from crm_desktop.store import search
from crm_desktop.store.db import sql


def importer(services: Services) -> ImportService:
    return ImportService(services.clock, services.actor_id)


def run(services: Services, records: list[ImportedRecord], **options: Any) -> ImportReport:
    return importer(services).run(
        records, file_name="people.csv", source="test", options=ImportOptions(**options)
    )


def person(line: int, **fields: Any) -> ImportedContact:
    return ImportedContact(line, **fields)


def names(services: Services) -> list[str]:
    return [row.display_name for row in services.contacts.page()]


def row_of(table: str, row_id: int) -> dict[str, Any]:
    cursor = sql(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    columns = [d[0] for d in cursor.description]
    return dict(zip(columns, cursor.fetchone(), strict=True))


def children(table: str, contact_id: int) -> list[tuple[Any, ...]]:
    order = "tag_id" if table == "contact_tag" else "position, id"
    cursor = sql(f"SELECT * FROM {table} WHERE contact_id = ? ORDER BY {order}", [contact_id])
    columns = [d[0] for d in cursor.description]
    keep = [i for i, c in enumerate(columns) if c not in ("id", "uid", "contact_id")]
    return [tuple(row[i] for i in keep) for row in cursor.fetchall()]


def ann(line: int = 2, **more: Any) -> ImportedContact:
    fields: dict[str, Any] = {
        "first_name": "Ann",
        "last_name": "Lee",
        "emails": [("work", "ann@example.com")],
        "phones": [("mobile", "+44 20 7946 0018")],
    }
    fields.update(more)
    return ImportedContact(line, **fields)


# -- what gets stored --------------------------------------------------------------------------


def test_an_imported_contact_is_stored_as_the_service_stores_one(services: Services) -> None:
    made = services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            title="Buyer",
            company_id=services.companies.find_or_create("Acme Ltd"),
            emails=[("work", "ann@example.com"), ("home", "ann.lee@mail.example")],
            phones=[("mobile", "+44 20 7946 0018")],
            address="1 Main Street, Leeds",
            birthday=date(1990, 4, 1),
            source="Trade fair",
            lifecycle="customer",
            personal_notes="Likes tea.",
            tags=["VIP", "golf"],
        )
    ).id
    report = run(
        services,
        [
            ImportedContact(
                2,
                full_name="Ann Lee",
                title="Buyer",
                company="ACME LTD",
                emails=[("work", "ann@example.com"), ("home", "ann.lee@mail.example")],
                phones=[("mobile", "+44 20 7946 0018")],
                address="1 Main Street, Leeds",
                birthday=date(1990, 4, 1),
                source="Trade fair",
                lifecycle="customer",
                notes="Likes tea.",
                tags=["vip", "Golf"],
            )
        ],
        existing_duplicates="create",
    )
    assert (report.created, report.updated, report.rejected) == (1, 0, [])
    imported = next(r.id for r in services.contacts.page() if r.id != made)
    ours, theirs = services.contacts.get(made), services.contacts.get(imported)
    skip = {"id", "uid"}
    assert {k: v for k, v in vars(theirs).items() if k not in skip} == {
        k: v for k, v in vars(ours).items() if k not in skip
    }
    assert theirs.tags == ("golf", "VIP")  # the stored tags' own spelling
    assert {k: v for k, v in row_of("contact", imported).items() if k not in skip} == {
        k: v for k, v in row_of("contact", made).items() if k not in skip
    }
    for table in ("contact_email", "contact_phone", "contact_tag"):
        assert children(table, imported) == children(table, made), table
    entries = sql(
        "SELECT rowid, title, body FROM search_contact WHERE rowid IN (?, ?) ORDER BY rowid",
        [made, imported],
    ).fetchall()
    assert entries[0][1:] == entries[1][1:]
    assert services.companies.get(services.companies.find_or_create("Acme Ltd")).people == (
        (made, "Ann Lee"),
        (imported, "Ann Lee"),
    )
    assert row_of("company", services.companies.find_or_create("acme ltd"))["people_count"] == 2
    search.integrity_check()


def test_full_name_is_split_and_a_row_with_only_a_phone_imports(services: Services) -> None:
    report = run(
        services,
        [
            person(2, full_name="Mary Ann van Dyke"),
            person(3, phones=[("", "+1 555 0100")]),
            person(4, full_name="Cher"),
        ],
    )
    assert report.created == 3
    rows = {r.display_name: r for r in services.contacts.page()}
    assert set(rows) == {"Mary Ann van Dyke", "+1 555 0100", "Cher"}
    mary = services.contacts.get(rows["Mary Ann van Dyke"].id)
    assert (mary.first_name, mary.last_name) == ("Mary Ann van", "Dyke")
    assert services.contacts.get(rows["Cher"].id).first_name == "Cher"


def test_rejected_rows_are_reported_with_line_and_reason_and_the_rest_import(
    services: Services,
) -> None:
    report = run(
        services,
        [
            ann(2),
            person(3),
            person(4, emails=[("", "not an email")]),
            person(5, first_name="Bo", problems=["“31.02.1990” is not a real date"]),
            person(6, first_name="Cy", emails=[("", "cy@@x")], phones=[("", "12")]),
        ],
    )
    assert report.created == 2
    assert report.rejected == [
        (3, "no name, e-mail or phone"),
        (
            4,
            "“not an email” is not an email address (expected name@example.com)."
            " That leaves no name, e-mail or phone.",
        ),
        (5, "“31.02.1990” is not a real date"),
    ]
    assert [line for line, _ in report.warnings] == [6, 6]
    assert "It was left out" in report.warnings[0][1]
    assert sorted(names(services)) == ["Ann Lee", "Cy"]
    cy = next(r.id for r in services.contacts.page() if r.display_name == "Cy")
    assert services.contacts.get(cy).emails == ()
    batch = importer(services).batches()[0]
    assert (batch.created, batch.rejected, batch.status) == (2, 3, "done")


def test_unknown_lifecycle_and_owner_are_said_once(services: Services) -> None:
    boss = create_staff(services.clock, "Rita Boss", "rita@shop.example")
    report = run(
        services,
        [
            ann(2, owner="rita@shop.example", lifecycle="Customer"),
            person(3, first_name="Bo", owner="Zed Nobody", lifecycle="friend"),
            person(4, first_name="Cy", owner="zed nobody"),
            person(5, first_name="Di"),
        ],
    )
    owners = {r.display_name: services.contacts.get(r.id) for r in services.contacts.page()}
    assert owners["Ann Lee"].owner_id == boss
    assert owners["Ann Lee"].lifecycle == "customer"
    assert owners["Bo"].owner_id is None and owners["Bo"].lifecycle == "lead"
    assert owners["Di"].owner_id == services.actor_id  # nobody named: the importing user
    assert report.notices == [
        "“Zed Nobody” is not on the staff: 2 rows left without an owner, the name kept in the "
        "notes."
    ]
    assert owners["Bo"].personal_notes == "Owner: Zed Nobody"  # who looked after them: kept
    assert owners["Cy"].personal_notes == "Owner: zed nobody"
    assert "Owner" not in owners["Di"].personal_notes
    again = run(services, [person(3, first_name="Bo", owner="Zed Nobody")], mode="upsert")
    assert (again.created, again.updated) == (0, 0)  # the line is there already: no change
    assert services.contacts.get(owners["Bo"].id).personal_notes == "Owner: Zed Nobody"
    assert report.warnings == [(3, "Lifecycle “friend” is not one of ours: left as lead.")]


def test_a_website_goes_into_the_notes(services: Services) -> None:
    run(services, [ann(2, notes="Met in Leeds.", website="ann.example")])
    detail = services.contacts.get(services.contacts.page()[0].id)
    assert detail.personal_notes == "Met in Leeds.\nWebsite: ann.example"


def test_bad_options_are_refused_before_anything_is_written(services: Services) -> None:
    with pytest.raises(ValidationError) as caught:
        run(services, [ann()], mode="replace", match_on=("email", "shoe size"))
    assert set(caught.value.problems) == {"mode", "match_on"}
    assert importer(services).batches() == []


# -- matching ----------------------------------------------------------------------------------


def stored_ann(services: Services, **more: Any) -> int:
    fields = ContactFields(
        first_name="Ann",
        last_name="Lee",
        emails=[("work", "ann@example.com")],
        phones=[("mobile", "+44 20 7946 0018")],
        company_id=services.companies.find_or_create("Acme"),
    )
    for name, value in more.items():
        setattr(fields, name, value)
    return services.contacts.create(fields).id


@pytest.mark.parametrize(
    ("rule", "record"),
    [
        ("email", person(2, first_name="A", emails=[("", "ANN@Example.com ")])),
        ("phone", person(2, first_name="A", phones=[("", "0044 (20) 7946-0018")])),
        ("name_company", person(2, first_name="ann", last_name="LEE", company="acme")),
    ],
)
def test_each_rule_finds_the_stored_contact(
    services: Services, rule: str, record: ImportedContact
) -> None:
    stored = stored_ann(services)
    record.title = "Head of buying"
    report = run(services, [record], mode="update", match_on=(rule,))
    assert (report.created, report.updated) == (0, 1)
    assert services.contacts.get(stored).title == "Head of buying"
    others = [r for r in ("email", "phone", "name_company") if r != rule]
    report = run(services, [record], mode="update", match_on=tuple(others))
    assert (report.updated, report.skipped) == (0, 1)  # the other rules do not see it


def test_the_external_id_finds_a_contact_after_its_email_changed(services: Services) -> None:
    first = run(services, [ann(2, external_id="google:c1")])
    contact = services.contacts.page()[0].id
    report = run(
        services,
        [person(2, first_name="Ann", emails=[("", "new@example.com")], external_id="google:c1")],
        mode="upsert",
    )
    assert (first.created, report.created, report.updated) == (1, 0, 1)
    assert services.contacts.get(contact).emails == (
        ("work", "ann@example.com"),
        ("", "new@example.com"),
    )


def test_same_name_without_a_company_is_not_a_match(services: Services) -> None:
    stored_ann(services, company_id=None)
    report = run(services, [person(2, first_name="Ann", last_name="Lee")], mode="upsert")
    assert (report.created, report.updated) == (1, 0)


def test_a_list_of_bare_names_imported_again_finds_the_same_people(services: Services) -> None:
    club = [
        person(2, first_name="Plain", last_name="Name", tags=["club"]),
        person(3, full_name="Jo"),
    ]
    assert run(services, club).created == 2
    again = run(services, club, mode="upsert")
    assert (again.created, again.skipped) == (0, 2)
    # a stored namesake with an e-mail or a company is someone the bare name cannot be told
    # from, so it is not taken for them
    stored_ann(services, company_id=None)
    assert run(services, [person(2, first_name="Ann", last_name="Lee")]).created == 1
    assert sorted(names(services)) == ["Ann Lee", "Ann Lee", "Jo", "Plain Name"]


def test_trashed_contacts_are_not_matched(services: Services) -> None:
    services.contacts.trash([stored_ann(services)])
    report = run(services, [ann()], mode="upsert")
    assert report.created == 1


# -- modes -------------------------------------------------------------------------------------


def test_create_mode_merges_into_an_existing_match_by_default(services: Services) -> None:
    stored = stored_ann(services, title="Buyer", address="")
    report = run(
        services,
        [ann(2, title="CEO", address="1 Main St", phones=[("work", "+1 555 0100")], tags=["New"])],
    )
    assert (report.created, report.updated) == (0, 1)
    detail = services.contacts.get(stored)
    assert detail.title == "Buyer"  # filled only where empty
    assert detail.address == "1 Main St"
    assert detail.phones == (("mobile", "+44 20 7946 0018"), ("work", "+1 555 0100"))
    assert detail.tags == ("New",)


def test_create_mode_skips_or_creates_existing_matches_when_told(services: Services) -> None:
    stored_ann(services)
    skipped = run(services, [ann(title="CEO")], existing_duplicates="skip")
    assert (skipped.created, skipped.updated, skipped.skipped) == (0, 0, 1)
    made = run(services, [ann(title="CEO")], existing_duplicates="create")
    assert (made.created, made.updated) == (1, 0)
    assert names(services) == ["Ann Lee", "Ann Lee"]


def test_upsert_overwrites_with_the_files_values_and_creates_the_rest(
    services: Services,
) -> None:
    stored = stored_ann(services, title="Buyer", lifecycle="lead")
    report = run(
        services,
        [ann(2, title="CEO", lifecycle="customer"), person(3, first_name="Bo")],
        mode="upsert",
    )
    assert (report.created, report.updated) == (1, 1)
    detail = services.contacts.get(stored)
    assert (detail.title, detail.lifecycle) == ("CEO", "customer")
    assert detail.first_name == "Ann"  # an empty value in the file changes nothing


def test_update_mode_changes_only_what_matches(services: Services) -> None:
    stored = stored_ann(services)
    report = run(services, [ann(title="CEO"), person(3, first_name="Bo")], mode="update")
    assert (report.created, report.updated, report.skipped) == (0, 1, 1)
    assert names(services) == ["Ann Lee"]
    assert services.contacts.get(stored).title == "CEO"


def test_companies_head_counts_follow_the_people_who_came_and_went(services: Services) -> None:
    stored_ann(services)  # at Acme, with Cy
    services.contacts.create(
        ContactFields(first_name="Cy", company_id=services.companies.find_or_create("Acme"))
    )
    services.contacts.create(ContactFields(first_name="Bo", emails=[("work", "bo@example.com")]))
    report = run(
        services,
        [
            ann(2, company="Globex"),  # moves from Acme to Globex
            person(3, first_name="Bo", emails=[("work", "bo@example.com")], company="Initech"),
            person(4, first_name="Di", company="Globex"),  # new
            ann(5, title="CEO"),  # the same Ann again: stays at Globex
        ],
        mode="upsert",
    )
    assert (report.created, report.updated, report.merged_in_file) == (1, 2, 1)
    counts = {
        name: row_of("company", services.companies.find_or_create(name))["people_count"]
        for name in ("Acme", "Globex", "Initech")
    }
    assert counts == {"Acme": 1, "Globex": 2, "Initech": 1}


def test_a_row_that_changes_nothing_is_skipped_not_updated(services: Services) -> None:
    stored_ann(services)
    report = run(services, [ann()], mode="upsert")
    assert (report.updated, report.skipped) == (0, 1)


# -- shared e-mails and phones -----------------------------------------------------------------


def test_people_sharing_a_phone_or_an_email_are_not_merged(services: Services) -> None:
    """An office's switchboard, or info@, shared by colleagues: different first and last names
    on both sides mean different people, in the file and against the store."""
    stored = stored_ann(services)  # Ann Lee, ann@example.com, +44 20 7946 0018
    report = run(
        services,
        [
            person(2, first_name="Bo", last_name="Berg", phones=[("work", "+44 20 7946 0018")]),
            person(3, first_name="Cy", last_name="Dee", emails=[("", "info@acme.example")]),
            person(4, first_name="Di", last_name="Eck", emails=[("", "info@acme.example")]),
        ],
        mode="upsert",
    )
    assert (report.created, report.updated, report.merged_in_file) == (3, 0, 0)
    assert sorted(names(services)) == ["Ann Lee", "Bo Berg", "Cy Dee", "Di Eck"]
    assert services.contacts.get(stored).phones[0][1] == "+44 20 7946 0018"


def test_the_same_person_spelled_another_way_is_still_found(services: Services) -> None:
    stored = stored_ann(services)
    report = run(
        services,
        [
            ann(2, first_name="Anne", title="Buyer"),  # "Ann" is the start of "Anne"
            ann(3, first_name="Annabel", last_name="Smith", emails=[]),  # found by phone
            person(4, emails=[("", "ANN@example.com")], notes="no name given"),
            person(5, first_name="Robert", last_name="Lee", emails=[("", "ann@example.com")]),
            person(6, first_name="Lee", last_name="Ann", emails=[("", "ann@example.com")]),
        ],
    )
    assert report.created == 0
    assert names(services) == ["Ann Lee"]  # merged: the stored name stays
    assert services.contacts.get(stored).title == "Buyer"


# -- duplicates within the file --------------------------------------------------------------


def test_duplicates_within_the_file_are_merged(services: Services) -> None:
    report = run(
        services,
        [
            ann(2),
            person(3, first_name="Ann", emails=[("home", "ann@example.com")], title="CEO"),
            person(4, first_name="A.", phones=[("", "+44 20 7946 0018"), ("work", "+1 555 0100")]),
        ],
    )
    assert (report.created, report.merged_in_file, report.skipped) == (1, 2, 0)
    detail = services.contacts.get(services.contacts.page()[0].id)
    assert detail.title == "CEO"
    assert [p for _, p in detail.phones] == ["+44 20 7946 0018", "+1 555 0100"]


def test_duplicates_within_the_file_are_skipped_when_told(services: Services) -> None:
    report = run(services, [ann(2), ann(3, title="CEO")], in_file_duplicates="skip")
    assert (report.created, report.merged_in_file, report.skipped) == (1, 0, 1)
    assert services.contacts.get(services.contacts.page()[0].id).title == ""


def test_duplicates_across_chunks_are_found_too(services: Services) -> None:
    records: list[ImportedRecord] = [ann(2), person(3, first_name="Bo"), ann(4, title="CEO")]
    report = run(services, records, chunk_size=1)
    assert (report.created, report.merged_in_file) == (2, 1)
    assert sorted(names(services)) == ["Ann Lee", "Bo"]
    ann_id = next(r.id for r in services.contacts.page() if r.display_name == "Ann Lee")
    assert services.contacts.get(ann_id).title == "CEO"


def test_two_rows_merging_into_one_stored_contact(services: Services) -> None:
    stored = stored_ann(services)
    report = run(
        services,
        [ann(2, tags=["A"]), person(3, emails=[("", "ann@example.com")], tags=["B"])],
        mode="upsert",
    )
    assert (report.updated, report.merged_in_file) == (1, 1)
    assert services.contacts.get(stored).tags == ("A", "B")


def test_progress_is_reported_per_chunk(services: Services) -> None:
    heard: list[tuple[int, int | None]] = []
    importer(services).run(
        [person(n, first_name=f"P{n}") for n in range(2, 7)],
        file_name="p.csv",
        source="test",
        options=ImportOptions(chunk_size=2),
        progress=lambda done, total: heard.append((done, total)),
        total=5,
    )
    assert heard == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_the_interpreter_is_tuned_for_the_whole_run_and_put_back_after(
    services: Services,
) -> None:
    """The collector is off while rows are made (also while the report is put together) and
    back on once the run has returned, even when it failed; the seconds count all of it."""
    interval = sys.getswitchinterval()
    heard: list[tuple[bool, float]] = []
    report = importer(services).run(
        [person(n, first_name=f"P{n}") for n in range(2, 5)],
        file_name="p.csv",
        source="test",
        options=ImportOptions(chunk_size=2),
        progress=lambda done, total: heard.append((gc.isenabled(), sys.getswitchinterval())),
    )
    assert heard and all(not on and tuned < interval for on, tuned in heard)
    assert gc.isenabled() and sys.getswitchinterval() == interval
    assert report.created == 3 and report.seconds > 0

    def failing(done: int, total: int | None) -> None:
        if done:
            raise OSError("disk full")

    with pytest.raises(OSError):
        importer(services).run(
            [person(n, first_name=f"Q{n}") for n in range(2, 5)],
            file_name="q.csv",
            source="test",
            options=ImportOptions(chunk_size=2),
            progress=failing,
        )
    assert gc.isenabled() and sys.getswitchinterval() == interval


# -- our own fields (what our exports carry and other programs rarely do) ---------------------


def test_our_own_fields_are_stored_and_a_do_not_contact_is_always_honoured(
    services: Services,
) -> None:
    stored = services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            emails=[("work", "ann@example.com")],
            preferences="Mornings",
        )
    ).id
    report = run(
        services,
        [
            person(2, first_name="Pia", last_name="Aalto", preferred_channel="Phone"),
            person(
                3,
                first_name="Bo",
                preferences="Text first",
                do_not_contact=True,
                stay_in_touch_days=30,
                referred_by="pia aalto",  # made by the row before, in the same chunk
            ),
            person(4, first_name="Cy", stay_in_touch_days=0, referred_by="Nobody Known"),
            ann(5, preferences="Evenings", do_not_contact=True, stay_in_touch_days=14),
        ],
    )
    assert (report.created, report.updated, report.rejected) == (3, 1, [])
    assert report.warnings == [
        (4, "“Stay in touch every 0 days” needs at least one day: left out."),
        (4, "Referred by “Nobody Known”: no such contact here."),
    ]
    people = {r.display_name: services.contacts.get(r.id) for r in services.contacts.page()}
    assert people["Pia Aalto"].preferred_channel == "phone"
    bo = people["Bo"]
    assert (bo.preferences, bo.do_not_contact, bo.stay_in_touch_days) == ("Text first", True, 30)
    assert bo.referred_by_id == people["Pia Aalto"].id
    cy = people["Cy"]
    assert (cy.stay_in_touch_days, cy.referred_by_id) == (None, None)
    assert cy.personal_notes == "Referred by: Nobody Known"
    # merged into the stored Ann: gaps are filled, her own preferences stay, and the file's
    # "do not contact" is honoured even though only gaps are filled
    ann_after = people["Ann Lee"]
    assert ann_after.id == stored
    assert (ann_after.preferences, ann_after.do_not_contact) == ("Mornings", True)
    assert ann_after.stay_in_touch_days == 14
    updated = run(services, [ann(2, preferences="Evenings")], mode="update")
    assert updated.updated == 1
    assert services.contacts.get(stored).preferences == "Evenings"
    assert services.contacts.get(stored).do_not_contact  # a file saying nothing leaves it


def test_a_referrer_is_found_wherever_the_file_lists_them(services: Services) -> None:
    """An export lists people by name, so a referrer comes before or after the people they
    referred, in the same chunk or another; the undo removes them all (the referrals inside
    the import do not count as the contacts being used since)."""
    report = run(
        services,
        [
            person(2, first_name="Zed", last_name="Zimmer"),
            person(3, first_name="Amy", last_name="Adams", referred_by="Zed Zimmer"),
            person(4, first_name="Bo", last_name="Best", referred_by="Yan Young"),
            person(5, first_name="Cy", last_name="Cole", referred_by="Nobody Known"),
            person(6, first_name="Yan", last_name="Young"),
        ],
        chunk_size=2,  # Bo's referrer comes in a later chunk
    )
    assert (report.created, report.rejected) == (5, [])
    assert report.warnings == [(5, "Referred by “Nobody Known”: no such contact here.")]
    people = {r.display_name: services.contacts.get(r.id) for r in services.contacts.page()}
    assert people["Amy Adams"].referred_by_id == people["Zed Zimmer"].id
    assert people["Bo Best"].referred_by_id == people["Yan Young"].id
    assert people["Bo Best"].personal_notes == ""
    assert people["Cy Cole"].personal_notes == "Referred by: Nobody Known"
    assert search.search("Nobody") != []  # the note added at the end is in the index
    undone = importer(services).revert(report.batch_id)
    assert undone.trashed == []
    assert names(services) == []


def test_notes_from_the_file_are_added_never_put_in_place_of_what_was_written(
    services: Services,
) -> None:
    first = run(services, [ann(2, notes="Met at the Expo")])
    contact_id = services.contacts.page()[0].id
    stored = services.contacts.get(contact_id)
    typed = "Met at the Expo\n\nCalled her about the spring order"  # written in the CRM since
    sql("UPDATE contact SET personal_notes = ? WHERE id = ?", [typed, contact_id])
    again = run(services, [ann(2, notes="Met at the Expo")], mode="upsert")
    assert (again.updated, again.skipped) == (0, 1)  # the file's note is there already
    assert services.contacts.get(contact_id).personal_notes == typed
    more = run(services, [ann(2, notes="Prefers tea")], mode="upsert")
    assert more.updated == 1
    assert services.contacts.get(contact_id).personal_notes == f"{typed}\n\nPrefers tea"
    twins = run(
        services,
        [
            person(2, first_name="Maria", emails=[("", "maria@example.com")], notes="A"),
            person(3, first_name="Maria", emails=[("", "maria@example.com")], notes="B"),
        ],
    )
    assert twins.merged_in_file == 1
    maria = next(r for r in services.contacts.page() if r.display_name == "Maria")
    assert services.contacts.get(maria.id).personal_notes == "A\n\nB"  # neither row's lost
    assert first.created == 1 and stored.personal_notes == "Met at the Expo"


def test_a_newer_export_of_the_same_people_does_not_pile_up_their_notes(
    services: Services,
) -> None:
    old = "Met at the Expo\n\nNickname: Annie\nLead status: Connected"
    run(services, [ann(2, notes=old)])
    contact_id = services.contacts.page()[0].id
    typed = f"{old}\n\nCalled her about the spring order"  # written in the CRM since
    sql("UPDATE contact SET personal_notes = ? WHERE id = ?", [typed, contact_id])
    newer = "Met at the Expo\n\nNickname: Annie\nLead status: Attempted\nSpouse: Bo"
    filled = run(services, [ann(2, notes=newer)])  # create mode: only fills gaps
    assert filled.updated == 1
    assert services.contacts.get(contact_id).personal_notes == f"{typed}\n\nSpouse: Bo"
    again = run(services, [ann(2, notes=newer)], mode="upsert")
    assert again.updated == 1  # the file's newer lead status takes the old one's place
    assert services.contacts.get(contact_id).personal_notes == (
        "Met at the Expo\n\nNickname: Annie\nLead status: Attempted\n\n"
        "Called her about the spring order\n\nSpouse: Bo"
    )
    same = run(services, [ann(2, notes=newer)], mode="upsert")
    assert (same.updated, same.skipped) == (0, 1)


@pytest.mark.parametrize("chunk_size", [20_000, 1])
def test_a_contact_the_file_changes_counts_as_updated_however_many_rows_it_has(
    services: Services, chunk_size: int
) -> None:
    rows = [
        person(2, first_name="Maria", emails=[("", "maria@example.com")], title="Buyer"),
        person(3, first_name="Maria", emails=[("", "maria@example.com")], title="Head buyer"),
    ]
    made = run(services, rows, chunk_size=chunk_size)
    assert (made.created, made.merged_in_file) == (1, 1)  # the second row filled no gap
    again = run(services, rows, mode="upsert", chunk_size=chunk_size)
    maria = services.contacts.get(services.contacts.page()[0].id)
    assert maria.title == "Head buyer"  # the last row's, as the file has it
    assert (again.updated, again.skipped, again.merged_in_file) == (1, 0, 1)
    same = run(services, rows, mode="upsert", chunk_size=chunk_size)
    # Row 2 sets "Buyer" again, row 3 "Head buyer" again: in one chunk nothing stored
    # changes; in chunks of a row each is written as it comes, and that is an update.
    if chunk_size > 1:
        assert (same.updated, same.skipped) == (0, 1)
        assert services.contacts.get(maria.id).version == maria.version
    else:
        assert (same.updated, same.skipped) == (1, 0)
