"""CSV files in every encoding and with every delimiter the issue names, quoted cells with line
breaks inside (whose rows keep the line they start on), and files told apart by content."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from crm_desktop.interchange import detect_preset, file_kind, read_table, records

ROWS = [
    ["Name", "E-mail", "Phone", "Notes"],
    ["Zoë Müller", "zoe@example.de", "+49 30 1234567", "Café “am Eck”; 5€"],
    ["José Núñez", "jose@example.es", "+34 91 765 4321", "Línea uno\nLínea dos"],
    ["Ann Lee", "ann@example.com", "", "plain"],
]
ENCODINGS = {
    "utf-8": ("utf-8", b""),
    "utf-8 with BOM": ("utf-8", codecs.BOM_UTF8),
    "utf-16 LE with BOM": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16 BE with BOM": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-16 LE": ("utf-16-le", b""),
    "utf-16 BE": ("utf-16-be", b""),
    "windows-1252": ("cp1252", b""),
}


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if any(ch in cell for ch in (delimiter, '"', "\n", ";", ",")):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def write(path: Path, rows: list[list[str]], delimiter: str, encoding: str, bom: bytes) -> Path:
    path.write_bytes(bom + csv_text(rows, delimiter).encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("name", list(ENCODINGS))
def test_every_encoding_and_delimiter(tmp_path: Path, name: str, delimiter: str) -> None:
    encoding, bom = ENCODINGS[name]
    rows = (
        ROWS
        if encoding != "cp1252"
        else [[c.replace("“", '"').replace("”", '"') for c in row] for row in ROWS]
    )
    path = write(tmp_path / "people.csv", rows, delimiter, encoding, bom)
    assert file_kind(path) == "csv"
    table = read_table(path)
    assert table.delimiter == delimiter
    assert table.header == ROWS[0]
    got = list(table.rows)
    assert [row.values for row in got] == rows[1:]
    assert [row.line for row in got] == [2, 3, 5]  # José's note spans lines 3 and 4
    assert table.row_count == 3
    contacts = list(records(table, detect_preset(table.header)))
    assert contacts[0].full_name == "Zoë Müller"
    assert contacts[0].emails == [("", "zoe@example.de")]
    assert contacts[1].notes == "Línea uno\nLínea dos"


def test_encoding_names(tmp_path: Path) -> None:
    seen = {}
    for name, (encoding, bom) in ENCODINGS.items():
        rows = [["Name", "Email"], ["Ann Lee", "ann@example.com"]]
        path = write(tmp_path / f"{len(seen)}.csv", rows, ",", encoding, bom)
        seen[name] = read_table(path).encoding_name
    assert seen == {
        "utf-8": "UTF-8",
        "utf-8 with BOM": "UTF-8 with BOM",
        "utf-16 LE with BOM": "UTF-16 with BOM",
        "utf-16 BE with BOM": "UTF-16 with BOM",
        "utf-16 LE": "UTF-16 LE",
        "utf-16 BE": "UTF-16 BE",
        "windows-1252": "UTF-8",  # plain ASCII is UTF-8 too
    }


def test_windows_1252_found_late_in_the_file(tmp_path: Path) -> None:
    rows = [["Name", "City"]] + [[f"Person {n}", "Paris"] for n in range(5000)]
    rows.append(["Renée Lefèvre", "Besançon"])
    path = write(tmp_path / "late.csv", rows, ";", "cp1252", b"")
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert list(table.rows)[-1].values == ["Renée Lefèvre", "Besançon"]


def test_quoted_cells_with_line_breaks_keep_the_first_line(tmp_path: Path) -> None:
    text = (
        "Name,Notes,Email\n"
        '"Ann","one\ntwo\nthree",ann@example.com\n'
        "\n"
        'Bob,"say ""hi""",bob@example.com\n'
        '"Cy","a\r\nb",cy@example.com\n'
        "Di,,di@example.com"  # no line break at the end of the file
    )
    path = tmp_path / "notes.csv"
    path.write_bytes(text.encode())
    rows = list(read_table(path).rows)
    assert [(r.line, r.values[0]) for r in rows] == [(2, "Ann"), (6, "Bob"), (7, "Cy"), (9, "Di")]
    assert rows[0].values[1] == "one\ntwo\nthree"
    assert rows[1].values[1] == 'say "hi"'


def test_short_rows_are_padded_and_long_rows_reported(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("Name,Email,Phone\nAnn,ann@example.com\nBob,bob@example.com,1,extra\n")
    table = read_table(path)
    ann, bob = table.rows
    assert ann.values == ["Ann", "ann@example.com", ""]
    assert bob.values == ["Bob", "bob@example.com", "1", "extra"]
    first, second = records(table, detect_preset(table.header))
    assert first.problems == []
    assert second.problems == [
        "Line 3 has 1 more cell(s) than the header has columns; they were left out: “extra”"
    ]


def test_preview_reads_only_what_it_shows(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("Name,Email\n" + "".join(f"P{n},p{n}@x.org\n" for n in range(1000)))
    table = read_table(path)
    assert [row.line for row in table.preview(3)] == [2, 3, 4]
    assert table.count_rows() == 1000
    assert len(list(table)) == 1000  # the table streams again, as often as asked


def test_blank_lines_before_the_header_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("\n\nName|Email\nAnn|ann@example.com\n")
    table = read_table(path)
    assert (table.header, table.header_line, table.delimiter) == (["Name", "Email"], 3, "|")
    assert [row.line for row in table.rows] == [4]
    assert table.delimiter_name == "vertical bar"


def test_a_csv_named_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("Name,Email\nAnn,ann@example.com\n")
    assert file_kind(path) == "csv"
    assert read_table(path).header == ["Name", "Email"]


def test_excels_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("sep=;\r\nName;Notes\r\nAnn;a, b, c\r\nBob;d, e\r\n")
    table = read_table(path)
    assert (table.delimiter, table.header, table.header_line) == (";", ["Name", "Notes"], 2)
    assert [(row.line, row.values) for row in table.rows] == [
        (3, ["Ann", "a, b, c"]),
        (4, ["Bob", "d, e"]),
    ]


LINKEDIN_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    'https://www.linkedin.com/psettings/privacy/email. You can learn more here"\n'
    "\n"
)


def test_one_cell_rows_before_the_header_are_a_preamble(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN_NOTES + "First Name,Last Name,Email Address\nAnn,Lee,ann@x.org\n")
    table = read_table(path)
    assert (table.header, table.header_line) == (["First Name", "Last Name", "Email Address"], 4)
    assert [(row.line, row.values) for row in table.rows] == [(5, ["Ann", "Lee", "ann@x.org"])]
    assert table.count_rows() == 1


def test_a_file_of_one_column_keeps_its_first_row_as_the_header(tmp_path: Path) -> None:
    short, long = tmp_path / "short.csv", tmp_path / "long.csv"
    short.write_text("Email\nann@x.org\nbo@x.org\n")
    long.write_text("Email\n" + "".join(f"p{n}@x.org\n" for n in range(30)))
    for path, rows in ((short, 2), (long, 30)):
        table = read_table(path)
        assert (table.header, table.header_line, table.row_count) == (["Email"], 1, rows)
        assert [row.line for row in table.rows][:2] == [2, 3]
        assert len(list(table.rows)) == rows


def test_a_header_with_an_unnamed_column_is_still_the_header(tmp_path: Path) -> None:
    path = tmp_path / "unnamed.csv"
    path.write_text("Name,\nAnn,ann@x.org\n")
    table = read_table(path)
    assert (table.header, table.header_line) == (["Name", "Column 2"], 1)
    assert [row.values for row in table.rows] == [["Ann", "ann@x.org"]]


MAC_ROWS = [
    ["First Name", "Last Name", "Company", "City", "Notes"],
    ["Jürgen", "Müller", "Bäckerei König", "München", "Café au lait"],
    ["Renée", "Lefèvre", "Crème Brûlée SA", "Besançon", "Très bien"],
    ["José", "Peña", "Señor Niño", "Málaga", "O’Brien’s friend"],
]


def test_excel_for_mac_csv_in_mac_roman(tmp_path: Path) -> None:
    path = write(tmp_path / "mac.csv", MAC_ROWS, ",", "mac_roman", b"")
    table = read_table(path)
    assert (table.encoding, table.encoding_name) == ("mac_roman", "Mac Roman")
    assert [row.values for row in table.rows] == MAC_ROWS[1:]
    juergen = next(iter(records(table, detect_preset(table.header))))
    assert (juergen.last_name, juergen.company) == ("Müller", "Bäckerei König")


def test_windows_1252_with_apostrophes_is_not_taken_for_mac_roman(tmp_path: Path) -> None:
    for name, rows in (
        ("names.csv", MAC_ROWS),
        ("apostrophes.csv", [["Name", "Notes"], ["Pat O’Brien", "don’t call"], ["D’Arcy", "x"]]),
    ):
        table = read_table(write(tmp_path / name, rows, ";", "cp1252", b""))
        assert table.encoding == "cp1252"
        assert [row.values for row in table.rows] == rows[1:]


def test_a_title_excel_padded_to_the_sheets_width_is_a_preamble(tmp_path: Path) -> None:
    path = tmp_path / "saved-from-excel.csv"
    path.write_text(
        "Customer list, spring fair;;;\r\n;;;\r\nName;Email;Phone;\r\nAnn;a@x.org;1;\r\n"
    )
    table = read_table(path)
    assert (table.header[:3], table.header_line) == (["Name", "Email", "Phone"], 3)
    assert [row.values[:3] for row in table.rows] == [["Ann", "a@x.org", "1"]]


def test_a_title_with_the_delimiter_in_it_above_a_wider_table_is_looked_past(
    tmp_path: Path,
) -> None:
    for name, text in (
        ("titled.csv", "Customer list, November 2026\n"),
        ("padded.csv", "Customer list, November 2026,,,\n"),  # Excel pads it to the width
        ("two.csv", "Acme Ltd, customers\nExported 2026-11-24, by Pia\n\n"),
    ):
        path = tmp_path / name
        path.write_text(
            text + "First Name,Last Name,Email,Phone\nAnn,Lee,ann@x.org,+44 20 7946 0018\n"
            "Bo,Berg,bo@x.org,\n"
        )
        table = read_table(path)
        assert table.header == ["First Name", "Last Name", "Email", "Phone"], name
        assert [row.values[0] for row in table.rows] == ["Ann", "Bo"], name
        assert table.count_rows() == 2


def test_a_narrow_header_over_its_table_is_still_the_header(tmp_path: Path) -> None:
    """Only a row with fewer than half the table's columns filled can be a title: a header
    with its last column unnamed, or data rows wider than the header, keep the header."""
    for text, header in (
        ("Name,Email,\nAnn,ann@x.org,VIP\nBo,bo@x.org,\n", ["Name", "Email", "Column 3"]),
        ("Name,Email\nAnn,ann@x.org,VIP\nBo,bo@x.org,x\n", ["Name", "Email"]),
        ("Name,Email,Phone\nAnn,a@x.org,1\n", ["Name", "Email", "Phone"]),  # one row only
    ):
        path = tmp_path / "narrow.csv"
        path.write_text(text)
        table = read_table(path)
        assert (table.header, table.header_line) == (header, 1), text
        assert next(iter(table.rows)).values[0] == "Ann"


def test_a_dated_title_over_two_cells_above_a_narrow_table_is_looked_past(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Contacts export,2026-11-01\nName,Email,Phone\nAnn Lee,ann@x.org,+46 70 111\n")
    table = read_table(path)
    assert (table.header, table.header_line) == (["Name", "Email", "Phone"], 2)
    assert [row.values for row in table.rows] == [["Ann Lee", "ann@x.org", "+46 70 111"]]
