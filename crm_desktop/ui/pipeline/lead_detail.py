"""The lead detail: what the lead is worth and where it stands, its open follow-ups, how it moved
through the stages, and the timeline of its contact; with Edit, Won and Lost.

Showing a lead is one overview read (three queries by key), so it opens at once at any size.
Won and Lost go on the undo stack; undoing puts the lead back where it was, history included.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.errors import NotFound
from crm_desktop.domain.lead_overview import LeadOverview, lead_overview
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import detail_frame as frame
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.money import money
from crm_desktop.ui.common.theme import link
from crm_desktop.ui.common.themed import ThemedWidget
from crm_desktop.ui.common.timers import next_turn
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.contacts.detail_parts import ListSection, banner, follow_up_text, info_label
from crm_desktop.ui.pipeline.lead_editor import LeadEditor, open_lead_editor
from crm_desktop.ui.pipeline.lead_history import StageHistoryModel, StageHistoryView
from crm_desktop.ui.pipeline.lost_reason import LostReasonDialog
from crm_desktop.ui.timeline.widget import TimelineWidget

Report = Callable[[str, BaseException], None]

EMPTY_TEXT = "Double-click a lead on the board (or press Enter on it) to see it here."
NO_CONTACT = "This lead has no contact, so there is no timeline to show. Edit the lead to pick one."
_NO_FOLLOW_UPS = "Nothing planned. Add a follow-up so this lead does not go cold."
_AROUND = frozenset({"reminder", "staff", "interaction"})
_PLAIN = frozenset({"leadNextStep", "leadSource", "leadNotes"})  # the user's own words, as typed
# stage kind: (light background, light text, dark background, dark text)
_BADGES = {
    "open": ("#d2e3fc", "#174ea6", "#233a5e", "#d2e3fc"),
    "won": ("#b7e1c1", "#0b4f24", "#1e3d2a", "#ceead6"),
    "lost": ("#f6d5d3", "#8c1d18", "#4a2523", "#f6c7c3"),
}


class LeadDetail(ThemedWidget):
    """Shows one lead. ``open_contact(id)``/``open_company(id)`` when their links are clicked."""

    open_contact = Signal(int)
    open_company = Signal(int)
    lead_changed = Signal(object)  # the id shown, or None
    shown = Signal(int)  # after each read of the lead shown (a change may have renamed it)
    follow_up_activated = Signal(int)
    add_follow_up_requested = Signal(int)  # the lead's id

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        timeline: TimelineWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leadDetail")
        self._services, self._bus, self._undo, self._report = services, bus, undo_stack, report
        self._overview: LeadOverview | None = None
        self.timeline = timeline or TimelineWidget(services, bus, undo_stack, report)
        self.history = StageHistoryModel(self)
        self._refresh_timer = next_turn(self, self.refresh)
        self._build()
        bus.changed.connect(self._on_change)
        self._restyle()
        self.clear()

    # -- public ----------------------------------------------------------------------------

    def lead_id(self) -> int | None:
        return self._overview.id if self._overview else None

    def overview(self) -> LeadOverview | None:
        return self._overview

    def show_lead(self, lead_id: int) -> None:
        """Show ``lead_id`` (again, if already shown: that re-reads it)."""
        previous = self.lead_id()
        try:
            overview = lead_overview(lead_id, self._services.clock.now())
        except NotFound:
            self.clear()
            return
        except Exception as exc:
            self._report("show the lead", exc)
            return
        self._overview = overview
        self._fill(overview)
        self._pages.setCurrentWidget(self._content)
        if overview.contact_id != self.timeline.model.contact_id or lead_id != previous:
            self.timeline.show_contact(overview.contact_id)
        self._timeline_pages.setCurrentIndex(0 if overview.contact_id is not None else 1)
        if lead_id != previous:
            self.lead_changed.emit(lead_id)
        self.shown.emit(lead_id)

    def refresh(self) -> None:
        if self._overview is not None:
            self.show_lead(self._overview.id)

    def clear(self) -> None:
        had = self._overview is not None
        self._overview = None
        self._pages.setCurrentWidget(self._empty)
        if had:
            self.lead_changed.emit(None)

    def edit(self) -> LeadEditor | None:
        """Open the lead editor on the lead shown (F2)."""
        lead = self._overview
        if lead is None or lead.deleted_at is not None:
            return None
        return open_lead_editor(
            self.window(), self._services, self._bus, self._undo, self._report, lead.id
        )

    def mark_won(self) -> None:
        lead = self._overview
        if lead is None or lead.status != "open":
            return
        pipeline = self._services.pipeline
        self._close(f"Win {lead.title}", "mark the lead as won", lambda: pipeline.win(lead.id))

    def mark_lost(self, reason: str | None = None) -> LostReasonDialog | None:
        """With a reason, mark the lead lost; without, ask for one (the dialog is returned)."""
        lead = self._overview
        if lead is None or lead.status != "open":
            return None
        if reason is None:
            dialog = LostReasonDialog(lead.title, self.window())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self.mark_lost(dialog.reason()))
            dialog.open()
            return dialog
        pipeline = self._services.pipeline
        self._close(
            f"Lose {lead.title}", "mark the lead as lost", lambda: pipeline.lose(lead.id, reason)
        )
        return None

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        self._pages = QStackedWidget(self)
        self._empty = QLabel(EMPTY_TEXT, self)
        self._empty.setObjectName("leadDetailEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._content = frame.content_splitter(
            self, Qt.Orientation.Horizontal, "leadDetailSplitter"
        )
        scroll = frame.facts_scroll(self._content, "leadDetailScroll")
        scroll.setWidget(self._info_page())
        self._content.addWidget(scroll)
        self._timeline_pages = QStackedWidget(self._content)
        self._timeline_pages.setObjectName("leadTimelinePages")
        self._timeline_pages.addWidget(self.timeline)
        no_contact = QLabel(NO_CONTACT, self._timeline_pages)
        no_contact.setObjectName("leadTimelineEmpty")
        no_contact.setAlignment(Qt.AlignmentFlag.AlignCenter)
        no_contact.setWordWrap(True)
        no_contact.setProperty("role", "hint")
        self._timeline_pages.addWidget(no_contact)
        frame.add_beside(self._content, self._timeline_pages)
        self._content.setSizes([480, 620])
        frame.fill_panel(self, self._pages, self._empty, self._content)

    def _info_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("leadInfo")
        self.trashed_banner, _ = banner("leadTrashedBanner", "This lead is in the trash.")
        self.title_label = forms.as_title(info_label("leadTitle", selectable=True), 1.5)
        self.stage_badge = info_label("leadStageBadge")
        self.stage_badge.setWordWrap(False)
        self.edit_button = self._button("editLeadButton", "Edit", "Edit this lead (F2)", self.edit)
        self.edit_button.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.won_button = self._button("wonButton", "Won", "Mark as won", self.mark_won)
        self.lost_button = self._button(
            "lostButton", "Lost…", "Mark as lost, with a reason", lambda: self.mark_lost()
        )
        self.summary = info_label("leadSummary")
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.stage_badge, 0, Qt.AlignmentFlag.AlignTop)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.won_button, self.lost_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self._facts = QFormLayout()
        self._facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.fields: dict[str, QLabel] = {}
        for name, title in (
            ("leadValue", "Value"),
            ("leadStage", "Stage"),
            ("leadOwner", "Owner"),
            ("leadContact", "Contact"),
            ("leadCompany", "Company"),
            ("leadExpectedClose", "Expected close"),
            ("leadNextStep", "Next step"),
            ("leadSource", "Source"),
            ("leadNotes", "Notes"),
            ("leadLostReason", "Lost because"),
            ("leadClosedAt", "Closed"),
        ):
            self.fields[name] = info_label(name, selectable=name in _PLAIN)
            self._facts.addRow(title, self.fields[name])
        self.fields["leadContact"].linkActivated.connect(self._link)
        self.fields["leadCompany"].linkActivated.connect(self._link)
        self.follow_ups = ListSection(
            "leadFollowUps", "Open follow-ups", "+ Add follow-up", _NO_FOLLOW_UPS
        )
        self.follow_ups.activated.connect(self.follow_up_activated)
        self.follow_ups.add_clicked.connect(self._ask_follow_up)
        heading = QLabel("Stage history", page)
        heading.setObjectName("leadHistoryHeading")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        self.history_view = StageHistoryView(self.history, page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.trashed_banner)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addSpacing(4)
        layout.addLayout(self._facts)
        layout.addWidget(self.follow_ups)
        layout.addSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(self.history_view)
        layout.addStretch(1)
        return page

    def _button(self, name: str, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    # -- filling ---------------------------------------------------------------------------

    def _fill(self, lead: LeadOverview) -> None:
        local = self._services.clock.local_tz
        trashed = lead.deleted_at is not None
        is_open = lead.status == "open"
        self.trashed_banner.setVisible(trashed)
        self.edit_button.setEnabled(not trashed)
        for button in (self.won_button, self.lost_button):
            button.setVisible(is_open)
            button.setEnabled(not trashed)
        self.title_label.setText(lead.title)
        self.stage_badge.setText(lead.stage_name)
        self.stage_badge.setProperty("kind", lead.stage_kind)
        self.stage_badge.style().unpolish(self.stage_badge)
        self.stage_badge.style().polish(self.stage_badge)
        value = money(lead.value_minor, lead.currency)
        weighted = money(lead.weighted_minor, lead.currency)
        self.summary.setText(
            f"{lead.pipeline_name} pipeline · {lead.probability}% likely · weighted {weighted}"
            if is_open
            else f"{lead.pipeline_name} pipeline · {lead.status.title()}"
        )
        days = f"{lead.days_in_stage} day{'s' if lead.days_in_stage != 1 else ''} in stage"
        stale = (
            f" <span style='color:{self._colour('stale')}'>· stale, over "
            f"{lead.rotting_days} days</span>"
            if lead.stale
            else ""
        )
        stage = f"{html.escape(lead.stage_name)} · {days}{stale}"
        closed = lead.closed_at.astimezone(local) if lead.closed_at else None
        texts = {
            "leadValue": html.escape(value),
            "leadStage": stage,
            "leadOwner": html.escape(lead.owner_name or "Nobody"),
            "leadContact": _link(
                "contact", lead.contact_id, lead.contact_name, lead.contact_deleted
            ),
            "leadCompany": _link("company", lead.company_id, lead.company_name, False),
            "leadExpectedClose": _day(lead.expected_close) if lead.expected_close else "",
            "leadNextStep": lead.next_step,
            "leadSource": lead.source,
            "leadNotes": lead.notes,
            "leadLostReason": html.escape(lead.lost_reason),
            "leadClosedAt": f"{closed:%d %b %Y, %H:%M}" if closed else "",
        }
        for name, text in texts.items():
            label = self.fields[name]
            label.setText(text)
            shown = bool(text) or name in ("leadContact", "leadExpectedClose", "leadNextStep")
            self._facts.setRowVisible(label, shown)
        if not lead.next_step:
            self.fields["leadNextStep"].setText("None yet: what should happen next? (F2)")
        if lead.contact_id is None:
            self.fields["leadContact"].setText("<i>Nobody yet</i>")
        if lead.expected_close is None:
            self.fields["leadExpectedClose"].setText("<i>Not set</i>")
        overdue = QColor(self._colour("stale"))
        self.follow_ups.fill(
            [
                (item.id, follow_up_text(item, local), overdue if item.overdue else None)
                for item in lead.follow_ups
            ]
        )
        self.history.set_history(lead.history, local)

    # -- acting ----------------------------------------------------------------------------

    def _close(self, text: str, what: str, act: Callable[[], Change]) -> None:
        """Win or lose the lead shown, undoably: undo puts it back where it was."""
        lead = self._overview
        if lead is None:
            return
        pipeline, bus, report = self._services.pipeline, self._bus, self._report
        try:
            place = pipeline.place(lead.id)
            bus.publish(act())
        except Exception as exc:
            report(what, exc)
            return
        record(
            self._undo,
            text,
            lambda: bus.publish(pipeline.put_back(place)),
            lambda: bus.publish(act()),
            lambda exc: report(f"undo “{text}”", exc),
        )

    def _ask_follow_up(self) -> None:
        if self._overview is not None:
            self.add_follow_up_requested.emit(self._overview.id)

    def _link(self, href: str) -> None:
        kind, _, row = href.partition(":")
        if kind == "contact":
            self.open_contact.emit(int(row))
        elif kind == "company":
            self.open_company.emit(int(row))

    def _on_change(self, change: Change) -> None:
        lead = self._overview
        if lead is None:
            return
        if (
            (change.entity == "lead" and lead.id in change.ids)
            or change.entity in _AROUND
            or (change.affects("contact") and lead.contact_id in change.ids)
            or (change.affects("company") and lead.company_id in change.ids)
        ):
            self._refresh_timer.start(0)  # one re-read for a burst of changes

    # -- looks -----------------------------------------------------------------------------

    def _colour(self, name: str) -> str:
        dark = self._is_dark()
        return {"stale": ("#c5221f", "#f28b82"), "muted": ("#5f6368", "#9aa0a6")}[name][dark]

    def _restyle_for(self, dark: bool) -> None:
        badges = "\n".join(
            f'QLabel#leadStageBadge[kind="{kind}"] {{ background: {c[2 if dark else 0]};'
            f" color: {c[3 if dark else 1]}; }}"
            for kind, c in _BADGES.items()
        )
        warn_bg, warn = ("#3a3220", "#b08d2f") if dark else ("#fef7e0", "#f9ab00")
        muted = self._colour("muted")
        self.setStyleSheet(
            f"""
            QLabel#leadStageBadge {{ border-radius: 9px; padding: 2px 10px; font-weight: 600; }}
            {badges}
            QFrame#leadTrashedBanner {{
                background: {warn_bg}; border: 1px solid {warn}; border-radius: 6px;
            }}
            QFrame#leadTrashedBanner QLabel {{ background: transparent; border: none; }}
            QLabel#leadSummary, QLabel[role="hint"] {{ color: {muted}; }}
            QLabel#leadDetailEmpty, QLabel#leadTimelineEmpty {{ color: {muted}; font-size: 12pt; }}
            """
        )
        if self._overview is not None:
            self._fill(self._overview)


class LeadDetailDialog(QDialog):
    """The lead detail in a window of its own, as the board opens it."""

    def __init__(self, detail: LeadDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leadDetailDialog")
        self.setWindowTitle("Lead")
        self.detail = detail
        detail.setParent(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(detail)
        detail.shown.connect(self._retitle)
        self.resize(1100, 720)

    def _retitle(self, lead_id: object) -> None:
        lead = self.detail.overview()
        self.setWindowTitle(f"Lead: {lead.title}" if lead else "Lead")


def open_lead_detail(
    parent: QWidget | None,
    services: Services,
    bus: ChangeBus,
    undo: QUndoStack,
    report: Report,
    lead_id: int,
) -> LeadDetailDialog:
    """Show a lead in its own window (not modal; closed with Esc)."""
    dialog = LeadDetailDialog(LeadDetail(services, bus, undo, report), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.detail.show_lead(lead_id)
    dialog.show()
    return dialog


def _link(kind: str, row_id: int | None, name: str, trashed: bool) -> str:
    if row_id is None:
        return ""
    tail = " <i>(in the trash)</i>" if trashed else ""
    return link(f"{kind}:{row_id}", name) + tail


def _day(day: Any) -> str:
    return f"{day.day} {day:%b %Y}"
