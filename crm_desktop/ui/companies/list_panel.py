"""The company list: filters, the lazy table sorted by any column, the editor for a new or
chosen company, bulk actions (tag, owner, trash) with undo, the trash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import staff, tags
from crm_desktop.domain.changes import Change
from crm_desktop.domain.company_list import CompanyList, CompanyRow, companies_with_tag
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.bulk import BulkActions, ask_owner, ask_tag
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.kept_view import KeptView
from crm_desktop.ui.companies.editor import CompanyEditor
from crm_desktop.ui.companies.filter_bar import CompanyFilterBar
from crm_desktop.ui.companies.list_model import NAME_COLUMN, CompanyTableModel

BULK_LIMIT = 10_000  # rows one bulk action may touch (each must be read to know its id)
_WIDTHS = (220, 120, 200, 140, 60, 120)


class CompanyListPanel(QWidget):
    company_chosen = Signal(int)  # the current row's company, for the detail
    counted = Signal(str)  # "1,234 companies", for the status bar

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("companyListPanel")
        self.services, self.bus, self.undo, self.report = services, bus, undo, report
        self.bulk = BulkActions(
            services.companies, companies_with_tag, ("company", "companies"), bus, undo, report
        )
        self.model = CompanyTableModel(CompanyList(), self)
        self.new_company_action = QAction("New company…", self)
        self.new_company_action.setObjectName("newCompanyAction")
        self.new_company_action.setToolTip("Add a company")
        self.new_company_action.triggered.connect(self.new_company)
        self.filters = CompanyFilterBar(self.new_company_action, self)
        self.table = self._table()
        self.kept = KeptView(self.table, self.model)
        self.empty = QLabel(self)
        self.empty.setObjectName("companyListEmpty")
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
        bus.changed.connect(self._on_change)
        self.reload_choices()
        self._filter()

    def _table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("companyList")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setSortingEnabled(True)  # a click on a header sorts the model in SQL
        table.sortByColumn(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(rows.fontMetrics().height() + 10)
        rows.hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        for column, width in enumerate(_WIDTHS):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.activated.connect(lambda index: self.edit_company(self.model.row_id(index.row())))
        return table

    def _actions(self) -> None:
        def add(text: str, slot: Callable[[], object], keys: QKeySequence | None = None) -> QAction:
            action = QAction(text, self)
            if keys is not None:
                action.setShortcut(keys)
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
            return action

        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.edit_action = add("Edit company…  (Enter)", self._edit_current)
        self.add_tag_action = add("Add tag…", self._ask_add_tag, QKeySequence("Ctrl+T"))
        self.remove_tag_action = add("Remove tag…", self._ask_remove_tag)
        self.owner_action = add("Assign owner…", self._ask_owner)
        self.trash_action = add(
            "Move to trash", self.trash_selected, QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.restore_action = add("Restore", self.restore_selected, QKeySequence("Ctrl+R"))
        self.empty_trash_action = add("Empty trash…", self._ask_empty_trash)

    # -- state -------------------------------------------------------------------------------

    def reload_choices(self) -> None:
        self.filters.set_choices(tags.all_tags(), staff.all_staff())

    def _filter(self) -> None:
        self.model.set_query(self.filters.applied(self.model.query))
        trashed = self.model.query.trashed
        for action in (self.add_tag_action, self.remove_tag_action, self.owner_action):
            action.setEnabled(not trashed)
        self.trash_action.setEnabled(not trashed)
        self.restore_action.setEnabled(trashed)
        self.empty_trash_action.setEnabled(trashed)

    def _on_change(self, change: Change) -> None:
        if change.affects("tag") or change.affects("staff"):
            self.reload_choices()
        if self.model.cares(change):
            self.kept.refresh()  # the scroll position and the selection stay where they were

    def count_text(self) -> str:
        """What ``counted`` says of the list now ("" while it is being counted)."""
        return "" if self.model.counting else self._said(self.model.rowCount())

    def _said(self, total: int) -> str:
        where = " in the trash" if self.model.query.trashed else ""
        return f"{total:,} compan{'ies' if total != 1 else 'y'}{where}"

    def _on_counted(self, total: int) -> None:
        self.counted.emit(self._said(total))
        self._show_empty_state()

    def _show_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        if self.model.query.trashed:
            text = "The trash is empty. Companies moved to the trash wait here until you empty it."
        elif self.filters.is_filtering():
            text = "No companies match these filters. Clear the filter field or pick “Any”."
        else:
            text = "No companies yet. Click “New company…” to add one, or load sample data."
        self.empty.setText(text)
        self._stack.setCurrentWidget(self.empty)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.company_chosen.emit(self.model.row_id(current.row()))

    def selected_rows(self) -> list[CompanyRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(rows) > BULK_LIMIT:
            raise ValueError(
                f"{len(rows):,} rows are selected; a bulk action takes up to {BULK_LIMIT:,}. "
                "Narrow the list with a filter first."
            )
        return [self.model.list_row(row) for row in rows]

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.selected_rows()]

    # -- the editor --------------------------------------------------------------------------

    def new_company(self) -> CompanyEditor:
        """Open the editor for a new company; once saved it is shown in the detail."""
        return self._open_editor(None)

    def edit_company(self, company_id: int) -> CompanyEditor:
        """Open the editor on a company (Enter or a double-click on its row, or the detail)."""
        return self._open_editor(company_id)

    def _edit_current(self) -> None:
        current = self.table.currentIndex()
        if current.isValid():
            self.edit_company(self.model.row_id(current.row()))

    def _open_editor(self, company_id: int | None) -> CompanyEditor:
        editor = CompanyEditor(self.services, self.bus, self.undo, self.report, company_id, self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self.company_chosen)
        editor.open_existing.connect(self.company_chosen)
        editor.open()
        return editor

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
        self._bulk("move companies to the trash", lambda rows: self.bulk.trash(_ids(rows)))

    def restore_selected(self) -> None:
        self._bulk("restore companies", lambda rows: self.bulk.restore(_ids(rows)))

    def _bulk(self, what: str, act: Callable[[list[CompanyRow]], None]) -> None:
        try:
            rows = self.selected_rows()
            if rows:
                act(rows)
        except Exception as exc:  # shown to the user; the list stays as it was
            self.report(what, exc)

    # -- prompts -----------------------------------------------------------------------------

    def _ask_add_tag(self) -> None:
        name = ask_tag(self, existing_only=False)
        if name:
            self.add_tag(name)

    def _ask_remove_tag(self) -> None:
        name = ask_tag(self, existing_only=True)
        if name:
            self.remove_tag(name)

    def _ask_owner(self) -> None:
        chosen, owner_id = ask_owner(self)
        if chosen:
            self.assign_owner(owner_id)

    def _ask_empty_trash(self) -> None:
        answer = QMessageBox.question(
            self,
            "Empty trash",
            "Delete every company in the trash for good? Their people and leads stay, without "
            "a company. This cannot be undone.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self.bus.publish(self.services.companies.empty_trash())
            except Exception as exc:  # shown to the user
                self.report("empty the trash", exc)


def _ids(rows: list[CompanyRow]) -> list[int]:
    return [r.id for r in rows]
