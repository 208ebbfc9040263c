"""Importing companies, deals and activities: stages by name or map (unknown ones created),
won and lost deals, activities on the right contact, tasks as follow-ups, and a second import
of the same file adding nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.imported import (
    ImportedActivity,
    ImportedCompany,
    ImportedContact,
    ImportedDeal,
    ImportedRecord,
)
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.store import search
from crm_desktop.store.db import sql


def importer(services: Services) -> ImportService:
    return ImportService(services.clock, services.actor_id)


def run(services: Services, records: list[ImportedRecord], **options: Any) -> ImportReport:
    return importer(services).run(
        records, file_name="crm.csv", source="pipedrive", options=ImportOptions(**options)
    )


def stage_ids(services: Services) -> dict[str, int]:
    pipeline = services.pipeline.ensure_default()
    return {s.name: s.id for s in services.pipeline.stages(pipeline)}


def lead_rows() -> dict[str, dict[str, Any]]:
    cursor = sql("SELECT * FROM lead ORDER BY id")
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return {row["title"]: row for row in rows}


PEOPLE: list[ImportedRecord] = [
    ImportedCompany(2, name="Acme Ltd", website="acme.example", external_id="pd:org:1"),
    ImportedContact(
        3, full_name="Ann Lee", emails=[("", "ann@acme.example")], external_id="pd:person:1"
    ),
    ImportedContact(4, full_name="Bo Chan", emails=[("", "bo@chan.example")]),
]


def test_deals_go_to_stages_by_name_and_status(services: Services, clock: FixedClock) -> None:
    run(services, PEOPLE)
    report = run(
        services,
        [
            ImportedDeal(
                2,
                title="Roof",
                stage="qualified",
                value_minor=250_000,
                currency="usd",
                contact_external_id="pd:person:1",
                company_external_id="pd:org:1",
                expected_close=date(2026, 6, 1),
            ),
            ImportedDeal(
                3, title="Door", stage="Proposal", status="won", contact="bo@chan.example"
            ),
            ImportedDeal(4, title="Shed", status="lost", lost_reason="Too dear", contact="Bo Chan"),
            ImportedDeal(5, title="Fence", stage="Haggling", company="New Co"),
            ImportedDeal(6, title="", stage="New"),
            ImportedDeal(7, title="Gate", currency="euros"),
        ],
    )
    assert (report.created, [line for line, _ in report.rejected]) == (4, [6, 7])
    assert report.notices == ["Stage “Haggling” is not in the pipeline: 1 deal put in “New”."]
    stages, leads = stage_ids(services), lead_rows()
    ann = next(r.id for r in services.contacts.page() if r.display_name == "Ann Lee")
    roof = leads["Roof"]
    assert roof["stage_id"] == stages["Qualified"] and roof["status"] == "open"
    assert (roof["value_minor"], roof["currency"], roof["probability"]) == (250_000, "USD", 40)
    assert roof["contact_id"] == ann
    assert roof["company_id"] == services.companies.find_or_create("Acme Ltd")
    assert roof["expected_close"] == date(2026, 6, 1).toordinal()
    door, shed = leads["Door"], leads["Shed"]
    assert (door["stage_id"], door["status"], door["closed_at"]) == (
        stages["Won"],
        "won",
        int(clock.now().timestamp()),
    )
    assert (shed["stage_id"], shed["status"], shed["lost_reason"]) == (
        stages["Lost"],
        "lost",
        "Too dear",
    )
    assert door["contact_id"] == shed["contact_id"] != ann
    assert leads["Fence"]["stage_id"] == stages["New"]
    assert services.pipeline.history(roof["id"])[0].to_stage_id == stages["Qualified"]
    assert [
        lead.title for lead in map(services.pipeline.get, services.pipeline.column(stages["New"]))
    ] == ["Fence"]
    assert search.count_matches("lead", "Roof") == 1


def test_unknown_stages_are_offered_and_created_on_request(services: Services) -> None:
    deals = [
        ImportedDeal(2, title="A", stage="Negotiation"),
        ImportedDeal(3, title="B", stage="new"),
        ImportedDeal(4, title="C", stage="negotiation"),
        ImportedDeal(5, title="D", stage="Contract sent"),
    ]
    service = importer(services)
    assert service.unknown_stages(deals) == ["Negotiation", "Contract sent"]
    report = run(services, deals, stage_map={"Negotiation": None, "Contract sent": None})
    assert report.new_rows["stage"] == 2 and report.notices == []
    names = list(stage_ids(services))
    assert names == [
        "New",
        "Contacted",
        "Qualified",
        "Proposal",
        "Negotiation",
        "Contract sent",
        "Won",
        "Lost",
    ]
    assert service.unknown_stages(deals) == []
    leads = lead_rows()
    assert leads["C"]["stage_id"] == stage_ids(services)["Negotiation"]
    undone = service.revert(report.batch_id)
    assert undone.removed["stage"] == 2 and undone.removed["lead"] == 4
    assert list(stage_ids(services)) == ["New", "Contacted", "Qualified", "Proposal", "Won", "Lost"]


def test_a_stage_map_sends_names_to_our_stages(services: Services) -> None:
    stages = stage_ids(services)
    run(
        services,
        [ImportedDeal(2, title="A", stage="Angebot")],
        stage_map={"angebot": stages["Proposal"]},
    )
    assert lead_rows()["A"]["stage_id"] == stages["Proposal"]


def test_activities_attach_to_the_right_contact(services: Services, clock: FixedClock) -> None:
    run(services, PEOPLE)
    ann = next(r.id for r in services.contacts.page() if r.display_name == "Ann Lee")
    bo = next(r.id for r in services.contacts.page() if r.display_name == "Bo Chan")
    when = datetime(2026, 2, 20, 15, 30, tzinfo=UTC)
    report = run(
        services,
        [
            ImportedActivity(
                2,
                kind="Call",
                subject="Intro call",
                contact_external_id="pd:person:1",
                occurred_at=when,
            ),
            ImportedActivity(3, kind="E-mail", subject="Quote", contact="BO@chan.example"),
            ImportedActivity(4, kind="lunch", body="Talked about the roof.", contact="bo chan"),
            ImportedActivity(5, kind="note", subject="Who?", contact="Nobody Known"),
            ImportedActivity(6, kind="call", subject=""),
            ImportedActivity(7, kind="webinar", subject="Odd one", contact="Ann Lee"),
        ],
    )
    assert report.created == 4
    assert report.rejected == [
        (5, "no contact “Nobody Known” to attach it to"),
        (6, "nothing to record: no subject and no text"),
    ]
    assert report.notices == ["Activities of the kind “webinar” were imported as notes."]
    timeline = services.interactions.for_contact(ann)
    assert [(i.kind, i.subject) for i in timeline] == [("note", "Odd one"), ("call", "Intro call")]
    assert timeline[1].occurred_at == when and timeline[1].staff_id == services.actor_id
    assert [(i.kind, i.subject) for i in services.interactions.for_contact(bo)] == [
        ("meeting", ""),  # both at the import's time: the later row first
        ("email", "Quote"),
    ]
    assert services.contacts.get(ann).last_contacted_at == clock.now()
    assert search.count_matches("interaction", "roof") == 1


def test_a_files_times_are_the_users_own_and_a_day_to_do_falls_due_that_morning(
    store: paths.DataPaths,
) -> None:
    new_york = ZoneInfo("America/New_York")
    services = Services.create(FixedClock(datetime(2031, 3, 1, 12, 0, tzinfo=UTC), new_york))
    run(services, PEOPLE)
    ann = next(r.id for r in services.contacts.page() if r.display_name == "Ann Lee")
    run(
        services,
        [
            ImportedActivity(  # Pipedrive: "09:30", no zone
                2, kind="call", subject="Intro", occurred_at=datetime(2031, 2, 27, 9, 30),
                contact="Ann Lee",
            ),
            ImportedActivity(  # a day only: due that morning, on that day
                3, kind="task", subject="Lunch", done=False, occurred_at=datetime(2031, 3, 6),
                contact="Ann Lee",
            ),
            ImportedActivity(  # summer time by then: still 10:00 on the wall clock
                4, kind="task", subject="Renewal", done=False,
                occurred_at=datetime(2031, 6, 2, 10, 0), contact="Ann Lee",
            ),
            ImportedActivity(  # a zone written in the file is kept
                5, kind="note", subject="Synced",
                occurred_at=datetime(2031, 2, 27, 20, 0, tzinfo=UTC), contact="Ann Lee",
            ),
        ],
    )  # fmt: skip
    talks = {i.subject: i.occurred_at for i in services.interactions.for_contact(ann)}
    assert talks["Intro"] == datetime(2031, 2, 27, 14, 30, tzinfo=UTC)
    assert talks["Synced"] == datetime(2031, 2, 27, 20, 0, tzinfo=UTC)
    due = {r.title: r.due_at for r in services.followups.upcoming(days=120)}
    assert due["Lunch"].astimezone(new_york) == datetime(2031, 3, 6, 9, 0, tzinfo=new_york)
    assert due["Renewal"] == datetime(2031, 6, 2, 14, 0, tzinfo=UTC)  # EDT, UTC-4


def test_a_name_two_contacts_share_is_not_taken_for_either(services: Services) -> None:
    run(
        services,
        [
            ImportedContact(2, full_name="Maria Silva", emails=[("", "maria@alpha.example")]),
            ImportedContact(3, full_name="Maria Silva", emails=[("", "maria@beta.example")]),
            ImportedContact(4, full_name="Cy Cole", referred_by="Maria Silva"),
        ],
    )
    report = run(
        services,
        [
            ImportedActivity(2, kind="call", subject="Intro", contact="Maria Silva"),
            ImportedActivity(3, kind="call", subject="Quote", contact="maria@beta.example"),
            ImportedDeal(4, title="Roof", contact="Maria Silva"),
        ],
    )
    assert report.rejected == [
        (
            2,
            "more than one contact is called “Maria Silva”: give the person's e-mail or the"
            " other program's id to say which",
        )
    ]
    assert report.warnings[0][0] == 4 and "More than one contact" in report.warnings[0][1]
    assert lead_rows()["Roof"]["contact_id"] is None
    beta = next(r.id for r in services.contacts.page() if r.email == "maria@beta.example")
    assert [i.subject for i in services.interactions.for_contact(beta)] == ["Quote"]
    cy = next(r.id for r in services.contacts.page() if r.display_name == "Cy Cole")
    assert services.contacts.get(cy).referred_by_id is None


def test_tasks_become_follow_ups(services: Services, clock: FixedClock) -> None:
    run(services, PEOPLE)
    ann = next(r.id for r in services.contacts.page() if r.display_name == "Ann Lee")
    due = clock.now() + timedelta(days=2)
    report = run(
        services,
        [
            ImportedActivity(
                2,
                kind="task",
                subject="Send the quote",
                done=False,
                occurred_at=due,
                contact="ann@acme.example",
            ),
            ImportedActivity(
                3,
                kind="Deadline",
                subject="Old task",
                done=True,
                occurred_at=clock.now() - timedelta(days=9),
                contact="Ann Lee",
            ),
            ImportedActivity(4, kind="task", body="Order stock\nand more", done=False),
            # a call and a meeting planned, not held yet: things to do, not history
            ImportedActivity(
                5, kind="Call", subject="Renewal", done=False, occurred_at=due, contact="Ann Lee"
            ),
            ImportedActivity(
                6, kind="lunch", subject="At Rio", done=False, occurred_at=due, contact="Ann Lee"
            ),
        ],
    )
    assert report.created == 5
    upcoming = services.followups.upcoming(days=7)
    assert [(r.title, r.contact_id, r.due_at) for r in upcoming] == [
        ("Send the quote", ann, due),
        ("Call: Renewal", ann, due),
        ("Meeting: At Rio", ann, due),
    ]
    today = services.followups.due_today()  # no date: due when imported
    assert [(r.title, r.note, r.contact_id) for r in today] == [
        ("Order stock", "Order stock\nand more", None)
    ]
    done = sql("SELECT title, status FROM reminder WHERE status = 'done'").fetchall()
    assert done == [("Old task", "done")]
    next_due = sql("SELECT next_due_at FROM contact WHERE id = ?", [ann]).fetchone()[0]
    assert next_due == int(due.timestamp())
    assert services.interactions.for_contact(ann) == []


FILE: list[ImportedRecord] = [
    *PEOPLE,
    ImportedDeal(
        5,
        title="Roof",
        stage="Qualified",
        contact_external_id="pd:person:1",
        external_id="pd:deal:1",
    ),
    ImportedActivity(
        6,
        kind="call",
        subject="Intro",
        contact_external_id="pd:person:1",
        deal_external_id="pd:deal:1",
        external_id="pd:activity:1",
    ),
    ImportedActivity(
        7,
        kind="task",
        subject="Call back",
        done=False,
        contact_external_id="pd:person:1",
        external_id="pd:activity:2",
    ),
]


def test_importing_the_same_file_again_creates_nothing_new(services: Services) -> None:
    first = run(services, FILE)
    assert first.created == 6
    tables = ("contact", "company", "lead", "interaction", "reminder", "stage_change", "tag")
    counts = {t: sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    for mode in ("create", "upsert"):
        again = run(services, FILE, mode=mode)
        assert (again.created, again.updated, again.skipped) == (0, 0, 6), mode
        assert {t: sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables} == counts
    lead = lead_rows()["Roof"]["id"]
    talk = services.interactions.for_contact(lead_rows()["Roof"]["contact_id"])[0]
    assert talk.lead_id == lead


def test_upserting_a_deal_moves_it_and_undo_puts_it_back(
    services: Services, clock: FixedClock
) -> None:
    run(services, FILE)
    stages = stage_ids(services)
    lead = lead_rows()["Roof"]["id"]
    clock.advance(timedelta(days=3))
    moved = ImportedDeal(
        2, title="Roof", stage="Proposal", value_minor=900, external_id="pd:deal:1"
    )
    report = run(services, [moved], mode="upsert")
    assert report.updated == 1
    assert lead_rows()["Roof"]["stage_id"] == stages["Proposal"]
    history = services.pipeline.history(lead)
    assert [(h.from_stage_id, h.to_stage_id) for h in history][-1] == (
        stages["Qualified"],
        stages["Proposal"],
    )
    assert history[-1].seconds_in_previous == 3 * 86_400
    undone = importer(services).revert(report.batch_id)
    assert undone.restored == {"lead": 1}
    row = lead_rows()["Roof"]
    assert (row["stage_id"], row["value_minor"]) == (stages["Qualified"], 0)
    assert len(services.pipeline.history(lead)) == 1


def test_companies_merge_and_update_by_the_same_rules(services: Services) -> None:
    run(services, PEOPLE)
    acme = services.companies.find_or_create("Acme Ltd")
    report = run(
        services,
        [
            ImportedCompany(
                2, name="ACME LTD", industry="Roofing", website="other.example", tags=["Key"]
            ),
            ImportedCompany(3, name="Zeta", phone="x"),
            ImportedCompany(4, name=""),
        ],
    )
    assert (report.created, report.updated) == (1, 1)
    assert report.rejected == [(4, "a company needs a name")]
    assert report.warnings == [(3, "“x” is not a phone number. It was left out.")]
    detail = services.companies.get(acme)
    assert (detail.website, detail.industry, detail.tags) == ("acme.example", "Roofing", ("Key",))
    report = run(
        services, [ImportedCompany(2, name="Acme Ltd", website="new.example")], mode="update"
    )
    assert services.companies.get(acme).website == "new.example"
    importer(services).revert(report.batch_id)
    assert services.companies.get(acme).website == "acme.example"


def test_a_companys_notes_are_joined_line_by_line_never_replaced(services: Services) -> None:
    first = "Key account\n\nLead status: Open"
    run(services, [ImportedCompany(2, name="Acme Ltd", notes=first)])
    acme = services.companies.find_or_create("Acme Ltd")
    newer = "Key account\n\nLead status: Won\nEmployees: 40"
    run(services, [ImportedCompany(2, name="Acme Ltd", notes=newer)], mode="update")
    assert services.companies.get(acme).notes == (
        "Key account\n\nLead status: Won\n\nEmployees: 40"
    )
    report = run(services, [ImportedCompany(2, name="Acme Ltd", notes=newer)], mode="update")
    assert report.updated == 0


def test_closed_deals_keep_the_day_they_closed_and_their_stage_name_makes_no_stage(
    services: Services, clock: FixedClock
) -> None:
    deals = [
        # HubSpot: the stage says it (the reader reads "won" off it), and "Close Date" is the
        # day the deal closed
        ImportedDeal(
            2, title="Won it", stage="Closed Won", status="won", expected_close=date(2024, 1, 20)
        ),
        ImportedDeal(
            3, title="Lost it", stage="Closed Lost", status="lost", closed_on=date(2024, 1, 15)
        ),
        ImportedDeal(4, title="Open one", stage="Contract Sent"),
        ImportedDeal(5, title="Won, no date", status="won"),
    ]
    assert importer(services).unknown_stages(deals) == ["Contract Sent"]
    run(services, deals)
    rows = lead_rows()
    noon = datetime(2024, 1, 20, 12, tzinfo=UTC).timestamp()
    assert (rows["Won it"]["status"], rows["Won it"]["closed_at"]) == ("won", noon)
    lost = datetime(2024, 1, 15, 12, tzinfo=UTC).timestamp()
    assert (rows["Lost it"]["status"], rows["Lost it"]["closed_at"]) == ("lost", lost)
    assert rows["Lost it"]["stage_entered_at"] == lost
    assert rows["Open one"]["closed_at"] is None
    assert rows["Won, no date"]["closed_at"] == int(clock.now().timestamp())
    entered = sql(
        "SELECT changed_at FROM stage_change WHERE lead_id = ?", [rows["Won it"]["id"]]
    ).fetchone()[0]
    assert entered == noon
    assert "Closed Won" not in stage_ids(services)


def test_a_company_owner_not_on_the_staff_is_kept_in_its_notes(services: Services) -> None:
    report = run(services, [ImportedCompany(2, name="Zeta", owner="Sally Jones", notes="Big")])
    assert report.created == 1
    zeta = services.companies.get(services.companies.find_or_create("Zeta"))
    assert (zeta.owner_id, zeta.notes) == (None, "Big\n\nOwner: Sally Jones")


def test_a_deals_owner_not_on_the_staff_is_kept_in_its_notes(services: Services) -> None:
    deal = ImportedDeal(2, title="Roof", stage="New", owner="Sally Jones", notes="Two storeys")
    report = run(services, [deal])
    assert report.created == 1
    assert report.notices[-1] == (
        "“Sally Jones” is not on the staff: 1 row left without an owner, the name kept in the"
        " notes."
    )
    row = sql("SELECT owner_id, notes FROM lead WHERE title = 'Roof'").fetchone()
    assert tuple(row) == (None, "Two storeys\n\nOwner: Sally Jones")
