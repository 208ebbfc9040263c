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
