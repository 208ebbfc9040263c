"""Every vCard in shared/testdata/import/vcard (written by Android, iPhone, Outlook, Gmail, ...)
read as a person would check it: names, emails, phones, organisation, title, notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import NO_YEAR, read_vcards

# shared/ sits beside the repository, in development and in CI alike
VCARDS = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "import" / "vcard"
pytestmark = pytest.mark.skipif(
    not VCARDS.is_dir(), reason="shared/testdata/import/vcard is not here (it is not in the repo)"
)

N = "Ñ"


def one(name: str) -> ImportedContact:
    cards = read_vcards(VCARDS / name)
    assert len(cards) == 1
    return cards[0]


def values(pairs: list[tuple[str, str]]) -> list[str]:
    return [value for _, value in pairs]


def test_every_file_reads_without_problems() -> None:
    files = sorted(VCARDS.glob("*.vcf"))
    assert len(files) == 17
    for path in files:
        cards = read_vcards(path)
        assert cards, path.name
        for card in cards:
            assert card.problems == [], (path.name, card.problems)
            assert card.full_name or card.last_name or card.emails, (path.name, card)


def test_android_quoted_printable_names_and_several_cards() -> None:
    cards = read_vcards(VCARDS / "John_Doe_ANDROID.vcf")
    assert [c.line for c in cards] == [1, 6, 11, 18, 36, 71]
    assert values(cards[0].emails) == ["john.doe@company.com"]
    assert cards[0].tags == []  # Android's "My Contacts" system group is not a tag
    assert cards[2].full_name == f"{N} {N} {N} {N} {N}"
    assert cards[2].phones == [("mobile", "123456789")]
    # a quoted-printable value over several lines (soft line breaks) is one name
    assert cards[3].last_name == " ".join([N] * 11)
    assert cards[3].phones == [
        ("mobile", "123456"),
        ("home", "234567"),
        ("mobile", "3456789"),
        ("home", "45678901"),
    ]
    assert cards[3].notes.startswith(f"{N} {N} {N}")
    bob = cards[4]
    assert (bob.first_name, bob.last_name) == (f"{N} {N} {N}", f"{N} {N}")
    assert bob.emails[0] == ("work", "bob@company.com")
    assert bob.phones == [("mobile", "123456"), ("work", "123456"), ("work fax", "123456")]
    assert bob.company == N * 12
    assert bob.website == "www.company.com"  # the JPEG photo after it is skipped unharmed
    assert cards[5].emails == [("", "henry@company.com")]
    assert cards[5].company == N * 44


def test_blackberry() -> None:
    card = one("John_Doe_BLACK_BERRY.vcf")
    assert (card.full_name, card.first_name, card.last_name) == ("John Doe", "john", "Doe")
    assert card.company == "Acme Solutions"
    assert card.phones == [("mobile", "+96123456789")]
    assert card.notes == ""


def test_evolution() -> None:
    card = one("John_Doe_EVOLUTION.vcf")
    assert card.full_name == "Mr. John Richter, James Doe Sr."
    assert (card.first_name, card.last_name) == ("John", "Doe")
    assert card.emails == [("work", "john.doe@ibm.com")]
    assert card.phones == [("mobile", "905-666-1234"), ("work", "905-555-1234")]
    assert (card.company, card.title) == ("IBM", "Money Counter")
    assert card.tags == ["VIP"]
    assert card.birthday == date(1980, 3, 22)
    assert card.notes.startswith("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS")
    assert "Department: Accounting, Dungeon" in card.notes
    assert "Nickname: Johny" in card.notes
    assert card.address.startswith("15 Crescent moon drive")


def test_gmail_item_groups_and_labels() -> None:
    card = one("John_Doe_GMAIL.vcf")
    assert card.full_name == "Mr. John Richter, James Doe Sr."  # a bare comma cut nothing
    assert card.emails == [("home", "john.doe@ibm.com")]
    assert card.phones == [("mobile", "905-555-1234"), ("home", "905-666-1234")]
    assert (card.company, card.title) == ("IBM", "Money Counter")
    assert card.website == "http://www.ibm.com"
    assert "Favotire Color: Blue" in card.notes
    assert "Anniversary: 1975-03-01" in card.notes  # item1.X-ABDATE with its X-ABLabel
    assert "Spouse: Jenny" in card.notes


def test_iphone() -> None:
    card = one("John_Doe_IPHONE.vcf")
    assert (card.first_name, card.last_name) == ("John", "Doe")
    assert values(card.emails) == ["john.doe@ibm.com"]
    assert card.phones == [
        ("mobile", "905-555-1234"),
        ("home", "905-666-1234"),
        ("work", "905-777-1234"),
        ("home fax", "905-888-1234"),
        ("work fax", "905-999-1234"),
        ("pager", "905-111-1234"),
        ("assistant", "905-222-1234"),  # item2.X-ABLabel:_$!<AssistantPhone>!$_
    ]
    assert (card.company, card.title) == ("IBM", "Money Counter")
    assert card.address == "Silicon Alley 5\nNew York, New York 12345\nUnited States of America"
    assert "Address (work): Street4, Building 6, Floor 8, 12345 New York, USA" in card.notes
    assert card.birthday == date(2012, 6, 6)


def test_lotus_notes() -> None:
    card = one("John_Doe_LOTUS_NOTES.vcf")  # vobject alone refuses this card (PROFILE:VCard)
    assert (card.first_name, card.last_name) == ("John", "Doe")
    assert values(card.emails) == ["john.doe@ibm.com", "billy_bob@gmail.com"]
    assert values(card.phones) == ["+1 (212) 204-34456", "00-1-212-555-7777"]
    assert (card.company, card.title) == ("IBM", "Generic Accountant")
    assert card.notes.startswith(
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"\n'
    )
    assert card.website == "http://www.sun.com"


def test_mac_address_book() -> None:
    card = one("John_Doe_MAC_ADDRESS_BOOK.vcf")
    assert card.emails == [("work", "john.doe@ibm.com")]
    assert card.phones[0] == ("work", "905-777-1234")
    assert card.phones[-1] == ("assistant", "905-222-1234")
    assert (card.company, card.title) == ("IBM", "Money Counter")
    assert "Spouse: Jenny" in card.notes


def test_ms_outlook() -> None:
    card = one("John_Doe_MS_OUTLOOK.vcf")
    assert card.full_name == "Mr. John Richter James Doe Sr."
    assert card.emails == [("", "john.doe@ibm.cm")]
    assert card.phones == [("work", "(905) 555-1234"), ("home", "(905) 666-1234")]
    assert (card.company, card.title) == ("IBM", "Money Counter")
    assert card.birthday == date(1980, 3, 22)  # BDAY:19800322
    assert card.notes.startswith("THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD ''AS IS''")
    assert card.address.startswith("Cresent moon drive")


def test_outlook_2003_quoted_printable_note() -> None:
    card = one("outlook-2003.vcf")
    assert (card.first_name, card.last_name) == ("John", "Doe")
    assert card.company == "Company, The"  # a comma is plain text in vCard 2.1
    assert card.title == "The Job Title"
    assert card.notes.startswith("This is the note field!!\nSecond line\n\nThird line is empty")
    assert values(card.phones) == ["BusinessPhone", "HomePhone", "MobilePhone", "BusinessFaxPhone"]
    assert card.emails == [("", "jdoe@hotmail.com")]
    assert card.birthday == date(1980, 3, 21)


def test_outlook_2007() -> None:
    card = one("outlook-2007.vcf")
    assert card.full_name == "Mr. Michael Angstadt Jr."
    assert (card.company, card.title) == ("TheCompany", "TheJobTitle")
    assert card.notes.startswith(
        "This is the NOTE field\t\nI assume it encodes this text inside a NOTE vCard type.\n"
    )
    assert card.phones[-1] == ("work fax", "(111) 555-3333")
    assert card.emails == [("", "mike.angstadt@gmail.com")]
    assert card.birthday == date(1922, 3, 10)


def test_gmail_single_and_list() -> None:
    single = one("gmail-single.vcf")
    assert single.full_name == "Greg Dartmouth"
    assert single.phones == [("mobile", "555 555 1111"), ("GRAND_CENTRAL", "555 555 2222")]
    assert (single.company, single.title) == ("TheCompany", "TheJobTitle")
    assert single.notes.startswith("This is GMail's note field.\nIt should be added")
    second = one("gmail-single2.vcf")
    assert ("CustomEmailCategory", "customcategory@example.com") in second.emails
    assert len(second.phones) == 11
    listed = read_vcards(VCARDS / "gmail-list.vcf")
    assert [c.full_name for c in listed] == ["Arnold Smith", "Chris Beatle", "Doug White"]
    assert [c.line for c in listed] == [1, 7, 13]


def test_thunderbird_extension() -> None:
    card = one("thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    assert card.full_name == "John Doe"
    assert len(card.emails) == 5 and card.emails[0] == ("", "doe.john@hotmail.com")
    assert card.tags == ["category1", "category2", "category3"]
    assert (card.company, card.title) == ("TheOrganization", "TheTitle")
    assert card.notes.startswith(
        "This is the notes field.\nSecond Line\n\nFourth Line\nYou can put anything in the "
        '"note" field; even curse words.'
    )
    assert card.birthday == date(1970, 9, 21)


def test_fullcontact_vcard_4() -> None:
    card = one("fullcontact.vcf")
    assert (card.first_name, card.last_name) == ("FirstName", "LastName")
    assert values(card.emails)[:2] == ["home@example.com", "work@example.com"]
    assert len(card.phones) == 9
    assert (card.company, card.title) == ("Organization1", "Title1")
    assert card.notes.startswith("Notes line 1\nNotes line 2")
    assert card.birthday == date(2016, 8, 1)


def test_rfc_examples() -> None:
    frank, tim = read_vcards(VCARDS / "rfc2426-example.vcf")
    assert frank.full_name == "Frank Dawson"
    assert frank.company == "Lotus Development Corporation"
    assert values(frank.emails) == ["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"]
    assert frank.phones == [("work", "+1-919-676-9515"), ("work fax", "+1-919-676-9564")]
    assert tim.full_name == "Tim Howes"
    simon = one("rfc6350-example.vcf")
    assert simon.phones == [("work", "+1-418-656-9254 ext. 102"), ("mobile", "+1-418-262-6501")]
    assert simon.birthday == date(NO_YEAR, 2, 3)  # BDAY:--0203, no year
    assert simon.company == "Viagenie"
