"""The export dialog's choice of deals: all pipelines' or one pipeline's (offered when there
are several)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from crm_desktop.domain.pipelines import PipelineSummary

ALL_PIPELINES = "All pipelines"


class DealsBox(QGroupBox):
    def __init__(
        self,
        pipelines: list[PipelineSummary],
        pipeline_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Deals", parent)
        self.setObjectName("exportDeals")
        self.pipeline = QComboBox(self)
        self.pipeline.setObjectName("exportPipeline")
        self.pipeline.addItem(ALL_PIPELINES, None)
        for found in pipelines:
            self.pipeline.addItem(found.name, found.id)
        if pipeline_id is not None:
            self.pipeline.setCurrentIndex(max(0, self.pipeline.findData(pipeline_id)))
        form = QFormLayout(self)
        form.addRow("&Pipeline", self.pipeline)
        self.several = len(pipelines) > 1  # with one, there is nothing to choose

    def pipeline_id(self) -> int | None:
        data = self.pipeline.currentData()
        return int(data) if data is not None else None
