"""The first start after an update: a database an older version wrote is backed up and
migrated on a worker thread behind a progress dialog, then the window opens on it."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from crm_desktop import paths
from crm_desktop.app import upgrade_store
from crm_desktop.store import db
from crm_desktop.store.errors import DatabaseTooNew, NotADatabase
from crm_desktop.store.migrations import SCHEMA_VERSION
from crm_desktop.store.opening import open_store, upgrade_pending
from crm_desktop.ui.common.blocking_work import run_behind_progress
from tests.store.test_migrations import raw_user_version

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def the_dialog() -> QProgressDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QProgressDialog) and widget.objectName() == "blockingWorkProgress":
            return widget
    return None


def test_an_older_database_is_upgraded_behind_a_progress_dialog(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = paths.resolve(str(tmp_path / "data")).ensure()
    shutil.copyfile(FIXTURES / "schema_v4.sqlite3", data.database)
    assert upgrade_pending(data.database)
    seen: list[tuple[bool, str]] = []

    def look() -> None:
        dialog = the_dialog()
        if dialog is not None:
            seen.append((dialog.isVisible(), dialog.labelText()))

    QTimer.singleShot(0, look)  # runs inside the dialog's own event loop
    upgrade_store(data)

    assert seen and seen[0][0] and "Updating your data" in seen[0][1]
    assert str(data.backups) in seen[0][1]
    assert raw_user_version(data.database) == SCHEMA_VERSION
    assert [p.name.startswith("pre-migration-v4-") for p in data.backups.iterdir()] == [True]
    assert not upgrade_pending(data.database)
    qtbot.waitUntil(lambda: the_dialog() is None)  # gone once the work ended
    open_store(data.database, data.backups)  # the window's own opening: nothing left to do
    try:
        assert db.sql("SELECT count(*) FROM contact").fetchone()[0] > 0
    finally:
        db.close()


def test_new_and_current_databases_need_no_upgrade(tmp_path: Path) -> None:
    data = paths.resolve(str(tmp_path / "data")).ensure()
    assert not upgrade_pending(data.database)  # none yet
    open_store(data.database, data.backups)
    db.close()
    assert not upgrade_pending(data.database)  # made by this version


def test_a_file_that_is_no_database_is_named_so_before_any_upgrade(tmp_path: Path) -> None:
    data = paths.resolve(str(tmp_path / "data")).ensure()
    data.database.write_text("name,email\nAnn,ann@example.com\n", encoding="utf-8")
    with pytest.raises(NotADatabase, match="not an SQLite file"):
        upgrade_pending(data.database)
    assert data.database.read_text(encoding="utf-8").startswith("name,email")  # untouched


def test_the_dialog_says_what_the_work_reports_and_the_result_comes_back(qtbot: QtBot) -> None:
    reported = threading.Event()
    go_on = threading.Event()
    seen: list[tuple[str, int, int]] = []

    def work(report: object) -> str:
        report("Backing up", 5, 20)  # type: ignore[operator]
        reported.set()
        go_on.wait(10)
        return "done"

    def look() -> None:
        if not reported.is_set():
            QTimer.singleShot(10, look)
            return
        QTimer.singleShot(50, lambda: check())

    def check() -> None:
        dialog = the_dialog()
        assert dialog is not None
        seen.append((dialog.labelText(), dialog.value(), dialog.maximum()))
        go_on.set()

    QTimer.singleShot(0, look)
    assert run_behind_progress("CRM Desktop", "Updating", work) == "done"
    assert seen == [("Updating\n\nBacking up…", 5, 20)]


def test_what_the_work_raises_is_raised_to_the_caller() -> None:
    def work(_report: object) -> None:
        raise DatabaseTooNew("written by a newer CRM Desktop")

    with pytest.raises(DatabaseTooNew, match="newer"):
        run_behind_progress("CRM Desktop", "Updating", work)
    assert the_dialog() is None or not the_dialog().isVisible()  # type: ignore[union-attr]
