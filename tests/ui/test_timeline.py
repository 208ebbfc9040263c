"""The timeline widget driven as a user would: quick-log, undo, filter, expand, edit, delete,
paging and a company's timeline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import QListView, QMessageBox
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.domain.timeline import KINDS, TimelineService
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.icons import kind_icon
from crm_desktop.ui.timeline.delegate import _preview
from crm_desktop.ui.timeline.model import EXPANDED_ROLE, META_ROLE, TimelineModel
from crm_desktop.ui.timeline.widget import (
    NO_PEOPLE,
    NO_SCOPE,
    NOTHING_YET,
    InteractionDialog,
    TimelineWidget,
)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What message boxes would have said; none of them blocks a test."""
    said: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text: said.append(text))
    return said


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def widget(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, shown: list[str]
) -> Iterator[TimelineWidget]:
    view = TimelineWidget(services, bus, stack, ErrorReporter(None, "/tmp/logs"))
    qtbot.addWidget(view)
    view.resize(600, 700)
    view.show()
    qtbot.waitExposed(view)
    yield view
    assert shown == []  # nothing went wrong unless a test says so (and empties the list)


@pytest.fixture
def ann(services: Services) -> int:
    return services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id


def titles(model: TimelineModel) -> list[str]:
    return [model.index(row).data() for row in range(model.rowCount())]


def log(services: Services, contact_id: int, subject: str, kind: str = "note", **kw: object) -> int:
    fields = InteractionFields(kind=kind, subject=subject, **kw)  # type: ignore[arg-type]
    return services.interactions.log(contact_id, fields).id


def quick_log(qtbot: QtBot, widget: TimelineWidget, subject: str) -> None:
    widget.focus_log()
    qtbot.keyClicks(widget.quick_log.subject, subject)
    qtbot.keyClick(widget.quick_log.subject, Qt.Key.Key_Return)


def focus_list(qtbot: QtBot, widget: TimelineWidget, row: int) -> QListView:
    widget.activateWindow()
    widget.list.setFocus()
    widget.list.setCurrentIndex(widget.model.index(row))
    qtbot.waitUntil(widget.list.hasFocus)
    return widget.list


def test_the_model_passes_the_model_tester(
    qtmodeltester: object, widget: TimelineWidget, services: Services, ann: int
) -> None:
    for n in range(60):
        log(services, ann, f"note {n}", body="line one\nline two\nline three")
    widget.show_contact(ann)
    assert widget.model.rowCount() == 50 and widget.model.canFetchMore(widget.model.index(-1))
    qtmodeltester.check(widget.model)  # type: ignore[attr-defined]  # it fetches the rest
    assert widget.model.rowCount() == 60


def test_empty_states_say_what_to_do(widget: TimelineWidget, services: Services, ann: int) -> None:
    assert widget.empty.text() == NO_SCOPE and widget.pages.currentWidget() is widget.empty
    assert not widget.quick_log.subject.isEnabled()
    widget.show_contact(ann)
    assert widget.empty.text() == NOTHING_YET
    widget.filter.setCurrentIndex(widget.filter.findData("stage"))
    assert "lead moves on the board" in widget.empty.text()
    widget.filter.setCurrentIndex(widget.filter.findData("call"))
    assert widget.empty.text() == "No calls yet. Press Ctrl+L to log one."
    company = services.companies.find_or_create("Empty Ltd")
    widget.show_company(company)
    assert widget.empty.text() == NO_PEOPLE


def test_quick_log_puts_the_entry_on_top_and_undo_takes_it_back(
    qtbot: QtBot, widget: TimelineWidget, services: Services, stack: QUndoStack, ann: int
) -> None:
    log(services, ann, "Older note")
    widget.show_contact(ann)
    widget.quick_log.kind.setCurrentIndex(widget.quick_log.kind.findData("call"))

    quick_log(qtbot, widget, "Called about the invoice")

    assert titles(widget.model)[0] == "Called about the invoice"
    assert widget.model.entry(0).kind == "call"
    assert widget.model.entry(0).when == services.clock.now()
    assert widget.list.currentIndex().row() == 0
    assert widget.quick_log.subject.text() == ""
    assert stack.undoText() == "Log call “Called about the invoice”"
    stack.undo()
    assert titles(widget.model) == ["Older note"]
    stack.redo()
    assert titles(widget.model) == ["Called about the invoice", "Older note"]


def test_quick_log_shows_problems_inline_and_logs_from_the_text_with_ctrl_enter(
    qtbot: QtBot, widget: TimelineWidget, ann: int
) -> None:
    widget.show_contact(ann)
    quick_log(qtbot, widget, "")
    assert widget.quick_log.error.isVisible()
    assert "Say something" in widget.quick_log.error.text()
    assert widget.model.rowCount() == 0

    qtbot.keyClicks(widget.quick_log.body, "Left a voicemail.")
    qtbot.keyClick(widget.quick_log.body, Qt.Key.Key_Return)
    qtbot.keyClicks(widget.quick_log.body, "Will try again.")
    qtbot.keyClick(widget.quick_log.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert titles(widget.model) == ["Left a voicemail."]
    assert not widget.quick_log.error.isVisible()


def test_a_chosen_time_and_a_follow_up_are_logged_together(
    qtbot: QtBot, widget: TimelineWidget, services: Services, stack: QUndoStack, ann: int
) -> None:
    widget.show_contact(ann)
    bar = widget.quick_log
    bar.when.setDateTime(bar.when.dateTime().addSecs(-3600))
    bar.follow_up.setValue(3)
    quick_log(qtbot, widget, "Sent the quote")

    now = services.clock.now()
    assert widget.model.entry(0).when == now - timedelta(hours=1)
    reminders = services.followups.between(None, None)
    assert [(r.title, r.due_at) for r in reminders] == [
        ("Follow up: Sent the quote", now + timedelta(days=3))
    ]
    assert bar.follow_up.value() == 0
    stack.undo()
    assert widget.model.rowCount() == 0
    assert services.followups.between(None, None) == []
    assert stack.redoText() == "Log call “Sent the quote” and its follow-up"


def test_filter_by_kind(widget: TimelineWidget, services: Services, ann: int) -> None:
    log(services, ann, "a call", "call")
    log(services, ann, "an email", "email")
    services.pipeline.create_lead(LeadFields(title="Deal", contact_id=ann))
    widget.show_contact(ann)
    assert widget.model.rowCount() == 3

    widget.filter.setCurrentIndex(widget.filter.findData("email"))
    assert titles(widget.model) == ["an email"]
    widget.filter.setCurrentIndex(widget.filter.findData("stage"))
    assert [widget.model.entry(r).kind for r in range(widget.model.rowCount())] == ["stage"]
    widget.filter.setCurrentIndex(0)
    assert widget.model.rowCount() == 3


def test_delete_with_the_del_key_and_undo(
    qtbot: QtBot, widget: TimelineWidget, services: Services, stack: QUndoStack, ann: int
) -> None:
    log(services, ann, "keep")
    log(services, ann, "remove me", "call", body="Details", duration_minutes=5)
    widget.show_contact(ann)
    view = focus_list(qtbot, widget, 0)

    with qtbot.waitSignal(widget.message) as said:
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert titles(widget.model) == ["keep"]
    assert view.currentIndex().row() == 0  # the next entry, ready for another Del
    assert "Ctrl+Z" in said.args[0]
    stack.undo()
    assert titles(widget.model) == ["remove me", "keep"]
    restored = widget.model.entry(0)
    assert (restored.body, restored.duration_minutes, restored.kind) == ("Details", 5, "call")
    stack.redo()
    assert titles(widget.model) == ["keep"]


def test_edit_with_f2_and_undo(
    qtbot: QtBot, widget: TimelineWidget, services: Services, stack: QUndoStack, ann: int
) -> None:
    log(services, ann, "Frist call", "call")
    widget.show_contact(ann)
    view = focus_list(qtbot, widget, 0)

    qtbot.keyClick(view, Qt.Key.Key_F2)
    dialog = widget.findChild(InteractionDialog, "timelineEditDialog")
    assert dialog is not None and dialog.subject.text() == "Frist call"
    dialog.subject.setText("")
    dialog.accept()
    assert dialog.isVisible() and "Say something" in dialog.error.text()
    dialog.subject.setText("First call")
    dialog.accept()
    assert not dialog.isVisible()

    assert titles(widget.model) == ["First call"]
    stack.undo()
    assert titles(widget.model) == ["Frist call"]


def test_undo_and_redo_across_a_log_and_its_edit(
    qtbot: QtBot, widget: TimelineWidget, stack: QUndoStack, ann: int
) -> None:
    widget.show_contact(ann)
    quick_log(qtbot, widget, "draft")
    widget.interactions.edit(widget.model.entry(0).id, InteractionFields(subject="final"))
    stack.undo()
    stack.undo()
    assert widget.model.rowCount() == 0
    stack.redo()  # the log comes back under a new id
    stack.redo()  # and the edit still finds it
    assert titles(widget.model) == ["final"]


def test_stage_changes_and_follow_ups_are_read_only(
    qtbot: QtBot, widget: TimelineWidget, services: Services, ann: int
) -> None:
    services.pipeline.create_lead(LeadFields(title="Deal", contact_id=ann))
    widget.show_contact(ann)
    view = focus_list(qtbot, widget, 0)
    assert not widget.edit_action.isEnabled() and not widget.delete_action.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert widget.model.rowCount() == 1


def test_enter_space_and_double_click_show_the_whole_text(
    qtbot: QtBot, widget: TimelineWidget, services: Services, ann: int
) -> None:
    log(services, ann, "Long", body="\n".join(f"line {n}" for n in range(8)))
    widget.show_contact(ann)
    view = focus_list(qtbot, widget, 0)
    index = widget.model.index(0)
    collapsed = view.visualRect(index).height()

    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert index.data(EXPANDED_ROLE)
    qtbot.waitUntil(lambda: view.visualRect(index).height() > collapsed + 50)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert not index.data(EXPANDED_ROLE)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # QTest's double
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # click has no press
    assert index.data(EXPANDED_ROLE)


def test_pages_load_as_the_list_scrolls(
    qtbot: QtBot, widget: TimelineWidget, services: Services, ann: int
) -> None:
    start = services.clock.now()
    for n in range(130):
        log(services, ann, f"note {n}", occurred_at=start - timedelta(hours=n))
    widget.show_contact(ann)
    assert widget.model.rowCount() == 50

    for _ in range(2):
        widget.list.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 130)
    assert titles(widget.model) == [f"note {n}" for n in range(130)]
    assert not widget.model.canFetchMore(widget.model.index(-1))


def test_changes_made_elsewhere_show_up(
    widget: TimelineWidget, services: Services, bus: ChangeBus, clock: FixedClock, ann: int
) -> None:
    widget.show_contact(ann)
    log(services, ann, "from another window")
    assert widget.model.rowCount() == 0  # nobody said so yet
    due = services.clock.now()
    reminder = services.followups.create(ReminderFields(title="Call", due_at=due, contact_id=ann))
    bus.publish(services.followups.complete(reminder.id))
    assert titles(widget.model) == ["Call", "from another window"]
    widget.list.setCurrentIndex(widget.model.index(1))
    clock.advance(timedelta(minutes=1))
    bus.publish(services.interactions.log(ann, InteractionFields(subject="newest")))
    assert titles(widget.model)[0] == "newest"
    assert widget.list.currentIndex().data() == "from another window"  # the selection stays


def test_a_company_timeline_logs_with_the_chosen_person(
    qtbot: QtBot, widget: TimelineWidget, services: Services
) -> None:
    acme = services.companies.find_or_create("Acme")
    ann = services.contacts.create(ContactFields(first_name="Ann", company_id=acme)).id
    bob = services.contacts.create(ContactFields(first_name="Bob", company_id=acme)).id
    log(services, ann, "Ann's call", "call")
    widget.show_company(acme)
    bar = widget.quick_log
    assert bar.contact.isVisibleTo(bar) and bar.contact.count() == 2

    bar.contact.setCurrentIndex(bar.contact.findData(bob))
    quick_log(qtbot, widget, "Met Bob")

    assert titles(widget.model) == ["Met Bob", "Ann's call"]
    assert "with Bob" in widget.model.index(0).data(META_ROLE)
    assert TimelineService(services.interactions, services.followups).page(contact_id=bob)


def test_a_failing_page_is_reported_not_raised(
    widget: TimelineWidget, ann: int, shown: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(widget.model._timeline, "page", broken)
    widget.show_contact(ann)
    assert widget.model.rowCount() == 0 and "disk on fire" in shown.pop()


def test_every_kind_has_an_icon_for_light_and_dark(qapp: object) -> None:
    for kind in KINDS:
        light, dark = kind_icon(kind, False), kind_icon(kind, True)
        assert not light.isNull() and light is kind_icon(kind, False)
        assert light.pixmap(28).toImage() != dark.pixmap(28).toImage()


def test_the_preview_shows_two_lines_and_says_when_more_follows(qapp: object) -> None:
    font = QFont()
    assert _preview("one line", font, 400) == ["one line"]
    assert _preview("first\nsecond\nthird", font, 400) == ["first", "second …"]
    wrapped = _preview("word " * 200, font, 200)
    assert len(wrapped) == 2 and wrapped[1].endswith("…")
