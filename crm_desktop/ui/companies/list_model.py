"""The company list's table model: lazy pages by keyset, a bounded row cache, SQL-side sort.

Pages of 100 rows are read when painted and at most ``CACHE_PAGES`` are kept. A page beside
a cached one is read by keyset from its neighbour's edge, the last page backwards from the
end; only a far jump (dragging the scroll bar) asks for a position. The count runs on a
worker thread; until it arrives the model shows the first page and ``counting`` is True.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.company_list import CompanyList, CompanyQuery, CompanyRow
from crm_desktop.ui.common.worker import BackgroundReads

PAGE = 100
CACHE_PAGES = 60
HEADERS = ("Name", "Industry", "Website", "Phone", "People", "Owner", "Tags")
NAME_COLUMN, PEOPLE_COLUMN = 0, 4
# Only the name has an index to sort by at 100,000 companies (see crm_desktop.store.company_list).
UNSORTABLE_TIP = "The list sorts by name only: click Name to turn the order around."
ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class CompanyTableModel(QAbstractTableModel):
    counted = Signal(int)  # the number of rows, once known

    def __init__(self, companies: CompanyList, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._companies = companies
        self._query = CompanyQuery()
        self._rows = 0
        self._pages: OrderedDict[int, list[CompanyRow]] = OrderedDict()
        self._shown: dict[int, list[tuple[str, ...]]] = {}
        self.counting = False
        self._counter = BackgroundReads(self)
        self._counter.answered.connect(self._on_count)

    # -- what is listed ----------------------------------------------------------------------

    @property
    def query(self) -> CompanyQuery:
        return self._query

    def set_query(self, query: CompanyQuery) -> None:
        """List what ``query`` asks for; the first page is read now, the count in the background."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._shown.clear()
        first = self._companies.page(self._query, None, PAGE)
        self._keep(0, first)
        self._rows = len(first)
        self.counting = len(first) == PAGE
        self.endResetModel()
        if self.counting:
            query, companies = self._query, self._companies
            self._counter.request(lambda: companies.count(query))
        else:
            self._counter.cancel()
            self.counted.emit(self._rows)

    def on_change(self, change: Change) -> None:
        """Re-read after a write that may change what is listed (people counts included)."""
        if change.affects("company") or change.affects("contact") or change.affects("staff"):
            self.refresh()

    def wait_for_count(self, msecs: int = 10_000) -> None:
        self._counter.wait(msecs)

    def _on_count(self, answer: object) -> None:
        total = cast(int, answer)
        self.counting = False
        if total > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, total - 1)
            self._rows = total
            self.endInsertRows()
        elif total < self._rows:  # rows went away meanwhile
            self.beginRemoveRows(QModelIndex(), total, self._rows - 1)
            self._rows = total
            self._pages.clear()
            self._shown.clear()
            self.endRemoveRows()
        self.counted.emit(total)

    # -- rows ----------------------------------------------------------------------------------

    def row_id(self, row: int) -> int:
        return self.list_row(row).id

    def list_row(self, row: int) -> CompanyRow:
        number, offset = divmod(row, PAGE)
        return self._page(number)[offset]

    def _page(self, number: int) -> list[CompanyRow]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        rows = self._fetch(number)
        self._keep(number, rows)
        return rows

    def _fetch(self, number: int) -> list[CompanyRow]:
        query, companies = self._query, self._companies
        want = min(PAGE, self._rows - number * PAGE)
        before, after = self._pages.get(number - 1), self._pages.get(number + 1)
        if before:
            return companies.page(query, before[-1].key, want)
        if after:
            return companies.page_before(query, after[0].key, want)
        if not self.counting and (number + 1) * PAGE >= self._rows:
            return companies.page_before(query, None, want)
        return companies.page_at(query, number * PAGE, want)

    def _keep(self, number: int, rows: list[CompanyRow]) -> None:
        self._pages[number] = rows
        self._shown[number] = [
            (r.name, r.industry, r.website, r.phone, f"{r.people:,}", r.owner_name, r.tags)
            for r in rows
        ]
        while len(self._pages) > CACHE_PAGES:
            gone, _ = self._pages.popitem(last=False)
            self._shown.pop(gone, None)

    # -- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._rows:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            number, offset = divmod(index.row(), PAGE)
            if number not in self._shown:
                self._page(number)
            shown = self._shown[number]
            return shown[offset][index.column()] if offset < len(shown) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == PEOPLE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return self.row_id(index.row())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section != NAME_COLUMN:
            return UNSORTABLE_TIP
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Name A to Z or Z to A, in SQL; the other columns leave the order as it is."""
        if column == NAME_COLUMN:
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_query(replace(self._query, descending=descending))
