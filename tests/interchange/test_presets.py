"""Presets recognise a file's source from its header alone and map its columns with no work
from the user: Google (both layouts), Outlook, Thunderbird, HubSpot, our own export, and a
generic guess for anything else."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from crm_desktop.domain.imported import ImportedCompany, ImportedContact, ImportedDeal
from crm_desktop.interchange import (
    OUR_CONTACT_COLUMNS,
    PRESETS,
    TARGET_FIELDS,
    detect_preset,
    preset_for,
    read_table,
    records,
    target_label,
)
from crm_desktop.interchange.generic import generic_mapping, guess_target
from crm_desktop.interchange.targets import is_known
from crm_desktop.interchange.values import NO_YEAR

GOOGLE = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "E-mail 2 - Label",
    "E-mail 2 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Phone 2 - Label",
    "Phone 2 - Value",
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Address 1 - Street",
    "Address 1 - City",
    "Address 1 - PO Box",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Address 1 - Extended Address",
    "Website 1 - Label",
    "Website 1 - Value",
    "Relation 1 - Label",
    "Relation 1 - Value",
]
OUTLOOK = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage",
    "Notes", "Office Location", "Organizational ID Number", "Other Address PO Box", "Priority",
    "Private", "Profession", "Referred By", "Sensitivity", "Spouse", "User 1", "User 2",
    "User 3", "User 4", "Web Page",
]  # fmt: skip
HUBSPOT_CONTACTS = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name",
    "Job Title", "Lifecycle Stage", "Contact owner", "Lead Status", "Create Date",
    "Street Address", "City", "State/Region", "Postal Code", "Country/Region",
]  # fmt: skip
HUBSPOT_COMPANIES = [
    "Record ID", "Company name", "Company Domain Name", "Industry", "Phone Number",
    "Company owner", "City", "Country/Region", "Create Date", "Number of Employees",
]  # fmt: skip
HUBSPOT_DEALS = [
    "Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Pipeline", "Deal owner",
    "Associated Contact", "Associated Company", "Associated Contact IDs",
    "Associated Company IDs",
]  # fmt: skip


def write(tmp_path: Path, header: list[str], *rows: dict[str, str]) -> Path:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(name, "") for name in header])
    return path


def read(path: Path) -> tuple[str, list[object]]:
    table = read_table(path)
    preset = detect_preset(table.header)
    return preset.key, list(records(table, preset))


def test_every_preset_has_words_and_a_kind() -> None:
    assert set(PRESETS) >= {
        "google", "google_legacy", "outlook", "hubspot_contacts", "hubspot_companies",
        "hubspot_deals", "pipedrive_people", "pipedrive_organizations", "pipedrive_deals",
        "pipedrive_activities", "pipedrive_notes", "crm_desktop", "thunderbird", "generic",
    }  # fmt: skip
    for label, kind in PRESETS.values():
        assert label and kind in TARGET_FIELDS


def test_google_current_layout(tmp_path: Path) -> None:
    assert detect_preset(GOOGLE).label == "Google Contacts CSV"
    path = write(
        tmp_path,
        GOOGLE,
        {
            "First Name": "Ann", "Last Name": "Lee", "Middle Name": "May",
            "Organization Name": "Acme", "Organization Title": "Buyer",
            "Birthday": "--03-22", "Labels": "* myContacts ::: * starred ::: Friends",
            "E-mail 1 - Label": "* Work", "E-mail 1 - Value": "ann@acme.com ::: a.lee@acme.com",
            "E-mail 2 - Label": "Home", "E-mail 2 - Value": "ann@home.org",
            "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+1 555 0100",
            "Address 1 - Label": "Work", "Address 1 - Formatted": "1 Main St\nAustin, TX",
            "Address 1 - Street": "1 Main St", "Address 1 - City": "Austin",
            "Website 1 - Label": "Profile", "Website 1 - Value": "https://acme.com/ann",
            "Relation 1 - Label": "Spouse", "Relation 1 - Value": "Sam",
        },
    )  # fmt: skip
    key, (ann,) = read(path)
    assert key == "google"
    assert isinstance(ann, ImportedContact)
    assert (ann.first_name, ann.last_name, ann.company, ann.title) == (
        "Ann",
        "Lee",
        "Acme",
        "Buyer",
    )
    assert ann.emails == [
        ("work", "ann@acme.com"),
        ("work", "a.lee@acme.com"),
        ("home", "ann@home.org"),
    ]
    assert ann.phones == [("mobile", "+1 555 0100")]
    assert ann.tags == ["Friends"]  # Google's system groups dropped
    assert ann.birthday == date(1604, 3, 22)  # no year
    assert ann.address == "1 Main St\nAustin, TX"  # the formatted one, not its parts again
    assert ann.website == "https://acme.com/ann"
    assert ann.notes == "Middle name: May\nSpouse: Sam"


def test_outlook_92_columns(tmp_path: Path) -> None:
    assert len(OUTLOOK) == 92
    preset = detect_preset(OUTLOOK)
    assert (preset.key, preset.recognised) == ("outlook", 92)
    path = write(
        tmp_path,
        OUTLOOK,
        {
            "Title": "Dr.", "First Name": "Ann", "Last Name": "Lee", "Company": "Acme",
            "Department": "Sales", "Job Title": "Buyer", "Business Street": "1 Main St",
            "Business City": "Austin", "Business State": "TX", "Business Postal Code": "73301",
            "Business Country/Region": "United States", "Home City": "Round Rock",
            "Business Phone": "+1 555 0100", "Mobile Phone": "+1 555 0199",
            "Business Fax": "+1 555 0101", "E-mail Address": "ann@acme.com",
            "E-mail Type": "SMTP", "E-mail Display Name": "Ann Lee (ann@acme.com)",
            "E-mail 2 Address": "ann@home.org", "Birthday": "3/22/1980",
            "Anniversary": "0/0/00", "Categories": "VIP;Customers", "Notes": "Met at fair",
            "Gender": "Unspecified", "Priority": "Normal", "Sensitivity": "Normal",
            "Private": "False",
        },
    )  # fmt: skip
    key, (ann,) = read(path)
    assert key == "outlook"
    assert isinstance(ann, ImportedContact)
    assert (ann.first_name, ann.last_name, ann.company, ann.title) == (
        "Ann",
        "Lee",
        "Acme",
        "Buyer",
    )
    assert ann.emails == [("", "ann@acme.com"), ("", "ann@home.org")]
    assert ann.phones == [  # the fax's column comes first, but a fax is no primary number
        ("work", "+1 555 0100"),
        ("work fax", "+1 555 0101"),
        ("mobile", "+1 555 0199"),
    ]
    assert ann.address == "1 Main St\nAustin, TX 73301\nUnited States"
    assert ann.birthday == date(1980, 3, 22)
    assert ann.tags == ["VIP", "Customers"]
    # Outlook's "nothing" values (0/0/00, Unspecified, Normal, False) stay out of the notes
    assert (
        ann.notes
        == "Met at fair\n\nName prefix: Dr.\nDepartment: Sales\nAddress (home): Round Rock"
    )


def test_hubspot_contacts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HUBSPOT_CONTACTS,
        {
            "Record ID": "1201", "First Name": "Ann", "Last Name": "Lee",
            "Email": "ann@acme.com", "Phone Number": "+1 555 0100", "Company Name": "Acme",
            "Lifecycle Stage": "Marketing Qualified Lead", "Contact owner": "Sam Sales",
            "Lead Status": "Open", "Create Date": "2024-01-02 10:00", "City": "Austin",
        },
    )  # fmt: skip
    key, (ann,) = read(path)
    assert key == "hubspot_contacts"
    assert isinstance(ann, ImportedContact)
    assert ann.external_id == "hubspot:contact:1201"
    assert (ann.lifecycle, ann.owner, ann.company) == ("lead", "Sam Sales", "Acme")
    assert ann.notes == "Lead status: Open"
    assert ann.address == "Austin"


def test_hubspot_companies(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HUBSPOT_COMPANIES,
        {
            "Record ID": "88", "Company name": "Acme", "Company Domain Name": "acme.com",
            "Industry": "Retail", "Phone Number": "+1 555 0100", "Company owner": "Sam",
            "Number of Employees": "40",
        },
    )  # fmt: skip
    key, (acme,) = read(path)
    assert key == "hubspot_companies"
    assert isinstance(acme, ImportedCompany)
    assert (acme.name, acme.website, acme.industry, acme.phone, acme.owner) == (
        "Acme", "acme.com", "Retail", "+1 555 0100", "Sam",
    )  # fmt: skip
    assert acme.external_id == "hubspot:company:88"
    assert acme.notes == "Number of Employees: 40"


def test_hubspot_deals(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HUBSPOT_DEALS,
        {
            "Record ID": "5", "Deal Name": "Renewal", "Deal Stage": "Closed Lost",
            "Amount": "1,250.50", "Close Date": "2026-05-31", "Pipeline": "Sales Pipeline",
            "Deal owner": "Sam", "Associated Contact": "Ann Lee (ann@acme.com)",
            "Associated Company": "Acme", "Associated Contact IDs": "1201;1202",
            "Associated Company IDs": "88",
        },
    )  # fmt: skip
    key, (deal,) = read(path)
    assert key == "hubspot_deals"
    assert isinstance(deal, ImportedDeal)
    assert (deal.title, deal.stage, deal.status, deal.value_minor) == (
        "Renewal", "Closed Lost", "lost", 125050,
    )  # fmt: skip
    assert deal.expected_close == date(2026, 5, 31)
    assert (deal.contact, deal.company, deal.owner) == ("ann@acme.com", "Acme", "Sam")
    assert deal.contact_external_id == "hubspot:contact:1201"
    assert deal.company_external_id == "hubspot:company:88"
    assert deal.external_id == "hubspot:deal:5"


def test_our_own_layout(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        list(OUR_CONTACT_COLUMNS),
        {
            "Name": "Ann Lee", "First name": "Ann", "Last name": "Lee", "Title": "Buyer",
            "Company": "Acme", "Emails": "work: ann@acme.com; home: ann@home.org",
            "Phones": "mobile: +1 555 0199; +1 555 0100", "Address": "1 Main St\nAustin",
            "Birthday": "--12-24", "Website": "https://ann.example", "Tags": "VIP; Friends",
            "Lifecycle": "customer", "Owner": "Sam", "Source": "Fair 2025",
            "Notes": "Likes tea", "Preferences": "Calls after ten", "Preferred channel": "Phone",
            "Do not contact": "yes", "Stay in touch (days)": "every other week",
            "Referred by": "bo@lind.example", "ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        },
    )  # fmt: skip
    key, (ann,) = read(path)
    assert key == "crm_desktop"
    assert isinstance(ann, ImportedContact)
    assert ann.emails == [("work", "ann@acme.com"), ("home", "ann@home.org")]
    assert ann.phones == [("mobile", "+1 555 0199"), ("", "+1 555 0100")]
    assert (ann.title, ann.company, ann.address) == ("Buyer", "Acme", "1 Main St\nAustin")
    assert ann.birthday == date(1604, 12, 24)
    assert (ann.tags, ann.lifecycle, ann.owner, ann.source) == (
        ["VIP", "Friends"], "customer", "Sam", "Fair 2025",
    )  # fmt: skip
    # a stay-in-touch that is not a number of days is kept in the notes
    assert ann.notes == "Likes tea\n\nStay in touch (days): every other week"
    assert ann.website == "https://ann.example"
    assert (ann.preferences, ann.preferred_channel) == ("Calls after ten", "Phone")
    assert (ann.do_not_contact, ann.stay_in_touch_days) == (True, None)
    assert ann.referred_by == "bo@lind.example"
    assert ann.external_id == "crm_desktop:0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert ann.problems == []


def test_an_export_of_ours_from_before_the_preference_columns_is_still_ours(
    tmp_path: Path,
) -> None:
    older = [c for c in OUR_CONTACT_COLUMNS if c not in OUR_LATER_COLUMNS]
    path = write(tmp_path, older, {"Name": "Ann Lee", "Emails": "ann@acme.com", "Notes": "Hi"})
    key, (ann,) = read(path)
    assert key == "crm_desktop"
    assert (ann.full_name, ann.emails, ann.notes) == ("Ann Lee", [("", "ann@acme.com")], "Hi")


OUR_LATER_COLUMNS = (
    "Preferences",
    "Preferred channel",
    "Do not contact",
    "Stay in touch (days)",
    "Referred by",
)


def test_generic_guesses_by_header_words_in_several_languages() -> None:
    header = [
        "Vorname", "Nachname", "E-Mail (privat)", "Telefon geschäftlich", "Handy", "Firma",
        "Position", "Straße", "PLZ", "Ort", "Land", "Geburtstag", "Bemerkungen", "Lieblingsfarbe",
    ]  # fmt: skip
    preset = detect_preset(header)
    assert preset.key == "generic"
    assert [preset.mapping[i] for i in range(len(header))] == [
        "first_name", "last_name", "email:home", "phone:work", "phone:mobile", "company",
        "title", "street", "postal_code", "city", "country", "birthday", "notes",
        "notes_labeled",
    ]  # fmt: skip
    french = detect_preset(["Prénom", "Nom", "Courriel", "Téléphone portable", "Société"])
    assert list(french.mapping.values()) == [
        "first_name", "last_name", "email", "phone:mobile", "company",
    ]  # fmt: skip
    spanish = detect_preset(["Nombre", "Apellidos", "Correo electrónico", "Teléfono", "Empresa"])
    assert list(spanish.mapping.values()) == [
        "first_name",
        "last_name",
        "email",
        "phone",
        "company",
    ]
    portuguese = detect_preset(["Nome", "Sobrenome", "E-mail", "Celular", "Empresa", "Cargo"])
    assert list(portuguese.mapping.values()) == [
        "first_name", "last_name", "email", "phone:mobile", "company", "title",
    ]  # fmt: skip


def test_generic_reads_outlook_headers_written_in_french_portuguese_and_italian() -> None:
    french = [
        "Titre", "Prénom", "Nom", "Société", "Fonction", "Rue (bureau)", "Code postal (bureau)",
        "Tél. mobile", "Adresse de messagerie", "Nom complet de l'adresse de messagerie",
    ]  # fmt: skip
    assert list(detect_preset(french).mapping.values()) == [
        "notes_labeled:Name prefix", "first_name", "last_name", "company", "title",
        "street:work", "postal_code:work", "phone:mobile", "email", "skip",
    ]  # fmt: skip
    portuguese = ["Nome", "Apelido", "Endereço de email", "Nome de exibição do email", "Anotações"]
    assert list(detect_preset(portuguese).mapping.values()) == [
        "first_name", "last_name", "email", "skip", "notes",
    ]  # fmt: skip
    italian = [
        "Nome", "Cognome", "Società", "Posizione", "Città (uff.)", "CAP (uff.)", "Cellulare",
        "Indirizzo posta elettronica", "Nome visualizzato posta elettronica", "Compleanno",
        "Categorie",
    ]  # fmt: skip
    assert list(detect_preset(italian).mapping.values()) == [
        "first_name", "last_name", "company", "title", "city:work", "postal_code:work",
        "phone:mobile", "email", "skip", "birthday", "tags",
    ]  # fmt: skip


def test_generic_for_other_kinds_and_forcing_a_preset() -> None:
    header = ["Name", "Website", "Industry", "Phone"]
    companies = preset_for("generic", header, kind="company")
    assert companies.kind == "company"
    assert list(companies.mapping.values()) == ["name", "website", "industry", "phone"]
    forced = preset_for("outlook", ["First Name", "E-mail Address", "Shoe size"])
    assert forced.mapping == {0: "first_name", 1: "email", 2: "notes_labeled"}


def test_every_mapped_target_is_one_the_wizard_knows() -> None:
    for header in (GOOGLE, OUTLOOK, HUBSPOT_CONTACTS, HUBSPOT_COMPANIES, HUBSPOT_DEALS,
                   list(OUR_CONTACT_COLUMNS), YAHOO, ZOHO_STYLE):  # fmt: skip
        preset = detect_preset(header)
        for target in preset.mapping.values():
            assert is_known(target, preset.kind), (preset.key, target)
            assert target_label(target) != target or target == "skip", target


# Headers in the style of Zoho CRM's and Salesforce's contacts exports (made up here, column
# names as those programs label their fields): an id column and names, as HubSpot's have.
ZOHO_STYLE = [
    "Record Id", "Contact Owner", "Lead Source", "First Name", "Last Name", "Account Name",
    "Email", "Secondary Email", "Phone", "Mobile", "Asst Phone", "Email Opt Out",
    "Date of Birth", "Mailing Street", "Mailing City", "Mailing Zip", "Mailing Country",
    "Description", "Created Time",
]  # fmt: skip
SALESFORCE_STYLE = [
    "Contact ID", "Salutation", "First Name", "Last Name", "Title", "Account Name", "Phone",
    "Mobile", "Email", "Email Opt Out", "Do Not Call", "Fax Opt Out", "Birthdate",
    "Contact Owner", "Description",
]  # fmt: skip


def test_other_crms_exports_with_an_id_column_are_not_taken_for_hubspots(
    tmp_path: Path,
) -> None:
    key, (ann,) = read(
        write(
            tmp_path,
            ZOHO_STYLE,
            {"Record Id": "zcrm_41508680", "First Name": "Ann", "Last Name": "Lee",
             "Account Name": "Acme Ltd", "Email": "ann@acme.example",
             "Secondary Email": "ann@home.example", "Phone": "+44 20 7946 0018",
             "Asst Phone": "+44 20 7946 0019", "Email Opt Out": "true",
             "Date of Birth": "1980-03-22", "Description": "Met at the fair"},
        )
    )  # fmt: skip
    assert key == "zoho_contacts"  # Zoho's own preset, not HubSpot's
    assert isinstance(ann, ImportedContact)
    assert [value for _, value in ann.emails] == ["ann@acme.example", "ann@home.example"]
    assert ann.phones == [("", "+44 20 7946 0018"), ("assistant", "+44 20 7946 0019")]
    assert ann.do_not_contact  # "Email Opt Out": true, not an e-mail address "true"
    assert (ann.company, ann.external_id, ann.birthday) == (
        "Acme Ltd",
        "zoho:contact:zcrm_41508680",
        date(1980, 3, 22),
    )
    key, (bo,) = read(
        write(
            tmp_path,
            SALESFORCE_STYLE,
            {"Contact ID": "0035g00000ABCDE", "First Name": "Bo", "Last Name": "Berg",
             "Email": "bo@globex.example", "Email Opt Out": "0", "Do Not Call": "1",
             "Fax Opt Out": "1"},
        )
    )  # fmt: skip
    assert key == "generic"
    assert isinstance(bo, ImportedContact)
    assert [value for _, value in bo.emails] == ["bo@globex.example"]
    assert not bo.do_not_contact  # no opt-out of e-mail; the rest is kept in the notes
    assert "Do Not Call: 1" in bo.notes and "Fax Opt Out: 1" in bo.notes


def test_a_mailchimp_style_audience_export(tmp_path: Path) -> None:
    """Mailchimp writes birthdays without a year ("03/22") and tags each in quotes."""
    header = ["Email Address", "First Name", "Last Name", "Phone Number", "Birthday",
              "MEMBER_RATING", "OPTIN_TIME", "TAGS"]  # fmt: skip
    key, (ann, bo) = read(
        write(
            tmp_path,
            header,
            {"Email Address": "ann@example.com", "First Name": "Ann", "Birthday": "03/22",
             "OPTIN_TIME": "2024-01-02 10:00:00", "TAGS": '"VIP","Golf"'},
            {"Email Address": "bo@example.com", "First Name": "Bo", "Birthday": "12/01"},
        )
    )  # fmt: skip
    assert key == "generic"
    assert isinstance(ann, ImportedContact) and isinstance(bo, ImportedContact)
    assert ann.problems == [] and bo.problems == []
    assert (ann.birthday, bo.birthday) == (date(NO_YEAR, 3, 22), date(NO_YEAR, 12, 1))
    assert ann.tags == ["VIP", "Golf"]
    assert "OPTIN_TIME: 2024-01-02 10:00:00" in ann.notes


# Yahoo Mail's contacts export, its header as a public address-book exporter writes it for Yahoo
# (stored-file id 32444350031 of the code index: "Export for Yahoo! Address Book").
YAHOO = [
    "First", "Middle", "Last", "Nickname", "Email", "Category", "Distribution Lists",
    "Messenger ID", "Home", "Work", "Pager", "Fax", "Mobile", "Other", "Yahoo! Phone", "Primary",
    "Alternate Email 1", "Alternate Email 2", "Personal Website", "Business Website", "Title",
    "Company", "Work Address", "Work City", "Work State", "Work ZIP", "Work Country",
    "Home Address", "Home City", "Home State", "Home ZIP", "Home Country", "Birthday",
    "Anniversary", "Custom 1", "Custom 2", "Custom 3", "Comments", "Messenger ID1", "Skype ID",
]  # fmt: skip


def test_yahoo_mail_contacts(tmp_path: Path) -> None:
    key, (ann,) = read(
        write(
            tmp_path,
            YAHOO,
            {"First": "Ann", "Last": "Lee", "Nickname": "Annie", "Email": "ann@yahoo.example",
             "Category": "Friends", "Home": "+1 555 0100", "Work": "+1 555 0200",
             "Mobile": "+1 555 0300", "Primary": "mobile",
             "Alternate Email 1": "ann.lee@work.example", "Title": "Buyer", "Company": "Acme",
             "Work Address": "1 Main St", "Work City": "Austin", "Work State": "TX",
             "Work ZIP": "73301", "Birthday": "3/22/1980", "Comments": "Met at the fair",
             "Skype ID": "ann.lee"},
        )
    )  # fmt: skip
    assert key == "yahoo"
    assert isinstance(ann, ImportedContact)
    assert ann.phones == [
        ("home", "+1 555 0100"),
        ("work", "+1 555 0200"),
        ("mobile", "+1 555 0300"),
    ]
    assert [value for _, value in ann.emails] == ["ann@yahoo.example", "ann.lee@work.example"]
    assert (ann.title, ann.company, ann.tags, ann.birthday) == (
        "Buyer",
        "Acme",
        ["Friends"],
        date(1980, 3, 22),
    )
    assert ann.address == "1 Main St\nAustin, TX 73301"
    assert ann.notes.startswith("Met at the fair") and "Skype ID: ann.lee" in ann.notes
    assert "mobile" not in ann.notes  # "Primary" names a phone, it is no value to keep


def test_columns_about_someones_email_are_no_addresses(tmp_path: Path) -> None:
    """A HubSpot export with all properties has columns about e-mail that hold no address:
    they go to the notes; "Unsubscribed from all email" says do not contact."""
    header = [*HUBSPOT_CONTACTS, "Unsubscribed from all email", "Email hard bounce reason",
              "Marketing emails opened", "E-mail Type"]  # fmt: skip
    key, (ann,) = read(
        write(
            tmp_path,
            header,
            {"Record ID": "7", "First Name": "Ann", "Email": "ann@example.com",
             "Unsubscribed from all email": "true",
             "Email hard bounce reason": "550 mailbox unavailable",
             "Marketing emails opened": "12", "E-mail Type": "SMTP"},
        )
    )  # fmt: skip
    assert key == "hubspot_contacts"
    assert isinstance(ann, ImportedContact)
    assert ann.emails == [("", "ann@example.com")] and ann.problems == []
    assert ann.do_not_contact
    for line in ("Email hard bounce reason: 550 mailbox unavailable",
                 "Marketing emails opened: 12", "E-mail Type: SMTP"):  # fmt: skip
        assert line in ann.notes


def test_columns_about_a_phone_are_no_numbers() -> None:
    assert [guess_target(h) for h in ("Phone Type", "Phone Ext", "Work Phone Ext.")] == [
        "notes_labeled"
    ] * 3
    # the code goes before a number written without it (letters, "FR", stay in the notes)
    assert guess_target("Phone Country Code") == "phone_code"
    assert guess_target("Phones / Primary Phone Calling Code") == "phone_code"
    assert guess_target("Phone Country Code", "company") == "notes_labeled"
    assert [guess_target(h) for h in ("Mobile Phone Number", "Tel. Büro", "Phone 2")] == [
        "phone:mobile",
        "phone:work",
        "phone",
    ]


def test_columns_about_a_field_are_not_the_field() -> None:
    """ "Company ID" must not become the company's name, nor "Address Type" part of the
    address: such columns go to the notes, as any column nothing explains."""
    about = ["Address Type", "Website Type", "Company Type", "Company Size", "Company ID",
             "Company Domain", "Job Title Level", "Last Name Phonetic"]  # fmt: skip
    assert [guess_target(h) for h in about] == [None] * len(about)
    assert generic_mapping(["Company", "Company ID", "Address Type"])[0] == {
        0: "company",
        1: "notes_labeled",
        2: "notes_labeled",
    }
    fields = ["Postal Code", "Company Name", "Job Title", "Birth Year", "Home Street"]
    assert [guess_target(h) for h in fields] == [
        "postal_code",
        "company",
        "title",
        "birth_year",
        "street:home",
    ]


def test_the_owners_and_other_peoples_addresses_are_not_the_contacts(tmp_path: Path) -> None:
    """An "Owner Email" on every row, read as the contact's own address, would have matched
    every row to the first one and merged them all into one person."""
    header = ["First Name", "Last Name", "Email", "Owner Email", "Manager's Email", "Lead Owner"]
    key, (ann, bo) = read(
        write(
            tmp_path,
            header,
            {"First Name": "Ann", "Email": "ann@example.com", "Owner Email": "pia@ours.example",
             "Manager's Email": "boss@example.com"},
            {"First Name": "Bo", "Email": "bo@example.com", "Owner Email": "pia@ours.example"},
        )
    )  # fmt: skip
    assert key == "generic"
    assert isinstance(ann, ImportedContact) and isinstance(bo, ImportedContact)
    assert [value for _, value in ann.emails] == ["ann@example.com"]
    assert [value for _, value in bo.emails] == ["bo@example.com"]
    assert ann.owner == bo.owner == "pia@ours.example"
    assert "Manager's Email: boss@example.com" in ann.notes
