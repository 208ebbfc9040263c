"""The one error a reader raises: a file it cannot read at all, with a message fit for a user.

A row or card that fails on its own is never an exception: it comes back as a record whose
``problems`` say what could not be read, and the rest of the file is read as usual.
"""

from __future__ import annotations

from collections.abc import Sequence


class UnreadableFile(Exception):
    """The file as a whole cannot be read: binary, empty, a header only, truncated, not the
    format it claims to be. ``message`` is plain words for the user, naming the file. A
    workbook's sheet with nothing to import names the workbook's ``sheets`` and the ``sheet``
    read, so that another one can be chosen."""

    def __init__(self, message: str, *, sheets: Sequence[str] = (), sheet: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.sheets = list(sheets)
        self.sheet = sheet

    def __str__(self) -> str:
        return self.message
