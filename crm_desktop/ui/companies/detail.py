"""The company detail: who the company is, the people who work there and its leads.

Showing a company reads a few rows by key (the company with its tags, its owner and leads,
up to ``PEOPLE_LIMIT`` of its people by name), so it opens at once at any size.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.companies import CompanyDetail
from crm_desktop.domain.company_overview import CompanyPeople, company_people
from crm_desktop.domain.contact_overview import CompanyOverview, company_overview
from crm_desktop.domain.errors import NotFound
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.theme import link
from crm_desktop.ui.common.themed import ThemedWidget
from crm_desktop.ui.contacts.detail_parts import banner, chips, colors, info_label, lead_text, links

Report = Callable[[str, BaseException], None]

PEOPLE_LIMIT = 500
EMPTY_TEXT = "Pick a company in the list to see its people and leads."
_NO_PEOPLE = "Nobody works here yet. Set this company on a contact to list them here."
_NO_LEADS = "No leads with this company yet."
_FACTS = (
    ("companyWebsite", "Website"),
    ("companyPhone", "Phone"),
    ("companyAddress", "Address"),
    ("companyTags", "Tags"),
    ("companyNotes", "Notes"),
)
_MAX_ROWS = 40  # a list grows to this many rows, if there is room, then scrolls
_PLAIN = frozenset({"companyAddress", "companyNotes"})
_LINKED = frozenset({"companyWebsite", "companyPhone"})


class CompanyDetailPanel(ThemedWidget):
    """Shows one company; Enter or a double-click on a person or a lead asks to open it, the
    Edit button asks to edit the company (``CompanyListPanel.edit_company`` does)."""

    contact_requested = Signal(int)
    lead_requested = Signal(int)
    edit_requested = Signal(int)

    def __init__(
        self, services: Services, bus: ChangeBus, report: Report, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("companyDetail")
        self._services = services
        self._report = report
        self._shown: tuple[CompanyDetail, CompanyOverview, CompanyPeople] | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._refresh)
        self._pages = QStackedWidget(self)
        self._empty = QLabel(EMPTY_TEXT, self)
        self._empty.setObjectName("companyDetailEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._content = self._content_page()
        self._pages.addWidget(self._empty)
        self._pages.addWidget(self._content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        bus.changed.connect(self._on_change)
        self._restyle()
        self.clear()

    # -- public --------------------------------------------------------------------------

    def company_id(self) -> int | None:
        return self._shown[0].id if self._shown else None

    def show_company(self, company_id: int) -> None:
        """Show ``company_id`` (again, if already shown: that re-reads it)."""
        try:
            shown = (
                self._services.companies.get(company_id),
                company_overview(company_id),
                company_people(company_id, PEOPLE_LIMIT),
            )
        except NotFound:
            self.clear()
            return
        except Exception as exc:  # shown to the user; the panel keeps what it showed
            self._report("show the company", exc)
            return
        self._shown = shown
        self._fill(*shown)
        self._pages.setCurrentWidget(self._content)

    def clear(self) -> None:
        """Show no company: the empty state says what to do."""
        self._shown = None
        self._pages.setCurrentWidget(self._empty)

    # -- layout --------------------------------------------------------------------------

    def _content_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("companyInfo")
        self.trashed_banner, _ = banner(
            "companyTrashedBanner",
            "This company is in the trash. Restore it from the list's trash view (Ctrl+Shift+R).",
        )
        self.name_label = forms.as_title(info_label("companyName", selectable=True), 1.6)
        self.edit_button = QPushButton("Edit…", page)
        self.edit_button.setObjectName("editCompanyButton")
        self.edit_button.setToolTip("Edit this company's name, website, owner, tags…")
        self.edit_button.clicked.connect(self._edit)
        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.meta = info_label("companyMeta")
        self._facts = QFormLayout()
        self._facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QLabel] = {}
        for name, title in _FACTS:
            label = info_label(name, selectable=name in _PLAIN)
            if name in _LINKED:
                label.setOpenExternalLinks(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            self.fields[name] = label
            self._facts.addRow(title, label)
        self.people_heading = _heading("companyPeopleHeading")
        self.people = _list("companyPeople")
        self.people.itemActivated.connect(lambda item: self.contact_requested.emit(_id(item)))
        self.people_more = info_label("companyPeopleMore")
        self.people_more.setProperty("role", "hint")
        self.people_empty = _hint("companyPeopleEmpty", _NO_PEOPLE)
        self.leads_heading = _heading("companyLeadsHeading")
        self.leads = _list("companyLeads")
        self.leads.itemActivated.connect(lambda item: self.lead_requested.emit(_id(item)))
        self.leads_empty = _hint("companyLeadsEmpty", _NO_LEADS)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(6)
        layout.addWidget(self.trashed_banner)
        layout.addLayout(top)
        layout.addWidget(self.meta)
        layout.addSpacing(4)
        layout.addLayout(self._facts)
        layout.addSpacing(8)
        layout.addWidget(self.people_heading)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.people_more)
        layout.addWidget(self.people_empty)
        layout.addSpacing(8)
        layout.addWidget(self.leads_heading)
        layout.addWidget(self.leads, 1)
        layout.addWidget(self.leads_empty)
        layout.addStretch(1)
        return page

    # -- filling -------------------------------------------------------------------------

    def _fill(
        self, detail: CompanyDetail, overview: CompanyOverview, roster: CompanyPeople
    ) -> None:
        self.trashed_banner.setVisible(detail.deleted_at is not None)
        self.edit_button.setEnabled(detail.deleted_at is None)  # restore it first
        self.name_label.setText(detail.name)
        parts = [detail.industry] if detail.industry else []
        parts.append(f"Owner: {overview.owner_name or 'nobody'}")
        parts.append(f"{roster.total:,} {'person' if roster.total == 1 else 'people'}")
        self.meta.setText(" · ".join(parts))
        for name, text in (
            ("companyWebsite", _website(detail.website)),
            ("companyPhone", links("tel:", [("", detail.phone)]) if detail.phone else ""),
            ("companyAddress", detail.address),
            ("companyTags", chips(detail.tags, self._is_dark())),
            ("companyNotes", detail.notes),
        ):
            self.fields[name].setText(text)
            self._facts.setRowVisible(self.fields[name], bool(text))

        self.people_heading.setText(f"People ({roster.total:,})" if roster.total else "People")
        self.people.clear()
        for person in roster.people:
            text = " · ".join(part for part in (person.name, person.title, person.email) if part)
            _add(self.people, person.id, text)
        self.people_more.setText(f"and {roster.more:,} more" if roster.more else "")
        self.people_more.setVisible(roster.more > 0)
        self._show_list(self.people, self.people_empty, bool(roster.people))

        self.leads_heading.setText(f"Leads ({len(overview.leads)})" if overview.leads else "Leads")
        self.leads.clear()
        muted = QColor(colors(self._is_dark())["muted"])
        for lead in overview.leads:
            closed = lead.status != "open"
            _add(self.leads, lead.id, lead_text(lead), muted if closed else None)
        self._show_list(self.leads, self.leads_empty, bool(overview.leads))

    @staticmethod
    def _show_list(items: QListWidget, empty: QLabel, filled: bool) -> None:
        """Show the list, no taller than its rows (the rest scrolls), or its empty line."""
        items.setVisible(filled)
        empty.setVisible(not filled)
        if filled:
            items.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)  # Enter works
            rows = min(items.count(), _MAX_ROWS)
            items.setMaximumHeight(items.sizeHintForRow(0) * rows + 2 * items.frameWidth() + 2)

    def _edit(self) -> None:
        company = self.company_id()
        if company is not None:
            self.edit_requested.emit(company)

    # -- reacting ------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        company = self.company_id()
        if company is None:
            return
        if change.entity == "company" and company in change.ids and change.action == "deleted":
            self.clear()
        elif (
            (change.entity == "company" and company in change.ids)
            or change.affects("contact")
            or change.affects("lead")
            or change.affects("staff")
        ):
            self._refresh_timer.start(0)  # one re-read for a burst of changes

    def _refresh(self) -> None:
        company = self.company_id()
        if company is not None:
            self.show_company(company)

    # -- looks ---------------------------------------------------------------------------

    def _restyle_for(self, dark: bool) -> None:
        c = colors(dark)
        self.setStyleSheet(
            f"""
            QFrame#companyTrashedBanner {{
                background: {c["warn_bg"]}; border: 1px solid {c["warn"]}; border-radius: 6px;
            }}
            QFrame#companyTrashedBanner QLabel {{ color: {c["warn_text"]}; }}
            QLabel#companyMeta, QLabel[role="hint"] {{ color: {c["muted"]}; }}
            QLabel#companyDetailEmpty {{ color: {c["muted"]}; font-size: 13pt; }}
            QListWidget#companyPeople::item, QListWidget#companyLeads::item {{ padding: 3px 2px; }}
            """
        )
        if self._shown is not None:
            self._fill(*self._shown)  # the tag chips and closed leads carry colours too


def _website(url: str) -> str:
    """A link to the site; a bare "acme.com" opens over https."""
    if not url:
        return ""
    target = url if "://" in url else f"https://{url}"
    return link(target, url)


def _heading(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _hint(name: str, text: str) -> QLabel:
    label = info_label(name)
    label.setText(text)
    label.setProperty("role", "hint")
    return label


def _list(name: str) -> QListWidget:
    items = QListWidget()
    items.setObjectName(name)
    items.setAlternatingRowColors(True)
    items.setUniformItemSizes(True)
    items.setMinimumHeight(90)
    return items


def _add(items: QListWidget, row_id: int, text: str, color: QColor | None = None) -> None:
    item = QListWidgetItem(text, items)
    item.setData(Qt.ItemDataRole.UserRole, row_id)
    item.setToolTip(text)
    if color is not None:
        item.setForeground(QBrush(color))


def _id(item: QListWidgetItem) -> int:
    return int(item.data(Qt.ItemDataRole.UserRole))
