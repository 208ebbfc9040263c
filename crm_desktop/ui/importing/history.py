"""File > Import history: every import with its counts, and "Undo this import" for the one
selected, even days later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.importing import BatchSummary, ImportService
from crm_desktop.interchange.opened import source_label
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.importing.tables import TextTable

Report = Callable[[str, BaseException], None]
HEADER = ("When", "File", "Source", "Created", "Updated", "Skipped", "Rejected", "State")
# What an undone import may have touched: every view that shows one of these re-reads.
TOUCHED = frozenset({"company", "lead", "interaction", "reminder", "tag"})


def imported_change() -> Change:
    """The change an import (or its undo) publishes: everything may have new rows."""
    return Change("contact", "imported", (), TOUCHED)


def _state(batch: BatchSummary) -> str:
    if batch.reverted:
        return "undone"
    return {"done": "imported"}.get(batch.status, batch.status)


class ImportHistoryDialog(QDialog):
    def __init__(
        self,
        service: ImportService,
        bus: ChangeBus,
        report: Report,
        tz: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importHistory")
        self.setWindowTitle("Import history")
        self.resize(820, 380)
        self._service, self._bus, self._report, self._tz = service, bus, report, tz
        self._batches: list[BatchSummary] = []
        self.model = TextTable(HEADER, parent=self)
        self.view = QTableView(self)
        self.view.setObjectName("importBatches")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel("Nothing has been imported yet. File > Import… brings people in.")
        self.empty.setObjectName("importHistoryEmpty")
        self.undo_button = QPushButton("Undo this import", self)
        self.undo_button.setObjectName("importHistoryUndo")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.reload()

    def reload(self) -> None:
        self._batches = self._service.batches()
        rows = [
            (
                b.started_at.astimezone(self._tz).strftime("%d %b %Y %H:%M"),
                b.file_name,
                source_label(b.source),
                f"{b.created:,}",
                f"{b.updated:,}",
                f"{b.skipped:,}",
                f"{b.rejected:,}",
                _state(b),
            )
            for b in self._batches
        ]
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if rows:
            self.view.selectRow(0)
        self._selection_changed()

    def selected(self) -> BatchSummary | None:
        rows = self.view.selectionModel().selectedRows()
        return self._batches[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(
            batch is not None and not batch.reverted and batch.status != "running"
        )

    def undo_selected(self, _checked: bool = False, confirm: bool = True) -> None:
        batch = self.selected()
        if batch is None:
            return
        if confirm and not self._confirm(batch):
            return
        undo_import(self._service, self._bus, self._report, batch.id)
        self.reload()

    def _confirm(self, batch: BatchSummary) -> bool:
        answer = QMessageBox.question(
            self,
            "Undo this import?",
            f"Remove the {batch.created:,} records “{batch.file_name}” created and put back the "
            f"{batch.updated:,} it changed, as they were before the import?",
        )
        return answer == QMessageBox.StandardButton.Yes


def undo_import(service: ImportService, bus: ChangeBus, report: Report, batch_id: int) -> str:
    """Revert one import and tell every view; returns what was done in words ("" on failure)."""
    try:
        result = service.revert(batch_id)
    except Exception as exc:  # shown to the user: the database is as it was
        report("undo the import", exc)
        return ""
    bus.publish(imported_change())
    return result.summary()


def open_import_history(
    parent: QWidget, service: ImportService, bus: ChangeBus, report: Report, tz: tzinfo
) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(service, bus, report, tz, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
