"""Deals for the deals-export tests: won, lost and open ones with every field filled, one
with nobody and nothing attached, one in the trash, one in a second pipeline, one in yen, and
one whose title a spreadsheet would run as a formula."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm_desktop.domain import staff
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.store.models import Lead

NOTES = "Needs two licences.\nBudget in Q2, “signed” by Ann; call first"
SELLER = ("Sam Seller", "sam@example.com")


@dataclass(frozen=True)
class Deals:
    ids: dict[str, int]  # title -> lead id, the trashed one included
    hiring: int  # the second pipeline's id
    trashed: str  # the title of the lead in the trash


def make_deals(services: Services) -> Deals:
    pipeline = services.pipeline
    sam = staff.create(services.clock, *SELLER)
    acme = services.companies.create(CompanyFields(name="Acme Oy")).id
    ann = services.contacts.create(
        ContactFields(
            first_name="Ann",
            last_name="Lee",
            company_id=acme,
            emails=[("work", "ann@acme.fi"), ("home", "ann@example.com")],
        )
    ).id
    bob = services.contacts.create(ContactFields(first_name="Bob", last_name="Zed")).id
    hiring = services.pipelines.create_pipeline("Hiring").ids[0]
    drafts = {
        "Acme renewal": LeadFields(
            title="Acme renewal",
            contact_id=ann,
            company_id=acme,
            value_minor=1_250_050,
            expected_close=date(2026, 4, 30),
            source="trade fair",
            owner_id=sam,
            next_step="Call on Monday",
            notes=NOTES,
        ),
        "Lost deal": LeadFields(
            title="Lost deal", contact_id=bob, value_minor=90_000, currency="USD", owner_id=sam
        ),
        "Bare deal": LeadFields(title="Bare deal"),
        "Yen deal": LeadFields(
            title="Yen deal", contact_id=bob, value_minor=980_000, currency="JPY"
        ),
        '=HYPERLINK("http://x")': LeadFields(title='=HYPERLINK("http://x")', contact_id=ann),
        "Thrown away": LeadFields(title="Thrown away", contact_id=ann),
    }
    ids = {title: pipeline.create_lead(fields).ids[0] for title, fields in drafts.items()}
    ids["New engineer"] = pipeline.create_lead(
        LeadFields(title="New engineer", source="referral"), pipeline_id=hiring
    ).ids[0]
    pipeline.win(ids["Acme renewal"])
    pipeline.lose(ids["Lost deal"], "Too expensive")
    pipeline.trash([ids["Thrown away"]])
    Lead.update(owner=None).where(Lead.id == ids["Bare deal"]).execute()  # nobody's
    return Deals(ids, hiring, "Thrown away")
