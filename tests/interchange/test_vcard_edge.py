"""vCard cases written here by hand: what vobject cannot do alone (2.1's quoted-printable soft
line breaks, CHARSET parameters, bare types), Apple's item groups, photos skipped, a card
vobject refuses, a file cut short, UTF-16."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import vobject  # type: ignore[import-untyped]

from crm_desktop.interchange import NO_YEAR, read_vcards
from crm_desktop.interchange import vcard_reader as reader
from crm_desktop.interchange.values import KEPT_IN_NOTES


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "cards.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_vcard_21_quoted_printable_charsets_and_bare_types(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\n"
        "VERSION:2.1\n"
        "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=\n"
        "ller\n"
        "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:B=C3=A4ckerei Schulz, M=C3=BCnchen;Vertrieb\n"
        "TITLE:Meister\n"
        "TEL;WORK;VOICE:+49 89 123456\n"
        "TEL;CELL:+49 151 7654321\n"
        "TEL;HOME;FAX:+49 89 654321\n"
        "EMAIL;INTERNET;HOME:juergen@example.de\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:Erste Zeile=0D=0AZweite Zeile; mit Semikolon=\n"
        "\n"
        "BDAY:19650412\n"
        "END:VCARD\n"
    )
    (card,) = read_vcards(write(tmp_path, text))
    assert (card.first_name, card.last_name, card.full_name) == (
        "Jürgen",
        "Müller",
        "Jürgen Müller",
    )
    assert (card.company, card.title) == ("Bäckerei Schulz, München", "Meister")
    assert card.phones == [
        ("work", "+49 89 123456"),
        ("mobile", "+49 151 7654321"),
        ("home fax", "+49 89 654321"),
    ]
    assert card.emails == [("home", "juergen@example.de")]
    assert card.notes == "Erste Zeile\nZweite Zeile; mit Semikolon\n\nDepartment: Vertrieb"
    assert card.birthday == date(1965, 4, 12)


def test_a_space_after_a_soft_line_break_is_the_values_own(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nN:Gr=F6=DFer;J=F6rg\n"
        "NOTE;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:Zweite Zeile =96 mit=\n"
        " Gedankenstrich und =80 Zeichen.\n"
        "END:VCARD\n"
    )
    (card,) = read_vcards(write(tmp_path, text))
    assert card.notes == "Zweite Zeile – mit Gedankenstrich und € Zeichen."


def test_a_writer_that_indents_every_soft_line_break(tmp_path: Path) -> None:
    """Its lines after a soft line break all start with a blank, as folded lines do: the blank
    is not part of the value."""
    text = (
        "BEGIN:VCARD\nVERSION:2.1\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BC=\n"
        " ller\n"
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gr=C3=BC=C3=9Fe aus M=C3=BCn=\n"
        "\tchen,=20=\n"
        " bis bald\n"
        "END:VCARD\n"
    )
    (card,) = read_vcards(write(tmp_path, text))
    assert (card.full_name, card.notes) == ("Jürgen Müller", "Grüße aus München, bis bald")


def test_a_property_in_windows_1252_inside_a_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ren\xc3\xa9e Lef\xc3\xa8vre\r\n"
        b"NOTE:Caf\xe9 cr\xe8me\r\nEND:VCARD\r\n"
    )
    (card,) = read_vcards(path)
    assert (card.full_name, card.notes) == ("Renée Lefèvre", "Café crème")


def test_apple_item_groups_categories_and_birthdays(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nN:Lee;Ann;;;\nFN:Ann Lee\n"
        "item1.EMAIL;type=INTERNET:ann@club.org\nitem1.X-ABLabel:Tennis club\n"
        "item2.TEL:+1 555 0100\nitem2.X-ABLabel:_$!<Mobile>!$_\n"
        "CATEGORIES:VIP,Friends\nBDAY;VALUE=date:--0322\n"
        "ADR;TYPE=WORK:;;1 Main St;Austin;TX;73301;USA\nADR;TYPE=HOME:;;2 Elm St;Round Rock;;;\n"
        "URL:https://ann.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Bob\nBDAY:1980-02-30\n"
        'TEL;VALUE=uri;TYPE="work,voice":tel:+1-555-0199;ext=7\nEND:VCARD\n'
    )
    ann, bob = read_vcards(write(tmp_path, text))
    assert ann.emails == [("Tennis club", "ann@club.org")]
    assert ann.phones == [("mobile", "+1 555 0100")]
    assert ann.tags == ["VIP", "Friends"]
    assert ann.birthday == date(NO_YEAR, 3, 22)
    assert ann.address == "1 Main St\nAustin, TX 73301\nUSA"
    assert ann.notes == "Address (home): 2 Elm St, Round Rock"
    assert ann.website == "https://ann.example"
    assert (bob.line, bob.birthday) == (15, None)
    assert bob.problems == []  # the card comes in; the birthday is said and kept in its notes
    assert bob.warnings == [f"Birthday: “1980-02-30” is not a real date. {KEPT_IN_NOTES}"]
    assert bob.notes == "Birthday: 1980-02-30"
    assert bob.phones == [("work", "+1-555-0199 ext. 7")]


def test_photos_are_skipped_without_harm(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nN:Doe;Jane\n"
        "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQ\n"
        "  ECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGBwkIBgcJBwYGCAsICQoKCgoKBggLDAsKDAkKCgr\n"
        "  2wBDAQICAgICAgUDAwUKBwYHCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKC\n"
        "\n"
        "TEL;CELL:555-0100\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Joe\nPHOTO;ENCODING=b;TYPE=JPEG:not really base64!!\n"
        " still not\nEMAIL:joe@example.com\nEND:VCARD\n"
    )
    jane, joe = read_vcards(write(tmp_path, text))
    assert (jane.first_name, jane.last_name, jane.phones) == (
        "Jane",
        "Doe",
        [("mobile", "555-0100")],
    )
    assert (joe.full_name, joe.emails) == ("Joe", [("", "joe@example.com")])
    assert jane.problems == joe.problems == []


def test_a_card_vobject_refuses_is_read_by_hand(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nitem 1.EMAIL:ann@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Stone\nEMAIL:bob@example.com\nEND:VCARD\n"
    )
    ann, bob = read_vcards(write(tmp_path, text))
    assert (ann.full_name, ann.emails) == ("Ann Lee", [("", "ann@example.com")])
    assert (bob.full_name, bob.emails) == ("Bob Stone", [("", "bob@example.com")])


VCARDS = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "import" / "vcard"


@pytest.mark.skipif(not VCARDS.is_dir(), reason="shared/testdata/import/vcard is not here")
def test_reading_by_hand_agrees_with_vobject(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback reads every real file as vobject does (so a refused card loses little)."""
    with_vobject = {p.name: read_vcards(p) for p in sorted(VCARDS.glob("*.vcf"))}

    def refuse(*args: object, **kwargs: object) -> None:
        raise vobject.base.ParseError("refused")

    monkeypatch.setattr(reader.vobject, "readOne", refuse)
    for name, cards in with_vobject.items():
        by_hand = read_vcards(VCARDS / name)
        for ours, theirs in zip(by_hand, cards, strict=True):
            assert (ours.first_name, ours.last_name, ours.full_name) == (
                theirs.first_name,
                theirs.last_name,
                theirs.full_name,
            ), name
            assert (ours.emails, ours.phones, ours.company) == (
                theirs.emails,
                theirs.phones,
                theirs.company,
            ), name
            assert ours.birthday == theirs.birthday, name


def test_a_file_cut_short_keeps_its_cards(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEMAIL:bob@exa"
    )
    ann, bob = read_vcards(write(tmp_path, text))
    assert (ann.full_name, ann.problems) == ("Ann", [])
    assert bob.full_name == "Bob"
    assert bob.problems == ["The card starting on line 5 is cut short (it has no END:VCARD)."]


def test_a_card_without_end_before_the_next_is_not_lost(tmp_path: Path) -> None:
    """It used to vanish: neither imported nor reported."""
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@example.com\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Stone\nEND:VCARD\n"
    )
    ann, bob = read_vcards(write(tmp_path, text))
    assert (ann.line, ann.full_name, ann.emails) == (1, "Ann Lee", [("", "ann@example.com")])
    assert ann.problems == []  # read up to the next card, and said
    assert ann.warnings == [
        "The card starting on line 1 has no END:VCARD before the next card (line 5): it was "
        "read up to there. Check what came in."
    ]
    assert (bob.line, bob.full_name, bob.problems) == (5, "Bob Stone", [])
    (cut,) = read_vcards(write(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Cy Dee\nEMAIL:cy@x.io\n"))
    assert cut.problems == ["The card starting on line 1 is cut short (it has no END:VCARD)."]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_vcards_in_utf16_or_with_a_bom(tmp_path: Path, encoding: str) -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Ørsted\nN:Ørsted;Zoë;;;\nEND:VCARD\n"
    (card,) = read_vcards(write(tmp_path, text, encoding))
    assert (card.full_name, card.first_name) == ("Zoë Ørsted", "Zoë")


def test_folded_lines_and_lower_case_begin(tmp_path: Path) -> None:
    text = (
        "begin:vcard\nversion:3.0\nfn:Ann\n  Lee\nnote:a long note that goes on and o\n n\n"
        "end:vcard\n"
    )
    (card,) = read_vcards(write(tmp_path, text))
    assert (card.full_name, card.notes) == ("Ann Lee", "a long note that goes on and on")


def test_a_card_whose_only_name_is_its_email_has_no_name(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:solo@example.com\nN:;;;;\nEMAIL:solo@example.com\nEND:VCARD\n"
    )
    (card,) = read_vcards(write(tmp_path, text))
    assert (card.full_name, card.first_name, card.last_name) == ("", "", "")
    assert card.emails == [("", "solo@example.com")]


def test_social_profiles_and_vcard_4_telephone_uris(tmp_path: Path) -> None:
    text = (
        "BEGIN:VCARD\n"
        "VERSION:4.0\n"
        "FN:Ann Lee\n"
        "N:Lee;Ann;;;\n"
        "TEL;TYPE=cell;VALUE=uri:tel:+1-555-0100\n"
        'TEL;VALUE=uri;TYPE="voice,home":tel:+1-555-0101;ext=12\n'
        "SOCIALPROFILE;TYPE=github:https://github.com/annlee\n"
        "END:VCARD\n"
        "BEGIN:VCARD\n"
        "VERSION:3.0\n"
        "FN:Bo Lind\n"
        "N:Lind;Bo;;;\n"
        "X-SOCIALPROFILE;type=linkedin;x-user=bolind:http://www.linkedin.com/in/bolind\n"
        "X-SOCIALPROFILE;type=twitter:x-apple:bolind\n"
        "END:VCARD\n"
    )
    ann, bo = read_vcards(write(tmp_path, text))
    assert ann.phones == [("mobile", "+1-555-0100"), ("home", "+1-555-0101 ext. 12")]
    assert ann.notes == "GitHub: https://github.com/annlee"
    assert bo.notes == "LinkedIn: http://www.linkedin.com/in/bolind\nTwitter: x-apple:bolind"
