"""File > Import: the wizard. Choose a file, check the column mapping (its source is recognised
and mapped for you), choose how to import, then watch it run in the background and read the
report, with "Undo this import" at hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crm_desktop.domain.import_layouts import ImportLayouts, Remembered
from crm_desktop.domain.import_stages import DealPlan
from crm_desktop.domain.imported import ImportedDeal
from crm_desktop.domain.services import Services
from crm_desktop.interchange.opened import OpenedFile
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.importing.date_order import DateOrderRow
from crm_desktop.ui.importing.file_page import FilePage
from crm_desktop.ui.importing.history import imported_change, undo_import
from crm_desktop.ui.importing.kind_choice import KindChoice
from crm_desktop.ui.importing.mapping_model import TARGET, MappingModel, TargetDelegate
from crm_desktop.ui.importing.options_page import NO_PLAN, OptionsPage
from crm_desktop.ui.importing.run_page import RunPage
from crm_desktop.ui.importing.runner import ImportRunner

Report = Callable[[str, BaseException], None]
FILE, MAPPING, OPTIONS, RUN = range(4)


class MappingPage(QWizardPage):
    kind_chosen = Signal(str)  # what the rows of a guessed file are, as a person said

    def __init__(self, tz: tzinfo) -> None:
        super().__init__()
        self.setObjectName("importMappingPage")
        self._tz = tz  # the user's, for the date a layout was last used
        self.setTitle("Check the columns")
        self.model: MappingModel | None = None
        self._file: OpenedFile | None = None
        self.kind = KindChoice(self)
        self.kind.chosen.connect(self.kind_chosen)
        # Shown when this layout's columns were chosen by hand before, and are used again.
        self.remembered = QWidget(self)
        self.remembered.setObjectName("rememberedColumns")
        self.remembered_text = QLabel(self.remembered)
        self.remembered_text.setWordWrap(True)
        self.detected_button = QPushButton("Use the &detected columns", self.remembered)
        self.detected_button.setObjectName("useDetectedColumns")
        self.detected_button.clicked.connect(self.use_detected)
        row = QHBoxLayout(self.remembered)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.remembered_text, 1)
        row.addWidget(self.detected_button)
        self.remembered.hide()
        self.view = QTableView(self)
        self.view.setObjectName("importMapping")
        self.view.setItemDelegateForColumn(TARGET, TargetDelegate(self.view))
        self.view.verticalHeader().hide()
        self.view.setEditTriggers(
            QTableView.EditTrigger.AllEditTriggers & ~QTableView.EditTrigger.CurrentChanged
        )
        self.dates = DateOrderRow(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind)
        layout.addWidget(self.remembered)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.dates)

    def show_file(self, file: OpenedFile, remembered: Remembered | None = None) -> None:
        """The file's columns as its source maps them, or as chosen for this layout before."""
        self._file = file
        mapping = file.mapping
        self.remembered.hide()
        if remembered is not None and remembered.mapping is not None:
            choices = {key for key, _ in file.target_choices()}
            mapping = {c: t for c, t in remembered.mapping.items() if t in choices}
            when = remembered.saved_at.astimezone(self._tz)
            self.remembered_text.setText(
                "These are the columns you chose for files like this one, last used on "
                f"{when.day} {when:%B %Y}."
            )
            self.remembered.show()
        self._show(file, mapping)

    def use_detected(self) -> None:
        """Back to the columns the file's source proposes (remembered ones are replaced by
        these once the import runs)."""
        if self._file is not None:
            self.remembered.hide()
            self._show(self._file, self._file.mapping)

    def _show(self, file: OpenedFile, mapping: dict[int, str]) -> None:
        self.model = MappingModel(file.header, file.preview, file.target_choices(), mapping, self)
        self.view.setModel(self.model)
        self.model.dataChanged.connect(lambda *_: self.dates.show_for(file, self.mapping()))
        self.dates.show_for(file, self.mapping())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TARGET, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TARGET, 260)
        mapped = len(self.model.mapping())
        self.setSubTitle(
            f"{file.source_label}: {mapped} of {len(file.header)} columns have a place. "
            "Click “Goes to” to change one; columns set to “don't import” are left out."
        )
        self.kind.show_for(file)

    def mapping(self) -> dict[int, str]:
        return self.model.mapping() if self.model is not None else {}


class ImportWizard(QWizard):
    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        report: Report,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle("Import")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(900, 600)
        self._services, self._bus, self._report = services, bus, report
        self.service = services.imports
        self.layouts = ImportLayouts(services.clock)
        self._options_for: OpenedFile | None = None  # the file the options page was set for
        self._kind_for: OpenedFile | None = None  # the file a remembered kind was looked up for
        self.file_page = FilePage()
        self.mapping_page = MappingPage(services.clock.local_tz)
        self.options_page = OptionsPage()
        self.run_page = RunPage()
        self.setPage(FILE, self.file_page)
        self.setPage(MAPPING, self.mapping_page)
        self.setPage(OPTIONS, self.options_page)
        self.setPage(RUN, self.run_page)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")
        self.options_page.setCommitPage(True)
        self.run_page.finished.connect(lambda _r: self._bus.publish(imported_change()))
        self.run_page.undo_requested.connect(self._undo)
        self.mapping_page.kind_chosen.connect(self._read_as)
        self.undoing: ImportRunner | None = None  # an undo under way (behind its progress)
        self.currentIdChanged.connect(self._entered)

    @property
    def file(self) -> OpenedFile | None:
        return self.file_page.file

    def nextId(self) -> int:
        current = self.currentId()
        if current == FILE:
            return MAPPING if self.file is not None and self.file.has_columns else OPTIONS
        return super().nextId()

    def imported(self) -> bool:
        """Whether an import ran to its report (closed before that: False)."""
        return self.run_page.report is not None

    def open_path(self, path: str) -> None:
        """Start on ``path`` (a file dropped on the window, say, or a test)."""
        self.file_page.load(path)

    def _entered(self, page_id: int) -> None:
        file = self.file
        if file is None:
            return
        if page_id == MAPPING:
            if self._kind_for is not file:  # once per file: a kind chosen since stays
                self._kind_for = file
                kind = self.layouts.chosen_kind(file.header) if file.guessed else None
                if kind is not None and kind != file.record_kind:
                    file.read_as(kind)
            self.mapping_page.show_file(file, self._remembered(file))
        elif page_id == OPTIONS:
            if self._options_for is not file:  # once per file: Back and Next keep the edits
                self._options_for = file
                remembered = self._remembered(file)
                self.options_page.choose(remembered.options if remembered else None)
            self.options_page.show_plan(self._plan(file))
        elif page_id == RUN:
            self._start(file)

    def _read_as(self, kind: str) -> None:
        """The rows of the guessed file are ``kind``, a person says: its columns anew."""
        file = self.file
        if file is not None and kind != file.record_kind:
            file.read_as(kind)
            self.mapping_page.show_file(file, self._remembered(file))

    def _remembered(self, file: OpenedFile) -> Remembered | None:
        """What was chosen for files like this one (a file with columns) last time."""
        return self.layouts.recall(file.record_kind, file.header) if file.has_columns else None

    def _plan(self, file: OpenedFile) -> DealPlan:
        if file.record_kind != "deal":
            return NO_PLAN
        deals = [r for r in file.records(self._mapping(file)) if isinstance(r, ImportedDeal)]
        return self.service.deal_plan(deals)

    def _mapping(self, file: OpenedFile) -> dict[int, str] | None:
        return self.mapping_page.mapping() if file.has_columns else None

    def _start(self, file: OpenedFile) -> None:
        options = self.options_page.options(self._first_stage_id())
        mapping = self._mapping(file)
        if mapping is not None:  # the next file with this header starts from these choices
            chose = file.guessed and file.record_kind != file.guessed_kind
            self.layouts.remember(
                file.record_kind, file.header, mapping, file.mapping, options, kind_chosen=chose
            )
        service = self.service

        def job(progress: Callable[[int, int | None], None], cancelled: Callable[[], bool]) -> Any:
            total = file.total()
            progress(0, total)
            return service.run(
                file.records(mapping),
                file_name=file.path.name,
                source=file.source,
                options=options,
                progress=progress,
                cancelled=cancelled,
                total=total,
                settle_later=True,  # the report first; then, still on the worker, settle()
            )

        self.run_page.table = file.table
        self.run_page.start(job, f"“{file.path.name}”", after=service.settle)

    def _first_stage_id(self) -> int | None:
        pipeline = self._services.pipeline
        stages = pipeline.stages(pipeline.ensure_default())
        return stages[0].id if stages else None

    def _undo(self, batch_id: int) -> None:
        self.run_page.undo_button.setEnabled(False)
        self.undoing = undo_import(
            self, self.service, self._bus, self._report, self.service.batch(batch_id), self._undone
        )

    def _undone(self, undone: bool, text: str) -> None:
        self.undoing = None
        if undone:
            self.run_page.undone(text)
            return
        self.run_page.undo_button.setEnabled(True)
        if text:
            self.run_page.status.setText(text)

    # -- closing while it runs -------------------------------------------------------------

    def reject(self) -> None:
        if self.undoing is not None:
            return  # its progress dialog has the Cancel
        if not self._may_close():
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.undoing is not None or not self._may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def _may_close(self) -> bool:
        runner = self.run_page.runner
        if not runner.running():
            return True
        if self.run_page.report is not None:  # done: its checkpoint takes a second more
            runner.wait()
            return True
        return self._stop_running()

    def _stop_running(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Stop the import?",
            "The import is still running. Stop it? What was imported so far is kept and can "
            "be undone from File > Import history.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.stop_now()
        return True

    def stop_now(self) -> None:
        """Cancel a running import and wait for its last chunk (before the database closes)."""
        if self.run_page.runner.running():
            self.run_page.cancel()
            self.run_page.runner.wait()


def open_import_wizard(
    parent: QWidget,
    services: Services,
    bus: ChangeBus,
    report: Report,
    path: str | None = None,
) -> ImportWizard:
    wizard = ImportWizard(services, bus, report, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if path:
        wizard.open_path(path)
    wizard.show()
    return wizard
