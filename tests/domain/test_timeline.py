"""The timeline: three sources merged newest first, keyset pages, kinds, companies; quick logging
with a follow-up in one transaction, and taking it back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.domain.timeline import TimelineEntry, TimelineService, follow_up_title


@pytest.fixture
def timeline(services: Services) -> TimelineService:
    return TimelineService(services.interactions, services.followups)


def person(services: Services, first: str, company_id: int | None = None) -> int:
    return services.contacts.create(ContactFields(first_name=first, company_id=company_id)).id


def log(services: Services, contact_id: int, subject: str, kind: str = "note", **extra: object):  # type: ignore[no-untyped-def]
    fields = InteractionFields(kind=kind, subject=subject, **extra)  # type: ignore[arg-type]
    return services.interactions.log(contact_id, fields).id


def subjects(entries: list[TimelineEntry]) -> list[str]:
    return [entry.subject for entry in entries]


def test_a_contact_sees_interactions_stage_changes_and_done_follow_ups_newest_first(
    services: Services, timeline: TimelineService, clock: FixedClock
) -> None:
    ann = person(services, "Ann")
    log(services, ann, "First call", "call", direction="outbound", duration_minutes=12)
    clock.advance(timedelta(hours=1))
    lead = services.pipeline.create_lead(LeadFields(title="Big deal", contact_id=ann)).id
    clock.advance(timedelta(days=3))
    stages = services.pipeline.stages(services.pipeline.ensure_default())
    services.pipeline.move(lead, stages[1].id)
    clock.advance(timedelta(hours=1))
    due = clock.now() + timedelta(days=1)
    done = services.followups.create(ReminderFields(title="Send deck", due_at=due, contact_id=ann))
    services.followups.create(ReminderFields(title="Still open", due_at=due, contact_id=ann))
    clock.advance(timedelta(hours=1))
    services.followups.complete(done.id)

    entries = timeline.page(contact_id=ann)

    assert [(e.source, e.kind) for e in entries] == [
        ("followup", "followup"),
        ("stage_change", "stage"),
        ("stage_change", "stage"),
        ("interaction", "call"),
    ]
    assert subjects(entries) == [
        "Send deck",
        f"Big deal: moved to {stages[1].name}",
        f"Big deal: new lead in {stages[0].name}",
        "First call",
    ]
    assert entries[1].body == f"From {stages[0].name}, after 3 days there."
    assert entries[0].when == clock.now()
    call = entries[-1]
    assert call.who == "Me" and call.contact_name == "Ann"
    assert (call.direction, call.duration_minutes, call.editable) == ("outbound", 12, True)
    assert entries[1].lead_id == lead and not entries[1].editable


def test_pages_follow_each_other_without_gaps_even_at_the_same_second(
    services: Services, timeline: TimelineService
) -> None:
    ann = person(services, "Ann")
    for n in range(7):  # the fixed clock stands still: every row has the same time
        log(services, ann, f"note {n}")
        services.pipeline.create_lead(LeadFields(title=f"lead {n}", contact_id=ann))
        due = services.clock.now() + timedelta(days=1)
        rid = services.followups.create(
            ReminderFields(title=f"task {n}", due_at=due, contact_id=ann)
        )
        services.followups.complete(rid.id)

    whole = timeline.page(contact_id=ann, limit=100)
    paged: list[TimelineEntry] = []
    after = None
    while page := timeline.page(contact_id=ann, after=after, limit=4):
        assert len(page) <= 4
        paged += page
        after = page[-1].key

    assert len(whole) == 21 and paged == whole
    assert [e.source for e in whole[:8]] == ["followup"] * 7 + ["interaction"]
    assert subjects(whole[:2]) == ["task 6", "task 5"]


def test_one_query_per_page(services: Services, timeline: TimelineService) -> None:
    ann = person(services, "Ann")
    for n in range(5):
        log(services, ann, f"note {n}")
    first = timeline.page(contact_id=ann, limit=2)
    with count_queries() as counter:
        timeline.page(contact_id=ann, after=first[-1].key, limit=2)
    assert counter.count == 1


def test_kinds_filter_what_is_shown(services: Services, timeline: TimelineService) -> None:
    ann = person(services, "Ann")
    log(services, ann, "a call", "call")
    log(services, ann, "an email", "email")
    log(services, ann, "a note", "note")
    services.pipeline.create_lead(LeadFields(title="Deal", contact_id=ann))

    assert subjects(timeline.page(contact_id=ann, kinds={"call", "email"})) == [
        "an email",
        "a call",
    ]
    stages_only = timeline.page(contact_id=ann, kinds={"stage"})
    assert [e.kind for e in stages_only] == ["stage"]
    assert timeline.page(contact_id=ann, kinds=set()) == []
    with pytest.raises(ValueError, match="unknown"):
        timeline.page(contact_id=ann, kinds={"fax"})


def test_a_company_sees_its_peoples_and_its_leads_history(
    services: Services, timeline: TimelineService, clock: FixedClock
) -> None:
    services.companies.create(CompanyFields(name="Acme"))
    acme = services.companies.find_or_create("Acme")
    other = services.companies.find_or_create("Other Ltd")
    ann, bob, gone = (person(services, name, acme) for name in ("Ann", "Bob", "Gone"))
    stranger = person(services, "Stranger", other)
    log(services, ann, "Ann's call", "call")
    clock.advance(timedelta(minutes=1))
    log(services, bob, "Bob's email", "email")
    log(services, gone, "Gone's note")
    log(services, stranger, "Elsewhere")
    clock.advance(timedelta(minutes=1))
    services.pipeline.create_lead(LeadFields(title="Company deal", company_id=acme))
    services.contacts.trash([gone])

    entries = timeline.page(company_id=acme)

    assert subjects(entries) == [
        "Company deal: new lead in New",
        "Bob's email",
        "Ann's call",
    ]
    assert entries[1].contact_name == "Bob"
    with pytest.raises(ValueError):
        timeline.page(contact_id=ann, company_id=acme)


def test_log_with_a_follow_up_writes_both(services: Services, timeline: TimelineService) -> None:
    ann = person(services, "Ann")
    changes = timeline.log(ann, InteractionFields(kind="call", subject="Intro"), follow_up_days=3)

    assert [c.entity for c in changes] == ["interaction", "reminder"]
    reminder = services.followups.get(changes[1].id)
    assert reminder.title == "Follow up: Intro" and reminder.contact_id == ann
    assert reminder.due_at == services.clock.now() + timedelta(days=3)
    assert len(timeline.log(ann, InteractionFields(subject="No reminder"))) == 1


def test_log_is_one_transaction(
    services: Services, timeline: TimelineService, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = person(services, "Ann")

    def refuse(fields: ReminderFields) -> None:
        raise ValidationError({"title": "no"})

    monkeypatch.setattr(services.followups, "create", refuse)
    with pytest.raises(ValidationError):
        timeline.log(ann, InteractionFields(subject="Lost with its reminder"), follow_up_days=1)
    assert timeline.page(contact_id=ann) == []
    with pytest.raises(ValidationError) as caught:
        timeline.log(ann, InteractionFields(subject="x"), follow_up_days=-1)
    assert "follow_up" in caught.value.problems


def test_unlog_removes_the_interaction_and_cancels_an_open_follow_up(
    services: Services, timeline: TimelineService
) -> None:
    ann = person(services, "Ann")
    logged, reminder = timeline.log(ann, InteractionFields(subject="Intro"), follow_up_days=2)
    changes = timeline.unlog(logged.id, reminder.id)
    assert [(c.entity, c.action) for c in changes] == [
        ("interaction", "deleted"),
        ("reminder", "cancelled"),
    ]
    assert services.followups.get(reminder.id).status == "cancelled"

    logged, reminder = timeline.log(ann, InteractionFields(subject="Again"), follow_up_days=2)
    services.followups.complete(reminder.id)
    assert len(timeline.unlog(logged.id, reminder.id)) == 1
    assert services.followups.get(reminder.id).status == "done"


def test_follow_up_title_uses_the_subject_or_the_first_line() -> None:
    assert follow_up_title(InteractionFields(subject="  Price   list ")) == "Follow up: Price list"
    assert follow_up_title(InteractionFields(body="\nCall back\nmore")) == "Follow up: Call back"
    long = follow_up_title(InteractionFields(subject="x" * 200))
    assert len(long) == 80 and long.endswith("…")
