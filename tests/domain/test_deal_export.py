"""The deals export's reads: the living leads of one pipeline or all, page by page, with the
names of what they are attached to."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.deal_export import DealExports, ExportDeal
from crm_desktop.domain.pipelines import PipelineAdmin
from crm_desktop.domain.services import Services
from tests.deal_data import NOTES, Deals, make_deals


@pytest.fixture
def deals(services: Services) -> Deals:
    return make_deals(services)


def titles(reader: DealExports, pipeline_id: int | None = None, size: int = 1000) -> list[str]:
    return [d.title for page in reader.deals(pipeline_id, size) for d in page]


def by_title(reader: DealExports) -> dict[str, ExportDeal]:
    return {d.title: d for page in reader.deals() for d in page}


def test_all_living_deals_in_the_order_they_were_added(services: Services, deals: Deals) -> None:
    reader = DealExports(services.clock)
    living = [t for t in deals.ids if t != deals.trashed]
    assert titles(reader) == sorted(living, key=deals.ids.__getitem__)
    assert reader.count() == len(living) == 6


def test_paged_by_id_in_pages_of_the_size_asked(services: Services, deals: Deals) -> None:
    reader = DealExports(services.clock)
    pages = list(reader.deals(page_size=4))
    assert [len(page) for page in pages] == [4, 2]
    assert titles(reader, size=1) == titles(reader)
    assert [len(page) for page in reader.deals(page_size=6)] == [6]  # no empty page after


def test_one_pipeline(services: Services, deals: Deals) -> None:
    reader = DealExports(services.clock)
    assert titles(reader, deals.hiring) == ["New engineer"]
    assert reader.count(deals.hiring) == 1
    admin = PipelineAdmin(services.clock)
    sales = admin.pipeline_named("  sales ")
    assert sales is not None and sales.name == "Sales"
    assert reader.count(sales.id) == 5 and "New engineer" not in titles(reader, sales.id)
    assert [p.name for p in admin.pipelines()] == ["Sales", "Hiring"]
    assert admin.pipeline_named("Nope") is None


def test_a_won_deal_whole(services: Services, deals: Deals) -> None:
    deal = by_title(DealExports(services.clock))["Acme renewal"]
    assert (deal.value_minor, deal.currency, deal.stage, deal.status) == (
        1_250_050, "EUR", "Won", "won",
    )  # fmt: skip
    assert (deal.contact, deal.contact_email, deal.company, deal.owner) == (
        "Ann Lee", "ann@acme.fi", "Acme Oy", "Sam Seller",
    )  # fmt: skip
    assert deal.expected_close == date(2026, 4, 30)
    assert deal.closed_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert (deal.source, deal.next_step, deal.notes) == ("trade fair", "Call on Monday", NOTES)
    assert deal.pipeline == "Sales" and len(deal.uid) == 32


def test_a_lost_deal_keeps_its_reason(services: Services, deals: Deals) -> None:
    deal = by_title(DealExports(services.clock))["Lost deal"]
    assert (deal.status, deal.stage, deal.lost_reason) == ("lost", "Lost", "Too expensive")
    assert deal.contact == "Bob Zed" and deal.contact_email == ""  # he has no e-mail


def test_a_deal_with_nobody_and_nothing(services: Services, deals: Deals) -> None:
    deal = by_title(DealExports(services.clock))["Bare deal"]
    assert (deal.contact, deal.contact_email, deal.company, deal.owner) == ("", "", "", "")
    assert (deal.expected_close, deal.closed_at, deal.status) == (None, None, "open")


def test_a_trashed_person_or_company_is_left_out_of_the_row(
    services: Services, deals: Deals
) -> None:
    ann = services.contacts.page(limit=10)[0].id
    services.contacts.trash([ann])
    deal = by_title(DealExports(services.clock))["Acme renewal"]
    assert (deal.contact, deal.contact_email, deal.company) == ("", "", "Acme Oy")


def test_times_are_the_user_s_own(services: Services, deals: Deals) -> None:
    helsinki = FixedClock(services.clock.now(), timezone(timedelta(hours=2)))
    deal = by_title(DealExports(helsinki))["Acme renewal"]
    assert deal.closed_at is not None and deal.closed_at.hour == 11
    assert deal.created_at.utcoffset() == timedelta(hours=2)
