"""Column choices remembered per file layout (``domain.import_layouts``), in the data folder."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.import_layouts import KEEP, LAYOUTS_FILE, ImportLayouts
from crm_desktop.domain.import_state import ImportOptions

HEADER = ["Kunde", "Vorname", "E-Mail", "Kundennummer"]
PROPOSED = {0: "last_name", 1: "first_name", 2: "email"}
CHOSEN = {0: "company", 1: "first_name", 2: "email", 3: "external_id"}


def test_choices_come_back_for_the_same_header_written_differently(
    store: paths.DataPaths, clock: FixedClock
) -> None:
    ImportLayouts(clock).remember("contact", HEADER, CHOSEN, PROPOSED)
    assert (store.root / LAYOUTS_FILE).exists()
    clock.advance(timedelta(days=7))
    again = ImportLayouts(clock)  # as after a restart: read from the file
    found = again.recall("contact", ["KUNDE", " Vorname ", "E-Mail", "Kunden nummer"])
    assert found is None  # another word is another layout
    found = again.recall("contact", ["KUNDE", " Vorname ", "e-mail", "Kundennummer"])
    assert found is not None
    assert found.mapping == CHOSEN
    assert found.saved_at == clock.now() - timedelta(days=7)


def test_another_kind_or_header_is_not_matched(store: paths.DataPaths, clock: FixedClock) -> None:
    layouts = ImportLayouts(clock)
    layouts.remember("contact", HEADER, CHOSEN, PROPOSED)
    assert layouts.recall("company", HEADER) is None
    assert layouts.recall("contact", HEADER[:3]) is None
    assert layouts.recall("contact", [*HEADER, "Notiz"]) is None


def test_going_back_to_the_proposal_forgets_the_choices(
    store: paths.DataPaths, clock: FixedClock
) -> None:
    layouts = ImportLayouts(clock)
    layouts.remember("contact", HEADER, CHOSEN, PROPOSED)
    layouts.remember("contact", HEADER, PROPOSED, PROPOSED)
    assert layouts.recall("contact", HEADER) is None


def test_only_the_newest_layouts_are_kept(store: paths.DataPaths, clock: FixedClock) -> None:
    layouts = ImportLayouts(clock)
    for n in range(KEEP + 1):
        layouts.remember("contact", [f"Column {n}"], {0: "notes"}, {})
        clock.advance(timedelta(minutes=1))
    assert layouts.recall("contact", ["Column 0"]) is None  # the oldest went
    assert layouts.recall("contact", ["Column 1"]) is not None
    assert layouts.recall("contact", [f"Column {KEEP}"]) is not None
    layouts.remember("contact", ["Column 1"], {0: "notes"}, {})  # used again: newest now
    layouts.remember("contact", ["Another"], {0: "notes"}, {})
    assert layouts.recall("contact", ["Column 1"]) is not None
    assert layouts.recall("contact", ["Column 2"]) is None


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"layouts": 3}',
        '{"layouts": [1, {"kind": "contact"}]}',
        '{"layouts": [{"kind": "contact", "header": ["A"], "mapping": {"x": "notes"},'
        ' "saved_at": "2026-01-01T00:00:00+00:00"}]}',
        '{"layouts": [{"kind": "contact", "header": ["A"], "mapping": {"0": "notes"},'
        ' "saved_at": "yesterday"}]}',
    ],
)
def test_a_damaged_file_is_read_as_nothing_remembered(
    store: paths.DataPaths, clock: FixedClock, text: str
) -> None:
    (store.root / LAYOUTS_FILE).write_text(text, encoding="utf-8")
    layouts = ImportLayouts(clock)
    assert layouts.recall("contact", ["A"]) is None
    layouts.remember("contact", HEADER, CHOSEN, PROPOSED)  # and is written over cleanly
    assert layouts.recall("contact", HEADER) is not None


def test_columns_beyond_the_header_are_dropped(store: paths.DataPaths, clock: FixedClock) -> None:
    entry = {
        "kind": "contact",
        "header": ["A", "B"],
        "mapping": {"0": "first_name", "5": "notes", "-1": "email"},
        "saved_at": clock.now().isoformat(),
    }
    path = store.root / LAYOUTS_FILE
    path.write_text(json.dumps({"version": 1, "layouts": [entry]}), encoding="utf-8")
    found = ImportLayouts(clock).recall("contact", ["A", "B"])
    assert found is not None and found.mapping == {0: "first_name"}


def test_a_file_that_cannot_be_written_loses_the_choice_not_the_import(
    tmp_path: Path, clock: FixedClock
) -> None:
    (tmp_path / LAYOUTS_FILE).with_suffix(".tmp").mkdir()  # in the way, even for root
    layouts = ImportLayouts(clock, tmp_path)
    layouts.remember("contact", HEADER, CHOSEN, PROPOSED)  # logged, not raised
    assert layouts.recall("contact", HEADER) is None


def test_options_are_kept_where_they_differ_from_the_defaults(
    store: paths.DataPaths, clock: FixedClock
) -> None:
    layouts = ImportLayouts(clock)
    chosen = ImportOptions(mode="upsert", match_on=("email",), in_file_duplicates="skip")
    layouts.remember("contact", HEADER, PROPOSED, PROPOSED, chosen)  # the columns as proposed
    found = layouts.recall("contact", HEADER)
    assert found is not None and found.mapping is None  # the proposal's: nothing to keep
    assert found.options is not None
    assert (found.options.mode, found.options.match_on) == ("upsert", ("email",))
    assert found.options.in_file_duplicates == "skip"
    assert found.options.existing_duplicates == "merge"
    layouts.remember("contact", HEADER, PROPOSED, PROPOSED, ImportOptions())  # the defaults
    assert layouts.recall("contact", HEADER) is None
    wizard_order = ImportOptions(match_on=("email", "phone", "external_id", "name_company"))
    layouts.remember("contact", HEADER, PROPOSED, PROPOSED, wizard_order)  # the defaults too
    assert layouts.recall("contact", HEADER) is None


def test_options_that_are_not_the_import_s_are_left_out(
    store: paths.DataPaths, clock: FixedClock
) -> None:
    entry = {
        "kind": "contact",
        "header": ["A"],
        "mapping": {"0": "notes"},
        "options": {"mode": "delete all", "match_on": ["email"], "in_file_duplicates": "merge",
                    "existing_duplicates": "merge"},
        "saved_at": clock.now().isoformat(),
    }  # fmt: skip
    path = store.root / LAYOUTS_FILE
    path.write_text(json.dumps({"version": 1, "layouts": [entry]}), encoding="utf-8")
    found = ImportLayouts(clock).recall("contact", ["A"])
    assert found is not None and found.mapping == {0: "notes"} and found.options is None


def test_a_kind_chosen_over_the_guess_is_kept_alone_and_the_newest_choice_wins(
    store: paths.DataPaths, clock: FixedClock
) -> None:
    layouts = ImportLayouts(clock)
    assert layouts.chosen_kind(HEADER) is None
    layouts.remember("company", HEADER, PROPOSED, PROPOSED, kind_chosen=True)
    assert ImportLayouts(clock).chosen_kind([h.upper() for h in HEADER]) == "company"
    assert layouts.recall("company", HEADER) is None  # no columns or options were chosen
    layouts.remember("deal", HEADER, CHOSEN, PROPOSED, kind_chosen=True)
    assert layouts.chosen_kind(HEADER) == "deal"
    layouts.remember("contact", HEADER, PROPOSED, PROPOSED)  # the guess taken again
    assert layouts.chosen_kind(HEADER) is None
    assert layouts.recall("deal", HEADER) is not None  # its columns stay, for a choice later
