"""Filling empty tables with a great many rows: their indexes set aside while the rows go in,
and built again from their own SQL once they are all there.

Building an index over rows that are all in place is a sort; keeping it up to date row by row
is a search of a B-tree per row, which at a million contacts no longer fits in the page cache.
Both calls belong inside the caller's one write transaction, with the rows between them: a
crash or an error then leaves the tables as they were, with every index, never without one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from crm_desktop.store.db import orm, sql

Index = tuple[str, str]  # name, the CREATE INDEX statement that made it


def set_aside(tables: Collection[str], keep: Collection[str] = ()) -> list[Index]:
    """Drop the indexes of ``tables`` (all but ``keep``: those the load itself reads through);
    what ``build_again`` needs to make them again. Only inside a write transaction."""
    if not orm().in_transaction():
        raise RuntimeError("indexes are set aside only inside the transaction that loads")
    marks = ",".join("?" * len(tables))
    found = sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) ORDER BY tbl_name, name",
        list(tables),
    ).fetchall()
    aside = [(str(name), str(statement)) for name, statement in found if name not in keep]
    for name, _ in aside:
        sql(f'DROP INDEX "{name}"')
    return aside


def build_again(aside: Sequence[Index], progress: Callable[[int, int], None]) -> None:
    """Make the indexes ``set_aside`` dropped; ``progress(done, total)`` after each."""
    for done, (_, statement) in enumerate(aside, start=1):
        sql(statement)
        progress(done, len(aside))
