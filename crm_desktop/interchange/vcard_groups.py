"""Contact groups in vCard files. Apple's cards with X-ADDRESSBOOKSERVER-KIND:group and vCard
4.0's with KIND:group name a group and list its members (``urn:uuid:`` and the member card's
UID, or ``mailto:`` and an e-mail). A group is no person: its name becomes a tag on the members
the same file holds; members it does not hold are passed over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_desktop.interchange.vcard_lines import RawCard, split_value

_KINDS = frozenset({"KIND", "X-ADDRESSBOOKSERVER-KIND"})
_MEMBERS = frozenset({"MEMBER", "X-ADDRESSBOOKSERVER-MEMBER"})


def is_group(card: RawCard) -> bool:
    return any(p.name in _KINDS and p.value.strip().casefold() == "group" for p in card.properties)


@dataclass
class Groups:
    """The group cards of one file: their names, and which members each names."""

    lines: set[int] = field(default_factory=set)  # the group cards, by their first line
    names: list[str] = field(default_factory=list)
    by_member: dict[str, list[str]] = field(default_factory=dict)  # member key -> group names

    @classmethod
    def of(cls, cards: list[RawCard]) -> Groups:
        found = cls()
        for card in cards:
            if not is_group(card):
                continue
            found.lines.add(card.line)
            name = _name(card)
            if not name:
                continue
            found.names.append(name)
            for prop in card.properties:
                if prop.name in _MEMBERS and prop.value.strip():
                    found.by_member.setdefault(_key(prop.value), []).append(name)
        return found

    def holds(self, card: RawCard) -> bool:
        return card.line in self.lines

    def tags_of(self, card: RawCard) -> list[str]:
        """The names of the groups that list ``card`` (by its UID or one of its e-mails)."""
        if not self.by_member:
            return []
        keys = [_key(p.value) for p in card.properties if p.name == "UID" and p.value.strip()]
        keys += [
            "mailto:" + p.value.strip().casefold() for p in card.properties if p.name == "EMAIL"
        ]
        return [name for key in keys for name in self.by_member.get(key, [])]

    def warning(self) -> str:
        """What to tell the user, once: how many group cards came in as tags."""
        if not self.names:
            return ""
        quoted = [f"“{name}”" for name in self.names]
        listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        if len(quoted) == 1:
            return (
                f"1 group card, {listed}, came in as a tag on its members in this file, "
                "not as a person."
            )
        return (
            f"{len(quoted)} group cards, {listed}, came in as tags on their members in this "
            "file, not as people."
        )


def _name(card: RawCard) -> str:
    for wanted in ("FN", "N"):
        for prop in card.properties:
            if prop.name == wanted:
                text = " ".join(" ".join(split_value(prop.value)).split())
                if text:
                    return text
    return ""


def _key(value: str) -> str:
    """``urn:uuid:6A1E…`` and a UID ``6a1e…`` alike; ``mailto:`` and an address in any case."""
    text = value.strip().casefold()
    return text.removeprefix("urn:uuid:")
