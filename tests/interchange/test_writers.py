"""The writers on their own, from plain values: vCard 3.0/4.0 and iCalendar text exactly as the
RFCs want it (escaping, folding at 75 octets without splitting a character, CRLF), parsed back
by vobject and by a small line parser; CSV in our, Google's and Outlook's layouts, read back by
our own readers."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import vobject  # type: ignore[import-untyped]

from crm_desktop.domain.exports import ExportContact, ExportFollowUp
from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import (
    csv_writer,
    detect_preset,
    ics_writer,
    read_table,
    records,
    vcard_writer,
)
from crm_desktop.interchange.values import NO_YEAR

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
UID = "0123456789abcdef0123456789abcdef"


def person(**changes: object) -> ExportContact:
    base = ExportContact(
        id=1,
        uid=UID,
        first_name="Zoë",
        last_name="O'Brien; Jr",
        display_name="Zoë O'Brien; Jr",
        title="Head, Sales",
        company="Café \\ Co",
        website="https://cafe.example",
        emails=(("work", "zoe@cafe.example"), ("other", "z@example.com")),
        phones=(("mobile", "+358 40 1"), ("Weekend house", "+358 9 2")),
        address="Main St 1\n00100 Helsinki",
        birthday=date(1985, 4, 15),
        preferred_channel="phone",
        do_not_contact=True,
        source="fair",
        lifecycle="customer",
        owner="Me",
        referred_by="",
        personal_notes="Line one\nLine two, with comma; and semicolon 🎉",
        preferences="",
        stay_in_touch_days=None,
        tags=("VIP", "trade fair 2026"),
        updated_at=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def physical_lines(text: str) -> list[str]:
    """The file's lines: every one must end in CRLF and hold at most 75 octets."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    return lines


def unfolded(text: str) -> list[str]:
    logical: list[str] = []
    for line in physical_lines(text):
        if line.startswith((" ", "\t")):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], value)


# -- vCard ------------------------------------------------------------------------------------


def test_escaping() -> None:
    assert vcard_writer.escape_text("a,b;c\\d\ne\r\nf\rg") == "a\\,b\\;c\\\\d\\ne\\nf\\ng"


@pytest.mark.parametrize(
    "text",
    [
        "NOTE:" + "x" * 200,
        "NOTE:" + "é" * 100,  # two octets each
        "NOTE:" + "🎉" * 60,  # four octets each
        "NOTE:" + "a" + "€" * 70,  # three octets, off by one
        "N:" + "Zoë " * 40,
    ],
)
def test_folding_keeps_75_octets_and_whole_characters(text: str) -> None:
    folded = vcard_writer.fold(text)
    assert unfolded(folded + "\r\n") == [text]
    lines = folded.split("\r\n")
    assert len(lines) > 1
    assert all(len(line.encode()) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert len(lines[0].encode()) >= 72  # full lines, not timid ones


def test_a_short_line_is_left_alone() -> None:
    assert vcard_writer.fold("FN:Ann") == "FN:Ann"
    assert vcard_writer.fold("FN:" + "é" * 36) == "FN:" + "é" * 36  # 75 octets exactly


def test_vcard_3_exactly() -> None:
    assert physical_lines(vcard_writer.card(person(), "3.0")) == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//CRM Desktop//CRM Desktop 0.1.0//EN",
        "FN:Zoë O'Brien\\; Jr",
        "N:O'Brien\\; Jr;Zoë;;;",
        "ORG:Café \\\\ Co",
        "TITLE:Head\\, Sales",
        "EMAIL;TYPE=INTERNET,WORK,PREF:zoe@cafe.example",
        "item1.EMAIL;TYPE=INTERNET:z@example.com",
        "item1.X-ABLabel:other",
        "TEL;TYPE=CELL,PREF:+358 40 1",
        "item2.TEL;TYPE=VOICE:+358 9 2",
        "item2.X-ABLabel:Weekend house",
        "ADR;TYPE=WORK:;;Main St 1\\n00100 Helsinki;;;;",
        "BDAY:1985-04-15",
        "NOTE:Line one\\nLine two\\, with comma\\; and semicolon 🎉",
        "CATEGORIES:VIP,trade fair 2026",
        "X-CRM-LIFECYCLE:customer",
        "X-CRM-OWNER:Me",
        "X-CRM-SOURCE:fair",
        "X-CRM-DO-NOT-CONTACT:TRUE",
        "X-CRM-PREFERRED-CHANNEL:phone",
        "UID:urn:uuid:01234567-89ab-cdef-0123-456789abcdef",
        "REV:2026-03-02T09:00:00Z",
        "END:VCARD",
    ]


def test_vcard_4_differs_where_the_rfc_does() -> None:
    lines = physical_lines(vcard_writer.card(person(birthday=date(NO_YEAR, 2, 29)), "4.0"))
    assert lines[1:4] == [
        "VERSION:4.0",
        "PRODID:-//CRM Desktop//CRM Desktop 0.1.0//EN",
        "KIND:individual",
    ]
    assert "EMAIL;TYPE=work;PREF=1:zoe@cafe.example" in lines
    assert "item1.EMAIL:z@example.com" in lines
    assert "TEL;TYPE=cell;VALUE=text;PREF=1:+358 40 1" in lines
    assert "ADR;TYPE=work:;;Main St 1\\n00100 Helsinki;;;;" in lines
    assert "BDAY:--0229" in lines  # a birthday without a year
    assert "REV:20260302T090000Z" in lines
    v3 = physical_lines(vcard_writer.card(person(birthday=date(NO_YEAR, 2, 29)), "3.0"))
    assert "BDAY:--02-29" in v3


def test_a_bare_contact_has_only_what_it_has() -> None:
    bare = person(
        last_name="",
        display_name="Zoë",
        title="",
        company="",
        emails=(),
        phones=(),
        address="",
        birthday=None,
        preferred_channel="",
        do_not_contact=False,
        source="",
        lifecycle="lead",
        owner="",
        personal_notes="",
        tags=(),
    )
    names = [line.split(":")[0] for line in physical_lines(vcard_writer.card(bare))]
    assert names == [
        "BEGIN",
        "VERSION",
        "PRODID",
        "FN",
        "N",
        "X-CRM-LIFECYCLE",
        "UID",
        "REV",
        "END",
    ]


@pytest.mark.parametrize("version", vcard_writer.VERSIONS)
def test_a_company_without_a_person_is_written_as_address_books_write_a_company(
    version: vcard_writer.Version,
) -> None:
    # Its display name is its phone number: in FN that came back as a name, "020 7946" "0000".
    reception = person(
        first_name="",
        last_name="",
        display_name="020 7946 0000",
        company="Acme Ltd",
        emails=(),
        phones=(("work", "020 7946 0000"),),
    )
    lines = unfolded(vcard_writer.card(reception, version))
    assert "FN:Acme Ltd" in lines
    assert "N:;;;;" in lines
    assert "ORG:Acme Ltd" in lines


def test_home_address_without_a_company_and_preferences_in_the_note() -> None:
    card = vcard_writer.card(person(company="", preferences="Mornings, please"))
    lines = unfolded(card)
    assert "ADR;TYPE=HOME:;;Main St 1\\n00100 Helsinki;;;;" in lines
    note = next(line for line in lines if line.startswith("NOTE:"))
    assert unescape(note[5:]).endswith("🎉\n\nPreferences: Mornings, please")
    assert "X-CRM-PREFERENCES:Mornings\\, please" in lines


@pytest.mark.parametrize("version", vcard_writer.VERSIONS)
def test_vobject_reads_back_every_value(version: str) -> None:
    long_note = "Ünïcödé " * 30 + "\nend; with, all\\sorts"
    card = vobject.readOne(vcard_writer.card(person(personal_notes=long_note), version))  # type: ignore[arg-type]
    assert card.fn.value == "Zoë O'Brien; Jr"
    assert (card.n.value.family, card.n.value.given) == ("O'Brien; Jr", "Zoë")
    assert card.org.value == ["Café \\ Co"]
    assert card.title.value == "Head, Sales"
    assert [e.value for e in card.email_list] == ["zoe@cafe.example", "z@example.com"]
    assert [t.value for t in card.tel_list] == ["+358 40 1", "+358 9 2"]
    assert card.note.value == long_note
    assert card.categories.value == ["VIP", "trade fair 2026"]
    assert card.adr.value.street == "Main St 1\n00100 Helsinki"
    assert card.contents["x-crm-do-not-contact"][0].value == "TRUE"


def test_write_vcards_to_a_file(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    pages = [[person(), person(uid="f" * 32)], [person(uid="e" * 32)]]
    report = vcard_writer.write_vcards(
        tmp_path / "c.vcf", pages, version="4.0", total=3, progress=lambda d, t: seen.append((d, t))
    )
    data = (tmp_path / "c.vcf").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert (report.rows, report.bytes, report.extra) == (3, len(data), {"version": "4.0"})
    assert seen == [(2, 3), (3, 3)]
    assert len(list(vobject.readComponents(data.decode()))) == 3


# -- iCalendar --------------------------------------------------------------------------------


def follow_up(**changes: object) -> ExportFollowUp:
    base = ExportFollowUp(
        id=1,
        uid="abc",
        title="Call Ann, re: offer; v2",
        note="Bring the price list\nand coffee",
        due_at=NOW,
        remind_at=NOW,
        status="open",
        recur_every=None,
        recur_unit=None,
        completed_at=None,
        created_at=NOW - timedelta(days=1),
        updated_at=NOW - timedelta(hours=1),
        contact_name="Ann Lee",
        lead_title="",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def parse_ics(text: str) -> list[dict[str, object]]:
    """The components of a calendar, each a dict of property name to (params, value), with
    its subcomponents under "children": enough to check what a calendar program would read."""
    stack: list[dict[str, object]] = [{"name": "ROOT", "children": []}]
    for line in unfolded(text):
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        if name == "BEGIN":
            stack.append({"name": value, "children": []})
        elif name == "END":
            done = stack.pop()
            assert done["name"] == value
            stack[-1]["children"].append(done)  # type: ignore[attr-defined]
        else:
            assert name not in stack[-1], f"{name} twice"
            stack[-1][name] = (params, unescape(value))
    assert len(stack) == 1
    return stack[0]["children"]  # type: ignore[return-value]


def ics(items: list[ExportFollowUp], style: ics_writer.Style = "todo") -> str:
    return "".join(ics_writer.calendar([items], style, NOW + timedelta(minutes=5)))


def test_a_calendar_of_to_dos() -> None:
    items = [
        follow_up(recur_every=2, recur_unit="weeks", lead_title="Big deal"),
        follow_up(uid="def", status="done", completed_at=NOW, note="", contact_name=""),
        follow_up(uid="ghi", status="cancelled", title="Old"),
        follow_up(uid="jkl", remind_at=NOW + timedelta(hours=2)),  # snoozed
    ]
    (cal,) = parse_ics(ics(items))
    assert cal["name"] == "VCALENDAR"
    assert cal["VERSION"] == ([], "2.0")
    assert cal["PRODID"] == ([], "-//CRM Desktop//CRM Desktop 0.1.0//EN")
    assert cal["CALSCALE"] == ([], "GREGORIAN")
    first, done, cancelled, snoozed = cal["children"]  # type: ignore[misc]
    assert first["name"] == "VTODO"
    assert first["UID"] == ([], "abc@crm-desktop")
    assert first["DTSTAMP"] == ([], "20260302T090500Z")
    assert first["DUE"] == ([], "20260302T090000Z")
    assert first["DTSTART"] == ([], "20260302T090000Z")  # it repeats
    assert first["SUMMARY"] == ([], "Call Ann, re: offer; v2")
    assert first["DESCRIPTION"] == (
        [],
        "Bring the price list\nand coffee\n\nContact: Ann Lee\nLead: Big deal",
    )
    assert first["STATUS"] == ([], "NEEDS-ACTION")
    assert first["RRULE"] == ([], "FREQ=WEEKLY;INTERVAL=2")
    (alarm,) = first["children"]
    assert alarm["ACTION"] == ([], "DISPLAY")
    assert alarm["TRIGGER"] == (["RELATED=END"], "PT0S")
    assert done["STATUS"] == ([], "COMPLETED")
    assert done["COMPLETED"] == ([], "20260302T090000Z")
    assert "DESCRIPTION" not in done and "DTSTART" not in done and not done["children"]
    assert cancelled["STATUS"] == ([], "CANCELLED")
    assert not cancelled["children"]  # no alarm for what will not happen
    assert snoozed["children"][0]["TRIGGER"] == (["VALUE=DATE-TIME"], "20260302T110000Z")  # type: ignore[index]


def test_events_for_google_calendar() -> None:
    items = [
        follow_up(recur_every=1, recur_unit="months"),
        follow_up(uid="def", status="done", completed_at=NOW),
    ]
    (cal,) = parse_ics(ics(items, "event"))
    event, done = cal["children"]  # type: ignore[misc]
    assert event["name"] == "VEVENT"
    assert event["DTSTART"] == ([], "20260302T090000Z")
    assert event["DTEND"] == ([], "20260302T091500Z")
    assert event["STATUS"] == ([], "CONFIRMED")
    assert event["TRANSP"] == ([], "TRANSPARENT")
    assert event["RRULE"] == ([], "FREQ=MONTHLY;INTERVAL=1")
    assert event["children"][0]["TRIGGER"] == ([], "PT0S")
    assert done["SUMMARY"] == ([], "Done: Call Ann, re: offer; v2")
    assert "RRULE" not in done and not done["children"]


@pytest.mark.parametrize("style", ics_writer.STYLES)
def test_vobject_reads_the_calendar(style: ics_writer.Style) -> None:
    long = "Ääkköset ja emoji 🎉 " * 20
    items = [follow_up(note=long), follow_up(uid="x", recur_every=3, recur_unit="days")]
    cal = vobject.readOne(ics(items, style))
    components = cal.vtodo_list if style == "todo" else cal.vevent_list
    assert [c.uid.value for c in components] == ["abc@crm-desktop", "x@crm-desktop"]
    assert components[0].summary.value == "Call Ann, re: offer; v2"
    assert components[0].description.value.startswith(long.strip())
    when = components[0].due.value if style == "todo" else components[0].dtstart.value
    assert when == NOW
    assert components[1].rrule.value == "FREQ=DAILY;INTERVAL=3"


def test_write_ics_to_a_file(tmp_path: Path) -> None:
    report = ics_writer.write_ics(tmp_path / "f.ics", [[follow_up()]], stamp=NOW)
    text = (tmp_path / "f.ics").read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert (report.rows, report.extra) == (1, {"style": "todo"})
    assert len(parse_ics(text)[0]["children"]) == 1  # type: ignore[arg-type]


# -- CSV --------------------------------------------------------------------------------------


def many() -> list[ExportContact]:
    return [
        person(),
        person(
            uid="e" * 32,
            first_name="",
            last_name="",
            display_name="nameless@example.com",
            company="",
            emails=(("", "nameless@example.com"),),
            phones=(),
            birthday=date(NO_YEAR, 2, 29),
            tags=("semi;colon", "plain"),
            personal_notes="",
            preferences="Evenings",
            lifecycle="lead",
        ),
    ]


def written(tmp_path: Path, layout: csv_writer.Layout) -> tuple[Path, bytes]:
    path = tmp_path / f"{layout}.csv"
    report = csv_writer.write_csv(path, [many()], layout=layout, most=(2, 4), total=2)
    data = path.read_bytes()
    assert (report.rows, report.bytes, report.extra) == (2, len(data), {"layout": layout})
    assert data.startswith(b"\xef\xbb\xbf")  # for Excel
    assert data.count(b"\r\n") == 3  # header and two rows; breaks inside cells are bare LFs
    return path, data


def cells(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_ours_is_read_back_exactly(tmp_path: Path) -> None:
    path, data = written(tmp_path, "ours")
    rows = cells(data)
    assert rows[0] == list(csv_writer.OUR_CONTACT_COLUMNS)
    assert b'"Line one\nLine two, with comma; and semicolon \xf0\x9f\x8e\x89"' in data
    table = read_table(path)
    preset = detect_preset(table.header)
    assert preset.key == "crm_desktop"
    first, second = records(table, preset)
    zoe = person()
    assert (first.full_name, first.first_name, first.last_name) == (
        zoe.display_name,
        zoe.first_name,
        zoe.last_name,
    )
    assert (first.title, first.company, first.address) == (zoe.title, zoe.company, zoe.address)
    assert first.emails == list(zoe.emails) and first.phones == list(zoe.phones)
    assert (first.birthday, first.tags) == (zoe.birthday, list(zoe.tags))
    assert (first.lifecycle, first.owner, first.source) == ("customer", "Me", "fair")
    assert first.notes == zoe.personal_notes and first.website == ""
    assert (first.preferred_channel, first.do_not_contact) == ("phone", True)
    assert first.external_id == f"crm_desktop:{UID}"
    assert first.problems == []
    assert (second.full_name, second.first_name, second.last_name) == ("", "", "")
    assert second.emails == [("", "nameless@example.com")]
    assert second.birthday == date(NO_YEAR, 2, 29)
    assert second.tags == ["semi;colon", "plain"]
    assert (second.notes, second.preferences) == ("", "Evenings")  # a column of their own
    assert (second.do_not_contact, second.stay_in_touch_days) == (True, None)


def test_google_layout(tmp_path: Path) -> None:
    path, data = written(tmp_path, "google")
    header, zoe_row, other_row = cells(data)
    assert header[:17] == [
        "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
        "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
        "Organization Name", "Organization Title", "Organization Department", "Birthday",
        "Notes", "Photo", "Labels",
    ]  # fmt: skip
    assert header[17:21] == [
        "E-mail 1 - Label",
        "E-mail 1 - Value",
        "E-mail 2 - Label",
        "E-mail 2 - Value",
    ]
    assert (
        header[21:23] == ["Phone 1 - Label", "Phone 1 - Value"]
        and len(header) == 17 + 4 + 8 + 11 + 14  # seven custom fields, label and value
    )
    row = dict(zip(header, zoe_row, strict=True))
    assert row["Labels"] == "* myContacts ::: VIP ::: trade fair 2026"
    assert (row["E-mail 1 - Label"], row["E-mail 2 - Label"]) == ("* Work", "Other")
    assert (row["Phone 1 - Label"], row["Phone 2 - Label"]) == ("* Mobile", "Weekend house")
    assert (row["Phone 3 - Value"], row["Birthday"]) == ("", "1985-04-15")
    assert row["Address 1 - Label"] == "Work"
    # Kept as one text, an address has no street of its own to give: it is all in Formatted.
    assert row["Address 1 - Formatted"] == "Main St 1\n00100 Helsinki"
    assert row["Address 1 - Street"] == ""
    assert (row["Custom Field 1 - Label"], row["Custom Field 1 - Value"]) == (
        "Lifecycle",
        "customer",
    )
    assert dict(zip(header, other_row, strict=True))["Birthday"] == "--02-29"
    table = read_table(path)
    preset = detect_preset(table.header)
    assert preset.key == "google"
    first, second = records(table, preset)
    zoe = person()
    assert (first.first_name, first.last_name, first.company, first.title) == (
        zoe.first_name, zoe.last_name, zoe.company, zoe.title,
    )  # fmt: skip
    assert first.emails == list(zoe.emails) and first.phones == list(zoe.phones)
    assert first.birthday == zoe.birthday and first.tags == list(zoe.tags)
    assert first.address == zoe.address
    assert first.notes.startswith(zoe.notes)
    assert second.tags == ["semi;colon", "plain"] and second.birthday == date(NO_YEAR, 2, 29)


def test_outlook_layout(tmp_path: Path) -> None:
    path, data = written(tmp_path, "outlook")
    header, zoe_row, other_row = cells(data)
    assert len(header) == 92 and header[:8] == [
        "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
        "Job Title",
    ]  # fmt: skip
    row = dict(zip(header, zoe_row, strict=True))
    assert (row["First Name"], row["Last Name"], row["Job Title"]) == (
        "Zoë", "O'Brien; Jr", "Head, Sales",
    )  # fmt: skip
    assert (row["E-mail Address"], row["E-mail Type"]) == ("zoe@cafe.example", "SMTP")
    assert row["E-mail Display Name"] == "Zoë O'Brien; Jr (zoe@cafe.example)"
    assert (row["Mobile Phone"], row["Other Phone"]) == ("+358 40 1", "+358 9 2")
    assert (row["Birthday"], row["Categories"]) == ("4/15/1985", "VIP;trade fair 2026")
    assert row["Business Street"] == "Main St 1\n00100 Helsinki" and row["Home Street"] == ""
    assert row["Web Page"] == "https://cafe.example"
    table = read_table(path)
    preset = detect_preset(table.header)
    assert preset.key == "outlook"
    first, second = records(table, preset)
    assert [value for _, value in first.emails] == ["zoe@cafe.example", "z@example.com"]
    assert [value for _, value in first.phones] == ["+358 40 1", "+358 9 2"]
    assert first.birthday == date(1985, 4, 15) and first.tags == ["VIP", "trade fair 2026"]
    assert first.address == "Main St 1\n00100 Helsinki"
    # Outlook needs a year: a birthday without one goes in ours (NO_YEAR), and comes back so.
    assert dict(zip(header, other_row, strict=True))["Birthday"] == "2/29/1604"
    assert second.birthday == date(NO_YEAR, 2, 29)


def test_outlook_puts_what_does_not_fit_in_the_notes() -> None:
    crowded = person(
        emails=tuple(("work", f"e{n}@x.com") for n in range(5)),
        phones=(("mobile", "1"), ("mobile", "2"), ("work", "3")),
        personal_notes="",
    )
    row = dict(zip(csv_writer.OUTLOOK_COLUMNS, csv_writer.outlook_row(crowded), strict=True))
    assert row["E-mail 3 Address"] == "e2@x.com"
    assert (row["Mobile Phone"], row["Business Phone"]) == ("1", "3")
    assert row["Notes"].split("\n") == [
        # what Outlook has no field for, as Google gets it in its custom fields
        "Lifecycle: customer",
        "Owner: Me",
        "Source: fair",
        "Do not contact: yes",
        "Preferred channel: phone",
        "E-mail (work): e3@x.com",
        "E-mail (work): e4@x.com",
        "Phone (mobile): 2",
    ]


@pytest.mark.parametrize("layout", csv_writer.LAYOUTS)
def test_would_be_formulas_are_written_as_text_and_read_back_as_they_were(
    tmp_path: Path, layout: csv_writer.Layout
) -> None:
    risky = person(
        first_name='=HYPERLINK("https://evil.example","Click")',
        last_name="@SUM(A1:A9)",
        title="-2+3",
        company="+cmd|' /C calc'!A0",
        phones=(("", "+358 40 123 4567"), ("", "+358 9 876 5432")),  # "+358 ...; +358 ..."
        personal_notes="=1+1",
        birthday=date(NO_YEAR, 4, 15),
    )
    path = tmp_path / f"{layout}.csv"
    csv_writer.write_csv(path, [[risky]], layout=layout, most=(2, 1), total=1)
    row = cells(path.read_bytes(), ";" if layout == "excel" else ",")[1]
    formulas = ["=HYPERLINK(", "@SUM(A1:A9)", "+cmd|", "=1+1"]  # each would reach out of its cell
    if layout in ("ours", "excel"):  # for a spreadsheet: sums too (not for Google or Outlook)
        formulas.append("-2+3")
    for value in formulas:
        assert not any(cell.startswith(value) for cell in row), value  # a spreadsheet runs none
        assert any(cell.startswith("'" + value) for cell in row), value
    assert any("+358 40 123 4567" in cell for cell in row)  # a phone number stays as it is
    assert not any(cell.startswith("'+358") for cell in row)
    table = read_table(path)
    back = next(iter(records(table, detect_preset(table.header))))
    assert (back.first_name, back.last_name) == (risky.first_name, risky.last_name)
    assert (back.title, back.company) == ("-2+3", "+cmd|' /C calc'!A0")
    assert "=1+1" in back.notes and not back.notes.startswith("'")
    numbers = [number for _, number in back.phones]
    assert "+358 40 123 4567" in numbers
    if layout in ("ours", "excel"):  # both in one cell: "+358 40 123 4567; +358 9 876 5432"
        assert numbers == ["+358 40 123 4567", "+358 9 876 5432"]
    assert back.birthday == date(NO_YEAR, 4, 15)  # "--04-15" (Outlook "4/15/1604") is no formula


@pytest.mark.parametrize("layout", ["google", "outlook"])
def test_google_and_outlook_get_what_is_no_formula_as_it_is(
    tmp_path: Path, layout: csv_writer.Layout
) -> None:
    # Both keep a leading apostrophe as part of the value: "'+Plus GmbH" in the address book.
    plain = [
        person(
            company="+Plus GmbH",
            title="-2+3",
            phones=(("work", "+81-3-1234-5678 ext. 123"), ("mobile", "+1 (555) 010-9999 x12")),
            personal_notes="- call back\n- send the offer",
        ),
        person(uid="e" * 32, first_name="@anna", company="@SUM Corp", personal_notes="-5 points"),
    ]
    path = tmp_path / f"{layout}.csv"
    csv_writer.write_csv(path, [plain], layout=layout, most=(2, 2), total=2)
    rows = cells(path.read_bytes())
    assert not any(cell.startswith("'") for row in rows for cell in row)
    first, second = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    if layout == "google":
        assert (first["Organization Name"], first["Organization Title"]) == ("+Plus GmbH", "-2+3")
        assert first["Phone 1 - Value"] == "+81-3-1234-5678 ext. 123"
        assert first["Phone 2 - Value"] == "+1 (555) 010-9999 x12"
        assert (second["First Name"], second["Organization Name"]) == ("@anna", "@SUM Corp")
    else:
        assert (first["Company"], first["Job Title"]) == ("+Plus GmbH", "-2+3")
        assert first["Business Phone"] == "+81-3-1234-5678 ext. 123"
        assert first["Mobile Phone"] == "+1 (555) 010-9999 x12"
        assert (second["First Name"], second["Company"]) == ("@anna", "@SUM Corp")
    assert first["Notes"].startswith("- call back\n- send the offer")  # Outlook's: and facts
    assert second["Notes"].startswith("-5 points")


@pytest.mark.parametrize(
    ("value", "defused"),
    [
        ("=1+1", True),
        ("= see above", True),
        ("\t=cmd|' /C calc'!A0", True),
        ("-cmd|' /C calc'!A0", True),
        ("@SUM (A1:A9)", True),
        ('+ _xlfn.WEBSERVICE("https://evil.example")', True),
        ("+49 (89) 1234-5 ext. 6", False),
        ("+Plus GmbH", False),
        ("@SUM Corp", False),
        ("- call back (today)", False),
        ("--04-15", False),
    ],
)
def test_what_google_and_outlook_get_defused(value: str, defused: bool) -> None:
    assert csv_writer.defused_for_import([value]) == ["'" + value if defused else value]


def test_the_excel_layout_is_ours_with_semicolons_and_reads_back(tmp_path: Path) -> None:
    path, data = written(tmp_path, "excel")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(csv_writer.OUR_CONTACT_COLUMNS)  # one column per field in Excel
    table = read_table(path)
    assert table.delimiter == ";"
    preset = detect_preset(table.header)
    assert preset.key == "crm_desktop"
    ours_path, _ = written(tmp_path, "ours")
    ours_table = read_table(ours_path)
    from_ours = records(ours_table, detect_preset(ours_table.header))
    assert list(records(table, preset)) == list(from_ours)


@pytest.mark.parametrize("layout", ["google", "outlook"])
def test_what_the_layout_has_no_field_for_comes_back_through_our_importer(
    tmp_path: Path, layout: csv_writer.Layout
) -> None:
    """Google's custom fields and Outlook's notes carry what those programs have no field for;
    Google's are read back into the fields, Outlook's stay readable in the notes."""
    zoe = person(stay_in_touch_days=30, referred_by="Ann Lee")
    path = tmp_path / f"{layout}.csv"
    csv_writer.write_csv(path, [[zoe]], layout=layout, total=1)
    table = read_table(path)
    (back,) = records(table, detect_preset(table.header))
    assert isinstance(back, ImportedContact)
    assert back.referred_by == "Ann Lee"  # Outlook: its "Referred By" column
    if layout == "google":
        assert (back.lifecycle, back.owner, back.source) == ("customer", "Me", "fair")
        assert (back.do_not_contact, back.preferred_channel) == (True, "phone")
        assert back.stay_in_touch_days == 30
    else:
        for line in ("Lifecycle: customer", "Owner: Me", "Source: fair", "Do not contact: yes",
                     "Preferred channel: phone", "Stay in touch (days): 30"):  # fmt: skip
            assert line in back.notes
