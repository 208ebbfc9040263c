"""Errors the store raises, each with a message fit to show a user."""

from __future__ import annotations


class StoreError(Exception):
    """Something is wrong with the database file or its folder."""


class NotADatabase(StoreError):
    """The file exists but is not an SQLite database (or is damaged beyond opening)."""


class DatabaseTooNew(StoreError):
    """The file was written by a newer CRM Desktop; we refuse to touch it."""


class LocationNotWritable(StoreError):
    """The folder or the file cannot be written."""


class DataFolderLocked(StoreError):
    """Another CRM Desktop process has this data folder open for writing."""
