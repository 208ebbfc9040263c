"""Where our Outlook CSV layout puts a contact's phones and address, so that Outlook, and our own
Outlook preset, read them back as what they were: a work fax as "Business Fax", the address in
its street, city, state, postal code and country columns."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crm_desktop.interchange.preset_tables import OUTLOOK_COLUMNS as READ_AS
from crm_desktop.interchange.values import format_address
from crm_desktop.interchange.words import fold


def phone_columns(columns: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Our phone labels to the Outlook columns that hold them, in the order of ``columns``:
    the columns the Outlook preset reads as that label ("work fax": ("Business Fax",))."""
    found: dict[str, list[str]] = {}
    for column in columns:
        target = READ_AS.get(fold(column), "")
        if target.startswith("phone:"):
            found.setdefault(target.removeprefix("phone:"), []).append(column)
    return {kind: tuple(names) for kind, names in found.items()}


# The line ``values.format_address`` writes for the place: "Austin, TX 73301" (city, region
# and a US-style five-digit code), or, without a region, the European "10115 Berlin",
# "1012 AB Amsterdam", "00-950 Warszawa", "1000-001 Lisboa", "113 51 Stockholm". That one is
# taken for the place only between street lines and a country: on its own, "1600 Pennsylvania
# Avenue" is a street.
_CITY_REGION_CODE = re.compile(r"(?P<city>[^\d,]+), (?P<region>[^\d,]+) (?P<code>\d{5}(-\d{4})?)")
_CODE_CITY = re.compile(
    r"(?P<code>\d{4} ?[A-Z]{2}|\d{4,5}|\d{2}-\d{3}|\d{4}-\d{3}|\d{3} \d{2}) (?P<city>[^\d,]+)"
)


def address_parts(text: str) -> tuple[str, str, str, str, str] | None:
    """(street, city, region, postal code, country) of an address kept as one text, or None
    when they cannot be told apart reliably: only an address in the shape our importer writes
    (street lines, the place, the country), and only when its parts make the same text again."""
    lines = text.split("\n")
    place, country = _place(lines[-1], _CITY_REGION_CODE), ""
    if place is None and len(lines) > 2 and not any(ch.isdigit() for ch in lines[-1]):
        place, country = _place(lines[-2], _CITY_REGION_CODE, _CODE_CITY), lines[-1]
    if place is None:
        return None
    street = "\n".join(lines[: len(lines) - 1 - bool(country)])
    city, region, code = place
    if format_address(["", "", street, city, region, code, country]) != text:
        return None
    return street, city, region, code, country


def _place(line: str, *shapes: re.Pattern[str]) -> tuple[str, str, str] | None:
    for shape in shapes:
        if found := shape.fullmatch(line):
            parts = found.groupdict("")
            return parts["city"], parts.get("region", ""), parts["code"]
    return None
