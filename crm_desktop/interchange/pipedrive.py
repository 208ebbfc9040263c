"""Pipedrive's exports: every header is "Entity - Field" (or "Entity - Field - Label"), written
in the user's language: "Person - E-Mail - Arbeit", "Affaire - Valeur", "Atividade - Assunto".
The entity of the first such column says what the file holds; columns of other entities link
its rows to people, organizations and deals."""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.interchange.generic import address_part, guess_target
from crm_desktop.interchange.labels import label
from crm_desktop.interchange.preset_aliases import (
    PIPEDRIVE_ENTITIES,
    PIPEDRIVE_FIELDS,
    PIPEDRIVE_LINKED,
    PIPEDRIVE_OWN,
)
from crm_desktop.interchange.targets import NOTES_LABELED, SKIP
from crm_desktop.interchange.words import fold

KINDS = {
    "person": ("pipedrive_people", "Pipedrive people export", "contact"),
    "organization": ("pipedrive_organizations", "Pipedrive organizations export", "company"),
    "deal": ("pipedrive_deals", "Pipedrive deals export", "deal"),
    "activity": ("pipedrive_activities", "Pipedrive activities export", "activity"),
    "note": ("pipedrive_notes", "Pipedrive notes export", "activity"),
}


@dataclass(frozen=True)
class Column:
    entity: str  # person, organization, deal, activity, note
    field: str | None  # a key of PIPEDRIVE_FIELDS, None for a custom field
    field_text: str  # the field as written ("E-Mail")
    sub: str  # the part after a second " - " ("Arbeit"), or ""


def parse(header: str) -> Column | None:
    parts = [part.strip() for part in header.replace(" – ", " - ").split(" - ")]
    if len(parts) < 2:
        return None
    entity = PIPEDRIVE_ENTITIES.get(fold(parts[0]))
    if entity is None:
        return None
    return Column(entity, PIPEDRIVE_FIELDS.get(fold(parts[1])), parts[1], " - ".join(parts[2:]))


def pipedrive_mapping(header: list[str]) -> tuple[str, dict[int, str], int] | None:
    """(entity, mapping, columns recognised), or None when the header is not Pipedrive's."""
    columns = [parse(name) for name in header]
    parsed = [column for column in columns if column is not None]
    if len(parsed) < 2 or len(parsed) < len(header) / 2:
        return None
    primary = parsed[0].entity
    kind = KINDS[primary][2]
    mapping: dict[int, str] = {}
    known = 0
    for index, column in enumerate(columns):
        target = _target(column, primary) if column else None
        if target is None and column is None:
            target = guess_target(header[index], kind)
        if target:
            known += 1
        mapping[index] = target or (SKIP if kind == "deal" else NOTES_LABELED)
    return primary, mapping, known


def _target(column: Column, primary: str) -> str | None:
    field = column.field
    if field is None:
        return None
    if column.entity == primary:
        target = PIPEDRIVE_OWN[primary].get(field)
        if target in ("email", "phone") and column.sub:
            return f"{target}:{label(column.sub)}"
        if target == "address" and column.sub:
            return _address_part(column.sub)
        return target
    linked = PIPEDRIVE_LINKED.get(column.entity, {}).get(field)
    if linked is None or primary == "organization":
        return None
    if primary == "person":
        return "company" if linked == "company" else None
    if primary == "deal":
        return None if linked.startswith("deal_") else linked
    return linked if linked.startswith(("contact", "deal_")) else None  # activity, note


def _address_part(sub: str) -> str:
    key = fold(sub)
    if any(
        word in key
        for word in ("full", "combined", "formatted", "komplett", "complet", "vollstandig")
    ):
        return "address"
    found = address_part(key.split())
    return found[0] if found else SKIP
