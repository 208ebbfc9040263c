"""The company editor's form: its fields, their layout, reading and filling them, the message
line under each checked field, and completing tags. What to do with the values: ``editor.py``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.companies import CompanyDetail, CompanyFields
from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common import form as forms

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
        self.name = self._line("companyNameEdit", "The company's name, e.g. Acme Ltd")
        self.website = self._line("websiteEdit", "acme.example")
        self.industry = self._line("industryEdit", "e.g. Retail")
        self.phone = self._line("phoneEdit", "+44 20 7946 0018")
        self.owner = QComboBox(self)
        self.owner.setObjectName("ownerCombo")
        self.owner.addItem("Nobody", None)
        for member in staff:
            self.owner.addItem(member.name, member.id)
        self.tags = self._line("tagsEdit", "Comma separated, e.g. supplier, VIP")
        self.address = self._text("addressEdit", "Street, town, postcode, country")
        self.address.setFixedHeight(64)
        self.notes = self._text("notesEdit", "What to know about this company")
        self.notes.setMinimumHeight(84)  # the room left over goes to the notes
        self.problems = {
            name: forms.problem_label(self, f"{name}Problem") for name in (*CHECKED, "other")
        }
        self.tag_completer = QCompleter(QStringListModel(self), self)
        self.tag_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.tag_completer.setWidget(self.tags)
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
            tags=[part.strip() for part in self.tags.text().split(",") if part.strip()],
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
        index = self.owner.findData(staff_id)
        if index < 0:
            self.owner.addItem("(someone removed)", staff_id)
            index = self.owner.count() - 1
        self.owner.setCurrentIndex(index)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each checked field's message under it (and a red frame); the rest at the bottom."""
        rest = [text for name, text in problems.items() if name not in CHECKED]
        for name, label in self.problems.items():
            text = "\n".join(rest) if name == "other" else problems.get(name, "")
            label.setText(text)
            label.setVisible(bool(text))
        for name, edit in (("name", self.name), ("website", self.website), ("phone", self.phone)):
            if bool(edit.property("invalid")) != (name in problems):
                edit.setProperty("invalid", name in problems)
                edit.style().unpolish(edit)
                edit.style().polish(edit)

    # -- building ------------------------------------------------------------------------

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    def _text(self, name: str, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        return edit

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
        done, _, typing = self.tags.text().rpartition(",")
        if chosen is not None:
            self.tags.setText(f"{done}, {chosen}, ".lstrip(", "))
            return
        typed = {part.strip().casefold() for part in done.split(",")}
        key = typing.strip().casefold()
        offers = [
            tag
            for tag in self._all_tags
            if key and tag.casefold().startswith(key) and tag.casefold() not in typed
        ]
        model = self.tag_completer.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(offers[:20])
        if offers:
            self.tag_completer.complete()
        elif (popup := self.tag_completer.popup()) is not None:
            popup.hide()


def _field(field: QWidget, problem: QLabel) -> QWidget:
    """A field and its message line, kept at their own height in the form."""
    box = forms.stacked(field.parentWidget(), field, problem)
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return box
