"""Errors the services raise, with messages fit to show a user."""

from __future__ import annotations


class DomainError(Exception):
    """A request the CRM's rules refuse."""


class ValidationError(DomainError):
    """One or more fields are wrong. ``problems`` maps field name to message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))


class NotFound(DomainError):
    def __init__(self, entity: str, row_id: int) -> None:
        self.entity = entity
        self.row_id = row_id
        super().__init__(f"There is no {entity} with id {row_id}.")
