"""Pipedrive's exports: every header is "Entity - Field" (or "Entity - Field - Label"), written
in the user's language: "Person - E-Mail-Adresse - Büro", "Affaire - Valeur", "Pessoa - Nome".
The entity of the first such column says what the file holds; columns of other entities link
its rows to people, organizations and deals. A field's parts are "<part> of <field>": "Deal -
Currency of Value", "Organization - City/town/village/locality of Address". The activities
and notes exports of Tools > Export data have bare headers instead ("Subject", "Content")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_desktop.interchange.generic import address_part, guess_target
from crm_desktop.interchange.labels import label
from crm_desktop.interchange.preset_aliases import (
    PIPEDRIVE_ADDRESS_PARTS,
    PIPEDRIVE_ENTITIES,
    PIPEDRIVE_FIELDS,
    PIPEDRIVE_LINKED,
    PIPEDRIVE_OWN,
    PIPEDRIVE_PLAIN,
)
from crm_desktop.interchange.targets import NOTES_LABELED, SKIP, split_target
from crm_desktop.interchange.words import fold

KINDS = {
    "person": ("pipedrive_people", "Pipedrive people export", "contact"),
    "organization": ("pipedrive_organizations", "Pipedrive organizations export", "company"),
    "deal": ("pipedrive_deals", "Pipedrive deals export", "deal"),
    "activity": ("pipedrive_activities", "Pipedrive activities export", "activity"),
    "note": ("pipedrive_notes", "Pipedrive notes export", "activity"),
}
# The labels of email and phone columns that ``labels.label`` does not know.
_SUB_LABELS = {"sonstiger": "other", "sonstige": "other", "outros": "other", "outras": "other"}
# "<part> of <field>" in English, German, French, Spanish and Portuguese.
_PART_OF = re.compile(r"^(.+?) (?:of|von|de|du|da|do|del) (.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    entity: str  # person, organization, deal, activity, note
    field: str | None  # a key of PIPEDRIVE_FIELDS, None for a custom field
    field_text: str  # the field as written ("E-Mail")
    sub: str  # the label after a second " - " ("Büro"), or an address part ("City of Address")
    group: str = ""  # the custom address field a part belongs to ("Company Address")


def parse(header: str) -> Column | None:
    parts = [part.strip() for part in header.replace(" – ", " - ").split(" - ")]
    if len(parts) < 2:
        return None
    entity = PIPEDRIVE_ENTITIES.get(fold(parts[0]))
    if entity is None:
        return None
    field = PIPEDRIVE_FIELDS.get(fold(parts[1]))
    if field is None:
        found = _part_of(parts[1])
        if found:
            return Column(entity, found[0], parts[1], found[1], found[2])
    return Column(entity, field, parts[1], " - ".join(parts[2:]))


def _part_of(text: str) -> tuple[str, str, str] | None:
    """(field, part, group) for "City/town/village/locality of Address" ("address", the text,
    ""), "ZIP/Postal code of Company Address" (..., "Company Address"), "Currency of Value"
    ("currency", "", "")."""
    match = _PART_OF.match(text)
    if not match:
        return None
    part, whole = match[1].strip(), match[2].strip()
    of_field = PIPEDRIVE_FIELDS.get(fold(whole))
    if of_field == "value" and PIPEDRIVE_FIELDS.get(fold(part)) == "currency":
        return "currency", "", ""
    if fold(part) in PIPEDRIVE_ADDRESS_PARTS:
        return "address", text, "" if of_field == "address" else whole
    if of_field == "address" and address_part(fold(part).split()):
        return "address", text, ""
    return None


def pipedrive_mapping(header: list[str]) -> tuple[str, dict[int, str], int] | None:
    """(entity, mapping, columns recognised), or None when the header is not Pipedrive's."""
    columns = [parse(name) for name in header]
    parsed = [column for column in columns if column is not None]
    if len(parsed) < 2 or len(parsed) < len(header) / 2:
        return _plain_mapping(header)
    primary = parsed[0].entity
    kind = KINDS[primary][2]
    address_fields = {fold(c.group) for c in parsed if c.entity == primary and c.group}
    mapping: dict[int, str] = {}
    known = 0
    for index, column in enumerate(columns):
        target = _target(column, primary) if column else None
        if column and target is None and fold(column.field_text) in address_fields:
            target = f"address:{column.field_text}"  # a custom address field, whole
        if target is None and column is None:
            target = guess_target(header[index], kind)
        if target:
            known += 1
        if target is None and column is not None:
            if column.entity == primary:  # "Deal - Budget": "Budget: ..." in the notes
                target = f"{NOTES_LABELED}:{column.field_text}"
            elif kind == "deal":  # its person's or organization's other fields: not the deal's
                target = SKIP
        mapping[index] = target or NOTES_LABELED
    _one_whole_address(mapping)
    return primary, mapping, known


def _target(column: Column, primary: str) -> str | None:
    field = column.field
    if field is None:
        return None
    if column.entity == primary:
        target = PIPEDRIVE_OWN[primary].get(field)
        if target in ("email", "phone") and column.sub:
            sub = _SUB_LABELS.get(fold(column.sub)) or label(column.sub)
            return f"{target}:{sub}"
        if target == "address" and column.sub:
            part = _address_part(column.sub)
            return f"{part}:{column.group}" if column.group and part != SKIP else part
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
    """What one column of an address is: "City/town/village/locality of Address", "City"."""
    match = _PART_OF.match(sub)
    known = PIPEDRIVE_ADDRESS_PARTS.get(fold(match[1])) if match else None
    if known:
        return known
    key = fold(sub)
    if any(
        word in key
        for word in ("full", "combined", "formatted", "komplett", "complet", "vollstandig")
    ):
        return "address"
    found = address_part(key.split())
    return found[0] if found else SKIP


def _one_whole_address(mapping: dict[int, str]) -> None:
    """ "Organization - Address" and "... - Full/combined address of Address" hold the same
    text: the first is read, the other left out (both would write the address twice)."""
    seen: set[str] = set()
    for index, target in sorted(mapping.items()):
        if split_target(target)[0] == "address":
            if target in seen:
                mapping[index] = SKIP
            seen.add(target)


def _plain_mapping(header: list[str]) -> tuple[str, dict[int, str], int] | None:
    """An activities or notes export with bare headers, told by columns only Pipedrive
    writes: "Note is pinned to deal"; "Marked as done time" or "Assigned to user"."""
    names = [fold(name) for name in header]
    found = set(names)
    if "content" in found and any(name.startswith("note is pinned to") for name in found):
        entity = "note"
    elif (
        "subject" in found
        and found & {"marked as done time", "assigned to user"}
        and found & {"due date", "done"}
    ):
        entity = "activity"
    else:
        return None
    table = PIPEDRIVE_PLAIN[entity]
    mapping: dict[int, str] = {}
    known = 0
    for index, name in enumerate(names):
        part = _PART_OF.match(header[index])
        if part and fold(part[1]) in PIPEDRIVE_ADDRESS_PARTS:  # "City/... of Location"
            mapping[index] = SKIP
            known += 1
            continue
        target = table.get(name) or guess_target(header[index], "activity")
        if target:
            known += 1
        mapping[index] = target or NOTES_LABELED
    return entity, mapping, known
