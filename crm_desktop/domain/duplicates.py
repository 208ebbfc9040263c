"""Finding contacts that are probably the same person, over the whole database.

Rules, each with a score (the higher, the surer):

- the same email address (95);
- the same phone number, compared on its last nine digits so that "+44 20 7946 0018" and
  "020 7946 0018" meet; numbers of fewer than seven digits are ignored (85);
- at the same company: the same name (80), the first and last name swapped (75), an initial
  for the other's first name, "J. Smith" and "John Smith" (70), or a name one or two typing
  slips away, "Jon Smith" and "John Smith" (65);
- without a company: the same name, when no more than three people share it (50); more are
  likely different people with a common name.

A pair that several rules find gets the best score plus 5 for each other rule. A pair found only
by a shared e-mail or phone whose names plainly differ (first and last names both, "Tom Shared"
and "Ann Colleague" on one office number) loses 30 and says "different names": colleagues and
families share addresses and numbers, and such a pair is worth a look after the likelier ones.

Nothing is compared pairwise over the whole table: emails and phones are grouped in SQL; names
are put into blocks (by company and last name, by company and first name, by company and the
name's words) and compared only inside a block. A key shared by many contacts pairs each with the
first of them (a star) instead of with each other.

Pairs the user said are not duplicates are remembered in ``not-duplicates.json`` in the data
folder (by the contacts' uids) and not shown again.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.import_match import names_differ
from crm_desktop.domain.normalize import name_key, phone_key
from crm_desktop.store import db, duplicate_keys

EMAIL = "same email"
PHONE = "same phone"
SAME_NAME = "same name, same company"
SWAPPED = "first and last name swapped, same company"
INITIAL = "initial for first name, same company"
SIMILAR = "similar name, same company"
NAME_ONLY = "same name, no company"

SCORES = {EMAIL: 95, PHONE: 85, SAME_NAME: 80, SWAPPED: 75, INITIAL: 70, SIMILAR: 65, NAME_ONLY: 50}
EXTRA_REASON = 5  # added to the best score for each further rule that found the pair
DIFFERENT_NAMES = "different names"  # said after the rules of a pair whose names differ
NAMES_DIFFER = 30  # taken off such a pair's score
NAME_RULES = frozenset({SAME_NAME, SWAPPED, INITIAL, SIMILAR, NAME_ONLY})

ALL_PAIRS_UP_TO = 10  # contacts sharing a key: every pair; more: each with the first one
NAME_ONLY_UP_TO = 3  # people with the same name and no company: more are likely different
MAX_BLOCK = 300  # a name block bigger than this (a huge firm's Smiths) is compared exactly only
NOT_DUPLICATES_FILE = "not-duplicates.json"

Progress = Callable[[int, int], None]  # (steps done, steps in all)


class Cancelled(DomainError):
    """The search was cancelled before it finished."""

    def __init__(self) -> None:
        super().__init__("The search for duplicates was cancelled.")


@dataclass(frozen=True)
class PairSide:
    id: int
    uid: str
    name: str
    company: str
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class DuplicatePair:
    """Two living contacts that are probably one person; ``first.id < second.id``."""

    first: PairSide
    second: PairSide
    reasons: tuple[str, ...]  # strongest first
    score: int  # 0..100
    matched: tuple[str, ...]  # the shared emails or phones, as typed

    @property
    def reason(self) -> str:
        return self.reasons[0]

    @property
    def ids(self) -> tuple[int, int]:
        return (self.first.id, self.second.id)


def _names_differ(one: PairSide, other: PairSide) -> bool:
    return names_differ(
        (name_key(one.first_name), name_key(one.last_name)),
        (name_key(other.first_name), name_key(other.last_name)),
    )


def number_key(phone: str) -> str:
    """What two phone numbers are compared by: the last nine digits (fewer when shorter)."""
    digits = phone_key(phone)
    return digits[-duplicate_keys.PHONE_SUFFIX :]


def similar(a: str, b: str, bound: int) -> bool:
    """Whether ``a`` and ``b`` are at most ``bound`` edits apart (insert, delete, replace, or
    swap two neighbouring letters); stops early once every path is over the bound."""
    if abs(len(a) - len(b)) > bound:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > bound:
            return False
        previous2, previous = previous, current
    return previous[len(b)] <= bound


def typo_bound(a: str, b: str) -> int:
    """How many slips two names may differ by: none under four letters, one up to seven,
    two from eight."""
    shorter = min(len(a), len(b))
    return 0 if shorter < 4 else 1 if shorter < 8 else 2


class NotDuplicates:
    """Pairs of contacts (by uid) the user said are different people: a small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> set[frozenset[str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {frozenset(pair) for pair in data.get("pairs", []) if len(set(pair)) == 2}
        except (OSError, ValueError, TypeError, AttributeError):
            return set()  # missing or unreadable: nothing remembered yet

    def add(self, uid_a: str, uid_b: str) -> None:
        self._save(self.load() | {frozenset((uid_a, uid_b))})

    def remove(self, uid_a: str, uid_b: str) -> None:
        self._save(self.load() - {frozenset((uid_a, uid_b))})

    def _save(self, pairs: set[frozenset[str]]) -> None:
        data = {"version": 1, "pairs": sorted(sorted(pair) for pair in pairs)}
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(temporary, self.path)


@dataclass
class _Found:
    reasons: set[str]
    matched: list[str]


class DuplicateFinder:
    """Finds likely duplicates among living contacts; remembers "not duplicates" answers."""

    def __init__(
        self, clock: Clock, actor_id: int | None = None, *, folder: Path | None = None
    ) -> None:
        self.clock = clock
        self.actor_id = actor_id
        self._folder = folder

    @property
    def not_duplicates(self) -> NotDuplicates:
        folder = self._folder or db.data_folder()
        return NotDuplicates(folder / NOT_DUPLICATES_FILE)

    def find(
        self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None
    ) -> list[DuplicatePair]:
        """Every likely pair, best score first; raises ``Cancelled`` if ``cancelled()`` says so."""
        steps = 4

        def step(done: int) -> None:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(done, steps)

        step(0)
        people = {row[0]: row for row in duplicate_keys.living_contacts()}
        found: dict[tuple[int, int], _Found] = {}
        step(1)
        for shown, ids in duplicate_keys.shared_emails():
            _add(found, _pairs([i for i in ids if i in people]), EMAIL, shown)
        step(2)
        for shown, ids in duplicate_keys.shared_phones():
            _add(found, _pairs([i for i in ids if i in people]), PHONE, shown)
        step(3)
        _match_names(found, people.values(), cancelled)
        dismissed = self.not_duplicates.load()
        companies = duplicate_keys.company_names()
        pairs = []
        for (a, b), what in found.items():
            if frozenset((people[a][1], people[b][1])) in dismissed:
                continue
            reasons = tuple(sorted(what.reasons, key=lambda r: -SCORES[r]))
            score = min(100, SCORES[reasons[0]] + EXTRA_REASON * (len(reasons) - 1))
            first, second = _side(people[a], companies), _side(people[b], companies)
            if not NAME_RULES.intersection(reasons) and _names_differ(first, second):
                reasons, score = (*reasons, DIFFERENT_NAMES), score - NAMES_DIFFER
            pairs.append(
                DuplicatePair(first, second, reasons, score, tuple(dict.fromkeys(what.matched)))
            )
        pairs.sort(key=lambda p: (-p.score, p.first.name.casefold(), p.ids))
        step(4)
        return pairs

    def mark_not_duplicates(self, first_uid: str, second_uid: str) -> None:
        """Remember that these two contacts are different people."""
        self.not_duplicates.add(first_uid, second_uid)

    def unmark_not_duplicates(self, first_uid: str, second_uid: str) -> None:
        """Forget a "not duplicates" answer (its undo)."""
        self.not_duplicates.remove(first_uid, second_uid)


_Row = tuple[int, str, str, str, str, int | None]  # id, uid, first, last, display name, company


def _side(row: _Row, companies: dict[int, str]) -> PairSide:
    company = companies.get(row[5], "") if row[5] is not None else ""
    return PairSide(int(row[0]), str(row[1]), str(row[4]), company, str(row[2]), str(row[3]))


def _pairs(ids: Sequence[int]) -> list[tuple[int, int]]:
    """The pairs among contacts sharing a key: all of them for a few, else each with the first."""
    ordered = sorted(set(ids))
    if len(ordered) <= ALL_PAIRS_UP_TO:
        return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]
    return [(ordered[0], other) for other in ordered[1:]]


def _add(
    found: dict[tuple[int, int], _Found],
    pairs: Iterable[tuple[int, int]],
    reason: str,
    shown: str = "",
) -> None:
    for a, b in pairs:
        key = (a, b) if a < b else (b, a)
        entry = found.get(key)
        if entry is None:
            entry = found[key] = _Found(set(), [])
        entry.reasons.add(reason)
        if shown:
            entry.matched.append(shown)


_Person = tuple[int, str, str]  # id, first-name key, last-name key


def _match_names(
    found: dict[tuple[int, int], _Found],
    people: Iterable[_Row],
    cancelled: Callable[[], bool] | None,
) -> None:
    words: dict[tuple[int | None, str], list[_Person]] = defaultdict(list)
    by_last: dict[tuple[int, str], list[_Person]] = defaultdict(list)
    by_first: dict[tuple[int, str], list[_Person]] = defaultdict(list)
    keys: dict[str, str] = {}  # names repeat: each is normalised once

    def key(text: str) -> str:
        found = keys.get(text)
        if found is None:
            found = keys[text] = name_key(text)
        return found

    for cid, _uid, first, last, _name, company in people:
        fk, lk = key(first), key(last)
        if not (fk or lk):
            continue
        person = (int(cid), fk, lk)
        words[(company, " ".join(sorted(f"{fk} {lk}".split())))].append(person)
        if company is not None:
            if lk:
                by_last[(company, lk)].append(person)
            if len(fk.rstrip(".")) > 1:
                by_first[(company, fk)].append(person)
    for (company, _), group in words.items():
        if len(group) < 2 or (company is None and len(group) > NAME_ONLY_UP_TO):
            continue
        for a, b in _pairs_of(group):
            if company is None:
                _add(found, [(a[0], b[0])], NAME_ONLY)
            elif (a[1], a[2]) == (b[1], b[2]) or (a[1], a[2]) != (b[2], b[1]):
                _add(found, [(a[0], b[0])], SAME_NAME)
            else:
                _add(found, [(a[0], b[0])], SWAPPED)
    for checked, group in enumerate(by_last.values()):
        if checked % 2000 == 1999 and cancelled is not None and cancelled():
            raise Cancelled()
        if 2 <= len(group) <= MAX_BLOCK:
            for a, b in _all_pairs(group):
                reason = _first_names_match(a[1], b[1])
                if reason:
                    _add(found, [(a[0], b[0])], reason)
    for group in by_first.values():
        if 2 <= len(group) <= MAX_BLOCK:
            for a, b in _all_pairs(group):
                if a[2] and b[2] and a[2] != b[2] and similar(a[2], b[2], typo_bound(a[2], b[2])):
                    _add(found, [(a[0], b[0])], SIMILAR)


def _first_names_match(a: str, b: str) -> str | None:
    """How two first names at the same company and last name fit together, if they do."""
    if a == b:
        return None  # the same name: found by the exact rule already
    bare_a, bare_b = a.rstrip("."), b.rstrip(".")
    if len(bare_a) == 1 and bare_b[:1] == bare_a and len(bare_b) > 1:
        return INITIAL
    if len(bare_b) == 1 and bare_a[:1] == bare_b and len(bare_a) > 1:
        return INITIAL
    if len(bare_a) > 1 and len(bare_b) > 1 and similar(a, b, typo_bound(a, b)):
        return SIMILAR
    return None


def _pairs_of(group: list[_Person]) -> list[tuple[_Person, _Person]]:
    ordered = sorted(group)
    if len(ordered) <= ALL_PAIRS_UP_TO:
        return _all_pairs(ordered)
    return [(ordered[0], other) for other in ordered[1:]]


def _all_pairs(group: list[_Person]) -> list[tuple[_Person, _Person]]:
    ordered = sorted(group)
    return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]
