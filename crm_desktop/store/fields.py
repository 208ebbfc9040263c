"""Column types shared by the tables: UTC timestamps as integer epoch seconds, days as ordinals."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import peewee

from crm_desktop.store.values import from_epoch, to_epoch

_V = TypeVar("_V")

if TYPE_CHECKING:  # peewee's stubs make fields generic in the value they read as
    _IntegerField = peewee.IntegerField
else:

    class _IntegerField(peewee.IntegerField, Generic[_V]):
        pass


class TimestampField(_IntegerField[_V]):
    """A UTC instant stored as integer epoch seconds (half the size of ISO text, measured)."""

    if TYPE_CHECKING:

        @overload
        def __new__(
            cls, *args: Any, null: Literal[True], **kw: Any
        ) -> TimestampField[datetime | None]: ...
        @overload
        def __new__(
            cls, *args: Any, null: Literal[False] = ..., **kw: Any
        ) -> TimestampField[datetime]: ...
        def __new__(cls, *args: Any, **kw: Any) -> Any: ...

    def db_value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return to_epoch(value)
        return value

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return from_epoch(int(value))


class DayField(_IntegerField[_V]):
    """A calendar date (birthday, expected close) stored as its proleptic ordinal."""

    if TYPE_CHECKING:

        @overload
        def __new__(cls, *args: Any, null: Literal[True], **kw: Any) -> DayField[date | None]: ...
        @overload
        def __new__(cls, *args: Any, null: Literal[False] = ..., **kw: Any) -> DayField[date]: ...
        def __new__(cls, *args: Any, **kw: Any) -> Any: ...

    def db_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return value.toordinal()
        return value

    def python_value(self, value: Any) -> Any:
        if value is None:
            return None
        return date.fromordinal(int(value))
