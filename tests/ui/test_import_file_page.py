"""The import wizard's first page. Its character set: a Windows-1251 file shows its Cyrillic
names, another choice reloads the preview, a choice that cannot read the file says why and stops
the wizard, and the import reads the records in the character set shown. A big file: read on a
worker thread while the page says so and Next waits; a file chosen meanwhile wins; a big file
that cannot be read says why (small files are read at once)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWizard
from pytestqt.qtbot import QtBot

from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.importing.file_page import BACKGROUND_BYTES
from crm_desktop.ui.importing.wizard import FILE, OPTIONS, RUN, ImportWizard

HEADER = "First Name;Last Name;Email;City"
PEOPLE = [
    "Иван;Петров;ivan@example.ru;Москва",
    "Мария;Смирнова;maria@example.ru;Санкт-Петербург",
    "Ольга;Попова;olga@example.ru;Екатеринбург",
]


def cp1251_csv(path: Path, rows: list[str]) -> Path:
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1251"))
    return path


@pytest.fixture
def wizard(qtbot: QtBot, services: Services) -> Iterator[ImportWizard]:
    errors: list[object] = []
    wizard = ImportWizard(services, ChangeBus(), lambda what, exc: errors.append((what, exc)))
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.file_page._reads.wait()
    assert errors == []


def choose(qtbot: QtBot, combo: QComboBox, codec: str | None) -> None:
    """Pick ``codec`` (``None``: the detected one) with the keyboard, as a person would."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.findData(codec)):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == codec


def next_enabled(wiz: ImportWizard) -> bool:
    return wiz.button(QWizard.WizardButton.NextButton).isEnabled()


def import_now(qtbot: QtBot, wiz: ImportWizard) -> object:
    wiz.next()  # the columns
    wiz.next()  # the options
    assert wiz.currentId() == OPTIONS
    with qtbot.waitSignal(wiz.run_page.finished, timeout=20_000) as finished:
        wiz.next()  # "Import"
    assert wiz.currentId() == RUN
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)
    return finished.args[0]


def names(services: Services) -> set[str]:
    return {row.display_name for row in services.contacts.page(limit=100)}


def test_a_windows_1251_file_shows_its_names_and_another_choice_reloads_it(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    page = wizard.file_page
    combo = page.findChild(QComboBox, "importEncoding")
    assert combo is page.encoding
    assert combo.isHidden()  # nothing chosen yet
    wizard.open_path(str(cp1251_csv(tmp_path / "people.csv", PEOPLE)))
    assert combo.isVisibleTo(page) and combo.isEnabled()
    assert combo.itemText(0) == "Detected: Windows-1251"
    assert [combo.itemText(i) for i in (1, 6)] == [
        "UTF-8 (every language)",
        "Windows-1251 (Cyrillic)",
    ]
    assert combo.toolTip() and page.encoding_label.buddy() is combo
    assert combo.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "Windows-1251, semicolon" in page.found.text()
    assert [page.preview.cell(r, 0) for r in range(3)] == ["Иван", "Мария", "Ольга"]

    choose(qtbot, combo, "cp1252")
    assert "Windows-1252, semicolon" in page.found.text()
    assert page.preview.cell(0, 0) == "Èâàí"  # what the file looks like read as Western
    assert next_enabled(wizard)

    choose(qtbot, combo, "utf-8")
    assert "cannot be read as UTF-8: line 2 has 0xC8" in page.found.text()
    assert page.preview.rowCount() == 0
    assert not next_enabled(wizard)
    assert wizard.currentId() == FILE
    assert combo.isVisibleTo(page) and combo.isEnabled()  # a better choice is still at hand

    choose(qtbot, combo, None)
    assert page.preview.cell(0, 0) == "Иван"
    assert next_enabled(wizard)


def test_a_new_file_is_detected_afresh(qtbot: QtBot, wizard: ImportWizard, tmp_path: Path) -> None:
    page = wizard.file_page
    wizard.open_path(str(cp1251_csv(tmp_path / "people.csv", PEOPLE)))
    choose(qtbot, page.encoding, "cp1252")
    other = tmp_path / "other.csv"
    other.write_text("Name,Email\nZoë,zoe@example.com\n", encoding="utf-8")
    wizard.open_path(str(other))
    assert page.encoding.currentIndex() == 0
    assert page.encoding.itemText(0) == "Detected: UTF-8"
    assert page.preview.cell(0, 0) == "Zoë"


def test_workbooks_and_vcards_have_no_character_set_to_choose(
    wizard: ImportWizard, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    book.active.append(["First Name", "Last Name"])
    book.active.append(["Иван", "Петров"])
    book.save(tmp_path / "people.xlsx")
    card = tmp_path / "people.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван Петров\r\nEND:VCARD\r\n", "utf-8")
    page = wizard.file_page
    for path in (tmp_path / "people.xlsx", card):
        wizard.open_path(str(path))
        assert page.file is not None, page.found.text()
        assert page.encoding.isHidden() and page.encoding_label.isHidden()
        assert page.preview.cell(0, 0).startswith("Иван")


def test_a_workbook_whose_first_sheet_has_no_data_offers_its_other_sheets(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["Contact list, exported 2024-01-31"])
    book.create_sheet("Kontakte").append(["First Name", "Last Name"])
    book["Kontakte"].append(["Marta", "Kowalska"])
    book.save(tmp_path / "export.xlsx")
    page = wizard.file_page
    wizard.open_path(str(tmp_path / "export.xlsx"))
    assert page.file is None and "on sheet “Kontakte”: choose it" in page.found.text()
    assert page.sheet.isVisible() and page.sheet.currentText() == "Read me"
    page.sheet.setFocus()
    qtbot.keyClick(page.sheet, Qt.Key.Key_Down)  # "Kontakte"
    assert page.file is not None, page.found.text()
    assert (page.file.table and page.file.table.sheet, page.preview.cell(0, 0)) == (
        "Kontakte",
        "Marta",
    )
    assert next_enabled(wizard)


def test_a_folder_is_said_to_be_one(wizard: ImportWizard, tmp_path: Path) -> None:
    wizard.open_path(str(tmp_path))
    page = wizard.file_page
    assert page.file is None and "is a folder, not a file: choose a file in it" in page.found.text()
    assert not next_enabled(wizard)


def test_a_windows_1251_file_is_imported_with_its_names_spelled_right(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    wizard.open_path(str(cp1251_csv(tmp_path / "people.csv", PEOPLE)))
    report = import_now(qtbot, wizard)
    assert report.created == 3  # type: ignore[attr-defined]
    assert names(services) == {"Иван Петров", "Мария Смирнова", "Ольга Попова"}


def test_the_character_set_chosen_is_the_one_the_import_reads(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    # Two Cyrillic words are too few to go by: detection keeps Windows-1252.
    wizard.open_path(str(cp1251_csv(tmp_path / "one.csv", ["Иван;Петров;ivan@example.ru;"])))
    page = wizard.file_page
    assert page.preview.cell(0, 0) == "Èâàí"
    choose(qtbot, page.encoding, "cp1251")
    assert page.preview.cell(0, 0) == "Иван"
    report = import_now(qtbot, wizard)
    assert report.created == 1  # type: ignore[attr-defined]
    assert names(services) == {"Иван Петров"}


def test_the_busy_pointer_is_put_back_after_every_load(
    wizard: ImportWizard, tmp_path: Path
) -> None:
    page = wizard.file_page
    bad = tmp_path / "photo.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    for path in (cp1251_csv(tmp_path / "a.csv", PEOPLE), bad, tmp_path / "missing.csv"):
        page.load(str(path))
        assert QApplication.overrideCursor() is None, path.name
    assert "There is no file" in page.found.text()


# -- big files -------------------------------------------------------------------------------


def big_csv(path: Path) -> Path:
    rows = [f"Person {n},Lee{n},p{n}@example.com,+44 20 7946 {n:04d}" for n in range(30_000)]
    path.write_text("First Name,Last Name,Email,Phone\n" + "\n".join(rows) + "\n")
    assert path.stat().st_size > BACKGROUND_BYTES
    return path


def test_a_big_file_is_read_on_a_worker_while_the_page_says_so(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    page = wizard.file_page
    wizard.open_path(str(big_csv(tmp_path / "big.csv")))
    assert page.file is None and not next_enabled(wizard)
    assert page.found.text().startswith("Reading “big.csv” (")
    assert QApplication.overrideCursor() is None  # the window stays usable
    wizard.open_path(str(tmp_path / "big.csv"))  # asked again while it is read: no new read
    qtbot.waitUntil(lambda: page.file is not None, timeout=15_000)
    assert page.found.text().startswith("Found: ")
    assert page.preview.cell(0, 0) == "Person 0"
    assert page.file is not None and page.file.total() == 30_000
    assert next_enabled(wizard)


def test_a_file_chosen_while_a_big_one_is_read_wins(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    page = wizard.file_page
    small = tmp_path / "small.csv"
    small.write_text("Name,Email\nZoë,zoe@example.com\n", encoding="utf-8")
    wizard.open_path(str(big_csv(tmp_path / "big.csv")))
    wizard.open_path(str(small))
    assert page.preview.cell(0, 0) == "Zoë"
    page._reads.wait()
    qtbot.wait(50)  # the big file's answer, had it not been dropped, would arrive now
    assert page.file is not None and page.file.path == small
    assert page.preview.cell(0, 0) == "Zoë" and next_enabled(wizard)


def test_a_big_file_that_cannot_be_read_says_why(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    page = wizard.file_page
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 5000)
    wizard.open_path(str(path))
    qtbot.waitUntil(lambda: "PNG picture" in page.found.text(), timeout=15_000)
    assert page.file is None and not next_enabled(wizard)
