"""The new/edit company dialog: checks as you type, warns when a company of the same name is
already here (offering to open it instead), saves through the company service, publishes what
changed and puts the save on the undo stack."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.companies import (
    CompanyDetail,
    CompanyDuplicate,
    CompanyFields,
    company_problems,
    fields_of,
)
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.domain.tags import all_tags
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.companies.editor_form import CompanyForm

log = logging.getLogger(__name__)

Report = Callable[[str, BaseException], None]  # an ErrorReporter, or a stand-in in tests

_COLORS = {  # light, dark
    "problem": ("#c5221f", "#f28b82"),
    "warn_bg": ("#fef7e0", "#3a3220"),
    "warn": ("#f9ab00", "#b08d2f"),
    "muted": ("#5f6368", "#9aa0a6"),
}


class CompanyEditor(QDialog):
    """Create a company (``company_id`` None) or edit one.

    ``saved(id)`` after a save; ``open_existing(id)`` when the user picks the company of the
    same name instead (the dialog then closes without saving).
    """

    saved = Signal(int)
    open_existing = Signal(int)

    CHECK_DELAY_MS = 200
    PROBE_DELAY_MS = 350

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        company_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("companyEditor")
        self._services, self._bus, self._undo, self._report = services, bus, undo_stack, report
        self._detail: CompanyDetail | None = (
            services.companies.get(company_id) if company_id is not None else None
        )
        self._touched = self._detail is not None  # a new, blank form does not complain yet
        self._dirty = False
        self._existing_id: int | None = None
        self._dark: bool | None = None
        self.setWindowTitle("Edit company" if self._detail else "New company")
        self.form = CompanyForm(all_staff(), all_tags(), self)
        self._build()
        if self._detail is not None:
            self.form.load(self._detail)
        else:
            self.form.select_owner(services.actor_id)
        self._check_timer = forms.debounce(self, self.CHECK_DELAY_MS, self._validate)
        self._probe_timer = forms.debounce(self, self.PROBE_DELAY_MS, self._probe)
        self.form.edited.connect(self._on_edited)
        self.form.name.textChanged.connect(lambda _text: self._probe_timer.start())
        self._restyle()
        self._validate()
        self.form.name.setFocus()

    # -- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        self.resize(620, 600)
        heading = forms.heading(
            self, "editorHeading", f"Edit {self._detail.name}" if self._detail else "New company"
        )

        self.duplicate_strip = QFrame(self)
        self.duplicate_strip.setObjectName("duplicateWarning")
        self.duplicate_text = QLabel(self.duplicate_strip)
        self.duplicate_text.setObjectName("duplicateText")
        self.duplicate_text.setWordWrap(True)
        self.open_existing_button = QPushButton(self.duplicate_strip)
        self.open_existing_button.setObjectName("openExistingButton")
        self.open_existing_button.clicked.connect(self._open_existing)
        strip = QHBoxLayout(self.duplicate_strip)
        strip.setContentsMargins(12, 8, 8, 8)
        strip.addWidget(self.duplicate_text, 1)
        strip.addWidget(self.open_existing_button)
        self.duplicate_strip.hide()

        row = forms.save_row(self, "editorHint", self.save)
        self.save_button, self.cancel_button = row.save, row.cancel
        bottom = row.layout

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.duplicate_strip)
        layout.addWidget(self.form, 1)
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
            QLineEdit[invalid="true"] {{
                border: 1px solid {c["problem"]}; border-radius: 3px; padding: 2px 3px;
            }}
            QFrame#duplicateWarning {{
                background: {c["warn_bg"]}; border: 1px solid {c["warn"]}; border-radius: 6px;
            }}
            QFrame#duplicateWarning QLabel {{ background: transparent; border: none; }}
            """
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)

    # -- checking as you type ------------------------------------------------------------

    def _on_edited(self) -> None:
        self._touched = True
        self._dirty = True
        self._check_timer.start()

    def _validate(self) -> bool:
        """Show what is wrong (once the user has typed something); Save only when all is well."""
        problems = company_problems(self.form.values())
        if self._touched:
            self.form.show_problems(problems)
        self.save_button.setEnabled(not problems)
        return not problems

    def _probe(self) -> None:
        """Look for a living company of the same name; offer to open it instead."""
        exclude = self._detail.id if self._detail else None
        try:
            found = self._services.companies.duplicates(self.form.name.text(), exclude)
        except Exception:  # a failed hint must not get in the way of typing; the log has it
            log.exception("Duplicate probe failed")
            found = []
        self._show_duplicates(found)

    def _show_duplicates(self, found: list[CompanyDuplicate]) -> None:
        if not found:
            self._existing_id = None
            self.duplicate_strip.hide()
            return
        first = found[0]
        more = f" (and {len(found) - 1} more of that name)" if len(found) > 1 else ""
        self._existing_id = first.company_id
        self.duplicate_text.setText(
            f"<b>{html.escape(first.name)}</b> is already here{more}. "
            "Saving makes a second company of the same name."
        )
        self.open_existing_button.setText(f"Open {first.name} instead")
        self.duplicate_strip.show()

    def _open_existing(self) -> None:
        if self._existing_id is None:
            return
        self.open_existing.emit(self._existing_id)
        self._dirty = False
        self.reject()

    # -- saving --------------------------------------------------------------------------

    def save(self) -> None:
        self._touched = True
        self._check_timer.stop()
        if not self._validate():
            return
        fields = self.form.values()
        companies = self._services.companies
        try:
            if self._detail is None:
                change = companies.create(fields)
                company_id = change.id
            else:
                company_id = self._detail.id
                change = companies.update(company_id, fields)
        except ValidationError as exc:
            self.form.show_problems(exc.problems)
            self.save_button.setEnabled(False)
            return
        except Exception as exc:
            self._report("save the company", exc)
            return
        self._bus.publish(change)
        self._record_undo(company_id, fields)
        self._dirty = False
        self.saved.emit(company_id)
        self.accept()

    def _record_undo(self, company_id: int, fields: CompanyFields) -> None:
        companies, bus, report = self._services.companies, self._bus, self._report
        name = " ".join(fields.name.split())
        if self._detail is None:
            text = f"Add company {name}"

            def undo() -> None:
                bus.publish(companies.trash([company_id]))

            def redo() -> None:
                bus.publish(companies.restore([company_id]))

        else:
            text = f"Edit company {name}"
            before = fields_of(self._detail)

            def undo() -> None:
                bus.publish(companies.update(company_id, before))

            def redo() -> None:
                bus.publish(companies.update(company_id, fields))

        record(self._undo, text, undo, redo, lambda exc: report(f"undo “{text}”", exc))

    # -- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        if self._dirty and not forms.confirm_discard(
            self,
            "Close without saving your changes to this company?",
        ):
            return
        super().reject()
