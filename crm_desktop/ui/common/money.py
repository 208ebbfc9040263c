"""Money in the UI. As the app writes it: "€12,500.00", "¥125,000", or in whole units for totals:
"€12,500"; and ``MoneyEdit``, the field to type an amount in its currency.

Amounts are integers of the currency's minor units (cents for EUR, yen for JPY: see
``domain.money.minor_digits``), so 1250000 EUR is €12,500.00 and 125000 JPY is ¥125,000.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QWidget,
)

from crm_desktop.domain.money import CURRENCIES, minor_digits

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}
_SIZES = ((1e9, "bn"), (1e6, "M"), (1e3, "k"))


def money(value_minor: int, currency: str, *, cents: bool = True) -> str:
    """An amount with its minor units ("€12,500.00"; none for a currency without them:
    "¥125,000"), or with ``cents=False`` rounded to whole units, half away from zero."""
    digits, unit = minor_digits(currency), _unit(currency)
    whole, fraction = divmod(abs(value_minor), unit)
    if not cents:
        whole += 2 * fraction >= unit
    amount = f"{whole:,}.{fraction:0{digits}d}" if cents and digits else f"{whole:,}"
    negative = value_minor < 0 and (cents or whole > 0)  # rounded to nothing: "€0", not "-€0"
    return _written(negative, amount, currency)


def short(value_minor: int, currency: str) -> str:
    """A total at a glance: "€950", "€12.5k", "€55.0M", "¥1.2bn"."""
    magnitude = abs(value_minor) / _unit(currency)
    for size, suffix in _SIZES:
        if round(magnitude / size, 1) >= 1:  # 999,960 is "1.0M", not "1,000.0k"
            return _written(value_minor < 0, f"{magnitude / size:,.1f}{suffix}", currency)
    return money(value_minor, currency, cents=False)


def totals(per_currency: dict[str, int], *, brief: bool = False) -> str:
    """Sums in several currencies, the largest first: "€12,500 + $800"; "–" for none."""
    if not per_currency:
        return "–"
    ordered = sorted(per_currency.items(), key=lambda item: (-item[1], item[0]))
    if brief:
        return " + ".join(short(value, currency) for currency, value in ordered)
    return " + ".join(money(value, currency, cents=False) for currency, value in ordered)


def _unit(currency: str) -> int:
    """How many minor units make one: 100 for EUR, 1 for JPY."""
    return int(10 ** minor_digits(currency))


def _written(negative: bool, amount: str, currency: str) -> str:
    sign = "-" if negative else ""
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


# -- typing money ------------------------------------------------------------------------------


def number_locale() -> QLocale:
    """The user's locale for numbers; the bare "C" locale reads as English (it has no digit
    grouping, so 1250000 would stay unreadable)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def default_currency() -> str:
    """The user's locale's currency, or EUR when it has none."""
    code = QLocale().currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
    return code if len(code) == 3 and code.isalpha() else "EUR"


class MoneyEdit(QWidget):
    """An amount and its currency side by side (``{name}ValueSpin``, ``{name}CurrencyCombo``).
    The amount has as many decimals as the currency's minor unit: two for EUR, none for JPY.
    ``changed()`` when either is changed."""

    changed = Signal()
    MAX_VALUE = 999_999_999_999  # in major units

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = QDoubleSpinBox(self)
        self.amount.setObjectName(f"{name}ValueSpin")
        self.amount.setLocale(number_locale())
        self.amount.setGroupSeparatorShown(True)
        self.amount.setRange(0, self.MAX_VALUE)
        self.amount.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setAccessibleName("Value")
        self.currency = QComboBox(self)
        self.currency.setObjectName(f"{name}CurrencyCombo")
        self.currency.setAccessibleName("Currency")
        self.currency.addItems(list(CURRENCIES))
        self.amount.setMinimumHeight(self.currency.sizeHint().height())
        self.amount.setDecimals(minor_digits(self.code()))
        self.amount.valueChanged.connect(self.changed)
        self.currency.currentTextChanged.connect(self._currency_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.amount, 1)
        layout.addWidget(self.currency)
        self.setFocusProxy(self.amount)

    def code(self) -> str:
        return self.currency.currentText()

    def value_minor(self) -> int:
        return round(self.amount.value() * _unit(self.code()))

    def set_currency(self, code: str) -> None:
        """Choose ``code``, adding it to the list when it is not one of the usual ones."""
        if self.currency.findText(code) < 0:
            self.currency.addItem(code)
        self.currency.setCurrentText(code)
        self.amount.setDecimals(minor_digits(code))

    def set_money(self, value_minor: int, code: str) -> None:
        self.set_currency(code)
        self.amount.setValue(value_minor / _unit(code))

    def _currency_changed(self, code: str) -> None:
        self.amount.setDecimals(minor_digits(code))
        self.changed.emit()
