"""The contact list's table model: the shared lazy model (``ui/common/paged_model.py``) with
the contact columns; every column sorts in SQL through its own index."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, Qt

from crm_desktop.domain.changes import Change
from crm_desktop.domain.contact_list import SORTS, ContactList, ContactQuery, ListRow
from crm_desktop.ui.common.paged_model import PagedTableModel


class ContactTableModel(PagedTableModel):
    headers = (
        "Name",
        "Company",
        "Title",
        "Email",
        "Phone",
        "Owner",
        "Tags",
        "Lifecycle",
        "Last contacted",
        "Next follow-up",
    )

    def __init__(self, contacts: ContactList, local_tz: tzinfo, parent: QObject | None = None):
        super().__init__(contacts, ContactQuery(), parent)
        self._tz = local_tz

    @property
    def query(self) -> ContactQuery:
        query: ContactQuery = self._query
        return query

    def list_row(self, row: int) -> ListRow:
        found: ListRow = super().list_row(row)
        return found

    def cares(self, change: Change) -> bool:
        return any(change.affects(kind) for kind in ("contact", "reminder", "company"))

    def display(self, row: ListRow) -> tuple[str, ...]:
        return (
            row.display_name,
            row.company_name,
            row.title,
            row.email,
            row.phone,
            row.owner_name,
            row.tags,
            row.lifecycle.capitalize(),
            self._when(row.last_contacted_at),
            self._when(row.next_due_at),
        )

    def _when(self, value: datetime | None) -> str:
        return f"{value.astimezone(self._tz):%Y-%m-%d}" if value else ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(SORTS):
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_query(self.query.sorted_by(SORTS[column], descending))
