"""Keeping a lazy table's place when its list is read again after a write.

A re-read (``PagedTableModel.refresh``) resets the model: Qt forgets the selection and the
current row, and until the background count arrives the list is one page long, so the view
scrolls to the top. ``KeptView.refresh`` notes the place first and puts it back once the
count is in: the same scroll position, and the current and selected rows where the same rows
(by id) are still near where they were. A row that moved far away (renamed, re-sorted) or
left the list (trashed) is not looked for: that would mean reading the whole list.

Any other reset (a new order, a new filter) starts the view at the top of the new list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject
from PySide6.QtWidgets import QTableView

from crm_desktop.ui.common.paged_model import PAGE, PagedTableModel

KEEP_SELECTED = 1_000  # a bigger selection is let go (each row's id would need its page read)
NEAR = PAGE  # how far from its old row a kept row is looked for, either way


@dataclass
class _Place:
    scroll: int
    current: tuple[int, int, int] | None = None  # row, column, id
    selected: dict[int, int] = field(default_factory=dict)  # id -> row it was on


class KeptView(QObject):
    def __init__(self, table: QTableView, model: PagedTableModel) -> None:
        super().__init__(table)
        self._table, self._model = table, model
        self._pending: _Place | None = None
        self._keeping = False
        model.counted.connect(self._on_counted)
        model.modelAboutToBeReset.connect(self._forget)  # another re-read: its place is gone
        model.modelReset.connect(self._to_top)

    def refresh(self) -> None:
        """Read the list again, keeping the place (see the module's docstring)."""
        # A second write before the first re-read's count came: the place is the one noted
        # then (the view meanwhile shows a one-page list).
        place = self._pending if self._pending is not None else self._capture()
        self._keeping = True
        try:
            self._model.refresh()
        finally:
            self._keeping = False
        if self._model.counting:
            self._pending = place
        else:
            self._restore(place)

    def _forget(self) -> None:
        self._pending = None

    def _to_top(self) -> None:
        if not self._keeping:
            self._table.scrollToTop()

    def _on_counted(self, _total: int) -> None:
        place, self._pending = self._pending, None
        if place is not None:
            self._restore(place)

    def _capture(self) -> _Place:
        table, model = self._table, self._model
        place = _Place(table.verticalScrollBar().value())
        current = table.currentIndex()
        if current.isValid():
            place.current = (current.row(), current.column(), model.row_id(current.row()))
        rows = {index.row() for index in table.selectionModel().selectedRows()}
        if len(rows) <= KEEP_SELECTED:
            place.selected = {model.row_id(row): row for row in sorted(rows)}
        return place

    def _restore(self, place: _Place) -> None:
        table, model = self._table, self._model
        table.doItemsLayout()  # the scroll bar's range follows the new row count now
        bar = table.verticalScrollBar()
        bar.setValue(min(place.scroll, bar.maximum()))
        wanted = dict(place.selected)
        if place.current is not None:
            wanted.setdefault(place.current[2], place.current[0])
        found = self._find(wanted)
        selection = QItemSelection()
        last = model.columnCount() - 1
        for row in sorted(found[i] for i in place.selected if i in found):
            selection.select(model.index(row, 0), model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag
        chooser = table.selectionModel()
        if place.current is not None and place.current[2] in found:
            row = found[place.current[2]]
            chooser.setCurrentIndex(model.index(row, place.current[1]), flags.NoUpdate)
        chooser.select(selection, flags.ClearAndSelect)

    def _find(self, wanted: dict[int, int]) -> dict[int, int]:
        """Where the rows with these ids (id -> old row) are now, if still near their old row."""
        if not wanted:
            return {}
        model, count = self._model, self._model.rowCount()
        spots = sorted(wanted.values())
        looked: set[int] = set()
        found: dict[int, int] = {}
        for spot in spots:
            for row in range(max(0, spot - NEAR), min(count, spot + NEAR + 1)):
                if row in looked:
                    continue
                looked.add(row)
                try:
                    row_id = model.row_id(row)
                except IndexError:  # rows went away while the count was on its way
                    return found
                if row_id in wanted:
                    found[row_id] = row
            if len(found) == len(wanted):
                break
        return found
