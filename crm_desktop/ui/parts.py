"""The main window and its parts, each built the first time it is wanted.

A start builds only what its first screen shows: the frame, the search field and the page it
opens on (the contact list, usually). The rest is built just after the window has painted, a
part per turn of the event loop (``AfterFirstPaint``): the follow-ups pane, the notifier and
tray, the contact detail, then the other pages. A part asked for before then (a page's
shortcut, a menu action, a test) is built at that moment: the properties below. Each part's
modules are imported when it is built: imported up front they cost most of a start (measured
with ``python -X importtime``).

``app.Wiring`` adds the actions of the menus and the dialogs they open; the abstract methods
below are those the parts call.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QSplitter

from crm_desktop.domain.services import Services
from crm_desktop.paths import DataPaths
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.startup import AfterFirstPaint, Step
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.search.global_search import GlobalSearch

if TYPE_CHECKING:
    from crm_desktop.domain.finder import Found
    from crm_desktop.ui.companies.detail import CompanyDetailPanel
    from crm_desktop.ui.companies.list_panel import CompanyListPanel
    from crm_desktop.ui.contacts.detail import ContactDetailPanel
    from crm_desktop.ui.contacts.list_panel import ContactListPanel
    from crm_desktop.ui.contacts.page import ContactsPage
    from crm_desktop.ui.importing.wizard import ImportWizard
    from crm_desktop.ui.notifications import CloseToTray, Notifier, TrayIcon
    from crm_desktop.ui.pipeline.page import PipelinePage
    from crm_desktop.ui.reminders.page import RemindersPage
    from crm_desktop.ui.reminders.pane import RemindersPane
    from crm_desktop.ui.settings.store import NotificationSettings
    from crm_desktop.ui.timeline.widget import TimelineWidget

Part = TypeVar("Part")
PAGES = (
    ("contacts", "Contacts"),
    ("companies", "Companies"),
    ("pipeline", "Pipeline"),
    ("reminders", "Reminders"),
)


def find(text: str) -> list[Found]:
    """Global search (``domain.finder.find``), its module imported on the first search."""
    from crm_desktop.domain import finder

    return finder.find(text)


def _search_ready() -> None:
    from crm_desktop.domain import finder  # noqa: F401  # so the first search starts at once


class WindowParts(ABC):
    """The window and its parts; ``later`` holds what is built once it has painted."""

    def __init__(self, data: DataPaths, services: Services) -> None:
        self.data, self.services = data, services
        self.settings = QSettings(str(data.root / "window.ini"), QSettings.Format.IniFormat)
        self.bus = ChangeBus()
        self.undo = QUndoStack()
        self.window = MainWindow(str(data.root), self.settings, self.undo)
        self.undo.setParent(self.window)
        self.bus.setParent(self.window)
        self.report = ErrorReporter(self.window, str(data.log_dir))
        self.search = GlobalSearch(find)
        self.later = AfterFirstPaint(self.window, self.report)
        self._built: dict[str, Any] = {}  # the parts built so far, by name
        builders = {
            "contacts": self._contacts_page,
            "companies": self._companies_page,
            "pipeline": self._pipeline_page,
            "reminders": self._reminders_page,
        }
        for key, title in PAGES:
            self.window.add_page(key, title, builders[key])
        self.window.set_search(self.search)
        self.window.restore_layout()  # builds the page it opens on
        steps: list[tuple[str, Step]] = [
            ("show the follow-ups", lambda: self.reminders),
            ("set up the notifications", lambda: self.notifier),
            *self.running_steps(),
            ("show the contact detail", self._detail_if_listed),
            ("get search ready", _search_ready),
        ]
        steps += [(f"build the {key} page", partial(self.window.page, key)) for key, _ in PAGES]
        for what, step in steps:
            self.later.add(what, step)

    def running_steps(self) -> list[tuple[str, Step]]:
        """What the running app does once the window is up (none here: see ``app.Wiring``)."""
        return []

    def _parts(self) -> tuple[Services, ChangeBus, QUndoStack, ErrorReporter]:
        return self.services, self.bus, self.undo, self.report

    def _contacts_page(self) -> ContactsPage:
        from crm_desktop.ui.contacts.list_panel import ContactListPanel
        from crm_desktop.ui.contacts.page import ContactsPage

        contacts = ContactListPanel(*self._parts())
        page = ContactsPage(contacts, self._contact_detail, self.settings)
        page.welcome.import_file.connect(lambda: self.import_file())
        page.welcome.load_sample.connect(self.load_sample_data)
        contacts.counted.connect(lambda text: self.window.set_count("contacts", text))
        self.window.set_count("contacts", contacts.count_text())
        return page

    def _contact_detail(self) -> ContactDetailPanel:
        from crm_desktop.ui.contacts.detail import ContactDetailPanel
        from crm_desktop.ui.timeline.widget import TimelineWidget

        timeline = TimelineWidget(*self._parts())
        detail = ContactDetailPanel(*self._parts(), timeline=timeline)
        self._built["timeline"] = timeline
        detail.lead_activated.connect(self.open_lead)
        detail.add_lead_requested.connect(self._new_lead_for)
        detail.contact_changed.connect(self._contact_shown)
        detail.company_activated.connect(self.open_company)
        return detail

    def _companies_page(self) -> QSplitter:
        from crm_desktop.ui.companies.detail import CompanyDetailPanel
        from crm_desktop.ui.companies.list_panel import CompanyListPanel

        companies = CompanyListPanel(*self._parts())
        company_detail = CompanyDetailPanel(self.services, self.bus, self.report)
        page = QSplitter(Qt.Orientation.Horizontal)
        page.setObjectName("companiesPage")
        page.addWidget(companies)
        page.addWidget(company_detail)
        page.setStretchFactor(0, 3)
        page.setStretchFactor(1, 2)
        self._built["companies"], self._built["company_detail"] = companies, company_detail
        company_detail.edit_requested.connect(companies.edit_company)
        companies.counted.connect(lambda text: self.window.set_count("companies", text))
        self.window.set_count("companies", companies.count_text())
        companies.company_chosen.connect(company_detail.show_company)
        company_detail.contact_requested.connect(self.open_contact)
        return page

    def _pipeline_page(self) -> PipelinePage:
        from crm_desktop.ui.pipeline.page import PipelinePage

        page = PipelinePage(*self._parts(), self.settings)
        page.new_lead_requested.connect(self.new_lead)
        page.board.open_lead.connect(self.open_lead)
        return page

    def _reminders_page(self) -> RemindersPage:
        from crm_desktop.ui.reminders.page import RemindersPage

        page = RemindersPage(*self._parts())
        page.open_contact.connect(self.open_contact)
        page.open_lead.connect(self.open_lead)
        page.counted.connect(lambda text: self.window.set_count("reminders", text))
        self.window.set_count("reminders", page.count_text())
        return page

    def _part(self, name: str, build: Callable[[], Part]) -> Part:
        if name not in self._built:
            self._built[name] = build()
        part: Part = self._built[name]
        return part

    @property
    def contacts_page(self) -> ContactsPage:
        page: ContactsPage = self.window.page("contacts")  # type: ignore[assignment]
        return page

    @property
    def contacts(self) -> ContactListPanel:
        return self.contacts_page.contacts

    @property
    def detail(self) -> ContactDetailPanel:
        return self.contacts_page.detail

    @property
    def timeline(self) -> TimelineWidget:
        self.detail  # noqa: B018  # builds the timeline with it
        timeline: TimelineWidget = self._built["timeline"]
        return timeline

    @property
    def companies_page(self) -> QSplitter:
        page: QSplitter = self.window.page("companies")  # type: ignore[assignment]
        return page

    @property
    def companies(self) -> CompanyListPanel:
        self.companies_page  # noqa: B018
        companies: CompanyListPanel = self._built["companies"]
        return companies

    @property
    def company_detail(self) -> CompanyDetailPanel:
        self.companies_page  # noqa: B018
        detail: CompanyDetailPanel = self._built["company_detail"]
        return detail

    @property
    def pipeline(self) -> PipelinePage:
        page: PipelinePage = self.window.page("pipeline")  # type: ignore[assignment]
        return page

    @property
    def reminders_page(self) -> RemindersPage:
        page: RemindersPage = self.window.page("reminders")  # type: ignore[assignment]
        return page

    @property
    def reminders(self) -> RemindersPane:
        """The follow-ups pane in the dock."""
        return self._part("reminders", self._reminders_pane)

    def _reminders_pane(self) -> RemindersPane:
        from crm_desktop.ui.reminders.pane import RemindersPane

        pane = RemindersPane(*self._parts())
        pane.open_contact.connect(self.open_contact)
        pane.open_lead.connect(self.open_lead)
        self.window.set_reminders(pane)
        return pane

    @property
    def notification_settings(self) -> NotificationSettings:
        return self._part("notification_settings", self._notification_settings)

    def _notification_settings(self) -> NotificationSettings:
        from crm_desktop.ui.settings.store import NotificationSettings, open_settings

        return NotificationSettings(open_settings(self.data.root), parent=self.window)

    @property
    def tray(self) -> TrayIcon:
        self.notifier  # noqa: B018  # made with it
        tray: TrayIcon = self._built["tray"]
        return tray

    @property
    def close_to_tray(self) -> CloseToTray:
        self.notifier  # noqa: B018  # made with it
        keeper: CloseToTray = self._built["close_to_tray"]
        return keeper

    @property
    def notifier(self) -> Notifier:
        return self._part("notifier", self._notifier)

    def _notifier(self) -> Notifier:
        from crm_desktop.ui.notifications import CloseToTray, Notifier, TrayIcon

        settings = self.notification_settings
        tray = TrayIcon(self.window)
        notifier = Notifier(
            self.services,
            self.bus,
            settings.prefs,
            host=self.window,
            tray=tray,
            undo=self.undo,
            report=self.report,
        )
        self._built["tray"] = tray
        self._built["close_to_tray"] = CloseToTray(
            self.window, tray, lambda: self.notification_settings.prefs.keep_in_tray
        )
        settings.changed.connect(notifier.set_prefs)
        tray.settings_requested.connect(self.edit_notification_settings)
        notifier.open_requested.connect(self.open_reminders)
        return notifier

    def _detail_if_listed(self) -> None:
        if self.window.is_built("contacts"):
            self.detail  # noqa: B018

    def _shown_contact(self) -> int | None:
        """The contact in the detail, if the Contacts page is the one shown."""
        if self.window.current_page() != "contacts" or not self.contacts_page.has_detail():
            return None
        return self.detail.contact_id()

    # -- going places ------------------------------------------------------------------------

    def open_contact(self, contact_id: int) -> None:
        self.window.show_page("contacts")
        self.detail.show_contact(contact_id)

    def open_company(self, company_id: int) -> None:
        self.window.show_page("companies")
        self.company_detail.show_company(company_id)

    def open_reminders(self, _ids: object = None) -> None:
        """Show the follow-ups pane (a notification's Open)."""
        self.window.reminders_dock.show()
        self.window.reminders_dock.raise_()
        self.reminders.setFocus()

    def _contact_shown(self, contact_id: object) -> None:
        self.timeline.show_contact(contact_id if isinstance(contact_id, int) else None)

    # -- what the parts ask of the app (``app.Wiring``) --------------------------------------

    @abstractmethod
    def open_lead(self, lead_id: int) -> None: ...

    @abstractmethod
    def new_lead(self) -> None: ...

    @abstractmethod
    def _new_lead_for(self, contact_id: int | None) -> None: ...

    @abstractmethod
    def import_file(self, path: str | None = None) -> ImportWizard: ...

    @abstractmethod
    def load_sample_data(self) -> None: ...

    @abstractmethod
    def edit_notification_settings(self) -> None: ...
