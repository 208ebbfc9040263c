"""What the contact and company lists share: the filter bar above a lazy table sorted in SQL,
the empty-state text in its place when nothing is listed, the row count for the status bar,
bulk actions on the selected rows (tag, owner, trash, restore) with undo, and the trash.

A list (``ContactListPanel``, ``CompanyListPanel``) makes its ``model`` and ``filters`` in
``_build``, then calls ``_lay_out``; it names its service, its nouns and texts, and says what
choosing and activating a row do.

Imported before the first paint (the contact list is the usual first page): the bulk actions,
their prompts and the message box are imported when first used.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import staff, tags

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QUndoStack

    from crm_desktop.domain.changes import Change
    from crm_desktop.domain.companies import CompanyService
    from crm_desktop.domain.company_list import CompanyRow
    from crm_desktop.domain.contact_list import ListRow
    from crm_desktop.domain.contacts import ContactService
    from crm_desktop.domain.services import Services
    from crm_desktop.ui.common.bulk import BulkActions
    from crm_desktop.ui.common.changes import ChangeBus
    from crm_desktop.ui.common.errors import ErrorReporter
    from crm_desktop.ui.common.paged_model import PagedTableModel

    Row = ListRow | CompanyRow


BULK_LIMIT = 10_000  # rows one bulk action may touch (each must be read to know its id)


class ListPanel(QWidget):
    """The shared part of a list of records; see the module's docstring."""

    counted = Signal(str)  # "1,234 contacts", for the status bar

    # What each list says and does its own way (its class sets them).
    _NAMES: tuple[str, str, str]  # object names: the panel, its table, its empty-state label
    _NOUNS: tuple[str, str]  # ("contact", "contacts")
    _WIDTHS: tuple[int, ...]  # the columns' first widths
    _SORT_COLUMN = 0  # the column listed by at first
    _EMPTY_TEXTS: tuple[str, str, str]  # in the trash, filtered to nothing, nothing yet
    _EMPTY_TRASH_QUESTION: str
    _build: Callable[[], None]  # makes model and filters, calls _lay_out, lists the first rows
    _service: Callable[[], ContactService | CompanyService]  # bulk changes, the trash
    _with_tag: Callable[[list[int], str], set[int]]  # which of these records have the tag
    _chosen: Callable[[int], None]  # the current row is now this record
    _on_change: Callable[[Change], None]  # what to do when the bus says what changed

    model: PagedTableModel
    filters: Any  # its filter bar: changed, set_choices, applied, is_filtering

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self._NAMES[0])
        self.services, self.bus, self.undo, self.report = services, bus, undo, report
        self._build()

    def _activated(self, row_id: int) -> None:
        """Enter or a double-click on the record ``row_id``'s row."""
        self._chosen(row_id)

    # -- the panel ---------------------------------------------------------------------------

    def _lay_out(self) -> None:
        """Put ``filters`` above the table, or above the empty-state text when nothing is
        listed; add the table's actions and connect the parts."""
        self.table = self._table()
        self.empty, self._stack = filters_over_table(self, self.filters, self.table, self._NAMES[2])
        self._actions()

        self.filters.changed.connect(self._filter)
        self.model.counted.connect(self._on_counted)
        self.model.modelReset.connect(self._show_empty_state)
        self.bus.changed.connect(self._on_change)
        self.reload_choices()

    def _table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName(self._NAMES[1])
        table.setModel(self.model)
        set_up_list_table(table, self._WIDTHS)
        table.setSortingEnabled(True)  # a click on a header sorts the model in SQL
        table.sortByColumn(self._SORT_COLUMN, Qt.SortOrder.AscendingOrder)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.activated.connect(lambda index: self._activated(self.model.row_id(index.row())))
        return table

    def _add_action(
        self, text: str, slot: Callable[[], object], keys: QKeySequence | None = None
    ) -> QAction:
        """An action of the table's context menu; its shortcut works while the panel has focus."""
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    def _actions(self) -> None:
        add = self._add_action
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.add_tag_action = add("Add tag…", self._ask_add_tag, QKeySequence("Ctrl+T"))
        self.remove_tag_action = add("Remove tag…", self._ask_remove_tag)
        self.owner_action = add("Assign owner…", self._ask_owner)
        self.trash_action = add(
            "Move to trash", self.trash_selected, QKeySequence(QKeySequence.StandardKey.Delete)
        )
        # Not Ctrl+R: the window's "New follow-up" takes that key before a list sees it.
        self.restore_action = add("Restore", self.restore_selected, QKeySequence("Ctrl+Shift+R"))
        self.empty_trash_action = add("Empty trash…", self._ask_empty_trash)

    @cached_property
    def bulk(self) -> BulkActions:
        """Made at the first bulk action (the records' service is not needed to list)."""
        from crm_desktop.ui.common.bulk import BulkActions

        return BulkActions(
            self._service(), self._with_tag, self._NOUNS, self.bus, self.undo, self.report
        )

    # -- state -------------------------------------------------------------------------------

    def reload_choices(self) -> None:
        self.filters.set_choices(tags.all_tags(), staff.all_staff())

    def _filter(self) -> None:
        self.model.set_query(self.filters.applied(self.model.query))
        trashed = self.model.query.trashed
        self.restore_action.setEnabled(trashed)
        self.empty_trash_action.setEnabled(trashed)
        kept = (self.trash_action, self.add_tag_action, self.remove_tag_action, self.owner_action)
        for action in kept:  # what a list of living records offers
            action.setEnabled(not trashed)

    def count_text(self) -> str:
        """What ``counted`` says of the list now ("" while it is being counted), for whoever
        starts listening after the list was counted (a short one is, while it is built)."""
        return "" if self.model.counting else self._said(self.model.rowCount())

    def _said(self, total: int) -> str:
        where = " in the trash" if self.model.query.trashed else ""
        noun = self._NOUNS[0] if total == 1 else self._NOUNS[1]
        return f"{total:,} {noun}{where}"

    def _on_counted(self, total: int) -> None:
        self.counted.emit(self._said(total))
        self._show_empty_state()

    def _show_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        in_trash, filtered_out, none_yet = self._EMPTY_TEXTS
        if self.model.query.trashed:
            text = in_trash
        elif self.filters.is_filtering():
            text = filtered_out
        else:
            text = none_yet
        self.empty.setText(text)
        self._stack.setCurrentWidget(self.empty)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._chosen(self.model.row_id(current.row()))

    def selected_rows(self) -> list[Row]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(rows) > BULK_LIMIT:
            raise ValueError(
                f"{len(rows):,} rows are selected; a bulk action takes up to {BULK_LIMIT:,}. "
                "Narrow the list with a filter first."
            )
        return [self.model.list_row(row) for row in rows]

    def selected_ids(self) -> list[int]:
        return _ids(self.selected_rows())

    # -- bulk actions ------------------------------------------------------------------------

    def add_tag(self, name: str) -> None:
        self._bulk(f"add tag “{name}”", lambda rows: self.bulk.add_tag(_ids(rows), name))

    def remove_tag(self, name: str) -> None:
        self._bulk(f"remove tag “{name}”", lambda rows: self.bulk.remove_tag(_ids(rows), name))

    def assign_owner(self, owner_id: int | None) -> None:
        self._bulk(
            "assign an owner",
            lambda rows: self.bulk.assign_owner([(r.id, r.owner_id) for r in rows], owner_id),
        )

    def trash_selected(self) -> None:
        self._bulk(f"move {self._NOUNS[1]} to the trash", lambda rows: self.bulk.trash(_ids(rows)))

    def restore_selected(self) -> None:
        self._bulk(f"restore {self._NOUNS[1]}", lambda rows: self.bulk.restore(_ids(rows)))

    def _bulk(self, what: str, act: Callable[[list[Row]], None]) -> None:
        try:
            rows = self.selected_rows()
            if rows:
                act(rows)
        except Exception as exc:  # shown to the user; the list stays as it was
            self.report(what, exc)

    # -- prompts -----------------------------------------------------------------------------

    def _ask_add_tag(self) -> None:
        from crm_desktop.ui.common.bulk import ask_tag

        name = ask_tag(self, existing_only=False)
        if name:
            self.add_tag(name)

    def _ask_remove_tag(self) -> None:
        from crm_desktop.ui.common.bulk import ask_tag

        name = ask_tag(self, existing_only=True)
        if name:
            self.remove_tag(name)

    def _ask_owner(self) -> None:
        from crm_desktop.ui.common.bulk import ask_owner

        chosen, owner_id = ask_owner(self)
        if chosen:
            self.assign_owner(owner_id)

    def _ask_empty_trash(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, "Empty trash", self._EMPTY_TRASH_QUESTION)
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.bus.publish(self._service().empty_trash())
            except Exception as exc:  # shown to the user
                self.report("empty the trash", exc)


def set_up_list_table(table: QTableView, widths: Sequence[int]) -> None:
    """A list's table: whole rows selected (several at once), alternate rows shaded, one line
    per row with no grid and no row numbers, movable columns of these first ``widths``, the
    last one stretched. Sorting is the list's own to turn on."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setShowGrid(False)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(rows.fontMetrics().height() + 10)
    rows.hide()
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionsMovable(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)


def filters_over_table(
    panel: QWidget, filters: QWidget, table: QTableView, empty_name: str
) -> tuple[QLabel, QStackedLayout]:
    """Lay ``panel`` out as ``filters`` above ``table``, and make the label (named
    ``empty_name``) that takes the table's place when nothing is listed; the layout switches
    between the two."""
    empty = QLabel(panel)
    empty.setObjectName(empty_name)
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.setWordWrap(True)
    stack = QStackedLayout()
    stack.addWidget(table)
    stack.addWidget(empty)
    layout = QVBoxLayout(panel)
    layout.addWidget(filters)
    layout.addLayout(stack, 1)
    return empty, stack


def _ids(rows: list[Row]) -> list[int]:
    return [r.id for r in rows]
