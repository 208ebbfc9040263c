"""``crm-desktop export`` as a user runs it: each format and layout, the contact filters, the
follow-up options, --json, and the commands that cannot run saying why (exit 2, no file)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crm_desktop import cli_export, paths
from crm_desktop.__main__ import main
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.services import Services
from crm_desktop.interchange import csv_writer, vcard_writer, xlsx_writer
from crm_desktop.interchange.opened import open_file
from crm_desktop.store import db
from crm_desktop.store.opening import open_store
from tests.cli_run import Run, no_leaks, run  # noqa: F401  (no_leaks: a fixture)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("no_leaks")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with five contacts (two tagged, one a customer) and three follow-ups."""
    root = tmp_path / "data"
    data = paths.resolve(root).ensure()
    open_store(data.database, data.backups)
    try:
        services = Services.create(FixedClock(NOW))
        acme = services.companies.create(CompanyFields(name="Acme, Ltd")).id
        ids = []
        for i in range(5):
            fields = ContactFields(
                first_name="Ann" if i else "Åsa",
                last_name=f"Lee{i}",
                company_id=acme if i % 2 else None,
                emails=[("work", f"ann{i}@example.com")],
                phones=[("mobile", f"+358 40 {i}")],
                tags=["vip"] if i < 2 else [],
                lifecycle="customer" if i == 3 else "lead",
                personal_notes="Line one\nline two, with a comma" if i == 0 else "",
            )
            ids.append(services.contacts.create(fields).id)
        for hours, title, contact in (
            (1, "Call Åsa", ids[0]),
            (2, "Plan", None),
            (3, "Mail", ids[1]),
        ):
            services.followups.create(
                ReminderFields(title=title, due_at=NOW + timedelta(hours=hours), contact_id=contact)
            )
        done = services.followups.create(
            ReminderFields(title="Old one", due_at=NOW - timedelta(days=1), contact_id=ids[0])
        ).id
        services.followups.complete(done)
    finally:
        db.close()
    return root


def export(folder: Path, *argv: str) -> Run:
    return run("--data-dir", str(folder), "export", *argv)


def test_the_choices_are_the_writers() -> None:
    assert cli_export.LAYOUTS == csv_writer.LAYOUTS
    assert set(xlsx_writer.LAYOUTS) < set(cli_export.LAYOUTS)
    assert cli_export.VCARD_VERSIONS == vcard_writer.VERSIONS


def test_an_excel_workbook_in_google_s_columns(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    result = export(folder, "--format", "xlsx", str(target), "--layout", "google", "--json")
    assert result.code == 0, result.err
    assert result.json()["rows"] == 5 and result.json()["layout"] == "google"
    opened = open_file(target)
    assert opened.source == "google" and len(opened.preview) == 5
    assert opened.preview[0][:3] == ["Åsa", "", "Lee0"]


def test_vcard_by_default_3_0(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.vcf"
    result = export(folder, "--format", "vcard", str(target))
    assert result.code == 0, result.err
    assert result.out.startswith(f"Exported 5 contacts to {target} (vCard, version 3.0) in ")
    text = target.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD\r\nVERSION:3.0\r\n") == 5
    assert "NOTE:Line one\\nline two\\, with a comma\r\n" in text


def test_vcard_4_as_json(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.vcf"
    result = export(folder, "--format", "vcard", str(target), "--vcard-version", "4.0", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["format"] == "vcard" and data["version"] == "4.0"
    assert (data["path"], data["rows"]) == (str(target), 5)
    assert data["bytes"] == target.stat().st_size
    assert target.read_bytes().decode().count("VERSION:4.0\r\n") == 5


@pytest.mark.parametrize(
    ("layout", "start"),
    [
        ("google", "First Name,Middle Name,Last Name,"),
        ("outlook", "Title,First Name,Middle Name,Last Name,Suffix,Company,"),
    ],
)
def test_csv_layouts(folder: Path, tmp_path: Path, layout: str, start: str) -> None:
    target = tmp_path / f"{layout}.csv"
    result = export(folder, "--format", "csv", str(target), "--layout", layout)
    assert result.code == 0, result.err
    assert f"(CSV, layout {layout})" in result.out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + start.encode())
    assert data.count(b"\r\n") == 6  # the header and five rows; the notes' break is a bare LF
    assert "Åsa".encode() in data


def test_csv_ours_by_default(folder: Path, tmp_path: Path) -> None:
    presets = pytest.importorskip("crm_desktop.interchange.presets")
    target = tmp_path / "ours.csv"
    result = export(folder, "--format", "csv", str(target))
    assert result.code == 0, result.err
    first = target.read_bytes().decode("utf-8-sig").split("\r\n")[0]
    assert first == ",".join(presets.OUR_CONTACT_COLUMNS)


@pytest.mark.parametrize(
    ("filters", "count"),
    [
        (["--tag", "VIP"], 2),
        (["--lifecycle", "customer"], 1),
        (["--search", "acme"], 2),
        (["--search", "nobody-at-all"], 0),
    ],
)
def test_contact_filters(folder: Path, tmp_path: Path, filters: list[str], count: int) -> None:
    target = tmp_path / "some.vcf"
    result = export(folder, "--format", "vcard", str(target), *filters, "--json")
    assert result.code == 0, result.err
    assert result.json()["rows"] == count
    assert target.read_bytes().decode().count("BEGIN:VCARD") == count


def test_follow_ups(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "f.ics"
    result = export(folder, "--format", "ics", str(target))
    assert result.code == 0, result.err
    assert result.out.startswith(f"Exported 3 follow-ups to {target} (iCalendar, style todo)")
    text = target.read_bytes().decode()
    assert text.count("BEGIN:VTODO") == 3 and "SUMMARY:Call Åsa\r\n" in text
    result = export(folder, "--format", "ics", str(target), "--events", "--all-followups")
    assert result.code == 0, result.err
    text = target.read_bytes().decode()
    assert text.count("BEGIN:VEVENT") == 4 and "SUMMARY:Done: Old one\r\n" in text
    result = export(folder, "--format", "ics", str(target), "--contact", "1", "--json")
    assert result.json()["rows"] == 1


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--format", "vcard", "X", "--lifecycle", "customer"], "Exported 1 contact to"),
        (["--format", "ics", "X", "--contact", "1"], "Exported 1 follow-up to"),
        (["--format", "csv", "X", "--search", "nobody-at-all"], "Exported 0 contacts to"),
    ],
)
def test_one_is_one_contact(folder: Path, tmp_path: Path, argv: list[str], said: str) -> None:
    target = tmp_path / "out"
    result = export(folder, *[str(target) if a == "X" else a for a in argv])
    assert result.code == 0, result.err
    assert result.out.startswith(f"{said} {target} ")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "vcard", "X", "--layout", "google"], "--layout goes with --format csv or"),
        (["--format", "xlsx", "X", "--layout", "excel"], "--layout excel is for CSV"),
        (["--format", "csv", "X", "--vcard-version", "4.0"], "--vcard-version goes with"),
        (["--format", "csv", "X", "--events"], "--events goes with --format ics."),
        (["--format", "ics", "X", "--tag", "vip"], "--search, --tag and --lifecycle go with"),
        (["--format", "ics", "X", "--contact", "99"], "There is no contact with id 99."),
    ],
)
def test_options_that_do_not_fit(
    folder: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    argv = [str(tmp_path / "out") if a == "X" else a for a in argv]
    result = export(folder, *argv)
    assert result.code == 2
    assert result.err.startswith("crm-desktop export: ") and message in result.err
    assert not (tmp_path / "out").exists()


def test_a_place_that_cannot_be_written(folder: Path) -> None:
    result = export(folder, "--format", "vcard", "/sys/contacts.vcf")
    assert result.code == 2
    assert result.err == (
        "crm-desktop export: /sys is not writable (no permission, or a read-only disk): "
        "choose another place for contacts.vcf.\n"
    )


def test_no_database(tmp_path: Path) -> None:
    result = export(tmp_path / "empty", "--format", "vcard", str(tmp_path / "x.vcf"))
    assert result.code == 2
    assert "There is no CRM Desktop database" in result.err
    assert not (tmp_path / "x.vcf").exists()


def test_format_is_required(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(folder), "export", str(tmp_path / "x")])
    assert stopped.value.code == 2
    assert "--format" in capsys.readouterr().err
