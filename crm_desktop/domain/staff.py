"""The people who use the CRM. Alone, there is one default "Me"."""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.domain.clock import Clock
from crm_desktop.store.models import Staff


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    email: str
    role: str


def ensure_default(clock: Clock) -> int:
    """The id of the default staff member, creating "Me" on first use."""
    row = Staff.select(Staff.id).where(Staff.is_default == True).first()  # noqa: E712
    if row is not None:
        return int(row.id)
    now = clock.now()
    created = Staff.create(name="Me", is_default=True, created_at=now, updated_at=now)
    return int(created.id)


def all_staff() -> list[StaffMember]:
    return [
        StaffMember(row.id, row.name, row.email, row.role)
        for row in Staff.select().order_by(Staff.name, Staff.id)
    ]


def create(clock: Clock, name: str, email: str = "", role: str = "") -> int:
    now = clock.now()
    return int(Staff.create(name=name, email=email, role=role, created_at=now, updated_at=now).id)
