"""The headless commands as a user runs them: exit codes, what is printed where, and that a
command which cannot run says why and leaves the files as they were."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.backup import verify
from crm_desktop.store.lock import DataFolderLock
from crm_desktop.store.opening import open_store
from tests.cli_run import Run, no_leaks, run  # noqa: F401  (no_leaks: a fixture)

DEMO_CONTACTS = 50
REPO = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("no_leaks")


def run_entry_point(*argv: str, env: dict[str, str] | None = None) -> Run:
    """``python -m crm_desktop ARGV`` in a process of its own: the real entry point."""
    done = subprocess.run(
        [sys.executable, "-m", "crm_desktop", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def demo_made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """One demo data folder for the module (read-only commands share it; writers copy it)."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    logger = logging.getLogger("crm_desktop")
    handlers, hook = list(logger.handlers), sys.excepthook
    try:
        result = run("demo", "--data-dir", str(folder), "--contacts", str(DEMO_CONTACTS), "--json")
    finally:
        sys.excepthook = hook
        for handler in list(logger.handlers):
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
    assert result.code == 0, result.err
    return folder, result.json()


@pytest.fixture
def demo_copy(demo_made: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(demo_made[0], folder)
    return folder


def make_folder(root: Path, contacts: int = 3) -> Path:
    """A small data folder written through the services (no demo needed)."""
    data = paths.resolve(root).ensure()
    open_store(data.database, data.backups)
    try:
        services = Services.create(FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
        acme = services.companies.create(CompanyFields(name="Acme Ltd")).id
        for i in range(contacts):
            services.contacts.create(
                ContactFields(first_name="Ann", last_name=f"Lee{i}", company_id=acme)
            )
    finally:
        db.close()
    return root


def wreck_schema_page(database: Path) -> bytes:
    raw = bytearray(database.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # the schema page; the SQLite header survives
    database.write_bytes(bytes(raw))
    return bytes(raw)


# -- demo, stats, search, due -----------------------------------------------------------------


def test_demo_then_stats_agree(demo_made: tuple[Path, dict[str, Any]]) -> None:
    folder, report = demo_made
    assert report["contacts"] == DEMO_CONTACTS
    stats = run("stats", "--data-dir", str(folder), "--json")
    assert stats.code == 0, stats.err
    counts = stats.json()
    assert counts["contacts"] + counts["contacts_in_trash"] == report["contacts"]
    assert counts["companies"] == report["companies"]
    assert counts["interactions"] == report["interactions"]
    assert counts["leads_open"] + counts["leads_won"] + counts["leads_lost"] == report["leads"]
    assert 0 < counts["reminders_open"] <= report["reminders"]
    assert counts["staff"] >= 1
    assert (folder / paths.DATABASE_NAME).exists()


def test_demo_prints_a_summary_without_json(tmp_path: Path) -> None:
    result = run("demo", "--data-dir", str(tmp_path / "d"), "--contacts", "5")
    assert result.code == 0, result.err
    assert "Added 5 contacts" in result.out
    assert str(tmp_path / "d" / paths.DATABASE_NAME) in result.out


def test_demo_refuses_zero_contacts(tmp_path: Path) -> None:
    result = run("demo", "--data-dir", str(tmp_path / "d"), "--contacts", "0")
    assert result.code == 2
    assert "--contacts must be at least 1" in result.err
    assert not (tmp_path / "d" / paths.DATABASE_NAME).exists()


def test_stats_in_text(demo_made: tuple[Path, dict[str, Any]]) -> None:
    result = run("stats", "--data-dir", str(demo_made[0]))
    assert result.code == 0
    assert "contacts in trash" in result.out
    assert str(demo_made[1]["companies"]) in result.out


def first_contact(folder: Path) -> str:
    con = sqlite3.connect(f"file:{folder / paths.DATABASE_NAME}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT display_name FROM contact WHERE deleted_at IS NULL ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    return str(row[0])


def test_search_finds_a_demo_contact(demo_made: tuple[Path, dict[str, Any]]) -> None:
    folder = demo_made[0]
    name = first_contact(folder)
    result = run("search", "--data-dir", str(folder), "--json", *name.split())
    assert result.code == 0, result.err
    hits = result.json()
    assert {"kind": "contact", "title": name} in [
        {"kind": h["kind"], "title": h["title"]} for h in hits
    ]
    assert hits[0]["kind"] == "contact"
    text = run("search", "--data-dir", str(folder), name)
    assert name in text.out
    none = run("search", "--data-dir", str(folder), "zzqxnotaname")
    assert (none.code, none.out.strip()) == (0, "No matches.")


def test_search_with_fts_syntax_does_not_fail(demo_made: tuple[Path, dict[str, Any]]) -> None:
    typed = ['"a* OR (b', "NEAR", "x-c:", "^d"]
    result = run("search", "--data-dir", str(demo_made[0]), "--json", *typed)
    assert result.code == 0, result.err
    assert isinstance(result.json(), list)


def test_due_lists_overdue_and_today(demo_made: tuple[Path, dict[str, Any]]) -> None:
    result = run("due", "--data-dir", str(demo_made[0]), "--json")
    assert result.code == 0, result.err
    due = result.json()
    assert set(due) == {"overdue", "today"}
    now = datetime.now(UTC)
    for item in due["overdue"]:
        assert {"id", "title", "due", "contact_id", "lead_id"} <= set(item)
        assert datetime.fromisoformat(item["due"]) < now
    text = run("due", "--data-dir", str(demo_made[0]))
    assert text.out.startswith(f"Overdue ({len(due['overdue'])}):")
    assert f"Today ({len(due['today'])}):" in text.out


# -- check -------------------------------------------------------------------------------------


def test_check_a_good_database(demo_made: tuple[Path, dict[str, Any]]) -> None:
    result = run("check", "--data-dir", str(demo_made[0]), "--json")
    assert result.code == 0, result.err
    assert result.json() == {
        "database": str(demo_made[0] / paths.DATABASE_NAME),
        "problems": [],
    }
    assert "no problems found" in run("check", "--data-dir", str(demo_made[0])).out


def test_check_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    database = tmp_path / "d" / paths.DATABASE_NAME
    database.parent.mkdir()
    database.write_text("name,email\nAnn,ann@example.com\n")
    before = database.read_bytes()
    result = run("check", "--data-dir", str(database.parent))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("crm-desktop check: ")
    assert "not an SQLite file" in result.err
    assert "Traceback" not in result.err
    assert database.read_bytes() == before


def test_check_a_damaged_database(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d")
    database = folder / paths.DATABASE_NAME
    before = wreck_schema_page(database)
    result = run("check", "--data-dir", str(folder))
    assert result.code == 2
    assert "damaged" in result.err
    assert "Traceback" not in result.err
    assert database.read_bytes() == before
    wal = Path(f"{database}-wal")  # SQLite may leave an empty one: nothing to replay into it
    assert not wal.exists() or wal.stat().st_size == 0


def test_check_reports_a_broken_foreign_key(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d")
    con = sqlite3.connect(folder / paths.DATABASE_NAME)
    try:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("UPDATE contact SET company_id = 9999 WHERE id = 1")
        con.commit()
    finally:
        con.close()
    result = run("check", "--data-dir", str(folder), "--json")
    assert result.code == 1
    assert result.json()["problems"] == ["contact row 1 points to a missing company row"]
    text = run("check", "--data-dir", str(folder))
    assert text.code == 1
    assert "1 problem(s)" in text.out and "contact row 1" in text.out


def test_check_without_a_database(tmp_path: Path) -> None:
    result = run("check", "--data-dir", str(tmp_path / "empty"))
    assert result.code == 2
    assert "There is no database" in result.err


# -- backup ------------------------------------------------------------------------------------


def test_backup_writes_a_verified_copy(demo_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "crm-copy.sqlite3"
    result = run("backup", str(target), "--data-dir", str(demo_copy), "--json")
    assert result.code == 0, result.err
    assert result.json() == {"backup": str(target)}
    verify(target)
    con = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == DEMO_CONTACTS
    finally:
        con.close()


def test_backup_into_a_folder_and_by_default(demo_copy: Path, tmp_path: Path) -> None:
    into = tmp_path / "into"
    into.mkdir()
    result = run("backup", str(into), "--data-dir", str(demo_copy))
    assert result.code == 0, result.err
    [written] = into.glob("crm-*.sqlite3")
    assert str(written) in result.out
    verify(written)
    default = run("backup", "--data-dir", str(demo_copy), "--json")
    assert default.code == 0, default.err
    path = Path(default.json()["backup"])
    assert path.parent == demo_copy / "backups" and path.name.startswith("manual-")
    verify(path)


def test_backup_refuses_to_overwrite_the_database(demo_copy: Path) -> None:
    database = demo_copy / paths.DATABASE_NAME
    before = database.read_bytes()
    result = run("backup", str(database), "--data-dir", str(demo_copy))
    assert result.code == 2
    assert "cannot overwrite the database" in result.err
    assert database.read_bytes() == before


# -- folders, locks, the environment ------------------------------------------------------------


@pytest.mark.parametrize("command", ["stats", "search", "due", "backup"])
def test_a_folder_without_a_database(tmp_path: Path, command: str) -> None:
    argv = [command, "--data-dir", str(tmp_path / "empty")]
    if command == "search":
        argv.append("ann")
    result = run(*argv)
    assert result.code == 2
    assert "no" in result.err.lower() and "database" in result.err
    assert str(tmp_path / "empty") in result.err
    assert not (tmp_path / "empty" / paths.DATABASE_NAME).exists()


def test_stats_on_an_empty_folder_says_there_is_no_database(tmp_path: Path) -> None:
    result = run("stats", "--data-dir", str(tmp_path / "empty"))
    assert result.code == 2
    assert f"There is no CRM Desktop database in {tmp_path / 'empty'}" in result.err
    assert "crm-desktop demo" in result.err


def test_demo_while_the_folder_is_in_use(tmp_path: Path) -> None:
    data = paths.resolve(tmp_path / "d").ensure()
    with DataFolderLock(data.lock_file):
        result = run("demo", "--data-dir", str(data.root), "--contacts", "5")
    assert result.code == 2
    assert "already using" in result.err and str(data.root) in result.err
    assert f"process {os.getpid()}" in result.err
    assert not data.database.exists()
    # Once the other user lets go, the same command works.
    assert run("demo", "--data-dir", str(data.root), "--contacts", "5").code == 0


def test_the_environment_variable_picks_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_folder(tmp_path / "from-env", contacts=4)
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(folder))
    result = run("stats", "--json")
    assert result.code == 0, result.err
    assert result.json()["contacts"] == 4
    # --data-dir still wins over the environment.
    other = make_folder(tmp_path / "explicit", contacts=2)
    assert run("stats", "--json", "--data-dir", str(other)).json()["contacts"] == 2


@pytest.mark.parametrize("where", ["before", "after"])
def test_data_dir_before_or_after_the_command(tmp_path: Path, where: str) -> None:
    folder = make_folder(tmp_path / "d", contacts=3)
    option = ["--data-dir", str(folder)]
    argv = [*option, "stats", "--json"] if where == "before" else ["stats", *option, "--json"]
    result = run(*argv)
    assert result.code == 0, result.err
    assert result.json()["contacts"] == 3


# -- the real entry point --------------------------------------------------------------------


def test_the_entry_point(demo_made: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    folder, report = demo_made
    stats = run_entry_point("--data-dir", str(folder), "stats", "--json")
    assert stats.code == 0, stats.err
    counts = json.loads(stats.out)
    assert counts["contacts"] + counts["contacts_in_trash"] == report["contacts"]

    name = first_contact(folder)
    found = run_entry_point("search", name, "--json", env={paths.ENV_DATA_DIR: str(folder)})
    assert found.code == 0, found.err
    assert name in [hit["title"] for hit in json.loads(found.out)]

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / paths.DATABASE_NAME).write_text("not a database")
    checked = run_entry_point("check", "--data-dir", str(bad))
    assert checked.code == 2
    assert "not an SQLite file" in checked.err and "Traceback" not in checked.err
    assert (bad / paths.DATABASE_NAME).read_text() == "not a database"


@pytest.mark.parametrize("command", ["stats", "duplicates"])
def test_output_to_a_reader_that_has_gone(
    demo_made: tuple[Path, dict[str, Any]], command: str
) -> None:
    # As `crm-desktop duplicates | head -1`: head has quit before the rest is written.
    child = subprocess.Popen(
        [sys.executable, "-m", "crm_desktop", "--data-dir", str(demo_made[0]), command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # gone before the child has written a thing
    with child.stderr:
        err = child.stderr.read().decode()
    assert child.wait(60) == 1
    assert err == ""  # no traceback, nor Python's "Exception ignored" at exit


@pytest.mark.parametrize(
    ("command", "damage"),
    [
        *[(c, d) for c in ("demo", "stats", "search", "due") for d in ("not sqlite", "damaged")],
        ("backup", "not sqlite"),
        ("backup", "damaged"),
    ],
)
def test_every_command_refuses_a_bad_file_and_leaves_it_alone(
    tmp_path: Path, command: str, damage: str
) -> None:
    folder = tmp_path / "d"
    database = folder / paths.DATABASE_NAME
    if damage == "not sqlite":
        folder.mkdir()
        database.write_text("name,email\nAnn,ann@example.com\n")
        before = database.read_bytes()
    else:
        before = wreck_schema_page(make_folder(folder) / paths.DATABASE_NAME)
    argv = [command, "--data-dir", str(folder)]
    argv += {"demo": ["--contacts", "3"], "search": ["ann"]}.get(command, [])
    result = run(*argv)
    assert result.code == 2
    assert result.err.startswith(f"crm-desktop {command}: ")
    assert str(database) in result.err
    assert "Traceback" not in result.err
    assert database.read_bytes() == before
    assert not list((folder / "backups").glob("*.sqlite3"))


def test_a_data_dir_that_is_a_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("hello")
    result = run("stats", "--data-dir", str(not_a_folder))
    assert result.code == 2
    assert "Cannot create the folder" in result.err and str(not_a_folder) in result.err
    assert not_a_folder.read_text() == "hello"


def test_search_for_an_underscore_name(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d")
    result = run("search", "--data-dir", str(folder), "ann_lee0")
    assert result.code == 0


def test_a_command_on_an_older_database_says_it_updates_it_first(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    fixture = Path(__file__).resolve().parent / "fixtures" / "schema_v4.sqlite3"
    shutil.copyfile(fixture, folder / "crm.sqlite3")
    done = run("--data-dir", str(folder), "stats", "--json")
    assert done.code == 0, done.err
    assert "for this version of CRM Desktop; a verified copy goes to" in done.err
    assert done.json()["contacts"] > 0  # stdout holds the JSON alone
    assert [p.name[:17] for p in (folder / "backups").iterdir()] == ["pre-migration-v4-"]
    again = run("--data-dir", str(folder), "stats", "--json")
    assert again.code == 0 and again.err == ""  # up to date now: nothing to say
