"""A widget whose looks differ in light and dark.

Its class says how it looks in ``_restyle_for(dark)``. That runs once when the widget calls
``_restyle()`` (at the end of its constructor, usually), then after each palette change that
turns light into dark or back. A palette change that stays light (or dark) does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from crm_desktop.ui.common.theme import is_dark


class ThemedWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dark: bool | None = None  # what it was last styled for (None: not yet)

    def _restyle_for(self, dark: bool) -> None:
        """Style the widget (its style sheet, the colours it painted) for ``dark``."""
        raise NotImplementedError

    def _is_dark(self) -> bool:
        return is_dark(self.palette())

    def _restyle(self) -> None:
        dark = self._is_dark()
        if dark == self._dark:
            return
        self._dark = dark
        self._restyle_for(dark)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)
