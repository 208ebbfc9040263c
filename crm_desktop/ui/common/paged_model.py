"""The lazy table model every big list shares: pages by keyset, a bounded row cache, SQL sort.

Only pages that are painted are read (``PAGE`` rows each; at most ``CACHE_PAGES`` kept). A
page next to a cached one is read by keyset from its neighbour's edge; pages near either end
are read from that end; only a far jump (dragging the scroll bar) asks for a position.
Counting a million rows takes longer than a frame, so the count runs on a worker thread:
until it arrives the model shows the first page and ``counting`` is True.

Setting a view up sorts and filters it several times over (enabling sorting sorts, restoring
the columns sorts again, the filter bar applies itself): asking again for the query already
listed reads nothing, and reads asked for inside ``holding()`` are made once, at its end.

A feature's model subclasses this with its headers, how a row is shown (``display``), which
changes make it re-read (``cares``) and, if it sorts, ``sort``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crm_desktop.domain.changes import Change
from crm_desktop.ui.common.worker import BackgroundReads

PAGE = 100
CACHE_PAGES = 60
EDGE_PAGES = 5  # pages this close to either end are read from that end, never by position
ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class Source(Protocol):
    """What a list reads through: a domain list service (``ContactList``, ``CompanyList``)."""

    def page(self, query: Any, after: Any = None, limit: int = PAGE) -> list[Any]: ...
    def page_before(self, query: Any, before: Any, limit: int = PAGE) -> list[Any]: ...
    def page_at(self, query: Any, offset: int, limit: int = PAGE) -> list[Any]: ...
    def count(self, query: Any) -> int: ...


class PagedTableModel(QAbstractTableModel):
    counted = Signal(int)  # the number of rows, once known
    headers: tuple[str, ...] = ()

    def __init__(self, source: Source, query: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._query = query
        self._rows = 0
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._shown: dict[int, list[tuple[str, ...]]] = {}
        self.counting = False
        self._listed = False  # whether the rows of ``_query`` are what the model holds
        self._held = 0  # inside holding(): reads wait for its end
        self._counter = BackgroundReads(self)
        self._counter.answered.connect(self._on_count)

    # -- for subclasses ----------------------------------------------------------------------

    def display(self, row: Any) -> tuple[str, ...]:
        """The texts of one row's columns (computed once per page, not per paint)."""
        raise NotImplementedError

    def cares(self, change: Change) -> bool:
        """Whether a write may have changed what this list shows."""
        raise NotImplementedError

    # -- what is listed ----------------------------------------------------------------------

    @property
    def query(self) -> Any:
        return self._query

    def set_query(self, query: Any) -> None:
        """List what ``query`` asks for; the first page is read now, the count in the background.
        The query already listed is not read again (``refresh`` does that)."""
        if query == self._query and self._listed:
            return
        self._query = query
        self._listed = False
        self.refresh()

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Make the reads asked for inside once, when the block ends."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and not self._listed:
                self.refresh()

    def refresh(self) -> None:
        if self._held:
            self._listed = False  # read at the end of holding()
            return
        self._listed = True
        self.beginResetModel()
        self._pages.clear()
        self._shown.clear()
        first = self._source.page(self._query, None, PAGE)
        self._keep(0, first)
        self._rows = len(first)
        self.counting = len(first) == PAGE
        self.endResetModel()
        if self.counting:
            query, source = self._query, self._source
            self._counter.request(lambda: source.count(query))
        else:
            self._counter.cancel()
            self.counted.emit(self._rows)

    def on_change(self, change: Change) -> None:
        if self.cares(change):
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
        return int(self.list_row(row).id)

    def list_row(self, row: int) -> Any:
        number, offset = divmod(row, PAGE)
        return self._page(number)[offset]

    def _page(self, number: int) -> list[Any]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        rows = self._fetch(number)
        self._keep(number, rows)
        return rows

    def _fetch(self, number: int) -> list[Any]:
        query, source = self._query, self._source
        want = min(PAGE, self._rows - number * PAGE)
        before, after = self._pages.get(number - 1), self._pages.get(number + 1)
        if before:
            return source.page(query, before[-1].key, want)
        if after:
            return source.page_before(query, after[0].key, want)
        if number < EDGE_PAGES:  # near the start: read from the first row
            return self._split(number, 0, source.page(query, None, (number + 1) * PAGE))
        remaining = self._rows - number * PAGE
        if not self.counting and remaining <= EDGE_PAGES * PAGE:  # near the end: from the last
            return self._split(number, number, source.page_before(query, None, remaining))
        return source.page_at(query, number * PAGE, want)

    def _split(self, number: int, first: int, rows: list[Any]) -> list[Any]:
        """Keep ``rows`` (pages ``first``, ``first + 1``, ...) and return page ``number``'s."""
        for start in range(0, len(rows), PAGE):
            if first + start // PAGE != number:
                self._keep(first + start // PAGE, rows[start : start + PAGE])
        offset = (number - first) * PAGE
        return rows[offset : offset + PAGE]

    def _keep(self, number: int, rows: list[Any]) -> None:
        self._pages[number] = rows
        self._shown[number] = [self.display(r) for r in rows]
        while len(self._pages) > CACHE_PAGES:
            gone, _ = self._pages.popitem(last=False)
            self._shown.pop(gone, None)

    # -- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

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
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None
