"""The composition root: opens the store, builds the services, the widgets and the main window,
and connects them. The one place that knows every part."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QMessageBox,
    QSplitter,
)

from crm_desktop import APP_NAME, paths
from crm_desktop.domain import finder, stats
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import SystemClock
from crm_desktop.domain.services import Services
from crm_desktop.paths import DataPaths
from crm_desktop.store import backup, db
from crm_desktop.store.errors import StoreError
from crm_desktop.store.lock import DataFolderLock
from crm_desktop.store.opening import open_store
from crm_desktop.ui.common.app_icon import app_icon
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.companies.detail import CompanyDetailPanel
from crm_desktop.ui.companies.list_panel import CompanyListPanel
from crm_desktop.ui.contacts.detail import ContactDetailPanel
from crm_desktop.ui.contacts.list_panel import ContactListPanel
from crm_desktop.ui.contacts.page import ContactsPage
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.notifications import CloseToTray, Notifier, TrayIcon
from crm_desktop.ui.pipeline.page import PipelinePage
from crm_desktop.ui.reminders.page import RemindersPage
from crm_desktop.ui.reminders.pane import RemindersPane
from crm_desktop.ui.search.global_search import GlobalSearch
from crm_desktop.ui.settings.notifications_dialog import edit_notification_settings
from crm_desktop.ui.settings.store import NotificationSettings, open_settings
from crm_desktop.ui.timeline.widget import TimelineWidget

if TYPE_CHECKING:
    from crm_desktop.ui.export.dialog import ExportDialog
    from crm_desktop.ui.importing.history import ImportHistoryDialog
    from crm_desktop.ui.importing.wizard import ImportWizard

# What opens from a menu or a key (dialogs, the demo generator, the editors) is imported the
# first time it is wanted, in its handler below: imported up front it cost a third of a second
# of every start (measured with ``python -X importtime``).

log = logging.getLogger(__name__)
DEMO_CONTACTS = 400


class Wiring:
    """The parts of one window, kept together so tests and the app can reach them."""

    def __init__(self, data: DataPaths, services: Services) -> None:
        self.data, self.services = data, services
        self.settings = QSettings(str(data.root / "window.ini"), QSettings.Format.IniFormat)
        self.bus = ChangeBus()
        self.undo = QUndoStack()
        self.window = MainWindow(str(data.root), self.settings, self.undo)
        self.undo.setParent(self.window)
        self.bus.setParent(self.window)
        self.report = ErrorReporter(self.window, str(data.log_dir))
        args = (services, self.bus, self.undo, self.report)
        self.timeline = TimelineWidget(*args)
        self.detail = ContactDetailPanel(*args, timeline=self.timeline)
        self.contacts = ContactListPanel(*args)
        self.contacts_page = ContactsPage(self.contacts, self.detail, self.settings)
        self.companies = CompanyListPanel(*args)
        self.company_detail = CompanyDetailPanel(services, self.bus, self.report)
        self.companies_page = QSplitter(Qt.Orientation.Horizontal)
        self.companies_page.setObjectName("companiesPage")
        self.companies_page.addWidget(self.companies)
        self.companies_page.addWidget(self.company_detail)
        self.companies_page.setStretchFactor(0, 3)
        self.companies_page.setStretchFactor(1, 2)
        self.pipeline = PipelinePage(*args, self.settings)
        self.search = GlobalSearch(finder.find)
        self.reminders = RemindersPane(*args)
        self.reminders_page = RemindersPage(*args)
        self.notification_settings = NotificationSettings(
            open_settings(data.root), parent=self.window
        )
        self.tray = TrayIcon(self.window)
        self.notifier = Notifier(
            services,
            self.bus,
            self.notification_settings.prefs,
            host=self.window,
            tray=self.tray,
            undo=self.undo,
            report=self.report,
        )
        self.close_to_tray = CloseToTray(
            self.window, self.tray, lambda: self.notification_settings.prefs.keep_in_tray
        )
        self._wizards: list[ImportWizard] = []
        self._duplicates_opened = False
        self._assemble()
        self._connect()

    def _assemble(self) -> None:
        window = self.window
        window.add_page("contacts", "Contacts", self.contacts_page)
        window.add_page("companies", "Companies", self.companies_page)
        window.add_page("pipeline", "Pipeline", self.pipeline)
        window.add_page("reminders", "Reminders", self.reminders_page)
        window.set_search(self.search)
        window.set_reminders(self.reminders)
        window.restore_layout()

    def _connect(self) -> None:
        window = self.window
        window.new_contact_action.triggered.connect(self.new_contact)
        window.search_action.triggered.connect(self.search.focus_search)
        window.log_action.triggered.connect(self.log_interaction)
        window.edit_contact_action.triggered.connect(self.detail.edit)
        window.sample_data_action.triggered.connect(self.load_sample_data)
        window.new_lead_action.triggered.connect(self.new_lead)
        window.new_company_action.triggered.connect(self.new_company)
        window.new_follow_up_action.triggered.connect(self.new_follow_up)
        window.notification_settings_action.triggered.connect(self.edit_notification_settings)
        window.import_action.triggered.connect(lambda: self.import_file())
        window.import_history_action.triggered.connect(self.import_history)
        window.export_action.triggered.connect(self.export_contacts)
        window.duplicates_action.triggered.connect(self.find_duplicates)
        self.contacts_page.welcome.import_file.connect(lambda: self.import_file())
        self.notification_settings.changed.connect(self.notifier.set_prefs)
        self.tray.settings_requested.connect(self.edit_notification_settings)
        self.notifier.open_requested.connect(self.open_reminders)
        self.reminders.open_contact.connect(self.open_contact)
        self.reminders.open_lead.connect(self.open_lead)
        self.reminders_page.open_contact.connect(self.open_contact)
        self.reminders_page.open_lead.connect(self.open_lead)
        self.company_detail.edit_requested.connect(self.companies.edit_company)
        self.pipeline.new_lead_requested.connect(self.new_lead)
        self.pipeline.board.open_lead.connect(self.open_lead)
        self.detail.lead_activated.connect(self.open_lead)
        self.detail.add_lead_requested.connect(self._new_lead_for)
        self.contacts_page.welcome.load_sample.connect(self.load_sample_data)
        self.detail.contact_changed.connect(self._contact_shown)
        self.contacts.counted.connect(lambda text: window.set_count("contacts", text))
        self.companies.counted.connect(lambda text: window.set_count("companies", text))
        self.reminders_page.counted.connect(lambda text: window.set_count("reminders", text))
        self.search.open_requested.connect(self.open_hit)
        self.companies.company_chosen.connect(self.company_detail.show_company)
        self.company_detail.contact_requested.connect(self.open_contact)
        self.detail.company_activated.connect(self.open_company)

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

    def find_duplicates(self) -> None:
        from crm_desktop.ui.duplicates import open_duplicates

        open_duplicates(self.window, *self._parts())
        self._duplicates_opened = True

    def export_contacts(self) -> ExportDialog:
        """File > Export (Ctrl+Shift+E): the selected contacts, else those the list shows."""
        from crm_desktop.domain.exports import ExportService
        from crm_desktop.ui.export.dialog import open_export_dialog

        selected = [row.id for row in self.contacts.selected_rows()]
        which = "selected" if len(selected) > 1 else "filtered"
        service = ExportService(self.services.clock, self.services.actor_id)
        query = self.contacts.model.query
        return open_export_dialog(self.window, service, which, query, selected)

    def import_history(self) -> ImportHistoryDialog:
        from crm_desktop.ui.importing.history import open_import_history

        tz = self.services.clock.local_tz
        return open_import_history(self.window, self.services.imports, self.bus, self.report, tz)

    def edit_notification_settings(self) -> None:
        edit_notification_settings(self.window, self.notification_settings)

    def open_reminders(self, _ids: object = None) -> None:
        """Show the follow-ups pane (a notification's Open)."""
        self.window.reminders_dock.show()
        self.window.reminders_dock.raise_()
        self.reminders.setFocus()

    def new_follow_up(self) -> None:
        """Ctrl+R: a follow-up, for the contact shown when on the contacts page."""
        on_contacts = self.window.current_page() == "contacts"
        contact_id = self.detail.contact_id() if on_contacts else None
        from crm_desktop.ui.reminders.editor import open_follow_up_editor

        open_follow_up_editor(self.window, *self._parts(), contact_id=contact_id)

    def new_company(self) -> None:
        self.window.show_page("companies")
        self.companies.new_company()

    def new_lead(self) -> None:
        """Ctrl+Shift+N: a lead in the board's pipeline, for the contact shown if on Contacts."""
        on_contacts = self.window.current_page() == "contacts"
        self._new_lead_for(self.detail.contact_id() if on_contacts else None)

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

    def _parts(self) -> tuple[Services, ChangeBus, QUndoStack, ErrorReporter]:
        return self.services, self.bus, self.undo, self.report

    def log_interaction(self) -> None:
        self.window.show_page("contacts")
        if self.detail.contact_id() is None:
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

    def open_contact(self, contact_id: int) -> None:
        self.window.show_page("contacts")
        self.detail.show_contact(contact_id)

    def open_company(self, company_id: int) -> None:
        self.window.show_page("companies")
        self.company_detail.show_company(company_id)

    def _contact_shown(self, contact_id: object) -> None:
        self.timeline.show_contact(contact_id if isinstance(contact_id, int) else None)

    def finish(self) -> None:
        """Before the database closes: stop the notifier, let background reads end."""
        self.notifier.stop()
        if self._duplicates_opened:
            from crm_desktop.ui.duplicates import stop_duplicates

            stop_duplicates(self.window)
        for wizard in list(self._wizards):
            wizard.stop_now()  # what was written stays, recorded in its batch
        self.contacts.model.wait_for_count()
        self.companies.model.wait_for_count()
        self.reminders_page.model.wait_for_count()
        self.search.wait_for_search()


def create_main_window(data_dir: str | Path, *, fill_demo: bool = False) -> MainWindow:
    """The wired, unshown main window for the data folder ``data_dir`` (a QApplication exists).

    Opens (and if needed creates and migrates) the folder's database. With ``fill_demo`` an
    empty database is first filled with sample data.
    """
    data = paths.resolve(data_dir).ensure()
    open_store(data.database, data.backups)
    if fill_demo and stats.summary()["contacts"] == 0:
        from crm_desktop.domain import demo

        demo.generate(DEMO_CONTACTS, seed=7)
    wiring = Wiring(data, Services.create())
    window = wiring.window
    window.wiring = wiring  # type: ignore[attr-defined]  # kept alive with its window
    return window


def run_app(data: DataPaths, *, demo_mode: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    QApplication.setWindowIcon(app_icon())
    lock = DataFolderLock(data.lock_file)
    try:
        lock.acquire()
        window = create_main_window(data.root, fill_demo=demo_mode)
    except StoreError as exc:
        log.error("Cannot open %s: %s", data.root, exc)
        QMessageBox.critical(None, APP_NAME, str(exc))
        lock.release()
        return 2
    report = window.wiring.report  # type: ignore[attr-defined]
    sys.excepthook = _report_uncaught(report)
    backup.rotate_in_background(data.database, data.backups, SystemClock().now(), _backup_done)
    window.show()
    window.wiring.notifier.start()  # type: ignore[attr-defined]
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


def _backup_done(result: backup.RotationResult | None, error: Exception | None) -> None:
    if error is not None:
        log.error("Automatic backup failed: %s", error)
    elif result is not None and result.made:
        log.info("Automatic backup made: %s", ", ".join(str(p) for p in result.made))
