"""``crm-desktop export``: contacts to CSV, an Excel workbook or vCard, deals to CSV or a
workbook, follow-ups to iCalendar, headless.

    crm-desktop export --format csv|xlsx|vcard|ics PATH [--layout ours|excel|google|outlook]
        [--vcard-version 3.0|4.0] [--search TEXT] [--tag TAG] [--lifecycle STAGE]
        [--deals [--pipeline NAME]] [--events] [--all-followups] [--contact ID] [--json]

Registered by ``cli.py``; the shared plumbing (opening the data folder, printing, exit codes)
is that module's.
"""

from __future__ import annotations

import argparse
from typing import Any

from crm_desktop import cli
from crm_desktop.domain.clock import SystemClock
from crm_desktop.domain.contact_list import ContactQuery
from crm_desktop.domain.exports import ExportReport, ExportScope, ExportService
from crm_desktop.paths import DataPaths
from crm_desktop.store.values import LIFECYCLES

FORMATS = ("csv", "xlsx", "vcard", "ics")
# The writers' choices (csv_writer.LAYOUTS, vcard_writer.VERSIONS), named here so that building
# the command line does not import the writers.
LAYOUTS = ("ours", "excel", "google", "outlook")
VCARD_VERSIONS = ("3.0", "4.0")
FORMAT_NAMES = {"csv": "CSV", "xlsx": "Excel workbook", "vcard": "vCard", "ics": "iCalendar"}


def add_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    p = subparsers.add_parser(
        "export",
        parents=[common],
        help="export contacts (CSV, Excel, vCard), deals (CSV, Excel) or follow-ups (iCalendar)",
        description="Export contacts to CSV, an Excel workbook or vCard, the pipeline's deals "
        "to CSV or a workbook, or follow-ups to an iCalendar file.",
    )
    p.add_argument("--format", required=True, choices=FORMATS, help="the file format")
    p.add_argument("path", help="the file to write (replaced if it exists)")
    p.add_argument(
        "--layout",
        choices=LAYOUTS,
        help="CSV and xlsx: ours (re-importable, the default), google or outlook; CSV only: "
        "excel (ours with semicolons, for Excel in a language whose list separator is ';')",
    )
    p.add_argument(
        "--vcard-version", choices=VCARD_VERSIONS, help="vCard only: 3.0 (default) or 4.0"
    )
    p.add_argument("--search", default="", help="contacts matching this text only")
    p.add_argument("--tag", help="contacts with this tag only")
    p.add_argument("--lifecycle", choices=LIFECYCLES, help="contacts at this stage only")
    p.add_argument(
        "--deals",
        action="store_true",
        help="CSV and xlsx: the deals instead of the contacts, in our re-importable layout",
    )
    p.add_argument("--pipeline", help="with --deals: this pipeline's deals only (its name)")
    p.add_argument(
        "--events",
        action="store_true",
        help="iCalendar only: write events instead of to-dos (for Outlook and Google Calendar, "
        "which ignore to-dos)",
    )
    p.add_argument(
        "--all-followups",
        action="store_true",
        help="iCalendar only: done and cancelled follow-ups too, not just the open ones",
    )
    p.add_argument("--contact", type=int, help="iCalendar only: one contact's follow-ups (id)")


def run_export(args: argparse.Namespace, paths: DataPaths) -> tuple[int, Any, str]:
    _check_options(args)
    with cli._opened(paths):
        service = ExportService(SystemClock())
        write = _followups if args.format == "ics" else _deals if args.deals else _contacts
        report = write(args, service)
    data = {
        "path": report.path,
        "format": args.format,
        "rows": report.rows,
        "bytes": report.bytes,
        "seconds": round(report.seconds, 3),
        **report.extra,
    }
    what = "follow-up" if args.format == "ics" else "deal" if args.deals else "contact"
    noun = what if report.rows == 1 else f"{what}s"
    detail = ", ".join(f"{key} {value}" for key, value in report.extra.items())
    text = (
        f"Exported {report.rows:,} {noun} to {report.path} "
        f"({FORMAT_NAMES[args.format]}, {detail}) in {report.seconds:.1f} s."
    )
    return 0, data, text


def _check_options(args: argparse.Namespace) -> None:
    wrong = []
    if args.layout and args.format not in ("csv", "xlsx"):
        wrong.append("--layout goes with --format csv or xlsx")
    elif args.layout == "excel" and args.format == "xlsx":
        wrong.append("--layout excel is for CSV: a workbook has no separator to choose")
    elif args.deals and args.layout in ("google", "outlook"):
        wrong.append(f"--layout {args.layout} is for contacts: deals have our layout (ours)")
    if args.deals and args.format not in ("csv", "xlsx"):
        wrong.append("--deals goes with --format csv or xlsx")
    elif args.deals and (args.search or args.tag or args.lifecycle):
        wrong.append("--search, --tag and --lifecycle go with contacts, not --deals")
    if args.pipeline is not None and not args.deals:
        wrong.append("--pipeline goes with --deals")
    if args.vcard_version and args.format != "vcard":
        wrong.append("--vcard-version goes with --format vcard")
    if args.format != "ics":
        for flag, given in (
            ("--events", args.events),
            ("--all-followups", args.all_followups),
            ("--contact", args.contact is not None),
        ):
            if given:
                wrong.append(f"{flag} goes with --format ics")
    elif args.search or args.tag or args.lifecycle:
        wrong.append("--search, --tag and --lifecycle go with contacts (csv, xlsx or vcard)")
    if wrong:
        raise cli.CommandError("; ".join(wrong) + ".")


def _contacts(args: argparse.Namespace, service: ExportService) -> ExportReport:
    from crm_desktop.interchange import csv_writer, vcard_writer, xlsx_writer

    query = ContactQuery(text=args.search, tag=args.tag, lifecycle=args.lifecycle)
    scope = ExportScope("filtered", query) if query != ContactQuery() else ExportScope("all")
    total = service.count(scope)
    progress = _shown(args)
    if args.format in ("csv", "xlsx"):
        write = csv_writer.write_csv if args.format == "csv" else xlsx_writer.write_xlsx
        return write(
            args.path,
            service.contacts(scope),
            layout=args.layout or "ours",
            most=service.most_values(),
            total=total,
            progress=progress,
        )
    return vcard_writer.write_vcards(
        args.path,
        service.contacts(scope),
        version=args.vcard_version or "3.0",
        total=total,
        progress=progress,
    )


def _deals(args: argparse.Namespace, service: ExportService) -> ExportReport:
    from crm_desktop.domain.deal_export import DealExports
    from crm_desktop.domain.pipelines import PipelineAdmin
    from crm_desktop.interchange import deal_writer

    pipeline_id = None
    if args.pipeline is not None:
        admin = PipelineAdmin(service.clock)
        found = admin.pipeline_named(args.pipeline)
        if found is None:
            names = ", ".join(p.name for p in admin.pipelines())
            raise cli.CommandError(
                f"There is no pipeline called “{args.pipeline}”; there are: {names}."
            )
        pipeline_id = found.id
    return deal_writer.write_deals(
        args.path,
        args.format,
        DealExports(service.clock),
        pipeline_id,
        layout=args.layout or "ours",
        progress=_shown(args),
    )


def _followups(args: argparse.Namespace, service: ExportService) -> ExportReport:
    from crm_desktop.interchange import ics_writer

    open_only = not args.all_followups
    if args.contact is not None and not service.contacts_by_id([args.contact]):
        raise cli.CommandError(f"There is no contact with id {args.contact}.")
    total = service.count_followups(open_only=open_only, contact_id=args.contact)
    return ics_writer.write_ics(
        args.path,
        service.followups(open_only=open_only, contact_id=args.contact),
        style="event" if args.events else "todo",
        stamp=service.clock.now(),
        total=total,
        progress=_shown(args),
    )


def _shown(args: argparse.Namespace) -> Any:
    show = cli._progress(args)
    if show is None:
        return None
    return lambda done, total: show("Exporting", done, total)
