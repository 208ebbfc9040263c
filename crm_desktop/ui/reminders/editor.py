"""The follow-up editor (``followUpEditor``), for a new follow-up (Ctrl+R, about the contact or
lead in view) and for editing one (the pane's Edit). Checks as you type; saving publishes the
change and puts it on the undo stack (undoing a new follow-up cancels it; undoing an edit
writes the earlier values back). The dialog's frame: ``common/record_editor.py``."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from crm_desktop.domain.changes import Change
from crm_desktop.domain.followups import ReminderFields, ReminderItem, reminder_problems
from crm_desktop.domain.reminder_pane import about, default_due
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.record_editor import RecordEditor, Report, open_editor
from crm_desktop.ui.reminders.actions import ReminderActions
from crm_desktop.ui.reminders.editor_form import FollowUpForm


class FollowUpEditor(RecordEditor[ReminderFields]):
    """New (``reminder_id`` None; about ``contact_id``/``lead_id`` when given: a lead alone
    brings its contact) or edit. ``saved(id)`` after a save."""

    CHECK_DELAY_MS = 150
    NOUN = "follow-up"
    OBJECT_NAME = "followUpEditor"
    HEADING_NAME = "followUpHeading"
    HINT_NAME = "followUpHint"
    DISCARD_QUESTION = "Close without saving this follow-up?"

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
        before = services.followups.get(reminder_id) if reminder_id is not None else None
        super().__init__(services, bus, undo, report, editing=before is not None, parent=parent)
        self._steps = ReminderActions(services, bus, undo, report)
        self._before: ReminderItem | None = before
        if before is not None:
            contact_id, lead_id = before.contact_id, before.lead_id
        clock = services.clock
        self.form = FollowUpForm(clock.now(), clock.local_tz, all_staff(), self)
        self.form.set_about(about(contact_id, lead_id))
        if before is not None:
            self.form.load(before)
        else:
            self.form.set_due(default_due(clock.now(), clock.local_tz))
            self.form.select_assignee(services.actor_id)
        self._build()
        self.form.edited.connect(self._edited)
        self._ready(self.form.title)

    def _build(self) -> None:
        self.resize(560, 0)
        layout, bottom = self._frame(self.windowTitle(), spacing=14)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def _style_sheet(self, dark: bool) -> str:
        return super()._style_sheet(dark) + 'QPushButton[role="pick"] { padding: 3px 8px; }'

    # -- checking and saving -----------------------------------------------------------------

    def _check(self) -> dict[str, str]:
        return reminder_problems(self.form.values())

    def _show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)

    def _fields(self) -> ReminderFields:
        return self.form.values()

    def _write(self, fields: ReminderFields) -> tuple[int, list[Change]]:
        followups = self._services.followups
        if self._before is None:
            change = followups.create(fields)
        else:
            change = followups.edit(self._before.id, fields)
        return change.id, [change]

    def _record_undo(self, reminder_id: int, fields: ReminderFields) -> None:
        if self._before is None:
            self._steps.created(reminder_id, " ".join(fields.title.split()))
        else:
            self._steps.edited(self._before, fields)


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
    return open_editor(
        lambda: FollowUpEditor(
            services,
            bus,
            undo,
            report,
            reminder_id,
            contact_id=contact_id,
            lead_id=lead_id,
            parent=parent,
        ),
        report,
        "open the follow-up",
    )
