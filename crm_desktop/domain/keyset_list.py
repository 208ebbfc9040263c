"""What the domain's paged lists share (contacts, companies, the Reminders page): the reads a
list's model makes, a page after a keyset position, the page before one, a far jump to a
position, and a count, over a store module that reads rows in a sort index's order.

A list says how its query becomes the store's filters (``filters``) and how a stored row
becomes one of its rows (``_row``); its store module (``_store``) has ``page``, ``key_at`` and
``count`` as ``store.contact_list`` has them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # only for the type checker: no Protocol classes made at start-up
    from collections.abc import Sequence
    from typing import Protocol

    class Query(Protocol):
        @property
        def sort(self) -> str: ...
        @property
        def descending(self) -> bool: ...

    F_contra = TypeVar("F_contra", contravariant=True)

    class Store(Protocol[F_contra]):
        """A store module that reads one list (``store.contact_list``, ``store.company_list``,
        ``store.reminder_list``)."""

        def page(
            self,
            sort: str,
            descending: bool,
            filters: F_contra,
            after: Sequence[Any] | None,
            limit: int,
            *,
            inclusive: bool = False,
        ) -> list[tuple[Any, ...]]: ...
        def key_at(
            self, sort: str, descending: bool, filters: F_contra, offset: int
        ) -> tuple[Any, ...] | None: ...
        def count(self, filters: F_contra) -> int: ...


Key = tuple[Any, ...]  # a row's keyset position: its sort key
F = TypeVar("F")  # the store's filters
Q = TypeVar("Q", bound="Query")
R = TypeVar("R")  # a row of the list


class KeysetList(Generic[Q, F, R]):
    """Reads for a list; a model asks for one page at a time."""

    _store: Store[F]

    def filters(self, query: Q) -> F:
        """``query`` as the store's filters (a ``ValidationError`` when it asks for nonsense)."""
        raise NotImplementedError

    def _row(self, stored: tuple[Any, ...]) -> R:
        raise NotImplementedError

    def page(self, query: Q, after: Key | None = None, limit: int = 100) -> list[R]:
        """The rows following the keyset position ``after`` (from the start when None)."""
        return self._rows(query, query.descending, after, limit)

    def page_before(self, query: Q, before: Key | None, limit: int = 100) -> list[R]:
        """The ``limit`` rows just before ``before`` (the list's end when None), in list order."""
        return self._rows(query, not query.descending, before, limit)[::-1]

    def page_at(self, query: Q, offset: int, limit: int = 100) -> list[R]:
        """The rows from position ``offset``: for a far jump, when no neighbour page is known."""
        if offset <= 0:
            return self.page(query, None, limit)
        key = self._store.key_at(query.sort, query.descending, self.filters(query), offset)
        if key is None:
            return []
        return self._rows(query, query.descending, key, limit, inclusive=True)

    def count(self, query: Q) -> int:
        return self._store.count(self.filters(query))

    def _rows(
        self,
        query: Q,
        descending: bool,
        after: Key | None,
        limit: int,
        inclusive: bool = False,
    ) -> list[R]:
        found = self._store.page(
            query.sort, descending, self.filters(query), after, limit, inclusive=inclusive
        )
        return [self._row(r) for r in found]
