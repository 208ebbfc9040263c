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

    def local(self, naive: datetime) -> datetime:
        """A wall-clock time without a zone (as files write them) as the user's own time."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)

    @property
    def local_tz(self) -> tzinfo:
        zone = datetime.now().astimezone().tzinfo
        return zone if zone is not None else UTC

    def local(self, naive: datetime) -> datetime:
        try:
            return naive.astimezone()  # the machine's rules, summer time included
        except (OverflowError, OSError):  # out of the platform's range (Windows before 1970)
            return naive.replace(tzinfo=self.local_tz)


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

    def local(self, naive: datetime) -> datetime:
        return naive.replace(tzinfo=self._tz)

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)
