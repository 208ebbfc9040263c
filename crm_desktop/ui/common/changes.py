"""The change bus: every write's ``Change`` goes out here, and each view refreshes what it shows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from crm_desktop.domain.changes import Change


class ChangeBus(QObject):
    """One per main window. Widgets publish what a service call returned; models listen."""

    changed = Signal(object)  # a crm_desktop.domain.changes.Change

    def publish(self, *changes: Change) -> None:
        for change in changes:
            self.changed.emit(change)
