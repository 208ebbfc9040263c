"""What every record editor dialog does the same way: edit one record (new, or one already
stored), check the fields as the user types, save through a service, publish what changed, put
the save on the undo stack, and ask before unsaved edits are thrown away.

An editor subclasses ``RecordEditor`` and brings only its own fields, rules and service calls:
``_check`` and ``_show_problems`` (what is wrong and where to say it), ``_fields`` and
``_write`` (what to save and how), ``_record_undo`` (how to take the save back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from crm_desktop.domain.changes import Change
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.common.timers import debounce
from crm_desktop.ui.common.undo import record

Report = Callable[[str, BaseException], None]  # an ErrorReporter, or a stand-in in tests

F = TypeVar("F")  # a record's editable fields (CompanyFields, LeadFields, ...)
D = TypeVar("D", bound=QDialog)


class Trashable(Protocol):
    """A service whose records go to the trash and come back from it."""

    def trash(self, ids: list[int], /) -> Change: ...

    def restore(self, ids: list[int], /) -> Change: ...


PROBLEM = ("#c5221f", "#f28b82")  # light, dark
MUTED = ("#5f6368", "#9aa0a6")


def editor_style(dark: bool, invalid: tuple[str, str] = PROBLEM) -> str:
    """Message lines in red, the hint muted, a field with a problem framed in ``invalid``."""
    shade = int(dark)
    problem, muted, frame = PROBLEM[shade], MUTED[shade], invalid[shade]
    return f"""
        QLabel[role="problem"] {{ color: {problem}; }}
        QLabel[role="hint"] {{ color: {muted}; }}
        QLineEdit[invalid="true"] {{
            border: 1px solid {frame}; border-radius: 3px; padding: 2px 3px;
        }}
        """


class RecordEditor(QDialog, Generic[F]):
    """Create a record (with fields of type ``F``) or edit one; ``saved(id)`` after a save.

    Edits mark the dialog dirty and re-check the fields once typing pauses for
    ``CHECK_DELAY_MS``; problems show only once the user has typed something (a stored record
    is checked from the start), and Save is enabled only when there are none.
    """

    saved = Signal(int)

    CHECK_DELAY_MS = 150
    NOUN = "record"  # in the window title, the undo text and the error message
    OBJECT_NAME = "recordEditor"
    HEADING_NAME = "editorHeading"
    HINT_NAME = "editorHint"
    DISCARD_QUESTION = "Close without saving?"
    INVALID = PROBLEM  # the frame of a field with a problem: light, dark

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        *,
        editing: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.OBJECT_NAME)
        self._services, self._bus, self._undo, self._report = services, bus, undo_stack, report
        self._touched = editing  # a new, blank form does not complain yet
        self._dirty = False
        self._dark: bool | None = None
        self.setWindowTitle(f"Edit {self.NOUN}" if editing else f"New {self.NOUN}")
        self._check_timer = debounce(self, self.CHECK_DELAY_MS, self.validate)

    # -- for the editor to fill in ---------------------------------------------------------

    def _check(self) -> dict[str, str]:
        """What is wrong with the fields as they stand, by field."""
        raise NotImplementedError

    def _show_problems(self, problems: dict[str, str]) -> None:
        """Put each problem under its field (none: clear them all)."""
        raise NotImplementedError

    def _fields(self) -> F:
        """The values to save."""
        raise NotImplementedError

    def _write(self, fields: F) -> tuple[int, list[Change]]:
        """Create or update the record: its id and what changed. May raise ValidationError."""
        raise NotImplementedError

    def _record_undo(self, record_id: int, fields: F) -> None:
        """Put the save just made on the undo stack."""
        raise NotImplementedError

    # -- building --------------------------------------------------------------------------

    def _frame(self, heading_text: str, *, spacing: int) -> tuple[QVBoxLayout, QHBoxLayout]:
        """The dialog's layout with the heading on top, and the Save/Cancel row to add at its
        foot. Call it once the fields exist: Save and Cancel come after them in the tab order."""
        heading = forms.heading(self, self.HEADING_NAME, heading_text)
        row = forms.save_row(self, self.HINT_NAME, self.save)
        self.save_button, self.cancel_button = row.save, row.cancel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(spacing)
        layout.addWidget(heading)
        return layout, row.layout

    def _ready(self, first: QWidget) -> None:
        """Once built and filled: colour, check, and put the cursor in ``first``."""
        self._restyle()
        self.validate()
        first.setFocus()

    # -- looks -----------------------------------------------------------------------------

    def _style_sheet(self, dark: bool) -> str:
        return editor_style(dark, self.INVALID)

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        if dark == self._dark:
            return
        self._dark = dark
        self.setStyleSheet(self._style_sheet(dark))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)

    # -- checking as you type --------------------------------------------------------------

    def _edited(self) -> None:
        self._touched = True
        self._dirty = True
        self._check_timer.start()

    def validate(self) -> bool:
        """Show what is wrong (once the user has typed something); Save only when all is well."""
        problems = self._check()
        if self._touched:
            self._show_problems(problems)
        self.save_button.setEnabled(not problems)
        return not problems

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        self._touched = True
        self._check_timer.stop()
        if not self.validate():
            return
        fields = self._fields()
        try:
            record_id, changes = self._write(fields)
        except ValidationError as exc:
            self._show_problems(exc.problems)
            self.save_button.setEnabled(False)
            return
        except Exception as exc:
            self._report(f"save the {self.NOUN}", exc)
            return
        self._bus.publish(*changes)
        self._record_undo(record_id, fields)
        self._dirty = False
        self.saved.emit(record_id)
        self.accept()

    def _record_add_or_edit(
        self,
        record_id: int,
        name: str,
        service: Trashable,
        update: Callable[[int, F], Change],
        before: F | None,
        after: F,
    ) -> None:
        """Undo for a save: a new record (``before`` None) goes to ``service``'s trash and redo
        restores it; an edit writes ``before`` back with ``update`` and redo writes ``after``."""
        bus, report = self._bus, self._report
        if before is None:
            text = f"Add {self.NOUN} {name}"

            def undo() -> None:
                bus.publish(service.trash([record_id]))

            def redo() -> None:
                bus.publish(service.restore([record_id]))

        else:
            text = f"Edit {self.NOUN} {name}"
            earlier = before

            def undo() -> None:
                bus.publish(update(record_id, earlier))

            def redo() -> None:
                bus.publish(update(record_id, after))

        record(self._undo, text, undo, redo, lambda exc: report(f"undo “{text}”", exc))

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self._dirty and not forms.confirm_discard(self, self.DISCARD_QUESTION):
            return
        super().reject()


def open_editor(build: Callable[[], D], report: Report, what: str) -> D | None:
    """Build an editor and open it, not blocking, to be deleted on close; None when it could not
    be built (the failure is reported as "could not ``what``")."""
    try:
        editor = build()
    except Exception as exc:
        report(what, exc)
        return None
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
