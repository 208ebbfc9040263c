"""A deal's notes from other programs' files: its description, and every column of its own that
has no field here as a "Column: value" line, so nothing the file says about a deal is dropped;
the deal's person's and organization's other columns are theirs, not the deal's. Updating joins
the file's lines to what people wrote in the app, and undo puts their notes back."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Any

from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.lead_overview import lead_overview
from crm_desktop.domain.services import Services
from crm_desktop.interchange import detect_preset, read_table, records
from crm_desktop.store import search
from crm_desktop.store.db import sql


def imported(
    services: Services, tmp_path: Path, rows: list[list[str]], mode: str = "create"
) -> tuple[str, ImportReport]:
    path = tmp_path / "deals.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    table = read_table(path)
    preset = detect_preset(table.header)
    read = list(records(table, preset))
    assert all(isinstance(r, ImportedDeal) for r in read), preset.key
    service = ImportService(services.clock, services.actor_id)
    stages = service.unknown_stages([r for r in read if isinstance(r, ImportedDeal)])
    options = ImportOptions(mode=mode, stage_map=dict.fromkeys(stages))
    return preset.key, service.run(read, file_name=path.name, source=preset.key, options=options)


def notes(title: str) -> Any:
    return sql("SELECT notes FROM lead WHERE title = ?", [title]).fetchone()[0]


def test_a_hubspot_deals_description_and_custom_columns(services: Services, tmp_path: Path) -> None:
    key, report = imported(
        services,
        tmp_path,
        [
            ["Record ID", "Deal Name", "Deal Stage", "Amount", "Deal Description",
             "Budget approved", "Competitor"],
            ["9001", "Office fit-out", "Appointment Scheduled", "12000",
             "Two floors.<br>Wants <b>oak</b> desks.", "Yes", ""],
        ],
    )  # fmt: skip
    assert key == "hubspot_deals"
    assert (report.created, report.rejected) == (1, [])
    assert notes("Office fit-out") == "Two floors.\nWants oak desks.\n\nBudget approved: Yes"
    lead = sql("SELECT id FROM lead WHERE title = 'Office fit-out'").fetchone()[0]
    assert [h.id for h in search.search("oak") if h.kind == "lead"] == [lead]


def test_a_zoho_deals_description(services: Services, tmp_path: Path) -> None:
    key, _ = imported(
        services,
        tmp_path,
        [
            ["Record Id", "Deal Owner", "Deal Name", "Amount", "Stage", "Closing Date",
             "Account Name", "Description", "Expected Revenue"],
            ["zcrm_1", "", "Kiosk rollout", "5000", "Qualification", "2026-12-01", "Acme",
             "Pilot in three shops first", "500"],
        ],
    )  # fmt: skip
    assert key == "zoho_deals"
    assert notes("Kiosk rollout") == "Pilot in three shops first"  # its revenue is worked out


def test_a_plain_deals_sheet_keeps_what_has_no_field(services: Services, tmp_path: Path) -> None:
    key, report = imported(
        services,
        tmp_path,
        [
            ["Opportunity", "Amount", "Stage", "Description", "Decision maker", "Delivery"],
            ["Van fleet", "48000", "Proposal", "Six vans, leased", "Mr Ortiz", "March"],
        ],
    )  # fmt: skip
    assert (key, report.created) == ("generic", 1)
    assert notes("Van fleet") == "Six vans, leased\n\nDecision maker: Mr Ortiz\nDelivery: March"


def test_a_pipedrive_deals_own_columns_but_not_its_persons(
    services: Services, tmp_path: Path
) -> None:
    key, _ = imported(
        services,
        tmp_path,
        [
            ["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Stage", "Deal - Budget",
             "Deal - Weighted value", "Person - Name", "Person - Phone - Work",
             "Organization - Address"],
            ["77", "Signage", "900", "Qualified", "Under 1k", "450", "Ann Lee", "+44 20 1",
             "1 High St"],
        ],
    )  # fmt: skip
    assert key == "pipedrive_deals"
    assert notes("Signage") == "Budget: Under 1k"


def test_updating_joins_the_files_notes_to_the_users_and_undo_puts_them_back(
    services: Services, tmp_path: Path
) -> None:
    header = ["Record ID", "Deal Name", "Deal Stage", "Deal Description", "Deal owner"]
    imported(
        services, tmp_path, [header, ["5", "Roof", "Qualified To Buy", "Flat roof", "Sally Jones"]]
    )
    assert notes("Roof") == "Flat roof\n\nOwner: Sally Jones"  # she is not on the staff
    lead = sql("SELECT id FROM lead WHERE title = 'Roof'").fetchone()[0]
    overview = lead_overview(lead, services.clock.now())
    mine = "Flat roof\nCall before noon\n\nOwner: Sally Jones"
    services.pipeline.update_lead(lead, replace(overview.lead_fields(), notes=mine))

    _, report = imported(
        services,
        tmp_path,
        [header, ["5", "Roof", "Qualified To Buy", "Flat roof, 200 m²", "Sally Jones"]],
        mode="upsert",
    )
    assert report.updated == 1
    assert notes("Roof") == (
        "Flat roof\nCall before noon\n\nOwner: Sally Jones\n\nFlat roof, 200 m²"
    )  # the user's lines stay; the file's new line is added, its known ones not again
    ImportService(services.clock, services.actor_id).revert(report.batch_id)
    assert notes("Roof") == mine
