"""The Pipeline page: the pipeline chooser and "New lead" above, the filters, and the board."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.domain import staff
from crm_desktop.domain.board import BoardQuery
from crm_desktop.domain.changes import Change
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.money import totals
from crm_desktop.ui.pipeline.board import LeadBoard
from crm_desktop.ui.pipeline.filter_bar import BoardFilterBar
from crm_desktop.ui.pipeline.switcher import PipelineSwitcher


class PipelinePage(QWidget):
    new_lead_requested = Signal()
    summary = Signal(str)  # "1,234 open leads worth €…", for the status bar

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pipelinePage")
        self.services, self.bus, self.settings = services, bus, settings
        self.board = LeadBoard(services, bus, undo, report, self)
        self.filters = BoardFilterBar(self)
        self.new_lead = QPushButton("New lead", self)
        self.new_lead.setObjectName("newLeadButton")
        self.new_lead.setToolTip("Add a lead to this pipeline (Ctrl+Shift+N)")
        self.new_lead.clicked.connect(self.new_lead_requested)
        self.switcher = PipelineSwitcher(services.pipelines, bus, undo, report, self)
        self.heading = QLabel(self)
        self.heading.setObjectName("pipelineSummary")
        self.heading.setWordWrap(True)  # two lines rather than a window too wide for a laptop
        self._top = QHBoxLayout()
        self._top.addWidget(self.switcher)
        self._top.addWidget(self.heading, 1)
        self._top.addWidget(self.new_lead)
        layout = QVBoxLayout(self)
        layout.addLayout(self._top)
        layout.addWidget(self.filters)
        layout.addWidget(self.board, 1)

        self.filters.set_staff(staff.all_staff())
        self.filters.changed.connect(self._filter)
        self.board.changed.connect(self._summarise)
        bus.changed.connect(self._on_change)
        self.pipeline_id = services.pipeline.ensure_default()
        remembered = settings.value("pipeline/pipeline_id")
        if remembered is not None and str(remembered).isdigit():
            self.switcher.set_current(int(str(remembered)))
        self.pipeline_id = self.switcher.current_id() or self.pipeline_id
        self.switcher.pipeline_chosen.connect(self.show_pipeline)
        days = settings.value("pipeline/closed_days")
        if days is not None:
            self.filters.closed_days.setValue(int(str(days)))
        self._filter()

    def show_pipeline(self, pipeline_id: int) -> None:
        self.pipeline_id = pipeline_id
        self._filter()

    def _filter(self) -> None:
        self.board.set_query(self.filters.applied(BoardQuery(self.pipeline_id)))

    def _summarise(self) -> None:
        state = self.board.state
        if state is None:
            return
        open_leads = state.open_summary()
        text = (
            f"{open_leads.count:,} open leads · {totals(open_leads.value_minor)}"
            f" · weighted {totals(open_leads.weighted_minor)}"
        )
        self.heading.setText(text)
        self.summary.emit(text)

    def _on_change(self, change: Change) -> None:
        if change.affects("staff"):
            self.filters.set_staff(staff.all_staff())

    # -- what the main window saves ----------------------------------------------------------

    def save_layout(self) -> None:
        self.settings.setValue("pipeline/closed_days", self.filters.closed_days.value())
        self.settings.setValue("pipeline/pipeline_id", self.pipeline_id)
