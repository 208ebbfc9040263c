"""People from a file into the store, one chunk at a time.

Each row comes made plain (``import_draft.Draft``); here, in file order, it is matched and
given an action (create, merge into, update, skip), so that later rows of the same file find
the people earlier rows made; then the stored people the chunk touches are read in one go
(``Person``), the actions applied in memory, and the chunk's people written with
``executemany``: new contacts with their derived columns computed here, exactly as
``ContactService.create`` leaves them; changed ones with only their changed columns set.

Merging fills only empty fields; updating overwrites with the file's non-empty values. Both
add the e-mails, phones and tags the contact does not have yet, and never remove any. Notes are
free text that people write in the CRM too: the lines of the file's notes that they lack are
added after them, never put in their place (``notes_join``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from crm_desktop.domain.import_draft import Draft, Keyed, LeftOut
from crm_desktop.domain.import_match import quick_name_key
from crm_desktop.domain.import_state import RunState
from crm_desktop.domain.normalize import clean, full_name
from crm_desktop.domain.notes_join import joined_notes
from crm_desktop.store import denormalised, import_rows, search
from crm_desktop.store.import_rows import CONTACT_DERIVED, CONTACT_OWN, STAMP, Row

CONTACT_COLUMNS = ("id", *STAMP, *CONTACT_OWN, *CONTACT_DERIVED)
TEXTS = frozenset({"personal_notes"})  # joined with the file's, never replaced
_EMAIL_COLUMNS = (*STAMP, "contact_id", "label", "email", "email_key", "position")
_PHONE_COLUMNS = (*STAMP, "contact_id", "label", "phone", "phone_key", "position")
_LINK_COLUMNS = (*STAMP, "contact_id", "tag_id")


@dataclass(slots=True)
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
    stored_values: dict[str, Any] = field(default_factory=dict)  # as read: own and derived
    old_company: int | None = None
    before: dict[str, Any] | None = None  # as stored, when this run has not recorded it yet
    changed: bool = False
    company_name: str = ""  # the company a row of this file gave it, as the row names it

    def differs(self) -> bool:
        """Whether this stored contact changes: a column, or an e-mail, phone, tag or other
        program's id added (rows of a file may set a value and then set it back)."""
        return (
            any(self.stored_values.get(column) != value for column, value in self.cols.items())
            or len(self.emails) > self.stored_emails
            or len(self.phones) > self.stored_phones
            or not self.stored_tags.issuperset(self.tags)
            or not self.stored_keys.issuperset(self.keys)
        )

    def finish(self) -> None:
        """Display and sort name from the names; else, at a company, its company's name (as
        the file gives it, or as shown before); else the first e-mail, else as shown before
        (or its phone)."""
        first, last = self.cols["first_name"], self.cols["last_name"]
        shown = self.cols.get("display_name") or ""
        display = full_name(first, last)
        if not display and self.cols["company_id"] is not None:
            display = self.company_name or shown
        display = display or (self.emails[0][1] if self.emails else "")
        display = display or shown or (self.phones[0][1] if self.phones else "")
        self.cols["display_name"] = display
        self.cols["sort_name"] = quick_name_key(last, first) or display.casefold()


def _owner(person_cols: dict[str, Any], state: RunState, text: str, overwrite: bool) -> int | None:
    """The staff member ``text`` names; one who is no staff member is kept in the notes."""
    found, person_cols["personal_notes"] = state.catalog.owner(
        text, person_cols["personal_notes"], replace=overwrite
    )
    return found


def _referrer(state: RunState, draft: Draft, contact_id: int) -> int | None:
    """The contact ``draft.referred_by`` names (by e-mail or name as shown), if one does."""
    found = _find_referrer(state, draft.referred_by, contact_id)
    if found is None:
        _not_found(state, draft.line, draft.referred_by)
    return found


def _find_referrer(state: RunState, text: str, contact_id: int) -> int | None:
    if state.contacts.shared_name("", text):
        return None  # two people of that name: the notes say who, as the file has it
    found = state.contacts.reference("", text)
    return None if found == contact_id else found


def _not_found(state: RunState, line: int, text: str) -> None:
    if state.contacts.shared_name("", text):
        state.warn(line, f"Referred by “{text}”: more than one contact has that name.")
    else:
        state.warn(line, f"Referred by “{text}”: no such contact here.")


def settle_referrals(state: RunState) -> None:
    """Once every row is in: the new contacts whose referrer no earlier row had made get it
    now (an export lists people by name, not referrers first). Whoever is still not found is
    named in the contact's notes, as the file said it, where the user will see it."""
    waiting, state.referrals = state.referrals, []
    found: list[Row] = []
    noted: list[tuple[str, int, int]] = []
    for contact_id, text, line in waiting:
        referrer = _find_referrer(state, text, contact_id)
        if referrer is None:
            _not_found(state, line, text)
            noted.append((f"Referred by: {text}", state.now, contact_id))
        else:
            found.append((referrer, state.now, contact_id))
    import_rows.update("contact", ("referred_by_id", "updated_at"), found)
    import_rows.append_notes("contact", "personal_notes", noted)
    with state.sql_running():
        search.reindex("contact", [contact_id for *_, contact_id in noted])


def new_person(contact_id: int, draft: Draft, state: RunState) -> Person:
    cols = draft.new_columns  # the draft is not used again
    if draft.company:
        cols["company_id"] = state.catalog.company(draft.company)
    cols["owner_id"] = _owner(cols, state, draft.owner, False) if draft.owner else state.actor_id
    if draft.referred_by:
        cols["referred_by_id"] = _find_referrer(state, draft.referred_by, contact_id)
        if cols["referred_by_id"] is None:  # perhaps a later row: looked for again at the end
            state.referrals.append((contact_id, draft.referred_by, draft.line))
    tags: dict[int, str] = {}
    for name in draft.tags:
        tag = state.catalog.tag(name)
        if tag is not None:
            tags[tag[0]] = tag[1]
    person = Person(
        contact_id,
        False,
        cols,
        list(draft.emails),
        list(draft.phones),
        tags,
        [draft.external_id] if draft.external_id else [],
        changed=True,
    )
    return person


def _label_address(person: Person, draft: Draft, before: str, overwrite: bool) -> None:
    """The address's label goes with the address: the file's where its address was taken (none
    if the file gives none), and on the same address where the stored one has none or where
    updating."""
    address, label = draft.values["address"], draft.new_columns["address_label"]
    current = person.cols["address_label"]
    if not address or person.cols["address"] != address or label == current:
        return
    if before != address or (label and (overwrite or not current)):
        person.cols["address_label"] = label
        person.changed = True


def apply(person: Person, draft: Draft, state: RunState, overwrite: bool) -> None:
    """Merge (fill what is empty) or update (overwrite with what the file gives)."""
    values = {"first_name": draft.first_name, "last_name": draft.last_name, **draft.values}
    if overwrite and draft.lifecycle:
        values["lifecycle"] = draft.lifecycle
    address = person.cols["address"]
    for column, value in values.items():
        current = person.cols[column]
        if value in ("", None) or current == value:
            continue
        if column in TEXTS:
            joined = joined_notes(current, value, replace=overwrite)
            if joined != current:
                person.cols[column] = joined
                person.changed = True
            continue
        # A "do not contact" in the file is honoured even where only gaps are filled.
        if overwrite or current in ("", None) or column == "do_not_contact":
            person.cols[column] = value
            person.changed = True
    _label_address(person, draft, address, overwrite)
    if draft.referred_by:
        referrer = _referrer(state, draft, person.id)
        current = person.cols["referred_by_id"]
        if referrer is not None and referrer != current and (overwrite or current is None):
            person.cols["referred_by_id"] = referrer
            person.changed = True
    if draft.company:
        company = person.cols["company_id"]
        same = state.catalog.company_sort.get(company or 0) == draft.company_key
        if company is None or (overwrite and not same):
            person.cols["company_id"] = state.catalog.company(draft.company)
            person.company_name = draft.company
            person.changed = True
    if clean(draft.owner):
        notes = person.cols["personal_notes"]
        owner = _owner(person.cols, state, draft.owner, overwrite)
        person.changed = person.changed or person.cols["personal_notes"] != notes
        current = person.cols["owner_id"]
        if owner is not None and owner != current and (overwrite or current is None):
            person.cols["owner_id"] = owner
            person.changed = True
    if _add_children(person, draft, state):
        person.changed = True
    if person.changed and not person.stored:  # a duplicate within the file, not written yet
        person.finish()


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
    key = draft.external_id
    # a row of our own export found by the uid in its id is that contact: no key to keep
    if key and key not in person.keys and state.contacts.own.get(key) != person.id:
        person.keys.append(key)
        added = True
    return added


# -- a chunk -----------------------------------------------------------------------------------


def import_chunk(drafts: Sequence[tuple[int, Draft | LeftOut | str]], state: RunState) -> None:
    """Match, apply and write one chunk of people, given as (line, draft, a row left out or
    why the row is rejected), inside the chunk's transaction."""
    options, keys = state.options, state.contacts
    plan: list[tuple[Draft, int, str, bool]] = []  # draft, contact id, action, in-file twin
    if any(isinstance(draft, Draft) and draft.referred_by for _, draft in drafts):
        keys.know_names()  # so that a row can name someone an earlier row of the chunk made
    keys.fetch_names(draft.probe for _, draft in drafts if isinstance(draft, Draft))
    for line, draft in drafts:
        if isinstance(draft, str):
            state.reject(line, draft)
            continue
        if isinstance(draft, LeftOut):
            state.warn(line, draft.warning)
            state.skipped += 1
            continue
        for warning in draft.warnings:
            state.warn(line, warning)
        probe = draft.probe
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
        keys.register(probe, found, draft.new_columns["display_name"] if action == "create" else "")
        plan.append((draft, found, action, twin))
    people = load_people({cid for _, cid, action, _ in plan if action != "create"}, state)
    matched: list[int] = []  # stored contacts a row matched (later rows for them are twins)
    for draft, cid, action, twin in plan:
        if action == "create":
            people[cid] = new_person(cid, draft, state)
            state.created += 1
        else:
            apply(people[cid], draft, state, overwrite=action == "update")
            if not twin:
                matched.append(cid)
    for person in people.values():
        if person.stored and person.changed and not person.differs():
            person.changed = False  # set and set back: nothing to write or undo
    # Each stored contact counts once, when all the chunk's rows for it are in (twins too).
    for cid in matched:
        if people[cid].changed:
            state.updated += 1
        else:
            state.skipped += 1  # already there as the file has it
            state.unchanged.add(cid)
    for cid in state.unchanged.intersection(people):
        if people[cid].changed:  # a later row of the file changed one counted as skipped
            state.unchanged.discard(cid)
            state.skipped -= 1
            state.updated += 1
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
        person.stored_values = dict(person.cols)
        person.cols = {c: person.cols[c] for c in CONTACT_OWN}
    return people


def derived(person: Person, company_sort: dict[int, str]) -> dict[str, Any]:
    """The columns a contact's list reads that follow from its own: primary e-mail and phone
    (the first of each), company sort name, tag names in name order."""
    company = person.cols["company_id"]
    if company is not None and company not in company_sort:  # in the trash: keep what it has
        sort = str(person.stored_values.get("company_sort", ""))
    else:
        sort = company_sort.get(company or 0, "")
    return {
        "primary_email": person.emails[0][1] if person.emails else "",
        "primary_phone": person.phones[0][1] if person.phones else "",
        "company_sort": sort,
        "tag_names": ", ".join(sorted(person.tags.values(), key=str.casefold)),
    }


def write_people(people: list[Person], state: RunState) -> None:
    """Insert the new people and update the changed ones, with their e-mails, phones, tags,
    other-program ids, derived columns, companies' head counts and search entries.

    New rows go in sorted by name (a quarter less work for the name-ordered indexes than in
    file order, measured); a changed row has only its changed columns set, so only the
    indexes over those are rewritten."""
    catalog, now = state.catalog, state.now
    for person in people:
        if person.changed and person.stored:
            person.finish()
    state.flush_catalog()
    new = [p for p in people if not p.stored]
    changed = [p for p in people if p.stored and p.changed]
    wanted = len(new)
    for p in (*new, *changed):
        wanted += len(p.emails) - p.stored_emails + len(p.phones) - p.stored_phones
        wanted += len(set(p.tags) - p.stored_tags)
    uid = iter(import_rows.new_uids(wanted)).__next__  # in ascending order
    # A row may name as its referrer someone an earlier row made, whom the name order puts
    # after it: the foreign keys are checked when the transaction commits.
    import_rows.defer_foreign_keys()
    contacts: list[Row] = []
    emails: list[Row] = []
    phones: list[Row] = []
    links: list[Row] = []
    sort = catalog.company_sort
    own = itemgetter(*CONTACT_OWN)
    for p in sorted(new, key=lambda p: p.cols["sort_name"]):
        more = derived(p, sort)
        contacts.append(
            (
                p.id,
                uid(),
                1,
                now,
                now,
                *own(p.cols),
                more["primary_email"],
                more["primary_phone"],
                more["company_sort"],
                more["tag_names"],
                None,
                None,
            )
        )
    updates: dict[tuple[str, ...], list[Row]] = {}
    for p in changed:
        values = {**p.cols, **derived(p, sort)}
        columns = tuple(c for c, v in values.items() if p.stored_values.get(c) != v)
        updates.setdefault((*columns, "updated_at"), []).append(
            (*[values[c] for c in columns], now, p.id)
        )
    for p in (*new, *changed):
        stamp = (1, now, now, p.id)
        for n, (label, value, key) in enumerate(p.emails[p.stored_emails :]):
            emails.append((uid(), *stamp, label, value, key, p.next_email_position + n))
        for n, (label, value, key) in enumerate(p.phones[p.stored_phones :]):
            phones.append((uid(), *stamp, label, value, key, p.next_phone_position + n))
        links.extend((uid(), *stamp, tid) for tid in p.tags if tid not in p.stored_tags)
    import_rows.insert("contact", CONTACT_COLUMNS, contacts)
    for columns, rows in updates.items():
        import_rows.update("contact", columns, rows)
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
    # Head counts change only where people came or went: a changed contact that stayed at its
    # company leaves the count as it was (most updates, and most of this refresh's time).
    companies = {p.cols["company_id"] for p in new}
    for p in changed:
        if p.cols["company_id"] != p.old_company:
            companies.update((p.cols["company_id"], p.old_company))
    with state.sql_running():
        denormalised.refresh_companies(companies)
        if new:
            search.reindex_range("contact", min(p.id for p in new), max(p.id for p in new))
        search.reindex("contact", [p.id for p in changed])
