"""vCard 2.1, 3.0 and 4.0 files into ``ImportedContact`` records, one per card.

``vcard_lines`` cleans each card (folding, quoted-printable, charsets, 2.1's bare types, photos
dropped); vobject then parses the cleaned card. Should vobject refuse one, the card is read from
the cleaned lines by hand instead; the other cards never notice. What a contact has no field for
(middle name, name prefix and suffix, nickname, department, spouse, anniversary, a second
address, instant messaging) is kept in its notes, one "Label: value" line each, labelled as the
Google and Outlook CSV presets label them. A group's card is no person: its name becomes a tag
on its members (``vcard_groups``). A company's own card (vCard 4's KIND:org, Apple's
X-ABShowAs:COMPANY) is a contact at that company with no person's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import vobject  # type: ignore[import-untyped]

from crm_desktop.domain.exports import split_notes
from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange.labels import label, label_of_types, unique_tags
from crm_desktop.interchange.values import KEPT_IN_NOTES, format_address, parse_date
from crm_desktop.interchange.vcard_groups import Groups
from crm_desktop.interchange.vcard_lines import (
    Property,
    RawCard,
    read_cards,
    split_value,
    unescape,
)

_STRUCTURED = frozenset({"N", "ADR", "ORG"})
_LISTS = frozenset({"CATEGORIES", "NICKNAME"})
_KNOWN_ESCAPES = frozenset("\\;,nN")
_IM = {
    "X-AIM": "AIM",
    "X-ICQ": "ICQ",
    "X-JABBER": "Jabber",
    "X-MSN": "MSN",
    "X-YAHOO": "Yahoo",
    "X-SKYPE": "Skype",
    "X-SKYPE-USERNAME": "Skype",
    "X-GTALK": "Google Talk",
    "X-QQ": "QQ",
    "X-MS-IMADDRESS": "IM",
    "IMPP": "IM",
}
_ANNIVERSARY = frozenset(
    {"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}
)
# Our own export's X-CRM-* properties that are text as they stand.
_OURS = {
    "X-CRM-LIFECYCLE": "lifecycle",
    "X-CRM-OWNER": "owner",
    "X-CRM-SOURCE": "source",
    "X-CRM-PREFERRED-CHANNEL": "preferred_channel",
    "X-CRM-PREFERENCES": "preferences",
    "X-CRM-REFERRED-BY": "referred_by",
}
_SPOUSE = frozenset({"X-SPOUSE", "X-MS-SPOUSE", "X-EVOLUTION-SPOUSE"})
# Apple's X-SOCIALPROFILE and vCard 4's SOCIALPROFILE: "LinkedIn: https://..." in the notes.
_SOCIAL = frozenset({"X-SOCIALPROFILE", "SOCIALPROFILE"})
# Android's relation kinds (ContactsContract.CommonDataKinds.Relation) by number; 0 is custom.
_RELATIONS = ("", "Assistant", "Brother", "Child", "Domestic partner", "Father", "Friend",
              "Manager", "Mother", "Parent", "Partner", "Referred by", "Relative", "Sister",
              "Spouse")  # fmt: skip
_SOCIAL_NAMES = {"linkedin": "LinkedIn", "github": "GitHub", "xing": "XING", "youtube": "YouTube"}


@dataclass
class Item:
    """A property after parsing: ``parts`` are the components of N, ADR and ORG, the values of
    CATEGORIES, or the one text of anything else (unescaped)."""

    group: str
    name: str
    types: list[str]
    parts: list[str]

    @property
    def text(self) -> str:
        return self.parts[0] if self.parts else ""


def read_vcards(path: Path | str) -> list[ImportedContact]:
    """Every card of a vCard file, in order; ``UnreadableFile`` if the file is not vCards."""
    return list(iter_vcards(path))


def iter_vcards(path: Path | str) -> Iterator[ImportedContact]:
    cards = read_cards(path)
    groups = Groups.of(cards)
    warning = groups.warning()  # said once, on the first card that comes in
    for card in cards:
        if groups.holds(card):
            continue
        contact = contact_of(card)
        tags = groups.tags_of(card)
        if tags:
            contact.tags = unique_tags([*contact.tags, *tags])
        if warning and _comes_in(contact):
            contact.warnings.append(warning)
            warning = ""
        yield contact


def contact_of(card: RawCard) -> ImportedContact:
    try:
        items = list(_via_vobject(card))
    except Exception:  # vobject raises several kinds for a card it dislikes: read it by hand
        items = list(_by_hand(card))
    contact = _contact(card.line, items)
    if card.complete:
        return contact
    if card.cut_by:  # the next card began: this one is read up to there, and said
        contact.warnings.append(
            f"The card starting on line {card.line} has no END:VCARD before the next card "
            f"(line {card.cut_by}): it was read up to there. Check what came in."
        )
    else:  # the file ends inside it: lines may be missing, so it is not guessed at
        contact.problems.append(
            f"The card starting on line {card.line} is cut short (it has no END:VCARD)."
        )
    return contact


def _comes_in(contact: ImportedContact) -> bool:
    """Whether the import takes the card (one it rejects would not show its warnings)."""
    named = contact.first_name or contact.last_name or contact.full_name
    return not contact.problems and bool(named or contact.emails or contact.phones)


# -- parsing ----------------------------------------------------------------------------------


def _via_vobject(card: RawCard) -> Iterator[Item]:
    lines = ["BEGIN:VCARD", "VERSION:3.0"]
    for prop in card.properties:
        head = f"{prop.group}.{prop.name}" if prop.group else prop.name
        if prop.types:
            head += ";TYPE=" + ",".join(t.replace(",", "") for t in prop.types)
        lines.append(f"{head}:{_escaped(prop, card.version)}")
    lines.append("END:VCARD")
    component = vobject.readOne("\r\n".join(lines) + "\r\n")
    for line in component.getChildren():
        name = str(line.name).upper()
        if name == "VERSION":
            continue
        types = [t for value in line.params.get("TYPE", []) for t in value.split(",")]
        yield Item(line.group or "", name, types, _parts(name, line.value))


def _escaped(prop: Property, version: str) -> str:
    """The value escaped as vCard 3.0 wants it, for vobject. vCard 2.1 escapes nothing but ";"
    (commas are plain text there); real 3.0 files leave commas bare in FN and NOTE, and write
    "\\:" now and then; vobject would cut a text at a bare comma."""
    value, old = prop.value, version.startswith("2")
    structured, listed = prop.name in _STRUCTURED, prop.name in _LISTS
    out: list[str] = []
    i = 0
    while i < len(value):
        char = value[i]
        following = value[i + 1 : i + 2]
        if char == "\\" and following and (not old or following == ";"):
            out.append(f"\\{following}" if following in _KNOWN_ESCAPES else following)
            i += 2
            continue
        if char == "\\":
            out.append("\\\\")
        elif char == "," and not listed:
            out.append("\\,")
        elif char == ";" and not structured:
            out.append("\\;")
        elif char in "\r\n":
            if not (char == "\n" and value[i - 1 : i] == "\r"):
                out.append("\\n")
        else:
            out.append(char)
        i += 1
    return "".join(out)


_N_FIELDS = ("family", "given", "additional", "prefix", "suffix")
_N_LABELS = ("Middle name", "Name prefix", "Name suffix")  # as the CSV presets' notes lines
_ADR_FIELDS = ("box", "extended", "street", "city", "region", "code", "country")


def _parts(name: str, value: object) -> list[str]:
    if name in ("N", "ADR"):
        fields = _N_FIELDS if name == "N" else _ADR_FIELDS
        return [_joined(getattr(value, f, "")) for f in fields]
    if isinstance(value, list):
        return [_joined(v) for v in value]
    text = str(value)
    if name == "URL" or name.startswith("X-"):
        text = unescape(text)
    return [text]


def _joined(value: object) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v).strip() for v in value if str(v).strip())
    return str(value or "").strip()


def _by_hand(card: RawCard) -> Iterator[Item]:
    """The same items without vobject, from the cleaned lines."""
    for prop in card.properties:
        value = prop.value
        if prop.name in _STRUCTURED:
            parts = split_value(value)
            if prop.name == "N":
                parts = (parts + [""] * 5)[:5]
            elif prop.name == "ADR":
                parts = (parts + [""] * 7)[:7]
        elif prop.name == "CATEGORIES":
            parts = split_value(value, ",")
        else:
            parts = [unescape(value).strip()]
        yield Item(prop.group, prop.name, prop.types, parts)


# -- the record -------------------------------------------------------------------------------


def _contact(line: int, items: list[Item]) -> ImportedContact:
    contact = ImportedContact(line=line)
    group_labels = {
        item.group.casefold(): label(item.text)
        for item in items
        if item.name == "X-ABLABEL" and item.group
    }
    notes: list[str] = []
    extra: list[str] = []
    company_card = False
    name_parts: list[str] = []
    addresses: list[tuple[str, str]] = []
    websites: list[str] = []
    for item in items:
        kind = group_labels.get(item.group.casefold()) if item.group else None
        if kind is None:
            kind = _kind(item.types)
        text = item.text.strip()
        if item.name == "N":
            name_parts = item.parts
            contact.last_name, contact.first_name = item.parts[0], item.parts[1]
            named = zip(_N_LABELS, item.parts[2:], strict=True)  # middle, prefix, suffix
            extra.extend(f"{name}: {part}" for name, part in named if part)
        elif item.name == "FN":
            contact.full_name = " ".join(text.split())
        elif item.name == "EMAIL" and text:
            contact.emails.append((kind, text))
        elif item.name == "TEL" and text:
            number = _phone_text(text)
            contact.phones.append((kind, number))
        elif item.name == "ORG":
            _organisation(contact, item.parts, extra)
        elif item.name == "TITLE" and text and not contact.title:
            contact.title = text
        elif item.name == "ADR":
            address = format_address(item.parts)
            if address:
                addresses.append((kind, address))
        elif item.name == "URL" and text:
            websites.append(text)
        elif item.name == "NOTE" and text:
            notes.append(item.text.strip("\r\n"))
        elif item.name == "BDAY" and text and contact.birthday is None:
            day, problem = parse_date(text)
            if day is not None:
                contact.birthday = day
                contact.problems = [p for p in contact.problems if "birthday" not in p]
            elif problem:  # the card still comes in, the text in its notes
                contact.warnings.append(f"Birthday: {problem} {KEPT_IN_NOTES}")
                notes.append(f"Birthday: {text}")
        elif item.name in _OURS and text:
            setattr(contact, _OURS[item.name], text)
        elif item.name == "X-CRM-DO-NOT-CONTACT":
            contact.do_not_contact = text.upper() in ("TRUE", "YES", "1")
        elif item.name == "X-CRM-STAY-IN-TOUCH-DAYS" and text:
            _stay_in_touch(contact, text)
        elif item.name in ("KIND", "X-ABSHOWAS"):
            company_card = company_card or text.casefold() in ("org", "company")
        elif item.name == "CATEGORIES":
            contact.tags = unique_tags([*contact.tags, *_categories(item.parts)])
        else:
            _extra(item, kind, text, extra)
    if addresses:
        contact.address_label, contact.address = addresses[0]
        for where, address in addresses[1:]:
            extra.append(
                f"Address ({where}): " + address.replace("\n", ", ")
                if where
                else "Address: " + address.replace("\n", ", ")
            )
    if websites:
        contact.website = websites[0]
        extra.extend(f"Website: {site}" for site in websites[1:])
    if contact.full_name and name_parts and not _same_name(contact.full_name, name_parts):
        extra.append(f"Full name: {contact.full_name}")  # "Grandma Rose" where N says "Rose"
    # Our export repeats the preferences at the end of NOTE for programs that ignore X-CRM-*.
    own = split_notes("\n\n".join(notes), contact.preferences.strip())
    contact.notes = "\n\n".join(n for n in (own, "\n".join(extra)) if n)
    if company_card:  # its FN is the company's name, ORG perhaps that and a department
        contact.company = contact.company or contact.full_name
        contact.full_name = ""
    if not (contact.first_name or contact.last_name) and any(
        contact.full_name.casefold() == other.casefold()
        for other in (contact.company, *(email for _, email in contact.emails))
    ):
        contact.full_name = ""  # FN is required: a card without a name repeats its email or ORG

    return contact


def _same_name(full: str, parts: list[str]) -> bool:
    """Whether FN says no more than N does: each of its words is one of N's (in any order,
    some left out, dots and commas aside), or it is N's names written together, family name
    first or last, as Chinese, Japanese and Korean names are ("李小龙")."""
    family, given = (*parts, "", "")[:2]
    if not (family or given):
        return True  # FN is the only name: it is used as the name
    if _words(full) <= _words(" ".join(parts)):
        return True
    return _words(full) <= {f"{family}{given}".casefold(), f"{given}{family}".casefold()}


def _words(text: str) -> set[str]:
    return set(text.casefold().replace(",", " ").replace(".", " ").split())


def _stay_in_touch(contact: ImportedContact, text: str) -> None:
    if text.isdigit() and int(text) > 0:
        contact.stay_in_touch_days = int(text)
    else:
        contact.problems.append(f"“Stay in touch every {text} days” is not a number of days.")


def _phone_text(text: str) -> str:
    if text.casefold().startswith("tel:"):
        text = text[4:]
    return text.replace(";ext=", " ext. ")


def _organisation(contact: ImportedContact, parts: list[str], extra: list[str]) -> None:
    parts = [p.strip() for p in parts]
    if contact.company or not any(parts):
        return
    contact.company = parts[0]
    departments = [p for p in parts[1:] if p]
    if departments:
        extra.append("Department: " + ", ".join(departments))


def _categories(parts: list[str]) -> list[str]:
    return [tag for part in parts for tag in part.split(",")]


def _extra(item: Item, kind: str | None, text: str, extra: list[str]) -> None:
    if not text:
        return
    if item.name == "NICKNAME":
        extra.append(f"Nickname: {text}")
    elif item.name == "ROLE":
        extra.append(f"Role: {text}")
    elif item.name == "X-DEPARTMENT":
        extra.append(f"Department: {text}")
    elif item.name in _SPOUSE:
        extra.append(f"Spouse: {text}")
    elif item.name == "X-ABRELATEDNAMES":
        extra.append(f"{(kind or 'Related name').capitalize()}: {text}")
    elif item.name in _ANNIVERSARY:
        extra.append(f"Anniversary: {_date_text(text)}")
    elif item.name == "X-ABDATE":
        extra.append(f"{(kind or 'Date').capitalize()}: {_date_text(text)}")
    elif item.name in _IM:
        extra.append(f"{_IM[item.name]}: {text}")
    elif item.name in _SOCIAL:
        extra.append(f"{_social_service(item.types)}: {text}")
    elif item.name == "X-ANDROID-CUSTOM":
        extra.extend(_android(text))


def _android(text: str) -> list[str]:
    """Android's "vnd.android.cursor.item/nickname;Jo;1;;…" and ".../relation;Ann;14;;…" (a
    relation's kind by number, 0 with its own label after it) as notes lines."""
    kind, name, number, own, *_ = [*(part.strip() for part in text.split(";")), "", "", ""]
    if not name:
        return []
    if kind.endswith("/nickname"):
        return [f"Nickname: {name}"]
    if kind.endswith("/relation"):
        known = number.isdigit() and 0 < int(number) < len(_RELATIONS)
        said = _RELATIONS[int(number)] if known else own if number == "0" else ""
        return [f"{said or 'Related name'}: {name}"]
    return []


def _kind(types: list[str]) -> str:
    """The label of a vCard's TYPE words: ours for those we know ("work", "mobile", "fax"),
    else the first other one as written, without the "X-" of 2.1's ``TEL;X-Ferienhaus``."""
    known = label_of_types(types, keep_unknown=False)
    if known:
        return known
    custom = next((t for t in types if label_of_types([t])), "")
    return label(custom[2:] if custom[:2].casefold() == "x-" else custom) if custom else ""


def _social_service(types: list[str]) -> str:
    service = next((t for t in types if t.casefold() not in ("pref", "internet")), "")
    return _SOCIAL_NAMES.get(service.casefold(), service.capitalize() or "Social profile")


def _date_text(text: str) -> str:
    day, _ = parse_date(text.split("T")[0])
    return day.isoformat() if day else text
