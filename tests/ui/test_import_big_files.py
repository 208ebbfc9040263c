"""The import wizard's first page with a big file: it is read on a worker thread while the
page says so and Next waits; a file chosen meanwhile wins; a big file that cannot be read says
why. Small files are read at once (the other wizard tests)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.importing.file_page import BACKGROUND_BYTES
from crm_desktop.ui.importing.wizard import ImportWizard


@pytest.fixture
def wizard(qtbot: QtBot, services: Services) -> Iterator[ImportWizard]:
    errors: list[object] = []
    wizard = ImportWizard(services, ChangeBus(), lambda what, exc: errors.append((what, exc)))
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    wizard.file_page._reads.wait()
    assert errors == []


def big_csv(path: Path) -> Path:
    rows = [f"Person {n},Lee{n},p{n}@example.com,+44 20 7946 {n:04d}" for n in range(30_000)]
    path.write_text("First Name,Last Name,Email,Phone\n" + "\n".join(rows) + "\n")
    assert path.stat().st_size > BACKGROUND_BYTES
    return path


def next_enabled(wizard: ImportWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


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
