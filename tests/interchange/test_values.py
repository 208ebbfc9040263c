"""The values inside cells: birthdays in every shape programs write them, money, labels, tags,
yes and no; a value that cannot be read says why, in words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crm_desktop.interchange.labels import label, label_of_types, split_tags
from crm_desktop.interchange.values import (
    NO_YEAR,
    format_address,
    guess_day_first,
    parse_amount,
    parse_bool,
    parse_date,
    parse_datetime,
)
from crm_desktop.interchange.words import html_to_text, lifecycle, status_of_stage


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("1980-03-22", None, date(1980, 3, 22)),
        ("19800322", None, date(1980, 3, 22)),
        ("1980-03-22T00:00:00Z", None, date(1980, 3, 22)),
        ("--03-22", None, date(NO_YEAR, 3, 22)),
        ("--0322", None, date(NO_YEAR, 3, 22)),
        ("03/22/1980", None, date(1980, 3, 22)),
        ("3/4/1980", None, date(1980, 3, 4)),  # month first unless the file says otherwise
        ("3/4/1980", True, date(1980, 4, 3)),
        ("22/03/1980", None, date(1980, 3, 22)),  # a first number over 12 is a day
        ("22.03.1980", None, date(1980, 3, 22)),
        ("4.3.1980", None, date(1980, 3, 4)),  # dots: the day comes first
        ("1980/03/22", None, date(1980, 3, 22)),
        ("22 March 1980", None, date(1980, 3, 22)),
        ("March 22, 1980", None, date(1980, 3, 22)),
        ("22. März 1980", None, date(1980, 3, 22)),
        ("22 mars", None, date(NO_YEAR, 3, 22)),
        ("29/02/2000", None, date(2000, 2, 29)),
        ("--02-29", None, date(NO_YEAR, 2, 29)),  # the no-year year is a leap year
        ("03/22", None, date(NO_YEAR, 3, 22)),  # Mailchimp's birthdays: month and day
        ("3/4", None, date(NO_YEAR, 3, 4)),
        ("3/4", True, date(NO_YEAR, 4, 3)),
        ("22/03", None, date(NO_YEAR, 3, 22)),
        ("4.3.", None, date(NO_YEAR, 3, 4)),  # dots: the day comes first
    ],
)
def test_dates(text: str, day_first: bool | None, expected: date) -> None:
    assert parse_date(text, day_first) == (expected, None)


@pytest.mark.parametrize("text", ["", "0/0/00", "0/0/0000", "00.00.0000", "0000-00-00", "  "])
def test_no_date(text: str) -> None:
    assert parse_date(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1980-02-30", "“1980-02-30” is not a real date."),
        ("31/31/1980", "“31/31/1980” is not a real date."),
        ("--13-01", "“--13-01” is not a real date."),
        ("soon", "“soon” is not a date we can read (expected YYYY-MM-DD)."),
    ],
)
def test_impossible_dates_are_problems(text: str, problem: str) -> None:
    assert parse_date(text) == (None, problem)


def test_two_digit_years_and_the_files_own_order() -> None:
    assert parse_date("3/22/80")[0] == date(1980, 3, 22)
    assert parse_date("3/22/05")[0] == date(2005, 3, 22)
    assert guess_day_first(["3/4/1980", "", "25/12/1990"]) is True
    assert guess_day_first(["3/4/1980", "12/25/1990"]) is False
    assert guess_day_first(["1980-03-04", "4.3.1980"]) is None


def test_date_and_time() -> None:
    assert parse_datetime("2026-03-05 14:30:00") == (datetime(2026, 3, 5, 14, 30), None)
    # a zone after the time is kept; without one the time is the user's own (naive)
    utc = datetime(2026, 3, 5, 14, 30, tzinfo=UTC)
    assert parse_datetime("2026-03-05T14:30:00Z") == (utc, None)
    assert parse_datetime("2026-03-05T14:30:00.000Z") == (utc, None)
    assert parse_datetime("2026-03-05T16:30:00+02:00") == (utc, None)
    assert parse_datetime("2026-03-05 09:30 -0500") == (utc, None)
    assert parse_datetime("3/5/2026 2:30 PM") == (datetime(2026, 3, 5, 14, 30), None)
    assert parse_datetime("2026-03-05") == (datetime(2026, 3, 5), None)
    assert parse_datetime("2026-03-05 25:99")[1] == "“25:99” is not a real time of day."


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("1234", "", (123400, "", None)),
        ("1,234.50", "", (123450, "", None)),
        ("1.234,50 €", "", (123450, "EUR", None)),
        ("EUR 1 234", "", (123400, "EUR", None)),
        ("$1,234", "", (123400, "USD", None)),
        ("1,5", "", (150, "", None)),
        ("-20.5", "", (-2050, "", None)),
        ("1200", "JPY", (1200, "", None)),  # yen have no minor unit
        ("12.500,00", "EUR", (1250000, "", None)),
    ],
)
def test_amounts(text: str, currency: str, expected: tuple[int, str, None]) -> None:
    assert parse_amount(text, currency) == expected


def test_an_amount_that_is_not_one() -> None:
    assert parse_amount("a lot") == (0, "", "“a lot” is not an amount of money we can read.")


@pytest.mark.parametrize(
    ("raw", "ours"),
    [
        ("* Home", "home"),
        ("Mobile", "mobile"),
        ("Work Fax", "work fax"),
        ("_$!<HomePage>!$_", "homepage"),
        ("_$!<Mobile>!$_", "mobile"),
        ("Geschäftlich", "work"),
        ("Móvil", "mobile"),
        ("Travail", "work"),
        ("GRAND_CENTRAL", "GRAND_CENTRAL"),  # a custom label is kept as written
    ],
)
def test_labels(raw: str, ours: str) -> None:
    assert label(raw) == ours


def test_labels_of_vcard_types() -> None:
    assert label_of_types(["WORK", "VOICE", "PREF"]) == "work"
    assert label_of_types(["HOME", "FAX"]) == "home fax"
    assert label_of_types(["CELL", "VOICE"]) == "mobile"
    assert label_of_types(["INTERNET"]) == ""
    assert label_of_types(["school"]) == "school"
    assert label_of_types(["school"], keep_unknown=False) == ""


def test_tags() -> None:
    assert split_tags("* myContacts ::: Friends ::: * starred") == ["Friends"]
    assert split_tags("VIP;Customers; VIP") == ["VIP", "Customers"]
    assert split_tags("a, b") == ["a", "b"]
    assert split_tags("My Contacts") == []


def test_words_in_other_languages() -> None:
    assert lifecycle("Marketing Qualified Lead") == "lead"
    assert lifecycle("Kunde") == "customer"
    assert lifecycle("opportunity") == "prospect"
    assert lifecycle("Someday") is None
    assert status_of_stage("Closed Won") == "won"
    assert status_of_stage("Verloren") == "lost"
    assert status_of_stage("Proposal") == ""
    assert parse_bool("Concluído") is True
    assert parse_bool("À faire") is False
    for not_done in ("No hecho", "Não concluída", "Nicht erledigt", "Pas fait", "Not  done"):
        assert parse_bool(not_done) is False, not_done
    assert parse_bool("Fait") is True
    assert parse_bool("no idea") is None  # a negation of nothing known
    assert parse_bool("maybe") is None
    assert html_to_text("<p>a &amp; b</p><p>c<br/>d</p>") == "a & b\nc\nd"
    assert html_to_text("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2"


def test_address_text() -> None:
    parts = ["", "Suite 5", "1 Main St", "Austin", "TX", "73301", "USA"]
    assert format_address(parts) == "1 Main St\nSuite 5\nAustin, TX 73301\nUSA"
    assert format_address(["12", "", "", "Berlin", "", "", ""]) == "PO Box 12\nBerlin"
    assert format_address([""] * 7) == ""


def test_a_date_that_lost_its_cell_format_is_read_from_its_serial_number() -> None:
    assert parse_date("29221") == (date(1980, 1, 1), None)  # as Excel counts
    assert parse_date("45292.0") == (date(2024, 1, 1), None)
    assert parse_date("1985")[0] is None  # a year alone is no day
    assert parse_datetime("45292") == (datetime(2024, 1, 1), None)
