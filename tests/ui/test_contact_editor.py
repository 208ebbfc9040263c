"""The contact editor, driven as a user would: typing, checking, duplicate hints, save and undo."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from crm_desktop.domain.changes import Change
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contact_overview import company_named
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.contacts.editor import ContactEditor
from tests.ui import editor_steps as steps
from tests.ui.editor_steps import (  # noqa: F401  (the *_fixture names: fixtures)
    answers_fixture,
    bus_fixture,
    published_fixture,
    stack_fixture,
)

Make = Callable[..., ContactEditor]

# A completer's popup asks the window manager to raise it and grab the keyboard; offscreen there
# is none to ask. Nothing to fix in our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture
def make(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, answers: list[str]
) -> Make:
    """``make(contact_id=None)``: the editor, open as the active window."""
    return steps.editor_maker(qtbot, services, bus, stack, ContactEditor)


def field(editor: ContactEditor, name: str) -> QLineEdit:
    return steps.child(editor, QLineEdit, name)


def label(editor: ContactEditor, name: str) -> QLabel:
    return steps.child(editor, QLabel, name)


def button(editor: ContactEditor, name: str) -> QPushButton:
    return steps.child(editor, QPushButton, name)


def test_a_blank_form_cannot_be_saved_and_does_not_complain_yet(make: Make, qtbot: QtBot) -> None:
    editor = make()
    assert editor.objectName() == "contactEditor"
    assert not button(editor, "saveButton").isEnabled()
    assert label(editor, "nameProblem").isHidden()
    qtbot.keyClicks(field(editor, "firstNameEdit"), "A")
    qtbot.waitUntil(lambda: button(editor, "saveButton").isEnabled())
    qtbot.keyClick(field(editor, "firstNameEdit"), Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: label(editor, "nameProblem").isVisible())
    assert "needs a name or an email" in label(editor, "nameProblem").text()
    assert not button(editor, "saveButton").isEnabled()


def test_a_bad_email_disables_save_with_a_message_under_it(make: Make, qtbot: QtBot) -> None:
    editor = make()
    qtbot.keyClicks(field(editor, "firstNameEdit"), "Ann")
    email = field(editor, "emailEdit0")
    qtbot.keyClicks(email, "ann@@example")
    qtbot.waitUntil(lambda: label(editor, "emailsProblem").isVisible())
    assert "is not an email address" in label(editor, "emailsProblem").text()
    assert not button(editor, "saveButton").isEnabled()
    assert email.property("invalid") is True

    email.clear()
    qtbot.keyClicks(email, "ann@example.com")
    qtbot.waitUntil(lambda: button(editor, "saveButton").isEnabled())
    assert label(editor, "emailsProblem").isHidden()
    assert email.property("invalid") is False


def test_a_birthday_must_be_a_real_day(make: Make, qtbot: QtBot) -> None:
    editor = make()
    qtbot.keyClicks(field(editor, "firstNameEdit"), "Ann")
    qtbot.keyClicks(field(editor, "birthdayEdit"), "1990-02-30")
    qtbot.waitUntil(lambda: label(editor, "birthdayProblem").isVisible())
    assert "not a real date" in label(editor, "birthdayProblem").text()
    assert not button(editor, "saveButton").isEnabled()


def test_a_bad_phone_is_flagged(make: Make, qtbot: QtBot) -> None:
    editor = make()
    qtbot.keyClicks(field(editor, "firstNameEdit"), "Ann")
    qtbot.keyClicks(field(editor, "phoneEdit0"), "call me")
    qtbot.waitUntil(lambda: label(editor, "phonesProblem").isVisible())
    assert "not a phone number" in label(editor, "phonesProblem").text()


def test_same_email_warns_and_offers_to_open_the_existing_contact(
    make: Make, qtbot: QtBot, services: Services
) -> None:
    ann = services.contacts.create(
        ContactFields(first_name="Ann", last_name="Lee", emails=[("work", "ann@example.com")])
    ).id
    editor = make()
    strip = editor.findChild(QLabel, "duplicateText")
    assert strip is not None and not strip.isVisible()
    qtbot.keyClicks(field(editor, "emailEdit0"), "ANN@example.com")
    qtbot.waitUntil(lambda: strip.isVisible())
    assert "Ann Lee" in strip.text() and "same email" in strip.text()
    open_button = button(editor, "openExistingButton")
    assert open_button.text() == "Open Ann Lee instead"
    with qtbot.waitSignal(editor.open_existing) as opened:
        qtbot.mouseClick(open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [ann]
    assert editor.result() == QDialog.DialogCode.Rejected and not editor.isVisible()


def test_same_name_at_the_same_company_warns(make: Make, qtbot: QtBot, services: Services) -> None:
    acme = services.companies.create(CompanyFields(name="Acme")).id
    services.contacts.create(ContactFields(first_name="Ann", last_name="Lee", company_id=acme))
    editor = make()
    qtbot.keyClicks(field(editor, "firstNameEdit"), "ann")
    qtbot.keyClicks(field(editor, "lastNameEdit"), "LEE")
    qtbot.keyClicks(field(editor, "companyEdit"), "acme")
    qtbot.waitUntil(lambda: label(editor, "duplicateText").isVisible())
    assert "same name at the same company" in label(editor, "duplicateText").text()
    field(editor, "companyEdit").clear()
    qtbot.keyClicks(field(editor, "companyEdit"), "Globex")  # not in the CRM yet: no namesake
    qtbot.waitUntil(lambda: not label(editor, "duplicateText").isVisible())


def test_saving_creates_the_contact_and_undo_trashes_it(
    make: Make,
    qtbot: QtBot,
    services: Services,
    stack: QUndoStack,
    published: list[Change],
) -> None:
    editor = make()
    qtbot.keyClicks(field(editor, "firstNameEdit"), "Ann")
    qtbot.keyClicks(field(editor, "lastNameEdit"), "Lee")
    qtbot.keyClicks(field(editor, "companyEdit"), "Globex")
    qtbot.keyClicks(field(editor, "emailEdit0"), "ann@globex.example")
    qtbot.mouseClick(button(editor, "addPhoneButton"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field(editor, "phoneEdit0"), "+44 20 7946 0018")
    qtbot.keyClicks(field(editor, "birthdayEdit"), "1990-04-01")
    qtbot.keyClicks(field(editor, "tagsEdit"), "VIP, newsletter")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(
            field(editor, "tagsEdit"), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    contact_id = saved.args[0]
    detail = services.contacts.get(contact_id)
    assert detail.display_name == "Ann Lee"
    assert detail.company_name == "Globex" and detail.company_id == company_named("globex")
    assert detail.emails == (("work", "ann@globex.example"),)
    assert detail.phones == (("mobile", "+44 20 7946 0018"),)
    assert str(detail.birthday) == "1990-04-01"
    assert detail.tags == ("newsletter", "VIP")
    assert detail.owner_id == services.actor_id
    assert [(c.entity, c.action) for c in published] == [
        ("company", "created"),
        ("contact", "created"),
    ]
    assert editor.result() == QDialog.DialogCode.Accepted

    assert stack.undoText() == "Add contact Ann Lee"
    stack.undo()
    assert services.contacts.get(contact_id).deleted_at is not None
    assert published[-1].action == "trashed"
    stack.redo()
    assert services.contacts.get(contact_id).deleted_at is None
    assert published[-1].action == "restored"


def test_editing_then_undo_brings_back_the_old_name(
    make: Make, qtbot: QtBot, services: Services, stack: QUndoStack
) -> None:
    contact_id = services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            emails=[("home", "ann@example.com")],
            source="Trade fair",
            tags=["VIP"],
        )
    ).id
    editor = make(contact_id)
    first = field(editor, "firstNameEdit")
    assert first.text() == "Ann" and field(editor, "emailEdit0").text() == "ann@example.com"
    assert button(editor, "saveButton").isEnabled()
    first.clear()
    qtbot.keyClicks(first, "Anna")
    qtbot.mouseClick(button(editor, "saveButton"), Qt.MouseButton.LeftButton)
    after = services.contacts.get(contact_id)
    assert after.display_name == "Anna Lee"
    assert after.source == "Trade fair" and after.tags == ("VIP",)
    assert after.emails == (("home", "ann@example.com"),)

    assert stack.undoText() == "Edit contact Anna Lee"
    stack.undo()
    assert services.contacts.get(contact_id).display_name == "Ann Lee"
    stack.redo()
    assert services.contacts.get(contact_id).display_name == "Anna Lee"


def test_the_address_label_is_chosen_or_typed_saved_and_undone(
    make: Make, qtbot: QtBot, services: Services, stack: QUndoStack
) -> None:
    contact_id = services.contacts.create(
        ContactFields(first_name="Ann", address="1 Main St", address_label="home")
    ).id
    editor = make(contact_id)
    combo = editor.form.address_label
    assert combo.currentText() == "home"
    assert [combo.itemText(i) for i in range(combo.count())] == ["home", "work", "other"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next one, as a keyboard user picks it
    assert combo.currentText() == "work"
    qtbot.mouseClick(button(editor, "saveButton"), Qt.MouseButton.LeftButton)
    assert services.contacts.get(contact_id).address_label == "work"
    stack.undo()
    assert services.contacts.get(contact_id).address_label == "home"

    editor = make(contact_id)
    combo = editor.form.address_label
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Summer house")  # a word of the user's own
    qtbot.mouseClick(button(editor, "saveButton"), Qt.MouseButton.LeftButton)
    detail = services.contacts.get(contact_id)
    assert (detail.address, detail.address_label) == ("1 Main St", "Summer house")


def test_a_new_contact_has_no_address_label_until_one_is_given(make: Make, qtbot: QtBot) -> None:
    editor = make()
    assert editor.form.address_label.currentText() == ""
    assert editor.form.address_label.lineEdit().placeholderText() == "Label"


def test_email_rows_can_be_added_and_removed(make: Make, qtbot: QtBot) -> None:
    editor = make()
    qtbot.keyClicks(field(editor, "emailEdit0"), "ann@work.example")
    qtbot.mouseClick(button(editor, "addEmailButton"), Qt.MouseButton.LeftButton)
    second = field(editor, "emailEdit1")
    qtbot.keyClicks(second, "ann@home.example")
    assert editor.form.values().emails == [
        ("work", "ann@work.example"),
        ("work", "ann@home.example"),
    ]
    remove = editor.findChild(QToolButton, "removeEmailButton0")
    assert remove is not None
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert editor.form.values().emails == [("work", "ann@home.example")]
    assert field(editor, "emailEdit0").text() == "ann@home.example"


def _completer_of(editor: ContactEditor, edit: QLineEdit) -> QCompleter:
    [completer] = [c for c in editor.findChildren(QCompleter) if c.widget() is edit]
    return completer


def test_company_field_offers_companies_by_prefix(
    make: Make, qtbot: QtBot, services: Services
) -> None:
    for name in ("Northwind Traders", "Nordic Tools", "Acme"):
        services.companies.create(CompanyFields(name=name))
    editor = make()
    company = field(editor, "companyEdit")
    qtbot.keyClicks(company, "nor")
    completer = _completer_of(editor, company)
    model = completer.model()
    offered = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert offered == ["Nordic Tools", "Northwind Traders"]
    popup = completer.popup()
    assert popup is not None and popup.isVisible()
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Return):
        qtbot.keyClick(popup, key)
    assert company.text() == "Northwind Traders"


def test_tags_field_completes_the_tag_being_typed(
    make: Make, qtbot: QtBot, services: Services
) -> None:
    services.contacts.create(ContactFields(first_name="Bo", tags=["Newsletter", "VIP", "Nurse"]))
    editor = make()
    tags = field(editor, "tagsEdit")
    qtbot.keyClicks(tags, "VIP, n")
    completer = _completer_of(editor, tags)
    model = completer.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Newsletter", "Nurse"]
    popup = completer.popup()
    assert popup is not None
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Return):
        qtbot.keyClick(popup, key)
    assert tags.text() == "VIP, Newsletter, "


def test_escape_with_changes_asks_before_discarding(
    make: Make, qtbot: QtBot, answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = make()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert answers == [] and not editor.isVisible()

    editor = make()
    qtbot.keyClicks(field(editor, "firstNameEdit"), "Ann")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.isVisible()  # the user chose to keep editing
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_tab_walks_the_form_in_reading_order(make: Make) -> None:
    editor = make()
    order = []
    widget = editor.form.first_name
    for _ in range(6):
        order.append(widget.objectName())
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
    assert order == [
        "firstNameEdit",
        "lastNameEdit",
        "companyEdit",
        "titleEdit",
        "emailLabel0",
        "emailEdit0",
    ]


def test_an_edit_keeps_what_the_form_holds_unchanged(
    make: Make, qtbot: QtBot, services: Services
) -> None:
    contact_id = services.contacts.create(
        ContactFields(first_name="Ann", preferred_channel="fax", phones=[("", "020 7946 0018")])
    ).id
    services.contacts.assign_owner([contact_id], None)
    before = services.contacts.get(contact_id)
    editor = make(contact_id)
    assert editor.form.owner.currentText() == "Nobody"
    assert editor.form.channel.currentText() == "fax"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    after = services.contacts.get(contact_id)
    assert (after.owner_id, after.preferred_channel) == (None, "fax")
    assert after.phones == (("mobile", "020 7946 0018"),)  # an unlabelled phone gets the default
    assert after.display_name == before.display_name
