"""One row's cells into an ``ImportedContact`` or an ``ImportedCompany``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from crm_desktop.domain.imported import ImportedCompany, ImportedContact
from crm_desktop.interchange.labels import is_primary, label, split_tags, unique_tags
from crm_desktop.interchange.multi_values import (
    is_phone_number,
    is_scientific,
    is_total_line,
    split_emails,
    split_phones,
)
from crm_desktop.interchange.steps import Plan, RowState, Step
from crm_desktop.interchange.values import (
    KEPT_IN_NOTES,
    MONTHS,
    NO_YEAR,
    format_address,
    parse_date,
)
from crm_desktop.interchange.words import fold, html_to_text, lifecycle

_MULTI = ":::"  # Google puts several values in one cell: "a@x.com ::: b@y.com"
_ADDRESS_ORDER = ("po_box", "extended", "street", "city", "region", "postal_code", "country")
# Values that mean "nothing" in a notes line (Outlook writes these for every contact, an
# empty anniversary and gender, in its user's language).
_NOTHING = frozenset(
    {
        "0/0/00",
        "0/0/0000",
        "00/00/0000",
        "0.0.00",
        "00.00.0000",
        "unspecified",
        "nicht angegeben",
        "none",
        "n/a",
    }
)


# Fields that can never hold the word "False": Odoo writes it for every empty field, and a
# birthday, an e-mail, a phone, a company (or a company's name), a website or an address "False"
# is a blank one. Elsewhere ("Active: False") it is a value, kept.
_NEVER_FALSE = frozenset(
    {
        "birthday", "birth_year", "birth_month", "birth_day", "email", "phone", "company",
        "website", "address", "street", "extended", "po_box", "city", "region", "postal_code",
        "country", "name",
    }
)  # fmt: skip
# The other program's id of a record, not a company's name: Zendesk Sell's numbers, SuiteCRM's
# UUIDs, in a column named as the company ("parent_id", "Account").
_RECORD_ID = re.compile(r"\d+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", re.IGNORECASE)


Handler = Callable[[ImportedContact, Step, str, RowState], None]


def _is_false(step: Step, value: str) -> bool:
    """Odoo's "False" for an empty field, in a column where it can't be a value (the caller
    asks only for five-letter cells: every cell of every row passes here)."""
    return value.casefold() == "false" and step.name in _NEVER_FALSE


def contact(line: int, values: list[str], steps: Plan, state: RowState) -> ImportedContact:
    record = ImportedContact(line=line)
    handlers = _CONTACT
    for step, value in steps.cells(values):
        if len(value) != 5 or not _is_false(step, value):
            handlers.get(step.name, _part)(record, step, value, state)
    if len(record.emails) > 1:
        record.emails = _unique(record.emails, casefold=True)
    if len(record.phones) > 1:
        record.phones = _unique(record.phones, casefold=False)
        _no_fax_first(record.phones)
    if len(record.tags) > 1:
        record.tags = unique_tags(record.tags)
    if "phone code" in state.parts or "phone country" in state.parts:
        _calling_code(record, state)
    addresses = _addresses(state)
    if addresses:
        record.address_label, record.address = addresses[0]
        state.extra.extend(_other_addresses(addresses))
    if "birth_month" in state.parts or "birth_day" in state.parts:
        _birthday_of_parts(record, state)
    if "display name" in state.parts:
        _display_name(record, state)
    if record.company and record.full_name.startswith(f"{record.company}, "):
        _person_of_display_name(record)
    record.notes = notes_text(state)
    if not (record.emails or record.phones) and is_total_line(values):
        record.left_out = "It looks like a total line, not a person; it was left out."
    return record


def _name(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    if step.argument == "display":  # read once the person's own name is known
        state.parts["display name"], state.parts["display header"] = value, step.header
        return
    old = getattr(record, step.name)
    setattr(record, step.name, f"{old} {value}" if old else value)


def _display_name(record: ImportedContact, state: RowState) -> None:
    """A customer's or account's name beside the person's (QuickBooks' "Customer", Xero's
    "*ContactName"): the person's own name again, else the company's when it shares no word
    with the person's and the row names no company, else a line of the notes."""
    value, header = state.parts.pop("display name"), state.parts.pop("display header")
    person = f"{record.first_name} {record.last_name} {record.full_name}".casefold().split()
    words = value.casefold().replace(",", " ").split()
    if not person:
        record.full_name = value
    elif set(words) <= set(person):
        return
    elif not record.company and not set(words) & set(person):
        record.company = value
    else:
        state.extra.append(f"{header}: {value}")


def _email(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    kind = step.argument or state.labels.get(step.group, "")
    parts = value.split(_MULTI) if _MULTI in value else [value]
    pairs = [(kind, email) for part in parts for email in split_emails(part) if email]
    _add(record.emails, pairs, step, state)


def _person_of_display_name(record: ImportedContact) -> None:
    """Odoo's "Display Name" of a person at a company: "Azure Interior, Brandon Freeman". A
    person's whole name after the company's, not "Lee, Ann" at the company "Lee"."""
    person = record.full_name[len(record.company) + 2 :].strip()
    if len(person.split()) > 1:
        record.full_name = person


def _phone(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    if step.argument and step.header.casefold() == step.argument and not is_phone_number(value):
        # a column named only "Work" (Freshsales' work number, Yahoo's) that holds no number
        state.extra.append(f"{step.header}: {value}")
        return
    kind = step.argument or state.labels.get(step.group, "")
    parts = value.split(_MULTI) if _MULTI in value else [value]
    pairs: list[tuple[str, str]] = []
    for part in parts:
        if is_scientific(part):  # Excel's "3,36123E+10": kept where the user will see it
            record.warnings.append(
                f"Phone: Excel turned this number into “{part.strip()}”, and its digits are"
                f" lost. {KEPT_IN_NOTES}"
            )
            state.extra.append(f"{step.header}: {part.strip()}")
            continue
        pairs.extend((kind, phone) for phone in split_phones(part) if phone)
    _add(record.phones, pairs, step, state)


# Where the 0 a number starts with at home is dialled from abroad too: Italy, San Marino, the
# Vatican.
_KEEP_TRUNK_ZERO = frozenset({"+39", "+378", "+379"})


def _phone_code(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    """A column giving the country calling code of the phone beside it (Twenty's "+33" beside
    "612345678"); a country's letters ("FR") are kept unless the calling code is used."""
    digits = value.strip().removeprefix("+").removeprefix("00").strip()
    if digits.isdigit() and len(digits) <= 3 and digits[0] != "0":
        state.parts.setdefault("phone code", f"+{digits}")
    else:
        state.parts.setdefault("phone country", f"{step.header}: {value}")


def _calling_code(record: ImportedContact, state: RowState) -> None:
    """Write the calling code before the first phone written without one; keep the code and
    the country in the notes when no phone takes it."""
    code = state.parts.pop("phone code", "")
    country = state.parts.pop("phone country", "")
    used = False
    for index, (kind, number) in enumerate(record.phones if code else ()):
        if number.startswith(code):
            used = True  # written with its code already
            break
        if not number.startswith(("+", "00")):
            if number.startswith("0") and code not in _KEEP_TRUNK_ZERO:
                number = number[1:].lstrip()  # "07700 900123" is "+44 7700 900123"
            record.phones[index] = (kind, f"{code} {number}")
            used = True
            break
    if not used:
        state.extra.extend(
            line for line in (code and f"Phone calling code: {code}", country) if line
        )


def _add(
    found: list[tuple[str, str]], pairs: list[tuple[str, str]], step: Step, state: RowState
) -> None:
    """A cell's e-mails or phones, after those before; first of all where its label marks it
    as the primary one (Google's "* Work")."""
    if state.parts.pop(f"primary {step.name}", None) == step.group:
        found[:0] = pairs[:1]
        pairs = pairs[1:]
    found.extend(pairs)


def _listed(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    found = record.emails if step.name == "emails_list" else record.phones
    found.extend(labelled_list(value))


def _first(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    if not getattr(record, step.name):
        setattr(record, step.name, value)


def _company(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    if _RECORD_ID.fullmatch(value):  # a link to the company's record: kept for the user
        state.extra.append(f"{step.header}: {value}")
    elif not record.company:
        record.company = value


def _website(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    if record.website:
        state.extra.append(f"{step.header}: {value}")
    else:
        record.website = value


def _lifecycle(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    ours = lifecycle(value)
    if ours:
        record.lifecycle = record.lifecycle or ours
    else:
        state.extra.append(f"Lifecycle: {value}")


def _birthday(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    day, problem = parse_date(value, state.day_first)
    record.birthday = day or record.birthday
    if problem:  # the person still comes in, with the text where the user will see it
        record.warnings.append(f"Birthday: {problem} {KEPT_IN_NOTES}")
        state.extra.append(f"Birthday: {value}")


def _tags(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    record.tags.extend(split_tags(value))


def _external_id(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    record.external_id = f"{step.argument}:{value}" if step.argument else value


_YES = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si", "sim", "do not contact"})


# An e-mail's marketing status that says the person opted out (see ``generic``): Square's
# "Unsubscribed", Klaviyo's "UNSUBSCRIBED", Mailchimp's "unsubscribed", Brevo's "blacklisted".
_OPTED_OUT = frozenset(
    {
        "unsubscribed", "unsubscribe", "opted out", "opt out", "blacklisted", "blocklisted",
        "blocked", "do not contact", "abgemeldet", "desabonne", "desinscrit", "dado de baja",
    }
)  # fmt: skip


def _do_not_contact(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    if step.argument:  # "status" ("Unsubscribed") or "date" (when they unsubscribed)
        state.extra.append(f"{step.header}: {value}")
        opted_out = step.argument == "date" or fold(value) in _OPTED_OUT
    else:
        opted_out = value.strip().casefold() in _YES
    record.do_not_contact = record.do_not_contact or opted_out


def _stay_in_touch(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    days = value.strip().casefold().removesuffix("days").removesuffix("d").strip()
    if days.isdigit() and int(days) > 0:
        record.stay_in_touch_days = int(days)
    else:  # kept where the user will see it
        state.extra.append(f"{step.header}: {value}")


def _part(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    state.parts[step.name] = value  # birth_year, birth_month, birth_day


def company(line: int, values: list[str], steps: Plan, state: RowState) -> ImportedCompany:
    record = ImportedCompany(line=line)
    domain = ""
    for step, value in steps.cells(values):
        name = step.name
        if _is_false(step, value):
            continue
        if name == "name":
            record.name = f"{record.name} {value}" if record.name else value
        elif name == "phone" and is_scientific(value):  # Excel's "3,36123E+10": digits lost
            state.extra.append(f"{step.header}: {value}")
        elif name in ("website", "industry", "owner", "phone"):
            if not getattr(record, name):
                setattr(record, name, value.split(_MULTI)[0].strip())
            else:
                state.extra.append(f"{step.header}: {value}")
        elif name == "domain":
            domain = domain or value
        elif name == "tags":
            record.tags.extend(split_tags(value))
        elif name == "external_id":
            record.external_id = f"{step.argument}:{value}" if step.argument else value
        elif name in _COMMON:
            _COMMON[name](record, step, value, state)
    if not record.website and domain:
        record.website = domain
    record.tags = unique_tags(record.tags)
    addresses = _addresses(state)
    if addresses:
        record.address = addresses[0][1]
        state.extra.extend(_other_addresses(addresses))
    record.notes = notes_text(state)
    return record


# Parts an address has one of: a second ("Province Code" beside "Province", "Country Code"
# beside "Country", as Shopify writes both) goes to the notes, not into the address again.
_ONE_PER_ADDRESS = frozenset({"city", "region", "postal_code", "country"})


def _address(record: object, step: Step, value: str, state: RowState) -> None:
    parts = state.address(step.group)
    if step.name in _ONE_PER_ADDRESS and step.name in parts:
        if value not in parts[step.name]:
            state.extra.append(f"{step.header}: {value}")
        return
    parts.setdefault(step.name, []).append(value)


def _formatted(record: object, step: Step, value: str, state: RowState) -> None:
    state.address(step.group).setdefault("formatted", []).append(value)


def _label(record: object, step: Step, value: str, state: RowState) -> None:
    state.labels[step.group] = label(value)
    if step.name != "address_label" and is_primary(value):  # read by ``_email``
        state.parts[f"primary {step.name.removesuffix('_label')}"] = step.group


def notes_cell(record: object, step: Step, value: str, state: RowState) -> None:
    state.notes.append(html_to_text(value))


def labelled_cell(record: object, step: Step, value: str, state: RowState) -> None:
    if value.casefold() not in _NOTHING:
        state.extra.append(f"{step.argument or step.header}: {value}")


def _extra_label(record: object, step: Step, value: str, state: RowState) -> None:
    state.labels[step.group] = value


def _extra(record: object, step: Step, value: str, state: RowState) -> None:
    state.extra.append(f"{state.labels.get(step.group) or step.header}: {value}")


# A person's custom field labelled as one of our fields fills that field: our Google export
# writes lifecycle, owner and the rest there ("Lifecycle", "customer"; see ``csv_writer``).
_FIELD_OF_LABEL = {
    "lifecycle": "lifecycle",
    "owner": "owner",
    "source": "source",
    "do not contact": "do_not_contact",
    "preferred channel": "preferred_channel",
    "stay in touch days": "stay_in_touch_days",
    "referred by": "referred_by",
}


def _contact_extra(record: ImportedContact, step: Step, value: str, state: RowState) -> None:
    name = _FIELD_OF_LABEL.get(fold(state.labels.get(step.group, "")))
    if name:
        _CONTACT[name](record, replace(step, name=name), value, state)
    else:
        _extra(record, step, value, state)


# Address parts, labels and notes, which contacts and companies share.
_COMMON: dict[str, Callable[[object, Step, str, RowState], None]] = {
    **dict.fromkeys(
        ("street", "extended", "po_box", "city", "region", "postal_code", "country"), _address
    ),
    "address": _formatted,
    **dict.fromkeys(("email_label", "phone_label", "address_label"), _label),
    "notes": notes_cell,
    "notes_labeled": labelled_cell,
    "extra_label": _extra_label,
    "extra": _extra,
}


_CONTACT: dict[str, Handler] = {
    **_COMMON,
    "extra": _contact_extra,
    "first_name": _name,
    "last_name": _name,
    "full_name": _name,
    "email": _email,
    "phone": _phone,
    "phone_code": _phone_code,
    "emails_list": _listed,
    "phones_list": _listed,
    "title": _first,
    "company": _company,
    "source": _first,
    "owner": _first,
    "website": _website,
    "lifecycle": _lifecycle,
    "birthday": _birthday,
    "tags": _tags,
    "external_id": _external_id,
    "preferences": _first,
    "preferred_channel": _first,
    "do_not_contact": _do_not_contact,
    "stay_in_touch_days": _stay_in_touch,
    "referred_by": _first,
}


def labelled_list(text: str) -> list[tuple[str, str]]:
    """Our export's "work: ann@example.com; home: a@b.org" (a bare value has no label)."""
    found: list[tuple[str, str]] = []
    for part in text.split(";"):
        kind, colon, value = part.partition(": ")
        if not colon:
            kind, value = "", part
        if value.strip():
            found.append((kind.strip(), value.strip()))
    return found


def _unique(pairs: list[tuple[str, str]], *, casefold: bool) -> list[tuple[str, str]]:
    seen: set[str] = set()
    kept = []
    for kind, value in pairs:
        key = value.casefold() if casefold else value
        if key not in seen:
            seen.add(key)
            kept.append((kind, value))
    return kept


def _no_fax_first(phones: list[tuple[str, str]]) -> None:
    """A fax is not the primary number of someone who has another: Outlook's "Business Fax"
    column comes before its "Business Phone", and that says nothing about which one matters."""
    if "fax" in phones[0][0].casefold():
        voice = next((i for i, (kind, _) in enumerate(phones) if "fax" not in kind.casefold()), 0)
        phones.insert(0, phones.pop(voice))


def _addresses(state: RowState) -> list[tuple[str, str]]:
    """The row's addresses, the one to keep first: a column's "Other" address ("OtherStreet",
    which Salesforce writes before "MailingStreet") after the rest."""
    found: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    for group, parts in state.addresses.items():
        if "formatted" in parts:
            text = "\n".join(parts["formatted"])
        else:
            text = format_address(["\n".join(parts.get(key, [])) for key in _ADDRESS_ORDER])
        if text:
            kind = group.partition(":")[2] if group.startswith("label:") else ""
            (others if group == "label:other" else found).append(
                (state.labels.get(group, kind), text)
            )
    return found + others


def _other_addresses(addresses: list[tuple[str, str]]) -> list[str]:
    """The addresses after the first, as lines of the notes; one that is the first again
    (QuickBooks' shipping address, the same as the billing one) is left out."""
    first = addresses[0][1] if addresses else ""
    return [
        (f"Address ({kind}): " if kind else "Address: ") + text.replace("\n", ", ")
        for kind, text in addresses[1:]
        if text != first
    ]


def _birthday_of_parts(record: ImportedContact, state: RowState) -> None:
    parts = state.parts
    year_text = parts.get("birth_year", "")
    month_text = parts.get("birth_month", "")
    day_text = parts.get("birth_day", "")
    shown = "-".join(p for p in (year_text, month_text, day_text) if p)
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.casefold(), 0)
    if not (month and day_text.isdigit()):
        record.warnings.append(f"Birthday: “{shown}” is not a date we can read. {KEPT_IN_NOTES}")
        state.extra.append(f"Birthday: {shown}")
        return
    year = int(year_text) if year_text.isdigit() and int(year_text) > 0 else NO_YEAR
    try:
        record.birthday = date(year, month, int(day_text))
    except ValueError:
        record.warnings.append(f"Birthday: “{shown}” is not a real date. {KEPT_IN_NOTES}")
        state.extra.append(f"Birthday: {shown}")


def notes_text(state: RowState) -> str:
    """The notes cells, then a blank line, then the "Label: value" lines; every line break
    "\\n", as the app writes them, whatever the file used (Outlook: "\\r\\n" inside a cell)."""
    text = "\n\n".join(part for part in ("\n\n".join(state.notes), "\n".join(state.extra)) if part)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
