"""Exports in other languages and Google's markers, read as their programs meant them: Outlook's
classic export in German (and French), HubSpot's contacts export in German, Google's "* "
primary marks and system groups, and the custom fields our own Google layout writes."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from crm_desktop.domain.imported import ImportedContact
from crm_desktop.interchange import detect_preset, read_table, records
from crm_desktop.interchange.preset_locales import HUBSPOT_TRANSLATED, OUTLOOK_TRANSLATED
from crm_desktop.interchange.preset_tables import HUBSPOT_CONTACT_COLUMNS, OUTLOOK_COLUMNS

# German Outlook's classic export (Datei > Öffnen und exportieren > Importieren/Exportieren),
# all 92 columns, as it writes them.
OUTLOOK_DE = [
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung",
    "Position", "Straße geschäftlich", "Straße geschäftlich 2", "Straße geschäftlich 3",
    "Ort geschäftlich", "Region geschäftlich", "Postleitzahl geschäftlich",
    "Land/Region geschäftlich", "Straße privat", "Straße privat 2", "Straße privat 3",
    "Ort privat", "Bundesland/Kanton privat", "Postleitzahl privat", "Land/Region privat",
    "Weitere Straße", "Weitere Straße 2", "Weitere Straße 3", "Weiterer Ort",
    "Weiteres/r Bundesland/Kanton", "Weitere Postleitzahl", "Weiteres/e Land/Region",
    "Telefon Assistent", "Fax geschäftlich", "Telefon geschäftlich", "Telefon geschäftlich 2",
    "Rückmeldung", "Autotelefon", "Telefon Firma", "Fax privat", "Telefon privat",
    "Telefon privat 2", "ISDN", "Mobiltelefon", "Weiteres Fax", "Weiteres Telefon", "Pager",
    "Haupttelefon", "Mobiltelefon 2", "Telefon für Hörbehinderte", "Telex",
    "Abrechnungsinformationen", "Benutzer 1", "Benutzer 2", "Benutzer 3", "Benutzer 4",
    "Beruf", "Büro", "E-Mail-Adresse", "E-Mail-Typ", "E-Mail: Angezeigter Name",
    "E-Mail 2: Adresse", "E-Mail 2: Typ", "E-Mail 2: Angezeigter Name", "E-Mail 3: Adresse",
    "E-Mail 3: Typ", "E-Mail 3: Angezeigter Name", "Empfohlen von", "Geburtstag", "Geschlecht",
    "Hobby", "Initialen", "Internet-Frei/Gebucht", "Jahrestag", "Kategorien", "Kinder", "Konto",
    "Name Assistent", "Name des/der Vorgesetzten", "Notizen", "Organisations-Nr.", "Ort",
    "Partner", "Postfach geschäftlich", "Postfach privat", "Priorität", "Privat",
    "Regierungs-Nr.", "Reisekilometer", "Sprache", "Stichwörter", "Vertraulichkeit",
    "Verzeichnisserver", "Webseite", "Weiteres Postfach",
]  # fmt: skip
# What German Outlook writes for every contact, whatever it holds.
OUTLOOK_DE_DEFAULTS = {
    "E-Mail-Typ": "SMTP", "Jahrestag": "0.0.00", "Priorität": "Normal", "Privat": "Aus",
    "Vertraulichkeit": "Normal", "Geschlecht": "Nicht angegeben",
}  # fmt: skip


def write(path: Path, header: list[str], rows: list[dict[str, str]], **dialect: str) -> Path:
    encoding = dialect.pop("encoding", "utf-8")
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, **dialect)  # type: ignore[arg-type]
        writer.writerow(header)
        writer.writerows([row.get(name, "") for name in header] for row in rows)
    return path


def read(path: Path) -> tuple[str, list[ImportedContact]]:
    table = read_table(path)
    preset = detect_preset(table.header)
    found = list(records(table, preset))
    assert all(isinstance(record, ImportedContact) for record in found)
    return preset.key, found  # type: ignore[return-value]


def test_german_outlook_is_outlook_and_its_default_values_stay_out_of_the_notes(
    tmp_path: Path,
) -> None:
    assert len(OUTLOOK_DE) == 92
    preset = detect_preset(OUTLOOK_DE)
    assert (preset.key, preset.recognised) == ("outlook", 92)
    gunther = {
        **OUTLOOK_DE_DEFAULTS,
        "Anrede": "Herr", "Vorname": "Günther", "Nachname": "Weiß", "Firma": "Bäckerei Weiß",
        "Position": "Geschäftsführer", "Straße geschäftlich": "Hauptstraße 5",
        "Ort geschäftlich": "Köln", "Postleitzahl geschäftlich": "50667",
        "Land/Region geschäftlich": "Deutschland", "Fax geschäftlich": "+49 221 123457",
        "Telefon geschäftlich": "+49 221 123456", "Mobiltelefon": "0171 9876543",
        "E-Mail-Adresse": "g.weiss@example.de",
        "E-Mail: Angezeigter Name": "Günther Weiß (g.weiss@example.de)",
        "Geburtstag": "03.04.1968", "Kategorien": "Kunden;Großhandel", "Ort": "Filiale Süd",
        "Notizen": "Liefert montags.",
    }  # fmt: skip
    anna = {**OUTLOOK_DE_DEFAULTS, "Vorname": "Anna", "Jahrestag": "24.12.2015"}
    path = write(tmp_path / "de.csv", OUTLOOK_DE, [gunther, anna], delimiter=";", encoding="cp1252")
    key, (weiss, schroder) = read(path)
    assert key == "outlook"
    assert (weiss.first_name, weiss.last_name, weiss.company, weiss.title) == (
        "Günther", "Weiß", "Bäckerei Weiß", "Geschäftsführer"
    )  # fmt: skip
    assert weiss.emails == [("", "g.weiss@example.de")]
    assert weiss.phones == [
        ("work", "+49 221 123456"), ("work fax", "+49 221 123457"), ("mobile", "0171 9876543")
    ]  # fmt: skip
    assert weiss.address == "Hauptstraße 5\n50667 Köln\nDeutschland"
    assert (weiss.birthday, weiss.tags) == (date(1968, 4, 3), ["Kunden", "Großhandel"])
    # "Ort" alone is Outlook's location (a site), not the city
    assert weiss.notes == "Liefert montags.\n\nName prefix: Herr\nOrt: Filiale Süd"
    assert schroder.notes == "Anniversary: 24.12.2015"  # a real one is kept


def test_french_outlook_has_two_titre_columns_the_prefix_then_the_job_title(
    tmp_path: Path,
) -> None:
    header = [
        "Titre", "Prénom", "Nom", "Société", "Service", "Titre", "Rue (bureau)", "Ville (bureau)",
        "Code postal (bureau)", "Téléphone (bureau)", "Tél. mobile", "Adresse de messagerie",
        "Type de messagerie", "Nom complet de l'adresse de messagerie", "Anniversaire",
        "Catégories", "Priorité", "Critère de diffusion",
    ]  # fmt: skip
    row = {
        "Prénom": "Amélie", "Nom": "Dubois", "Société": "Acme", "Service": "Ventes",
        "Rue (bureau)": "12 rue de la Paix", "Ville (bureau)": "Paris",
        "Code postal (bureau)": "75002", "Téléphone (bureau)": "01 44 55 66 77",
        "Adresse de messagerie": "amelie@acme.fr", "Type de messagerie": "SMTP",
        "Anniversaire": "17/05/1985", "Priorité": "Normale", "Critère de diffusion": "Normal",
    }  # fmt: skip
    path = tmp_path / "fr.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(["M." if i == 0 else "Directrice" if i == 5 else row.get(name, "")
                         for i, name in enumerate(header)])  # fmt: skip
    key, (amelie,) = read(path)
    assert key == "outlook"
    assert (amelie.first_name, amelie.last_name, amelie.title) == ("Amélie", "Dubois", "Directrice")
    assert amelie.emails == [("", "amelie@acme.fr")]
    assert amelie.phones == [("work", "01 44 55 66 77")]
    assert amelie.address == "12 rue de la Paix\n75002 Paris"
    assert amelie.birthday == date(1985, 5, 17)
    assert amelie.notes == "Name prefix: M.\nDepartment: Ventes"


def test_every_translated_column_stands_for_a_known_english_one() -> None:
    assert set(OUTLOOK_TRANSLATED) <= set(OUTLOOK_COLUMNS)
    assert set(HUBSPOT_TRANSLATED) <= set(HUBSPOT_CONTACT_COLUMNS)


def test_a_german_list_with_a_few_outlook_like_words_is_not_outlook() -> None:
    assert detect_preset(["Vorname", "Nachname", "Firma", "Mobiltelefon", "Ort"]).key == "generic"


def test_german_hubspot_contacts(tmp_path: Path) -> None:
    header = [
        "Datensatz-ID", "Vorname", "Nachname", "E-Mail", "Telefonnummer", "Lebenszyklusphase",
        "Lead-Status", "Kontaktinhaber", "Erstellungsdatum", "Datum der letzten Aktivität",
        "Zugeordnetes Unternehmen", "Stadt", "Land/Region",
    ]  # fmt: skip
    row = {
        "Datensatz-ID": "101", "Vorname": "Klaus", "Nachname": "Becker",
        "E-Mail": "klaus@becker.example", "Telefonnummer": "+49 89 1234",
        "Lebenszyklusphase": "Kunde", "Lead-Status": "Verbunden", "Kontaktinhaber": "Jane Doe",
        "Erstellungsdatum": "2024-01-02 10:00", "Datum der letzten Aktivität": "2024-05-03",
        "Zugeordnetes Unternehmen": "Becker GmbH", "Stadt": "München",
        "Land/Region": "Deutschland",
    }  # fmt: skip
    key, (klaus,) = read(write(tmp_path / "hubspot.csv", header, [row]))
    assert key == "hubspot_contacts"
    assert klaus.external_id == "hubspot:contact:101"  # matched by id when imported again
    assert (klaus.company, klaus.owner, klaus.lifecycle) == ("Becker GmbH", "Jane Doe", "customer")
    assert (klaus.address, klaus.notes) == ("München\nDeutschland", "Lead status: Verbunden")
    assert detect_preset(["Datensatz-ID", "Name", "Branche"]).key == "hubspot_companies"


GOOGLE = [
    "First Name", "Last Name", "Labels", "E-mail 1 - Label", "E-mail 1 - Value",
    "E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value",
    "Phone 2 - Label", "Phone 2 - Value", "Custom Field 1 - Label", "Custom Field 1 - Value",
    "Custom Field 2 - Label", "Custom Field 2 - Value", "Custom Field 3 - Label",
    "Custom Field 3 - Value",
]  # fmt: skip


def test_google_s_star_marks_the_primary_value_and_its_system_groups_are_no_tags(
    tmp_path: Path,
) -> None:
    ann = {
        "First Name": "Ann",
        "Labels": "Friends ::: * myContacts ::: * starred ::: * Other Contacts",
        "E-mail 1 - Label": "Home", "E-mail 1 - Value": "ann@home.example",
        "E-mail 2 - Label": "* Work", "E-mail 2 - Value": "ann@acme.example ::: a@acme.example",
        "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+33 6 12 34 56 78",
        "Phone 2 - Label": "* Work", "Phone 2 - Value": "+33 1 44 55 66 77",
    }  # fmt: skip
    bo = {"First Name": "Bo", "Labels": "* Starred", "E-mail 1 - Label": "* ",
          "E-mail 1 - Value": "bo@example.org"}  # fmt: skip
    key, (first, second) = read(write(tmp_path / "google.csv", GOOGLE, [ann, bo]))
    assert key == "google"
    assert first.emails == [
        ("work", "ann@acme.example"), ("home", "ann@home.example"), ("work", "a@acme.example")
    ]  # fmt: skip
    assert first.phones == [("work", "+33 1 44 55 66 77"), ("mobile", "+33 6 12 34 56 78")]
    assert first.tags == ["Friends"]
    assert (second.emails, second.tags) == ([("", "bo@example.org")], [])


def test_custom_fields_named_as_our_fields_fill_them(tmp_path: Path) -> None:
    ann = {
        "First Name": "Ann", "Custom Field 1 - Label": "Lifecycle",
        "Custom Field 1 - Value": "customer", "Custom Field 2 - Label": "Owner",
        "Custom Field 2 - Value": "Sam", "Custom Field 3 - Label": "Customer no",
        "Custom Field 3 - Value": "C-42",
    }  # fmt: skip
    bo = {
        "First Name": "Bo", "Custom Field 1 - Label": "Source", "Custom Field 1 - Value": "fair",
        "Custom Field 2 - Label": "Do not contact", "Custom Field 2 - Value": "yes",
        "Custom Field 3 - Label": "Preferred channel", "Custom Field 3 - Value": "phone",
    }  # fmt: skip
    _, (first, second) = read(write(tmp_path / "google.csv", GOOGLE, [ann, bo]))
    assert (first.lifecycle, first.owner, first.notes) == ("customer", "Sam", "Customer no: C-42")
    assert (second.source, second.do_not_contact, second.preferred_channel) == (
        "fair", True, "phone"
    )  # fmt: skip
    assert second.notes == ""
