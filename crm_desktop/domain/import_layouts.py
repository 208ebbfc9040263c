"""The choices a person made for a file's layout, remembered for the next file with the same
header: a shop that imports its till's export every week fixes its columns and picks "create and
update" once.

A layout is known by the kind of record its rows become and by its header, compared with case
and spacing ignored. Kept are the columns, where they differ from what the wizard proposed, and
the import's options (mode, what makes two records one, what to do with duplicates), where they
differ from its defaults; going back to the proposal and the defaults forgets them. A kind chosen
over the wizard's guess ("each row is a deal", for a header it took for people) is kept too, so
that the next file with that header is read as the person said. The newest
``KEEP`` layouts live in ``import-layouts.json`` in the data folder. A missing or damaged file
counts as empty, and one that cannot be written is logged and left: the wizard then proposes its
own mapping, as it always did, and the import itself is never stopped by it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.import_match import MATCH_RULES
from crm_desktop.domain.import_state import ImportOptions
from crm_desktop.store import db

log = logging.getLogger(__name__)

LAYOUTS_FILE = "import-layouts.json"
KEEP = 50  # layouts; the one saved longest ago goes first (each import saves its own again)


class Remembered(NamedTuple):
    mapping: dict[int, str] | None  # column index -> target; None: the proposal's
    options: ImportOptions | None  # None: the defaults
    saved_at: datetime


def _choices(options: ImportOptions) -> dict[str, Any]:
    """The options a person picks in the wizard, as kept."""
    return {
        "mode": options.mode,
        "match_on": [rule for rule in MATCH_RULES if rule in options.match_on],  # any order
        "in_file_duplicates": options.in_file_duplicates,
        "existing_duplicates": options.existing_duplicates,
    }


_DEFAULT_CHOICES = _choices(ImportOptions())


class ImportLayouts:
    def __init__(self, clock: Clock, folder: Path | None = None) -> None:
        self.clock = clock
        self._folder = folder

    @property
    def path(self) -> Path:
        return (self._folder or db.data_folder()) / LAYOUTS_FILE

    def recall(self, kind: str, header: Sequence[str]) -> Remembered | None:
        """What was chosen last time for this layout, if anything."""
        key = _key(kind, header)
        for entry in self._load():
            if _entry_key(entry) == key:
                return _remembered(entry, len(header))
        return None

    def chosen_kind(self, header: Sequence[str]) -> str | None:
        """The kind a person chose over the guess for files with this header, if any."""
        wanted = _key("", header)[1]
        for entry in self._load():  # each has a kind and a header (``_load``)
            if entry.get("kind_chosen") is True and _key("", entry["header"])[1] == wanted:
                return str(entry["kind"])
        return None

    def remember(
        self,
        kind: str,
        header: Sequence[str],
        chosen: Mapping[int, str],
        proposed: Mapping[int, str],
        options: ImportOptions | None = None,
        *,
        kind_chosen: bool = False,
    ) -> None:
        """Keep ``chosen`` for this layout unless it is what was ``proposed``, ``options``
        unless they are the defaults, and ``kind`` when a person chose it over the guess; when
        none is kept, forget the layout."""
        key = _key(kind, header)
        entries = [e for e in self._load() if _entry_key(e) != key]
        for other in entries:  # one kind is chosen for a header: the newest choice
            if _key("", other["header"])[1] == key[1]:
                other.pop("kind_chosen", None)
        entry: dict[str, Any] = {"kind": key[0], "header": list(key[1])}
        if dict(chosen) != dict(proposed):
            entry["mapping"] = {str(column): target for column, target in sorted(chosen.items())}
        choices = _choices(options or ImportOptions())
        if choices != _DEFAULT_CHOICES:
            entry["options"] = choices
        if kind_chosen:
            entry["kind_chosen"] = True
        if "mapping" in entry or "options" in entry or kind_chosen:
            entry["saved_at"] = self.clock.now().isoformat()
            entries.insert(0, entry)
        self._save(entries[:KEEP])

    def _load(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = data["layouts"]
            if not isinstance(entries, list):
                return []
            return [e for e in entries if isinstance(e, dict) and _entry_key(e) is not None]
        except (OSError, ValueError, TypeError, KeyError):
            return []  # missing or unreadable: nothing remembered

    def _save(self, entries: list[dict[str, Any]]) -> None:
        data = {"version": 1, "layouts": entries}
        path = self.path
        temporary = path.with_suffix(".tmp")
        try:
            temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError as exc:  # a full disk or a read-only folder: the import goes on
            log.warning("Could not remember the import's columns in %s: %s", path, exc)


def _key(kind: str, header: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    return kind, tuple(" ".join(name.split()).casefold() for name in header)


def _entry_key(entry: dict[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    kind, header = entry.get("kind"), entry.get("header")
    if not isinstance(kind, str) or not isinstance(header, list):
        return None
    if not all(isinstance(name, str) for name in header):
        return None
    return _key(kind, header)


def _remembered(entry: dict[str, Any], width: int) -> Remembered | None:
    try:
        saved_at = datetime.fromisoformat(str(entry["saved_at"]))
        mapping = None
        if "mapping" in entry:
            raw = {int(column): str(target) for column, target in entry["mapping"].items()}
            mapping = {c: t for c, t in raw.items() if 0 <= c < width}
        options = _options(entry["options"]) if "options" in entry else None
    except (KeyError, ValueError, TypeError, AttributeError):
        return None
    if mapping is None and options is None:
        return None
    return Remembered(mapping, options, saved_at)


def _options(raw: dict[str, Any]) -> ImportOptions | None:
    """The options kept, or None when they are not ones the import takes."""
    match_on = tuple(rule for rule in MATCH_RULES if rule in raw["match_on"])
    options = ImportOptions(
        mode=raw["mode"],
        match_on=match_on,
        in_file_duplicates=raw["in_file_duplicates"],
        existing_duplicates=raw["existing_duplicates"],
    )
    try:
        options.check()
    except ValidationError:
        return None
    return options if match_on else None
