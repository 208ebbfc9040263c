"""The import wizard's "Each row is" choice: a file no known program wrote shows what its rows
were guessed to be, and a person who knows better picks another kind, by mouse or keyboard;
the columns are guessed again for it and the import makes records of that kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.domain.services import Services
from crm_desktop.store.db import sql
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.importing.mapping_model import TARGET
from crm_desktop.ui.importing.wizard import MAPPING, RUN, ImportWizard

# SuiteCRM's accounts export, a few of its columns: companies, as the header suggests.
ACCOUNTS = (
    '"ID","Name","Industry","Billing Street","Billing City","Website","Employees"\n'
    '"a1","Acme Corp","Manufacturing","1 Main St","Boston","www.acme.example","1200"\n'
    '"a2","Nordic Trade AB","Retail","Drottninggatan 5","Stockholm","nordic.example","40"\n'
)


@pytest.fixture
def wizard(qtbot: QtBot, services: Services) -> ImportWizard:
    wizard = ImportWizard(services, ChangeBus(), lambda what, exc: None)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _on_mapping_page(wizard: ImportWizard, path: Path) -> None:
    wizard.open_path(str(path))
    wizard.next()
    assert wizard.currentId() == MAPPING


def _goes_to(wizard: ImportWizard, column: str) -> str:
    model = wizard.mapping_page.model
    assert model is not None
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == column)
    return str(model.index(row, TARGET).data())


def _import(qtbot: QtBot, wizard: ImportWizard) -> None:
    wizard.next()  # the options
    with qtbot.waitSignal(wizard.run_page.finished, timeout=20_000):
        wizard.next()
    assert wizard.currentId() == RUN


def _counts() -> tuple[int, int]:
    row = sql("SELECT (SELECT count(*) FROM company), (SELECT count(*) FROM contact)").fetchone()
    return int(row[0]), int(row[1])


def test_a_guessed_kind_is_shown_and_imported(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    _on_mapping_page(wizard, path)
    choice = wizard.mapping_page.kind.choice
    assert choice.isVisible() and choice.accessibleName() == "Each row is"
    assert [choice.itemText(i) for i in range(choice.count())] == [
        "a person", "a company", "a deal", "an activity",
    ]  # fmt: skip
    assert choice.currentText() == "a company"
    assert (_goes_to(wizard, "Name"), _goes_to(wizard, "Industry")) == ("Name", "Industry")
    _import(qtbot, wizard)
    assert _counts() == (2, 0)


def test_choosing_people_by_keyboard_maps_the_columns_again(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(ACCOUNTS, encoding="utf-8")
    _on_mapping_page(wizard, path)
    page, choice = wizard.mapping_page, wizard.mapping_page.kind.choice
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # "Each &row is"
    assert choice.hasFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Up)  # from "a company" to "a person"
    assert choice.currentText() == "a person"
    assert wizard.file is not None and wizard.file.record_kind == "contact"
    assert (_goes_to(wizard, "Name"), _goes_to(wizard, "Industry")) == (
        "Full name",
        "Notes, as “Industry: value”",
    )
    _import(qtbot, wizard)
    assert _counts() == (0, 2)


def test_a_file_guessed_as_people_can_be_imported_as_companies(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "shops.csv"
    path.write_text("Name,Phone,Website\nCorner Bakery,+44 20 7946 0000,bakery.example\n")
    _on_mapping_page(wizard, path)
    choice = wizard.mapping_page.kind.choice
    assert choice.currentText() == "a person"
    choice.setCurrentIndex(choice.findData("company"))
    choice.activated.emit(choice.currentIndex())  # as a click on the item does
    assert _goes_to(wizard, "Name") == "Name"
    _import(qtbot, wizard)
    assert _counts() == (1, 0)
    assert sql("SELECT name, website FROM company").fetchall() == [
        ("Corner Bakery", "bakery.example")
    ]


def test_a_known_exports_rows_are_no_choice(wizard: ImportWizard, tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_text(
        "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\nAnn,Lee,Work,ann@acme.example\n"
    )
    _on_mapping_page(wizard, path)
    kind = wizard.mapping_page.kind
    assert not kind.choice.isVisible() and not kind.label.isVisible()
    assert kind.note.text() == "Each row of the file becomes one of your people."
