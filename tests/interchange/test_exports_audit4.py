"""The exports audited against the programs that take them in, which are stricter than our own
importer: Excel opening a Google or Outlook CSV, calendar and address book readers (RFC 5545 and
RFC 6350 TEXT), Excel's limits on a workbook's cells."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
import vobject  # type: ignore[import-untyped]

from crm_desktop.interchange import csv_writer, ics_writer, vcard_writer, xlsx_writer
from tests.interchange.test_writers import NOW, follow_up, person, physical_lines

# What RFC 5545 and RFC 6350 call CONTROL (a tab is allowed): some readers stop at a NUL, or
# refuse the line.
CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


@pytest.mark.parametrize(
    "value",
    [
        "-2+3+cmd|' /C calc'!A0",  # OWASP's example: sums before the link to another program
        '+1+HYPERLINK("https://evil.example","Click")',
        "@A1+cmd|' /C calc'!A0",
        "-1*SUM(A1:A9)",
        "+$A$1&cmd|' /C calc'!A0",
    ],
)
def test_a_formula_behind_numbers_and_operators_is_defused_for_google_and_outlook(
    value: str,
) -> None:
    assert csv_writer.defused_for_import([value]) == ["'" + value]


@pytest.mark.parametrize(
    "value",
    ["+81-3-1234-5678 ext. 123", "+1 (555) 010-9999 x12", "- send the offer (today)", "-5 A1"],
)
def test_what_only_looks_like_one_still_goes_as_it_is(value: str) -> None:
    assert csv_writer.defused_for_import([value]) == [value]


@pytest.mark.parametrize("unit", ["$A1", "$a1+", "A1+", "1 ", "AB1 "])
def test_a_long_run_of_references_that_is_no_formula_is_read_in_linear_time(unit: str) -> None:
    # Each run ends in something no formula has; a pattern that could split "$A1" two ways
    # took 19 s over 25 of them (exponential backtracking) and would hang the export.
    value = "+" + unit * 4_000 + " x"
    started = time.process_time()
    assert csv_writer.defused_for_import([value]) == [value]
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize("unit", ["; ", "; 1 ", "; +", " ;", ";   +9"])
def test_a_long_list_of_numbers_ending_in_a_formula_is_read_in_linear_time(unit: str) -> None:
    value = "+1" + unit * 10_000 + "+A1"
    started = time.process_time()
    assert csv_writer.defused([value]) == ["'" + value]  # our layout: a sum in the end
    assert time.process_time() - started < 1.0
    assert csv_writer.defused(["+44 20 1234; +44 7700 900123"]) == ["+44 20 1234; +44 7700 900123"]


# -- vCard and iCalendar: no control characters ---------------------------------------------

# A note pasted from a terminal, a FileMaker export (a vertical tab for a line break), a form feed.
MESSY = "Bell\x07 rang\x0bsecond line\x0cthird\x00 \x1b[1mbold\x7f\tand a tab"
CLEAN = "Bell rang\nsecond line\nthird [1mbold\tand a tab"


@pytest.mark.parametrize("version", vcard_writer.VERSIONS)
def test_a_vcard_has_no_control_characters(version: vcard_writer.Version) -> None:
    messy = person(personal_notes=MESSY, title="Head\x07 of sales", tags=("a\x00b",))
    text = vcard_writer.card(messy, version)
    assert not any(CONTROLS.search(line) for line in physical_lines(text))
    card = vobject.readOne(text)
    assert card.note.value == CLEAN
    assert card.title.value == "Head of sales"
    assert card.categories.value == ["ab"]


@pytest.mark.parametrize("style", ics_writer.STYLES)
def test_a_calendar_has_no_control_characters(style: ics_writer.Style) -> None:
    messy = follow_up(title="Call\x07 Ann", note=MESSY, contact_name="")
    text = "".join(ics_writer.calendar([[messy]], style, NOW + timedelta(minutes=5)))
    assert not any(CONTROLS.search(line) for line in physical_lines(text))
    calendar = vobject.readOne(text)
    (item,) = calendar.vtodo_list if style == "todo" else calendar.vevent_list
    assert (item.summary.value, item.description.value) == ("Call Ann", CLEAN)


# -- Excel workbook: a cell holds 32,767 characters ------------------------------------------


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("layout", xlsx_writer.LAYOUTS)
def test_a_note_longer_than_a_cell_holds_is_cut_to_fit(
    tmp_path: Path, layout: csv_writer.Layout
) -> None:
    # Excel calls a workbook with a longer cell damaged ("We found a problem with some content").
    # Emoji take two UTF-16 units each, as Excel counts; the cut falls inside one of them.
    long = "x" + "🎉" * 20_000
    exact = "y" * xlsx_writer.CELL_LIMIT
    plain = {"lifecycle": "", "owner": "", "source": "", "do_not_contact": False}
    plain |= {"preferred_channel": ""}  # no "Source: …" lines in Outlook's notes after it
    people = [person(personal_notes=long), person(uid="f" * 32, personal_notes=exact, **plain)]
    path = tmp_path / f"{layout}.xlsx"
    xlsx_writer.write_xlsx(path, [people], layout=layout, total=2)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = [[str(cell.value or "") for cell in row] for row in sheet.iter_rows(min_row=2)]
    for row in rows:
        assert max(utf16_units(value) for value in row) <= xlsx_writer.CELL_LIMIT
    cut = next(value for value in rows[0] if value.startswith("x🎉"))
    assert cut.endswith("🎉…") and utf16_units(cut) == xlsx_writer.CELL_LIMIT - 1
    assert any(value.startswith(exact) for value in rows[1])  # one that fits stays whole


# -- iCalendar through an independent parser ----------------------------------------------------


LONG = " ".join(["Ääkköset 🎉"] * 12)  # folded over lines, never inside a character


@pytest.mark.parametrize("style", ics_writer.STYLES)
def test_the_icalendar_package_reads_every_follow_up_as_written(style: ics_writer.Style) -> None:
    icalendar = pytest.importorskip("icalendar")  # the test extra has it
    items = [
        follow_up(recur_every=2, recur_unit="weeks", note=LONG),
        follow_up(uid="b", status="done", completed_at=NOW, title="x\\y;z,w"),
        follow_up(uid="c", remind_at=NOW + timedelta(hours=2)),  # snoozed
    ]
    texts = ["".join(ics_writer.calendar([items], style, NOW + timedelta(days=n))) for n in (0, 1)]
    first, again = (icalendar.Calendar.from_ical(text) for text in texts)
    assert (str(first["VERSION"]), str(first["METHOD"])) == ("2.0", "PUBLISH")
    assert str(first["PRODID"]).startswith("-//CRM Desktop//")
    name = "VTODO" if style == "todo" else "VEVENT"
    components = first.walk(name)
    uids = [str(c["UID"]) for c in components]
    assert len(set(uids)) == 3 and uids == [str(c["UID"]) for c in again.walk(name)]  # stable
    for component in components:
        assert component["DTSTAMP"].dt.tzinfo is not None
        when = component["DUE" if style == "todo" else "DTSTART"].dt
        assert when == NOW and when.utcoffset() == timedelta(0)  # UTC: no VTIMEZONE needed
        for alarm in component.walk("VALARM"):
            assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
            assert "TRIGGER" in alarm
    assert not first.walk("VTIMEZONE")
    assert str(components[0]["DESCRIPTION"]).startswith(LONG + "\n\n")
    assert str(components[1]["SUMMARY"]).endswith("x\\y;z,w")
    assert components[2].walk("VALARM")[0]["TRIGGER"].dt == NOW + timedelta(hours=2)
    if style == "todo":
        assert str(components[1]["STATUS"]) == "COMPLETED"
        assert components[1]["COMPLETED"].dt == NOW
