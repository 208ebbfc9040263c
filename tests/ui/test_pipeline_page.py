"""The Pipeline page: its filters narrow the board and its totals; it sits in the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.pipeline.board import LeadBoard
from crm_desktop.ui.pipeline.page import PipelinePage


def shown(board: LeadBoard) -> list[str]:
    return [
        column.model.index(row).data()
        for column in board.columns
        for row in range(column.model.rowCount())
    ]


def test_filters_narrow_the_board(
    qtbot: QtBot, services: Services, clock: FixedClock, tmp_path: Path
) -> None:
    boss = staff.create(clock, "Boss")
    for title, value, owner in (("Roof", 500_00, None), ("Porch", 9_000_00, boss)):
        services.pipeline.create_lead(LeadFields(title=title, value_minor=value, owner_id=owner))
    services.pipeline.create_lead(LeadFields(title="Fence", value_minor=100_00))
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    page = PipelinePage(services, ChangeBus(), QUndoStack(), ErrorReporter(None, "/tmp"), settings)
    qtbot.addWidget(page)
    page.show()
    assert shown(page.board) == ["Roof", "Porch", "Fence"]
    assert page.heading.text() == "3 open leads · €9,600 · weighted €960"

    qtbot.keyClicks(page.filters.text, "porch")
    qtbot.waitUntil(lambda: shown(page.board) == ["Porch"])
    assert page.heading.text() == "1 open leads · €9,000 · weighted €900"
    page.filters.text.clear()
    qtbot.waitUntil(lambda: len(shown(page.board)) == 3)

    page.filters.owner.setCurrentIndex(page.filters.owner.findText("Boss"))
    assert shown(page.board) == ["Porch"]
    page.filters.owner.setCurrentIndex(0)
    page.filters.min_value.setValue(200)
    page.filters.max_value.setValue(1_000)
    qtbot.waitUntil(lambda: shown(page.board) == ["Roof"])
    page.filters.no_next_step.setChecked(True)  # none of them has a follow-up
    assert shown(page.board) == ["Roof"]
    page.filters.rotting.setChecked(True)  # none has sat long enough to rot
    assert shown(page.board) == []
    clear = page.findChild(QToolButton, "boardClearFilters")
    assert clear is not None
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert shown(page.board) == ["Roof", "Porch", "Fence"]

    page.filters.closed_days.setValue(3)
    page.save_layout()
    again = PipelinePage(services, ChangeBus(), QUndoStack(), ErrorReporter(None, "/tmp"), settings)
    qtbot.addWidget(again)
    assert again.filters.closed_days.value() == 3


def test_the_switcher_shows_another_pipeline_and_is_remembered(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    rentals = services.pipelines.create_pipeline("Rentals").id
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    parts = (services, ChangeBus(), QUndoStack(), ErrorReporter(None, "/tmp"), settings)
    page = PipelinePage(*parts)
    qtbot.addWidget(page)
    default_stages = [c.model.stage_id for c in page.board.columns]
    row = page.switcher.model.row_of(rentals)
    page.switcher.combo.setCurrentIndex(row)
    page.switcher.combo.activated.emit(row)  # as a click on the item does
    assert page.pipeline_id == rentals
    assert page.board.query is not None and page.board.query.pipeline_id == rentals
    assert [c.model.stage_id for c in page.board.columns] != default_stages
    page.save_layout()
    again = PipelinePage(*parts)
    qtbot.addWidget(again)
    assert again.pipeline_id == rentals and again.switcher.current_id() == rentals
