"""The new/edit lead dialog: checks as you type, saves through the pipeline service, publishes
what changed and puts the save on the undo stack (undoing a new lead trashes it; undoing an
edit writes the earlier values back)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.lead_overview import LeadOverview, contact_choice, lead_overview
from crm_desktop.domain.pipeline import LeadFields, lead_problems
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.money import MoneyEdit, default_currency
from crm_desktop.ui.common.optional_date import OptionalDateEdit
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.pipeline.party_picker import PartyPicker

Report = Callable[[str, BaseException], None]

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


class LeadEditor(QDialog):
    """Create a lead (``lead_id`` None) in ``pipeline_id`` (the default one when None),
    optionally with ``contact_id`` chosen already; or edit one. ``saved(id)`` after a save."""

    saved = Signal(int)
    CHECK_DELAY_MS = 150

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
        super().__init__(parent)
        self.setObjectName("leadEditor")
        self._services, self._bus, self._undo, self._report = services, bus, undo_stack, report
        now = services.clock.now()
        self._before: LeadOverview | None = (
            lead_overview(lead_id, now) if lead_id is not None else None
        )
        self._pipeline_id = (
            self._before.pipeline_id
            if self._before is not None
            else pipeline_id or services.pipeline.ensure_default()
        )
        self._touched = self._before is not None
        self._dirty = False
        self._dark: bool | None = None
        self.setWindowTitle("Edit lead" if self._before else "New lead")
        self._build(now.astimezone(services.clock.local_tz).date())
        if self._before is not None:
            self._load(self._before)
        else:
            self._select(self.owner, services.actor_id, "(someone removed)")
            self.money.set_currency(default_currency())
            choice = contact_choice(contact_id) if contact_id is not None else None
            if choice is not None:
                self.picker.choose(choice)  # with their company, if they have one
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.CHECK_DELAY_MS)
        self._timer.timeout.connect(self.validate)
        self._connect()
        self._restyle()
        self.validate()
        self.title.setFocus()

    # -- layout ----------------------------------------------------------------------------

    def _build(self, today: date) -> None:
        self.resize(600, 560)
        heading = forms.heading(
            self, "leadEditorHeading", f"Edit {self._before.title}" if self._before else "New lead"
        )
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
        row = forms.save_row(self, "leadEditorHint", self.save)
        self.save_button, self.cancel_button = row.save, row.cancel
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problems["other"])
        layout.addLayout(row.layout)

    def _connect(self) -> None:
        for edit in (self.title, self.next_step):
            edit.textEdited.connect(self._edited)
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
        )

    def validate(self) -> bool:
        """Show what is wrong (once something was typed); Save only when all is well."""
        problems = lead_problems(self.values())
        if self.picker.edit.isVisible() and self.picker.edit.text().strip():
            problems["party"] = _UNPICKED
        if self._touched:
            self.show_problems(problems)
        self.save_button.setEnabled(not problems)
        return not problems

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

    def _edited(self) -> None:
        self._touched = True
        self._dirty = True
        self._timer.start()

    def _picked(self) -> None:
        """A choice is no typing to wait for: check at once."""
        self._edited()
        self._timer.stop()
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

    def save(self) -> None:
        self._touched = True
        self._timer.stop()
        if not self.validate():
            return
        fields = self.values()
        pipeline = self._services.pipeline
        try:
            if self._before is None:
                change = pipeline.create_lead(fields, self._pipeline_id, self.stage.currentData())
                lead_id = change.id
            else:
                lead_id = self._before.id
                change = pipeline.update_lead(lead_id, fields)
        except ValidationError as exc:
            self.show_problems(exc.problems)
            self.save_button.setEnabled(False)
            return
        except Exception as exc:
            self._report("save the lead", exc)
            return
        self._bus.publish(change)
        self._record_undo(lead_id, fields)
        self._dirty = False
        self.saved.emit(lead_id)
        self.accept()

    def _record_undo(self, lead_id: int, fields: LeadFields) -> None:
        pipeline, bus, report = self._services.pipeline, self._bus, self._report
        name = " ".join(fields.title.split())
        if self._before is None:
            text = f"Add lead {name}"

            def undo() -> None:
                bus.publish(pipeline.trash([lead_id]))

            def redo() -> None:
                bus.publish(pipeline.restore([lead_id]))

        else:
            text = f"Edit lead {name}"
            before = self._before.lead_fields()

            def undo() -> None:
                bus.publish(pipeline.update_lead(lead_id, before))

            def redo() -> None:
                bus.publish(pipeline.update_lead(lead_id, fields))

        record(self._undo, text, undo, redo, lambda exc: report(f"undo “{text}”", exc))

    # -- closing and looks -----------------------------------------------------------------

    def reject(self) -> None:
        if self._dirty and not forms.confirm_discard(
            self,
            "Close without saving this lead?",
        ):
            return
        super().reject()

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        if dark == self._dark:
            return
        self._dark = dark
        problem, muted = ("#f28b82", "#9aa0a6") if dark else ("#c5221f", "#5f6368")
        self.setStyleSheet(
            f"""
            QLabel[role="problem"] {{ color: {problem}; }}
            QLabel[role="hint"] {{ color: {muted}; }}
            QLineEdit[invalid="true"] {{
                border: 1px solid {problem}; border-radius: 3px; padding: 2px 3px;
            }}
            """
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)


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
    try:
        editor = LeadEditor(
            services,
            bus,
            undo,
            report,
            pipeline_id=pipeline_id,
            contact_id=contact_id,
            parent=parent,
        )
    except Exception as exc:
        report("start a new lead", exc)
        return None
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor


def open_lead_editor(
    parent: QWidget | None,
    services: Services,
    bus: ChangeBus,
    undo: QUndoStack,
    report: Report,
    lead_id: int,
) -> LeadEditor | None:
    """Open the editor on a stored lead (not blocking); None if it could not open."""
    try:
        editor = LeadEditor(services, bus, undo, report, lead_id, parent=parent)
    except Exception as exc:
        report("open the lead", exc)
        return None
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
