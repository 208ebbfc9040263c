"""People from a file into the store, one chunk at a time.

Each row is made plain (``Draft``: trimmed, e-mails and phones checked and keyed); then, in
file order, matched and given an action (create, merge into, update, skip), so that later
rows of the same file find the people earlier rows made; then the stored people the chunk
touches are read in one go (``Person``), the actions applied in memory, and the chunk's people
written with ``executemany``: new contacts with their derived columns computed here, exactly
as ``ContactService.create`` leaves them, changed ones updated and refreshed.

Choices: an invalid e-mail or phone is left out of its row with a warning (the row imports
without it); a row is rejected only when it has no name, no e-mail and no phone left. A file's
website for a person goes into the notes ("Website: ..."): contacts have no website field.
Merging fills only empty fields; updating overwrites with the file's non-empty values. Both
add the e-mails, phones and tags the contact does not have yet, and never remove any.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crm_desktop.domain.import_catalog import UNKNOWN
from crm_desktop.domain.import_match import Probe, quick_name_key, quick_phone_key
from crm_desktop.domain.import_state import RunState
from crm_desktop.domain.imported import ImportedContact
from crm_desktop.domain.normalize import EMAIL_RE, clean, email_problem, phone_problem
from crm_desktop.store import denormalised, import_rows, search
from crm_desktop.store.import_rows import CONTACT_DERIVED, CONTACT_OWN, STAMP, Row
from crm_desktop.store.models import LIFECYCLES

Keyed = tuple[str, str, str]  # label, value, key
NO_CONTACT_DETAILS = "no name, e-mail or phone"
CONTACT_COLUMNS = ("id", *STAMP, *CONTACT_OWN, *CONTACT_DERIVED)
_EMAIL_COLUMNS = (*STAMP, "contact_id", "label", "email", "email_key", "position")
_PHONE_COLUMNS = (*STAMP, "contact_id", "label", "phone", "phone_key", "position")
_LINK_COLUMNS = (*STAMP, "contact_id", "tag_id")
_UPDATED = (*CONTACT_OWN, "primary_email", "primary_phone", "updated_at")


@dataclass
class Draft:
    line: int
    first_name: str
    last_name: str
    title: str
    company: str
    address: str
    birthday: int | None
    notes: str
    source: str
    lifecycle: str
    owner: str
    emails: list[Keyed]
    phones: list[Keyed]
    tags: list[str]
    external_id: str
    sort_key: str  # name_key(last, first): "" without a name
    company_key: str

    def probe(self) -> Probe:
        return Probe(
            self.external_id,
            [e[2] for e in self.emails],
            [p[2] for p in self.phones],
            (self.sort_key, self.company_key) if self.sort_key and self.company_key else None,
        )


def split_name(full: str) -> tuple[str, str]:
    """ "Ann Marie Lee" -> ("Ann Marie", "Lee"); one word is a first name."""
    head, _, tail = clean(full).rpartition(" ")
    return (head, tail) if head else (tail, "")


def draft_of(record: ImportedContact, state: RunState) -> Draft | str:
    """The row made plain, or why it is rejected."""
    if record.problems:
        return "; ".join(record.problems)
    first, last = clean(record.first_name), clean(record.last_name)
    if not first and not last and clean(record.full_name):
        first, last = split_name(record.full_name)
    dropped: list[str] = []
    emails: list[Keyed] = []
    known: set[str] = set()
    for label, value in record.emails:
        text = value.strip()
        if not text:
            continue
        if not EMAIL_RE.match(text):
            dropped.append(email_problem(text) or text)
            continue
        key = text.casefold()  # normalize.email_key
        if key not in known:
            known.add(key)
            emails.append((clean(label), text, key))
    phones: list[Keyed] = []
    known = set()
    for label, value in record.phones:
        text = clean(value)
        if not text:
            continue
        key = quick_phone_key(text)
        if len(key) < 3:
            dropped.append(phone_problem(text) or text)
        elif key not in known:
            known.add(key)
            phones.append((clean(label), text, key))
    if not (first or last or emails or phones):
        return (
            "; ".join([*dropped, f"{NO_CONTACT_DETAILS} left"]) if dropped else NO_CONTACT_DETAILS
        )
    for problem in dropped:
        state.warn(record.line, f"{problem} It was left out.")
    lifecycle = clean(record.lifecycle).casefold()
    if lifecycle and lifecycle not in LIFECYCLES:
        state.warn(record.line, f"Lifecycle “{record.lifecycle}” is not one of ours: left as lead.")
        lifecycle = ""
    notes = record.notes.strip()
    if clean(record.website):
        notes = "\n".join(part for part in (notes, f"Website: {clean(record.website)}") if part)
    company = clean(record.company)
    return Draft(
        record.line,
        first,
        last,
        clean(record.title),
        company,
        record.address.strip(),
        record.birthday.toordinal() if record.birthday else None,
        notes,
        clean(record.source),
        lifecycle,
        record.owner,
        emails,
        phones,
        [t for t in (clean(tag) for tag in record.tags) if t],
        record.external_id.strip(),
        quick_name_key(last, first),
        quick_name_key(company) if company else "",
    )


@dataclass
class Person:
    """A contact as the chunk sees it: stored or about to be, with its own columns (raw)."""

    id: int
    stored: bool
    cols: dict[str, Any]
    emails: list[Keyed] = field(default_factory=list)
    phones: list[Keyed] = field(default_factory=list)
    tags: dict[int, str] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    stored_emails: int = 0
    stored_phones: int = 0
    next_email_position: int = 0
    next_phone_position: int = 0
    stored_tags: frozenset[int] = frozenset()
    stored_keys: frozenset[str] = frozenset()
    old_company: int | None = None
    before: dict[str, Any] | None = None  # as stored, when this run has not recorded it yet
    changed: bool = False

    def finish(self) -> None:
        """Display and sort name from the names (else the first e-mail, else phone)."""
        first, last = self.cols["first_name"], self.cols["last_name"]
        display = f"{first} {last}" if first and last else first or last  # both clean already
        if not display:
            display = self.emails[0][1] if self.emails else self.phones[0][1] if self.phones else ""
        self.cols["display_name"] = display
        self.cols["sort_name"] = quick_name_key(last, first) or display.casefold()


def _owner(state: RunState, text: str) -> int | None:
    found = state.catalog.owner(text)
    return None if found == UNKNOWN else found


def new_person(contact_id: int, draft: Draft, state: RunState) -> Person:
    cols: dict[str, Any] = {
        "first_name": draft.first_name,
        "last_name": draft.last_name,
        "display_name": "",
        "sort_name": "",
        "title": draft.title,
        "company_id": state.catalog.company(draft.company) if draft.company else None,
        "address": draft.address,
        "birthday": draft.birthday,
        "preferred_channel": "",
        "do_not_contact": 0,
        "source": draft.source,
        "referred_by_id": None,
        "lifecycle": draft.lifecycle or "lead",
        "owner_id": _owner(state, draft.owner),
        "personal_notes": draft.notes,
        "preferences": "",
        "stay_in_touch_days": None,
    }
    person = Person(contact_id, False, cols, changed=True)
    _add_children(person, draft, state)
    return person


def apply(person: Person, draft: Draft, state: RunState, overwrite: bool) -> None:
    """Merge (fill what is empty) or update (overwrite with what the file gives)."""
    values = {
        "first_name": draft.first_name,
        "last_name": draft.last_name,
        "title": draft.title,
        "address": draft.address,
        "birthday": draft.birthday,
        "source": draft.source,
        "personal_notes": draft.notes,
    }
    if overwrite and draft.lifecycle:
        values["lifecycle"] = draft.lifecycle
    for column, value in values.items():
        current = person.cols[column]
        if value in ("", None) or current == value:
            continue
        if overwrite or current in ("", None):
            person.cols[column] = value
            person.changed = True
    if draft.company:
        company = person.cols["company_id"]
        same = state.catalog.company_sort.get(company or 0) == draft.company_key
        if company is None or (overwrite and not same):
            person.cols["company_id"] = state.catalog.company(draft.company)
            person.changed = True
    if clean(draft.owner):
        owner = _owner(state, draft.owner)
        current = person.cols["owner_id"]
        if owner is not None and owner != current and (overwrite or current is None):
            person.cols["owner_id"] = owner
            person.changed = True
    if _add_children(person, draft, state):
        person.changed = True


def _add_children(person: Person, draft: Draft, state: RunState) -> bool:
    added = False
    known = {e[2] for e in person.emails}
    for email in draft.emails:
        if email[2] not in known:
            person.emails.append(email)
            known.add(email[2])
            added = True
    known = {p[2] for p in person.phones}
    for phone in draft.phones:
        if phone[2] not in known:
            person.phones.append(phone)
            known.add(phone[2])
            added = True
    for name in draft.tags:
        tag = state.catalog.tag(name)
        if tag is not None and tag[0] not in person.tags:
            person.tags[tag[0]] = tag[1]
            added = True
    if draft.external_id and draft.external_id not in person.keys:
        person.keys.append(draft.external_id)
        added = True
    return added


# -- a chunk -----------------------------------------------------------------------------------


def import_chunk(records: Sequence[ImportedContact], state: RunState) -> None:
    """Match, apply and write one chunk of people (inside the chunk's transaction)."""
    options, keys = state.options, state.contacts
    plan: list[tuple[Draft, int, str, bool]] = []  # draft, contact id, action, in-file twin
    for record in records:
        draft = draft_of(record, state)
        if isinstance(draft, str):
            state.reject(record.line, draft)
            continue
        probe = draft.probe()
        found = keys.find(probe)
        twin = found is not None and found in keys.touched  # the same person, earlier in the file
        if twin:
            if options.in_file_duplicates == "skip":
                state.skipped += 1
                continue
            state.merged_in_file += 1
            action = "merge" if options.mode == "create" else "update"
        elif found is not None and options.mode != "create":
            action = "update"
        elif found is not None and options.existing_duplicates == "skip":
            state.skipped += 1
            continue
        elif found is not None and options.existing_duplicates == "merge":
            action = "merge"
        elif options.mode == "update":
            state.skipped += 1  # nothing to update
            continue
        else:
            found, action = state.catalog.take_id("contact"), "create"
        assert found is not None
        keys.register(probe, found)
        plan.append((draft, found, action, twin))
    people = load_people({cid for _, cid, action, _ in plan if action != "create"}, state)
    for draft, cid, action, twin in plan:
        if action == "create":
            people[cid] = new_person(cid, draft, state)
            state.created += 1
            continue
        person = people[cid]
        apply(person, draft, state, overwrite=action == "update")
        if twin:
            continue  # counted as merged within the file
        if person.changed:
            state.updated += 1
        else:
            state.skipped += 1  # already there as the file has it
    write_people(list(people.values()), state)


def load_people(ids: set[int], state: RunState) -> dict[int, Person]:
    """The stored contacts ``ids``, with what undoing a change to them needs (``before``)."""
    if not ids:
        return {}
    people: dict[int, Person] = {}
    columns = ("id", *CONTACT_OWN, *CONTACT_DERIVED, "updated_at", "version")
    for row in import_rows.select_in("contact", columns, "id", ids):
        cols = dict(zip(columns[1:], row[1:], strict=True))
        person = Person(int(row[0]), True, cols, old_company=cols["company_id"])
        people[person.id] = person
    uids: dict[int, dict[str, list[Any]]] = {
        cid: {"emails": [], "phones": [], "tags": []} for cid in people
    }
    for table, column, kind, bucket in (
        ("contact_email", "email", "email_key", "emails"),
        ("contact_phone", "phone", "phone_key", "phones"),
    ):
        found = import_rows.select_in(
            table, ("contact_id", "position", "id", "uid", "label", column, kind), "contact_id", ids
        )
        for cid, position, _, uid, label, value, key in sorted(found):
            person = people[int(cid)]
            getattr(person, bucket).append((label, value, key))
            uids[person.id][bucket].append(uid)
            if bucket == "emails":
                person.next_email_position = max(person.next_email_position, int(position) + 1)
            else:
                person.next_phone_position = max(person.next_phone_position, int(position) + 1)
    for cid, tid, name in import_rows.tag_links("contact_tag", "contact_id", ids):
        people[int(cid)].tags[int(tid)] = str(name)
        uids[int(cid)]["tags"].append(int(tid))
    for cid, found_keys in import_rows.keys_of("contact", ids).items():
        people[cid].keys = list(found_keys)
    for person in people.values():
        person.stored_emails, person.stored_phones = len(person.emails), len(person.phones)
        person.stored_tags, person.stored_keys = frozenset(person.tags), frozenset(person.keys)
        if state.needs_before("contact", person.id):
            person.before = {"row": person.cols, **uids[person.id], "keys": list(person.keys)}
        person.cols = {c: person.cols[c] for c in CONTACT_OWN}
    return people


def write_people(people: list[Person], state: RunState) -> None:
    """Insert the new people and update the changed ones, with their e-mails, phones, tags,
    other-program ids, derived columns, companies' head counts and search entries."""
    catalog, now = state.catalog, state.now
    for person in people:
        if person.changed:
            person.finish()
    state.flush_catalog()
    new = [p for p in people if not p.stored]
    changed = [p for p in people if p.stored and p.changed]
    wanted = len(new)
    for p in (*new, *changed):
        wanted += len(p.emails) - p.stored_emails + len(p.phones) - p.stored_phones
        wanted += len(set(p.tags) - p.stored_tags)
    uids = import_rows.new_uids(wanted)
    contacts: list[Row] = []
    emails: list[Row] = []
    phones: list[Row] = []
    links: list[Row] = []
    for p in new:
        cols = p.cols
        contacts.append(
            (
                p.id,
                uids.pop(),
                1,
                now,
                now,
                *[cols[c] for c in CONTACT_OWN],
                p.emails[0][1] if p.emails else "",
                p.phones[0][1] if p.phones else "",
                catalog.company_sort.get(cols["company_id"] or 0, ""),
                ", ".join(sorted(p.tags.values(), key=str.casefold)),
                None,
                None,
            )
        )
    for p in (*new, *changed):
        stamp = (1, now, now, p.id)
        for n, (label, value, key) in enumerate(p.emails[p.stored_emails :]):
            emails.append((uids.pop(), *stamp, label, value, key, p.next_email_position + n))
        for n, (label, value, key) in enumerate(p.phones[p.stored_phones :]):
            phones.append((uids.pop(), *stamp, label, value, key, p.next_phone_position + n))
        links.extend((uids.pop(), *stamp, tid) for tid in p.tags if tid not in p.stored_tags)
    import_rows.insert("contact", CONTACT_COLUMNS, contacts)
    import_rows.update(
        "contact",
        _UPDATED,
        [
            (
                *[p.cols[c] for c in CONTACT_OWN],
                p.emails[0][1] if p.emails else "",
                p.phones[0][1] if p.phones else "",
                now,
                p.id,
            )
            for p in changed
        ],
    )
    import_rows.insert("contact_email", _EMAIL_COLUMNS, emails)
    import_rows.insert("contact_phone", _PHONE_COLUMNS, phones)
    import_rows.insert("contact_tag", _LINK_COLUMNS, links)
    import_rows.add_keys(
        "contact",
        [(p.id, key) for p in (*new, *changed) for key in p.keys if key not in p.stored_keys],
    )
    for p in new:
        state.made_row("contact", p.id)
    for p in changed:
        state.updated_row("contact", p.id, p.before, {c: p.cols[c] for c in CONTACT_OWN})
    changed_ids = [p.id for p in changed]
    denormalised.refresh_contacts(changed_ids)
    companies = {p.cols["company_id"] for p in (*new, *changed)}
    companies.update(p.old_company for p in changed)
    denormalised.refresh_companies(companies)
    if new:
        search.reindex_range("contact", min(p.id for p in new), max(p.id for p in new))
    search.reindex("contact", changed_ids)
