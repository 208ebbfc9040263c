"""``crm-desktop import FILE --kind contact|company|deal|activity``: what the rows of a file
with guessed columns are, when the guess from its header is wrong; refused for a file a known
program wrote, whose rows are what that program made them."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.cli_import import KINDS
from crm_desktop.interchange.targets import KINDS as TARGET_KINDS
from tests.cli_run import no_leaks, run  # noqa: F401  (no_leaks: a fixture)

pytestmark = pytest.mark.usefixtures("no_leaks")

# SuiteCRM's accounts export, a few of its columns: companies, as the header suggests.
ACCOUNTS = (
    '"ID","Name","Industry","Billing Street","Billing City","Website","Employees"\n'
    '"a1","Acme Corp","Manufacturing","1 Main St","Boston","www.acme.example","1200"\n'
    '"a2","Nordic Trade AB","Retail","Drottninggatan 5","Stockholm","nordic.example","40"\n'
)
# A list of shops: nothing in its header says they are not people.
SHOPS = "Name,Phone,Website\nCorner Bakery,+44 20 7946 0000,bakery.example\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def stats(data: str) -> dict[str, int]:
    counts: dict[str, int] = run("stats", "--data-dir", data, "--json").json()
    return counts


def test_a_guessed_kind_is_said_and_can_be_overruled(tmp_path: Path) -> None:
    file, data = write(tmp_path, "accounts.csv", ACCOUNTS), str(tmp_path / "a")
    guessed = run("import", str(file), "--data-dir", data)
    assert guessed.code == 0, guessed.err
    assert "Each row was read as a company, as its columns suggest" in guessed.out
    assert (stats(data)["companies"], stats(data)["contacts"]) == (2, 0)

    other = str(tmp_path / "b")
    forced = run("import", str(file), "--data-dir", other, "--kind", "contact", "--json")
    assert forced.code == 0, forced.err
    assert (forced.json()["source"], forced.json()["kind"]) == ("generic", "contact")
    assert (stats(other)["companies"], stats(other)["contacts"]) == (0, 2)


def test_a_file_guessed_as_people_can_be_read_as_companies(tmp_path: Path) -> None:
    file, data = write(tmp_path, "shops.csv", SHOPS), str(tmp_path / "data")
    guessed = run("import", str(file), "--data-dir", data, "--json")
    assert guessed.json()["kind"] == "contact"
    run("import", "--undo", str(guessed.json()["batch_id"]), "--data-dir", data)

    result = run("import", str(file), "--data-dir", data, "--kind", "company", "--json")
    assert result.code == 0, result.err
    assert (result.json()["kind"], result.json()["created"]) == ("company", 1)
    assert (stats(data)["companies"], stats(data)["contacts"]) == (1, 0)
    again = run("import", str(file), "--data-dir", data, "--kind", "company")
    assert "Each row was read" not in again.out  # said by the user: no guess to explain


def test_a_kind_is_refused_for_a_known_exports_file(tmp_path: Path) -> None:
    google = write(
        tmp_path,
        "google.csv",
        "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\nAnn,Lee,Work,ann@acme.example\n",
    )
    data = str(tmp_path / "data")
    for extra in ([], ["--preset", "google"]):
        result = run("import", str(google), "--data-dir", data, "--kind", "company", *extra)
        assert result.code == 2
        assert "--kind company does not go with this file, read as Google Contacts" in result.err
        assert "its rows are people" in result.err
    same = run("import", str(google), "--data-dir", data, "--kind", "contact", "--json")
    assert same.code == 0 and same.json()["source"] == "google"
    card = write(tmp_path, "ann.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:VCARD\r\n")
    refused = run("import", str(card), "--data-dir", data, "--kind", "deal")
    assert refused.code == 2 and "A vCard file holds people, not --kind deal." in refused.err
    assert stats(data)["companies"] == 0


def test_a_file_whose_rows_are_no_people_says_so_when_read_as_people(tmp_path: Path) -> None:
    deals = write(
        tmp_path,
        "opportunities.csv",
        '"Opportunity Name","Amount","Sales Stage","Account Name"\n'
        '"Acme - 500 units","75000","Negotiation/Review","Acme Corp"\n',
    )
    data = str(tmp_path / "data")
    result = run("import", str(deals), "--data-dir", data, "--kind", "contact", "--json")
    assert result.code == 1
    assert result.json()["rejected"] == [{"line": 2, "reason": "no name, e-mail or phone"}]
    assert result.json()["notices"] == [
        "No row has a person's name, e-mail or phone. If the rows are companies, deals or"
        " activities, import the file again as those."
    ]
    guessed = run("import", str(deals), "--data-dir", data, "--json").json()
    assert (guessed["kind"], guessed["created"], guessed["notices"]) == ("deal", 1, [])


def test_the_kinds_offered_are_the_importers() -> None:
    assert KINDS == TARGET_KINDS
