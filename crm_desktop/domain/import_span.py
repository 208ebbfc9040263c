"""Which of an import's chunks share a write transaction.

A commit writes every page its transaction changed to the WAL, and the contact table's
sixteen indexes and the search index change most of their pages in every chunk. 100,000
Google contacts into 100,000 wrote 547 MB of WAL in five commits of 20,000 and 255 MB in one,
and was faster in 8 of 10 alternating pairs, by 1.2 s at the median (bench/RESULTS.md). So
while nobody else in the app writes, consecutive chunks go in one transaction (a span) of up to
``SPAN_ROWS`` rows. The span is committed before a chunk when another thread waits to write or
wrote lately (the person at the window: their save waits for the chunk being written, as it
did with a commit per chunk, and from then on every part commits), and at the end, at a
cancel, or when reading the file fails (what was written of whole chunks stays).

A chunk that fails to write rolls back the whole span, and the run's counts go back to what
was committed, so that the batch records only what is stored. A killed import loses the
span it was writing, at most ``SPAN_ROWS`` rows, and leaves no trace of it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack

from crm_desktop.domain.import_state import Counted, RunState
from crm_desktop.store.db import others_waiting, others_wrote_lately, write, yield_to_writers

SPAN_ROWS = 100_000  # rows per transaction at most: about 250 MB of pages for the WAL
SHARED_FOR_S = 15.0  # how long after the window last wrote an import commits every part


class WriteSpan:
    def __init__(self, state: RunState) -> None:
        self._state = state
        self._open: ExitStack | None = None
        self._counted: Counted | None = None
        self._rows = 0

    def write(self, rows: int, fill: Callable[[], None]) -> None:
        """Write ``rows`` rows with ``fill``, in the open span or a new one, after a save
        waiting in another thread; if it fails, the span is rolled back (and the counts with
        it) before the error goes on."""
        self._commit_if_due()
        yield_to_writers()  # a save in the window goes first
        if self._open is None:
            self._counted = self._state.counted()
            self._open = ExitStack()
            self._open.enter_context(write())
            self._rows = 0
        try:
            fill()
        except BaseException as exc:
            transaction, self._open = self._open, None
            try:
                transaction.__exit__(type(exc), exc, exc.__traceback__)  # rolls back
            finally:
                self._forget()
            raise
        self._rows += rows

    def commit(self) -> None:
        """Commit the open span, if there is one."""
        transaction, self._open = self._open, None
        if transaction is None:
            return
        try:
            with self._state.sql_running():  # the commit is a long statement too
                transaction.close()
        except BaseException:
            self._forget()  # a commit that fails rolls back
            raise

    def _commit_if_due(self) -> None:
        if self._open is not None and (
            self._rows >= SPAN_ROWS or others_waiting() or others_wrote_lately(SHARED_FOR_S)
        ):
            self.commit()

    def _forget(self) -> None:
        if self._counted is not None:
            self._state.back_to(self._counted)
