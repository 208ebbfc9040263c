"""Merging many likely duplicates in one go: the duplicates dialog's "Merge all found by
e-mail", for the hundreds of pairs two imports can leave behind.

Each pair is merged as the review would merge it untouched: the contact added first is kept,
each field keeps the value that is there, the newer one where both differ
(``merge.default_choices``), and every interaction, lead, follow-up, e-mail, phone and tag of
both ends up on it.

Only pairs that share an e-mail address are taken: a shared phone is often a household's or a
switchboard's, and a similar name is a guess. Even then the names must agree, more strictly
than the import asks (``same_name``): the first names, where both have one ("Ann" and "Anne"
agree, one being the start of the other, and so do "A." and "Ann"), else the last names; a
contact with no name at all (an address book's bare e-mail) agrees with anyone. So colleagues
writing from one info@ address, a couple sharing theirs, and "Bob" beside "Robert" are left
for the review. Pairs chained through one contact (A and B, B and C) end as one contact, each
step checked against the names the contact has by then.

Each merge is its own transaction, so a cancel or a failure keeps the merges done before it;
``unmerge_all`` takes a run back, newest merge first, and ``merge_again`` redoes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from crm_desktop.domain.changes import Change
from crm_desktop.domain.duplicates import EMAIL, DuplicatePair, PairSide
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.import_match import Names, agree
from crm_desktop.domain.merge import MergeResult, MergeService
from crm_desktop.domain.normalize import name_key
from crm_desktop.store.models import Contact

Progress = Callable[[int, int], None]  # (done, of)
TOUCHES = frozenset({"interaction", "lead", "reminder", "tag", "company"})


def by_email(pairs: Sequence[DuplicatePair]) -> list[DuplicatePair]:
    """The pairs ``merge_all`` takes: those that share an e-mail address, with names that
    agree (``same_name``; checked again as each is merged, against the names by then). A
    contact with no name whose address it shares with people whose names do not agree with
    each other (info@ beside Ann Lee and Bob Stone) could be either: its pairs are left for
    the review."""
    named = [
        (pair, _names(pair.first), _names(pair.second)) for pair in pairs if EMAIL in pair.reasons
    ]
    partners: dict[int, list[Names]] = {}  # a nameless contact's named partners
    for pair, one, other in named:
        if not any(one) and any(other):
            partners.setdefault(pair.first.id, []).append(other)
        elif not any(other) and any(one):
            partners.setdefault(pair.second.id, []).append(one)
    unsure = {
        contact
        for contact, names in partners.items()
        if any(not same_name(names[0], name) for name in names[1:])
    }
    return [
        pair
        for pair, one, other in named
        if same_name(one, other) and pair.first.id not in unsure and pair.second.id not in unsure
    ]


def _names(side: PairSide) -> Names:
    return _key(side.first_name), _key(side.last_name)


@dataclass(frozen=True)
class MergedMany:
    """What ``merge_all`` did: its merges (oldest first), how many pairs it left for the
    review, and whether it was cancelled or stopped by a failure (``error``)."""

    results: tuple[MergeResult, ...]
    left_for_review: int
    cancelled: bool = False
    error: Exception | None = None

    def change(self) -> Change:
        return merged_change(self.results)

    def summary(self) -> str:
        merged = len(self.results)
        text = f"Merged {merged:,} pair{'s' if merged != 1 else ''} found by e-mail"
        if self.left_for_review:
            text += f"; {self.left_for_review:,} left for you to review"
        if self.cancelled:
            text += " before it was cancelled"
        return text + "."


def merged_change(results: Sequence[MergeResult]) -> Change:
    ids = sorted({cid for result in results for cid in (result.keep_id, result.drop_id)})
    return Change("contact", "merged", tuple(ids), TOUCHES)


def merge_all(
    merges: MergeService,
    pairs: Sequence[DuplicatePair],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MergedMany:
    """Merge the pairs ``by_email`` finds among ``pairs``, best first; ``cancelled()`` is asked
    before each merge. Each merge is its own transaction: fifty to one measured a seventh faster
    at best, and one each keeps a failure's reach to one merge."""
    chosen = by_email(pairs)
    merged_into: dict[int, int] = {}  # dropped id -> the contact it went into
    results: list[MergeResult] = []
    left = sum(EMAIL in pair.reasons for pair in pairs) - len(chosen)  # names disagree

    def home(contact_id: int) -> int:
        while contact_id in merged_into:
            contact_id = merged_into[contact_id]
        return contact_id

    for done, pair in enumerate(chosen):
        if cancelled is not None and cancelled():
            return MergedMany(tuple(results), left, cancelled=True)
        one, other = home(pair.first.id), home(pair.second.id)
        if one != other:
            keep, drop = min(one, other), max(one, other)  # the one added first stays
            try:
                if _same_person(keep, drop):
                    results.append(merges.merge(keep, drop))
                    merged_into[drop] = keep
                else:
                    left += 1
            except DomainError:  # in the trash or gone since the search: the review says so
                left += 1
            except Exception as exc:  # a full disk, say: stop, keep what was merged
                return MergedMany(tuple(results), left, error=exc)
        if progress is not None:
            progress(done + 1, len(chosen))
    return MergedMany(tuple(results), left)


def same_name(one: Names, other: Names) -> bool:
    """Whether two (first, last) name keys are one person's enough to merge unreviewed."""
    (first, last), (other_first, other_last) = one, other
    if not (first or last) or not (other_first or other_last):
        return True  # no name at all: nothing to disagree with
    both = first and last and other_first and other_last
    if both and agree(first, other_last) and agree(last, other_first):
        return True  # written the other way round: "Lee Ann" and "Ann Lee"
    if first and other_first:
        return agree(first, other_first)
    return bool(last and other_last) and agree(last, other_last)


def _same_person(one: int, other: int) -> bool:
    """Whether the two contacts' names, as stored now, agree (``same_name``)."""
    names = {
        row.id: (_key(row.first_name), _key(row.last_name))
        for row in Contact.select(Contact.id, Contact.first_name, Contact.last_name).where(
            Contact.id.in_([one, other])
        )
    }
    return one in names and other in names and same_name(names[one], names[other])


@lru_cache(maxsize=1 << 16)  # the dialog counts its pairs again after each merge
def _key(name: str) -> str:
    return name_key(name).replace(".", "")  # an initial, "A.", agrees with "Ann"


def unmerge_all(
    merges: MergeService, results: Sequence[MergeResult], progress: Progress | None = None
) -> tuple[Change, list[str]]:
    """Take back ``results``, newest first; what could not be taken back (a contact since
    deleted for good) is said in the list, and the rest still is."""
    refused: list[str] = []
    for done, result in enumerate(reversed(results)):
        try:
            merges.unmerge(result)
        except DomainError as exc:
            refused.append(str(exc))
        if progress is not None:
            progress(done + 1, len(results))
    return merged_change(results)._replace(action="unmerged"), refused


def merge_again(
    merges: MergeService, results: Sequence[MergeResult], progress: Progress | None = None
) -> tuple[list[MergeResult], list[str]]:
    """Redo the merges of ``results`` (after ``unmerge_all``), oldest first; those refused (a
    contact since gone) are said in the list."""
    again: list[MergeResult] = []
    refused: list[str] = []
    for done, result in enumerate(results):
        try:
            again.append(merges.merge(result.keep_id, result.drop_id))
        except DomainError as exc:
            refused.append(str(exc))
        if progress is not None:
            progress(done + 1, len(results))
    return again, refused
