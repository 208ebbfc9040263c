"""The contact detail panel on a real database: what it shows, what it offers, how it follows
changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playhouse.test_utils import count_queries
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QListWidget, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.contacts.detail import ContactDetailPanel
from crm_desktop.ui.contacts.editor import ContactEditor


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"warning: {a}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"critical: {a}"))


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def stack() -> Iterator[QUndoStack]:
    undo = QUndoStack()
    yield undo
    undo.clear()


@pytest.fixture
def timeline() -> QWidget:
    widget = QWidget()
    widget.setObjectName("timelineStandIn")
    return widget


@pytest.fixture
def panel(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, timeline: QWidget
) -> ContactDetailPanel:
    def report(what: str, exc: BaseException) -> None:
        raise AssertionError(f"reported: {what}: {exc}")

    widget = ContactDetailPanel(services, bus, stack, report, timeline)
    qtbot.addWidget(widget)
    widget.resize(760, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def ann(services: Services) -> int:
    kim = staff.create(services.clock, "Kim Park")
    acme = services.companies.create(CompanyFields(name="Acme & Sons")).id
    return services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            title="Head of Buying",
            company_id=acme,
            emails=[("work", "ann@acme.example"), ("home", "ann@example.com")],
            phones=[("mobile", "+44 7700 900123")],
            address="12 Harbour Street\nBristol",
            birthday="1990-04-01",
            preferred_channel="email",
            lifecycle="customer",
            owner_id=kim,
            tags=["VIP", "Newsletter"],
            personal_notes="Loves sailing.",
            preferences="Email before 10:00.",
        )
    ).id


def text_of(panel: ContactDetailPanel, name: str) -> str:
    label = panel.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def rows_of(panel: ContactDetailPanel, name: str) -> list[str]:
    items = panel.findChild(QListWidget, name)
    assert items is not None, name
    return [items.item(row).text() for row in range(items.count())] if items.isVisible() else []


def visible(panel: ContactDetailPanel, name: str) -> bool:
    widget = panel.findChild(QWidget, name)
    assert widget is not None, name
    return widget.isVisible()


def test_nobody_shown_says_what_to_do(panel: ContactDetailPanel, timeline: QWidget) -> None:
    assert panel.objectName() == "contactDetail"
    assert visible(panel, "contactDetailEmpty")
    assert text_of(panel, "contactDetailEmpty") == (
        "Pick a contact on the left, or press Ctrl+N to add one."
    )
    assert panel.isAncestorOf(timeline) and not timeline.isVisible()
    assert panel.edit() is None


def test_shows_who_they_are(
    panel: ContactDetailPanel, ann: int, timeline: QWidget, qtbot: QtBot
) -> None:
    with qtbot.waitSignal(panel.contact_changed) as changed:
        panel.show_contact(ann)
    assert changed.args == [ann]
    assert text_of(panel, "contactName") == "Ann Lee"
    assert text_of(panel, "lifecycleBadge") == "Customer"
    assert "Head of Buying at" in text_of(panel, "contactSubtitle")
    assert "Acme &amp; Sons</a>" in text_of(panel, "contactSubtitle")
    assert "Owner: Kim Park" in text_of(panel, "contactMeta")
    emails = text_of(panel, "contactEmails")
    assert re.search(r'<a href="mailto:ann@acme\.example"[^>]*>ann@acme\.example</a>', emails)
    assert "mailto:ann@example.com" in emails
    phones = text_of(panel, "contactPhones")
    assert re.search(r'<a href="tel:\+447700900123"[^>]*>\+44 7700 900123</a>', phones)
    assert text_of(panel, "contactAddress") == "12 Harbour Street\nBristol"
    assert address_title(panel) == "Address"  # stored without a label
    assert text_of(panel, "contactBirthday") == "1 April 1990 · age 35"
    assert text_of(panel, "contactChannel") == "Email"
    assert "Newsletter" in text_of(panel, "contactTags") and "VIP" in text_of(panel, "contactTags")
    assert text_of(panel, "contactNotes") == "Loves sailing."
    assert text_of(panel, "contactPreferences") == "Email before 10:00."
    assert not visible(panel, "doNotContactBanner") and not visible(panel, "trashedBanner")
    assert timeline.isVisible()


def address_title(panel: ContactDetailPanel) -> str:
    address = panel.findChild(QLabel, "contactAddress")
    title = panel._facts.labelForField(address)
    assert isinstance(title, QLabel)
    return title.text()


def test_the_address_is_titled_with_its_label(
    panel: ContactDetailPanel, ann: int, services: Services
) -> None:
    services.contacts.update(
        ann, ContactFields(first_name="Ann", address="Dock 4, Bristol", address_label="work")
    )
    panel.show_contact(ann)
    assert address_title(panel) == "Work address"
    services.contacts.update(
        ann, ContactFields(first_name="Ann", address="Dock 4", address_label="summer house")
    )
    panel.show_contact(ann)
    assert address_title(panel) == "Summer house address"


def test_leads_and_open_follow_ups(
    panel: ContactDetailPanel, ann: int, services: Services, qtbot: QtBot
) -> None:
    panel.show_contact(ann)
    assert rows_of(panel, "contactLeads") == [] and visible(panel, "contactLeadsEmpty")
    assert "Add lead" in text_of(panel, "contactLeadsEmpty")
    assert visible(panel, "contactFollowUpsEmpty")

    lead = services.pipeline.create_lead(
        LeadFields(
            title="Spring order",
            contact_id=ann,
            value_minor=1_250_000,
            currency="GBP",
            expected_close="2026-03-20",
        )
    ).id
    now = services.clock.now()
    services.followups.create(
        ReminderFields(title="Call back", due_at=now - timedelta(hours=2), contact_id=ann)
    )
    services.followups.create(
        ReminderFields(title="Send samples", due_at=now + timedelta(days=3), lead_id=lead)
    )
    panel.show_contact(ann)
    assert rows_of(panel, "contactLeads") == [
        "Spring order · New · £12,500.00 · closes 20 Mar 2026"
    ]
    assert not visible(panel, "contactLeadsEmpty")
    assert rows_of(panel, "contactFollowUps") == [
        "Overdue · Mon 02 Mar 2026, 07:00 · Call back",
        "Thu 05 Mar 2026, 09:00 · Send samples",
    ]
    items = panel.findChild(QListWidget, "contactLeads")
    assert items is not None
    with qtbot.waitSignal(panel.lead_activated) as activated:
        items.itemActivated.emit(items.item(0))
    assert activated.args == [lead]


def test_add_buttons_and_company_link_ask_the_window(
    panel: ContactDetailPanel, ann: int, services: Services, qtbot: QtBot
) -> None:
    panel.show_contact(ann)
    add = panel.findChild(QPushButton, "contactLeadsAddButton")
    assert add is not None
    with qtbot.waitSignal(panel.add_lead_requested) as asked:
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert asked.args == [ann]
    subtitle = panel.findChild(QLabel, "contactSubtitle")
    assert subtitle is not None
    company_id = services.contacts.get(ann).company_id
    with qtbot.waitSignal(panel.company_activated) as company:
        subtitle.linkActivated.emit(f"company:{company_id}")
    assert company.args == [company_id]


def test_opening_a_contact_is_a_handful_of_queries(panel: ContactDetailPanel, ann: int) -> None:
    with count_queries() as counter:
        panel.show_contact(ann)
    assert counter.count <= 9


def test_follows_changes_on_the_bus(
    panel: ContactDetailPanel, ann: int, services: Services, bus: ChangeBus, qtbot: QtBot
) -> None:
    panel.show_contact(ann)
    fields = ContactFields(first_name="Ann", last_name="Lee-Smith", do_not_contact=True)
    bus.publish(services.contacts.update(ann, fields))
    qtbot.waitUntil(lambda: text_of(panel, "contactName") == "Ann Lee-Smith")
    assert visible(panel, "doNotContactBanner")

    bus.publish(services.pipeline.create_lead(LeadFields(title="New deal", contact_id=ann)))
    qtbot.waitUntil(lambda: rows_of(panel, "contactLeads") == ["New deal · New"])


def test_a_trashed_contact_can_be_restored_and_that_undone(
    panel: ContactDetailPanel,
    ann: int,
    services: Services,
    bus: ChangeBus,
    stack: QUndoStack,
    qtbot: QtBot,
) -> None:
    panel.show_contact(ann)
    bus.publish(services.contacts.trash([ann]))
    qtbot.waitUntil(lambda: visible(panel, "trashedBanner"))
    edit = panel.findChild(QPushButton, "editContactButton")
    assert edit is not None and not edit.isEnabled()
    restore = panel.findChild(QPushButton, "restoreButton")
    assert restore is not None
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert services.contacts.get(ann).deleted_at is None
    qtbot.waitUntil(lambda: not visible(panel, "trashedBanner"))
    assert edit.isEnabled()
    stack.undo()
    assert services.contacts.get(ann).deleted_at is not None
    qtbot.waitUntil(lambda: visible(panel, "trashedBanner"))


def test_emptied_trash_clears_the_panel(
    panel: ContactDetailPanel, ann: int, services: Services, bus: ChangeBus, qtbot: QtBot
) -> None:
    panel.show_contact(ann)
    services.contacts.trash([ann])
    with qtbot.waitSignal(panel.contact_changed) as changed:
        bus.publish(services.contacts.empty_trash())
    assert changed.args == [None]
    assert visible(panel, "contactDetailEmpty")


def test_edit_opens_the_editor_and_the_panel_shows_the_result(
    panel: ContactDetailPanel, ann: int, qtbot: QtBot, stack: QUndoStack
) -> None:
    panel.show_contact(ann)
    editor = panel.edit()
    assert isinstance(editor, ContactEditor) and editor.isVisible()
    editor.form.last_name.clear()
    qtbot.keyClicks(editor.form.last_name, "Lee-Smith")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text_of(panel, "contactName") == "Ann Lee-Smith")
    stack.undo()
    qtbot.waitUntil(lambda: text_of(panel, "contactName") == "Ann Lee")


def test_f2_is_the_edit_shortcut(panel: ContactDetailPanel, ann: int) -> None:
    panel.show_contact(ann)
    edit = panel.findChild(QPushButton, "editContactButton")
    assert edit is not None and edit.shortcut().toString() == "F2"


def test_new_contact_that_exists_opens_the_existing_one(
    panel: ContactDetailPanel, ann: int, qtbot: QtBot
) -> None:
    editor = panel.new_contact()
    qtbot.keyClicks(editor.form.emails.edits()[0], "ann@acme.example")
    qtbot.waitUntil(editor.open_existing_button.isVisible)
    with qtbot.waitSignal(panel.contact_changed) as changed:
        qtbot.mouseClick(editor.open_existing_button, Qt.MouseButton.LeftButton)
    assert changed.args == [ann]
    assert text_of(panel, "contactName") == "Ann Lee"
