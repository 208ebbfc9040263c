"""The review's decisions as undoable steps: merge a pair (Ctrl+Z unmerges it exactly), "not
duplicates" (Ctrl+Z forgets the answer), and a run of merges of every pair found by e-mail
(Ctrl+Z takes the whole run back, behind a progress dialog: it can take seconds).

The steps live on the app's undo stack and outlast the dialog; they only need the services,
the change bus and the error reporter. Whoever shows the pairs can listen (``listen``) to hear
when an undo or redo changed them behind its back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtGui import QUndoStack

from crm_desktop.domain.background import read_off_main
from crm_desktop.domain.duplicates import DuplicateFinder, DuplicatePair
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.merge import MergeResult, MergeService, Side
from crm_desktop.domain.merge_many import (
    MergedMany,
    Progress,
    merge_again,
    merged_change,
    unmerge_all,
)
from crm_desktop.ui.common.blocking_work import run_behind_progress
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.undo import record


class MergeActions:
    def __init__(
        self,
        finder: DuplicateFinder,
        merges: MergeService,
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
    ) -> None:
        self.finder, self.merges = finder, merges
        self.bus, self.undo, self.report = bus, undo, report
        self._listeners: list[Callable[[], None]] = []

    def listen(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after an undo or redo of one of these steps."""
        self._listeners.append(listener)

    def merge(
        self, keep_id: int, drop_id: int, choices: Mapping[str, Side], text: str
    ) -> MergeResult | None:
        """Merge now and put it on the undo stack as ``text``; None (reported) if refused."""
        try:
            result = self.merges.merge(keep_id, drop_id, choices)
        except Exception as exc:  # a rule refused it, or a fault: shown, never raised
            self.report("merge these contacts", exc)
            return None
        self.bus.publish(result.change)
        latest = [result]  # a redo makes a new result, which the next undo takes back

        def undo() -> None:
            self.bus.publish(self.merges.unmerge(latest[0]))
            self._tell()

        def redo() -> None:
            latest[0] = self.merges.merge(keep_id, drop_id, choices)
            self.bus.publish(latest[0].change)
            self._tell()

        record(self.undo, text, undo, redo, lambda exc: self.report(f"undo or redo “{text}”", exc))
        return result

    def merged_many(self, done: MergedMany) -> None:
        """Put a run of merges, already done, on the undo stack as one step."""
        if not done.results:
            return
        merges, count = self.merges, len(done.results)
        latest = [list(done.results)]
        pairs = f"{count:,} pair{'s' if count != 1 else ''}"
        text = f"Merge {pairs} found by e-mail"

        def undo() -> None:
            change, refused = _behind_progress(
                ("Undo", f"Taking back the merges of {pairs}…", "Unmerging"),
                lambda progress: unmerge_all(merges, latest[0], progress),
            )
            self.bus.publish(change)
            self._tell()
            if refused:
                raise DomainError(f"{len(refused):,} could not be taken back: {refused[0]}")

        def redo() -> None:
            again, refused = _behind_progress(
                ("Redo", f"Merging {pairs} again…", "Merging"),
                lambda progress: merge_again(merges, latest[0], progress),
            )
            latest[0] = again
            self.bus.publish(merged_change(again))
            self._tell()
            if refused:
                raise DomainError(f"{len(refused):,} could not be merged again: {refused[0]}")

        record(self.undo, text, undo, redo, lambda exc: self.report(f"undo or redo “{text}”", exc))

    def not_duplicates(self, pair: DuplicatePair) -> bool:
        """Remember that the pair are different people, undoably; False (reported) on failure."""
        uids = (pair.first.uid, pair.second.uid)
        try:
            self.finder.mark_not_duplicates(*uids)
        except OSError as exc:
            self.report("remember that these are different people", exc)
            return False

        def undo() -> None:
            self.finder.unmark_not_duplicates(*uids)
            self._tell()

        def redo() -> None:
            self.finder.mark_not_duplicates(*uids)
            self._tell()

        text = f"Not duplicates: “{pair.first.name}” and “{pair.second.name}”"
        record(self.undo, text, undo, redo, lambda exc: self.report(f"undo or redo “{text}”", exc))
        return True

    def _tell(self) -> None:
        for listener in list(self._listeners):
            listener()


T = TypeVar("T")


def _behind_progress(words: tuple[str, str, str], work: Callable[[Progress], T]) -> T:
    """``work(progress)`` on a worker thread behind a progress dialog (``words``: its title, its
    text, and what each step is called), and what it returned."""
    title, text, doing = words

    def on_worker(said: Callable[[str, int, int], None]) -> T:
        return read_off_main(lambda: work(lambda done, of: said(doing, done, of)))

    return run_behind_progress(title, text, on_worker)
