"""The contact list as a user drives it: pages beyond the first, sorting by header clicks,
filtering as you type, bulk tag/owner/trash with undo, the trash and its restore."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from crm_desktop.domain import demo, staff
from crm_desktop.domain.contact_list import ContactList
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import paged_model
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.contacts.list_panel import ContactListPanel


@pytest.fixture
def panel(services: Services, qtbot: QtBot) -> Iterator[ContactListPanel]:
    demo.generate(450, seed=3, clock=services.clock)
    widget = ContactListPanel(services, ChangeBus(), QUndoStack(), ErrorReporter(None, "/tmp"))
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    widget.model.wait_for_count()
    qtbot.waitUntil(lambda: not widget.model.counting)
    yield widget
    widget.model.wait_for_count()


def services_list(services: Services) -> ContactList:
    return ContactList(services.clock)


def names(panel: ContactListPanel) -> list[str]:
    model = panel.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def select(panel: ContactListPanel, rows: list[int]) -> None:
    selection = panel.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            panel.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_the_model_passes_qt_checks_and_reads_every_page(
    panel: ContactListPanel, qtmodeltester: object
) -> None:
    model = panel.model
    assert model.rowCount() == 450  # the count arrived from the worker
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    keys = [model.list_row(r).key for r in range(model.rowCount())]
    assert keys == sorted(keys)
    assert len({model.row_id(r) for r in range(450)}) == 450


def test_jumping_to_the_end_and_to_the_middle(
    services: Services, panel: ContactListPanel, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = panel.model
    ordered = [r.id for r in services_list(services).page(model.query, None, 1000)]
    monkeypatch.setattr(paged_model, "EDGE_PAGES", 1)  # so that 450 rows have a middle
    model.refresh()
    assert model.counting and model.rowCount() == 100  # the first page, at once
    qtbot.waitUntil(lambda: not model.counting)  # the count arrives through the event loop
    panel.table.scrollToBottom()
    assert model.row_id(449) == ordered[449]
    assert model.row_id(230) == ordered[230]  # a far jump, no neighbour page cached
    monkeypatch.setattr(paged_model, "CACHE_PAGES", 2)
    assert [model.row_id(r) for r in range(0, 450, 37)] == ordered[::37]


def test_header_click_sorts_in_sql(panel: ContactListPanel, qtbot: QtBot) -> None:
    header = panel.table.horizontalHeader()
    email_x = header.sectionViewportPosition(3) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(email_x, 5))
    emails = [panel.model.list_row(r).email.lower() for r in range(panel.model.rowCount())]
    assert panel.model.query.sort == "email"
    assert emails == sorted(emails) or emails == sorted(emails, reverse=True)


def test_filtering_as_you_type(panel: ContactListPanel, qtbot: QtBot) -> None:
    first = panel.model.list_row(0).display_name
    qtbot.keyClicks(panel.filters.text, first.split()[0])
    qtbot.waitUntil(lambda: panel.model.query.text == first.split()[0], timeout=2000)
    panel.model.wait_for_count()
    qtbot.waitUntil(lambda: not panel.model.counting)
    assert 0 < panel.model.rowCount() < 450
    assert first in names(panel)
    panel.filters.text.clear()
    qtbot.keyClicks(panel.filters.text, "zzzzqqq")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=2000)
    assert panel.empty.isVisible()
    assert "No contacts match" in panel.empty.text()


def test_bulk_tag_owner_trash_and_undo(
    services: Services, panel: ContactListPanel, qtbot: QtBot
) -> None:
    select(panel, [0, 1, 2])
    chosen = [panel.model.row_id(r) for r in range(3)]
    panel.add_tag("Gala 2027")
    assert all("Gala 2027" in services.contacts.get(c).tags for c in chosen)
    panel.undo.undo()
    assert not any("Gala 2027" in services.contacts.get(c).tags for c in chosen)
    panel.undo.redo()
    assert all("Gala 2027" in services.contacts.get(c).tags for c in chosen)

    boss = staff.create(services.clock, "Boss")
    before = {c: services.contacts.get(c).owner_id for c in chosen}
    select(panel, [0, 1, 2])
    panel.assign_owner(boss)
    assert {services.contacts.get(c).owner_id for c in chosen} == {boss}
    panel.undo.undo()
    assert {c: services.contacts.get(c).owner_id for c in chosen} == before

    select(panel, [0, 1])
    gone = [panel.model.row_id(0), panel.model.row_id(1)]
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    panel.model.wait_for_count()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 448)
    assert all(services.contacts.get(c).deleted_at is not None for c in gone)
    panel.undo.undo()
    panel.model.wait_for_count()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 450)
    assert all(services.contacts.get(c).deleted_at is None for c in gone)


def test_the_trash_view_restores(services: Services, panel: ContactListPanel, qtbot: QtBot) -> None:
    lost = services.contacts.create(ContactFields(first_name="Lost", last_name="Sheep")).id
    services.contacts.trash([lost])
    panel.filters.trash.click()
    assert names(panel) == ["Lost Sheep"]
    select(panel, [0])
    panel.restore_selected()
    assert services.contacts.get(lost).deleted_at is None
    assert panel.model.rowCount() == 0
    assert "trash is empty" in panel.empty.text()
