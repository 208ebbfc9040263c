"""A thread writing one transaction after another (an import) lets a write from another thread
(the window's save) in between two of them, instead of starving it on SQLite's busy handler."""

from __future__ import annotations

import threading
import time

from crm_desktop import paths
from crm_desktop.domain.importing import SHARED_PART, _parts
from crm_desktop.store import db
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
