"""Work that must end before anything else can happen, run on a worker thread behind a modal
progress dialog: the program answers its window system and says what it is doing.

The app uses it when it opens a database an older version wrote: the backup made before the
migration takes seconds at 100,000 contacts and about a minute at a million, and a start that
showed nothing for that long looks like one that failed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

T = TypeVar("T")
Report = Callable[[str, int, int], None]  # what is being done, how far: done of total (0: unknown)


class _Worker(QThread, Generic[T]):
    said = Signal(str, int, int)

    def __init__(self, work: Callable[[Report], T]) -> None:
        super().__init__()
        self._work = work
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._work(self.said.emit)
        except BaseException as exc:  # raised again on the main thread
            self.error = exc


def run_behind_progress(
    title: str, text: str, work: Callable[[Report], T], parent: QWidget | None = None
) -> T:
    """Run ``work(report)`` on a worker thread and return what it returns (or raise what it
    raised) once it ends; meanwhile a modal dialog shows ``text`` with what ``report`` says
    and a bar. It cannot be cancelled: the work is one that must end."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setObjectName("blockingWorkProgress")
    label = QLabel(text, dialog)
    label.setWordWrap(True)  # a long folder name wraps instead of widening the dialog
    dialog.setLabel(label)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)  # no cancel button
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)  # a full bar ends one phase of the work, not the work
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.canceled.connect(dialog.show)  # Escape hides it; the work goes on, so it stays
    worker: _Worker[T] = _Worker(work)
    worker.said.connect(lambda what, done, total: _show(dialog, text, what, done, total))
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    dialog.show()
    loop.exec()
    worker.wait()
    dialog.close()
    dialog.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result  # type: ignore[return-value]  # set when no error was


def _show(dialog: QProgressDialog, text: str, what: str, done: int, total: int) -> None:
    dialog.setLabelText(f"{text}\n\n{what}…")
    dialog.setMaximum(max(total, 0))
    if total > 0:
        dialog.setValue(min(done, total))
