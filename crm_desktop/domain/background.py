"""Running a read on a worker thread: it gets its own connection, closed when the read ends; and
telling a long write on another thread that the window is about to write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from crm_desktop.store import db

T = TypeVar("T")


def read_off_main(read: Callable[[], T]) -> T:
    """Call ``read`` on the current (worker) thread and close that thread's connection after.

    SQLite connections belong to one thread; peewee opens one per thread on first use. WAL
    lets this read run beside the main thread's reads and writes.
    """
    try:
        return read()
    finally:
        db.close()


def expect_writes() -> None:
    """The person at the window is at work (typing, clicking): an import running beside it writes
    in small parts for a while, so that their next save waits for one part, not a whole chunk
    (``store.db.expect_writes``)."""
    db.expect_writes()
