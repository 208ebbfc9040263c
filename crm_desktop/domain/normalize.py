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


# Chinese, Japanese and Korean names are written family name first ("山田 太郎", "김 민준").
_EAST_ASIAN = (
    (0x1100, 0x11FF),  # Hangul jamo
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x3400, 0x4DBF),  # CJK ideographs, extension A
    (0x4E00, 0x9FFF),  # CJK ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK ideographs, extensions B and on
)


def full_name(first: str, last: str) -> str:
    """A person's name as it is written: "Ann Lee"; family name first when both parts are in
    Chinese, Japanese or Korean script ("山田 太郎" for first name 太郎, last name 山田)."""
    first, last = clean(first), clean(last)
    if first and last and _east_asian(first) and _east_asian(last):
        return f"{last} {first}"
    return f"{first} {last}" if first and last else first or last


def _east_asian(text: str) -> bool:
    """Whether every letter of ``text`` (one at least) is Chinese, Japanese or Korean; a Latin
    name is told by its first letter, at the cost of a few comparisons."""
    seen = False
    for ch in text:
        if ch.isalpha():
            code = ord(ch)
            if not any(low <= code <= high for low, high in _EAST_ASIAN):
                return False
            seen = True
    return seen


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
