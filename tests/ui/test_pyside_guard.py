"""Guard against the PySide6 6.12.0 / Python 3.11 crash: every call of a Qt method returning
nothing dropped a reference to None, and the interpreter aborted after ~5,000 of them."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def test_twenty_thousand_void_calls_do_not_abort(qtbot: object) -> None:
    label = QLabel()
    for n in range(20_000):
        label.setText(str(n))
    assert label.text() == "19999"
