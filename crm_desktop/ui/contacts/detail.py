"""The contact detail panel: who they are, their leads and open follow-ups, and the timeline below.

Opening a contact reads a handful of rows by key (the contact with its emails, phones and tags;
its owner, leads and follow-ups), so it shows at once whatever the size of the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.contact_overview import ContactOverview, contact_overview
from crm_desktop.domain.contacts import ContactDetail
from crm_desktop.domain.errors import NotFound
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import detail_frame as frame
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.themed import ThemedWidget
from crm_desktop.ui.common.timers import next_turn
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.contacts.detail_empty import MIN_WIDTH, empty_page
from crm_desktop.ui.contacts.detail_parts import (
    ListSection,
    address_title,
    banner,
    birthday_text,
    chips,
    colors,
    follow_up_text,
    info_label,
    lead_text,
    links,
    none_yet,
    style_sheet,
    subtitle,
)
from crm_desktop.ui.contacts.editor import ContactEditor
from crm_desktop.ui.contacts.editor_fields import channel_label

Report = Callable[[str, BaseException], None]

# Kinds of change after which what the panel shows may be stale.
_AROUND = frozenset({"lead", "reminder", "interaction", "staff"})
_FACTS = (
    ("contactEmails", "Email"),
    ("contactPhones", "Phone"),
    ("contactAddress", "Address"),
    ("contactBirthday", "Birthday"),
    ("contactChannel", "Prefers"),
    ("contactTags", "Tags"),
    ("contactNotes", "Notes"),
    ("contactPreferences", "Preferences"),
)
_PLAIN = frozenset({"contactAddress", "contactNotes", "contactPreferences", "contactBirthday"})
_NO_LEADS = "No leads yet. “Add lead” starts one when there is something to sell."
_NO_FOLLOW_UPS = "Nothing planned. “Add follow-up” sets the next step so they don't go cold."


class ContactDetailPanel(ThemedWidget):
    """Shows one contact; ``contact_changed(id or None)`` whenever that becomes another one."""

    contact_changed = Signal(object)
    lead_activated = Signal(int)
    follow_up_activated = Signal(int)
    company_activated = Signal(int)
    add_lead_requested = Signal(int)  # for the contact shown
    add_follow_up_requested = Signal(int)

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        timeline: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactDetail")
        self.setMinimumWidth(MIN_WIDTH)
        self._services = services
        self._bus = bus
        self._undo = undo_stack
        self._report = report
        self._detail: ContactDetail | None = None
        self._overview: ContactOverview | None = None
        self._refresh_timer = next_turn(self, self._refresh)
        self._build(timeline)
        bus.changed.connect(self._on_change)
        self._restyle()
        self.clear()

    # -- public --------------------------------------------------------------------------

    def contact_id(self) -> int | None:
        return self._detail.id if self._detail else None

    def show_contact(self, contact_id: int) -> None:
        """Show ``contact_id`` (again, if already shown: that re-reads it)."""
        previous = self.contact_id()
        try:
            detail = self._services.contacts.get(contact_id)
            overview = contact_overview(contact_id, self._services.clock.now())
        except NotFound:
            self.clear()
            return
        except Exception as exc:
            self._report("show the contact", exc)
            return
        self._detail, self._overview = detail, overview
        self._fill(detail, overview)
        self._pages.setCurrentWidget(self._content)
        if contact_id != previous:
            self._scroll.verticalScrollBar().setValue(0)
            self.contact_changed.emit(contact_id)

    def clear(self) -> None:
        """Show nobody: the empty state says what to do next."""
        had = self._detail is not None
        self._detail = self._overview = None
        self._pages.setCurrentWidget(self._empty)
        self.edit_button.setEnabled(False)
        if had:
            self.contact_changed.emit(None)

    def edit(self) -> ContactEditor | None:
        """Open the editor on the contact shown (F2)."""
        if self._detail is None or self._detail.deleted_at is not None:
            return None
        return self._open_editor(self._detail.id)

    def new_contact(self) -> ContactEditor:
        """Open the editor for a new contact; it is shown here once saved."""
        return self._open_editor(None)

    # -- layout --------------------------------------------------------------------------

    def _build(self, timeline: QWidget | None) -> None:
        self._pages = QStackedWidget(self)
        self._empty = self._empty_page()
        self._content = frame.content_splitter(
            self, Qt.Orientation.Vertical, "contactDetailSplitter"
        )
        self._scroll = frame.facts_scroll(self._content, "contactDetailScroll")
        self._scroll.setWidget(self._info_page())
        self._content.addWidget(self._scroll)
        if timeline is not None:
            frame.add_beside(self._content, timeline)
        frame.fill_panel(self, self._pages, self._empty, self._content)

    def _empty_page(self) -> QWidget:
        return empty_page(self, self.new_contact)

    def _info_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("contactInfo")
        self.trashed_banner, banner_row = banner("trashedBanner", "This contact is in the trash.")
        self.restore_button = QPushButton("Restore", self.trashed_banner)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self._restore)
        banner_row.addWidget(self.restore_button)
        self.dnc_banner, _ = banner("doNotContactBanner", "⚠  Do not contact this person.")
        self.name_label = forms.as_title(info_label("contactName", selectable=True), 1.6)
        self.lifecycle_badge = info_label("lifecycleBadge")
        self.lifecycle_badge.setWordWrap(False)
        self.edit_button = QPushButton("Edit", page)
        self.edit_button.setObjectName("editContactButton")
        self.edit_button.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.edit_button.setToolTip("Edit this contact (F2)")
        self.edit_button.clicked.connect(self.edit)
        top = QHBoxLayout()
        top.addWidget(self.name_label)
        top.addWidget(self.lifecycle_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        self.subtitle = info_label("contactSubtitle")
        self.subtitle.linkActivated.connect(self._company_link)
        self.meta = info_label("contactMeta")
        self._facts = QFormLayout()
        self._facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fields: dict[str, QLabel] = {}
        for name, title in _FACTS:
            linked = name in ("contactEmails", "contactPhones")
            self.fields[name] = info_label(name, selectable=name in _PLAIN)
            self._facts.addRow(title, self.fields[name])
            if linked:
                self.fields[name].setOpenExternalLinks(True)
                self.fields[name].setTextInteractionFlags(
                    Qt.TextInteractionFlag.TextBrowserInteraction
                )
        self.leads = ListSection("contactLeads", "Leads", "+ Add lead", _NO_LEADS)
        self.follow_ups = ListSection(
            "contactFollowUps", "Open follow-ups", "+ Add follow-up", _NO_FOLLOW_UPS
        )
        self.leads.activated.connect(self.lead_activated)
        self.follow_ups.activated.connect(self.follow_up_activated)
        self.leads.add_clicked.connect(lambda: self._ask(self.add_lead_requested))
        self.follow_ups.add_clicked.connect(lambda: self._ask(self.add_follow_up_requested))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(self.trashed_banner)
        layout.addLayout(top)
        for part in (self.subtitle, self.meta, self.dnc_banner):
            layout.addWidget(part)
        layout.addSpacing(4)
        layout.addLayout(self._facts)
        layout.addWidget(self.leads)
        layout.addWidget(self.follow_ups)
        layout.addStretch(1)
        return page

    def _ask(self, signal: SignalInstance) -> None:
        if self._detail is not None:
            signal.emit(self._detail.id)

    # -- filling -------------------------------------------------------------------------

    def _fill(self, detail: ContactDetail, overview: ContactOverview) -> None:
        trashed = detail.deleted_at is not None
        self.trashed_banner.setVisible(trashed)
        self.edit_button.setEnabled(not trashed)
        self.dnc_banner.setVisible(detail.do_not_contact)
        self.name_label.setText(detail.display_name)
        self.lifecycle_badge.setText(detail.lifecycle.title())
        self.lifecycle_badge.setProperty("lifecycle", detail.lifecycle)
        self.lifecycle_badge.style().unpolish(self.lifecycle_badge)
        self.lifecycle_badge.style().polish(self.lifecycle_badge)
        self.subtitle.setText(subtitle(detail))
        self.subtitle.setVisible(bool(detail.title or detail.company_name))
        self.meta.setText(self._meta_text(detail, overview))
        clock = self._services.clock
        today = clock.now().astimezone(clock.local_tz).date()
        for name, scheme, values, what in (
            ("contactEmails", "mailto:", detail.emails, "email"),
            ("contactPhones", "tel:", detail.phones, "phone"),
        ):
            self.fields[name].setText(links(scheme, values) or none_yet(what, not trashed))
        for name, text in (
            ("contactAddress", detail.address),
            ("contactBirthday", birthday_text(detail.birthday, today)),
            (
                "contactChannel",
                detail.preferred_channel and channel_label(detail.preferred_channel),
            ),
            ("contactTags", chips(detail.tags, self._is_dark())),
            ("contactNotes", detail.personal_notes),
            ("contactPreferences", detail.preferences),
        ):
            self.fields[name].setText(text)
            self._facts.setRowVisible(self.fields[name], bool(text))
        title = self._facts.labelForField(self.fields["contactAddress"])
        if isinstance(title, QLabel):  # "Work address": the label the address was given
            title.setText(address_title(detail.address_label))
        overdue = QColor(colors(self._is_dark())["overdue"])
        self.leads.fill([(lead.id, lead_text(lead), None) for lead in overview.leads])
        self.follow_ups.fill(
            [
                (item.id, follow_up_text(item, clock.local_tz), overdue if item.overdue else None)
                for item in overview.follow_ups
            ]
        )

    def _meta_text(self, detail: ContactDetail, overview: ContactOverview) -> str:
        parts = [f"Owner: {overview.owner_name or 'nobody'}"]
        if detail.last_contacted_at is not None:
            when = detail.last_contacted_at.astimezone(self._services.clock.local_tz)
            parts.append(f"Last contacted {when:%d %b %Y}")
        else:
            parts.append("Not contacted yet")
        if detail.stay_in_touch_days:
            parts.append(f"Stay in touch every {detail.stay_in_touch_days} days")
        return " · ".join(parts)

    # -- reacting ------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        detail = self._detail
        if detail is None:
            return
        if change.entity == "contact" and detail.id in change.ids and change.action == "deleted":
            self.clear()
        elif (
            (change.affects("contact") and detail.id in change.ids)
            or change.entity in _AROUND
            or (change.entity == "company" and detail.company_id in change.ids)
        ):
            self._refresh_timer.start(0)  # one re-read for a burst of changes

    def _refresh(self) -> None:
        if self._detail is not None:
            self.show_contact(self._detail.id)

    def _open_editor(self, contact_id: int | None) -> ContactEditor:
        editor = ContactEditor(
            self._services, self._bus, self._undo, self._report, contact_id, self.window()
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self.show_contact)
        editor.open_existing.connect(self.show_contact)
        editor.open()
        return editor

    def _restore(self) -> None:
        if self._detail is None:
            return
        contact_id, name = self._detail.id, self._detail.display_name
        contacts, bus, report = self._services.contacts, self._bus, self._report
        try:
            bus.publish(contacts.restore([contact_id]))
        except Exception as exc:
            report("restore the contact", exc)
            return
        record(
            self._undo,
            f"Restore contact {name}",
            lambda: bus.publish(contacts.trash([contact_id])),
            lambda: bus.publish(contacts.restore([contact_id])),
            lambda exc: report(f"undo restoring {name}", exc),
        )

    def _company_link(self, href: str) -> None:
        if href.startswith("company:"):
            self.company_activated.emit(int(href.split(":", 1)[1]))

    # -- looks ---------------------------------------------------------------------------

    def _restyle_for(self, dark: bool) -> None:
        self.setStyleSheet(style_sheet(dark))
        if self._detail is not None and self._overview is not None:
            self._fill(self._detail, self._overview)  # the tag chips carry colours too
