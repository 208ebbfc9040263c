"""Narrowing a long list of likely duplicates: by what found them, and by words typed.

After an import the finder can list tens of thousands of pairs. A person looking for one
customer types part of a name, a company, an e-mail or a phone; a person tidying up takes the
pairs found by one rule at a time. Case and accents are ignored ("jose" finds "José"), every
word typed must be found, and a number is also compared on its digits alone ("5551234567"
finds "(555) 123-4567").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crm_desktop.domain.duplicates import (
    EMAIL,
    INITIAL,
    NAME_ONLY,
    PHONE,
    SAME_NAME,
    SIMILAR,
    SWAPPED,
    DuplicatePair,
)
from crm_desktop.domain.normalize import name_key, phone_key

# What found a pair, as a person picks it: the rules of each kind.
KINDS: dict[str, tuple[str, ...]] = {
    "email": (EMAIL,),
    "phone": (PHONE,),
    "name": (SAME_NAME, SWAPPED, INITIAL, SIMILAR, NAME_ONLY),
}


def found_by(pair: DuplicatePair, kind: str | None) -> bool:
    """Whether one of the rules of ``kind`` found ``pair`` (any rule when ``kind`` is None)."""
    return kind is None or any(reason in KINDS[kind] for reason in pair.reasons)


def counts(pairs: Iterable[DuplicatePair]) -> dict[str, int]:
    """How many of ``pairs`` each kind found (a pair found two ways counts in both)."""
    found = dict.fromkeys(KINDS, 0)
    for pair in pairs:
        for kind in KINDS:
            if found_by(pair, kind):
                found[kind] += 1
    return found


class PairFilter:
    """Keeps the text each pair is searched in, so that typing filters at once."""

    def __init__(self) -> None:
        # By the pair's contact ids: the pair the texts are of, its words, its numbers' digits.
        self._texts: dict[tuple[int, int], tuple[DuplicatePair, str, str]] = {}

    def apply(
        self, pairs: Sequence[DuplicatePair], text: str = "", kind: str | None = None
    ) -> list[DuplicatePair]:
        """The pairs ``kind`` found in which every word of ``text`` appears."""
        words = [(word, _number(word)) for word in name_key(text).split()]
        if not words:
            return [pair for pair in pairs if found_by(pair, kind)]
        shown = []
        for pair in pairs:
            if not found_by(pair, kind):
                continue
            words_text, digits = self._texts_of(pair)
            if all(word in words_text or (number and number in digits) for word, number in words):
                shown.append(pair)
        return shown

    def _texts_of(self, pair: DuplicatePair) -> tuple[str, str]:
        kept = self._texts.get(pair.ids)
        if kept is None or kept[0] is not pair:
            sides = (pair.first, pair.second)
            parts = [part for side in sides for part in (side.name, side.company)]
            words_text = name_key(*parts, *pair.matched)
            kept = (pair, words_text, " ".join(map(phone_key, pair.matched)))
            self._texts[pair.ids] = kept
        return kept[1], kept[2]

    def forget(self) -> None:
        """Drop the kept texts (the pairs were found again)."""
        self._texts.clear()


def _number(word: str) -> str:
    """The digits of ``word`` when it is a number (digits and punctuation, no letters)."""
    return "" if any(ch.isalpha() for ch in word) else phone_key(word)
