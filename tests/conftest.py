"""Shared fixtures: every test gets a fresh SQLite file in its own temporary data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.opening import open_store


@pytest.fixture
def data_paths(tmp_path: object) -> paths.DataPaths:
    return paths.resolve(os.path.join(str(tmp_path), "data")).ensure()


@pytest.fixture
def store(data_paths: paths.DataPaths) -> Iterator[paths.DataPaths]:
    """An open, migrated, empty database."""
    open_store(data_paths.database, data_paths.backups)
    yield data_paths
    db.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def services(store: paths.DataPaths, clock: FixedClock) -> Services:
    return Services.create(clock)
