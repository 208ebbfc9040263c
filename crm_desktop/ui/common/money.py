"""Money as the app writes it: "€12,500.00", or in whole units for totals: "€12,500"."""

from __future__ import annotations

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}


def money(value_minor: int, currency: str, *, cents: bool = True) -> str:
    sign, value_minor = ("-", -value_minor) if value_minor < 0 else ("", value_minor)
    whole, fraction = divmod(value_minor, 100)
    if not cents:
        whole += fraction >= 50  # rounded half up
    amount = f"{whole:,}.{fraction:02d}" if cents else f"{whole:,}"
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


def short(value_minor: int, currency: str) -> str:
    """A total at a glance: "€950", "€12.5k", "€55.0M"."""
    whole = value_minor / 100
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(whole) >= size:
            amount = f"{whole / size:,.1f}{suffix}"
            break
    else:
        amount = f"{round(whole):,}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def totals(per_currency: dict[str, int], *, brief: bool = False) -> str:
    """Sums in several currencies, the largest first: "€12,500 + $800"; "–" for none."""
    if not per_currency:
        return "–"
    ordered = sorted(per_currency.items(), key=lambda item: (-item[1], item[0]))
    if brief:
        return " + ".join(short(value, currency) for currency, value in ordered)
    return " + ".join(money(value, currency, cents=False) for currency, value in ordered)
