"""Money as the app writes it: minor units per currency, signs, rounding, short totals."""

from __future__ import annotations

import pytest

from crm_desktop.domain.money import minor_digits
from crm_desktop.ui.common.money import money, short, totals


def test_minor_digits() -> None:
    assert minor_digits("EUR") == 2 and minor_digits("usd") == 2
    assert minor_digits("JPY") == 0 and minor_digits("KRW") == 0 and minor_digits("isk") == 0


@pytest.mark.parametrize(
    ("minor", "currency", "shown"),
    [
        (1_250_000, "EUR", "€12,500.00"),
        (1_250_005, "USD", "$12,500.05"),
        (0, "EUR", "€0.00"),
        (7, "GBP", "£0.07"),
        (125_000, "JPY", "¥125,000"),  # yen have no minor unit
        (50_000, "KRW", "50,000 KRW"),
        (1_250_000, "CHF", "12,500.00 CHF"),  # no symbol: the code after
    ],
)
def test_money_with_the_currencys_minor_unit(minor: int, currency: str, shown: str) -> None:
    assert money(minor, currency) == shown


def test_negative_amounts_put_the_sign_first() -> None:
    assert money(-150, "GBP") == "-£1.50"
    assert money(-5, "EUR") == "-€0.05"
    assert money(-125_000, "JPY") == "-¥125,000"
    assert money(-99, "CHF") == "-0.99 CHF"
    assert money(-1_250_000, "EUR", cents=False) == "-€12,500"
    assert money(-40, "EUR", cents=False) == "€0"  # no "-€0"


def test_whole_units_round_half_away_from_zero() -> None:
    assert money(1_250_049, "EUR", cents=False) == "€12,500"
    assert money(1_250_050, "EUR", cents=False) == "€12,501"
    assert money(99_950, "USD", cents=False) == "$1,000"
    assert money(-150, "EUR", cents=False) == "-€2"
    assert money(-149, "EUR", cents=False) == "-€1"
    assert money(125_000, "JPY", cents=False) == "¥125,000"


def test_short_totals() -> None:
    assert short(0, "EUR") == "€0"
    assert short(95_000, "EUR") == "€950"
    assert short(1_250, "EUR") == "€13"  # whole units round as money() does
    assert short(1_250_000, "EUR") == "€12.5k"
    assert short(5_500_000_000, "EUR") == "€55.0M"
    assert short(250_000_000_000, "USD") == "$2.5bn"
    assert short(99_996_000, "EUR") == "€1.0M"  # not "€1,000.0k"
    assert short(125_000, "JPY") == "¥125.0k"
    assert short(1_200_000_000, "JPY") == "¥1.2bn"
    assert short(1_250_000, "CHF") == "12.5k CHF"
    assert short(-1_250_000, "EUR") == "-€12.5k"


def test_totals_in_several_currencies_largest_first() -> None:
    assert totals({}) == "–"
    assert totals({"EUR": 1_250_000}) == "€12,500"
    per_currency = {"GBP": 80_000, "EUR": 1_250_000, "JPY": 125_000}
    assert totals(per_currency) == "€12,500 + ¥125,000 + £800"
    assert totals(per_currency, brief=True) == "€12.5k + ¥125.0k + £800"
    assert totals({"USD": 100, "EUR": 100}) == "€1 + $1"  # a tie goes by currency code
