"""What the contact detail shows when nobody is picked: a hint and a "New contact" button.

The detail panel shows it as its empty state; ``DetailStandIn`` shows the same while the panel
itself (with the timeline, a good part of a start) is built just after the window is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.ui.common.theme import is_dark

EMPTY_TEXT = "Pick a contact on the left, or press Ctrl+N to add one."
# The least width of the detail (its quick-log bar needs about this much), asked for by the
# panel and by its stand-in alike, so the list beside it keeps its width when the panel comes.
MIN_WIDTH = 300
MUTED = {False: "#5f6368", True: "#9aa0a6"}  # the panel's muted text, light and dark


def empty_style(dark: bool) -> str:
    return f"QLabel#contactDetailEmpty {{ color: {MUTED[dark]}; font-size: 13pt; }}"


def empty_page(parent: QWidget, new_contact: Callable[[], object]) -> QWidget:
    page = QWidget(parent)
    text = QLabel(EMPTY_TEXT, page)
    text.setObjectName("contactDetailEmpty")
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text.setWordWrap(True)
    button = QPushButton("New contact", page)
    button.setObjectName("emptyNewContactButton")
    button.clicked.connect(new_contact)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addWidget(text)
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
    layout.addStretch(2)
    return page


class DetailStandIn(QWidget):
    """The detail's empty state alone, shown until the real panel replaces it."""

    def __init__(self, new_contact: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactDetailStandIn")
        self.setMinimumWidth(MIN_WIDTH)
        self._dark: bool | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(empty_page(self, new_contact))
        self._restyle()

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        if dark != self._dark:
            self._dark = dark
            self.setStyleSheet(empty_style(dark))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)
