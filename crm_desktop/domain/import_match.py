"""Matching imported people to stored ones, and to each other: every key an import matches on,
read once per run into dictionaries (no query per row).

A contact is found, in this order, by the other program's id (``ExternalKey``; for a row of
our own export, "crm_desktop:<uid>", also by the contact's uid, so that the file edited in a
spreadsheet and imported back finds each person, renamed or not), by an e-mail key, by a phone
key, or by the same name at the same company (both given: two people called John Smith with no
company are not taken for one). Only living contacts match (not the trash).
The ids a run created or changed are ``touched``: a later row of the same file that finds one
of them is a duplicate within the file.

An e-mail or phone shared by two people (an office's switchboard, info@, a column of the
owner's address read as the contact's) must not make them one: a contact found by one is not
taken when both it and the row have a first and a last name and neither agrees
(``names_differ``); the row's next key is tried, and else it is someone new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from crm_desktop.domain.normalize import email_key, name_key, phone_key
from crm_desktop.store import import_rows

MATCH_RULES = ("external_id", "email", "phone", "name_company")
_NOT_DIGIT = re.compile(r"[^0-9]+")


def quick_phone_key(phone: str) -> str:
    """``normalize.phone_key``, three times faster for the common ASCII text."""
    if not phone.isascii():
        return phone_key(phone)
    digits = _NOT_DIGIT.sub("", phone)
    return digits[2:] if digits.startswith("00") else digits


def quick_name_key(*parts: str) -> str:
    """``normalize.name_key``, a part at a time, each remembered: names repeat (the same first
    names, surnames and companies), and a space between parts keeps decomposition and case
    folding from reaching across them, so the parts' keys joined are the whole's key."""
    return " ".join(key for key in map(_part_key, parts) if key)


@lru_cache(maxsize=1 << 16)
def _part_key(text: str) -> str:
    if text.isascii():  # nothing to decompose
        return " ".join(text.lower().split())
    return name_key(text)


@dataclass
class ExternalIds:
    """One table's other-program ids: ``living`` map to rows still there; ``stale`` ones were
    left by rows since deleted (a new row takes them over)."""

    living: dict[str, int] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, table: str) -> ExternalIds:
        found = cls()
        for key, row_id, alive in import_rows.external_keys(table):
            if alive:
                found.living[key] = int(row_id)
            else:
                found.stale.add(key)
        return found

    def take(self, key: str, row_id: int) -> None:
        self.living[key] = row_id
        self.stale.discard(key)


OURS = "crm_desktop:"  # the id our exports give a contact or deal: its uid after this


def living_by_uid(table: str, keys: Iterable[str]) -> dict[str, int]:
    """Our own exports' ids among ``keys`` ("crm_desktop:<uid>") whose row is here and not in
    the trash, to that row's id (one query per 500)."""
    uids = {key.removeprefix(OURS) for key in keys if key.startswith(OURS)}
    if not uids:
        return {}
    rows = import_rows.select_in(table, ("uid", "id", "deleted_at"), "uid", uids)
    return {OURS + uid: int(row_id) for uid, row_id, deleted in rows if deleted is None}


Names = tuple[str, str]  # (first, last) as name keys: case and accents folded


def names_differ(one: Names, other: Names) -> bool:
    """Whether two people are surely not one: both have a first and a last name, and neither
    agrees ("Ann"/"Anne" and "Bob"/"Bobby" agree: one is the start of the other). "Bob Smith"
    and "Robert Smith" agree on the last name, "Ann Lee" and "Ann Smith" on the first; "Lee,
    Ann" written the other way round ("Lee" first, "Ann" last) agrees with "Ann Lee"."""
    (first, last), (other_first, other_last) = one, other
    if not (first and last and other_first and other_last):
        return False
    if agree(first, other_last) and agree(last, other_first):
        return False
    return not agree(first, other_first) and not agree(last, other_last)


def agree(one: str, other: str) -> bool:
    """Whether two name keys may be one name: equal, or one the start of the other."""
    return one.startswith(other) or other.startswith(one)


@dataclass
class Probe:
    """What a row offers to be matched by."""

    external_id: str
    email_keys: Sequence[str]
    phone_keys: Sequence[str]
    name: tuple[str, str] | None  # (sort name, company sort name), both non-empty
    names: Names = ("", "")
    bare: str = ""  # the sort name of a row that offers nothing else: no company, e-mail...


class ContactKeys:
    def __init__(self, match_on: Iterable[str]) -> None:
        self.rules = tuple(rule for rule in MATCH_RULES if rule in set(match_on))
        self.external = ExternalIds()
        self.email: dict[str, int] = {}
        self.phone: dict[str, int] = {}
        self.name: dict[tuple[str, str], int] = {}
        self.touched: set[int] = set()
        self.names: dict[int, Names] = {}  # of the contacts a row may be matched to
        self.own: dict[str, int] = {}  # "crm_desktop:<uid>" of this chunk's rows: their ids
        self._display: dict[str, int] | None = None
        self._shared: set[str] = set()  # names as shown that two or more contacts have
        self._bare: dict[str, int] | None = None  # contacts known by their name alone

    @classmethod
    def load(cls, match_on: Iterable[str]) -> ContactKeys:
        """The keys of every living contact (rows come newest first, so the oldest wins)."""
        keys = cls(match_on)
        keys.external = ExternalIds.load("contact")
        keys.email = dict(import_rows.contact_email_keys())
        keys.phone = dict(import_rows.contact_phone_keys())
        if "name_company" in keys.rules:
            keys.name = {
                (sort, company): cid for sort, company, cid in import_rows.contact_name_keys()
            }
        return keys

    def fetch_names(self, probes: Iterable[Probe]) -> None:
        """Read the names of the stored contacts these rows' e-mails and phones would find,
        in one go (a chunk's worth), for ``find`` to tell shared ones from duplicates; and
        which contacts the rows from our own export are (``own``)."""
        probes = list(probes)
        wanted: set[int] = set()
        for probe in probes:
            if all(probe.names):  # a partial name never tells two apart
                wanted.update(self.email[k] for k in probe.email_keys if k in self.email)
                wanted.update(self.phone[k] for k in probe.phone_keys if k in self.phone)
        wanted.difference_update(self.names)
        if "external_id" in self.rules:
            self.own = living_by_uid("contact", (probe.external_id for probe in probes))
        for cid, first, last in import_rows.select_in(
            "contact", ("id", "first_name", "last_name"), "id", wanted
        ):
            self.names[int(cid)] = (quick_name_key(first or ""), quick_name_key(last or ""))

    def find(self, probe: Probe) -> int | None:
        for rule in self.rules:
            if rule == "external_id" and probe.external_id:
                found = self.external.living.get(probe.external_id)
                if found is None:
                    found = self.own.get(probe.external_id)
                if found is not None:
                    return found
            elif rule == "email":
                for key in probe.email_keys:
                    if key in self.email and self._same_person(probe, self.email[key]):
                        return self.email[key]
            elif rule == "phone":
                for key in probe.phone_keys:
                    if key in self.phone and self._same_person(probe, self.phone[key]):
                        return self.phone[key]
            elif rule == "name_company" and probe.name is not None and probe.name in self.name:
                return self.name[probe.name]
            elif rule == "name_company" and probe.bare:
                # A name with nothing else, as a stored contact that has nothing else either:
                # nothing could tell them apart (a list of names imported again).
                found = self._bare_names().get(probe.bare)
                if found is not None:
                    return found
        return None

    def _bare_names(self) -> dict[str, int]:
        if self._bare is None:
            self._bare = dict(import_rows.contact_bare_names())
        return self._bare

    def _same_person(self, probe: Probe, contact_id: int) -> bool:
        names = self.names.get(contact_id)
        return names is None or not names_differ(probe.names, names)

    def register(self, probe: Probe, contact_id: int, display_name: str = "") -> None:
        """``contact_id`` now answers to the row's keys (later rows of the file find it)."""
        self.touched.add(contact_id)
        if all(probe.names) and not all(self.names.get(contact_id, ("", ""))):
            self.names[contact_id] = probe.names  # (a partial name never tells two apart)
        if probe.external_id:
            self.external.take(probe.external_id, contact_id)
        for key in probe.email_keys:
            self.email[key] = contact_id
        for key in probe.phone_keys:
            self.phone[key] = contact_id
        if probe.name is not None:
            self.name[probe.name] = contact_id
        if probe.bare and self._bare is not None:
            self._bare.setdefault(probe.bare, contact_id)
        if self._display is not None and display_name:
            self._show(name_key(display_name), contact_id)

    def reference(self, external_id: str, text: str) -> int | None:
        """The contact a deal or activity names: by the other program's id, else by e-mail
        (text with an @), else by the name as shown ("Ann Lee")."""
        if external_id and external_id in self.external.living:
            return self.external.living[external_id]
        text = text.strip()
        if not text:
            return None
        if "@" in text:
            return self.email.get(email_key(text))
        return self.know_names().get(name_key(text))

    def shared_name(self, external_id: str, text: str) -> bool:
        """Whether ``reference`` finds the contact by a name as shown that others have too
        (two Maria Silvas): then it cannot tell which one the file means."""
        if external_id and external_id in self.external.living:
            return False
        text = text.strip()
        if not text or "@" in text:
            return False
        self.know_names()
        return name_key(text) in self._shared

    def know_names(self) -> dict[str, int]:
        """Every living contact by its name as shown (read when first wanted); from then on
        ``register`` adds the names this run gives."""
        if self._display is None:
            self._display = {}
            for name, cid in import_rows.contact_display_names():
                self._show(name_key(name), int(cid))
        return self._display

    def _show(self, key: str, contact_id: int) -> None:
        assert self._display is not None
        if self._display.setdefault(key, contact_id) != contact_id:
            self._shared.add(key)
        self._display[key] = contact_id
