"""Currencies as the CRM keeps them: which ones the editor offers first, and how many digits
each one's minor unit has (money is stored as an integer of minor units). No Qt."""

from __future__ import annotations

# The currencies the editor offers first; any other ISO code a lead already has is kept.
CURRENCIES: tuple[str, ...] = (
    "EUR",
    "USD",
    "GBP",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "JPY",
    "CNY",
    "INR",
    "SGD",
    "HKD",
    "ZAR",
    "BRL",
    "MXN",
)
# ISO 4217 currencies without minor units (exponent 0) among those a small business meets.
WHOLE_CURRENCIES = frozenset({"CLP", "ISK", "JPY", "KRW", "VND"})


def minor_digits(currency: str) -> int:
    """How many digits a currency's minor unit has: 2 for EUR (cents), 0 for JPY."""
    return 0 if currency.upper() in WHOLE_CURRENCIES else 2
