"""The company list: filters, the lazy table sorted by any column, the editor for a new or
chosen company, bulk actions (tag, owner, trash) with undo, the trash.

What it shares with the contact list (the table, the empty state, the count, the bulk actions
and the trash) is ``ui.common.list_panel.ListPanel``; its own are the "New company…" action,
the editor, the place kept when the list is read again, and no tagging in the trash."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableView

from crm_desktop.domain.company_list import CompanyList, companies_with_tag
from crm_desktop.ui.common.kept_view import KeptView
from crm_desktop.ui.common.list_panel import ListPanel
from crm_desktop.ui.companies.editor import CompanyEditor
from crm_desktop.ui.companies.filter_bar import CompanyFilterBar
from crm_desktop.ui.companies.list_model import NAME_COLUMN, CompanyTableModel

if TYPE_CHECKING:
    from crm_desktop.domain.changes import Change
    from crm_desktop.domain.companies import CompanyService


class CompanyListPanel(ListPanel):
    company_chosen = Signal(int)  # the current row's company, for the detail

    _NAMES = ("companyListPanel", "companyList", "companyListEmpty")
    _NOUNS = ("company", "companies")
    _WIDTHS = (220, 120, 200, 140, 60, 120)
    _SORT_COLUMN = NAME_COLUMN
    _EMPTY_TEXTS = (
        "The trash is empty. Companies moved to the trash wait here until you empty it.",
        "No companies match these filters. Clear the filter field or pick “Any”.",
        "No companies yet. Click “New company…” to add one, or load sample data.",
    )
    _EMPTY_TRASH_QUESTION = (
        "Delete every company in the trash for good? Their people and leads stay, without "
        "a company. This cannot be undone."
    )
    _with_tag = staticmethod(companies_with_tag)

    model: CompanyTableModel
    filters: CompanyFilterBar

    def _build(self) -> None:
        self.model = CompanyTableModel(CompanyList(), self)
        self.new_company_action = QAction("New company…", self)
        self.new_company_action.setObjectName("newCompanyAction")
        self.new_company_action.setToolTip("Add a company")
        self.new_company_action.triggered.connect(self.new_company)
        self.filters = CompanyFilterBar(self.new_company_action, self)
        self._lay_out()
        self._filter()

    def _table(self) -> QTableView:
        table = super()._table()
        self.kept = KeptView(table, self.model)
        return table

    def _actions(self) -> None:
        self.edit_action = self._add_action("Edit company…  (Enter)", self._edit_current)
        super()._actions()

    def _service(self) -> CompanyService:
        return self.services.companies

    # -- state -------------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if change.affects("tag") or change.affects("staff"):
            self.reload_choices()
        if self.model.cares(change):
            self.kept.refresh()  # the scroll position and the selection stay where they were

    def _chosen(self, row_id: int) -> None:
        self.company_chosen.emit(row_id)

    def _activated(self, row_id: int) -> None:
        self.edit_company(row_id)

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
