"""A log file in the log folder that rolls over at 1 MB (five old ones kept), and uncaught
exceptions logged with their traceback."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from types import TracebackType

log = logging.getLogger("crm_desktop")

MAX_BYTES = 1_000_000
KEPT = 5  # crm.log.1 (the newest old one) ... crm.log.5


class RollingFile(logging.FileHandler):
    """Appends to the log file; once it holds ``MAX_BYTES``, the next record starts a new one:
    the full file becomes ``.1`` and older ones move up, to ``.KEPT``; older still are dropped.

    What ``logging.handlers.RotatingFileHandler`` does, without importing that module: it
    imports socket, pickle and queue for its other handlers, 7 ms of every frozen start
    (measured), before the window shows."""

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None and self.stream.tell() >= MAX_BYTES:
            self.stream.close()
            self.stream = None  # FileHandler.emit opens it again
            _roll(Path(self.baseFilename))
        super().emit(record)


def _roll(path: Path) -> None:
    try:
        for number in range(KEPT - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
    except OSError:
        pass  # held open elsewhere (Windows) or gone: go on appending; the next record retries


def configure(log_file: Path, level: int = logging.INFO) -> None:
    """Send the package's log records to ``log_file`` and hook sys.excepthook."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    for handler in list(log.handlers):
        if isinstance(handler, RollingFile):
            log.removeHandler(handler)
            handler.close()
    handler = RollingFile(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    sys.excepthook = _log_uncaught


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if not issubclass(exc_type, KeyboardInterrupt):
        log.critical("Uncaught exception", exc_info=(exc_type, exc, tb))
    sys.__excepthook__(exc_type, exc, tb)
