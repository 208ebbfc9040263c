"""Companies and activities from a file.

A company is found by the other program's id, else by its name (any case or accents); it is
created, merged or updated by the same rules as people (see ``ImportOptions``). An invalid
website or phone is left out with a warning.

An activity attaches to the contact it names (the other program's id, else e-mail, else the
name as shown); one naming nobody we know is rejected. What is not done yet, a task or a call
or meeting planned, becomes an open follow-up ("Call: Renewal"); a done task a completed
follow-up; every other done activity an interaction on the timeline, and the contact's
last-contacted date follows. An activity whose other-program id was imported
before is skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Any

from crm_desktop.domain.companies import website_problem
from crm_desktop.domain.import_catalog import NewCompany
from crm_desktop.domain.import_state import RunState
from crm_desktop.domain.imported import ImportedActivity, ImportedCompany
from crm_desktop.domain.interactions import refresh_last_contacted
from crm_desktop.domain.normalize import clean, name_key, phone_problem
from crm_desktop.domain.notes_join import joined_notes
from crm_desktop.domain.reminder_pane import MORNING
from crm_desktop.store import denormalised, import_rows, search
from crm_desktop.store.import_rows import COMPANY_OWN, STAMP
from crm_desktop.store.values import to_epoch

KIND_ALIASES = {
    "call": "call",
    "phone call": "call",
    "phone": "call",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "meeting": "meeting",
    "lunch": "meeting",
    "note": "note",
    "message": "message",
    "sms": "message",
    "text": "message",
    "visit": "visit",
    "task": "task",
    "deadline": "task",
    "todo": "task",
    "to-do": "task",
}
_INTERACTION = (
    "id", *STAMP, "contact_id", "lead_id", "kind", "direction", "subject", "body",
    "occurred_at", "duration_minutes", "outcome", "staff_id",
)  # fmt: skip
_REMINDER = (
    "id", *STAMP, "title", "note", "due_at", "remind_at", "assignee_id", "contact_id",
    "lead_id", "status", "completed_at",
)  # fmt: skip
_COMPANY_READ = ("id", *COMPANY_OWN, "updated_at", "version", "people_count", "tag_names")


# -- companies ---------------------------------------------------------------------------------


def import_companies(records: Sequence[ImportedCompany], state: RunState) -> None:
    options, catalog = state.options, state.catalog
    keys: list[tuple[int, str]] = []
    for record in records:
        values = _company_values(record, state)
        if values is None:
            continue
        key = record.external_id.strip()
        found = None
        if key and "external_id" in options.match_on:
            found = catalog.company_ids.living.get(key)
        if found is None:
            found = catalog.company_by_name.get(name_key(values["name"]))
        twin = found is not None and found in state.companies_seen
        if twin:
            if options.in_file_duplicates == "skip":
                state.skipped += 1
                continue
            state.merged_in_file += 1
        elif found is not None and options.mode == "create":
            if options.existing_duplicates == "skip":
                state.skipped += 1
                continue
            if options.existing_duplicates == "create":
                found = None
        elif found is None and options.mode == "update":
            state.skipped += 1
            continue
        overwrite = options.mode != "create"
        if found is None:
            tags = dict(t for t in (catalog.tag(n) for n in record.tags) if t is not None)
            found = catalog.add_company(NewCompany(0, **values, tags=tags))
            state.created += 1
        elif _update_company(found, values, record.tags, state, overwrite=overwrite):
            if not twin:
                state.updated += 1
        elif not twin:
            state.skipped += 1
        state.companies_seen.add(found)
        if key and key not in catalog.company_ids.living:
            keys.append((found, key))
            catalog.company_ids.take(key, found)
    state.flush_catalog()
    import_rows.add_keys("company", keys)


def _company_values(record: ImportedCompany, state: RunState) -> dict[str, Any] | None:
    if record.problems:
        state.reject(record.line, "; ".join(record.problems))
        return None
    name = clean(record.name)
    if not name:
        state.reject(record.line, "a company needs a name")
        return None
    website, phone = clean(record.website), clean(record.phone)
    if website and (problem := website_problem(website)):
        state.warn(record.line, f"{problem} It was left out.")
        website = ""
    if phone and (problem := phone_problem(phone)):
        state.warn(record.line, f"{problem} It was left out.")
        phone = ""
    owner, notes = state.catalog.owner(record.owner, record.notes.strip())
    return {
        "name": name,
        "website": website,
        "industry": clean(record.industry),
        "phone": phone,
        "address": record.address.strip(),
        "notes": notes,
        "owner_id": owner,
    }


def _update_company(
    company_id: int, values: dict[str, Any], tags: list[str], state: RunState, *, overwrite: bool
) -> bool:
    """Merge into (or overwrite) a company; whether anything changed."""
    pending = next((c for c in state.catalog.new_companies if c.id == company_id), None)
    if pending is not None:  # made earlier in this chunk, not written yet
        for column, value in values.items():
            if column == "notes":
                pending.notes = joined_notes(pending.notes, value, replace=overwrite)
            elif value and (overwrite or not getattr(pending, column)):
                setattr(pending, column, value)
        pending.tags.update(t for t in (state.catalog.tag(n) for n in tags) if t is not None)
        return True
    found = import_rows.select_in("company", _COMPANY_READ, "id", [company_id])
    if not found:
        return False
    row = dict(zip(_COMPANY_READ[1:], found[0][1:], strict=True))
    own = {c: row[c] for c in COMPANY_OWN}
    changed = dict(own)
    notes = joined_notes(own["notes"], values["notes"], replace=overwrite)
    if notes != own["notes"]:
        changed["notes"] = notes
    for column in ("website", "industry", "phone", "address", "owner_id"):
        value, current = values[column], own[column]
        if value not in ("", None) and value != current and (overwrite or current in ("", None)):
            changed[column] = value
    renamed = overwrite and values["name"] != own["name"]
    if renamed:
        changed.update(name=values["name"], sort_name=name_key(values["name"]))
    links = import_rows.tag_links("company_tag", "company_id", [company_id])
    have = {int(tid) for _, tid, _ in links}
    wanted = [t for t in (state.catalog.tag(n) for n in tags) if t is not None]
    new_tags = sorted({tid for tid, _ in wanted if tid not in have})
    if changed == own and not new_tags:
        return False
    before = None
    if state.needs_before("company", company_id):
        keys = import_rows.keys_of("company", [company_id]).get(company_id, [])
        before = {"row": row, "tags": sorted(have), "keys": keys}
    state.flush_catalog()  # new tags first
    now = state.now
    import_rows.update(
        "company",
        (*COMPANY_OWN, "updated_at"),
        [(*[changed[c] for c in COMPANY_OWN], now, company_id)],
    )
    uids = import_rows.new_uids(len(new_tags))
    import_rows.insert(
        "company_tag",
        (*STAMP, "company_id", "tag_id"),
        [(uids[n], 1, now, now, company_id, tid) for n, tid in enumerate(new_tags)],
    )
    state.updated_row("company", company_id, before, changed)
    denormalised.refresh_companies([company_id])
    search.reindex("company", [company_id])
    if renamed:
        state.catalog.company_sort[company_id] = changed["sort_name"]
        denormalised.refresh_people_of([company_id])
        people = import_rows.rows("SELECT id FROM contact WHERE company_id = ?", [company_id])
        search.reindex("contact", [int(row[0]) for row in people])
    return True


# -- activities --------------------------------------------------------------------------------


def _moment(
    value: datetime | None, local: Callable[[datetime], datetime], *, due: bool
) -> int | None:
    """When an activity happened or falls due. A time the file gives without a zone is the
    user's own time, as every program shows it; a day to be done with no time falls due that
    morning, not at midnight."""
    if value is None:
        return None
    if value.tzinfo is None:
        if due and value.time() == time(0):
            value = datetime.combine(value.date(), MORNING)
        value = local(value)
    return to_epoch(value)


def _shared(name: str) -> str:
    return (
        f"more than one contact is called “{name}”: give the person's e-mail or the other"
        " program's id to say which"
    )


def import_activities(records: Sequence[ImportedActivity], state: RunState) -> None:
    now, actor = state.now, state.actor_id
    talks: list[tuple[Any, ...]] = []
    tasks: list[tuple[Any, ...]] = []
    keys: dict[str, list[tuple[int, str]]] = {"interaction": [], "reminder": []}
    next_ids = {t: import_rows.next_id(t) for t in ("interaction", "reminder")}
    for record in records:
        if record.problems:
            state.reject(record.line, "; ".join(record.problems))
            continue
        kind = KIND_ALIASES.get(clean(record.kind).casefold())
        if kind is None:
            state.notice(f"Activities of the kind “{clean(record.kind)}” were imported as notes.")
            kind = "note"
        subject, body = clean(record.subject), record.body.strip()
        if not subject and not body:
            state.reject(record.line, "nothing to record: no subject and no text")
            continue
        named = record.contact.strip() or record.contact_external_id.strip()
        contact = state.contacts.reference(record.contact_external_id.strip(), record.contact)
        if state.contacts.shared_name(record.contact_external_id.strip(), record.contact):
            state.reject(record.line, _shared(named))
            continue
        if contact is None and named:
            state.reject(record.line, f"no contact “{named}” to attach it to")
            continue
        table = "reminder" if kind == "task" or not record.done else "interaction"
        if contact is None and table == "interaction":
            state.reject(record.line, "no contact named: an activity belongs to a person")
            continue
        deal = record.deal_external_id.strip()
        lead = state.leads.living.get(deal) if deal else None
        if deal and lead is None:
            state.warn(record.line, f"No deal “{deal}” found: the activity is on the contact only.")
        key = record.external_id.strip()
        if key and key in state.activities[table].living:
            state.skipped += 1  # imported before
            continue
        when = _moment(record.occurred_at, state.local, due=table == "reminder") or now
        row_id = next_ids[table]
        next_ids[table] += 1
        uid = import_rows.new_uids(1)[0]
        if table == "interaction":
            talks.append(
                (
                    row_id,
                    uid,
                    1,
                    now,
                    now,
                    contact,
                    lead,
                    kind,
                    record.direction,
                    subject,
                    body,
                    when,
                    record.duration_minutes or None,
                    "",
                    actor,
                )
            )
        else:
            title = subject or body.splitlines()[0][:200]
            if kind != "task":  # a call or meeting to come: say which
                title = f"{kind.capitalize()}: {title}"
            status, done = ("done", when) if record.done else ("open", None)
            tasks.append(
                (
                    row_id,
                    uid,
                    1,
                    now,
                    now,
                    title,
                    body,
                    when,
                    when,
                    actor,
                    contact,
                    lead,
                    status,
                    done,
                )
            )
        if key:
            keys[table].append((row_id, key))
            state.activities[table].take(key, row_id)
        state.created += 1
    import_rows.insert("interaction", _INTERACTION, talks)
    import_rows.insert("reminder", _REMINDER, tasks)
    for table, made in (("interaction", talks), ("reminder", tasks)):
        for row in made:
            state.made_row(table, int(row[0]))
        import_rows.add_keys(table, keys[table])
    talked = sorted({int(row[5]) for row in talks})
    for chunk in import_rows.chunks(talked):
        refresh_last_contacted(list(chunk))
    denormalised.refresh_contacts({int(row[10]) for row in tasks if row[10] is not None})
    search.reindex("interaction", [int(row[0]) for row in talks])
