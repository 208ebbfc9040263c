"""Where "now" comes from. Services take a clock so tests decide what time it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware UTC, to the second."""
        ...

    @property
    def local_tz(self) -> tzinfo:
        """The user's time zone, for "today" and "tomorrow morning"."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)

    @property
    def local_tz(self) -> tzinfo:
        zone = datetime.now().astimezone().tzinfo
        return zone if zone is not None else UTC


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime, local_tz: tzinfo = UTC) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        self._now = start.astimezone(UTC).replace(microsecond=0)
        self._tz = local_tz

    def now(self) -> datetime:
        return self._now

    @property
    def local_tz(self) -> tzinfo:
        return self._tz

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)
