"""Narrowing the duplicates list: by the kind of rule that found a pair and by words typed."""

from __future__ import annotations

from crm_desktop.domain.duplicate_filter import PairFilter, counts, found_by
from crm_desktop.domain.duplicates import EMAIL, NAME_ONLY, PHONE, SIMILAR, DuplicatePair, PairSide


def _pair(
    first: str,
    second: str,
    reasons: tuple[str, ...],
    matched: tuple[str, ...] = (),
    company: str = "",
) -> DuplicatePair:
    return DuplicatePair(
        PairSide(1, "u1", first, company), PairSide(2, "u2", second, ""), reasons, 90, matched
    )


JOSE = _pair("José Núñez", "Pepe Núñez", (EMAIL, SIMILAR), ("jose@nunez.example",), "Acme")
BOB = _pair("Bob Stone", "Robert Stone", (PHONE,), ("+1 (555) 123-4567",))
SMITHS = _pair("Ann Smith", "Ann Smith", (NAME_ONLY,))
ALL = [JOSE, BOB, SMITHS]


def test_each_kind_takes_the_pairs_its_rules_found() -> None:
    assert [p for p in ALL if found_by(p, "email")] == [JOSE]
    assert [p for p in ALL if found_by(p, "phone")] == [BOB]
    assert [p for p in ALL if found_by(p, "name")] == [JOSE, SMITHS]  # JOSE: by both
    assert [p for p in ALL if found_by(p, None)] == ALL
    assert counts(ALL) == {"email": 1, "phone": 1, "name": 2}


def test_words_are_found_in_names_companies_and_what_they_share() -> None:
    pairs = PairFilter()
    assert pairs.apply(ALL, "jose") == [JOSE]  # accents ignored
    assert pairs.apply(ALL, "NUÑEZ acme") == [JOSE]  # every word, any case, the company
    assert pairs.apply(ALL, "nunez.example") == [JOSE]  # the shared e-mail
    assert pairs.apply(ALL, "stone robert") == [BOB]  # in any order, either side
    assert pairs.apply(ALL, "robert smith") == []  # every word must be found
    assert pairs.apply(ALL, "  ") == ALL
    assert pairs.apply(ALL, "ann", "email") == []  # both the words and the kind


def test_a_number_is_found_by_its_digits_however_it_is_written() -> None:
    pairs = PairFilter()
    assert pairs.apply(ALL, "5551234567") == [BOB]
    assert pairs.apply(ALL, "555-123") == [BOB]
    assert pairs.apply(ALL, "(555) 123 45") == [BOB]
    assert pairs.apply(ALL, "999") == []
