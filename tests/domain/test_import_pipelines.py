"""Deals go to the pipeline their file names: one of ours (any case) by its own stages, else
the default one with the name kept in the notes; an update moves a deal to another pipeline only
when the file names it, and undo moves it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.imported import ImportedDeal, ImportedRecord
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import detect_preset, read_table, records
from crm_desktop.store.db import sql


def run(services: Services, rows: list[ImportedRecord], **options: Any) -> ImportReport:
    return ImportService(services.clock, services.actor_id).run(
        rows, file_name="deals.csv", source="generic", options=ImportOptions(**options)
    )


def stages_of(services: Services, pipeline_id: int) -> dict[str, int]:
    return {s.name: s.id for s in services.pipeline.stages(pipeline_id)}


def placed(title: str) -> tuple[int, int, str, str]:
    row = sql(
        "SELECT l.pipeline_id, l.stage_id, l.status, l.notes FROM lead l WHERE l.title = ?",
        [title],
    ).fetchone()
    return int(row[0]), int(row[1]), str(row[2]), str(row[3])


@pytest.fixture
def hiring(services: Services) -> int:
    services.pipeline.ensure_default()
    stages = [("Applied", 10, "open", None), ("Interview", 50, "open", None)]
    stages += [("Hired", 100, "won", None), ("Declined", 0, "lost", None)]
    return services.pipelines.create_pipeline("Hiring", stages).ids[0]


def test_a_deal_goes_to_the_pipeline_named_and_its_stage(services: Services, hiring: int) -> None:
    sales = services.pipeline.ensure_default()
    report = run(
        services,
        [
            ImportedDeal(2, title="Engineer", pipeline="  hiring ", stage="interview"),
            ImportedDeal(3, title="Designer", pipeline="Hiring", stage="Whatever", status="won"),
            ImportedDeal(4, title="Roof", pipeline="Sales", stage="Qualified"),
            ImportedDeal(5, title="Fence", stage="Qualified"),
        ],
    )
    assert (report.created, report.rejected, report.notices) == (4, [], [])
    assert placed("Engineer")[:3] == (hiring, stages_of(services, hiring)["Interview"], "open")
    assert placed("Designer")[:3] == (hiring, stages_of(services, hiring)["Hired"], "won")
    for title in ("Roof", "Fence"):
        assert placed(title)[:2] == (sales, stages_of(services, sales)["Qualified"])


def test_a_stage_the_named_pipeline_lacks_is_its_first_open_one_and_never_offered(
    services: Services, hiring: int
) -> None:
    deals = [
        ImportedDeal(2, title="Engineer", pipeline="Hiring", stage="Phone screen"),
        ImportedDeal(3, title="Roof", stage="Site visit"),
    ]
    offered = ImportService(services.clock, services.actor_id).unknown_stages(deals)
    assert offered == ["Site visit"]  # the default pipeline's only
    report = run(services, deals)
    assert placed("Engineer")[:2] == (hiring, stages_of(services, hiring)["Applied"])
    assert sorted(report.notices) == [
        "Stage “Phone screen” is not in the pipeline “Hiring”: 1 deal put in “Applied”.",
        "Stage “Site visit” is not in the pipeline: 1 deal put in “New”.",
    ]


def test_a_pipeline_we_lack_puts_the_deal_in_the_default_one_with_its_name_in_the_notes(
    services: Services,
) -> None:
    sales = services.pipeline.ensure_default()
    report = run(
        services,
        [
            ImportedDeal(2, title="Renewal A", pipeline="Renewals", stage="Proposal", notes="Hi"),
            ImportedDeal(3, title="Renewal B", pipeline="renewals", stage="Proposal"),
        ],
    )
    assert report.created == 2
    assert report.notices == [
        "Pipeline “Renewals” is not in the app: 2 deals put in “Sales”, the pipeline's name"
        " kept in their notes."
    ]
    assert placed("Renewal A") == (
        sales,
        stages_of(services, sales)["Proposal"],
        "open",
        "Hi\nPipeline: Renewals",
    )
    assert placed("Renewal B")[3] == "Pipeline: renewals"


def test_an_update_moves_a_deal_to_the_pipeline_the_file_names_and_undo_moves_it_back(
    services: Services, hiring: int
) -> None:
    sales = services.pipeline.ensure_default()
    first = run(
        services,
        [
            ImportedDeal(2, title="Engineer", stage="Qualified", external_id="x:1"),
            ImportedDeal(3, title="Tester", pipeline="Hiring", stage="Applied", external_id="x:2"),
        ],
    )
    assert first.created == 2
    before = placed("Engineer")
    again = run(
        services,
        [
            ImportedDeal(
                2, title="Engineer", pipeline="Hiring", stage="Interview", external_id="x:1"
            ),
            ImportedDeal(3, title="Tester", stage="Qualified", external_id="x:2"),
        ],
        mode="upsert",
    )
    assert (again.created, again.updated) == (0, 1)
    assert placed("Engineer")[:2] == (hiring, stages_of(services, hiring)["Interview"])
    moves = sql(
        "SELECT from_stage_id, to_stage_id FROM stage_change WHERE lead_id ="
        " (SELECT id FROM lead WHERE title = 'Engineer') ORDER BY id"
    ).fetchall()
    assert moves[-1] == (
        stages_of(services, sales)["Qualified"],
        stages_of(services, hiring)["Interview"],
    )
    # a file that names no pipeline leaves a deal of another pipeline where it is
    assert placed("Tester")[:2] == (hiring, stages_of(services, hiring)["Applied"])

    ImportService(services.clock, services.actor_id).revert(again.batch_id)
    assert placed("Engineer") == before


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("Deal Name,Pipeline,Deal Stage,Amount", "Engineer,Hiring,Interview,100"),  # HubSpot
        ("Deal - Title,Deal - Pipeline,Deal - Stage,Deal - Value", "Engineer,Hiring,Interview,1"),
        ("Title,Pipeline,Stage,Value", "Engineer,Hiring,Interview,100"),  # a sheet of one's own
    ],
)
def test_a_file_s_pipeline_column_is_read(
    services: Services, hiring: int, tmp_path: Path, header: str, row: str
) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(f"{header}\r\n{row}\r\n", encoding="utf-8")
    table = read_table(path)
    preset = detect_preset(table.header)
    deals = [r for r in records(table, preset) if isinstance(r, ImportedDeal)]
    assert [d.pipeline for d in deals] == ["Hiring"]
    report = run(services, list(deals))
    assert report.created == 1
    assert placed("Engineer")[:2] == (hiring, stages_of(services, hiring)["Interview"])


def test_the_only_pipeline_a_file_names_is_taken_for_the_default_one_when_we_lack_it(
    services: Services, hiring: int
) -> None:
    """HubSpot's one pipeline, "Sales Pipeline", is our "Sales": its deals go there with no
    line about it in their notes. A file naming two pipelines we lack, or one we have, is not
    mapped."""
    sales = services.pipeline.ensure_default()
    service = ImportService(services.clock, services.actor_id)
    deals = [
        ImportedDeal(2, title="Roof", pipeline="Sales Pipeline", stage="Qualified"),
        ImportedDeal(3, title="Fence", pipeline="sales pipeline", stage="Qualified", notes="Hi"),
    ]
    assert service.deal_plan(deals).pipeline_map == {"Sales Pipeline": sales}
    two = [*deals, ImportedDeal(4, title="Gate", pipeline="Renewals")]
    assert service.deal_plan(two).pipeline_map == {}
    assert (
        service.deal_plan([ImportedDeal(2, title="Engineer", pipeline="Hiring")]).pipeline_map == {}
    )
    assert service.deal_plan([ImportedDeal(2, title="Bare")]).pipeline_map == {}

    report = run(services, list(deals), pipeline_map=service.deal_plan(deals).pipeline_map)
    assert report.notices == [
        "Pipeline “Sales Pipeline” is not in the app: 2 deals put in “Sales”, the only pipeline"
        " the file names."
    ]
    assert placed("Roof") == (sales, stages_of(services, sales)["Qualified"], "open", "")
    assert placed("Fence")[3] == "Hi"
    with pytest.raises(ValidationError):
        run(services, list(deals), pipeline_map={"Sales Pipeline": 999})
