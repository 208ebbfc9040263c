"""What the rows of a file no known program wrote are, told from its header: the companies,
deals and activities exports of EspoCRM, SuiteCRM, Salesforce and Twenty are read as such, not
as people ("Acme Corp" as first name Acme, last name Corp), and people's files stay people's.

The headers are written as those programs write them: EspoCRM's camelCase field names,
SuiteCRM's field labels, Salesforce's API names (Data Export), Twenty's "Field / Part" labels."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from crm_desktop.domain.imported import ImportedActivity, ImportedCompany, ImportedDeal
from crm_desktop.interchange import Preset, detect_preset, preset_for, read_table, records
from crm_desktop.interchange.row_kinds import guess_kind
from crm_desktop.interchange.targets import is_known
from tests.interchange.test_presets import GOOGLE, OUTLOOK, SALESFORCE_STYLE, YAHOO, ZOHO_STYLE
from tests.interchange.test_real_export_headers import HUBSPOT_CONTACTS

Row = dict[str, str]

ESPO_ACCOUNTS = [
    "id", "name", "website", "emailAddress", "phoneNumber", "type", "industry", "sicCode",
    "billingAddressStreet", "billingAddressCity", "billingAddressState",
    "billingAddressCountry", "billingAddressPostalCode", "shippingAddressStreet",
    "shippingAddressCity", "shippingAddressState", "shippingAddressCountry",
    "shippingAddressPostalCode", "description", "createdAt", "assignedUserName",
]  # fmt: skip
SUITE_ACCOUNTS = [
    "ID", "Name", "Date Created", "Date Modified", "Modified By ID", "Created By ID",
    "Description", "Deleted", "Assigned User ID", "Assigned to", "Account Type", "Industry",
    "Annual Revenue", "Fax", "Billing Street", "Billing City", "Billing State",
    "Billing Postal Code", "Billing Country", "Rating", "Office Phone", "Alternate Phone",
    "Website", "Ownership", "Employees", "Ticker Symbol", "Shipping Street", "Shipping City",
    "Shipping State", "Shipping Postal Code", "Shipping Country", "Member of", "Campaign ID",
    "Email Address", "Non Primary E-mails", "Email Opt Out", "Invalid Email",
]  # fmt: skip
SALESFORCE_ACCOUNT = [
    "Id", "IsDeleted", "MasterRecordId", "Name", "Type", "ParentId", "BillingStreet",
    "BillingCity", "BillingState", "BillingPostalCode", "BillingCountry", "ShippingStreet",
    "ShippingCity", "ShippingState", "ShippingPostalCode", "ShippingCountry", "Phone", "Fax",
    "AccountNumber", "Website", "PhotoUrl", "Sic", "Industry", "AnnualRevenue",
    "NumberOfEmployees", "Ownership", "TickerSymbol", "Description", "Rating", "Site",
    "OwnerId", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById",
    "SystemModstamp", "LastActivityDate", "Jigsaw", "JigsawCompanyId", "CleanStatus",
    "AccountSource",
]  # fmt: skip
TWENTY_COMPANIES = [
    "Id", "Name", "Domain Name / Primary Link Url", "Domain Name / Primary Link Label",
    "Domain Name / Secondary Links", "Employees", "Linkedin / Primary Link Url",
    "Address / Address 1", "Address / Address 2", "Address / City", "Address / State",
    "Address / Post Code", "Address / Country", "Annual Recurring Revenue / Amount",
    "Annual Recurring Revenue / Currency", "Ideal Customer Profile", "Account Owner", "Tagline",
    "Creation date",
]  # fmt: skip
# A companies sheet made by hand.
COMPANY_SHEET = [
    "Company Name", "Website", "Industry", "Phone", "Street", "City", "Postal Code", "Country",
    "Employees", "Annual Revenue",
]  # fmt: skip

ESPO_OPPORTUNITIES = [
    "id", "name", "amount", "amountCurrency", "accountId", "accountName", "stage", "lastStage",
    "probability", "leadSource", "closeDate", "description", "createdAt", "assignedUserName",
    "contactsIds", "contactsNames", "contactId", "contactName",
]  # fmt: skip
SUITE_OPPORTUNITIES = [
    "ID", "Opportunity Name", "Date Created", "Date Modified", "Modified By ID",
    "Created By ID", "Description", "Deleted", "Assigned User ID", "Assigned to", "Type",
    "Campaign ID", "Lead Source", "Opportunity Amount", "Currency", "Amount",
    "Expected Close Date", "Next Step", "Sales Stage", "Probability (%)", "Account Name",
]  # fmt: skip
SALESFORCE_OPPORTUNITY = [
    "Id", "IsDeleted", "AccountId", "IsPrivate", "Name", "Description", "StageName", "Amount",
    "Probability", "ExpectedRevenue", "TotalOpportunityQuantity", "CloseDate", "Type",
    "NextStep", "LeadSource", "IsClosed", "IsWon", "ForecastCategory", "ForecastCategoryName",
    "CampaignId", "HasOpportunityLineItem", "Pricebook2Id", "OwnerId", "CreatedDate",
    "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp",
    "LastActivityDate", "FiscalQuarter", "FiscalYear", "Fiscal", "ContactId", "CurrencyIsoCode",
]  # fmt: skip
TWENTY_OPPORTUNITIES = [
    "Id", "Name", "Amount / Amount", "Amount / Currency", "Close Date", "Stage", "Position",
    "Point of Contact", "Company", "Created by / Name", "Creation date",
]  # fmt: skip

SUITE_CALLS = [
    "ID", "Subject", "Date Created", "Date Modified", "Modified By ID", "Created By ID",
    "Description", "Deleted", "Assigned User ID", "Assigned to", "Duration Hours",
    "Duration Minutes", "Start Date", "End Date", "Parent Type", "Status", "Direction",
    "Parent ID", "Reminder Time", "Email Reminder Time", "Outlook ID", "Accept Status",
    "Contact Name", "Contact ID",
]  # fmt: skip
SUITE_MEETINGS = [
    "ID", "Subject", "Date Created", "Date Modified", "Description", "Deleted", "Assigned to",
    "Location", "Duration Hours", "Duration Minutes", "Start Date", "End Date", "Parent Type",
    "Status", "Type", "Parent ID", "Contact Name",
]  # fmt: skip
SUITE_NOTES = [
    "ID", "Assigned User Id", "Date Created", "Date Modified", "Modified By ID",
    "Created By ID", "Subject", "File Name", "Mime Type", "Parent Type", "Parent ID",
    "Contact ID", "Portal Flag", "Embed Flag", "Note", "Deleted", "Contact Name",
]  # fmt: skip
SALESFORCE_TASK = [
    "Id", "WhoId", "WhatId", "Subject", "ActivityDate", "Status", "Priority", "IsHighPriority",
    "OwnerId", "Description", "IsDeleted", "AccountId", "IsClosed", "CreatedDate",
    "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp", "IsArchived",
    "CallDurationInSeconds", "CallType", "CallDisposition", "CallObject", "ReminderDateTime",
    "IsReminderSet", "RecurrenceActivityId", "IsRecurrence", "TaskSubtype", "CompletedDateTime",
]  # fmt: skip

THUNDERBIRD = [
    "First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email",
    "Screen Name", "Work Phone", "Home Phone", "Fax Number", "Pager Number", "Mobile Number",
    "Home Address", "Home City", "Work Address", "Work City", "Job Title", "Organization",
    "Web Page 1", "Birth Year", "Birth Month", "Birth Day", "Notes",
]  # fmt: skip


def read(tmp_path: Path, header: list[str], *rows: Row) -> tuple[Preset, list[object]]:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows([row.get(name, "") for name in header] for row in rows)
    table = read_table(path)
    preset = detect_preset(table.header)
    return preset, list(records(table, preset))


@pytest.mark.parametrize(
    ("header", "row"),
    [
        (
            ESPO_ACCOUNTS,
            {"id": "65f1", "name": "Müller & Söhne GmbH", "website": "https://mueller.example",
             "emailAddress": "info@mueller.example", "industry": "Manufacturing",
             "billingAddressStreet": "Leopoldstraße 12", "billingAddressCity": "München",
             "billingAddressPostalCode": "80802", "billingAddressCountry": "Germany",
             "shippingAddressCity": "Garching"},
        ),
        (
            SUITE_ACCOUNTS,
            {"ID": "a1", "Name": "Acme Corp", "Industry": "Manufacturing",
             "Fax": "+1 617 555 0109", "Billing Street": "1 Main St", "Billing City": "Boston",
             "Billing State": "MA", "Billing Postal Code": "02110", "Office Phone":
             "+1 617 555 0100", "Website": "http://www.acme.example", "Employees": "1200",
             "Shipping City": "Garching", "Email Address": "info@acme.example"},
        ),
        (
            SALESFORCE_ACCOUNT,
            {"Id": "0015g00000XyZ12AAB", "IsDeleted": "false", "Name": "Palm Oil Traders Ltd",
             "BillingStreet": "12 Marina Rd", "BillingCity": "Lagos", "ShippingCity": "Garching",
             "Phone": "+234 1 270 0000", "Website": "www.palmoil.example",
             "Industry": "Agriculture", "AnnualRevenue": "45000000"},
        ),
        (
            TWENTY_COMPANIES,
            {"Id": "2020-3ec3", "Name": "Linkedin",
             "Domain Name / Primary Link Url": "https://linkedin.example",
             "Domain Name / Secondary Links": "[]", "Employees": "20000",
             "Linkedin / Primary Link Url": "https://www.linkedin.com/company/linkedin",
             "Address / Address 1": "1000 W Maude Ave", "Address / City": "Sunnyvale",
             "Ideal Customer Profile": "true"},
        ),
        (
            COMPANY_SHEET,
            {"Company Name": "Nordwind GmbH", "Website": "https://nordwind.example",
             "Industry": "Logistics", "Phone": "+49 40 555 0000", "City": "Hamburg",
             "Employees": "120"},
        ),
    ],
    ids=["espocrm", "suitecrm", "salesforce", "twenty", "sheet"],
)  # fmt: skip
def test_company_exports_are_read_as_companies(tmp_path: Path, header: list[str], row: Row) -> None:
    preset, (company,) = read(tmp_path, header, row)
    assert (preset.key, preset.kind) == ("generic", "company")
    assert isinstance(company, ImportedCompany)
    assert company.name == next(v for k, v in row.items() if k in ("name", "Name", "Company Name"))
    assert company.website and company.website in row.values()
    assert company.industry == row.get("Industry", row.get("industry", ""))
    assert company.address and "Garching" not in company.address  # the billing address
    for target in preset.mapping.values():
        assert is_known(target, "company"), target


def test_a_companys_second_address_fax_and_other_columns_are_kept_in_its_notes(
    tmp_path: Path,
) -> None:
    _, (acme,) = read(
        tmp_path,
        SUITE_ACCOUNTS,
        {"Name": "Acme Corp", "Fax": "+1 617 555 0109", "Billing Street": "1 Main St",
         "Billing City": "Boston", "Office Phone": "+1 617 555 0100", "Website": "acme.example",
         "Employees": "1200", "Shipping Street": "Lagerweg 3", "Shipping City": "Garching"},
    )  # fmt: skip
    assert isinstance(acme, ImportedCompany)
    assert (acme.phone, acme.address) == ("+1 617 555 0100", "1 Main St\nBoston")
    for line in ("Fax: +1 617 555 0109", "Employees: 1200", "Address (shipping): Lagerweg 3"):
        assert line in acme.notes


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (
            ESPO_OPPORTUNITIES,
            {"id": "66a1", "name": "Pilot line 2024", "amount": "48500.00",
             "amountCurrency": "EUR", "accountId": "65f1", "accountName": "Müller & Söhne GmbH",
             "stage": "Proposal", "probability": "50", "closeDate": "2024-09-30",
             "contactId": "65f70", "contactName": "Jürgen Weiß"},
            ("Pilot line 2024", 4_850_000, "EUR", "Proposal", "Müller & Söhne GmbH", "65f1",
             "Jürgen Weiß", "65f70", date(2024, 9, 30)),
        ),
        (
            SUITE_OPPORTUNITIES,
            {"ID": "o1", "Opportunity Name": "Acme - 500 units", "Opportunity Amount": "75000",
             "Currency": "-99", "Amount": "75000", "Expected Close Date": "06/30/2024",
             "Sales Stage": "Negotiation/Review", "Probability (%)": "80",
             "Account Name": "Acme Corp"},
            ("Acme - 500 units", 7_500_000, "", "Negotiation/Review", "Acme Corp", "", "", "",
             date(2024, 6, 30)),
        ),
        (
            SALESFORCE_OPPORTUNITY,
            {"Id": "0065g00000QwErTAAU", "IsDeleted": "false", "AccountId": "0015g00000XyZ12AAB",
             "Name": "Palm Oil - 2024 supply", "StageName": "Negotiation/Review",
             "Amount": "250000", "Probability": "90", "CloseDate": "2024-06-30",
             "IsWon": "false", "ContactId": "0035g00000ABCDeAAF", "CurrencyIsoCode": "USD"},
            ("Palm Oil - 2024 supply", 25_000_000, "USD", "Negotiation/Review", "",
             "0015g00000XyZ12AAB", "", "0035g00000ABCDeAAF", date(2024, 6, 30)),
        ),
        (
            TWENTY_OPPORTUNITIES,
            {"Id": "2020-be10", "Name": "Linkedin enterprise plan", "Amount / Amount": "150000",
             "Amount / Currency": "USD", "Close Date": "2024-09-30T00:00:00.000Z",
             "Stage": "PROPOSAL", "Position": "1", "Point of Contact": "Christoph Callisto",
             "Company": "Linkedin", "Created by / Name": "Tim Apple"},
            ("Linkedin enterprise plan", 15_000_000, "USD", "PROPOSAL", "Linkedin", "",
             "Christoph Callisto", "", date(2024, 9, 30)),
        ),
    ],
    ids=["espocrm", "suitecrm", "salesforce", "twenty"],
)  # fmt: skip
def test_opportunity_exports_are_read_as_deals(
    tmp_path: Path, header: list[str], row: Row, expected: tuple[object, ...]
) -> None:
    preset, (deal,) = read(tmp_path, header, row)
    assert (preset.key, preset.kind) == ("generic", "deal")
    assert isinstance(deal, ImportedDeal)
    assert deal.problems == []
    assert (
        deal.title, deal.value_minor, deal.currency, deal.stage, deal.company,
        deal.company_external_id, deal.contact, deal.contact_external_id, deal.expected_close,
    ) == expected  # fmt: skip


@pytest.mark.parametrize(
    ("header", "row", "expected"),
    [
        (
            SUITE_CALLS,
            {"ID": "k1", "Subject": "Quarterly review call", "Description": "Q2 volumes",
             "Duration Minutes": "45", "Start Date": "03/25/2024 10:00am", "Status": "Held",
             "Direction": "Outbound", "Email Reminder Time": "-1",
             "Contact Name": "Peter O'Neill", "Contact ID": "c1"},
            ("note", "Quarterly review call", "Peter O'Neill", "c1", "",
             datetime(2024, 3, 25, 10, 0), True),
        ),
        (
            SUITE_MEETINGS,
            {"ID": "m1", "Subject": "Plant visit", "Start Date": "03/28/2024 09:00am",
             "Status": "Planned", "Type": "Meeting", "Contact Name": "Peter O'Neill"},
            ("meeting", "Plant visit", "Peter O'Neill", "", "", datetime(2024, 3, 28, 9, 0),
             False),
        ),
        (
            SUITE_NOTES,
            {"ID": "n1", "Date Created": "03/26/2024 11:12am", "Subject": "Pricing feedback",
             "Contact ID": "c1", "Portal Flag": "0", "Note": "List price 10% too high.",
             "Contact Name": "Peter O'Neill"},
            ("note", "Pricing feedback", "Peter O'Neill", "c1", "",
             datetime(2024, 3, 26, 11, 12), True),
        ),
        (
            SALESFORCE_TASK,
            {"Id": "00T1", "WhoId": "0035g00000ABCDeAAF", "WhatId": "0065g00000QwErTAAU",
             "Subject": "Call", "ActivityDate": "2024-02-01", "Status": "Completed",
             "Description": "Talked about price per ton", "TaskSubtype": "Call"},
            ("call", "Call", "", "0035g00000ABCDeAAF", "0065g00000QwErTAAU",
             datetime(2024, 2, 1), True),
        ),
    ],
    ids=["suitecrm-calls", "suitecrm-meetings", "suitecrm-notes", "salesforce-tasks"],
)  # fmt: skip
def test_activity_exports_are_read_as_activities(
    tmp_path: Path, header: list[str], row: Row, expected: tuple[object, ...]
) -> None:
    preset, (activity,) = read(tmp_path, header, row)
    assert (preset.key, preset.kind) == ("generic", "activity")
    assert isinstance(activity, ImportedActivity)
    assert activity.problems == []
    assert (
        activity.kind, activity.subject, activity.contact, activity.contact_external_id,
        activity.deal_external_id, activity.occurred_at, activity.done,
    ) == expected  # fmt: skip


def test_a_calls_status_stays_in_its_text_and_its_direction_is_its_own(tmp_path: Path) -> None:
    """ "Held" says the call is done; the word itself is kept; "Inbound" is the call's
    direction; "Email Reminder Time" is no e-mail address."""
    _, (call,) = read(
        tmp_path,
        SUITE_CALLS,
        {"Subject": "Intro call", "Description": "Met the buyer", "Status": "Not Held",
         "Direction": "Inbound", "Email Reminder Time": "-1"},
    )  # fmt: skip
    assert isinstance(call, ImportedActivity)
    assert call.done and call.problems == []
    assert call.body.startswith("Met the buyer\n\n")
    for line in ("Status: Not Held", "Email Reminder Time: -1"):
        assert line in call.body
    assert call.direction == "inbound" and "Direction" not in call.body


PEOPLE_HEADERS = {
    "google": GOOGLE,
    "outlook": OUTLOOK,
    "thunderbird": THUNDERBIRD,
    "hubspot contacts": HUBSPOT_CONTACTS,
    "yahoo": YAHOO,
    "zoho contacts": ZOHO_STYLE,
    "salesforce contacts": SALESFORCE_STYLE,
    "plain sheet": ["Name", "Email", "Phone"],
    "company and website beside names": [
        "First Name", "Last Name", "Email", "Company", "Website", "Industry", "Employees",
    ],
    "a person's name and their company": [
        "Name", "Email", "Company", "Website", "Industry", "Annual Revenue",
    ],
    "a contact's name and their company": [
        "Company Name", "Contact Name", "Phone", "Website", "Industry", "Employees",
    ],
    "a name beside an e-mail": ["Name", "Email", "Phone", "Website", "Industry"],
    "a job title": ["Name", "Job Title", "Website", "Industry", "Employees"],
    "a mobile phone": ["Name", "Mobile Phone", "Website", "Industry", "Employees"],
    "a lifecycle stage and a value": ["Name", "Email", "Lifecycle Stage", "Lifetime Value"],
    "a title and a status": ["Name", "Title", "Email", "Status", "Type"],
}  # fmt: skip


@pytest.mark.parametrize("header", PEOPLE_HEADERS.values(), ids=PEOPLE_HEADERS.keys())
def test_peoples_files_stay_peoples(header: list[str]) -> None:
    assert guess_kind(header) == "contact"
    assert detect_preset(header).kind == "contact"
    assert preset_for("generic", header).kind == "contact"


def test_a_kind_given_is_read_whatever_the_header_suggests() -> None:
    preset = preset_for("generic", SUITE_ACCOUNTS, kind="contact")
    assert preset.kind == "contact"
    assert preset.mapping[SUITE_ACCOUNTS.index("Name")] == "full_name"
    deals = preset_for("generic", ["Name", "Email", "Phone"], kind="deal")
    assert (deals.kind, deals.mapping) == (
        "deal",
        {0: "title", 1: "contact_email", 2: "notes_labeled"},  # a deal's phone: in its notes
    )


@pytest.mark.parametrize(
    ("hours", "minutes", "expected", "kept"),
    [
        ("", "45", 45, ""),
        ("2", "", 120, ""),
        ("", "1:05", 65, ""),
        ("", "20,5", 20, ""),
        ("", "about 20", None, "Duration Minutes: about 20"),
    ],
)
def test_a_calls_duration_in_minutes(
    tmp_path: Path, hours: str, minutes: str, expected: int | None, kept: str
) -> None:
    _, (call,) = read(
        tmp_path,
        SUITE_CALLS,
        {"Subject": "Call", "Duration Hours": hours, "Duration Minutes": minutes},
    )
    assert isinstance(call, ImportedActivity)
    assert call.duration_minutes == expected
    assert kept in call.body
