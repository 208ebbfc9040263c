"""The company list: a filter field, the lazy table, bulk tag and trash with undo, the trash."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedLayout,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import tags
from crm_desktop.domain.changes import Change
from crm_desktop.domain.company_list import CompanyList, companies_with_tag, remove_tag
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.undo import record
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
        self.model = CompanyTableModel(CompanyList(), self)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("companyFilter")
        self.filter.setPlaceholderText("Filter by name, website, industry, phone, tag…")
        self.filter.setClearButtonEnabled(True)
        self.trash = QToolButton(self)
        self.trash.setObjectName("companyTrashToggle")
        self.trash.setText("Trash")
        self.trash.setCheckable(True)
        self.trash.setToolTip("Show the companies in the trash, to restore them")
        self.table = self._table()
        self.empty = QLabel(self)
        self.empty.setObjectName("companyListEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.trash)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(self._stack, 1)
        self._actions()

        self.filter.textChanged.connect(self._filter)  # a page takes milliseconds: no pause
        self.trash.toggled.connect(self._filter)
        self.model.counted.connect(self._on_counted)
        self.model.modelReset.connect(self._show_empty_state)
        bus.changed.connect(self.model.on_change)
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
        table.horizontalHeader().setSortIndicator(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)  # sorts the model by that indicator
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(rows.fontMetrics().height() + 10)
        rows.hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.sortIndicatorChanged.connect(self._keep_indicator)
        for column, width in enumerate(_WIDTHS):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(self._current_changed)
        table.activated.connect(
            lambda index: self.company_chosen.emit(self.model.row_id(index.row()))
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
        self.trash_action = add(
            "Move to trash", self.trash_selected, QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.restore_action = add("Restore", self.restore_selected, QKeySequence("Ctrl+R"))
        self.empty_trash_action = add("Empty trash…", self._ask_empty_trash)

    # -- state -------------------------------------------------------------------------------

    def _filter(self) -> None:
        trashed = self.trash.isChecked()
        self.model.set_query(replace(self.model.query, text=self.filter.text(), trashed=trashed))
        self.add_tag_action.setEnabled(not trashed)
        self.trash_action.setEnabled(not trashed)
        self.restore_action.setEnabled(trashed)
        self.empty_trash_action.setEnabled(trashed)

    def _keep_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        """A click on a column that does not sort leaves the arrow on the name."""
        if column != NAME_COLUMN:
            header = self.table.horizontalHeader()
            descending = self.model.query.descending
            header.blockSignals(True)
            header.setSortIndicator(
                NAME_COLUMN,
                Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)

    def _on_counted(self, total: int) -> None:
        where = " in the trash" if self.model.query.trashed else ""
        self.counted.emit(f"{total:,} compan{'ies' if total != 1 else 'y'}{where}")
        self._show_empty_state()

    def _show_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        if self.model.query.trashed:
            text = "The trash is empty. Companies moved to the trash wait here until you empty it."
        elif self.filter.text().strip():
            text = "No companies match this filter. Clear the filter field to see them all."
        else:
            text = "No companies yet. Add a company to a contact, or load sample data from File."
        self.empty.setText(text)
        self._stack.setCurrentWidget(self.empty)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.company_chosen.emit(self.model.row_id(current.row()))

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(rows) > BULK_LIMIT:
            raise ValueError(
                f"{len(rows):,} rows are selected; a bulk action takes up to {BULK_LIMIT:,}. "
                "Narrow the list with the filter first."
            )
        return [self.model.row_id(row) for row in rows]

    # -- bulk actions ------------------------------------------------------------------------

    def add_tag(self, name: str) -> None:
        self._bulk(f"add tag “{name}”", lambda ids: self._add_tag(ids, name))

    def trash_selected(self) -> None:
        self._bulk("move companies to the trash", self._trash)

    def restore_selected(self) -> None:
        self._bulk("restore companies", self._restore)

    def _bulk(self, what: str, act: Callable[[list[int]], None]) -> None:
        try:
            ids = self.selected_ids()
            if ids:
                act(ids)
        except Exception as exc:  # shown to the user; the list stays as it was
            self.report(what, exc)

    def _do(self, text: str, do: Callable[[], Change], undo: Callable[[], Change]) -> None:
        self.bus.publish(do())
        record(
            self.undo,
            text,
            lambda: self.bus.publish(undo()),
            lambda: self.bus.publish(do()),
            lambda exc: self.report(f"redo or undo “{text}”", exc),
        )

    def _add_tag(self, ids: list[int], name: str) -> None:
        had = companies_with_tag(ids, name)
        fresh = [i for i in ids if i not in had]
        companies, clock = self.services.companies, self.services.clock
        self._do(
            f"Tag {len(fresh):,} {_companies(len(fresh))} “{name}”",
            lambda: companies.add_tags(fresh, [name]),
            lambda: remove_tag(clock, fresh, name),
        )

    def _trash(self, ids: list[int]) -> None:
        companies = self.services.companies
        self._do(
            f"Move {len(ids):,} {_companies(len(ids))} to the trash",
            lambda: companies.trash(ids),
            lambda: companies.restore(ids),
        )

    def _restore(self, ids: list[int]) -> None:
        companies = self.services.companies
        self._do(
            f"Restore {len(ids):,} {_companies(len(ids))}",
            lambda: companies.restore(ids),
            lambda: companies.trash(ids),
        )

    # -- prompts -----------------------------------------------------------------------------

    def _ask_add_tag(self) -> None:
        name, ok = QInputDialog.getItem(self, "Add tag", "Tag:", tags.all_tags(), 0, True)
        if ok and name.strip():
            self.add_tag(name.strip())

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


def _companies(n: int) -> str:
    return "company" if n == 1 else "companies"
