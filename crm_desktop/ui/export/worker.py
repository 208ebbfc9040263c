"""An export on a thread of its own: the window stays responsive, a progress bar follows the
pages, and Cancel stops it between two pages (leaving no file behind)."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QThread, Signal

from crm_desktop.domain.background import read_off_main
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.exports import ExportService
from crm_desktop.ui.export.choice import ExportChoice, run_choice

log = logging.getLogger(__name__)


class ExportWorker(QThread):
    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)  # the ExportReport
    failed = Signal(object)  # the exception: an ExportError's message is for the user

    def __init__(
        self, service: ExportService, choice: ExportChoice, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.service, self.choice = service, choice
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        try:
            report = read_off_main(
                lambda: run_choice(self.service, self.choice, self._progress, self._stop.is_set)
            )
        except Exception as exc:  # shown by the dialog, on the main thread
            if not isinstance(exc, DomainError):
                log.exception("The export to %s failed", self.choice.path)
            self.failed.emit(exc)
        else:
            self.succeeded.emit(report)

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)
