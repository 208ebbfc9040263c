"""The contact list: filters, the lazy table, bulk actions (tag, owner, trash) with undo.

What it shares with the company list (the table, the empty state, the count, the bulk actions
and the trash) is ``ui.common.list_panel.ListPanel``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from crm_desktop.domain import tags
from crm_desktop.domain.contact_list import ContactList
from crm_desktop.ui.common.list_panel import ListPanel
from crm_desktop.ui.contacts.filter_bar import FilterBar
from crm_desktop.ui.contacts.list_model import ContactTableModel

if TYPE_CHECKING:
    from crm_desktop.domain.changes import Change
    from crm_desktop.domain.contacts import ContactService


class ContactListPanel(ListPanel):
    contact_chosen = Signal(int)  # the current row's contact, for the detail

    _NAMES = ("contactListPanel", "contactList", "contactListEmpty")
    _NOUNS = ("contact", "contacts")
    _WIDTHS = (180, 160, 130, 200, 130, 90, 120, 80, 100)
    _EMPTY_TEXTS = (
        "The trash is empty. Deleted contacts wait here until you empty it.",
        "No contacts match these filters. Clear the filter field or pick “Any”.",
        "No contacts yet. Press Ctrl+N to add one, or load sample data from File.",
    )
    _EMPTY_TRASH_QUESTION = (
        "Delete every contact in the trash for good, with their timelines? This cannot be undone."
    )
    _with_tag = staticmethod(tags.contacts_with_tag)

    model: ContactTableModel
    filters: FilterBar

    def _build(self) -> None:
        clock = self.services.clock
        self.model = ContactTableModel(ContactList(clock), clock.local_tz, self)
        with self.model.holding():  # sorting, choices and filters read the first page once
            self.filters = FilterBar(self)
            self._lay_out()
            self._filter()

    def _service(self) -> ContactService:
        return self.services.contacts

    def _chosen(self, row_id: int) -> None:
        self.contact_chosen.emit(row_id)

    def _on_change(self, change: Change) -> None:
        if change.affects("tag") or change.affects("staff"):
            self.reload_choices()
        self.model.on_change(change)
