"""Reads that may take longer than a frame run on a thread pool and report back by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from crm_desktop.domain.background import read_off_main

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(int, object)  # ticket, result
    failed = Signal(int, object)  # ticket, exception


class _Job(QRunnable):
    def __init__(self, ticket: int, read: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.ticket, self.read, self.relay = ticket, read, relay

    def run(self) -> None:
        try:
            result = read_off_main(self.read)
        except Exception as exc:  # reported on the main thread
            log.exception("Background read failed")
            self.relay.failed.emit(self.ticket, exc)
        else:
            self.relay.done.emit(self.ticket, result)


class BackgroundReads(QObject):
    """Runs one read at a time per purpose; only the newest ticket's answer is delivered."""

    answered = Signal(object)  # the result of the newest request
    failed = Signal(object)  # its exception

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._ticket = 0
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)

    def request(self, read: Callable[[], Any]) -> None:
        """Start ``read`` on the pool; an earlier request's answer will be dropped."""
        self._ticket += 1
        self._pool.start(_Job(self._ticket, read, self._relay))

    def cancel(self) -> None:
        self._ticket += 1

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until the pool is idle (tests, and before the database closes)."""
        return self._pool.waitForDone(msecs)

    def _on_done(self, ticket: int, result: object) -> None:
        if ticket == self._ticket:
            self.answered.emit(result)

    def _on_failed(self, ticket: int, exc: object) -> None:
        if ticket == self._ticket:
            self.failed.emit(exc)
