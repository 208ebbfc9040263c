"""The composition root: opens the store, builds the services and the main window with its
parts (``ui/parts.py``: each built when first wanted, the first screen before the window
paints and the rest just after), gives the menus their actions, and runs the app."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from crm_desktop import APP_NAME, paths
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import SystemClock
from crm_desktop.domain.services import Services
from crm_desktop.paths import DataPaths
from crm_desktop.store import db
from crm_desktop.store.errors import StoreError
from crm_desktop.store.lock import DataFolderLock
from crm_desktop.store.opening import open_store, upgrade_pending
from crm_desktop.ui.common.app_icon import app_icon
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.startup import Step
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.parts import WindowParts

if TYPE_CHECKING:
    from crm_desktop.store.backup import RotationResult
    from crm_desktop.ui.export.dialog import ExportDialog
    from crm_desktop.ui.importing.dropped_files import DroppedFiles
    from crm_desktop.ui.importing.history import ImportHistoryDialog
    from crm_desktop.ui.importing.wizard import ImportWizard

# What opens from a menu or a key (dialogs, the demo generator, the editors) is imported the
# first time it is wanted, in its handler below.

log = logging.getLogger(__name__)
DEMO_CONTACTS = 400


class Wiring(WindowParts):
    """The parts of one window and what its menus do, kept together so tests and the app can
    reach them."""

    def __init__(self, data: DataPaths, services: Services, *, running: bool = False) -> None:
        """``running``: the app itself runs (not a test): once the window is up, the notifier
        starts and the daily backup is made."""
        self._running = running
        self._wizards: list[ImportWizard] = []
        self._duplicates_opened = False
        self._dropped: DroppedFiles | None = None
        super().__init__(data, services)
        self._connect()

    def running_steps(self) -> list[tuple[str, Step]]:
        if not self._running:
            return []
        return [
            ("check for due follow-ups", lambda: self.notifier.start()),
            ("start the daily backup", self._back_up),
        ]

    def _connect(self) -> None:
        window = self.window
        window.new_contact_action.triggered.connect(self.new_contact)
        window.search_action.triggered.connect(self.search.focus_search)
        window.log_action.triggered.connect(self.log_interaction)
        window.edit_contact_action.triggered.connect(lambda: self.detail.edit())
        window.sample_data_action.triggered.connect(self.load_sample_data)
        window.new_lead_action.triggered.connect(self.new_lead)
        window.new_company_action.triggered.connect(self.new_company)
        window.new_follow_up_action.triggered.connect(self.new_follow_up)
        window.notification_settings_action.triggered.connect(self.edit_notification_settings)
        window.import_action.triggered.connect(lambda: self.import_file())
        window.import_history_action.triggered.connect(self.import_history)
        window.export_action.triggered.connect(self.export)
        window.duplicates_action.triggered.connect(self.find_duplicates)
        self.search.open_requested.connect(self.open_hit)
        window.files_dropped.connect(self.import_dropped)

    def _back_up(self) -> None:
        from crm_desktop.store import backup

        backup.rotate_in_background(
            self.data.database, self.data.backups, SystemClock().now(), _backup_done
        )

    # -- what the actions do ----------------------------------------------------------------

    def new_contact(self) -> None:
        self.window.show_page("contacts")
        self.detail.new_contact()

    def import_file(self, path: str | None = None) -> ImportWizard:
        """File > Import (Ctrl+I): the wizard, on ``path`` when one is given."""
        from crm_desktop.ui.importing.wizard import open_import_wizard

        wizard = open_import_wizard(self.window, self.services, self.bus, self.report, path)
        self._wizards.append(wizard)
        wizard.destroyed.connect(lambda: self._wizards.remove(wizard))
        return wizard

    def import_dropped(self, paths: list[str]) -> None:
        """Files dropped on the window: the import wizard on each, one after another."""
        if self._dropped is None:
            from crm_desktop.ui.importing.dropped_files import DroppedFiles

            status = self.window.statusBar()
            self._dropped = DroppedFiles(
                self.window, self.import_file, lambda text: status.showMessage(text, 8000)
            )
        self._dropped.add(paths)

    def find_duplicates(self) -> None:
        from crm_desktop.ui.duplicates import open_duplicates

        open_duplicates(self.window, *self._parts())
        self._duplicates_opened = True

    def export(self) -> ExportDialog:
        """File > Export (Ctrl+Shift+E): from the pipeline page, the deals of the pipeline it
        shows; elsewhere the selected contacts, else those the list shows."""
        from crm_desktop.domain.exports import ExportService
        from crm_desktop.ui.export.dialog import open_export_dialog

        service = ExportService(self.services.clock, self.services.actor_id)
        if self.window.current_page() == "pipeline":
            return open_export_dialog(
                self.window,
                service,
                settings=self.settings,
                what="deals",
                pipeline_id=self.pipeline.pipeline_id,
            )
        selected = [row.id for row in self.contacts.selected_rows()]
        which = "selected" if len(selected) > 1 else "filtered"
        query = self.contacts.model.query
        return open_export_dialog(
            self.window, service, which, query, selected, settings=self.settings
        )

    def import_history(self) -> ImportHistoryDialog:
        from crm_desktop.ui.importing.history import open_import_history

        tz = self.services.clock.local_tz
        return open_import_history(self.window, self.services.imports, self.bus, self.report, tz)

    def edit_notification_settings(self) -> None:
        from crm_desktop.ui.settings.notifications_dialog import edit_notification_settings

        edit_notification_settings(self.window, self.notification_settings)

    def new_follow_up(self) -> None:
        """Ctrl+R: a follow-up, for the contact shown when on the contacts page."""
        from crm_desktop.ui.reminders.editor import open_follow_up_editor

        open_follow_up_editor(self.window, *self._parts(), contact_id=self._shown_contact())

    def new_company(self) -> None:
        self.window.show_page("companies")
        self.companies.new_company()

    def new_lead(self) -> None:
        """Ctrl+Shift+N: a lead in the board's pipeline, for the contact shown if on Contacts."""
        self._new_lead_for(self._shown_contact())

    def _new_lead_for(self, contact_id: int | None) -> None:
        from crm_desktop.ui.pipeline.lead_editor import open_new_lead

        open_new_lead(
            self.window,
            *self._parts(),
            pipeline_id=self.pipeline.pipeline_id,
            contact_id=contact_id,
        )

    def open_lead(self, lead_id: int) -> None:
        from crm_desktop.ui.pipeline.lead_detail import open_lead_detail

        dialog = open_lead_detail(self.window, *self._parts(), lead_id)
        dialog.detail.open_contact.connect(self.open_contact)
        dialog.detail.open_company.connect(self.open_company)

    def log_interaction(self) -> None:
        self.window.show_page("contacts")
        if self._shown_contact() is None:
            self.window.statusBar().showMessage("Pick a contact first, then press Ctrl+L.", 5000)
            return
        self.timeline.focus_log()

    def load_sample_data(self) -> None:
        try:
            from crm_desktop.domain import demo

            demo.generate(DEMO_CONTACTS, seed=7, clock=self.services.clock)
        except Exception as exc:  # shown to the user; nothing half-written stays
            self.report("load the sample data", exc)
            return
        if self.window.is_built("contacts"):  # else it reads them when built
            self.contacts.reload_choices()
        self.bus.publish(Change("contact", "created", (), frozenset({"reminder"})))

    def open_hit(self, kind: str, row_id: int) -> None:
        """Open what global search found: a person in the detail, else the person it is about."""
        try:
            contact_id: int | None = row_id
            if kind == "interaction":
                contact_id = self.services.interactions.get(row_id).contact_id
            elif kind == "lead":
                contact_id = None
                self.open_lead(row_id)
            elif kind == "company":
                contact_id = None
                self.open_company(row_id)
        except Exception as exc:  # a hit deleted since it was found, say
            self.report("open the search result", exc)
            return
        if contact_id is not None:
            self.open_contact(contact_id)

    def finish(self) -> None:
        """Before the database closes: stop the notifier, let background reads end."""
        if "notifier" in self._built:
            self.notifier.stop()
        if self._duplicates_opened:
            from crm_desktop.ui.duplicates import stop_duplicates

            stop_duplicates(self.window)
        for wizard in list(self._wizards):
            wizard.stop_now()  # what was written stays, recorded in its batch
        for key, model in (
            ("contacts", lambda: self.contacts.model),
            ("companies", lambda: self.companies.model),
            ("reminders", lambda: self.reminders_page.model),
        ):
            if self.window.is_built(key):
                model().wait_for_count()
        self.search.wait_for_search()


def create_main_window(
    data_dir: str | Path, *, fill_demo: bool = False, running: bool = False
) -> MainWindow:
    """The wired, unshown main window for the data folder ``data_dir`` (a QApplication exists).

    Opens (and if needed creates and migrates) the folder's database. With ``fill_demo`` an
    empty database is first filled with sample data. ``running``: see ``Wiring``.
    """
    data = paths.resolve(data_dir).ensure()
    open_store(data.database, data.backups)
    if fill_demo:
        from crm_desktop.domain import demo, stats

        if stats.summary()["contacts"] == 0:
            demo.generate(DEMO_CONTACTS, seed=7)
    wiring = Wiring(data, Services.create(), running=running)
    window = wiring.window
    window.wiring = wiring  # type: ignore[attr-defined]  # kept alive with its window
    return window


def upgrade_store(data: DataPaths) -> None:
    """Back up and migrate a database an older version wrote, on a worker thread behind a
    progress dialog (the first start after an update: seconds at 100,000 contacts)."""
    from crm_desktop.ui.common.blocking_work import run_behind_progress

    def work(progress: Callable[[str, int, int], None]) -> None:
        try:
            open_store(data.database, data.backups, progress)
        finally:
            db.close()  # the worker's connection; the window opens its own

    run_behind_progress(
        APP_NAME,
        "Updating your data for this version of CRM Desktop. A copy of it is kept first, "
        f"in {data.backups}.",
        work,
    )


def run_app(data: DataPaths, *, demo_mode: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    QApplication.setWindowIcon(app_icon())
    lock = DataFolderLock(data.lock_file)
    try:
        lock.acquire()
        if upgrade_pending(data.database):
            upgrade_store(data)
        window = create_main_window(data.root, fill_demo=demo_mode, running=True)
    except StoreError as exc:
        log.error("Cannot open %s: %s", data.root, exc)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, str(exc))
        lock.release()
        return 2
    report = window.wiring.report  # type: ignore[attr-defined]
    sys.excepthook = _report_uncaught(report)
    window.show()  # the notifier starts and the backup begins once it has painted
    try:
        return int(app.exec())
    finally:
        window.wiring.finish()  # type: ignore[attr-defined]
        db.close()
        lock.release()


def _report_uncaught(
    report: ErrorReporter,
) -> Callable[[type[BaseException], BaseException, TracebackType | None], None]:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.critical("Uncaught exception", exc_info=(kind, exc, tb))
        if not issubclass(kind, KeyboardInterrupt):
            report("finish what you asked", exc)

    return hook


def _backup_done(result: RotationResult | None, error: Exception | None) -> None:
    if error is not None:
        log.error("Automatic backup failed: %s", error)
    elif result is not None and result.made:
        log.info("Automatic backup made: %s", ", ".join(str(p) for p in result.made))
