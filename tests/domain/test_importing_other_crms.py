"""Exports of Zoho CRM (contacts, leads, accounts, deals) and SuiteCRM's opportunities, read
from the file through the import into the database: Zoho's are known as Zoho's (not HubSpot's),
its deals find their company and person, its closed stages close them; SuiteCRM's "-99"
currency is its default one, not a wrong code."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from crm_desktop.domain.contacts import ContactDetail
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import detect_preset, records
from crm_desktop.interchange.opened import open_file
from crm_desktop.interchange.targets import is_known, target_label
from crm_desktop.store.db import sql

# As Zoho writes them (Setup > Data Administration > Export): CRLF, quoted only when needed.
ZOHO_CONTACTS = (
    "Record Id,Contact Owner,Lead Source,First Name,Last Name,Account Name,Vendor Name,Email,"
    "Title,Department,Phone,Home Phone,Other Phone,Fax,Mobile,Date of Birth,Assistant,"
    "Asst Phone,Reports To,Email Opt Out,Created By,Modified By,Created Time,Modified Time,"
    "Full Name,Mailing Street,Other Street,Mailing City,Other City,Mailing State,Other State,"
    "Mailing Zip,Other Zip,Mailing Country,Other Country,Description,Skype ID,Salutation,"
    "Secondary Email,Twitter,Tag,Last Activity Time,Unsubscribed Mode,Unsubscribed Time,"
    "Locked\r\n"
    "zcrm_4876876000000411001,Priya Raman,Partner,Kyle,Brennan,Brennan Logistics,,"
    "kyle@brennanlogistics.example,Operations Manager,Ops,+1 (312) 555-0142,,,,"
    "+1 (312) 555-0199,1979-11-23,,,,false,Priya Raman,Priya Raman,2023-10-02 14:03:51,"
    "2024-02-11 09:15:00,Kyle Brennan,500 W Madison St,,Chicago,,IL,,60661,,United States,,"
    "Wants quarterly reviews,kyle.b,Mr.,kbrennan@gmail.example,@kbrennan,VIP;Chicago,"
    "2024-02-11 09:15:00,,,false\r\n"
    "zcrm_4876876000000411002,Priya Raman,Web Download,Mei,Chen,Chen Design Studio,,"
    "mei@chendesign.example,Owner,,+1 415 555 0100,,,,,,,,,true,Priya Raman,Priya Raman,"
    "2023-11-15 08:00:00,2023-11-15 08:00:00,Mei Chen,1 Market St,,San Francisco,,CA,,94105,,"
    "United States,,,,Ms.,,,,,Manual,2024-01-01 10:00:00,false\r\n"
)
ZOHO_LEADS = (
    "Record Id,Lead Owner,Company,First Name,Last Name,Full Name,Designation,Email,Phone,Fax,"
    "Mobile,Website,Lead Source,Lead Status,Industry,No. of Employees,Annual Revenue,Rating,"
    "Email Opt Out,Skype ID,Salutation,Street,City,State,Zip Code,Country,Description,"
    "Secondary Email,Twitter,Tag,Created Time,Modified Time\r\n"
    "zcrm_4876876000000512001,Priya Raman,Rossi Costruzioni S.r.l.,Giulia,Rossi,Giulia Rossi,"
    "Project Manager,giulia@rossicostruzioni.example,+39 02 1234 5678,,+39 333 123 4567,"
    "www.rossicostruzioni.example,Trade Show,Contacted,Construction,45,2500000,Hot,false,,Ms.,"
    "Via Roma 1,Milano,MI,20121,Italy,Met at SAIE Bologna,,,Italy;Construction,"
    "2024-01-10 11:00:00,2024-01-12 11:00:00\r\n"
)
ZOHO_ACCOUNTS = (
    "Record Id,Account Owner,Rating,Account Name,Phone,Fax,Parent Account,Website,Account Site,"
    "Ticker Symbol,Account Type,Ownership,Industry,Employees,Annual Revenue,SIC Code,"
    "Created By,Modified By,Created Time,Modified Time,Billing Street,Shipping Street,"
    "Billing City,Shipping City,Billing State,Shipping State,Billing Code,Shipping Code,"
    "Billing Country,Shipping Country,Description,Last Activity Time,Tag\r\n"
    "zcrm_4876876000000301001,Priya Raman,,Brennan Logistics,+1 312 555 0100,,,"
    "www.brennanlogistics.example,Head office,,Customer,Private,Transportation,120,,,"
    "Priya Raman,Priya Raman,2023-10-01 09:00:00,2024-02-01 09:00:00,500 W Madison St,"
    "2 Dock Rd,Chicago,Gary,IL,IN,60661,46402,United States,United States,Fleet of 50 trucks,"
    ",VIP\r\n"
)
ZOHO_DEALS = (
    "Record Id,Deal Owner,Amount,Deal Name,Closing Date,Account Name,Stage,Type,"
    "Probability (%),Expected Revenue,Next Step,Lead Source,Campaign Source,Contact Name,"
    "Description,Created By,Modified By,Created Time,Modified Time,Last Activity Time,Tag,"
    "Currency,Exchange Rate\r\n"
    "zcrm_4876876000000623001,Priya Raman,25000,Brennan - Fleet tracking,2024-07-31,"
    "Brennan Logistics,Negotiation/Review,New Business,75,18750,Send contract,Partner,,"
    "Kyle Brennan,50 trucks,Priya Raman,Priya Raman,2024-02-01 10:00:00,2024-02-05 10:00:00,"
    ",,USD,1\r\n"
    "zcrm_4876876000000623002,Priya Raman,4800.5,Chen - Website,2024-03-15,Chen Design Studio,"
    "Closed Won,New Business,100,4800.5,,Web Download,,Mei Chen,,Priya Raman,Priya Raman,"
    "2024-01-05 10:00:00,2024-03-15 10:00:00,,,USD,1\r\n"
    "zcrm_4876876000000623003,Priya Raman,9000,Brennan - Pilot,2024-01-31,Brennan Logistics,"
    "Closed-Lost to Competition,New Business,0,0,,,,Kyle Brennan,,Priya Raman,Priya Raman,"
    "2023-12-01 10:00:00,2024-01-31 10:00:00,,,USD,1\r\n"
)
# As SuiteCRM writes its opportunities (List view > Bulk action > Export): every cell quoted.
SUITECRM_OPPORTUNITIES = (
    '"ID","Opportunity Name","Date Created","Description","Assigned to","Lead Source",'
    '"Opportunity Amount","Currency","Amount","Expected Close Date","Sales Stage",'
    '"Probability (%)","Account Name"\r\n'
    '"o1a2b3c4-0001","Acme - 500 units","03/20/2024 09:00am","Renewal plus upsell","sally",'
    '"Existing Customer","75000","-99","75000","06/30/2024","Negotiation/Review","80",'
    '"Acme Corp"\r\n'
    '"o1a2b3c4-0002","Nordic pilot","03/21/2024 09:00am","","max","Web Site","1,250.50","-99",'
    '"1250.5","04/05/2024","Closed Lost","0","Nordic Trade AB"\r\n'
)


def import_file(
    services: Services,
    folder: Path,
    name: str,
    text: str,
    mapping: Mapping[str, str] | None = None,
    **options: Any,
) -> tuple[str, ImportReport]:
    """Import ``text`` saved as ``name``: as its detected preset reads it, or with ``mapping``
    (column name -> target) for deals, as chosen in the wizard; the source and the report."""
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    opened = open_file(path)
    found = opened.records()
    if mapping is not None:
        assert opened.table is not None
        chosen = {opened.header.index(column): target for column, target in mapping.items()}
        found = records(opened.table, chosen, "deal")
    report = ImportService(services.clock, services.actor_id).run(
        found, file_name=name, source=opened.source, options=ImportOptions(**options)
    )
    return opened.source, report


def keys(table: str) -> dict[int, str]:
    return dict(sql('SELECT row_id, key FROM external_key WHERE "table" = ?', (table,)))


def deals() -> dict[str, dict[str, Any]]:
    cursor = sql(
        "SELECT l.id, l.title, l.status, s.name AS stage, c.display_name AS person,"
        " co.name AS company, l.value_minor, l.currency, l.expected_close, l.source, l.next_step"
        " FROM lead l JOIN stage s ON s.id = l.stage_id"
        " LEFT JOIN contact c ON c.id = l.contact_id"
        " LEFT JOIN company co ON co.id = l.company_id ORDER BY l.id"
    )
    columns = [d[0] for d in cursor.description]
    return {row[1]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}


def people(services: Services) -> dict[str, ContactDetail]:
    return {row.display_name: services.contacts.get(row.id) for row in services.contacts.page()}


def test_zoho_contacts_are_zohos(services: Services, tmp_path: Path) -> None:
    source, report = import_file(services, tmp_path, "Contacts.csv", ZOHO_CONTACTS)
    assert (source, report.created, report.rejected) == ("zoho_contacts", 2, [])
    kyle, mei = people(services)["Kyle Brennan"], people(services)["Mei Chen"]
    assert (kyle.title, kyle.company_name, kyle.source) == (
        "Operations Manager",
        "Brennan Logistics",
        "Partner",
    )
    assert kyle.emails == (("", "kyle@brennanlogistics.example"), ("", "kbrennan@gmail.example"))
    assert kyle.phones == (("", "+1 (312) 555-0142"), ("mobile", "+1 (312) 555-0199"))
    assert kyle.birthday == date(1979, 11, 23)
    assert kyle.address == "500 W Madison St\nChicago, IL 60661\nUnited States"
    assert mei.do_not_contact  # "Email Opt Out": true
    assert sorted(keys("contact").values()) == [
        "zoho:contact:zcrm_4876876000000411001",
        "zoho:contact:zcrm_4876876000000411002",
    ]


def test_zoho_leads_are_zohos_with_their_job_title(services: Services, tmp_path: Path) -> None:
    source, report = import_file(services, tmp_path, "Leads.csv", ZOHO_LEADS)
    assert (source, report.created, report.rejected) == ("zoho_leads", 1, [])
    giulia = people(services)["Giulia Rossi"]
    # Zoho's leads call the job title "Designation"
    assert (giulia.title, giulia.company_name) == ("Project Manager", "Rossi Costruzioni S.r.l.")
    assert "Designation" not in giulia.personal_notes
    assert "Lead Status: Contacted" in giulia.personal_notes
    assert list(keys("contact").values()) == ["zoho:lead:zcrm_4876876000000512001"]


def test_zoho_accounts_are_companies(services: Services, tmp_path: Path) -> None:
    source, report = import_file(services, tmp_path, "Accounts.csv", ZOHO_ACCOUNTS)
    assert (source, report.created, report.rejected) == ("zoho_accounts", 1, [])
    (company_id,) = keys("company")
    brennan = services.companies.get(company_id)
    assert (brennan.name, brennan.industry, brennan.phone, brennan.tags) == (
        "Brennan Logistics",
        "Transportation",
        "+1 312 555 0100",
        ("VIP",),
    )
    assert brennan.website.endswith("brennanlogistics.example")
    assert brennan.address == "500 W Madison St\nChicago, IL 60661\nUnited States"
    assert "Account Site: Head office" in brennan.notes  # a branch's name, not a website
    assert "Address (shipping): 2 Dock Rd, Gary, IN 46402, United States" in brennan.notes
    assert keys("company") == {company_id: "zoho:account:zcrm_4876876000000301001"}


def test_zoho_deals_find_their_company_and_person_and_close(
    services: Services, tmp_path: Path
) -> None:
    import_file(services, tmp_path, "Contacts.csv", ZOHO_CONTACTS)
    source, report = import_file(services, tmp_path, "Deals.csv", ZOHO_DEALS)
    assert (source, report.created, report.rejected, report.warnings) == ("zoho_deals", 3, [], [])
    found = deals()
    fleet, website, pilot = (
        found["Brennan - Fleet tracking"],
        found["Chen - Website"],
        found["Brennan - Pilot"],
    )
    assert (fleet["person"], fleet["company"], fleet["status"]) == (
        "Kyle Brennan",
        "Brennan Logistics",
        "open",
    )
    assert (fleet["value_minor"], fleet["currency"], fleet["source"]) == (
        2_500_000,
        "USD",
        "Partner",
    )
    assert fleet["expected_close"] == date(2024, 7, 31).toordinal()
    assert fleet["next_step"] == "Send contract"  # what the board shows on its card
    assert (website["person"], website["company"], website["status"]) == (
        "Mei Chen",
        "Chen Design Studio",
        "won",
    )
    # Zoho's standard lost stage, whose status word is not its last
    assert (pilot["status"], pilot["stage"], pilot["value_minor"]) == ("lost", "Lost", 900_000)
    stages = [name for (name,) in sql("SELECT name FROM stage").fetchall()]
    assert "Closed-Lost to Competition" not in stages
    assert sorted(keys("lead").values()) == [
        f"zoho:deal:zcrm_487687600000062300{n}" for n in (1, 2, 3)
    ]


def test_stage_names_that_say_a_deal_was_won_or_lost(services: Services, tmp_path: Path) -> None:
    stages = {
        "Closed Lost": "lost",
        "Closed-Lost to Competition": "lost",
        "Closed (Lost)": "lost",
        "Verloren": "lost",
        "Perdu": "lost",
        "Closed Won": "won",
        "Closed Won - paid": "won",
        "Win-back call": "open",  # a word for won, but not after "Closed": an open stage
    }
    text = "Deal,Stage\r\n" + "".join(f"Deal {n},{stage}\r\n" for n, stage in enumerate(stages))
    _, report = import_file(
        services, tmp_path, "deals.csv", text, {"Deal": "title", "Stage": "stage"}
    )
    assert (report.created, report.rejected) == (len(stages), [])
    found = deals()
    assert [found[f"Deal {n}"]["status"] for n in range(len(stages))] == list(stages.values())


def test_suitecrm_default_currency_is_the_imports_default(
    services: Services, tmp_path: Path
) -> None:
    mapping = {
        "ID": "external_id:suitecrm:opportunity",
        "Opportunity Name": "title",
        "Currency": "currency",
        "Amount": "value",
        "Expected Close Date": "expected_close",
        "Sales Stage": "stage",
        "Account Name": "company",
    }
    _, report = import_file(
        services,
        tmp_path,
        "Opportunities.csv",
        SUITECRM_OPPORTUNITIES,
        mapping,
        default_currency="SEK",
    )
    assert (report.created, report.rejected, report.warnings) == (2, [], [])
    found = deals()
    acme, nordic = found["Acme - 500 units"], found["Nordic pilot"]
    assert (acme["value_minor"], acme["currency"], acme["company"]) == (
        7_500_000,
        "SEK",
        "Acme Corp",
    )
    assert (nordic["value_minor"], nordic["currency"], nordic["status"]) == (125_050, "SEK", "lost")


def test_every_column_of_zohos_exports_is_known_to_the_wizard() -> None:
    for text in (ZOHO_CONTACTS, ZOHO_LEADS, ZOHO_ACCOUNTS, ZOHO_DEALS):
        header = text.split("\r\n")[0].split(",")
        preset = detect_preset(header)
        assert preset.recognised == len(header), preset.key
        for target in preset.mapping.values():
            assert is_known(target, preset.kind), (preset.key, target)
            assert target_label(target) != target or target == "skip", target


def test_a_deals_next_step_is_updated_and_undone(services: Services, tmp_path: Path) -> None:
    header = "Id,Name,Amount,StageName,CloseDate,NextStep\n"  # Salesforce's Opportunity.csv
    row = "0065g00000QwErTAAU,Roof,100,Prospecting,2024-09-30,"
    import_file(services, tmp_path, "a.csv", f"{header}{row}Call Bo\n")
    assert deals()["Roof"]["next_step"] == "Call Bo"
    _, report = import_file(
        services, tmp_path, "b.csv", f"{header}{row}Send quote\n", mode="upsert"
    )
    assert report.updated == 1 and deals()["Roof"]["next_step"] == "Send quote"
    ImportService(services.clock, services.actor_id).revert(report.batch_id)
    assert deals()["Roof"]["next_step"] == "Call Bo"
