"""What the rows of a file no known program wrote are, told from its header: companies, deals,
activities, else people; and the guessed mapping that reads rows of that kind.

The rule, in the order it is tried (a column is compared by its header's words, an API name
split as ``words.header_words`` does: "StageName" is "stage name"):

- deals: a title column ("Name", "Opportunity Name", "Deal Name") and an amount ("Amount",
  "Value") and a stage, close date or probability column;
- activities: a "Subject" column and one about when or how it went (a date, start, due date,
  duration, direction, status or type);
- companies: a company-name column ("Name", "Account Name", "Company Name", "Organization") and
  at least two kinds of company columns among website or domain, industry, employees, revenue
  and billing or shipping address;
- else people.

A person's columns (first or last name) make any file people's. For companies the rule asks
more, since people sheets often carry a company's columns beside the person's: no job title,
birthday, mobile or home phone or e-mail, no second name column beside the company's ("Name"
and "Company": a person and where they work), and, when the name is a bare "Name" beside an
e-mail column, as people sheets look, three kinds of company columns instead of two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crm_desktop.interchange.generic import generic_mapping, guess_target
from crm_desktop.interchange.preset_aliases import GENERIC_DEAL
from crm_desktop.interchange.targets import Kind, split_target
from crm_desktop.interchange.words import header_words

# What one row is, in words: "Each row was read as a company".
ROW_WORDS: dict[str, str] = {
    "contact": "a person",
    "company": "a company",
    "deal": "a deal",
    "activity": "an activity",
}


def _words(*names: str) -> frozenset[str]:
    return frozenset(header_words(name) for name in names)


_PERSON_NAMES = frozenset({"first_name", "last_name"})
# Beside a company's name these say the rows are people who work there.
_PERSON_SIGNS = frozenset(
    {"title", "birthday", "birth_year", "birth_month", "birth_day", "phone:mobile",
     "phone:home", "email:home"}
)  # fmt: skip
_BARE_NAMES = _words("Name", "Nome")
_SUBJECTS = _words("Subject", "Betreff", "Sujet", "Objet", "Asunto", "Assunto", "Oggetto")
_WHEN_OR_HOW = re.compile(r"date|start|due|duration|direction|status|type|time|datum")
_PROBABILITY = re.compile(r"^(probability|wahrscheinlichkeit|probabilite|probabilidad)")
_COMPANY_MARKS = {
    "website": re.compile(r"^(website|web site|homepage|domain|company domain)"),
    "industry": re.compile(r"^(industry|branche|secteur|industria|sector|setor)$"),
    "employees": re.compile(r"employees$|^(mitarbeiter|employes|empleados|funcionarios)"),
    "revenue": re.compile(r"revenue|umsatz|chiffre d affaires|ingresos|receita"),
    "address": re.compile(
        r"^(billing|shipping) (address )?(street|city|state|postal code|zip|country)$"
    ),
}
_CREATED = _words("Date Created", "CreatedDate", "createdAt", "Creation date")


def guess_kind(header: Sequence[str]) -> Kind:
    """What each row of a file with this header most likely is (see the module's rule)."""
    names = [header_words(name) for name in header]
    people = {target for target in map(guess_target, header) if target}
    if people & _PERSON_NAMES:
        return "contact"
    if _is_deals(names):
        return "deal"
    if set(names) & _SUBJECTS and any(_WHEN_OR_HOW.search(n) for n in names if n not in _SUBJECTS):
        return "activity"
    if _is_companies(header, names, people):
        return "company"
    return "contact"


def kind_mapping(header: list[str], kind: str) -> tuple[dict[int, str], int]:
    """The guessed mapping for rows of ``kind``, and how many columns it recognised. An
    activity with no date column of its own (SuiteCRM's notes) is dated when it was written."""
    mapping, known = generic_mapping(header, kind)
    if kind == "activity" and not any(
        split_target(t)[0] in ("occurred_at", "occurred_date") for t in mapping.values()
    ):
        created = next((i for i, name in enumerate(header) if header_words(name) in _CREATED), None)
        if created is not None:
            mapping[created] = "occurred_at"
            known += 1
    return mapping, known


def _is_deals(names: list[str]) -> bool:
    deal = {GENERIC_DEAL.get(name) for name in names}
    closing = {"stage", "expected_close"} & deal or any(map(_PROBABILITY.match, names))
    return "title" in deal and "value" in deal and bool(closing)


def _is_companies(header: Sequence[str], names: list[str], people: set[str]) -> bool:
    if people & _PERSON_SIGNS:
        return False
    named = [
        (name, target)
        for name, target in zip(names, map(guess_target, header), strict=True)
        if target in ("company", "full_name")
    ]
    # One name column: none is no company, two are a person and where they work ("Name" and
    # "Company"), and a person's own ("Contact Name", "Full Name") is no company's.
    if len(named) != 1:
        return False
    name, target = named[0]
    bare = name in _BARE_NAMES
    if target == "full_name" and not bare:
        return False
    marks = {mark for mark, pattern in _COMPANY_MARKS.items() for n in names if pattern.search(n)}
    emails = bare and any("mail" in n for n in names)
    return len(marks) >= (3 if emails else 2)
