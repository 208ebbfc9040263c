"""Values other programs write in their own words, in English, German, French, Spanish and
Portuguese: lifecycle stages, deal statuses, activity types; and HTML notes made plain text."""

from __future__ import annotations

import html
import re
import unicodedata


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive: "Aktivität - Fällig" -> "aktivitat falli"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", bare).replace("_", " ").split())


# Where an API name's words meet: "emailAddress", "HasOptedOutOfEmail", "Street2", "Phone1Label".
# A capital after a lower-case letter that is not the header's first ("iPhone" and "eMail" stay
# one word); a header in capitals ("MOBILE", "ISDN") or with spaces has no such place. A word in
# capitals ends before the capital that starts the next: Xero's "POCity", "SAAddressLine1".
_WORD_STEP = re.compile(
    r"(?<=[A-Za-z][a-z])(?=[A-Z])|(?<=[A-Za-z]{2})(?=\d)|(?<=\d)(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"
)


def header_words(header: str) -> str:
    """A column header's words as ``fold`` writes them, an API name split into its words:
    "HasOptedOutOfEmail" -> "has opted out of email", "addressPostalCode" -> "address postal
    code", "Street2" -> "street 2"."""
    return fold(_WORD_STEP.sub(" ", header))


def _table(groups: dict[str, str]) -> dict[str, str]:
    return {fold(word): value for value, words in groups.items() for word in words.split("|")}


LIFECYCLE_WORDS = _table(
    {
        "lead": "lead|subscriber|marketing qualified lead|marketingqualifiedlead|mql|new|neu|"
        "nouveau|nuevo|novo|abonnent|abonne|suscriptor|assinante",
        "prospect": "prospect|sales qualified lead|salesqualifiedlead|sql|opportunity|qualified|"
        "interessent|opportunite|oportunidad|oportunidade|prospecto|qualifie",
        "customer": "customer|client|kunde|cliente|evangelist|active customer",
        "former": "former|former customer|churned|ehemalig|ehemaliger kunde|ancien client|"
        "antiguo cliente|ex cliente|excliente|ex customer",
    }
)

# Pipedrive writes its statuses (open, won, lost, deleted) in the user's language, masculine
# or feminine as the language's word for a deal asks: "Ouverte", "Gagnée", "Excluído".
STATUS_WORDS = _table(
    {
        "open": "open|offen|ouvert|ouverte|en cours|abierto|abierta|en curso|aberto|aberta|"
        "em andamento|active|in progress",
        "won": "won|closed won|closedwon|gewonnen|gagne|gagnee|ganado|ganada|ganho|ganha|"
        "win|erfolgreich",
        "lost": "lost|closed lost|closedlost|verloren|perdu|perdue|perdido|perdida|lose",
        "deleted": "deleted|geloscht|supprime|supprimee|eliminado|eliminada|excluido|excluida",
    }
)

ACTIVITY_WORDS = _table(
    {
        "call": "call|phone call|anruf|telefonat|appel|appel telephonique|llamada|ligacao|"
        "chamada|telefonema",
        "meeting": "meeting|besprechung|termin|treffen|reunion|rendez vous|reuniao|lunch|"
        "mittagessen|dejeuner|almuerzo|almoco",
        "email": "email|e mail|mail|correo|correo electronico|courriel",
        "task": "task|aufgabe|tache|tarea|tarefa|deadline|frist|echeance|fecha limite|prazo|"
        "to do|todo",
        "note": "note|notiz|nota|anotacao|comment",
        "message": "message|sms|text|nachricht|mensaje|mensagem|whatsapp",
        "visit": "visit|besuch|visite|visita",
    }
)


def lifecycle(text: str) -> str | None:
    return LIFECYCLE_WORDS.get(fold(text))


def status(text: str) -> str | None:
    """ "open", "won", "lost" or "deleted" (a deal deleted in the other program), else None."""
    return STATUS_WORDS.get(fold(text))


def status_of_stage(stage: str) -> str:
    """ "won" or "lost" when a stage's name says so ("Closed Won", "Verloren"), else ""."""
    words = fold(stage)
    for word, value in STATUS_WORDS.items():
        if value in ("won", "lost") and (words == word or words.endswith(" " + word)):
            return value
    return ""


def activity_kind(text: str) -> str | None:
    return ACTIVITY_WORDS.get(fold(text))


_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h\d)\s*/?\s*>", re.IGNORECASE)


def html_to_text(text: str) -> str:
    """Plain text from the bit of HTML some programs export notes as; other text untouched."""
    if "<" not in text or not _TAG.search(text):
        return text
    plain = _TAG.sub("", _BREAK.sub("\n", text))
    lines = [" ".join(line.split()) for line in html.unescape(plain).splitlines()]
    return "\n".join(lines).strip()
