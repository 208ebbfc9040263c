"""The follow-up editor driven as a user would: prefilled with the contact or lead in view,
quick picks, checking as you type, repeat, assignee, saving with undo and redo, editing a
snoozed follow-up (undo puts the snooze back), discarding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.reminders.editor import FollowUpEditor, open_follow_up_editor
from tests.ui import editor_steps as steps
from tests.ui.editor_steps import (  # noqa: F401  (the *_fixture names: fixtures)
    answers_fixture,
    bus_fixture,
    published_fixture,
    report,
    stack_fixture,
)

H = timedelta(hours=1)
D = timedelta(days=1)
TOMORROW_9 = datetime(2026, 3, 3, 9, tzinfo=UTC)  # the clock: Monday 2 March 2026, 09:00 UTC


@pytest.fixture(autouse=True)
def asked(answers: list[str]) -> list[str]:
    """ "Discard changes?" is answered Discard and recorded; any warning or error fails."""
    return answers


@pytest.fixture
def ann(services: Services) -> int:
    return services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id


def editor(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, *args: object, **kw: object
) -> FollowUpEditor:
    return steps.editor_maker(qtbot, services, bus, stack, FollowUpEditor)(*args, **kw)


def test_a_new_follow_up_about_the_contact_in_view(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, ann: int,
    published: list[Change], asked: list[str],
) -> None:  # fmt: skip
    dialog = editor(qtbot, services, bus, stack, contact_id=ann)
    form = dialog.form
    assert dialog.objectName() == "followUpEditor" and dialog.windowTitle() == "New follow-up"
    assert form.about_label.text() == "<b>Ann Lee</b>" and form.about_label.isVisible()
    assert form.due() == TOMORROW_9
    assert form.assignee.currentData() == services.actor_id
    assert not dialog.save_button.isEnabled()  # no title yet, and no complaint yet
    assert not form.problems["title"].isVisible()
    qtbot.keyClicks(form.title, "Send the quote")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(form.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    rid = saved.args[0]
    item = services.followups.get(rid)
    assert (item.title, item.contact_id, item.due_at, item.assignee_id) == (
        "Send the quote", ann, TOMORROW_9, services.actor_id,
    )  # fmt: skip
    assert [(c.entity, c.action) for c in published] == [("reminder", "created")]
    assert stack.undoText() == "Add follow-up “Send the quote”"
    stack.undo()
    assert services.followups.get(rid).status == "cancelled"
    stack.redo()
    assert services.followups.get(rid).status == "open"
    assert asked == []


def test_a_lead_brings_its_contact_and_both_can_be_cleared(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, ann: int
) -> None:
    deal = services.pipeline.create_lead(LeadFields(title="20 chairs", contact_id=ann)).id
    dialog = editor(qtbot, services, bus, stack, lead_id=deal)
    form = dialog.form
    assert form.about_label.text() == "<b>Ann Lee</b> · lead <b>20 chairs</b>"
    assert (form.values().contact_id, form.values().lead_id) == (ann, deal)
    qtbot.mouseClick(form.about_clear, Qt.MouseButton.LeftButton)
    assert (form.values().contact_id, form.values().lead_id) == (None, None)
    assert not form.about_label.isVisible()


def test_quick_picks_set_the_due_time(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack
) -> None:
    dialog = editor(qtbot, services, bus, stack)
    form = dialog.form
    expected = {
        "1h": datetime(2026, 3, 2, 10, tzinfo=UTC),
        "tomorrow": TOMORROW_9,
        "3d": datetime(2026, 3, 5, 9, tzinfo=UTC),
        "monday": datetime(2026, 3, 9, 9, tzinfo=UTC),
        "2w": datetime(2026, 3, 16, 9, tzinfo=UTC),
    }
    assert [b.text() for b in form.picks.values()] == [
        "In 1 hour", "Tomorrow", "In 3 days", "Next Monday", "In 2 weeks",
    ]  # fmt: skip
    for key, when in expected.items():
        qtbot.mouseClick(form.picks[key], Qt.MouseButton.LeftButton)
        assert form.due() == when, key
    form.due_date.setDate(QDate(2026, 4, 1))
    form.due_time.setTime(QTime(16, 45))
    assert form.due() == datetime(2026, 4, 1, 16, 45, tzinfo=UTC)


def test_checks_as_you_type(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack
) -> None:
    dialog = editor(qtbot, services, bus, stack)
    form = dialog.form
    qtbot.keyClicks(form.title, "x")
    qtbot.keyClick(form.title, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: form.problems["title"].isVisible())
    assert form.problems["title"].text() == "A follow-up needs a title."
    assert not dialog.save_button.isEnabled()
    assert form.title.property("invalid") is True
    qtbot.keyClicks(form.title, "Call")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled())
    assert not form.problems["title"].isVisible()


def test_repeat_and_assignee(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack
) -> None:
    bea = staff.create(clock, "Bea")
    dialog = editor(qtbot, services, bus, stack)
    form = dialog.form
    assert not form.every.isEnabled() and form.unit.currentText() == "day"
    qtbot.keyClicks(form.title, "Report")
    form.repeat.setChecked(True)
    assert form.every.isEnabled()
    form.every.setValue(2)
    form.unit.setCurrentIndex(form.unit.findData("weeks"))
    assert form.unit.currentText() == "weeks"
    form.assignee.setCurrentIndex(form.assignee.findData(bea))
    qtbot.waitUntil(dialog.save_button.isEnabled)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    item = services.followups.get(saved.args[0])
    assert (item.recur_every, item.recur_unit, item.assignee_id) == (2, "weeks", bea)


def test_editing_a_snoozed_follow_up_and_undo(
    qtbot: QtBot, services: Services, clock: FixedClock, bus: ChangeBus, stack: QUndoStack,
    ann: int,
) -> None:  # fmt: skip
    due = clock.now() - 2 * H
    rid = services.followups.create(
        ReminderFields("call", due, "about the quote", contact_id=ann, recur_every=1,
                       recur_unit="months")
    ).id  # fmt: skip
    services.followups.snooze(rid, clock.now() + H)
    dialog = editor(qtbot, services, bus, stack, rid)
    form = dialog.form
    assert dialog.windowTitle() == "Edit follow-up"
    assert (form.title.text(), form.note.toPlainText(), form.due()) == (
        "call",
        "about the quote",
        due,
    )
    assert form.repeat.isChecked() and form.unit.currentText() == "month"
    assert form.about_label.text() == "<b>Ann Lee</b>"
    assert form.snooze_note.isVisible()
    assert form.snooze_note.text() == "Snoozed until Mon 2 Mar, 10:00; saving clears the snooze."
    assert dialog.save_button.isEnabled()
    form.title.clear()
    qtbot.keyClicks(form.title, "call Ann")
    qtbot.mouseClick(form.picks["3d"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    item = services.followups.get(rid)
    assert (item.title, item.due_at, item.remind_at) == (
        "call Ann",
        clock.now() + 3 * D,
        clock.now() + 3 * D,
    )
    assert stack.undoText() == "Edit follow-up “call Ann”"
    stack.undo()
    item = services.followups.get(rid)
    assert (item.title, item.due_at, item.remind_at) == ("call", due, clock.now() + H)
    stack.redo()
    assert services.followups.get(rid).title == "call Ann"


def test_closing_with_changes_asks_first(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, asked: list[str]
) -> None:
    dialog = editor(qtbot, services, bus, stack)
    dialog.reject()
    assert asked == [] and not dialog.isVisible()
    dialog = editor(qtbot, services, bus, stack)
    qtbot.keyClicks(dialog.form.title, "half")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Discard changes?"] and not dialog.isVisible()
    assert services.followups.between(None, None) == []


def test_open_follow_up_editor_reports_what_it_cannot_open(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, ann: int
) -> None:
    opened = open_follow_up_editor(None, services, bus, stack, report, contact_id=ann)
    assert opened is not None and opened.isVisible()
    qtbot.addWidget(opened)
    said: list[str] = []
    missing = open_follow_up_editor(
        None, services, bus, stack, lambda what, exc: said.append(f"{what}: {exc}"), 404
    )
    assert missing is None
    assert said == ["open the follow-up: There is no reminder with id 404."]
