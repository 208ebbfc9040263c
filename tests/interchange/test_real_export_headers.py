"""HubSpot and Pipedrive exports with their headers as those programs really write them, column
for column, checked against files and code that read real exports (the source of each header is
named above it; the rows are made up). Each file must be recognised and read with no user work.

Sources are public repositories, given as owner/name and path; where the code search named no
repository, as the stored-file id of the index it was found in (a file reading a real export)."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from crm_desktop.domain.imported import (
    ImportedActivity,
    ImportedCompany,
    ImportedContact,
    ImportedDeal,
)
from crm_desktop.interchange import Preset, detect_preset, read_table, records


def read(tmp_path: Path, header: list[str], *rows: list[str]) -> tuple[Preset, list[object]]:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    table = read_table(path)
    preset = detect_preset(table.header)
    return preset, list(records(table, preset))


# -- HubSpot --------------------------------------------------------------------------------

# Property labels: Cloudkibo/KiboEngage server/api/v1.1/hubspotIntegration/hubspotDefaultFields.js
# (First Name ... Country/Region, Mobile Phone Number, Work email, Contact owner, Lead Status);
# "Associated Company (Primary)": tomsolut/salescookie-hubspot hubspot_parser.py; "Associated
# Company IDs (Primary)": avalithcc/bd-contact-intel src/lib/hubspot/columns.ts; "Record ID",
# "Create Date", "Last Activity Date": index files 71609405143, 67454142796.
HUBSPOT_CONTACTS = [
    "Record ID", "First Name", "Last Name", "Email", "Work email", "Phone Number",
    "Mobile Phone Number", "Job Title", "Associated Company (Primary)",
    "Associated Company IDs (Primary)", "Contact owner", "Lifecycle Stage", "Lead Status",
    "Street Address", "City", "State/Region", "Postal Code", "Country/Region", "Create Date",
    "Last Activity Date",
]  # fmt: skip


def test_hubspot_contacts(tmp_path: Path) -> None:
    preset, (ann, bo) = read(
        tmp_path,
        HUBSPOT_CONTACTS,
        ["1201", "Ann", "Lee", "ann@acme.com", "a.lee@acme-group.com", "+1 555 0100",
         "+1 555 0199", "Buyer", "Acme Inc", "88", "Sam Sales", "Customer", "Open",
         "1 Main St", "Austin", "TX", "73301", "United States", "2024-01-02 10:00",
         "2025-03-04 09:30"],
        ["1202", "Bo", "Lind", "bo@lind.example", "", "", "", "", "", "", "Kim Kent",
         "Marketing Qualified Lead", "", "", "", "", "", "", "2024-02-01 08:00", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("hubspot_contacts", "contact")
    assert preset.recognised == len(HUBSPOT_CONTACTS)
    assert isinstance(ann, ImportedContact) and isinstance(bo, ImportedContact)
    assert (ann.first_name, ann.last_name, ann.title) == ("Ann", "Lee", "Buyer")
    assert ann.emails == [("", "ann@acme.com"), ("work", "a.lee@acme-group.com")]
    assert ann.phones == [("", "+1 555 0100"), ("mobile", "+1 555 0199")]
    assert (ann.company, ann.owner, ann.lifecycle) == ("Acme Inc", "Sam Sales", "customer")
    assert ann.external_id == "hubspot:contact:1201"
    assert ann.address == "1 Main St\nAustin, TX 73301\nUnited States"
    assert ann.notes == "Lead status: Open"  # dates and the company's id stay out
    assert (bo.company, bo.owner, bo.lifecycle) == ("", "Kim Kent", "lead")


# Older layout ("Contact ID", "Associated Company ID", "Company Name"): index files 36927448511,
# 37300614661 (SQL over a "Contacts (HubSpot CRM)" export).
HUBSPOT_CONTACTS_OLDER = [
    "Contact ID", "First Name", "Last Name", "Associated Company ID", "Company Name",
    "Country/Region", "Contact owner", "Associated Deals", "Lifecycle Stage", "Lead Status",
    "Email", "Phone Number", "Website URL", "Original Source", "City",
    "Number of Associated Deals", "State/Region", "Create Date",
]  # fmt: skip


def test_hubspot_contacts_older_layout(tmp_path: Path) -> None:
    preset, (ann,) = read(
        tmp_path,
        HUBSPOT_CONTACTS_OLDER,
        ["51", "Ann", "Lee", "88", "Acme Inc", "Germany", "Sam Sales", "Renewal 2025",
         "Opportunity", "", "ann@acme.com", "+49 30 1234", "https://acme.example",
         "Organic Search", "Berlin", "1", "", "2023-05-06"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("hubspot_contacts", "contact")
    assert isinstance(ann, ImportedContact)
    assert ann.external_id == "hubspot:contact:51"
    assert (ann.company, ann.owner, ann.lifecycle) == ("Acme Inc", "Sam Sales", "prospect")
    assert (ann.emails, ann.phones) == ([("", "ann@acme.com")], [("", "+49 30 1234")])
    assert (ann.website, ann.source, ann.address) == (
        "https://acme.example",
        "Organic Search",
        "Berlin\nGermany",
    )


# Spanish export, headers pinned from the real files: avalithcc/bd-contact-intel
# src/lib/hubspot/columns.ts (the association column stays English).
HUBSPOT_CONTACTS_ES = [
    "ID de registro", "Nombre", "Apellidos", "Correo", "Cargo", "Ciudad", "País/región",
    "Número de teléfono", "Propietario del contacto", "Número de veces contactado",
    "Último contacto", "Última actividad", "Fecha de creación", "Estado del lead",
    "Associated Company IDs (Primary)",
]  # fmt: skip


def test_hubspot_contacts_in_spanish(tmp_path: Path) -> None:
    preset, (ana, luis) = read(
        tmp_path,
        HUBSPOT_CONTACTS_ES,
        ["123", "Ana", "Prueba", "ana@ejemplo.com", "Compras", "Buenos Aires", "Argentina",
         "+54 11 5555 0101", "Beto Vendedor", "3", "2026-01-15", "2026-01-20", "2025-12-01",
         "En curso", "555"],
        ["124", "Luis", "Gómez", "luis@ejemplo.com", "", "Madrid", "España", "", "Beto Vendedor",
         "0", "", "", "2025-12-02", "", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("hubspot_contacts", "contact")
    assert isinstance(ana, ImportedContact) and isinstance(luis, ImportedContact)
    assert (ana.first_name, ana.last_name, ana.title) == ("Ana", "Prueba", "Compras")
    assert (ana.emails, ana.phones) == ([("", "ana@ejemplo.com")], [("", "+54 11 5555 0101")])
    assert (ana.owner, ana.external_id) == ("Beto Vendedor", "hubspot:contact:123")
    assert ana.address == "Buenos Aires\nArgentina"
    assert ana.notes == "Lead status: En curso"
    assert (luis.last_name, luis.address) == ("Gómez", "Madrid\nEspaña")


# Company export columns: index file 12663749484 (script reading a real Companies.csv: "Record
# ID", "Create Date", "Company name", "Company Domain Name", "Industry", "Number of Associated
# Contacts", "Number of Associated Deals"); labels "Company owner", "Phone Number", "Street
# Address" ... "Country/Region", "Number of Employees", "Description": index file 71501872732.
HUBSPOT_COMPANIES = [
    "Record ID", "Create Date", "Company name", "Company Domain Name", "Industry",
    "Phone Number", "Company owner", "Street Address", "City", "State/Region", "Postal Code",
    "Country/Region", "Number of Employees", "Number of Associated Contacts",
    "Number of Associated Deals", "Description",
]  # fmt: skip


def test_hubspot_companies(tmp_path: Path) -> None:
    preset, (acme, beta) = read(
        tmp_path,
        HUBSPOT_COMPANIES,
        ["88", "2024-01-02 10:00", "Acme Inc", "acme.com", "Retail", "+1 555 0100", "Sam Sales",
         "1 Main St", "Austin", "TX", "73301", "United States", "40", "3", "2",
         "Sells anvils"],
        ["89", "2024-01-03 11:00", "Beta LLC", "beta.example", "", "", "Kim Kent", "", "", "",
         "", "", "", "0", "0", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("hubspot_companies", "company")
    assert isinstance(acme, ImportedCompany) and isinstance(beta, ImportedCompany)
    assert (acme.name, acme.website, acme.industry, acme.phone, acme.owner) == (
        "Acme Inc", "acme.com", "Retail", "+1 555 0100", "Sam Sales",
    )  # fmt: skip
    assert acme.address == "1 Main St\nAustin, TX 73301\nUnited States"
    assert acme.external_id == "hubspot:company:88"
    assert acme.notes == "Sells anvils\n\nNumber of Employees: 40"  # the counts stay out
    assert (beta.name, beta.owner, beta.notes) == ("Beta LLC", "Kim Kent", "")


# Spanish company export: avalithcc/bd-contact-intel src/lib/hubspot/columns.ts.
HUBSPOT_COMPANIES_ES = [
    "ID de registro", "Nombre de la empresa", "Nombre de dominio de la empresa",
    "Dominios adicionales", "Associated Note", "Ciudad", "País/región", "Sector",
]  # fmt: skip


def test_hubspot_companies_in_spanish(tmp_path: Path) -> None:
    preset, (empresa,) = read(
        tmp_path,
        HUBSPOT_COMPANIES_ES,
        ["555", "Ejemplo SA", "ejemplo.com", "ejemplo.es", "Busca dos desarrolladores",
         "Madrid", "España", "Software"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("hubspot_companies", "company")
    assert isinstance(empresa, ImportedCompany)
    assert (empresa.name, empresa.website, empresa.industry) == (
        "Ejemplo SA",
        "ejemplo.com",
        "Software",
    )
    assert (empresa.address, empresa.external_id) == ("Madrid\nEspaña", "hubspot:company:555")
    assert empresa.notes == "Busca dos desarrolladores\n\nDominios adicionales: ejemplo.es"


# Deal columns: tomsolut/salescookie-hubspot hubspot_parser.py ("Record ID", "Deal Name", "Deal
# Stage", "Close Date", "Amount", "Amount in company currency", "Currency", "Deal Type",
# "Associated Company (Primary)", "Deal owner"); "Associated Company IDs (Primary)": index
# files 22489992182, 46791148491; "Pipeline", "Create Date", "Associated Contact IDs": index
# file 56726845183; "Associated Contact", "Closed Lost Reason": index files 70324531427,
# 70831726317.
HUBSPOT_DEALS = [
    "Record ID", "Deal Name", "Pipeline", "Deal Stage", "Amount", "Currency",
    "Amount in company currency", "Close Date", "Create Date", "Deal owner", "Deal Type",
    "Closed Lost Reason", "Associated Company (Primary)", "Associated Company IDs (Primary)",
    "Associated Contact", "Associated Contact IDs",
]  # fmt: skip


def test_hubspot_deals(tmp_path: Path) -> None:
    preset, (renewal, pilot) = read(
        tmp_path,
        HUBSPOT_DEALS,
        ["5", "Renewal", "Sales Pipeline", "Closed Won", "1,250.50", "USD", "1,150.00",
         "2026-05-31", "2026-01-10 09:00", "Sam Sales", "existingbusiness", "", "Acme Inc",
         "88", "Ann Lee (ann@acme.com)", "1201"],
        ["6", "Pilot", "Sales Pipeline", "Closed Lost", "900", "EUR", "980", "2026-02-28",
         "2026-01-11 09:00", "Kim Kent", "newbusiness", "Too expensive", "Beta LLC", "89",
         "Bo Lind (bo@lind.example);Cy Moe (cy@beta.example)", "1202;1203"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("hubspot_deals", "deal")
    assert isinstance(renewal, ImportedDeal) and isinstance(pilot, ImportedDeal)
    assert (renewal.title, renewal.stage, renewal.status) == ("Renewal", "Closed Won", "won")
    assert (renewal.value_minor, renewal.currency) == (125050, "USD")  # the deal's own amount
    assert (renewal.owner, renewal.expected_close) == ("Sam Sales", date(2026, 5, 31))
    assert (renewal.company, renewal.company_external_id) == ("Acme Inc", "hubspot:company:88")
    assert (renewal.contact, renewal.contact_external_id) == (
        "ann@acme.com",
        "hubspot:contact:1201",
    )
    assert renewal.external_id == "hubspot:deal:5"
    assert (pilot.status, pilot.lost_reason, pilot.currency) == ("lost", "Too expensive", "EUR")
    assert (pilot.contact, pilot.contact_external_id) == ("bo@lind.example", "hubspot:contact:1202")
    assert renewal.problems == [] and pilot.problems == []


# -- Pipedrive, English ---------------------------------------------------------------------

# People export: RockRoofing/rock-app lib/crmImportMap.js ("Column headers verbatim from
# people-*": ID, Name, First name, Last name, Organization, Email - Work/Other/Home, Phone -
# Work/Mobile/Other/Home, Job title, Owner, Open/Won/Lost deals, Email messages count, Last email
# sent); "Person - Labels": index file 70324531427; "Last activity date": index file 67570263772.
PIPEDRIVE_PEOPLE_EN = [
    "Person - ID", "Person - Name", "Person - First name", "Person - Last name",
    "Person - Organization", "Person - Email - Work", "Person - Email - Home",
    "Person - Email - Other", "Person - Phone - Work", "Person - Phone - Home",
    "Person - Phone - Mobile", "Person - Phone - Other", "Person - Job title",
    "Person - Owner", "Person - Labels", "Person - Open deals", "Person - Won deals",
    "Person - Lost deals", "Person - Email messages count", "Person - Last email sent",
    "Person - Last activity date",
]  # fmt: skip


def test_pipedrive_people_in_english(tmp_path: Path) -> None:
    preset, (ann, bo) = read(
        tmp_path,
        PIPEDRIVE_PEOPLE_EN,
        ["17", "Ann Lee", "Ann", "Lee", "Acme Inc", "ann@acme.com", "ann@home.org", "",
         "+1 555 0100", "", "+1 555 0199", "", "Buyer", "Sam Sales", "Hot lead", "1", "2", "0",
         "14", "2026-03-01 10:00:00", "2026-03-02"],
        ["18", "Bo Lind", "Bo", "Lind", "", "", "", "bo@lind.example", "", "", "", "+1 555 0111",
         "", "Kim Kent", "", "0", "0", "0", "0", "", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_people", "contact")
    assert preset.recognised == len(PIPEDRIVE_PEOPLE_EN)
    assert isinstance(ann, ImportedContact) and isinstance(bo, ImportedContact)
    assert (ann.full_name, ann.first_name, ann.last_name) == ("Ann Lee", "Ann", "Lee")
    assert ann.emails == [("work", "ann@acme.com"), ("home", "ann@home.org")]
    assert ann.phones == [("work", "+1 555 0100"), ("mobile", "+1 555 0199")]
    assert (ann.company, ann.title, ann.owner, ann.tags) == (
        "Acme Inc", "Buyer", "Sam Sales", ["Hot lead"],
    )  # fmt: skip
    assert ann.external_id == "pipedrive:person:17"
    assert ann.notes == ""  # Pipedrive's counters and dates are not notes
    assert (bo.emails, bo.phones) == ([("other", "bo@lind.example")], [("other", "+1 555 0111")])


# Organizations export: RockRoofing/rock-app lib/crmImportMap.js ("verbatim from
# organizations-*": ID, Name, Owner, Address, ZIP/Postal code of Address, Region of Address,
# Full/combined address of Address, Open/Won/Lost deals); the other "<part> of Address" columns:
# index files 3340417164, 55092313147; "Organization - Label": index file 55092313147.
PIPEDRIVE_ORGANIZATIONS_EN = [
    "Organization - ID", "Organization - Name", "Organization - Owner", "Organization - Label",
    "Organization - Address", "Organization - House number of Address",
    "Organization - Street/road name of Address",
    "Organization - City/town/village/locality of Address",
    "Organization - Region of Address", "Organization - Country of Address",
    "Organization - ZIP/Postal code of Address",
    "Organization - Full/combined address of Address", "Organization - Open deals",
    "Organization - Won deals", "Organization - Lost deals",
]  # fmt: skip


def test_pipedrive_organizations_in_english(tmp_path: Path) -> None:
    preset, (acme, beta) = read(
        tmp_path,
        PIPEDRIVE_ORGANIZATIONS_EN,
        ["4", "Acme Inc", "Sam Sales", "Customer", "1 Main St, Austin, TX 73301, USA", "1",
         "Main St", "Austin", "Travis County", "United States", "73301",
         "1 Main St, Austin, TX 73301, USA", "1", "3", "0"],
        ["5", "Beta LLC", "Kim Kent", "", "", "", "", "", "", "", "", "", "0", "0", "0"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_organizations", "company")
    assert isinstance(acme, ImportedCompany) and isinstance(beta, ImportedCompany)
    assert (acme.name, acme.owner, acme.tags) == ("Acme Inc", "Sam Sales", ["Customer"])
    assert acme.address == "1 Main St, Austin, TX 73301, USA"  # once, not twice
    assert acme.external_id == "pipedrive:organization:4"
    assert acme.notes == ""
    assert (beta.name, beta.owner, beta.address) == ("Beta LLC", "Kim Kent", "")


# A 2026 organizations export, its address a custom field "Company Address" (captured verbatim,
# per the test that pins it): index file 67570263772.
PIPEDRIVE_ORGANIZATIONS_2026 = [
    "Organization - Name", "Organization - Street/road name of Company Address",
    "Organization - Owner", "Organization - People",
    "Organization - ZIP/Postal code of Company Address", "Organization - Open deals",
    "Organization - Full/combined address of Company Address",
    "Organization - Last activity date", "Organization - Parent",
    "Organization - City/town/village/locality of Company Address",
    "Organization - Organization created", "Organization - Closed deals",
    "Organization - Lost deals", "Organization - Won deals",
]  # fmt: skip


def test_pipedrive_organizations_with_a_custom_address_field(tmp_path: Path) -> None:
    preset, (acme, beta) = read(
        tmp_path,
        PIPEDRIVE_ORGANIZATIONS_2026,
        ["Acme GmbH", "Hauptstraße 1", "Sam Sales", "2", "10115", "1",
         "Hauptstraße 1, 10115 Berlin, Germany", "2026-03-02", "", "Berlin",
         "2025-01-01 09:00:00", "1", "0", "1"],
        ["Beta AG", "Ring 2", "Kim Kent", "0", "80331", "0", "", "", "Acme GmbH", "München",
         "2025-02-01 09:00:00", "0", "0", "0"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_organizations", "company")
    assert isinstance(acme, ImportedCompany) and isinstance(beta, ImportedCompany)
    assert (acme.name, acme.owner) == ("Acme GmbH", "Sam Sales")
    assert acme.address == "Hauptstraße 1, 10115 Berlin, Germany"
    assert acme.notes == ""
    assert beta.address == "Ring 2\n80331 München"  # no whole address: made of its parts
    assert beta.notes == "Parent: Acme GmbH"


# Deals export: index file 11167345497 (Deal - ID ... Deal - Currency of Value, Weighted value,
# Currency of Weighted value, Probability, Organization, Pipeline, Contact person, Stage, Label,
# Status, Deal created, Won time, Lost time, Lost reason, Expected close date); RockRoofing/
# rock-app lib/crmImportMap.js (Title, Stage, Status, Value, Organization, Contact person, Owner,
# Expected close date, Deal created, Won/Lost time, Lost reason); "Currency of Value" also in
# index file 57973293860; the person's "Person - Email - Work": index file 58715047576.
PIPEDRIVE_DEALS_EN = [
    "Deal - ID", "Deal - Title", "Deal - Creator", "Deal - Owner", "Deal - Value",
    "Deal - Currency of Value", "Deal - Weighted value", "Deal - Currency of Weighted value",
    "Deal - Probability", "Deal - Organization", "Deal - Pipeline", "Deal - Contact person",
    "Deal - Stage", "Deal - Label", "Deal - Status", "Deal - Deal created", "Deal - Won time",
    "Deal - Lost time", "Deal - Lost reason", "Deal - Expected close date",
    "Person - Email - Work", "Person - Phone - Work",
]  # fmt: skip


def test_pipedrive_deals_in_english(tmp_path: Path) -> None:
    preset, (relaunch, pilot) = read(
        tmp_path,
        PIPEDRIVE_DEALS_EN,
        ["301", "Website relaunch", "Sam Sales", "Sam Sales", "12500", "EUR", "12500", "EUR",
         "100", "Acme Inc", "Sales", "Ann Lee", "Proposal", "Hot", "Won",
         "2026-01-05 10:00:00", "2026-04-01 12:00:00", "", "", "2026-06-30", "ann@acme.com",
         "+1 555 0100"],
        ["302", "Pilot", "Kim Kent", "Kim Kent", "900", "USD", "450", "USD", "50", "Beta LLC",
         "Sales", "Bo Lind", "Negotiation", "", "Lost", "2026-01-06 10:00:00", "",
         "2026-02-01 12:00:00", "Too expensive", "", "", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_deals", "deal")
    assert isinstance(relaunch, ImportedDeal) and isinstance(pilot, ImportedDeal)
    assert (relaunch.title, relaunch.value_minor, relaunch.currency) == (
        "Website relaunch", 1_250_000, "EUR",
    )  # fmt: skip
    assert (relaunch.stage, relaunch.status, relaunch.owner) == ("Proposal", "won", "Sam Sales")
    assert (relaunch.company, relaunch.contact) == ("Acme Inc", "ann@acme.com")
    assert relaunch.expected_close == date(2026, 6, 30)
    assert relaunch.external_id == "pipedrive:deal:301"
    assert (pilot.currency, pilot.status, pilot.lost_reason) == ("USD", "lost", "Too expensive")
    assert (pilot.contact, pilot.company) == ("Bo Lind", "Beta LLC")
    assert relaunch.problems == [] and pilot.problems == []


# Notes export of Tools > Export data, bare headers "captured verbatim from a 2026 Pipedrive
# Notes export": index file 67570263772; the same columns read in RockRoofing/rock-app
# lib/crmImportMap.js (ID, Content, Deal ID, Deal title, User, Add time, Update time, Note is
# pinned to deal, Organization, Contact person).
PIPEDRIVE_NOTES_PLAIN = [
    "ID", "Content", "Organization", "Organization ID", "Contact person", "Contact person ID",
    "Deal title", "Deal ID", "Add time", "Update time", "User", "Note is pinned to deal",
    "Note is pinned to organization", "Note is pinned to person", "Lead", "Lead ID",
    "Note is pinned to lead", "Project", "Note is pinned to project",
]  # fmt: skip


def test_pipedrive_notes_export_with_bare_headers(tmp_path: Path) -> None:
    preset, (note,) = read(
        tmp_path,
        PIPEDRIVE_NOTES_PLAIN,
        ["55", "<p>Prefers email.<br>Budget in Q3.</p>", "Acme Inc", "4", "Ann Lee", "17",
         "Website relaunch", "301", "2026-02-01 09:15:00", "2026-02-02 10:00:00", "Sam Sales",
         "Yes", "No", "No", "", "", "No", "", "No"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_notes", "activity")
    assert isinstance(note, ImportedActivity)
    assert (note.kind, note.done, note.occurred_at) == ("note", True, datetime(2026, 2, 1, 9, 15))
    assert note.body.startswith("Prefers email.\nBudget in Q3.")
    assert (note.contact, note.contact_external_id) == ("Ann Lee", "pipedrive:person:17")
    assert (note.deal_external_id, note.external_id) == ("pipedrive:deal:301", "pipedrive:note:55")


# Activities export of Tools > Export data, bare headers: RockRoofing/rock-app
# lib/crmImportMap.js ("Headers are PLAIN here": ID, Subject, Type, Note, Due date, Due time,
# Done, Marked as done time, Assigned to user, Creator, Add time, Deal ID, Deal, Organization,
# Contact person); the field list with "Done" = "To do"/"Done": index file 56310467821.
PIPEDRIVE_ACTIVITIES_PLAIN = [
    "ID", "Subject", "Type", "Done", "Due date", "Due time", "Duration", "Note", "Deal ID",
    "Deal", "Organization", "Contact person", "Assigned to user", "Creator", "Add time",
    "Marked as done time",
]  # fmt: skip


def test_pipedrive_activities_export_with_bare_headers(tmp_path: Path) -> None:
    preset, (call, task) = read(
        tmp_path,
        PIPEDRIVE_ACTIVITIES_PLAIN,
        ["9", "Follow-up call", "Call", "Done", "2026-03-05", "14:30", "00:15", "Went well",
         "301", "Website relaunch", "Acme Inc", "Ann Lee", "Sam Sales", "Sam Sales",
         "2026-03-01 08:00:00", "2026-03-05 14:50:00"],
        ["10", "Send offer", "Task", "To do", "2026-03-09", "", "", "", "", "", "", "Bo Lind",
         "Kim Kent", "Kim Kent", "2026-03-02 08:00:00", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_activities", "activity")
    assert isinstance(call, ImportedActivity) and isinstance(task, ImportedActivity)
    assert (call.kind, call.subject, call.done) == ("call", "Follow-up call", True)
    assert call.occurred_at == datetime(2026, 3, 5, 14, 30)
    assert call.body.startswith("Went well")
    assert (call.contact, call.deal_external_id) == ("Ann Lee", "pipedrive:deal:301")
    assert call.external_id == "pipedrive:activity:9"
    assert (call.duration_minutes, task.duration_minutes) == (15, None)  # "00:15", hh:mm
    assert (task.kind, task.done, task.occurred_at) == ("task", False, datetime(2026, 3, 9))


# -- Pipedrive, German ----------------------------------------------------------------------

# People export: index file 68331353227 (a sheet kept as a copy of Pipedrive's export: "Person -
# Organisation", "Person - Vorname", "Person - Nachname", "Person - Position", "Person - Telefon
# - Büro/Privat/Mobil/Sonstiger", "Person - E-Mail-Adresse - Büro/Privat/Sonstiger", "Person -
# Label"); "Spaltennamen sind die Exportnamen": index file 70886399393; "Person - Geschlecht",
# "Person - ID": index file 41628443083; "Besitzer" (owner): inevs/metabase-mongo-docker
# scripts/import_deals_csv.py.
PIPEDRIVE_PEOPLE_DE = [
    "Person - ID", "Person - Organisation", "Person - Geschlecht", "Person - Vorname",
    "Person - Nachname", "Person - Position", "Person - Telefon - Büro",
    "Person - Telefon - Privat", "Person - Telefon - Mobil", "Person - Telefon - Sonstiger",
    "Person - E-Mail-Adresse - Büro", "Person - E-Mail-Adresse - Privat",
    "Person - E-Mail-Adresse - Sonstiger", "Person - Label", "Person - Besitzer",
]  # fmt: skip


def test_pipedrive_people_in_german(tmp_path: Path) -> None:
    preset, (anna, jan) = read(
        tmp_path,
        PIPEDRIVE_PEOPLE_DE,
        ["17", "Deichmann SE", "Frau", "Anna", "van Dijk", "Einkauf", "+49 201 123", "",
         "+49 151 1234567", "", "anna.vandijk@deichmann.example", "", "anna@post.example",
         "Bestandskunde", "Sascha Vertrieb"],
        ["18", "PowerHouse GmbH", "Herr", "Jan", "Ochs", "", "", "", "", "+49 30 999", "",
         "", "jan@powerhouse.example", "", "Thomas Vertrieb"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_people", "contact")
    assert isinstance(anna, ImportedContact) and isinstance(jan, ImportedContact)
    assert (anna.first_name, anna.last_name, anna.title) == ("Anna", "van Dijk", "Einkauf")
    assert anna.emails == [
        ("work", "anna.vandijk@deichmann.example"),
        ("other", "anna@post.example"),
    ]
    assert anna.phones == [("work", "+49 201 123"), ("mobile", "+49 151 1234567")]
    assert (anna.company, anna.owner, anna.tags) == (
        "Deichmann SE", "Sascha Vertrieb", ["Bestandskunde"],
    )  # fmt: skip
    assert anna.external_id == "pipedrive:person:17"
    assert anna.notes == "Geschlecht: Frau"  # a field we have no place for
    assert (jan.phones, jan.emails) == (
        [("other", "+49 30 999")],
        [("other", "jan@powerhouse.example")],
    )


# Organizations: "Organisation - ID", "Organisation - Name": index file 41600407828;
# "Organisation - Adresse", "Organisation - Website": index file 68331353227.
PIPEDRIVE_ORGANIZATIONS_DE = [
    "Organisation - ID", "Organisation - Name", "Organisation - Adresse",
    "Organisation - Website", "Organisation - Besitzer", "Organisation - Label",
]  # fmt: skip


def test_pipedrive_organizations_in_german(tmp_path: Path) -> None:
    preset, (deichmann, power) = read(
        tmp_path,
        PIPEDRIVE_ORGANIZATIONS_DE,
        ["4", "Deichmann SE", "Deichmannweg 9, 45359 Essen", "deichmann.example",
         "Sascha Vertrieb", "Kunde"],
        ["5", "PowerHouse GmbH", "", "", "Thomas Vertrieb", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_organizations", "company")
    assert isinstance(deichmann, ImportedCompany) and isinstance(power, ImportedCompany)
    assert (deichmann.name, deichmann.address, deichmann.website) == (
        "Deichmann SE", "Deichmannweg 9, 45359 Essen", "deichmann.example",
    )  # fmt: skip
    assert (deichmann.owner, deichmann.tags) == ("Sascha Vertrieb", ["Kunde"])
    assert deichmann.external_id == "pipedrive:organization:4"
    assert (power.name, power.owner) == ("PowerHouse GmbH", "Thomas Vertrieb")


# Deals export: inevs/metabase-mongo-docker scripts/import_deals_csv.py (reads
# data/deals-10118183-295.csv: Titel, Organisation, Wert, Status, Verlustgrund, Besitzer, Deal
# erstellt, Datum des verlorenen Deals, Phase, Zu erledigende Aktivitäten, Kontaktperson, Deal
# abgeschlossen am, Erledigte Aktivitäten, Anzahl E-Mail-Nachrichten, ID, Label, Datum der
# letzten Aktivität, Wahrscheinlichkeit, Gesamtzahl der Aktivitäten, Sichtbar für, Gewichteter
# Wert, Pipeline, Datum des gewonnenen Deals).
PIPEDRIVE_DEALS_DE = [
    "Deal - ID", "Deal - Titel", "Deal - Organisation", "Deal - Wert", "Deal - Status",
    "Deal - Verlustgrund", "Deal - Besitzer", "Deal - Deal erstellt",
    "Deal - Datum des verlorenen Deals", "Deal - Phase", "Deal - Zu erledigende Aktivitäten",
    "Deal - Kontaktperson", "Deal - Deal abgeschlossen am", "Deal - Erledigte Aktivitäten",
    "Deal - Anzahl E-Mail-Nachrichten", "Deal - Label", "Deal - Datum der letzten Aktivität",
    "Deal - Wahrscheinlichkeit", "Deal - Gesamtzahl der Aktivitäten", "Deal - Sichtbar für",
    "Deal - Gewichteter Wert", "Deal - Pipeline", "Deal - Datum des gewonnenen Deals",
]  # fmt: skip


def test_pipedrive_deals_in_german(tmp_path: Path) -> None:
    preset, (messe, pilot) = read(
        tmp_path,
        PIPEDRIVE_DEALS_DE,
        ["301", "Messestand 2026", "Deichmann SE", "12500", "Gewonnen", "", "Sascha Vertrieb",
         "2026-01-05 10:00:00", "", "Angebot", "0", "Anna van Dijk", "2026-04-01 12:00:00",
         "4", "7", "Heiß", "2026-03-30", "100", "4", "Alle Benutzer", "12500", "Vertrieb",
         "2026-04-01 12:00:00"],
        ["302", "Pilotprojekt", "PowerHouse GmbH", "900", "Verloren", "Zu teuer",
         "Thomas Vertrieb", "2026-01-06 10:00:00", "2026-02-01 12:00:00", "Verhandlung", "0",
         "Jan Ochs", "2026-02-01 12:00:00", "2", "1", "", "", "0", "2", "Alle Benutzer", "0",
         "Vertrieb", ""],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_deals", "deal")
    assert isinstance(messe, ImportedDeal) and isinstance(pilot, ImportedDeal)
    assert (messe.title, messe.value_minor, messe.stage, messe.status) == (
        "Messestand 2026", 1_250_000, "Angebot", "won",
    )  # fmt: skip
    assert (messe.company, messe.contact, messe.owner) == (
        "Deichmann SE", "Anna van Dijk", "Sascha Vertrieb",
    )  # fmt: skip
    assert messe.external_id == "pipedrive:deal:301"
    assert (pilot.status, pilot.lost_reason, pilot.owner) == ("lost", "Zu teuer", "Thomas Vertrieb")
    assert messe.problems == [] and pilot.problems == []


# -- Pipedrive, French ----------------------------------------------------------------------

# Deals export with the contact person's columns: index files 54092592855, 53787993717 (Affaire
# - Statut, Raison de la perte, Titre, Personne à contacter, Étape, Organisation, Heure de mise à
# jour; Personne - Téléphone - Travail/Domicile/Mobile/Autre, Personne - E-mail - Travail/
# Domicile/Autre) and 33843437102 (Affaire - Affaire créée, Date de gain, Visible par).
PIPEDRIVE_DEALS_FR = [
    "Affaire - Titre", "Affaire - Organisation", "Affaire - Personne à contacter",
    "Affaire - Étape", "Affaire - Statut", "Affaire - Raison de la perte",
    "Affaire - Affaire créée", "Affaire - Date de gain", "Affaire - Heure de mise à jour",
    "Affaire - Visible par", "Personne - Téléphone - Travail", "Personne - Téléphone - Mobile",
    "Personne - E-mail - Travail", "Personne - E-mail - Autre",
]  # fmt: skip


def test_pipedrive_deals_in_french(tmp_path: Path) -> None:
    preset, (pains, fours, four) = read(
        tmp_path,
        PIPEDRIVE_DEALS_FR,
        ["Pains pour la cantine", "Boulangeries Durand", "Claire Durand", "Proposition",
         "Gagnée", "", "2026-01-05 10:00:00", "2026-03-01 12:00:00", "2026-03-01 12:00:00",
         "Tous les utilisateurs", "+33 1 23 45 67 89", "", "claire@durand.example", ""],
        ["Fours", "Nouvelle Boulangerie", "Nadia Chérif", "Négociation", "Perdue", "Trop cher",
         "2026-01-06 10:00:00", "", "2026-02-01 12:00:00", "Tous les utilisateurs", "", "", "",
         "nadia@boulangerie.example"],
        ["Four à bois", "Nouvelle Boulangerie", "Nadia Chérif", "Négociation", "En cours", "",
         "2026-01-07 10:00:00", "", "2026-02-01 12:00:00", "Tous les utilisateurs", "", "", "",
         "nadia@boulangerie.example"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_deals", "deal")
    assert isinstance(four, ImportedDeal)
    assert (four.status, four.problems) == ("open", [])  # "En cours": still open
    assert isinstance(pains, ImportedDeal) and isinstance(fours, ImportedDeal)
    assert (pains.title, pains.company, pains.stage, pains.status) == (
        "Pains pour la cantine", "Boulangeries Durand", "Proposition", "won",
    )  # fmt: skip
    assert pains.contact == "claire@durand.example"  # the person's e-mail names them best
    assert (fours.status, fours.lost_reason) == ("lost", "Trop cher")
    assert fours.contact == "nadia@boulangerie.example"  # any of the person's e-mails


# People: "Personne - ID", "Personne - Prénom", "Personne - Nom de famille": index file
# 68792433399; "Personne - Étiquette", "Personne - Intitulé du poste": index file 33843437102;
# the e-mail and phone columns as in the deals export above.
PIPEDRIVE_PEOPLE_FR = [
    "Personne - ID", "Personne - Prénom", "Personne - Nom de famille",
    "Personne - Intitulé du poste", "Personne - Étiquette", "Personne - E-mail - Travail",
    "Personne - E-mail - Domicile", "Personne - Téléphone - Mobile",
    "Personne - Téléphone - Autre",
]  # fmt: skip


def test_pipedrive_people_in_french(tmp_path: Path) -> None:
    preset, (claire,) = read(
        tmp_path,
        PIPEDRIVE_PEOPLE_FR,
        ["21", "Claire", "Durand", "Gérante", "Client", "claire@durand.example",
         "claire@maison.example", "+33 6 12 34 56 78", "+33 1 98 76 54 32"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_people", "contact")
    assert isinstance(claire, ImportedContact)
    assert (claire.first_name, claire.last_name, claire.title) == ("Claire", "Durand", "Gérante")
    assert claire.emails == [("work", "claire@durand.example"), ("home", "claire@maison.example")]
    assert claire.phones == [("mobile", "+33 6 12 34 56 78"), ("other", "+33 1 98 76 54 32")]
    assert (claire.tags, claire.external_id) == (["Client"], "pipedrive:person:21")


# -- Pipedrive, Portuguese ------------------------------------------------------------------

# People: index file 52777264066 (reads the people XLSX export: Pessoa - Nome, Organização,
# E-mail - Trabalho/Residencial/Outros, Telefone - Trabalho/Residencial/Celular/Outros).
PIPEDRIVE_PEOPLE_PT = [
    "Pessoa - Nome", "Pessoa - Organização", "Pessoa - E-mail - Trabalho",
    "Pessoa - E-mail - Residencial", "Pessoa - E-mail - Outros", "Pessoa - Telefone - Trabalho",
    "Pessoa - Telefone - Residencial", "Pessoa - Telefone - Celular",
    "Pessoa - Telefone - Outros",
]  # fmt: skip


def test_pipedrive_people_in_portuguese(tmp_path: Path) -> None:
    preset, (joana,) = read(
        tmp_path,
        PIPEDRIVE_PEOPLE_PT,
        ["Joana Silva", "Construtora Alfa", "joana@alfa.example", "", "joana@casa.example",
         "+55 11 3333 4444", "", "+55 11 98888 7777", "+55 11 2222 1111"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_people", "contact")
    assert isinstance(joana, ImportedContact)
    assert (joana.full_name, joana.company) == ("Joana Silva", "Construtora Alfa")
    assert joana.emails == [("work", "joana@alfa.example"), ("other", "joana@casa.example")]
    assert joana.phones == [
        ("work", "+55 11 3333 4444"),
        ("mobile", "+55 11 98888 7777"),
        ("other", "+55 11 2222 1111"),
    ]


# Organizations: index files 4829385047, 4602120467 (Organização - Setor, Cidade/município/vila/
# localidade de Endereço, Estado de Endereço); "Organização - Nome": index file 62894660593.
PIPEDRIVE_ORGANIZATIONS_PT = [
    "Organização - Nome", "Organização - Setor",
    "Organização - Cidade/município/vila/localidade de Endereço",
    "Organização - Estado de Endereço",
]  # fmt: skip


def test_pipedrive_organizations_in_portuguese(tmp_path: Path) -> None:
    preset, (alfa,) = read(
        tmp_path, PIPEDRIVE_ORGANIZATIONS_PT, ["Construtora Alfa", "Construção", "Campinas", "SP"]
    )
    assert (preset.key, preset.kind) == ("pipedrive_organizations", "company")
    assert isinstance(alfa, ImportedCompany)
    assert (alfa.name, alfa.industry, alfa.address) == (
        "Construtora Alfa",
        "Construção",
        "Campinas, SP",
    )


# Deals: index files 23568333106 (Negócio - Organização, Título, Valor, Pessoa de contato, Data
# de fechamento esperada, Etapa), 56692175213 (Proprietário, Status Aberto/Ganho/Perdido, Funil,
# Negócio criado em) and 59366674700 (ID, Moeda de Valor, Motivo da perda).
PIPEDRIVE_DEALS_PT = [
    "Negócio - ID", "Negócio - Título", "Negócio - Valor", "Negócio - Moeda de Valor",
    "Negócio - Organização", "Negócio - Pessoa de contato", "Negócio - Funil",
    "Negócio - Etapa", "Negócio - Status", "Negócio - Proprietário",
    "Negócio - Data de fechamento esperada", "Negócio - Motivo da perda",
    "Negócio - Negócio criado em",
]  # fmt: skip


def test_pipedrive_deals_in_portuguese(tmp_path: Path) -> None:
    preset, (obra, piloto) = read(
        tmp_path,
        PIPEDRIVE_DEALS_PT,
        ["401", "Obra Campinas", "25000", "BRL", "Construtora Alfa", "Joana Silva", "Vendas",
         "Proposta enviada", "Ganho", "Rui Vendedor", "2026-05-31", "", "2026-01-10 09:00:00"],
        ["402", "Piloto", "3000", "BRL", "Beta Ltda", "Caio Souza", "Vendas", "Negociação",
         "Perdido", "Rui Vendedor", "", "Preço", "2026-01-11 09:00:00"],
    )  # fmt: skip
    assert (preset.key, preset.kind) == ("pipedrive_deals", "deal")
    assert isinstance(obra, ImportedDeal) and isinstance(piloto, ImportedDeal)
    assert (obra.title, obra.value_minor, obra.currency) == ("Obra Campinas", 2_500_000, "BRL")
    assert (obra.company, obra.contact, obra.owner) == (
        "Construtora Alfa", "Joana Silva", "Rui Vendedor",
    )  # fmt: skip
    assert (obra.stage, obra.status, obra.expected_close) == (
        "Proposta enviada", "won", date(2026, 5, 31),
    )  # fmt: skip
    assert (piloto.status, piloto.lost_reason) == ("lost", "Preço")
    assert obra.problems == [] and piloto.problems == []


# -- Pipedrive, Spanish ---------------------------------------------------------------------

# People: index file 5333225355 ("Persona - Nombre", "Persona - Correo electrónico - Trabajo",
# "Persona - Teléfono - Otro").
PIPEDRIVE_PEOPLE_ES = [
    "Persona - Nombre", "Persona - Correo electrónico - Trabajo", "Persona - Teléfono - Otro",
]  # fmt: skip


def test_pipedrive_people_in_spanish(tmp_path: Path) -> None:
    preset, (maria,) = read(
        tmp_path,
        PIPEDRIVE_PEOPLE_ES,
        ["María García López", "maria.garcia@ejemplo.com", "55 1234 5678"],
    )
    assert (preset.key, preset.kind) == ("pipedrive_people", "contact")
    assert isinstance(maria, ImportedContact)
    assert maria.full_name == "María García López"
    assert (maria.emails, maria.phones) == (
        [("work", "maria.garcia@ejemplo.com")],
        [("other", "55 1234 5678")],
    )


# -- LinkedIn ---------------------------------------------------------------------------------

# The connections export (Connections.csv): its "Notes:" preamble and columns as the LinkedIn
# help page on exporting connections and scripts reading the file describe them.
LINKEDIN = [
    "First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"
]  # fmt: skip


def test_linkedin_connections_with_their_preamble(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Notes:\n")
        csv.writer(handle).writerows(
            [
                ["When exporting your connection data, you may notice that some of the email "
                 "addresses are missing. You will only see email addresses for connections who "
                 "have allowed their connections to see or download their email address."],
                [],
                LINKEDIN,
                ["Ann", "Lee", "https://www.linkedin.com/in/annlee", "ann@acme.com", "Acme Inc",
                 "Head of Sales", "12 Mar 2023"],
                ["Bo", "Lind", "https://www.linkedin.com/in/bolind", "", "Lind & Co",
                 "Founder", "01 Feb 2022"],
            ]
        )  # fmt: skip
    table = read_table(path)
    preset = detect_preset(table.header)
    ann, bo = records(table, preset)
    assert (preset.key, preset.recognised) == ("linkedin", len(LINKEDIN))
    assert isinstance(ann, ImportedContact) and isinstance(bo, ImportedContact)
    assert (ann.line, ann.first_name, ann.last_name, ann.company, ann.title) == (
        5, "Ann", "Lee", "Acme Inc", "Head of Sales"
    )  # fmt: skip
    assert [v for _, v in ann.emails] == ["ann@acme.com"] and bo.emails == []
    assert "LinkedIn: https://www.linkedin.com/in/annlee" in ann.notes
    assert "Connected on: 12 Mar 2023" in ann.notes
    assert (bo.first_name, bo.company, bo.problems) == ("Bo", "Lind & Co", [])


def test_outlook_in_german_skips_the_display_name_column(tmp_path: Path) -> None:
    preset, (juergen,) = read(
        tmp_path,
        ["Vorname", "Nachname", "Firma", "Position", "Straße geschäftlich", "Ort geschäftlich",
         "Postleitzahl geschäftlich", "Telefon geschäftlich", "E-Mail-Adresse",
         "E-Mail: Angezeigter Name", "Kategorien"],
        ["Jürgen", "Müller", "Müller GmbH", "Leiter", "Hauptstraße 1", "München", "80331",
         "+49 89 123456", "juergen@mueller.de", "Jürgen Müller (juergen@mueller.de)", "Kunden"],
    )  # fmt: skip
    assert isinstance(juergen, ImportedContact) and preset.key == "outlook"
    assert [v for _, v in juergen.emails] == ["juergen@mueller.de"]
    assert juergen.problems == [] and "Angezeigter" not in juergen.notes
    assert "Hauptstraße 1" in juergen.address and "München" in juergen.address
    assert (juergen.company, juergen.title, juergen.tags) == ("Müller GmbH", "Leiter", ["Kunden"])
