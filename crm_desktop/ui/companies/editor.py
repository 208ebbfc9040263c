"""The new/edit company dialog: checks as you type, warns when a company of the same name is
already here (offering to open it instead), saves through the company service, publishes what
changed and puts the save on the undo stack. The dialog's frame: ``common/record_editor.py``."""

from __future__ import annotations

import html

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from crm_desktop.domain.changes import Change
from crm_desktop.domain.companies import (
    CompanyDetail,
    CompanyDuplicate,
    CompanyFields,
    company_problems,
    fields_of,
)
from crm_desktop.domain.services import Services
from crm_desktop.domain.staff import all_staff
from crm_desktop.domain.tags import all_tags
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.duplicate_warning import DuplicateAwareEditor
from crm_desktop.ui.common.record_editor import Report
from crm_desktop.ui.companies.editor_form import CompanyForm


class CompanyEditor(DuplicateAwareEditor[CompanyFields]):
    """Create a company (``company_id`` None) or edit one.

    ``saved(id)`` after a save; ``open_existing(id)`` when the user picks the company of the
    same name instead (the dialog then closes without saving).
    """

    CHECK_DELAY_MS = 200
    NOUN = "company"
    OBJECT_NAME = "companyEditor"
    DISCARD_QUESTION = "Close without saving your changes to this company?"

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        company_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        detail = services.companies.get(company_id) if company_id is not None else None
        super().__init__(
            services, bus, undo_stack, report, editing=detail is not None, parent=parent
        )
        self._detail: CompanyDetail | None = detail
        self.form = CompanyForm(all_staff(), all_tags(), self)
        self._build()
        if detail is not None:
            self.form.load(detail)
        else:
            self.form.select_owner(services.actor_id)
        self.form.edited.connect(self._edited)
        self.form.name.textChanged.connect(lambda _text: self._probe_timer.start())
        self._ready(self.form.name)

    def _build(self) -> None:
        self.resize(620, 600)
        self._add_duplicate_warning()
        layout, bottom = self._frame(
            f"Edit {self._detail.name}" if self._detail else "New company", spacing=12
        )
        layout.addWidget(self.duplicate_strip)
        layout.addWidget(self.form, 1)
        layout.addLayout(bottom)

    # -- checking as you type ------------------------------------------------------------

    def _check(self) -> dict[str, str]:
        return company_problems(self.form.values())

    def _show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)

    def _probe(self) -> None:
        """Look for a living company of the same name; offer to open it instead."""
        exclude = self._detail.id if self._detail else None
        companies = self._services.companies
        found = self._look_for(lambda: companies.duplicates(self.form.name.text(), exclude))
        self._show_duplicates(found)

    def _show_duplicates(self, found: list[CompanyDuplicate]) -> None:
        if not found:
            self.duplicate_strip.withdraw()
            return
        first = found[0]
        more = f" (and {len(found) - 1} more of that name)" if len(found) > 1 else ""
        self.duplicate_strip.offer(
            first.company_id,
            first.name,
            f"<b>{html.escape(first.name)}</b> is already here{more}. "
            "Saving makes a second company of the same name.",
        )

    # -- saving --------------------------------------------------------------------------

    def _fields(self) -> CompanyFields:
        return self.form.values()

    def _write(self, fields: CompanyFields) -> tuple[int, list[Change]]:
        companies = self._services.companies
        if self._detail is None:
            change = companies.create(fields)
            return change.id, [change]
        return self._detail.id, [companies.update(self._detail.id, fields)]

    def _record_undo(self, company_id: int, fields: CompanyFields) -> None:
        companies = self._services.companies
        before = fields_of(self._detail) if self._detail is not None else None
        name = " ".join(fields.name.split())
        self._record_add_or_edit(company_id, name, companies, companies.update, before, fields)
