"""What the company and contact forms share through ``ui.common.form_fields``: the tags typed
comma-separated and the offers that complete them, the message lines, the combo that selects a
value it does not list; and both forms doing these the same way."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common import form_fields as fields
from crm_desktop.ui.companies.editor_form import CompanyForm
from crm_desktop.ui.contacts.editor_fields import ContactForm

TAGS = ["supplier", "Support", "VIP", "Germany", "newsletter"]
KIM = StaffMember(id=7, name="Kim Park", email="", role="")


def test_split_tags_drops_blanks_and_spaces() -> None:
    assert fields.split_tags(" VIP, ,newsletter ,") == ["VIP", "newsletter"]
    assert fields.split_tags("") == []


@pytest.mark.parametrize(
    ("text", "offers"),
    [
        ("", []),  # nothing typed yet: nothing offered
        ("su", ["supplier", "Support"]),  # any case
        ("Germany, SU", ["supplier", "Support"]),  # the tag after the last comma
        ("supplier, su", ["Support"]),  # not one typed already
        ("VIP,  ", []),  # a blank after the comma
        ("x", []),
    ],
)
def test_tag_offers_complete_the_tag_being_typed(text: str, offers: list[str]) -> None:
    assert fields.tag_offers(text, TAGS) == offers


def test_tag_offers_are_at_most_twenty() -> None:
    many = [f"tag{n:02}" for n in range(30)]
    assert fields.tag_offers("ta", many) == many[: fields.MOST_OFFERS] and fields.MOST_OFFERS == 20


@pytest.mark.parametrize(
    ("text", "result"),
    [("su", "supplier, "), ("VIP, su", "VIP, supplier, "), ("VIP,su", "VIP, supplier, ")],
)
def test_with_tag_puts_the_chosen_tag_in_place_of_the_typed_one(text: str, result: str) -> None:
    assert fields.with_tag(text, "supplier") == result


def test_show_messages_puts_the_rest_on_the_other_line(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    labels = fields.problem_labels(parent, ("name", "phone", "other"))
    assert [label.objectName() for label in labels.values()] == [
        "nameProblem",
        "phoneProblem",
        "otherProblem",
    ]
    problems = {"name": "Needs a name.", "city": "Unknown city.", "other": "Try again."}
    fields.show_messages(labels, problems)
    assert labels["name"].text() == "Needs a name." and not labels["name"].isHidden()
    assert labels["phone"].text() == "" and labels["phone"].isHidden()
    assert labels["other"].text() == "Unknown city.\nTry again."
    fields.show_messages(labels, {})
    assert all(label.isHidden() for label in labels.values())


def test_select_data_adds_a_value_it_does_not_list(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = fields.item_combo(parent, "ownerCombo", [("Nobody", None), ("Kim", 7)])
    assert isinstance(box, QComboBox) and box.objectName() == "ownerCombo"
    fields.select_data(box, 7, "(someone removed)")
    assert box.currentText() == "Kim" and box.count() == 2
    fields.select_data(box, 9, "(someone removed)")
    assert (box.currentText(), box.currentData(), box.count()) == ("(someone removed)", 9, 3)


def test_show_offers_without_a_completer_only_fills_the_model() -> None:
    model = QStringListModel()
    fields.show_offers(None, model, ["a", "b"])
    assert model.stringList() == ["a", "b"]


def company_form(parent: QWidget) -> CompanyForm:
    return CompanyForm([KIM], TAGS, parent)


def contact_form(parent: QWidget) -> ContactForm:
    return ContactForm([KIM], TAGS, lambda _text: [], parent)


FORMS: list[Callable[[QWidget], QWidget]] = [company_form, contact_form]


@pytest.mark.parametrize("make", FORMS, ids=["company", "contact"])
def test_both_forms_complete_and_read_tags_alike(
    qtbot: QtBot, make: Callable[[QWidget], CompanyForm | ContactForm]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    form = make(parent)
    parent.show()
    qtbot.waitExposed(parent)
    qtbot.keyClicks(form.tags, "Germany, su")
    completer = next(c for c in form.findChildren(QCompleter) if c.widget() is form.tags)
    model = completer.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["supplier", "Support"]
    completer.activated.emit("Support")
    assert form.tags.text() == "Germany, Support, "
    assert form.values().tags == ["Germany", "Support"]


@pytest.mark.parametrize("make", FORMS, ids=["company", "contact"])
def test_both_forms_keep_an_owner_no_longer_listed(
    qtbot: QtBot, make: Callable[[QWidget], CompanyForm | ContactForm]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    form = make(parent)
    owner: QComboBox = form.owner
    assert [owner.itemText(i) for i in range(owner.count())] == ["Nobody", "Kim Park"]
    select = form.select_owner if isinstance(form, CompanyForm) else form.set_owner
    select(42)
    assert (owner.currentText(), owner.currentData()) == ("(someone removed)", 42)
    assert form.values().owner_id == 42
