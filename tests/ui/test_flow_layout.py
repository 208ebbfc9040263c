"""The flow layout of the filter bars: one row when there is room, more rows when not, and
never two widgets on top of each other."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.ui.common.flow import FlowLayout


def make_bar(qtbot: QtBot) -> tuple[QWidget, list[QWidget]]:
    bar = QWidget()
    qtbot.addWidget(bar)
    layout = FlowLayout(bar)
    parts: list[QWidget] = [QLineEdit(bar)]
    parts += [QPushButton(f"Button number {n}", bar) for n in range(5)]
    for part in parts:
        layout.addWidget(part)
    return bar, parts


def rows(parts: list[QWidget]) -> int:
    return len({part.geometry().top() for part in parts})


def overlapping(parts: list[QWidget]) -> bool:
    rects = [part.geometry() for part in parts]
    return any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_one_row_when_wide_and_more_when_narrow(qtbot: QtBot) -> None:
    bar, parts = make_bar(qtbot)
    layout = bar.layout()
    assert layout is not None
    wide = layout.sizeHint().width()
    bar.resize(wide, layout.heightForWidth(wide))
    bar.show()
    qtbot.waitExposed(bar)
    assert rows(parts) == 1 and not overlapping(parts)

    narrow = wide // 3
    assert layout.minimumSize().width() <= narrow  # as narrow as its widest part
    assert layout.heightForWidth(narrow) > layout.heightForWidth(wide)
    bar.resize(narrow, layout.heightForWidth(narrow))
    qtbot.waitUntil(lambda: rows(parts) > 1)
    assert not overlapping(parts)
    assert all(bar.rect().contains(part.geometry()) for part in parts)


def test_hidden_widgets_take_no_room(qtbot: QtBot) -> None:
    bar, parts = make_bar(qtbot)
    layout = bar.layout()
    assert layout is not None
    before = layout.sizeHint().width()
    parts[1].hide()
    assert layout.sizeHint().width() < before
