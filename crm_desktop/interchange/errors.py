"""The one error a reader raises: a file it cannot read at all, with a message fit for a user.

A row or card that fails on its own is never an exception: it comes back as a record whose
``problems`` say what could not be read, and the rest of the file is read as usual.
"""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file as a whole cannot be read: binary, empty, a header only, truncated, not the
    format it claims to be. ``message`` is plain words for the user, naming the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
