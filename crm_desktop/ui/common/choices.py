"""Combo boxes of choices for filters: the first item means "any", the rest are refilled as
tags or staff change while what is chosen stays chosen."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QComboBox, QWidget


def filter_combo(parent: QWidget, name: str, anything: str, changed: SignalInstance) -> QComboBox:
    """A compact combo whose first item (``anything``, data None) means "no filter"."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    combo.addItem(anything, None)
    combo.currentIndexChanged.connect(changed)
    return combo


def refill(combo: QComboBox, items: Iterable[tuple[str, object]], keep: int = 1) -> None:
    """Replace the items after the first ``keep`` with ``items`` (label, data), keeping the
    chosen one chosen (else the first), without announcing a change."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > keep:
        combo.removeItem(keep)
    for label, value in items:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    combo.blockSignals(False)
