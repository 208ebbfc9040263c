"""The rows of the demo data, made in memory one batch at a time (see ``demo``).

Each row is a tuple in the column order of ``COLUMNS``, after (id, uid, version, created_at,
updated_at). Times are integer epoch seconds counted back from the world's "now"; dates are
proleptic ordinals, as the store keeps them.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import cast

from crm_desktop.domain import demo_names as w
from crm_desktop.domain.demo_deals import add_leads, add_reminders
from crm_desktop.domain.normalize import email_key, name_key, phone_key
from crm_desktop.domain.pipeline import StageInfo

Row = tuple[object, ...]
DAY = 86_400


def _cols(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# In an order that foreign keys allow.
COLUMNS: dict[str, tuple[str, ...]] = {
    "company": _cols(
        "name sort_name website industry phone address notes owner_id people_count tag_names"
    ),
    "company_tag": _cols("company_id tag_id"),
    "contact": _cols(
        "first_name last_name display_name sort_name title company_id primary_email"
        " primary_phone address address_label birthday preferred_channel do_not_contact source"
        " referred_by_id lifecycle owner_id personal_notes preferences stay_in_touch_days"
        " last_contacted_at company_sort tag_names next_due_at"
    ),
    "contact_email": _cols("contact_id label email email_key position"),
    "contact_phone": _cols("contact_id label phone phone_key position"),
    "contact_tag": _cols("contact_id tag_id"),
    "lead": _cols(
        "title contact_id company_id pipeline_id stage_id position value_minor currency"
        " expected_close source owner_id next_step status probability closed_at lost_reason"
        " stage_entered_at notes"
    ),
    "stage_change": _cols(
        "lead_id from_stage_id to_stage_id changed_at changed_by_id seconds_in_previous"
    ),
    "interaction": _cols(
        "contact_id lead_id kind direction subject body occurred_at duration_minutes outcome"
        " staff_id"
    ),
    "reminder": _cols(
        "title note due_at remind_at assignee_id contact_id lead_id status snoozed_until"
        " recur_every recur_unit notified_at completed_at"
    ),
}

_SUBJECTS = {kind: [form.format(t) for t in w.TOPICS] for kind, form in w.SUBJECT_FORMS.items()}
_BODIES = [f"{a} {b}" for a in w.BODY_OPENERS for b in w.BODY_CLOSERS]
_DURATIONS = {"call": (2, 40), "meeting": (15, 90), "visit": (30, 120)}
_DIRECTED = {"call", "email", "message"}
_PER_CONTACT = (0, 1, 2, 2, 3, 3, 3, 3, 4, 4)  # interactions: 2.5 on average
_TAGS_PER_CONTACT = (0, 0, 0, 0, 0, 1, 1, 1, 2, 2)
_VERSION_4 = bytes(b & 0x0F | 0x40 for b in range(256))
_VARIANT = bytes(b & 0x3F | 0x80 for b in range(256))


@dataclass
class World:
    """What every batch draws from: the random streams, the owners, tags and stages."""

    rng: random.Random
    uids: random.Random
    now: int
    owners: list[int] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    tag_names: list[str] = field(default_factory=list)  # beside ``tags``
    pipeline_id: int = 0
    open_stages: list[StageInfo] = field(default_factory=list)
    won: StageInfo | None = None
    lost: StageInfo | None = None
    positions: dict[int, int] = field(default_factory=dict)  # stage id -> next free position
    _pool: list[str] = field(default_factory=list)

    def uid(self) -> str:
        """A random (version 4) UUID as 32 hex digits, from the seeded stream."""
        if not self._pool:
            raw = bytearray(self.uids.randbytes(16 * 4096))
            raw[6::16] = raw[6::16].translate(_VERSION_4)
            raw[8::16] = raw[8::16].translate(_VARIANT)
            text = raw.hex()
            self._pool = [text[i : i + 32] for i in range(len(text) - 32, -32, -32)]
        return self._pool.pop()


_NAMES: dict[tuple[str, str], tuple[str, str, str, str, str]] = {}


def _names(first: str, last: str) -> tuple[str, str, str, str, str]:
    """A name's sort key, three mailbox names and a stem for numbered ones; cached, as there
    are only a few thousand names."""
    found = _NAMES.get((first, last))
    if found is None:
        fa, la = _slug(first), _slug(last)
        found = (name_key(last, first), f"{fa}.{la}", f"{fa[:1]}.{la}", f"{la}.{fa}", fa + la)
        _NAMES[(first, last)] = found
    return found


def _slug(text: str) -> str:
    return "".join(ch for ch in name_key(text).translate(w.ASCII_FOLD) if ch.isalnum())


def _phone_form(pattern: str) -> tuple[str, int, str]:
    """(format, digits to draw, the key's fixed digits) of a pattern such as "+44 7### ######"."""
    head, tail = pattern[: pattern.index("#")], pattern[pattern.index("#") :]
    assert not any(ch.isdigit() for ch in tail), "fixed digits must come before the first #"
    return pattern.replace("#", "{}"), pattern.count("#"), phone_key(head)


_PHONES = {loc.phone: _phone_form(loc.phone) for loc in w.LOCALES}


def _phone(rng: random.Random, pattern: str) -> tuple[str, str]:
    """A random number in the pattern and its key, the same as ``normalize.phone_key`` gives."""
    form, count, fixed = _PHONES[pattern]
    digits = f"{rng.getrandbits(64):020d}"[-count:]
    return form.format(*digits), fixed + digits


class Batch:
    """The rows of one batch, built in memory and then written in foreign-key order."""

    def __init__(self, world: World, first_ids: dict[str, int]) -> None:
        self.world = world
        self.first = first_ids
        self.rows: dict[str, list[Row]] = {table: [] for table in COLUMNS}
        self.companies: list[tuple[int, str, str]] = []  # id, name, mail domain
        self.company_sort: dict[int, str] = {}
        self.people: list[tuple[int, int, int, str, int]] = []  # id, created, company, name, owner
        self.leads_of: dict[int, list[int]] = {}  # contact index -> lead ids

    def fill(self, contacts: int, companies: int, leads: int, reminders: int) -> None:
        """Make the rows: companies, then people (with their emails, phones, tags and
        interactions), then their leads (whose owners are chosen first) and reminders."""
        rng = self.world.rng
        self._companies(companies)
        if not self.world.open_stages:  # a pipeline with nowhere for a new lead to start
            leads = 0
        lead_owners = [int(rng.random() * contacts) for _ in range(leads)]
        for n, person in enumerate(lead_owners):
            self.leads_of.setdefault(person, []).append(self.first["lead"] + n)
        self._contacts(contacts)
        self._people_counts()
        add_leads(self, lead_owners)
        add_reminders(self, reminders)
        self._next_due()

    def _people_counts(self) -> None:
        """Each company's people in its row (a batch's people work at the batch's companies)."""
        at = 5 + COLUMNS["contact"].index("company_id")
        slot = 5 + COLUMNS["company"].index("people_count")
        rows, first = self.rows["company"], self.first["company"]
        for company, n in Counter(cast(int, r[at]) for r in self.rows["contact"] if r[at]).items():
            row = rows[company - first]
            rows[company - first] = (*row[:slot], n, *row[slot + 1 :])

    def _next_due(self) -> None:
        """Each person's earliest open reminder, in the contact row's last column."""
        columns = COLUMNS["reminder"]
        when, who, state = (5 + columns.index(c) for c in ("remind_at", "contact_id", "status"))
        earliest: dict[int, int] = {}
        for row in self.rows["reminder"]:
            if row[state] != "open":
                continue
            person, due = cast(int, row[who]), cast(int, row[when])
            if person not in earliest or due < earliest[person]:
                earliest[person] = due
        contacts, first = self.rows["contact"], self.first["contact"]
        for person, due in earliest.items():
            contacts[person - first] = (*contacts[person - first][:-1], due)

    def _companies(self, count: int) -> None:
        world, rng, r = self.world, self.world.rng, self.world.rng.random
        rows, tags = self.rows["company"], self.rows["company_tag"]
        for n in range(count):
            cid, loc = self.first["company"] + n, w.LOCALES[int(r() * len(w.LOCALES))]
            noun = w.COMPANY_NOUNS[int(r() * len(w.COMPANY_NOUNS))]
            if r() < 0.5:
                core = f"{loc.last[int(r() * len(loc.last))]} {noun}"
            else:
                core = w.COMPANY_WORDS[int(r() * len(w.COMPANY_WORDS))] + noun.lower()
            name = f"{core} {loc.legal[int(r() * len(loc.legal))]}"
            domain = f"{_slug(core)}.{loc.tld}"
            created = world.now - int((200 + r() * 1200) * DAY)
            street = f"{loc.streets[int(r() * len(loc.streets))]}"
            number = 1 + int(r() * 180)
            place = f"{number} {street}" if loc.number_first else f"{street} {number}"
            address = f"{place}, {loc.cities[int(r() * len(loc.cities))]}"
            notes = f"Customer since {1990 + int(r() * 34)}." if r() < 0.2 else ""
            industry = w.INDUSTRIES[int(r() * len(w.INDUSTRIES))]
            owner = world.owners[int(r() * len(world.owners))]
            phone = _phone(rng, loc.phone)[0]
            tag = int(r() * len(world.tags)) if r() < 0.25 else None
            rows.append(
                (
                    cid,
                    world.uid(),
                    1,
                    created,
                    created,
                    name,
                    name_key(name),
                    f"https://www.{domain}",
                    industry,
                    phone,
                    address,
                    notes,
                    owner,
                    0,  # people_count: set by _people_counts once the people are made
                    world.tag_names[tag] if tag is not None else "",
                )
            )
            if tag is not None:
                tags.append(
                    (
                        self.first["company_tag"] + len(tags),
                        world.uid(),
                        1,
                        created,
                        created,
                        cid,
                        world.tags[tag],
                    )
                )
            self.companies.append((cid, name, domain))
            self.company_sort[cid] = name_key(name)

    def _contacts(self, count: int) -> None:
        world, rng, r, uid, now = (
            self.world,
            self.world.rng,
            self.world.rng.random,
            self.world.uid,
            self.world.now,
        )
        rows, mails, phones = (
            self.rows["contact"],
            self.rows["contact_email"],
            self.rows["contact_phone"],
        )
        tag_rows, talks = self.rows["contact_tag"], self.rows["interaction"]
        companies, tags, owners, first = self.companies, world.tags, world.owners, self.first
        ntags, first_id, recent = len(tags), first["contact"], now - 730 * DAY
        for i in range(count):
            cid, loc = first_id + i, w.LOCALES[int(r() * len(w.LOCALES))]
            given, family = loc.first[int(r() * len(loc.first))], loc.last[int(r() * len(loc.last))]
            names = _names(given, family)
            created = now - int((30 + r() * 1065) * DAY)
            owner = owners[int(r() * len(owners))]
            company = companies[int(r() * len(companies))] if companies and r() < 0.75 else None
            # one or two emails, the first at work when employed; one or two phones
            primary_mail = primary_phone = ""
            for position in range(1 + (r() < 0.35)):
                form = int(r() * 4)
                local = names[form + 1] if form < 3 else f"{names[4]}{int(r() * 90) + 10}"
                if company is not None and position == 0:
                    label, domain = "work", company[2]
                else:
                    label = w.EMAIL_LABELS[1 + int(r() * 2)]
                    domain = loc.mail_domains[int(r() * len(loc.mail_domains))]
                mail = f"{local}@{domain}"
                primary_mail = primary_mail or mail
                mails.append(
                    (
                        first["contact_email"] + len(mails),
                        uid(),
                        1,
                        created,
                        created,
                        cid,
                        label,
                        mail,
                        email_key(mail),
                        position,
                    )
                )
            for position in range(1 + (r() < 0.4)):
                number, key = _phone(rng, loc.phone)
                primary_phone = primary_phone or number
                phones.append(
                    (
                        first["contact_phone"] + len(phones),
                        uid(),
                        1,
                        created,
                        created,
                        cid,
                        w.PHONE_LABELS[int(r() * 3)],
                        number,
                        key,
                        position,
                    )
                )
            tagged, tag_names = _TAGS_PER_CONTACT[int(r() * 10)], ""
            if tagged:
                one = int(r() * ntags)
                picks = (one,) if tagged == 1 else (one, (one + 1 + int(r() * (ntags - 1))) % ntags)
                tag_names = ", ".join(sorted((world.tag_names[p] for p in picks), key=str.casefold))
                for pick in picks:
                    tag_rows.append(
                        (
                            first["contact_tag"] + len(tag_rows),
                            uid(),
                            1,
                            created,
                            created,
                            cid,
                            tags[pick],
                        )
                    )
            # interactions over the last two years, some about one of this person's leads
            newest = None
            start = max(created, recent)
            my_leads = self.leads_of.get(i)
            for _ in range(_PER_CONTACT[int(r() * 10)]):
                when = start + int(r() * (now - 60 - start))
                newest = when if newest is None or when > newest else newest
                kind = w.INTERACTION_KINDS[int(r() * len(w.INTERACTION_KINDS))]
                span = _DURATIONS.get(kind)
                talks.append(
                    (
                        first["interaction"] + len(talks),
                        uid(),
                        1,
                        when,
                        when,
                        cid,
                        my_leads[0] if my_leads and r() < 0.5 else None,
                        kind,
                        ("inbound", "outbound")[r() < 0.6] if kind in _DIRECTED else "",
                        _SUBJECTS[kind][int(r() * len(w.TOPICS))],
                        _BODIES[int(r() * len(_BODIES))],
                        when,
                        span[0] + int(r() * (span[1] - span[0])) if span else None,
                        w.OUTCOMES[int(r() * len(w.OUTCOMES))],
                        owner if r() < 0.8 else owners[int(r() * len(owners))],
                    )
                )
            source = w.SOURCES[int(r() * len(w.SOURCES))]
            address = ""
            if r() < 0.6:
                street, house = loc.streets[int(r() * len(loc.streets))], 1 + int(r() * 120)
                place = f"{house} {street}" if loc.number_first else f"{street} {house}"
                address = f"{place}, {loc.cities[int(r() * len(loc.cities))]}"
            rows.append(
                (
                    cid,
                    uid(),
                    1,
                    created,
                    max(created, newest or 0),
                    given,
                    family,
                    f"{given} {family}",
                    names[0],
                    w.TITLES[int(r() * len(w.TITLES))],
                    company[0] if company else None,
                    primary_mail,
                    primary_phone,
                    address,
                    ("work" if company else "home") if address else "",
                    712_223 + int(r() * 19_700) if r() < 0.4 else None,  # a birthday, 1951 .. 2004
                    w.CHANNELS[int(r() * len(w.CHANNELS))],
                    int(r() < 0.02),
                    source,
                    first_id + int(r() * i) if source == "Referral" and i else None,
                    w.LIFECYCLE_SPREAD[int(r() * len(w.LIFECYCLE_SPREAD))],
                    owner,
                    w.PERSONAL_NOTES[int(r() * len(w.PERSONAL_NOTES))] if r() < 0.1 else "",
                    w.PREFERENCES[int(r() * len(w.PREFERENCES))] if r() < 0.1 else "",
                    w.STAY_IN_TOUCH[int(r() * len(w.STAY_IN_TOUCH))] if r() < 0.12 else None,
                    newest,
                    self.company_sort[company[0]] if company else "",
                    tag_names,
                    None,  # next_due_at: set by _next_due once the reminders are made
                )
            )
            self.people.append(
                (
                    cid,
                    created,
                    company[0] if company else 0,
                    company[1] if company else family,
                    owner,
                )
            )
