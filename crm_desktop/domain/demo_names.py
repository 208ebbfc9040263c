"""Word lists for the demo data: names, places and phrases in several languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Locale:
    """People and places of one language: ``phone`` has a ``#`` per digit."""

    first: tuple[str, ...]
    last: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[str, ...]
    phone: str
    mail_domains: tuple[str, ...]
    legal: tuple[str, ...]
    tld: str
    number_first: bool = False  # "12 High Street" rather than "Hauptstraße 12"


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split(","))


LOCALES: tuple[Locale, ...] = (
    Locale(
        _w(
            "James,Olivia,Oliver,Amelia,Harry,Isla,George,Emily,Noah,Zoë,Jack,Grace,Thomas,"
            "Chloé,William,Sophie,Daniel,Hannah,Samuel,Lucy,Ethan,Megan,Liam,Ava"
        ),
        _w(
            "Smith,Jones,Taylor,Brown,Williams,Wilson,Johnson,Davies,Robinson,Wright,Thompson,"
            "Evans,Walker,White,Roberts,Green,Hall,Wood,Jackson,Clarke,O'Brien,Murphy,Hughes,"
            "Edwards,Patel,Khan,Lee,Turner"
        ),
        _w(
            "High Street,Station Road,Church Lane,Park Avenue,Mill Road,Victoria Street,King's Road"
        ),
        _w("London,Manchester,Leeds,Bristol,Dublin,Edinburgh,Cardiff,New York,Boston,Toronto"),
        "+44 7### ######",
        _w("gmail.com,outlook.com,yahoo.co.uk,icloud.com,btinternet.com"),
        _w("Ltd,Ltd,PLC,LLC,Inc."),
        "co.uk",
        number_first=True,
    ),
    Locale(
        _w(
            "Lukas,Anna,Jonas,Lea,Felix,Marie,Maximilian,Sophie,Paul,Hannah,Jürgen,Jörg,Uwe,"
            "Katrin,Sören,Björn,Mia,Leonie,Tobias,Sabine,Matthias,Ute,Klaus,Heike"
        ),
        _w(
            "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,"
            "Koch,Bauer,Richter,Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Krüger,Hofmann,"
            "Hartmann,Lange,Köhler,Weiß,Größer,Jäger"
        ),
        _w("Hauptstraße,Bahnhofstraße,Gartenweg,Lindenallee,Schillerstraße,Am Markt,Bergstraße"),
        _w("Berlin,Hamburg,München,Köln,Frankfurt,Stuttgart,Düsseldorf,Wien,Zürich,Graz"),
        "+49 15# ########",
        _w("gmx.de,web.de,t-online.de,gmail.com,posteo.de"),
        _w("GmbH,GmbH,AG,KG,GmbH & Co. KG"),
        "de",
    ),
    Locale(
        _w(
            "Jean,Marie,Camille,Léa,Hugo,Chloé,Louis,Manon,Gabriel,Inès,Raphaël,Élodie,Théo,"
            "Amélie,Noël,Hélène,Céline,François,Jérôme,Margaux,Benoît,Anaïs,Loïc,Maëlle"
        ),
        _w(
            "Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,"
            "Lefèvre,Michel,Garcia,David,Bertrand,Roux,Vincent,Fournier,Morel,Girard,André,"
            "Lefebvre,Mercier,Dupont,Lambert,Bonnet,Faure,Rousseau"
        ),
        _w("rue de la Paix,avenue Victor Hugo,boulevard Voltaire,rue du Moulin,place de l'Église"),
        _w("Paris,Lyon,Marseille,Toulouse,Nantes,Bordeaux,Lille,Genève,Bruxelles,Montréal"),
        "+33 6 ## ## ## ##",
        _w("orange.fr,free.fr,laposte.net,gmail.com,sfr.fr"),
        _w("SARL,SAS,SA,EURL"),
        "fr",
        number_first=True,
    ),
    Locale(
        _w(
            "José,María,Antonio,Carmen,Manuel,Lucía,Javier,Sofía,Álvaro,Inés,Jesús,Pilar,Raúl,"
            "Begoña,Sergio,Nuria,Íñigo,Ángela,Óscar,Marta,Pablo,Elena,Diego,Rocío"
        ),
        _w(
            "García,Fernández,González,Rodríguez,López,Martínez,Sánchez,Pérez,Gómez,Martín,"
            "Jiménez,Ruiz,Hernández,Díaz,Moreno,Muñoz,Álvarez,Romero,Alonso,Gutiérrez,Navarro,"
            "Torres,Domínguez,Vázquez,Ramos,Gil,Ramírez,Serrano,Núñez,Peña"
        ),
        _w("Calle Mayor,Gran Vía,Calle del Sol,Avenida de la Constitución,Paseo de Gracia"),
        _w("Madrid,Barcelona,Valencia,Sevilla,Bilbao,Málaga,Zaragoza,Ciudad de México,Bogotá"),
        "+34 6## ### ###",
        _w("gmail.com,hotmail.es,yahoo.es,telefonica.net,outlook.es"),
        _w("S.L.,S.A.,S.L.U."),
        "es",
    ),
    Locale(
        _w(
            "Łukasz,Agnieszka,Piotr,Małgorzata,Krzysztof,Katarzyna,Paweł,Magdalena,Michał,"
            "Joanna,Tomasz,Żaneta,Grzegorz,Dorota,Marcin,Ewa,Wojciech,Jadwiga,Jakub,Zofia"
        ),
        _w(
            "Nowak,Kowalski,Wiśniewski,Wójcik,Kowalczyk,Kamiński,Lewandowski,Zieliński,"
            "Szymański,Woźniak,Dąbrowski,Kozłowski,Jankowski,Mazur,Kwiatkowski,Krawczyk,"
            "Piotrowski,Grabowski,Nowakowski,Pawłowski,Michalski,Król,Wieczorek,Jabłoński"
        ),
        _w("ul. Marszałkowska,ul. Długa,ul. Kościuszki,ul. Słoneczna,al. Jerozolimskie"),
        _w("Warszawa,Kraków,Łódź,Wrocław,Poznań,Gdańsk,Szczecin,Lublin"),
        "+48 5## ### ###",
        _w("wp.pl,onet.pl,o2.pl,interia.pl,gmail.com"),
        _w("sp. z o.o.,S.A.,sp.j."),
        "pl",
    ),
    Locale(
        _w(
            "Giuseppe,Giulia,Marco,Francesca,Luca,Chiara,Alessandro,Sara,Matteo,Martina,Niccolò,"
            "Federica,Lorenzo,Elisa,Andrea,Alessia,Davide,Beatrice,Simone,Ilaria"
        ),
        _w(
            "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,"
            "Conti,De Luca,Mancini,Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,"
            "Santoro,Mariani"
        ),
        _w("Via Roma,Via Garibaldi,Corso Italia,Via Dante,Piazza del Duomo,Via Mazzini"),
        _w("Roma,Milano,Napoli,Torino,Bologna,Firenze,Genova,Verona"),
        "+39 3## ### ####",
        _w("libero.it,gmail.com,virgilio.it,tiscali.it,alice.it"),
        _w("S.r.l.,S.p.A.,S.n.c."),
        "it",
    ),
    Locale(
        _w(
            "Daan,Emma,Sem,Julia,Lucas,Zoë,Bram,Anouk,Thijs,Fleur,Jeroen,Sanne,Ruud,Maaike,"
            "Joost,Ilse,Sven,Lotte,Wouter,Eline"
        ),
        _w(
            "de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Janssen,Visser,Smit,Meijer,"
            "de Boer,Mulder,de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer"
        ),
        _w("Kerkstraat,Dorpsstraat,Molenweg,Prinsengracht,Stationsplein,Schoolstraat"),
        _w("Amsterdam,Rotterdam,Utrecht,Den Haag,Eindhoven,Groningen,Antwerpen,Gent"),
        "+31 6 ########",
        _w("ziggo.nl,kpnmail.nl,gmail.com,hotmail.nl,xs4all.nl"),
        _w("B.V.,N.V.,B.V."),
        "nl",
    ),
    Locale(
        _w(
            "Erik,Astrid,Lars,Ingrid,Björn,Sofia,Magnus,Linnéa,Anders,Maja,Søren,Åsa,Mikael,"
            "Freja,Henrik,Sigrid,Oskar,Elin,Jørgen,Ebba"
        ),
        _w(
            "Andersson,Johansson,Karlsson,Nilsson,Eriksson,Larsson,Olsson,Persson,Svensson,"
            "Gustafsson,Lindqvist,Ström,Berg,Hansen,Jensen,Nielsen,Pedersen,Sørensen,Østergaard,"
            "Virtanen,Mäkinen,Korhonen,Häkkinen,Åberg"
        ),
        _w("Storgatan,Drottninggatan,Kungsgatan,Strandvägen,Nørregade,Vesterbrogade"),
        _w("Stockholm,Göteborg,Malmö,Uppsala,København,Aarhus,Oslo,Bergen,Helsinki"),
        "+46 7# ### ## ##",
        _w("telia.com,gmail.com,hotmail.se,outlook.com,bredband.net"),
        _w("AB,AB,ApS,A/S,Oy"),
        "se",
    ),
    Locale(
        _w(
            "João,Ana,Tiago,Beatriz,Gonçalo,Mariana,Rodrigo,Inês,Duarte,Leonor,Simão,Conceição,"
            "André,Joana,Luís,Mónica"
        ),
        _w(
            "Silva,Santos,Ferreira,Pereira,Oliveira,Costa,Rodrigues,Martins,Jesus,Sousa,"
            "Fernandes,Gonçalves,Gomes,Lopes,Marques,Alves,Ribeiro,Pinto,Carvalho,Magalhães"
        ),
        _w("Rua Augusta,Avenida da Liberdade,Rua das Flores,Rua do Carmo,Praça do Comércio"),
        _w("Lisboa,Porto,Braga,Coimbra,Faro,São Paulo,Rio de Janeiro"),
        "+351 9## ### ###",
        _w("sapo.pt,gmail.com,hotmail.com,outlook.pt"),
        _w("Lda.,S.A.,Unipessoal Lda."),
        "pt",
    ),
    Locale(
        _w(
            "Mehmet,Ayşe,Mustafa,Fatma,Ahmet,Zeynep,Emre,Elif,Burak,Özlem,Çağla,Gökhan,Şule,"
            "İbrahim,Tuğba,Ömer"
        ),
        _w(
            "Yılmaz,Kaya,Demir,Şahin,Çelik,Yıldız,Yıldırım,Öztürk,Aydın,Özdemir,Arslan,Doğan,"
            "Kılıç,Aslan,Çetin,Kara,Koç,Kurt,Özkan,Şimşek"
        ),
        _w("Atatürk Caddesi,İstiklal Caddesi,Cumhuriyet Sokak,Bağdat Caddesi"),
        _w("İstanbul,Ankara,İzmir,Bursa,Antalya,Eskişehir"),
        "+90 5## ### ## ##",
        _w("gmail.com,hotmail.com,yandex.com,outlook.com"),
        _w("A.Ş.,Ltd. Şti."),
        "com.tr",
    ),
)

TITLES = _w(
    "CEO,CFO,CTO,COO,Managing Director,Sales Manager,Account Executive,Head of Purchasing,"
    "Procurement Specialist,Marketing Manager,Office Manager,Operations Manager,IT Manager,"
    "Product Owner,Project Manager,Buyer,Consultant,Owner,Founder,Assistant,HR Manager,"
    "Finance Director,Engineer,Architect,Designer,Team Lead,Store Manager,Partner"
)
INDUSTRIES = _w(
    "Software,Manufacturing,Retail,Logistics,Construction,Healthcare,Education,Finance,"
    "Insurance,Hospitality,Energy,Agriculture,Legal services,Real estate,Media,Telecoms,"
    "Automotive,Food & beverage,Consulting,Non-profit"
)
COMPANY_WORDS = _w(
    "Nord,Blue,Green,Silver,Sun,Oak,River,Stone,Bright,Alpha,Nova,Peak,Iron,Cedar,Swift,"
    "Clear,Red,Golden,Atlas,Pioneer,Summit,Harbor,Vertex,Lumen,Apex,Crystal,Urban,Prime"
)
COMPANY_NOUNS = _w(
    "Logistics,Systems,Solutions,Foods,Design,Consulting,Trading,Works,Technik,Partners,"
    "Media,Bau,Labs,Energy,Motors,Textiles,Pharma,Holding,Services,Studio,Digital,Supply"
)
TAGS = _w(
    "VIP,Newsletter,Partner,Trade show,Referral,Decision maker,Key account,Reseller,Press,"
    "Hot,Warm,Cold"
)
SOURCES = _w("Website,Referral,Trade show,Cold call,LinkedIn,Newsletter,Partner,Advert,Walk-in")
CHANNELS = ("", "", "email", "email", "phone", "phone", "meeting", "message")
PERSONAL_NOTES = _w(
    "Two kids; ask about the holidays.,Runs marathons.,Prefers short calls.,Met at the trade "
    "show in Lyon.,Allergic to nuts — mind the lunch.,Supports the local football club.,"
    "Likes detailed written proposals.,Moved here from Porto last year."
)
PREFERENCES = _w(
    "Email only before 10:00.,No calls on Fridays.,Invoices in PDF.,Prefers English.,"
    "Likes to meet in person.,Send the newsletter monthly."
)
STAY_IN_TOUCH = (14, 30, 30, 60, 90)
LIFECYCLE_SPREAD = ("lead",) * 7 + ("prospect",) * 5 + ("customer",) * 6 + ("former",) * 2

INTERACTION_KINDS = (
    *("call", "call", "call", "email", "email", "email"),
    *("meeting", "meeting", "note", "note", "message", "visit"),
)
SUBJECT_FORMS = {
    "call": "Call: {}",
    "email": "Re: {}",
    "meeting": "Meeting about {}",
    "note": "Note on {}",
    "message": "Message about {}",
    "visit": "Visit: {}",
}
TOPICS = _w(
    "pricing,the renewal,onboarding,delivery dates,the spring order,an open invoice,"
    "the new catalogue,support ticket,contract terms,a discount request,the pilot project,"
    "training dates,the trade show,volume pricing,the annual review,a product demo,"
    "payment terms,the integration,a complaint,next year's budget"
)
BODY_OPENERS = _w(
    "Talked through the details.,Short and friendly.,They asked for more time.,"
    "Very interested.,Raised concerns about cost.,Went through the numbers together.,"
    "Their boss joined half-way.,Good energy; wants to move fast.,Left a voicemail first.,"
    "Needs sign-off from finance.,Compared us with a competitor.,Happy with the last order."
)
BODY_CLOSERS = _w(
    "Send a summary by email.,Call back next week.,Prepare a quote.,Nothing to do for now.,"
    "Book a demo with the team.,Check stock levels.,Ask accounts about the invoice.,"
    "Follow up after the holidays.,Loop in support.,Share the case study."
)
OUTCOMES = ("", "", "", "interested", "follow-up needed", "no answer", "not now", "agreed")
PRODUCTS = _w(
    "Annual licence,Starter package,Support contract,Consulting days,Hardware refresh,"
    "Training,Pilot project,Expansion,Renewal,Custom integration,Maintenance plan"
)
NEXT_STEPS = _w(
    "Send proposal,Schedule demo,Call decision maker,Wait for budget,Negotiate terms,"
    "Send references,Book site visit,Clarify requirements"
)
# A deal's notes, for every third demo lead (chosen by its id, so the demo's other random
# choices stay as they were).
DEAL_NOTES = (
    "The owner decides; wants two quotes to compare.",
    "Budget approved for the first quarter.\nDelivery before the spring trade fair.",
    "Met at the trade fair. Asked about volume discounts.",
    "Their current supplier's contract ends in March.",
    "Finance signs off: send the price list as a PDF.",
)
LOST_REASONS = _w(
    "Too expensive,Went with a competitor,No budget this year,Project cancelled,"
    "No response,Timing not right"
)
REMINDER_FORMS = _w(
    "Call {},Email {},Send proposal to {},Follow up with {},Book a meeting with {},"
    "Check in with {},Send invoice to {},Ask {} for a referral"
)
RECURRENCES = ((1, "weeks"), (2, "weeks"), (1, "months"), (3, "months"), (1, "years"))
EMAIL_LABELS = ("work", "home", "other")
PHONE_LABELS = ("mobile", "work", "home")
CURRENCIES = ("EUR",) * 7 + ("USD",) * 2 + ("GBP",)
STAFF = (
    ("Alex Morgan", "alex.morgan@example.com", "Sales"),
    ("Priya Nair", "priya.nair@example.com", "Account manager"),
    ("Mateo Rossi", "mateo.rossi@example.com", "Sales"),
    ("Hanna Kowalska", "hanna.kowalska@example.com", "Support"),
    ("Sam O'Neill", "sam.oneill@example.com", "Sales lead"),
)
ASCII_FOLD = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ı": "i", "đ": "d"})
