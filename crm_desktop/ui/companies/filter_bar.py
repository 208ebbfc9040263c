"""The filters above the company list: text as you type, tag, owner and the trash; and the
button that adds a company."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from crm_desktop.domain.company_list import CompanyQuery
from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common.choices import filter_combo, refill


class CompanyFilterBar(QWidget):
    """Every change is signalled at once: a page of companies takes a millisecond or two,
    so the list follows each key typed without waiting for a pause."""

    changed = Signal()

    def __init__(self, new_company: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("companyFilters")
        self.text = QLineEdit(self)
        self.text.setObjectName("companyFilter")
        self.text.setPlaceholderText("Filter by name, website, industry, phone, tag…")
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self.changed)
        self.tag = filter_combo(self, "companyTagFilter", "Any tag", self.changed)
        self.owner = filter_combo(self, "companyOwnerFilter", "Any owner", self.changed)
        self.trash = QToolButton(self)
        self.trash.setObjectName("companyTrashToggle")
        self.trash.setText("Trash")
        self.trash.setCheckable(True)
        self.trash.setToolTip("Show the companies in the trash, to restore them")
        self.trash.toggled.connect(self.changed)
        self.new = QToolButton(self)
        self.new.setObjectName("newCompanyButton")
        self.new.setDefaultAction(new_company)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 3)
        layout.addWidget(self.tag, 1)
        layout.addWidget(self.owner, 1)
        layout.addWidget(self.trash)
        layout.addWidget(self.new)

    def set_choices(self, tags: list[str], staff: list[StaffMember]) -> None:
        """Fill the tag and owner choices, keeping what is chosen."""
        refill(self.tag, [(t, t) for t in tags])
        refill(self.owner, [("Nobody", 0), *((s.name, s.id) for s in staff)])

    def applied(self, query: CompanyQuery) -> CompanyQuery:
        """``query`` with this bar's filters (its order kept)."""
        return query._replace(
            text=self.text.text(),
            tag=self.tag.currentData(),
            owner_id=self.owner.currentData(),
            trashed=self.trash.isChecked(),
        )

    def is_filtering(self) -> bool:
        return bool(
            self.text.text().strip() or self.tag.currentIndex() > 0 or self.owner.currentIndex() > 0
        )
