"""Files of programs no preset knows, whose headers an audit found read wrong by the guesser:
API names (EspoCRM's "emailAddress", Salesforce's "MailingCity"), id columns that link to other
records (Zendesk Sell's "contact_id"), yes-or-no columns and Odoo's "False" for empty fields,
SuiteCRM's reminder columns, a company's fax, Freshsales' "Work" and "Do not disturb", Odoo's
"Company, Person" display names. The headers and rows are as those programs write them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crm_desktop.domain.contacts import ContactDetail
from crm_desktop.domain.imported import ImportedContact
from crm_desktop.domain.importing import ImportOptions, ImportReport, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import Preset, detect_preset, preset_for, read_table, records
from crm_desktop.interchange.generic import guess_target
from crm_desktop.interchange.labels import label
from crm_desktop.interchange.words import header_words
from crm_desktop.store.db import sql


def write(tmp_path: Path, text: str, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def imported(services: Services, path: Path, preset: Preset | None = None) -> ImportReport:
    table = read_table(path)
    preset = preset or detect_preset(table.header)
    service = ImportService(services.clock, services.actor_id)
    return service.run(
        records(table, preset), file_name=path.name, source=preset.key, options=ImportOptions()
    )


def read(path: Path) -> list[ImportedContact]:
    table = read_table(path)
    found = list(records(table, detect_preset(table.header)))
    assert all(isinstance(record, ImportedContact) for record in found)
    return found  # type: ignore[return-value]


def people(services: Services) -> dict[str, ContactDetail]:
    rows = services.contacts.page(limit=100)
    return {row.display_name: services.contacts.get(row.id) for row in rows}


def external_ids(table: str) -> list[str]:
    return [key for (key,) in sql(f"SELECT key FROM external_key WHERE \"table\" = '{table}'")]


def companies() -> list[str]:
    return [name for (name,) in sql("SELECT name FROM company ORDER BY name")]


# -- API names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("emailAddress", "email address"),
        ("HasOptedOutOfEmail", "has opted out of email"),
        ("MailingPostalCode", "mailing postal code"),
        ("ReportsToId", "reports to id"),
        ("Street2", "street 2"),
        ("Phone1Label", "phone 1 label"),
        ("iPhone", "iphone"),
        ("eMail", "email"),
        ("MOBILE", "mobile"),
        ("E-mail Address", "e mail address"),
        ("first_name", "first name"),
    ],
)
def test_an_api_names_words(header: str, words: str) -> None:
    assert header_words(header) == words


def test_an_iphone_column_is_a_mobile_phone_as_its_label_is() -> None:
    assert guess_target("iPhone") == "phone:mobile"
    assert label("iPhone") == "mobile"


ESPOCRM = """\
id,name,salutationName,firstName,lastName,accountId,accountName,title,emailAddress,\
phoneNumber,doNotCall,addressStreet,addressCity,addressState,addressCountry,addressPostalCode,\
description,createdAt,assignedUserId,assignedUserName,emailAddressIsOptedOut,\
phoneNumberIsOptedOut,leadSource
65f1a2b3c4d5e6f70,Mr. Jürgen Weiß,Mr.,Jürgen,Weiß,65f1a2b3c4d5e6f01,Müller & Söhne GmbH,\
Einkaufsleiter,j.weiss@mueller-soehne.de,+49 89 1234567,0,Leopoldstraße 12,München,Bayern,\
Germany,80802,Met at Hannover Messe.,2024-03-15 10:20:11,65f000000000000a1,Sarah Connor,0,1,\
Trade Show
65f1a2b3c4d5e6f71,Ms. Chloé Lefèvre,Ms.,Chloé,Lefèvre,65f1a2b3c4d5e6f02,Atelier Lefèvre SARL,\
Directrice,chloe@atelier-lefevre.fr,+33 1 42 68 53 00,1,"12, rue de Rivoli",Paris,,France,\
75004,,2024-04-02 08:00:00,65f000000000000a2,Jean Dupont,1,0,Web Site
"""


def test_espocrm_api_names_fill_the_contacts_fields(services: Services, tmp_path: Path) -> None:
    report = imported(services, write(tmp_path, ESPOCRM))
    assert (report.created, report.rejected, report.warnings) == (2, [], [])
    found = people(services)
    weiss, chloe = found["Jürgen Weiß"], found["Chloé Lefèvre"]
    assert weiss.emails == (("", "j.weiss@mueller-soehne.de"),)
    assert weiss.phones == (("", "+49 89 1234567"),)
    assert weiss.company_name == "Müller & Söhne GmbH"
    assert weiss.address == "Leopoldstraße 12\nMünchen, Bayern 80802\nGermany"
    assert weiss.source == "Trade Show"
    # a phone number opted out of is no opt-out of e-mail: kept in the notes
    assert not weiss.do_not_contact
    assert "phoneNumberIsOptedOut: 1" in weiss.personal_notes
    assert "accountId: 65f1a2b3c4d5e6f01" in weiss.personal_notes
    assert chloe.do_not_contact  # emailAddressIsOptedOut
    assert sorted(external_ids("contact")) == ["65f1a2b3c4d5e6f70", "65f1a2b3c4d5e6f71"]


SALESFORCE_CONTACT = """\
"Id","IsDeleted","AccountId","LastName","FirstName","Salutation","Name","OtherStreet",\
"OtherCity","OtherCountry","MailingStreet","MailingCity","MailingState","MailingPostalCode",\
"MailingCountry","Phone","Fax","MobilePhone","HomePhone","ReportsToId","Email","Title",\
"Department","LeadSource","Birthdate","OwnerId","HasOptedOutOfEmail","HasOptedOutOfFax",\
"DoNotCall","PhotoUrl"
"0035g00000ABCDeAAF","false","0015g00000XyZ12AAB","Okafor","Chidi","Mr.","Chidi Okafor",\
"3 Creek Rd","Apapa","Nigeria","12 Marina Rd","Lagos","Lagos","101241","Nigeria",\
"+234 1 270 0000","+234 1 270 0001","+234 803 000 1111","","","chidi.okafor@palmoil.example",\
"Head of Procurement","Procurement","Partner Referral","1982-02-14","0055g00000OwNrAAAR",\
"false","false","false","/services/images/photo/0035g00000ABCDeAAF"
"0035g00000ABCDfAAF","false","0015g00000XyZ13AAB","Nakamura","Yui","Ms.","Yui Nakamura",\
"","","","1-1 Marunouchi","Chiyoda-ku","Tokyo","100-0005","Japan","+81 3-1234-5678","","",\
"+81 3-8765-4321","0035g00000ABCDeAAF","yui.nakamura@sakura.example","Buyer","","","","",\
"true","false","true",""
"""


def test_salesforce_data_export_api_names(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, SALESFORCE_CONTACT, "Contact.csv")
    chidi, _ = read(path)
    assert chidi.website == ""  # "PhotoUrl" is where a picture is: kept in the notes
    assert "PhotoUrl: /services/images/photo/0035g00000ABCDeAAF" in chidi.notes
    report = imported(services, path)
    assert (report.created, report.rejected, report.warnings) == (2, [], [])
    found = people(services)
    chidi_stored, yui = found["Chidi Okafor"], found["Yui Nakamura"]
    assert chidi_stored.phones == (
        ("", "+234 1 270 0000"),
        ("fax", "+234 1 270 0001"),
        ("mobile", "+234 803 000 1111"),
    )
    # the mailing address is the address; Salesforce's "Other" one, before it, goes to notes
    assert chidi_stored.address == "12 Marina Rd\nLagos, Lagos 101241\nNigeria"
    assert "Address (other): 3 Creek Rd, Apapa, Nigeria" in chidi_stored.personal_notes
    assert (chidi_stored.source, chidi_stored.birthday) == ("Partner Referral", date(1982, 2, 14))
    assert "Department: Procurement" in chidi_stored.personal_notes
    assert not chidi_stored.do_not_contact
    assert yui.phones == (("", "+81 3-1234-5678"), ("home", "+81 3-8765-4321"))
    assert yui.do_not_contact  # HasOptedOutOfEmail
    # the record's own id is its id; the ids of its account, owner and manager are links
    assert sorted(external_ids("contact")) == ["0035g00000ABCDeAAF", "0035g00000ABCDfAAF"]
    assert "AccountId: 0015g00000XyZ12AAB" in chidi_stored.personal_notes
    assert "OwnerId: 0055g00000OwNrAAAR" in chidi_stored.personal_notes
    assert "ReportsToId: 0035g00000ABCDeAAF" in yui.personal_notes
    assert "DoNotCall: true" in yui.personal_notes  # a call opt-out alone: see test_presets


# -- id columns ------------------------------------------------------------------------------

ZENDESK_SELL = """\
id,is_organization,name,first_name,last_name,title,email,phone,mobile,city,owner,contact_id
341234001,true,Kranich Maschinenbau AG,,,,info@kranich.example,+49 40 123456,,Hamburg,,
341234002,false,Lena Vogel,Lena,Vogel,COO,lena.vogel@kranich.example,+49 40 123457,\
+49 171 2345678,Hamburg,,341234001
"""


def test_a_link_to_another_record_is_not_the_rows_own_id(
    services: Services, tmp_path: Path
) -> None:
    report = imported(services, write(tmp_path, ZENDESK_SELL))
    assert (report.created, report.merged_in_file) == (2, 0)
    lena = people(services)["Lena Vogel"]
    assert lena.title == "COO"
    assert [email for _, email in lena.emails] == ["lena.vogel@kranich.example"]
    assert "contact_id: 341234001" in lena.personal_notes
    assert sorted(external_ids("contact")) == ["341234001", "341234002"]
    assert companies() == []  # "is_organization" is a yes or no, not a company's name


@pytest.mark.parametrize(
    ("header", "own"),
    [
        (["id", "Name", "contact_id"], 0),
        (["Contact ID", "Name", "Record Id"], 2),
        (["Contact ID", "Name"], 0),
        (["Name", "Parent ID", "ID", "Contact ID"], 2),
    ],
)
def test_the_own_id_column_of_several(header: list[str], own: int) -> None:
    mapping = preset_for("generic", header).mapping
    assert [i for i, target in mapping.items() if target == "external_id"] == [own]


# -- yes-or-no columns, Odoo's "False" -------------------------------------------------------

ODOO = """\
"Name","Is a Company","Related Company","Job Position","Email","Phone","Street","Street2",\
"City","Zip","Website","Birthdate"
"Azure Interior","True","","","azure.Interior24@example.com","(870)-931-0505",\
"4557 De Silva St","","Fremont","94538","http://www.azure-interior.com","False"
"Brandon Freeman","False","Azure Interior","Creative Director","brandon.freeman55@example.com",\
"(355)-687-3262","4557 De Silva St","Suite 3","Fremont","94538","False","False"
"Colleen Diaz","False","Azure Interior","Business Executive","False","False","False","False",\
"False","False","False","1983-04-02"
"""


def test_odoos_is_a_company_and_its_false_for_empty(services: Services, tmp_path: Path) -> None:
    report = imported(services, write(tmp_path, ODOO))
    assert (report.created, report.rejected, report.warnings) == (3, [], [])
    assert companies() == ["Azure Interior"]  # no company "True" or "False"
    found = people(services)
    brandon, colleen = found["Brandon Freeman"], found["Colleen Diaz"]
    assert (brandon.company_name, brandon.title) == ("Azure Interior", "Creative Director")
    assert brandon.address == "4557 De Silva St\nSuite 3\n94538 Fremont"
    assert brandon.birthday is None
    assert "Is a Company: False" in brandon.personal_notes
    assert "Birthdate" not in brandon.personal_notes and "Website" not in brandon.personal_notes
    assert (colleen.emails, colleen.phones, colleen.address) == ((), (), "")
    assert colleen.birthday == date(1983, 4, 2)


def test_a_false_is_kept_where_it_can_be_a_value(tmp_path: Path) -> None:
    (ann,) = read(write(tmp_path, "Name,Email,Active,Notes\nAnn Lee,False,False,False\n"))
    assert ann.emails == []
    assert ann.notes == "False\n\nActive: False"


ODOO_IMPORT_COMPATIBLE = """\
id,name,is_company,parent_id,email
base.res_partner_12,Azure Interior,True,,azure.Interior24@example.com
base.res_partner_address_15,Brandon Freeman,False,Azure Interior,brandon@example.com
__export__.res_partner_42,José Ramírez,False,41,jose@deco.example
"""


def test_odoos_parent_id_is_the_company_and_an_id_there_a_link(tmp_path: Path) -> None:
    _, brandon, jose = read(write(tmp_path, ODOO_IMPORT_COMPATIBLE))
    assert brandon.company == "Azure Interior"
    assert jose.company == ""
    assert "parent_id: 41" in jose.notes


@pytest.mark.parametrize(
    "header", ["Is a Company", "is_company", "is_organization", "IsPersonAccount"]
)
def test_a_yes_or_no_column_is_never_a_field(header: str) -> None:
    assert guess_target(header) is None


# -- SuiteCRM's reminders ------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Email Reminder Time", "Email Reminder Checked", "Email Reminder Sent", "Invalid Email"],
)
def test_columns_about_a_reminder_by_email_are_not_addresses(header: str) -> None:
    assert guess_target(header) == "notes_labeled"


def test_suitecrm_email_reminder_time_is_kept_in_the_notes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '"ID","Contact Name","Reminder Time","Email Reminder Time","Email Reminder Checked"\n'
        '"k1-0001","Peter O\'Neill","-1","-1","0"\n',
    )
    (peter,) = read(path)
    assert (peter.emails, peter.warnings) == ([], [])
    assert "Email Reminder Time: -1" in peter.notes


# -- a company's fax ------------------------------------------------------------------------

SUITECRM_ACCOUNTS = """\
"ID","Name","Fax","Billing City","Office Phone","Alternate Phone","Website"
"a1a2b3c4-0001","Acme Corp","+1 617 555 0109","Boston","+1 617 555 0100","","www.acme.example"
"a1a2b3c4-0002","Fax Only Ltd","+1 617 555 0209","Boston","","",""
"""


@pytest.mark.parametrize("key", ["generic", "hubspot_companies"])
def test_a_companys_fax_is_not_its_phone(services: Services, tmp_path: Path, key: str) -> None:
    path = write(tmp_path, SUITECRM_ACCOUNTS)
    imported(services, path, preset_for(key, read_table(path).header, "company"))
    rows = sql("SELECT name, phone, notes FROM company ORDER BY name").fetchall()
    assert rows == [
        ("Acme Corp", "+1 617 555 0100", "Fax: +1 617 555 0109"),
        ("Fax Only Ltd", "", "Fax: +1 617 555 0209"),
    ]


# -- Freshsales ------------------------------------------------------------------------------

FRESHSALES = """\
First name,Last name,Emails,Work,Mobile,Accounts,Do not disturb,Unsubscribed
Arjun,Mehta,arjun.mehta@infra.example,+91 80 4123 4567,+91 98450 12345,\
Infra Solutions Pvt Ltd,false,false
Neha,Kapoor,neha.k@retail.example,,+91 99999 00000,,true,false
"""


def test_freshsales_work_phone_do_not_disturb_and_account(
    services: Services, tmp_path: Path
) -> None:
    report = imported(services, write(tmp_path, FRESHSALES))
    assert (report.created, report.warnings) == (2, [])
    found = people(services)
    arjun, neha = found["Arjun Mehta"], found["Neha Kapoor"]
    assert arjun.phones == (("work", "+91 80 4123 4567"), ("mobile", "+91 98450 12345"))
    assert arjun.company_name == "Infra Solutions Pvt Ltd"
    assert (arjun.do_not_contact, neha.do_not_contact) == (False, True)


def test_a_work_column_that_holds_no_number_is_kept_in_the_notes(tmp_path: Path) -> None:
    (ann,) = read(write(tmp_path, "Name,Email,Work\nAnn Lee,ann@example.com,Acme Inc\n"))
    assert ann.phones == []
    assert ann.notes == "Work: Acme Inc"


# -- Odoo's display names ---------------------------------------------------------------------


def test_odoos_display_name_of_a_person_at_a_company(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Display Name,Related Company,Email\n"
        "Azure Interior,,info@azure.example\n"
        '"Azure Interior, Brandon Freeman",Azure Interior,brandon@azure.example\n'
        '"Lee, Ann",Lee,ann@lee.example\n',
    )
    _, _, ann = read(path)
    assert ann.full_name == "Lee, Ann"  # "Last, First" at a company of that name: left whole
    imported(services, path)
    brandon = people(services)["Brandon Freeman"]
    assert (brandon.first_name, brandon.last_name) == ("Brandon", "Freeman")
    assert brandon.company_name == "Azure Interior"
