"""The wizard's last page: the import running (progress bar, Cancel), then its report: created,
updated, skipped, each rejected row with its line and reason ("Save the rejected rows" writes
them as a file to fix and import again), and "Undo this import"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from crm_desktop.domain.errors import DomainError
from crm_desktop.interchange.errors import UnreadableFile
from crm_desktop.interchange.rejected import write_rejected
from crm_desktop.interchange.table import Table
from crm_desktop.ui.common.text_table import TextTable
from crm_desktop.ui.importing.runner import ImportRunner, Job


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def report_lines(report: Any) -> list[str]:
    """The report in a few sentences, as the page and the CLI's text say it."""
    lines = [
        f"{_count(report.created, 'record')} created, {report.updated:,} updated, "
        f"{report.skipped:,} skipped, {_count(len(report.rejected), 'row')} rejected."
    ]
    if getattr(report, "merged_in_file", 0):
        lines.append(f"{_count(report.merged_in_file, 'row')} merged into a row above it.")
    lines.extend(getattr(report, "notices", ()) or ())
    if report.cancelled:
        lines.insert(0, "Cancelled: what was imported before Cancel is kept (and can be undone).")
    return lines


class RunPage(QWizardPage):
    finished = Signal(object)  # the import's report
    undo_requested = Signal(int)  # the batch to revert

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("importRunPage")
        self.setTitle("Importing")
        self.setSubTitle("The main window stays usable while the import runs.")
        self.runner = ImportRunner(self)
        self.report: Any = None
        self.error: Exception | None = None
        self.table: Table | None = None  # the file's rows, for "Save the rejected rows"
        layout = QVBoxLayout(self)
        self.status = QLabel("Starting…", self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.cancel_button = QPushButton("Cancel import", self)
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.clicked.connect(self.cancel)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        self.rejected = TextTable(("Line", "Why it was not imported"), parent=self)
        self.rejected_view = self._lines_view(self.rejected, "importRejected")
        # Rows that came in, but not whole: a birthday kept in the notes, a number left out.
        self.warned = TextTable(("Line", "Imported, but"), parent=self)
        self.warned_view = self._lines_view(self.warned, "importWarnings")
        self.undo_button = QPushButton("Undo this import", self)
        self.undo_button.setObjectName("importUndo")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._undo)
        self.save_button = QPushButton("Save the rejected rows…", self)
        self.save_button.setObjectName("importSaveReport")
        self.save_button.hide()
        self.save_button.clicked.connect(self._save_rejected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addWidget(self.status)
        layout.addLayout(top)
        layout.addWidget(self.rejected_view, 100)
        layout.addWidget(self.warned_view, 100)
        layout.addLayout(buttons)
        layout.addStretch(1)  # keeps the lines at the top while there is no table
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)

    def _lines_view(self, model: TextTable, name: str) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        view.hide()
        return view

    def start(self, job: Job, what: str, after: Callable[[], object] | None = None) -> None:
        self.report, self.error = None, None
        self.status.setText(f"Importing {what}…")
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.runner.start(job, after)
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.runner.running():
            self.runner.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling after the rows being written…")

    def isComplete(self) -> bool:
        return not self.runner.running() and (self.report is not None or self.error is not None)

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(f"{done:,} of {total:,} rows")
        else:
            self.progress.setRange(0, 0)
        if not self.runner.cancelled():
            self.status.setText(f"Importing… {done:,} rows read")

    def _finished(self, report: Any) -> None:
        self.report = report
        self.setTitle("Import cancelled" if report.cancelled else "Import finished")
        self.setSubTitle("It can be undone here, or later from File > Import history.")
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat("Done")
        self.cancel_button.hide()
        lines = report_lines(report)
        warnings = list(getattr(report, "warnings", ()) or ())
        if warnings:
            warned = len({line for line, _ in warnings})
            lines.append(f"{_count(warned, 'row')} imported with a warning: see below.")
        self.status.setText("\n".join(lines))
        rows = [(line, reason) for line, reason in report.rejected]
        self.rejected.set_rows(rows)
        self.rejected_view.setVisible(bool(rows))
        self.warned.set_rows(warnings)
        self.warned_view.setVisible(bool(warnings))
        self.save_button.setVisible(bool(rows))
        self.undo_button.setVisible(bool(report.created or report.updated))
        self.completeChanged.emit()
        self.finished.emit(report)

    def _failed(self, exc: object) -> None:
        self.error = exc if isinstance(exc, Exception) else RuntimeError(str(exc))
        self.setTitle("The import stopped")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.cancel_button.hide()
        self.status.setText(
            f"{exc}\n\nNothing of the unfinished part was written; what was imported before "
            "it is listed under File > Import history, where it can be undone."
        )
        self.completeChanged.emit()

    def _undo(self) -> None:
        if self.report is not None:
            self.undo_requested.emit(int(self.report.batch_id))

    def undone(self, text: str) -> None:
        self.undo_button.setEnabled(False)
        self.undo_button.setText("Import undone")
        self.status.setText(text)

    def _save_rejected(self, _checked: bool = False, ask: Callable[..., Any] | None = None) -> None:
        path, _ = (ask or QFileDialog.getSaveFileName)(
            self, "Save the rejected rows", "rejected-rows.csv", "CSV files (*.csv)"
        )
        if path:
            self.save_rejected_to(path)

    def save_rejected_to(self, path: str) -> bool:
        """Write the rejected rows to fix and import again: each as the file had it, after
        why it was not imported (``interchange.rejected``); a failure is said, not raised."""
        rejected = list(self.report.rejected) if self.report is not None else []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the file is read again
        try:
            write_rejected(path, self.table, rejected)
        except (DomainError, UnreadableFile, OSError) as exc:  # the file gone since, say
            QMessageBox.warning(self, "Not saved", f"The rejected rows were not saved: {exc}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.status.setText(
            "\n".join(report_lines(self.report))
            + f"\n\nThe rejected rows are in {path}: fix them there and import that file."
        )
        return True
