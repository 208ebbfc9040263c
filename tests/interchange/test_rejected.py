"""The rejected rows of an import saved as a file to fix and import again (``rejected``)."""

from __future__ import annotations

from pathlib import Path

from crm_desktop.interchange import read_table
from crm_desktop.interchange.opened import open_file
from crm_desktop.interchange.presets import REASON_COLUMN
from crm_desktop.interchange.rejected import write_rejected

GOOGLE = (
    "First Name;Last Name;E-mail 1 - Label;E-mail 1 - Value;Birthday;Notes\r\n"
    "Ann;Lee;Work;ann@example.com;1980-04-02;\r\n"
    'Cy;Diaz;Work;cy@example.com;2023-02-30;"two\nlines"\r\n'
    "Bo;Chen;Home;bo@example.com;;=SUM(A1)\r\n"
    "Di;Ng;Work;di@example.com;1999-01-01;;extra\r\n"
)


def test_the_rejected_rows_come_back_as_the_file_had_them_after_the_reason(
    tmp_path: Path,
) -> None:
    source = tmp_path / "google.csv"
    source.write_text(GOOGLE, encoding="utf-8")
    table = read_table(source)
    rejected = [
        (3, "“2023-02-30” is not a real date"),
        (6, "the row has more cells than the header"),
    ]
    target = tmp_path / "rejected.csv"
    assert write_rejected(target, table, rejected) == target.stat().st_size
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # for Excel, like every export
    again = read_table(target)
    assert again.delimiter == ";"  # the file's own
    assert again.header == [REASON_COLUMN, *table.header]
    rows = [row.values for row in again.rows]
    assert rows == [
        ["Line 3: “2023-02-30” is not a real date", "Cy", "Diaz", "Work", "cy@example.com",
         "2023-02-30", "two\nlines"],
        ["Line 6: the row has more cells than the header", "Di", "Ng", "Work",
         "di@example.com", "1999-01-01", "", "extra"],
    ]  # fmt: skip
    opened = open_file(target)
    assert opened.source == "google"  # recognised as the original was
    assert 0 not in opened.mapping  # the reason is not imported into the notes


def test_a_vcard_file_s_rejected_cards_are_listed_by_line(tmp_path: Path) -> None:
    target = tmp_path / "rejected.csv"
    write_rejected(target, None, [(12, "no name, e-mail or phone")])
    text = target.read_bytes().decode("utf-8-sig")
    assert text == f'Line,{REASON_COLUMN}\r\n12,"no name, e-mail or phone"\r\n'
