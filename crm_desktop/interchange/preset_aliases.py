"""Header words in English, German, French, Spanish and Portuguese: the alias tables behind
Pipedrive's translated ``Entity - Field`` headers and the guesses for unknown files. Every key
is written as ``words.fold`` makes it (lower case, no accents, punctuation as spaces)."""

from __future__ import annotations

from crm_desktop.interchange.words import fold


def _table(groups: dict[str, str]) -> dict[str, str]:
    return {fold(word): value for value, words in groups.items() for word in words.split("|")}


# -- Pipedrive ------------------------------------------------------------------------------

PIPEDRIVE_ENTITIES = _table(
    {
        "person": "person|personne|persona|pessoa|contact person",
        "organization": "organization|organisation|organización|organizacion|organização|"
        "organizacao|organizzazione|org",
        "deal": "deal|affaire|trato|negócio|negocio|oportunidad|geschäft",
        "activity": "activity|aktivität|aktivitaet|activité|actividad|atividade",
        "note": "note|notiz|nota|anotação|anotacao",
    }
)

# The field part of a header (after "Entity - "), to a field key read per entity below.
PIPEDRIVE_FIELDS = _table(
    {
        "id": "id",
        "name": "name|nom|nombre|nome",
        "first_name": "first name|vorname|prénom|prenom|nombre de pila|primer nombre|primeiro nome",
        "last_name": "last name|nachname|nom de famille|apellido|apellidos|sobrenome|"
        "último nome|ultimo nome",
        "email": "email|e-mail|e mail|courriel|adresse e-mail|correo electrónico|"
        "correo electronico|correo|endereço de e-mail|e-mail-adresse",
        "phone": "phone|telefon|telefonnummer|téléphone|telephone|teléfono|telefono|telefone",
        "organization": "organization|organisation|organización|organizacion|organização|"
        "organizacao|org name|organization name",
        "owner": "owner|besitzer|inhaber|eigentümer|propriétaire|proprietaire|propietario|"
        "proprietário|proprietario|responsável|responsavel",
        "label": "label|labels|etikett|etiketten|label|étiquette|etiquette|étiquettes|etiqueta|"
        "etiquetas",
        "job_title": "job title|berufsbezeichnung|position|titre du poste|poste|fonction|"
        "intitulé du poste|cargo|puesto|título do cargo|titulo do cargo",
        "title": "title|titel|titre|título|titulo",
        "value": "value|wert|valeur|valor|valor do negócio",
        "currency": "currency|währung|waehrung|devise|moneda|moeda",
        "stage": "stage|phase|étape|etape|etapa|fase",
        "pipeline": "pipeline|embudo|funil|funil de vendas|embudo de ventas",
        "status": "status|statut|estado|situação|situacao",
        "expected_close": "expected close date|erwartetes abschlussdatum|voraussichtliches "
        "abschlussdatum|date de clôture prévue|date de cloture prevue|"
        "date de conclusion prévue|fecha de cierre prevista|"
        "fecha prevista de cierre|data de fechamento esperada|"
        "data prevista de fechamento",
        "closed_on": "won time|lost time|close time|deal closed on|closed on|gewonnen am|"
        "verloren am|zeitpunkt gewonnen|zeitpunkt verloren|abgeschlossen am|date de gain|"
        "date de perte|date de clôture|fecha de ganado|fecha de perdido|fecha de cierre|"
        "data de ganho|data de perda|data de fechamento",
        "lost_reason": "lost reason|verlustgrund|grund für verlust|raison de la perte|"
        "motif de perte|motivo de pérdida|motivo de perdida|motivo da perda",
        "contact_person": "contact person|kontaktperson|ansprechpartner|personne de contact|"
        "personne à contacter|contact|persona de contacto|contacto|pessoa de contato|contato",
        "address": "address|postal address|adresse|postanschrift|adresse postale|dirección|"
        "direccion|dirección postal|direccion postal|endereço|endereco|"
        "endereço postal|endereco postal",
        "subject": "subject|betreff|sujet|objet|asunto|assunto",
        "type": "type|typ|tipo",
        "due_date": "due date|fälligkeitsdatum|faelligkeitsdatum|fällig am|date d'échéance|"
        "date d echeance|date limite|fecha de vencimiento|data de vencimento|"
        "data de conclusão|data de conclusao",
        "due_time": "due time|fälligkeitszeit|uhrzeit|heure d'échéance|heure d echeance|"
        "heure|hora de vencimiento|hora|hora de vencimento",
        "duration": "duration|dauer|durée|duree|duración|duracion|duração|duracao",
        "done": "done|erledigt|abgeschlossen|terminé|termine|effectué|effectue|fait|hecho|"
        "realizada|realizado|completado|completada|concluído|concluido|concluída|"
        "concluida|feito",
        "note": "note|notiz|notizen|notes|nota|notas|anotação|anotacao|anotações|anotacoes",
        "content": "content|inhalt|contenu|contenido|conteúdo|conteudo",
        "add_time": "add time|hinzugefügt am|hinzugefuegt am|erstellt am|hinzufügezeit|"
        "date d'ajout|heure d'ajout|date de création|fecha de creación|"
        "fecha de creacion|hora de adición|hora de adicion|data de adição|"
        "data de adicao|hora de adição|hora de adicao|data de criação",
        "birthday": "birthday|geburtstag|geburtsdatum|anniversaire|date de naissance|"
        "cumpleaños|cumpleanos|fecha de nacimiento|aniversário|aniversario|"
        "data de nascimento",
        "website": "website|webseite|website url|site web|site internet|sitio web|site",
        "industry": "industry|branche|industrie|secteur|industria|sector|setor|indústria",
        "deal": "deal|affaire|trato|negócio|negocio",
        "person": "person|personne|persona|pessoa",
        "source": "source|quelle|herkunft|origine|origen|fuente|origem|fonte|lead source",
        # What Pipedrive counts and stamps itself: nothing a person or company record keeps.
        "system": "open deals|won deals|lost deals|closed deals|total activities|"
        "done activities|activities to do|email messages count|last activity date|"
        "next activity date|last email received|last email sent|update time|person created|"
        "organization created|deal created|people|weighted value|last stage change|"
        "gesamtzahl der aktivitäten|erledigte aktivitäten|zu erledigende aktivitäten|"
        "anzahl e-mail-nachrichten|datum der letzten aktivität|datum nächste aktivität|"
        "letzte e-mail erhalten|letzte e-mail gesendet|zeit der aktualisierung|deal erstellt|"
        "offene deals|gewonnene deals|verlorene deals|geschlossene deals|person erstellt|"
        "organisation erstellt|aktualisierungszeit|nächster aktivitätstermin|"
        "naechster aktivitaetstermin|letzter aktivitätstermin|letzter aktivitaetstermin|"
        "heure de mise à jour|affaire créée|affaires ouvertes|affaires gagnées|"
        "affaires perdues|personne créée|organisation créée|date de la prochaine activité|"
        "date de la dernière activité|"
        "tratos abiertos|tratos ganados|tratos perdidos|persona creada|organización creada|"
        "hora de actualización|fecha de la próxima actividad|fecha de la última actividad|"
        "negócios abertos|negócios ganhos|negócios perdidos|pessoa criada|"
        "data da próxima atividade|data da última atividade|"
        "total de atividades|atividades concluídas|atividades para fazer|"
        "número de mensagens de e-mail|último e-mail recebido|último e-mail enviado|"
        "atualizado em|negócio criado em",
    }
)

# The parts Pipedrive splits an address field into, written "<part> of <field>" after the
# entity: "Organization - City/town/village/locality of Address", "... of Company Address" for
# a custom address field, "Organização - Cidade/município/vila/localidade de Endereço".
PIPEDRIVE_ADDRESS_PARTS = _table(
    {
        "address": "full/combined address",
        "extended": "apartment/suite no",
        "street": "street/road name|house number",
        "city": "city/town/village/locality|cidade/município/vila/localidade",
        "region": "state/county|estado",
        "postal_code": "zip/postal code",
        "country": "country",
        "skip": "district/sublocality|region|região|latitude|longitude",
    }
)

# Which target a Pipedrive field key is, for records of the export's own entity.
PIPEDRIVE_OWN: dict[str, dict[str, str]] = {
    "person": {
        "id": "external_id:pipedrive:person",
        "name": "full_name",
        "first_name": "first_name",
        "last_name": "last_name",
        "email": "email",
        "phone": "phone",
        "organization": "company",
        "owner": "owner",
        "label": "tags",
        "job_title": "title",
        "title": "title",
        "address": "address",
        "birthday": "birthday",
        "note": "notes",
        "source": "source",
        "system": "skip",
    },
    "organization": {
        "id": "external_id:pipedrive:organization",
        "name": "name",
        "owner": "owner",
        "label": "tags",
        "address": "address",
        "website": "website",
        "industry": "industry",
        "phone": "phone",
        "note": "notes",
        "system": "skip",
    },
    "deal": {
        "id": "external_id:pipedrive:deal",
        "title": "title",
        "name": "title",
        "value": "value",
        "currency": "currency",
        "stage": "stage",
        "pipeline": "pipeline",
        "status": "status",
        "owner": "owner",
        "expected_close": "expected_close",
        "closed_on": "closed_on",
        "lost_reason": "lost_reason",
        "contact_person": "contact",
        "person": "contact",
        "organization": "company",
        "source": "source",
        "note": "notes",
        "system": "skip",
    },
    "activity": {
        "id": "external_id:pipedrive:activity",
        "subject": "subject",
        "type": "kind",
        "due_date": "occurred_date",
        "due_time": "occurred_time",
        "duration": "duration",
        "done": "done",
        "note": "body",
        "content": "body",
        "contact_person": "contact",
        "person": "contact",
        "deal": "notes_labeled",
        "organization": "notes_labeled",
    },
    "note": {
        "id": "external_id:pipedrive:note",
        "content": "body",
        "note": "body",
        "add_time": "occurred_at",
        "person": "contact",
        "contact_person": "contact",
        "deal": "notes_labeled",
        "organization": "notes_labeled",
    },
}

# Columns of a linked entity inside another's export ("Person - Email" in a deals export).
PIPEDRIVE_LINKED: dict[str, dict[str, str]] = {
    "person": {
        "id": "contact_external_id:pipedrive:person",
        "name": "contact",
        "email": "contact_email",
    },
    "organization": {"id": "company_external_id:pipedrive:organization", "name": "company"},
    "deal": {"id": "deal_external_id:pipedrive:deal"},
}

# Pipedrive's activities and notes exports (Tools > Export data) have bare headers, no
# "Activity - " in front: "Subject", "Due date", "Marked as done time"; "Content",
# "Note is pinned to deal". What is not listed goes to the text as "Header: value".
_PLAIN_LINKS = {
    "contact person": "contact",
    "contact person id": "contact_external_id:pipedrive:person",
    "deal id": "deal_external_id:pipedrive:deal",
    **dict.fromkeys(("add time", "update time", "organization id", "lead id"), "skip"),
}
PIPEDRIVE_PLAIN: dict[str, dict[str, str]] = {
    "activity": {
        **_PLAIN_LINKS,
        "id": "external_id:pipedrive:activity",
        "subject": "subject",
        "type": "kind",
        "due date": "occurred_date",
        "due time": "occurred_time",
        "duration": "duration",  # "00:30": hours and minutes
        "done": "done",
        "note": "body",
        **dict.fromkeys(
            (
                "marked as done time",
                "creator",
                "free busy",
                "last notification time",
                "busy flag",
            ),
            "skip",
        ),
    },
    "note": {
        **_PLAIN_LINKS,
        "id": "external_id:pipedrive:note",
        "content": "body",
        "add time": "occurred_at",
        **{
            f"note is pinned to {what}": "skip"
            for what in ("deal", "organization", "person", "lead", "project")
        },
    },
}

# -- guesses for files no preset knows ------------------------------------------------------

GENERIC_CONTACT = _table(
    {
        "full_name": "name|nome|full name|fullname|display name|contact name|contact|person|"
        "vollständiger name|vollstaendiger name|anzeigename|nom complet|"
        "nombre completo|nome completo|customer|customer name|client name",
        "first_name": "first name|firstname|given name|forename|first|vorname|prénom|prenom|"
        "nombre|nombre de pila|primeiro nome|nome próprio|nome proprio|nome di battesimo",
        "last_name": "last name|lastname|surname|family name|last|nachname|familienname|"
        "nom|nom de famille|apellido|apellidos|sobrenome|apelido|último nome|cognome",
        "company": "company|company name|organization|organisation|organization name|account|"
        "account name|accounts|employer|business name|firma|firmenname|unternehmen|entreprise|"
        "société|"
        "societe|empresa|organización|organizacion|organização|organizacao|società|"
        "azienda|ditta",
        "title": "title|job title|jobtitle|position|role|job|titel|berufsbezeichnung|funktion|"
        "titre|poste|fonction|cargo|puesto|função|funcao|posizione|qualifica|ruolo|mansione",
        "birthday": "birthday|date of birth|birth date|birthdate|dob|geburtstag|geburtsdatum|"
        "anniversaire|date de naissance|cumpleaños|cumpleanos|fecha de nacimiento|"
        "aniversário|aniversario|data de nascimento|compleanno|data di nascita",
        "notes": "notes|note|comments|comment|description|remarks|notizen|notiz|bemerkung|"
        "bemerkungen|kommentar|kommentare|remarques|commentaire|commentaires|notas|"
        "nota|comentarios|comentários|observaciones|observações|observacoes|anotações|"
        "anotacoes|annotazioni|commenti",
        "tags": "tags|tag|labels|label|categories|category|groups|group|group membership|"
        "kategorie|kategorien|schlagworte|gruppen|étiquettes|etiquettes|catégories|"
        "groupes|etiquetas|categorías|categorias|grupos|marcadores|categorie|etichette|gruppi",
        "website": "website|web site|url|homepage|home page|web page|web|webseite|"
        "internetseite|site web|site internet|sitio web|página web|pagina web|site|sito web|"
        "sito",
        "owner": "owner|contact owner|assigned to|assigned user|assigned user name|sales rep|"
        "account owner|besitzer|verantwortlich|zuständig|propriétaire|proprietaire|responsable|"
        "propietario|responsável|responsavel",
        "source": "source|lead source|quelle|herkunft|origine|origen|fuente|origem|fonte",
        "lifecycle": "lifecycle|lifecycle stage|lebenszyklus|lebenszyklusphase|cycle de vie|"
        "ciclo de vida",
        "external_id": "id|record id|contact id|uid",
        "address": "address|postal address|mailing address|full address|adresse|anschrift|"
        "postanschrift|adresse postale|dirección|direccion|endereço|endereco|morada|"
        "indirizzo",
        # Freshsales names its work number "Work"; a cell that is no number stays in the notes
        # (see ``build_people``)
        "phone:work": "work",
        # Brevo's mobile number attributes
        "phone:mobile": "sms|whatsapp",
    }
)

# A company's two addresses in CRMs' exports: SuiteCRM's "Billing Street", Salesforce's
# "BillingStreet", EspoCRM's "billingAddressStreet"; kept apart, the billing one the company's.
_COMPANY_ADDRESSES = {
    f"{part}:{where}": f"{where} {word}|{where} address {word}"
    for where in ("billing", "shipping")
    for part, word in (
        ("street", "street"),
        ("city", "city"),
        ("region", "state"),
        ("postal_code", "postal code"),
        ("country", "country"),
    )
}

GENERIC_COMPANY = _table(
    {
        "name": "name|company|company name|organization|organisation|organization name|account|"
        "account name|firma|firmenname|unternehmen|entreprise|société|societe|nom|"
        "raison sociale|empresa|nombre|organización|organizacion|organização|"
        "organizacao|nome",
        "website": "website|web site|url|homepage|webseite|site web|sitio web|site|"
        "domain name / primary link url",  # Twenty
        "domain": "domain|domain name|company domain name|domäne|domaine|dominio|domínio",
        "industry": "industry|branche|industrie|secteur|industria|sector|setor",
        "phone": "phone|phone number|telephone|telefon|téléphone|teléfono|telefono|telefone",
        "notes": "notes|note|description|about|comments|notizen|beschreibung|remarques|notas|"
        "descripción|descripcion|descrição|descricao",
        "tags": "tags|labels|categories|kategorien|étiquettes|etiquetas|categorias",
        "owner": "owner|company owner|account owner|assigned to|assigned user name|besitzer|"
        "propriétaire|propietario|responsável",
        "external_id": "id|record id|company id",
        "address": "address|adresse|anschrift|dirección|direccion|endereço|endereco",
        "extended": "address / address 2",  # Twenty
        **_COMPANY_ADDRESSES,
    }
)

# With CRMs' opportunities exports, as ``words.header_words`` splits their API names: EspoCRM's
# "accountName", Salesforce's "StageName", SuiteCRM's "Sales Stage", Twenty's "Amount / Amount".
GENERIC_DEAL = _table(
    {
        "title": "title|name|deal|deal name|opportunity|opportunity name|titel|titre|título|"
        "titulo|nombre|nome",
        "value": "value|amount|deal value|opportunity amount|amount / amount|wert|betrag|valeur|"
        "montant|valor|importe|monto",
        "currency": "currency|amount currency|currency iso code|amount / currency|währung|devise|"
        "moneda|moeda",
        "stage": "stage|deal stage|sales stage|stage name|phase|étape|etape|etapa|fase",
        "pipeline": "pipeline|deal pipeline|sales pipeline|embudo|funil",
        "status": "status|statut|estado",
        "expected_close": "close date|expected close|expected close date|closing date|"
        "abschlussdatum|date de clôture|fecha de cierre|data de fechamento",
        "closed_on": "closed on|close time|won time|lost time|won date|lost date|date closed",
        "lost_reason": "lost reason|verlustgrund|raison de la perte|motivo de pérdida|"
        "motivo da perda",
        "contact": "contact|contact person|contact name|point of contact|person|kontakt|"
        "ansprechpartner|personne|contacto|contato|pessoa",
        "contact_email": "email|contact email|e mail|e-mail",
        "contact_external_id": "contact id",
        "company": "company|company name|organization|organisation|account|account name|firma|"
        "entreprise|empresa|organización|organização",
        "company_external_id": "account id",
        "owner": "owner|deal owner|opportunity owner|assigned to|assigned user name|besitzer|"
        "propriétaire|propietario|responsável",
        "source": "source|lead source|quelle|origine|origen|origem",
        "next_step": "next step|nächster schritt|prochaine étape|próximo paso|próximo passo",
        "notes": "notes|note|description|deal description|opportunity description|comments|"
        "details|beschreibung|notizen|remarques|descripción|notas|descrição",
        "external_id": "id|deal id|record id",
    }
)

# With SuiteCRM's calls, meetings and notes ("Start Date", "Contact Name"), EspoCRM's
# ("dateStart") and Salesforce's tasks ("ActivityDate", "WhoId" the person, "WhatId" the deal),
# their API names as ``words.header_words`` splits them.
GENERIC_ACTIVITY = _table(
    {
        "subject": "subject|title|betreff|sujet|asunto|assunto|titel|titre",
        "kind": "type|activity type|task subtype|kind|typ|tipo",
        "body": "note|notes|body|text|description|content|comment|notiz|inhalt|contenu|nota|"
        "contenido|conteúdo",
        "occurred_at": "date|due date|when|datum|date d'échéance|fecha|data|due|time|start|"
        "start date|date start|activity date",
        "done": "done|completed|erledigt|terminé|hecho|concluído|status",
        "direction": "direction|call direction|call type|richtung|sens|dirección|direção",
        "duration": "duration|duration minutes|call duration|dauer|durée|duración|duração",
        "duration_hours": "duration hours|duration in hours",
        "duration_seconds": "call duration in seconds|duration in seconds|duration seconds",
        "contact": "contact|contact name|person|kontakt|personne|contacto|contato|pessoa",
        "contact_email": "email|e-mail|contact email",
        "contact_external_id": "contact id|who id",
        "deal_external_id": "what id",
        "external_id": "id|activity id",
    }
)

# Words inside unknown headers that say what a column holds ("Home Email", "Tel. Büro").
# "Adresse de messagerie" (French Outlook), "posta elettronica" (Italian) are e-mail addresses.
_EMAIL = (
    "email|e-mail|mail|emails|courriel|correo|e-mail-adresse|emailadresse|messagerie|elettronica"
)
_PHONE = (
    "phone|telephone|tel|telefon|telefone|telefono|téléphone|teléfono|mobile|cell|handy|mobil|"
    "fax|pager|portable|móvil|movil|celular|mobiltelefon|telefonnummer|cellulare|iphone|phones|"
    "landline"
)
EMAIL_WORDS = frozenset(fold(word) for word in _EMAIL.split("|"))
PHONE_WORDS = frozenset(fold(word) for word in _PHONE.split("|"))
ADDRESS_WORDS = {
    "street": "street|strasse|straße|str|rue|calle|rua|address line|address 1|address 2|"
    "address1|address2|adresse|adresszeile",
    "city": "city|town|stadt|ort|ville|ciudad|cidade|localidade|locality|gemeinde|città|"
    "citta|comune",
    "region": "state|region|province|county|bundesland|provinz|état|etat|département|"
    "departement|estado|provincia|regione",
    "postal_code": "zip|zipcode|zip code|postal code|postcode|post code|plz|postleitzahl|"
    "code postal|cp|código postal|codigo postal|cep|cap",
    "country": "country|land|pays|país|pais|country region|staat|paese|nazione",
    "po_box": "po box|pobox|postfach|boîte postale|boite postale|apartado|caixa postal",
}
ADDRESS_WORD_TABLE = {fold(w): part for part, ws in ADDRESS_WORDS.items() for w in ws.split("|")}
