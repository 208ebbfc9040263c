"""The lead detail on a real database: what it shows, won and lost with undo, editing, and how
it follows changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from crm_desktop.domain import staff
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.lead_overview import lead_overview
from crm_desktop.domain.pipeline import COMMON_LOST_REASONS, LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.pipeline.lead_detail import LeadDetail, open_lead_detail
from crm_desktop.ui.pipeline.lead_editor import LeadEditor
from crm_desktop.ui.pipeline.lead_history import duration_text
from crm_desktop.ui.pipeline.lost_reason import LostReasonDialog
from tests.ui.editor_steps import bus_fixture, report, stack_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"warning: {a}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"critical: {a}"))


@pytest.fixture
def detail(qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack) -> LeadDetail:
    widget = LeadDetail(services, bus, stack, report)
    qtbot.addWidget(widget)
    widget.resize(1100, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def ann(services: Services) -> int:
    acme = services.companies.create(CompanyFields(name="Acme & Sons")).id
    return services.contacts.create(
        ContactFields(first_name="Ann", last_name="Lee", company_id=acme)
    ).id


@pytest.fixture
def deal(services: Services, clock: FixedClock, ann: int) -> int:
    """A lead that went New -> Contacted -> Proposal and has sat there for 25 days."""
    kim = staff.create(clock, "Kim Park")
    contact = services.contacts.get(ann)
    lead_id = services.pipeline.create_lead(
        LeadFields(
            title="40 office chairs",
            contact_id=ann,
            company_id=contact.company_id,
            value_minor=1_250_000,
            expected_close="2026-04-15",
            source="Referral",
            owner_id=kim,
            next_step="Send the revised quote",
            notes="Ann decides <b>alone</b>.\nBudget: €15k",
        )
    ).id
    stages = {s.name: s.id for s in services.pipeline.stages(services.pipeline.ensure_default())}
    clock.advance(timedelta(days=3))
    services.pipeline.move(lead_id, stages["Contacted"])
    clock.advance(timedelta(days=6))
    services.pipeline.move(lead_id, stages["Proposal"])
    clock.advance(timedelta(days=25))
    return lead_id


def text(detail: LeadDetail, name: str) -> str:
    found = detail.findChild(QLabel, name)
    assert found is not None, name
    return found.text()


def button(detail: LeadDetail, name: str) -> QPushButton:
    found = detail.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_it_shows_every_field_of_the_lead(
    detail: LeadDetail, deal: int, ann: int, services: Services, qtmodeltester: object
) -> None:
    assert detail.objectName() == "leadDetail"
    detail.show_lead(deal)
    assert text(detail, "leadTitle") == "40 office chairs"
    badge = detail.findChild(QLabel, "leadStageBadge")
    assert badge is not None and badge.text() == "Proposal" and badge.property("kind") == "open"
    assert text(detail, "leadValue") == "€12,500.00"
    assert "70% likely" in text(detail, "leadSummary")
    assert "weighted €8,750.00" in text(detail, "leadSummary")
    stage = text(detail, "leadStage")
    assert "Proposal · 25 days in stage" in stage and "stale, over 21 days" in stage
    assert text(detail, "leadOwner") == "Kim Park"
    assert f'href="contact:{ann}"' in text(detail, "leadContact")
    assert "Acme &amp; Sons" in text(detail, "leadCompany")
    assert text(detail, "leadExpectedClose") == "15 Apr 2026"
    assert text(detail, "leadNextStep") == "Send the revised quote"
    assert text(detail, "leadSource") == "Referral"
    notes = detail.fields["leadNotes"]
    assert notes.text() == "Ann decides <b>alone</b>.\nBudget: €15k"
    assert notes.textFormat() == Qt.TextFormat.PlainText  # the user's words, never markup
    assert detail.won_button.isVisible() and detail.lost_button.isVisible()
    assert not detail.fields["leadLostReason"].isVisible()

    qtmodeltester.check(detail.history)  # type: ignore[attr-defined]
    shown = [
        [detail.history.index(r, c).data() for c in (0, 1, 3)]
        for r in range(detail.history.rowCount())
    ]
    assert shown == [
        ["(created)", "New", "—"],
        ["New", "Contacted", "3 days"],
        ["Contacted", "Proposal", "6 days"],
    ]
    assert detail.history.index(1, 2).data() == "05 Mar 2026, 09:00"
    assert detail.history.headerData(3, Qt.Orientation.Horizontal) == "Time in stage"


def test_the_contacts_timeline_is_shown_and_its_links_open(
    detail: LeadDetail, qtbot: QtBot, deal: int, ann: int, services: Services
) -> None:
    services.interactions.log(ann, InteractionFields(kind="call", subject="Talked chairs"))
    detail.show_lead(deal)
    assert detail.timeline.isVisible() and detail.timeline.model.contact_id == ann
    subjects = [
        detail.timeline.model.entry(r).subject for r in range(detail.timeline.model.rowCount())
    ]
    assert "Talked chairs" in subjects
    company_id = services.contacts.get(ann).company_id
    with qtbot.waitSignal(detail.open_contact) as opened:
        detail.fields["leadContact"].linkActivated.emit(f"contact:{ann}")
    assert opened.args == [ann]
    with qtbot.waitSignal(detail.open_company) as opened:
        detail.fields["leadCompany"].linkActivated.emit(f"company:{company_id}")
    assert opened.args == [company_id]


def test_a_lead_without_a_contact_says_there_is_no_timeline(
    detail: LeadDetail, services: Services
) -> None:
    lead_id = services.pipeline.create_lead(LeadFields(title="Walk-in")).id
    detail.show_lead(lead_id)
    assert not detail.timeline.isVisible()
    empty = detail.findChild(QLabel, "leadTimelineEmpty")
    assert empty is not None and empty.isVisible() and "no contact" in empty.text()
    assert text(detail, "leadContact") == "<i>Nobody yet</i>"
    assert not detail.fields["leadCompany"].isVisible()
    assert not detail.fields["leadNotes"].isVisible()  # no notes: no empty row for them


def test_open_follow_ups_are_listed_and_follow_changes(
    detail: LeadDetail, deal: int, services: Services, bus: ChangeBus, qtbot: QtBot
) -> None:
    detail.show_lead(deal)
    assert detail.follow_ups.items.count() == 0 and detail.follow_ups.empty.isVisible()
    due = services.clock.now() + timedelta(days=1)
    bus.publish(
        services.followups.create(ReminderFields(title="Call about it", due_at=due, lead_id=deal))
    )
    qtbot.waitUntil(lambda: detail.follow_ups.items.count() == 1)
    assert "Call about it" in detail.follow_ups.items.item(0).text()


def test_won_moves_the_lead_and_undo_puts_it_back_with_its_history(
    detail: LeadDetail, deal: int, services: Services, stack: QUndoStack, qtbot: QtBot
) -> None:
    detail.show_lead(deal)
    qtbot.mouseClick(button(detail, "wonButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text(detail, "leadStageBadge") == "Won")
    assert lead_overview(deal, services.clock.now()).status == "won"
    assert not detail.won_button.isVisible() and not detail.lost_button.isVisible()
    assert detail.history.rowCount() == 4
    assert text(detail, "leadClosedAt") != ""
    assert stack.undoText() == "Win 40 office chairs"

    stack.undo()
    qtbot.waitUntil(lambda: text(detail, "leadStageBadge") == "Proposal")
    assert lead_overview(deal, services.clock.now()).status == "open"
    assert detail.history.rowCount() == 3  # the move is gone from the history too
    assert "25 days in stage" in text(detail, "leadStage")
    stack.redo()
    qtbot.waitUntil(lambda: text(detail, "leadStageBadge") == "Won")


def test_lost_asks_for_a_reason_and_undo_reopens_the_lead(
    detail: LeadDetail, deal: int, services: Services, stack: QUndoStack, qtbot: QtBot
) -> None:
    detail.show_lead(deal)
    qtbot.mouseClick(button(detail, "lostButton"), Qt.MouseButton.LeftButton)
    dialog = detail.window().findChild(LostReasonDialog)
    assert dialog is not None and dialog.objectName() == "lostReasonDialog"
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ok_button.isEnabled()  # no reason, no loss
    dialog.combo.setCurrentIndex(dialog.combo.findText("Price too high"))
    assert dialog.ok_button.isEnabled()
    dialog.combo.setEditText("Price too high for this year")  # a reason of one's own
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text(detail, "leadStageBadge") == "Lost")
    overview = lead_overview(deal, services.clock.now())
    assert (overview.status, overview.lost_reason) == ("lost", "Price too high for this year")
    assert text(detail, "leadLostReason") == "Price too high for this year"
    badge = detail.findChild(QLabel, "leadStageBadge")
    assert badge is not None and badge.property("kind") == "lost"

    stack.undo()
    qtbot.waitUntil(lambda: text(detail, "leadStageBadge") == "Proposal")
    overview = lead_overview(deal, services.clock.now())
    assert (overview.status, overview.lost_reason) == ("open", "")
    stack.redo()
    assert lead_overview(deal, services.clock.now()).lost_reason == "Price too high for this year"


def test_cancelling_the_reason_loses_nothing(
    detail: LeadDetail, deal: int, services: Services, stack: QUndoStack
) -> None:
    detail.show_lead(deal)
    dialog = detail.mark_lost()
    assert dialog is not None
    dialog.combo.setEditText("No budget")
    dialog.reject()
    assert lead_overview(deal, services.clock.now()).status == "open"
    assert stack.count() == 0


def test_edit_opens_the_editor_and_a_save_shows_here(
    detail: LeadDetail, deal: int, qtbot: QtBot
) -> None:
    detail.show_lead(deal)
    qtbot.mouseClick(button(detail, "editLeadButton"), Qt.MouseButton.LeftButton)
    editor = detail.window().findChild(LeadEditor)
    assert editor is not None and editor.title.text() == "40 office chairs"
    editor.title.setText("42 office chairs")
    editor.save()
    qtbot.waitUntil(lambda: text(detail, "leadTitle") == "42 office chairs")


def test_a_trashed_lead_shows_a_banner_and_cannot_be_changed(
    detail: LeadDetail, deal: int, services: Services, bus: ChangeBus, qtbot: QtBot
) -> None:
    detail.show_lead(deal)
    bus.publish(services.pipeline.trash([deal]))
    qtbot.waitUntil(detail.trashed_banner.isVisible)
    assert not detail.edit_button.isEnabled() and not detail.won_button.isEnabled()
    assert detail.edit() is None


def test_a_missing_lead_shows_the_empty_state(detail: LeadDetail, qtbot: QtBot) -> None:
    detail.show_lead(12345)
    assert detail.lead_id() is None
    empty = detail.findChild(QLabel, "leadDetailEmpty")
    assert empty is not None and empty.isVisible()


def test_open_lead_detail_shows_it_in_its_own_window(
    qtbot: QtBot, services: Services, bus: ChangeBus, stack: QUndoStack, deal: int
) -> None:
    dialog = open_lead_detail(None, services, bus, stack, report, deal)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    assert dialog.objectName() == "leadDetailDialog"
    assert dialog.windowTitle() == "Lead: 40 office chairs"
    assert dialog.detail.objectName() == "leadDetail" and dialog.detail.lead_id() == deal


def test_durations_read_naturally() -> None:
    assert [duration_text(s) for s in (5, 300, 7200, 86400, 3 * 86400)] == [
        "under a minute",
        "5 min",
        "2 h",
        "1 day",
        "3 days",
    ]


def test_the_lost_reason_dialog_offers_the_common_reasons(qtbot: QtBot) -> None:
    dialog = LostReasonDialog("Chairs & tables")
    qtbot.addWidget(dialog)
    offered = [dialog.combo.itemText(i) for i in range(dialog.combo.count())]
    assert offered == ["", *COMMON_LOST_REASONS]
    question = dialog.findChild(QLabel, "lostReasonQuestion")
    assert question is not None and question.textFormat() == Qt.TextFormat.PlainText
    assert question.text() == "Why was “Chairs & tables” lost?"  # an & is not "&amp;"
    dialog.combo.setEditText("  Went   quiet ")
    assert dialog.reason() == "Went quiet"
