"""Values as the tables store them, with no ORM: times as integer epoch seconds (UTC), keys as
UUID hex, the lifecycle names. The contact list reads its first page with these before
anything has imported peewee (see ``db``)."""

from __future__ import annotations

from datetime import UTC, datetime

LIFECYCLES = ("lead", "prospect", "customer", "former")


def new_uid() -> str:
    import uuid  # here: it imports ``platform``, which a start that only reads never needs

    return uuid.uuid4().hex


def to_epoch(value: datetime) -> int:
    """Seconds since the epoch; a naive datetime is taken to be UTC already."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


def from_epoch(value: int) -> datetime:
    return datetime.fromtimestamp(value, tz=UTC)
