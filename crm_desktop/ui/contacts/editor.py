"""The new/edit contact dialog: checks as you type, warns about likely duplicates, saves through
the contact service, publishes what changed and puts the save on the undo stack. The dialog's
frame: ``common/record_editor.py``."""

from __future__ import annotations

import html
from itertools import pairwise

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from crm_desktop.domain.changes import Change
from crm_desktop.domain.contact_overview import companies_starting_with, company_named
from crm_desktop.domain.contacts import (
    ContactDetail,
    ContactFields,
    DuplicateCandidate,
    display_name_of,
)
from crm_desktop.domain.normalize import email_problem, phone_problem
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.domain.tags import all_tags
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.duplicate_warning import DuplicateAwareEditor
from crm_desktop.ui.common.record_editor import Report
from crm_desktop.ui.contacts.editor_fields import ContactForm, check

REASONS = {"email": "same email", "phone": "same phone", "name and company": "same name"}


class ContactEditor(DuplicateAwareEditor[ContactFields]):
    """Create a contact (``contact_id`` None) or edit one.

    ``saved(id)`` after a save; ``open_existing(id)`` when the user picks the likely duplicate
    instead (the dialog then closes without saving).
    """

    CHECK_DELAY_MS = 200
    NOUN = "contact"
    OBJECT_NAME = "contactEditor"
    DISCARD_QUESTION = "Close without saving your changes to this contact?"
    INVALID = ("#d93025", "#f28b82")

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        detail = services.contacts.get(contact_id) if contact_id is not None else None
        super().__init__(
            services, bus, undo_stack, report, editing=detail is not None, parent=parent
        )
        self._detail: ContactDetail | None = detail
        self._bad_rows: tuple[set[int], set[int]] = (set(), set())  # emails, phones
        self.form = ContactForm(all_staff(), all_tags(), _company_names, self)
        self._build()
        if detail is not None:
            self.form.load(detail)
        else:
            self.form.set_owner(services.actor_id)
        self.form.edited.connect(self._edited)
        self.form.rows_changed.connect(self._chain_focus)
        self._chain_focus()
        self._ready(self.form.first_name)

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.resize(920, 660)
        self._add_duplicate_warning()
        scroll = QScrollArea(self)
        scroll.setObjectName("contactFormScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        layout, bottom = self._frame(self._heading_text(), spacing=12)
        layout.addWidget(self.duplicate_strip)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def _heading_text(self) -> str:
        return f"Edit {self._detail.display_name}" if self._detail else "New contact"

    def _chain_focus(self) -> None:
        chain = [*self.form.focus_chain(), self.save_button, self.cancel_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- checking as you type ------------------------------------------------------------

    def _edited(self) -> None:
        super()._edited()
        self._probe_timer.start()

    def _check(self) -> dict[str, str]:
        problems, bad_emails, bad_phones = check(self.form.values())
        self._bad_rows = (bad_emails, bad_phones)
        return problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        """Under their fields, with the bad email and phone rows of the last check marked (a
        problem the service finds comes after a check with none, so it marks no rows)."""
        self.form.show_problems(problems, *self._bad_rows)

    def _probe(self) -> None:
        """Look for living contacts this one may duplicate; offer to open the first instead."""
        values = self.form.values()
        values.emails = [(k, v) for k, v in values.emails if v.strip() and not email_problem(v)]
        values.phones = [(k, v) for k, v in values.phones if v.strip() and not phone_problem(v)]
        name = self.form.company_name()
        values.company_id = company_named(name) if name else None
        if name and values.company_id is None:  # a company not yet in the CRM has no namesakes
            values.first_name = values.last_name = ""
        exclude = self._detail.id if self._detail else None
        contacts = self._services.contacts
        found = self._look_for(lambda: contacts.duplicates(values, exclude))
        self._show_duplicates(found, bool(name))

    def _show_duplicates(self, found: list[DuplicateCandidate], has_company: bool) -> None:
        if not found:
            self.duplicate_strip.withdraw()
            return
        first = found[0]
        reason = REASONS.get(first.reason, first.reason)
        if first.reason == "name and company" and has_company:
            reason = "same name at the same company"
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        name = first.display_name
        self.duplicate_strip.offer(
            first.contact_id,
            name,
            f"Looks like <b>{html.escape(name)}</b> is already here ({reason}){more}.",
        )

    # -- saving --------------------------------------------------------------------------

    def _fields(self) -> ContactFields:
        fields = self.form.values()
        if self._detail is not None:  # what the form does not show stays as it was
            fields.source = self._detail.source
            fields.referred_by_id = self._detail.referred_by_id
        return fields

    def _write(self, fields: ContactFields) -> tuple[int, list[Change]]:
        changes: list[Change] = []
        fields.company_id = self._company_id(changes)
        if self._detail is None:
            created = self._services.contacts.create(fields)
            return created.id, [*changes, created.change]
        change = self._services.contacts.update(self._detail.id, fields)
        return self._detail.id, [*changes, change]

    def _company_id(self, changes: list[Change]) -> int | None:
        """The typed company's id; a name not yet known becomes a new company."""
        name = self.form.company_name()
        if not name:
            return None
        if self._detail is not None and name == self._detail.company_name:
            return self._detail.company_id
        existing = company_named(name)
        if existing is not None:
            return existing
        company_id = self._services.companies.find_or_create(name)
        changes.append(Change("company", "created", (company_id,)))
        return company_id

    def _record_undo(self, contact_id: int, fields: ContactFields) -> None:
        contacts = self._services.contacts
        before = fields_of(self._detail) if self._detail is not None else None
        name = display_name_of(fields)
        self._record_add_or_edit(contact_id, name, contacts, contacts.update, before, fields)


def fields_of(detail: ContactDetail) -> ContactFields:
    """The editable fields of a stored contact, to write back on undo."""
    return ContactFields(
        first_name=detail.first_name,
        last_name=detail.last_name,
        title=detail.title,
        company_id=detail.company_id,
        emails=list(detail.emails),
        phones=list(detail.phones),
        address=detail.address,
        address_label=detail.address_label,
        birthday=detail.birthday,
        preferred_channel=detail.preferred_channel,
        do_not_contact=detail.do_not_contact,
        source=detail.source,
        referred_by_id=detail.referred_by_id,
        lifecycle=detail.lifecycle,
        owner_id=detail.owner_id,
        personal_notes=detail.personal_notes,
        preferences=detail.preferences,
        stay_in_touch_days=detail.stay_in_touch_days,
        tags=list(detail.tags),
    )


def _company_names(prefix: str) -> list[str]:
    return [choice.name for choice in companies_starting_with(prefix, limit=15)]
