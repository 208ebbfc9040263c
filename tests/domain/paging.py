"""Reading a paged list (``domain.keyset_list``: contacts, companies, reminders) page by page,
as its model does, for the list tests."""

from __future__ import annotations

from typing import Any

from crm_desktop.domain.keyset_list import KeysetList

Reader = KeysetList[Any, Any, Any]


def walk(reader: Reader, query: Any, size: int = 7) -> list[int]:
    """The ids of the whole list, read from the start ``size`` rows a page, each page after
    the last row of the one before."""
    seen, after = [], None
    while True:
        rows = reader.page(query, after, size)
        seen += [r.id for r in rows]
        if len(rows) < size:
            return seen
        after = rows[-1].key


def walk_back(reader: Reader, query: Any, size: int = 6) -> list[int]:
    """The ids of the whole list in list order, read from the end ``size`` rows a page, each
    page before the first row of the one after."""
    back: list[int] = []
    before = None
    while rows := reader.page_before(query, before, size):
        back = [r.id for r in rows] + back
        before = rows[0].key
    return back
