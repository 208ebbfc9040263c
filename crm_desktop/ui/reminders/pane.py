"""The reminders pane (the right-hand dock): Overdue, Today, Next 7 days and Later, each with
its count and first rows; tick to complete, snooze, edit, cancel, open the contact or lead;
mine or everyone's.

It keeps itself current. Any change on the bus that touches reminders (or the names they
show) re-reads it, coalesced into one read per turn of the event loop. As time passes, one
single-shot ``timer`` is armed for the moment the view next goes stale by itself (the first of
today's reminders firing, midnight, or the next "stay in touch" lapse), never a poll; waits
longer than ``MAX_WAIT_MS`` are cut short and re-armed, so a clock that jumped (sleep, a
changed time zone) is noticed. Lapsed cadences become reminders through
``domain.reminder_pane.surface_lapsed`` just after the pane opens, when contacts or
interactions change, and when the next lapse comes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.reminder_pane import FIRST_ROWS, PaneView, ReminderPane, surface_lapsed
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import timers
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.reminders.actions import ReminderActions
from crm_desktop.ui.reminders.editor import open_follow_up_editor
from crm_desktop.ui.reminders.pane_delegate import PaneDelegate
from crm_desktop.ui.reminders.pane_model import KIND_ROLE, MORE, REMINDER, SECTION_ROLE, PaneModel
from crm_desktop.ui.reminders.snooze import snooze_menu

Report = Callable[[str, BaseException], None]

_SHOWS = ("reminder", "contact", "lead", "staff")  # what the rows show: re-read on their change
_CADENCES = ("contact", "interaction")  # what decides a lapse: check cadences on their change


class RemindersPane(QWidget):
    open_contact = Signal(int)
    open_lead = Signal(int)
    refreshed = Signal()  # after every read (tests wait for it)
    overdue_counted = Signal(int)  # for the dock's title

    MAX_WAIT_MS = timers.MAX_WAIT_MS

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: Report,
        parent: QWidget | None = None,
        *,
        mine: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("remindersPane")
        self._services, self._bus, self._undo, self._report = services, bus, undo, report
        self._clock = services.clock
        self.reader = ReminderPane(services.clock, services.actor_id)
        self.steps = ReminderActions(services, bus, undo, report)
        self._mine = mine
        self._limits: dict[str, int] = {}
        self._completed: set[int] = set()  # ticked since the last read
        self._lapse_at: datetime | None = None  # when the next cadence lapses
        self._checked_at: datetime | None = None  # when cadences were last looked at
        self.next_refresh_at: datetime | None = None
        self.model = PaneModel(services.clock.local_tz, self)
        self.model.complete_requested.connect(self.complete)
        self._build()
        self._list_actions()

        self.timer = timers.alarm(self, "remindersTimer", self.tick)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may be 5 % late
        self._pending = timers.next_turn(self, self.refresh)
        self._cadence_pending = timers.next_turn(self, self.check_cadences)
        bus.changed.connect(self._on_change)
        self.refresh()
        self._cadence_pending.start()  # after the first paint: it scans the contacts

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.mine_button = self._toggle("remindersMine", "Mine", "Follow-ups assigned to you")
        self.everyone_button = self._toggle(
            "remindersEveryone", "Everyone", "Everyone's follow-ups"
        )
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.mine_button)
        group.addButton(self.everyone_button)
        (self.mine_button if self._mine else self.everyone_button).setChecked(True)
        self.mine_button.toggled.connect(self._filter_toggled)
        self.new_button = QToolButton(self)
        self.new_button.setObjectName("remindersNew")
        self.new_button.setText("+ New")
        self.new_button.setToolTip("New follow-up (Ctrl+R)")
        self.new_button.setAutoRaise(True)
        self.new_button.clicked.connect(lambda: self.new_follow_up())
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 2)
        bar.setSpacing(2)
        bar.addWidget(self.mine_button)
        bar.addWidget(self.everyone_button)
        bar.addStretch(1)
        bar.addWidget(self.new_button)

        self.view = QListView(self)
        self.view.setObjectName("remindersList")
        self.view.setModel(self.model)
        self.delegate = PaneDelegate(self.view)
        self.delegate.menu_requested.connect(self._menu_at)
        self.delegate.open_requested.connect(self._open_from_row)
        self.view.setItemDelegate(self.delegate)
        self.view.setMouseTracking(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activated)
        self.empty = QLabel(self)
        self.empty.setObjectName("remindersEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(16)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addLayout(self._stack, 1)
        self.setMinimumWidth(260)

    def _toggle(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    def _list_actions(self) -> None:
        def add(text: str, keys: str, slot: Callable[[], None]) -> QAction:
            action = QAction(text, self.view)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)
            return action

        self.edit_action = add("&Edit…", "F2", lambda: self._on_current(self.edit))
        self.cancel_action = add(
            "&Cancel follow-up", "Delete", lambda: self._on_current(self.cancel)
        )
        self.snooze_action = add("&Snooze…", "S", self._snooze_current)

    # -- reading -----------------------------------------------------------------------------

    @property
    def mine(self) -> bool:
        return self._mine

    def set_mine(self, mine: bool) -> None:
        (self.mine_button if mine else self.everyone_button).setChecked(True)

    def _filter_toggled(self) -> None:
        self._mine = self.mine_button.isChecked()
        self._limits.clear()
        self.refresh()
        self.view.scrollToTop()

    def refresh(self) -> None:
        """Read the pane again, keeping the current reminder and how far "Show more" went."""
        self._pending.stop()
        current = self.current_reminder()
        scroll = self.view.verticalScrollBar().value()
        try:
            view = self.reader.read(self._mine, self._limits)
        except Exception as exc:  # the pane keeps what it showed
            self._report("read the follow-ups", exc)
            return
        self._completed.clear()
        self.model.set_view(view)
        if current is not None and (row := self.model.row_of(current)) >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        self.view.verticalScrollBar().setValue(scroll)
        self._show_empty(view)
        self._arm(view)
        self.overdue_counted.emit(view.section("overdue").count)
        self.refreshed.emit()

    def _show_empty(self, view: PaneView) -> None:
        if view.total:
            self._stack.setCurrentWidget(self.view)
            return
        whose = "of yours " if self._mine else ""
        self.empty.setText(f"No open follow-ups {whose}yet.\nPress Ctrl+R to add one.")
        self._stack.setCurrentWidget(self.empty)

    def show_more(self, section: str) -> None:
        view = self.model.view
        shown = self.model.shown(section)
        if view is None or not shown:
            return
        try:
            rows = self.reader.more(view.bounds, section, self._mine, shown[-1], FIRST_ROWS)
        except Exception as exc:
            self._report("read more follow-ups", exc)
            return
        self.model.append_rows(section, rows)
        self._limits[section] = len(shown) + len(rows)

    def current_reminder(self) -> int | None:
        row = self.model.reminder(self.view.currentIndex().row())
        return row.id if row is not None else None

    # -- keeping current ---------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if any(change.affects(kind) for kind in _CADENCES):
            self._cadence_pending.start()
        if any(change.affects(kind) for kind in _SHOWS):
            self._pending.start()

    def check_cadences(self, since: datetime | None = None) -> None:
        """Turn lapsed "stay in touch" cadences into reminders (only those lapsed after
        ``since`` when given); note when the next one lapses."""
        self._cadence_pending.stop()
        now = self._clock.now()
        try:
            check = surface_lapsed(self._clock, self._services.actor_id, since)
        except Exception as exc:
            self._report("check the stay-in-touch cadences", exc)
            return
        self._checked_at = now
        self._lapse_at = check.next_lapse_at
        if check.change is not None:
            self._bus.publish(check.change)  # re-reads the pane (and tells everyone else)
        elif (view := self.model.view) is not None:
            self._arm(view)

    def _arm(self, view: PaneView) -> None:
        target = view.next_change_at
        if self._lapse_at is not None and self._lapse_at < target:
            target = self._lapse_at
        self.next_refresh_at = target
        timers.arm(self.timer, target, self._clock.now(), self.MAX_WAIT_MS)

    def tick(self) -> None:
        """The timer's work: when the awaited moment has come, check and read; else re-arm."""
        now = self._clock.now()
        if self._lapse_at is not None and now >= self._lapse_at:
            self.check_cadences(since=self._checked_at)  # only what lapsed meanwhile
        target = self.next_refresh_at
        if target is None or now >= target:
            self.refresh()
        elif (view := self.model.view) is not None:
            self._arm(view)

    # -- acting ------------------------------------------------------------------------------

    def complete(self, reminder_id: int) -> None:
        if reminder_id in self._completed:
            return  # a second tick before the pane was read again
        if self.steps.complete(reminder_id):
            self._completed.add(reminder_id)

    def cancel(self, reminder_id: int) -> None:
        self.steps.cancel(reminder_id)

    def snooze(self, reminder_id: int, until: datetime) -> None:
        self.steps.snooze(reminder_id, until)

    def edit(self, reminder_id: int) -> None:
        open_follow_up_editor(self, *self._parts(), reminder_id=reminder_id)

    def new_follow_up(self, contact_id: int | None = None, lead_id: int | None = None) -> None:
        open_follow_up_editor(self, *self._parts(), contact_id=contact_id, lead_id=lead_id)

    def _parts(self) -> tuple[Services, ChangeBus, QUndoStack, Report]:
        return self._services, self._bus, self._undo, self._report

    def _on_current(self, act: Callable[[int], None]) -> None:
        current = self.current_reminder()
        if current is not None:
            act(current)

    def _activated(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        if kind == MORE:
            self.show_more(index.data(SECTION_ROLE))
        elif kind == REMINDER:
            self.edit(self.model.reminder(index.row()).id)  # type: ignore[union-attr]

    def _open_from_row(self, what: str, index: QModelIndex) -> None:
        row = self.model.reminder(index.row())
        if row is None:
            return
        if what == "contact" and row.contact_id is not None:
            self.open_contact.emit(row.contact_id)
        elif what == "lead" and row.lead_id is not None:
            self.open_lead.emit(row.lead_id)

    def row_menu(self, reminder_id: int) -> QMenu:
        """The actions on one reminder (its context menu and its "⋯" button)."""
        row = self.model.reminder(self.model.row_of(reminder_id))
        menu = QMenu(self)
        menu.setObjectName("reminderMenu")
        done = menu.addAction("&Done", lambda: self.complete(reminder_id))
        done.setObjectName("reminderDone")
        now, tz = self._clock.now(), self._clock.local_tz
        snooze = snooze_menu(menu, now, tz, lambda until: self.snooze(reminder_id, until))
        menu.addMenu(snooze)
        menu.addAction("&Edit…", lambda: self.edit(reminder_id)).setObjectName("reminderEdit")
        cancel = menu.addAction("&Cancel follow-up", lambda: self.cancel(reminder_id))
        cancel.setObjectName("reminderCancel")
        if row is not None and (row.contact_id is not None or row.lead_id is not None):
            menu.addSeparator()
        if row is not None and row.contact_id is not None:
            contact = row.contact_id
            opened = menu.addAction(
                f"Open {row.contact_name}", lambda: self.open_contact.emit(contact)
            )
            opened.setObjectName("reminderOpenContact")
        if row is not None and row.lead_id is not None:
            lead = row.lead_id
            opened = menu.addAction(
                f"Open lead “{row.lead_title}”", lambda: self.open_lead.emit(lead)
            )
            opened.setObjectName("reminderOpenLead")
        return menu

    def _menu_at(self, index: QModelIndex, where: QPoint) -> None:
        row = self.model.reminder(index.row())
        if row is not None:
            self.view.setCurrentIndex(index)
            self.row_menu(row.id).popup(where)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            index = self.view.currentIndex()
        if index.isValid():
            self._menu_at(index, self.view.viewport().mapToGlobal(pos))

    def _snooze_current(self) -> None:
        current = self.current_reminder()
        if current is None:
            return
        rect = self.view.visualRect(self.view.currentIndex())
        menu = snooze_menu(
            self, self._clock.now(), self._clock.local_tz, lambda until: self.snooze(current, until)
        )
        menu.popup(self.view.viewport().mapToGlobal(rect.bottomLeft()))
