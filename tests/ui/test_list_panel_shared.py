"""What each list says and does its own way on top of ``ui.common.list_panel.ListPanel``: the
count's nouns, the context menu and its shortcuts, what the trash view allows, and emptying
the trash through its own service after its own question."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.changes import Change
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import NotFound
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.list_panel import ListPanel
from crm_desktop.ui.companies.list_panel import CompanyListPanel
from crm_desktop.ui.contacts.list_panel import ContactListPanel


def make(kind: type[ListPanel], services: Services, qtbot: QtBot) -> ListPanel:
    panel = kind(services, ChangeBus(), QUndoStack(), ErrorReporter(None, "/tmp"))
    qtbot.addWidget(panel)
    return panel


def menu(panel: ListPanel) -> list[tuple[str, str]]:
    return [(a.text(), a.shortcut().toString()) for a in panel.table.actions()]


def test_each_list_counts_in_its_own_nouns(services: Services, qtbot: QtBot) -> None:
    services.contacts.create(ContactFields(first_name="Ada", last_name="Byron"))
    services.companies.create(CompanyFields(name="Acme"))
    services.companies.create(CompanyFields(name="Globex"))
    assert make(ContactListPanel, services, qtbot).count_text() == "1 contact"
    assert make(CompanyListPanel, services, qtbot).count_text() == "2 companies"


def test_each_list_has_its_own_menu_and_trash_view(services: Services, qtbot: QtBot) -> None:
    contacts, companies = (
        make(ContactListPanel, services, qtbot),
        make(CompanyListPanel, services, qtbot),
    )
    shared = [
        ("Add tag…", "Ctrl+T"),
        ("Remove tag…", ""),
        ("Assign owner…", ""),
        ("Move to trash", "Del"),
    ]
    assert menu(contacts) == [*shared, ("Restore", "Ctrl+Shift+R"), ("Empty trash…", "")]
    assert menu(companies) == [
        ("Edit company…  (Enter)", ""),
        *shared,
        ("Restore", "Ctrl+Shift+R"),
        ("Empty trash…", ""),
    ]
    living = ("trash_action", "add_tag_action", "remove_tag_action", "owner_action")
    trash = ("restore_action", "empty_trash_action")
    for panel in (contacts, companies):
        assert all(getattr(panel, name).isEnabled() for name in living), panel.objectName()
        assert not any(getattr(panel, name).isEnabled() for name in trash), panel.objectName()
        panel.filters.trash.click()
        assert panel.model.query.trashed
        assert all(getattr(panel, name).isEnabled() for name in trash)
        assert not any(getattr(panel, name).isEnabled() for name in living)
        assert panel.empty.text().startswith("The trash is empty.")


@pytest.mark.parametrize(
    ("kind", "mine", "other", "asks"),
    [
        (ContactListPanel, "contacts", "companies", "with their timelines"),
        (CompanyListPanel, "companies", "contacts", "Their people and leads stay"),
    ],
)
def test_emptying_the_trash_asks_then_empties_only_that_lists_trash(
    services: Services,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    kind: type[ListPanel],
    mine: str,
    other: str,
    asks: str,
) -> None:
    ids = {
        "contacts": services.contacts.create(ContactFields(first_name="Lost")).id,
        "companies": services.companies.create(CompanyFields(name="Gone Ltd")).id,
    }
    services.contacts.trash([ids["contacts"]])
    services.companies.trash([ids["companies"]])
    panel = make(kind, services, qtbot)
    panel.filters.trash.click()
    assert panel.model.rowCount() == 1 and panel.count_text().endswith(" in the trash")
    asked: list[str] = []

    def question(parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.empty_trash_action.trigger()
    assert len(asked) == 1 and asks in asked[0]
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.empty.text().startswith("The trash is empty.")
    with pytest.raises(NotFound):
        getattr(services, mine).get(ids[mine])
    assert getattr(services, other).get(ids[other]).deleted_at is not None  # left alone


@pytest.mark.parametrize("kind", [ContactListPanel, CompanyListPanel])
def test_each_list_offers_a_new_colleague_as_owner(
    services: Services, qtbot: QtBot, kind: type[ListPanel]
) -> None:
    """A colleague added elsewhere appears in the owner filter once the change is published."""
    panel = make(kind, services, qtbot)
    owners = panel.filters.owner

    def names() -> list[str]:
        return [owners.itemText(i) for i in range(owners.count())]

    assert "Kim Park" not in names()
    kim = staff.create(services.clock, "Kim Park")
    panel.bus.publish(Change("staff", "created", (kim,)))
    assert "Kim Park" in names()
