"""Several e-mails or phones in one cell, as exports join them, told apart; a cell that is
phone numbers alone; a phone that Excel turned into a number in scientific notation, its digits
lost; a sheet's total line."""

from __future__ import annotations

import json
import re

# Several e-mails or phones in one cell: Pipedrive joins a label's values with ", ", HubSpot
# its additional e-mails with ";", people write "a@x.com; b@y.com" or "+1 555 0100 / +1 555 0101".
_EMAIL_SEPARATOR = re.compile(r"[;,]")
_ANGLED = re.compile(r"<\s*([^<>\s]+@[^<>\s]+)\s*>")  # "Ann Lee <ann@example.com>"
_PHONE_SEPARATOR = re.compile(r"([;,/])")
_PHONE_SHAPE = re.compile(r"^\s*\+?[\d\s().\-/\u00a0]*$")
_EXTENSION = re.compile(
    r"\s*(?:x|ext\.?|extension|durchwahl|dw\.?|poste|ramal|anexo|#)\s*\d+\s*$", re.IGNORECASE
)
# What Excel shows a long number as once it took a phone for one: "3,36123E+10", "4.91511E+12".
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$", re.IGNORECASE)


def split_emails(text: str) -> list[str]:
    """The addresses of a cell that holds several ("a@x.com, b@y.com", "a@x.com;b@y.com"), each
    "Ann Lee <ann@x.com>" as its address. A comma or semicolon splits only between addresses:
    a name such as "Lee, Ann <ann@x.com>" stays with its address."""
    listed = json_list(text)
    if listed is not None:
        return [_address_of(str(item)) for item in listed if isinstance(item, str) and item]
    if text.count("@") < 2:
        return [_address_of(text)]
    found: list[str] = []
    pending: list[str] = []
    for part in _EMAIL_SEPARATOR.split(text):
        pending.append(part)
        if "@" in part:
            found.append(_address_of(",".join(pending)))
            pending = []
    found.append(",".join(pending).strip())  # words after the last address: the import warns
    return [address for address in found if address]


def _address_of(text: str) -> str:
    angled = _ANGLED.search(text)
    return angled[1] if angled else text.strip()


def split_phones(text: str) -> list[str]:
    """The numbers of a cell that holds several: a ";" or "," splits where a whole number
    stands on both sides of it ("+34 910 000 001, +34 910 000 002"), a "/" only where the one
    after it starts with "+" or both are long ("0171 5555555 / 0221 1234567"), since "030 /
    123456" is one number. An extension ("x123", "ext. 12") stays with its number."""
    listed = json_list(text)
    if listed is not None:
        return [number for number in map(_json_phone, listed) if number]
    pieces = _PHONE_SEPARATOR.split(text)
    if len(pieces) == 1:
        return [text.strip()]
    found: list[str] = []
    current = pieces[0]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if _splits(current, separator, piece):
            found.append(current.strip())
            current = piece
        else:
            current += separator + piece
    found.append(current.strip())
    return [number for number in found if number]


def json_list(text: str) -> list[object] | None:
    """A cell holding a JSON list, as Twenty exports additional e-mails and phones
    ('["a@x.com","b@y.com"]', '[]'), as that list; None for any other text."""
    text = text.strip()
    if not (text.startswith("[") and text.endswith("]")):
        return None
    try:
        found = json.loads(text)
    except ValueError:
        return None
    return found if isinstance(found, list) else None


def _json_phone(item: object) -> str:
    """A number in a JSON list: a string, or Twenty's {"number", "callingCode"} object."""
    if isinstance(item, str):
        return item.strip()
    if isinstance(item, dict):
        number = str(item.get("number") or "").strip()
        code = str(item.get("callingCode") or "").strip()
        return f"{code} {number}" if code and number and not number.startswith("+") else number
    return ""


def _splits(before: str, separator: str, after: str) -> bool:
    first, second = _digits_of_number(before), _digits_of_number(after)
    if first < 6 or second < 6:
        return False
    return separator != "/" or after.lstrip().startswith("+") or min(first, second) >= 8


def _digits_of_number(text: str) -> int:
    """How many digits ``text`` has if it is a phone number alone (an extension aside), else 0."""
    bare = _EXTENSION.sub("", text)
    if not _PHONE_SHAPE.match(bare):
        return 0
    return sum(ch.isdigit() for ch in bare)


def is_phone_number(text: str) -> bool:
    """Whether a cell holds phone numbers and nothing else: "+91 80 4123 4567", "555 0100 x12",
    not "Acme Inc" or "see notes"."""
    numbers = split_phones(text)
    return bool(numbers) and all(_digits_of_number(number) >= 3 for number in numbers)


def is_scientific(text: str) -> bool:
    """Whether a phone cell holds what Excel made of a long number ("3,36123E+10"): its
    digits after the sixth or so are gone."""
    return bool(_SCIENTIFIC.match(text.strip()))


# A sheet's last line that adds up the others: "Total", "Summe", "Total : 3 contacts".
_TOTAL = re.compile(
    r"^(?:total|totals|summe|gesamt|somme|suma|soma|totale|totaal)"
    r"(?:\s*:?\s*[-+]?\d[\d\s.,'\u00a0\u202f]*(?:\s+[^\W\d_]+)?|\s*:)?$",
    re.IGNORECASE,
)
# A sum beside it: "12500.5", "€1,234.50", "1 234,50 €", "EUR 1234", "75 %".
_FIGURE = re.compile(
    r"^(?:[A-Z]{3}\s?|[€$£¥₹]\s?)?[-+]?\d[\d\s.,'\u00a0\u202f]*(?:\s?[%€$£¥₹]|\s[A-Z]{3})?$"
)


def is_total_line(values: list[str]) -> bool:
    """Whether a row holds nothing but a total's label ("Total", "Summe", "Somme : 3") and
    figures: the line a spreadsheet adds below a list, not a person."""
    first = next((value for value in values if value and not value.isspace()), None)
    if first is None or not _TOTAL.match(first.strip()):  # (every row asks: quick when not)
        return False
    cells = [value.strip() for value in values if value and not value.isspace()]
    return all(_FIGURE.match(cell) for cell in cells[1:])
