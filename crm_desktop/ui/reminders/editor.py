"""The follow-up editor (``followUpEditor``), for a new follow-up (Ctrl+R, about the contact or
lead in view) and for editing one (the pane's Edit). Checks as you type; saving publishes the
change and puts it on the undo stack (undoing a new follow-up cancels it; undoing an edit
writes the earlier values back)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.followups import ReminderItem, reminder_problems
from crm_desktop.domain.reminder_pane import about, default_due
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.reminders.actions import ReminderActions
from crm_desktop.ui.reminders.editor_form import FollowUpForm

Report = Callable[[str, BaseException], None]

_COLORS = {"problem": ("#c5221f", "#f28b82"), "muted": ("#5f6368", "#9aa0a6")}  # light, dark


class FollowUpEditor(QDialog):
    """New (``reminder_id`` None; about ``contact_id``/``lead_id`` when given: a lead alone
    brings its contact) or edit. ``saved(id)`` after a save."""

    saved = Signal(int)
    CHECK_DELAY_MS = 150

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: Report,
        reminder_id: int | None = None,
        *,
        contact_id: int | None = None,
        lead_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("followUpEditor")
        self._services, self._bus, self._report = services, bus, report
        self._steps = ReminderActions(services, bus, undo, report)
        clock = services.clock
        self._before: ReminderItem | None = (
            services.followups.get(reminder_id) if reminder_id is not None else None
        )
        if self._before is not None:
            contact_id, lead_id = self._before.contact_id, self._before.lead_id
        self._touched = self._before is not None  # a new, blank form does not complain yet
        self._dirty = False
        self._dark: bool | None = None
        self.setWindowTitle("Edit follow-up" if self._before else "New follow-up")
        self.form = FollowUpForm(clock.now(), clock.local_tz, all_staff(), self)
        self.form.set_about(about(contact_id, lead_id))
        if self._before is not None:
            self.form.load(self._before)
        else:
            self.form.set_due(default_due(clock.now(), clock.local_tz))
            self.form.select_assignee(services.actor_id)
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.CHECK_DELAY_MS)
        self._timer.timeout.connect(self.validate)
        self.form.edited.connect(self._edited)
        self._restyle()
        self.validate()
        self.form.title.setFocus()

    def _build(self) -> None:
        self.resize(560, 0)
        heading = forms.heading(self, "followUpHeading", self.windowTitle())
        row = forms.save_row(self, "followUpHint", self.save)
        self.save_button, self.cancel_button = row.save, row.cancel
        bottom = row.layout
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        if dark == self._dark:
            return
        self._dark = dark
        c = {name: pair[int(dark)] for name, pair in _COLORS.items()}
        self.setStyleSheet(
            f"""
            QLabel[role="problem"] {{ color: {c["problem"]}; }}
            QLabel[role="hint"] {{ color: {c["muted"]}; }}
            QPushButton[role="pick"] {{ padding: 3px 8px; }}
            QLineEdit[invalid="true"] {{
                border: 1px solid {c["problem"]}; border-radius: 3px; padding: 2px 3px;
            }}
            """
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)

    # -- checking and saving -----------------------------------------------------------------

    def _edited(self) -> None:
        self._touched = True
        self._dirty = True
        self._timer.start()

    def validate(self) -> bool:
        """Show what is wrong (once the user has typed something); Save only when all is well."""
        problems = reminder_problems(self.form.values())
        self.form.show_problems(problems if self._touched else {})
        self.save_button.setEnabled(not problems)
        return not problems

    def save(self) -> None:
        self._touched = True
        self._timer.stop()
        if not self.validate():
            return
        fields = self.form.values()
        followups = self._services.followups
        try:
            if self._before is None:
                change = followups.create(fields)
            else:
                change = followups.edit(self._before.id, fields)
        except ValidationError as exc:
            self.form.show_problems(exc.problems)
            self.save_button.setEnabled(False)
            return
        except Exception as exc:
            self._report("save the follow-up", exc)
            return
        self._bus.publish(change)
        if self._before is None:
            self._steps.created(change.id, " ".join(fields.title.split()))
        else:
            self._steps.edited(self._before, fields)
        self._dirty = False
        self.saved.emit(change.id)
        self.accept()

    def reject(self) -> None:
        if self._dirty and not forms.confirm_discard(
            self,
            "Close without saving this follow-up?",
        ):
            return
        super().reject()


def open_follow_up_editor(
    parent: QWidget | None,
    services: Services,
    bus: ChangeBus,
    undo: QUndoStack,
    report: Report,
    reminder_id: int | None = None,
    *,
    contact_id: int | None = None,
    lead_id: int | None = None,
) -> FollowUpEditor | None:
    """Ctrl+R (or Edit): open the follow-up editor, not blocking; None if it could not open."""
    try:
        editor = FollowUpEditor(
            services,
            bus,
            undo,
            report,
            reminder_id,
            contact_id=contact_id,
            lead_id=lead_id,
            parent=parent,
        )
    except Exception as exc:
        report("open the follow-up", exc)
        return None
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
