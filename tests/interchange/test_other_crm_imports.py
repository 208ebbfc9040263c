"""Another CRM's exports imported one after the other, as a person moving over would: its
accounts become companies (website, industry, address), its opportunities deals on those
companies and people (value, stage), its calls, tasks and notes activities on the right
contact. Each file is recognised from its header alone, with no preset named."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import detect_preset, read_table, records
from crm_desktop.store.db import sql
from tests.interchange.test_row_kinds import (
    ESPO_ACCOUNTS,
    ESPO_OPPORTUNITIES,
    SALESFORCE_ACCOUNT,
    SALESFORCE_OPPORTUNITY,
    SALESFORCE_TASK,
    SUITE_ACCOUNTS,
    SUITE_CALLS,
    SUITE_NOTES,
    SUITE_OPPORTUNITIES,
    TWENTY_COMPANIES,
    TWENTY_OPPORTUNITIES,
)

SALESFORCE_CONTACT = [
    "Id", "IsDeleted", "AccountId", "LastName", "FirstName", "Salutation", "Name", "Phone",
    "Email", "Title", "Description", "OwnerId", "CreatedDate",
]  # fmt: skip


def imported(
    services: Services, tmp_path: Path, header: list[str], *rows: dict[str, str]
) -> ImportReport:
    """The file's report, its unknown stages created (as the import command does)."""
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([row.get(name, "") for name in header] for row in rows)
    table = read_table(path)
    preset = detect_preset(table.header)
    assert preset.key == "generic"
    read = list(records(table, preset))
    service = ImportService(services.clock, services.actor_id)
    stages = service.unknown_stages([r for r in read if isinstance(r, ImportedDeal)])
    options = ImportOptions(stage_map=dict.fromkeys(stages))
    return service.run(read, file_name=path.name, source=preset.key, options=options)


def companies() -> list[tuple[Any, ...]]:
    return sql("SELECT name, website, industry, address FROM company ORDER BY id").fetchall()


def deals() -> list[tuple[Any, ...]]:
    return sql(
        "SELECT l.title, l.value_minor, l.currency, s.name, l.status, co.name, c.display_name"
        " FROM lead l JOIN stage s ON s.id = l.stage_id LEFT JOIN company co"
        " ON co.id = l.company_id LEFT JOIN contact c ON c.id = l.contact_id ORDER BY l.id"
    ).fetchall()


def contact_id(services: Services, name: str) -> int:
    return next(r.id for r in services.contacts.page() if r.display_name == name)


def test_a_salesforce_data_export(services: Services, tmp_path: Path) -> None:
    report = imported(
        services,
        tmp_path,
        SALESFORCE_ACCOUNT,
        {"Id": "001A", "IsDeleted": "false", "Name": "Palm Oil Traders Ltd",
         "BillingStreet": "12 Marina Rd", "BillingCity": "Lagos", "BillingCountry": "Nigeria",
         "Phone": "+234 1 270 0000", "Website": "www.palmoil.example",
         "Industry": "Agriculture", "AnnualRevenue": "45000000"},
        {"Id": "001B", "IsDeleted": "false", "Name": "Sakura Trading K.K.",
         "Website": "https://sakura.example", "Industry": "Wholesale"},
    )  # fmt: skip
    assert (report.created, report.rejected) == (2, [])
    assert companies() == [
        ("Palm Oil Traders Ltd", "www.palmoil.example", "Agriculture",
         "12 Marina Rd\nLagos\nNigeria"),
        ("Sakura Trading K.K.", "https://sakura.example", "Wholesale", ""),
    ]  # fmt: skip
    imported(
        services,
        tmp_path,
        SALESFORCE_CONTACT,
        {"Id": "003A", "AccountId": "001A", "LastName": "Okafor", "FirstName": "Chidi",
         "Email": "chidi@palmoil.example"},
        {"Id": "003B", "AccountId": "001B", "LastName": "Nakamura", "FirstName": "Yui"},
    )  # fmt: skip
    report = imported(
        services,
        tmp_path,
        SALESFORCE_OPPORTUNITY,
        {"Id": "006A", "AccountId": "001A", "Name": "Palm Oil - 2024 supply",
         "StageName": "Negotiation/Review", "Amount": "250000", "CloseDate": "2024-06-30",
         "ContactId": "003A", "CurrencyIsoCode": "USD"},
        {"Id": "006B", "AccountId": "001B", "Name": "Sakura - trial order",
         "StageName": "Closed Won", "Amount": "12500", "CloseDate": "2024-02-15",
         "IsWon": "true", "CurrencyIsoCode": "USD"},
    )  # fmt: skip
    assert (report.created, report.rejected) == (2, [])
    assert deals() == [
        ("Palm Oil - 2024 supply", 25_000_000, "USD", "Negotiation/Review", "open",
         "Palm Oil Traders Ltd", "Chidi Okafor"),
        ("Sakura - trial order", 1_250_000, "USD", "Won", "won", "Sakura Trading K.K.", None),
    ]  # fmt: skip
    report = imported(
        services,
        tmp_path,
        SALESFORCE_TASK,
        {"Id": "00TA", "WhoId": "003A", "WhatId": "006A", "Subject": "Call",
         "ActivityDate": "2024-02-01", "Status": "Completed", "TaskSubtype": "Call",
         "Description": "Talked about price per ton", "CallType": "Inbound",
         "CallDurationInSeconds": "290"},
        {"Id": "00TB", "WhoId": "003B", "Subject": "Send samples", "ActivityDate": "2026-03-10",
         "Status": "Not Started", "TaskSubtype": "Task"},
    )  # fmt: skip
    assert (report.created, report.rejected) == (2, [])
    chidi, yui = contact_id(services, "Chidi Okafor"), contact_id(services, "Yui Nakamura")
    (call,) = services.interactions.for_contact(chidi)
    assert (call.kind, call.subject) == ("call", "Call")
    assert (call.direction, call.duration_minutes) == ("inbound", 5)  # 290 s, to the minute
    assert call.body.startswith("Talked about price per ton")
    assert sql("SELECT l.title FROM interaction i JOIN lead l ON l.id = i.lead_id").fetchall() == [
        ("Palm Oil - 2024 supply",)
    ]
    (task,) = services.followups.upcoming(days=30)
    assert (task.title, task.contact_id) == ("Send samples", yui)


def test_a_suitecrm_export(services: Services, tmp_path: Path) -> None:
    imported(
        services,
        tmp_path,
        SUITE_ACCOUNTS,
        {"ID": "a1", "Name": "Acme Corp", "Industry": "Manufacturing", "Fax": "+1 617 555 0109",
         "Billing Street": "1 Main St", "Billing City": "Boston", "Office Phone":
         "+1 617 555 0100", "Website": "http://www.acme.example", "Employees": "1200"},
    )  # fmt: skip
    assert companies() == [
        ("Acme Corp", "http://www.acme.example", "Manufacturing", "1 Main St\nBoston")
    ]
    report = imported(
        services,
        tmp_path,
        SUITE_OPPORTUNITIES,
        {"ID": "o1", "Opportunity Name": "Acme - 500 units", "Opportunity Amount": "75000",
         "Currency": "-99", "Amount": "75000", "Expected Close Date": "06/30/2024",
         "Sales Stage": "Closed Lost", "Account Name": "Acme Corp"},
    )  # fmt: skip
    assert (report.created, report.rejected) == (1, [])  # not "no name, e-mail or phone"
    assert deals() == [("Acme - 500 units", 7_500_000, "EUR", "Lost", "lost", "Acme Corp", None)]
    services.contacts.create(ContactFields(first_name="Peter", last_name="O'Neill"))
    peter = contact_id(services, "Peter O'Neill")
    report = imported(
        services,
        tmp_path,
        SUITE_CALLS,
        {"ID": "k1", "Subject": "Quarterly review call", "Description": "Discussed Q2 volumes",
         "Start Date": "03/25/2024 10:00am", "Status": "Held", "Direction": "Outbound",
         "Duration Hours": "1", "Duration Minutes": "30",
         "Email Reminder Time": "-1", "Contact Name": "Peter O'Neill", "Contact ID": "c1"},
    )  # fmt: skip
    assert (report.created, report.rejected) == (1, [])
    (call,) = services.interactions.for_contact(peter)
    assert call.subject == "Quarterly review call"
    assert (call.direction, call.duration_minutes) == ("outbound", 90)  # hours and minutes
    assert call.occurred_at.astimezone(UTC).replace(tzinfo=None) == datetime(2024, 3, 25, 10)
    report = imported(
        services,
        tmp_path,
        SUITE_NOTES,
        {"ID": "n1", "Date Created": "03/26/2024 11:12am", "Subject": "Pricing feedback",
         "Note": "Peter thinks list price is 10% too high.", "Contact Name": "Peter O'Neill"},
    )  # fmt: skip
    assert (report.created, report.rejected) == (1, [])
    assert [(i.kind, i.subject) for i in services.interactions.for_contact(peter)] == [
        ("note", "Pricing feedback"),
        ("note", "Quarterly review call"),
    ]


def test_espocrm_and_twenty_exports(services: Services, tmp_path: Path) -> None:
    imported(
        services,
        tmp_path,
        ESPO_ACCOUNTS,
        {"id": "65f1", "name": "Müller & Söhne GmbH", "website": "https://mueller.example",
         "industry": "Manufacturing", "billingAddressCity": "München"},
    )  # fmt: skip
    imported(
        services,
        tmp_path,
        TWENTY_COMPANIES,
        {"Id": "2020-3ec3", "Name": "Linkedin",
         "Domain Name / Primary Link Url": "https://linkedin.example", "Employees": "20000",
         "Address / City": "Sunnyvale"},
    )  # fmt: skip
    assert companies() == [
        ("Müller & Söhne GmbH", "https://mueller.example", "Manufacturing", "München"),
        ("Linkedin", "https://linkedin.example", "", "Sunnyvale"),
    ]
    services.contacts.create(ContactFields(first_name="Christoph", last_name="Callisto"))
    imported(
        services,
        tmp_path,
        ESPO_OPPORTUNITIES,
        {"id": "66a1", "name": "Pilot line 2024", "amount": "48500.00", "amountCurrency": "EUR",
         "accountId": "65f1", "accountName": "Müller & Söhne GmbH", "stage": "Proposal",
         "closeDate": "2024-09-30"},
    )  # fmt: skip
    imported(
        services,
        tmp_path,
        TWENTY_OPPORTUNITIES,
        {"Id": "2020-be10", "Name": "Linkedin enterprise plan", "Amount / Amount": "150000",
         "Amount / Currency": "USD", "Stage": "PROPOSAL", "Position": "1",
         "Point of Contact": "Christoph Callisto", "Company": "Linkedin"},
    )  # fmt: skip
    assert deals() == [
        ("Pilot line 2024", 4_850_000, "EUR", "Proposal", "open", "Müller & Söhne GmbH", None),
        ("Linkedin enterprise plan", 15_000_000, "USD", "Proposal", "open", "Linkedin",
         "Christoph Callisto"),
    ]  # fmt: skip
    assert sql("SELECT count(*) FROM contact").fetchone() == (1,)  # no deal became a person
