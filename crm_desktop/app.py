"""The composition root: opens the store, builds the services and the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from crm_desktop import APP_NAME, paths
from crm_desktop.domain import demo, stats
from crm_desktop.domain.clock import SystemClock
from crm_desktop.domain.services import Services
from crm_desktop.paths import DataPaths
from crm_desktop.store import backup, db
from crm_desktop.store.errors import StoreError
from crm_desktop.store.lock import DataFolderLock
from crm_desktop.store.opening import open_store
from crm_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
DEMO_CONTACTS = 400


def create_main_window(data_dir: str | Path, *, fill_demo: bool = False) -> MainWindow:
    """The wired, unshown main window for the data folder ``data_dir`` (a QApplication exists).

    Opens (and if needed creates and migrates) the folder's database. With ``fill_demo`` an
    empty database is first filled with sample data.
    """
    data = paths.resolve(data_dir).ensure()
    open_store(data.database, data.backups)
    if fill_demo and stats.summary()["contacts"] == 0:
        demo.generate(DEMO_CONTACTS, seed=7)
    services = Services.create()
    window = MainWindow(str(data.root))
    local = services.clock.local_tz
    due = [
        f"{item.remind_at.astimezone(local):%a %d %b %H:%M}  {item.title}"
        for item in [*services.followups.overdue(), *services.followups.due_today()][:200]
    ]
    window.show_summary(stats.summary(), due)
    return window


def run_app(data: DataPaths, *, demo_mode: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    lock = DataFolderLock(data.lock_file)
    try:
        lock.acquire()
        window = create_main_window(data.root, fill_demo=demo_mode)
    except StoreError as exc:
        log.error("Cannot open %s: %s", data.root, exc)
        QMessageBox.critical(None, APP_NAME, str(exc))
        lock.release()
        return 2
    backup.rotate_in_background(data.database, data.backups, SystemClock().now(), _backup_done)
    window.show()
    try:
        return int(app.exec())
    finally:
        db.close()
        lock.release()


def _backup_done(result: backup.RotationResult | None, error: Exception | None) -> None:
    if error is not None:
        log.error("Automatic backup failed: %s", error)
    elif result is not None and result.made:
        log.info("Automatic backup made: %s", ", ".join(str(p) for p in result.made))
