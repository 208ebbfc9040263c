"""python -m bench.dupes_bench [--size 100000] [--runs 3] [--merges 20] [--merge-all 1000]

Duplicate finding over the cached demo database (``bench/.cache/demo-SIZE.sqlite3``, built by
``python -m bench`` the first time). The cache is never written to: the file is copied to a
temporary folder of its own (removed at the end), opened there with ``open_store`` (which
migrates the copy to the current schema), and ``DuplicateFinder.find`` is timed on it.
Then a few merges and their undos are timed on the same copy, and "Merge all found by e-mail"
(``merge_many``) over the first ``--merge-all`` pairs it would take, with the undo of that run.

Prints a markdown table: seconds per run (and the median), pairs found, pairs by their
strongest reason, and the merge/unmerge times. The exit status is 1 when the median find
takes 10 s or more (the issue's target).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.duplicates import DuplicateFinder
from crm_desktop.domain.merge import MergeService
from crm_desktop.domain.merge_many import by_email, merge_all, unmerge_all
from crm_desktop.store import db
from crm_desktop.store.opening import open_store

CACHE = Path(__file__).resolve().parent / ".cache"
TARGET_S = 10.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dupes_bench")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--merges", type=int, default=20)
    parser.add_argument("--merge-all", type=int, default=1000, help="pairs for merge_all")
    args = parser.parse_args(argv)
    source = CACHE / f"demo-{args.size}.sqlite3"
    if not source.exists():
        print(f"{source} is missing: run `python -m bench --sizes {args.size}` first.")
        return 2
    with tempfile.TemporaryDirectory(prefix="dupes-bench-") as folder:
        copy = Path(folder) / "crm.sqlite3"
        shutil.copyfile(source, copy)
        started = time.perf_counter()
        open_store(copy, Path(folder) / "backups")
        opened = time.perf_counter() - started
        try:
            return _measure(args, opened)
        finally:
            db.close()


def _measure(args: argparse.Namespace, opened_s: float) -> int:
    clock = FixedClock(datetime.now(UTC))
    finder = DuplicateFinder(clock, None)
    seconds: list[float] = []
    pairs = []
    for _ in range(args.runs):
        started = time.perf_counter()
        pairs = finder.find()
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    by_reason = Counter(pair.reason for pair in pairs)
    every_reason = Counter(reason for pair in pairs for reason in pair.reasons)

    merges = MergeService(clock, None)
    merge_ms: list[float] = []
    unmerge_ms: list[float] = []
    for pair in pairs[: args.merges]:
        started = time.perf_counter()
        result = merges.merge(pair.first.id, pair.second.id)
        merge_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        merges.unmerge(result)
        unmerge_ms.append((time.perf_counter() - started) * 1000)

    sure = by_email(pairs)
    started = time.perf_counter()
    run = merge_all(merges, sure[: args.merge_all])
    merge_all_s = time.perf_counter() - started
    started = time.perf_counter()
    unmerge_all(merges, run.results)
    unmerge_all_s = time.perf_counter() - started

    verdict = "PASS" if median < TARGET_S else "FAIL"
    print(f"Duplicate finding over {args.size:,} contacts (copy opened in {opened_s:.1f} s)\n")
    print("| figure | value |")
    print("|---|---|")
    print(f"| find(), seconds per run | {', '.join(f'{s:.2f}' for s in seconds)} |")
    print(f"| find(), median | {median:.2f} s (target < {TARGET_S:.0f} s: {verdict}) |")
    print(f"| pairs found | {len(pairs):,} |")
    for reason, count in by_reason.most_common():
        print(f"| pairs whose strongest reason is “{reason}” | {count:,} |")
    for reason, count in every_reason.most_common():
        print(f"| pairs with “{reason}” among their reasons | {count:,} |")
    if merge_ms:
        print(f"| merge, median of {len(merge_ms)} | {statistics.median(merge_ms):.1f} ms |")
        print(f"| unmerge, median of {len(unmerge_ms)} | {statistics.median(unmerge_ms):.1f} ms |")
    print(f"| pairs “Merge all found by e-mail” would take | {len(sure):,} |")
    if run.results:
        merged = len(run.results)
        print(
            f"| merge_all of the first {min(len(sure), args.merge_all):,} of them | {merged:,} "
            f"merged in {merge_all_s:.1f} s ({merge_all_s / merged * 1000:.1f} ms each), "
            f"{run.left_for_review:,} left for review |"
        )
        print(f"| unmerge_all of that run | {unmerge_all_s:.1f} s |")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
