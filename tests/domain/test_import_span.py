"""An import's chunks share a write transaction while nobody else writes; a save in another
thread gets in between two chunks; a chunk that fails to write takes back the whole
transaction, and the batch then counts only what is stored."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from crm_desktop import paths
from crm_desktop.domain import import_span
from crm_desktop.domain.importing import ImportOptions
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.db import failures, sql, write
from tests.domain.test_importing_revert import count, importer, people


def committed_contacts(store: paths.DataPaths) -> int:
    """Contacts another connection sees: what has been committed."""
    other = sqlite3.connect(store.database)
    try:
        return int(other.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        other.close()


@pytest.mark.parametrize(("span_rows", "seen"), [(100_000, [0, 0, 0]), (4, [0, 0, 4])])
def test_chunks_share_a_transaction_of_up_to_span_rows(
    services: Services,
    store: paths.DataPaths,
    monkeypatch: pytest.MonkeyPatch,
    span_rows: int,
    seen: list[int],
) -> None:
    monkeypatch.setattr(import_span, "SPAN_ROWS", span_rows)
    db._WRITERS._last.clear()  # earlier writes of this test's thread are not someone else's
    after_each_chunk: list[int] = []
    report = importer(services).run(
        people(6),
        file_name="people.csv",
        source="test",
        options=ImportOptions(chunk_size=2),
        progress=lambda done, _total: done and after_each_chunk.append(committed_contacts(store)),
    )
    assert report.created == 6
    assert after_each_chunk == seen
    assert committed_contacts(store) == 6


def test_a_save_waiting_in_another_thread_gets_in_between_two_chunks(
    services: Services,
) -> None:
    db._WRITERS._last.clear()
    seen_by_the_save: list[int] = []

    def save() -> None:
        try:
            with write():
                seen_by_the_save.append(count("contact"))
                sql("UPDATE staff SET name = name")
        finally:
            db.close()

    saver = threading.Thread(target=save)

    def progress(done: int, _total: int | None) -> None:
        if done == 2:  # the first chunk is written, not committed: the save has to wait
            saver.start()
            deadline = time.monotonic() + 10
            while not db.others_waiting() and time.monotonic() < deadline:
                time.sleep(0.001)

    report = importer(services).run(
        people(6),
        file_name="people.csv",
        source="test",
        options=ImportOptions(chunk_size=2),
        progress=progress,
    )
    saver.join(10)
    assert seen_by_the_save == [2]  # committed before the second chunk, then the save went
    assert report.created == 6 and services.contacts.count() == 6


def test_a_chunk_that_fails_to_write_takes_back_its_transaction_and_its_counts(
    services: Services,
) -> None:
    sql(
        "CREATE TRIGGER full_disk BEFORE INSERT ON contact WHEN NEW.first_name = 'Person4'"
        " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    db._WRITERS._last.clear()
    with pytest.raises(failures(), match="disk is full"):
        importer(services).run(
            people(6),
            file_name="people.csv",
            source="test",
            options=ImportOptions(chunk_size=2),
        )
    batch = importer(services).batches()[0]
    assert (batch.status, batch.created, batch.updated, batch.skipped) == ("failed", 0, 0, 0)
    assert {t: count(t) for t in ("contact", "company", "tag", "import_item")} == {
        "contact": 0,
        "company": 0,
        "tag": 0,
        "import_item": 0,
    }
    undone = importer(services).revert(batch.id)
    assert sum(undone.removed.values()) == 0 and services.contacts.count() == 0
