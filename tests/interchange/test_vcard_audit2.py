"""vCards as address books write them, which an audit found read wrong: contact groups (Apple's
and vCard 4.0's) read as people, custom labels with accents garbled, the middle name, prefix and
suffix lost, and a company's own card with an e-mail shown by that e-mail."""

from __future__ import annotations

from pathlib import Path

from crm_desktop.domain.contacts import ContactDetail
from crm_desktop.domain.importing import ImportOptions, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import read_vcards


def write(tmp_path: Path, text: str, name: str = "cards.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def stored(services: Services, path: Path) -> list[ContactDetail]:
    """``path`` imported (as the command does), then every contact, by name."""
    ImportService(services.clock, services.actor_id).run(
        read_vcards(path), file_name=path.name, source="vcard", options=ImportOptions()
    )
    rows = services.contacts.page(limit=100)
    return [services.contacts.get(row.id) for row in rows]


APPLE_GROUP = """BEGIN:VCARD
VERSION:3.0
N:Appleseed;Johnny;;;
FN:Johnny Appleseed
EMAIL:johnny@apple.example
UID:6A1E2B3C-1111-2222-3333-444455556666
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Okafor;Chidi;;;
FN:Chidi Okafor
TEL;type=CELL:+234 803 123 4567
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Golf Buddies
FN:Golf Buddies
X-ADDRESSBOOKSERVER-KIND:group
X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:6a1e2b3c-1111-2222-3333-444455556666
X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:7B000000-0000-0000-0000-00000000FFFF
UID:GROUP-0001
END:VCARD
"""

VCARD4_GROUP = """BEGIN:VCARD
VERSION:4.0
KIND:group
FN:Newsletter list
MEMBER:urn:uuid:1f2e3d4c-0000-4000-8000-000000000001
MEMBER:mailto:Kim.Lee@example.kr
MEMBER:mailto:someone@example.com
UID:urn:uuid:grp-0001
END:VCARD
BEGIN:VCARD
VERSION:4.0
UID:1f2e3d4c-0000-4000-8000-000000000001
FN:María García
N:García;María;;;
EMAIL:maria@empresa.example.es
CATEGORIES:Clientes
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Kim Lee
N:Lee;Kim;;;
EMAIL:kim.lee@example.kr
END:VCARD
"""


def test_an_apple_group_card_is_a_tag_on_its_members(tmp_path: Path) -> None:
    cards = read_vcards(write(tmp_path, APPLE_GROUP))
    assert [c.full_name for c in cards] == ["Johnny Appleseed", "Chidi Okafor"]
    assert [c.tags for c in cards] == [["Golf Buddies"], []]  # the other member is not here
    assert cards[0].warnings == [
        "1 group card, “Golf Buddies”, came in as a tag on its members in this file, "
        "not as a person."
    ]
    assert cards[1].warnings == []


def test_a_vcard4_group_card_is_a_tag_on_its_members(tmp_path: Path) -> None:
    cards = read_vcards(write(tmp_path, VCARD4_GROUP))
    assert [c.full_name for c in cards] == ["María García", "Kim Lee"]
    assert [c.tags for c in cards] == [["Clientes", "Newsletter list"], ["Newsletter list"]]
    assert len(cards[0].warnings) == 1 and "“Newsletter list”" in cards[0].warnings[0]


def test_group_cards_make_no_contact_however_often_imported(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, APPLE_GROUP + VCARD4_GROUP)
    for _ in range(2):
        people = stored(services, path)
        assert sorted(p.display_name for p in people) == [
            "Chidi Okafor",
            "Johnny Appleseed",
            "Kim Lee",
            "María García",
        ]
    tagged = {p.display_name: p.tags for p in people}
    assert tagged["Johnny Appleseed"] == ("Golf Buddies",)
    assert set(tagged["María García"]) == {"Clientes", "Newsletter list"}
    assert tagged["Chidi Okafor"] == ()
    warning = next(c.warnings for c in read_vcards(path) if c.warnings)
    assert warning == [
        "2 group cards, “Golf Buddies” and “Newsletter list”, came in as tags on their members "
        "in this file, not as people."
    ]


def test_custom_labels_keep_their_letters(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\n"
        "VERSION:2.1\n"
        "N:Test;Anna;;;\n"
        "TEL;X-Ferienhaus:+49 30 1234567\n"
        "TEL;X-Büro:+49 30 7654321\n"
        "TEL;X-Εξοχικό:22910 12345\n"
        "EMAIL;X-Privé:anna@example.fr\n"
        "END:VCARD\n"
        "BEGIN:VCARD\n"
        "VERSION:3.0\n"
        "N:Test;Bert;;;\n"
        'TEL;TYPE="Privé",pref:+49 30 1234568\n'
        "TEL;TYPE=x-Ferienhaus:+49 30 1234569\n"
        "TEL;TYPE=WORK,Privé:+49 30 1234570\n"
        "END:VCARD\n"
    )
    anna, bert = read_vcards(write(tmp_path, text))
    # "Büro" is one of the words for work, as in a CSV file's labels
    assert anna.phones == [
        ("Ferienhaus", "+49 30 1234567"),
        ("work", "+49 30 7654321"),
        ("Εξοχικό", "22910 12345"),
    ]
    assert anna.emails == [("Privé", "anna@example.fr")]
    assert [kind for kind, _ in bert.phones] == ["Privé", "Ferienhaus", "work"]


def test_a_label_in_the_cards_own_charset(tmp_path: Path) -> None:
    path = tmp_path / "old.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Test;Anna;;;\r\n"
        b"TEL;X-Priv\xe9;CHARSET=windows-1252:+33 1 23 45 67 89\r\nEND:VCARD\r\n"
    )
    (card,) = read_vcards(path)
    assert card.phones == [("Privé", "+33 1 23 45 67 89")]


def test_middle_name_prefix_suffix_and_androids_nickname_and_relation(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\n"
        "VERSION:3.0\n"
        "N:Appleseed;Johnny;Quincy;Dr.;Jr.\n"
        "FN:Dr. Johnny Quincy Appleseed Jr.\n"
        "NICKNAME:JQ\n"
        "END:VCARD\n"
        "BEGIN:VCARD\n"
        "VERSION:2.1\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2=D0=B0;"
        "=D0=9D=D0=B0=D1=82=D0=B0=D0=BB=D1=8C=D1=8F;=D0=A1=D0=B5=D1=80=D0=B3=D0=B5=D0=B5=D0=B2"
        "=D0=BD=D0=B0;;\n"
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Ната;1;;;;;;;;;;;;;\n"
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Пётр;14;;;;;;;;;;;;;\n"
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Ольга;0;Крёстная;;;;;;;;;;;;\n"
        "END:VCARD\n"
    )
    johnny, natalia = read_vcards(write(tmp_path, text))
    assert (johnny.first_name, johnny.last_name) == ("Johnny", "Appleseed")
    assert johnny.notes == (
        "Middle name: Quincy\nName prefix: Dr.\nName suffix: Jr.\nNickname: JQ"
    )  # as the Google and Outlook CSV presets write them
    assert (natalia.first_name, natalia.last_name) == ("Наталья", "Иванова")
    assert natalia.notes == (
        "Middle name: Сергеевна\nNickname: Ната\nSpouse: Пётр\nКрёстная: Ольга"
    )


COMPANY_CARDS = """BEGIN:VCARD
VERSION:3.0
N:;;;;
FN:Blue Bottle Coffee
ORG:Blue Bottle Coffee;
X-ABShowAs:COMPANY
EMAIL;type=INTERNET;type=WORK:hello@bluebottle.example
TEL;type=WORK:+1 510 000 0000
END:VCARD
BEGIN:VCARD
VERSION:4.0
KIND:org
FN:ACME Corporation
EMAIL;TYPE=work:sales@acme.example
END:VCARD
"""


def test_a_company_card_with_an_email_is_shown_by_the_companys_name(
    services: Services, tmp_path: Path
) -> None:
    cards = read_vcards(write(tmp_path, COMPANY_CARDS))
    assert [(c.full_name, c.company) for c in cards] == [
        ("", "Blue Bottle Coffee"),
        ("", "ACME Corporation"),  # KIND:org without ORG: its FN is the company
    ]
    path = write(tmp_path, COMPANY_CARDS)
    for _ in range(2):  # again: nothing new, nothing renamed
        people = stored(services, path)
        assert sorted((p.display_name, p.company_name) for p in people) == [
            ("ACME Corporation", "ACME Corporation"),
            ("Blue Bottle Coffee", "Blue Bottle Coffee"),
        ]
        assert all((p.first_name, p.last_name) == ("", "") for p in people)


def test_a_full_name_that_says_more_than_the_structured_one_is_kept(tmp_path: Path) -> None:
    """Monica writes a name its user typed as "Grandma Rose" with only "Rose" as the given
    name: the card's full name is kept in the notes. One that only repeats the parts is not."""
    path = write(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nN:;Rose;;;\nFN:Grandma Rose\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Perreault;Simon;;;ing. jr,M.Sc.\nFN:Simon Perreault\n"
        "END:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:李;小龙;;;\nFN:李小龙\nEND:VCARD\n",
    )
    rose, simon, li = read_vcards(path)
    assert rose.first_name == "Rose" and "Full name: Grandma Rose" in rose.notes
    assert "Full name" not in simon.notes and "Full name" not in li.notes
