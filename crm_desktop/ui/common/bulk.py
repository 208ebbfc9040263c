"""Bulk actions on the rows selected in a list (tag, untag, assign an owner, trash, restore),
each one undoable step; and the small prompts that ask for a tag or an owner.

The contact and company lists share them: only the service, the "has this tag" reader and
the nouns differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QWidget

from crm_desktop.domain import staff, tags
from crm_desktop.domain.changes import Change
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.undo import record


class BulkService(Protocol):
    """What ``ContactService`` and ``CompanyService`` both offer for many rows at once."""

    def add_tags(self, ids: Sequence[int], names: Iterable[str]) -> Change: ...
    def remove_tags(self, ids: Sequence[int], names: Iterable[str]) -> Change: ...
    def assign_owner(self, ids: Sequence[int], owner_id: int | None) -> Change: ...
    def trash(self, ids: Sequence[int]) -> Change: ...
    def restore(self, ids: Sequence[int]) -> Change: ...


class BulkActions:
    def __init__(
        self,
        service: BulkService,
        with_tag: Callable[[list[int], str], set[int]],
        nouns: tuple[str, str],  # ("contact", "contacts")
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
    ) -> None:
        self.service, self.with_tag, self.nouns = service, with_tag, nouns
        self.bus, self.undo, self.report = bus, undo, report

    def add_tag(self, ids: list[int], name: str) -> None:
        had = self.with_tag(ids, name)
        fresh = [i for i in ids if i not in had]
        service = self.service
        self.do(
            f"Tag {self._count(fresh)} “{name}”",
            lambda: service.add_tags(fresh, [name]),
            lambda: service.remove_tags(fresh, [name]),
        )

    def remove_tag(self, ids: list[int], name: str) -> None:
        had = sorted(self.with_tag(ids, name))
        service = self.service
        self.do(
            f"Untag {self._count(had)} “{name}”",
            lambda: service.remove_tags(had, [name]),
            lambda: service.add_tags(had, [name]),
        )

    def assign_owner(self, owners: list[tuple[int, int | None]], owner_id: int | None) -> None:
        """Give rows (id, their owner now) to ``owner_id``; undo gives each its owner back."""
        ids = [row_id for row_id, _ in owners]
        before: dict[int | None, list[int]] = {}
        for row_id, owner in owners:
            before.setdefault(owner, []).append(row_id)
        service = self.service

        def undo() -> Change:
            return [service.assign_owner(group, owner) for owner, group in before.items()][-1]

        self.do(f"Assign {self._count(ids)}", lambda: service.assign_owner(ids, owner_id), undo)

    def trash(self, ids: list[int]) -> None:
        service = self.service
        self.do(
            f"Move {self._count(ids)} to the trash",
            lambda: service.trash(ids),
            lambda: service.restore(ids),
        )

    def restore(self, ids: list[int]) -> None:
        service = self.service
        self.do(
            f"Restore {self._count(ids)}", lambda: service.restore(ids), lambda: service.trash(ids)
        )

    def do(self, text: str, do: Callable[[], Change], undo: Callable[[], Change]) -> None:
        """Run ``do`` now, announce it, and put it on the undo stack as ``text``."""
        self.bus.publish(do())
        record(
            self.undo,
            text,
            lambda: self.bus.publish(undo()),
            lambda: self.bus.publish(do()),
            lambda exc: self.report(f"redo or undo “{text}”", exc),
        )

    def _count(self, ids: Sequence[int]) -> str:
        return f"{len(ids):,} {self.nouns[0] if len(ids) == 1 else self.nouns[1]}"


def ask_tag(parent: QWidget, *, existing_only: bool) -> str | None:
    """A tag to add (any name) or to take off (one that exists); None if cancelled."""
    title = "Remove tag" if existing_only else "Add tag"
    name, ok = QInputDialog.getItem(parent, title, "Tag:", tags.all_tags(), 0, not existing_only)
    name = name.strip()
    return name if ok and name else None


def ask_owner(parent: QWidget) -> tuple[bool, int | None]:
    """(chosen, owner id): an owner from the staff list, or "Nobody" (None)."""
    people = staff.all_staff()
    names = ["Nobody", *(p.name for p in people)]
    name, ok = QInputDialog.getItem(parent, "Assign owner", "Owner:", names, 0, False)
    return ok, next((p.id for p in people if p.name == name), None)
