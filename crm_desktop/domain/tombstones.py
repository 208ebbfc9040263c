"""Rows deleted outright leave a tombstone (table, uid, when) for a future sync to read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from crm_desktop.store.models import Tombstone


def bury(table: str, uids: Sequence[str], now: datetime) -> None:
    """Record tombstones for rows about to be deleted (call inside the same write)."""
    rows = [{"table": table, "uid": uid, "deleted_at": now} for uid in uids]
    for start in range(0, len(rows), 300):
        Tombstone.insert_many(rows[start : start + 300]).execute()
