"""The contact list: filters, the lazy table, bulk actions (tag, owner, trash) with undo."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
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
from crm_desktop.domain.changes import Change
from crm_desktop.domain.contact_list import ContactList, ListRow
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.contacts.filter_bar import FilterBar
from crm_desktop.ui.contacts.list_model import ContactTableModel

if TYPE_CHECKING:  # the bulk actions and their prompts are imported when first used
    from crm_desktop.ui.common.bulk import BulkActions

BULK_LIMIT = 10_000  # rows one bulk action may touch (each must be read to know its id)


class ContactListPanel(QWidget):
    contact_chosen = Signal(int)  # the current row's contact, for the detail
    counted = Signal(str)  # "1,234 contacts", for the status bar

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactListPanel")
        self.services, self.bus, self.undo, self.report = services, bus, undo, report
        self.model = ContactTableModel(ContactList(services.clock), services.clock.local_tz, self)
        with self.model.holding():  # sorting, choices and filters read the first page once
            self._build()

    def _build(self) -> None:
        self.filters = FilterBar(self)
        self.table = self._table()
        self.empty = QLabel(self)
        self.empty.setObjectName("contactListEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self._stack = QStackedLayout()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addLayout(self._stack, 1)
        self._actions()

        self.filters.changed.connect(self._filter)
        self.model.counted.connect(self._on_counted)
        self.model.modelReset.connect(self._show_empty_state)
        self.bus.changed.connect(self._on_change)
        self.reload_choices()
        self.model.set_query(self.filters.applied(self.model.query))

    def _table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("contactList")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(rows.fontMetrics().height() + 10)
        rows.hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        for column, width in enumerate((180, 160, 130, 200, 130, 90, 120, 80, 100)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.activated.connect(
            lambda index: self.contact_chosen.emit(self.model.row_id(index.row()))
        )
        return table

    def _actions(self) -> None:
        def add(text: str, slot: Callable[[], None], keys: QKeySequence | None = None) -> QAction:
            action = QAction(text, self)
            if keys is not None:
                action.setShortcut(keys)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
            return action

        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.add_tag_action = add("Add tag…", self._ask_add_tag, QKeySequence("Ctrl+T"))
        self.remove_tag_action = add("Remove tag…", self._ask_remove_tag)
        self.owner_action = add("Assign owner…", self._ask_owner)
        self.trash_action = add(
            "Move to trash", self.trash_selected, QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.restore_action = add("Restore", self.restore_selected, QKeySequence("Ctrl+Shift+R"))
        self.empty_trash_action = add("Empty trash…", self._ask_empty_trash)

    @cached_property
    def bulk(self) -> BulkActions:
        """Made at the first bulk action (the contact service is not needed to list)."""
        from crm_desktop.ui.common.bulk import BulkActions

        return BulkActions(
            self.services.contacts,
            tags.contacts_with_tag,
            ("contact", "contacts"),
            self.bus,
            self.undo,
            self.report,
        )

    # -- state -------------------------------------------------------------------------------

    def reload_choices(self) -> None:
        self.filters.set_choices(tags.all_tags(), staff.all_staff())

    def _filter(self) -> None:
        self.model.set_query(self.filters.applied(self.model.query))
        trashed = self.model.query.trashed
        self.restore_action.setEnabled(trashed)
        self.empty_trash_action.setEnabled(trashed)
        self.trash_action.setEnabled(not trashed)

    def _on_change(self, change: Change) -> None:
        if change.affects("tag"):
            self.reload_choices()
        self.model.on_change(change)

    def count_text(self) -> str:
        """What ``counted`` says of the list now ("" while it is being counted), for whoever
        starts listening after the list was counted (a short one is, while it is built)."""
        return "" if self.model.counting else self._said(self.model.rowCount())

    def _said(self, total: int) -> str:
        where = " in the trash" if self.model.query.trashed else ""
        return f"{total:,} contact{'s' if total != 1 else ''}{where}"

    def _on_counted(self, total: int) -> None:
        self.counted.emit(self._said(total))
        self._show_empty_state()

    def _show_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        if self.model.query.trashed:
            text = "The trash is empty. Deleted contacts wait here until you empty it."
        elif self.filters.is_filtering():
            text = "No contacts match these filters. Clear the filter field or pick “Any”."
        else:
            text = "No contacts yet. Press Ctrl+N to add one, or load sample data from File."
        self.empty.setText(text)
        self._stack.setCurrentWidget(self.empty)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.contact_chosen.emit(self.model.row_id(current.row()))

    def selected_rows(self) -> list[ListRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(rows) > BULK_LIMIT:
            raise ValueError(
                f"{len(rows):,} rows are selected; a bulk action takes up to {BULK_LIMIT:,}. "
                "Narrow the list with a filter first."
            )
        return [self.model.list_row(row) for row in rows]

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
        self._bulk("move contacts to the trash", lambda rows: self.bulk.trash(_ids(rows)))

    def restore_selected(self) -> None:
        self._bulk("restore contacts", lambda rows: self.bulk.restore(_ids(rows)))

    def _bulk(self, what: str, act: Callable[[list[ListRow]], None]) -> None:
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

        answer = QMessageBox.question(
            self,
            "Empty trash",
            "Delete every contact in the trash for good, with their timelines? "
            "This cannot be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.bus.publish(self.services.contacts.empty_trash())
            except Exception as exc:  # shown to the user
                self.report("empty the trash", exc)


def _ids(rows: list[ListRow]) -> list[int]:
    return [r.id for r in rows]
