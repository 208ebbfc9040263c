"""Deals to CSV or an Excel workbook, in one layout: ours, whose header is the readers'
``OUR_DEAL_COLUMNS``, so that our importer recognises the file as deals and reads back what is
written (ID, the lead's uid, finds the same deal again when the file is imported twice).

Values are as a person reads them: money as a decimal in the currency's minor unit ("12500.50",
"980000" for yen), the expected close as YYYY-MM-DD, when a deal closed and was created as
"YYYY-MM-DD HH:MM" in the user's own time. The CSV is written as ``csv_writer`` writes our
contacts layout (UTF-8 with a byte order mark, CRLF rows, formulas defused, the semicolon
variant for Excel in languages whose list separator is ";"); the workbook as ``xlsx_writer``
writes its sheets, every value a text cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from crm_desktop.domain.deal_export import DealExports, ExportDeal
from crm_desktop.domain.exports import ExportReport, Progress, save_pages
from crm_desktop.domain.money import minor_digits
from crm_desktop.interchange.csv_writer import ENCODING, Row, defused, drained, lf_breaks
from crm_desktop.interchange.preset_tables import OUR_DEAL_COLUMNS
from crm_desktop.interchange.xlsx_writer import write_table

DealLayout = Literal["ours", "excel"]  # excel: ours with semicolons (see csv_writer)
DEAL_LAYOUTS: tuple[DealLayout, ...] = ("ours", "excel")
SHEET_NAME = "Deals"


def money(minor: int, currency: str) -> str:
    """12500.50 for 1250050 cents, 980000 for as many yen: the currency's own decimals."""
    digits = minor_digits(currency)
    return f"{Decimal(minor).scaleb(-digits):.{digits}f}"


def _moment(when: datetime | None) -> str:
    return f"{when:%Y-%m-%d %H:%M}" if when is not None else ""


def deal_row(deal: ExportDeal) -> Row:
    """The deal's cells, in the order of ``OUR_DEAL_COLUMNS``."""
    day = deal.expected_close
    return [
        lf_breaks(deal.title),
        money(deal.value_minor, deal.currency),
        deal.currency,
        deal.stage,
        deal.status,
        deal.pipeline,
        deal.contact,
        deal.contact_email,
        deal.company,
        deal.owner,
        day.isoformat() if day is not None else "",
        _moment(deal.closed_at),
        lf_breaks(deal.lost_reason),
        deal.source,
        lf_breaks(deal.next_step),
        lf_breaks(deal.notes),
        _moment(deal.created_at),
        deal.uid,
    ]


def csv_pieces(pages: Iterable[list[ExportDeal]], layout: DealLayout = "ours") -> Iterator[str]:
    """The file's text in pieces: the header, then a page of rows per piece."""
    if layout not in DEAL_LAYOUTS:
        raise ValueError(f"A deals CSV's layout must be one of {', '.join(DEAL_LAYOUTS)}")
    buffer = io.StringIO()
    delimiter = ";" if layout == "excel" else ","
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(OUR_DEAL_COLUMNS)
    yield drained(buffer)
    for page in pages:
        writer.writerows(defused(deal_row(deal)) for deal in page)
        yield drained(buffer)


def write_deals_csv(
    path: str | Path,
    pages: Iterable[list[ExportDeal]],
    *,
    layout: DealLayout = "ours",
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Save the deals of ``pages`` as CSV (``DealExports.deals``)."""
    return save_pages(
        path,
        pages,
        lambda counted: csv_pieces(counted, layout),
        {"layout": layout},
        total=total,
        progress=progress,
        cancelled=cancelled,
        encoding=ENCODING,
    )


def write_deals_xlsx(
    path: str | Path,
    pages: Iterable[list[ExportDeal]],
    *,
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Save the deals of ``pages`` as a workbook with one sheet, "Deals"."""

    def workbook(counted: Iterable[list[ExportDeal]]) -> list[bytes]:
        rows = ([deal_row(deal) for deal in page] for page in counted)
        buffer = io.BytesIO()
        columns = list(OUR_DEAL_COLUMNS)
        write_table(buffer, columns, rows, sheet_name=SHEET_NAME, noun="deals", cancelled=cancelled)
        return [buffer.getvalue()]

    return save_pages(
        path,
        pages,
        workbook,
        {"layout": "ours"},
        total=total,
        progress=progress,
        cancelled=cancelled,
    )


def write_deals(
    path: str | Path,
    format: Literal["csv", "xlsx"],
    reader: DealExports,
    pipeline_id: int | None = None,
    *,
    layout: DealLayout = "ours",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportReport:
    """Save the living deals of ``pipeline_id`` (else of every pipeline) as ``format``: what
    the command line and the export dialog both run."""
    total = reader.count(pipeline_id)
    pages = reader.deals(pipeline_id)
    if format == "xlsx":
        return write_deals_xlsx(path, pages, total=total, progress=progress, cancelled=cancelled)
    return write_deals_csv(
        path, pages, layout=layout, total=total, progress=progress, cancelled=cancelled
    )
