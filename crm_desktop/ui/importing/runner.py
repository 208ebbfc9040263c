"""Running an import on a worker thread, reporting progress by signal and stopping on Cancel.

The import writes in chunks on the worker's own SQLite connection, several to a transaction
while nobody else writes (WAL lets the window keep reading meanwhile). Cancel sets a flag the
import checks between chunks; what was written before is committed and stays recorded in its
batch, so "Undo this import" still works.

While it runs, a key press or click anywhere in the app tells it that the person is at work
(``domain.background.expect_writes``): it then writes in small parts, so the save that typing
leads to waits for one part (a fraction of a second), not for a whole chunk (seconds).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal

from crm_desktop.domain.background import expect_writes, read_off_main
from crm_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)

# The import itself: called on the worker with (progress, cancelled), returns its report.
Job = Callable[[Callable[[int, int | None], None], Callable[[], bool]], Any]


class _Worker(QThread):
    progressed = Signal(int, int)  # done, total (-1: not known)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        job: Job,
        stop: threading.Event,
        after: Callable[[], object] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._job, self._stop, self._after = job, stop, after

    def run(self) -> None:
        def progress(done: int, total: int | None) -> None:
            self.progressed.emit(done, -1 if total is None else total)

        try:
            result = read_off_main(lambda: self._job(progress, self._stop.is_set))
        except DomainError as exc:  # refused or cancelled: the user is told on the main thread
            log.info("Import work stopped: %s", exc)
            self.failed.emit(exc)
        except Exception as exc:  # reported on the main thread, never swallowed
            log.exception("Import failed")
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
            if self._after is not None:  # housekeeping, once the result is on its way
                try:
                    read_off_main(self._after)
                except Exception:  # nothing the user asked for failed: logged only
                    log.exception("Tidying up after the import failed")


class _AtWork(QObject):
    """An application-wide filter that passes on that the person types or clicks (at most once
    a second); it lets every event through."""

    INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._said = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.INPUT and time.monotonic() - self._said > 1.0:
            self._said = time.monotonic()
            expect_writes()
        return False


class ImportRunner(QObject):
    """One import at a time: ``start(job)``, then ``progressed``, and ``finished`` or ``failed``."""

    progressed = Signal(int, int)
    finished = Signal(object)  # the import's report
    failed = Signal(object)  # the exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._worker: _Worker | None = None
        self._at_work: _AtWork | None = None

    def start(self, job: Job, after: Callable[[], object] | None = None) -> None:
        """Run ``job`` on a worker thread; then, once ``finished`` is emitted, ``after()`` on
        that thread (``running()`` until it is done)."""
        if self.running():
            raise RuntimeError("an import is running already")
        self._stop.clear()
        worker = _Worker(job, self._stop, after, self)
        worker.progressed.connect(self.progressed)
        worker.succeeded.connect(self.finished)
        worker.failed.connect(self.failed)
        worker.finished.connect(self._ended)
        self._worker = worker
        app = QCoreApplication.instance()
        if app is not None:
            self._at_work = _AtWork(self)
            app.installEventFilter(self._at_work)
        worker.start()

    def _ended(self) -> None:
        if self._worker is not None:
            self._worker.deleteLater()
            self._worker = None
        if self._at_work is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self._at_work)
            self._at_work.deleteLater()
            self._at_work = None

    def cancel(self) -> None:
        self._stop.set()

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def running(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker ends (tests, and closing the window mid-import)."""
        worker = self._worker
        return worker is None or not worker.isRunning() or worker.wait(msecs)
