"""The company editor's form: its fields, their layout, reading and filling them, the message
line under each checked field, and completing tags. What to do with the values: ``editor.py``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from crm_desktop.domain.companies import CompanyDetail, CompanyFields
from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common import form_fields as fields

CHECKED = ("name", "website", "phone")  # fields with a message line under them


class CompanyForm(QWidget):
    """Name, website, industry, phone, owner, tags, address and notes; ``edited`` on any change."""

    edited = Signal()

    def __init__(
        self, staff: Sequence[StaffMember], tags: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("companyForm")
        self._all_tags = list(tags)
        self.name = fields.line_edit(self, "companyNameEdit", "The company's name, e.g. Acme Ltd")
        self.website = fields.line_edit(self, "websiteEdit", "acme.example")
        self.industry = fields.line_edit(self, "industryEdit", "e.g. Retail")
        self.phone = fields.line_edit(self, "phoneEdit", "+44 20 7946 0018")
        self.owner = fields.item_combo(
            self, "ownerCombo", [("Nobody", None), *[(s.name, s.id) for s in staff]]
        )
        self.tags = fields.line_edit(self, "tagsEdit", "Comma separated, e.g. supplier, VIP")
        self.address = fields.text_edit(self, "addressEdit", "Street, town, postcode, country")
        self.address.setFixedHeight(64)
        self.notes = fields.text_edit(self, "notesEdit", "What to know about this company")
        self.notes.setMinimumHeight(84)  # the room left over goes to the notes
        self.problems = fields.problem_labels(self, (*CHECKED, "other"))
        self.tag_completer = fields.offers_completer(self, QStringListModel(self), self.tags)
        self._lay_out()
        self._connect()

    # -- values --------------------------------------------------------------------------

    def values(self) -> CompanyFields:
        return CompanyFields(
            name=self.name.text(),
            website=self.website.text(),
            industry=self.industry.text(),
            phone=self.phone.text(),
            address=self.address.toPlainText(),
            notes=self.notes.toPlainText(),
            owner_id=self.owner.currentData(),
            tags=fields.split_tags(self.tags.text()),
        )

    def load(self, detail: CompanyDetail) -> None:
        self.name.setText(detail.name)
        self.website.setText(detail.website)
        self.industry.setText(detail.industry)
        self.phone.setText(detail.phone)
        self.select_owner(detail.owner_id)
        self.tags.setText(", ".join(detail.tags))
        self.address.setPlainText(detail.address)
        self.notes.setPlainText(detail.notes)

    def select_owner(self, staff_id: int | None) -> None:
        fields.select_data(self.owner, staff_id, "(someone removed)")

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each checked field's message under it (and a red frame); the rest at the bottom."""
        fields.show_messages(self.problems, problems)
        for name, edit in (("name", self.name), ("website", self.website), ("phone", self.phone)):
            fields.mark_invalid(edit, name in problems)

    # -- building ------------------------------------------------------------------------

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("&Name", _field(self.name, self.problems["name"]))
        form.addRow("&Website", _field(self.website, self.problems["website"]))
        form.addRow("&Industry", self.industry)
        form.addRow("&Phone", _field(self.phone, self.problems["phone"]))
        form.addRow("&Owner", self.owner)
        form.addRow("T&ags", self.tags)
        form.addRow("A&ddress", self.address)
        form.addRow("No&tes", self.notes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form, 1)
        layout.addWidget(self.problems["other"])

    def _connect(self) -> None:
        for edit in (self.name, self.website, self.industry, self.phone, self.tags):
            edit.textChanged.connect(self.edited)
        for text in (self.address, self.notes):
            text.textChanged.connect(self.edited)
        self.owner.currentIndexChanged.connect(self.edited)
        self.tags.textEdited.connect(lambda _text: self.offer_tags(None))
        self.tag_completer.activated.connect(self.offer_tags)

    def offer_tags(self, chosen: str | None) -> None:
        """Complete the tag typed after the last comma from the tags in use (``chosen``: the
        one picked from the offers)."""
        if chosen is not None:
            self.tags.setText(fields.with_tag(self.tags.text(), chosen))
            return
        model = self.tag_completer.model()
        assert isinstance(model, QStringListModel)
        fields.show_offers(
            self.tag_completer, model, fields.tag_offers(self.tags.text(), self._all_tags)
        )


def _field(field: QWidget, problem: QLabel) -> QWidget:
    """A field and its message line, kept at their own height in the form."""
    box = forms.stacked(field.parentWidget(), field, problem)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box
