"""Opening and closing the database: pragmas, busy timeout, WAL, foreign keys, migrations.

Peewee is imported the first time something asks for ``database`` (a model, a transaction),
not when the app starts: the window's first screen reads through ``sql`` alone, and loading
peewee and the models was a fifth of a frozen start (measured, ``bench/frozen_start``). Until
then ``sql`` runs on a plain ``sqlite3`` connection per thread, opened with the same pragmas;
peewee takes that connection over when it first connects on the thread, so what a thread
reads before and after stays on one connection.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from crm_desktop.store.errors import LocationNotWritable, NotADatabase

if TYPE_CHECKING:
    import peewee

    database: peewee.SqliteDatabase  # made by orm() on first use (see __getattr__)

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

_path: str | None = None  # the open database file, once connect() has bound one
_orm: peewee.SqliteDatabase | None = None
_orm_made = threading.Lock()
_plain = threading.local()  # .connection: this thread's, while peewee has not taken it over


def __getattr__(name: str) -> Any:
    if name == "database":
        return orm()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def orm() -> peewee.SqliteDatabase:
    """Peewee's database (``database``), made (and peewee imported) on first use. Every write
    transaction begins IMMEDIATE so two writers queue on the busy timeout instead of failing
    half-way with "database is locked"."""
    global _orm
    if _orm is not None:
        return _orm
    with _orm_made:
        if _orm is None:
            _orm = _make_orm()
            globals()["database"] = _orm  # later lookups find it without __getattr__
    return _orm


def _make_orm() -> peewee.SqliteDatabase:
    import peewee

    class Database(peewee.SqliteDatabase):
        def _connect(self) -> sqlite3.Connection:
            """The connection this thread opened before peewee was loaded, if any; else new."""
            connection: sqlite3.Connection | None = getattr(_plain, "connection", None)
            if connection is None:
                return cast(sqlite3.Connection, super()._connect())  # type: ignore[misc]
            _plain.connection = None
            self._add_conn_hooks(connection)  # type: ignore[attr-defined]  # peewee's own hook
            return connection

    return Database(_path, pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_S, lock_type="IMMEDIATE")


def _plain_connection() -> sqlite3.Connection:
    """This thread's own connection (before peewee is loaded), opened on first use."""
    connection: sqlite3.Connection | None = getattr(_plain, "connection", None)
    if connection is None:
        if _path is None:
            raise sqlite3.ProgrammingError("No database is open (db.connect was not called).")
        connection = sqlite3.connect(_path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            for name, value in PRAGMAS:
                connection.execute(f"PRAGMA {name} = {value}")
        except BaseException:
            connection.close()
            raise
        _plain.connection = connection
    return connection


def failures(name: str = "DatabaseError") -> tuple[type[Exception], ...]:
    """What a failed statement raises, ``name`` being the class's name in ``sqlite3``: that
    class, and once peewee is loaded (it wraps sqlite3's errors in its own) peewee's too."""
    own: type[Exception] = getattr(sqlite3, name)
    if _orm is None:
        return (own,)
    return (own, getattr(sys.modules["peewee"], name))


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


def connect(path: Path) -> None:
    """Bind the database to ``path`` and open it on this thread, applying the pragmas."""
    global _path
    check_file(path)
    close()
    _path = str(path)
    try:
        if _orm is not None:
            _orm.init(_path, pragmas=PRAGMAS, timeout=BUSY_TIMEOUT_S)
        sql("SELECT count(*) FROM sqlite_master").fetchone()
    except failures() as exc:
        close()
        raise NotADatabase(f"{path} is damaged and cannot be opened: {exc}") from exc


def close() -> None:
    """Close this thread's connection (peewee's, or the plain one it has not taken over)."""
    connection: sqlite3.Connection | None = getattr(_plain, "connection", None)
    if connection is not None:
        _plain.connection = None
        connection.close()
    if _orm is not None and not _orm.is_closed():
        _orm.close()


@contextmanager
def write() -> Iterator[None]:
    """One write transaction (BEGIN IMMEDIATE); nested calls become savepoints.

    While a thread waits for its BEGIN it is counted as a waiting writer, so that a long run of
    transactions on another thread (an import) can let it in between two of them
    (``yield_to_writers``): SQLite's busy handler is no queue, and a writer that begins again
    at once would otherwise keep the window's saves waiting for several of its transactions."""
    database = orm()
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

    def expect(self) -> None:
        """This thread is likely to write soon: counted as a recent writer, not as waiting."""
        with self._lock:
            self._last[threading.get_ident()] = time.monotonic()

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


def others_waiting() -> bool:
    """Whether another thread of this process waits to begin a write transaction."""
    return _WRITERS.others_waiting()


def expect_writes() -> None:
    """Say that this thread will likely write soon (the person at the window is typing): a long
    run of transactions on another thread then writes in small parts for a while
    (``others_wrote_lately``), so that the write waits for one part, not a whole chunk."""
    _WRITERS.expect()


def others_wrote_lately(seconds: float) -> bool:
    """Whether another thread of this process began a write in the last ``seconds``, or said
    it would (``expect_writes``)."""
    return _WRITERS.others_since(seconds)


def data_folder() -> Path:
    """The folder of the bound database: the data folder, where small side files live."""
    if _path is None:
        raise RuntimeError("No database is open")
    return Path(_path).resolve().parent


def user_version() -> int:
    row = sql("PRAGMA user_version").fetchone()
    return int(row[0])


def set_user_version(version: int) -> None:
    sql(f"PRAGMA user_version = {int(version)}")


def sql(statement: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
    """Run one SQL statement on the open database (SQLite-only SQL stays inside ``store``)."""
    if _orm is None:
        return _plain_connection().execute(statement, params)
    return cast(sqlite3.Cursor, _orm.execute_sql(statement, params))  # type: ignore[no-untyped-call]


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
