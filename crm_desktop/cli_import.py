"""``crm-desktop import``: a CSV, XLSX or vCard file into the database, as one batch that can be
undone; ``--list`` the imports so far; ``--undo ID`` one of them.

    crm-desktop import contacts.csv [--mode create|upsert|update] [--match email,phone]
                      [--in-file merge|skip] [--existing merge|skip|create] [--preset google]
                      [--kind contact|company|deal|activity] [--sheet NAME]
                      [--day-first | --month-first] [--currency EUR] [--json]

The file's kind is told by its content; its source (Google, Outlook, HubSpot, Pipedrive, ...)
by its header, unless ``--preset`` names one. A file no known program wrote has its columns
guessed, and what its rows are (people, companies, deals or activities), unless ``--kind``
says. Deal stages the pipeline does not have are
created (the wizard asks; a command cannot). Exit status: 0 imported, 1 imported but some rows
were rejected (they are listed), 2 nothing could be imported (the reason is printed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from crm_desktop.cli import _opened
from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.import_match import MATCH_RULES
from crm_desktop.domain.import_state import MODES, ImportOptions
from crm_desktop.domain.imported import ImportedDeal, ImportedRecord
from crm_desktop.paths import DataPaths

SHOWN_ROWS = 20  # rejected rows and warnings printed as text (--json has all)
# interchange.targets.KINDS: that package is imported only when a file is read, not for every
# command's parser.
KINDS = ("contact", "company", "deal", "activity")


class ImportCommandError(DomainError):
    """The file cannot be imported; the message says why."""


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    p = subparsers.add_parser(
        "import",
        parents=[common],
        help="import a CSV, XLSX or vCard file (undo with --undo)",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    p.add_argument("file", nargs="?", help="the file to import")
    p.add_argument("--mode", choices=MODES, default="create", help="default: create")
    p.add_argument(
        "--match",
        default=",".join(MATCH_RULES),
        help=f"what finds an existing record, comma-separated (default: {','.join(MATCH_RULES)})",
    )
    p.add_argument("--in-file", choices=("merge", "skip"), default="merge",
                   help="rows of the file that are the same person (default: merge)")  # fmt: skip
    p.add_argument("--existing", choices=("merge", "skip", "create"), default="merge",
                   help="create mode: a row matching a stored record (default: merge)")  # fmt: skip
    p.add_argument("--preset", help="read the file as this layout (google, outlook, ...)")
    p.add_argument(
        "--kind",
        choices=KINDS,
        help="what each row of a file with guessed columns is (default: as its header suggests)",
    )
    p.add_argument(
        "--sheet", help="the workbook sheet to read, its name in any case (default: the first)"
    )
    p.add_argument(
        "--encoding",
        help="a CSV file's character set, when the one detected is wrong (cp1251, cp1250, "
        "utf-8, mac_roman, ...)",
    )
    dates = p.add_mutually_exclusive_group()
    dates.add_argument(
        "--day-first",
        dest="day_first",
        action="store_const",
        const=True,
        help="read dates like 03/04/2024 as 3 April (default: as the file's dates show)",
    )
    dates.add_argument(
        "--month-first",
        dest="day_first",
        action="store_const",
        const=False,
        help="read dates like 03/04/2024 as March 4",
    )
    p.add_argument("--currency", default="EUR", help="for deals without one (default: EUR)")
    p.add_argument(
        "--rejected",
        metavar="PATH",
        help="write the rejected rows here, as the file had them, after why each was not "
        "imported: fix them and import that file",
    )
    p.add_argument("--list", action="store_true", help="list the imports so far")
    p.add_argument("--undo", type=int, metavar="ID", help="undo the import with this id")


def run_import(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    if args.list:
        with _opened(paths):
            return _list(_service())
    if args.undo is not None:
        with _opened(paths, writing=True):
            undone = _service().revert(args.undo)
        data = {
            "batch_id": undone.batch_id,
            "removed": undone.removed,
            "restored": undone.restored,
            "trashed": undone.trashed,
            "notes": undone.notes,
        }
        return 0, data, undone.summary()
    if not args.file:
        raise ImportCommandError("Name the file to import (or use --list or --undo ID).")
    path = Path(args.file)
    if path.is_dir():
        raise ImportCommandError(f"{path} is a folder, not a file: name a file in it to import.")
    if not path.is_file():
        raise ImportCommandError(f"There is no file {path}.")
    options = _options(args)
    with _opened(paths, create=True, writing=True):
        return _import(path, args, options)


def _service() -> Any:
    from crm_desktop.domain import staff
    from crm_desktop.domain.clock import SystemClock
    from crm_desktop.domain.importing import ImportService

    clock = SystemClock()
    return ImportService(clock, staff.ensure_default(clock))


def _options(args: argparse.Namespace) -> ImportOptions:
    rules = tuple(rule.strip() for rule in args.match.split(",") if rule.strip())
    unknown = [rule for rule in rules if rule not in MATCH_RULES]
    if unknown:
        raise ImportCommandError(
            f"--match takes {', '.join(MATCH_RULES)}; not {', '.join(unknown)}."
        )
    return ImportOptions(
        mode=args.mode,
        match_on=rules,
        in_file_duplicates=args.in_file,
        existing_duplicates=args.existing,
        default_currency=args.currency.upper(),
    )


def _read(
    path: Path, args: argparse.Namespace
) -> tuple[Callable[[], Iterable[Any]], str, str, Any, str]:
    """A way to read the file's records (again), the source's key, its name for people, the
    file's table (None for a vCard file), and what its rows are ("contact", "company", ...)."""
    from crm_desktop import interchange

    try:
        if interchange.file_kind(path) == "vcard":
            if args.kind not in (None, "contact"):
                raise ImportCommandError(f"A vCard file holds people, not --kind {args.kind}.")
            return lambda: interchange.iter_vcards(path), "vcard", "vCard file", None, "contact"
        table = interchange.read_table(path, sheet=args.sheet, encoding=args.encoding)
        if args.preset:
            if args.preset not in interchange.PRESETS:
                raise ImportCommandError(
                    f"--preset takes one of: {', '.join(interchange.PRESETS)}."
                )
            preset = interchange.preset_for(args.preset, table.header, args.kind)
        else:
            preset = interchange.detect_preset(table.header)
        if args.kind and args.kind != preset.kind:
            preset = _of_kind(preset, args.kind, table.header)
    except interchange.UnreadableFile as exc:
        raise ImportCommandError(str(exc)) from exc
    day_first = args.day_first if args.day_first is not None else preset.day_first
    if day_first is None:
        day_first = _dates_day_first(table, preset.mapping)
    return (
        lambda: interchange.records(table, preset, day_first=day_first),
        preset.key,
        preset.label,
        table,
        preset.kind,
    )


def _of_kind(preset: Any, kind: str, header: list[str]) -> Any:
    """The file read as rows of ``kind``: only a file whose columns are guessed can be; a
    known export's rows are what its program wrote."""
    from crm_desktop import interchange

    if preset.key != "generic":
        rows = interchange.KIND_NAMES[preset.kind].lower()
        raise ImportCommandError(
            f"--kind {kind} does not go with this file, read as {preset.label}: its rows are "
            f"{rows}. --kind is for files whose columns are guessed (--preset generic)."
        )
    return interchange.preset_for("generic", header, kind)


def _dates_day_first(table: Any, mapping: dict[int, str]) -> bool | None:
    """Whether the file's dates such as 03/04/2024 put the day first, as its dates tell (read
    once, not again for each pass over the records). The window asks when none tells; here
    nobody can be asked, and a guess would put every such birthday on the wrong day."""
    from crm_desktop.interchange.mapping import date_order

    either_way, day_first = date_order(table, mapping, whole_file=True)
    if either_way and day_first is None:
        raise ImportCommandError(
            "Dates such as 03/04/2024 in this file could be 3 April or 4 March, and none of its"
            " dates tells which: run the command again with --day-first or --month-first."
        )
    return day_first


def _import(path: Path, args: argparse.Namespace, options: ImportOptions) -> tuple[int, Any, str]:
    from crm_desktop import interchange

    read, source, label, table, kind = _read(path, args)
    service = _service()
    created_stages: list[str] = []
    try:
        deals = [r for r in read() if isinstance(r, ImportedDeal)]
        if deals:
            plan = service.deal_plan(deals)
            created_stages = plan.stages_to_make
            options.stage_map = dict.fromkeys(created_stages)
            options.pipeline_map = plan.pipeline_map
        report = service.run(
            _records(read()),
            file_name=path.name,
            source=source,
            options=options,
            progress=_progress(args),
        )
    except interchange.UnreadableFile as exc:
        raise ImportCommandError(str(exc)) from exc
    notices = [table.notice] if table is not None and table.notice else []
    notices += report.notices
    data = {
        "file": str(path),
        "source": source,
        "kind": kind,
        "batch_id": report.batch_id,
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
        "merged_in_file": report.merged_in_file,
        "rejected": [{"line": line, "reason": reason} for line, reason in report.rejected],
        "warnings": [{"line": line, "text": text} for line, text in report.warnings],
        "notices": notices,
        "new_rows": report.new_rows,
        "stages_created": created_stages,
        "cancelled": report.cancelled,
        "seconds": round(report.seconds, 3),
    }
    lines = [f"Imported {path.name} ({label}) as import {report.batch_id}: {report.summary()}"]
    if source == "generic" and not args.kind:  # a guess: say it, and how to say otherwise
        lines.append(
            f"Each row was read as {interchange.ROW_WORDS[kind]}, as its columns suggest;"
            " --kind says what they are if that is wrong."
        )
    if created_stages:
        lines.append("New pipeline stages: " + ", ".join(created_stages) + ".")
    lines.extend(notices)
    for title, rows in (("Rejected", report.rejected), ("Warnings", report.warnings)):
        if rows:
            lines.append(f"{title}:")
            lines.extend(f"  line {line}: {text}" for line, text in rows[:SHOWN_ROWS])
            if len(rows) > SHOWN_ROWS:
                lines.append(f"  … and {len(rows) - SHOWN_ROWS:,} more (see --json).")
    if args.rejected and report.rejected:
        from crm_desktop.interchange.rejected import write_rejected

        try:  # the import is done whatever happens here: say it, don't fail the command
            write_rejected(args.rejected, table, report.rejected)
        except (DomainError, interchange.UnreadableFile, OSError) as exc:
            lines.append(f"The rejected rows were not saved: {exc}")
        else:
            data["rejected_file"] = str(args.rejected)
            lines.append(f"The rejected rows are in {args.rejected}: fix them and import it.")
    lines.append(f"Undo it with: crm-desktop import --undo {report.batch_id}")
    return (1 if report.rejected else 0), data, "\n".join(lines)


def _records(rows: Iterable[Any]) -> Iterable[ImportedRecord]:
    yield from rows


def _list(service: Any) -> tuple[int, Any, str]:
    batches = service.batches()
    data = [
        {
            "id": b.id,
            "file": b.file_name,
            "source": b.source,
            "mode": b.mode,
            "started_at": b.started_at.isoformat(),
            "status": "undone" if b.reverted else b.status,
            "created": b.created,
            "updated": b.updated,
            "skipped": b.skipped,
            "rejected": b.rejected,
        }
        for b in batches
    ]
    text = "\n".join(
        f"{d['id']:>4}  {d['started_at'][:16].replace('T', ' ')}  {d['status']:<11} "
        f"{d['created']:>7,} created {d['updated']:>6,} updated  {d['file']}"
        for d in data
    )
    return 0, data, text or "No imports yet."


def _progress(args: argparse.Namespace) -> Callable[[int, int | None], None] | None:
    if args.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int | None) -> None:
        print(f"\rimported {done:,} rows", end="", file=sys.stderr, flush=True)

    return show
