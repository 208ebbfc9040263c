"""``crm-desktop export --deals``: the pipeline's deals to CSV or a workbook, one pipeline or
all, imported again without duplicates; and the options that do not go with deals, refused."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.services import Services
from crm_desktop.interchange.preset_tables import OUR_DEAL_COLUMNS
from crm_desktop.store import db
from crm_desktop.store.opening import open_store
from tests.cli_run import Run, no_leaks, run  # noqa: F401  (no_leaks: a fixture)
from tests.deal_data import make_deals
from tests.test_cli_export import NOW

pytestmark = pytest.mark.usefixtures("no_leaks")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with the deals of ``tests.deal_data``: five living in Sales, one in
    Hiring."""
    root = tmp_path / "data"
    data = paths.resolve(root).ensure()
    open_store(data.database, data.backups)
    try:
        make_deals(Services.create(FixedClock(NOW)))
    finally:
        db.close()
    return root


def export(folder: Path, *argv: str) -> Run:
    return run("--data-dir", str(folder), "export", *argv)


def csv_lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8-sig").split("\r\n")


def test_all_deals_to_csv(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "deals.csv"
    result = export(folder, "--format", "csv", str(target), "--deals")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Exported 6 deals to {target} (CSV, layout ours) in ")
    lines = csv_lines(target)
    assert lines[0] == ",".join(OUR_DEAL_COLUMNS)
    assert sum(",Hiring," in line for line in lines) == 1


def test_one_pipeline_s_deals_to_a_workbook(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "hiring.xlsx"
    result = export(folder, "--format", "xlsx", str(target), "--deals", "--pipeline", "hiring")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Exported 1 deal to {target} (Excel workbook, layout ours)")
    sheet = openpyxl.load_workbook(target)["Deals"]
    assert sheet["A2"].value == "New engineer" and sheet.max_row == 2


def test_semicolons_and_json(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "deals.csv"
    argv = ["--format", "csv", str(target), "--deals", "--layout", "excel", "--json"]
    result = export(folder, *argv, "--pipeline", "Sales")
    assert result.code == 0, result.err
    assert result.json()["rows"] == 5 and result.json()["layout"] == "excel"
    assert csv_lines(target)[0] == ";".join(OUR_DEAL_COLUMNS)


def test_imported_again_it_updates_rather_than_duplicates(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "deals.csv"
    assert export(folder, "--format", "csv", str(target), "--deals").code == 0
    fresh = tmp_path / "fresh"
    first = run("--data-dir", str(fresh), "import", str(target), "--json")
    assert first.code == 0, first.err
    assert first.json()["created"] == 6
    again = run("--data-dir", str(fresh), "import", str(target), "--mode", "upsert", "--json")
    assert again.code == 0, again.err
    assert again.json()["created"] == 0
    recount = tmp_path / "recount.csv"
    assert export(fresh, "--format", "csv", str(recount), "--deals").code == 0
    assert len(csv_lines(recount)) - 2 == 6  # the header, six deals, the last line's end


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "vcard", "X", "--deals"], "--deals goes with --format csv or xlsx."),
        (["--format", "ics", "X", "--deals"], "--deals goes with --format csv or xlsx."),
        (["--format", "csv", "X", "--deals", "--layout", "google"],
         "--layout google is for contacts: deals have our layout (ours)."),
        (["--format", "xlsx", "X", "--deals", "--layout", "excel"], "--layout excel is for CSV"),
        (["--format", "csv", "X", "--deals", "--tag", "vip"],
         "--search, --tag and --lifecycle go with contacts, not --deals."),
        (["--format", "csv", "X", "--pipeline", "Sales"], "--pipeline goes with --deals."),
        (["--format", "csv", "X", "--deals", "--pipeline", "Nope"],
         "There is no pipeline called “Nope”; there are: Sales, Hiring."),
    ],
)  # fmt: skip
def test_options_that_do_not_fit_deals(
    folder: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    target = tmp_path / "out"
    result = export(folder, *[str(target) if a == "X" else a for a in argv])
    assert result.code == 2 and message in result.err, result.err
    assert not target.exists()
