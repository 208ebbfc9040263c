"""Opening and closing the database: pragmas, busy timeout, WAL, foreign keys, migrations."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, cast

import peewee

from crm_desktop.store.errors import LocationNotWritable, NotADatabase

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5

PRAGMAS = (
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("foreign_keys", 1),
    ("busy_timeout", int(BUSY_TIMEOUT_S * 1000)),
    ("cache_size", -64_000),
    ("temp_store", "memory"),
)

# Deferred: bound to a file by open_database(). Every write transaction begins IMMEDIATE so two
# writers queue on the busy timeout instead of failing half-way with "database is locked".
database = peewee.SqliteDatabase(
    None, pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_S, lock_type="IMMEDIATE"
)


def check_file(path: Path) -> None:
    """Raise a readable error if ``path`` exists but is no SQLite file, or can't be written."""
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LocationNotWritable(f"Cannot create the data folder {folder}: {exc}") from exc
    if not os.access(folder, os.W_OK):
        raise LocationNotWritable(
            f"The data folder {folder} is read-only. Choose another folder with --data-dir."
        )
    if path.exists():
        if path.is_dir():
            raise NotADatabase(f"{path} is a folder, not a CRM Desktop database.")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if path.stat().st_size > 0 and header != SQLITE_HEADER:
            raise NotADatabase(
                f"{path} is not a CRM Desktop database (it is not an SQLite file). "
                "It was left untouched."
            )
        if not os.access(path, os.W_OK):
            raise LocationNotWritable(f"The database {path} is read-only.")


def connect(path: Path) -> peewee.SqliteDatabase:
    """Bind the deferred database to ``path`` and open it, applying the pragmas."""
    check_file(path)
    if not database.is_closed():
        database.close()
    database.init(str(path), pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_S)
    try:
        database.connect()
        sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise NotADatabase(f"{path} is damaged and cannot be opened: {exc}") from exc
    return database


def close() -> None:
    if not database.is_closed():
        database.close()


@contextmanager
def write() -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE); nested calls become savepoints.

    While a thread waits for its BEGIN it is counted as a waiting writer, so that a long run of
    transactions on another thread (an import) can let it in between two of them
    (``yield_to_writers``): SQLite's busy handler is no queue, and a writer that begins again
    at once would otherwise keep the window's saves waiting for several of its transactions."""
    if database.in_transaction():
        with database.atomic():
            yield
        return
    with ExitStack() as transaction:
        if _DEFERRED.is_set():  # no automatic checkpoint at this commit (see below)
            transaction.enter_context(_no_autocheckpoint())
        _WRITERS.arrive()
        try:
            transaction.enter_context(database.atomic())
        finally:
            _WRITERS.leave()
        yield


# While an import writes (and until its WAL is checkpointed after it), a commit on any other
# connection must not run SQLite's automatic checkpoint: the WAL then holds hundreds of MB
# the import wrote, and a save in the window would copy them all back into the database file
# on the window's thread. The import checkpoints once, off that thread, when it is done.
_DEFERRED = threading.Event()


def defer_checkpoints() -> None:
    _DEFERRED.set()


def resume_checkpoints() -> None:
    _DEFERRED.clear()


def checkpoints_deferred() -> bool:
    return _DEFERRED.is_set()


@contextmanager
def _no_autocheckpoint() -> Iterator[None]:
    before = int(sql("PRAGMA wal_autocheckpoint").fetchone()[0])
    sql("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        sql(f"PRAGMA wal_autocheckpoint = {before}")


class _Writers:
    """The threads waiting to begin a write transaction, and when one last came."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: Counter[int] = Counter()
        self._last: dict[int, float] = {}

    def arrive(self) -> None:
        with self._lock:
            me = threading.get_ident()
            self._waiting[me] += 1
            self._last[me] = time.monotonic()

    def leave(self) -> None:
        with self._lock:
            me = threading.get_ident()
            self._waiting[me] -= 1
            if self._waiting[me] <= 0:
                del self._waiting[me]

    def others_waiting(self) -> bool:
        me = threading.get_ident()
        with self._lock:
            return any(thread != me for thread in self._waiting)

    def others_since(self, seconds: float) -> bool:
        """Whether another thread began (or tried to begin) a write in the last ``seconds``."""
        me, now = threading.get_ident(), time.monotonic()
        with self._lock:
            return any(t != me and now - at <= seconds for t, at in self._last.items())


_WRITERS = _Writers()


def yield_to_writers(limit_s: float = BUSY_TIMEOUT_S / 2) -> None:
    """Wait (outside any transaction) while another thread waits to begin a write, at most
    ``limit_s``: for a thread that writes many transactions in a row."""
    deadline = time.monotonic() + limit_s
    while _WRITERS.others_waiting() and time.monotonic() < deadline:
        time.sleep(0.002)


def others_wrote_lately(seconds: float) -> bool:
    """Whether another thread of this process began a write in the last ``seconds``."""
    return _WRITERS.others_since(seconds)


def user_version() -> int:
    row = sql("PRAGMA user_version").fetchone()
    return int(row[0])


def set_user_version(version: int) -> None:
    sql(f"PRAGMA user_version = {int(version)}")


def sql(statement: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
    """Run one SQL statement on the open database (SQLite-only SQL stays inside ``store``)."""
    return cast(sqlite3.Cursor, database.execute_sql(statement, params))  # type: ignore[no-untyped-call]


def tuples(query: peewee.SelectBase) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs type ``.tuples()`` as model rows)."""
    return cast(list[tuple[Any, ...]], list(query.tuples()))


@contextmanager
def larger_cache(kib: int) -> Iterator[None]:
    """A bigger page cache for a bulk load (random-keyed indexes stay in memory); put back after."""
    before = int(sql("PRAGMA cache_size").fetchone()[0])
    sql(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        sql(f"PRAGMA cache_size = {before}")
