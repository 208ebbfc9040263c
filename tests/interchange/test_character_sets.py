"""8-bit CSV files beyond Windows-1252 and Mac Roman: Cyrillic, Central European, Greek and
Turkish files recognised by their words; Western files still read as Windows-1252 however their
languages mix; and a character set chosen by hand, used for the rows and refused with a clear
message when it cannot read the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.interchange import UnreadableFile, detect_preset, read_table, records
from crm_desktop.interchange.charsets import MIXED
from crm_desktop.interchange.csv_reader import read_csv
from crm_desktop.interchange.opened import open_file

HEADER = ["First Name", "Last Name", "City", "Notes"]
RUSSIAN = [
    ["Иван", "Петров", "Москва", "Перезвонить в среду"],
    ["Мария", "Смирнова", "Санкт-Петербург", "Встреча перенесена на пятницу"],
    ["Сергей", "Кузнецов", "Новосибирск", "Клиент был доволен"],
    ["Ольга", "Попова", "Екатеринбург", "Отправить предложение, срочно"],
]
POLISH = [
    ["Łukasz", "Żółkiewski", "Łódź", "Zadzwonić w środę"],
    ["Małgorzata", "Wąs", "Wrocław", "Spotkanie przełożone na piątek"],
    ["Grzegorz", "Brzęczyszczykiewicz", "Gdańsk", "Klient był zadowolony"],
]
CZECH = [
    ["Jiří", "Dvořák", "Plzeň", "Zavolat ve středu"],
    ["Věra", "Čermáková", "České Budějovice", "Schůzka přeložena na pátek"],
    ["Tomáš", "Růžička", "Brno", "Zákazník byl spokojený"],
]
# Hungarian reads as words in Windows-1252 too ("Gyõr", "Szûcs"): it takes a list long enough
# to show that one language (Hungarian) explains every word only in Windows-1250.
HUNGARIAN = [
    [first, last, city, "Ügyfél"]
    for first, last, city in zip(
        ["Győző", "Erzsébet", "Ödön", "Tünde", "László", "Gábor", "Zoltán", "Ágnes"] * 2,
        ["Kőszegi", "Szűcs", "Fülöp", "Erdős", "Kovács", "Tóth", "Szőke", "Molnár"] * 2,
        ["Győr", "Pécs", "Debrecen", "Szeged", "Miskolc", "Nyíregyháza", "Kőszeg", "Eger"] * 2,
        strict=True,
    )
]
GREEK = [
    ["Γιώργος", "Παπαδόπουλος", "Αθήνα", "Να καλέσει την Τετάρτη"],
    ["Μαρία", "Κωνσταντίνου", "Θεσσαλονίκη", "Συνάντηση την Παρασκευή"],
]
TURKISH = [
    ["Şükrü", "Yılmaz", "İstanbul", "Çarşamba günü aranacak"],
    ["Gülşen", "Öztürk", "İzmir", "Cuma günü toplantı"],
    ["Ayşe", "Doğan", "Eskişehir", "Teklif gönderilecek"],
]
WESTERN = [  # the languages of Windows-1252 in one list, as an international firm's might be
    ["Jürgen", "Müller", "München", "Grüße an Frau Schäfer"],
    ["Renée", "Lefèvre", "Besançon", "Très intéressée, rappeler à 15h"],
    ["José", "Núñez", "Málaga", "Llamar el miércoles"],
    ["Niccolò", "Rossi", "Forlì", "Richiamare lunedì, è interessato"],
    ["Søren", "Jørgensen", "Århus", "Ring tilbage på mandag"],
    ["Åsa", "Öberg", "Göteborg", "Möte nästa vecka"],
    ["João", "Gonçalves", "São Paulo", "Ligação às três"],
    ["Anaïs", "Thijssen", "Eindhoven", "Coördinatie"],
]


def write(path: Path, rows: list[list[str]], encoding: str) -> Path:
    text = "".join(";".join(row) + "\r\n" for row in [HEADER, *rows])
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("rows", "encoding", "name"),
    [
        (RUSSIAN, "cp1251", "Windows-1251"),
        (POLISH, "cp1250", "Windows-1250"),
        (CZECH, "cp1250", "Windows-1250"),
        (HUNGARIAN, "cp1250", "Windows-1250"),
        (GREEK, "cp1253", "Windows-1253"),
        (TURKISH, "cp1254", "Windows-1254"),
    ],
    ids=["russian", "polish", "czech", "hungarian", "greek", "turkish"],
)
def test_an_8_bit_file_is_read_in_the_character_set_its_words_make_sense_in(
    tmp_path: Path, rows: list[list[str]], encoding: str, name: str
) -> None:
    table = read_table(write(tmp_path / "people.csv", rows, encoding))
    assert (table.encoding, table.encoding_name) == (encoding, name)
    assert table.header == HEADER
    assert [row.values for row in table.rows] == rows


def test_western_files_stay_windows_1252_however_their_languages_mix(tmp_path: Path) -> None:
    # Each of these reads as words in Windows-1250 too ("Lefčvre", "Niccolň"): only a file
    # whose words Windows-1252 cannot make sense of is taken for Central European.
    mixed = read_table(write(tmp_path / "mixed.csv", WESTERN, "cp1252"))
    assert mixed.encoding == "cp1252"
    assert [row.values for row in mixed.rows] == WESTERN
    for n, row in enumerate(WESTERN):
        path = write(tmp_path / f"{n}.csv", [row] * 20, "cp1252")
        assert read_table(path).encoding == "cp1252", row
    both = write(tmp_path / "both.csv", [WESTERN[0], *POLISH], "cp1250")
    assert read_table(both).encoding == "cp1250"  # Polish names beside a German one


def test_a_utf8_file_with_rows_added_in_windows_1252_reads_each_line_in_its_own(
    tmp_path: Path,
) -> None:
    """Excel appended rows to a UTF-8 file: read whole as Windows-1252, "Zoë" was "ZoÃ«"."""
    utf8 = "".join(f"Zoë {n};Łódź;café\r\n" for n in range(3000))  # many of a read's chunks
    added = "Renée Lefèvre;Besançon;€ 5\r\nMüller;Köln;„Grüße“\r\n".encode("cp1252")
    path = tmp_path / "people.csv"
    path.write_bytes(f"Name;City;Notes\r\n{utf8}".encode() + added + "Ann;Łódź;ok\r\n".encode())
    table = read_table(path)
    assert (table.encoding, table.encoding_name) == (MIXED, "UTF-8 and Windows-1252")
    rows = [row.values for row in table.rows]
    assert len(rows) == 3003 and rows[0] == ["Zoë 0", "Łódź", "café"]
    assert rows[-3:] == [
        ["Renée Lefèvre", "Besançon", "€ 5"],
        ["Müller", "Köln", "„Grüße“"],
        ["Ann", "Łódź", "ok"],
    ]
    assert table.notice == (
        "Lines 3,002 and 3,003 are not UTF-8 like the rest of the file: they were read as "
        "Windows-1252, so check their accented letters."
    )
    assert table.notice in open_file(path).describe()


def test_a_windows_1252_file_with_a_line_that_reads_as_utf8_stays_windows_1252(
    tmp_path: Path,
) -> None:
    rows = [["Renée", "Lefèvre", "Besançon", ""], ["José", "Müller", "Köln", ""]]
    rows.append(["DONA", "Ã©", "", ""])  # this line alone reads as UTF-8 too: "Ã©" is "é" there
    table = read_table(write(tmp_path / "people.csv", rows, "cp1252"))
    assert (table.encoding, table.notice) == ("cp1252", "")
    assert [row.values for row in table.rows] == rows


def test_a_character_set_chosen_by_hand_reads_the_rows_and_the_records(tmp_path: Path) -> None:
    path = write(tmp_path / "short.csv", [["Иван", "Петров", "Moscow", ""]], "cp1251")
    assert read_table(path).encoding == "cp1252"  # two words are too few to go by
    table = read_csv(path, encoding="cp1251")
    assert (table.encoding, table.encoding_name) == ("cp1251", "Windows-1251")
    assert [row.values for row in table.rows] == [["Иван", "Петров", "Moscow", ""]]
    opened = open_file(path, encoding="cp1251")
    assert opened.describe().endswith(" · Windows-1251, semicolon")
    assert opened.preview == [["Иван", "Петров", "Moscow", ""]]
    person = next(iter(opened.records()))  # what the import reads, in the same encoding
    assert (person.first_name, person.last_name) == ("Иван", "Петров")
    western = open_file(path, encoding="cp1252")  # a wrong 8-bit choice reads, wrongly
    assert western.preview[0][0] == "Èâàí"
    assert next(iter(records(western.table, detect_preset(western.header)))).first_name == "Èâàí"


@pytest.mark.parametrize(
    ("encoding", "words"),
    [
        ("utf-8", ["cannot be read as UTF-8", "line 2 has 0xC8 (byte 28 of the file)"]),
        ("cp1250", ["cannot be read as Windows-1250", "line 4 has 0x98 (byte 78 of the file)"]),
        ("utf-16-le", ["cannot be read as UTF-16 LE", "the file ends in the middle of a"]),
        ("klingon", ["“klingon” is not a character set we know"]),
    ],
)
def test_a_character_set_that_cannot_read_the_file_says_where_it_fails(
    tmp_path: Path, encoding: str, words: list[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(
        "First Name;Last Name;City\r\nИван;Петров;Москва\r\nAnn;Lee;Leeds\r\n".encode("cp1251")
        + b"Bo;Chen;Nizhny \x98\r\n"  # a byte Windows-1250 (and 1251) leaves undefined
        + b"\r"  # an odd number of bytes: UTF-16 ends in the middle of a character
    )
    with pytest.raises(UnreadableFile) as caught:
        open_file(path, encoding=encoding)
    message = str(caught.value)
    for word in words:
        assert word in message
    assert "Traceback" not in message


def test_a_wrong_choice_is_found_far_into_a_big_file(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = "".join(f"Person {n};p{n}@example.com\r\n" for n in range(60_000))  # over 1 MB
    path.write_bytes(("Name;Email\r\n" + rows + "Zoë;zoe@example.com\r\n").encode("cp1252"))
    with pytest.raises(UnreadableFile) as caught:
        read_csv(path, encoding="utf-8")
    assert "line 60,002 has 0xEB" in str(caught.value)
    assert read_csv(path, encoding="cp1252").row_count == 60_001
