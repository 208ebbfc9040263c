"""The contact list's table model: lazy pages by keyset, a bounded row cache, SQL-side sort.

Only pages that are painted are fetched (100 rows each; at most ``CACHE_PAGES`` kept). A page
next to a cached one is read by keyset from its neighbour's edge, the last page backwards
from the end, and only a far jump (dragging the scroll bar) asks for a position. Counting a
million rows takes longer than a frame, so the count runs on a worker thread: until it
arrives the model shows the first page and says so in ``counting``.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.contact_list import SORTS, ContactList, ContactQuery, ListRow
from crm_desktop.ui.common.worker import BackgroundReads

PAGE = 100
CACHE_PAGES = 60
EDGE_PAGES = 5  # pages this close to either end are read from that end, never by position
HEADERS = (
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
ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ContactTableModel(QAbstractTableModel):
    counted = Signal(int)  # the number of rows, once known

    def __init__(self, contacts: ContactList, local_tz: tzinfo, parent: QObject | None = None):
        super().__init__(parent)
        self._contacts = contacts
        self._tz = local_tz
        self._query = ContactQuery()
        self._rows = 0
        self._pages: OrderedDict[int, list[ListRow]] = OrderedDict()
        self._shown: dict[int, list[tuple[str, ...]]] = {}
        self.counting = False
        self._counter = BackgroundReads(self)
        self._counter.answered.connect(self._on_count)

    # -- what is listed ----------------------------------------------------------------------

    @property
    def query(self) -> ContactQuery:
        return self._query

    def set_query(self, query: ContactQuery) -> None:
        """List what ``query`` asks for; the first page is read now, the count in the background."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._shown.clear()
        first = self._contacts.page(self._query, None, PAGE)
        self._keep(0, first)
        self._rows = len(first)
        self.counting = len(first) == PAGE
        self.endResetModel()
        if self.counting:
            query = self._query
            self._counter.request(lambda: self._contacts.count(query))
        else:
            self._counter.cancel()
            self.counted.emit(self._rows)

    def on_change(self, change: Change) -> None:
        """Re-read after a write that touches contacts (what is shown may have moved)."""
        if change.affects("contact") or change.affects("reminder") or change.affects("company"):
            self.refresh()

    def wait_for_count(self, msecs: int = 10_000) -> None:
        self._counter.wait(msecs)

    def _on_count(self, answer: object) -> None:
        total = answer if isinstance(answer, int) else 0
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
        return self._row(row).id

    def list_row(self, row: int) -> ListRow:
        return self._row(row)

    def row_of(self, contact_id: int) -> int:
        """The row showing ``contact_id`` among the cached pages, or -1."""
        for number, rows in self._pages.items():
            for offset, item in enumerate(rows):
                if item.id == contact_id:
                    return number * PAGE + offset
        return -1

    def _row(self, row: int) -> ListRow:
        number, offset = divmod(row, PAGE)
        return self._page(number)[offset]

    def _page(self, number: int) -> list[ListRow]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        rows = self._fetch(number)
        self._keep(number, rows)
        return rows

    def _fetch(self, number: int) -> list[ListRow]:
        query, contacts = self._query, self._contacts
        want = min(PAGE, self._rows - number * PAGE)
        before, after = self._pages.get(number - 1), self._pages.get(number + 1)
        if before:
            return contacts.page(query, before[-1].key, want)
        if after:
            return contacts.page_before(query, after[0].key, want)
        if number < EDGE_PAGES:  # near the start: read from the first row
            return self._split(number, 0, contacts.page(query, None, (number + 1) * PAGE))
        remaining = self._rows - number * PAGE
        if not self.counting and remaining <= EDGE_PAGES * PAGE:  # near the end: from the last
            rows = contacts.page_before(query, None, remaining)
            return self._split(number, number, rows)
        return contacts.page_at(query, number * PAGE, want)

    def _split(self, number: int, first: int, rows: list[ListRow]) -> list[ListRow]:
        """Keep ``rows`` (pages ``first``, ``first + 1``, ...) and return page ``number``'s."""
        for start in range(0, len(rows), PAGE):
            if first + start // PAGE != number:
                self._keep(first + start // PAGE, rows[start : start + PAGE])
        offset = (number - first) * PAGE
        return rows[offset : offset + PAGE]

    def _keep(self, number: int, rows: list[ListRow]) -> None:
        self._pages[number] = rows
        self._shown[number] = [self._display(r) for r in rows]
        while len(self._pages) > CACHE_PAGES:
            gone, _ = self._pages.popitem(last=False)
            self._shown.pop(gone, None)

    def _display(self, r: ListRow) -> tuple[str, ...]:
        return (
            r.display_name,
            r.company_name,
            r.title,
            r.email,
            r.phone,
            r.owner_name,
            r.tags,
            r.lifecycle.capitalize(),
            self._when(r.last_contacted_at),
            self._when(r.next_due_at),
        )

    def _when(self, value: datetime | None) -> str:
        return f"{value.astimezone(self._tz):%Y-%m-%d}" if value else ""

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
        if role == ID_ROLE:
            return self.row_id(index.row())
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(SORTS):
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_query(self._query.sorted_by(SORTS[column], descending))
