"""The small values a mutating service call returns, saying what changed."""

from __future__ import annotations

from typing import NamedTuple


class Change(NamedTuple):
    """``entity`` rows with ``ids`` were ``action``-ed; ``touches`` names other affected kinds."""

    entity: str
    action: str
    ids: tuple[int, ...]
    touches: frozenset[str] = frozenset()

    @property
    def id(self) -> int:
        """The single row a one-row change is about."""
        if len(self.ids) != 1:
            raise ValueError(f"this change touches {len(self.ids)} rows, not one")
        return self.ids[0]

    def affects(self, entity: str) -> bool:
        return entity == self.entity or entity in self.touches
