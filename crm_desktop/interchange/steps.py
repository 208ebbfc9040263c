"""A column mapping compiled into steps (column, target, label group), and what one row
collects while its steps run."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from crm_desktop.interchange.targets import SKIP, split_target

# Targets that share a label column, by family: "phone_label" labels the "phone" columns after it.
FAMILY = {
    "email": "email",
    "email_label": "email",
    "phone": "phone",
    "phone_label": "phone",
    "address": "address",
    "address_label": "address",
    "street": "address",
    "extended": "address",
    "po_box": "address",
    "city": "address",
    "region": "address",
    "postal_code": "address",
    "country": "address",
    "extra": "extra",
    "extra_label": "extra",
}


@dataclass(frozen=True, slots=True)
class Step:
    index: int  # the column
    name: str  # the target's field name: "email"
    argument: str  # after its colon: a fixed label ("work"), an id prefix, a notes label
    group: str  # which label column (or fixed label) it belongs with
    header: str  # the column's header, for "Header: value" notes lines


@dataclass(slots=True)
class RowState:
    """What one row collects before it becomes a record."""

    day_first: bool | None
    labels: dict[str, str] = field(default_factory=dict)  # group -> label read in the row
    addresses: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    parts: dict[str, str] = field(default_factory=dict)  # birth_year, occurred_time, value, ...

    def address(self, group: str) -> dict[str, list[str]]:
        found = self.addresses.get(group)
        if found is None:
            found = self.addresses[group] = {}
        return found


@dataclass(frozen=True)
class Plan:
    """A mapping compiled once for a file: its steps in column order, and ``pick``, which takes
    a row's mapped cells in that order in one call (the cells nobody maps are never looked at).
    """

    steps: tuple[Step, ...]
    width: int  # the header's columns: a row shorter than that is padded first
    pick: Callable[[list[str]], tuple[str, ...]]

    def cells(self, values: list[str]) -> Iterator[tuple[Step, str]]:
        """The steps whose cell in this row holds something, with that cell trimmed."""
        if len(values) < self.width:
            values = values + [""] * (self.width - len(values))
        picked = self.pick(values)
        # compress and filter run in C: the loop below sees only the cells with something in
        for step, value in zip(compress(self.steps, picked), filter(None, picked), strict=True):
            if value := value.strip():
                if "\r" in value:  # Windows' line ends inside a quoted cell: stored as "\n"
                    value = value.replace("\r\n", "\n").replace("\r", "\n")
                yield step, value


def plan(header: list[str], mapping: Mapping[int, str]) -> Plan:
    """The steps of a mapping, in column order, each with the label group it belongs to."""
    steps: list[Step] = []
    current: dict[str, str] = {}
    for index in sorted(mapping):
        target = mapping[index]
        if not target or target == SKIP or not 0 <= index < len(header):
            continue
        name, argument = split_target(target)
        family = FAMILY.get(name)
        if name.endswith("_label") and family:
            current[family] = group = f"column:{index}"
        elif family and argument and family != "extra":
            group = f"label:{argument}"
        elif family:
            group = current.get(family, "default")
        else:
            group = ""
        steps.append(Step(index, name, argument, group, header[index]))
    indexes = [step.index for step in steps]
    if len(indexes) > 1:
        pick: Callable[[list[str]], tuple[str, ...]] = itemgetter(*indexes)
    elif indexes:
        only = indexes[0]

        def pick(values: list[str]) -> tuple[str, ...]:
            return (values[only],)
    else:

        def pick(values: list[str]) -> tuple[str, ...]:
            return ()

    return Plan(tuple(steps), len(header), pick)
