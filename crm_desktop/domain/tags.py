"""Tags shared by contacts and companies: one row per name, case-insensitively.

``all_tags`` is plain SQL (the contact list's filter offers the tags at start, before anything
has loaded the ORM: ``store.db``); the functions that write or join import the models.
"""

from __future__ import annotations

from collections.abc import Iterable

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.normalize import clean
from crm_desktop.store.db import sql, tuples


def tag_ids(clock: Clock, names: Iterable[str]) -> list[int]:
    """Ids of the named tags, creating the missing ones (call inside a write)."""
    wanted: dict[str, str] = {}
    for name in names:
        text = clean(name)
        if text:
            wanted.setdefault(text.casefold(), text)
    if not wanted:
        return []
    from crm_desktop.store.models import Tag

    found = {
        row.name_key: int(row.id)
        for row in Tag.select(Tag.id, Tag.name_key).where(Tag.name_key.in_(list(wanted)))
    }
    now = clock.now()
    for key, text in wanted.items():
        if key not in found:
            found[key] = int(Tag.create(name=text, name_key=key, created_at=now, updated_at=now).id)
    return [found[key] for key in wanted]


def all_tags() -> list[str]:
    return [name for (name,) in sql("SELECT name FROM tag ORDER BY name_key").fetchall()]


def contacts_with_tag(contact_ids: Iterable[int], name: str) -> set[int]:
    """Which of these contacts already carry the tag ``name`` (so undoing an add spares them)."""
    from crm_desktop.store.models import ContactTag, Tag

    ids = list(contact_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        query = (
            ContactTag.select(ContactTag.contact)
            .join(Tag)
            .where(
                ContactTag.contact.in_(ids[start : start + 500]),
                Tag.name_key == clean(name).casefold(),
            )
        )
        found.update(int(row[0]) for row in tuples(query))
    return found
