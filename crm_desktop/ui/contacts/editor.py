"""The new/edit contact dialog: checks as you type, warns about likely duplicates, saves through
the contact service, publishes what changed and puts the save on the undo stack."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.contact_overview import companies_starting_with, company_named
from crm_desktop.domain.contacts import (
    ContactDetail,
    ContactFields,
    DuplicateCandidate,
    display_name_of,
)
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.normalize import email_problem, phone_problem
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.domain.tags import all_tags
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.contacts.editor_fields import ContactForm, check

log = logging.getLogger(__name__)

Report = Callable[[str, BaseException], None]  # an ErrorReporter, or a stand-in in tests

REASONS = {"email": "same email", "phone": "same phone", "name and company": "same name"}

_LIGHT = {
    "problem": "#c5221f",
    "invalid": "#d93025",
    "warn_bg": "#fef7e0",
    "warn": "#f9ab00",
    "muted": "#5f6368",
}
_DARK = {
    "problem": "#f28b82",
    "invalid": "#f28b82",
    "warn_bg": "#3a3220",
    "warn": "#b08d2f",
    "muted": "#9aa0a6",
}


class ContactEditor(QDialog):
    """Create a contact (``contact_id`` None) or edit one.

    ``saved(id)`` after a save; ``open_existing(id)`` when the user picks the likely duplicate
    instead (the dialog then closes without saving).
    """

    saved = Signal(int)
    open_existing = Signal(int)

    CHECK_DELAY_MS = 200
    PROBE_DELAY_MS = 350

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactEditor")
        self._services = services
        self._bus = bus
        self._undo = undo_stack
        self._report = report
        self._detail: ContactDetail | None = (
            services.contacts.get(contact_id) if contact_id is not None else None
        )
        self._touched = self._detail is not None  # a new, blank form does not complain yet
        self._dirty = False
        self._existing_id: int | None = None
        self._dark: bool | None = None
        self.setWindowTitle("Edit contact" if self._detail else "New contact")
        self.form = ContactForm(all_staff(), all_tags(), _company_names, self)
        self._build()
        if self._detail is not None:
            self.form.load(self._detail)
        else:
            self.form.set_owner(services.actor_id)
        self._check_timer = forms.debounce(self, self.CHECK_DELAY_MS, self._validate)
        self._probe_timer = forms.debounce(self, self.PROBE_DELAY_MS, self._probe)
        self.form.edited.connect(self._on_edited)
        self.form.rows_changed.connect(self._chain_focus)
        self._chain_focus()
        self._restyle()
        self._validate()
        self.form.first_name.setFocus()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.resize(920, 660)
        heading = forms.heading(self, "editorHeading", self._heading_text())

        self.duplicate_strip = QFrame(self)
        self.duplicate_strip.setObjectName("duplicateWarning")
        self.duplicate_text = QLabel(self.duplicate_strip)
        self.duplicate_text.setObjectName("duplicateText")
        self.duplicate_text.setWordWrap(True)
        self.open_existing_button = QPushButton(self.duplicate_strip)
        self.open_existing_button.setObjectName("openExistingButton")
        self.open_existing_button.clicked.connect(self._open_existing)
        strip = QHBoxLayout(self.duplicate_strip)
        strip.setContentsMargins(12, 8, 8, 8)
        strip.addWidget(self.duplicate_text, 1)
        strip.addWidget(self.open_existing_button)
        self.duplicate_strip.hide()

        scroll = QScrollArea(self)
        scroll.setObjectName("contactFormScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)

        row = forms.save_row(self, "editorHint", self.save)
        self.save_button, self.cancel_button = row.save, row.cancel
        bottom = row.layout

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.duplicate_strip)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def _heading_text(self) -> str:
        return f"Edit {self._detail.display_name}" if self._detail else "New contact"

    def _chain_focus(self) -> None:
        chain = [*self.form.focus_chain(), self.save_button, self.cancel_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        if dark == self._dark:
            return
        self._dark = dark
        c = _DARK if dark else _LIGHT
        self.setStyleSheet(
            f"""
            QLabel[role="problem"] {{ color: {c["problem"]}; }}
            QLabel[role="hint"] {{ color: {c["muted"]}; }}
            QLineEdit[invalid="true"] {{
                border: 1px solid {c["invalid"]}; border-radius: 3px; padding: 2px 3px;
            }}
            QFrame#duplicateWarning {{
                background: {c["warn_bg"]}; border: 1px solid {c["warn"]}; border-radius: 6px;
            }}
            QFrame#duplicateWarning QLabel {{ background: transparent; border: none; }}
            """
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)

    # -- checking as you type ------------------------------------------------------------

    def _on_edited(self) -> None:
        self._touched = True
        self._dirty = True
        self._check_timer.start()
        self._probe_timer.start()

    def _validate(self) -> bool:
        """Show what is wrong (once the user has typed something); Save only when all is well."""
        problems, bad_emails, bad_phones = check(self.form.values())
        if self._touched:
            self.form.show_problems(problems, bad_emails, bad_phones)
        self.save_button.setEnabled(not problems)
        return not problems

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
        try:
            found = self._services.contacts.duplicates(values, exclude)
        except Exception:  # a failed hint must not get in the way of typing; the log has it
            log.exception("Duplicate probe failed")
            found = []
        self._show_duplicates(found, bool(name))

    def _show_duplicates(self, found: list[DuplicateCandidate], has_company: bool) -> None:
        if not found:
            self._existing_id = None
            self.duplicate_strip.hide()
            return
        first = found[0]
        reason = REASONS.get(first.reason, first.reason)
        if first.reason == "name and company" and has_company:
            reason = "same name at the same company"
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        self._existing_id = first.contact_id
        self.duplicate_text.setText(
            f"Looks like <b>{html.escape(first.display_name)}</b> is already here ({reason}){more}."
        )
        self.open_existing_button.setText(f"Open {first.display_name} instead")
        self.duplicate_strip.show()

    def _open_existing(self) -> None:
        if self._existing_id is None:
            return
        self.open_existing.emit(self._existing_id)
        self._dirty = False
        self.reject()

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        self._touched = True
        self._check_timer.stop()
        if not self._validate():
            return
        fields = self.form.values()
        if self._detail is not None:  # what the form does not show stays as it was
            fields.source = self._detail.source
            fields.referred_by_id = self._detail.referred_by_id
        changes: list[Change] = []
        try:
            fields.company_id = self._company_id(changes)
            if self._detail is None:
                created = self._services.contacts.create(fields)
                contact_id, change = created.id, created.change
            else:
                contact_id = self._detail.id
                change = self._services.contacts.update(contact_id, fields)
        except ValidationError as exc:
            self.form.show_problems(exc.problems, set(), set())
            self.save_button.setEnabled(False)
            return
        except Exception as exc:
            self._report("save the contact", exc)
            return
        self._bus.publish(*changes, change)
        self._record_undo(contact_id, fields)
        self._dirty = False
        self.saved.emit(contact_id)
        self.accept()

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
        contacts, bus, report = self._services.contacts, self._bus, self._report
        name = display_name_of(fields)
        if self._detail is None:
            text = f"Add contact {name}"

            def undo() -> None:
                bus.publish(contacts.trash([contact_id]))

            def redo() -> None:
                bus.publish(contacts.restore([contact_id]))

        else:
            text = f"Edit contact {name}"
            before = fields_of(self._detail)

            def undo() -> None:
                bus.publish(contacts.update(contact_id, before))

            def redo() -> None:
                bus.publish(contacts.update(contact_id, fields))

        record(self._undo, text, undo, redo, lambda exc: report(f"undo “{text}”", exc))

    # -- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        if self._dirty and not forms.confirm_discard(
            self,
            "Close without saving your changes to this contact?",
        ):
            return
        super().reject()


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
