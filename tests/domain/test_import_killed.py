"""An import killed while it writes: what it had committed stays, recorded in its batch (shown as
interrupted, and undone by "Undo this import"); the chunks of the transaction it was writing
leave no trace; the database is whole and takes writes again."""

from __future__ import annotations

import signal
import textwrap

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.importing import ImportService
from crm_desktop.domain.services import Services
from crm_desktop.store import db, health, search
from crm_desktop.store.opening import open_store
from tests.child import errors, python_child, read_line
from tests.domain.test_importing_revert import count

CHILD = textwrap.dedent(
    """
    import sys, threading, time
    from datetime import UTC, datetime
    from pathlib import Path

    from crm_desktop.domain import import_span
    from crm_desktop.domain.clock import FixedClock
    from crm_desktop.domain.importing import ImportOptions, ImportService
    from crm_desktop.store.opening import open_store
    from tests.domain.test_importing_revert import people

    root = Path(sys.argv[1])
    open_store(root / "crm.sqlite3", root / "backups")
    import_span.SPAN_ROWS = 4  # two chunks of two rows to a transaction

    def progress(done, total):
        print(f"written {done}", flush=True)
        if done == 6:  # the third chunk is written, not committed
            time.sleep(120)

    ImportService(FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))).run(
        people(8), file_name="people.csv", source="test",
        options=ImportOptions(chunk_size=2), progress=progress,
    )
    """
)


def test_an_import_killed_mid_transaction_keeps_what_it_committed(
    data_paths: paths.DataPaths, clock: FixedClock
) -> None:
    with python_child(CHILD, str(data_paths.root)) as proc:
        seen = [read_line(proc) for _ in range(4)]
        assert seen == ["written 0", "written 2", "written 4", "written 6"], errors(proc)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(10) == -signal.SIGKILL

    assert health.check(data_paths.database) == []
    open_store(data_paths.database, data_paths.backups)
    try:
        services = Services.create(clock)
        imports = ImportService(clock, services.actor_id)
        batch = imports.batches()[0]
        assert (batch.status, batch.created) == ("interrupted", 4)  # the first transaction
        assert services.contacts.count() == 4
        made = {t: count(t) for t in ("contact", "company", "tag", "import_item")}
        assert made == {"contact": 4, "company": 3, "tag": 3, "import_item": 10}
        assert db.sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        search.integrity_check()
        assert len(search.search("Imported", limit_per_kind=10)) == 4
        undone = imports.revert(batch.id)
        assert undone.removed["contact"] == 4 and services.contacts.count() == 0
    finally:
        db.close()
