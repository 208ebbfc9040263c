"""Pipedrive exports ("Entity - Field" headers) in English, German, French, Spanish and
Portuguese: people, organizations, deals, activities and notes, each recognised by its header
and read into the right records."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from crm_desktop.domain.imported import (
    ImportedActivity,
    ImportedCompany,
    ImportedContact,
    ImportedDeal,
)
from crm_desktop.interchange import detect_preset, read_table, records

LANGUAGES = ["en", "de", "fr", "es", "pt"]

# entity -> language -> header; the same columns in each language, in the same order
PEOPLE = {
    "en": ["Person - ID", "Person - Name", "Person - Email - Work", "Person - Email - Home",
           "Person - Phone - Mobile", "Person - Organization", "Person - Owner",
           "Person - Labels", "Person - Visible to"],
    "de": ["Person - ID", "Person - Name", "Person - E-Mail - Arbeit", "Person - E-Mail - Privat",
           "Person - Telefon - Mobil", "Person - Organisation", "Person - Besitzer",
           "Person - Label", "Person - Sichtbar für"],
    "fr": ["Personne - ID", "Personne - Nom", "Personne - E-mail - Travail",
           "Personne - E-mail - Domicile", "Personne - Téléphone - Portable",
           "Personne - Organisation", "Personne - Propriétaire", "Personne - Étiquette",
           "Personne - Visible par"],
    "es": ["Persona - ID", "Persona - Nombre", "Persona - Correo electrónico - Trabajo",
           "Persona - Correo electrónico - Casa", "Persona - Teléfono - Móvil",
           "Persona - Organización", "Persona - Propietario", "Persona - Etiqueta",
           "Persona - Visible para"],
    "pt": ["Pessoa - ID", "Pessoa - Nome", "Pessoa - E-mail - Trabalho",
           "Pessoa - E-mail - Residencial", "Pessoa - Telefone - Celular",
           "Pessoa - Organização", "Pessoa - Proprietário", "Pessoa - Etiqueta",
           "Pessoa - Visível para"],
}  # fmt: skip
ORGANIZATIONS = {
    "en": ["Organization - ID", "Organization - Name", "Organization - Address",
           "Organization - Owner", "Organization - Label", "Organization - Employees"],
    "de": ["Organisation - ID", "Organisation - Name", "Organisation - Adresse",
           "Organisation - Besitzer", "Organisation - Label", "Organisation - Mitarbeiter"],
    "fr": ["Organisation - ID", "Organisation - Nom", "Organisation - Adresse",
           "Organisation - Propriétaire", "Organisation - Étiquette", "Organisation - Employés"],
    "es": ["Organización - ID", "Organización - Nombre", "Organización - Dirección",
           "Organización - Propietario", "Organización - Etiqueta",
           "Organización - Empleados"],
    "pt": ["Organização - ID", "Organização - Nome", "Organização - Endereço",
           "Organização - Proprietário", "Organização - Etiqueta",
           "Organização - Funcionários"],
}  # fmt: skip
DEALS = {
    "en": ["Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Stage",
           "Deal - Status", "Deal - Owner", "Deal - Expected close date", "Deal - Lost reason",
           "Person - ID", "Person - Name", "Person - Email - Work", "Organization - ID",
           "Organization - Name"],
    "de": ["Deal - ID", "Deal - Titel", "Deal - Wert", "Deal - Währung", "Deal - Phase",
           "Deal - Status", "Deal - Besitzer", "Deal - Erwartetes Abschlussdatum",
           "Deal - Verlustgrund", "Person - ID", "Person - Name", "Person - E-Mail - Arbeit",
           "Organisation - ID", "Organisation - Name"],
    "fr": ["Affaire - ID", "Affaire - Titre", "Affaire - Valeur", "Affaire - Devise",
           "Affaire - Étape", "Affaire - Statut", "Affaire - Propriétaire",
           "Affaire - Date de clôture prévue", "Affaire - Raison de la perte",
           "Personne - ID", "Personne - Nom", "Personne - E-mail - Travail",
           "Organisation - ID", "Organisation - Nom"],
    "es": ["Trato - ID", "Trato - Título", "Trato - Valor", "Trato - Moneda", "Trato - Etapa",
           "Trato - Estado", "Trato - Propietario", "Trato - Fecha de cierre prevista",
           "Trato - Motivo de pérdida", "Persona - ID", "Persona - Nombre",
           "Persona - Correo electrónico - Trabajo", "Organización - ID",
           "Organización - Nombre"],
    "pt": ["Negócio - ID", "Negócio - Título", "Negócio - Valor", "Negócio - Moeda",
           "Negócio - Etapa", "Negócio - Status", "Negócio - Proprietário",
           "Negócio - Data de fechamento esperada", "Negócio - Motivo da perda",
           "Pessoa - ID", "Pessoa - Nome", "Pessoa - E-mail - Trabalho", "Organização - ID",
           "Organização - Nome"],
}  # fmt: skip
ACTIVITIES = {
    "en": ["Activity - ID", "Activity - Subject", "Activity - Type", "Activity - Due date",
           "Activity - Due time", "Activity - Done", "Activity - Note", "Deal - ID",
           "Person - ID", "Person - Name"],
    "de": ["Aktivität - ID", "Aktivität - Betreff", "Aktivität - Typ",
           "Aktivität - Fälligkeitsdatum", "Aktivität - Fälligkeitszeit", "Aktivität - Erledigt",
           "Aktivität - Notiz", "Deal - ID", "Person - ID", "Person - Name"],
    "fr": ["Activité - ID", "Activité - Sujet", "Activité - Type",
           "Activité - Date d'échéance", "Activité - Heure d'échéance", "Activité - Terminé",
           "Activité - Note", "Affaire - ID", "Personne - ID", "Personne - Nom"],
    "es": ["Actividad - ID", "Actividad - Asunto", "Actividad - Tipo",
           "Actividad - Fecha de vencimiento", "Actividad - Hora de vencimiento",
           "Actividad - Hecho", "Actividad - Nota", "Trato - ID", "Persona - ID",
           "Persona - Nombre"],
    "pt": ["Atividade - ID", "Atividade - Assunto", "Atividade - Tipo",
           "Atividade - Data de vencimento", "Atividade - Hora de vencimento",
           "Atividade - Concluída", "Atividade - Anotação", "Negócio - ID", "Pessoa - ID",
           "Pessoa - Nome"],
}  # fmt: skip
NOTES = {
    "en": ["Note - ID", "Note - Content", "Note - Add time", "Person - ID", "Person - Name",
           "Deal - ID"],
    "de": ["Notiz - ID", "Notiz - Inhalt", "Notiz - Hinzugefügt am", "Person - ID",
           "Person - Name", "Deal - ID"],
    "fr": ["Note - ID", "Note - Contenu", "Note - Date d'ajout", "Personne - ID",
           "Personne - Nom", "Affaire - ID"],
    "es": ["Nota - ID", "Nota - Contenido", "Nota - Fecha de creación", "Persona - ID",
           "Persona - Nombre", "Trato - ID"],
    "pt": ["Anotação - ID", "Anotação - Conteúdo", "Anotação - Data de adição",
           "Pessoa - ID", "Pessoa - Nome", "Negócio - ID"],
}  # fmt: skip

WORDS = {  # values Pipedrive writes in each language
    "en": {"won": "Won", "done": "Done", "call": "Call"},
    "de": {"won": "Gewonnen", "done": "Erledigt", "call": "Anruf"},
    "fr": {"won": "Gagné", "done": "Terminé", "call": "Appel"},
    "es": {"won": "Ganado", "done": "Hecho", "call": "Llamada"},
    "pt": {"won": "Ganho", "done": "Concluído", "call": "Ligação"},
}


def read(tmp_path: Path, header: list[str], row: list[str]) -> tuple[str, list[object]]:
    path = tmp_path / "pipedrive.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    table = read_table(path)
    preset = detect_preset(table.header)
    return preset.key, list(records(table, preset))


@pytest.mark.parametrize("language", LANGUAGES)
def test_people(tmp_path: Path, language: str) -> None:
    key, (person,) = read(
        tmp_path,
        PEOPLE[language],
        ["17", "Ann Lee", "ann@acme.com", "ann@home.org", "+49 151 1234567", "Acme GmbH",
         "Sam Sales", "Hot lead, VIP", "Everyone"],
    )  # fmt: skip
    assert key == "pipedrive_people"
    assert isinstance(person, ImportedContact)
    assert person.full_name == "Ann Lee"
    assert person.emails == [("work", "ann@acme.com"), ("home", "ann@home.org")]
    assert person.phones == [("mobile", "+49 151 1234567")]
    assert (person.company, person.owner) == ("Acme GmbH", "Sam Sales")
    assert person.tags == ["Hot lead", "VIP"]
    assert person.external_id == "pipedrive:person:17"
    assert person.notes.endswith(": Everyone")  # an unknown column, in the notes


@pytest.mark.parametrize("language", LANGUAGES)
def test_organizations(tmp_path: Path, language: str) -> None:
    key, (org,) = read(
        tmp_path,
        ORGANIZATIONS[language],
        ["4", "Acme GmbH", "Hauptstraße 1, 10115 Berlin", "Sam Sales", "Customer", "40"],
    )
    assert key == "pipedrive_organizations"
    assert isinstance(org, ImportedCompany)
    assert (org.name, org.address, org.owner) == (
        "Acme GmbH",
        "Hauptstraße 1, 10115 Berlin",
        "Sam Sales",
    )
    assert org.tags == ["Customer"]
    assert org.external_id == "pipedrive:organization:4"


@pytest.mark.parametrize("language", LANGUAGES)
def test_deals(tmp_path: Path, language: str) -> None:
    key, (deal,) = read(
        tmp_path,
        DEALS[language],
        ["301", "Website relaunch", "12.500,00", "EUR", "Proposal", WORDS[language]["won"],
         "Sam Sales", "2026-06-30", "", "17", "Ann Lee", "ann@acme.com", "4", "Acme GmbH"],
    )  # fmt: skip
    assert key == "pipedrive_deals"
    assert isinstance(deal, ImportedDeal)
    assert (deal.title, deal.value_minor, deal.currency) == ("Website relaunch", 1_250_000, "EUR")
    assert (deal.stage, deal.status, deal.owner) == ("Proposal", "won", "Sam Sales")
    assert deal.expected_close == date(2026, 6, 30)
    assert deal.external_id == "pipedrive:deal:301"
    assert (deal.contact, deal.contact_external_id) == ("ann@acme.com", "pipedrive:person:17")
    assert (deal.company, deal.company_external_id) == ("Acme GmbH", "pipedrive:organization:4")
    assert deal.problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_activities(tmp_path: Path, language: str) -> None:
    key, (activity,) = read(
        tmp_path,
        ACTIVITIES[language],
        ["9", "Follow-up call", WORDS[language]["call"], "2026-03-05", "14:30",
         WORDS[language]["done"], "<p>Went <b>well</b></p>", "301", "17", "Ann Lee"],
    )  # fmt: skip
    assert key == "pipedrive_activities"
    assert isinstance(activity, ImportedActivity)
    assert (activity.kind, activity.subject, activity.done) == ("call", "Follow-up call", True)
    assert activity.occurred_at == datetime(2026, 3, 5, 14, 30)
    assert activity.body == "Went well"
    assert activity.external_id == "pipedrive:activity:9"
    assert activity.deal_external_id == "pipedrive:deal:301"
    assert (activity.contact, activity.contact_external_id) == ("Ann Lee", "pipedrive:person:17")


@pytest.mark.parametrize("language", LANGUAGES)
def test_notes(tmp_path: Path, language: str) -> None:
    key, (note,) = read(
        tmp_path,
        NOTES[language],
        ["55", "Prefers email.<br>Budget in Q3.", "2026-02-01 09:15:00", "17", "Ann Lee", "301"],
    )
    assert key == "pipedrive_notes"
    assert isinstance(note, ImportedActivity)
    assert (note.kind, note.done) == ("note", True)
    assert note.body == "Prefers email.\nBudget in Q3."
    assert note.occurred_at == datetime(2026, 2, 1, 9, 15)
    assert note.external_id == "pipedrive:note:55"
    assert (note.contact_external_id, note.deal_external_id) == (
        "pipedrive:person:17",
        "pipedrive:deal:301",
    )


def test_an_activity_still_to_do_and_an_unknown_status(tmp_path: Path) -> None:
    header = ["Activity - Subject", "Activity - Type", "Activity - Done", "Activity - Due date"]
    _, (task,) = read(tmp_path, header, ["Send offer", "Task", "To do", "2026-03-09"])
    assert isinstance(task, ImportedActivity)
    assert (task.kind, task.done, task.occurred_at) == ("task", False, datetime(2026, 3, 9))
    header = ["Deal - Title", "Deal - Status", "Deal - Value"]
    _, (deal,) = read(tmp_path, header, ["Odd", "Paused", "lots"])
    assert isinstance(deal, ImportedDeal)
    assert deal.problems == ["Value: “lots” is not an amount of money we can read."]
    assert deal.warnings == [
        "Status: “Paused” is not a status we know (open, won or lost): its stage decides."
    ]
