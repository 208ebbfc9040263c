"""Reading the values inside cells: dates in the shapes programs write them, amounts of money,
labels of emails and phones, tag lists, yes/no. Each parser returns what it read or says in
plain words why it could not; none raises for a bad value."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation

from crm_desktop.domain.money import minor_digits

# A birthday without a year (vCard "--0322", Google "--03-22") is kept in this year: a leap year
# (so 29 February fits), long past, and the one Apple's address book uses for the same purpose.
NO_YEAR = 1604

_EMPTY_DATES = frozenset(
    {
        "0/0/00",
        "0/0/0000",
        "00/00/00",
        "00/00/0000",
        "00.00.0000",
        "0.0.00",
        "0000-00-00",
        "00-00-0000",
        "--",
        "-",
        "none",
        "n/a",
    }
)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "januar", "enero", "janeiro", "jänner"),
            ("feb", "february", "fevrier", "février", "februar", "febrero", "fevereiro"),
            ("mar", "march", "mars", "märz", "marz", "marzo", "março", "marco"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo", "maio"),
            ("jun", "june", "juin", "juni", "junio", "junho"),
            ("jul", "july", "juillet", "juli", "julio", "julho"),
            ("aug", "august", "aout", "août", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre", "setembro"),
            ("oct", "october", "octobre", "oktober", "octubre", "outubro"),
            ("nov", "november", "novembre", "noviembre", "novembro"),
            ("dec", "december", "decembre", "décembre", "dezember", "diciembre", "dezembro"),
        ),
        1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-?(\d{1,2})-?(\d{1,2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
# A spreadsheet's date whose cell lost its date format shows as its serial number: five digits
# are 1927 to 2173 (four could be a year). Excel counts from 30 Dec 1899 (its 1900 leap day).
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_NUMERIC = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})\.?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})([./])(\d{1,2})\.?$")  # Mailchimp's "03/22", "22.03."
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+", re.UNICODE)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp][Mm])?")
# After a time: "Z" (UTC) or an offset, "+02:00", "-0500", "+01".
_OFFSET = re.compile(r"\s*(?:(Z)|([+-])(\d{2}):?(\d{2})?)$", re.IGNORECASE)


def is_empty_date(text: str) -> bool:
    return not text or text.casefold() in _EMPTY_DATES


def parse_date(text: str, day_first: bool | None = None) -> tuple[date | None, str | None]:
    """A calendar date from ISO, ``--MM-DD`` (no year: ``NO_YEAR``), ``YYYYMMDD``,
    ``MM/DD/YYYY`` (``DD/MM/YYYY`` when ``day_first`` or when the first number passes 12),
    ``DD.MM.YYYY``, ``MM/DD`` and ``DD.MM.`` (no year), "22 March 1980", or a spreadsheet's
    serial number (29221: 1 January 1980); Outlook's "0/0/00" is no date. Returns (date,
    None), (None, None) for no date, or (None, problem)."""
    text = " ".join(text.split())
    if is_empty_date(text):
        return None, None
    if _SERIAL.match(text):  # a date Excel lost its format for: days since 30 Dec 1899
        return _EXCEL_EPOCH + timedelta(days=int(text.split(".")[0])), None
    parts = _date_parts(text, day_first)
    if parts is None:
        return None, f"“{text}” is not a date we can read (expected YYYY-MM-DD)."
    year, month, day = parts
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"“{text}” is not a real date."


def _date_parts(text: str, day_first: bool | None) -> tuple[int, int, int] | None:
    if match := _ISO.match(text):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _NO_YEAR.match(text):
        return NO_YEAR, int(match[1]), int(match[2])
    if match := _NUMERIC.match(text):
        first, separator, middle, last = match[1], match[2], int(match[3]), match[4]
        if len(first) == 4:  # 1980/03/22
            return int(first), middle, int(last)
        year = _full_year(last)
        if separator == "." or day_first or int(first) > 12:
            return year, middle, int(first)
        return year, int(first), middle
    if match := _MONTH_DAY.match(text):  # no year
        first, separator, second = int(match[1]), match[2], int(match[3])
        if separator == "." or day_first or first > 12:
            return NO_YEAR, second, first
        return NO_YEAR, first, second
    words = [word.rstrip(".").casefold() for word in _WORDS.findall(text)]
    months = [MONTHS[word] for word in words if word in MONTHS]
    numbers = [word for word in words if word.isdigit()]
    if len(months) == 1 and len(numbers) in (1, 2):
        day_text = numbers[0] if len(numbers[0]) <= 2 else ""
        year_text = next((n for n in numbers if len(n) == 4), "")
        if day_text and (len(numbers) == 1 or year_text):
            return int(year_text) if year_text else NO_YEAR, months[0], int(day_text)
    return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        pivot = date.today().year % 100
        return 2000 + year if year <= pivot else 1900 + year
    return year


def parse_datetime(text: str, day_first: bool | None = None) -> tuple[datetime | None, str | None]:
    """A date with an optional time of day ("2024-03-01 14:30", "03/01/2024 2:30 PM"): naive,
    in the user's own time, unless a "Z" or an offset follows the time ("…T14:30:00Z")."""
    text = " ".join(text.split())
    if is_empty_date(text):
        return None, None
    day_text, _, rest = text.replace("T", " ", 1).partition(" ")
    day, problem = parse_date(day_text, day_first)
    if day is None:
        whole, problem_whole = parse_date(text, day_first)  # "22 March 1980"
        if whole is None:
            return None, problem or problem_whole
        return datetime.combine(whole, time()), None
    moment, problem = parse_time(rest) if rest else (time(), None)
    if moment is None:
        return datetime.combine(day, time()), problem
    return datetime.combine(day, moment), None


def parse_time(text: str) -> tuple[time | None, str | None]:
    text = text.strip()
    if not text:
        return None, None
    match = _TIME.search(text)
    if not match:
        return None, f"“{text}” is not a time of day we can read (expected HH:MM)."
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
    try:
        return time(hour, minute, second, tzinfo=_zone(text[match.end() :])), None
    except ValueError:
        return None, f"“{text}” is not a real time of day."


def _zone(rest: str) -> timezone | None:
    """The zone a time names after it ("Z", "+02:00"), or None: the user's own time."""
    found = _OFFSET.match(rest)
    if found is None:
        return None
    if found[1]:
        return UTC
    minutes = int(found[3]) * 60 + int(found[4] or 0)
    return timezone(timedelta(minutes=-minutes if found[2] == "-" else minutes))


def is_slashed_date(text: str) -> bool:
    """Whether ``text`` is a date that may be month or day first ("03/04/2024")."""
    match = _NUMERIC.match(text.strip())
    return match is not None and match[2] != "." and len(match[1]) <= 2


def guess_day_first(texts: Iterable[str]) -> bool | None:
    """Whether a file's slashed dates put the day first: True if one has a first number over 12,
    False if one has a middle number over 12, None when none says (read up to the first that
    does)."""
    for text in texts:
        match = _NUMERIC.match(text.strip())
        if match and match[2] != "." and len(match[1]) <= 2:
            if int(match[1]) > 12:
                return True
            if int(match[3]) > 12:
                return False
    return None


_CURRENCY_SIGNS = {
    "€": "EUR",
    "$": "USD",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "R$": "BRL",
    "CHF": "CHF",
    "zł": "PLN",
    "kr": "SEK",
}
_AMOUNT = re.compile(r"-?[\d.,' \u00a0\u202f]*\d")
_CODE = re.compile(r"\b([A-Z]{3})\b")


def parse_amount(text: str, currency: str = "") -> tuple[int, str, str | None]:
    """Money as (minor units, currency code found in the text or "", problem): "1,234.50",
    "1.234,50 €", "EUR 1 234", "5000" all read; a bare "1,234" is a thousand and more."""
    text = text.strip()
    if not text:
        return 0, "", None
    found = ""
    if match := _CODE.search(text):
        found = match[1]
    else:
        for sign, code in _CURRENCY_SIGNS.items():
            if sign in text:
                found = code
                break
    number = _AMOUNT.search(text)
    if not number:
        return 0, found, f"“{text}” is not an amount of money we can read."
    digits = re.sub(r"[' \u00a0\u202f]", "", number[0])
    digits = _decimal_point(digits)
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        return 0, found, f"“{text}” is not an amount of money we can read."
    scale = 10 ** minor_digits(currency or found or "EUR")
    return int((amount * scale).to_integral_value()), found, None


def _decimal_point(digits: str) -> str:
    """ "1.234,50" -> "1234.50"; "1,234.50" -> "1234.50"; "1,5" -> "1.5"; "1,234" -> "1234"."""
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
        thousands = "," if decimal == "." else "."
        return digits.replace(thousands, "").replace(decimal, ".")
    separator = "." if last_dot >= 0 else "," if last_comma >= 0 else ""
    if not separator:
        return digits
    if digits.count(separator) > 1 or len(digits) - digits.rfind(separator) - 1 == 3:
        return digits.replace(separator, "")  # thousands: "1,234,567" or "1,234"
    return digits.replace(separator, ".")


# Said after what a row could not read but kept, so the person still comes in (a birthday).
KEPT_IN_NOTES = "It was left out; the notes keep it as the file had it."


_TRUE = frozenset(
    {
        "true",
        "yes",
        "y",
        "1",
        "x",
        "done",
        "erledigt",
        "ja",
        "oui",
        "si",
        "sí",
        "sim",
        "terminé",
        "termine",
        "fait",
        "effectué",
        "effectue",
        "terminée",
        "hecho",
        "hecha",
        "realizada",
        "realizado",
        "completada",
        "completado",
        "concluído",
        "concluido",
        "concluída",
        "concluida",
        "feito",
        "feita",
        "completed",
        "wahr",
        "vrai",
        "verdadero",
        "verdadeiro",
    }
)
_FALSE = frozenset(
    {
        "false",
        "no",
        "n",
        "0",
        "to do",
        "todo",
        "not done",
        "open",
        "nein",
        "non",
        "não",
        "nao",
        "zu erledigen",
        "offen",
        "à faire",
        "a faire",
        "pendiente",
        "por hacer",
        "a fazer",
        "pendente",
        "falsch",
        "faux",
        "falso",
    }
)


# "Not done" in the languages of the exports we read: a negation before a word for done
# ("No hecho", "Não concluída", "Nicht erledigt", "Pas fait", "Non effectué").
_NOT = ("not ", "no ", "não ", "nao ", "nicht ", "pas ", "non ")


def parse_bool(text: str) -> bool | None:
    word = " ".join(text.split()).casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    for negation in _NOT:
        if word.startswith(negation) and word.removeprefix(negation) in _TRUE:
            return False
    return None


def format_address(parts: list[str]) -> str:
    """One text from an ADR's seven parts (PO box, extended, street, city, region, postal code,
    country): street lines first, then "City, Region Code" (or "Code City" when there is no
    region), then the country."""
    parts = [(p or "").strip() for p in (list(parts) + [""] * 7)[:7]]
    box, extended, street, city, region, code, country = parts
    lines = [line for line in (street, extended) if line]
    if box:
        lines.append(box if not box[:1].isdigit() else f"PO Box {box}")
    if region:  # "Austin, TX 73301"; without a region, the European "10115 Berlin"
        place = ", ".join(p for p in (city, f"{region} {code}".strip()) if p)
    else:
        place = f"{code} {city}".strip()
    lines.extend(p for p in (place, country) if p)
    return "\n".join(line.strip(" ,") for line in lines if line.strip(" ,"))
