"""A thread writing one transaction after another (an import) lets a write from another thread
(the window's save) in between two of them, instead of starving it on SQLite's busy handler."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from crm_desktop import paths
from crm_desktop.domain.importing import SHARED_PART, _parts
from crm_desktop.store import db, import_rows
from crm_desktop.store.db import sql, write, yield_to_writers


def test_a_save_waits_for_one_transaction_of_a_busy_writer_not_for_many(
    store: paths.DataPaths,
) -> None:
    sql("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    started, stop = threading.Event(), threading.Event()
    done: list[int] = []

    def busy_writer() -> None:  # back-to-back transactions of 30 ms, as an import's chunks
        try:
            while not stop.is_set() and len(done) < 500:
                yield_to_writers()
                with write():
                    sql("INSERT INTO note (text) VALUES ('import')")
                    started.set()
                    time.sleep(0.03)
                done.append(1)
        finally:
            db.close()

    worker = threading.Thread(target=busy_writer)
    worker.start()
    try:
        assert started.wait(10)
        before = len(done)
        with write():  # waits for the worker's transaction of the moment, then goes first
            sql("INSERT INTO note (text) VALUES ('saved')")
            waited_for = len(done) - before
    finally:
        stop.set()
        worker.join(10)
    assert waited_for <= 1
    assert sql("SELECT count(*) FROM note WHERE text = 'saved'").fetchone()[0] == 1


def test_while_another_thread_writes_a_chunk_goes_in_small_parts(
    store: paths.DataPaths,
) -> None:
    def save() -> None:
        with write():
            sql("PRAGMA user_version")
        db.close()

    other = threading.Thread(target=save)
    other.start()
    other.join(10)
    chunk = list(range(2 * SHARED_PART + 10))
    assert [len(part) for part in _parts(chunk)] == [SHARED_PART, SHARED_PART, 10]  # type: ignore[arg-type]


def _wal_pages(store: paths.DataPaths) -> int:
    return Path(f"{store.database}-wal").stat().st_size // 4096


def _write_pages(n: int) -> None:
    with write():
        sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO blob (data) SELECT randomblob(3500) FROM n",
            [n],
        )


def test_while_an_import_writes_no_save_checkpoints_until_it_settles(
    store: paths.DataPaths,
) -> None:
    sql("CREATE TABLE blob (id INTEGER PRIMARY KEY, data BLOB)")
    sql("PRAGMA wal_checkpoint(TRUNCATE)")
    for _ in range(3):  # SQLite's own checkpoint after 1,000 pages: the WAL is used again
        _write_pages(1_500)
    assert _wal_pages(store) < 2 * 1_500
    db.defer_checkpoints()  # what an import's bulk writing does, for every connection
    try:
        for _ in range(3):
            _write_pages(1_500)  # saves in the window meanwhile: none copies the WAL back
        assert _wal_pages(store) >= 3 * 1_500
        assert sql("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # put back after each
    finally:
        import_rows.settle()
    busy, log, copied = sql("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert busy == 0 and copied == log  # settled: all of it is in the database file
    _write_pages(1_500)
    _write_pages(1_500)
    assert _wal_pages(store) < 6 * 1_500  # and the WAL is used again from its start
