"""Files of the programs shops and small firms keep their customers in, as those programs write
them (``tests/fixtures/audit4``): Shopify, WooCommerce, Square, Stripe, Eventbrite, Mailchimp,
Klaviyo, Brevo, Constant Contact, QuickBooks Online, Xero, Wave, Google Forms. Each test names
what an audit found read wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import detect_preset, preset_for, read_table, records
from crm_desktop.interchange.generic import guess_target
from crm_desktop.interchange.words import header_words

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "audit4"


def read(name: str) -> list[ImportedContact]:
    table = read_table(FILES / name)
    found = list(records(table, detect_preset(table.header)))
    assert all(isinstance(record, ImportedContact) for record in found)
    return found  # type: ignore[return-value]


def by_name(name: str) -> dict[str, ImportedContact]:
    return {f"{c.first_name} {c.last_name}".strip() or c.full_name: c for c in read(name)}


# -- Shopify -----------------------------------------------------------------------------------


def test_shopify_apostrophe_before_a_long_number_is_taken_off() -> None:
    hannah = read("shopify_customers_export.csv")[0]
    assert "Customer ID: 7482910335021" in hannah.notes
    assert ("", "+441132496000") in hannah.phones


def test_shopify_default_address_company_is_the_company_not_a_street() -> None:
    hannah, _, business = read("shopify_customers_export.csv")
    assert hannah.company == "Okafor Florals"
    assert "Okafor Florals" not in hannah.address
    assert business.company == "Brightdesk Ltd"  # a business customer with no person's name


def test_shopify_province_and_province_code_are_one_region() -> None:
    _, marcus = read("shopify_customers_legacy.csv")
    assert marcus.address == "221 Elm St\nSuite 2\nPortland, Oregon 97205\nUnited States"
    assert "Province Code: OR" in marcus.notes and "Country Code: US" in marcus.notes


# -- other people's columns: buyers, recipients, further contacts -----------------------------


def test_woocommerce_shipping_recipient_is_not_the_customer() -> None:
    aisha = read("woocommerce_orders.csv")[0]
    assert (aisha.first_name, aisha.last_name) == ("Aisha", "Bello")
    assert aisha.address_label == "billing"
    assert aisha.address == "14 Congress Ave\nAustin, TX 78701\nUS"
    assert "shipping_first_name: Musa" in aisha.notes
    assert "Address (shipping): 9 Rainey St, Apt 4, Austin, TX 78701, US" in aisha.notes


def test_eventbrite_buyer_is_not_every_attendee() -> None:
    people = by_name("eventbrite_attendees.csv")
    assert set(people) == {"Rosa Diaz", "Carlos Diaz", "Kenji Sato"}
    carlos = people["Carlos Diaz"]
    assert carlos.emails == []  # the buyer's e-mail would merge him into Rosa
    assert "Buyer Email: rosa.diaz@example.com" in carlos.notes


def test_xero_contact_name_further_people_and_two_addresses() -> None:
    kauri, jamie = read("xero_contacts.csv")
    assert (kauri.first_name, kauri.last_name, kauri.company) == ("Mere", "Tane", "Kauri Cafe Ltd")
    assert kauri.emails == [("", "accounts@kauricafe.example")]
    assert "Person1Email: aroha@kauricafe.example" in kauri.notes
    assert kauri.address_label == "postal"
    assert kauri.address.startswith("PO Box 4021\nAuckland")
    assert "Address (street): 12 Queen Street, Auckland" in kauri.notes
    assert "CompanyNumber: 9429041234567" in kauri.notes
    assert not kauri.warnings  # "Person1IncludeInEmail: Yes" is no e-mail address
    assert (jamie.company, jamie.full_name) == ("", "")  # "Jamie Wu" is her own name


def test_quickbooks_customer_beside_full_name_is_the_company() -> None:
    amy, _, cool = read("quickbooks_customer_contact_list.csv")
    assert (amy.full_name, amy.company) == ("Amy Lauterbach", "Amy's Bird Sanctuary")
    assert cool.company == "Cool Cars"
    assert "Address (shipping)" not in amy.notes  # the same as the billing address


def test_wave_customer_name_is_the_company_and_shipping_contact_a_note() -> None:
    (sara,) = read("wave_customers.csv")
    assert (sara.first_name, sara.last_name, sara.company) == (
        "Sara",
        "Oduya",
        "Greenleaf Landscaping",
    )
    assert sara.phones == [("", "416-555-0166")]
    assert "shipping_phone: 416-555-0167" in sara.notes


def test_stripe_business_name_is_the_company() -> None:
    ravi, mina = read("stripe_customers.csv")
    assert ravi.company == "Lotus Yoga LLC"
    assert mina.address_label == "shipping"


def test_freshbooks_postal_code_is_part_of_the_one_address() -> None:
    (hana,) = read("freshbooks_clients.csv")
    assert (
        hana.address == "1020 Granville St\nSuite 400\nVancouver, British Columbia V6Z 1L5\nCanada"
    )


def test_paypal_payee_is_not_every_buyer() -> None:
    table = read_table(FILES / "paypal_activity.csv")  # imported with --kind contact
    helen, felix = records(table, preset_for("generic", table.header, "contact"), day_first=False)
    assert isinstance(helen, ImportedContact) and isinstance(felix, ImportedContact)
    assert helen.emails == [("", "helen.wright@example.com")]
    assert "To Email Address: shop@myhandmade.example" in felix.notes


# -- e-mail marketing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("mailchimp_unsubscribed_members.csv", "Sam Ortiz"),  # UNSUB_TIME
        ("klaviyo_profiles.csv", "Ben Adler"),  # Email Marketing Consent: UNSUBSCRIBED
        ("square_customers.csv", "Omar Haddad"),  # Email Subscription Status: Unsubscribed
        ("constant_contact_export.csv", "Rob King"),  # Email status, Confirmed Opt-Out Date
        ("brevo_contacts.csv", "Yann Leroy"),  # EMAIL_BLACKLISTED: Yes
    ],
)
def test_who_unsubscribed_is_not_to_be_contacted(name: str, who: str) -> None:
    people = by_name(name)
    assert [n for n, c in people.items() if c.do_not_contact] == [who]
    assert all(not c.warnings for c in people.values())


def test_opt_out_status_stays_in_the_notes() -> None:
    omar = by_name("square_customers.csv")["Omar Haddad"]
    assert "Email Subscription Status: Unsubscribed" in omar.notes
    lena = by_name("square_customers.csv")["Lena Fischer"]
    assert "Email Subscription Status: Subscribed" in lena.notes


def test_mailchimp_campaign_title_is_no_job_title() -> None:
    (sam,) = read("mailchimp_unsubscribed_members.csv")
    assert sam.title == ""
    assert "UNSUB_CAMPAIGN_TITLE: February newsletter" in sam.notes


def test_klaviyo_ip_address_is_no_street() -> None:
    nia = read("klaviyo_profiles.csv")[0]
    assert "198.51.100.4" not in nia.address
    assert "IP Address: 198.51.100.4" in nia.notes


def test_constant_contact_email_columns_that_hold_no_address() -> None:
    ella = read("constant_contact_export.csv")[0]
    assert ella.emails == [("", "ella.moore@example.com")]
    assert not ella.warnings
    assert "Email Lists: General Interest" in ella.notes
    assert "Email update source: Contact" in ella.notes


def test_brevo_sms_and_landline_numbers_are_phones() -> None:
    chloe = read("brevo_contacts.csv")[0]
    assert chloe.phones == [("mobile", "33612345678"), ("", "33142685300")]


# -- forms -----------------------------------------------------------------------------------


def test_a_forms_question_for_the_name_is_the_name() -> None:
    anna, tom = read("google_forms_responses.csv")
    assert (anna.full_name, tom.full_name) == ("Anna Kowalska", "Tom Baker")


# -- header words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "words"),
    [("POCity", "po city"), ("SAAddressLine1", "sa address line 1"), ("DDINumber", "ddi number")],
)
def test_a_word_in_capitals_before_the_next_word(header: str, words: str) -> None:
    assert header_words(header) == words


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Default Address Company", "company"),
        ("Business Name", "company"),
        ("CompanyNumber", None),
        ("billing_city", "city:billing"),
        ("shipping_postcode", "postal_code:shipping"),
        ("physical_city", "city:physical"),
        ("Postal/Zip Code", "postal_code"),
        ("IP Address", None),
        ("UNSUB_CAMPAIGN_TITLE", None),
        ("UNSUB_TIME", "do_not_contact:date"),
        ("Confirmed Opt-Out Date", "do_not_contact:date"),
        ("Email Marketing Consent", "do_not_contact:status"),
        ("EMAIL_BLACKLISTED", "do_not_contact"),
        ("SMS_BLACKLISTED", None),
        ("Email Lists", "notes_labeled"),
        ("LANDLINE_NUMBER", "phone"),
        ("SMS", "phone:mobile"),
        ("What is your name?", "full_name"),
        ("Your name", "full_name"),
    ],
)
def test_guessed_targets(header: str, target: str | None) -> None:
    assert guess_target(header) == target
