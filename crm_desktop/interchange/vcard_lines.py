"""The text layer of vCard files, done before vobject sees them, for what it cannot do alone:
cards split with the line each starts on; folded lines joined; vCard 2.1's quoted-printable
soft line breaks joined and decoded with each property's own CHARSET (a file may mix them);
2.1's bare parameters (``TEL;WORK;VOICE:``) read as types; base64 photos and the like dropped.
A property's name and parameters are read as UTF-8, else in its CHARSET, so that a custom
label keeps its letters ("TEL;X-Büro:").
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

from crm_desktop.interchange.errors import UnreadableFile
from crm_desktop.interchange.sniff import bom_encoding, file_kind

# Properties a contact record uses (the rest, photos above all, are never decoded).
WANTED = frozenset(
    {
        "N",
        "FN",
        "NICKNAME",
        "ORG",
        "TITLE",
        "ROLE",
        "EMAIL",
        "TEL",
        "ADR",
        "URL",
        "NOTE",
        "BDAY",
        "CATEGORIES",
        "X-ABLABEL",
        "UID",
        "KIND",  # vCard 4's "group" and "org" cards, and Apple's for groups:
        "X-ADDRESSBOOKSERVER-KIND",
        "X-ABSHOWAS",  # COMPANY: a company's own card
        "MEMBER",  # a group's members, by their UID (or mailto:)
        "X-ADDRESSBOOKSERVER-MEMBER",
        "X-ANDROID-CUSTOM",  # Android's nickname and relation
        "ANNIVERSARY",
        "X-ANNIVERSARY",
        "X-MS-ANNIVERSARY",
        "X-EVOLUTION-ANNIVERSARY",
        "X-ABDATE",
        "X-ABRELATEDNAMES",
        "X-SPOUSE",
        "X-MS-SPOUSE",
        "X-EVOLUTION-SPOUSE",
        "X-AIM",
        "X-ICQ",
        "X-JABBER",
        "X-MSN",
        "X-YAHOO",
        "X-SKYPE",
        "X-SKYPE-USERNAME",
        "X-GTALK",
        "X-QQ",
        "X-MS-IMADDRESS",
        "IMPP",
        "X-SOCIALPROFILE",
        "SOCIALPROFILE",
        "X-DEPARTMENT",
        "X-CRM-LIFECYCLE",
        "X-CRM-OWNER",
        "X-CRM-SOURCE",
        "X-CRM-DO-NOT-CONTACT",
        "X-CRM-PREFERRED-CHANNEL",
        "X-CRM-PREFERENCES",
        "X-CRM-STAY-IN-TOUCH-DAYS",
        "X-CRM-REFERRED-BY",
    }
)
_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_PARAM_SPLIT = re.compile(r';(?=(?:[^"]*"[^"]*")*[^"]*$)')
_CHARSET = re.compile(rb"CHARSET=\"?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass
class Property:
    """One property of a card: ``value`` is text (quoted-printable and charset decoded) still
    in the card's own escaping; ``types`` are the TYPE values, as written."""

    group: str
    name: str
    types: list[str]
    value: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class RawCard:
    line: int  # the 1-based line of its BEGIN:VCARD
    version: str = "3.0"
    properties: list[Property] = field(default_factory=list)
    complete: bool = True  # False when END:VCARD is missing
    cut_by: int = 0  # then, the line of the BEGIN:VCARD that came first; 0 for the file's end


def read_cards(path: Path | str) -> list[RawCard]:
    """The cards of a vCard file. ``UnreadableFile`` if it is not one."""
    path = Path(path)
    if file_kind(path) != "vcard":
        raise UnreadableFile(
            f"“{path.name}” is not a vCard file: it does not start with BEGIN:VCARD."
        )
    data = path.read_bytes()
    encoding = bom_encoding(data[:4]) or _nul_encoding(data)
    if encoding and encoding != "utf-8-sig":
        data = data.decode(encoding, errors="replace").encode("utf-8")
    elif data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    cards = list(_cards(_LINE_BREAK.split(data)))
    if not cards:
        raise UnreadableFile(f"“{path.name}” has no cards in it (no BEGIN:VCARD line).")
    return cards


def _nul_encoding(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        return "utf-16-le" if head[1] == 0 else "utf-16-be"
    return None


def _cards(lines: list[bytes]) -> list[RawCard]:
    cards: list[RawCard] = []
    card: RawCard | None = None
    logical: list[tuple[bytes, bool]] = []  # (line, is quoted-printable)
    indented = _indents_soft_breaks(lines)
    for number, raw in enumerate(lines, 1):
        upper = raw.strip().upper()
        if upper.startswith(b"BEGIN:VCARD"):
            if card is not None:  # a card never ended: it ends where the next begins
                card.complete, card.cut_by = False, number
                _finish(card, logical)
                cards.append(card)
            card, logical = RawCard(line=number), []
            continue
        if card is None:
            continue
        if upper.startswith(b"END:VCARD"):
            _finish(card, logical)
            cards.append(card)
            card, logical = None, []
            continue
        if logical and logical[-1][1] and logical[-1][0].rstrip().endswith(b"="):
            previous = logical[-1][0].rstrip()[:-1]  # a quoted-printable soft line break
            indent = indented and raw[:1] in (b" ", b"\t")
            logical[-1] = (previous + (raw[1:] if indent else raw), True)
        elif raw[:1] in (b" ", b"\t") and logical:
            logical[-1] = (logical[-1][0] + raw[1:], logical[-1][1])  # a folded line
        elif b":" not in raw:
            continue  # blank, or the tail of a base64 block in vCard 2.1
        else:
            head = raw.split(b":", 1)[0].upper()
            logical.append((raw, b"QUOTED-PRINTABLE" in head))
    if card is not None:
        card.complete = False
        _finish(card, logical)
        cards.append(card)
    return cards


def _indents_soft_breaks(lines: list[bytes]) -> bool:
    """Whether the file's writer indents the line after a quoted-printable soft line break, as
    if folding it: every such line starts with a blank, and there are two at least. Otherwise
    a blank there is the value's own space ("mit=" then " Gedankenstrich"), and is kept."""
    blanks: list[bool] = []
    quoted = soft = False
    for raw in lines:
        upper = raw.strip().upper()
        if upper.startswith((b"BEGIN:VCARD", b"END:VCARD")):
            quoted = False
        elif soft:
            blanks.append(raw[:1] in (b" ", b"\t"))
        elif raw[:1] not in (b" ", b"\t"):  # a new property; a folded line goes on with its own
            quoted = b"QUOTED-PRINTABLE" in raw.split(b":", 1)[0].upper() and b":" in raw
        soft = quoted and raw.rstrip().endswith(b"=")
    return len(blanks) >= 2 and all(blanks)


def _finish(card: RawCard, logical: list[tuple[bytes, bool]]) -> None:
    for raw, _ in logical:
        prop = _property(raw)
        if prop is None:
            continue
        if prop.name == "VERSION":
            card.version = prop.value.strip() or card.version
        elif prop.name in WANTED:
            card.properties.append(prop)


def _property(raw: bytes) -> Property | None:
    head_bytes, _, value_bytes = raw.partition(b":")
    # a quoted parameter may hold a colon: find the real separator outside quotes
    while head_bytes.count(b'"') % 2 and value_bytes:
        extra, _, value_bytes = value_bytes.partition(b":")
        head_bytes += b":" + extra
    head = _head_text(head_bytes)
    parts = _PARAM_SPLIT.split(head)
    group, _, name = parts[0].strip().rpartition(".")
    name = name.upper()
    if name not in WANTED and name != "VERSION":
        return None
    types: list[str] = []
    params: dict[str, str] = {}
    for part in parts[1:]:
        key, equals, val = part.partition("=")
        if not equals:  # vCard 2.1: TEL;WORK;VOICE or ;QUOTED-PRINTABLE
            key, val = ("ENCODING", key) if key.upper() in _ENCODINGS else ("TYPE", key)
        key = key.strip().upper()
        if key == "TYPE":
            types.extend(t.strip().strip('"') for t in val.split(",") if t.strip('" '))
        else:
            params[key] = val.strip().strip('"')
    encoding = params.get("ENCODING", "").upper()
    if encoding == "QUOTED-PRINTABLE":
        value_bytes = quopri.decodestring(value_bytes)
    value = _decoded(value_bytes, params.get("CHARSET", ""))
    return Property(group=group, name=name, types=types, value=value, params=params)


def _head_text(data: bytes) -> str:
    """A property's name and parameters: UTF-8, else in its CHARSET (or as a value would be)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        charset = _CHARSET.search(data)
        return _decoded(data, charset[1].decode("ascii") if charset else "")


def _decoded(data: bytes, charset: str) -> str:
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass  # a charset Python does not know: guess as below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def unescape(text: str) -> str:
    """A value's text with its backslash escapes undone ("\\n" a line break, "\\," a comma)."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], text)


def split_value(value: str, separator: str = ";") -> list[str]:
    """A structured value's parts (N, ADR; CATEGORIES with ","), each unescaped and stripped;
    an escaped separator stays inside its part."""
    return [unescape(part).strip() for part in re.split(rf"(?<!\\){separator}", value)]
