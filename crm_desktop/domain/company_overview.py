"""The people of a company, for its detail panel (its owner and leads: ``contact_overview``).

They are read through the contact(company_id) index, so a company opens as fast at a million
contacts as at ten; one with thousands of people lists the first ``limit`` by name and says
how many more there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.store.db import tuples
from crm_desktop.store.models import Contact


@dataclass(frozen=True)
class PersonLine:
    id: int
    name: str
    title: str
    email: str


@dataclass(frozen=True)
class CompanyPeople:
    people: tuple[PersonLine, ...]  # by name, at most the limit asked for
    total: int  # every living person of the company

    @property
    def more(self) -> int:
        """How many are not in ``people``."""
        return self.total - len(self.people)


def company_people(company_id: int, limit: int = 500) -> CompanyPeople:
    """The company's living contacts by name, up to ``limit`` of them, and how many in all."""
    living = Contact.select(
        Contact.id, Contact.display_name, Contact.title, Contact.primary_email
    ).where(Contact.company == company_id, Contact.deleted_at.is_null())
    people = tuple(
        PersonLine(int(pid), name, title, email)
        for pid, name, title, email in tuples(
            living.order_by(Contact.sort_name, Contact.id).limit(limit)
        )
    )
    total = len(people) if len(people) < limit else int(living.count())
    return CompanyPeople(people, total)
