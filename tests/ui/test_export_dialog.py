"""The export dialog driven as a user would: what it offers for all, filtered and selected
contacts, the options each format shows, exporting on a worker thread with progress, Cancel,
and the plain message when the disk is full or the folder cannot take the file."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QFormLayout, QMessageBox
from pytestqt.qtbot import QtBot

from crm_desktop.domain.contact_list import ContactQuery
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.exports import ExportContact, ExportScope, ExportService
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.services import Services
from crm_desktop.interchange.opened import open_file
from crm_desktop.ui.export import ExportDialog, open_export_dialog

SCREENSHOT = Path("/tmp/export_dialog.png")


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything the dialog says, it says in itself: a message box fails the test."""
    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, n=name: pytest.fail(f"{n}: {a}"))


@pytest.fixture
def people(services: Services) -> list[int]:
    ids = []
    for n in range(12):
        fields = ContactFields(
            first_name=f"Person{n:02}",
            last_name="Zoë" if n % 2 else "Ñúñez",
            emails=[("work", f"p{n}@example.com")],
            tags=["vip"] if n < 5 else [],
        )
        ids.append(services.contacts.create(fields).id)
    services.followups.create(
        ReminderFields(
            title="Call back", due_at=services.clock.now() + timedelta(days=1), contact_id=ids[0]
        )
    )
    services.followups.create(
        ReminderFields(title="Plan the fair", due_at=services.clock.now() + timedelta(days=2))
    )
    return ids


@pytest.fixture
def exports(services: Services) -> ExportService:
    return ExportService(services.clock, services.actor_id)


@contextmanager
def opened(qtbot: QtBot, exports: ExportService, **kw: object) -> Iterator[ExportDialog]:
    dialog = ExportDialog(exports, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "(" in dialog.which_buttons["all"].text())
    yield dialog
    dialog.wait()


@pytest.fixture
def dialog(qtbot: QtBot, exports: ExportService, people: list[int]) -> Iterator[ExportDialog]:
    with opened(
        qtbot, exports, which="filtered", query=ContactQuery(tag="vip"), selected_ids=[people[0]]
    ) as shown:
        yield shown


def export(qtbot: QtBot, dialog: ExportDialog, path: Path) -> str:
    dialog.path.setText(str(path))
    with qtbot.waitSignal(dialog.finished_export, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return dialog.status.text()


def choose_format(dialog: ExportDialog, key: str) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(key))


def test_it_offers_all_filtered_and_selected_with_counts(dialog: ExportDialog) -> None:
    buttons = dialog.which_buttons
    assert buttons["all"].text() == "All contacts (12)"
    assert buttons["filtered"].text() == (
        "The contacts the list shows now, with its search and filters (5)"
    )
    assert buttons["selected"].text() == "The selected contacts (1)"
    assert buttons["filtered"].isChecked()
    assert dialog.windowTitle() == "Export contacts"
    SCREENSHOT.unlink(missing_ok=True)
    dialog.grab().save(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 0


def test_without_a_filter_or_selection_only_all(
    qtbot: QtBot, exports: ExportService, people: list[int]
) -> None:
    with opened(qtbot, exports, which="selected") as dialog:
        assert not dialog.which_buttons["filtered"].isEnabled()
        assert not dialog.which_buttons["selected"].isEnabled()
        assert dialog.which_buttons["all"].isChecked()
        assert not dialog.one_contact.isVisible()


def test_each_format_shows_its_own_options(dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.path.setText(str(tmp_path / "contacts.csv"))
    assert dialog.layout_combo.isVisible() and not dialog.version.isVisible()
    assert not dialog.followups_box.isVisible()
    choose_format(dialog, "vcard")
    assert dialog.path.text() == str(tmp_path / "contacts.vcf")
    assert dialog.version.isVisible() and not dialog.layout_combo.isVisible()
    assert dialog.version.currentText() == "3.0: most address books"
    choose_format(dialog, "ics")
    assert dialog.path.text() == str(tmp_path / "follow-ups.ics")
    assert dialog.windowTitle() == "Export follow-ups"
    assert not dialog.contacts_box.isVisible() and dialog.followups_box.isVisible()
    assert dialog.one_contact.isVisible()
    assert dialog.one_contact.text() == "Only Person00 Ñúñez’s follow-ups"
    assert [dialog.style_combo.itemText(i) for i in range(dialog.style_combo.count())] == [
        "15-minute events (Outlook, Google Calendar, Apple Calendar)",
        "To-dos with an alarm (Apple Reminders, Thunderbird; Outlook and Google skip them)",
    ]  # events first: every calendar takes them
    form = dialog.followups_box.layout()
    assert isinstance(form, QFormLayout)
    written_as = form.labelForField(dialog.style_combo)
    assert written_as is not None and written_as.width() > 0  # not squeezed by a long choice
    dialog.path.setText(str(tmp_path / "mine.txt"))
    choose_format(dialog, "csv")
    assert dialog.path.text() == str(tmp_path / "mine.txt")  # the user's own name stays


def test_choose_a_file(
    dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[object, ...]] = []

    def save_name(*args: object) -> tuple[str, str]:
        asked.append(args)
        return str(tmp_path / "picked"), "vCard files (*.vcf *.vcard)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    choose_format(dialog, "vcard")
    before = dialog.path.text()
    assert before.endswith("contacts.vcf")
    dialog.browse.click()
    assert asked == [(dialog, "Export to", before, "vCard files (*.vcf *.vcard)")]
    assert dialog.path.text() == str(tmp_path / "picked.vcf")


def test_export_the_filtered_contacts_to_google_csv(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    dialog.layout_combo.setCurrentIndex(dialog.layout_combo.findData("google"))
    target = tmp_path / "vip.csv"
    assert export(qtbot, dialog, target) == f"Exported 5 contacts to {target}."
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfFirst Name,Middle Name,Last Name,")
    assert data.count(b"\r\n") == 6
    assert "Ñúñez".encode() in data
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.export_button.isEnabled() and dialog.close_button.text() == "Close"


def test_export_the_filtered_contacts_to_an_excel_workbook(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    dialog.path.setText(str(tmp_path / "contacts.csv"))
    choose_format(dialog, "xlsx")
    assert dialog.path.text() == str(tmp_path / "contacts.xlsx")
    assert dialog.sheet_layout.isVisible() and not dialog.layout_combo.isVisible()
    assert [dialog.sheet_layout.itemData(i) for i in range(dialog.sheet_layout.count())] == [
        "ours",
        "google",
        "outlook",
    ]  # no semicolons to choose in a workbook
    dialog.sheet_layout.setCurrentIndex(dialog.sheet_layout.findData("outlook"))
    target = tmp_path / "vip.xlsx"
    assert export(qtbot, dialog, target) == f"Exported 5 contacts to {target}."
    opened = open_file(target)
    assert opened.source == "outlook" and len(opened.preview) == 5
    assert any("Ñúñez" in value for value in opened.preview[0])


def test_export_the_selected_contact_to_vcard_4(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    choose_format(dialog, "vcard")
    dialog.version.setCurrentIndex(dialog.version.findData("4.0"))
    dialog.which_buttons["selected"].setChecked(True)
    target = tmp_path / "one.vcf"
    assert export(qtbot, dialog, target) == f"Exported 1 contact to {target}."
    text = target.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VCARD") == 1 and "VERSION:4.0\r\n" in text
    assert "FN:Person00 Ñúñez\r\n" in text


def test_export_follow_ups_as_events_or_to_dos(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path
) -> None:
    choose_format(dialog, "ics")
    assert dialog.style_combo.currentData() == "event"  # what Outlook and Google Calendar take
    target = tmp_path / "f.ics"
    assert export(qtbot, dialog, target) == f"Exported 2 follow-ups to {target}."
    assert target.read_bytes().decode("utf-8").count("BEGIN:VEVENT") == 2
    dialog.style_combo.setCurrentIndex(dialog.style_combo.findData("todo"))
    assert export(qtbot, dialog, target) == f"Exported 2 follow-ups to {target}."
    assert target.read_bytes().decode("utf-8").count("BEGIN:VTODO") == 2
    dialog.style_combo.setCurrentIndex(dialog.style_combo.findData("event"))
    dialog.one_contact.setChecked(True)
    assert export(qtbot, dialog, target) == f"Exported 1 follow-up to {target}."
    assert "SUMMARY:Call back" in target.read_bytes().decode("utf-8")


def test_a_full_disk_is_said_plainly(
    qtbot: QtBot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    choose_format(dialog, "vcard")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "contacts.vcf"
    assert export(qtbot, dialog, target) == (
        f"The disk is full: contacts.vcf could not be written to {out}. "
        "Free some space or choose another place; nothing was changed."
    )
    assert "color" in dialog.status.styleSheet()
    assert list(out.iterdir()) == []
    assert not dialog.progress.isVisible()


def test_a_folder_that_cannot_be_written(qtbot: QtBot, dialog: ExportDialog) -> None:
    choose_format(dialog, "vcard")
    message = export(qtbot, dialog, Path("/sys/contacts.vcf"))
    assert message == (
        "/sys is not writable (no permission, or a read-only disk): "
        "choose another place for contacts.vcf."
    )


class SlowExports(ExportService):
    """The real service, held between pages until the test lets it go on."""

    def __init__(self, inner: ExportService) -> None:
        super().__init__(inner.clock, inner.actor_id)
        self.go = threading.Event()
        self.paused = threading.Event()

    def contacts(self, scope: ExportScope, page_size: int = 1000) -> Iterator[list[ExportContact]]:
        for page in super().contacts(scope, page_size=5):
            yield page
            self.paused.set()
            self.go.wait(10)


def test_cancel_stops_and_writes_nothing(
    qtbot: QtBot, exports: ExportService, people: list[int], tmp_path: Path
) -> None:
    slow = SlowExports(exports)
    with opened(qtbot, slow) as dialog:
        choose_format(dialog, "vcard")
        out = tmp_path / "out"
        out.mkdir()
        target = out / "all.vcf"
        dialog.path.setText(str(target))
        dialog.export_button.click()
        assert dialog.close_button.text() == "Cancel"
        assert not dialog.format.isEnabled() and not dialog.export_button.isEnabled()
        qtbot.waitUntil(slow.paused.is_set)
        qtbot.waitUntil(lambda: dialog.progress.value() == 5)
        assert dialog.status.text() == "Exporting… 5 of 12"
        with qtbot.waitSignal(dialog.finished_export, timeout=10_000):
            dialog.close_button.click()
            slow.go.set()
        assert dialog.status.text() == "The export was cancelled; no file was written."
        assert dialog.isVisible()  # Cancel stopped the export, not the dialog
        assert list(out.iterdir()) == []
        dialog.close_button.click()
        assert not dialog.isVisible()


def test_open_export_dialog(qtbot: QtBot, exports: ExportService, people: list[int]) -> None:
    dialog = open_export_dialog(None, exports, "selected", None, people[:3])
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.which_buttons["selected"].isChecked()
    qtbot.waitUntil(lambda: dialog.which_buttons["selected"].text().endswith("(3)"))
    dialog.wait()


def test_where_the_decimal_point_is_a_comma_the_excel_layout_comes_first(
    qtbot: QtBot, exports: ExportService, people: list[int]
) -> None:
    before = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        with opened(qtbot, exports) as english:
            assert english.layout_combo.currentData() == "ours"
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        with opened(qtbot, exports) as german:
            assert german.layout_combo.currentData() == "excel"
    finally:
        QLocale.setDefault(before)


def test_the_next_export_starts_from_the_last_one_s_choices(
    qtbot: QtBot, exports: ExportService, people: list[int], tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    folder = tmp_path / "exports"
    folder.mkdir()
    with opened(qtbot, exports, settings=settings) as first:
        assert first.current_format() == "csv"  # nothing remembered yet
        choose_format(first, "xlsx")
        first.sheet_layout.setCurrentIndex(first.sheet_layout.findData("google"))
        assert export(qtbot, first, folder / "weekly.xlsx").startswith("Exported 12 contacts")
    with opened(qtbot, exports, settings=settings) as second:
        assert second.current_format() == "xlsx"
        assert second.sheet_layout.currentData() == "google"
        assert second.path.text() == str(folder / "contacts.xlsx")  # the last folder
    folder.rename(tmp_path / "moved")
    with opened(qtbot, exports, settings=settings) as third:
        assert Path(third.path.text()).parent != folder  # gone: the documents folder instead
        assert third.current_format() == "xlsx"
