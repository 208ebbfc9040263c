"""What an export reads, through the real store: all contacts, the list's filter, a selection,
page by page and whole; follow-ups by due time; and saving a file so that a failure leaves
nothing half-written."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from crm_desktop.domain import staff
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contact_list import ContactQuery
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.exports import (
    ExportCancelled,
    ExportError,
    ExportScope,
    ExportService,
    save_atomically,
    split_notes,
)
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def exports(services: Services) -> ExportService:
    return ExportService(services.clock, services.actor_id)


@pytest.fixture
def people(services: Services) -> dict[str, int]:
    """Five contacts (one in the trash), one of them whole."""
    acme = services.companies.create(CompanyFields(name="Acme Oy", website="https://acme.fi")).id
    referrer = services.contacts.create(ContactFields(first_name="Pia", last_name="Aalto")).id
    sales = staff.create(services.clock, "Sam Seller", "sam@example.com")
    ann = services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            title="Buyer",
            company_id=acme,
            emails=[("work", "ann@acme.fi"), ("home", "ann@example.com")],
            phones=[("mobile", "+358 40 123 4567")],
            address="Main St 1\n00100 Helsinki",
            birthday=date(1985, 4, 15),
            preferred_channel="email",
            do_not_contact=True,
            source="fair",
            referred_by_id=referrer,
            lifecycle="customer",
            owner_id=sales,
            personal_notes="Likes tea",
            preferences="Mornings",
            stay_in_touch_days=30,
            tags=["VIP", "trade fair 2026"],
        )
    ).id
    bob = services.contacts.create(
        ContactFields(first_name="Bob", last_name="Zed", tags=["vip"], emails=[("", "b@z.com")])
    ).id
    cid = services.contacts.create(ContactFields(first_name="Cid", last_name="Moe")).id
    gone = services.contacts.create(ContactFields(first_name="Gone", last_name="Away")).id
    services.contacts.trash([gone])
    return {"ann": ann, "bob": bob, "cid": cid, "pia": referrer, "gone": gone}


def names(pages: list[list]) -> list[str]:  # type: ignore[type-arg]
    return [c.display_name for page in pages for c in page]


def test_all_living_contacts_as_added_without_the_trash(
    exports: ExportService, people: dict[str, int]
) -> None:
    scope = ExportScope("all")
    assert names(list(exports.contacts(scope))) == ["Pia Aalto", "Ann Lee", "Bob Zed", "Cid Moe"]
    assert exports.count(scope) == 4


def test_pages_are_pages(exports: ExportService, people: dict[str, int]) -> None:
    for scope in (ExportScope("all"), ExportScope("filtered", ContactQuery())):
        pages = list(exports.contacts(scope, page_size=3))
        assert [len(page) for page in pages] == [3, 1]
    assert names(pages) == ["Pia Aalto", "Ann Lee", "Cid Moe", "Bob Zed"]  # the list's order


def test_filtered_is_what_the_list_shows(exports: ExportService, people: dict[str, int]) -> None:
    by_tag = ExportScope("filtered", ContactQuery(tag="VIP", sort="name", descending=True))
    assert names(list(exports.contacts(by_tag))) == ["Bob Zed", "Ann Lee"]
    assert exports.count(by_tag) == 2
    by_text = ExportScope("filtered", ContactQuery(text="acme"))
    assert names(list(exports.contacts(by_text))) == ["Ann Lee"]
    trash = ExportScope("filtered", ContactQuery(trashed=True))
    assert names(list(exports.contacts(trash))) == ["Gone Away"]


def test_selected_in_the_order_given_missing_ones_left_out(
    exports: ExportService, people: dict[str, int]
) -> None:
    scope = ExportScope("selected", ids=(people["cid"], 999_999, people["ann"], people["cid"]))
    assert names(list(exports.contacts(scope, page_size=1))) == ["Cid Moe", "Ann Lee"]
    assert exports.count(scope) == 2


def test_a_contact_comes_whole(exports: ExportService, people: dict[str, int]) -> None:
    (ann,) = exports.contacts_by_id([people["ann"]])
    assert (ann.first_name, ann.last_name, ann.display_name) == ("Ann", "Lee", "Ann Lee")
    assert (ann.title, ann.company, ann.website) == ("Buyer", "Acme Oy", "https://acme.fi")
    assert ann.emails == (("work", "ann@acme.fi"), ("home", "ann@example.com"))
    assert ann.phones == (("mobile", "+358 40 123 4567"),)
    assert ann.address == "Main St 1\n00100 Helsinki"
    assert ann.birthday == date(1985, 4, 15)
    assert (ann.preferred_channel, ann.do_not_contact, ann.source) == ("email", True, "fair")
    assert (ann.lifecycle, ann.owner, ann.referred_by) == ("customer", "Sam Seller", "Pia Aalto")
    assert (ann.personal_notes, ann.preferences) == ("Likes tea", "Mornings")
    assert ann.notes == "Likes tea\n\nPreferences: Mornings"
    assert ann.stay_in_touch_days == 30
    assert ann.tags == ("trade fair 2026", "VIP")
    assert len(ann.uid) == 32 and ann.updated_at == NOW
    (cid,) = exports.contacts_by_id([people["cid"]])
    assert (cid.company, cid.emails, cid.tags, cid.birthday, cid.notes) == ("", (), (), None, "")
    assert cid.owner == "Me"


def test_most_values(exports: ExportService, people: dict[str, int]) -> None:
    assert exports.most_values() == (2, 1)


def test_an_unknown_scope_is_refused() -> None:
    with pytest.raises(ValidationError, match="Export one of"):
        ExportScope("some")  # type: ignore[arg-type]


def test_followups_by_due_open_or_all_one_contact(
    services: Services, exports: ExportService, people: dict[str, int]
) -> None:
    def add(title: str, hours: int, contact: str | None = None) -> int:
        return services.followups.create(
            ReminderFields(
                title=title,
                due_at=NOW + timedelta(hours=hours),
                contact_id=people[contact] if contact else None,
                note=f"about {title}",
            )
        ).ids[0]

    add("Call Ann", 5, "ann")
    done = add("Send brochure", 1, "ann")
    add("Plan the fair", 3)
    add("Ping Bob", 2, "bob")
    add("Lost soul", 4, "gone")  # trashed contact: left out
    lead = services.pipeline.create_lead(LeadFields(title="Big deal")).id
    services.followups.create(
        ReminderFields(title="Deal step", due_at=NOW + timedelta(hours=6), lead_id=lead)
    )
    services.followups.complete(done)

    def titles(**kw: object) -> list[str]:
        return [f.title for page in exports.followups(page_size=2, **kw) for f in page]  # type: ignore[arg-type]

    assert titles() == ["Ping Bob", "Plan the fair", "Call Ann", "Deal step"]
    assert titles(open_only=False) == [
        "Send brochure",
        "Ping Bob",
        "Plan the fair",
        "Call Ann",
        "Deal step",
    ]
    assert titles(open_only=False, contact_id=people["ann"]) == ["Send brochure", "Call Ann"]
    assert exports.count_followups() == 4
    first = next(exports.followups(open_only=False))[0]
    assert (first.status, first.contact_name, first.note) == (
        "done",
        "Ann Lee",
        "about Send brochure",
    )
    assert first.completed_at == NOW
    deal = [f for page in exports.followups() for f in page][-1]
    assert (deal.contact_name, deal.lead_title) == ("", "Big deal")


# -- saving -----------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_save_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    size = save_atomically(target, ["a\n", "é"], encoding="utf-8-sig")
    assert target.read_bytes() == b"\xef\xbb\xbfa\n\xc3\xa9"
    assert size == 7
    assert leftovers(tmp_path) == []


def test_cancel_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    calls = iter([False, True])
    with pytest.raises(ExportCancelled, match="cancelled"):
        save_atomically(target, ["a", "b", "c"], cancelled=lambda: next(calls))
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_full_disk_says_so_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def full(fd: int) -> None:  # where a full disk shows (or at close), as on a real one
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError) as caught:
        save_atomically(target, ["a" * 1000])
    assert str(caught.value) == (
        f"The disk is full: out.txt could not be written to {tmp_path}. "
        "Free some space or choose another place; nothing was changed."
    )
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask (new files rw-r--r--), whatever the test runner's is."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name == "nt", reason="Windows files have no POSIX modes")
@pytest.mark.usefixtures("umask_022")
def test_a_new_file_is_readable_as_new_files_are(tmp_path: Path) -> None:
    save_atomically(tmp_path / "out.csv", ["a"])
    assert mode_of(tmp_path / "out.csv") == 0o644  # 0666 less the umask, not mkstemp's 0600


@pytest.mark.skipif(os.name == "nt", reason="Windows files have no POSIX modes")
@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o666])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(mode)
    save_atomically(target, ["new"])
    assert target.read_text() == "new"
    assert mode_of(target) == mode


def test_a_read_only_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    # Refused even from root, whom the mode does not stop (tests may run as root).
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(ExportError) as caught:
        save_atomically(target, ["new"])
    assert str(caught.value) == f"{target} is read-only: choose another name or make it writable."
    assert target.read_text() == "old"
    assert mode_of(target) == 0o444
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/out.txt", "The folder {tmp}/missing does not exist: choose another place."),
        ("afile/out.txt", "{tmp}/afile is not a folder: choose another place."),
        ("adir", "{tmp}/adir is a folder: choose a file name to export to."),
    ],
)
def test_a_place_that_cannot_be_written(tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "adir").mkdir()
    with pytest.raises(ExportError) as caught:
        save_atomically(tmp_path / where, ["a"])
    assert str(caught.value) == message.format(tmp=tmp_path)


@pytest.mark.parametrize("folder", ["/sys", "/proc"])
def test_a_folder_that_takes_no_files_says_so(folder: str) -> None:
    # Neither takes a new file, even from root (tests may run as root, where chmod is no bar).
    with pytest.raises(ExportError) as caught:
        save_atomically(Path(folder) / "out.csv", ["a"])
    assert str(caught.value).startswith(f"{folder} is not writable")
    assert str(caught.value).endswith("choose another place for out.csv.")


@pytest.mark.parametrize(
    ("personal", "preferences"),
    [("Likes tea", "Mornings"), ("", "Mornings"), ("Likes tea", ""), ("", ""), ("a\n\n", "b")],
)
def test_notes_and_preferences_split_back(
    exports: ExportService, people: dict[str, int], personal: str, preferences: str
) -> None:
    (ann,) = exports.contacts_by_id([people["ann"]])
    joined = replace(ann, personal_notes=personal, preferences=preferences).notes
    assert split_notes(joined, preferences) == personal.rstrip("\n")
