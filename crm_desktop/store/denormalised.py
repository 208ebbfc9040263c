"""Columns copied onto contact and company rows so every list column sorts and filters by an
index.

On a contact: ``company_sort`` (the company's sort name), ``tag_names`` (its tags, in name
order) and ``next_due_at`` (its earliest open follow-up). On a company: ``people_count`` (its
living contacts) and ``tag_names``. They are derived: services call ``refresh_contacts`` /
``refresh_companies`` inside the transaction that changed what they derive from.
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

_SET_COMPANY = """
UPDATE company SET
  people_count = (
    SELECT count(*) FROM contact p WHERE p.company_id = company.id AND p.deleted_at IS NULL),
  tag_names = coalesce(
    (SELECT group_concat(name, ', ') FROM (
       SELECT t.name FROM company_tag ct JOIN tag t ON t.id = ct.tag_id
       WHERE ct.company_id = company.id ORDER BY t.name_key)), '')
"""


def _chunked(statement: str, ids: Iterable[int | None]) -> None:
    """Run ``statement`` + ``IN (ids)`` for every 500 distinct ids (None left out)."""
    wanted = sorted({int(i) for i in ids if i is not None})
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        sql(f"{statement} IN ({','.join('?' * len(chunk))})", chunk)


def refresh_contacts(contact_ids: Iterable[int]) -> None:
    """Recompute the derived columns of these contacts (call inside the write)."""
    _chunked(f"{_SET} WHERE id", contact_ids)


def refresh_people_of(company_ids: Iterable[int]) -> None:
    """Recompute the contacts of these companies (after a company is renamed)."""
    _chunked(f"{_SET} WHERE company_id", company_ids)


def refresh_all() -> None:
    """Recompute every contact (the migration that introduced these columns)."""
    sql(_SET)


def refresh_companies(company_ids: Iterable[int | None]) -> None:
    """Recompute the derived columns of these companies (None, "no company", is skipped)."""
    _chunked(f"{_SET_COMPANY} WHERE id", company_ids)


def refresh_companies_of(contact_ids: Iterable[int]) -> None:
    """Recompute the companies these contacts work for (after they were trashed or restored)."""
    ids = sorted({int(i) for i in contact_ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql(
            f"{_SET_COMPANY} WHERE id IN (SELECT company_id FROM contact"
            f" WHERE id IN ({','.join('?' * len(chunk))}))",
            chunk,
        )


def refresh_all_companies() -> None:
    """Recompute every company (the migration that introduced these columns)."""
    sql(_SET_COMPANY)
