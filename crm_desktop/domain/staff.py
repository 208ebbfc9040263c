"""The people who use the CRM. Alone, there is one default "Me".

Reads are plain SQL (a start reads the default member and the owner filter's choices before
anything has loaded the ORM: ``store.db``); the model is imported where a member is made.
"""

from __future__ import annotations

from typing import NamedTuple

from crm_desktop.domain.clock import Clock
from crm_desktop.store.db import sql


class StaffMember(NamedTuple):
    id: int
    name: str
    email: str
    role: str


def ensure_default(clock: Clock) -> int:
    """The id of the default staff member, creating "Me" on first use."""
    row = sql("SELECT id FROM staff WHERE is_default = 1 ORDER BY id LIMIT 1").fetchone()
    if row is not None:
        return int(row[0])
    from crm_desktop.store.models import Staff

    now = clock.now()
    created = Staff.create(name="Me", is_default=True, created_at=now, updated_at=now)
    return int(created.id)


def all_staff() -> list[StaffMember]:
    rows = sql("SELECT id, name, email, role FROM staff ORDER BY name, id").fetchall()
    return [StaffMember(int(i), name, email, role) for i, name, email, role in rows]


def create(clock: Clock, name: str, email: str = "", role: str = "") -> int:
    from crm_desktop.store.models import Staff

    now = clock.now()
    return int(Staff.create(name=name, email=email, role=role, created_at=now, updated_at=now).id)
