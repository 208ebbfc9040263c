"""File > Import history: every import with its counts, the rows it rejected or imported with a
warning, and "Undo this import" for the one selected, even days later. An undo runs on a
worker thread behind a progress dialog with Cancel (a cancel rolls it back whole), so the
window keeps painting through the 10 s or so that undoing 100,000 rows takes."""

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
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.importing import (
    BatchSummary,
    ImportService,
    RevertReport,
    UndoCancelled,
)
from crm_desktop.interchange.opened import source_label
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.text_table import TextTable
from crm_desktop.ui.importing.runner import ImportRunner

Report = Callable[[str, BaseException], None]
Done = Callable[[bool, str], None]  # (undone, what to tell the user; "" when already told)
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
        self.resize(940, 480)
        self._service, self._bus, self._report, self._tz = service, bus, report, tz
        self._batches: list[BatchSummary] = []
        self.undoing: ImportRunner | None = None
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
        # The selected import's rows that were rejected or came in with a warning.
        self.rows = TextTable(("Line", "Imported", "Why"), parent=self)
        self.rows_view = QTableView(self)
        self.rows_view.setObjectName("importBatchRows")
        self.rows_view.setModel(self.rows)
        self.rows_view.verticalHeader().hide()
        rows_header = self.rows_view.horizontalHeader()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows_header.setStretchLastSection(True)
        self.rows_view.hide()
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
        layout.addWidget(self.rows_view, 1)
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

    def reject(self) -> None:
        if self.undoing is None:  # else its progress dialog has the Cancel
            super().reject()

    def selected(self) -> BatchSummary | None:
        rows = self.view.selectionModel().selectedRows()
        return self._batches[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        batch = self.selected()
        notes = self._service.row_notes(batch.id) if batch is not None else []
        self.rows.set_rows([(line, "yes" if kept else "no", why) for line, kept, why in notes])
        self.rows_view.setVisible(bool(notes))
        self.undo_button.setEnabled(
            batch is not None
            and not batch.reverted
            and batch.status != "running"
            and self.undoing is None
        )

    def undo_selected(self, _checked: bool = False, confirm: bool = True) -> None:
        batch = self.selected()
        if batch is None or self.undoing is not None:
            return
        if confirm and not self._confirm(batch):
            return
        self.undo_button.setEnabled(False)
        self.undoing = undo_import(
            self, self._service, self._bus, self._report, batch, self._undo_ended
        )

    def _undo_ended(self, _undone: bool, _text: str) -> None:
        self.undoing = None
        self.reload()

    def _confirm(self, batch: BatchSummary) -> bool:
        answer = QMessageBox.question(
            self,
            "Undo this import?",
            f"Remove the {batch.created:,} records “{batch.file_name}” created and put back the "
            f"{batch.updated:,} it changed, as they were before the import?",
        )
        return answer == QMessageBox.StandardButton.Yes


def undo_import(
    parent: QWidget,
    service: ImportService,
    bus: ChangeBus,
    report: Report,
    batch: BatchSummary,
    done: Done,
) -> ImportRunner:
    """Start undoing one import on a worker thread, behind a window-modal progress dialog
    with Cancel; ``done(undone, text)`` on the main thread once it has ended. A failure is
    reported (the database is as it was); a cancel says so."""
    dialog = QProgressDialog(f"Undoing the import of “{batch.file_name}”…", "Cancel", 0, 0, parent)
    dialog.setObjectName("importUndoProgress")
    dialog.setWindowTitle("Undo this import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    runner = ImportRunner(dialog)

    def progressed(rows: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(rows)

    def finished(result: object) -> None:
        dialog.hide()  # not close(): that would say "canceled"
        bus.publish(imported_change())
        done(True, result.summary() if isinstance(result, RevertReport) else "")

    def failed(exc: object) -> None:
        dialog.hide()
        if isinstance(exc, UndoCancelled):
            done(False, str(exc))
            return
        report("undo the import", exc if isinstance(exc, BaseException) else RuntimeError(exc))
        done(False, "")

    runner.progressed.connect(progressed)
    runner.finished.connect(finished)
    runner.failed.connect(failed)
    dialog.canceled.connect(runner.cancel)
    runner.start(lambda progress, cancelled: service.revert(batch.id, progress, cancelled))
    return runner


def open_import_history(
    parent: QWidget, service: ImportService, bus: ChangeBus, report: Report, tz: tzinfo
) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(service, bus, report, tz, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
