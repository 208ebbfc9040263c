"""The system clock reads a wall-clock time by the machine's own rules, summer time included."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from crm_desktop.domain.clock import FixedClock, SystemClock


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if sys.platform == "win32":
        pytest.skip("time.tzset() is not on Windows")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("berlin")
def test_the_system_clock_reads_winter_and_summer_times_by_their_own_offsets() -> None:
    clock = SystemClock()
    assert clock.local(datetime(2031, 1, 15, 9, 30)).utcoffset() == timedelta(hours=1)
    summer = clock.local(datetime(2031, 7, 15, 9, 30))
    assert summer.astimezone(UTC) == datetime(2031, 7, 15, 7, 30, tzinfo=UTC)


def test_a_fixed_clock_reads_it_in_the_zone_it_was_given() -> None:
    clock = FixedClock(datetime(2031, 1, 1, tzinfo=UTC), local_tz=UTC)
    assert clock.local(datetime(2031, 7, 15, 9, 30)) == datetime(2031, 7, 15, 9, 30, tzinfo=UTC)
