"""``crm-desktop import`` as a user runs it: a Google CSV, a vCard and a deals export in; the
report as text and JSON; the list of imports; undo; and files that cannot be imported."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from tests.cli_run import Run, no_leaks, run  # noqa: F401  (no_leaks: a fixture)

GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Birthday", "Notes", "Labels",
    "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value",
    "Organization Name", "Organization Title",
]  # fmt: skip
GOOGLE_ROWS = [
    ["Ann", "", "Lee", "1990-04-01", "Likes tea", "* myContacts ::: VIP", "* Work",
     "ann@example.com", "Mobile", "+44 20 7946 0018", "Acme Ltd", "Buyer"],
    ["Bo", "", "Chan", "", "", "* myContacts", "", "bo@chan.example", "", "", "", ""],
    ["", "", "", "", "Cy Dee", "", "", "cy(at)dee.example", "", "", "", ""],
    ["Ann", "", "Lee", "", "", "", "Home", "ANN@example.com", "", "+1 555 0100", "", ""],
]  # fmt: skip


pytestmark = pytest.mark.usefixtures("no_leaks")


def google_csv(folder: Path) -> Path:
    path = folder / "google.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GOOGLE_HEADER)
        writer.writerows(GOOGLE_ROWS)
    return path


def test_import_a_google_csv_then_again_then_undo(tmp_path: Path) -> None:
    data, file = str(tmp_path / "data"), google_csv(tmp_path)
    first = run("import", str(file), "--data-dir", data, "--json")
    assert first.code == 1, first.err  # imported, with a rejected row
    report = first.json()
    assert (report["source"], report["created"], report["merged_in_file"]) == ("google", 2, 1)
    assert report["rejected"] == [
        {
            "line": 4,
            "reason": "“cy(at)dee.example” is not an email address (expected name@example.com)."
            " That leaves no name, e-mail or phone.",
        }
    ]
    assert report["new_rows"] == {"tag": 1, "company": 1, "contact": 2}
    stats = run("stats", "--data-dir", data, "--json").json()
    assert stats["contacts"] == 2
    found = run("search", "Ann", "--data-dir", data, "--json").json()
    assert [h["title"] for h in found if h["kind"] == "contact"] == ["Ann Lee"]

    again = run("import", str(file), "--data-dir", data, "--mode", "upsert", "--json").json()
    assert (again["created"], again["updated"], again["skipped"]) == (0, 0, 2)
    assert run("stats", "--data-dir", data, "--json").json()["contacts"] == 2

    listed = run("import", "--list", "--data-dir", data, "--json").json()
    assert [(b["id"], b["created"], b["status"]) for b in listed] == [
        (2, 0, "done"),
        (1, 2, "done"),
    ]
    undone = run("import", "--undo", "1", "--data-dir", data, "--json")
    assert undone.code == 0 and undone.json()["removed"]["contact"] == 2
    assert run("stats", "--data-dir", data, "--json").json()["contacts"] == 0
    twice = run("import", "--undo", "1", "--data-dir", data)
    assert twice.code == 2 and "already undone" in twice.err and "Traceback" not in twice.err
    text = run("import", "--list", "--data-dir", data).out
    assert "undone" in text and "google.csv" in text


def test_the_text_report_names_rejected_rows(tmp_path: Path) -> None:
    result = run("import", str(google_csv(tmp_path)), "--data-dir", str(tmp_path / "d"))
    assert result.code == 1
    assert "Imported google.csv (Google Contacts CSV) as import 1: 2 created" in result.out
    assert "Rejected:\n  line 4:" in result.out
    assert "crm-desktop import --undo 1" in result.out


def test_the_rejected_rows_fixed_and_imported_again(tmp_path: Path) -> None:
    data, fix = str(tmp_path / "d"), tmp_path / "fix.csv"
    first = run("import", str(google_csv(tmp_path)), "--data-dir", data, "--rejected", str(fix))
    assert first.code == 1 and f"The rejected rows are in {fix}" in first.out
    text = fix.read_bytes().decode("utf-8-sig")
    text = text.replace("cy(at)dee.example", "cy@dee.example")  # the fix
    fix.write_bytes(text.encode("utf-8-sig"))
    again = run("import", str(fix), "--data-dir", data, "--json")
    assert again.code == 0, again.out
    report = again.json()
    assert (report["source"], report["created"], report["rejected"]) == ("google", 1, [])
    found = run("search", "Cy Dee", "--data-dir", data, "--json").json()  # in the notes
    assert [h["title"] for h in found if h["kind"] == "contact"] == ["cy@dee.example"]
    exported = run("export", "--format", "csv", str(tmp_path / "all.csv"), "--data-dir", data)
    assert exported.code == 0  # and the reason went into nobody's notes:
    assert "Why it was not imported" not in (tmp_path / "all.csv").read_text(encoding="utf-8-sig")


def test_rejected_rows_that_cannot_be_saved_leave_the_import_done(tmp_path: Path) -> None:
    where = tmp_path / "no such folder" / "fix.csv"
    result = run(
        "import", str(google_csv(tmp_path)), "--data-dir", str(tmp_path / "d"), "--rejected",
        str(where),
    )  # fmt: skip
    assert result.code == 1  # as any import with a rejected row
    assert "2 created" in result.out and "The rejected rows were not saved" in result.out


def test_update_mode_touches_only_existing_contacts(tmp_path: Path) -> None:
    data, file = str(tmp_path / "data"), google_csv(tmp_path)
    result = run("import", str(file), "--data-dir", data, "--mode", "update", "--json")
    assert result.json()["created"] == 0
    assert run("stats", "--data-dir", data, "--json").json()["contacts"] == 0


def test_import_a_vcard_file(tmp_path: Path) -> None:
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Fox\r\nN:Fox;Dana;;;\r\nORG:Fox & Co\r\n"
        "EMAIL;TYPE=work:dana@fox.example\r\nTEL;TYPE=cell:+49 30 1234567\r\n"
        "CATEGORIES:Friends\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = run("import", str(card), "--data-dir", str(tmp_path / "data"), "--json")
    assert result.code == 0, result.err
    assert (result.json()["source"], result.json()["created"]) == ("vcard", 1)
    hits = run("search", "Dana", "--data-dir", str(tmp_path / "data"), "--json").json()
    assert hits[0]["title"] == "Dana Fox"


def test_a_vcard_without_end_comes_in_with_a_warning_on_its_line(tmp_path: Path) -> None:
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Stone\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    result = run("import", str(card), "--data-dir", str(tmp_path / "data"), "--json")
    assert result.code == 0, result.err
    assert (result.json()["created"], result.json()["rejected"]) == (2, [])
    (warning,) = result.json()["warnings"]
    assert warning["line"] == 1 and "no END:VCARD" in warning["text"]


def test_a_deals_export_creates_the_stages_it_needs(tmp_path: Path) -> None:
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status\n"
        "1,Roof,1200,EUR,Negotiation,open\n2,Door,300,EUR,Qualified,won\n",
        encoding="utf-8",
    )
    result = run("import", str(deals), "--data-dir", str(tmp_path / "data"), "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert (report["source"], report["created"]) == ("pipedrive_deals", 2)
    assert report["stages_created"] == ["Negotiation"]
    again = run("import", str(deals), "--data-dir", str(tmp_path / "data"), "--json").json()
    assert (again["created"], again["skipped"], again["stages_created"]) == (0, 2, [])


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        (b"\x00\x01\x02binary\xff" * 40, (), "binary"),
        (b"", (), "empty"),
        (b"First Name,Last Name\n", (), "header"),
        (b"First Name\nAnn\n", ("--preset", "myspace"), "--preset takes one of"),
        (b"First Name\nAnn\n", ("--match", "email,shoe"), "--match takes"),
    ],
)
def test_files_that_cannot_be_imported_say_why(
    tmp_path: Path, content: bytes, argv: tuple[str, ...], message: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = run("import", str(bad), *argv, "--data-dir", str(tmp_path / "data"))
    assert result.code == 2
    assert message in result.err.lower() or message in result.err
    assert "Traceback" not in result.err


def test_a_missing_file_a_folder_or_none_at_all(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    missing = run("import", str(tmp_path / "nope.csv"), "--data-dir", data)
    assert missing.code == 2 and "There is no file" in missing.err
    nothing = run("import", "--data-dir", data)
    assert nothing.code == 2 and "Name the file to import" in nothing.err
    folder = run("import", str(tmp_path), "--data-dir", data)
    assert folder.code == 2
    assert f"{tmp_path} is a folder, not a file: name a file in it" in folder.err


def test_a_sheet_named_on_the_command_line_in_any_case(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Contact list, exported 2024-01-31"])
    book.create_sheet("Kontakte").append(["First Name", "Last Name", "Email"])
    book["Kontakte"].append(["Marta", "Kowalska", "marta@example.pl"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    data = str(tmp_path / "data")
    first = run("import", str(path), "--data-dir", data)
    assert first.code == 2 and 'add --sheet "Kontakte" to the import command' in first.err
    done = run("import", str(path), "--sheet", "kontakte", "--data-dir", data, "--json")
    assert done.code == 0, done.err
    assert done.json()["created"] == 1


def test_lines_not_in_utf8_are_named(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    utf8, cp1252 = "Name,Email\nCafé Zoë,zoe@example.com\n", "Jürgen Müller,jm@example.de\n"
    path.write_bytes(utf8.encode() + cp1252.encode("cp1252"))
    data = str(tmp_path / "data")
    result = run("import", str(path), "--data-dir", data)
    assert result.code == 0, result.err
    assert "Line 3 is not UTF-8 like the rest of the file" in result.out
    found = run("search", "example", "--data-dir", data, "--json").json()
    assert sorted(hit["title"] for hit in found) == ["Café Zoë", "Jürgen Müller"]


def test_a_character_set_chosen_on_the_command_line(tmp_path: Path) -> None:
    """Two Cyrillic names are too few for detection to leave Windows-1252; --encoding reads
    them right, and a character set that cannot read the file says where it fails."""
    path = tmp_path / "two.csv"
    path.write_bytes("Name,Email\nИван Петров,ivan@example.ru\n".encode("cp1251"))
    data = str(tmp_path / "data")
    wrong = run("import", str(path), "--data-dir", data, "--encoding", "utf-8")
    assert wrong.code == 2 and "cannot be read as UTF-8: line 2" in wrong.err
    assert "Traceback" not in wrong.err
    done = run("import", str(path), "--data-dir", data, "--encoding", "cp1251", "--json")
    assert done.code == 0, done.err
    found = run("search", "ivan@example.ru", "--data-dir", data, "--json").json()
    assert [hit["title"] for hit in found if hit["kind"] == "contact"] == ["Иван Петров"]


def test_dates_read_day_first_when_told(tmp_path: Path) -> None:
    people = tmp_path / "club.csv"
    people.write_text("Name,Email,Birthday\nAnn Lee,ann@example.com,03/04/1980\n", "utf-8")
    data = str(tmp_path / "data")
    assert run("import", str(people), "--data-dir", data, "--day-first").code == 0
    out = tmp_path / "out.csv"
    assert run("export", "--format", "csv", str(out), "--data-dir", data).code == 0
    assert "1980-04-03" in out.read_text(encoding="utf-8-sig")  # 3 April


def test_dates_that_read_either_way_are_refused_until_the_order_is_said(tmp_path: Path) -> None:
    people = tmp_path / "club.csv"
    rows = "Name,Email,Birthday\nAnn Lee,ann@example.com,03/04/1980\nBo,bo@x.com,12/11/1979\n"
    people.write_text(rows, "utf-8")
    data = str(tmp_path / "data")
    refused = run("import", str(people), "--data-dir", data)
    assert refused.code == 2 and "--day-first or --month-first" in refused.err
    assert run("stats", "--data-dir", data, "--json").json()["contacts"] == 0
    assert run("import", str(people), "--data-dir", data, "--month-first").code == 0
    # one date that tells (25/12) settles the order for the whole file
    told = tmp_path / "told.csv"
    told.write_text(rows + "Cy,cy@x.com,25/12/1990\n", "utf-8")
    assert run("import", str(told), "--data-dir", str(tmp_path / "other")).code == 0


def test_a_report_exports_footer_is_left_out_and_said(tmp_path: Path) -> None:
    """Salesforce's "Export details" of a report writes its footer under the table."""
    path = tmp_path / "report.csv"
    path.write_text(
        '"First Name","Last Name","Account Name","Email"\r\n'
        '"Chidi","Okafor","Palm Oil Traders Ltd","chidi@palmoil.example"\r\n'
        '"Yui","Nakamura","Sakura Trading","yui@sakura.example"\r\n'
        '""\r\n""\r\n"Confidential Information - Do Not Distribute"\r\n'
        '"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\r\n""\r\n'
        '"Generated By:  Ada Lovelace  12/01/2024 10:15"\r\n"Palm Oil Group"\r\n',
        encoding="utf-8",
    )
    data = str(tmp_path / "data")
    result = run("import", str(path), "--data-dir", data, "--json")
    assert result.code == 0, result.err
    report = result.json()
    assert (report["created"], report["rejected"]) == (2, [])
    assert report["notices"] == [
        "Lines 6 to the end (“Confidential Information - Do Not Distribute”, …) are a "
        "report's footer under the table: left out."
    ]
    assert run("stats", "--data-dir", data, "--json").json()["contacts"] == 2


def test_one_cell_rows_among_the_table_are_rows_of_it(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"  # only a name, after an empty row, then whole rows again
    path.write_text(
        "Name,Email,Phone\nAnn Lee,ann@x.example,\n\nBo Chan,,\nCy Dee,cy@x.example,+1 555 0100\n",
        encoding="utf-8",
    )
    result = run("import", str(path), "--data-dir", str(tmp_path / "data"), "--json")
    assert (result.json()["created"], result.json()["notices"]) == (3, [])
