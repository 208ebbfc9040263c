"""The contact editor's form: its fields, their layout, reading and filling them, and the inline
messages under each field. What to do with the values lives in ``editor.py``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.contact_overview import LIFECYCLES
from crm_desktop.domain.contacts import ContactDetail, ContactFields
from crm_desktop.domain.normalize import email_problem, parse_day, phone_problem
from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common import form_fields as fields
from crm_desktop.ui.contacts.labeled_rows import LabeledRows

ADDRESS_LABELS = ("home", "work", "other")
CHANNELS = (
    ("", "No preference"),
    ("email", "Email"),
    ("phone", "Phone call"),
    ("sms", "Text message"),
    ("whatsapp", "WhatsApp"),
    ("in person", "In person"),
    ("post", "Post"),
)


def channel_label(value: str) -> str:
    """How a stored preferred channel reads; empty when there is none."""
    return dict(CHANNELS).get(value, value) if value else ""


def check(values: ContactFields) -> tuple[dict[str, str], set[int], set[int]]:
    """What is wrong with the typed values: messages per field, and the bad email and phone rows.

    The same rules the service applies on save, checked here as the user types.
    """
    problems: dict[str, str] = {}
    bad_emails = {i for i, (_, v) in enumerate(values.emails) if v.strip() and email_problem(v)}
    bad_phones = {i for i, (_, v) in enumerate(values.phones) if v.strip() and phone_problem(v)}
    has_email = any(v.strip() for _, v in values.emails)
    if not (values.first_name.strip() or values.last_name.strip() or has_email):
        problems["name"] = "A contact needs a name or an email address."
    if bad_emails:
        problems["emails"] = email_problem(values.emails[min(bad_emails)][1]) or ""
    if bad_phones:
        problems["phones"] = phone_problem(values.phones[min(bad_phones)][1]) or ""
    try:
        parse_day(values.birthday)
    except ValueError as exc:
        problems["birthday"] = str(exc)
    return problems, bad_emails, bad_phones


class ContactForm(QWidget):
    """Every field of a contact, in two columns, with a message line under the checked ones."""

    edited = Signal()
    rows_changed = Signal()

    def __init__(
        self,
        staff: Sequence[StaffMember],
        tags: Sequence[str],
        find_companies: Callable[[str], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactForm")
        self._find_companies = find_companies
        self._all_tags = list(tags)
        self.first_name = fields.line_edit(self, "firstNameEdit", "First name")
        self.last_name = fields.line_edit(self, "lastNameEdit", "Last name")
        self.company = fields.line_edit(self, "companyEdit", "Type to find or add a company")
        self.title = fields.line_edit(self, "titleEdit", "Job title")
        self.emails = LabeledRows("email", "name@example.com", "work", self)
        self.phones = LabeledRows("phone", "+44 20 7946 0018", "mobile", self)
        self.address = self._text("addressEdit", "Street, town, postcode, country", 76)
        self.address_label = self._address_label()
        self.birthday = fields.line_edit(self, "birthdayEdit", "YYYY-MM-DD (optional)")
        self.channel = fields.item_combo(
            self, "channelCombo", [(label, value) for value, label in CHANNELS]
        )
        self.do_not_contact = QCheckBox("Do not contact (no calls, emails or mailings)", self)
        self.do_not_contact.setObjectName("doNotContactCheck")
        self.lifecycle = fields.item_combo(
            self, "lifecycleCombo", [(x.title(), x) for x in LIFECYCLES]
        )
        self.owner = fields.item_combo(
            self, "ownerCombo", [("Nobody", None), *[(s.name, s.id) for s in staff]]
        )
        self.tags = fields.line_edit(self, "tagsEdit", "Comma separated, e.g. VIP, newsletter")
        self.stay_in_touch = QSpinBox(self)
        self.stay_in_touch.setObjectName("stayInTouchSpin")
        self.stay_in_touch.setRange(0, 3650)
        self.stay_in_touch.setSpecialValueText("Off")
        self.stay_in_touch.setSuffix(" days")
        self.stay_in_touch.setAccessibleName("Stay in touch every N days")
        self.personal_notes = self._text("personalNotesEdit", "Family, hobbies, what matters", 76)
        self.preferences = self._text("preferencesEdit", "How and when they like to be reached", 76)
        self.problems = fields.problem_labels(
            self, ("name", "company", "emails", "phones", "birthday", "other")
        )
        self._company_model = QStringListModel(self)
        self._tag_model = QStringListModel(self)
        self._completers()
        self._lay_out()
        self._connect()
        self.emails.set_values([])
        self.phones.set_values([])

    # -- values --------------------------------------------------------------------------

    def values(self, company_id: int | None = None) -> ContactFields:
        stay = self.stay_in_touch.value()
        return ContactFields(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            title=self.title.text(),
            company_id=company_id,
            emails=self.emails.values(),
            phones=self.phones.values(),
            address=self.address.toPlainText(),
            address_label=self.address_label.currentText(),
            birthday=self.birthday.text(),
            preferred_channel=self.channel.currentData() or "",
            do_not_contact=self.do_not_contact.isChecked(),
            lifecycle=self.lifecycle.currentData(),
            owner_id=self.owner.currentData(),
            personal_notes=self.personal_notes.toPlainText(),
            preferences=self.preferences.toPlainText(),
            stay_in_touch_days=stay or None,
            tags=fields.split_tags(self.tags.text()),
        )

    def company_name(self) -> str:
        return " ".join(self.company.text().split())

    def load(self, detail: ContactDetail) -> None:
        self.first_name.setText(detail.first_name)
        self.last_name.setText(detail.last_name)
        self.company.setText(detail.company_name)
        self.title.setText(detail.title)
        self.emails.set_values(detail.emails)
        self.phones.set_values(detail.phones)
        self.address.setPlainText(detail.address)
        found = self.address_label.findText(detail.address_label)
        self.address_label.setCurrentIndex(found)  # the item, so arrow keys go on from it
        self.address_label.setEditText(detail.address_label)
        self.birthday.setText(detail.birthday.isoformat() if detail.birthday else "")
        fields.select_data(self.channel, detail.preferred_channel, detail.preferred_channel)
        self.do_not_contact.setChecked(detail.do_not_contact)
        fields.select_data(self.lifecycle, detail.lifecycle, detail.lifecycle.title())
        fields.select_data(self.owner, detail.owner_id, "(someone removed)")
        self.tags.setText(", ".join(detail.tags))
        self.stay_in_touch.setValue(detail.stay_in_touch_days or 0)
        self.personal_notes.setPlainText(detail.personal_notes)
        self.preferences.setPlainText(detail.preferences)

    def set_owner(self, staff_id: int | None) -> None:
        fields.select_data(self.owner, staff_id, "(someone removed)")

    def show_problems(
        self, problems: dict[str, str], bad_emails: set[int], bad_phones: set[int]
    ) -> None:
        fields.show_messages(self.problems, problems)
        self.emails.mark(bad_emails)
        self.phones.mark(bad_phones)
        fields.mark_invalid(self.birthday, "birthday" in problems)
        fields.mark_invalid(self.company, "company" in problems)
        for edit in (self.first_name, self.last_name):
            fields.mark_invalid(edit, "name" in problems)

    def focus_chain(self) -> list[QWidget]:
        return [
            self.first_name,
            self.last_name,
            self.company,
            self.title,
            *self.emails.focus_chain(),
            *self.phones.focus_chain(),
            self.lifecycle,
            self.owner,
            self.channel,
            self.do_not_contact,
            self.tags,
            self.stay_in_touch,
            self.birthday,
            self.address_label,
            self.address,
            self.personal_notes,
            self.preferences,
        ]

    # -- building ------------------------------------------------------------------------

    def _text(self, name: str, placeholder: str, height: int) -> QPlainTextEdit:
        edit = fields.text_edit(self, name, placeholder)
        edit.setFixedHeight(height)
        return edit

    def _address_label(self) -> QComboBox:
        """Home, work, other, or a word of the user's own ("summer house"); empty for none."""
        combo = QComboBox(self)
        combo.setObjectName("addressLabelCombo")
        combo.setEditable(True)
        combo.addItems(ADDRESS_LABELS)
        combo.setCurrentIndex(-1)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = combo.lineEdit()
        if edit is not None:  # an editable combo has one
            edit.setPlaceholderText("Label")
        combo.setAccessibleName("Address label")
        combo.setToolTip("Home, work, other, or a word of your own")
        combo.setMaximumWidth(110)
        return combo

    def _address_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.address_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.address, 1)
        return row

    def _completers(self) -> None:
        for model, edit, slot in (
            (self._company_model, self.company, self._offer_companies),
            (self._tag_model, self.tags, self._offer_tags),
        ):
            completer = fields.offers_completer(self, model, edit)
            completer.activated.connect(slot)
            edit.textEdited.connect(lambda _text, c=completer, s=slot: s(None, c))

    def _offer_companies(self, chosen: str | None, completer: QCompleter | None = None) -> None:
        if chosen is not None:
            self.company.setText(chosen)
            return
        text = self.company.text().strip()
        fields.show_offers(
            completer, self._company_model, self._find_companies(text) if text else []
        )

    def _offer_tags(self, chosen: str | None, completer: QCompleter | None = None) -> None:
        if chosen is not None:
            self.tags.setText(fields.with_tag(self.tags.text(), chosen))
            return
        fields.show_offers(
            completer, self._tag_model, fields.tag_offers(self.tags.text(), self._all_tags)
        )

    def _lay_out(self) -> None:
        who = QFormLayout()
        who.addRow("&First name", self.first_name)
        who.addRow("&Last name", forms.stacked(self, self.last_name, self.problems["name"]))
        who.addRow("&Company", forms.stacked(self, self.company, self.problems["company"]))
        who.addRow("&Title", self.title)
        who.addRow("&Emails", forms.stacked(self, self.emails, self.problems["emails"]))
        who.addRow("&Phones", forms.stacked(self, self.phones, self.problems["phones"]))
        who.addRow("Personal &notes", self.personal_notes)
        more = QFormLayout()
        more.addRow("Life&cycle", self.lifecycle)
        more.addRow("&Owner", self.owner)
        more.addRow("Prefers", self.channel)
        more.addRow("", self.do_not_contact)
        more.addRow("T&ags", self.tags)
        more.addRow("Stay in touch", self.stay_in_touch)
        more.addRow("&Birthday", forms.stacked(self, self.birthday, self.problems["birthday"]))
        more.addRow("A&ddress", self._address_row())
        more.addRow("P&references", self.preferences)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        for form in (who, more):
            form.setVerticalSpacing(10)
            column = QVBoxLayout()
            column.addLayout(form)
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addLayout(columns)
        layout.addWidget(self.problems["other"])

    def _connect(self) -> None:
        for edit in (self.first_name, self.last_name, self.company, self.title, self.birthday):
            edit.textChanged.connect(self.edited)
        self.tags.textChanged.connect(self.edited)
        for rows in (self.emails, self.phones):
            rows.changed.connect(self.edited)
            rows.rows_changed.connect(self.rows_changed)
        for text in (self.address, self.personal_notes, self.preferences):
            text.textChanged.connect(self.edited)
        for combo in (self.channel, self.lifecycle, self.owner):
            combo.currentIndexChanged.connect(self.edited)
        self.address_label.currentTextChanged.connect(self.edited)
        self.do_not_contact.toggled.connect(self.edited)
        self.stay_in_touch.valueChanged.connect(self.edited)
