"""The columns of the exports we know by name: Google Contacts (current and older layout),
Outlook, Thunderbird, HubSpot (contacts, companies, deals) and our own (contacts, deals). Keys
are headers as ``words.fold`` writes them; numbered groups ("E-mail 3 - Value") are patterns.

HubSpot writes a property's label as its header, in the exporting user's language (its export
API offers DE, EN, ES, FI, FR, IT, JA, NL, PL, PT and SV); the association columns stay English
("Associated Company IDs (Primary)") in every language. English and Spanish are known here,
German in ``preset_locales`` (with Outlook's export in German, French, Spanish, Portuguese)."""

from __future__ import annotations

import re

from crm_desktop.interchange.preset_locales import (
    HUBSPOT_TRANSLATED,
    OUTLOOK_TRANSLATED,
    OUTLOOK_TWINS,
    translated,
)
from crm_desktop.interchange.words import fold

NL = "notes_labeled"

# Our own CSV export, column for column: the export writes exactly these, this reader reads them.
# Emails and Phones hold "label: value; label: value"; Tags "a; b"; Birthday YYYY-MM-DD (or
# --MM-DD without a year); ID is our uid.
OUR_CONTACT_COLUMNS: tuple[str, ...] = (
    "Name",
    "First name",
    "Last name",
    "Title",
    "Company",
    "Emails",
    "Phones",
    "Address label",
    "Address",
    "Birthday",
    "Website",
    "Tags",
    "Lifecycle",
    "Owner",
    "Source",
    "Notes",
    "Preferences",
    "Preferred channel",
    "Do not contact",
    "Stay in touch (days)",
    "Referred by",
    "ID",
)
OUR_TARGETS: tuple[str, ...] = (
    "full_name",
    "first_name",
    "last_name",
    "title",
    "company",
    "emails_list",
    "phones_list",
    "address_label",  # labels the address after it
    "address",
    "birthday",
    "website",
    "tags",
    "lifecycle",
    "owner",
    "source",
    "notes",
    "preferences",
    "preferred_channel",
    "do_not_contact",
    "stay_in_touch_days",
    "referred_by",
    "external_id:crm_desktop",
)

# Our own deals export, column for column (``deal_writer``): Value is a decimal in the
# currency's minor unit ("12500.50"), Expected close YYYY-MM-DD, Closed at and Created at
# "YYYY-MM-DD HH:MM" in the exporting user's time; ID is the lead's uid. Created at is not read
# back (a new deal is new here).
OUR_DEAL_COLUMNS: tuple[str, ...] = (
    "Title",
    "Value",
    "Currency",
    "Stage",
    "Status",
    "Pipeline",
    "Contact",
    "Contact e-mail",
    "Company",
    "Owner",
    "Expected close",
    "Closed at",
    "Lost reason",
    "Source",
    "Next step",
    "Notes",
    "Created at",
    "ID",
)
OUR_DEAL_TARGETS: tuple[str, ...] = (
    "title",
    "value",
    "currency",
    "stage",
    "status",
    "pipeline",
    "contact",
    "contact_email",
    "company",
    "owner",
    "expected_close",
    "closed_on",
    "lost_reason",
    "source",
    "next_step",
    "notes",
    "skip",
    "external_id:crm_desktop",
)

GOOGLE_COLUMNS = {
    "first name": "first_name",
    "middle name": f"{NL}:Middle name",
    "last name": "last_name",
    "phonetic first name": "skip",
    "phonetic middle name": "skip",
    "phonetic last name": "skip",
    "name prefix": f"{NL}:Name prefix",
    "name suffix": f"{NL}:Name suffix",
    "nickname": f"{NL}:Nickname",
    "file as": "skip",
    "organization name": "company",
    "organization title": "title",
    "organization department": f"{NL}:Department",
    "birthday": "birthday",
    "notes": "notes",
    "photo": "skip",
    "labels": "tags",
    # the older layout
    "name": "full_name",
    "given name": "first_name",
    "additional name": f"{NL}:Middle name",
    "family name": "last_name",
    "yomi name": "skip",
    "given name yomi": "skip",
    "additional name yomi": "skip",
    "family name yomi": "skip",
    "initials": NL,
    "short name": NL,
    "maiden name": NL,
    "group membership": "tags",
    "sensitivity": "skip",
    "priority": "skip",
}
GOOGLE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), target)
    for pattern, target in (
        (r"^e mail \d+ (label|type)$", "email_label"),
        (r"^e mail \d+ value$", "email"),
        (r"^phone \d+ (label|type)$", "phone_label"),
        (r"^phone \d+ value$", "phone"),
        (r"^address \d+ (label|type)$", "address_label"),
        (r"^address \d+ formatted$", "address"),
        (r"^address \d+ street$", "street"),
        (r"^address \d+ city$", "city"),
        (r"^address \d+ po box$", "po_box"),
        (r"^address \d+ region$", "region"),
        (r"^address \d+ postal code$", "postal_code"),
        (r"^address \d+ country$", "country"),
        (r"^address \d+ extended address$", "extended"),
        (r"^website \d+ (label|type)$", "skip"),
        (r"^website \d+ value$", "website"),
        (r"^organization \d+ name$", "company"),
        (r"^organization \d+ title$", "title"),
        (r"^organization \d+ department$", f"{NL}:Department"),
        (r"^organization \d+ (type|yomi name|symbol|location|job description)$", NL),
        (r"^(relation|event|custom field|im|external id) \d+ (label|type)$", "extra_label"),
        (r"^(relation|event|custom field|im|external id) \d+ value$", "extra"),
        (r"^im \d+ service$", "skip"),
    )
)

OUTLOOK_COLUMNS = {
    "title": f"{NL}:Name prefix",
    "first name": "first_name",
    "middle name": f"{NL}:Middle name",
    "last name": "last_name",
    "suffix": f"{NL}:Name suffix",
    "nickname": f"{NL}:Nickname",
    "given yomi": "skip",
    "surname yomi": "skip",
    "company yomi": "skip",
    "company": "company",
    "department": f"{NL}:Department",
    "job title": "title",
    "referred by": "referred_by",  # a name: the contact it names, when found
    "e mail address": "email",
    "e mail 2 address": "email",
    "e mail 3 address": "email",
    "e mail type": "skip",
    "e mail 2 type": "skip",
    "e mail 3 type": "skip",
    "e mail display name": "skip",
    "e mail 2 display name": "skip",
    "e mail 3 display name": "skip",
    "assistant s phone": "phone:assistant",
    "business fax": "phone:work fax",
    "business phone": "phone:work",
    "business phone 2": "phone:work",
    "callback": "phone:callback",
    "car phone": "phone:car",
    "company main phone": "phone:main",
    "home fax": "phone:home fax",
    "home phone": "phone:home",
    "home phone 2": "phone:home",
    "isdn": "phone:isdn",
    "mobile phone": "phone:mobile",
    "other fax": "phone:fax",
    "other phone": "phone:other",
    "pager": "phone:pager",
    "primary phone": "phone:main",
    "radio phone": "phone:radio",
    "tty tdd phone": "phone:tty",
    "telex": "phone:telex",
    "birthday": "birthday",
    "anniversary": f"{NL}:Anniversary",
    "categories": "tags",
    "notes": "notes",
    "web page": "website",
    "personal web page": "website",
    "priority": "skip",
    "private": "skip",
    "sensitivity": "skip",
    "internet free busy": "skip",
    "imaddress": f"{NL}:IM",
    **{
        key: NL
        for key in (
            "account",
            "assistant s name",
            "billing information",
            "children",
            "directory server",
            "gender",
            "government id number",
            "hobby",
            "initials",
            "keywords",
            "language",
            "location",
            "manager s name",
            "mileage",
            "office location",
            "organizational id number",
            "profession",
            "spouse",
            "schools",
            "user 1",
            "user 2",
            "user 3",
            "user 4",
        )
    },
}
for _where, _label in (("business", "work"), ("home", "home"), ("other", "other")):
    OUTLOOK_COLUMNS.update(
        {
            f"{_where} street": f"street:{_label}",
            f"{_where} street 2": f"street:{_label}",
            f"{_where} street 3": f"street:{_label}",
            f"{_where} city": f"city:{_label}",
            f"{_where} state": f"region:{_label}",
            f"{_where} postal code": f"postal_code:{_label}",
            f"{_where} country region": f"country:{_label}",
            f"{_where} address po box": f"po_box:{_label}",
        }
    )
OUTLOOK_COLUMNS = translated(OUTLOOK_COLUMNS, OUTLOOK_TRANSLATED)
# A name French Outlook gives two columns: the target of its first column, of the later one.
OUTLOOK_TWIN_TARGETS = {
    name: (OUTLOOK_COLUMNS[first], OUTLOOK_COLUMNS[later])
    for name, (first, later) in OUTLOOK_TWINS.items()
}

# LinkedIn's connections export (Settings > Data privacy > Get a copy of your data >
# Connections): after a preamble (see csv_reader), these columns. "Email Address" is empty for
# people who hide theirs from their connections; "URL" is the person's LinkedIn profile, kept in
# the notes as "LinkedIn: ..." (a person has no web address of their own here).
LINKEDIN_COLUMNS = {
    "first name": "first_name",
    "last name": "last_name",
    "url": f"{NL}:LinkedIn",
    "email address": "email",
    "company": "company",
    "position": "title",
    "connected on": f"{NL}:Connected on",
}

# Yahoo Mail's contacts export: its phone columns are named by their kind alone ("Home", "Work",
# "Other"); "Primary" names which of them is the main one ("mobile"), it holds no number.
YAHOO_COLUMNS = {
    "first": "first_name",
    "middle": f"{NL}:Middle name",
    "last": "last_name",
    "nickname": f"{NL}:Nickname",
    "email": "email",
    "alternate email 1": "email",
    "alternate email 2": "email",
    "category": "tags",
    "home": "phone:home",
    "work": "phone:work",
    "pager": "phone:pager",
    "fax": "phone:fax",
    "mobile": "phone:mobile",
    "other": "phone:other",
    "yahoo phone": "phone",
    "primary": "skip",
    "personal website": "website",
    "business website": "website",
    "title": "title",
    "company": "company",
    "birthday": "birthday",
    "comments": "notes",
}
for _where in ("home", "work"):
    YAHOO_COLUMNS.update(
        {
            f"{_where} address": f"street:{_where}",
            f"{_where} city": f"city:{_where}",
            f"{_where} state": f"region:{_where}",
            f"{_where} zip": f"postal_code:{_where}",
            f"{_where} country": f"country:{_where}",
        }
    )

# Thunderbird's CSV export: always these 37 columns, in this order, named in the language of
# the Thunderbird that wrote it (``preset_locales.THUNDERBIRD_TRANSLATED``), then an empty one
# (every line ends with a comma).
THUNDERBIRD_LAYOUT: tuple[tuple[str, str], ...] = (
    ("First Name", "first_name"),
    ("Last Name", "last_name"),
    ("Display Name", "full_name"),
    ("Nickname", f"{NL}:Nickname"),
    ("Primary Email", "email"),
    ("Secondary Email", "email"),
    ("Screen Name", f"{NL}:Screen name"),
    ("Work Phone", "phone:work"),
    ("Home Phone", "phone:home"),
    ("Fax Number", "phone:fax"),
    ("Pager Number", "phone:pager"),
    ("Mobile Number", "phone:mobile"),
    *(
        (f"{where.title()} {part}", f"{target}:{where}")
        for where in ("home", "work")
        for part, target in (
            ("Address", "street"),
            ("Address 2", "street"),
            ("City", "city"),
            ("State", "region"),
            ("ZipCode", "postal_code"),
            ("Country", "country"),
        )
    ),
    ("Job Title", "title"),
    ("Department", f"{NL}:Department"),
    ("Organization", "company"),
    ("Web Page 1", "website"),
    ("Web Page 2", "website"),
    ("Birth Year", "birth_year"),
    ("Birth Month", "birth_month"),
    ("Birth Day", "birth_day"),
    # labelled in English whatever the file's language, as the other notes lines are
    *((f"Custom {n}", f"{NL}:Custom {n}") for n in range(1, 5)),
    ("Notes", "notes"),
)
THUNDERBIRD_COLUMNS = {fold(name): target for name, target in THUNDERBIRD_LAYOUT}

_HUBSPOT_ADDRESS = {
    "street address": "street",
    "street address 2": "street",
    "address": "street",
    "city": "city",
    "state region": "region",
    "state": "region",
    "postal code": "postal_code",
    "zip": "postal_code",
    "country region": "country",
    "country": "country",
    # Spanish exports
    "ciudad": "city",
    "pais region": "country",
}
_HUBSPOT_SKIP = {
    key: "skip"
    for key in (
        "create date",
        "last activity date",
        "last modified date",
        "createdate",
        "last contacted",
        "marketing contact status",
        "email domain",
        "time zone",
        "associated company ids",
        "associated company id",
        "associated company ids primary",
        "associated contact ids",
        "associated deal ids",
        "associated deals",
        "associated email",  # whole e-mail bodies, one cell per company
        "number of associated contacts",
        "number of associated deals",
        # Spanish exports
        "fecha de creacion",
        "ultima actividad",
        "ultimo contacto",
        "numero de veces contactado",
    )
}
_HUBSPOT_IDS_OF = {  # "Record ID" (older exports: "Contact ID") and the Spanish "ID de registro"
    kind: {
        key: f"external_id:hubspot:{kind}"
        for key in ("record id", f"{kind} id", f"record id {kind}", "id de registro")
    }
    for kind in ("contact", "company", "deal")
}
HUBSPOT_CONTACT_COLUMNS = {
    **_HUBSPOT_SKIP,
    **_HUBSPOT_ADDRESS,
    **_HUBSPOT_IDS_OF["contact"],
    "first name": "first_name",
    "last name": "last_name",
    "email": "email",
    "work email": "email:work",
    "phone number": "phone",
    "mobile phone number": "phone:mobile",
    "fax number": "phone:fax",
    "company name": "company",
    "associated company": "company",
    "associated company primary": "company",
    "job title": "title",
    "lifecycle stage": "lifecycle",
    "contact owner": "owner",
    "hubspot owner": "owner",
    "lead status": f"{NL}:Lead status",
    "website url": "website",
    "original source": "source",
    "original traffic source": "source",
    "date of birth": "birthday",
    "notes": "notes",
    # Spanish exports
    "nombre": "first_name",
    "apellidos": "last_name",
    "correo": "email",
    "numero de telefono": "phone",
    "cargo": "title",
    "propietario del contacto": "owner",
    "estado del lead": f"{NL}:Lead status",
}
HUBSPOT_CONTACT_COLUMNS = translated(HUBSPOT_CONTACT_COLUMNS, HUBSPOT_TRANSLATED)
HUBSPOT_COMPANY_COLUMNS = {
    **_HUBSPOT_SKIP,
    **_HUBSPOT_ADDRESS,
    **_HUBSPOT_IDS_OF["company"],
    "company name": "name",
    "name": "name",
    "company domain name": "domain",
    "website url": "website",
    "industry": "industry",
    "phone number": "phone",
    "company owner": "owner",
    "hubspot owner": "owner",
    "description": "notes",
    "about us": "notes",
    "associated note": "notes",  # the text of the notes logged on the company
    # Spanish exports
    "nombre de la empresa": "name",
    "nombre de dominio de la empresa": "domain",
    "sector": "industry",
}
HUBSPOT_COMPANY_COLUMNS = translated(HUBSPOT_COMPANY_COLUMNS, HUBSPOT_TRANSLATED)
HUBSPOT_DEAL_COLUMNS = {
    **_HUBSPOT_SKIP,
    **_HUBSPOT_IDS_OF["deal"],
    "deal name": "title",
    "deal stage": "stage",
    "amount": "value",
    # in the account's currency, not the deal's: "Amount" and "Currency" say what the deal is
    "amount in company currency": "skip",
    "currency in company currency": "skip",
    "currency": "currency",
    "deal currency code": "currency",
    "close date": "expected_close",
    "pipeline": "pipeline",
    "deal owner": "owner",
    "hubspot owner": "owner",
    "deal type": "skip",
    "closed lost reason": "lost_reason",
    "next step": "next_step",
    "deal description": "notes",
    "associated contact": "contact",
    "associated company": "company",
    "associated company primary": "company",
    "associated contact ids": "contact_external_id:hubspot:contact",
    "associated contact id": "contact_external_id:hubspot:contact",
    "associated company ids": "company_external_id:hubspot:company",
    "associated company id": "company_external_id:hubspot:company",
    "associated company ids primary": "company_external_id:hubspot:company",
    "original source": "source",
    "original traffic source": "source",
}
HUBSPOT_DEAL_COLUMNS = translated(HUBSPOT_DEAL_COLUMNS, HUBSPOT_TRANSLATED)
