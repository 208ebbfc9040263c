"""The main window opens on a data folder and shows what needs attention."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot

from crm_desktop.app import create_main_window
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.opening import open_store


def test_window_on_a_new_folder_creates_the_database(qtbot: QtBot, tmp_path: Path) -> None:
    window = create_main_window(tmp_path / "fresh")
    qtbot.addWidget(window)
    try:
        assert (tmp_path / "fresh" / "crm.sqlite3").exists()
        headline = window.findChild(QLabel, "overviewHeadline")
        assert headline is not None and headline.text().startswith("0 contacts")
    finally:
        db.close()


def test_window_lists_due_follow_ups(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    open_store(folder / "crm.sqlite3", folder / "backups")
    services = Services.create()
    cid = services.contacts.create(ContactFields(first_name="Ann")).id
    services.followups.create(
        ReminderFields(
            title="Call Ann back", due_at=services.clock.now() - timedelta(hours=1), contact_id=cid
        )
    )
    window = create_main_window(folder)
    qtbot.addWidget(window)
    try:
        due = window.findChild(QListWidget, "dueList")
        assert due is not None
        assert [due.item(i).text().split("  ", 1)[1] for i in range(due.count())] == [
            "Call Ann back"
        ]
        headline = window.findChild(QLabel, "overviewHeadline")
        assert headline is not None and headline.text().startswith("1 contact ·")
    finally:
        db.close()


def test_demo_mode_fills_an_empty_folder(qtbot: QtBot, tmp_path: Path) -> None:
    window = create_main_window(tmp_path / "demo", fill_demo=True)
    qtbot.addWidget(window)
    try:
        headline = window.findChild(QLabel, "overviewHeadline")
        assert headline is not None and headline.text().startswith("400 contacts")
        window.resize(1000, 650)
        window.grab().save(str(tmp_path / "main_window.png"))
    finally:
        db.close()
