"""The words programs put on emails, phones, addresses and websites ("* Home", "Mobile",
"_$!<HomePage>!$_", "TEL;WORK;FAX", "Geschäftlich") turned into ours, and tag lists split."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

HOME, WORK, MOBILE, OTHER = "home", "work", "mobile", "other"


def _bare(word: str) -> str:
    """Lower case without accents: "Geschäftlich" -> "geschaftlich", "Móvil" -> "movil"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_WORDS: dict[str, str] = {}
for _label, _words in (
    (
        HOME,
        "home private personal privat zuhause domicile maison casa particular residencial "
        "residence personnel personnelle persönlich abitazione privato",
    ),
    (
        WORK,
        "work business office arbeit geschäftlich geschaeftlich büro buero dienstlich "
        "beruflich travail bureau professionnel professionnelle trabajo trabalho comercial oficina "
        "ufficio uff lavoro",
    ),
    (
        MOBILE,
        "mobile cell cellular handy mobil mobiltelefon portable móvil movil celular "
        "cellphone iphone cellulare",
    ),
    (OTHER, "other andere anderes sonstige sonstiges autre otro otra outro outra"),
    ("main", "main primary principal haupt hauptnummer zentrale pref"),
    ("fax", "fax telefax"),
    ("pager", "pager beeper"),
    ("car", "car auto voiture"),
    ("assistant", "assistant assistantphone asst assistent assistente asistente"),
    ("homepage", "homepage"),
    ("blog", "blog"),
    ("profile", "profile"),
):
    for _word in _words.split():
        _WORDS[_bare(_word)] = _label
_PHRASES = {
    "home fax": "home fax",
    "homefax": "home fax",
    "work fax": "work fax",
    "workfax": "work fax",
    "business fax": "work fax",
    "other fax": "fax",
    "home page": "homepage",
    "mobile phone": MOBILE,
    "cell phone": MOBILE,
    "company main": "main",
    "company main phone": "main",
    "assistant phone": "assistant",
    "assistant's phone": "assistant",
}
_APPLE = re.compile(r"^_\$!<(.*)>!\$_$")
# vCard TYPE values that say nothing about which email or phone it is.
_SILENT = frozenset(
    {
        "voice",
        "internet",
        "pref",
        "msg",
        "x400",
        "text",
        "postal",
        "parcel",
        "dom",
        "intl",
        "bbs",
        "modem",
        "isdn",
        "pcs",
        "uri",
        "textphone",
    }
)
_PHONE_WORDS = frozenset({"phone", "number", "telefon", "telephone", "tel", "nummer", "numero"})
# Google's own groups, which it writes among a contact's labels with a "* " in front: every
# contact in the list ("* myContacts"), the starred ones, the ones only ever e-mailed.
SYSTEM_GROUPS = frozenset(
    {
        "mycontacts",
        "my contacts",
        "* mycontacts",
        "* my contacts",
        "* starred",
        "* other contacts",
    }
)


def is_primary(raw: str) -> bool:
    """Whether another program's label marks the primary value: Google writes "* Work" (and
    "* " alone in its older layout for a primary value with no label)."""
    text = raw.strip()
    return text == "*" or text.startswith("* ")


def address_label(stored: str, at_company: bool) -> str:
    """An address's label to export; for one stored without (before labels were kept), work
    for someone at a company, else home."""
    if stored.strip():
        return label(stored)
    return WORK if at_company else HOME


@lru_cache(maxsize=4096)  # a file repeats the same few labels on every row
def label(raw: str) -> str:
    """Our label for another program's: "home", "work", "mobile", "other", "main", "fax",
    "work fax", "home fax", "pager", ...; a custom label is kept as written."""
    text = " ".join(raw.split())
    if is_primary(text):
        text = text[2:]  # Google marks the primary one with "* " (see ``is_primary``)
    if match := _APPLE.match(text):
        text = match[1]
    key = _bare(text).replace("_", " ")
    if key in _PHRASES:
        return _PHRASES[key]
    if key in _WORDS:
        return _WORDS[key]
    words = key.replace("-", " ").split()
    if words and all(word in _WORDS or word in _PHONE_WORDS for word in words):
        return label_of_types(words)
    return text


def label_of_types(types: Iterable[str], *, keep_unknown: bool = True) -> str:
    """One label from several type words (vCard ``TYPE=WORK,FAX``, or "Business Phone 2"):
    "work fax", "mobile", "home"; "" when they say nothing ("VOICE", "INTERNET"). A word we
    do not know is a custom label (a vCard's ``TYPE=school``) unless ``keep_unknown`` is off."""
    seen: list[str] = []
    for raw in types:
        word = _bare(raw.strip())
        if len(word) < 2 or word in _SILENT or word.isdigit() or word in _PHONE_WORDS:
            continue
        mapped = _PHRASES.get(word) or _WORDS.get(word) or (word if keep_unknown else "")
        if not mapped:
            continue
        if mapped not in seen:
            seen.append(mapped)
    if "fax" in seen:
        where = next((word for word in seen if word in (HOME, WORK)), "")
        return f"{where} fax" if where else "fax"
    if MOBILE in seen:
        return MOBILE
    if "pager" in seen:
        return "pager"
    return seen[0] if seen else ""


def split_tags(text: str) -> list[str]:
    """Tags from "VIP ::: Friends" (Google), "VIP; Friends" (Outlook) or "VIP, Friends";
    Google's system groups ("* myContacts", "* starred") dropped, the "* " of the others removed."""
    text = text.strip()
    if not text:
        return []
    if ":::" in text:
        parts = text.split(":::")
    elif ";" in text:
        parts = text.split(";")
    else:
        parts = text.split(",")
    return unique_tags(parts)


def unique_tags(parts: Iterable[str]) -> list[str]:
    tags: list[str] = []
    seen: set[str] = set()
    for part in parts:
        tag = " ".join(part.split()).strip('"')  # Mailchimp's tags: "VIP","Golf"
        if tag.casefold() in SYSTEM_GROUPS:
            continue
        if tag.startswith("* "):
            tag = tag[2:]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags
