"""Outlook's, HubSpot's and Thunderbird's exports written in other languages than English: their
column names, by the English column they stand for (as ``words.fold`` writes it).

Outlook's names are those of its classic export in German | French | Spanish | Brazilian and
European Portuguese, as Microsoft's own importer of these files lists them (Exchange's
``OutlookCsvLanguage`` tables), with the German names of newer Outlooks beside them
("Regierungs-Nr.", "Organisations-Nr."). Spanish and Brazilian Outlook keep some columns in
English ("E-mail Address", "Home Street"): those are the English table's already. French
Outlook writes "Titre" twice, for the name prefix and then for the job title: ``OUTLOOK_TWINS``.

HubSpot writes a property's label as its column's name, in the exporting user's language:
the German names of the columns its contacts export has by default are known here (Spanish
ones are in ``preset_tables``); the others are guessed from their words, as in any file."""

from __future__ import annotations

from crm_desktop.interchange.words import fold

OUTLOOK_TRANSLATED: dict[str, str] = {
    "title": "Anrede|Tratamento|Título",
    "first name": "Vorname|Prénom|Nombre|Primeiro nome",
    "middle name": "Weitere Vornamen|Deuxième prénom|Segundo nombre|Segundo nome|"
    "Outros nomes/apelidos",
    "last name": "Nachname|Nom|Apellidos|Sobrenome|Apelido",
    "suffix": "Suffixe|Sufixo",
    "given yomi": "Vorname Yomi|Prénom Yomi|Yomi especificada|Yomi fornecido",
    "surname yomi": "Nachname Yomi|Nom Yomi|Apellido Yomi|Yomi (sobrenome)",
    "company yomi": "Firma Yomi|Société Yomi|Compañía Yomi|Yomi (empresa)",
    "company": "Firma|Société|Organización|Empresa",
    "department": "Abteilung|Service|Departamento",
    "job title": "Position|Puesto|Cargo",
    "e mail address": "E-Mail-Adresse|Adresse de messagerie|Endereço de correio electrónico",
    "e mail 2 address": "E-Mail 2: Adresse|Adresse de messagerie 2|"
    "Dirección de correo electrónico 2|Endereço de email 2|Endereço do correio electrónico 2",
    "e mail 3 address": "E-Mail 3: Adresse|Adresse de messagerie 3|"
    "Dirección del correo electrónico 3|Endereço de email 3|Endereço do correio electrónico 3",
    "e mail type": "E-Mail-Typ|Type de messagerie|Tipo de email|Tipo de correio electrónico",
    "e mail 2 type": "E-Mail 2: Typ|Type de messagerie 2|Tipo de correo electrónico 2|"
    "Tipo de email 2|Tipo de correio electrónico 2",
    "e mail 3 type": "E-Mail 3: Typ|Type de messagerie 3|Tipo de correo electrónico 3|"
    "Tipo de email 3|Tipo de correio electrónico 3",
    "e mail display name": "E-Mail: Angezeigter Name|Nom complet de l'adresse de messagerie|"
    "Nombre de pantalla de correo electrónico|Nome para exibição do email|"
    "Nome a apresentar para o correio electrónico",
    "e mail 2 display name": "E-Mail 2: Angezeigter Name|"
    "Nom complet de l'adresse de messagerie 2|Nombre de pantalla de correo electrónico 2|"
    "Nome para exibição do email 2|Nome a apresentar para o correio electrónico 2",
    "e mail 3 display name": "E-Mail 3: Angezeigter Name|"
    "Nom complet de l'adresse de messagerie 3|Nombre de pantalla de correo electrónico 3|"
    "Nome para exibição do email 3|Nome a apresentar para o correio electrónico 3",
    "assistant s phone": "Telefon Assistent|Téléphone de l'assistant(e)|Telefone do assistente",
    "business fax": "Fax geschäftlich|Télécopie (bureau)|Fax comercial|Fax da empresa",
    "business phone": "Telefon geschäftlich|Téléphone (bureau)|Teléfono del trabajo|"
    "Telefone comercial|Telefone da empresa",
    "business phone 2": "Telefon geschäftlich 2|Téléphone 2 (bureau)|Telefone comercial 2|"
    "2º telefone da empresa",
    "callback": "Rückmeldung|Rappel|Devolución de llamada|Retorno de chamada|Tel. de resposta",
    "car phone": "Autotelefon|Téléphone (voiture)|Telefone do carro",
    "company main phone": "Telefon Firma|Téléphone société|"
    "Número de centralita de la organización|Telefone principal da empresa",
    "home fax": "Fax privat|Télécopie (domicile)|Fax residencial|Fax da residência",
    "home phone": "Telefon privat|Téléphone (domicile)|Particular|Telefone residencial|"
    "Telefone da residência",
    "home phone 2": "Telefon privat 2|Téléphone 2 (domicile)|Telefone residencial 2|"
    "2º telefone da residência",
    "isdn": "RNIS|RDIS",
    # German Outlook calls its radio phone "Mobiltelefon 2", and that is how its users see it
    "mobile phone": "Mobiltelefon|Mobiltelefon 2|Tél. mobile|Telefone celular|Telemóvel",
    "other fax": "Weiteres Fax|Télécopie (autre)|Otro fax|Outro fax",
    "other phone": "Weiteres Telefon|Téléphone (autre)|Otro teléfono|Outro telefone",
    "pager": "Récepteur de radiomessagerie",
    "primary phone": "Haupttelefon|Téléphone principal|Teléfono principal|Telefone principal",
    "radio phone": "Radio téléphone|Radioteléfono|Radiofone|Radiotelefone",
    "tty tdd phone": "Telefon für Hörbehinderte|Téléphone TDD/TTY|Número de teletipo|"
    "Telefone TTY/TDD",
    "telex": "Télex",
    "account": "Konto|Compte|Conta",
    "anniversary": "Jahrestag|Anniversaire de mariage ou fête|Datas especiais|Aniversário",
    "assistant s name": "Name Assistent|Nom de l'assistant(e)|Nome do assistente",
    "billing information": "Abrechnungsinformation|Abrechnungsinformationen|"
    "Informations facturation|Facturación|Informações para cobrança|Dados para facturação",
    "birthday": "Geburtstag|Anniversaire|Data de nascimento",
    "categories": "Kategorien|Catégories|Categorías|Categorias",
    "children": "Kinder|Enfants|Hijos|Filhos",
    "directory server": "Verzeichnisserver",
    "gender": "Geschlecht|Sexe|Género|Sexo",
    "government id number": "Regierungsnr.|Regierungs-Nr.|Code gouvernement|"
    "Código do governo|Número do BI",
    "hobby": "Passe-temps|Aficiones|Passatempo",
    "initials": "Initialen|Initiales|Iniciais",
    "internet free busy": "Internet-Frei/Gebucht|Disponibilité Internet|"
    "Disponibilidade da Internet",
    "keywords": "Stichwörter",
    "language": "Sprache",
    # "Ort" alone is the location (a room, a site), not the city: that is "Ort geschäftlich"
    "location": "Ort|Emplacement|Local|Localização",
    "manager s name": "Name des/der Vorgesetzten|Responsable|Nombre del director|"
    "Nome do gerenciador|Nome do gestor",
    "mileage": "Reisekilometer|Kilométrage|Kilometraje|Quilometragem",
    "notes": "Notizen|Anotações|Notas",
    "office location": "Büro|Bureau|Sala|Gabinete",
    "organizational id number": "Organisations-Nr.",
    "priority": "Priorität|Priorité|Prioridad|Prioridade",
    "private": "Privat",
    "profession": "Beruf|Profesión|Profissão",
    "referred by": "Empfohlen von",
    "sensitivity": "Vertraulichkeit|Critère de diffusion|Confidencialidad|Sensibilidade|"
    "Confidencialidade",
    "spouse": "Partner|Conjoint(e)|Cônjuge",
    **{
        f"user {n}": f"Benutzer {n}|Utilisateur {n}|Usuario {n}|Personalizado {n}|Utilizador {n}"
        for n in range(1, 5)
    },
    "web page": "Webseite|Page Web|Página web|Página da Web|Página na Web",
    "business street": "Straße geschäftlich|Rue (bureau)|Calle del trabajo|Rua da empresa",
    **{
        f"business street {n}": f"Straße geschäftlich {n}|Rue (bureau) {n}|"
        f"Calle del trabajo {n}|Rua do endereço comercial {n}|Rua da empresa {n}"
        for n in (2, 3)
    },
    "business city": "Ort geschäftlich|Ville (bureau)|Ciudad de trabajo|Localidade da empresa",
    "business state": "Region geschäftlich|Dép/Région (bureau)|Provincia o estado de trabajo|"
    "Distrito da empresa",
    "business postal code": "Postleitzahl geschäftlich|Code postal (bureau)|"
    "Código postal del trabajo|Código postal da empresa",
    "business country region": "Land/Region geschäftlich|Pays/Région (bureau)|"
    "País o región del trabajo|País/Região da Empresa",
    "business address po box": "Postfach geschäftlich|B.P. professionnelle|"
    "Apartado postal de la dirección del trabajo|Caixa postal do endereço comercial|"
    "Apartado da empresa",
    "home street": "Straße privat|Rue (domicile)|Endereço residencial|Rua da residência",
    **{
        f"home street {n}": f"Straße privat {n}|Rue (domicile) {n}|Endereço residencial {n}|"
        f"Rua da residência ({n})"
        for n in (2, 3)
    },
    "home city": "Ort privat|Ville (domicile)|Cidade do endereço residencial|"
    "Localidade da residência",
    "home state": "Bundesland/Kanton privat|Dép/Région (domicile)|Estado|Distrito da residência",
    "home postal code": "Postleitzahl privat|Code postal (domicile)|"
    "CEP do endereço residencial|Código postal da residência",
    "home country region": "Land/Region privat|Pays/Région (domicile)|"
    "País o región del domicilio|País/Região de Residência|País da Residência/Região",
    "home address po box": "Postfach privat|Boîte postale du domicile|"
    "Apartado postal de la dirección personal|Caixa postal do endereço residencial|"
    "Apartado da residência",
    "other street": "Weitere Straße|Rue (autre)|Otra calle|Outro endereço|Rua do outro endereço",
    **{
        f"other street {n}": f"Weitere Straße {n}|Rue (autre) {n}|Otra calle {n}|"
        f"Outro endereço {n}|Rua do outro endereço {n}"
        for n in (2, 3)
    },
    "other city": "Weiterer Ort|Ville (autre)|Otra ciudad|Cidade|Localidade do outro endereço",
    "other state": "Weiteres/r Bundesland/Kanton|Dép/Région (autre)|Otra provincia o estado|"
    "Outro Estado|Distrito do outro endereço",
    "other postal code": "Weitere Postleitzahl|Code postal (autre)|Otro código postal|CEP|"
    "Código postal do outro endereço",
    "other country region": "Weiteres/e Land/Region|Pays/Région (autre)|Otro país o región|"
    "Outro País/Região",
    "other address po box": "Weiteres Postfach|Autre boîte postale|Otro apartado postal|"
    "Caixa postal de outro endereço|Apartado do outro endereço",
}
# A column name an export has twice: its first column, then the later one, as English ones.
OUTLOOK_TWINS: dict[str, tuple[str, str]] = {fold("Titre"): ("title", "job title")}

# The columns only Outlook's export has, in any of these languages: the e-mail types and shown
# names, and the business and home address and phone columns. (A header with "Vorname",
# "Firma" and "Mobiltelefon" could be any German list.)
OUTLOOK_MARKS = frozenset(
    fold(name)
    for column in (
        "e mail type",
        "e mail display name",
        "e mail 2 address",
        "business street",
        "business city",
        "business postal code",
        "business phone",
        "business fax",
        "home street",
        "home city",
        "home phone",
    )
    for name in OUTLOOK_TRANSLATED[column].split("|")
)

HUBSPOT_TRANSLATED: dict[str, str] = {
    "record id": "Datensatz-ID",
    "first name": "Vorname",
    "last name": "Nachname",
    "email": "E-Mail",
    "phone number": "Telefonnummer",
    "associated company": "Zugeordnetes Unternehmen",
    "lifecycle stage": "Lifecycle-Phase|Lebenszyklusphase",
    "contact owner": "Kontaktinhaber|Zuständiger Mitarbeiter für Kontakt",
    "lead status": "Lead-Status",
    "create date": "Erstellungsdatum",
    "last activity date": "Datum der letzten Aktivität",
    "city": "Stadt",
    "country region": "Land/Region",
}


def translated(columns: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """``columns`` (English names to targets) with the other languages' ``names`` of its
    columns added, each to its English column's target."""
    found = dict(columns)
    for english, others in names.items():
        if english in columns:
            aliases = (fold(name) for name in others.split("|"))
            found.update(dict.fromkeys(aliases, columns[english]))
    return found


# Thunderbird's CSV export names its columns in German | French | Spanish | Italian | Brazilian
# and European Portuguese as its translations of ``importMsgs.properties`` (2100 to 2136) do.
# Its columns come in one order whatever the language (``preset_tables.THUNDERBIRD_LAYOUT``),
# so they are read by position: French names its home and work cities both "Ville", and older
# translations named a few columns otherwise ("Adresse électronique principale").
THUNDERBIRD_TRANSLATED: dict[str, str] = {
    "first name": "Vorname|Prénom|Nombre|Nome|Primeiro nome",
    "last name": "Nachname|Nom de famille|Apellidos|Cognome|Sobrenome|Apelido",
    "display name": "Anzeigename|Nom à afficher|Nombre mostrado|Nome visualizzato|"
    "Nome de exibição|Nome exibido",
    "nickname": "Spitzname|Surnom|Apodo|Soprannome|Apelido",
    "primary email": "Primäre E-Mail-Adresse|Adresse e-mail principale|"
    "Dirección de correo electrónico principal|Email primaria|Email principal|Email primário",
    "secondary email": "Sekundäre E-Mail-Adresse|Adresse e-mail secondaire|"
    "Dirección de correo electrónico secundaria|Email secondaria|Email secundário|"
    "E-mail secundário",
    "screen name": "Messenger-Name|Nom de l’écran|Nombre en pantalla|Nome Instant Messenger|"
    "Nome de tela|Nome a mostrar",
    "work phone": "Tel. dienstlich|Tél. professionnel|Teléfono (Trabajo)|Telefono lavoro|"
    "Telefone comercial|Telefone profissional",
    "home phone": "Tel. privat|Tél. personnel|Teléfono particular|Telefono casa|"
    "Telefone residencial|Telefone de casa",
    "fax number": "Fax-Nummer|Fax|Numero fax|Número do fax|Número de fax",
    "pager number": "Pager-Nummer|Pager|Buscapersonas|Numero cercapersone|Número do pager|"
    "Número de pager",
    "mobile number": "Mobil-Tel.-Nr.|Portable|Teléfono móvil|Numero cellulare|"
    "Número do celular|Número de telemóvel",
    "home address": "Privat: Adresse|Adresse privée|Dirección personal|Indirizzo di casa|"
    "Endereço|Endereço pessoal",
    "home address 2": "Privat: Adresse 2|Adresse privée 2|Dirección personal 2|"
    "Indirizzo di casa 2|Endereço 2|Endereço pessoal 2",
    "home city": "Privat: Ort|Ville|Ciudad donde vive|Città di residenza|Cidade|Naturalidade",
    "home state": "Privat: Bundesland|Pays/État|Provincia|Provincia di residenza|Estado|Distrito",
    "home zipcode": "Privat: PLZ|Code postal|Código postal|CAP di residenza|CEP",
    "home country": "Privat: Land|Pays/Région (domicile)|País de residencia|"
    "Nazione di residenza|País|Nacionalidade",
    "work address": "Dienstlich: Adresse|Adresse professionnelle|Dirección de trabajo|"
    "Indirizzo di lavoro|Endereço comercial|Endereço profissional",
    "work address 2": "Dienstlich: Adresse 2|Adresse professionnelle 2|"
    "Dirección de trabajo 2|Indirizzo di lavoro 2|Endereço comercial 2|"
    "Endereço profissional 2",
    "work city": "Dienstlich: Ort|Ville|Ciudad (Trabajo)|Città di lavoro|Cidade de trabalho|"
    "Local de trabalho",
    "work state": "Dienstlich: Bundesland|Pays/État|Provincia (Trabajo)|Provincia di lavoro|"
    "Estado de trabalho|Distrito do local de trabalho",
    "work zipcode": "Dienstlich: PLZ|Code postal|Código postal (Trabajo)|CAP di lavoro|"
    "CEP comercial|Código postal do local de trabalho",
    "work country": "Dienstlich: Land|Pays/Région (bureau)|País (Trabajo)|Nazione di lavoro|"
    "País de trabalho|País do local de trabalho",
    "job title": "Arbeitstitel|Profession|Puesto|Qualifica|Cargo|Profissão",
    "department": "Abteilung|Service|Departamento|Reparto|Setor",
    "organization": "Organisation|Société|Organización|Organizzazione|Organização",
    **{f"web page {n}": f"Webseite {n}|Site web {n}|Página web {n}|Pagina web {n}" for n in (1, 2)},
    "birth year": "Geburtsjahr|Année de naissance|Año de nacimiento|Anno di nascita|"
    "Ano de nascimento",
    "birth month": "Geburtsmonat|Mois|Mes de nacimiento|Mese di nascita|Mês de nascimento",
    # the day of the month, whatever German and Brazilian Portuguese call it ("Geburtstag")
    "birth day": "Geburtstag|Jour|Día de nacimiento|Giorno di nascita|Data de nascimento|"
    "Dia de nascimento",
    **{
        f"custom {n}": f"Benutzerdef. {n}|Divers {n}|Personalizado {n}|Personalizzato {n}"
        for n in range(1, 5)
    },
    "notes": "Notizen|Notes|Notas|Note",
}
