"""The "already here" warning of an editor: a strip under its heading saying that a record like
the one being typed exists, with a button to open that one instead; and the editor base that
looks for such a record as the user types. What counts as "like" is each editor's own rule."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from crm_desktop.ui.common.record_editor import F, RecordEditor
from crm_desktop.ui.common.timers import debounce

log = logging.getLogger(__name__)

T = TypeVar("T")

_WARN_BG = ("#fef7e0", "#3a3220")  # light, dark
_WARN = ("#f9ab00", "#b08d2f")


def duplicate_style(dark: bool) -> str:
    """The strip's look, for the style sheet of the dialog that holds it."""
    background, border = _WARN_BG[int(dark)], _WARN[int(dark)]
    return f"""
        QFrame#duplicateWarning {{
            background: {background}; border: 1px solid {border}; border-radius: 6px;
        }}
        QFrame#duplicateWarning QLabel {{ background: transparent; border: none; }}
        """


class DuplicateWarning(QFrame):
    """Hidden until ``offer``; ``open_requested(id)`` when the user picks the record offered."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateWarning")
        self.message = QLabel(self)
        self.message.setObjectName("duplicateText")
        self.message.setWordWrap(True)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openExistingButton")
        self.open_button.clicked.connect(self._open)
        strip = QHBoxLayout(self)
        strip.setContentsMargins(12, 8, 8, 8)
        strip.addWidget(self.message, 1)
        strip.addWidget(self.open_button)
        self._existing_id: int | None = None
        self.hide()

    def offer(self, existing_id: int, name: str, message: str) -> None:
        """Say ``message`` (rich text) and offer to open ``name`` instead."""
        self._existing_id = existing_id
        self.message.setText(message)
        self.open_button.setText(f"Open {name} instead")
        self.show()

    def withdraw(self) -> None:
        self._existing_id = None
        self.hide()

    def _open(self) -> None:
        if self._existing_id is not None:
            self.open_requested.emit(self._existing_id)


class DuplicateAwareEditor(RecordEditor[F]):
    """A record editor that warns when a record like this one is already here.

    ``open_existing(id)`` when the user picks that record instead; the dialog then closes
    without saving. The editor calls ``_add_duplicate_warning`` while building and starts
    ``_probe_timer`` on the edits that matter; ``_probe`` looks, ``PROBE_DELAY_MS`` later.
    """

    open_existing = Signal(int)

    PROBE_DELAY_MS = 350

    def _probe(self) -> None:
        """Look for a record like the one typed, and offer it (or withdraw the offer)."""
        raise NotImplementedError

    def _add_duplicate_warning(self) -> DuplicateWarning:
        self.duplicate_strip = DuplicateWarning(self)
        self.duplicate_text = self.duplicate_strip.message
        self.open_existing_button = self.duplicate_strip.open_button
        self.duplicate_strip.open_requested.connect(self._open_existing)
        self._probe_timer = debounce(self, self.PROBE_DELAY_MS, self._probe)
        return self.duplicate_strip

    @staticmethod
    def _look_for(find: Callable[[], list[T]]) -> list[T]:
        """What ``find`` finds; nothing if it fails: a failed hint must not get in the way of
        typing (the log has it)."""
        try:
            return find()
        except Exception:
            log.exception("Duplicate probe failed")
            return []

    def _open_existing(self, existing_id: int) -> None:
        self.open_existing.emit(existing_id)
        self._dirty = False
        self.reject()

    def _style_sheet(self, dark: bool) -> str:
        return super()._style_sheet(dark) + duplicate_style(dark)
