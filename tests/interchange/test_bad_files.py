"""Files that are not what they claim: each gets a message in plain words (``UnreadableFile``),
never a traceback; and a row or card that fails alone does not stop the others."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from crm_desktop.interchange import (
    UnreadableFile,
    csv_reader,
    detect_preset,
    read_table,
    read_vcards,
    records,
)
from crm_desktop.interchange.values import KEPT_IN_NOTES


def refused(path: Path, *, vcards: bool = False) -> str:
    with pytest.raises(UnreadableFile) as caught:
        if vcards:
            read_vcards(path)
        else:
            read_table(path)
    message = str(caught.value)
    assert f"“{path.name}”" in message
    assert "Traceback" not in message
    return message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(bytes(range(256)) * 40)
    assert "looks like a binary file, not a CSV, spreadsheet or vCard" in refused(path)
    assert "binary" in refused(path, vcards=True)


@pytest.mark.parametrize(
    ("head", "words"),
    [
        (b"%PDF-1.7\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office 97 file that is not a workbook"),
    ],
)
def test_other_kinds_of_file(tmp_path: Path, head: bytes, words: str) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(head + b"\x00" * 200)
    assert words in refused(path)


def test_empty_files(tmp_path: Path) -> None:
    for name, content in [
        ("empty.csv", b""),
        ("blank.csv", b"\r\n \r\n"),
        ("bom.csv", b"\xef\xbb\xbf"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        assert "is empty" in refused(path)


def test_header_only(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("First Name,Last Name,E-mail Address\r\n\r\n")
    assert "has a header row but no data rows" in refused(path)


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in refused(tmp_path / "gone.csv")


def test_truncated_workbook(tmp_path: Path) -> None:
    whole = tmp_path / "whole.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email"])
    book.active.append(["Ann", "ann@example.com"])
    book.save(whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert "damaged or cut short" in refused(cut)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert "zip archive, not a spreadsheet" in refused(path)


def test_an_apple_numbers_document_says_how_to_export_it(tmp_path: Path) -> None:
    path = tmp_path / "Contacts.numbers"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Index/Document.iwa", b"\x00\x01")
        archive.writestr("Metadata/DocumentIdentifier", "1234")
    assert "Apple Numbers document: in Numbers, choose File > Export To" in refused(path)


def test_a_workbook_whose_sheet_is_broken(tmp_path: Path) -> None:
    whole = tmp_path / "whole.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email"])
    book.active.append(["Ann", "ann@example.com"])
    book.save(whole)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # the sheet's XML stops in the middle
            target.writestr(item, data)
    assert "damaged" in refused(broken)


def test_text_in_an_encoding_we_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "shift-jis.csv"
    # bytes 0x81 and 0x8D are valid in neither UTF-8 nor Windows-1252
    path.write_bytes(b"Name,Email\r\n" + b"\x81\x8d\x81\x8d,a@b.jp\r\n")
    assert "in a text encoding we cannot read" in refused(path)


def test_a_quote_never_closed(tmp_path: Path) -> None:
    rows = "".join(f"Person {n},p{n}@example.com,+1 555 {n:04d}\r\n" for n in range(200))
    path = tmp_path / "quotes.csv"
    path.write_text('Name,Email,Phone\r\nAnn,"ann@example.com,+1 555 0000\r\n' + rows)
    message = refused(path)
    assert "A quote on line 2" in message and "never closed" in message


def test_a_quote_opened_on_the_last_line_only(tmp_path: Path) -> None:
    path = tmp_path / "last.csv"
    path.write_text('First Name,Last Name,E-mail\nAnn,Lee,ann@example.com\n"Bo,Chan,bo@x.example\n')
    message = refused(path)
    assert "A quote on line 3" in message and "never closed" in message


def test_a_cell_that_ends_with_a_line_break_is_no_open_quote(tmp_path: Path) -> None:
    path = tmp_path / "break.csv"
    path.write_text('Name,Notes\nAnn,"call back\n"\n')
    assert [row.values for row in read_table(path).rows] == [["Ann", "call back\n"]]


def test_a_long_note_over_many_lines_is_one_cell(tmp_path: Path) -> None:
    """Past the csv module's 131,072 characters, a cell was taken for a quote never closed."""
    note = "\n".join(f'Call {n}: she asked for the "blue" one, sent a quote' for n in range(8000))
    path = tmp_path / "notes.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["Name", "Email", "Notes"],
                ["Ann", "a@x.example", note],
                ["Bo", "b@x.example", "x" * 300_000],  # and one on a single line
            ]
        )
    ann, bo = read_table(path).rows
    assert (ann.line, ann.values[2], bo.line) == (2, note, 8002)
    assert bo.values[2] == "x" * 300_000


def test_a_cell_too_big_to_read_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = csv.field_size_limit()  # one for the whole program: left as it was
    monkeypatch.setattr(csv_reader, "CELL_LIMIT", 1000)
    path = tmp_path / "big.csv"
    path.write_text('Name,Notes\nAnn,short\nBo,"' + "x" * 1001 + '"\nCy,short\n')
    try:
        message = refused(path)
    finally:
        csv.field_size_limit(before)
    assert "A cell on line 3" in message and "more than 1,000 characters" in message
    assert "never closed, so everything after it" not in message


def test_a_quote_that_swallows_rows_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "stray.csv"
    lines = ["Name,Email,Phone,City"]
    lines.append('Ann,"ann@example.com,+1 555 0000,Austin')  # opens a quote ...
    lines += [f"P{n},p{n}@example.com,+1 555 {n:04d},Boston" for n in range(5)]
    lines.append('Bob,bob@example.com",+1 555 9999,Chicago')  # ... closed five rows later
    lines += ["Cy,cy@example.com,+1 555 1111,Dallas"]
    path.write_text("\n".join(lines) + "\n")
    message = refused(path)
    assert "A quote on line 2" in message and "lines 2 to 8" in message


def test_a_vcard_reader_given_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "people.vcf"
    path.write_text("Name,Email\nAnn,ann@example.com\n")
    assert "is not a vCard file" in refused(path, vcards=True)


def test_a_table_reader_given_vcards(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n")
    assert "is a vCard file" in refused(path)


def test_a_bad_row_alone_is_a_problem_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "First Name,Last Name,E-mail Address,Birthday\n"
        "Ann,Lee,ann@example.com,2/30/1980\n"
        "Bob,Stone,bob@example.com,not a date\n"
        "Cy,Doe,cy@example.com,0/0/00\n"
        "Di,Roe,di@example.com,3/22/1980\n"
    )
    table = read_table(path)
    ann, bob, cy, di = records(table, detect_preset(table.header))
    # A birthday that cannot be read costs the person nothing else: it is said, and kept.
    assert ann.problems == []
    assert ann.warnings == [f"Birthday: “2/30/1980” is not a real date. {KEPT_IN_NOTES}"]
    assert bob.warnings == [
        "Birthday: “not a date” is not a date we can read (expected YYYY-MM-DD). " + KEPT_IN_NOTES
    ]
    assert (ann.birthday, bob.birthday, ann.emails) == (None, None, [("", "ann@example.com")])
    assert "Birthday: 2/30/1980" in ann.notes
    assert (cy.birthday, cy.problems) == (None, [])  # Outlook's "no birthday"
    assert di.birthday is not None and di.birthday.isoformat() == "1980-03-22"
