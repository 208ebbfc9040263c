"""The Reminders page (``remindersPage``, navigation "reminders", Ctrl+4): every follow-up as a
lazy table, complementing the dock's short list. Filters: status (Open by default), mine or
everyone's, words of the title or note, when due; sorted by due time (or title, assignee,
completed) in SQL. Enter or a double-click edits, Space completes, the context menu has the
pane's actions (done, reopen, snooze, edit, cancel, open the contact or lead); several rows
selected complete, cancel or reopen together as one undo step.

It keeps itself current: a change on the bus that touches what the rows show re-reads the
table (one read per turn of the event loop) keeping its scroll position and selection
(``KeptView``); while the page is hidden the read waits until it is shown. As time passes, one
single-shot ``timer`` is armed for the moment a row next turns overdue or local midnight moves
the due ranges, never a poll.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QTableView,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.reminder_list import ReminderList, ReminderQuery, ReminderRow
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.kept_view import KeptView
from crm_desktop.ui.common.list_panel import filters_over_table, set_up_list_table
from crm_desktop.ui.common.timers import MAX_WAIT_MS, alarm, arm, next_turn
from crm_desktop.ui.reminders.editor import open_follow_up_editor
from crm_desktop.ui.reminders.page_actions import PageActions
from crm_desktop.ui.reminders.page_filter_bar import ReminderFilterBar
from crm_desktop.ui.reminders.page_menu import row_menu
from crm_desktop.ui.reminders.page_model import DUE, SORT_COLUMNS, ReminderTableModel
from crm_desktop.ui.reminders.snooze import snooze_menu

Report = Callable[[str, BaseException], None]

BULK_LIMIT = 2_000  # rows one action may take (1,000 complete in about 0.25 s at 100,000)
_WIDTHS = (260, 220, 170, 120, 110, 90)


class _Table(QTableView):
    def keyboardSearch(self, search: str) -> None:
        """No type-ahead: it would read row after row of a 100,000-row list to find a match."""


class RemindersPage(QWidget):
    open_contact = Signal(int)
    open_lead = Signal(int)
    counted = Signal(str)  # "1,234 open follow-ups", for the status bar
    refreshed = Signal()  # after a re-read has put the place back (tests wait for it)

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: Report,
        parent: QWidget | None = None,
        *,
        mine: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("remindersPage")
        self._services, self._bus, self._undo, self._report = services, bus, undo, report
        self.clock = services.clock
        self.reader = ReminderList(services.clock, services.actor_id)
        self.steps = PageActions(services, bus, undo, report)
        self.model = ReminderTableModel(self.reader, services.clock, ReminderQuery(), self)
        self.filters = ReminderFilterBar(self, mine=mine)
        self.table = self._table()
        self.kept = KeptView(self.table, self.model)
        self._stale = False  # something changed while the page was hidden
        self._place_row: int | None = None  # where the current row was before a write
        self._refreshing = False
        self.next_refresh_at: datetime | None = None
        self._build()
        self._actions()

        self.timer = alarm(self, "remindersPageTimer", self.tick)
        self._pending = next_turn(self, self.refresh)  # one re-read for a burst of changes

        self.filters.changed.connect(self._filter)
        self.filters.new_requested.connect(lambda: self.new_follow_up())
        self.model.counted.connect(self._on_counted)
        self.model.modelReset.connect(self._show_empty_state)
        bus.changed.connect(self._on_change)
        self._filter()
        self.filters.count.setText(self.count_text())  # a short list was counted while built

    # -- layout ------------------------------------------------------------------------------

    def _table(self) -> QTableView:
        table = _Table(self)
        table.setObjectName("remindersTable")
        table.setModel(self.model)
        set_up_list_table(table, _WIDTHS)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        # The arrow first: enabling sorting sorts by it, and a title order costs a table scan.
        header.setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)  # a click on a header sorts the model in SQL
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        table.activated.connect(self._activated)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        return table

    def _build(self) -> None:
        self.empty, self._stack = filters_over_table(
            self, self.filters, self.table, "remindersPageEmpty"
        )

    def _actions(self) -> None:
        def add(name: str, text: str, keys: str, slot: Callable[[], object]) -> QAction:
            action = QAction(text, self.table)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
            return action

        self.complete_action = add("remindersComplete", "&Done", "Space", self.complete_selected)
        self.edit_action = add("remindersEdit", "&Edit…", "F2", self.edit_current)
        self.cancel_action = add(
            "remindersCancel", "&Cancel follow-up", "Delete", self.cancel_selected
        )
        self.snooze_action = add("remindersSnooze", "&Snooze…", "S", self._snooze_current)

    # -- reading -----------------------------------------------------------------------------

    def _filter(self) -> None:
        query = self.filters.applied(self.model.query)
        try:
            self.reader.filters(query)  # a bad query says so here, not from inside Qt's paint
        except DomainError as exc:
            self._report("filter the follow-ups", exc)
            return
        self.model.set_query(query)
        self._arm()

    def refresh(self) -> None:
        """Read the list again, keeping the scroll position and the selection."""
        self._pending.stop()
        self._stale = False
        self._refreshing = True
        try:
            self.kept.refresh()
        except Exception as exc:  # the table keeps what it showed
            self._report("read the follow-ups", exc)
            return
        finally:
            self._refreshing = False
        if not self.model.counting:
            self._after_refresh()
        self._arm()

    def _after_refresh(self) -> None:
        """Once the place is back: a row written away from the list leaves its place to the
        row that follows, so the keyboard goes on from there."""
        place, self._place_row = self._place_row, None
        count = self.model.rowCount()
        if place is not None and count and not self.table.currentIndex().isValid():
            row = min(place, count - 1)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                self.table.selectionModel().SelectionFlag.ClearAndSelect
                | self.table.selectionModel().SelectionFlag.Rows,
            )
        self.refreshed.emit()

    def count_text(self) -> str:
        """What ``counted`` says of the list now ("" while it is being counted)."""
        return "" if self.model.counting else self._said(self.model.rowCount())

    def _said(self, total: int) -> str:
        what = {"open": "open ", "done": "done ", "cancelled": "cancelled "}.get(
            self.model.query.status or "", ""
        )
        return f"{total:,} {what}follow-up{'s' if total != 1 else ''}"

    def _on_counted(self, total: int) -> None:
        text = self._said(total)
        self.filters.count.setText(text)
        self.counted.emit(text)
        self._show_empty_state()
        if not self._refreshing:  # else refresh() does it, once the place is back
            self._after_refresh()

    def _show_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        status = self.model.query.status
        if self.filters.is_filtering():
            text = (
                "No follow-ups match these filters. Clear the words, or pick “Everyone” "
                "or “Any time”."
            )
        elif status == "open":
            text = "No open follow-ups. Press Ctrl+R to add one."
        elif status is None:
            text = "No follow-ups yet. Press Ctrl+R to add one."
        else:
            text = f"No {status} follow-ups."
        self.empty.setText(text)
        self._stack.setCurrentWidget(self.empty)

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if column not in SORT_COLUMNS:  # that column does not sort: show the order in use
            header = self.table.horizontalHeader()
            header.setSortIndicator(self.model.sort_column, self.model.sort_order)

    # -- keeping current ---------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if not self.model.cares(change):
            return
        if self.isVisible():
            self._pending.start()
        else:
            self._stale = True  # read once when shown, not on every write elsewhere

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or (
            self.next_refresh_at is not None and self.clock.now() >= self.next_refresh_at
        ):
            self.refresh()

    def _arm(self) -> None:
        try:
            target = self.reader.next_change_at()
        except Exception as exc:
            self._report("read when the follow-ups are due", exc)
            return
        self.next_refresh_at = target
        arm(self.timer, target, self.clock.now(), MAX_WAIT_MS)

    def tick(self) -> None:
        """The timer's work: re-read once the awaited moment has come (if shown), else re-arm."""
        target = self.next_refresh_at
        if target is not None and self.clock.now() < target:
            self._arm()
        elif self.isVisible():
            self.refresh()
        else:
            self._stale = True

    # -- the rows acted on -------------------------------------------------------------------

    def current_row(self) -> ReminderRow | None:
        index = self.table.currentIndex()
        return self.model.list_row(index.row()) if index.isValid() else None

    def selected_rows(self) -> list[ReminderRow]:
        """The selected rows (else the current one), in list order."""
        numbers = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not numbers and self.table.currentIndex().isValid():
            numbers = [self.table.currentIndex().row()]
        if len(numbers) > BULK_LIMIT:
            raise DomainError(
                f"{len(numbers):,} follow-ups are selected; one action takes up to "
                f"{BULK_LIMIT:,}. Narrow the list with a filter first."
            )
        return [self.model.list_row(row) for row in numbers]

    def _act(self, what: str, act: Callable[[list[ReminderRow]], int]) -> None:
        try:
            rows = self.selected_rows()
        except DomainError as exc:
            self._report(what, exc)
            return
        if rows:
            self._place_row = min(index.row() for index in self._chosen_indexes())
            if not act(rows):
                self._place_row = None

    def _chosen_indexes(self) -> list[QModelIndex]:
        chosen = self.table.selectionModel().selectedRows()
        return chosen or [self.table.currentIndex()]

    def complete_selected(self) -> None:
        self._act("complete the follow-ups", self.steps.complete)

    def cancel_selected(self) -> None:
        self._act("cancel the follow-ups", self.steps.cancel)

    def reopen_selected(self) -> None:
        self._act("reopen the follow-ups", self.steps.reopen)

    def snooze(self, row: ReminderRow, until: datetime) -> None:
        self.steps.snooze(row, until)

    def edit(self, reminder_id: int) -> None:
        open_follow_up_editor(self, *self._parts(), reminder_id=reminder_id)

    def edit_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.edit(row.id)

    def new_follow_up(self, contact_id: int | None = None, lead_id: int | None = None) -> None:
        open_follow_up_editor(self, *self._parts(), contact_id=contact_id, lead_id=lead_id)

    def _parts(self) -> tuple[Services, ChangeBus, QUndoStack, Report]:
        return self._services, self._bus, self._undo, self._report

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit(self.model.row_id(index.row()))

    # -- menus -------------------------------------------------------------------------------

    def row_menu(self) -> QMenu:
        """The actions on the selected rows: one row's as in the pane, several rows' in bulk."""
        return row_menu(self, self.selected_rows())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and not self.table.selectionModel().isRowSelected(index.row()):
            self.table.selectRow(index.row())
        try:
            menu = self.row_menu()
        except DomainError as exc:
            self._report("show the follow-up's actions", exc)
            return
        if not menu.isEmpty():
            menu.popup(self.table.viewport().mapToGlobal(pos))

    def _snooze_current(self) -> None:
        row = self.current_row()
        if row is None or row.status != "open":
            return
        rect = self.table.visualRect(self.table.currentIndex())
        menu = snooze_menu(
            self, self.clock.now(), self.clock.local_tz, lambda until: self.snooze(row, until)
        )
        menu.popup(self.table.viewport().mapToGlobal(rect.bottomLeft()))
