"""The new/edit lead dialog: checks as you type, saves through the pipeline service, publishes
what changed and puts the save on the undo stack (undoing a new lead trashes it; undoing an
edit writes the earlier values back). The dialog's frame: ``common/record_editor.py``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from crm_desktop.domain.changes import Change
from crm_desktop.domain.lead_overview import LeadOverview, contact_choice, lead_overview
from crm_desktop.domain.pipeline import LeadFields, lead_problems
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.form_fields import text_edit
from crm_desktop.ui.common.money import MoneyEdit, default_currency
from crm_desktop.ui.common.optional_date import OptionalDateEdit
from crm_desktop.ui.common.record_editor import RecordEditor, Report, open_editor
from crm_desktop.ui.pipeline.party_picker import PartyPicker

SOURCES = ("Website", "Referral", "Email", "Phone call", "Event", "Partner", "Social media")
# Which message line a problem the service reports goes under.
_PROBLEM_LINE = {
    "title": "title",
    "contact": "party",
    "company": "party",
    "party": "party",
    "value": "value",
    "currency": "value",
    "expected_close": "expected_close",
    "stage": "stage",
}
_UNPICKED = "Choose someone from the list (or create them), or clear the field."


class LeadEditor(RecordEditor[LeadFields]):
    """Create a lead (``lead_id`` None) in ``pipeline_id`` (the default one when None),
    optionally with ``contact_id`` chosen already; or edit one. ``saved(id)`` after a save."""

    CHECK_DELAY_MS = 150
    NOUN = "lead"
    OBJECT_NAME = "leadEditor"
    HEADING_NAME = "leadEditorHeading"
    HINT_NAME = "leadEditorHint"
    DISCARD_QUESTION = "Close without saving this lead?"

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        lead_id: int | None = None,
        *,
        pipeline_id: int | None = None,
        contact_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        now = services.clock.now()
        before = lead_overview(lead_id, now) if lead_id is not None else None
        super().__init__(
            services, bus, undo_stack, report, editing=before is not None, parent=parent
        )
        self._before: LeadOverview | None = before
        self._pipeline_id = (
            before.pipeline_id
            if before is not None
            else pipeline_id or services.pipeline.ensure_default()
        )
        self._build(now.astimezone(services.clock.local_tz).date())
        if before is not None:
            self._load(before)
        else:
            self._select(self.owner, services.actor_id, "(someone removed)")
            self.money.set_currency(default_currency())
            choice = contact_choice(contact_id) if contact_id is not None else None
            if choice is not None:
                self.picker.choose(choice)  # with their company, if they have one
        self._connect()
        self._ready(self.title)

    # -- layout ----------------------------------------------------------------------------

    def _build(self, today: date) -> None:
        self.resize(600, 620)
        self.title = QLineEdit(self)
        self.title.setObjectName("leadTitleEdit")
        self.title.setPlaceholderText("What is being sold, e.g. 20 office chairs")
        self.title.setClearButtonEnabled(True)
        self.picker = PartyPicker(self._services, self._bus, self._undo, self._report, self)
        self.money = MoneyEdit("lead", self)
        self.value, self.currency = self.money.amount, self.money.currency
        self.stage = QComboBox(self)
        self.stage.setObjectName("leadStageCombo")
        stages = self._services.pipeline.stages(self._pipeline_id)
        for info in stages:
            self.stage.addItem(f"{info.name} ({info.probability}%)", info.id)
        first_open = next((i for i, s in enumerate(stages) if s.kind == "open"), 0)
        self.stage.setCurrentIndex(first_open)
        self.close_date = OptionalDateEdit("leadCloseDateEdit", today, self)
        self.owner = QComboBox(self)
        self.owner.setObjectName("leadOwnerCombo")
        self.owner.addItem("Nobody", None)
        for member in all_staff():
            self.owner.addItem(member.name, member.id)
        self.source = QComboBox(self)
        self.source.setObjectName("leadSourceCombo")
        self.source.setEditable(True)
        self.source.addItems(["", *SOURCES])
        self.source.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if (source_line := self.source.lineEdit()) is not None:
            source_line.setPlaceholderText("Where it came from")
        self.next_step = QLineEdit(self)
        self.next_step.setObjectName("leadNextStepEdit")
        self.next_step.setPlaceholderText("e.g. Send the quote by Friday")
        self.next_step.setClearButtonEnabled(True)
        self.notes = text_edit(
            self, "leadNotesEdit", "What else to know: what they need, who decides, the budget"
        )
        self.notes.setMinimumHeight(90)
        self.problems = {
            name: forms.problem_label(self, f"{name}Problem")
            for name in ("title", "party", "value", "stage", "expected_close", "other")
        }
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("&Title", forms.stacked(self, self.title, self.problems["title"]))
        form.addRow("&With", forms.stacked(self, self.picker, self.problems["party"]))
        form.addRow("&Value", forms.stacked(self, self.money, self.problems["value"]))
        if self._before is None:
            form.addRow("&Stage", forms.stacked(self, self.stage, self.problems["stage"]))
        else:
            self.stage.hide()
        form.addRow(
            "Expected &close", forms.stacked(self, self.close_date, self.problems["expected_close"])
        )
        form.addRow("&Owner", self.owner)
        form.addRow("S&ource", self.source)
        form.addRow("&Next step", self.next_step)
        form.addRow("Not&es", self.notes)
        layout, bottom = self._frame(
            f"Edit {self._before.title}" if self._before else "New lead", spacing=14
        )
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problems["other"])
        layout.addLayout(bottom)

    def _connect(self) -> None:
        for edit in (self.title, self.next_step):
            edit.textEdited.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        self.picker.edit.textChanged.connect(self._edited)
        self.picker.changed.connect(self._picked)
        self.picker.committed.connect(self._after_pick)
        self.money.changed.connect(self._edited)
        self.close_date.changed.connect(self._edited)
        self.source.editTextChanged.connect(self._edited)
        for combo in (self.owner, self.stage):
            combo.currentIndexChanged.connect(self._edited)

    def _load(self, overview: LeadOverview) -> None:
        self.title.setText(overview.title)
        self.picker.load(
            overview.contact_id, overview.company_id, overview.contact_name, overview.company_name
        )
        self.money.set_money(overview.value_minor, overview.currency)
        self.close_date.set_value(overview.expected_close)
        self._select(self.owner, overview.owner_id, "(someone removed)")
        self.source.setEditText(overview.source)
        self.next_step.setText(overview.next_step)
        self.notes.setPlainText(overview.notes)

    # -- values and checking ---------------------------------------------------------------

    def values(self) -> LeadFields:
        return LeadFields(
            title=self.title.text(),
            contact_id=self.picker.contact_id(),
            company_id=self.picker.company_id(),
            value_minor=self.money.value_minor(),
            currency=self.money.code(),
            expected_close=self.close_date.value(),
            source=self.source.currentText(),
            owner_id=self.owner.currentData(),
            next_step=self.next_step.text(),
            notes=self.notes.toPlainText(),
        )

    def _check(self) -> dict[str, str]:
        problems = lead_problems(self.values())
        if self.picker.edit.isVisible() and self.picker.edit.text().strip():
            problems["party"] = _UNPICKED
        return problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        self.show_problems(problems)

    def show_problems(self, problems: dict[str, str]) -> None:
        lines: dict[str, list[str]] = {}
        for field, text in problems.items():
            lines.setdefault(_PROBLEM_LINE.get(field, "other"), []).append(text)
        for name, label in self.problems.items():
            text = "\n".join(lines.get(name, []))
            label.setText(text)
            label.setVisible(bool(text))
        self.title.setProperty("invalid", "title" in problems)
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)

    def _picked(self) -> None:
        """A choice is no typing to wait for: check at once."""
        self._edited()
        self._check_timer.stop()
        self.validate()

    def _after_pick(self) -> None:
        if not self.picker.edit.isVisible():
            self.value.setFocus(Qt.FocusReason.TabFocusReason)
            self.value.selectAll()

    @staticmethod
    def _select(combo: QComboBox, data: object, text_if_missing: str) -> None:
        index = combo.findData(data)
        if index < 0:
            combo.addItem(text_if_missing, data)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    # -- saving ----------------------------------------------------------------------------

    def _fields(self) -> LeadFields:
        return self.values()

    def _write(self, fields: LeadFields) -> tuple[int, list[Change]]:
        pipeline = self._services.pipeline
        if self._before is None:
            change = pipeline.create_lead(fields, self._pipeline_id, self.stage.currentData())
            return change.id, [change]
        return self._before.id, [pipeline.update_lead(self._before.id, fields)]

    def _record_undo(self, lead_id: int, fields: LeadFields) -> None:
        pipeline = self._services.pipeline
        before = self._before.lead_fields() if self._before is not None else None
        name = " ".join(fields.title.split())
        self._record_add_or_edit(lead_id, name, pipeline, pipeline.update_lead, before, fields)


def open_new_lead(
    parent: QWidget | None,
    services: Services,
    bus: ChangeBus,
    undo: QUndoStack,
    report: Report,
    pipeline_id: int | None = None,
    contact_id: int | None = None,
) -> LeadEditor | None:
    """Ctrl+Shift+N: open the new-lead dialog (not blocking); None if it could not open."""
    return open_editor(
        lambda: LeadEditor(
            services,
            bus,
            undo,
            report,
            pipeline_id=pipeline_id,
            contact_id=contact_id,
            parent=parent,
        ),
        report,
        "start a new lead",
    )


def open_lead_editor(
    parent: QWidget | None,
    services: Services,
    bus: ChangeBus,
    undo: QUndoStack,
    report: Report,
    lead_id: int,
) -> LeadEditor | None:
    """Open the editor on a stored lead (not blocking); None if it could not open."""
    return open_editor(
        lambda: LeadEditor(services, bus, undo, report, lead_id, parent=parent),
        report,
        "open the lead",
    )
