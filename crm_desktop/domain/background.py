"""Running a read on a worker thread: it gets its own connection, closed when the read ends."""

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
