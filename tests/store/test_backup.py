"""Backups: verified copies that open with the data, damaged copies refused, failures that never
cost a good copy, and the 7 daily + 4 weekly rotation."""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.store import backup, db, search
from crm_desktop.store.backup import (
    KEEP_DAILY,
    KEEP_WEEKLY,
    RotationResult,
    backup_to,
    daily_name,
    rotate,
    rotate_in_background,
    verify,
    weekly_name,
)
from crm_desktop.store.errors import NotADatabase, StoreError
from crm_desktop.store.opening import open_store

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def add_contacts(services: Services, n: int, prefix: str = "Person") -> None:
    for i in range(n):
        services.contacts.create(
            ContactFields(first_name=prefix, last_name=f"No{i}", emails=[("", f"p{i}@ex.org")])
        )


def contact_count(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM contact").fetchone()[0])
    finally:
        con.close()


def wreck_index(copy: Path) -> None:
    """Damage ``copy`` so that it opens but fails integrity_check (an index no longer matches)."""
    con = sqlite3.connect(copy)
    try:
        con.execute("PRAGMA journal_mode=delete")
        con.execute("PRAGMA writable_schema=ON")
        con.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '\"sort_name\"', '\"first_name\"') "
            "WHERE name = 'contact_deleted_at_sort_name_id'"
        )
        con.commit()
    finally:
        con.close()


def wreck_pages(path: Path) -> None:
    """Scribble over everything after the first page: the header survives, the tables don't."""
    raw = bytearray(path.read_bytes())
    raw[4096:] = b"\xa5" * (len(raw) - 4096)
    path.write_bytes(bytes(raw))


def test_a_backup_opens_and_holds_the_data(
    services: Services, store: paths.DataPaths, tmp_path: Path
) -> None:
    add_contacts(services, 25)
    services.contacts.create(ContactFields(first_name="José", last_name="Núñez"))

    copy = backup_to(store.database, tmp_path / "out" / "copy.sqlite3")

    assert copy == tmp_path / "out" / "copy.sqlite3"
    verify(copy)
    assert contact_count(copy) == 26
    db.close()
    # The copy is a working database: it opens as a data folder of its own and searches.
    other = paths.resolve(tmp_path / "restored").ensure()
    shutil.copyfile(copy, other.database)
    report = open_store(other.database, other.backups)
    try:
        assert report.backup is None  # already at the current schema: nothing to migrate
        assert [h.title for h in search.search("nunez")] == ["José Núñez"]
    finally:
        db.close()


def test_a_backup_includes_writes_not_yet_checkpointed(
    services: Services, store: paths.DataPaths, tmp_path: Path
) -> None:
    add_contacts(services, 3)
    assert Path(f"{store.database}-wal").stat().st_size > 0  # the rows sit in the WAL
    copy = backup_to(store.database, tmp_path / "copy.sqlite3")
    assert contact_count(copy) == 3


def test_a_backup_leaves_nothing_but_the_copy_behind(
    services: Services, store: paths.DataPaths, tmp_path: Path
) -> None:
    add_contacts(services, 3)
    folder = tmp_path / "out"
    copy = backup_to(store.database, folder / "copy.sqlite3")
    assert sorted(p.name for p in folder.iterdir()) == ["copy.sqlite3"]
    assert copy.read_bytes()[18:20] == b"\x01\x01"  # a self-contained rollback-journal file


def test_verify_refuses_a_copy_that_fails_its_integrity_check(
    services: Services, store: paths.DataPaths, tmp_path: Path
) -> None:
    add_contacts(services, 5)
    copy = backup_to(store.database, tmp_path / "copy.sqlite3")
    wreck_index(copy)
    with pytest.raises(StoreError, match=r"failed its integrity check.*missing from index"):
        verify(copy)


@pytest.mark.parametrize("damage", ["pages", "truncated", "not sqlite"])
def test_verify_refuses_a_damaged_copy(
    services: Services, store: paths.DataPaths, tmp_path: Path, damage: str
) -> None:
    add_contacts(services, 40)
    copy = backup_to(store.database, tmp_path / "copy.sqlite3")
    if damage == "pages":
        wreck_pages(copy)
    elif damage == "truncated":
        copy.write_bytes(copy.read_bytes()[: copy.stat().st_size // 2])
    else:
        copy.write_text("name,email\nAnn,ann@example.com\n")
    with pytest.raises(NotADatabase, match=re.escape(str(copy))):
        verify(copy)


def test_a_failed_backup_keeps_the_good_one_and_leaves_no_partial(
    services: Services, store: paths.DataPaths
) -> None:
    add_contacts(services, 40)
    target = store.backups / "nightly.sqlite3"
    backup_to(store.database, target)
    good = target.read_bytes()
    db.close()
    wreck_pages(store.database)
    Path(f"{store.database}-wal").unlink(missing_ok=True)

    with pytest.raises(StoreError, match=re.escape(str(target))):
        backup_to(store.database, target)

    assert target.read_bytes() == good
    verify(target)
    assert not target.with_name("nightly.sqlite3.partial").exists()
    assert sorted(store.backups.glob("*.sqlite3")) == [target]


def test_a_backup_of_a_missing_or_foreign_file_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database")
    for source in (tmp_path / "missing.sqlite3", tmp_path / "notes.txt"):
        with pytest.raises(StoreError, match="The backup of"):
            backup_to(source, tmp_path / "out" / "copy.sqlite3")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "missing.sqlite3").exists()


def expected_weeklies(upto: datetime, first: datetime) -> list[str]:
    names: list[str] = []
    day = first
    while day <= upto:
        name = weekly_name(day)
        if name not in names:
            names.append(name)
        day += timedelta(days=1)
    return sorted(names)[-KEEP_WEEKLY:]


def test_rotation_keeps_seven_daily_and_four_weekly_copies(
    services: Services, store: paths.DataPaths
) -> None:
    assert (KEEP_DAILY, KEEP_WEEKLY) == (7, 4)
    for day in range(40):
        now = START + timedelta(days=day)
        services.contacts.create(ContactFields(first_name="Day", last_name=str(day)))

        result = rotate(store.database, store.backups, now)

        today = store.backups / daily_name(now)
        assert today in result.made
        assert contact_count(today) == day + 1  # today's copy has today's data
        dailies = sorted(p.name for p in store.backups.glob("daily-*.sqlite3"))
        assert dailies == [
            daily_name(now - timedelta(days=back)) for back in reversed(range(min(day + 1, 7)))
        ]
        weeklies = sorted(p.name for p in store.backups.glob("weekly-*.sqlite3"))
        assert weeklies == expected_weeklies(now, START)
        assert all(p not in result.removed for p in result.made)
        for gone in result.removed:
            assert not gone.exists()

    # Each weekly copy was taken on the first day of its week it ran, and all of them verify.
    for path in store.backups.glob("*.sqlite3"):
        verify(path)
    assert contact_count(store.backups / weekly_name(START + timedelta(days=35))) == 36


def test_rotating_twice_on_the_same_day_makes_nothing_new(
    services: Services, store: paths.DataPaths
) -> None:
    add_contacts(services, 2)
    first = rotate(store.database, store.backups, START)
    assert sorted(p.name for p in first.made) == [daily_name(START), weekly_name(START)]
    again = rotate(store.database, store.backups, START + timedelta(hours=5))
    assert again == RotationResult((), ())


def test_rotation_deletes_nothing_when_the_new_copy_fails(
    services: Services, store: paths.DataPaths
) -> None:
    add_contacts(services, 40)
    for day in range(20):
        rotate(store.database, store.backups, START + timedelta(days=day))
    kept = {p.name: p.read_bytes() for p in store.backups.glob("*.sqlite3")}
    assert len(kept) == KEEP_DAILY + KEEP_WEEKLY - 1  # 20 days span 3 ISO weeks
    db.close()
    wreck_pages(store.database)
    Path(f"{store.database}-wal").unlink(missing_ok=True)

    with pytest.raises(StoreError):
        rotate(store.database, store.backups, START + timedelta(days=30))  # a new week, too

    assert {p.name: p.read_bytes() for p in store.backups.glob("*.sqlite3")} == kept
    assert not list(store.backups.glob("*.sqlite3.partial"))


def test_rotate_in_background_reports_through_its_callback(
    services: Services, store: paths.DataPaths
) -> None:
    add_contacts(services, 3)
    finished = threading.Event()
    calls: list[tuple[RotationResult | None, Exception | None, str]] = []

    def done(result: RotationResult | None, error: Exception | None) -> None:
        calls.append((result, error, threading.current_thread().name))
        finished.set()

    thread = rotate_in_background(store.database, store.backups, START, done)
    assert finished.wait(10), "the callback was never called"
    thread.join(10)
    assert thread.daemon
    [(result, error, thread_name)] = calls
    assert error is None and result is not None
    assert thread_name == "crm-backup" != threading.main_thread().name
    assert (store.backups / daily_name(START)) in result.made
    assert contact_count(store.backups / daily_name(START)) == 3
    # The app's own connection is still usable while and after the worker copied.
    add_contacts(services, 1, prefix="After")
    assert services.contacts.count() == 4


def test_rotate_in_background_reports_a_failure(tmp_path: Path) -> None:
    finished = threading.Event()
    calls: list[tuple[RotationResult | None, Exception | None]] = []

    def done(result: RotationResult | None, error: Exception | None) -> None:
        calls.append((result, error))
        finished.set()

    rotate_in_background(tmp_path / "missing.sqlite3", tmp_path / "backups", START, done)
    assert finished.wait(10)
    [(result, error)] = calls
    assert result is None
    assert isinstance(error, StoreError)
    assert "missing.sqlite3" in str(error) or "backup" in str(error)


def test_a_backup_reports_its_pages_then_its_check(
    store: paths.DataPaths, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_contacts(services, 300)
    monkeypatch.setattr(backup, "PAGES_PER_STEP", 8)  # several steps for a small database
    said: list[tuple[str, int, int]] = []
    backup_to(store.database, tmp_path / "copy.sqlite3", lambda *a: said.append(a))
    copying = [(done, total) for what, done, total in said if what == "Backing up"]
    assert len(copying) > 2 and copying[-1][0] == copying[-1][1] > 0  # every page, counted
    assert [done for done, _ in copying] == sorted({done for done, _ in copying})
    assert said[-1] == ("Checking the backup", 0, 0)
