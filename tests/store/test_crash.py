"""A process killed in the middle of a batch leaves all or nothing of it: SQLite's journal, not
luck, decides what survives."""

from __future__ import annotations

import signal
import textwrap
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.store import db, health, search
from crm_desktop.store.models import Contact
from crm_desktop.store.opening import open_store
from tests.child import errors, python_child, read_line

FIRST_BATCH = 100

CHILD = textwrap.dedent(
    """
    import sys, time, uuid
    from datetime import UTC, datetime
    from pathlib import Path

    from crm_desktop.domain.clock import FixedClock
    from crm_desktop.domain.contacts import ContactFields
    from crm_desktop.domain.services import Services
    from crm_desktop.store import db
    from crm_desktop.store.opening import open_store

    root, how, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    open_store(root / "crm.sqlite3", root / "backups")
    services = Services.create(FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))

    def batch(label, count):
        if how == "services":
            for i in range(count):
                services.contacts.create(
                    ContactFields(first_name=label, last_name=f"No{i}",
                                  emails=[("", f"{label.lower()}{i}@example.com")],
                                  phones=[("", f"+44 20 7946 {i:04d}")], tags=[label])
                )
        else:
            rows = [(uuid.uuid4().hex, label, f"No{i}", f"{label} No{i}",
                     f"no{i} {label.lower()}", "x" * 200)
                    for i in range(count)]
            db.database.connection().executemany(
                "INSERT INTO contact (uid, version, created_at, updated_at, first_name,"
                " last_name, display_name, sort_name, title, primary_email, primary_phone,"
                " address, preferred_channel, do_not_contact, source, lifecycle,"
                " personal_notes, preferences)"
                " VALUES (?, 1, 1772442000, 1772442000, ?, ?, ?, ?, '', '', '', '', '', 0, '',"
                " 'lead', ?, '')",
                rows,
            )
            first = db.sql("SELECT min(id) FROM contact WHERE first_name = ?", [label])
            last = db.sql("SELECT max(id) FROM contact WHERE first_name = ?", [label])
            from crm_desktop.store import search
            search.reindex_range("contact", first.fetchone()[0], last.fetchone()[0])

    with db.database.atomic():
        batch("First", n)
    print("first-batch", flush=True)

    db.sql("PRAGMA cache_size = 20")  # spill the open transaction's pages into the WAL
    with db.database.atomic():
        batch("Second", n * 10 if how == "executemany" else n)
        print("mid-batch", flush=True)
        time.sleep(120)
    print("committed", flush=True)
    """
)


def wal_size(data: paths.DataPaths) -> int:
    wal = Path(f"{data.database}-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.mark.parametrize("how", ["services", "executemany"])
def test_a_killed_batch_leaves_all_or_nothing(data_paths: paths.DataPaths, how: str) -> None:
    with python_child(CHILD, str(data_paths.root), how, str(FIRST_BATCH)) as proc:
        assert read_line(proc) == "first-batch", errors(proc)
        committed_wal = wal_size(data_paths)
        assert read_line(proc) == "mid-batch", errors(proc)
        if how == "executemany":  # uncommitted frames reached the file: recovery must skip them
            assert wal_size(data_paths) > committed_wal
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(10) == -signal.SIGKILL

    assert health.check(data_paths.database) == []

    open_store(data_paths.database, data_paths.backups)
    try:
        names = db.sql("SELECT first_name, count(*) FROM contact GROUP BY first_name").fetchall()
        assert names == [("First", FIRST_BATCH)]
        assert db.sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.sql("PRAGMA foreign_key_check").fetchall() == []
        search.integrity_check()
        assert len(search.search("first", limit_per_kind=FIRST_BATCH)) == FIRST_BATCH
        assert search.search("second") == []
        if how == "services":
            counts = [
                db.sql(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("contact_email", "contact_phone", "contact_tag", "tag")
            ]
            assert counts == [FIRST_BATCH, FIRST_BATCH, FIRST_BATCH, 1]
        # The database takes writes again: no lock or journal was left stuck.
        with db.write():
            Contact.create(display_name="After", sort_name="after", created_at=0, updated_at=0)
        assert db.sql("SELECT count(*) FROM contact").fetchone()[0] == FIRST_BATCH + 1
    finally:
        db.close()
    assert health.check(data_paths.database) == []
