"""The reminders pane's item model: one flat list of section header rows, reminder rows and
"Show more" rows, built from a ``PaneView``.

Every row's data is worked out once when a view arrives, so ``data()`` is a dictionary lookup.
The model writes nothing: ticking a reminder's box emits ``complete_requested`` and the pane
does the work (and the refresh that follows removes the row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from crm_desktop.domain.reminder_pane import SECTIONS, Bounds, PaneRow, PaneView

HEADER, REMINDER, MORE = "header", "reminder", "more"

_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = _ROLE + 1  # HEADER, REMINDER or MORE
SECTION_ROLE = _ROLE + 2  # the section's key
COUNT_ROLE = _ROLE + 3  # a header's count; a "more" row's rows not shown
ROW_ROLE = _ROLE + 4  # a reminder's PaneRow
WHEN_ROLE = _ROLE + 5  # "14:30", "Wed 14:30", "12 Apr"
ABOUT_ROLE = _ROLE + 6  # (contact text, lead text), either may be ""
META_ROLE = _ROLE + 7  # "Me · every 2 weeks · snoozed"
LATE_ROLE = _ROLE + 8  # True for overdue reminders

Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Entry:
    kind: str
    section: str
    row: PaneRow | None = None
    data: dict[int, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.kind, self.section, self.row.id if self.row else 0)


class PaneModel(QAbstractListModel):
    complete_requested = Signal(int)  # a reminder's box was ticked

    def __init__(self, local_tz: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tz = local_tz
        self._entries: list[_Entry] = []
        self._view: PaneView | None = None

    # -- filling -----------------------------------------------------------------------------

    @property
    def view(self) -> PaneView | None:
        return self._view

    def set_view(self, view: PaneView) -> None:
        """Show ``view``: in place when the same rows stay, else by a reset."""
        entries = self._build(view)
        self._view = view
        if [e.key for e in entries] == [e.key for e in self._entries]:
            self._entries = entries
            if entries:
                self.dataChanged.emit(self.index(0), self.index(len(entries) - 1))
            return
        self.beginResetModel()
        self._entries = entries
        self.endResetModel()

    def append_rows(self, section: str, rows: list[PaneRow]) -> None:
        """Add rows "Show more" read to the end of ``section``."""
        if self._view is None or not rows:
            return
        more = self.more_row(section)
        if more < 0:
            return
        entries = [self._reminder(section, r, self._view.bounds) for r in rows]
        self.beginInsertRows(QModelIndex(), more, more + len(entries) - 1)
        self._entries[more:more] = entries
        self.endInsertRows()
        more += len(entries)
        left = self._entries[more].data[COUNT_ROLE] - len(rows)
        if left > 0:
            self._entries[more].data.update(self._more_data(section, left))
            self.dataChanged.emit(self.index(more), self.index(more))
        else:
            self.beginRemoveRows(QModelIndex(), more, more)
            del self._entries[more]
            self.endRemoveRows()

    def _build(self, view: PaneView) -> list[_Entry]:
        entries: list[_Entry] = []
        for section in view.sections:
            entries.append(
                _Entry(
                    HEADER,
                    section.key,
                    data={
                        Qt.ItemDataRole.DisplayRole: section.title,
                        Qt.ItemDataRole.AccessibleTextRole: f"{section.title}: {section.count}",
                        KIND_ROLE: HEADER,
                        SECTION_ROLE: section.key,
                        COUNT_ROLE: section.count,
                    },
                )
            )
            entries += [self._reminder(section.key, row, view.bounds) for row in section.rows]
            if section.remaining:
                entries.append(
                    _Entry(MORE, section.key, data=self._more_data(section.key, section.remaining))
                )
        return entries

    def _reminder(self, section: str, row: PaneRow, bounds: Bounds) -> _Entry:
        when = self._when(section, row.remind_at, bounds)
        contact = row.contact_name + (" (in the trash)" if row.contact_trashed else "")
        meta = [row.assignee_name or "Nobody"]
        if row.repeats:
            meta.append(f"↻ {row.repeats}")
        if row.snoozed:
            meta.append("snoozed")
        return _Entry(
            REMINDER,
            section,
            row,
            {
                Qt.ItemDataRole.DisplayRole: row.title,
                Qt.ItemDataRole.ToolTipRole: self._tooltip(row, contact),
                Qt.ItemDataRole.AccessibleTextRole: f"{row.title}, {when}",
                Qt.ItemDataRole.CheckStateRole: Qt.CheckState.Unchecked,
                KIND_ROLE: REMINDER,
                SECTION_ROLE: section,
                ROW_ROLE: row,
                WHEN_ROLE: when,
                ABOUT_ROLE: (contact, row.lead_title),
                META_ROLE: " · ".join(meta),
                LATE_ROLE: section == "overdue",
            },
        )

    @staticmethod
    def _more_data(section: str, left: int) -> dict[int, Any]:
        text = f"Show more ({left:,} not shown)"
        return {
            Qt.ItemDataRole.DisplayRole: text,
            Qt.ItemDataRole.AccessibleTextRole: text,
            KIND_ROLE: MORE,
            SECTION_ROLE: section,
            COUNT_ROLE: left,
        }

    def _local(self, when: datetime) -> datetime:
        return when.astimezone(self._tz)

    def _when(self, section: str, when: datetime, bounds: Bounds) -> str:
        local, today = self._local(when), self._local(bounds.now).date()
        clock = f"{local:%H:%M}"
        if local.date() == today:
            return clock
        if section == "upcoming" or (
            section == "overdue" and today - local.date() < timedelta(days=7)
        ):
            return f"{local:%a} {clock}"
        return _day(local.date(), today)

    def _tooltip(self, row: PaneRow, contact: str) -> str:
        due = self._local(row.due_at)
        lines = [row.title, f"Due {due:%a} {_day(due.date(), None)}, {due:%H:%M}"]
        if row.snoozed:
            until = self._local(row.remind_at)
            lines.append(f"Snoozed until {until:%a} {_day(until.date(), None)}, {until:%H:%M}")
        lines.append(f"For {row.assignee_name or 'nobody'}")
        if contact:
            lines.append(f"With {contact}")
        if row.lead_title:
            lines.append(f"Lead: {row.lead_title}")
        if row.repeats:
            lines.append(f"Repeats {row.repeats}")
        if row.note.strip():
            lines += ["", row.note.strip()]
        return "\n".join(lines)

    # -- reading -----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        return self._entries[index.row()].data.get(role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return Qt.ItemFlag.NoItemFlags
        kind = self._entries[index.row()].kind
        if kind == HEADER:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if kind == REMINDER:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Ticking a reminder's box asks for it to be completed."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        entry = self._entries[index.row()]
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        if entry.row is None or not checked:
            return False
        self.complete_requested.emit(entry.row.id)
        return True

    def reminder(self, row: int) -> PaneRow | None:
        return self._entries[row].row if 0 <= row < len(self._entries) else None

    def row_of(self, reminder_id: int) -> int:
        """The row showing this reminder, or -1."""
        for number, entry in enumerate(self._entries):
            if entry.row is not None and entry.row.id == reminder_id:
                return number
        return -1

    def header_row(self, section: str) -> int:
        for number, entry in enumerate(self._entries):
            if entry.kind == HEADER and entry.section == section:
                return number
        return -1

    def more_row(self, section: str) -> int:
        for number, entry in enumerate(self._entries):
            if entry.kind == MORE and entry.section == section:
                return number
        return -1

    def shown(self, section: str) -> list[PaneRow]:
        """The reminders shown in ``section``, in order."""
        return [e.row for e in self._entries if e.section == section and e.row is not None]

    def titles(self) -> dict[str, list[str]]:
        """Each section's shown titles (for tests and logs)."""
        return {key: [row.title for row in self.shown(key)] for key in SECTIONS}


def _day(day: date, today: date | None) -> str:
    """ "12 Apr", with the year when it is not this year's (always, with ``today`` None)."""
    text = f"{day.day} {day:%b}"
    return text if today is not None and day.year == today.year else f"{text} {day.year}"
