"""The company editor, driven as a user would: typing, checking as you type, the warning about a
company of the same name, saving, and undo/redo of the save."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.changes import Change
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.company_list import CompanyList, CompanyQuery
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.companies.editor import CompanyEditor
from tests.ui import editor_steps as steps
from tests.ui.editor_steps import (  # noqa: F401  (the *_fixture names: fixtures)
    answers_fixture,
    bus_fixture,
    published_fixture,
    stack_fixture,
)

Make = Callable[..., CompanyEditor]

# A completer's popup asks the window manager to raise it and grab the keyboard; offscreen there
# is none to ask. Nothing to fix in our code.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture
def make(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, answers: list[str]
) -> Make:
    """``make(company_id=None)``: the editor, open as the active window."""
    return steps.editor_maker(qtbot, services, bus, stack, CompanyEditor)


def problem(editor: CompanyEditor, name: str) -> QLabel:
    return steps.child(editor, QLabel, f"{name}Problem")


def test_a_blank_form_cannot_be_saved_and_does_not_complain_yet(make: Make, qtbot: QtBot) -> None:
    editor = make()
    assert editor.objectName() == "companyEditor"
    assert editor.windowTitle() == "New company"
    assert not editor.save_button.isEnabled()
    assert problem(editor, "name").isHidden()
    qtbot.keyClicks(editor.form.name, "A")
    qtbot.waitUntil(editor.save_button.isEnabled)
    qtbot.keyClick(editor.form.name, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: problem(editor, "name").isVisible())
    assert problem(editor, "name").text() == "A company needs a name."
    assert not editor.save_button.isEnabled()
    assert editor.form.name.property("invalid") is True


def test_a_bad_website_or_phone_is_flagged_as_you_type(make: Make, qtbot: QtBot) -> None:
    editor = make()
    qtbot.keyClicks(editor.form.name, "Acme")
    qtbot.keyClicks(editor.form.website, "acme dot com")
    qtbot.keyClicks(editor.form.phone, "ask")
    qtbot.waitUntil(lambda: problem(editor, "website").isVisible())
    assert "is not a web address" in problem(editor, "website").text()
    assert "is not a phone number" in problem(editor, "phone").text()
    assert problem(editor, "name").isHidden()
    assert not editor.save_button.isEnabled()
    editor.form.website.setText("https://acme.example/about")
    editor.form.phone.setText("+44 20 7946 0018")
    qtbot.waitUntil(editor.save_button.isEnabled)
    assert problem(editor, "website").isHidden() and problem(editor, "phone").isHidden()
    assert editor.form.website.property("invalid") is False


def test_the_same_name_warns_and_offers_to_open_the_existing_company(
    make: Make, qtbot: QtBot, services: Services
) -> None:
    acme = services.companies.create(CompanyFields(name="Acme Ltd")).id
    gone = services.companies.create(CompanyFields(name="Gone Ltd")).id
    services.companies.trash([gone])
    editor = make()
    qtbot.keyClicks(editor.form.name, "Gone Ltd")  # the trash is no duplicate
    qtbot.wait(editor.PROBE_DELAY_MS + 100)
    assert editor.duplicate_strip.isHidden()
    editor.form.name.clear()
    qtbot.keyClicks(editor.form.name, "ACME  ltd")
    qtbot.waitUntil(editor.duplicate_strip.isVisible)
    assert "<b>Acme Ltd</b> is already here" in editor.duplicate_text.text()
    assert editor.open_existing_button.text() == "Open Acme Ltd instead"
    assert editor.save_button.isEnabled()  # a second one of that name may be meant
    with qtbot.waitSignal(editor.open_existing) as opened:
        editor.open_existing_button.click()
    assert opened.args == [acme]
    assert editor.result() == QDialog.DialogCode.Rejected and not editor.isVisible()
    assert CompanyList().count(CompanyQuery()) == 1  # nothing was saved


def test_saving_creates_the_company_and_undo_trashes_it(
    make: Make, qtbot: QtBot, services: Services, stack: QUndoStack, published: list[Change]
) -> None:
    services.companies.create(CompanyFields(name="Old", tags=["supplier"]))
    boss = staff.create(services.clock, "Boss")
    editor = make()
    editor.form.name.insert("  Müller")  # QTest types ASCII only
    qtbot.keyClicks(editor.form.name, "   GmbH ")
    qtbot.keyClicks(editor.form.website, "muller.example")
    qtbot.keyClicks(editor.form.industry, "Tools")
    qtbot.keyClicks(editor.form.phone, "+49 30 1234567")
    editor.form.owner.setCurrentIndex(editor.form.owner.findData(boss))
    qtbot.keyClicks(editor.form.tags, "Germany, supplier")
    editor.form.address.insertPlainText("Hauptstraße 1, Berlin")
    qtbot.keyClicks(editor.form.notes, "Pays on time.")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(editor.form.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    company = services.companies.get(saved.args[0])
    assert (company.name, company.website, company.industry, company.phone) == (
        "Müller GmbH",
        "muller.example",
        "Tools",
        "+49 30 1234567",
    )
    assert company.owner_id == boss and company.tags == ("Germany", "supplier")
    assert (company.address, company.notes) == ("Hauptstraße 1, Berlin", "Pays on time.")
    assert published[-1] == Change("company", "created", (company.id,))
    assert not editor.isVisible()
    row = CompanyList().page(CompanyQuery(sort="tags"), None, 1)[0]  # "G" < "s"
    assert (row.id, row.tags, row.owner_name) == (company.id, "Germany, supplier", "Boss")

    assert stack.undoText() == "Add company Müller GmbH"
    stack.undo()
    assert services.companies.get(company.id).deleted_at is not None
    assert published[-1].action == "trashed"
    stack.redo()
    assert services.companies.get(company.id).deleted_at is None


def test_editing_then_undo_brings_back_what_it_was(
    make: Make, qtbot: QtBot, services: Services, stack: QUndoStack, published: list[Change]
) -> None:
    acme = services.companies.create(
        CompanyFields(name="Acme", website="acme.example", tags=["vip"], notes="Since 1999")
    ).id
    editor = make(acme)
    assert editor.windowTitle() == "Edit company"
    assert (editor.form.name.text(), editor.form.website.text(), editor.form.tags.text()) == (
        "Acme",
        "acme.example",
        "vip",
    )
    assert editor.form.notes.toPlainText() == "Since 1999"
    assert editor.save_button.isEnabled()
    editor.form.name.selectAll()
    qtbot.keyClicks(editor.form.name, "Acme Group")
    editor.form.tags.setText("partner")
    qtbot.wait(editor.PROBE_DELAY_MS + 100)
    assert editor.duplicate_strip.isHidden()  # itself is no duplicate
    editor.save()
    detail = services.companies.get(acme)
    assert (detail.name, detail.tags, detail.notes) == ("Acme Group", ("partner",), "Since 1999")
    assert published[-1] == Change("company", "updated", (acme,), frozenset({"contact"}))
    assert stack.undoText() == "Edit company Acme Group"
    stack.undo()
    detail = services.companies.get(acme)
    assert (detail.name, detail.tags) == ("Acme", ("vip",))
    stack.redo()
    assert services.companies.get(acme).name == "Acme Group"


def test_the_same_name_when_editing_warns_of_the_other_one(
    make: Make, qtbot: QtBot, services: Services
) -> None:
    services.companies.create(CompanyFields(name="Beta"))
    acme = services.companies.create(CompanyFields(name="Acme")).id
    editor = make(acme)
    editor.form.name.setText("beta")
    qtbot.waitUntil(editor.duplicate_strip.isVisible)
    assert "<b>Beta</b>" in editor.duplicate_text.text()


def test_tags_field_completes_the_tag_being_typed(
    make: Make, qtbot: QtBot, services: Services
) -> None:
    services.companies.create(CompanyFields(name="Old", tags=["supplier", "Germany"]))
    editor = make()
    qtbot.keyClicks(editor.form.tags, "Germany, sup")
    model = editor.form.tag_completer.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["supplier"]
    editor.form.tag_completer.activated.emit("supplier")
    assert editor.form.tags.text() == "Germany, supplier, "


def test_escape_with_changes_asks_before_discarding(
    make: Make, qtbot: QtBot, answers: list[str]
) -> None:
    editor = make()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert answers == [] and not editor.isVisible()
    editor = make()
    qtbot.keyClicks(editor.form.name, "Half typed")
    qtbot.keyClick(editor.form.name, Qt.Key.Key_Escape)
    assert answers == ["Discard changes?"] and not editor.isVisible()
