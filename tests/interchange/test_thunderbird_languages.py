"""Thunderbird's address book CSV export written by a Thunderbird in French, German, Spanish,
Italian or Portuguese comes in exactly as the English one does: its columns are known by where
they stand, since some languages give two of them the same name (French "Ville")."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from crm_desktop import paths
from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.importing import ImportOptions, ImportService
from crm_desktop.domain.services import Services
from crm_desktop.interchange import detect_preset
from crm_desktop.interchange.opened import open_file
from crm_desktop.store import db
from crm_desktop.store.opening import open_store

# The first line of each export, as that Thunderbird writes it (every line ends with a comma).
ENGLISH = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,"
    "Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,"
    "Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,"
    "Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,"
)
HEADERS = {
    "fr": "Prénom,Nom de famille,Nom à afficher,Surnom,Adresse e-mail principale,"
    "Adresse e-mail secondaire,Nom de l’écran,Tél. professionnel ,Tél. personnel,Fax,Pager,"
    "Portable,Adresse privée,Adresse privée 2,Ville,Pays/État,Code postal,"
    "Pays/Région (domicile),Adresse professionnelle,Adresse professionnelle 2,Ville,Pays/État,"
    "Code postal,Pays/Région (bureau),Profession,Service,Société,Site web 1,Site web 2,"
    "Année de naissance,Mois,Jour,Divers 1,Divers 2,Divers 3,Divers 4,Notes,",
    # an older French Thunderbird: the same columns, a few of them named otherwise
    "fr_older": "Prénom,Nom de famille,Nom à afficher,Surnom,Adresse électronique principale,"
    "Adresse électronique secondaire,Nom d’écran,Tél. professionnel,Tél. personnel,Fax,Pager,"
    "Portable,Adresse privée,Adresse privée 2,Ville,Pays/État,Code postal,Pays/Région,"
    "Adresse professionnelle,Adresse professionnelle 2,Ville,Pays/État,Code postal,"
    "Pays/Région,Profession,Service,Société,Site Web 1,Site Web 2,Année de naissance,Mois,"
    "Jour,Divers 1,Divers 2,Divers 3,Divers 4,Notes,",
    "de": "Vorname,Nachname,Anzeigename,Spitzname,Primäre E-Mail-Adresse,"
    "Sekundäre E-Mail-Adresse,Chat-Name,Tel. dienstlich,Tel. privat,Fax-Nummer,Pager-Nummer,"
    "Mobil-Tel.-Nr.,Privat: Adresse,Privat: Adresse 2,Privat: Ort,Privat: Bundesland,"
    "Privat: PLZ,Privat: Land,Dienstlich: Adresse,Dienstlich: Adresse 2,Dienstlich: Ort,"
    "Dienstlich: Bundesland,Dienstlich: PLZ,Dienstlich: Land,Arbeitstitel,Abteilung,"
    "Organisation,Webseite 1,Webseite 2,Geburtsjahr,Geburtsmonat,Geburtstag,Benutzerdef. 1,"
    "Benutzerdef. 2,Benutzerdef. 3,Benutzerdef. 4,Notizen,",
    "es": "Nombre,Apellidos,Nombre mostrado,Apodo,Dirección de correo electrónico principal,"
    "Dirección de correo electrónico secundaria,Nombre en pantalla,Teléfono (Trabajo),"
    "Teléfono particular,Fax,Buscapersonas,Teléfono móvil,Dirección personal,"
    "Dirección personal 2,Ciudad donde vive,Provincia,Código postal,País de residencia,"
    "Dirección de trabajo,Dirección de trabajo 2,Ciudad (Trabajo),Provincia (Trabajo),"
    "Código postal (Trabajo),País (Trabajo),Puesto,Departamento,Organización,Página web 1,"
    "Página web 2,Año de nacimiento,Mes de nacimiento,Día de nacimiento,Personalizado 1,"
    "Personalizado 2,Personalizado 3,Personalizado 4,Notas,",
    "it": "Nome,Cognome,Nome visualizzato,Soprannome,Email primaria,Email secondaria,"
    "Nome Instant Messenger,Telefono lavoro,Telefono casa,Numero fax,Numero cercapersone,"
    "Numero cellulare,Indirizzo di casa,Indirizzo di casa 2,Città di residenza,"
    "Provincia di residenza,CAP di residenza,Nazione di residenza,Indirizzo di lavoro,"
    "Indirizzo di lavoro 2,Città di lavoro,Provincia di lavoro,CAP di lavoro,"
    "Nazione di lavoro,Qualifica,Reparto,Organizzazione,Pagina web 1,Pagina web 2,"
    "Anno di nascita,Mese di nascita,Giorno di nascita,Personalizzato 1,Personalizzato 2,"
    "Personalizzato 3,Personalizzato 4,Note,",
    # Brazilian Portuguese calls the day of the month "Data de nascimento"
    "pt_br": "Primeiro nome,Sobrenome,Nome de exibição,Apelido,Email principal,"
    "Email secundário,Nome de tela,Telefone comercial,Telefone residencial,Número do fax,"
    "Número do pager,Número do celular,Endereço,Endereço 2,Cidade,Estado,CEP,País,"
    "Endereço comercial,Endereço comercial 2,Cidade de trabalho,Estado de trabalho,"
    "CEP comercial,País de trabalho,Cargo,Setor,Organização,Página web 1,Página web 2,"
    "Ano de nascimento,Mês de nascimento,Data de nascimento,Personalizado 1,Personalizado 2,"
    "Personalizado 3,Personalizado 4,Notas,",
}
ROWS = (
    "Sabine,Krüger,Sabine Krüger,Bine,sabine.krueger@example.de,sabine@privat.example,,"
    "+49 221 178-0,+49 221 555 12,,,+49 171 5550101,Aachener Str. 5,,Köln,,50674,Deutschland,"
    "Parkgürtel 24,,Köln,NRW,50823,Deutschland,Teamleiterin,Vertrieb,Stadtwerke Köln,"
    'https://stadtwerke.example,,1981,03,11,Kundennr. 4711,,,,"Zuständig für Geschäftskunden.\r\n'
    'Rückruf bevorzugt.",\r\n'
    "Tom,Nguyen,Tom Nguyen,,tom.nguyen@example.com,,,,,,,,,,,,,,,,,,,,,,,,,,7,4,,,,,,\r\n"
)


def imported(folder: Path, header: str, encoding: str = "utf-8") -> list[dict[str, Any]]:
    """The people stored by importing the export with this header into a new data folder."""
    data = paths.resolve(str(folder / "data")).ensure()
    open_store(data.database, data.backups)
    try:
        services = Services.create(FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
        path = folder / "contacts.csv"
        path.write_bytes(f"{header}\r\n{ROWS}".encode(encoding))
        opened = open_file(path)
        assert opened.source == "thunderbird"
        report = ImportService(services.clock, services.actor_id).run(
            opened.records(), file_name=path.name, source=opened.source, options=ImportOptions()
        )
        assert (report.created, report.rejected, report.warnings) == (2, [], [])
        people = [asdict(services.contacts.get(row.id)) for row in services.contacts.page()]
    finally:
        db.close()
    return [{k: v for k, v in person.items() if k != "uid"} for person in people]


def test_the_english_export_as_it_comes_in(tmp_path: Path) -> None:
    sabine, tom = sorted(imported(tmp_path, ENGLISH), key=lambda p: p["last_name"])
    assert (sabine["title"], sabine["company_name"]) == ("Teamleiterin", "Stadtwerke Köln")
    assert sabine["emails"] == (("", "sabine.krueger@example.de"), ("", "sabine@privat.example"))
    assert sabine["phones"] == (
        ("work", "+49 221 178-0"),
        ("home", "+49 221 555 12"),
        ("mobile", "+49 171 5550101"),
    )
    assert (sabine["address_label"], sabine["address"]) == (
        "home",
        "Aachener Str. 5\n50674 Köln\nDeutschland",
    )
    assert sabine["birthday"] == date(1981, 3, 11)
    assert sabine["personal_notes"].splitlines() == [
        "Zuständig für Geschäftskunden.",
        "Rückruf bevorzugt.",
        "",
        "Nickname: Bine",
        "Department: Vertrieb",
        "Custom 1: Kundennr. 4711",
        "Address (work): Parkgürtel 24, Köln, NRW 50823, Deutschland",
        "Website: https://stadtwerke.example",
    ]
    assert (tom["birthday"].month, tom["birthday"].day) == (7, 4)


@pytest.mark.parametrize("language", list(HEADERS))
def test_a_translated_export_comes_in_as_the_english_one(tmp_path: Path, language: str) -> None:
    english = imported(tmp_path / "en", ENGLISH)
    # German Thunderbird on Windows writes its "system character set" export in Windows-1252
    encoding = "cp1252" if language == "de" else "utf-8"
    assert imported(tmp_path / language, HEADERS[language], encoding) == english


def test_every_column_of_a_translated_export_is_known() -> None:
    for header in HEADERS.values():
        names = header.split(",")
        preset = detect_preset(names)
        assert (preset.key, preset.recognised) == ("thunderbird", 37)
        assert preset.mapping == detect_preset(ENGLISH.split(",")).mapping


def test_a_list_with_some_of_its_names_in_other_places_is_not_thunderbird() -> None:
    french = HEADERS["fr"].split(",")
    assert detect_preset(french[12:]).key == "generic"  # no longer where Thunderbird puts them
    assert detect_preset(french[::-1]).key == "generic"
