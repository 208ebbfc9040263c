"""A list narrowed by a word of four letters or more finds it through the few indexed words it
begins, and finds exactly what the word as a prefix finds: accents folded, many such words,
none, and short words beside it."""

from __future__ import annotations

import pytest

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.store import search
from crm_desktop.store.db import sql

NAMES = [
    ("Ana", "Management"), ("Bo", "Manager"), ("Cy", "Managers"), ("Di", "Mana"),
    ("Ed", "Müller"), ("Fa", "Muller"), ("Gu", "Mull"), ("Ha", "Mulligan"),
    *[("Iv", f"Mango{letter}") for letter in "abcdefghijk"],  # more words than MAX_TERMS
]  # fmt: skip


@pytest.fixture
def people(services: Services) -> None:
    for first, last in NAMES:
        services.contacts.create(ContactFields(first_name=first, last_name=last))


def listed(text: str) -> set[int]:
    clause, params = search.list_clause("contact", "c.id", text, in_order=True)
    rows = sql(f"SELECT c.id FROM contact c WHERE {clause}", params).fetchall()
    return {int(row[0]) for row in rows}


@pytest.mark.parametrize(
    "text", ["manag", "manager", "MANAGE", "müll", "mull", "mulli", "mang", "mango", "an manag",
             "zzzz", "bo manager"],
)  # fmt: skip
def test_a_long_word_finds_what_its_prefix_finds(people: None, text: str) -> None:
    assert listed(text) == set(search.matching("contact", search.match_expression(text), 1000))


def test_the_words_it_is_read_as(people: None) -> None:
    manag = search._terms("contact", "manag")
    assert manag is not None and [term for term, _ in manag] == [
        "management",
        "manager",
        "managers",
    ]
    assert search._terms("contact", "mang") is None  # more than MAX_TERMS: read as a prefix
    assert search._terms("contact", "zzzz") is None
    assert len(listed("manag")) == 3 and len(listed("mull")) == 4
