"""What the export dialog asks for (contacts, deals or follow-ups), as one value, and running
it: plain Python, so that the worker thread runs exactly what a test can run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crm_desktop.domain.deal_export import DealExports
from crm_desktop.domain.exports import ExportReport, ExportScope, ExportService, Progress
from crm_desktop.interchange import csv_writer, deal_writer, ics_writer, vcard_writer, xlsx_writer
from crm_desktop.interchange.csv_writer import Layout
from crm_desktop.interchange.ics_writer import Style
from crm_desktop.interchange.vcard_writer import Version

FORMATS = ("csv", "xlsx", "vcard", "ics")
SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "vcard": ".vcf", "ics": ".ics"}
DEFAULT_NAMES = {
    "csv": "contacts.csv",
    "xlsx": "contacts.xlsx",
    "vcard": "contacts.vcf",
    "ics": "follow-ups.ics",
}
DEAL_NAMES = {"csv": "deals.csv", "xlsx": "deals.xlsx"}
FILTERS = {
    "csv": "CSV files (*.csv)",
    "xlsx": "Excel workbooks (*.xlsx)",
    "vcard": "vCard files (*.vcf *.vcard)",
    "ics": "iCalendar files (*.ics)",
}


@dataclass(frozen=True)
class ExportChoice:
    format: str  # csv, xlsx, vcard, ics
    path: Path
    scope: ExportScope = field(default_factory=ExportScope)
    layout: Layout = "ours"
    version: Version = "3.0"
    style: Style = "todo"
    open_only: bool = True
    contact_id: int | None = None  # follow-ups of this contact only
    deals: bool = False  # the deals instead of the contacts (csv or xlsx)
    pipeline_id: int | None = None  # the deals of this pipeline only

    @property
    def about_contacts(self) -> bool:
        return self.format != "ics" and not self.deals


def with_suffix(path: str, format: str) -> str:
    """``path`` with the format's suffix instead of another format's (a name the user typed
    with some other suffix keeps it)."""
    if not path:
        return path
    p = Path(path)
    if p.suffix.lower() in {".csv", ".xlsx", ".vcf", ".vcard", ".ics"}:
        return str(p.with_suffix(SUFFIXES[format]))
    return path


def run_choice(
    service: ExportService,
    choice: ExportChoice,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Write the file ``choice`` describes."""
    if choice.deals:
        return deal_writer.write_deals(
            choice.path,
            "xlsx" if choice.format == "xlsx" else "csv",
            DealExports(service.clock),
            choice.pipeline_id,
            layout="excel" if choice.layout == "excel" else "ours",
            progress=progress,
            cancelled=cancelled,
        )
    if choice.format == "ics":
        total = service.count_followups(open_only=choice.open_only, contact_id=choice.contact_id)
        return ics_writer.write_ics(
            choice.path,
            service.followups(open_only=choice.open_only, contact_id=choice.contact_id),
            style=choice.style,
            stamp=service.clock.now(),
            total=total,
            progress=progress,
            cancelled=cancelled,
        )
    total = service.count(choice.scope)
    pages = service.contacts(choice.scope)
    if choice.format in ("csv", "xlsx"):
        write = csv_writer.write_csv if choice.format == "csv" else xlsx_writer.write_xlsx
        return write(
            choice.path,
            pages,
            layout=choice.layout,
            most=service.most_values(),
            total=total,
            progress=progress,
            cancelled=cancelled,
        )
    return vcard_writer.write_vcards(
        choice.path,
        pages,
        version=choice.version,
        total=total,
        progress=progress,
        cancelled=cancelled,
    )
