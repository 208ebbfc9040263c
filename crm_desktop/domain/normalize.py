"""Normalising and checking the values people type: names, emails, phones, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def clean(text: str | None) -> str:
    """Trim and collapse inner runs of whitespace."""
    return " ".join((text or "").split())


def email_key(email: str) -> str:
    return email.strip().casefold()


def email_problem(email: str) -> str | None:
    if not EMAIL_RE.match(email.strip()):
        return f"“{email}” is not an email address (expected name@example.com)."
    return None


def phone_key(phone: str) -> str:
    """Digits only, an international ``00`` prefix dropped: "+44 20 7946-0018" -> "442079460018"."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    return digits


def phone_problem(phone: str) -> str | None:
    if len(phone_key(phone)) < 3:
        return f"“{phone}” is not a phone number."
    return None


def name_key(*parts: str) -> str:
    """A case-, accent- and space-insensitive key for sorting and for duplicate names:
    "Núñez  José" -> "nunez jose", so Núñez sorts among the Ns."""
    decomposed = unicodedata.normalize("NFKD", " ".join(parts).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())


def parse_day(value: date | str | None) -> date | None:
    """A date from a ``date`` or ISO text ``YYYY-MM-DD``; ``ValueError`` with a readable text."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{value}” is not a real date (expected YYYY-MM-DD).") from None
