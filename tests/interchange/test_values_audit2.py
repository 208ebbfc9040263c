"""Values an audit found read wrong: several e-mails or phones in one cell (Pipedrive's ", ",
HubSpot's ";", a sheet's " / "), the deal statuses of a French Pipedrive account, phones Excel
turned into "3,36123E+10", and a sheet's total line read as a person."""

from __future__ import annotations

from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from crm_desktop.domain.contacts import ContactDetail
from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import detect_preset, read_table, records
from crm_desktop.interchange.multi_values import (
    is_scientific,
    is_total_line,
    split_emails,
    split_phones,
)
from crm_desktop.interchange.words import status
from crm_desktop.store.db import sql


def write(tmp_path: Path, text: str, name: str = "file.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def imported(services: Services, path: Path, sheet: str | None = None) -> ImportReport:
    """``path`` imported as the command imports it: the stages its deals name made first."""
    table = read_table(path, sheet=sheet)
    preset = detect_preset(table.header)
    service = ImportService(services.clock, services.actor_id)
    options = ImportOptions()
    deals = [r for r in records(table, preset) if isinstance(r, ImportedDeal)]
    if deals:
        options.stage_map = dict.fromkeys(service.unknown_stages(deals))
    return service.run(
        records(table, preset), file_name=path.name, source=preset.key, options=options
    )


def people(services: Services) -> dict[str, ContactDetail]:
    rows = services.contacts.page(limit=100)
    return {row.display_name: services.contacts.get(row.id) for row in rows}


# -- several values in one cell ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a@x.com, b@y.com", ["a@x.com", "b@y.com"]),
        ("a@x.com;b@y.com", ["a@x.com", "b@y.com"]),
        ("Ann Lee <ann@x.com>", ["ann@x.com"]),
        ("Lee, Ann <ann@x.com>; Bo <bo@y.com>", ["ann@x.com", "bo@y.com"]),
        ("ann@x.com", ["ann@x.com"]),
        ("ann@", ["ann@"]),  # not an address: the import says so
    ],
)
def test_emails_of_a_cell(text: str, expected: list[str]) -> None:
    assert split_emails(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+34 910 000 001, +34 910 000 002", ["+34 910 000 001", "+34 910 000 002"]),
        ("+1 555 0100; +1 555 0101", ["+1 555 0100", "+1 555 0101"]),
        ("+1 555 0100 / +1 555 0101", ["+1 555 0100", "+1 555 0101"]),
        ("0171 5555555 / 0221 1234567", ["0171 5555555", "0221 1234567"]),
        ("030 / 1234567", ["030 / 1234567"]),  # one German number
        ("+49 6221/123456", ["+49 6221/123456"]),
        ("+44 20 7946 0958, 0123", ["+44 20 7946 0958, 0123"]),  # not a second number
        ("+1 555 123 4567 x123", ["+1 555 123 4567 x123"]),
        ("+1 555 123 4567, ext. 12", ["+1 555 123 4567, ext. 12"]),
        (
            "+1 (555) 123-4567 ext. 12, +1 555 987 6543",
            ["+1 (555) 123-4567 ext. 12", "+1 555 987 6543"],
        ),
        ("tel:+1-201-555-0123;ext=1234", ["tel:+1-201-555-0123;ext=1234"]),
    ],
)
def test_phones_of_a_cell(text: str, expected: list[str]) -> None:
    assert split_phones(text) == expected


PIPEDRIVE_PEOPLE = """\
"Person - ID","Person - Name","Person - Email - Work","Person - Email - Home",\
"Person - Phone - Work","Person - Phone - Mobile","Person - Organization"
"701","Ana García","ana@work.example, ana.garcia@work.example","ana@home.example",\
"+34 910 000 001, +34 910 000 002","+34 600 000 001","Hola SL"
"""


def test_a_pipedrive_cell_of_two_emails_and_of_two_phones(
    services: Services, tmp_path: Path
) -> None:
    report = imported(services, write(tmp_path, "\ufeff" + PIPEDRIVE_PEOPLE))
    assert (report.created, report.warnings) == (1, [])
    ana = people(services)["Ana García"]
    assert ana.emails == (
        ("work", "ana@work.example"),
        ("work", "ana.garcia@work.example"),
        ("home", "ana@home.example"),
    )
    assert ana.phones == (
        ("work", "+34 910 000 001"),
        ("work", "+34 910 000 002"),
        ("mobile", "+34 600 000 001"),
    )


def test_hubspot_additional_emails_and_a_sheet_of_several_per_cell(
    services: Services, tmp_path: Path
) -> None:
    hubspot = write(
        tmp_path,
        "Record ID,First Name,Last Name,Email,Additional email addresses,Phone Number\n"
        "61,Per,Hansen,per@hansen.example,per.hansen@old.example;p@hansen.example,"
        "+45 12 34 56 78\n",
        "hubspot.csv",
    )
    sheet = write(
        tmp_path,
        "Name,Email,Phone\n"
        'Multi Person,"a@x.example; b@y.example","+1 555 0100 / +1 555 0101"\n'
        'Comma Person,"c@x.example, d@y.example","+1 555 0102, +1 555 0103"\n',
    )
    assert imported(services, hubspot).warnings == []
    assert imported(services, sheet).warnings == []
    found = people(services)
    assert [e for _, e in found["Per Hansen"].emails] == [
        "per@hansen.example",
        "per.hansen@old.example",
        "p@hansen.example",
    ]
    assert [e for _, e in found["Multi Person"].emails] == ["a@x.example", "b@y.example"]
    assert [p for _, p in found["Multi Person"].phones] == ["+1 555 0100", "+1 555 0101"]
    assert [e for _, e in found["Comma Person"].emails] == ["c@x.example", "d@y.example"]
    assert [p for _, p in found["Comma Person"].phones] == ["+1 555 0102", "+1 555 0103"]


# -- phones Excel turned into numbers ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3,36123E+10", True), ("4.91511E+12", True), ("1e+10", True), ("+33 6 12", False)],
)
def test_scientific_notation(text: str, expected: bool) -> None:
    assert is_scientific(text) is expected


FRENCH_SHEET = """\
Nom;Prénom;Société;Téléphone;Portable;E-mail;Remarques
Lefèvre;Hélène;Crêperie Ça Va;01 23 45 67 89;3,36123E+10;helene@creperie.example;Cliente
Dupont;Jean-François;;;;jf.dupont@example.fr;
;;;;;;
Total : 2 contacts;;;;;;
"""


def test_a_phone_excel_turned_into_a_number_is_kept_in_the_notes(
    services: Services, tmp_path: Path
) -> None:
    report = imported(services, write(tmp_path, FRENCH_SHEET, encoding="cp1252"))
    assert (
        2,
        "Phone: Excel turned this number into “3,36123E+10”, and its digits are lost. It was"
        " left out; the notes keep it as the file had it.",
    ) in report.warnings
    helene = people(services)["Hélène Lefèvre"]
    assert [p for _, p in helene.phones] == ["01 23 45 67 89"]
    assert "Portable: 3,36123E+10" in helene.personal_notes


def test_a_company_phone_excel_turned_into_a_number_is_not_its_phone(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "Organization - Name,Organization - Phone\nAcme,4.91511E+12\n")
    imported(services, path)
    phone, notes = sql("SELECT phone, notes FROM company WHERE name = 'Acme'").fetchone()
    assert (phone, notes) == ("", "Organization - Phone: 4.91511E+12")


# -- total lines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["Total : 3 contacts", "", ""], True),
        (["Total", "", "€1,234.50", ""], True),
        (["", "Summe", "12500.5"], True),
        (["Gesamt: 12"], True),
        (["Somme", "1 234,50 €"], True),
        (["Total", "Müller"], False),  # a person called Total Müller
        (["Total Müller"], False),
        (["Totally"], False),
        (["", ""], False),
    ],
)
def test_total_lines(values: list[str], expected: bool) -> None:
    assert is_total_line(values) is expected


TOTAL_RE = "looks like a total line, not a person; it was left out."


def test_total_lines_are_left_out_with_a_warning(services: Services, tmp_path: Path) -> None:
    french = imported(services, write(tmp_path, FRENCH_SHEET, "fr.csv", "cp1252"))
    us = imported(
        services,
        write(
            tmp_path,
            "\ufeffFirst Name,Last Name,Email,Phone,Deal Value\n"
            "Renée,O'Brien,renee@obrien.example,,\n"
            "Ann,Total,ann@total.example,,\n"
            ",,,,\n"
            'Total,,,,"€1,234.50"\n',
            "us.csv",
        ),
    )
    assert (french.created, french.skipped, french.rejected) == (2, 1, [])
    assert (5, f"It {TOTAL_RE}") in french.warnings
    assert (us.created, us.skipped, us.rejected) == (2, 1, [])
    assert us.warnings == [(5, f"It {TOTAL_RE}")]
    assert sorted(people(services)) == [
        "Ann Total",  # a person whose name is Total, with an e-mail, comes in
        "Hélène Lefèvre",
        "Jean-François Dupont",
        "Renée O'Brien",
    ]


def test_a_workbook_sum_line_is_left_out(services: Services, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kontakte"
    sheet.append(["Vorname", "Nachname", "E-Mail", "Umsatz"])
    sheet.append(["Hans", "Gruber", "hans@nakatomi.example", 12500.5])
    sheet.append(["Maria", "Weber", "maria@weber.example", 300])
    sheet.append(["Summe", None, None, "=SUM(D2:D3)"])
    path = tmp_path / "kontakte.xlsx"
    book.save(path)
    report = imported(services, path, sheet="kontakte")
    assert (report.created, report.skipped, report.warnings) == (
        2,
        1,
        [(4, f"It {TOTAL_RE}")],
    )


# -- deal statuses in the user's language --------------------------------------------------

FRENCH_DEALS = """\
Affaire - ID,Affaire - Titre,Affaire - Valeur,Affaire - Devise de Valeur,Affaire - Étape,\
Affaire - Statut
301,Lumière – refonte boutique,15000,EUR,Proposition faite,Ouverte
302,Costa – contrat annuel,8200.50,USD,Négociations commencées,Gagnée
303,Perdu sur prix,2300,GBP,Prospect qualifié,Perdue
304,Effacée,100,EUR,Étape d'une affaire effacée,Supprimée
305,En pause,100,EUR,Relance,En attente
306,Illisible,beaucoup,EUR,Étape d'une affaire rejetée,Ouverte
"""


def test_french_pipedrive_statuses(services: Services, tmp_path: Path) -> None:
    report = imported(services, write(tmp_path, "\ufeff" + FRENCH_DEALS))
    leads = dict(
        sql(
            "SELECT lead.title, stage.name || ' ' || lead.status FROM lead"
            " JOIN stage ON stage.id = lead.stage_id"
        ).fetchall()
    )
    assert leads == {
        "Lumière – refonte boutique": "Proposition faite open",
        "Costa – contrat annuel": "Won won",
        "Perdu sur prix": "Lost lost",
        "En pause": "Relance open",  # a status we do not know: its stage decides
    }
    assert report.warnings == [
        (6, "Status: “En attente” is not a status we know (open, won or lost): its stage decides.")
    ]
    assert [line for line, _ in report.rejected] == [5, 7]
    assert "deleted" in report.rejected[0][1]
    stages = [name for (name,) in sql("SELECT name FROM stage ORDER BY position").fetchall()]
    assert "Proposition faite" in stages and "Relance" in stages
    assert not [name for name in stages if name.startswith("Étape")]  # rejected rows make none


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Ouvert", "open"),
        ("Ouverte", "open"),
        ("Offen", "open"),
        ("Abierta", "open"),
        ("Aberta", "open"),
        ("Gagné", "won"),
        ("Ganha", "won"),
        ("Perdida", "lost"),
        ("Gelöscht", "deleted"),
        ("Excluída", "deleted"),
        ("Eliminado", "deleted"),
    ],
)
def test_status_words(word: str, expected: str) -> None:
    assert status(word) == expected


def test_notes_written_with_windows_line_breaks_are_stored_with_the_apps_own(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "outlook.csv"
    path.write_bytes(
        b'Name,Email,Notes\r\nAnn Lee,ann@x.com,"Delivers Mondays.\r\nPays in 30 days."\r\n'
    )
    imported(services, path)
    assert people(services)["Ann Lee"].personal_notes == "Delivers Mondays.\nPays in 30 days."


def test_every_cell_written_with_windows_line_breaks_is_stored_with_the_apps_own(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "suitecrm.csv"  # SuiteCRM's street cells hold the lines of the street
    path.write_bytes(
        b"First Name,Last Name,Primary Address Street,Primary Address City,Title\r\n"
        b'Ann,Lee,"1 Main St\r\nSuite 400",Boston,"Head of\rSales"\r\n'
    )
    imported(services, path)
    ann = people(services)["Ann Lee"]
    assert ann.address == "1 Main St\nSuite 400\nBoston"
    assert "\r" not in ann.title


def test_a_cell_holding_a_json_list_gives_its_emails_and_phones(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "twenty.csv"  # Twenty's people export: additional values as JSON
    path.write_text(
        "Id,Name / First Name,Name / Last Name,Emails / Primary Email,Emails / Additional Emails,"
        "Phones / Primary Phone Number,Phones / Additional Phones\n"
        'a1,Chris,Callisto,chris@c.example,"[""c2@c.example"",""c3@old.example""]",'
        '+33 789012345,"[{""number"":""612345678"",""callingCode"":""+33""}]"\n'
        "a2,Sylvie,Palmer,sylvie@p.example,[],,[]\n",
        encoding="utf-8",
    )
    report = imported(services, path)
    assert report.warnings == []  # "[]" is no e-mail address
    found = people(services)
    assert [e for _, e in found["Chris Callisto"].emails] == [
        "chris@c.example",
        "c2@c.example",
        "c3@old.example",
    ]
    assert [p for _, p in found["Chris Callisto"].phones] == ["+33 789012345", "+33 612345678"]
    assert [e for _, e in found["Sylvie Palmer"].emails] == ["sylvie@p.example"]
    twenty = '[{"number":"612345678","callingCode":"+33","countryCode":"FR"}, "+1 555 0100"]'
    assert split_phones(twenty) == ["+33 612345678", "+1 555 0100"]
    assert split_phones("[]") == [] and split_emails("[]") == []


def test_a_calling_code_column_goes_before_the_number_written_without_it(
    services: Services, tmp_path: Path
) -> None:
    """Twenty's newer exports give the primary phone's number, country and calling code in
    columns of their own: the code joins the number, and the country's letters are not kept
    beside it; where no number takes the code, code and country stay in the notes."""
    path = tmp_path / "twenty.csv"
    path.write_text(
        "Name / First Name,Name / Last Name,Phones / Primary Phone Number,"
        "Phones / Primary Phone Country Code,Phones / Primary Phone Calling Code\n"
        "Chris,Callisto,612345678,FR,+33\n"
        "Uma,Ueda,07700 900123,GB,44\n"  # a trunk 0 is not dialled from abroad
        "Ida,Rossi,06 1234 5678,IT,+39\n"  # but in Italy it is
        "Ned,Nash,+1 555 0100,US,+1\n"  # written with its code already
        "Oli,Olsen,,NO,+47\n"  # no number to take it
        "Pia,Park,5550100,KR,\n",  # the country only
        encoding="utf-8",
    )
    assert imported(services, path).rejected == []
    found = people(services)

    def phones(name: str) -> list[str]:
        return [p for _, p in found[name].phones]

    assert phones("Chris Callisto") == ["+33 612345678"]
    assert phones("Uma Ueda") == ["+44 7700 900123"]
    assert phones("Ida Rossi") == ["+39 06 1234 5678"]
    assert phones("Ned Nash") == ["+1 555 0100"]
    for name in ("Chris Callisto", "Uma Ueda", "Ned Nash"):
        assert "Code" not in found[name].personal_notes
    assert "Phone calling code: +47" in found["Oli Olsen"].personal_notes
    assert "Phones / Primary Phone Country Code: NO" in found["Oli Olsen"].personal_notes
    assert phones("Pia Park") == ["5550100"]
    assert "Phones / Primary Phone Country Code: KR" in found["Pia Park"].personal_notes
