"""The Reminders page's context menu: for one row the pane's actions (done or reopen, snooze,
edit, cancel, open the contact or lead); for several rows done, reopen and cancel, each for
the rows it fits, with their number."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from crm_desktop.domain.reminder_list import ReminderRow
from crm_desktop.ui.reminders.snooze import snooze_menu

if TYPE_CHECKING:
    from crm_desktop.ui.reminders.page import RemindersPage


def row_menu(page: RemindersPage, rows: list[ReminderRow]) -> QMenu:
    menu = QMenu(page)
    menu.setObjectName("reminderMenu")
    opened = [r for r in rows if r.status == "open"]
    closed = [r for r in rows if r.status != "open"]
    many = len(rows) > 1

    def add(name: str, text: str, slot: Callable[[], object]) -> QAction:
        action = menu.addAction(text, slot)
        action.setObjectName(name)
        return action

    if opened:
        text = f"&Done: {_count(opened)}" if many else "&Done"
        add("reminderDone", f"{text}\tSpace", page.complete_selected)
    if closed:
        text = f"&Reopen: {_count(closed)}" if many else "&Reopen"
        add("reminderReopen", text, page.reopen_selected)
    if not many and opened:
        row = opened[0]
        clock = page.clock
        menu.addMenu(
            snooze_menu(menu, clock.now(), clock.local_tz, lambda until: page.snooze(row, until))
        )
    if not many and rows:
        reminder_id = rows[0].id
        add("reminderEdit", "&Edit…\tF2", lambda: page.edit(reminder_id))
    if opened:
        text = f"&Cancel: {_count(opened)}" if many else "&Cancel follow-up"
        add("reminderCancel", f"{text}\tDel", page.cancel_selected)
    if not many and rows:
        _open_entries(page, menu, rows[0], add)
    return menu


def _open_entries(
    page: RemindersPage,
    menu: QMenu,
    row: ReminderRow,
    add: Callable[[str, str, Callable[[], object]], QAction],
) -> None:
    """ "Open Ann Lee", "Open lead “20 chairs”" after a separator, for what the row is about."""
    if row.contact_id is None and row.lead_id is None:
        return
    menu.addSeparator()
    if row.contact_id is not None:
        contact = row.contact_id
        add(
            "reminderOpenContact",
            f"Open {row.contact_name}",
            lambda: page.open_contact.emit(contact),
        )
    if row.lead_id is not None:
        lead = row.lead_id
        add("reminderOpenLead", f"Open lead “{row.lead_title}”", lambda: page.open_lead.emit(lead))


def _count(rows: list[ReminderRow]) -> str:
    return f"{len(rows):,} follow-up{'s' if len(rows) != 1 else ''}"
