"""Columns copied onto the contact row so every list column sorts and filters by an index.

``company_sort`` (the company's sort name), ``tag_names`` (its tags, in name order) and
``next_due_at`` (its earliest open follow-up) are derived: services call ``refresh_contacts``
inside the transaction that changed what they derive from.
"""

from __future__ import annotations

from collections.abc import Iterable

from crm_desktop.store.db import sql

# Contacts whose follow-up is "none" sort after every real date (9999-12-31 23:59:59 UTC).
NO_DUE = 253_402_300_799

_SET = """
UPDATE contact SET
  company_sort = coalesce(
    (SELECT co.sort_name FROM company co WHERE co.id = contact.company_id), ''),
  tag_names = coalesce(
    (SELECT group_concat(name, ', ') FROM (
       SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
       WHERE ct.contact_id = contact.id ORDER BY t.name_key)), ''),
  next_due_at = (
    SELECT min(r.remind_at) FROM reminder r WHERE r.contact_id = contact.id AND r.status = 'open')
"""


def refresh_contacts(contact_ids: Iterable[int]) -> None:
    """Recompute the derived columns of these contacts (call inside the write)."""
    ids = sorted({int(i) for i in contact_ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql(f"{_SET} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def refresh_people_of(company_ids: Iterable[int]) -> None:
    """Recompute the contacts of these companies (after a company is renamed)."""
    ids = sorted({int(i) for i in company_ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql(f"{_SET} WHERE company_id IN ({','.join('?' * len(chunk))})", chunk)


def refresh_all() -> None:
    """Recompute every contact (the migration that introduced these columns)."""
    sql(_SET)
