"""The Reminders page driven as a user would: what the rows say (local times, overdue in red),
filters, header sorts, pages beyond the first, Space and the context menu with undo (one step
for many rows), the page following a tick in the pane on the same bus, keeping its place, its
timer turning a row overdue, and waiting while hidden."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QUndoStack
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import theme
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.reminders import page as page_module
from crm_desktop.ui.reminders.editor import FollowUpEditor
from crm_desktop.ui.reminders.page import RemindersPage
from crm_desktop.ui.reminders.page_model import (
    ABOUT,
    ASSIGNEE,
    COMPLETED,
    DUE,
    LATE,
    REPEATS,
    STATUS,
    TITLE,
)
from crm_desktop.ui.reminders.pane import RemindersPane

H = timedelta(hours=1)
D = timedelta(days=1)
RED = QColor(LATE[0])


def report(what: str, exc: BaseException) -> None:
    raise AssertionError(f"reported: {what}: {exc}")


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def stack() -> Iterator[QUndoStack]:
    undo = QUndoStack()
    yield undo
    undo.clear()


def remind(services: Services, title: str, due: timedelta, **extra: object) -> int:
    fields = ReminderFields(title=title, due_at=services.clock.now() + due, **extra)  # type: ignore[arg-type]
    return services.followups.create(fields).id


@pytest.fixture
def varied(services: Services, clock: FixedClock) -> dict[str, int]:
    """Monday 2 March 2026, 09:00 UTC: overdue, snoozed, today, tomorrow, later; done, cancelled."""
    ann = services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id
    bo = services.contacts.create(ContactFields(first_name="Bo", last_name="Chen")).id
    deal = services.pipeline.create_lead(LeadFields(title="20 chairs", contact_id=ann)).id
    priya = staff.create(clock, "Priya Nair")
    ids = {
        "ann": ann, "deal": deal, "priya": priya,
        "quote": remind(services, "Send quote", -2 * D, contact_id=ann, lead_id=deal,
                        note="They asked for oak"),
        "invoice": remind(services, "Invoice", -D, contact_id=bo),
        "call": remind(services, "Call Bo", 3 * H, contact_id=bo, assignee_id=priya),
        "review": remind(services, "Weekly review", D, recur_every=1, recur_unit="weeks"),
        "renewal": remind(services, "Renewal talk", 40 * D),
        "card": remind(services, "Thank-you card", -5 * D),
        "idea": remind(services, "Old idea", -3 * D),
    }  # fmt: skip
    services.followups.snooze(ids["invoice"], clock.now() + 2 * H)
    services.followups.complete(ids["card"])
    services.followups.cancel(ids["idea"])
    return ids


def make_page(qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack) -> RemindersPage:
    page = RemindersPage(services, bus, stack, report)
    qtbot.addWidget(page)
    page.resize(1200, 500)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    settle(qtbot, page)
    return page


def settle(qtbot: QtBot, page: RemindersPage) -> None:
    """Let a published change reach the page, its re-read happen and its count arrive."""
    qtbot.waitUntil(lambda: not page._pending.isActive())
    page.model.wait_for_count()
    qtbot.waitUntil(lambda: not page.model.counting)


def column(page: RemindersPage, col: int) -> list[str]:
    model = page.model
    return [model.index(row, col).data() for row in range(model.rowCount())]


def select(page: RemindersPage, rows: list[int]) -> None:
    chooser = page.table.selectionModel()
    chooser.clearSelection()
    flags = QItemSelectionModel.SelectionFlag
    for row in rows:
        chooser.select(page.model.index(row, 0), flags.Select | flags.Rows)
    chooser.setCurrentIndex(page.model.index(rows[0], 0), flags.NoUpdate)


def menu_action(menu: QMenu, name: str) -> QAction:
    found = menu.findChild(QAction, name)
    assert found is not None, name
    return found


def test_rows_say_what_and_when_in_local_time(
    qtbot: QtBot, qtmodeltester: ModelTester, services: Services, bus: ChangeBus,
    stack: QUndoStack, varied: dict[str, int],
) -> None:  # fmt: skip
    page = make_page(qtbot, services, bus, stack)
    assert page.objectName() == "remindersPage"
    qtmodeltester.check(page.model)
    assert [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Title", "Contact / lead", "Due", "Assignee", "Repeats", "Status", "Completed",
    ]  # fmt: skip
    assert column(page, TITLE) == ["Send quote", "Invoice", "Call Bo", "Weekly review",
                                   "Renewal talk"]  # fmt: skip
    assert column(page, ABOUT) == ["Ann Lee · 20 chairs", "Bo Chen", "Bo Chen", "", ""]
    assert column(page, DUE) == [
        "Sat 28 Feb, 09:00", "Today, 11:00 (snoozed)", "Today, 12:00", "Tomorrow, 09:00",
        "Sat 11 Apr, 09:00",
    ]  # fmt: skip
    assert column(page, ASSIGNEE) == ["Me", "Me", "Priya Nair", "Me", "Me"]
    assert column(page, REPEATS) == ["", "", "", "Every week", ""]
    assert column(page, STATUS) == ["Overdue", "Snoozed", "Open", "Open", "Open"]
    assert page.filters.count.text() == "5 open follow-ups"
    tip = page.model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Due Sat 28 Feb, 09:00" in tip and "Overdue" in tip and "They asked for oak" in tip


def test_overdue_is_red_in_light_and_dark(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    model = page.model
    assert model.index(0, DUE).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert model.index(0, STATUS).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert model.index(0, TITLE).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, DUE).data(Qt.ItemDataRole.ForegroundRole) is None  # snoozed
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, dark=True)
    try:
        assert model.index(0, DUE).data(Qt.ItemDataRole.ForegroundRole) == QColor(LATE[1])
    finally:
        theme.apply(app, dark=False)


def test_filters(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    bar = page.filters
    bar.set_status("done")
    settle(qtbot, page)
    assert column(page, TITLE) == ["Thank-you card"]
    assert column(page, COMPLETED) == ["Today, 09:00"]
    assert bar.count.text() == "1 done follow-up"
    bar.set_status("cancelled")
    assert column(page, TITLE) == ["Old idea"]
    bar.set_status(None)
    settle(qtbot, page)
    assert len(column(page, TITLE)) == 7 and bar.count.text() == "7 follow-ups"
    bar.set_status("open")
    qtbot.mouseClick(bar.mine_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert "Call Bo" not in column(page, TITLE) and len(column(page, TITLE)) == 4
    qtbot.mouseClick(bar.everyone_button, Qt.MouseButton.LeftButton)
    bar.set_due("today")
    settle(qtbot, page)
    assert column(page, TITLE) == ["Invoice", "Call Bo"]
    bar.set_due(None)
    qtbot.keyClicks(bar.text, "oak")  # as typed: applied after a pause
    qtbot.waitUntil(lambda: column(page, TITLE) == ["Send quote"])
    bar.set_text("nothing like this")
    settle(qtbot, page)
    assert page.model.rowCount() == 0
    assert page._stack.currentWidget() is page.empty
    assert page.empty.text().startswith("No follow-ups match these filters")
    bar.set_text("")
    settle(qtbot, page)
    assert page._stack.currentWidget() is page.table


def test_header_clicks_sort_in_sql(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    header = page.table.horizontalHeader()

    def click(col: int) -> None:
        qtbot.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(header.sectionViewportPosition(col) + 10, header.height() // 2),
        )
        settle(qtbot, page)

    click(TITLE)
    assert page.model.query.sort == "title" and not page.model.query.descending
    assert column(page, TITLE) == ["Call Bo", "Invoice", "Renewal talk", "Send quote",
                                   "Weekly review"]  # fmt: skip
    click(TITLE)
    assert page.model.query.descending and column(page, TITLE)[0] == "Weekly review"
    click(ASSIGNEE)
    assert column(page, ASSIGNEE) == ["Me", "Me", "Me", "Me", "Priya Nair"]
    click(ABOUT)  # does not sort: the arrow stays on the order in use
    assert page.model.query.sort == "assignee"
    assert header.sortIndicatorSection() == ASSIGNEE
    page.filters.set_status(None)
    click(COMPLETED)  # the latest first at the first click
    assert page.model.query.descending
    assert column(page, TITLE)[:2] == ["Old idea", "Thank-you card"]  # a tie: the later id
    click(DUE)
    assert column(page, TITLE)[0] == "Thank-you card"  # due 25 February


def test_pages_beyond_the_first(
    qtbot: QtBot, qtmodeltester: ModelTester, services: Services, bus: ChangeBus,
    stack: QUndoStack,
) -> None:  # fmt: skip
    for n in range(250):
        remind(services, f"Task {n:03}", n * H)
    page = make_page(qtbot, services, bus, stack)
    assert page.model.rowCount() == 250
    qtmodeltester.check(page.model)
    page.table.scrollToBottom()
    page.table.viewport().repaint()
    assert page.model.index(249, TITLE).data() == "Task 249"
    assert page.model.index(150, TITLE).data() == "Task 150"
    page.table.sortByColumn(TITLE, Qt.SortOrder.DescendingOrder)
    settle(qtbot, page)
    assert page.model.index(249, TITLE).data() == "Task 000"


def test_space_completes_and_undo_brings_it_back(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    select(page, [3])  # the weekly review, recurring
    page.table.setFocus()
    with qtbot.waitSignal(page.refreshed):
        qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert services.followups.get(varied["review"]).status == "done"
    assert column(page, TITLE) == ["Send quote", "Invoice", "Call Bo", "Weekly review",
                                   "Renewal talk"]  # fmt: skip
    following = page.model.row_id(3)  # the next one, a week on, in the row it left
    assert following != varied["review"] and page.table.currentIndex().row() == 3
    assert stack.undoText() == "Complete “Weekly review”"
    with qtbot.waitSignal(page.refreshed):
        stack.undo()
    assert page.model.row_id(3) == varied["review"] and len(column(page, TITLE)) == 5
    assert services.followups.get(varied["review"]).status == "open"
    assert services.followups.get(following).status == "cancelled"


def test_many_rows_complete_in_one_undo_step(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    select(page, [0, 1, 2])
    with qtbot.waitSignal(page.refreshed):
        menu_action(page.row_menu(), "reminderDone").trigger()
    assert column(page, TITLE) == ["Weekly review", "Renewal talk"]
    assert stack.count() == 1 and stack.undoText() == "Complete 3 follow-ups"
    with qtbot.waitSignal(page.refreshed):
        stack.undo()
    assert len(column(page, TITLE)) == 5
    select(page, [0, 1])
    with qtbot.waitSignal(page.refreshed):
        menu_action(page.row_menu(), "reminderCancel").trigger()
    assert services.followups.get(varied["quote"]).status == "cancelled"
    assert stack.undoText() == "Cancel 2 follow-ups"
    page.filters.set_status("cancelled")
    settle(qtbot, page)
    select(page, list(range(page.model.rowCount())))
    with qtbot.waitSignal(page.refreshed):
        menu_action(page.row_menu(), "reminderReopen").trigger()
    assert page.model.rowCount() == 0
    assert services.followups.get(varied["idea"]).status == "open"
    with qtbot.waitSignal(page.refreshed):
        stack.undo()  # closed again as they were
    assert sorted(column(page, TITLE)) == ["Invoice", "Old idea", "Send quote"]


def test_a_tick_in_the_pane_reaches_the_page(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    pane = RemindersPane(services, bus, stack, report)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(page.refreshed):
        pane.complete(varied["call"])
    assert "Call Bo" not in column(page, TITLE)
    page.filters.set_status("done")
    settle(qtbot, page)
    assert column(page, TITLE) == ["Thank-you card", "Call Bo"]


def test_a_write_elsewhere_keeps_the_place(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack
) -> None:
    ids = [remind(services, f"Task {n:03}", n * H) for n in range(300)]
    page = make_page(qtbot, services, bus, stack)
    page.table.scrollTo(page.model.index(200, 0))
    select(page, [200, 201])
    scroll = page.table.verticalScrollBar().value()
    fields = ReminderFields(title="Task 150 renamed", due_at=services.clock.now() + 150 * H)
    with qtbot.waitSignal(page.refreshed):
        bus.publish(services.followups.edit(ids[150], fields))
    assert page.table.verticalScrollBar().value() == scroll
    assert sorted(i.row() for i in page.table.selectionModel().selectedRows()) == [200, 201]
    assert page.model.index(150, TITLE).data() == "Task 150 renamed"


def test_the_context_menu_for_one_row(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services, clock: FixedClock,
    bus: ChangeBus, stack: QUndoStack, varied: dict[str, int],
) -> None:  # fmt: skip
    page = make_page(qtbot, services, bus, stack)
    select(page, [0])
    menu = page.row_menu()
    names = {a.objectName() for a in menu.findChildren(QAction) if a.objectName()}
    assert {"reminderDone", "reminderEdit", "reminderCancel", "reminderOpenContact",
            "reminderOpenLead", "snooze_1h"} <= names  # fmt: skip
    assert "reminderReopen" not in names
    with qtbot.waitSignal(page.open_contact) as opened:
        menu_action(menu, "reminderOpenContact").trigger()
    assert opened.args == [varied["ann"]]
    with qtbot.waitSignal(page.open_lead) as opened:
        menu_action(menu, "reminderOpenLead").trigger()
    assert opened.args == [varied["deal"]]
    with qtbot.waitSignal(page.refreshed):
        menu_action(menu, "snooze_1h").trigger()
    assert services.followups.get(varied["quote"]).remind_at == clock.now() + H
    assert column(page, DUE)[0] == "Today, 10:00 (snoozed)"
    edited: list[int] = []
    monkeypatch.setattr(page_module, "open_follow_up_editor", lambda *a, **k: edited.append(k))
    menu_action(page.row_menu(), "reminderEdit").trigger()
    assert edited and "reminder_id" in edited[0]


def test_enter_and_double_click_edit(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    select(page, [2])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = page.findChild(FollowUpEditor)
    assert editor is not None and editor.form.title.text() == "Call Bo"
    editor.reject()
    qtbot.waitUntil(lambda: page.findChild(FollowUpEditor) is None)
    rect = page.table.visualRect(page.model.index(0, TITLE))
    viewport = page.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # QTest's double
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # has no press
    editor = page.findChild(FollowUpEditor)
    assert editor is not None and editor.form.title.text() == "Send quote"
    editor.reject()


def test_a_row_turns_overdue_by_the_timer(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack,
    varied: dict[str, int],
) -> None:  # fmt: skip
    page = make_page(qtbot, services, bus, stack)
    assert page.next_refresh_at == clock.now() + 2 * H  # the snoozed invoice fires then
    assert column(page, STATUS)[1] == "Snoozed"
    clock.advance(2 * H)
    with qtbot.waitSignal(page.refreshed):
        page.tick()
    assert column(page, STATUS)[:2] == ["Overdue", "Overdue"]
    assert page.model.index(1, DUE).data(Qt.ItemDataRole.ForegroundRole) == RED
    assert page.next_refresh_at == clock.now() + H  # then the call
    assert page.timer.isActive()


def test_a_hidden_page_reads_when_shown(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, varied: dict[str, int]
) -> None:
    page = make_page(qtbot, services, bus, stack)
    page.hide()
    bus.publish(services.followups.complete(varied["quote"]))
    assert not page._pending.isActive() and page._stale
    assert column(page, TITLE)[0] == "Send quote"  # not read yet
    with qtbot.waitSignal(page.refreshed):
        page.show()
    assert column(page, TITLE)[0] == "Invoice"


def test_too_many_rows_for_one_action_say_so(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services, bus: ChangeBus,
    stack: QUndoStack, varied: dict[str, int],
) -> None:  # fmt: skip
    told: list[str] = []
    page = RemindersPage(services, bus, stack, lambda what, exc: told.append(str(exc)))
    qtbot.addWidget(page)
    monkeypatch.setattr(page_module, "BULK_LIMIT", 2)
    select(page, [0, 1, 2])
    page.complete_selected()
    assert told and "3 follow-ups are selected" in told[0]
    assert services.followups.get(varied["quote"]).status == "open"
