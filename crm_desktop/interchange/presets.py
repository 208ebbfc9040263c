"""Presets: which program wrote a file, told from its header, and the column mapping that reads
it with no work from the user. ``detect_preset(header)`` always answers: when no known export
matches, the "generic" preset guesses what the rows are (people, companies, deals or
activities) and each column from its header's words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from crm_desktop.interchange import pipedrive
from crm_desktop.interchange.generic import generic_mapping, guess_target
from crm_desktop.interchange.preset_locales import OUTLOOK_MARKS, THUNDERBIRD_TRANSLATED
from crm_desktop.interchange.preset_tables import (
    GOOGLE_COLUMNS,
    GOOGLE_PATTERNS,
    HUBSPOT_COMPANY_COLUMNS,
    HUBSPOT_CONTACT_COLUMNS,
    HUBSPOT_DEAL_COLUMNS,
    LINKEDIN_COLUMNS,
    OUR_CONTACT_COLUMNS,
    OUR_DEAL_COLUMNS,
    OUR_DEAL_TARGETS,
    OUR_TARGETS,
    OUTLOOK_COLUMNS,
    OUTLOOK_TWIN_TARGETS,
    THUNDERBIRD_COLUMNS,
    THUNDERBIRD_LAYOUT,
    YAHOO_COLUMNS,
)
from crm_desktop.interchange.preset_zoho import (
    ZOHO_ACCOUNT_COLUMNS,
    ZOHO_CONTACT_COLUMNS,
    ZOHO_DEAL_COLUMNS,
    ZOHO_LEAD_COLUMNS,
)
from crm_desktop.interchange.row_kinds import guess_kind, kind_mapping
from crm_desktop.interchange.targets import NOTES_LABELED
from crm_desktop.interchange.words import fold

__all__ = ["OUR_CONTACT_COLUMNS", "PRESETS", "Preset", "detect_preset", "preset_for"]


@dataclass(frozen=True)
class Preset:
    """A recognised layout: ``key`` ("google"), ``label`` for people ("Google Contacts CSV"),
    ``kind`` of record each row becomes, ``mapping`` column index -> target (see ``targets``)."""

    key: str
    label: str
    kind: str
    mapping: dict[int, str] = field(default_factory=dict)
    recognised: int = 0  # columns the preset knew by name (the rest were guessed or go to notes)
    day_first: bool | None = None  # how to read "03/04/2024"; None: the file's dates decide


# key -> (label, kind): every preset the wizard can offer, in the order it lists them.
PRESETS: dict[str, tuple[str, str]] = {
    "google": ("Google Contacts CSV", "contact"),
    "google_legacy": ("Google Contacts CSV (older layout)", "contact"),
    "outlook": ("Outlook CSV", "contact"),
    "thunderbird": ("Thunderbird address book CSV", "contact"),
    "linkedin": ("LinkedIn connections export", "contact"),
    "yahoo": ("Yahoo Mail contacts CSV", "contact"),
    "hubspot_contacts": ("HubSpot contacts export", "contact"),
    "hubspot_companies": ("HubSpot companies export", "company"),
    "hubspot_deals": ("HubSpot deals export", "deal"),
    "zoho_contacts": ("Zoho CRM contacts export", "contact"),
    "zoho_leads": ("Zoho CRM leads export", "contact"),
    "zoho_accounts": ("Zoho CRM accounts export", "company"),
    "zoho_deals": ("Zoho CRM deals export", "deal"),
    **{key: (text, kind) for key, text, kind in pipedrive.KINDS.values()},
    "crm_desktop": ("CRM Desktop CSV", "contact"),
    "crm_desktop_deals": ("CRM Desktop deals", "deal"),
    "generic": ("Other CSV or spreadsheet (columns guessed from their names)", "contact"),
}

Table = dict[str, str]
Patterns = tuple[tuple[re.Pattern[str], str], ...]
_TABLES: dict[str, tuple[Table, Patterns]] = {
    "google": (GOOGLE_COLUMNS, GOOGLE_PATTERNS),
    "google_legacy": (GOOGLE_COLUMNS, GOOGLE_PATTERNS),
    "outlook": (OUTLOOK_COLUMNS, ()),
    "thunderbird": (THUNDERBIRD_COLUMNS, ()),
    "linkedin": (LINKEDIN_COLUMNS, ()),
    "yahoo": (YAHOO_COLUMNS, ()),
    "hubspot_contacts": (HUBSPOT_CONTACT_COLUMNS, ()),
    "hubspot_companies": (HUBSPOT_COMPANY_COLUMNS, ()),
    "hubspot_deals": (HUBSPOT_DEAL_COLUMNS, ()),
    "zoho_contacts": (ZOHO_CONTACT_COLUMNS, ()),
    "zoho_leads": (ZOHO_LEAD_COLUMNS, ()),
    "zoho_accounts": (ZOHO_ACCOUNT_COLUMNS, ()),
    "zoho_deals": (ZOHO_DEAL_COLUMNS, ()),
}
_HUBSPOT_IDS = frozenset(
    {
        "record id",
        "contact id",
        "company id",
        "deal id",
        "record id contact",
        "record id company",
        "record id deal",
        "id de registro",  # Spanish
        "datensatz id",  # German
    }
)
_HUBSPOT_PERSON = frozenset(
    {"email", "first name", "last name", "correo", "nombre", "apellidos", "e mail", "vorname"}
)
# Columns only HubSpot's contacts exports have: Zoho's ("Record Id") and Salesforce's ("Contact
# ID") exports have an id and names too, but "Phone" and "Created Time", not these.
_HUBSPOT_CONTACT_MARKS = frozenset(
    {
        "phone number",
        "mobile phone number",
        "lifecycle stage",
        "lead status",
        "create date",
        "last activity date",
        "marketing contact status",
        "associated company",
        "associated company primary",
        "associated company ids primary",
        "primary associated company id",
        "hubspot owner",
        "numero de telefono",
        "fecha de creacion",
        "estado del lead",
        "ultima actividad",
        "propietario del contacto",
        "telefonnummer",
        "lifecycle phase",
        "lebenszyklusphase",
        "kontaktinhaber",
        "zugeordnetes unternehmen",
        "erstellungsdatum",
        "datum der letzten aktivitat",
    }
)


def _is_ours(names: set[str], header: list[str]) -> bool:
    # 14: most of the 16 columns our exports had before "Preferences" and the rest came
    ours = {fold(name) for name in OUR_CONTACT_COLUMNS}
    return len(ours & names) >= 14 and {"emails", "phones"} <= names


def _is_our_deals(names: set[str], header: list[str]) -> bool:
    ours = {fold(name) for name in OUR_DEAL_COLUMNS}
    return len(ours & names) >= 14 and {"title", "pipeline", "stage", "closed at"} <= names


def _is_google(names: set[str], header: list[str]) -> bool:
    return bool({"e mail 1 label", "phone 1 label", "address 1 label"} & names) or (
        "labels" in names and "organization name" in names
    )


def _is_google_legacy(names: set[str], header: list[str]) -> bool:
    return {"given name", "family name"} <= names and bool(
        {"group membership", "e mail 1 type", "phone 1 type"} & names
    )


def _is_outlook(names: set[str], header: list[str]) -> bool:
    return (
        "e mail address" in names
        or {"business phone", "mobile phone", "job title"} <= names
        or len(OUTLOOK_MARKS & names) >= 3  # in German, French, Spanish or Portuguese
    )


def _is_thunderbird(names: set[str], header: list[str]) -> bool:
    return (
        "primary email" in names
        and bool({"display name", "secondary email", "birth year", "screen name"} & names)
    ) or _thunderbird_in_english(header) is not None


# Each of Thunderbird's columns, by position: its names in English and the languages we know.
_THUNDERBIRD_NAMES = [
    {fold(name), *map(fold, THUNDERBIRD_TRANSLATED[fold(name)].split("|"))}
    for name, _ in THUNDERBIRD_LAYOUT
]


def _thunderbird_in_english(header: list[str]) -> list[str] | None:
    """The header with Thunderbird's English names in place of its own, when it is the header of
    Thunderbird's export: at least half of its columns have the name of the column Thunderbird
    writes there, in any one of the languages we know (a translation may rename a few)."""
    size = len(_THUNDERBIRD_NAMES)
    if len(header) < size:
        return None
    pairs = zip(header[:size], _THUNDERBIRD_NAMES, strict=True)
    known = sum(fold(name) in names for name, names in pairs)
    if known * 2 < size:
        return None
    return [name for name, _ in THUNDERBIRD_LAYOUT] + header[size:]


def _is_yahoo(names: set[str], header: list[str]) -> bool:
    return {"messenger id", "alternate email 1", "yahoo phone"} <= names


def _is_linkedin(names: set[str], header: list[str]) -> bool:
    return {"connected on", "url", "position"} <= names


# Columns only Zoho CRM's exports have: HubSpot writes "Create Date", Salesforce "Created Date".
_ZOHO_TIMES = frozenset({"created time", "modified time", "last activity time"})


def _is_zoho_module(owner: str, names: set[str]) -> bool:
    """Zoho's export of a module whose owner column is ``owner`` ("Contact Owner"): with Zoho's
    id column ("Record Id", as HubSpot's) or its times."""
    return owner in names and ("record id" in names or bool(_ZOHO_TIMES & names))


def _is_zoho_contacts(names: set[str], header: list[str]) -> bool:
    return _is_zoho_module("contact owner", names) and "account name" in names


def _is_zoho_leads(names: set[str], header: list[str]) -> bool:
    return _is_zoho_module("lead owner", names)


def _is_zoho_accounts(names: set[str], header: list[str]) -> bool:
    return _is_zoho_module("account owner", names) and "account name" in names


def _is_zoho_deals(names: set[str], header: list[str]) -> bool:
    # HubSpot's deals have a "Deal owner" and a "Record ID" too, but a "Close Date"
    return "deal name" in names and bool({"closing date", "expected revenue"} & names)


def _is_hubspot_deals(names: set[str], header: list[str]) -> bool:
    return bool(_HUBSPOT_IDS & names) and bool({"deal name", "deal stage"} & names)


def _is_hubspot_companies(names: set[str], header: list[str]) -> bool:
    people = {"first name", "email", "correo", "apellidos", "vorname", "nachname", "e mail"}
    if not _HUBSPOT_IDS & names or people & names:
        return False
    return bool(
        {"company domain name", "company owner", "nombre de dominio de la empresa"} & names
    ) or bool({"company name", "name", "nombre de la empresa"} & names)


def _is_hubspot_contacts(names: set[str], header: list[str]) -> bool:
    return bool(_HUBSPOT_IDS & names and _HUBSPOT_PERSON & names and _HUBSPOT_CONTACT_MARKS & names)


_DETECTORS: tuple[tuple[str, Callable[[set[str], list[str]], bool]], ...] = (
    ("crm_desktop", _is_ours),
    ("crm_desktop_deals", _is_our_deals),
    ("google", _is_google),
    ("google_legacy", _is_google_legacy),
    # before HubSpot's: Zoho's exports also have a "Record Id", names and a "Lead Status"
    ("zoho_deals", _is_zoho_deals),
    ("zoho_accounts", _is_zoho_accounts),
    ("zoho_leads", _is_zoho_leads),
    ("zoho_contacts", _is_zoho_contacts),
    ("hubspot_deals", _is_hubspot_deals),
    ("hubspot_companies", _is_hubspot_companies),
    ("hubspot_contacts", _is_hubspot_contacts),
    ("thunderbird", _is_thunderbird),
    ("linkedin", _is_linkedin),
    ("yahoo", _is_yahoo),
    ("outlook", _is_outlook),
)


# The column our import's "Save the rejected rows" adds in front of a file's own: the file,
# fixed, is imported again without it.
REASON_COLUMN = "Why it was not imported"


def detect_preset(header: list[str]) -> Preset:
    """The preset for a file with this header: a Pipedrive export in any of its languages, or
    the first other known export that matches, else "generic" (what the rows are and their
    columns guessed, see ``row_kinds``)."""
    found = pipedrive.pipedrive_mapping(header)  # first: "Deal - Stage" is not HubSpot's
    if found:
        entity, mapping, known = found
        key, text, kind = pipedrive.KINDS[entity]
        return _without_reasons(Preset(key, text, kind, mapping, known), header)
    names = {fold(name) for name in header}
    for key, matches in _DETECTORS:
        if matches(names, header):
            return preset_for(key, header)
    return preset_for("generic", header)


def preset_for(key: str, header: list[str], kind: str | None = None) -> Preset:
    """The mapping preset ``key`` gives this header (the wizard's "read it as" choice); for
    "generic", ``kind`` says what the rows are (by default, what the header suggests)."""
    return _without_reasons(_preset_for(key, header, kind), header)


def _without_reasons(preset: Preset, header: list[str]) -> Preset:
    reason = fold(REASON_COLUMN)
    if not any(fold(name) == reason for name in header):
        return preset
    kept = {i: t for i, t in preset.mapping.items() if fold(header[i]) != reason}
    return replace(preset, mapping=kept)


def _preset_for(key: str, header: list[str], kind: str | None) -> Preset:
    if key not in PRESETS:
        raise ValueError(f"Unknown preset: {key!r}")
    text, preset_kind = PRESETS[key]
    if key == "crm_desktop":
        return _ours(key, header, zip(OUR_CONTACT_COLUMNS, OUR_TARGETS, strict=True))
    if key == "crm_desktop_deals":
        return _ours(key, header, zip(OUR_DEAL_COLUMNS, OUR_DEAL_TARGETS, strict=True))
    if key.startswith("pipedrive"):
        found = pipedrive.pipedrive_mapping(header)
        mapping, known = (found[1], found[2]) if found else generic_mapping(header, preset_kind)
        return Preset(key, text, preset_kind, mapping, known)
    if key == "generic":
        kind = kind or guess_kind(header)
        mapping, known = kind_mapping(header, kind)
        return Preset(key, text, kind, mapping, known)
    columns, patterns = _TABLES[key]
    twins = OUTLOOK_TWIN_TARGETS if key == "outlook" else {}
    names = header
    if key == "thunderbird":  # in another language: by position ("Ville" twice in French)
        names = _thunderbird_in_english(header) or header
    mapping = {}
    known = 0
    seen: set[str] = set()
    for index, name in enumerate(names):
        folded = fold(name)
        pair = twins.get(folded)  # French Outlook's two "Titre": name prefix, then job title
        target = pair[folded in seen] if pair else _lookup(folded, columns, patterns)
        seen.add(folded)
        if target is not None:
            known += 1
        else:
            target = guess_target(name, preset_kind) or NOTES_LABELED
        mapping[index] = target
    return Preset(key, text, preset_kind, mapping, known)


def _lookup(name: str, columns: Table, patterns: Patterns) -> str | None:
    if name in columns:
        return columns[name]
    for pattern, target in patterns:
        if pattern.match(name):
            return target
    return None


def _ours(key: str, header: list[str], columns: Iterable[tuple[str, str]]) -> Preset:
    targets = {fold(name): target for name, target in columns}
    mapping = {}
    known = 0
    for index, name in enumerate(header):
        target = targets.get(fold(name))
        known += target is not None
        mapping[index] = target or NOTES_LABELED
    text, kind = PRESETS[key]
    return Preset(key, text, kind, mapping, known, day_first=False)
