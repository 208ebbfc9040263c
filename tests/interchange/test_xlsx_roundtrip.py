"""A round trip through a workbook: the varied contacts of the vCard round trip exported to
.xlsx in our layout, then imported into an empty database, lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactDetail
from crm_desktop.domain.exports import ExportScope, ExportService
from crm_desktop.domain.importing import ImportOptions, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import detect_preset, read_table, records, xlsx_writer
from tests.interchange.test_vcard_roundtrip import (  # noqa: F401  (fixtures)
    OUR_OWN_FIELDS,
    VCARD_FIELDS,
    Exported,
    empty_database,
    exported,
    owner_name,
)


@pytest.fixture
def workbook(exported: Exported, services: Services, tmp_path: Path) -> Path:  # noqa: F811
    """The exported contacts as a workbook in our layout (written before the database
    changes)."""
    path = tmp_path / "contacts.xlsx"
    scope = ExportScope("selected", ids=tuple(c.id for c in exported.contacts))
    xlsx_writer.write_xlsx(path, ExportService(services.clock).contacts(scope))
    return path


def imported(path: Path, clock: FixedClock) -> dict[str, ContactDetail]:
    services = Services.create(clock)
    table = read_table(path)
    preset = detect_preset(table.header)
    assert preset.key == "crm_desktop"
    report = ImportService(services.clock, services.actor_id).run(
        records(table, preset), file_name=path.name, source=preset.key, options=ImportOptions()
    )
    assert report.rejected == [] and report.warnings == []
    ids = [row.id for row in services.contacts.page(limit=100)]
    return {d.display_name: d for d in (services.contacts.get(i) for i in ids)}


def test_a_workbook_round_trip_through_an_empty_database_loses_nothing(
    workbook: Path,
    exported: Exported,  # noqa: F811  (the fixture)
    empty_database: paths.DataPaths,  # noqa: F811  (the fixture)
    clock: FixedClock,
) -> None:
    after = imported(workbook, clock)
    assert sorted(after) == sorted(exported.details)
    for name, before in exported.details.items():
        for attribute in (*VCARD_FIELDS, *OUR_OWN_FIELDS, "lifecycle", "source"):
            assert getattr(after[name], attribute) == getattr(before, attribute), (name, attribute)
        owner = next(c.owner for c in exported.contacts if c.display_name == name)
        assert owner_name(after[name]) == owner, name
