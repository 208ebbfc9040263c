"""Deal files from other CRMs, read from the file through the import into the database: stage
names that close a deal; SuiteCRM's "-99" currency is its default one, not a wrong code."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import records
from crm_desktop.interchange.opened import open_file
from crm_desktop.store.db import sql

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
        " co.name AS company, l.value_minor, l.currency, l.expected_close, l.source"
        " FROM lead l JOIN stage s ON s.id = l.stage_id"
        " LEFT JOIN contact c ON c.id = l.contact_id"
        " LEFT JOIN company co ON co.id = l.company_id ORDER BY l.id"
    )
    columns = [d[0] for d in cursor.description]
    return {row[1]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}


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
