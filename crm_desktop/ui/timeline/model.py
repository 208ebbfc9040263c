"""The timeline as a lazy list model: one keyset page at a time, grouped by local day.

Each row is one ``TimelineEntry``; a row that starts a new day carries the day's title in
``DAY_ROLE`` and the delegate paints it above the entry, so day headers need no rows of their
own. Every row's texts are made once, when its page arrives: ``data()`` is a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    Signal,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.clock import Clock
from crm_desktop.domain.timeline import TimelineEntry, TimelineKey, TimelineService
from crm_desktop.ui.common.changes import ChangeBus

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the TimelineEntry
DAY_ROLE = Qt.ItemDataRole.UserRole + 2  # "Today", "Monday 2 March"... on a day's first row
TIME_ROLE = Qt.ItemDataRole.UserRole + 3  # the local time of day, "14:05"
META_ROLE = Qt.ItemDataRole.UserRole + 4  # "Me · Outbound call · 12 min · with Ann Lee"
EXPANDED_ROLE = Qt.ItemDataRole.UserRole + 5  # True when the whole text is shown
BODY_ROLE = Qt.ItemDataRole.UserRole + 6  # the text under the title (less what became it)

# kind: (what one entry is, what the filter shows)
KIND_NAMES = {
    "call": ("Call", "Calls"),
    "email": ("Email", "Emails"),
    "meeting": ("Meeting", "Meetings"),
    "note": ("Note", "Notes"),
    "message": ("Message", "Messages"),
    "visit": ("Visit", "Visits"),
    "stage": ("Lead moved", "Stage changes"),
    "followup": ("Follow-up done", "Completed follow-ups"),
}
_REFRESHED_BY = ("interaction", "reminder", "lead", "stage", "timeline", "contact", "company")

Index = QModelIndex | QPersistentModelIndex


class TimelineModel(QAbstractListModel):
    """The timeline of one contact or one company, newest first."""

    loadFailed = Signal(object)  # the exception a page query raised

    def __init__(
        self,
        timeline: TimelineService,
        clock: Clock,
        bus: ChangeBus | None = None,
        page_size: int = 50,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeline = timeline
        self._clock = clock
        self._page_size = page_size
        self._scope: dict[str, int] = {}  # {"contact_id": 7} or {"company_id": 3}
        self._kinds: frozenset[str] | None = None
        self._entries: list[TimelineEntry] = []
        self._rows: list[dict[int, Any]] = []
        self._expanded: set[tuple[str, int]] = set()
        self._more = False
        self._locale = QLocale()
        if bus is not None:
            bus.changed.connect(self._on_change)

    # -- what is shown ---------------------------------------------------------------------

    def reset_for(self, *, contact_id: int | None = None, company_id: int | None = None) -> None:
        """Show the timeline of ``contact_id`` or of ``company_id`` (neither: show nothing)."""
        if contact_id is not None and company_id is not None:
            raise ValueError("a timeline is of a contact or of a company, not both")
        if contact_id is not None:
            scope = {"contact_id": contact_id}
        else:
            scope = {"company_id": company_id} if company_id is not None else {}
        if scope != self._scope:
            self._expanded.clear()
        self._scope = scope
        self._reload(self._page_size)

    def set_kinds(self, kinds: Iterable[str] | None) -> None:
        """Show only these kinds (interaction kinds, "stage", "followup"); None shows all."""
        self._kinds = None if kinds is None else frozenset(kinds)
        self._reload(self._page_size)

    def refresh(self) -> None:
        """Read again what is shown, as many rows as were loaded (a change came in)."""
        self._reload(max(self._page_size, len(self._entries)))

    @property
    def contact_id(self) -> int | None:
        return self._scope.get("contact_id")

    @property
    def company_id(self) -> int | None:
        return self._scope.get("company_id")

    @property
    def kinds(self) -> frozenset[str] | None:
        return self._kinds

    # -- rows ------------------------------------------------------------------------------

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def row_of(self, source: str, entry_id: int) -> int:
        """The row showing that entry, or -1 if it is not loaded."""
        for row, entry in enumerate(self._entries):
            if entry.id == entry_id and entry.source == source:
                return row
        return -1

    def toggle_expanded(self, row: int) -> None:
        key = self._entries[row].key[1:]
        self._expanded.symmetric_difference_update({key})
        index = self.index(row)
        self.dataChanged.emit(index, index, [EXPANDED_ROLE])

    # -- QAbstractListModel ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == EXPANDED_ROLE:
            return self._entries[index.row()].key[1:] in self._expanded
        return self._rows[index.row()].get(role)

    def canFetchMore(self, parent: Index) -> bool:
        return self._more and not parent.isValid()

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or not self._more:
            return
        entries = self._page(self._entries[-1].key if self._entries else None, self._page_size)
        self._more = len(entries) == self._page_size
        if not entries:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self._append(entries)
        self.endInsertRows()

    # -- helpers ---------------------------------------------------------------------------

    def _reload(self, limit: int) -> None:
        entries = self._page(None, limit) if self._scope else []
        self.beginResetModel()
        self._entries, self._rows = [], []
        self._more = len(entries) == limit
        self._append(entries)
        self.endResetModel()

    def _page(self, after: TimelineKey | None, limit: int) -> list[TimelineEntry]:
        try:
            return self._timeline.page(**self._scope, after=after, kinds=self._kinds, limit=limit)
        except Exception as exc:  # shown by the widget; the list stops asking for more
            self._more = False
            self.loadFailed.emit(exc)
            return []

    def _append(self, entries: list[TimelineEntry]) -> None:
        tz = self._clock.local_tz
        today = self._clock.now().astimezone(tz).date()
        previous = self._entries[-1].when.astimezone(tz).date() if self._entries else None
        for entry in entries:
            local = entry.when.astimezone(tz)
            day = local.date()
            self._entries.append(entry)
            self._rows.append(
                self._texts(entry, local, "" if day == previous else _day(day, today))
            )
            previous = day

    def _texts(self, entry: TimelineEntry, local: datetime, day: str) -> dict[int, Any]:
        title, body = entry.subject, entry.body
        if not title:  # the text's first line becomes the title
            first, _, body = entry.body.strip().partition("\n")
            title = first or KIND_NAMES[entry.kind][0]
        time = self._locale.toString(
            QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat
        )
        when = f"{_day(local.date(), None)}, {time}"
        meta = " · ".join(self._meta(entry))
        return {
            Qt.ItemDataRole.DisplayRole: title,
            Qt.ItemDataRole.ToolTipRole: f"{when}\n{meta}",
            Qt.ItemDataRole.AccessibleTextRole: f"{when}. {meta}. {title}. {entry.body}",
            ENTRY_ROLE: entry,
            DAY_ROLE: day,
            TIME_ROLE: time,
            META_ROLE: meta,
            BODY_ROLE: body.strip(),
        }

    def _meta(self, entry: TimelineEntry) -> list[str]:
        what = KIND_NAMES[entry.kind][0]
        if entry.direction:
            what = f"{entry.direction.capitalize()} {what.lower()}"
        parts = [entry.who, what]
        if entry.duration_minutes:
            parts.append(f"{entry.duration_minutes} min")
        if entry.outcome:
            parts.append(entry.outcome)
        if self.company_id is not None and entry.contact_name:
            parts.append(f"with {entry.contact_name}")
        if entry.source != "stage_change" and entry.lead_title:
            parts.append(f"lead: {entry.lead_title}")
        return [part for part in parts if part]

    def _on_change(self, change: Change) -> None:
        if self._scope and any(change.affects(kind) for kind in _REFRESHED_BY):
            self.refresh()


def _day(day: date, today: date | None) -> str:
    """A day's title: "Today", "Yesterday", "Tomorrow", else weekday and date (year if not
    this year's). ``today`` None: always the date."""
    if today is not None:
        names = {today: "Today", today - timedelta(days=1): "Yesterday"}
        names[today + timedelta(days=1)] = "Tomorrow"
        if day in names:
            return names[day]
    locale = QLocale()
    same_year = today is not None and day.year == today.year
    return locale.toString(
        QDate(day.year, day.month, day.day), "dddd d MMMM" if same_year else "dddd d MMMM yyyy"
    )
