"""Readable error messages: what failed, and where the log with the details is."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from crm_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)


class ErrorReporter:
    """Shows a failed action to the user; the app keeps running.

    A ``DomainError`` (a rule the CRM refuses, a missing row) is the user's to fix and shows as
    a warning with its own message. Anything else is a fault: it is logged with its traceback
    and the dialog says where the log is.
    """

    def __init__(self, parent: QWidget | None, log_folder: str) -> None:
        self.parent = parent
        self.log_folder = log_folder
        self.last_message = ""  # what the last dialog said, for tests and the status bar

    def __call__(self, what: str, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox  # here: a start shows none

        if isinstance(exc, DomainError):
            self.last_message = f"Could not {what}: {exc}"
            QMessageBox.warning(self.parent, "Not done", self.last_message)
            return
        log.error("Could not %s", what, exc_info=exc)
        self.last_message = (
            f"Something went wrong while trying to {what}:\n{exc}\n\n"
            f"Nothing was lost and the app keeps running. The details are in the log in "
            f"{self.log_folder}."
        )
        QMessageBox.critical(self.parent, "Something went wrong", self.last_message)
