"""The rows of the demo data, made in memory one batch at a time (see ``demo``).

Each row is a tuple in the column order of ``COLUMNS``, after (id, uid, version, created_at,
updated_at). Times are integer epoch seconds counted back from the world's "now"; dates are
proleptic ordinals, as the store keeps them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from crm_desktop.domain import demo_names as w
from crm_desktop.domain.normalize import email_key, name_key, phone_key
from crm_desktop.domain.pipeline import StageInfo

Row = tuple[object, ...]
DAY = 86_400
EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()


def _cols(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# In an order that foreign keys allow.
COLUMNS: dict[str, tuple[str, ...]] = {
    "company": _cols("name sort_name website industry phone address notes owner_id"),
    "company_tag": _cols("company_id tag_id"),
    "contact": _cols(
        "first_name last_name display_name sort_name title company_id primary_email"
        " primary_phone address birthday preferred_channel do_not_contact source referred_by_id"
        " lifecycle owner_id personal_notes preferences stay_in_touch_days last_contacted_at"
    ),
    "contact_email": _cols("contact_id label email email_key position"),
    "contact_phone": _cols("contact_id label phone phone_key position"),
    "contact_tag": _cols("contact_id tag_id"),
    "lead": _cols(
        "title contact_id company_id pipeline_id stage_id position value_minor currency"
        " expected_close source owner_id next_step status probability closed_at lost_reason"
        " stage_entered_at"
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
_NOTES = ["", "", ""] + [f"About {topic}." for topic in w.TOPICS]
_DURATIONS = {"call": (2, 40), "meeting": (15, 90), "visit": (30, 120)}
_DIRECTED = {"call", "email", "message"}
_PER_CONTACT = (0, 1, 2, 2, 3, 3, 3, 3, 4, 4)  # interactions: 2.5 on average
_TAGS_PER_CONTACT = (0, 0, 0, 0, 0, 1, 1, 1, 2, 2)


@dataclass
class World:
    """What every batch draws from: the random streams, the owners, tags and stages."""

    rng: random.Random
    uids: random.Random
    now: int
    owners: list[int] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    pipeline_id: int = 0
    open_stages: list[StageInfo] = field(default_factory=list)
    won: StageInfo | None = None
    lost: StageInfo | None = None
    positions: dict[int, int] = field(default_factory=dict)  # stage id -> next free position

    def uid(self) -> str:
        return f"{self.uids.getrandbits(128):032x}"


_ascii_names: dict[tuple[str, str], tuple[str, str, str]] = {}


def _names(first: str, last: str) -> tuple[str, str, str]:
    """(sort key, ascii first, ascii last) of a name, cached: there are only a few thousand."""
    found = _ascii_names.get((first, last))
    if found is None:
        fold = [_slug(first), _slug(last)]
        found = _ascii_names[(first, last)] = (name_key(last, first), fold[0], fold[1])
    return found


def _slug(text: str) -> str:
    return "".join(ch for ch in name_key(text).translate(w.ASCII_FOLD) if ch.isalnum())


def _phone(rng: random.Random, pattern: str) -> str:
    digits = iter(f"{rng.getrandbits(64):020d}"[-pattern.count("#") :])
    return "".join(next(digits) if ch == "#" else ch for ch in pattern)


class Batch:
    """The rows of one batch, built in memory and then written in foreign-key order."""

    def __init__(self, world: World, first_ids: dict[str, int]) -> None:
        self.world = world
        self.first = first_ids
        self.rows: dict[str, list[Row]] = {table: [] for table in COLUMNS}
        self.companies: list[tuple[int, str, str]] = []  # id, name, mail domain
        self.people: list[tuple[int, int, int, str, int]] = []  # id, created, company, name, owner
        self.leads_of: dict[int, list[int]] = {}  # contact index -> lead ids

    def fill(self, contacts: int, companies: int, leads: int, reminders: int) -> None:
        rng = self.world.rng
        self._companies(companies)
        lead_owners = [int(rng.random() * contacts) for _ in range(leads)]
        for n, person in enumerate(lead_owners):
            self.leads_of.setdefault(person, []).append(self.first["lead"] + n)
        self._contacts(contacts)
        self._leads(lead_owners)
        self._reminders(reminders)

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
                    _phone(rng, loc.phone),
                    address,
                    notes,
                    owner,
                )
            )
            if r() < 0.25:
                tag = world.tags[int(r() * len(world.tags))]
                tags.append(
                    (
                        self.first["company_tag"] + len(tags),
                        world.uid(),
                        1,
                        created,
                        created,
                        cid,
                        tag,
                    )
                )
            self.companies.append((cid, name, domain))

    def _contacts(self, count: int) -> None:
        world, rng, r, uid, now = (
            self.world,
            self.world.rng,
            self.world.rng.random,
            self.world.uid,
            self.world.now,
        )
        rows, emails, phones = (
            self.rows["contact"],
            self.rows["contact_email"],
            self.rows["contact_phone"],
        )
        tag_rows, talks = self.rows["contact_tag"], self.rows["interaction"]
        companies, ntags, owners = self.companies, len(world.tags), world.owners
        first_id = self.first["contact"]
        for i in range(count):
            cid, loc = first_id + i, w.LOCALES[int(r() * len(w.LOCALES))]
            first, last = loc.first[int(r() * len(loc.first))], loc.last[int(r() * len(loc.last))]
            sort_name, fa, la = _names(first, last)
            display = f"{first} {last}"
            created = now - int((30 + r() * 1065) * DAY)
            owner = owners[int(r() * len(owners))]
            company = companies[int(r() * len(companies))] if companies and r() < 0.75 else None
            # emails: the first at work when employed, a second one sometimes
            mails = []
            for position in range(1 + (r() < 0.35)):
                form = int(r() * 4)
                local = (
                    f"{fa}.{la}",
                    f"{fa[:1]}.{la}",
                    f"{fa}{la}{int(r() * 90) + 10}",
                    f"{la}.{fa}",
                )[form]
                work = company is not None and position == 0
                domain = (
                    company[2]
                    if work and company
                    else loc.mail_domains[int(r() * len(loc.mail_domains))]
                )
                mail = f"{local}@{domain}"
                mails.append(mail)
                label = "work" if work else w.EMAIL_LABELS[1 + int(r() * 2)]
                emails.append(
                    (0, uid(), 1, created, created, cid, label, mail, email_key(mail), position)
                )
            numbers = []
            for position in range(1 + (r() < 0.4)):
                number = _phone(rng, loc.phone)
                numbers.append(number)
                label = w.PHONE_LABELS[int(r() * 3)]
                phones.append(
                    (0, uid(), 1, created, created, cid, label, number, phone_key(number), position)
                )
            tagged = _TAGS_PER_CONTACT[int(r() * 10)]
            if tagged:
                one = int(r() * ntags)
                picks = (one,) if tagged == 1 else (one, (one + 1 + int(r() * (ntags - 1))) % ntags)
                for pick in picks:
                    tag_rows.append((0, uid(), 1, created, created, cid, world.tags[pick]))
            # interactions, each maybe about one of this person's leads
            newest = None
            start = max(created, now - 730 * DAY)
            my_leads = self.leads_of.get(i)
            for _ in range(_PER_CONTACT[int(r() * 10)]):
                when = start + int(r() * (now - 60 - start))
                newest = when if newest is None or when > newest else newest
                kind = w.INTERACTION_KINDS[int(r() * len(w.INTERACTION_KINDS))]
                direction = ("inbound", "outbound")[r() < 0.6] if kind in _DIRECTED else ""
                span = _DURATIONS.get(kind)
                minutes = span[0] + int(r() * (span[1] - span[0])) if span else None
                lead = my_leads[0] if my_leads and r() < 0.5 else None
                talks.append(
                    (
                        0,
                        uid(),
                        1,
                        when,
                        when,
                        cid,
                        lead,
                        kind,
                        direction,
                        _SUBJECTS[kind][int(r() * len(w.TOPICS))],
                        _BODIES[int(r() * len(_BODIES))],
                        when,
                        minutes,
                        w.OUTCOMES[int(r() * len(w.OUTCOMES))],
                        owner if r() < 0.8 else owners[int(r() * len(owners))],
                    )
                )
            source = w.SOURCES[int(r() * len(w.SOURCES))]
            referred = first_id + int(r() * i) if source == "Referral" and i else None
            address = ""
            if r() < 0.6:
                street, number_ = loc.streets[int(r() * len(loc.streets))], 1 + int(r() * 120)
                place = f"{number_} {street}" if loc.number_first else f"{street} {number_}"
                address = f"{place}, {loc.cities[int(r() * len(loc.cities))]}"
            birthday = 712_223 + int(r() * 19_700) if r() < 0.4 else None  # 1951 .. 2004
            rows.append(
                (
                    cid,
                    uid(),
                    1,
                    created,
                    max(created, newest or 0),
                    first,
                    last,
                    display,
                    sort_name,
                    w.TITLES[int(r() * len(w.TITLES))],
                    company[0] if company else None,
                    mails[0],
                    numbers[0],
                    address,
                    birthday,
                    w.CHANNELS[int(r() * len(w.CHANNELS))],
                    int(r() < 0.02),
                    source,
                    referred,
                    w.LIFECYCLE_SPREAD[int(r() * len(w.LIFECYCLE_SPREAD))],
                    owner,
                    w.PERSONAL_NOTES[int(r() * len(w.PERSONAL_NOTES))] if r() < 0.1 else "",
                    w.PREFERENCES[int(r() * len(w.PREFERENCES))] if r() < 0.1 else "",
                    w.STAY_IN_TOUCH[int(r() * len(w.STAY_IN_TOUCH))] if r() < 0.12 else None,
                    newest,
                )
            )
            self.people.append(
                (cid, created, company[0] if company else 0, company[1] if company else last, owner)
            )
        for table in ("contact_email", "contact_phone", "contact_tag", "interaction"):
            self._number(table)

    def _number(self, table: str) -> None:
        """Give the child rows built with id 0 their ids, in order."""
        first = self.first[table]
        self.rows[table] = [(first + n, *row[1:]) for n, row in enumerate(self.rows[table])]

    def _leads(self, lead_owners: list[int]) -> None:
        world, r, now = self.world, self.world.rng.random, self.world.now
        opens, rows, moves = world.open_stages, self.rows["lead"], self.rows["stage_change"]
        if not opens:
            return
        for n, person in enumerate(lead_owners):
            lead_id = self.first["lead"] + n
            cid, created, company, name, owner = self.people[person]
            x = r()
            if world.won is not None and x < 0.22:
                path = [*opens, world.won]
            elif world.lost is not None and x < 0.40:
                path = [*opens[: 1 + int(r() * len(opens))], world.lost]
            else:
                path = opens[: 1 + min(len(opens) - 1, int(r() ** 1.6 * len(opens)))]
            start = max(created, now - 700 * DAY)
            t = start + int(r() * max(1, now - 2 * DAY - start))
            gaps = [int((1 + r() * 20) * DAY) for _ in path[1:]]
            room = now - 60 - t
            if sum(gaps) > room:
                gaps = [gap * room // sum(gaps) for gap in gaps]
            born, previous = t, None
            for stage, gap in zip(path, [0, *gaps], strict=True):
                t += gap
                moves.append(
                    (
                        self.first["stage_change"] + len(moves),
                        world.uid(),
                        1,
                        t,
                        t,
                        lead_id,
                        previous.id if previous else None,
                        stage.id,
                        t,
                        owner,
                        gap,
                    )
                )
                previous = stage
            stage = path[-1]
            position = world.positions.get(stage.id, 0)
            world.positions[stage.id] = position + 1
            closed = t if stage.kind != "open" else None
            close_day = (closed or now + int((7 + r() * 120) * DAY)) // DAY + EPOCH_ORDINAL
            status = {"won": "won", "lost": "lost"}.get(stage.kind, "open")
            rows.append(
                (
                    lead_id,
                    world.uid(),
                    1,
                    born,
                    t,
                    f"{w.PRODUCTS[int(r() * len(w.PRODUCTS))]} – {name}",
                    cid,
                    company or None,
                    world.pipeline_id,
                    stage.id,
                    position,
                    int(r() ** 2 * 50_000 + 5) * 100 * 10,
                    w.CURRENCIES[int(r() * len(w.CURRENCIES))],
                    close_day,
                    w.SOURCES[int(r() * len(w.SOURCES))],
                    owner,
                    w.NEXT_STEPS[int(r() * len(w.NEXT_STEPS))] if status == "open" else "",
                    status,
                    stage.probability,
                    closed,
                    w.LOST_REASONS[int(r() * len(w.LOST_REASONS))] if status == "lost" else "",
                    t,
                )
            )

    def _reminders(self, count: int) -> None:
        world, r, now = self.world, self.world.rng.random, self.world.now
        rows = self.rows["reminder"]
        for n in range(count):
            person = int(r() * len(self.people))
            cid, _, _, _, owner = self.people[person]
            display = self.rows["contact"][person][7]
            leads = self.leads_of.get(person)
            past = r() < 0.35
            offset = int(r() ** 2 * 180 * DAY) if past else int(r() ** 1.5 * 90 * DAY)
            due = (now - 60 - offset if past else now + 900 + offset) // 900 * 900
            created = min(due, now) - int(r() * 14 * DAY)
            status, snoozed, notified, completed, remind = "open", None, None, None, due
            x = r()
            if past and x < 0.5:
                status, notified, completed = "done", due, min(now, due + int(r() * 3 * DAY))
            elif x < (0.55 if past else 0.03):
                status, completed = "cancelled", min(now, due + int(r() * 3 * DAY))
            elif past and x < 0.6:
                snoozed = remind = now + 60 + int(r() * 3 * DAY)
            elif past and now - due > DAY:
                notified = due
            recur = w.RECURRENCES[int(r() * len(w.RECURRENCES))] if r() < 0.12 else (None, None)
            rows.append(
                (
                    self.first["reminder"] + n,
                    world.uid(),
                    1,
                    created,
                    completed or created,
                    w.REMINDER_FORMS[int(r() * len(w.REMINDER_FORMS))].format(display),
                    _NOTES[int(r() * len(_NOTES))],
                    due,
                    remind,
                    owner,
                    cid,
                    leads[0] if leads and r() < 0.5 else None,
                    status,
                    snoozed,
                    *recur,
                    notified,
                    completed,
                )
            )
