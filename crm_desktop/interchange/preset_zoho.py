"""The columns of Zoho CRM's exports (Setup > Data Administration > Export): contacts, leads,
accounts and deals. Zoho names a column by its field's label; keys are those labels as
``words.fold`` writes them. Its ids ("zcrm_4876876000000411001") are kept as "zoho:contact:…",
"zoho:lead:…", "zoho:account:…" and "zoho:deal:…".

Zoho's deals name their account and contact ("Account Name", "Contact Name"): the import finds
the company and the person by those names."""

from __future__ import annotations

from crm_desktop.interchange.targets import NOTES_LABELED as NL
from crm_desktop.interchange.targets import SKIP

# What Zoho records of the record itself, not of the person, company or deal.
_SYSTEM = dict.fromkeys(
    (
        "created by",
        "modified by",
        "created time",
        "modified time",
        "last activity time",
        "change log time",
        "locked",
        "layout",
        "exchange rate",
    ),
    SKIP,
)

_PERSON = {
    **_SYSTEM,
    "salutation": f"{NL}:Name prefix",
    "first name": "first_name",
    "last name": "last_name",
    "full name": "full_name",
    "email": "email",
    "secondary email": "email",
    "phone": "phone",
    "mobile": "phone:mobile",
    "fax": "phone:fax",
    "email opt out": "do_not_contact",
    "unsubscribed mode": f"{NL}:Unsubscribed",
    "unsubscribed time": f"{NL}:Unsubscribed on",
    "skype id": f"{NL}:Skype",
    "twitter": f"{NL}:Twitter",
    "lead source": "source",
    "description": "notes",
    "tag": "tags",
    "currency": SKIP,  # the currency of the money fields an organisation adds: a person has none
}

ZOHO_CONTACT_COLUMNS = {
    **_PERSON,
    "record id": "external_id:zoho:contact",
    "contact owner": "owner",
    "account name": "company",
    "title": "title",
    "department": f"{NL}:Department",
    "home phone": "phone:home",
    "other phone": "phone:other",
    "asst phone": "phone:assistant",
    "assistant": f"{NL}:Assistant",
    "reports to": f"{NL}:Reports to",
    "vendor name": f"{NL}:Vendor",
    "date of birth": "birthday",
    # the mailing address is the contact's address; the other one goes to the notes
    "mailing street": "street",
    "mailing city": "city",
    "mailing state": "region",
    "mailing zip": "postal_code",
    "mailing country": "country",
    "other street": "street:other",
    "other city": "city:other",
    "other state": "region:other",
    "other zip": "postal_code:other",
    "other country": "country:other",
}

ZOHO_LEAD_COLUMNS = {
    **_PERSON,
    "record id": "external_id:zoho:lead",
    "lead owner": "owner",
    "company": "company",
    "designation": "title",  # what Zoho's leads call the job title
    "title": "title",
    "website": "website",
    **dict.fromkeys(("lead status", "industry", "no of employees", "annual revenue", "rating"), NL),
    "street": "street",
    "city": "city",
    "state": "region",
    "zip code": "postal_code",
    "country": "country",
}

ZOHO_ACCOUNT_COLUMNS = {
    **_SYSTEM,
    "record id": "external_id:zoho:account",
    "account owner": "owner",
    "account name": "name",
    "phone": "phone",
    "fax": f"{NL}:Fax",
    "website": "website",
    "industry": "industry",
    "tag": "tags",
    "description": "notes",
    "currency": SKIP,
    # the billing address is the company's address; the shipping one goes to the notes
    "billing street": "street",
    "billing city": "city",
    "billing state": "region",
    "billing code": "postal_code",
    "billing country": "country",
    "shipping street": "street:shipping",
    "shipping city": "city:shipping",
    "shipping state": "region:shipping",
    "shipping code": "postal_code:shipping",
    "shipping country": "country:shipping",
    # kept in the notes under their own names: "Account Site" is a branch ("Head office"), not
    # a website, and "SIC Code" no postal code
    **dict.fromkeys(
        (
            "account site",
            "account number",
            "account type",
            "parent account",
            "ownership",
            "employees",
            "annual revenue",
            "sic code",
            "ticker symbol",
            "rating",
        ),
        NL,
    ),
}

# A deal's probability follows the stage it goes to.
ZOHO_DEAL_COLUMNS = {
    **_SYSTEM,
    "record id": "external_id:zoho:deal",
    "deal owner": "owner",
    "deal name": "title",
    "amount": "value",
    "currency": "currency",
    "closing date": "expected_close",
    "stage": "stage",
    "pipeline": "pipeline",
    "reason for loss": "lost_reason",
    "account name": "company",
    "contact name": "contact",
    "lead source": "source",
    "next step": "next_step",
    "description": "notes",
    **dict.fromkeys(
        (
            "type",
            "probability",
            "expected revenue",
            "campaign source",
            "tag",
            "lead conversion time",
            "sales cycle duration",
            "overall sales duration",
        ),
        SKIP,
    ),
}
