"""What imported rows refer to by name: companies, tags and staff. Looked up in memory, the
missing companies and tags made on the way (written with the chunk that needed them, and
recorded in the batch so an undo removes them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from crm_desktop.domain.import_match import ExternalIds, quick_name_key
from crm_desktop.domain.normalize import clean
from crm_desktop.domain.notes_join import joined_notes
from crm_desktop.store import import_rows

COMPANY_COLUMNS = (
    "id",
    *import_rows.STAMP,
    *import_rows.COMPANY_OWN,
    "people_count",
    "tag_names",
)


@dataclass
class NewCompany:
    id: int
    name: str
    website: str = ""
    industry: str = ""
    phone: str = ""
    address: str = ""
    notes: str = ""
    owner_id: int | None = None
    tags: dict[int, str] = field(default_factory=dict)  # tag id -> name


class Catalog:
    def __init__(self, actor_id: int | None) -> None:
        self.actor_id = actor_id
        self.company_by_name: dict[str, int] = {}
        self.company_sort: dict[int, str] = {}
        self.company_ids = ExternalIds()
        self.tag_by_key: dict[str, tuple[int, str]] = {}
        self.staff_by_key: dict[str, int] = {}
        self.unknown_owners: Counter[str] = Counter()  # by the name first met, any case
        self._unknown_spelling: dict[str, str] = {}
        self.new_companies: list[NewCompany] = []  # this chunk's, written by flush()
        self.new_tags: list[tuple[int, str, str]] = []  # id, name, key
        self._next: dict[str, int] = {}
        self._keys: dict[str, str] = {}  # a company name as written -> its name key

    @classmethod
    def load(cls, actor_id: int | None) -> Catalog:
        found = cls(actor_id)
        for sort, cid in import_rows.companies():
            found.company_by_name[sort] = int(cid)
            found.company_sort[int(cid)] = sort
        found.company_ids = ExternalIds.load("company")
        found.tag_by_key = {key: (int(tid), name) for key, tid, name in import_rows.tags()}
        for sid, name, mail in reversed(import_rows.staff()):
            for key in (clean(name).casefold(), mail.strip().casefold()):
                if key:
                    found.staff_by_key[key] = int(sid)
        return found

    # -- ids -------------------------------------------------------------------------------

    def begin(self) -> None:
        """Start a chunk: the first free ids, read inside its write transaction."""
        self._next = {t: import_rows.next_id(t) for t in ("contact", "company", "tag", "lead")}

    def take_id(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    # -- lookups ---------------------------------------------------------------------------

    def company(self, name: str) -> int | None:
        """The living company called ``name`` (any case or accents), made if missing."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = quick_name_key(clean(name))
        if not key:
            return None
        found = self.company_by_name.get(key)
        if found is None:
            found = self.add_company(NewCompany(0, clean(name), owner_id=self.actor_id))
        return found

    def add_company(self, company: NewCompany) -> int:
        company.id = self.take_id("company")
        key = quick_name_key(company.name)
        self.company_by_name.setdefault(key, company.id)
        self.company_sort[company.id] = key
        self.new_companies.append(company)
        return company.id

    def tag(self, name: str) -> tuple[int, str] | None:
        text = clean(name)
        if not text:
            return None
        key = text.casefold()
        found = self.tag_by_key.get(key)
        if found is None:
            found = (self.take_id("tag"), text)
            self.tag_by_key[key] = found
            self.new_tags.append((found[0], text, key))
        return found

    def owner(self, text: str, notes: str, *, replace: bool = False) -> tuple[int | None, str]:
        """The staff member a file names (by name or e-mail), the importing user when it names
        nobody; with the record's ``notes``, which keep the name of someone not on the staff
        ("Owner: Sally Jones": who looked after whom is not lost), who owns nothing here."""
        key = clean(text).casefold()
        if not key:
            return self.actor_id, notes
        found = self.staff_by_key.get(key)
        if found is not None:
            return found, notes
        name = self._unknown_spelling.setdefault(key, clean(text))
        self.unknown_owners[name] += 1
        return None, joined_notes(notes, f"Owner: {clean(text)}", replace=replace)

    def owner_notices(self) -> list[str]:
        return [
            f"“{name}” is not on the staff: {n:,} row{'' if n == 1 else 's'} left without an"
            " owner, the name kept in the notes."
            for name, n in self.unknown_owners.items()
        ]

    # -- writing ---------------------------------------------------------------------------

    def flush(self, now: int) -> tuple[list[int], list[int]]:
        """Write this chunk's new tags and companies; (tag ids, company ids) written."""
        tags = self.new_tags
        links_wanted = sum(len(c.tags) for c in self.new_companies)
        wanted = len(tags) + len(self.new_companies) + links_wanted
        uid = iter(import_rows.new_uids(wanted)).__next__
        import_rows.insert(
            "tag",
            ("id", *import_rows.STAMP, "name", "name_key"),
            [(tid, uid(), 1, now, now, name, key) for tid, name, key in tags],
        )
        rows: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        for c in self.new_companies:
            tag_names = ", ".join(sorted(c.tags.values(), key=str.casefold))
            rows.append(
                (
                    c.id,
                    uid(),
                    1,
                    now,
                    now,
                    clean(c.name),
                    quick_name_key(c.name),
                    clean(c.website),
                    clean(c.industry),
                    clean(c.phone),
                    c.address.strip(),
                    c.notes.strip(),
                    c.owner_id,
                    0,
                    tag_names,
                )
            )
            links.extend((uid(), 1, now, now, c.id, tid) for tid in c.tags)
        import_rows.insert("company", COMPANY_COLUMNS, rows)
        import_rows.insert("company_tag", (*import_rows.STAMP, "company_id", "tag_id"), links)
        written = ([t[0] for t in tags], [c.id for c in self.new_companies])
        self.new_tags, self.new_companies = [], []
        return written
