"""The lead editor and its person/company picker, driven as a user would: typing, choosing with
the keys, creating a contact on the spot, checking, saving, undo and redo."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.changes import Change
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.lead_overview import PartyChoice, lead_overview, people_and_companies
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.contacts.editor import ContactEditor
from crm_desktop.ui.pipeline.lead_editor import LeadEditor, open_new_lead
from crm_desktop.ui.pipeline.party_picker import PartyPicker
from crm_desktop.ui.pipeline.party_results import RowType
from tests.ui import editor_steps as steps
from tests.ui.editor_steps import (  # noqa: F401  (the *_fixture names: fixtures)
    activate,
    answers_fixture,
    bus_fixture,
    published_fixture,
    report,
    stack_fixture,
)

Make = Callable[..., LeadEditor]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture
def make(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, answers: list[str]
) -> Make:
    """``make(lead_id=None, **kw)``: the editor, open as the active window."""
    return steps.editor_maker(qtbot, services, bus, stack, LeadEditor)


@pytest.fixture
def acme(services: Services) -> int:
    return services.companies.create(CompanyFields(name="Acme & Sons", industry="Furniture")).id


@pytest.fixture
def ann(services: Services, acme: int) -> int:
    return services.contacts.create(
        ContactFields(first_name="Ann", last_name="Lee", company_id=acme)
    ).id


def label(editor: QWidget, name: str) -> QLabel:
    return steps.child(editor, QLabel, name)


def typed(qtbot: QtBot, picker: PartyPicker, text: str) -> None:
    picker.edit.setFocus()
    qtbot.waitUntil(picker.edit.hasFocus)
    qtbot.keyClicks(picker.edit, text)
    qtbot.waitUntil(picker.popup_visible)


def rows(picker: PartyPicker) -> list[tuple[RowType | None, str]]:
    model = picker.model
    return [(model.row_type(r), model.index(r).data()) for r in range(model.rowCount())]


def test_a_blank_form_cannot_be_saved_and_does_not_complain_yet(make: Make, qtbot: QtBot) -> None:
    editor = make()
    assert editor.objectName() == "leadEditor"
    assert editor.findChild(PartyPicker, "partyPicker") is editor.picker
    assert not editor.save_button.isEnabled()
    assert label(editor, "titleProblem").isHidden()
    assert editor.stage.currentText() == "New (10%)"  # the first open stage
    assert editor.owner.currentText() == "Me"
    qtbot.keyClicks(editor.title, "Chairs")
    qtbot.waitUntil(editor.save_button.isEnabled)
    editor.title.selectAll()
    qtbot.keyClick(editor.title, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: label(editor, "titleProblem").isVisible())
    assert label(editor, "titleProblem").text() == "A lead needs a title."
    assert not editor.save_button.isEnabled()


def test_typing_finds_people_and_companies_and_the_keys_choose(
    make: Make, qtbot: QtBot, services: Services, ann: int, acme: int, qtmodeltester: object
) -> None:
    andy = services.contacts.create(ContactFields(first_name="Andy", last_name="Acker")).id
    editor = make()
    picker = editor.picker
    typed(qtbot, picker, "ac")
    assert rows(picker) == [
        (RowType.HEADER, "People"),
        (RowType.CHOICE, "Andy Acker"),
        (RowType.CHOICE, "Ann Lee"),
        (RowType.HEADER, "Companies"),
        (RowType.CHOICE, "Acme & Sons"),
        (RowType.CREATE, "Create contact “ac”…"),
    ]
    qtmodeltester.check(picker.model)  # type: ignore[attr-defined]
    assert picker.model.index(1).data(Qt.ItemDataRole.UserRole + 3).id == andy
    assert picker.current_row() == 1  # the first choice is highlighted
    qtbot.keyClick(picker.edit, Qt.Key.Key_Up)  # wraps to "Create"
    assert picker.current_row() == 5
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)  # and back, over the header
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    assert picker.current_row() == 2
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert (picker.contact_id(), picker.company_id()) == (ann, acme)  # her company came along
    assert not picker.popup_visible() and editor.isVisible()  # Enter did not save
    assert "Ann Lee" in label(editor, "partyContactChipLabel").text()
    assert "Acme &amp; Sons" in label(editor, "partyCompanyChipLabel").text()
    assert picker.edit.isHidden()
    qtbot.waitUntil(editor.value.hasFocus)  # on to the next field


def test_escape_closes_the_list_first_then_the_dialog(
    make: Make, qtbot: QtBot, ann: int, answers: list[str]
) -> None:
    editor = make()
    typed(qtbot, editor.picker, "ann")
    qtbot.keyClick(editor.picker.edit, Qt.Key.Key_Escape)
    assert not editor.picker.popup_visible() and editor.isVisible()
    qtbot.keyClick(editor.picker.edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert answers == ["Discard changes?"]


def test_chips_come_off_with_their_button_or_backspace(
    make: Make, qtbot: QtBot, ann: int, acme: int
) -> None:
    editor = make()
    picker = editor.picker
    typed(qtbot, picker, "ann")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Enter)
    qtbot.mouseClick(picker.contact_chip.clear_button, Qt.MouseButton.LeftButton)
    assert (picker.contact_id(), picker.company_id()) == (None, acme)
    assert picker.edit.isVisible()
    assert picker.edit.placeholderText() == "Add a person at Acme & Sons (optional)…"
    picker.edit.setFocus()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Backspace)
    assert (picker.contact_id(), picker.company_id()) == (None, None)
    assert picker.contact_chip.isHidden() and picker.company_chip.isHidden()


def test_a_company_alone_can_be_chosen(make: Make, qtbot: QtBot, acme: int) -> None:
    editor = make()
    typed(qtbot, editor.picker, "acme")
    row = next(r for r, (kind, text) in enumerate(rows(editor.picker)) if text == "Acme & Sons")
    qtbot.mouseClick(
        editor.picker.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=editor.picker.view.visualRect(editor.picker.model.index(row)).center(),
    )
    assert (editor.picker.contact_id(), editor.picker.company_id()) == (None, acme)


def test_typing_searches_on_a_worker_and_enter_does_not_wait_for_it(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, ann: int
) -> None:
    on_main: list[bool] = []

    def find(text: str) -> list[PartyChoice]:
        on_main.append(threading.current_thread() is threading.main_thread())
        return people_and_companies(text)

    host = QWidget()
    qtbot.addWidget(host)
    host.resize(500, 400)
    picker = PartyPicker(services, bus, stack, report, host, find=find)
    activate(qtbot, host)
    typed(qtbot, picker, "an")
    assert on_main == [False]  # typing: the worker searched
    qtbot.keyClicks(picker.edit, "n")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)  # before the pause: searched here, at once
    picker.wait_for_search()
    assert on_main[-1] is True
    assert picker.contact_id() == ann


def test_nothing_found_still_offers_to_create(make: Make, qtbot: QtBot) -> None:
    editor = make()
    typed(qtbot, editor.picker, "Zoe")
    assert rows(editor.picker) == [
        (RowType.MESSAGE, "No people or companies match “Zoe”"),
        (RowType.CREATE, "Create contact “Zoe”…"),
    ]
    assert editor.picker.current_row() == 1


def test_create_contact_inline_opens_the_contact_editor_and_picks_the_new_one(
    make: Make, qtbot: QtBot, services: Services, stack: QUndoStack
) -> None:
    editor = make()
    picker = editor.picker
    typed(qtbot, picker, "Zoe Quinn")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    contact_editor = editor.findChild(ContactEditor)
    assert contact_editor is not None
    qtbot.waitUntil(contact_editor.isVisible)
    assert contact_editor.form.first_name.text() == "Zoe"
    assert contact_editor.form.last_name.text() == "Quinn"
    qtbot.waitUntil(contact_editor.save_button.isEnabled)
    qtbot.mouseClick(contact_editor.save_button, Qt.MouseButton.LeftButton)
    choice = picker.contact()
    assert choice is not None and choice.name == "Zoe Quinn"
    assert services.contacts.get(choice.id).display_name == "Zoe Quinn"
    assert picker.company_id() is None and picker.edit.isVisible()  # a company may follow
    assert stack.undoText() == "Add contact Zoe Quinn"


def test_an_email_typed_becomes_the_new_contacts_email(make: Make, qtbot: QtBot) -> None:
    editor = make()
    typed(qtbot, editor.picker, "zoe@example.com")
    editor.picker.create_contact()
    contact_editor = editor.findChild(ContactEditor)
    assert contact_editor is not None
    assert contact_editor.form.emails.values() == [("work", "zoe@example.com")]
    assert contact_editor.form.first_name.text() == ""


def test_text_typed_but_not_chosen_blocks_saving(make: Make, qtbot: QtBot) -> None:
    editor = make()
    qtbot.keyClicks(editor.title, "Chairs")
    editor.picker.edit.setFocus()
    qtbot.keyClicks(editor.picker.edit, "somebody")
    qtbot.waitUntil(lambda: label(editor, "partyProblem").isVisible())
    assert "Choose someone from the list" in label(editor, "partyProblem").text()
    assert not editor.save_button.isEnabled()
    editor.picker.edit.clear()
    qtbot.waitUntil(editor.save_button.isEnabled)


def test_saving_a_new_lead_stores_every_field_and_undo_trashes_it(
    make: Make,
    qtbot: QtBot,
    services: Services,
    stack: QUndoStack,
    published: list[Change],
    ann: int,
    acme: int,
) -> None:
    kim = staff.create(services.clock, "Kim Park")
    editor = make()
    qtbot.keyClicks(editor.title, "40 office chairs")
    typed(qtbot, editor.picker, "ann")
    qtbot.keyClick(editor.picker.edit, Qt.Key.Key_Return)
    editor.currency.setCurrentText("USD")
    editor.value.lineEdit().selectAll()
    qtbot.keyClicks(editor.value, "12500.5")
    editor.stage.setCurrentIndex(editor.stage.findText("Qualified (40%)"))
    editor.close_date.set_value(date(2026, 4, 15))
    editor.owner.setCurrentIndex(editor.owner.findData(kim))
    editor.source.setEditText("Trade fair")
    qtbot.keyClicks(editor.next_step, "Send the quote")
    qtbot.keyClicks(editor.notes, "Budget agreed")
    qtbot.keyClick(editor.notes, Qt.Key.Key_Return)  # a new line, not a save
    assert editor.isVisible()
    qtbot.keyClicks(editor.notes, "Ann decides ")
    qtbot.waitUntil(editor.save_button.isEnabled)
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.keyClick(editor.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    lead_id = saved.args[0]
    assert not editor.isVisible()
    overview = lead_overview(lead_id, services.clock.now())
    assert overview.lead_fields() == LeadFields(
        title="40 office chairs",
        contact_id=ann,
        company_id=acme,
        value_minor=1_250_050,
        currency="USD",
        expected_close=date(2026, 4, 15),
        source="Trade fair",
        owner_id=kim,
        next_step="Send the quote",
        notes="Budget agreed\nAnn decides",
    )
    assert overview.stage_name == "Qualified"
    assert [(c.entity, c.action, c.ids) for c in published] == [("lead", "created", (lead_id,))]
    assert stack.count() == 1 and stack.undoText() == "Add lead 40 office chairs"

    stack.undo()
    assert lead_overview(lead_id, services.clock.now()).deleted_at is not None
    assert published[-1].action == "trashed"
    stack.redo()
    assert lead_overview(lead_id, services.clock.now()).deleted_at is None
    assert published[-1].action == "restored"


def test_editing_loads_the_lead_and_undo_writes_the_old_values_back(
    make: Make, qtbot: QtBot, services: Services, stack: QUndoStack, ann: int, acme: int
) -> None:
    before = LeadFields(
        title="Chairs",
        contact_id=ann,
        company_id=acme,
        value_minor=99_900,
        currency="GBP",
        expected_close=date(2026, 5, 1),
        source="Website",
        owner_id=services.actor_id,
        next_step="Call back",
        notes="Wants delivery in May",
    )
    lead_id = services.pipeline.create_lead(before).id
    editor = make(lead_id)
    assert editor.windowTitle() == "Edit lead"
    assert editor.title.text() == "Chairs"
    assert (editor.picker.contact_id(), editor.picker.company_id()) == (ann, acme)
    assert editor.currency.currentText() == "GBP" and editor.value.value() == 999.0
    assert editor.close_date.value() == date(2026, 5, 1)
    assert editor.source.currentText() == "Website"
    assert editor.stage.isHidden()  # a stored lead moves on the board, not here
    assert editor.values() == before
    assert editor.save_button.isEnabled()

    assert editor.notes.toPlainText() == "Wants delivery in May"
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "Tables")
    qtbot.mouseClick(editor.close_date.clear_button, Qt.MouseButton.LeftButton)
    editor.notes.selectAll()
    qtbot.keyClicks(editor.notes, "Wants delivery in June")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    after = lead_overview(lead_id, services.clock.now())
    assert (after.title, after.expected_close) == ("Tables", None)
    assert after.notes == "Wants delivery in June"
    assert stack.undoText() == "Edit lead Tables"
    stack.undo()
    assert lead_overview(lead_id, services.clock.now()).lead_fields() == LeadFields(
        **{**before.__dict__, "expected_close": date(2026, 5, 1)}
    )
    stack.redo()
    assert lead_overview(lead_id, services.clock.now()).title == "Tables"


def test_a_problem_the_service_finds_shows_under_its_field(
    make: Make, qtbot: QtBot, services: Services, ann: int
) -> None:
    editor = make()
    qtbot.keyClicks(editor.title, "Chairs")
    typed(qtbot, editor.picker, "ann")
    qtbot.keyClick(editor.picker.edit, Qt.Key.Key_Return)
    services.contacts.trash([ann])
    services.contacts.empty_trash()  # gone for good while the dialog was open
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert f"no contact with id {ann}" in label(editor, "partyProblem").text()
    assert not editor.save_button.isEnabled()


def test_the_value_follows_the_currencys_minor_unit(make: Make, qtbot: QtBot) -> None:
    editor = make()
    editor.currency.setCurrentText("JPY")
    assert editor.value.decimals() == 0
    editor.value.setValue(125_000)
    assert (editor.values().value_minor, editor.values().currency) == (125_000, "JPY")
    editor.currency.setCurrentText("EUR")
    assert editor.value.decimals() == 2 and editor.values().value_minor == 12_500_000


def test_an_empty_close_date_starts_from_today(make: Make, qtbot: QtBot) -> None:
    editor = make()
    dates = editor.close_date
    assert dates.value() is None and not dates.clear_button.isEnabled()
    assert dates.edit.text() == "No date"
    dates.edit.setFocus()
    qtbot.keyClick(dates.edit, Qt.Key.Key_Up)
    assert dates.value() == date(2026, 3, 2)  # the test clock's today, not the year 1900
    assert dates.clear_button.isEnabled()
    qtbot.mouseClick(dates.clear_button, Qt.MouseButton.LeftButton)
    assert dates.value() is None


def test_open_new_lead_starts_with_the_contact_and_their_company(
    qtbot: QtBot,
    services: Services,
    bus: ChangeBus,
    stack: QUndoStack,
    answers: list[str],
    ann: int,
    acme: int,
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    editor = open_new_lead(parent, services, bus, stack, report, contact_id=ann)
    assert editor is not None and editor.parent() is parent
    assert editor.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    qtbot.waitUntil(editor.isVisible)
    assert (editor.picker.contact_id(), editor.picker.company_id()) == (ann, acme)
    assert editor.title.hasFocus() or QApplication.focusWidget() is None
    editor.reject()  # nothing typed: closes without asking
    assert answers == []
