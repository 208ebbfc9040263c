"""``crm-desktop duplicates``: the likely duplicate contacts, headless; ``--merge-by-email``
merges those the duplicates dialog's "Merge all found by e-mail" would; ``--merges`` lists the
merges made, and ``--take-back ID`` takes one back, as the dialog's "Past merges…" does.

    crm-desktop duplicates [--limit N] [--merge-by-email] [--json]
    crm-desktop duplicates --merges | --take-back ID

Registered by ``cli.py``; the shared plumbing (opening the data folder, printing, exit codes)
is that module's.
"""

from __future__ import annotations

import argparse
from typing import Any

from crm_desktop import cli
from crm_desktop.domain.clock import SystemClock
from crm_desktop.domain.duplicates import DuplicateFinder, DuplicatePair
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.merge import MergeService
from crm_desktop.domain.merge_many import by_email, merge_all
from crm_desktop.domain.merge_records import history, take_back
from crm_desktop.domain.staff import ensure_default
from crm_desktop.paths import DataPaths


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    p = subparsers.add_parser(
        "duplicates",
        parents=[common],
        help="list likely duplicate contacts, or merge those found by e-mail",
        description="List the likely duplicate contacts, best first. With --merge-by-email, "
        "merge every pair that shares an e-mail address and whose names agree (the contact "
        "added first stays); the rest are listed for review in the app.",
    )
    p.add_argument("--limit", type=int, default=50, help="pairs to list (default 50; 0: all)")
    p.add_argument(
        "--merge-by-email", action="store_true", help="merge the pairs found by e-mail first"
    )
    p.add_argument("--merges", action="store_true", help="list the merges made, newest first")
    p.add_argument(
        "--take-back", type=int, metavar="ID", help="take back the merge with this id (--merges)"
    )


def run_duplicates(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    if args.merges or args.take_back is not None:
        return _past_merges(args, paths)
    if args.limit < 0:
        raise cli.CommandError("--limit must be 0 or more.")
    lines: list[str] = []
    data: dict[str, Any] = {}
    with cli._opened(paths, writing=args.merge_by_email):
        clock = SystemClock()
        finder = DuplicateFinder(clock)
        pairs = finder.find()
        if args.merge_by_email:
            done = merge_all(MergeService(clock, ensure_default(clock)), pairs)
            data["merged"] = [[r.keep_id, r.drop_id] for r in done.results]
            data["left_for_review"] = done.left_for_review
            lines.append(done.summary())
            if done.error is not None:
                raise cli.CommandError(f"{done.summary()} Then it failed: {done.error}")
            pairs = finder.find()
    shown = pairs if args.limit == 0 else pairs[: args.limit]
    data["pairs"] = [_pair_data(pair) for pair in shown]
    data["count"] = len(pairs)
    data["by_email"] = len(by_email(pairs))
    count = f"{len(pairs):,} likely duplicate pair{'s' if len(pairs) != 1 else ''}"
    if pairs and not args.merge_by_email and data["by_email"]:
        count += f" ({data['by_email']:,} found by e-mail: --merge-by-email merges them)"
    lines.append(count + ("." if not shown else ":"))
    lines.extend(_pair_line(pair) for pair in shown)
    if len(shown) < len(pairs):
        lines.append(f"… and {len(pairs) - len(shown):,} more (--limit 0 lists all).")
    return 0, data, "\n".join(lines)


def _past_merges(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    with cli._opened(paths, writing=args.take_back is not None):
        clock = SystemClock()
        if args.take_back is not None:
            try:
                take_back(MergeService(clock, ensure_default(clock)), args.take_back)
            except DomainError as exc:
                raise cli.CommandError(str(exc)) from exc
            text = f"Took back merge {args.take_back}: both contacts are as they were before it."
            return 0, {"taken_back": args.take_back}, text
        merges = history()
    tz = clock.local_tz
    data = [
        {
            "id": m.record_id,
            "merged_at": m.merged_at.isoformat(),
            "kept": {"id": m.keep_id, "name": m.kept_name},
            "merged_in": {"id": m.drop_id, "name": m.dropped_name},
            "taken_back_at": m.undone_at.isoformat() if m.undone_at else None,
        }
        for m in merges
    ]
    lines = [
        f"{m.record_id:>5}  {m.merged_at.astimezone(tz):%Y-%m-%d %H:%M}  {m.dropped_name} "
        f"into {m.kept_name}" + (" (taken back)" if m.undone_at else "")
        for m in merges
    ]
    return 0, data, "\n".join(lines) or "No merges yet."


def _pair_data(pair: DuplicatePair) -> dict[str, Any]:
    return {
        "score": pair.score,
        "reasons": list(pair.reasons),
        "matched": list(pair.matched),
        "first": {"id": pair.first.id, "name": pair.first.name, "company": pair.first.company},
        "second": {"id": pair.second.id, "name": pair.second.name, "company": pair.second.company},
    }


def _pair_line(pair: DuplicatePair) -> str:
    def side(s: Any) -> str:
        return f"{s.name} (#{s.id}{', ' + s.company if s.company else ''})"

    return f"{pair.score:>4}  {side(pair.first)}  ~  {side(pair.second)}: {', '.join(pair.reasons)}"
