"""The company list's table model: the shared lazy model (``ui/common/paged_model.py``) with
the company columns; every column sorts in SQL through its own index (see
``crm_desktop.store.company_list``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from crm_desktop.domain.changes import Change
from crm_desktop.domain.company_list import SORTS, CompanyList, CompanyQuery, CompanyRow
from crm_desktop.ui.common.paged_model import Index, PagedTableModel

NAME_COLUMN, PEOPLE_COLUMN = 0, 4
SORT_TIP = "Click to sort by this column; click again to turn the order around."


class CompanyTableModel(PagedTableModel):
    headers = ("Name", "Industry", "Website", "Phone", "People", "Owner", "Tags")

    def __init__(self, companies: CompanyList, parent: QObject | None = None) -> None:
        super().__init__(companies, CompanyQuery(), parent)

    @property
    def query(self) -> CompanyQuery:
        query: CompanyQuery = self._query
        return query

    def list_row(self, row: int) -> CompanyRow:
        found: CompanyRow = super().list_row(row)
        return found

    def cares(self, change: Change) -> bool:
        """People counts change with contacts, owners with staff."""
        return any(change.affects(kind) for kind in ("company", "contact", "staff"))

    def display(self, r: CompanyRow) -> tuple[str, ...]:
        return (r.name, r.industry, r.website, r.phone, f"{r.people:,}", r.owner_name, r.tags)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == PEOPLE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.ToolTipRole:
                return SORT_TIP
            if role == Qt.ItemDataRole.InitialSortOrderRole:  # the first click on a column
                if section == PEOPLE_COLUMN:  # the most people first
                    return Qt.SortOrder.DescendingOrder
                return Qt.SortOrder.AscendingOrder
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Any column, either way, in SQL; the list starts again from its first row."""
        if 0 <= column < len(SORTS):
            descending = order == Qt.SortOrder.DescendingOrder
            query = self.query.sorted_by(SORTS[column], descending)
            if query != self.query:
                self.set_query(query)
