"""Demo data: proportional, seeded, consistent with the rules the services keep."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.domain import demo
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields, ContactService
from crm_desktop.domain.normalize import email_key, name_key, phone_key
from crm_desktop.domain.pipeline import POSITION_GAP, PipelineService
from crm_desktop.store import db, denormalised, search
from crm_desktop.store.db import sql
from crm_desktop.store.opening import open_store


def names() -> list[tuple[str, str]]:
    return [tuple(row) for row in sql("SELECT first_name, last_name FROM contact ORDER BY id")]


def test_counts_are_proportional(store: paths.DataPaths, clock: FixedClock) -> None:
    calls: list[tuple[str, int, int]] = []
    report = demo.generate(500, clock=clock, progress=lambda *call: calls.append(call))
    assert report.contacts == 500
    assert report.companies == 50
    assert report.leads == 100
    assert report.reminders == 100
    assert 1000 <= report.interactions <= 1500
    counted = {t: sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in demo.COLUMNS}
    assert counted["contact"] == 500
    assert counted["interaction"] == report.interactions
    assert 500 <= counted["contact_email"] <= 1000
    assert 500 <= counted["contact_phone"] <= 1000
    assert calls[0] == ("contacts", 0, 500)
    assert ("contacts", 500, 500) in calls
    assert calls[-1] == ("analyze", 1, 1)
    staff = sql("SELECT count(*), sum(is_default) FROM staff").fetchone()
    assert 4 <= staff[0] <= 6 and staff[1] == 1


def test_tiny_and_empty_sizes(store: paths.DataPaths, clock: FixedClock) -> None:
    assert demo.generate(0, clock=clock).contacts == 0
    report = demo.generate(3, clock=clock)
    assert (report.contacts, report.companies) == (3, 1)
    with pytest.raises(ValueError):
        demo.generate(-1, clock=clock)


def test_same_seed_same_names_and_running_twice_adds(tmp_path: Path, clock: FixedClock) -> None:
    seen = []
    for folder in ("one", "two"):
        data = paths.resolve(tmp_path / folder).ensure()
        open_store(data.database, data.backups)
        try:
            demo.generate(300, seed=7, clock=clock)
            seen.append(names())
            if folder == "two":  # the same seed again into the same store: more, no collision
                demo.generate(300, seed=7, clock=clock)
                assert names()[300:] == seen[0]
        finally:
            db.close()
    assert seen[0] == seen[1]
    assert len(set(seen[0])) > 200
    data = paths.resolve(tmp_path / "three").ensure()
    open_store(data.database, data.backups)
    try:
        demo.generate(300, seed=8, clock=clock)
        assert names() != seen[0]
    finally:
        db.close()


def test_rows_follow_the_rules(store: paths.DataPaths, clock: FixedClock) -> None:
    demo.generate(400, clock=clock)
    now = int(clock.now().timestamp())
    stale = sql(
        "SELECT count(*) FROM contact c WHERE c.last_contacted_at IS NOT "
        "(SELECT max(occurred_at) FROM interaction i WHERE i.contact_id = c.id)"
    ).fetchone()[0]
    assert stale == 0
    assert sql("SELECT count(*) FROM contact WHERE last_contacted_at IS NOT NULL").fetchone()[0]
    assert sql("SELECT max(occurred_at) FROM interaction").fetchone()[0] <= now
    for email, key in sql("SELECT email, email_key FROM contact_email"):
        assert key == email_key(email)
    for phone, key in sql("SELECT phone, phone_key FROM contact_phone"):
        assert key == phone_key(phone)
    for first, last, key in sql("SELECT first_name, last_name, sort_name FROM contact"):
        assert key == name_key(last, first)
    uids = sql("SELECT count(*), count(DISTINCT uid), min(length(uid)) FROM contact").fetchone()
    assert uids == (400, 400, 32)
    assert sql("SELECT count(*) FROM contact WHERE version != 1").fetchone()[0] == 0
    assert sql("PRAGMA foreign_key_check").fetchall() == []
    assert sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_leads_history_ends_at_their_stage(store: paths.DataPaths, clock: FixedClock) -> None:
    demo.generate(600, clock=clock)
    pipeline = PipelineService(clock)
    stages = {s.id: s for s in pipeline.stages(pipeline.ensure_default())}
    kinds_seen = set()
    lead_ids = [row[0] for row in sql("SELECT id FROM lead")]
    assert len(lead_ids) == 120
    for lead_id in lead_ids:
        lead = pipeline.get(lead_id)
        history = pipeline.history(lead_id)
        stage = stages[lead.stage_id]
        kinds_seen.add(stage.kind)
        assert history[0].from_stage_id is None
        assert history[-1].to_stage_id == lead.stage_id
        assert history[-1].changed_at == lead.stage_entered_at
        for before, after in pairwise(history):
            assert after.from_stage_id == before.to_stage_id
            gap = after.changed_at - before.changed_at
            assert after.seconds_in_previous == int(gap.total_seconds()) >= 0
        assert lead.status == {"won": "won", "lost": "lost"}.get(stage.kind, "open")
        assert lead.probability == stage.probability
        assert (lead.closed_at is not None) == (stage.kind != "open")
        assert bool(lead.lost_reason) == (stage.kind == "lost")
    assert kinds_seen == {"open", "won", "lost"}
    for stage_id in stages:
        column = pipeline.column(stage_id)
        positions = [pipeline.get(lead_id).position for lead_id in column]
        assert positions == [n * POSITION_GAP for n in range(len(column))]


def test_reminders_past_and_future(store: paths.DataPaths, clock: FixedClock) -> None:
    demo.generate(1000, clock=clock)
    now = int(clock.now().timestamp())
    rows = sql("SELECT status, due_at, recur_every FROM reminder").fetchall()
    assert len(rows) == 200
    statuses = [status for status, _, _ in rows]
    assert statuses.count("open") > len(rows) / 2
    assert "done" in statuses
    assert any(due < now for _, due, _ in rows) and any(due > now for _, due, _ in rows)
    assert any(every for _, _, every in rows)


def test_search_finds_a_generated_contact(store: paths.DataPaths, clock: FixedClock) -> None:
    demo.generate(300, clock=clock)
    contact_id, last = sql("SELECT id, last_name FROM contact WHERE id = 123").fetchone()
    hits = search.search(last[:4], kinds=["contact"], limit_per_kind=1000)
    assert contact_id in {hit.id for hit in hits}
    assert search.search("Call", kinds=["interaction"])
    page = ContactService(clock).page(limit=100)
    assert len(page) == 100
    assert [row.key for row in page] == sorted(row.key for row in page)


def test_bulk_settings_are_put_back(store: paths.DataPaths, clock: FixedClock) -> None:
    cache = sql("PRAGMA cache_size").fetchone()[0]
    demo.generate(50, clock=clock)
    assert sql("PRAGMA cache_size").fetchone()[0] == cache
    assert {search.hashsize(kind) for kind in search.KIND_ORDER} == {1 << 20}
    automerge = "SELECT v FROM search_contact_config WHERE k = 'automerge'"
    assert sql(automerge).fetchone()[0] == 4  # incremental merging is back on


def test_a_write_between_batches_is_made_room_for(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next batch is made ahead with foretold ids; another writer taking them in between
    means it is made again, the same people with other ids."""
    monkeypatch.setattr(demo, "BATCH", 100)
    monkeypatch.setattr(demo, "FIRST_BATCH", 100)
    seen = []
    for folder, meddle in (("quiet", False), ("busy", True)):
        data = paths.resolve(tmp_path / folder).ensure()
        open_store(data.database, data.backups)

        def progress(phase: str, done: int, total: int, meddle: bool = meddle) -> None:
            if meddle and phase == "contacts" and done == 100:
                ContactService(clock).create(ContactFields(first_name="Inter", last_name="Loper"))

        try:
            demo.generate(300, clock=clock, progress=progress)
            seen.append([name for name in names() if name != ("Inter", "Loper")])
            assert sql("SELECT count(*) FROM contact").fetchone()[0] == 300 + meddle
            assert sql("PRAGMA foreign_key_check").fetchall() == []
        finally:
            db.close()
    assert seen[0] == seen[1]


def test_derived_contact_columns_match_what_the_services_keep(
    store: paths.DataPaths, clock: FixedClock
) -> None:
    demo.generate(600, clock=clock)
    query = "SELECT id, company_sort, tag_names, next_due_at FROM contact ORDER BY id"
    generated = sql(query).fetchall()
    assert any(row[1] for row in generated)
    assert any(", " in row[2] for row in generated)
    assert any(row[3] is not None for row in generated)
    with db.write():
        denormalised.refresh_all()
    assert sql(query).fetchall() == generated
