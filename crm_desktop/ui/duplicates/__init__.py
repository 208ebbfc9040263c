"""Duplicate contacts: find them over the whole database, review each pair side by side,
merge (undoable) or mark as different people.

The app wires one entry point, ``open_duplicates``, to Edit > Find duplicates….
"""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from crm_desktop.domain.duplicates import DuplicateFinder
from crm_desktop.domain.merge import MergeService
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.duplicates.dialog import DuplicatesDialog

__all__ = ["DuplicatesDialog", "open_duplicates", "stop_duplicates"]


def open_duplicates(
    parent: QWidget,
    services: Services,
    bus: ChangeBus,
    undo: QUndoStack,
    report: ErrorReporter,
) -> DuplicatesDialog:
    """Show the duplicates dialog (one per window, raised if already open) and start a search."""
    dialog = parent.findChild(DuplicatesDialog, "duplicatesDialog")
    if dialog is None:
        dialog = DuplicatesDialog(
            DuplicateFinder(services.clock, services.actor_id),
            MergeService(services.clock, services.actor_id),
            bus,
            undo,
            report,
            parent,
        )
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    if not dialog.searching:
        dialog.start()
    return dialog


def stop_duplicates(parent: QWidget, msecs: int = 10_000) -> None:
    """Before the database closes: cancel a search under way and let it end."""
    dialog = parent.findChild(DuplicatesDialog, "duplicatesDialog")
    if dialog is not None:
        dialog.cancel()
        dialog.wait(msecs)
