"""The Reminders page's table model: the shared lazy model (``ui/common/paged_model.py``) with
the reminder columns. Due, title, assignee and completed sort in SQL
(``crm_desktop.store.reminder_list``); the others do not sort.

Times are shown in the user's local time. Whether an open reminder is overdue is decided when
a cell is painted, not when its page was read: its Due turns red and its Status says
"Overdue" the moment it fires (the page's timer re-reads it then anyway).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.reminder_list import ReminderList, ReminderQuery, ReminderRow
from crm_desktop.ui.common.paged_model import Index, PagedTableModel
from crm_desktop.ui.common.theme import is_dark

TITLE, ABOUT, DUE, ASSIGNEE, REPEATS, STATUS, COMPLETED = range(7)
SORT_COLUMNS = {TITLE: "title", DUE: "due", ASSIGNEE: "assignee", COMPLETED: "completed"}
COLUMN_OF_SORT = {sort: column for column, sort in SORT_COLUMNS.items()}
STATUS_TEXT = {"open": "Open", "done": "Done", "cancelled": "Cancelled"}
LATE = ("#c5221f", "#f28b82")  # light, dark: the pane's overdue red
SORT_TIP = "Click to sort by this column; click again to turn the order around."
NO_SORT_TIP = "This column does not sort."
_OWN_ROLES = frozenset(
    {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole}
)


class ReminderTableModel(PagedTableModel):
    headers = ("Title", "Contact / lead", "Due", "Assignee", "Repeats", "Status", "Completed")

    def __init__(
        self,
        reminders: ReminderList,
        clock: Clock,
        query: ReminderQuery | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(reminders, query or ReminderQuery(), parent)
        self._clock = clock

    @property
    def query(self) -> ReminderQuery:
        query: ReminderQuery = self._query
        return query

    def list_row(self, row: int) -> ReminderRow:
        found: ReminderRow = super().list_row(row)
        return found

    def cares(self, change: Change) -> bool:
        """Rows show reminders and the names of their contacts, leads and assignees."""
        return any(change.affects(kind) for kind in ("reminder", "contact", "lead", "staff"))

    # -- what a row shows --------------------------------------------------------------------

    def display(self, row: ReminderRow) -> tuple[str, ...]:
        today = self._today()
        return (
            row.title,
            about_text(row),
            self.when(row.remind_at, today) + (" (snoozed)" if row.snoozed else ""),
            row.assignee_name or "Nobody",
            row.repeats.capitalize(),
            "Snoozed" if row.snoozed else STATUS_TEXT.get(row.status, row.status),
            self.when(row.completed_at, today) if row.completed_at is not None else "",
        )

    def when(self, value: datetime, today: date) -> str:
        """ "Today, 14:30", "Tomorrow, 09:00", "Wed 4 Mar, 09:00", "Fri 12 Dec 2025, 16:00"."""
        local = value.astimezone(self._clock.local_tz)
        names = {today: "Today", today + timedelta(days=1): "Tomorrow"}
        names[today - timedelta(days=1)] = "Yesterday"
        day = names.get(local.date())
        if day is None:
            year = "" if local.year == today.year else f" {local.year}"
            day = f"{local:%a} {local.day} {local:%b}{year}"
        return f"{day}, {local:%H:%M}"

    def tooltip(self, row: ReminderRow) -> str:
        today = self._today()
        lines = [row.title, f"Due {self.when(row.due_at, today)}"]
        if row.snoozed:
            lines.append(f"Snoozed until {self.when(row.remind_at, today)}")
        if row.overdue(self._clock.now()):
            lines.append("Overdue")
        if row.completed_at is not None:
            done = "Done" if row.status == "done" else "Cancelled"
            lines.append(f"{done} {self.when(row.completed_at, today)}")
        lines.append(f"For {row.assignee_name or 'nobody'}")
        if row.contact_name:
            lines.append(f"With {row.contact_name}" + (" (in the trash)" * row.contact_trashed))
        if row.lead_title:
            lines.append(f"Lead: {row.lead_title}")
        if row.repeats:
            lines.append(f"Repeats {row.repeats}")
        if row.note.strip():
            lines += ["", row.note.strip()]
        return "\n".join(lines)

    def _today(self) -> date:
        return self._clock.now().astimezone(self._clock.local_tz).date()

    # -- Qt ------------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The shared model's texts, but live: an overdue row's Due and Status in red, its
        Status "Overdue"; a tooltip with everything about the reminder."""
        if role not in _OWN_ROLES:  # most of the roles a paint asks for: answered fast
            return super().data(index, role)
        if not index.isValid() or index.row() >= self.rowCount():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(self.list_row(index.row()))
        if column != DUE and column != STATUS:
            return super().data(index, role)
        late = self.list_row(index.row()).overdue(self._clock.now())
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(LATE[int(is_dark(QGuiApplication.palette()))]) if late else None
        if late and column == STATUS:
            return "Overdue"
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            if role == Qt.ItemDataRole.ToolTipRole:
                return SORT_TIP if section in SORT_COLUMNS else NO_SORT_TIP
            if role == Qt.ItemDataRole.InitialSortOrderRole:  # the first click on a column
                if section == COMPLETED:  # the latest first
                    return Qt.SortOrder.DescendingOrder
                return Qt.SortOrder.AscendingOrder
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Title, due, assignee or completed, either way, in SQL; the list starts again from
        its first row. Other columns do not sort (the page puts the header's arrow back)."""
        if column in SORT_COLUMNS:
            descending = order == Qt.SortOrder.DescendingOrder
            query = self.query.sorted_by(SORT_COLUMNS[column], descending)
            if query != self.query:
                self.set_query(query)

    @property
    def sort_column(self) -> int:
        return COLUMN_OF_SORT[self.query.sort]

    @property
    def sort_order(self) -> Qt.SortOrder:
        return (
            Qt.SortOrder.DescendingOrder if self.query.descending else Qt.SortOrder.AscendingOrder
        )


def about_text(row: ReminderRow) -> str:
    """ "Ann Lee · 20 chairs"; "(in the trash)" after a trashed contact's name."""
    contact = row.contact_name + (" (in the trash)" if row.contact_trashed else "")
    return " · ".join(part for part in (contact, row.lead_title) if part)
