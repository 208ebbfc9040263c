"""Guessing what an unknown file's columns hold from the words of their headers, in English,
German, French, Spanish, Portuguese and Italian: "E-Mail (privat)" is a home email, "Tel. Büro"
a work phone, "Code postal" a postal code, "Adresse de messagerie" an email. What no word
explains goes to the notes as "Header: value".
"""

from __future__ import annotations

import re
from itertools import pairwise

from crm_desktop.interchange.labels import label_of_types
from crm_desktop.interchange.preset_aliases import (
    ADDRESS_WORD_TABLE,
    EMAIL_WORDS,
    GENERIC_ACTIVITY,
    GENERIC_COMPANY,
    GENERIC_CONTACT,
    GENERIC_DEAL,
    PHONE_WORDS,
)
from crm_desktop.interchange.targets import NOTES_LABELED, SKIP, split_target
from crm_desktop.interchange.words import header_words

_EXACT = {
    "contact": GENERIC_CONTACT,
    "company": GENERIC_COMPANY,
    "deal": GENERIC_DEAL,
    "activity": GENERIC_ACTIVITY,
}
_UNKNOWN = {
    "contact": NOTES_LABELED,
    "company": NOTES_LABELED,
    "deal": NOTES_LABELED,
    "activity": NOTES_LABELED,
}
_WEBSITE_WORDS = frozenset(
    {"website", "web", "url", "homepage", "webseite", "site", "blog", "page"}
)
# Salesforce's "PhotoUrl": where a picture is, not the person's website
_PICTURE_WORDS = frozenset({"photo", "picture", "image", "avatar", "logo", "thumbnail"})
_BARE_NAMES = frozenset({"name", "nome", "nombre", "nom"})
# "E-mail Display Name", "E-Mail: Angezeigter Name", "Nom complet de l'adresse de messagerie": the
# name a mail program shows, not an address
_DISPLAY_WORDS = frozenset(
    {"display", "angezeigter", "anzeigename", "mostrar", "exibicao", "complet", "visualizzato"}
)
# A person who asked not to be written to: Zoho's and Salesforce's "Email Opt Out" (Salesforce's
# API name "HasOptedOutOfEmail"), Mailchimp's "Unsubscribed", Freshsales' "Do not disturb",
# Brevo's "EMAIL_BLACKLISTED". A "Do Not Call" or "Fax Opt Out" alone does not stop e-mails: it
# goes to the notes, as any other column, and so does an opt-out that names a phone
# ("HasOptedOutOfFax", EspoCRM's "phoneNumberIsOptedOut", Brevo's "SMS_BLACKLISTED").
_OPT_OUT = re.compile(
    r"\b(e ?mail opt ?out|opted out|unsubscribed|blacklisted|blocklisted|"
    r"do not (e ?mail|contact|disturb)|no e ?mails?)\b"
)
# When a person unsubscribed: Mailchimp's "UNSUB_TIME" (its unsubscribed members' file),
# Constant Contact's "Confirmed Opt-Out Date". A date there says they did.
_OPTED_OUT_ON = re.compile(r"\b(unsub|unsubscribed?|opt ?out|opted out)\b.*\b(time|date|at|on)\b")
# An e-mail's marketing status, one value of which is an opt-out: Square's "Email Subscription
# Status" ("Unsubscribed"), Klaviyo's "Email Marketing Consent" ("UNSUBSCRIBED"), Constant
# Contact's "Email status" and "Email permission status".
_EMAIL_STATUS_WORDS = frozenset({"status", "consent", "subscription", "permission"})
_ANY_OPT_OUT = re.compile(r"\b(opt ?out|opted out|opt in|do not)\b")
_CALL_WORDS = PHONE_WORDS | {"call", "calls", "sms"}
# A header asking a yes or no question: Odoo's "Is a Company", Zendesk Sell's "is_organization",
# Salesforce's "IsEmailBounced". Its "True" or "False" is never the company or e-mail it names.
_QUESTION_WORDS = frozenset({"is", "has"})
# Columns about someone's e-mail, not an address: HubSpot's "Email hard bounce reason",
# "Marketing emails opened", "Last marketing email send date"; Outlook's "E-mail Type" ("SMTP").
_ABOUT_EMAIL_WORDS = frozenset(
    {
        "bounce", "bounced", "reason", "opened", "clicked", "delivered", "sent", "send", "date",
        "count", "domain", "status", "invalid", "type", "typ", "format", "verified", "campaign",
        "marketing", "subscription", "consent", "name", "reminder", "reminders", "time",
        "checked", "flag", "source", "list", "lists", "update", "include", "permission",
    }
)  # fmt: skip
# Columns about a phone, not a number: "Phone Type" ("Mobile"), "Phone Ext" ("123").
_ABOUT_PHONE_WORDS = frozenset(
    {"type", "typ", "ext", "extension", "country", "code", "verified", "status", "format"}
)
_OWNER_WORDS = frozenset(
    {"owner", "inhaber", "besitzer", "proprietaire", "propietario", "proprietario"}
)
# Columns about another person than the row's: their e-mail or phone is not the contact's.
_OTHER_PEOPLE_WORDS = frozenset({"manager", "managers", "spouse", "created", "modified", "updated"})
# Words that make a column one about a field rather than the field itself: "Address Type",
# Klaviyo's "IP Address" (where a sign-up came from), Mailchimp's "UNSUB_CAMPAIGN_TITLE" (a
# campaign's title, not a job title).
_QUALIFIERS = frozenset(
    {
        "type", "typ", "id", "status", "format", "verified", "level", "size", "domain",
        "phonetic", "yomi", "industry", "revenue", "employees", "ip", "campaign",
    }
)  # fmt: skip
_COMPANY_WORDS = frozenset(
    {"company", "organization", "organisation", "firma", "entreprise", "empresa"}
)
# A company's number in a register, not its name: Xero's "CompanyNumber", "Company VAT No".
_REGISTRY_WORDS = frozenset({"number", "no", "nr", "registration", "vat", "tax"})
# Which of a person's addresses a column is part of, where no label word says: WooCommerce's
# "billing_city" and "shipping_city", Lightspeed's "physical_city", Xero's "POCity" (postal) and
# "SACity" (street). Not "postal": FreshBooks' "Postal/Zip Code" is a part of the one address.
_ADDRESS_PLACES = {
    "billing": "billing",
    "shipping": "shipping",
    "delivery": "delivery",
    "physical": "physical",
    "po": "postal",
    "sa": "street",
}
# Columns about someone else than the row's person, when the row's own are there as well: the
# buyer of an Eventbrite attendee's ticket, the recipient of a WooCommerce order ("shipping_
# first_name" beside "billing_first_name"), Xero's further people ("Person1Email"), the payee of
# a PayPal payment ("To Email Address" beside "From Email Address").
_SECOND_PARTY_WORDS = frozenset({"buyer", "purchaser", "shipping", "delivery", "recipient"})
_PERSON_FIELDS = frozenset({"first_name", "last_name", "full_name", "company", "title"})
_SECOND_PARTY_FIELDS = _PERSON_FIELDS | {"email", "phone"}
# A column naming the customer or account (QuickBooks' "Customer", Xero's "*ContactName",
# Wave's "customer_name") beside the person's own name columns: a company's name, or the
# person's (see ``build_people``).
_DISPLAY_NAMES = frozenset({"customer", "customer name", "client name", "contact name"})
# A form's question for a name: "What is your name?", "Your name" (Google Forms, Typeform).
_NAME_QUESTION = frozenset({"name", "your", "what", "whats", "s", "is", "please", "enter", "full"})
# A title that is a salutation ("Mr.") when the file has a job title column as well
_SALUTATION_TITLES = frozenset({"title", "titre"})
# Which of several id columns is the row's own: a bare "id" before all ("contact_id" beside it is
# Zendesk Sell's link to the person's organisation), then these, then the first.
_OWN_ID_ORDER = ("id", "record id", "uid")
# Odoo's import-compatible export names its columns by field: "parent_id" holds the name of the
# company a person belongs to (an id there stays in the notes; see ``build_people``).
_ODOO_PARENT = "parent_id"
_BIRTH_PARTS = {
    "year": "birth_year",
    "month": "birth_month",
    "day": "birth_day",
    "jahr": "birth_year",
    "monat": "birth_month",
    "tag": "birth_day",
}


def guess_target(header: str, kind: str = "contact") -> str | None:
    """The target a column with this header most likely holds, or None if nothing says."""
    key = header_words(header)
    if not key:
        return None
    if kind == "contact" and header.strip() == _ODOO_PARENT:
        return "company"
    exact = _EXACT.get(kind, {}).get(key)
    if exact:
        return exact
    words = key.split()
    if kind == "deal":
        return "contact_email" if EMAIL_WORDS & set(words) else None
    if kind == "activity":
        return None
    found = _by_words(words, kind)
    if found and kind == "company" and split_target(found)[0] == "email":
        return None  # a company has no email of its own: keep it in the notes
    return found


def _by_words(words: list[str], kind: str) -> str | None:
    word_set, phrase = set(words), " ".join(words)
    if kind == "contact" and word_set & _OWNER_WORDS:
        # "Lead Owner", "Owner Email": the staff member it belongs to, by name or e-mail
        return None if word_set & (PHONE_WORDS | _QUALIFIERS) else "owner"
    if word_set & _OTHER_PEOPLE_WORDS:
        return None  # "Manager's Email", "Created By": someone else's, kept in the notes
    if kind == "contact" and _OPTED_OUT_ON.search(phrase) and not word_set & _CALL_WORDS:
        return "do_not_contact:date"  # "UNSUB_TIME" (Mailchimp), "Confirmed Opt-Out Date"
    if kind == "contact" and _OPT_OUT.search(phrase) and not word_set & _CALL_WORDS:
        return "do_not_contact"  # "Email Opt Out" (Zoho, Salesforce), "Unsubscribed"
    if _ANY_OPT_OUT.search(phrase):
        return NOTES_LABELED  # "Fax Opt Out": a yes or no, not a fax number
    if words[0] in _QUESTION_WORDS:
        return None  # "Is a Company": a yes or no, kept in the notes
    if word_set & EMAIL_WORDS or "e mail" in phrase:
        if word_set & _DISPLAY_WORDS:
            return SKIP
        if word_set & _ABOUT_EMAIL_WORDS:
            if kind == "contact" and word_set & _EMAIL_STATUS_WORDS:
                return "do_not_contact:status"  # "Email Subscription Status": "Unsubscribed"
            return NOTES_LABELED
        rest = [w for w in words if w not in EMAIL_WORDS and w not in ("e", "address", "adresse")]
        kind_label = label_of_types(rest, keep_unknown=False)
        return f"email:{kind_label}" if kind_label and kind_label != "main" else "email"
    if word_set & PHONE_WORDS:
        if kind == "contact" and "code" in word_set and word_set & {"calling", "country"}:
            return "phone_code"  # Twenty's "Phones / Primary Phone Calling Code" ("+33")
        if word_set & _ABOUT_PHONE_WORDS:
            return NOTES_LABELED
        kind_label = label_of_types(words, keep_unknown=False)
        if kind == "company":
            # a company has one phone, the one to call: its fax is kept in the notes
            return NOTES_LABELED if "fax" in kind_label else "phone"
        return f"phone:{kind_label}" if kind_label else "phone"
    if word_set & _QUALIFIERS:
        return None  # "Address Type", "Company Size", "Company ID": about a field, not it
    if kind == "contact" and len(words) > 1 and words[-1] in _COMPANY_WORDS:
        return "company"  # Shopify's "Default Address Company": the company, not a street
    part = address_part(words)
    if part:
        name, rest = part
        kind_label = _address_label(rest)
        return f"{name}:{kind_label}" if kind_label else name
    if word_set & {"address", "adresse", "anschrift"}:
        kind_label = _address_label([w for w in words if w not in ("address", "adresse")])
        return f"address:{kind_label}" if kind_label else "address"
    if word_set & _WEBSITE_WORDS and not word_set & _PICTURE_WORDS:
        return "website"
    if kind != "contact":
        return None
    if "birth" in word_set or "geburts" in word_set:
        return next((_BIRTH_PARTS[w] for w in words if w in _BIRTH_PARTS), "birthday")
    if "name" in word_set:
        if word_set & {"first", "given"}:
            return "first_name"
        if word_set & {"last", "family", "sur"}:
            return "last_name"
        if word_set & {"display", "full"} or word_set <= _NAME_QUESTION:
            return "full_name"
    if word_set & _COMPANY_WORDS:
        return None if word_set & _REGISTRY_WORDS else "company"
    if "job" in word_set or "title" in word_set:
        return "title"
    return None


def _address_label(words: list[str]) -> str:
    """The label of an address its column's other words give: "home", "work", or the place
    it is for ("billing", "shipping"), else ""."""
    found = label_of_types(words, keep_unknown=False)
    return found or next((_ADDRESS_PLACES[w] for w in words if w in _ADDRESS_PLACES), "")


def address_part(words: list[str]) -> tuple[str, list[str]] | None:
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in ADDRESS_WORD_TABLE:
                return ADDRESS_WORD_TABLE[phrase], words[:start] + words[start + size :]
    return None


def generic_mapping(header: list[str], kind: str = "contact") -> tuple[dict[int, str], int]:
    """A mapping guessed column by column, and how many columns were recognised."""
    mapping: dict[int, str] = {}
    known = 0
    for index, name in enumerate(header):
        target = guess_target(name, kind)
        if target:
            known += 1
        mapping[index] = target or _UNKNOWN.get(kind, SKIP)
    _settle(header, mapping, kind)
    return mapping, known


def _settle(header: list[str], mapping: dict[int, str], kind: str) -> None:
    """Fix guesses that only make sense together: of several id columns one is the row's own,
    the others link to other records; "Title" beside "Job Title" is a name prefix; "Home
    Address" beside "Home City" is the street; a second "Name" column is a note."""
    targets = list(mapping.values())
    ids = [index for index, target in mapping.items() if target == "external_id"]
    if len(ids) > 1:
        own = min(ids, key=lambda index: _own_id_rank(header[index]))  # the first of a rank
        for index in ids:
            if index != own:
                mapping[index] = _UNKNOWN.get(kind, SKIP)
    if kind == "contact" and targets.count("title") > 1:
        for index, target in mapping.items():
            if target == "title" and header_words(header[index]) in _SALUTATION_TITLES:
                mapping[index] = f"{NOTES_LABELED}:Name prefix"
    parts_by_label = {
        split_target(t)[1]
        for t in targets
        if split_target(t)[0] in ("city", "postal_code", "region", "country")
    }
    for index, target in mapping.items():
        name, argument = split_target(target)
        if name == "address" and argument in parts_by_label:
            mapping[index] = f"street:{argument}" if argument else "street"
    if kind == "contact" and "last_name" in targets and "first_name" not in targets:
        for index, target in mapping.items():  # "Name" beside "Surname" is the given name
            if target == "full_name" and header_words(header[index]) in _BARE_NAMES:
                mapping[index] = "first_name"
                break
        targets = list(mapping.values())
    if kind == "contact":
        _settle_people(header, mapping)
        targets = list(mapping.values())
    if kind == "contact" and "first_name" in targets and targets.count("full_name") > 1:
        seen = False
        for index, target in sorted(mapping.items()):
            if target == "full_name":
                if seen:
                    mapping[index] = NOTES_LABELED
                seen = True


def _own_id_rank(header: str) -> int:
    words = header_words(header)
    return _OWN_ID_ORDER.index(words) if words in _OWN_ID_ORDER else len(_OWN_ID_ORDER)


def _settle_people(header: list[str], mapping: dict[int, str]) -> None:
    """A person's columns beside someone else's: the buyer's, the recipient's or a further
    person's name, e-mail and phone go to the notes when the row's own are there; a customer's
    or account's name beside the person's name columns is read as a display name."""
    second = {index: _is_second_party(header[index]) for index in mapping}
    own = {split_target(t)[0] for index, t in mapping.items() if not second[index]}
    for index, target in mapping.items():
        name = split_target(target)[0]
        if second[index] and name in _SECOND_PARTY_FIELDS and name in own:
            mapping[index] = NOTES_LABELED
    names = [i for i, t in mapping.items() if t in ("first_name", "last_name", "full_name")]
    display = [i for i in names if header_words(header[i]) in _DISPLAY_NAMES]
    if len(display) < len(names):  # a name column of the person's own as well
        for index in display:
            if mapping[index] == "full_name":
                mapping[index] = "full_name:display"


def _is_second_party(header: str) -> bool:
    """Whether a column is about another person than the row's: "Buyer Email", "Shipping
    Phone", "Person1FirstName"."""
    words = header_words(header).split()
    if _SECOND_PARTY_WORDS.intersection(words) or words[:1] == ["to"]:
        return True
    return any(word in ("person", "contact") and after.isdigit() for word, after in pairwise(words))
