"""The demo's leads (with their stage history) and reminders, made for one batch of people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm_desktop.domain import demo_names as w
from crm_desktop.domain.pipeline import POSITION_GAP

if TYPE_CHECKING:
    from crm_desktop.domain.demo_rows import Batch

DAY = 86_400
EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()
_NOTES = ["", "", ""] + [f"About {topic}." for topic in w.TOPICS]


def add_leads(batch: Batch, lead_owners: list[int]) -> None:
    """Leads of the batch's people spread over the stages, each with its stage history."""
    world, r, now = batch.world, batch.world.rng.random, batch.world.now
    opens, rows, moves = world.open_stages, batch.rows["lead"], batch.rows["stage_change"]
    for n, person in enumerate(lead_owners):
        lead_id = batch.first["lead"] + n
        cid, created, company, name, owner = batch.people[person]
        x = r()
        if world.won is not None and x < 0.22:
            path = [*opens, world.won]
        elif world.lost is not None and x < 0.40:
            path = [*opens[: 1 + int(r() * len(opens))], world.lost]
        else:
            path = opens[: 1 + min(len(opens) - 1, int(r() ** 1.6 * len(opens)))]
        start = max(created, now - 700 * DAY)
        t = start + int(r() * max(1, now - 2 * DAY - start))
        gaps = [int((1 + r() * 20) * DAY) for _ in path[1:]]
        room = now - 60 - t
        if sum(gaps) > room:
            gaps = [gap * room // sum(gaps) for gap in gaps]
        born, previous = t, None
        for stage, gap in zip(path, [0, *gaps], strict=True):
            t += gap
            moves.append(
                (
                    batch.first["stage_change"] + len(moves),
                    world.uid(),
                    1,
                    t,
                    t,
                    lead_id,
                    previous.id if previous else None,
                    stage.id,
                    t,
                    owner,
                    gap,
                )
            )
            previous = stage
        stage = path[-1]
        position = world.positions.get(stage.id, 0)
        world.positions[stage.id] = position + POSITION_GAP
        closed = t if stage.kind != "open" else None
        close_day = (closed or now + int((7 + r() * 120) * DAY)) // DAY + EPOCH_ORDINAL
        status = {"won": "won", "lost": "lost"}.get(stage.kind, "open")
        rows.append(
            (
                lead_id,
                world.uid(),
                1,
                born,
                t,
                f"{w.PRODUCTS[int(r() * len(w.PRODUCTS))]} – {name}",
                cid,
                company or None,
                world.pipeline_id,
                stage.id,
                position,
                int(r() ** 2 * 50_000 + 5) * 100 * 10,
                w.CURRENCIES[int(r() * len(w.CURRENCIES))],
                close_day,
                w.SOURCES[int(r() * len(w.SOURCES))],
                owner,
                w.NEXT_STEPS[int(r() * len(w.NEXT_STEPS))] if status == "open" else "",
                status,
                stage.probability,
                closed,
                w.LOST_REASONS[int(r() * len(w.LOST_REASONS))] if status == "lost" else "",
                t,
                "" if lead_id % 3 else w.DEAL_NOTES[lead_id // 3 % len(w.DEAL_NOTES)],
            )
        )


def add_reminders(batch: Batch, count: int) -> None:
    """Follow-ups past and future, mostly open, some done, cancelled, snoozed or recurring."""
    world, r, now = batch.world, batch.world.rng.random, batch.world.now
    rows = batch.rows["reminder"]
    for n in range(count):
        person = int(r() * len(batch.people))
        cid, _, _, _, owner = batch.people[person]
        display = batch.rows["contact"][person][7]
        leads = batch.leads_of.get(person)
        past = r() < 0.35
        offset = int(r() ** 2 * 180 * DAY) if past else int(r() ** 1.5 * 90 * DAY)
        due = (now - 60 - offset if past else now + 900 + offset) // 900 * 900
        created = min(due, now) - int(r() * 14 * DAY)
        status, snoozed, notified, completed, remind = "open", None, None, None, due
        x = r()
        if past and x < 0.5:
            status, notified, completed = "done", due, min(now, due + int(r() * 3 * DAY))
        elif x < (0.55 if past else 0.03):
            status, completed = "cancelled", min(now, due + int(r() * 3 * DAY))
        elif past and x < 0.6:
            snoozed = remind = now + 60 + int(r() * 3 * DAY)
        elif past and now - due > DAY:
            notified = due
        recur = w.RECURRENCES[int(r() * len(w.RECURRENCES))] if r() < 0.12 else (None, None)
        rows.append(
            (
                batch.first["reminder"] + n,
                world.uid(),
                1,
                created,
                completed or created,
                w.REMINDER_FORMS[int(r() * len(w.REMINDER_FORMS))].format(display),
                _NOTES[int(r() * len(_NOTES))],
                due,
                remind,
                owner,
                cid,
                leads[0] if leads and r() < 0.5 else None,
                status,
                snoozed,
                *recur,
                notified,
                completed,
            )
        )
