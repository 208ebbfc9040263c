"""The filters above the contact list: text as you type, tag, owner, lifecycle, "not contacted
in N days", "no open follow-up", and the trash."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.contact_list import ContactQuery
from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common.choices import filter_combo, refill

LIFECYCLES = ("lead", "prospect", "customer", "former")
TYPING_PAUSE_MS = 150


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactFilters")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.text = QLineEdit(self)
        self.text.setObjectName("contactFilter")
        self.text.setPlaceholderText("Filter by name, email, phone, company, tag…")
        self.text.setClearButtonEnabled(True)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed)
        self.text.textChanged.connect(self._typing.start)

        self.tag = filter_combo(self, "tagFilter", "Any tag", self.changed)
        self.owner = filter_combo(self, "ownerFilter", "Any owner", self.changed)
        self.lifecycle = filter_combo(self, "lifecycleFilter", "Any stage of life", self.changed)
        for name in LIFECYCLES:
            self.lifecycle.addItem(name.capitalize(), name)

        self.quiet_days = QSpinBox(self)
        self.quiet_days.setObjectName("notContactedFilter")
        self.quiet_days.setRange(0, 3650)
        self.quiet_days.setSpecialValueText("Any last contact")
        self.quiet_days.setPrefix("Quiet for ")
        self.quiet_days.setSuffix(" days")
        self.quiet_days.setToolTip("Show only people not contacted in this many days (0: off)")
        self.quiet_days.valueChanged.connect(self._typing.start)

        self.no_followup = QCheckBox("No open follow-up", self)
        self.no_followup.setObjectName("noFollowUpFilter")
        self.no_followup.toggled.connect(self.changed)

        self.trash = QToolButton(self)
        self.trash.setObjectName("trashToggle")
        self.trash.setText("Trash")
        self.trash.setCheckable(True)
        self.trash.setToolTip("Show the contacts in the trash, to restore them")
        self.trash.toggled.connect(self.changed)

        # Two rows that size apart (no shared columns): the bar is as narrow as its wider row.
        top, choices = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(self.no_followup)
        top.addWidget(self.trash)
        for widget in (self.tag, self.owner, self.lifecycle):
            choices.addWidget(widget, 1)
        choices.addWidget(self.quiet_days)
        layout.addLayout(top)
        layout.addLayout(choices)

    def set_choices(self, tags: list[str], staff: list[StaffMember]) -> None:
        """Fill the tag and owner choices, keeping what is chosen."""
        refill(self.tag, [(t, t) for t in tags])
        refill(self.owner, [("Nobody", 0), *((s.name, s.id) for s in staff)])

    def applied(self, query: ContactQuery) -> ContactQuery:
        """``query`` with this bar's filters (its order kept)."""
        days = self.quiet_days.value()
        return query._replace(
            text=self.text.text(),
            tag=self.tag.currentData(),
            owner_id=self.owner.currentData(),
            lifecycle=self.lifecycle.currentData(),
            not_contacted_days=days or None,
            no_open_followup=self.no_followup.isChecked(),
            trashed=self.trash.isChecked(),
        )

    def is_filtering(self) -> bool:
        return bool(
            self.text.text().strip()
            or self.tag.currentIndex() > 0
            or self.owner.currentIndex() > 0
            or self.lifecycle.currentIndex() > 0
            or self.quiet_days.value()
            or self.no_followup.isChecked()
        )
