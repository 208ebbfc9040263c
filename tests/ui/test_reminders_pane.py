"""The reminders pane driven as a user would: sections with counts, ticking, snoozing,
cancelling (each undone), opening the contact or lead, mine or everyone, "Show more", and the
pane moving reminders between sections as the (fixed) clock advances, by its own timer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMenu, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.reminder_pane import FIRST_ROWS
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.reminders import snooze as snooze_module
from crm_desktop.ui.reminders.pane import RemindersPane
from crm_desktop.ui.reminders.pane_delegate import Layout
from crm_desktop.ui.reminders.pane_model import (
    ABOUT_ROLE,
    COUNT_ROLE,
    LATE_ROLE,
    META_ROLE,
    WHEN_ROLE,
    PaneModel,
)

H = timedelta(hours=1)
D = timedelta(days=1)
MIDNIGHT = datetime(2026, 3, 3, tzinfo=UTC)  # the clock starts on Monday 2 March, 09:00


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


def remind(services: Services, title: str, due: datetime, **extra: object) -> int:
    return services.followups.create(ReminderFields(title=title, due_at=due, **extra)).id  # type: ignore[arg-type]


def make_pane(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, **kw: object
) -> RemindersPane:
    pane = RemindersPane(services, bus, stack, report, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    pane.resize(360, 900)
    pane.show()
    qtbot.waitExposed(pane)
    qtbot.waitUntil(lambda: not pane._cadence_pending.isActive())
    return pane


def settle(qtbot: QtBot, pane: RemindersPane) -> None:
    """Let a published change reach the pane and its (coalesced) read happen."""
    qtbot.waitUntil(lambda: not pane._pending.isActive() and not pane._cadence_pending.isActive())


def layout_of(pane: RemindersPane, row: int) -> Layout:
    option = QStyleOptionViewItem()
    index = pane.model.index(row)
    option.rect = pane.view.visualRect(index)
    option.font = pane.view.font()
    return pane.delegate.layout(option, index, menu_shown=True)


def click(qtbot: QtBot, pane: RemindersPane, at: QPoint) -> None:
    qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=at)


def menu_action(menu: QMenu, name: str) -> QAction:
    found = menu.findChild(QAction, name)
    assert found is not None, name
    return found


@pytest.fixture
def ann(services: Services) -> int:
    return services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id


def test_sections_with_counts_and_rows(
    qtbot: QtBot, qtmodeltester: ModelTester, services: Services, clock: FixedClock,
    bus: ChangeBus, stack: QUndoStack, ann: int,
) -> None:  # fmt: skip
    deal = services.pipeline.create_lead(LeadFields(title="20 chairs", contact_id=ann)).id
    remind(services, "quote", clock.now() - 2 * D, contact_id=ann, lead_id=deal)
    remind(services, "review", clock.now() + 3 * H, recur_every=1, recur_unit="weeks")
    remind(services, "lunch", clock.now() + 2 * D + 3 * H)
    remind(services, "renewal", clock.now() + 40 * D)
    pane = make_pane(qtbot, services, bus, stack)
    model = pane.model
    qtmodeltester.check(model)
    assert model.titles() == {
        "overdue": ["quote"],
        "today": ["review"],
        "upcoming": ["lunch"],
        "later": ["renewal"],
    }
    headers = [model.index(model.header_row(k)) for k in ("overdue", "today", "upcoming", "later")]
    assert [(h.data(), h.data(COUNT_ROLE)) for h in headers] == [
        ("Overdue", 1), ("Today", 1), ("Next 7 days", 1), ("Later", 1),
    ]  # fmt: skip
    assert not model.flags(headers[0]) & Qt.ItemFlag.ItemIsSelectable
    quote = model.index(model.row_of(model.shown("overdue")[0].id))
    assert quote.data(ABOUT_ROLE) == ("Ann Lee", "20 chairs")
    assert (quote.data(WHEN_ROLE), quote.data(LATE_ROLE)) == ("Sat 09:00", True)
    assert quote.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    review = model.index(model.row_of(model.shown("today")[0].id))
    assert (review.data(WHEN_ROLE), review.data(META_ROLE)) == ("12:00", "Me · ↻ every week")
    assert model.index(model.row_of(model.shown("later")[0].id)).data(WHEN_ROLE) == "11 Apr"
    assert "Due Sat 28 Feb 2026, 09:00" in quote.data(Qt.ItemDataRole.ToolTipRole)


def test_ticking_completes_and_undo_brings_it_back(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack
) -> None:
    rid = remind(services, "weekly call", clock.now() - H, recur_every=1, recur_unit="weeks")
    pane = make_pane(qtbot, services, bus, stack)
    row = pane.model.row_of(rid)
    with qtbot.waitSignal(pane.refreshed):
        click(qtbot, pane, layout_of(pane, row).check.center())
    assert services.followups.get(rid).status == "done"
    assert pane.model.titles()["overdue"] == []
    assert pane.model.titles()["upcoming"] == ["weekly call"]  # the next one, a week on
    following = pane.model.shown("upcoming")[0].id
    with qtbot.waitSignal(pane.refreshed):
        stack.undo()
    assert pane.model.titles()["overdue"] == ["weekly call"]
    assert services.followups.get(following).status == "cancelled"
    with qtbot.waitSignal(pane.refreshed):
        stack.redo()
    assert services.followups.get(rid).status == "done"
    assert len(pane.model.shown("upcoming")) == 1


def test_space_ticks_the_current_row(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack
) -> None:
    rid = remind(services, "call", clock.now() + H)
    pane = make_pane(qtbot, services, bus, stack)
    pane.view.setCurrentIndex(pane.model.index(pane.model.row_of(rid)))
    with qtbot.waitSignal(pane.refreshed):
        qtbot.keyClick(pane.view, Qt.Key.Key_Space)
        pane.complete(rid)  # ticked twice before the pane was read again: no "already done"
    assert services.followups.get(rid).status == "done"


def test_snooze_from_the_row_menu_and_undo(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack
) -> None:
    rid = remind(services, "call", clock.now() - 2 * H)
    pane = make_pane(qtbot, services, bus, stack)
    menu = pane.row_menu(rid)
    with qtbot.waitSignal(pane.refreshed):
        menu_action(menu, "snooze_1h").trigger()
    assert pane.model.titles()["today"] == ["call"]
    assert pane.model.index(pane.model.row_of(rid)).data(META_ROLE) == "Me · snoozed"
    assert services.followups.get(rid).remind_at == clock.now() + H
    with qtbot.waitSignal(pane.refreshed):
        menu_action(pane.row_menu(rid), "snooze_tomorrow").trigger()
    assert pane.model.titles()["upcoming"] == ["call"]
    with qtbot.waitSignal(pane.refreshed):
        stack.undo()
    with qtbot.waitSignal(pane.refreshed):
        stack.undo()
    assert pane.model.titles()["overdue"] == ["call"]
    assert services.followups.get(rid).remind_at == clock.now() - 2 * H


def test_pick_a_time(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, services: Services, clock: FixedClock,
    bus: ChangeBus, stack: QUndoStack,
) -> None:  # fmt: skip
    rid = remind(services, "call", clock.now() - 2 * H)
    pane = make_pane(qtbot, services, bus, stack)
    chosen = clock.now() + 30 * D
    monkeypatch.setattr(snooze_module.SnoozePicker, "ask", classmethod(lambda cls, *a: chosen))
    with qtbot.waitSignal(pane.refreshed):
        menu_action(pane.row_menu(rid), "snooze_pick").trigger()
    assert pane.model.titles()["later"] == ["call"]
    picker = snooze_module.SnoozePicker(clock.now(), clock.local_tz)
    qtbot.addWidget(picker)
    assert picker.value() == clock.now() + H  # the next whole hour
    picker.edit.setDateTime(picker.edit.minimumDateTime())
    assert picker.value() == clock.now() + timedelta(minutes=1)


def test_cancel_with_delete_and_undo(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack
) -> None:
    rid = remind(services, "call", clock.now() + H)
    pane = make_pane(qtbot, services, bus, stack)
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(pane.model.row_of(rid)))
    with qtbot.waitSignal(pane.refreshed):
        qtbot.keyClick(pane.view, Qt.Key.Key_Delete)
    assert services.followups.get(rid).status == "cancelled"
    assert pane.empty.isVisible()
    assert pane.empty.text() == "No open follow-ups of yours yet.\nPress Ctrl+R to add one."
    with qtbot.waitSignal(pane.refreshed):
        stack.undo()
    assert pane.model.titles()["today"] == ["call"] and pane.view.isVisible()
    assert stack.undoText() == "" and stack.redoText() == "Cancel “call”"


def test_open_the_contact_or_lead(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack,
    ann: int,
) -> None:  # fmt: skip
    deal = services.pipeline.create_lead(LeadFields(title="Chairs", contact_id=ann)).id
    rid = remind(services, "quote", clock.now() + H, contact_id=ann, lead_id=deal)
    pane = make_pane(qtbot, services, bus, stack)
    row = pane.model.row_of(rid)
    menu = pane.row_menu(rid)
    assert menu_action(menu, "reminderOpenContact").text() == "Open Ann Lee"
    with qtbot.waitSignal(pane.open_contact) as opened:
        menu_action(menu, "reminderOpenContact").trigger()
    assert opened.args == [ann]
    with qtbot.waitSignal(pane.open_lead) as opened:
        menu_action(menu, "reminderOpenLead").trigger()
    assert opened.args == [deal]
    parts = layout_of(pane, row)
    with qtbot.waitSignal(pane.open_contact) as opened:
        click(qtbot, pane, parts.contact.center())
    assert opened.args == [ann]
    with qtbot.waitSignal(pane.open_lead) as opened:
        click(qtbot, pane, parts.lead.center())
    assert opened.args == [deal]


def test_mine_or_everyone(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack
) -> None:
    bea = staff.create(clock, "Bea")
    remind(services, "mine", clock.now() + H)
    remind(services, "hers", clock.now() + 2 * H, assignee_id=bea)
    pane = make_pane(qtbot, services, bus, stack)
    assert pane.mine and pane.model.titles()["today"] == ["mine"]
    with qtbot.waitSignal(pane.refreshed):
        qtbot.mouseClick(pane.everyone_button, Qt.MouseButton.LeftButton)
    assert pane.model.titles()["today"] == ["mine", "hers"]
    hers = pane.model.index(pane.model.row_of(pane.model.shown("today")[1].id))
    assert hers.data(META_ROLE) == "Bea"
    with qtbot.waitSignal(pane.refreshed):
        pane.set_mine(True)
    assert pane.model.titles()["today"] == ["mine"]


def test_show_more_reads_the_next_rows_and_keeps_them(
    qtbot: QtBot, qtmodeltester: ModelTester, services: Services, clock: FixedClock,
    bus: ChangeBus, stack: QUndoStack,
) -> None:  # fmt: skip
    for n in range(FIRST_ROWS + 5):
        remind(services, f"later {n:02}", clock.now() + (10 + n) * D)
    pane = make_pane(qtbot, services, bus, stack)
    model = pane.model
    more = model.more_row("later")
    assert model.index(more).data() == "Show more (5 not shown)"
    assert len(model.shown("later")) == FIRST_ROWS
    pane.view.setCurrentIndex(model.index(more))
    qtbot.keyClick(pane.view, Qt.Key.Key_Return)
    assert len(model.shown("later")) == FIRST_ROWS + 5 and model.more_row("later") == -1
    qtmodeltester.check(model)
    with qtbot.waitSignal(pane.refreshed):
        bus.publish(services.followups.create(ReminderFields("new", clock.now() + 50 * D)))
    assert len(model.shown("later")) == FIRST_ROWS + 5  # how far it went is kept
    assert model.index(model.more_row("later")).data() == "Show more (1 not shown)"


def test_a_change_elsewhere_refreshes_and_keeps_the_current_row(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack,
    ann: int,
) -> None:  # fmt: skip
    rid = remind(services, "b", clock.now() + 2 * H, contact_id=ann)
    pane = make_pane(qtbot, services, bus, stack)
    pane.view.setCurrentIndex(pane.model.index(pane.model.row_of(rid)))
    with qtbot.waitSignal(pane.refreshed):
        bus.publish(services.followups.create(ReminderFields("a", clock.now() + H)))
        bus.publish(Change("lead", "moved", (1,)))  # two changes, one read
    assert pane.model.titles()["today"] == ["a", "b"]
    assert pane.current_reminder() == rid
    with qtbot.waitSignal(pane.refreshed):
        bus.publish(
            services.contacts.update(ann, ContactFields(first_name="Anna", last_name="Lee"))
        )
    assert pane.model.index(pane.model.row_of(rid)).data(ABOUT_ROLE) == ("Anna Lee", "")


def test_sections_move_as_time_passes(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack
) -> None:
    remind(services, "at noon", clock.now() + 3 * H)
    remind(services, "tomorrow", clock.now() + D)
    remind(services, "in eight days", MIDNIGHT + 7 * D + H)
    pane = make_pane(qtbot, services, bus, stack)
    assert pane.next_refresh_at == clock.now() + 3 * H
    assert 0 < pane.timer.remainingTime() <= RemindersPane.MAX_WAIT_MS  # armed, capped
    clock.advance(H)  # not there yet: the timer only re-arms
    with qtbot.assertNotEmitted(pane.refreshed):
        pane.tick()
    assert pane.timer.isActive()
    clock.set(pane.next_refresh_at)
    with qtbot.waitSignal(pane.refreshed):
        pane.timer.start(1)  # the pane's own timer, fired now instead of in three hours
    assert pane.model.titles()["overdue"] == ["at noon"]
    assert pane.next_refresh_at == MIDNIGHT
    clock.set(MIDNIGHT)
    with qtbot.waitSignal(pane.refreshed):
        pane.timer.start(1)
    assert pane.model.titles() == {
        "overdue": ["at noon"],
        "today": ["tomorrow"],
        "upcoming": ["in eight days"],
        "later": [],
    }
    assert pane.next_refresh_at == clock.now() + 9 * H  # tomorrow's, at 09:00


def test_a_lapsed_cadence_surfaces_by_itself(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack,
    ann: int,
) -> None:  # fmt: skip
    bob = services.contacts.create(ContactFields(first_name="Bob", stay_in_touch_days=14)).id
    services.interactions.log(
        bob, InteractionFields(kind="call", subject="hi", occurred_at=clock.now() - 14 * D + 2 * H)
    )
    services.contacts.update(
        ann, ContactFields(first_name="Ann", last_name="Lee", stay_in_touch_days=7)
    )
    published: list[Change] = []
    bus.changed.connect(published.append)
    pane = make_pane(qtbot, services, bus, stack)
    settle(qtbot, pane)
    assert pane.model.titles()["overdue"] == ["Stay in touch with Ann Lee"]  # never contacted
    assert [c.action for c in published] == ["created"]
    assert pane.next_refresh_at == clock.now() + 2 * H  # when Bob's cadence lapses
    clock.set(pane.next_refresh_at)
    pane.timer.start(1)
    qtbot.waitUntil(lambda: len(pane.model.shown("overdue")) == 2)
    assert pane.model.titles()["overdue"] == [
        "Stay in touch with Ann Lee",
        "Stay in touch with Bob",
    ]
    again = len(published)
    pane.check_cadences()  # no duplicates
    assert len(published) == again
    ann_row = pane.model.shown("overdue")[0]
    with qtbot.waitSignal(pane.refreshed):
        pane.complete(ann_row.id)
    settle(qtbot, pane)
    assert pane.model.titles()["overdue"] == ["Stay in touch with Bob"]
    with qtbot.waitSignal(pane.refreshed):
        bus.publish(services.interactions.log(bob, InteractionFields(kind="call", subject="hi")))
    settle(qtbot, pane)
    assert pane.model.titles()["overdue"] == ["Stay in touch with Bob"]  # still to tick off
    assert pane.next_refresh_at == MIDNIGHT


def test_model_in_place_and_reset(
    qtmodeltester: ModelTester, services: Services, clock: FixedClock
) -> None:
    from crm_desktop.domain.reminder_pane import ReminderPane

    reader = ReminderPane(clock, services.actor_id)
    model = PaneModel(clock.local_tz)
    model.set_view(reader.read(mine=False))
    qtmodeltester.check(model)
    assert model.rowCount() == 4  # the four headers
    remind(services, "x", clock.now() + H)
    model.set_view(reader.read(mine=False))
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert not model.setData(model.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(QModelIndex(), 1)
