"""The export dialog's deals, driven as a user would: choose Deals (by keyboard), the pipeline
when there are several, save, the file written; Cancel half-way writes nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.domain.deal_export import DealExports, ExportDeal
from crm_desktop.domain.exports import ExportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange.preset_tables import OUR_DEAL_COLUMNS
from crm_desktop.ui.export import ExportDialog, choice
from tests.deal_data import Deals, make_deals


@pytest.fixture
def deals(services: Services) -> Deals:
    return make_deals(services)


@pytest.fixture
def dialog(qtbot: QtBot, services: Services, deals: Deals) -> Iterator[ExportDialog]:
    shown = ExportDialog(ExportService(services.clock, services.actor_id))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: "(" in shown.which_buttons["all"].text())
    yield shown
    shown.wait()


def choose_deals_by_keyboard(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.what.setFocus()
    qtbot.keyClick(dialog.what, Qt.Key.Key_Down)
    assert dialog.current_what() == "deals"


def export(qtbot: QtBot, dialog: ExportDialog, path: Path) -> str:
    dialog.path.setText(str(path))
    with qtbot.waitSignal(dialog.finished_export, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return dialog.status.text()


def test_deals_offer_csv_and_xlsx_and_the_pipeline(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    assert dialog.current_what() == "contacts" and dialog.deals_box.isHidden()
    choose_deals_by_keyboard(qtbot, dialog)
    assert dialog.windowTitle() == "Export deals"
    assert dialog.deals_box.isVisible() and dialog.contacts_box.isHidden()
    offered = [
        dialog.format.itemData(row)
        for row in range(dialog.format.count())
        if dialog.format.model().item(row).isEnabled()  # type: ignore[attr-defined]
    ]
    assert offered == ["csv", "xlsx"]
    pipelines = [dialog.deals_box.pipeline.itemText(i) for i in range(3)]
    assert pipelines == ["All pipelines", "Sales", "Hiring"]
    assert Path(dialog.path.text()).name == "deals.csv"
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert Path(dialog.path.text()).name == "deals.xlsx"
    assert not dialog.options.isRowVisible(dialog.sheet_layout)  # deals have one layout
    qtbot.waitUntil(lambda: dialog.deals_box.pipeline.isVisible())
    dialog.format.setCurrentIndex(dialog.format.findData("vcard"))  # what follows the format
    assert dialog.current_what() == "contacts"


def test_export_the_deals_of_all_pipelines_to_csv(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    choose_deals_by_keyboard(qtbot, dialog)
    target = tmp_path / "deals.csv"
    assert export(qtbot, dialog, target) == f"Exported 6 deals to {target}."
    lines = target.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(OUR_DEAL_COLUMNS)


def test_export_one_pipeline_to_a_workbook(
    qtbot: QtBot, dialog: ExportDialog, deals: Deals, tmp_path: Path
) -> None:
    choose_deals_by_keyboard(qtbot, dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    box = dialog.deals_box.pipeline
    box.setCurrentIndex(box.findData(deals.hiring))
    target = tmp_path / "hiring.xlsx"
    assert export(qtbot, dialog, target) == f"Exported 1 deal to {target}."
    assert openpyxl.load_workbook(target)["Deals"]["A2"].value == "New engineer"


def test_opened_preset_to_one_pipeline_s_deals(
    qtbot: QtBot, services: Services, deals: Deals
) -> None:
    shown = ExportDialog(ExportService(services.clock), what="deals", pipeline_id=deals.hiring)
    qtbot.addWidget(shown)
    assert shown.current_what() == "deals" and shown.deals_box.pipeline_id() == deals.hiring
    shown.wait()


class SlowDeals(DealExports):
    """Pauses after each page until told to go on, so Cancel lands mid-export."""

    paused = threading.Event()
    go = threading.Event()

    def deals(
        self, pipeline_id: int | None = None, page_size: int = 0
    ) -> Iterator[list[ExportDeal]]:
        for page in super().deals(pipeline_id, page_size=2):
            yield page
            self.paused.set()
            self.go.wait(10)


def test_cancel_writes_nothing(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(choice, "DealExports", SlowDeals)
    SlowDeals.paused.clear()
    SlowDeals.go.clear()
    choose_deals_by_keyboard(qtbot, dialog)
    target = tmp_path / "out" / "deals.csv"
    target.parent.mkdir()
    dialog.path.setText(str(target))
    dialog.export_button.click()
    assert dialog.close_button.text() == "Cancel" and not dialog.what.isEnabled()
    qtbot.waitUntil(SlowDeals.paused.is_set)
    with qtbot.waitSignal(dialog.finished_export, timeout=10_000):
        dialog.close_button.click()
        SlowDeals.go.set()
    assert dialog.status.text() == "The export was cancelled; no file was written."
    assert list(target.parent.iterdir()) == []
