"""Files dropped on the main window, imported one after another.

The import wizard opens on the first file; when it closes, it opens again on the next, its
title counting them ("Import (2 of 3)"). Files dropped while a wizard is open wait behind the
others. A wizard closed before its file was imported asks whether to go on with the rest, so
twenty files dropped by mistake cost one "No", not twenty closes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.ui.importing.wizard import ImportWizard

OpenWizard = Callable[[str], ImportWizard]
Say = Callable[[str], None]


class DroppedFiles(QObject):
    """The queue of dropped files; ``open_wizard(path)`` opens the wizard on one of them."""

    def __init__(self, parent: QWidget, open_wizard: OpenWizard, say: Say) -> None:
        super().__init__(parent)
        self._parent = parent
        self._open_wizard = open_wizard
        self._say = say
        self._waiting: deque[str] = deque()
        self._opened = 0  # files of this round the wizard has opened on
        self.wizard: ImportWizard | None = None  # the one open for a dropped file

    def add(self, paths: list[str]) -> None:
        """Import ``paths`` after the files already waiting."""
        self._waiting.extend(paths)
        if self.wizard is None:
            self._next()
        else:
            self._say(f"{_files(len(self._waiting))} waiting: each opens when this import closes.")

    def _next(self) -> None:
        if self.wizard is not None or not self._waiting:  # a drop got in first
            return
        path = self._waiting.popleft()
        self._opened += 1
        total = self._opened + len(self._waiting)
        wizard = self._open_wizard(path)
        self.wizard = wizard
        if total > 1:
            wizard.setWindowTitle(f"Import ({self._opened} of {total})")
            self._say(f"Importing {total} files, one after another: “{Path(path).name}” now.")
        wizard.finished.connect(lambda _result: self._closed(wizard))

    def _closed(self, wizard: ImportWizard) -> None:
        if wizard is not self.wizard:
            return
        self.wizard = None
        if not self._waiting:
            self._opened = 0  # the next drop starts a new round
            return
        if not wizard.imported() and not self._go_on(wizard):
            left = len(self._waiting)
            self._waiting.clear()
            self._opened = 0
            rest = (
                "The other file you dropped was"
                if left == 1
                else f"The other {left} files you dropped were"
            )
            self._say(f"{rest} not imported.")
            return
        QTimer.singleShot(0, self._next)  # once the closed wizard is out of the way

    def _go_on(self, closed: ImportWizard) -> bool:
        following = Path(self._waiting[0]).name
        after = len(self._waiting) - 1
        file = closed.file
        skipped = f"“{file.path.name}” was not imported. " if file is not None else ""
        more = {0: "It is the last one.", 1: "One more waits after it."}.get(
            after, f"{after} more wait after it."
        )
        answer = QMessageBox.question(
            self._parent,
            "Import the next file?",
            f"{skipped}Go on with the next file you dropped, “{following}”? {more}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes


def _files(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"
