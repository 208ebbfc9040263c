"""Opening a data folder: pragmas, refusing bad files, read-only folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.store import db
from crm_desktop.store.errors import LocationNotWritable, NotADatabase
from crm_desktop.store.migrations import SCHEMA_VERSION
from crm_desktop.store.opening import open_store


def test_new_database_gets_pragmas_and_schema(store: paths.DataPaths) -> None:
    pragma = lambda name: db.database.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # full
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 5000
    assert db.user_version() == SCHEMA_VERSION
    assert db.database._lock_type == "IMMEDIATE"


def test_a_text_file_is_refused_and_left_untouched(data_paths: paths.DataPaths) -> None:
    data_paths.database.write_text("name,email\nAnn,ann@example.com\n")
    before = data_paths.database.read_bytes()
    with pytest.raises(NotADatabase, match="not an SQLite file"):
        open_store(data_paths.database, data_paths.backups)
    assert data_paths.database.read_bytes() == before


def test_a_damaged_database_is_refused_and_left_untouched(
    store: paths.DataPaths, tmp_path: Path
) -> None:
    db.close()
    raw = bytearray(store.database.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    store.database.write_bytes(bytes(raw))
    with pytest.raises(NotADatabase, match="damaged"):
        open_store(store.database, store.backups)
    assert store.database.read_bytes() == bytes(raw)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_gets_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(LocationNotWritable, match="read-only"):
            open_store(folder / "crm.sqlite3", tmp_path / "backups")
    finally:
        folder.chmod(0o700)


def test_a_data_folder_that_cannot_be_created_gets_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(LocationNotWritable, match="Cannot create the data folder"):
        open_store(blocker / "data" / "crm.sqlite3", tmp_path / "backups")
