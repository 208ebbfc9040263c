"""``crm-desktop duplicates``: the likely pairs listed, and ``--merge-by-email``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.opening import open_store
from tests.cli_run import Run, no_leaks, run  # noqa: F401  (no_leaks: a fixture)

pytestmark = pytest.mark.usefixtures("no_leaks")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Ann twice by e-mail, a couple sharing one address, Bob twice by phone."""
    root = tmp_path / "data"
    data = paths.resolve(root).ensure()
    open_store(data.database, data.backups)
    try:
        services = Services.create(FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
        for first, last, email, phone in (
            ("Ann", "Lee", "ann@example.com", ""),
            ("Annie", "Lee", "ANN@example.com", ""),
            ("Ann", "Smith", "smiths@home.example", ""),
            ("John", "Smith", "smiths@home.example", ""),
            ("Bob", "Stone", "", "+1 555 123 4567"),
            ("Robert", "Stone", "", "(555) 123-4567"),
        ):
            services.contacts.create(
                ContactFields(
                    first_name=first,
                    last_name=last,
                    emails=[("", email)] if email else [],
                    phones=[("", phone)] if phone else [],
                )
            )
    finally:
        db.close()
    return root


def duplicates(folder: Path, *argv: str) -> Run:
    return run("--data-dir", str(folder), "duplicates", *argv)


def test_the_pairs_are_listed_best_first(folder: Path) -> None:
    done = duplicates(folder)
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert lines[0] == "3 likely duplicate pairs (1 found by e-mail: --merge-by-email merges them):"
    assert "Ann Lee (#1)  ~  Annie Lee (#2): same email" in lines[1]
    assert len(lines) == 4
    assert duplicates(folder, "--limit", "1").out.splitlines()[-1] == (
        "… and 2 more (--limit 0 lists all)."
    )


def test_merge_by_email_merges_only_pairs_whose_names_agree(folder: Path) -> None:
    done = duplicates(folder, "--merge-by-email", "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert data["merged"] == [[1, 2]]
    assert data["left_for_review"] == 1  # the Smiths
    assert data["count"] == 2 and data["by_email"] == 0
    reasons = sorted(pair["reasons"][0] for pair in data["pairs"])
    assert reasons == ["same email", "same phone"]
    again = duplicates(folder, "--merge-by-email")
    assert again.out.splitlines()[0] == "Merged 0 pairs found by e-mail; 1 left for you to review."


def test_a_missing_database_and_a_bad_limit_are_refused(tmp_path: Path, folder: Path) -> None:
    missing = run("--data-dir", str(tmp_path / "none"), "duplicates")
    assert missing.code == 2 and "no CRM Desktop database" in missing.err
    bad = duplicates(folder, "--limit", "-1")
    assert bad.code == 2 and "--limit must be 0 or more" in bad.err


def test_past_merges_are_listed_and_one_taken_back(folder: Path) -> None:
    assert duplicates(folder, "--merges").out.strip() == "No merges yet."
    assert duplicates(folder, "--merge-by-email").code == 0
    listed = duplicates(folder, "--merges", "--json").json()
    assert [(m["id"], m["kept"]["name"], m["merged_in"]["name"]) for m in listed] == [
        (1, "Ann Lee", "Annie Lee")
    ]
    assert "Annie Lee into Ann Lee" in duplicates(folder, "--merges").out
    back = duplicates(folder, "--take-back", "1")
    assert back.code == 0 and back.out.startswith("Took back merge 1")
    assert "(taken back)" in duplicates(folder, "--merges").out
    again = duplicates(folder, "--take-back", "1")
    assert again.code == 2 and "already taken back" in again.err
    assert "Ann Lee (#1)  ~  Annie Lee (#2)" in duplicates(folder).out  # a pair again
